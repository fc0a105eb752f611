"""Read tables 二, 三 and 四 by row label, never by position alone.

Each table's lines are cut into segments (label text, then a run of values); each segment's
label text is matched against the format's row labels (`format.py`), and its values go to the
row it names. Values whose label went elsewhere are matched to the rows left without values,
in the format's order, and said to be so. Where cells were run together with no separators
(`3960181`), every split into the row's number of cells is tried and the sum rules of the
format (row totals, the 勾稽 balance, table 四's group totals) choose; when more than one split
balances, or none does, the cells are reported as uncertain rather than guessed silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from nianbao import format as fmt
from nianbao.extract.document import Line
from nianbao.extract.labels import LabelSpec, find_labels, norm, norm_keep_numbers
from nianbao.extract.segments import Segment, Value, cell_value, segments
from nianbao.extract.splitting import agreed, row_splits, solve_rows

__all__ = ["LabelNote", "TableRead", "Uncertain", "read_table2", "read_table3", "read_table4"]

Num = int | Decimal
Cells = tuple[Num | None, ...]


@dataclass
class Uncertain:
    """Cells the reader is not sure of, and why."""

    location: str
    cells: list[str]
    message: str
    alternatives: list[str] = field(default_factory=list)
    severity: str = "warning"


@dataclass
class LabelNote:
    """A row label printed differently from the format (a typo or an old label)."""

    location: str
    printed: str
    official: str
    kind: str  # alias | fuzzy


@dataclass
class TableRead:
    values: dict[str, Cells] = field(default_factory=dict)
    uncertain: list[Uncertain] = field(default_factory=list)
    labels: list[LabelNote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    how: dict[str, str] = field(default_factory=dict)  # key → label | order | column


# --- rows broken across a page ------------------------------------------------------------------

_NUMBERED = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}、|\d{1,2}[.．、]|[①-⑳])"
)


def join_broken_rows(lines: list[Line], specs: list[LabelSpec]) -> list[Line]:
    """A table row broken across a page (Word lets a row break; the PDF then has the row's
    label head and its values on one page, the tail of the label in an otherwise empty row on
    the next): the two rows as one, cell by cell. Only when the first row's label names no row
    and the two together do, and the second row has no value and starts no numbered label —
    a row left blank by the organ stays a row of its own."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and _continues(prev, line, specs):
            assert prev.cells is not None and line.cells is not None
            cells = tuple(
                None if a is None and not b else (a or "") + (b or "")
                for a, b in zip(prev.cells, line.cells, strict=True)
            )
            text = " ".join(c for c in cells if c)
            out[-1] = Line(text, cells=cells, page=prev.page, table=prev.table)
            continue
        out.append(line)
    return out


_VALUE_PIECE = re.compile(r"^(?:[+-]?\d+(?:\.\d+)?|[/／—–－-]{1,2})$")
_PIECE_MAX = 8
"""A piece of a label wrapped in a narrow column is a few characters (a PDF's text, line by line)."""


def join_wrapped_labels(lines: list[Line], specs: Sequence[LabelSpec] = ()) -> list[Line]:
    """Labels wrapped in narrow columns, in a PDF's text read line by line: the row's first
    line holds the heads of its label cells and its numbers (`（三） 1.属于 0 0 1`), the lines
    under it the rest of each label cell (`不予公 国家秘`, `开 密`). The pieces are joined back
    column by column (`（三）不予公开 1.属于国家秘密 0 0 1`); a line of one piece continues the
    rightmost label — or, when that one is already a whole row label (`3.其他`), the leftmost
    (`（六）其他处` + `理`). Only short pieces without numbers, up to the next numbered label."""
    whole = {form for spec in specs for form, kind in spec.forms if kind == "exact"}
    out: list[Line] = []
    heads: list[str] | None = None
    values: list[str] = []
    for line in lines:
        pieces = line.text.split()
        if line.cells is None and heads is not None and pieces and _continuation(pieces):
            if len(pieces) == len(heads):
                heads = [h + p for h, p in zip(heads, pieces, strict=True)]
            elif len(heads) > 1 and _is_whole(heads[-1], whole):
                heads[0] += "".join(pieces)
            else:
                heads[-1] += "".join(pieces)
            out[-1] = Line(" ".join([*heads, *values]), page=out[-1].page)
            continue
        heads = None
        split = _heads_and_values(pieces) if line.cells is None else None
        if split is not None:
            heads, values = split
        out.append(line)
    return out


def _is_whole(head: str, whole: set[str]) -> bool:
    """Whether a label cell's text is a whole row label already (numbered or not)."""
    return norm(head) in whole or norm_keep_numbers(head) in whole


