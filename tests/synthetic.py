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


# --- held-out shapes: what other portals, Word files and PDFs print ------------------------------


@dataclass(frozen=True)
class Shape:
    """Ways published reports print their figures and layout that `Mangle` and `Portal` do not
    make: full-width digits, thousands separators, blank marks in table 二, the fee as 0.00 or
    ——, footnote markers, a running page header inside a table, other row numbering, table 四
    in three rows of five or one column, the year only in the statistics period, part 五 under
    another title."""

    fullwidth: bool = False  # digits printed １２３
    thousands: str = ""  # "," or "，" between thousands (1,286 / 1，286)
    t2_blank: str = (
        ""  # table 二's zero cells printed as this mark ("—", "/", "无", " " lost): blank
    )
    fee: str = ""  # a zero fee printed as "0.00" or "——" (blank)
    footnotes: bool = False  # ①② after some labels, a 注 line under the table
    sup: bool = False  # footnote numbers 1, 2 right after labels (superscripts flattened by PDF)
    two_row_header: bool = False  # 自然人 法人或其他组织 总计 / 商业企业 … on the line below
    group_totals: bool = (
        False  # （三）不予公开 … printed with its subtotals (not rows of the format)
    )
    running_header: int = 0  # the organ, the title and 第n页 共m页 after every n-th row of 三
    numbering: str = ""  # table 三's row numbers: "ascii" (一)/(1), "dun" 1、, "circled" ①
    t4: str = ""  # "rows" (3 rows of 5, each with its group), "column" (one number a line)
    title: str = ""  # "niandu" (2024年度…), "period" (no year in the title), "two-lines",
    # "year-after" (…年度报告（2024年度）, no statistics period), "guanyu" (关于<organ>…)
    problems_title: str = ""  # part 五's heading as printed, if not the format's
    spaced: bool = False  # labels with spaces between characters (PDF justified text)


_CIRCLED = "①②③④⑤⑥⑦⑧⑨"


def _num(v: int | Decimal | None, s: Shape, blank: str = "") -> str:
    if v is None:
        return blank or "—"
    text = str(v)
    if s.thousands and isinstance(v, int) and abs(v) >= 1000:
        text = f"{v:,}".replace(",", s.thousands)
    if s.fullwidth:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text


def _renumber(number: str, s: Shape) -> str:
    if s.numbering == "ascii":
        return number.replace("（", "(").replace("）", ")").replace("1.", "(1)")
    if s.numbering == "dun":
        return number.replace(".", "、") if number[:1].isdigit() else number
    if s.numbering == "circled" and number[:1].isdigit():
        return _CIRCLED[int(number.rstrip(".")) - 1]
    return number


def _group_sums(data: ReportData, group: str) -> list[int]:
    """The column sums of a group of table 三's outcome rows (a subtotal some reports print)."""
    lay = data.format_layout
    grid = data.table3(lay)
    rows = [r for r in data.table3_rows(lay) if r.group == group]
    return [sum(grid[r.key][j].value or 0 for r in rows) for j in range(len(fmt.APPLICANT_COLUMNS))]


def shape_data(data: ReportData, s: Shape) -> ReportData:
    """The data as the shaped report states it: table 二's zero cells blank where the report
    prints them with a blank mark, a zero fee blank where it is printed ——."""
    if not s.t2_blank and s.fee != "——":
        return data
    raw = data.model_dump(mode="python", exclude_unset=True)
    active = raw.get("active") or {}
    for key, v in active.items():
        if isinstance(v, dict):
            for k, x in v.items():
                if s.t2_blank and x == 0 and k != "change":
                    v[k] = None
        elif v == 0 and (s.t2_blank or (key == "fees" and s.fee == "——")):
            active[key] = None
    return ReportData.model_validate(raw)


