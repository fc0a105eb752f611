"""Split runs of digits into a row's cells by the sum rules, pruning while enumerating.

Text copied from a portal page often loses the separators between cells: "3000003" is seven
cells, "10 0 0 0 01" is seven cells with spaces where the cell borders were not. A row is read
as a sequence of printed values (digit runs, blanks, decimals); `row_splits` lists every way
to cut the digit runs into the row's cells (no leading zeros, no cell across a space) that
satisfies the row's sum groups (a group's last cell is the sum of the others). The sums are
used while enumerating, cell by cell: a group's total is not guessed but computed and looked
for in the text, and a piece is not tried if what is left cannot hold the total it implies. So
the work stays small even for a 30-digit run. `solve_rows` then chooses among the rows'
readings with the table's column rules, and says which cells every solution agrees on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["RowSplits", "Solved", "agreed", "row_splits", "solve_rows"]

Value = str | None
Cells = tuple[int | str | None, ...]
R = TypeVar("R", bound=tuple[object, ...])

MAX_READINGS = 64
"""Readings of one row kept; beyond this the row is 'too many readings to tell'."""
MAX_STEPS = 200_000
"""Enumeration steps for one row (the pruning keeps real rows to hundreds)."""
MAX_TRIES = 60_000
"""Readings tried while combining the rows of a table under its column rules (beyond this the
rows keep what the bounds left them: sound, only less decided)."""
MAX_SOLUTIONS = 16


@dataclass
class RowSplits:
    """The readings of one row, and whether the enumeration saw all of them."""

    readings: list[Cells] = field(default_factory=list)
    complete: bool = True


def _cell(piece: str) -> int | str:
    return int(piece) if piece.isdigit() else piece


def _splittable(tok: str) -> bool:
    """Digits, or digits after a minus sign (本年增/减 "-10" may be -1 and 0 run together)."""
    return tok.isdigit() or (tok[:1] == "-" and len(tok) > 2 and tok[1:].isdigit())


def row_splits(
    vals: Sequence[Value],
    width: int,
    groups: Sequence[tuple[int, int]] = (),
    *,
    limit: int = MAX_READINGS,
) -> RowSplits:
    """Every reading of `vals` as `width` cells under the sum `groups` ((start, size): the
    group's last cell is the sum of its other cells, when none of them is blank or text).

    A digit run may be cut into several cells (no piece with a leading zero); a blank (None)
    or a non-digit value (a decimal, a signed number) is one cell; no cell spans two values.
    A group whose total is the row's last cell takes its total from the end of the text first
    (each suffix in turn), so its other cells are bounded by it while they are cut."""
    toks = list(vals)
    out = RowSplits()
    if width <= 0:
        return out
    last_group = next(((s, n) for s, n in groups if s + n == width), None)
    tail = toks[-1] if toks else None
    if last_group is None or tail is None or not tail.isdigit():
        _enumerate(toks, width, groups, None, out, limit)
        return out
    start, _ = last_group
    others = [g for g in groups if g != last_group]
    for n in range(1, len(tail) + 1):
        suffix = tail[-n:]
        if len(suffix) > 1 and suffix[0] == "0":
            continue
        head = [*toks[:-1], tail[:-n]] if n < len(tail) else toks[:-1]
        found = RowSplits()
        _enumerate(head, width - 1, others, (start, int(suffix)), found, limit - len(out.readings))
        out.readings.extend((*r, int(suffix)) for r in found.readings)
        if not found.complete or len(out.readings) >= limit:
            out.complete = False
            break
    return out


def _enumerate(
    toks: list[Value],
    width: int,
    groups: Sequence[tuple[int, int]],
    target: tuple[int, int] | None,
    out: RowSplits,
    limit: int,
) -> None:
    """Depth-first cutting of `toks` into `width` cells, pruned by the sums. `target`
    (start, T): the cells from `start` to the end must sum to T (their total was taken off)."""
    total_at: dict[int, int] = {}  # index of a group total → its group's start
    group_of: dict[int, tuple[int, int]] = {}
    for start, size in groups:
        total_at[start + size - 1] = start
        for i in range(start, start + size):
            group_of[i] = (start, start + size - 1)
    t_start, t_value = target if target is not None else (width, 0)
    t_len = len(str(t_value))
    chars_from = [0] * (len(toks) + 1)
    for i in range(len(toks) - 1, -1, -1):
        t = toks[i]
        chars_from[i] = chars_from[i + 1] + (len(t) if t is not None and _splittable(t) else 1)
    steps = 0
    cells: list[int | str | None] = []
    sums: list[int | None] = [0]  # sums[i]: the sum of cells[:i] (None once one is not a number)

    def push(x: int | str | None) -> None:
        cells.append(x)
        last = sums[-1]
        sums.append(last + x if last is not None and isinstance(x, int) else None)

    def pop() -> None:
        cells.pop()
        sums.pop()

    def left_chars(ti: int, off: int) -> int:
        return chars_from[ti] - off if ti < len(toks) else 0

    def target_sum() -> int | None:
        whole, before = sums[-1], sums[t_start] if t_start < len(sums) else None
        if whole is None or before is None:
            return None
        return whole - before

    def feasible(ti: int, off: int, nxt: int) -> bool:
        """Whether the cells from `nxt` on can still be read from position (ti, off)."""
        need = width - nxt
        if len(toks) - ti > need:
            return False  # every value left needs a cell of its own
        left = left_chars(ti, off)
        if left < need:
            return False
        last = nxt - 1
        if last >= t_start:
            s = target_sum()
            if s is not None:
                if s > t_value:
                    return False
                if need == 0:
                    return s == t_value
                # the rest must make up T - s with `need` cells of at most len(T) digits
                return (
                    left <= need * t_len
                    and s + _most(left, need, t_len) >= t_value
                    and s + _least(left, need) <= t_value
                )
        if last in group_of and last not in total_at:
            start, total = group_of[last]
            part = cells[start:nxt]
            if all(isinstance(x, int) for x in part):
                # the cells before the total need one character each, the total its digits
                s = sum(x for x in part if isinstance(x, int))
                return left >= (total - nxt) + len(str(s)) + (width - 1 - total)
        return True

    def forced(c: int) -> str | None:
        """The text cell `c` must be: a group's total, or the last cell of the target."""
        if c in total_at:
            part = cells[total_at[c] : c]
            if all(isinstance(x, int) for x in part):
                return str(sum(x for x in part if isinstance(x, int)))
        if c == width - 1 and c >= t_start and target is not None:
            s = target_sum()
            if s is not None:
                return str(t_value - s) if t_value >= s else ""
        return None

    def rec(ti: int, off: int, c: int) -> bool:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or len(out.readings) >= limit:
            out.complete = False
            return False
        if c == width:
            if ti == len(toks):
                out.readings.append(tuple(cells))
            return True
        if ti >= len(toks):
            return True
        tok = toks[ti]
        if tok is None or not _splittable(tok):
            push(None if tok is None else _cell(tok))
            ok = True
            if c + 1 == width or feasible(ti + 1, 0, c + 1):
                ok = rec(ti + 1, 0, c + 1)
            pop()
            return ok
        want = forced(c)
        if want is not None:
            if not want or not tok.startswith(want, off):
                return True
            ends = [off + len(want)]
        elif c >= t_start and target is not None:  # no part is longer than the total
            ends = list(range(off + 1, min(len(tok), off + t_len + 1) + 1))
        else:
            ends = list(range(off + 1, len(tok) + 1))
        signed = off == 0 and tok[0] == "-"
        for e in ends:
            piece = tok[off:e]
            digits = piece[1:] if signed else piece
            if not digits:
                continue  # the minus sign alone
            if len(digits) > 1 and digits[0] == "0":
                break  # every longer piece has the same leading zero
            nti, noff = (ti + 1, 0) if e == len(tok) else (ti, e)
            push(int(piece))
            ok = True
            if c + 1 == width or feasible(nti, noff, c + 1):
                ok = rec(nti, noff, c + 1)
            elif c >= t_start and target is not None and (target_sum() or 0) > t_value:
                pop()
                break  # longer pieces only make the sum larger
            pop()
            if not ok:
                return False
        return True

    if target is not None and width == t_start:
        # nothing before the total: only an empty head matches a total of 0 cells
        if not toks and t_value == 0:
            out.readings.append(())
        return
    rec(0, 0, 0)


def _most(chars: int, cells: int, longest: int) -> int:
    """The largest sum `cells` numbers of 1..`longest` digits can have, `chars` digits in all."""
    if longest <= 1:
        return 9 * cells
    extra = chars - cells
    full = min(cells, extra // (longest - 1))
    rest = extra - full * (longest - 1)
    out: int = full * (10**longest - 1)
    if full < cells:
        out += int(10 ** (1 + rest)) - 1 + 9 * (cells - full - 1)
    return out


def _least(chars: int, cells: int) -> int:
    """The smallest sum `cells` numbers (no leading zeros) can have, `chars` digits in all:
    the digits spread evenly, each number of L > 1 digits at least 10**(L-1)."""
    base, more = divmod(chars, cells)
    out = 0
    for length in [base + 1] * more + [base] * (cells - more):
        out += 10 ** (length - 1) if length > 1 else 0
    return out


def agreed(readings: Sequence[tuple[object, ...]], width: int) -> list[bool]:
    """Per cell: whether every reading gives it the same value."""
    if not readings:
        return [False] * width
    first = readings[0]
    return [all(r[j] == first[j] for r in readings) for j in range(width)]


Term = tuple[str, int]
"""A cell in a sum rule: (row key, column index)."""


@dataclass
class Solved(Generic[R]):
    """What the table's sum rules leave of each row's readings."""

    domains: dict[str, list[R]] = field(default_factory=dict)  # readings still possible
    solutions: list[dict[str, R]] = field(default_factory=list)
    complete: bool = True  # every solution was found (else: trust `domains` only)


def _num(x: object) -> int:
    return x if isinstance(x, int) else 0  # a blank cell counts as 0 in a sum


def solve_rows(options: dict[str, list[R]], rules: Sequence[dict[Term, int]]) -> Solved[R]:
    """Readings of the rows that satisfy every rule (Σ coefficient × cell = 0) together.

    First each row's readings are narrowed by bounds (a reading is dropped when no values of
    the other rows' readings can make a rule hold with it), to a fixed point; then the rows
    still open are searched, checking each rule's bounds after every choice, for at most
    MAX_SOLUTIONS solutions within MAX_TRIES readings tried. A reading dropped is in no solution, so
    what `domains` agree on holds whatever the search could not finish."""
    rules = [r for r in rules if all(k in options for k, _ in r)]
    dom: dict[str, list[R]] = {k: list(v) for k, v in options.items()}
    out: Solved[R] = Solved(domains=dom)
    by_row: dict[str, list[int]] = {}
    for i, rule in enumerate(rules):
        for (k, _), _c in rule.items():
            by_row.setdefault(k, []).append(i)

    def span(rule: dict[Term, int], k: str, j: int, c: int) -> tuple[int, int]:
        vals = [c * _num(r[j]) for r in dom[k]]
        return min(vals), max(vals)

    changed = True
    while changed:
        changed = False
        for rule in rules:
            spans = {t: span(rule, t[0], t[1], c) for t, c in rule.items()}
            lo = sum(a for a, _ in spans.values())
            hi = sum(b for _, b in spans.values())
            for (k, j), c in rule.items():
                a, b = spans[(k, j)]
                keep = [
                    r for r in dom[k] if lo - a + c * _num(r[j]) <= 0 <= hi - b + c * _num(r[j])
                ]
                if len(keep) != len(dom[k]):
                    dom[k] = keep
                    changed = True
                    if not keep:
                        out.complete = True
                        return out  # no reading of this row can satisfy the rules
                    a2, b2 = span(rule, k, j, c)
                    lo, hi = lo - a + a2, hi - b + b2
                    spans[(k, j)] = (a2, b2)
    free = sorted((k for k in dom if len(dom[k]) > 1), key=lambda k: len(dom[k]))
    trial: dict[str, R] = {k: v[0] for k, v in dom.items() if len(v) == 1}
    # per rule: the sum of the cells chosen, and the bounds of the cells still open
    done = [sum(c * _num(trial[k][j]) for (k, j), c in r.items() if k in trial) for r in rules]
    low = [sum(span(r, k, j, c)[0] for (k, j), c in r.items() if k not in trial) for r in rules]
    high = [sum(span(r, k, j, c)[1] for (k, j), c in r.items() if k not in trial) for r in rules]
    if any(not (d + a <= 0 <= d + b) for d, a, b in zip(done, low, high, strict=True)):
        return Solved(domains={k: [] for k in dom})
    nodes = 0
    # per open row: for each rule it is in, its bounds and each reading's share of the sum
    plan: dict[str, list[tuple[int, int, int, list[int]]]] = {}
    for k in free:
        plan[k] = []
        for n in by_row.get(k, ()):
            for (kk, j), c in rules[n].items():
                if kk == k:
                    a, b = span(rules[n], k, j, c)
                    plan[k].append((n, a, b, [c * _num(r[j]) for r in dom[k]]))

    def rec(i: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_TRIES or len(out.solutions) >= MAX_SOLUTIONS:
            out.complete = False
            return False
        if i == len(free):
            out.solutions.append(dict(trial))
            return True
        k = free[i]
        steps = plan[k]
        for n, a, b, _ in steps:
            low[n] -= a
            high[n] -= b
        going = True
        for idx, r in enumerate(dom[k]):
            nodes += 1
            for n, _, _, share in steps:
                done[n] += share[idx]
            if all(done[n] + low[n] <= 0 <= done[n] + high[n] for n, _, _, _ in steps):
                trial[k] = r
                going = rec(i + 1)
                del trial[k]
            for n, _, _, share in steps:
                done[n] -= share[idx]
            if not going:
                break
        for n, a, b, _ in steps:
            low[n] += a
            high[n] += b
        return going

    rec(0)
    return out
