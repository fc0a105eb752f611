"""The assembled report: what every renderer reads, and the one function that builds it.

`assemble(data, narrative)` turns the counts file and the narrative into a `Report`: the title,
the preamble, the six parts in order with their canonical headings, the narrative sub-headings
numbered 一、→（一）→1.→（1）, and tables 二, 三 and 四 laid out cell by cell with their merges as in
the national template. Renderers (`render/`) only read a `Report`; none of them computes a
number, a label or a heading number, so the Word, HTML and Markdown files cannot disagree.

Each table is held twice, from the same cells: `rows` is the printed layout (every cell with its
rowspan/colspan, as in the template), `flat` is a plain grid per block (row label as printed ×
column label) for pipe tables and for reading the figures back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Literal, cast

from pydantic import BaseModel, Field

from nianbao import format as fmt
from nianbao.model import Cell, Contact, ReportData
from nianbao.narrative import (
    PLACEHOLDER,
    FigureRef,
    Narrative,
    NarrativePartKey,
    Paragraph,
    strip_number,
)

__all__ = [
    "PLACEHOLDER",
    "Block",
    "FlatRow",
    "FlatTable",
    "Heading",
    "Report",
    "ReportPart",
    "Table",
    "TableCell",
    "assemble",
    "cell_text",
]

"""The paragraph printed under a narrative heading when no text was given."""

CellKind = Literal["caption", "header", "label", "value", "note"]


class Heading(BaseModel):
    """A numbered heading: level 1 一、, 2 （一）, 3 1., 4 （1）."""

    level: int = Field(ge=1, le=4)
    number: str
    text: str

    @property
    def full(self) -> str:
        return f"{self.number}{self.text}"


class Block(BaseModel):
    """A run of narrative: an optional sub-heading and its paragraphs."""

    heading: Heading | None = None
    paragraphs: list[str] = Field(default_factory=list)
    placeholder: bool = False
    sources: list[Paragraph] = Field(
        default_factory=list,
        description=(
            "the narrative paragraph behind each printed one (same order, text as printed, "
            "figure offsets in the printed text): who wrote it and where each figure came from; "
            "empty for a placeholder. Renderers of the report ignore it; the review page reads it."
        ),
    )


class TableCell(BaseModel):
    """One printed cell of a table (a merged cell is one `TableCell` with spans)."""

    text: str
    kind: CellKind
    rowspan: int = 1
    colspan: int = 1
    id: str | None = Field(None, description="stable id of a value cell: t3.new.natural_person")
    blank: bool = Field(False, description="a value cell left blank in the data")
    vertical: bool = Field(False, description="text set vertically (三、本年度办理结果)")


class FlatRow(BaseModel):
    label: str
    values: list[TableCell]


class FlatTable(BaseModel):
    """One block of a table as a plain grid: the row labels as printed, one header row."""

    caption: str = ""
    header: list[str]
    rows: list[FlatRow]
    note: str = ""


class Table(BaseModel):
    """A table as printed: rows of the cells that start in them (the HTML model of spans)."""

    key: Literal["active", "applications", "review"]
    widths: list[float] = Field(description="relative column widths, in characters")
    header_rows: int = Field(description="rows repeated at the top of each printed page")
    rows: list[list[TableCell]]
    flat: list[FlatTable]

    @property
    def columns(self) -> int:
        return len(self.widths)

    def positions(self) -> Iterator[tuple[int, int, TableCell]]:
        """Each cell with the grid row and column of its top-left corner."""
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                yield r, c, cell
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan


class ReportPart(BaseModel):
    """One of the six parts: a narrative (blocks) or a table."""

    key: fmt.PartKey
    heading: Heading
    blocks: list[Block] = Field(default_factory=list)
    table: Table | None = None


class Report(BaseModel):
    """The whole report, ready to render."""

    title: str
    organ: str
    year: int
    layout: fmt.LayoutKey
    preamble: list[str] = Field(default_factory=list)
    parts: list[ReportPart]
    signature: list[str] = Field(default_factory=list, description="落款: organ, date")

    def title_words(self) -> list[list[str]]:
        """The title as published reports set it, in lines of words: the organ's name (split
        into its administrative units: 青石县 / 自然资源局) on the first line, the year and
        政府信息公开 / 工作年度报告 on the next. A renderer breaks a line only between words."""
        if not self.organ or not self.title.startswith(self.organ) or self.title == self.organ:
            return [[self.title]]
        rest = self.title[len(self.organ) :]
        return [_ORGAN_WORD.findall(self.organ), [w for w in _TITLE_WORD.split(rest) if w]]

    def title_lines(self, width: float = 20) -> list[str]:
        """The title's lines for a page `width` characters wide (Word: 20 at 二号 on A4): the
        organ's words packed greedily, a long name on two lines, then the year line."""
        lines: list[str] = []
        for words in self.title_words():
            line = ""
            for w in words:
                if line and text_width(line + w) > width:
                    lines.append(line)
                    line = ""
                line += w
            lines.append(line)
        return lines

    def part(self, key: fmt.PartKey) -> ReportPart:
        for p in self.parts:
            if p.key == key:
                return p
        raise KeyError(key)


