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


# --- random data and the shapes of text copied from portal pages --------------------------------


def random_data(seed: int, year: int = 2024) -> ReportData:
    """A plausible organ's year, all sums right: mostly zeros, a few busy cells, sometimes
    numbers in the thousands (a city's 行政许可), in the layout of `year`."""
    import random

    rnd = random.Random(seed)
    lay = fmt.layout_for_year(year)

    def few(top: int, zero: float = 0.5) -> int:
        if rnd.random() < zero:
            return 0
        return int(rnd.random() ** 2.5 * top) + 1

    active: dict[str, object] = {}
    for block in lay.active_blocks:
        for row in block.rows:
            if len(block.columns) == 1:
                key, _, kind = block.columns[0]
                v: object = few(rnd.choice([20, 400, 6000]), 0.35)
                if kind == "amount":
                    v = rnd.choice([0, 0, Decimal("1.5"), Decimal("23.42")])
                active[row.key] = v
            else:
                issued, repealed = few(rnd.choice([5, 60])), few(8, 0.7)
                prior = few(rnd.choice([30, 300]), 0.3)
                cells = {
                    "issued": issued,
                    "repealed": repealed,
                    "in_force": issued + few(rnd.choice([30, 700]), 0.2),
                    "made": issued,
                    "published": issued,
                    "prior_items": prior,
                    "change": rnd.choice([0, 0, 0, 1, 2, -1]) if prior else 0,
                    "decisions": few(rnd.choice([20, 400, 6000]), 0.35),
                }
                active[row.key] = {k: cells.get(k, 0) for k, _, _ in block.columns}
    scale = rnd.choice([3, 30, 300, 3000])
    width = len(fmt.APPLICANT_COLUMNS) - 1
    tops = [scale, scale // 5 + 1, 2, 2, scale // 20 + 1, scale // 10 + 1]
    new = [few(t, 0.3 if j == 0 else 0.8) for j, t in enumerate(tops)]
    carried = [few(max(1, n // 10), 0.7) if n else 0 for n in new]
    outcomes = [r.key for r in lay.outcome_rows]
    busy = ["granted", "partially_granted", "unable_not_held"]
    rows: dict[str, list[int]] = {k: [0] * width for k in outcomes}
    forward = [0] * width
    for j in range(width):
        left = new[j] + carried[j]
        forward[j] = few(max(1, left // 8), 0.6) if left else 0
        forward[j] = min(forward[j], left)
        left -= forward[j]
        while left:
            key = rnd.choice(busy) if rnd.random() < 0.75 else rnd.choice(outcomes)
            take = min(left, rnd.randint(1, max(1, left // 2 + 1)))
            rows[key][j] += take
            left -= take
    applications: dict[str, list[int]] = {
        "new": new,
        "carried_over": carried,
        **rows,
        "carried_forward": forward,
    }
    review: list[int] = []
    for _ in fmt.REVIEW_GROUPS:
        g = [few(4, 0.8) for _ in range(len(fmt.REVIEW_COLUMNS) - 1)]
        review += [*g, sum(g)]
    return ReportData.model_validate(
        {
            "organ": rnd.choice(["示例市人民政府", "示例县交通运输局", "示例区城关街道办事处"]),
            "year": year,
            "active": active,
            "applications": {k: [*v, sum(v)] for k, v in applications.items()},
            "review_litigation": review,
        }
    )


@dataclass(frozen=True)
class Portal:
    """How a report copied from a portal page as text comes out (the shape the tables lose
    most in): the whole report on one line or on a few, each row's label followed by its digits
    run together or irregularly spaced, numbering changed, long labels cut or misspelt."""

    seed: int = 0
    one_line: bool = True  # every line joined into one
    space: float = 0.3  # chance of a space between two cells of a row
    label_space: float = 0.5  # chance of a space between a label and its digits
    typos: float = 0.1  # chance a long label is misspelt (a character dropped or swapped)
    short_labels: float = 0.3  # chance a label's bracketed remark is left out
    renumber: bool = False  # 1. → （1）, （一） → (一)
    detached: bool = False  # each row's values on the line after its label
    markdown: bool = False  # table 三 as Markdown rows under a lost header (数据1 …)
    wrapped: float = 0.0  # chance a long label is cut, its tail after the row's digits


def portal_text(data: ReportData, p: Portal | None = None) -> str:
    """`data` as a report copied out of a portal page, tables mangled as `p` says."""
    import random

    p = p or Portal()
    rnd = random.Random(p.seed)
    lay = data.format_layout

    def cells(values: list[str]) -> str:
        out = values[0] if values else ""
        for v in values[1:]:
            out += (" " * rnd.choice([1, 1, 2]) if rnd.random() < p.space else "") + v
        return out

    def label(text: str, number: str = "") -> str:
        if rnd.random() < p.short_labels and "（" in text and not text.startswith("（"):
            text = text[: text.index("（")]
        if len(text) >= 8 and rnd.random() < p.typos:
            i = rnd.randrange(2, len(text) - 2)
            text = (
                text[:i] + text[i + 1 :] if rnd.random() < 0.5 else text[:i] + "的" + text[i + 1 :]
            )
        if p.renumber and number:
            number = number.replace("（", "(").replace("）", ")")
            if number[:1].isdigit():
                number = f"({number.rstrip('.．')})"
        return number + text

    def row(lab: str, values: list[str]) -> str:
        if p.detached:
            return f"{lab}\n{cells(values)}"
        sep = " " if rnd.random() < p.label_space else ""
        if len(lab) > 12 and rnd.random() < p.wrapped:
            cut = rnd.randrange(8, len(lab) - 2)
            return f"{lab[:cut]}{sep}{cells(values)} {lab[cut:]}"
        return f"{lab}{sep}{cells(values)}"

    out: list[str] = [f"{data.organ}{data.year}年政府信息公开工作年度报告"]
    out.append(f"本报告中有关情况的统计期限为{data.year}年1月1日至12月31日。")
    out.append(fmt.part("overview").heading)
    out.append(overview(data))
    out.append(fmt.part("active").heading)
    t2 = data.table2(lay)
    for block in lay.active_blocks:
        out.append(block.caption + " ".join(["信息内容", *(lab for _, lab, _ in block.columns)]))
        for r in block.rows:
            vals = [
                _cell(t2[f"{r.key}.{k}" if k else r.key].value, Mangle())
                for k, _, _ in block.columns
            ]
            out.append(row(label(r.label), vals))
    out.append(fmt.part("applications").heading)
    out.append(fmt.TABLE3_BALANCE_NOTE)
    out.append(fmt.TABLE3_HEADER + " " + " ".join(c.label for c in fmt.APPLICANT_COLUMNS))
    grid = data.table3(lay)
    group = None
    said = False
    if p.markdown:
        out.append(
            "| 项目 | "
            + " | ".join(f"数据{i + 1}" for i in range(len(fmt.APPLICANT_COLUMNS)))
            + " |"
        )
        out.append("|" + " --- |" * (len(fmt.APPLICANT_COLUMNS) + 1))
    for r in data.table3_rows(lay):
        vals = [_cell(c.value, Mangle()) for c in grid[r.key]]
        heads: list[str] = []
        if r.role in ("outcome", "total") and not said:
            heads.append(fmt.TABLE3_RESULTS)
            said = True
        if r.group and r.group != group:
            heads.append(label(r.group))
        group = r.group or None
        lab = label(r.label, r.number)
        if p.markdown:
            out.append("| " + "".join(heads) + lab + " | " + " | ".join(vals) + " |")
        else:
            out.append(" ".join([*heads, row(lab, vals)]))
    out.append(fmt.part("review").heading)
    out.append(" ".join(g.label for g in fmt.REVIEW_GROUPS))
    out.append(" ".join(c.label for c in fmt.REVIEW_COLUMNS) * 3)
    t4 = data.table4()
    out.append(
        cells(
            [
                _cell(t4[g.key][c.key].value, Mangle())
                for g in fmt.REVIEW_GROUPS
                for c in fmt.REVIEW_COLUMNS
            ]
        )
    )
    out.append(fmt.part("problems").heading + PROBLEMS)
    out.append(fmt.part("other").heading + OTHER)
    if p.one_line and not p.markdown:
        flat = " ".join(out) if rnd.random() < 0.5 else "".join(out)
        return flat.replace("\n", "") + "\n"
    return "\n".join(out) + "\n"
