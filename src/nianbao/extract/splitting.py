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

from collections.abc import Callable, Sequence
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
MAX_NODES = 200_000
"""Search steps for combining the rows of a table under its column rules."""
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

    def left_chars(ti: int, off: int) -> int:
        return chars_from[ti] - off if ti < len(toks) else 0

    def target_sum() -> int | None:
        part = cells[t_start:]
        if all(isinstance(x, int) for x in part):
            return sum(x for x in part if isinstance(x, int))
        return None

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
                return left <= need * t_len and s + _most(left, need, t_len) >= t_value
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
            cells.append(None if tok is None else _cell(tok))
            ok = True
            if c + 1 == width or feasible(ti + 1, 0, c + 1):
                ok = rec(ti + 1, 0, c + 1)
            cells.pop()
            return ok
        want = forced(c)
        if want is not None:
            if not want or not tok.startswith(want, off):
                return True
            ends = [off + len(want)]
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
            cells.append(int(piece))
            ok = True
            if c + 1 == width or feasible(nti, noff, c + 1):
                ok = rec(nti, noff, c + 1)
            elif c >= t_start and target is not None and (target_sum() or 0) > t_value:
                cells.pop()
                break  # longer pieces only make the sum larger
            cells.pop()
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


def agreed(readings: Sequence[tuple[object, ...]], width: int) -> list[bool]:
    """Per cell: whether every reading gives it the same value."""
    if not readings:
        return [False] * width
    first = readings[0]
    return [all(r[j] == first[j] for r in readings) for j in range(width)]


@dataclass
class Solved(Generic[R]):
    """The rows' readings that satisfy the table's rules together."""

    solutions: list[dict[str, R]] = field(default_factory=list)
    complete: bool = True


def solve_rows(
    options: dict[str, list[R]],
    order: Sequence[str],
    partial_ok: Callable[[dict[str, R]], bool],
    full_ok: Callable[[dict[str, R]], bool],
) -> Solved[R]:
    """Combine one reading per row (rows in `order` first) so that `full_ok` holds, pruning
    with `partial_ok` after every choice; at most MAX_SOLUTIONS, within MAX_NODES steps."""
    keys = [k for k in order if k in options] + [k for k in options if k not in order]
    fixed = {k: v[0] for k, v in options.items() if len(v) == 1}
    free = [k for k in keys if len(options[k]) > 1]
    out: Solved[R] = Solved()
    nodes = 0
    trial = dict(fixed)
    if not partial_ok(trial):
        return out

    def rec(i: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES or len(out.solutions) >= MAX_SOLUTIONS:
            out.complete = False
            return False
        if i == len(free):
            if full_ok(trial):
                out.solutions.append(dict(trial))
            return True
        k = free[i]
        for o in options[k]:
            trial[k] = o
            if partial_ok(trial) and not rec(i + 1):
                del trial[k]
                return False
        del trial[k]
        return True

    rec(0)
    return out