_ORGAN_WORD = re.compile(
    r".{2,}?(?:自治区|自治州|街道办事处|街道|委员会|人民政府|办公室|管委会|省|市|区|县|旗|镇|乡|局|厅)|.+$"
)
"""An organ's name in words: each ends with an administrative unit (县, 局, 人民政府, …)."""
_TITLE_WORD = re.compile(r"(\d+年|政府信息公开)")


def text_width(text: str) -> float:
    """A line's width in full-width characters (ASCII letters and digits count half)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


# --- assembling --------------------------------------------------------------------------------


def assemble(
    data: ReportData,
    narrative: Narrative | None = None,
    *,
    preamble: bool = True,
    drafted: date | None = None,
) -> Report:
    """Build the report from the counts file and the narrative (placeholders where none).
    The date under the signature is the counts file's `published`, else `drafted` (the day a
    draft is made), else a 【待补充】 marker."""
    lay = data.format_layout
    parts: list[ReportPart] = []
    for n, p in enumerate(fmt.PARTS, start=1):
        heading = Heading(level=1, number=fmt.heading_number(1, n), text=p.title)
        if p.narrative:
            blocks = _blocks(narrative, cast(NarrativePartKey, p.key))
            parts.append(ReportPart(key=p.key, heading=heading, blocks=blocks))
        else:
            parts.append(ReportPart(key=p.key, heading=heading, table=_table(data, lay, p.key)))
    return Report(
        title=fmt.report_title(data.organ, data.year),
        organ=data.organ.strip(),
        year=data.year,
        layout=lay.key,
        preamble=_preamble(data, lay) if preamble else [],
        parts=parts,
        signature=_signature(data, drafted),
    )


def _blocks(narrative: Narrative | None, key: NarrativePartKey) -> list[Block]:
    blocks: list[Block] = []
    if narrative is not None and key in narrative.parts:
        n = 0
        for section in narrative.parts[key].sections:
            sources = [_clean_paragraph(p) for p in section.paragraphs]
            sources = [p for p in sources if p.text and p.text != PLACEHOLDER]
            title = strip_number(section.heading or "")
            heading = None
            if title:
                n += 1
                heading = Heading(level=2, number=fmt.heading_number(2, n), text=title)
            if heading is None and not sources:
                continue
            blocks.append(
                Block(heading=heading, paragraphs=[p.text for p in sources], sources=sources)
            )
    if not any(b.paragraphs for b in blocks) and not any(b.heading for b in blocks):
        return [Block(paragraphs=[PLACEHOLDER], placeholder=True)]
    for b in blocks:
        if not b.paragraphs:
            b.paragraphs = [PLACEHOLDER]
            b.placeholder = True
    return blocks


def _clean(text: str) -> str:
    """One paragraph on one line (line breaks inside a paragraph come from wrapped input)."""
    return _clean_map(text)[0]


def _clean_map(text: str) -> tuple[str, list[int]]:
    """`_clean` and, for each offset of `text` (and its end), the offset in the cleaned text."""
    out = ""
    where = [0] * (len(text) + 1)
    pos = 0
    for raw in text.splitlines(keepends=True):
        start = pos
        pos += len(raw)
        line = raw.strip()
        lead = start + (len(raw) - len(raw.lstrip()))
        for i in range(start, lead):
            where[i] = len(out)
        if not line:
            for i in range(start, pos):
                where[i] = len(out)
            continue
        if out and (out[-1].isascii() or line[0].isascii()):
            out += " "
        for i in range(len(line)):
            where[lead + i] = len(out) + i
        out += line
        for i in range(lead + len(line), pos):
            where[i] = len(out)
    where[len(text)] = len(out)
    return out, where


def _clean_paragraph(p: Paragraph) -> Paragraph:
    """The paragraph as printed, its figures' offsets moved with the text."""
    text, where = _clean_map(p.text)
    if text == p.text:
        return p
    figures = [
        FigureRef.model_validate({**f.model_dump(), "start": where[f.start], "end": where[f.end]})
        for f in p.figures
        if 0 <= f.start <= f.end <= len(p.text)
    ]
    return p.model_copy(update={"text": text, "figures": figures})