def _heads_and_values(pieces: list[str]) -> tuple[list[str], list[str]] | None:
    """A line's label pieces and the numbers after them, when it has both."""
    n = len(pieces)
    while n and _VALUE_PIECE.match(pieces[n - 1]):
        n -= 1
    if n == 0 or n == len(pieces) or len(pieces) - n < 2:
        return None
    if any(len(p) > _PIECE_MAX * 3 for p in pieces[:n]):
        return None
    return pieces[:n], pieces[n:]


def _continuation(pieces: list[str]) -> bool:
    """Short pieces, no numbers, and not the start of another label: a numbered one, or one
    printed a character a line (`（` / `三` / `、` …)."""
    first = pieces[0]
    return (
        all(len(p) <= _PIECE_MAX and not any(ch.isdigit() for ch in p) for p in pieces)
        and not _NUMBERED.match(first)
        and first[0] not in "（([【、"
        and not re.fullmatch(r"[一二三四五六七八九十]", first)
    )


def _label_text(cells: tuple[str | None, ...]) -> tuple[str, bool]:
    """A row's label cells joined, and whether any value cell holds a number."""
    texts: list[str] = []
    number = False
    for c in cells:
        if c is None:
            continue
        is_value, value = cell_value(c)
        if is_value:
            number = number or value is not None
        elif c.strip():
            texts.append(c.strip())
    return " ".join(texts), number


def _continues(prev: Line, line: Line, specs: list[LabelSpec]) -> bool:
    if prev.cells is None or line.cells is None or len(prev.cells) != len(line.cells):
        return False
    head, head_numbers = _label_text(prev.cells)
    tail, tail_numbers = _label_text(line.cells)
    if not head_numbers or tail_numbers or not tail or not head:
        return False
    if any(_NUMBERED.match(c) for c in line.cells if c):
        return False
    if any(h.kind != "partial" for h in find_labels(head, specs)):
        return False
    joined = "".join(
        (a or "") + (b or "")
        for a, b in zip(prev.cells, line.cells, strict=True)
        if not cell_value(a or "")[0] or (a or "").strip() == ""
    )
    return any(h.kind in ("exact", "alias") for h in find_labels(joined, specs, partial=False))


# --- assigning values to rows ------------------------------------------------------------------


@dataclass
class _Assigned:
    values: list[Value]
    how: str
    block: list[str] | None = None  # rows read together from one column-by-column block
    structured: bool = False  # the values are real cells: never split them


def _assign(
    segs: list[Segment],
    specs: list[LabelSpec],
    widths: dict[str, int],
    read: TableRead,
    where: dict[str, str],
) -> dict[str, _Assigned]:
    by_key = {s.key: s for s in specs}
    order = {s.key: i for i, s in enumerate(specs)}
    filled: dict[str, _Assigned] = {}
    pending: list[str] = []
    orphans: list[list[Value]] = []
    blocks: list[tuple[list[str], list[Value]]] = []
    seen_exact = False
    for seg in segs:
        hits = []
        seen: set[str] = set()
        for h in find_labels(seg.text, specs):
            if h.key in filled or h.key in seen:
                continue
            seen.add(h.key)
            hits.append(h)
            if h.kind in ("alias", "fuzzy"):
                spec = by_key[h.key]
                read.labels.append(
                    LabelNote(where[h.key], _printed(seg.text, h.found), spec.label, h.kind)
                )
        vals = list(seg.values)
        if not vals and not any(h.kind != "partial" for h in hits) and not seen_exact:
            hits = []  # header text before the first row: fragments there are no labels
        seen_exact = seen_exact or any(h.kind != "partial" for h in hits)
        if seg.structured and hits:
            w = widths[hits[-1].key]
            while len(vals) > w and vals[-1] is None:
                vals.pop()  # an empty cell after the row's last column
        if not vals:
            pending.extend(h.key for h in hits)
            continue
        if not hits:
            orphans.append(vals)
            continue
        keys = [h.key for h in hits]
        block = _column_block(keys, vals, widths, by_key, seg.structured)
        if block is not None:
            blocks.append((block, vals))
            for k in keys:
                if k not in block:
                    pending.append(k)
            continue
        last = keys[-1]
        pending.extend(keys[:-1])
        w = widths[last]
        if not seg.structured and len([k for k in keys if not by_key[k].optional]) > _MAX_HEADS:
            # one run of numbers after many labels (a PDF's text boxes out of order): which of
            # them it belongs to is not known — left for the order, which the sums must confirm
            pending.append(last)
            orphans.append(vals)
            continue
        if seg.structured and 0 < len(vals) < w:
            filled[last] = _Assigned(vals, "cells", structured=True)
        elif _fits(vals, w):
            filled[last] = _Assigned(vals, "label")
        elif len(vals) > w and len(vals) % w == 0 and w == len(fmt.APPLICANT_COLUMNS):
            # two rows' numbers after one label (the next label lost): the first row is the
            # label's, the rest matched by order (which the sums must confirm). Not for table
            # 二's rows of one or three cells: `行政许可 1 286` is 1,286 printed with a space
            # as often as 1 and a stray number
            filled[last] = _Assigned(vals[:w], "label")
            orphans.extend(vals[i : i + w] for i in range(w, len(vals), w))
        elif _footnote_mark(seg, vals, w):
            filled[last] = _Assigned(vals[1:], "label")
            read.notes.append(
                f"“{seg.text.strip()[-12:]}”后紧接的 {vals[0]} 视为注释标号（去掉后本行合计成立）"
                f" / the {vals[0]} right after the label read as a footnote mark (the row adds up "
                "without it)"
            )
        else:
            pending.append(last)
            read.notes.append(
                f"忽略了“{seg.text.strip()[:20]}”后的孤立数字 {_show(vals)}（可能是页码）/ "
                f"ignored stray number(s) {_show(vals)} after a label (a page number?)"
            )
    for keys, vals in blocks:
        for k, v in _read_block(keys, vals, widths).items():
            if k not in filled:
                filled[k] = _Assigned(v, "column", keys)
    # values whose labels went elsewhere: to the rows left without values, in the format's order
    left = sorted(
        {k for k in pending if k not in filled and not by_key[k].optional}, key=lambda k: order[k]
    )
    usable = [v for v in orphans if any(_fits(v, widths[k]) for k in left)]
    if usable and left:
        for k, v in zip(left, usable, strict=False):
            if _fits(v, widths[k]):
                filled[k] = _Assigned(v, "order")
    return filled