def shaped_text(data: ReportData, s: Shape) -> str:
    """`data` (as `shape_data` left it) as a report's text in the shape `s`."""
    lay = data.format_layout
    sp = (lambda t: " ".join(t)) if s.spaced else (lambda t: t)
    title = f"{data.year}年政府信息公开工作年度报告"
    if s.title == "niandu":
        title = f"{data.year}年度政府信息公开工作年度报告"
    elif s.title == "period":
        title = "政府信息公开工作年度报告"
    out: list[str] = []
    if s.title == "two-lines":
        out += [data.organ, f"{data.year}年政府信息公开工作", "年度报告", ""]
    elif s.title == "year-after":  # the year in brackets after the title, no statistics period
        out += [f"{data.organ}政府信息公开工作年度报告（{data.year}年度）", ""]
    elif s.title == "guanyu":
        out += [f"关于{data.organ}{data.year}年政府信息公开工作年度报告", ""]
    else:
        out += [data.organ, title, ""]
    if s.title != "year-after":
        out.append(f"本报告所列数据的统计期限自{data.year}年1月1日起至{data.year}年12月31日止。")
    out.append(fmt.part("overview").heading)
    out.append(overview(data))
    out.append(fmt.part("active").heading)
    t2 = data.table2(lay)
    for block in lay.active_blocks:
        out.append(block.caption)
        out.append(" ".join(["信息内容", *(label for _, label, _ in block.columns)]))
        for row in block.rows:
            cells = []
            for k, _, kind in block.columns:
                v = t2[f"{row.key}.{k}" if k else row.key].value
                if kind == "amount" and v is not None and v == 0 and s.fee == "0.00":
                    cells.append("0.00")
                elif kind == "amount" and v is None and s.fee == "——":
                    cells.append("——")
                else:
                    cells.append(_num(v, s, s.t2_blank))
            out.append(f"{sp(row.label)} {' '.join(cells)}")
    out.append(fmt.part("applications").heading)
    out.append(fmt.TABLE3_BALANCE_NOTE)
    out.append(fmt.TABLE3_HEADER)
    if s.two_row_header:
        cols = fmt.APPLICANT_COLUMNS
        out.append(f"{cols[0].label} 法人或其他组织 {cols[-1].label}")
        out.append(" ".join(c.label for c in cols[1:-1]))
    else:
        out.append(" ".join(c.label for c in fmt.APPLICANT_COLUMNS))
    grid = data.table3(lay)
    group = None
    said = False
    marks = iter("12" if s.sup else _CIRCLED)
    notes: list[str] = []
    for n, r in enumerate(data.table3_rows(lay), start=1):
        if r.role in ("outcome", "total") and not said:
            out.append(fmt.TABLE3_RESULTS)
            said = True
        if r.group and r.group != group:
            head = _renumber(r.group[:3], s) + sp(r.group[3:])
            if s.group_totals:
                head += " " + " ".join(_num(v, s) for v in _group_sums(data, r.group))
            out.append(head)
        group = r.group or None
        label = _renumber(r.number, s) + sp(r.label)
        if (s.footnotes or s.sup) and r.role in ("new", "carried_forward"):
            mark = next(marks)
            label += mark
            notes.append(f"{mark}{'.' if s.sup else ''}含通过网络、信函等方式提出的申请。")
        cells = [_num(c.value, s) for c in grid[r.key]]
        out.append(f"{label} {' '.join(cells)}")
        if s.running_header and n % s.running_header == 0:
            page = n // s.running_header + 3
            out += [f"第 {page} 页 共 9 页", f"{data.organ}{data.year}年政府信息公开工作年度报告"]
    if notes:
        out.append("注：" + "".join(notes))
    out.append(fmt.part("review").heading)
    t4 = data.table4()
    if s.t4 == "rows":
        out.append("项目 " + " ".join(c.label for c in fmt.REVIEW_COLUMNS))
        for g in fmt.REVIEW_GROUPS:
            out.append(
                f"{g.label} "
                + " ".join(_num(t4[g.key][c.key].value, s) for c in fmt.REVIEW_COLUMNS)
            )
    else:
        out.append(" ".join(g.label for g in fmt.REVIEW_GROUPS))
        out.append(" ".join(c.label for c in fmt.REVIEW_COLUMNS) * 3)
        nums = [
            _num(t4[g.key][c.key].value, s) for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS
        ]
        out.append(("\n" if s.t4 == "column" else " ").join(nums))
    heading = fmt.part("problems").heading
    if s.problems_title:
        heading = f"{fmt.part('problems').number}、{s.problems_title}"
    out.append(heading)
    out.append(PROBLEMS)
    out.append(fmt.part("other").heading)
    out.append(OTHER)
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Page:
    """A report as a portal's HTML page: the article inside a layout table, table 三's header
    spanned another way, <br> inside label cells, &nbsp; and full-width spaces in cells, numbers
    in <span>s, table 三 split in two tables (the header repeated), table 四 as a grid."""

    layout_table: bool = True  # the whole article inside a <table> cell (nested tables)
    header: str = "groups"  # table 三's header: "groups" (法人或其他组织 colspan), "flat"
    br_labels: bool = False  # long labels broken with <br>
    nbsp: bool = False  # &nbsp; / full-width spaces around numbers and labels
    spans: bool = False  # every number in <span style=…>
    split: bool = False  # table 三 printed as two tables, the header repeated
    number_cells: bool = False  # table 三's row numbers (一、 （一）) in a cell of their own
    group_totals: bool = False  # each outcome group on a row of its own with its subtotals
    vertical: bool = False  # the merged group labels one character a line (<br> between)
    t4_parents: bool = False  # table 四's header in three rows: 行政诉讼 over its two groups
    empty_zeros: bool = False  # table 三's zero cells (not its totals) printed empty: blank