def _preamble(data: ReportData, lay: fmt.Layout) -> list[str]:
    names = "".join(f"“{p.title}”" for p in fmt.PARTS)
    first = (
        f"本报告根据{fmt.LAW}和{lay.title}（{lay.document}）要求编制，"
        f"由{names}六部分组成。本报告所列数据的统计期限为{fmt.statistics_period(data.year)}。"
    )
    out = [first]
    contact = data.contact
    if contact is not None:
        details = [
            f"{Contact.model_fields[k].title}：{v}"
            for k in ("address", "postcode", "phone", "email", "website")
            if (v := getattr(contact, k))
        ]
        if contact.office or details:
            who = f"与{contact.office}联系" if contact.office else "联系"
            tail = f"（{'；'.join(details)}）" if details else ""
            out.append(f"如对本报告有疑问，请{who}{tail}。")
    return out


SIGNATURE_DATE_MISSING = "【待补充：成文日期】"
"""The date line of the 落款 when neither the publication date nor a drafting date is known."""


def _signature(data: ReportData, drafted: date | None) -> list[str]:
    day = data.published or drafted
    return [data.organ.strip(), _chinese_date(day) if day else SIGNATURE_DATE_MISSING]


def _chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# --- cell values -------------------------------------------------------------------------------


def cell_text(cell: Cell) -> str:
    """A table cell as printed: its number (0 for zero), empty only if blank in the data."""
    if cell.blank:
        return ""
    return _number_text(cell.number)