_MAX_HEADS = 3
"""Labels before one run of numbers beyond which the run is not taken as the last one's: a
group head and a wrapped label or two come before a row's numbers, never a whole table's."""


def _printed(raw: str, found: str) -> str:
    """The label as printed (best effort: the normalised match, without stray numbers)."""
    return found.rstrip("0123456789")


def _show(vals: Sequence[Value]) -> str:
    return " ".join("空" if v is None else v for v in vals)


def _fits(vals: Sequence[Value], width: int) -> bool:
    """Whether a run of values can be the cells of one row of `width` cells."""
    if len(vals) == width:
        return True
    if len(vals) > width:
        return False
    digits = sum(len(v) for v in vals if v is not None and v.isdigit())
    splittable = len(vals) + sum(len(v) - 1 for v in vals if v is not None and v.isdigit())
    return digits > 0 and splittable >= width


def _footnote_mark(seg: Segment, vals: list[Value], width: int) -> bool:
    """A footnote number printed right after a row's label (a superscript flattened by PDF
    text extraction: `…申请数量1 5 0 0 0 0 0 5`): one digit glued to the label, then exactly a
    row of cells that adds up to its total — and the row does not add up with the digit as its
    first cell. Only where a row total can vouch for it (table 三)."""
    if seg.structured or width != len(fmt.APPLICANT_COLUMNS) or len(vals) != width + 1:
        return False
    if not seg.glued or vals[0] not in tuple("123456789"):
        return False
    nums = [_int(v) for v in vals]
    if any(x is None for x in nums):
        return False
    n = [x or 0 for x in nums]
    return n[-1] == sum(n[1:-1]) and n[width - 1] != sum(n[: width - 1])


def _column_block(
    keys: list[str],
    vals: list[Value],
    widths: dict[str, int],
    specs: dict[str, LabelSpec],
    structured: bool,
) -> list[str] | None:
    """Labels printed one after another and then all their values: a table read column by
    column (pdfminer's default layout). The rows of the block, or None."""
    if structured or len(keys) < 2:
        return None
    for use in (keys, [k for k in keys if not specs[k].optional]):
        if len(use) >= 2 and len({widths[k] for k in use}) == 1:
            if len(vals) == widths[use[0]] * len(use):
                return use
    return None


def _read_block(
    keys: list[str], vals: list[Value], widths: dict[str, int]
) -> dict[str, list[Value]]:
    """Column by column, unless reading row by row balances more row totals."""
    w = widths[keys[0]]
    k = len(keys)
    by_column = {key: [vals[j * k + i] for j in range(w)] for i, key in enumerate(keys)}
    by_row = {key: vals[i * w : (i + 1) * w] for i, key in enumerate(keys)}
    if w == len(fmt.APPLICANT_COLUMNS):
        by_column = _total_last(by_column, w)
        if _balanced_rows(list(by_row.values())) > _balanced_rows(list(by_column.values())):
            return by_row
    return by_column


def _total_last(rows: dict[str, list[Value]], w: int) -> dict[str, list[Value]]:
    """Text read column by column may print the 总计 column before the last one (pdfminer
    orders text boxes, not columns): move the rightmost column that every row's sum makes the
    total to the end."""
    nums = {k: [_int(v) for v in r] for k, r in rows.items()}
    if any(x is None for r in nums.values() for x in r):
        return rows
    fits = [
        t
        for t in range(w)
        if all(r[t] == sum(x or 0 for i, x in enumerate(r) if i != t) for r in nums.values())
    ]
    if not fits or fits[-1] == w - 1:
        return rows
    t = fits[-1]
    return {k: [v for i, v in enumerate(r) if i != t] + [r[t]] for k, r in rows.items()}


