"""Arithmetic of tables 三 and 四 (E-3: T3-1, T3-2, T3-3, T4-1), blank cells (E-5, E-6), and
tables never filled in or all zeros (E-7B, E-7Z).

E-7B (error): a table in which no cell holds a number — its key left out, `{}`, every cell
`null`, or an untouched workbook. Nothing was filled in, so nothing may be drafted from it; the
per-cell E-5/E-6 findings are not repeated for such a table.
E-7Z (warning): every cell of a table is 0. Table 三 always (the report would say no application
was received); tables 二 and 四 except for a township (乡镇、街道), whose tables 二 and 四 are
commonly all zeros. For a township the 规章 row of table 二 may also be left blank: townships
cannot make 规章, so no E-6 warning for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from nianbao import format as fmt
from nianbao.checks import Finding
from nianbao.model import Cell, ReportData

__all__ = ["TABLE_NAMES", "check_tables", "table_cells"]

Num = int | Decimal


def _n(cells: Sequence[Cell]) -> Num:
    return sum((c.number for c in cells), start=0)


def _blank_note(cells: Sequence[Cell]) -> tuple[str, str]:
    if any(c.blank for c in cells):
        return (
            "（空白格按0计，空白的总计按其分项之和计）",
            " (blanks counted as 0, a blank total as its parts)",
        )
    return "", ""


def check_tables(data: ReportData) -> list[Finding]:
    """Sums and balances of table 三 (all 7 columns, all rows) and table 四 (three groups);
    tables left blank (E-7B) or all zeros (E-7Z)."""
    unfilled = _unfilled(data)
    return [
        *unfilled,
        *(_table3(data) if "t3" not in _tables_of(unfilled) else []),
        *(_table4(data) if "t4" not in _tables_of(unfilled) else []),
        *(_table2_blanks(data) if "t2" not in _tables_of(unfilled) else []),
    ]


TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
"""How the report names its tables (the part headings come from `format.py`)."""
_PART_OF: dict[str, fmt.PartKey] = {"t2": "active", "t3": "applications", "t4": "review"}
TOWNSHIP_BLANK_ROWS = frozenset({"regulations"})
"""Table-二 rows a township may leave blank: it has no power to make 规章."""


def _tables_of(findings: list[Finding]) -> set[str]:
    return {f.cells[0].split(".", 1)[0] for f in findings if f.rule == "E-7B" and f.cells}


def table_cells(data: ReportData) -> dict[str, list[tuple[str, Cell]]]:
    """Every value cell the person fills in, per table ("t2", "t3", "t4"), with its cell id.
    Derived totals are left out: they say nothing about what was filled in."""
    lay = data.format_layout
    t2 = data.table2(lay)
    t3 = data.table3(lay)
    t4 = data.table4()
    cols = fmt.APPLICANT_COLUMNS
    return {
        "t2": [(fmt.t2_id(c.path), t2[c.path]) for c in lay.active_cells],
        "t3": [
            (fmt.t3_id(r.key, cols[i].key), cell)
            for r in data.table3_rows(lay)
            for i, cell in enumerate(t3[r.key])
            if not cell.derived
        ],
        "t4": [
            (fmt.t4_id(g.key, c.key), t4[g.key][c.key])
            for g in fmt.REVIEW_GROUPS
            for c in fmt.REVIEW_COLUMNS
            if not t4[g.key][c.key].derived
        ],
    }


def _filled(cell: Cell) -> bool:
    return cell.given and cell.value is not None


def _unfilled(data: ReportData) -> list[Finding]:
    """E-7B: a table with no number in it; E-7Z: a table of zeros only."""
    out: list[Finding] = []
    township = data.kind == "township"
    for table, cells in table_cells(data).items():
        name = TABLE_NAMES[table]
        heading = fmt.part(_PART_OF[table]).heading
        filled = [c for _, c in cells if _filled(c)]
        if not filled:
            out.append(
                Finding(
                    rule="E-7B",
                    severity="error",
                    location=f"{name} {heading}",
                    message=(
                        f"{name}尚未填写：没有一个格填了数字，没有的事项请填0 / "
                        f"table {name[1]} has not been filled in: no cell holds a number "
                        "(write 0 where there was none)"
                    ),
                    cells=[cells[0][0]] if cells else [],
                )
            )
            continue
        if any(c.number != 0 for c in filled):
            continue
        if township and table != "t3":
            continue  # a township's tables 二 and 四 are commonly all zeros
        what = {
            "t2": "本年度未制发、废止规章和行政规范性文件，也没有行政许可、处罚、强制和收费",
            "t3": "本年度未收到、也未办理政府信息公开申请",
            "t4": "本年度没有政府信息公开行政复议和行政诉讼",
        }[table]
        what_en = {
            "t2": "no documents, licensing, penalties, enforcement or fees this year",
            "t3": "no application received or handled this year",
            "t4": "no administrative review or lawsuit this year",
        }[table]
        out.append(
            Finding(
                rule="E-7Z",
                severity="warning",
                location=f"{name} {heading}",
                message=(
                    f"{name}全部为0，即{what}；请确认属实 / every cell of table "
                    f"{name[1]} is 0, i.e. {what_en}: please confirm"
                ),
                cells=[cells[0][0]],
            )
        )
    return out


def _table3(data: ReportData) -> list[Finding]:
    lay = data.format_layout
    grid = data.table3(lay)
    rows = data.table3_rows(lay)
    by_key = {r.key: r for r in rows}
    cols = fmt.APPLICANT_COLUMNS
    out: list[Finding] = []

    def row(key: str) -> fmt.AppRow:
        return by_key[key]

    # E-5 / E-6: blank cells. A blank total is an error; other blanks a warning.
    for r in rows:
        row_cells = grid[r.key]
        blanks = [cols[i] for i, c in enumerate(row_cells) if c.blank]
        total_blank = row_cells[-1].blank
        if r.role == "total":
            total_blanks = blanks
            if total_blanks:
                out.append(
                    Finding(
                        rule="E-5",
                        severity="error",
                        location=f"{r.location} × {'、'.join(c.label for c in total_blanks)}",
                        message="总计行不能空白 / the （七）总计 row must not be left blank",
                        cells=[fmt.t3_id(r.key, c.key) for c in total_blanks],
                    )
                )
            continue
        if total_blank:
            out.append(
                Finding(
                    rule="E-5",
                    severity="error",
                    location=f"{r.location} × 总计",
                    message="总计列不能空白 / the 总计 column must not be left blank",
                    cells=[fmt.t3_id(r.key, "total")],
                )
            )
            blanks = blanks[:-1]
        if blanks:
            out.append(
                Finding(
                    rule="E-6",
                    severity="warning",
                    location=f"{r.location} × {'、'.join(c.label for c in blanks)}",
                    message="单元格空白，应填0；核算时按0计 / blank cell(s): write 0; counted as 0",
                    cells=[fmt.t3_id(r.key, c.key) for c in blanks],
                )
            )

    # T3-3: each row's 总计 = 自然人 + … + 其他 (only where the file gives the 总计).
    for r in rows:
        total = grid[r.key][-1]
        if not total.given or total.value is None or total.derived:
            continue
        parts = list(grid[r.key][:-1])
        s = _n(parts)
        if s != total.value:
            zh, en = _blank_note(parts)
            out.append(
                Finding(
                    rule="T3-3",
                    severity="error",
                    location=f"{r.location} × 总计",
                    message=(
                        f"本行总计 {total.value} ≠ 各类申请人之和 {s}{zh} / "
                        f"row total {total.value} ≠ sum of the six applicant columns {s}{en}"
                    ),
                    expected=str(s),
                    actual=str(total.value),
                    cells=[fmt.t3_id(r.key, c.key) for c in cols],
                )
            )

    # T3-2: （七）总计 = the sum of the outcome rows (only where the file gives the total row).
    leaves = [r for r in rows if r.role == "outcome"]
    total_row = grid["total"]
    for i, c in enumerate(cols):
        t = total_row[i]
        if t.derived or t.value is None:
            continue
        leaf_cells = [grid[r.key][i] for r in leaves]
        s = _n(leaf_cells)
        if s != t.value:
            zh, en = _blank_note(leaf_cells)
            out.append(
                Finding(
                    rule="T3-2",
                    severity="error",
                    location=f"{row('total').location} × {c.label}",
                    message=(
                        f"（七）总计 {t.value} ≠ （一）至（六）各项之和 {s}{zh} / "
                        f"total handled {t.value} ≠ sum of the outcome rows {s}{en}"
                    ),
                    expected=str(s),
                    actual=str(t.value),
                    cells=[fmt.t3_id("total", c.key)] + [fmt.t3_id(r.key, c.key) for r in leaves],
                )
            )

    # T3-1: 第一项 + 第二项 = 第三项 + 第四项, in every column.
    for i, c in enumerate(cols):
        ops = [grid[k][i] for k in ("new", "carried_over", "total", "carried_forward")]
        left = ops[0].number + ops[1].number
        right = ops[2].number + ops[3].number
        if left != right:
            zh, en = _blank_note(ops)
            out.append(
                Finding(
                    rule="T3-1",
                    severity="error",
                    location=f"表三 勾稽关系 × {c.label}",
                    message=(
                        f"第一项＋第二项（{ops[0].number}＋{ops[1].number}＝{left}）≠ "
                        f"第三项＋第四项（{ops[2].number}＋{ops[3].number}＝{right}）{zh} / "
                        f"new + carried over ({left}) ≠ total handled + carried forward "
                        f"({right}) in column {c.label}{en}"
                    ),
                    expected=str(left),
                    actual=str(right),
                    cells=[
                        fmt.t3_id(k, c.key)
                        for k in ("new", "carried_over", "total", "carried_forward")
                    ],
                )
            )
    return out


def _table4(data: ReportData) -> list[Finding]:
    out: list[Finding] = []
    t4 = data.table4()
    for g in fmt.REVIEW_GROUPS:
        cells = t4[g.key]
        blanks = [c for c in fmt.REVIEW_COLUMNS if cells[c.key].blank]
        if blanks:
            total_blank = cells["total"].blank
            out.append(
                Finding(
                    rule="E-5" if total_blank else "E-6",
                    severity="error" if total_blank else "warning",
                    location=f"{fmt.group_location(g)} × {'、'.join(c.label for c in blanks)}",
                    message=(
                        "总计不能空白 / the 总计 cell must not be left blank"
                        if total_blank
                        else "单元格空白，应填0；核算时按0计 / blank cell(s): write 0; counted as 0"
                    ),
                    cells=[fmt.t4_id(g.key, c.key) for c in blanks],
                )
            )
        total = cells["total"]
        if total.derived or total.value is None:
            continue
        parts = [cells[c.key] for c in fmt.REVIEW_COLUMNS[:-1]]
        parts_zh = "、".join(c.label for c in fmt.REVIEW_COLUMNS[:-1])
        s = _n(parts)
        if s != total.value:
            zh, en = _blank_note(parts)
            out.append(
                Finding(
                    rule="T4-1",
                    severity="error",
                    location=fmt.review_location(g, fmt.REVIEW_COLUMNS[-1]),
                    message=(
                        f"{g.label}总计 {total.value} ≠ {parts_zh}之和 "
                        f"{s}{zh} / {g.label} total {total.value} ≠ upheld + corrected + other + "
                        f"pending = {s}{en}"
                    ),
                    expected=str(s),
                    actual=str(total.value),
                    cells=[fmt.t4_id(g.key, c.key) for c in fmt.REVIEW_COLUMNS],
                )
            )
    return out


def _table2_blanks(data: ReportData) -> list[Finding]:
    lay = data.format_layout
    t2 = data.table2(lay)
    out: list[Finding] = []
    township = data.kind == "township"
    for c in lay.active_cells:
        if township and c.path.split(".", 1)[0] in TOWNSHIP_BLANK_ROWS:
            continue
        if t2[c.path].blank:
            out.append(
                Finding(
                    rule="E-6",
                    severity="warning",
                    location=c.location,
                    message="单元格空白，应填0 / blank cell: write 0",
                    cells=[fmt.t2_id(c.path)],
                )
            )
    return out