def _number_text(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        text = format(value, "f")
        return "0" if value == 0 and "." not in text else text
    return str(value)


def _value(cell: Cell, cell_id: str, colspan: int = 1) -> TableCell:
    return TableCell(
        text=cell_text(cell), kind="value", colspan=colspan, id=cell_id, blank=cell.blank
    )


# --- the tables --------------------------------------------------------------------------------


def _table(data: ReportData, lay: fmt.Layout, key: fmt.PartKey) -> Table:
    if key == "active":
        return _table2(data, lay)
    if key == "applications":
        return _table3(data, lay)
    return _table4(data)


def _lcm(a: int, b: int) -> int:
    x, y = a, b
    while y:
        x, y = y, x % y
    return a * b // x


def _table2(data: ReportData, lay: fmt.Layout) -> Table:
    """Table 二: per block a full-width caption row, a header row, data rows. The grid has as
    many value columns as every block's column count divides (3 in 2021, 6 in 2019), so that
    a one-column block spans the width as in the template."""
    cells = data.table2(lay)
    grid = 1
    for block in lay.active_blocks:
        grid = _lcm(grid, len(block.columns))
    rows: list[list[TableCell]] = []
    flat: list[FlatTable] = []
    for block in lay.active_blocks:
        span = grid // len(block.columns)
        rows.append([TableCell(text=block.caption, kind="caption", colspan=grid + 1)])
        rows.append(
            [TableCell(text=fmt.ACTIVE_ITEM_HEADER, kind="header")]
            + [TableCell(text=label, kind="header", colspan=span) for _, label, _ in block.columns]
        )
        flat_rows: list[FlatRow] = []
        for row in block.rows:
            values = []
            for col, _, _ in block.columns:
                path = f"{row.key}.{col}" if col else row.key
                values.append(_value(cells[path], fmt.t2_id(path), span))
            rows.append([TableCell(text=row.label, kind="label"), *values])
            flat_rows.append(FlatRow(label=row.label, values=values))
        flat.append(
            FlatTable(
                caption=block.caption,
                header=[fmt.ACTIVE_ITEM_HEADER, *(label for _, label, _ in block.columns)],
                rows=flat_rows,
            )
        )
    widths = [10.0] + [18.0 / grid] * grid
    return Table(key="active", widths=widths, header_rows=0, rows=rows, flat=flat)


def _table3(data: ReportData, lay: fmt.Layout) -> Table:
    """Table 三: a three-row header (the 勾稽 note in the corner, 申请人情况 over the columns,
    法人或其他组织 over its five), then the rows with 三、本年度办理结果 and （三）–（六） merged."""
    grid = data.table3(lay)
    cols = fmt.APPLICANT_COLUMNS
    n = len(cols)
    header: list[list[TableCell]] = [
        [
            TableCell(text=fmt.TABLE3_BALANCE_NOTE, kind="note", rowspan=3, colspan=3),
            TableCell(text=fmt.TABLE3_HEADER, kind="header", colspan=n),
        ],
        [],
        [],
    ]
    i = 0
    while i < n:
        col = cols[i]
        if not col.group:
            header[1].append(TableCell(text=col.label, kind="header", rowspan=2))
            i += 1
            continue
        j = i
        while j < n and cols[j].group == col.group:
            j += 1
        members = list(cols[i:j])
        header[1].append(TableCell(text=col.group, kind="header", colspan=len(members)))
        header[2].extend(TableCell(text=c.label, kind="header") for c in members)
        i = j

    body: list[list[TableCell]] = []
    flat_rows: list[FlatRow] = []
    app_rows = data.table3_rows(lay)  # a 2021 report may print （六） as the 2019 single row
    in_results = [r for r in app_rows if r.role in ("outcome", "total")]
    group_sizes: dict[str, int] = {}
    for r in in_results:
        if r.group:
            group_sizes[r.group] = group_sizes.get(r.group, 0) + 1
    results_started = False
    groups_started: set[str] = set()
    for r in app_rows:
        labels: list[TableCell] = []
        printed: list[str] = []
        if r.role in ("outcome", "total"):
            if not results_started:
                labels.append(
                    TableCell(
                        text=fmt.TABLE3_RESULTS,
                        kind="label",
                        rowspan=len(in_results),
                        vertical=True,
                    )
                )
                results_started = True
            printed.append(fmt.TABLE3_RESULTS)
            if r.group:
                if r.group not in groups_started:
                    labels.append(
                        TableCell(text=r.group, kind="label", rowspan=group_sizes[r.group])
                    )
                    groups_started.add(r.group)
                printed.append(r.group)
                labels.append(TableCell(text=r.printed, kind="label"))
            else:
                labels.append(TableCell(text=r.printed, kind="label", colspan=2))
        else:
            labels.append(TableCell(text=r.printed, kind="label", colspan=3))
        printed.append(r.printed)
        values = [
            _value(cell, fmt.t3_id(r.key, c.key)) for cell, c in zip(grid[r.key], cols, strict=True)
        ]
        body.append([*labels, *values])
        flat_rows.append(FlatRow(label=" ".join(printed), values=values))
    flat = FlatTable(
        header=["", *(c.label for c in cols)],
        rows=flat_rows,
        note=fmt.TABLE3_BALANCE_NOTE,
    )
    widths = [1.4, 4.4, 12.0] + [3.0] * n
    return Table(key="applications", widths=widths, header_rows=3, rows=header + body, flat=[flat])


def _table4(data: ReportData) -> Table:
    """Table 四: 行政复议 over its five columns (each two rows deep), 行政诉讼 over its two
    groups of five; one row of values. The flat form has one row per group."""
    grid = data.table4()
    cols = fmt.REVIEW_COLUMNS
    top: list[TableCell] = []
    mid: list[TableCell] = []
    leaf: list[TableCell] = []
    values: list[TableCell] = []
    flat_rows: list[FlatRow] = []
    parents: list[str] = []
    for g in fmt.REVIEW_GROUPS:
        if g.parent not in parents:
            parents.append(g.parent)
    for parent in parents:
        groups = [g for g in fmt.REVIEW_GROUPS if g.parent == parent]
        top.append(TableCell(text=parent, kind="header", colspan=len(cols) * len(groups)))
        for g in groups:
            own = g.label == g.parent
            if own:
                mid.extend(TableCell(text=c.label, kind="header", rowspan=2) for c in cols)
            else:
                mid.append(TableCell(text=g.label, kind="header", colspan=len(cols)))
                leaf.extend(TableCell(text=c.label, kind="header") for c in cols)
            row = [_value(grid[g.key][c.key], fmt.t4_id(g.key, c.key)) for c in cols]
            values.extend(row)
            label = g.label if own else f"{g.parent} {g.label}"
            flat_rows.append(FlatRow(label=label, values=row))
    flat = FlatTable(header=["", *(c.label for c in cols)], rows=flat_rows)
    n = len(values)
    return Table(
        key="review", widths=[1.0] * n, header_rows=3, rows=[top, mid, leaf, values], flat=[flat]
    )