def _balanced_rows(rows: Iterator[list[Value]] | Sequence[list[Value]]) -> int:
    n = 0
    for r in rows:
        nums = [_int(v) for v in r]
        if all(x is not None for x in nums) and nums[-1] == sum(x for x in nums[:-1] if x):
            n += 1
    return n


def _int(v: Value) -> int | None:
    if v is None or not v.isdigit():
        return None
    return int(v)


# --- splitting run-together cells --------------------------------------------------------------


def _short_row(vals: Sequence[Value], width: int) -> tuple[Value, ...]:
    """A real table row with cells missing (lost in conversion): its first and last values are
    taken as the first and last columns, the missing ones in between as unknown."""
    if len(vals) == 1:
        return (vals[0], *([None] * (width - 1)))
    return (*vals[:-1], *([None] * (width - len(vals))), vals[-1])


def _splits(
    vals: Sequence[Value], width: int, groups: Sequence[tuple[int, int]] = ()
) -> tuple[list[tuple[Value, ...]], bool]:
    """Every way to read `vals` as `width` cells (runs of digits cut, no leading zeros) that
    satisfies the sum `groups`, and whether that list is complete."""
    rs = row_splits(vals, width, groups)
    return [tuple(None if c is None else str(c) for c in r) for r in rs.readings], rs.complete


# --- table 三 ----------------------------------------------------------------------------------


def app_specs() -> list[LabelSpec]:
    """Table 三's rows of every layout, as label specs, in printed order."""
    out: list[LabelSpec] = []
    for r in fmt.all_app_rows():
        out.append(
            LabelSpec(
                r.key,
                r.label,
                number=r.number,
                aliases=r.aliases,
                optional=r.key == "other_single_row",
            )
        )
    return out


def _t3_where() -> dict[str, str]:
    return {r.key: r.location for r in fmt.all_app_rows()}