def _esc(t: str) -> str:
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page_data(data: ReportData, p: Page) -> ReportData:
    """The data as the page states it: table 三's zero cells blank where it prints them empty
    (every row but （七）总计, every column but 总计)."""
    if not p.empty_zeros:
        return data
    raw = data.model_dump(mode="python", exclude_unset=True)
    apps = raw.get("applications") or {}
    for key, row in apps.items():
        if key != "total" and isinstance(row, list):
            apps[key] = [None if v == 0 and j < len(row) - 1 else v for j, v in enumerate(row)]
    return ReportData.model_validate(raw)


def shaped_html(data: ReportData, p: Page) -> str:
    """`data` as a portal page in the shape `p` (UTF-8 HTML)."""
    lay = data.format_layout
    pad = (lambda t: f"&nbsp;{t}&nbsp;") if p.nbsp else (lambda t: t)
    num = (lambda t: f'<span style="font-family:仿宋">{t}</span>') if p.spans else (lambda t: t)

    def label(t: str) -> str:
        t = _esc(t)
        if p.br_labels and len(t) > 10:
            return t[:8] + "<br/>" + t[8:]
        return pad(t)

    def td(t: str, cs: int = 1, rs: int = 1) -> str:
        attrs = (f" colspan={cs}" if cs > 1 else "") + (f" rowspan={rs}" if rs > 1 else "")
        return f"<td{attrs}><p>{t}</p></td>"

    body: list[str] = [
        f'<p class="title">{_esc(data.organ)}{data.year}年政府信息公开工作年度报告</p>',
        f"<p>本报告所列数据的统计期限自{data.year}年1月1日至{data.year}年12月31日。</p>",
        f"<p>{fmt.part('overview').heading}</p>",
    ]
    body += [f"<p>{_esc(x)}</p>" for x in overview(data).split("\n")]
    body.append(f"<p>{fmt.part('active').heading}</p>")
    t2 = data.table2(lay)
    rows2: list[str] = []
    for block in lay.active_blocks:
        cols = block.columns
        rows2.append(f"<tr>{td(block.caption, len(cols) + 1)}</tr>")
        rows2.append("<tr>" + td("信息内容") + "".join(td(lab) for _, lab, _ in cols) + "</tr>")
        for row in block.rows:
            cells = [t2[f"{row.key}.{k}" if k else row.key].value for k, _, _ in cols]
            rows2.append(
                "<tr>"
                + td(label(row.label))
                + "".join(td(num(pad(str(c)))) for c in cells)
                + "</tr>"
            )
    body.append('<table border="1">' + "".join(rows2) + "</table>")
    body.append(f"<p>{fmt.part('applications').heading}</p>")
    orgs = fmt.APPLICANT_COLUMNS[1:-1]
    if p.header == "groups":
        head = (
            f"<tr>{td(fmt.TABLE3_HEADER.split()[0], 3, 3)}"
            f"{td('申请人情况', 7)}</tr>"
            f"<tr>{td(fmt.APPLICANT_COLUMNS[0].label, rs=2)}"
            f"{td('法人或其他组织', len(orgs))}"
            f"{td(fmt.APPLICANT_COLUMNS[-1].label, rs=2)}</tr>"
            "<tr>" + "".join(td(c.label) for c in orgs) + "</tr>"
        )
    else:
        head = "<tr>" + td("", 3) + "".join(td(c.label) for c in fmt.APPLICANT_COLUMNS) + "</tr>"
    grid = data.table3(lay)
    all_rows = data.table3_rows(lay)

    def t3_rows(rows: list[fmt.AppRow]) -> str:
        """Rows of table 三, every rowspan counted within these rows."""
        out: list[str] = []
        said = False
        group = None
        for r in rows:
            cells = "".join(
                td("" if c.value is None else num(pad(str(c.value)))) for c in grid[r.key]
            )
            if r.role in ("new", "carried_over", "carried_forward") and p.number_cells:
                out.append(f"<tr>{td(r.number)}{td(label(r.label), 2)}{cells}</tr>")
                continue
            if r.role in ("new", "carried_over", "carried_forward"):
                out.append(f"<tr>{td(label(r.printed), 3)}{cells}</tr>")
                continue
            first = ""
            if not said:
                n_out = sum(1 for x in rows if x.role in ("outcome", "total"))
                first = td(_esc(fmt.TABLE3_RESULTS), rs=n_out)
                said = True
            if r.group and p.group_totals:
                if r.group != group:
                    sums = "".join(td(num(str(v))) for v in _group_sums(data, r.group))
                    out.append(f"<tr>{first}{td(label(r.group), 2)}{sums}</tr>")
                    first = ""
                out.append(f"<tr>{first}{td(label(r.printed), 2)}{cells}</tr>")
            elif r.group:
                if r.group != group:
                    n_grp = sum(1 for x in rows if x.group == r.group)
                    text = "<br/>".join(r.group) if p.vertical else label(r.group)
                    first += td(text, rs=n_grp)
                out.append(f"<tr>{first}{td(label(r.printed))}{cells}</tr>")
            elif p.number_cells:
                out.append(f"<tr>{first}{td(r.number)}{td(label(r.label))}{cells}</tr>")
            else:
                out.append(f"<tr>{first}{td(label(r.printed), 2)}{cells}</tr>")
            group = r.group or None
        return "".join(out)

    if p.split:
        cut = 9  # inside （三）不予公开: its rowspans restart in the second table
        body.append(f'<table border="1">{head}{t3_rows(all_rows[:cut])}</table>')
        body.append("<p>（续表）</p>")
        body.append(f'<table border="1">{head}{t3_rows(all_rows[cut:])}</table>')
    else:
        body.append(f'<table border="1">{head}{t3_rows(all_rows)}</table>')
    body.append(f"<p>{fmt.part('review').heading}</p>")
    t4 = data.table4()
    width4 = len(fmt.REVIEW_COLUMNS)
    labels4 = "".join(td(c.label) for _ in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS)
    if p.t4_parents:  # 行政复议 | 行政诉讼 over 未经复议直接起诉 | 复议后起诉
        first, *suits = fmt.REVIEW_GROUPS
        head4 = (
            f"<tr>{td(first.label, width4, 2)}{td(suits[0].parent, width4 * len(suits))}</tr>"
            "<tr>" + "".join(td(g.label, width4) for g in suits) + "</tr>"
            f"<tr>{labels4}</tr>"
        )
    else:
        head4 = (
            "<tr>" + "".join(td(g.label, width4) for g in fmt.REVIEW_GROUPS) + "</tr>"
            f"<tr>{labels4}</tr>"
        )
    nums4 = "".join(
        td(num(pad(str(t4[g.key][c.key].value))))
        for g in fmt.REVIEW_GROUPS
        for c in fmt.REVIEW_COLUMNS
    )
    body.append(f'<table border="1">{head4}<tr>{nums4}</tr></table>')
    body.append(f"<p>{fmt.part('problems').heading}</p><p>{PROBLEMS}</p>")
    body.append(f"<p>{fmt.part('other').heading}</p><p>{OTHER}</p>")
    article = "\n".join(body)
    if p.layout_table:
        article = (
            '<table width="100%"><tr><td>当前位置：首页 &gt; 政务公开</td></tr>'
            f'<tr><td class="article">{article}</td></tr></table>'
        )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{_esc(data.organ)}{data.year}年政府信息公开工作年度报告</title></head>"
        f"<body>{article}</body></html>"
    )


