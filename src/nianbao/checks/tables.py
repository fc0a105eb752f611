"""Arithmetic of tables 三 and 四 (E-3: T3-1, T3-2, T3-3, T4-1) and blank cells (E-5, E-6)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from nianbao import format as fmt
from nianbao.checks import Finding
from nianbao.model import Cell, ReportData

__all__ = ["check_tables"]

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
    """Sums and balances of table 三 (all 7 columns, all rows) and table 四 (three groups)."""
    return [*_table3(data), *_table4(data), *_table2_blanks(data)]


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
    for c in lay.active_cells:
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