def read_table3(lines: list[Line]) -> TableRead:
    """Table 三: 25 rows (23 in the 2019 layout) of 7 cells, by label, balanced by the sums."""
    read = TableRead()
    specs = app_specs()
    width = len(fmt.APPLICANT_COLUMNS)
    widths = {s.key: width for s in specs}
    where = _t3_where()
    lines = join_wrapped_labels(join_broken_rows(lines, specs), specs)
    assigned = _assign(segments(lines), specs, widths, read, where)
    split_rows = ("other_no_correction", "other_no_fee")
    single = (
        "other_single_row" in assigned
        and not any(k in assigned for k in (*split_rows, "other_other"))
        # the 2021 rows printed, even where their numbers could not be found: not 2019's
        and not find_labels(
            "\n".join(line.text for line in lines),
            [s for s in specs if s.key in split_rows],
            partial=False,
        )
    )
    lay = fmt.layout("2019" if single else "2021")
    rows = [r.key for r in lay.app_rows]
    if not single:
        assigned.pop("other_single_row", None)
    cands: dict[str, list[Cells]] = {}
    sure: dict[str, str] = {}  # ok | none (no reading adds up) | open (readings not all seen)
    for key in rows:
        ids = [fmt.t3_id(key, c.key) for c in fmt.APPLICANT_COLUMNS]
        a = assigned.get(key)
        if a is None:
            read.uncertain.append(
                Uncertain(where[key], ids, "未找到此行 / row not found in the text")
            )
            continue
        read.how[key] = a.how
        if a.structured:
            short = _short_row(a.values, width)
            options = [o for o in [_to_cells(short)] if o is not None]
            complete = True
            if len(a.values) < width:
                read.uncertain.append(_short_note(where[key], a.values, width, ids))
                row = options[0] if options else None
                if row is not None and isinstance(row[-1], int):
                    known = sum(x for x in row[:-1] if isinstance(x, int))
                    if known > row[-1]:  # the last value cannot be the row's 总计: no guess
                        read.uncertain[-1].cells = ids
                        options = [(None,) * width]
        else:
            splits, complete = _splits(a.values, width, [(0, width)])
            options = [o for o in (_to_cells(x) for x in splits) if o is not None]
            if None in a.values and len(a.values) < width and options:
                # digits to split beside blank cells: the row's sum cannot vouch for the split
                cands[key] = options
                sure[key] = "open"
                continue
            if not options and complete:
                # no reading makes the row add up: only the trivial reading (as many values as
                # cells) is taken — the row's total is then the organ's error, not ours
                plain, whole = _splits(a.values, width)
                cells = [o for o in (_to_cells(x) for x in plain) if o is not None]
                if len(cells) == 1 and whole:
                    options = cells
                elif cells and whole:
                    cands[key] = cells
                    sure[key] = "none"
                    continue
        if not options:
            read.uncertain.append(
                Uncertain(
                    where[key],
                    ids,
                    f"没有一种拆分能使本行合计成立：{_show(a.values)} / no split of "
                    f"{_show(a.values)} into 7 cells makes the row add up"
                    if complete
                    else f"数字连在一起，可能的拆分太多：{_show(a.values)} / too many ways to "
                    "split the run-together cells",
                )
            )
            continue
        cands[key] = options
        sure[key] = "ok" if complete else "open"
    printed = {k: a.values for k, a in assigned.items()}
    chosen = _solve_t3(cands, sure, printed, lay, read, where)
    read.values.update(chosen)
    order_rows = [k for k in rows if read.how.get(k) == "order" and k in chosen]
    column_rows = [k for k in rows if read.how.get(k) == "column" and k in chosen]
    if (
        column_rows
        and len(column_rows) < len(rows)
        and not (_t3_balances(chosen, lay) and _t3_checked(chosen, lay, column_rows))
    ):
        # the whole table printed labels first, then its numbers, is read as such; a few rows'
        # labels together before a few rows' numbers, in text whose order is otherwise broken,
        # is a reading of that order: only the table's sums, all checkable, can confirm it
        locs = "、".join(where[k].removeprefix("表三 ") for k in column_rows)
        read.uncertain.append(
            Uncertain(
                "表三",
                [fmt.t3_id(k, c.key) for k in column_rows for c in fmt.APPLICANT_COLUMNS],
                f"以下各行的行名连在一起、数字在其后，按列或按行对应后勾稽关系无法核对或不成立，"
                f"已留空：{locs} / rows whose labels came together before their numbers: the "
                "table's sums cannot confirm which numbers are whose, left blank",
            )
        )
        for k in column_rows:
            read.values[k] = chosen[k] = (None,) * width
    if order_rows:
        locs = "、".join(where[k].removeprefix("表三 ") for k in order_rows)
        balanced = _t3_balances(chosen, lay) and _t3_checked(chosen, lay, order_rows)
        read.uncertain.append(
            Uncertain(
                "表三",
                [fmt.t3_id(k, "total") for k in order_rows],
                (
                    f"以下各行的数字与行名在文本中分离，已按表格顺序对应"
                    f"{'（勾稽关系成立）' if balanced else '（勾稽关系不成立，请核对）'}：{locs} / "
                    f"these rows' numbers were separated from their labels and were matched "
                    f"in the table's order"
                ),
                severity="info" if balanced else "warning",
            )
        )
        if not balanced:  # the order is a guess the sums do not confirm: nothing is read
            for k in order_rows:
                read.values[k] = (None,) * width
            read.uncertain[-1].cells = [
                fmt.t3_id(k, c.key) for k in order_rows for c in fmt.APPLICANT_COLUMNS
            ]
    for key in rows:
        read.values.setdefault(key, (None,) * width)
    if any(read.how.get(k) == "column" for k in rows):
        read.notes.append("表三按列读出（PDF 文本逐列排列）/ table 三 was read column by column")
    return read


def _short_note(location: str, vals: Sequence[Value], width: int, ids: list[str]) -> Uncertain:
    """A real row with cells missing: the ones between the first and the last are unknown."""
    cells = ids[max(len(vals) - 1, 1) : -1] if len(vals) > 1 else ids[1:]
    return Uncertain(
        location,
        cells,
        f"此行只读到 {len(vals)} 个单元格（应有 {width} 个）：{_show(vals)}；首尾按首列、末列，"
        f"其余未知 / only {len(vals)} of {width} cells found: first and last taken as the first "
        "and last columns, the rest unknown",
    )


def _to_cells(vals: Sequence[Value]) -> Cells | None:
    out: list[Num | None] = []
    for v in vals:
        if v is None:
            out.append(None)
        elif v.isdigit():
            out.append(int(v))
        else:
            return None
    return tuple(out)


def _row_ok(c: Cells) -> bool:
    if c[-1] is None:
        return True
    return c[-1] == sum(x for x in c[:-1] if x is not None)


def _t3_checked(values: dict[str, Cells], lay: fmt.Layout, keys: list[str]) -> bool:
    """Whether every cell of the rows `keys` is in a column rule whose every cell was read: a
    balance that holds only because the rows it needs are missing confirms nothing."""
    leaves = [r.key for r in lay.outcome_rows]
    balance = ["new", "carried_over", "total", "carried_forward"]

    def known(rule: list[str], j: int) -> bool:
        return all(k in values and values[k][j] is not None for k in rule)

    for k in keys:
        for j in range(len(fmt.APPLICANT_COLUMNS)):
            rules = [r for r in ([*leaves, "total"], balance) if k in r]
            if not any(known(r, j) for r in rules):
                return False
    return True