@dataclass(frozen=True)
class Sheet:
    """A report as a Word file made by hand: table 三's header cells merged (申请人情况 over the
    columns, 法人或其他组织 over five, the label block down three rows), its group labels merged
    down their rows, blank rows, table 三 split into two tables at a page break."""

    split: bool = False
    blank_rows: bool = False
    merged_labels: bool = True  # the outcome groups in a merged first column
    title_box: bool = False  # the organ and title in a text box (not a paragraph of the body)
    in_table: bool = False  # the whole report in one cell of a layout table (from a web page)
    widths: bool = False  # label columns wide, number columns narrow (as people lay tables out)


def shaped_docx(data: ReportData, s: Sheet) -> bytes:
    """`data` as a .docx in the shape `s` (python-docx; tests only)."""
    import io

    import docx
    from docx.oxml.ns import qn

    lay = data.format_layout
    doc = docx.Document()
    if s.title_box:
        from docx.oxml import parse_xml

        box = (
            '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict>'
            '<v:shape style="width:400pt;height:60pt"><v:textbox><w:txbxContent>'
            f"<w:p><w:r><w:t>{data.organ}</w:t></w:r></w:p>"
            f"<w:p><w:r><w:t>{data.year}年政府信息公开工作年度报告</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
        )
        doc.element.body.insert(0, parse_xml(box))
    else:
        doc.add_paragraph(data.organ)
        doc.add_paragraph(f"{data.year}年政府信息公开工作年度报告")
    doc.add_paragraph(f"本报告所列数据的统计期限自{data.year}年1月1日至{data.year}年12月31日。")
    doc.add_paragraph(fmt.part("overview").heading)
    for line in overview(data).split("\n"):
        doc.add_paragraph(line)
    doc.add_paragraph(fmt.part("active").heading)
    t2 = data.table2(lay)
    n2 = sum(2 + len(b.rows) for b in lay.active_blocks)
    table = doc.add_table(rows=n2, cols=4)
    table.style = "Table Grid"
    i = 0
    for block in lay.active_blocks:
        cap = table.cell(i, 0).merge(table.cell(i, 3))
        cap.text = block.caption
        i += 1
        heads = ["信息内容", *(lab for _, lab, _ in block.columns)]
        if len(heads) == 2:
            table.cell(i, 1).merge(table.cell(i, 3))
        for j, h in enumerate(heads):
            table.cell(i, j).text = h
        i += 1
        for row in block.rows:
            vals = [t2[f"{row.key}.{k}" if k else row.key].value for k, _, _ in block.columns]
            if len(vals) == 1:
                table.cell(i, 1).merge(table.cell(i, 3))
            table.cell(i, 0).text = row.label
            for j, v in enumerate(vals):
                table.cell(i, j + 1).text = str(v)
            i += 1
    doc.add_paragraph(fmt.part("applications").heading)
    rows = list(data.table3_rows(lay))
    grid = data.table3(lay)
    pieces = [rows[:12], rows[12:]] if s.split else [rows]
    ncol = 2 + len(fmt.APPLICANT_COLUMNS)
    for n, piece in enumerate(pieces):
        if n:
            doc.add_paragraph("")
        groups = [r.group for r in piece if r.group]
        blanks = len(dict.fromkeys(groups)) if s.blank_rows else 0
        t = doc.add_table(rows=3 + len(piece) + blanks, cols=ncol)
        t.style = "Table Grid"
        t.cell(0, 0).merge(t.cell(2, 1)).text = fmt.TABLE3_HEADER.split()[0]
        t.cell(0, 2).merge(t.cell(0, ncol - 1)).text = "申请人情况"
        t.cell(1, 2).merge(t.cell(2, 2)).text = fmt.APPLICANT_COLUMNS[0].label
        t.cell(1, 3).merge(t.cell(1, ncol - 2)).text = "法人或其他组织"
        t.cell(1, ncol - 1).merge(t.cell(2, ncol - 1)).text = fmt.APPLICANT_COLUMNS[-1].label
        for j, c in enumerate(fmt.APPLICANT_COLUMNS[1:-1]):
            t.cell(2, 3 + j).text = c.label
        i = 3
        group = None
        for r in piece:
            if s.blank_rows and r.group and r.group != group:
                i += 1  # an empty row before each group
            if r.group and s.merged_labels:
                if r.group != group:
                    size = sum(1 for x in piece if x.group == r.group)
                    t.cell(i, 0).merge(t.cell(i + size - 1, 0)).text = r.group
                t.cell(i, 1).text = r.printed
            elif r.group:
                t.cell(i, 0).text = r.group
                t.cell(i, 1).text = r.printed
            else:
                t.cell(i, 0).merge(t.cell(i, 1)).text = r.printed
            group = r.group or None
            for j, c in enumerate(grid[r.key]):
                t.cell(i, 2 + j).text = str(c.value)
            i += 1
    doc.add_paragraph(fmt.part("review").heading)
    t4 = data.table4()
    width = len(fmt.REVIEW_COLUMNS)
    t = doc.add_table(rows=3, cols=width * len(fmt.REVIEW_GROUPS))
    t.style = "Table Grid"
    for g_i, g in enumerate(fmt.REVIEW_GROUPS):
        t.cell(0, g_i * width).merge(t.cell(0, g_i * width + width - 1)).text = g.label
        for j, c in enumerate(fmt.REVIEW_COLUMNS):
            t.cell(1, g_i * width + j).text = c.label
            t.cell(2, g_i * width + j).text = str(t4[g.key][c.key].value)
    doc.add_paragraph(fmt.part("problems").heading)
    doc.add_paragraph(PROBLEMS)
    doc.add_paragraph(fmt.part("other").heading)
    doc.add_paragraph(OTHER)
    if s.in_table:
        body = doc.element.body
        content = [el for el in body if not el.tag.endswith("}sectPr")]
        outer = doc.add_table(rows=1, cols=1)
        cell = outer.cell(0, 0)._tc
        for p in cell.findall(qn("w:p")):
            cell.remove(p)  # the cell's empty paragraph: the report's own end the cell
        for el in content:
            body.remove(el)
            cell.append(el)
    if s.widths:
        from docx.shared import Cm

        for t in doc.tables:
            n = len(t.columns)
            sizes = {4: [5.0, 3.0, 3.0, 3.0], 2 + len(fmt.APPLICANT_COLUMNS): [2.0, 5.0]}.get(n, [])
            t.autofit = False
            cols = t._tbl.tblGrid.findall(qn("w:gridCol"))
            for j, column in enumerate(t.columns):
                width = Cm(sizes[j] if j < len(sizes) else (1.3 if n > 4 else 1.0))
                cols[j].set(qn("w:w"), str(int(width.twips)))
                for cell in column.cells:
                    cell.width = width
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
