"""Synthetic published reports for the extraction tests, and the ways PDF text mangles them.

`render_text(data)` writes a report in the national layout from a `ReportData`, taking every
heading, caption and row label from `format.py`; the options reproduce what extraction does to
real reports: vertical one-character labels, labels wrapped after their numbers, page numbers
inside tables, cells run together, blank and "/" cells, tables read column by column. The
narrative is invented here (no published report's text).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nianbao import format as fmt
from nianbao.model import ReportData


@dataclass(frozen=True)
class Mangle:
    vertical: bool = False  # group labels one character per line (三\n、\n本\n年…)
    wrap: int = 0  # wrap labels longer than this; the tail comes after the numbers
    page_marker_every: int = 0  # a "- n -" line after every n-th table row
    run_together: bool = False  # cells with no separators (3960181)
    blank: str = "0"  # how a blank (None) cell is printed: "", "/", "—", "无"
    column_major: bool = False  # table 三 printed labels first, then column by column
    line_per_cell: bool = False  # each number on its own line


def _cell(v: int | Decimal | None, m: Mangle) -> str:
    if v is None:
        return m.blank
    return str(v)


def _join(values: list[str], m: Mangle) -> str:
    values = [v for v in values if v != ""]
    if m.line_per_cell:
        return "\n".join(values)
    return ("" if m.run_together else " ").join(values)


def overview(data: ReportData, *, repeat_heading: bool = False, new_said: int | None = None) -> str:
    t3 = data.table3()
    new = t3["new"][-1].number if new_said is None else new_said
    done = t3["total"][-1].number
    # the seed report's defect: （一）（二）（二）（三）（四）
    n = ["一", "二", "二", "三", "四"] if repeat_heading else ["一", "二", "三", "四", "五"]
    return "\n".join(
        [
            f"{data.year}年，本机关认真贯彻《条例》，扎实推进政务公开工作。",
            f"（{n[0]}）主动公开",
            "通过门户网站主动公开政府信息，及时发布政策解读。",
            f"（{n[1]}）依申请公开",
            f"全年新收政府信息公开申请{new}件，办结{done}件。",
            f"（{n[2]}）政府信息管理",
            "一是规范发布审核。二是做好保密审查。三是动态更新目录。",
            f"（{n[3]}）政府信息公开平台建设",
            "加强政府网站和政务新媒体建设。",
            f"（{n[4]}）监督保障",
            "健全工作制度，开展业务培训和考核监督。",
        ]
    )


PROBLEMS = (
    "一是主动公开的及时性有待提高；二是政策解读形式不够丰富。"
    "下一步，我们将完善工作机制，丰富解读形式。"
)
OTHER = "本年度未收取信息处理费。"


def render_text(
    data: ReportData,
    m: Mangle | None = None,
    *,
    overview_text: str | None = None,
    problems: str = PROBLEMS,
    other: str = OTHER,
) -> str:
    m = m or Mangle()
    lay = data.format_layout
    out: list[str] = [data.organ, f"{data.year}年政府信息公开工作年度报告", ""]
    out.append(f"本报告所列数据的统计期限自{data.year}年1月1日至{data.year}年12月31日。")
    out.append(fmt.part("overview").heading)
    out.append(overview_text if overview_text is not None else overview(data))
    # table 二
    out.append(fmt.part("active").heading)
    t2 = data.table2(lay)
    for block in lay.active_blocks:
        out.append(block.caption)
        out.append(" ".join(["信息内容", *(label for _, label, _ in block.columns)]))
        for row in block.rows:
            cells = [
                _cell(t2[f"{row.key}.{k}" if k else row.key].value, m) for k, _, _ in block.columns
            ]
            out.append(f"{row.label} {_join(cells, Mangle(blank=m.blank))}")
    # table 三
    out.append(fmt.part("applications").heading)
    out.append(fmt.TABLE3_BALANCE_NOTE)
    out.append(fmt.TABLE3_HEADER)
    out.append(" ".join(c.label for c in fmt.APPLICANT_COLUMNS))
    out.extend(_table3(data, m))
    # table 四
    out.append(fmt.part("review").heading)
    out.append(" ".join(g.label for g in fmt.REVIEW_GROUPS))
    out.append(" ".join(c.label for c in fmt.REVIEW_COLUMNS) * 3)
    t4 = data.table4()
    nums = [_cell(t4[g.key][c.key].value, m) for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS]
    out.append(_join(nums, m))
    out.append(fmt.part("problems").heading)
    out.append(problems)
    out.append(fmt.part("other").heading)
    out.append(other)
    return "\n".join(out) + "\n"


def _vertical(text: str, m: Mangle) -> str:
    return "\n".join(text) if m.vertical else text


def _table3(data: ReportData, m: Mangle) -> list[str]:
    lay = data.format_layout
    grid = data.table3(lay)
    rows = data.table3_rows(lay)
    out: list[str] = []
    labels: list[str] = []
    columns: list[list[str]] = [[] for _ in fmt.APPLICANT_COLUMNS]
    group = None
    results_said = False
    for n, r in enumerate(rows, start=1):
        if r.role in ("outcome", "total") and not results_said:
            out.append(_vertical(fmt.TABLE3_RESULTS, m))
            results_said = True
        if r.group and r.group != group:
            out.append(_vertical(r.group, m))
        group = r.group or None
        cells = [_cell(c.value, m) for c in grid[r.key]]
        label = r.printed
        if m.column_major:
            labels.append(label)
            for i, c in enumerate(cells):
                columns[i].append(c)
            continue
        if m.wrap and len(label) > m.wrap:
            out.append(label[: m.wrap])
            out.append(_join(cells, m))
            out.append(label[m.wrap :])
        else:
            out.append(f"{label} {_join(cells, m)}")
        if m.page_marker_every and n % m.page_marker_every == 0:
            out.append(f"- {n // m.page_marker_every + 2} -")
    if m.column_major:
        out.extend(labels)
        for col in columns:
            out.extend(col)
    return out