def _t3_balances(values: dict[str, Cells], lay: fmt.Layout) -> bool:
    return not _t3_failures(values, lay)


def _t3_failures(values: dict[str, Cells], lay: fmt.Layout) -> int:
    fails = sum(0 if _row_ok(v) else 1 for v in values.values())
    leaves = [r.key for r in lay.outcome_rows]
    total = values.get("total")
    for j in range(len(fmt.APPLICANT_COLUMNS)):
        if total is not None and total[j] is not None and all(k in values for k in leaves):
            if total[j] != sum(values[k][j] or 0 for k in leaves):
                fails += 1
        ops = [values.get(k) for k in ("new", "carried_over", "total", "carried_forward")]
        if all(o is not None and o[j] is not None for o in ops):
            a, b, c, d = (o[j] for o in ops if o is not None)
            if (a or 0) + (b or 0) != (c or 0) + (d or 0):
                fails += 1
    return fails


def _unsure_row(
    location: str, ids: list[str], options: Sequence[Cells], why: str, vals: Sequence[Value]
) -> Uncertain:
    """The cells of a row on which its readings disagree: blank, with every reading listed."""
    agree = agreed(options, len(ids))
    cells = [i for i, ok in zip(ids, agree, strict=True) if not ok]
    reason = {
        "many": "有多种拆分都能使勾稽关系成立 / several splits satisfy every sum",
        "none": "没有一种拆分能使勾稽关系成立 / no split satisfies the sums",
        "open": "可能的拆分太多，无法逐一核对 / too many possible splits to check",
    }[why]
    alts = ["｜".join(_fmt_cell(x) for x in o) for o in options[:6]]
    return Uncertain(
        location,
        cells,
        f"数字连在一起（{_show(vals)}），{reason}；无法确定的单元格留空，请按原表核对 / cells run "
        "together; the cells the readings disagree on are left blank for a person to confirm",
        alternatives=alts,
    )


def _t3_rules(lay: fmt.Layout) -> list[dict[tuple[str, int], int]]:
    """Table 三's column rules as sums that must be 0: per column, the outcome rows add up to
    （七）总计, and 一 + 二 = 三(七) + 四."""
    leaves = [r.key for r in lay.outcome_rows]
    out: list[dict[tuple[str, int], int]] = []
    for j in range(len(fmt.APPLICANT_COLUMNS)):
        out.append({("total", j): -1, **{(k, j): 1 for k in leaves}})
        out.append(
            {("new", j): 1, ("carried_over", j): 1, ("total", j): -1, ("carried_forward", j): -1}
        )
    return out


def _solve_t3(
    cands: dict[str, list[Cells]],
    sure: dict[str, str],
    printed: dict[str, list[Value]],
    lay: fmt.Layout,
    read: TableRead,
    where: dict[str, str],
) -> dict[str, Cells]:
    """The rows' readings that satisfy every sum of the table together: a cell every solution
    agrees on is read; one they disagree on is left blank and listed as uncertain."""
    width = len(fmt.APPLICANT_COLUMNS)
    fixed = {k: v[0] for k, v in cands.items() if len(v) == 1 and sure[k] == "ok"}
    free = [k for k, v in cands.items() if len(v) > 1 and sure[k] == "ok"]
    chosen = dict(fixed)
    why: dict[str, str] = {}
    options: dict[str, list[Cells]] = {}
    for k in cands:
        if sure[k] == "none":  # no reading adds up: what all of the row's readings agree on
            options[k] = cands[k]
            why[k] = "none"
        elif sure[k] == "open":  # not every reading was seen: nothing of the row is certain
            chosen[k] = (None,) * width
            ids = [fmt.t3_id(k, c.key) for c in fmt.APPLICANT_COLUMNS]
            read.uncertain.append(
                _unsure_row(where[k], ids, [*cands[k], (None,) * width], "open", printed.get(k, []))
            )
    if free:
        solved = solve_rows({k: cands[k] for k in [*fixed, *free]}, _t3_rules(lay))
        for k in free:
            if solved.complete and solved.solutions:
                options[k] = list(dict.fromkeys(s[k] for s in solved.solutions))
                why[k] = "many"
            elif solved.complete:
                options[k] = cands[k]
                why[k] = "none"
            else:  # the search did not finish: what the bounds left
                options[k] = solved.domains[k] or cands[k]
                why[k] = "open"
    for k, opts in options.items():
        ids = [fmt.t3_id(k, c.key) for c in fmt.APPLICANT_COLUMNS]
        agree = agreed(opts, width)
        chosen[k] = tuple(x if ok else None for x, ok in zip(opts[0], agree, strict=True))
        if len(opts) > 1:
            read.uncertain.append(_unsure_row(where[k], ids, opts, why[k], printed.get(k, [])))
    return chosen


def _fmt_cell(x: Num | None) -> str:
    return "空" if x is None else str(x)


_PROSE = re.compile(r"[\u4e00-\u9fff]{6,}[，。；]")

# --- table 四 ----------------------------------------------------------------------------------


def read_table4(lines: list[Line]) -> TableRead:
    """Table 四: one line of 15 numbers (three groups of five, each 总计 = the first four)."""
    read = TableRead()
    n = len(fmt.REVIEW_COLUMNS)
    width = n * len(fmt.REVIEW_GROUPS)
    vals: list[Value] = []
    for seg in segments(lines):
        if vals and _PROSE.search(seg.text):
            break  # the table ended where prose starts (part 五 without its heading)
        vals.extend(seg.values)
    ids = [fmt.t4_id(g.key, c.key) for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS]
    groups = [(i * n, n) for i in range(len(fmt.REVIEW_GROUPS))]
    if None in vals and len(vals) < width:
        read.uncertain.append(
            Uncertain(
                "表四",
                ids,
                f"数字连在一起又有空白单元格（{_show(vals)}），各组总计无法核对拆分 / cells run "
                "together beside blank cells: the group totals cannot vouch for a split",
            )
        )
        read.values["review"] = (None,) * width
        return read
    if not vals:
        read.uncertain.append(Uncertain("表四", ids, "未找到表四的数字 / no numbers in table 四"))
        read.values["review"] = (None,) * width
        return read
    if len(vals) > width:
        # stray numbers (a page number, a footnote): a window of 15 that adds up is the table
        fits = [
            w
            for w in dict.fromkeys((tuple(vals[:width]), tuple(vals[-width:])))
            if len(row_splits(w, width, groups).readings) == 1
        ]
        # which fifteen is a guess even when one window adds up: shown, never taken
        read.uncertain.append(
            Uncertain(
                "表四",
                ids,
                f"表四有 {len(vals)} 个数（应为15个），无法确定是哪15个 / {len(vals)} numbers "
                "where 15 were expected",
                alternatives=[_show(w) for w in fits],
            )
        )
        read.values["review"] = (None,) * width
        return read
    splits, complete = _splits(vals, width, groups)
    options = [c for c in (_to_cells(x) for x in splits) if c is not None]
    why = "many"
    if not options and complete:
        plain, whole = _splits(vals, width)
        options = [c for c in (_to_cells(x) for x in plain) if c is not None]
        complete = whole
        why = "none"
        if len(options) == 1 and whole:
            why = ""  # the trivial reading: the group totals are then the organ's error
    if not options:
        read.uncertain.append(
            Uncertain("表四", ids, f"无法读成15个数：{_show(vals)} / cannot read 15 cells")
        )
        read.values["review"] = (None,) * width
        return read
    if not complete:
        why = "open"
        options = options[:1] + [(None,) * width]  # nothing can be trusted
    if len(options) == 1:
        read.values["review"] = options[0]
        return read
    agree = agreed(options, width)
    read.values["review"] = tuple(
        x if ok else None for x, ok in zip(options[0], agree, strict=True)
    )
    read.uncertain.append(
        _unsure_row("表四", ids, options, why, vals)
        if why != "open"
        else Uncertain(
            "表四", ids, f"数字连在一起，可能的拆分太多：{_show(vals)} / too many splits"
        )
    )
    return read


# --- table 二 ----------------------------------------------------------------------------------


def active_layout(lines: list[Line]) -> fmt.Layout:
    """2019 if the table's headers use the trial layout's column labels, else 2021."""
    text = norm("".join(line.text for line in lines))
    old = fmt.layout("2019")
    if any(norm(m) in text for m in old.markers if m in _active_markers(old)):
        return old
    return fmt.layout("2021")


def _active_markers(lay: fmt.Layout) -> set[str]:
    return {label for b in lay.active_blocks for _, label, _ in b.columns} | {
        r.label for b in lay.active_blocks for r in b.rows
    }


def read_table2(lines: list[Line], lay: fmt.Layout | None = None) -> tuple[TableRead, fmt.Layout]:
    """Table 二: rows by label within the blocks of the layout its headers use."""
    lay = lay or active_layout(lines)
    read = TableRead()
    specs: list[LabelSpec] = []
    widths: dict[str, int] = {}
    where: dict[str, str] = {}
    kinds: dict[str, list[tuple[str, fmt.CellKind]]] = {}
    other = [o for o in fmt.LAYOUTS if o is not lay]
    for block in lay.active_blocks:
        for row in block.rows:
            aliases = tuple(
                r.label
                for o in other
                for b in o.active_blocks
                for r in b.rows
                if r.key == row.key and r.label != row.label
            )
            specs.append(LabelSpec(row.key, row.label, aliases=aliases))
            widths[row.key] = len(block.columns)
            where[row.key] = f"表二 {block.caption} {row.label}"
            kinds[row.key] = [(k, kind) for k, _, kind in block.columns]
    assigned = _assign(segments(join_broken_rows(lines, specs)), specs, widths, read, where)
    for spec in specs:
        key = spec.key
        a = assigned.get(key)
        cols = kinds[key]
        paths = [f"{key}.{k}" if k else key for k, _ in cols]
        ids = [fmt.t2_id(p) for p in paths]
        if a is None:
            read.uncertain.append(Uncertain(where[key], ids, "未找到此行 / row not found"))
            read.values[key] = (None,) * len(cols)
            continue
        read.how[key] = a.how
        if a.how == "order":
            # values whose label went elsewhere, matched in the format's order: table 二 has
            # no sums to confirm it, so they are shown, not taken
            read.uncertain.append(
                Uncertain(
                    where[key],
                    ids,
                    f"此行的数字（{_show(a.values)}）与行名分离，按表格顺序对应，表二没有合计可以核对"
                    " / the numbers were apart from the row label and matched by order; table "
                    "二 has no totals to confirm it",
                    alternatives=[_show(a.values)],
                )
            )
            read.values[key] = (None,) * len(cols)
            continue
        if a.structured:
            if len(a.values) < widths[key]:
                read.uncertain.append(_short_note(where[key], a.values, widths[key], ids))
            splits, complete = [_short_row(a.values, widths[key])], True
        else:
            splits, complete = _splits(a.values, widths[key])
            signed = any(v is not None and v.startswith("-") for v in a.values)
            if 1 < len(a.values) < widths[key] and splits and not signed:
                # fewer numbers than cells, spaced apart: cells run together, or a cell left
                # empty and lost with the table's rules (`规章 5 10`: 5 1 0, or 5 空 10).
                # Table 二 has no sums to tell them apart: both are readings. (A minus inside
                # the numbers, `101-16`, is cells run together: no cell was lost there.)
                splits = [*splits, *_with_gaps(a.values, widths[key])]
        options = [
            c for c in (_active_cells(x, [k for _, k in cols]) for x in splits) if c is not None
        ]
        if not options or not complete:
            read.uncertain.append(
                Uncertain(where[key], ids, f"无法读取：{_show(a.values)} / cannot read the cells")
            )
            read.values[key] = (None,) * len(cols)
            continue
        if len(options) > 1:
            # 现行有效 ≥ 本年制发 is only a preference: it orders the readings, never picks one
            keys = [k for k, _ in cols]
            ranked = sorted(options, key=lambda o: -_plausible(o, keys))
            agree = agreed(ranked, len(cols))
            read.uncertain.append(
                Uncertain(
                    where[key],
                    [i for i, ok in zip(ids, agree, strict=True) if not ok],
                    f"数字连在一起（{_show(a.values)}），表二没有合计可以核对，无法确定的单元格留空，"
                    "请按原表核对 / cells run together and table 二 has no totals to check "
                    "them: the cells the readings disagree on are left blank",
                    alternatives=["｜".join(_fmt_cell(x) for x in o) for o in ranked[:6]],
                )
            )
            options = [tuple(x if ok else None for x, ok in zip(ranked[0], agree, strict=True))]
        read.values[key] = options[0]
        if a.how == "column":
            read.notes.append(
                f"{where[key]} 按列读出 / read column by column (PDF text in columns)"
            )
    return read, lay


def _with_gaps(vals: Sequence[Value], width: int) -> list[tuple[Value, ...]]:
    """The values in order, whole, with the missing cells as blanks in every place."""
    from itertools import combinations

    out: list[tuple[Value, ...]] = []
    for places in combinations(range(width), len(vals)):
        row: list[Value] = [None] * width
        for p, v in zip(places, vals, strict=True):
            row[p] = v
        out.append(tuple(row))
    return out


def _active_cells(vals: Sequence[Value], kinds: list[fmt.CellKind]) -> Cells | None:
    out: list[Num | None] = []
    for v, kind in zip(vals, kinds, strict=True):
        if v is None:
            out.append(None)
            continue
        try:
            d = Decimal(v)
        except InvalidOperation:
            return None
        if d < 0 and kind != "signed":
            return None  # only 本年增/减 can be negative
        if kind == "amount":
            out.append(d)
        elif d == d.to_integral_value() and "." not in v:
            out.append(int(d))
        else:
            return None
    return tuple(out)


def _plausible(cells: Cells, keys: list[str]) -> int:
    """How ordinary a reading of 制发/废止/现行有效 is (for run-together cells only)."""
    v = dict(zip(keys, cells, strict=True))
    issued, repealed, in_force = v.get("issued"), v.get("repealed"), v.get("in_force")
    if not all(isinstance(x, int) for x in (issued, repealed, in_force)):
        return 0
    assert isinstance(issued, int) and isinstance(repealed, int) and isinstance(in_force, int)
    score = 0
    score += in_force >= issued
    score += in_force >= repealed
    score += issued >= repealed
    return score
