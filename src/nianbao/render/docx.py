"""The report as a Word document (.docx) in the 公文 page setup, for Word, WPS and LibreOffice.

The only module that imports python-docx. Page setup after GB/T 9704: A4, margins 37/35/28/26 mm,
title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 on a fixed 22-lines-a-page pitch, headings
一、 in 黑体, （一） in 楷体_GB2312, 1. in bold 仿宋_GB2312, （1） in 仿宋_GB2312; page numbers
“— 1 —” in 宋体 四号, odd pages right, even pages left. Every font is set on the East Asian
attribute too (w:eastAsia, with the eastAsia hint), because Word and WPS choose the Chinese font
from it, and the theme fonts of python-docx's default template are removed so they cannot win.
Tables follow the national template: 宋体 10 pt, the template's merges, header rows repeated on
each page, table 二's 第二十条第（X）项 rows shaded, table 三's 本年度办理结果 block kept on one
page. The title breaks after the organ's name; the 落款 centres the name over the date.
The package declares every font with the stand-in an ordinary Windows/WPS machine has (font
table w:altName), sets the theme's East Asian fonts (no Japanese entries), and says it was made
now by nianbao in Word's current compatibility mode.
"""

from __future__ import annotations

import copy
import io
import re
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from nianbao.report import Report, Table, TableCell, text_width

__all__ = ["FONTS", "STYLES", "render_docx"]

FONTS = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
    "table": "宋体",
    "page_number": "宋体",
}
"""The fonts of GB/T 9704 (and of the template's tables)."""

STYLES = {
    "title": "年报标题",
    "body": "Normal",
    "heading1": "一级标题",
    "heading2": "二级标题",
    "heading3": "三级标题",
    "heading4": "四级标题",
    "table": "表格文字",
    "signature": "落款",
    "page_number": "页码",
}
"""Paragraph style names in the document (Chinese names, as clerks see them in Word/WPS)."""

_BODY_PT = 16  # 三号
_TITLE_PT = 22  # 二号
_TABLE_PT = 10
_PAGE_NUMBER_PT = 14  # 四号
_LINE = Twips(579)  # 28.95 pt: 22 lines in the 225 mm text area
_TEXT_WIDTH = Mm(156)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters a Word file cannot hold (python-docx refuses them)."""


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    return value


def render_docx(report: Report, *, now: datetime | None = None) -> bytes:
    """The whole report as the bytes of a .docx file (control characters, which a Word file
    cannot hold, are dropped: counts files refuse them, but a model's answer may carry one).
    `now` is the created/modified time written in the file's properties (default: now)."""
    report = Report.model_validate(_xml_safe(report.model_dump()))
    doc = Document()
    _styles(doc)
    _page_setup(doc)
    _package(doc, report, now or datetime.now(UTC))
    ids = {key: doc.styles[name].style_id for key, name in STYLES.items()}  # looked up once
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    out = _Body(body, ids)

    out.paragraph("title", *_with_breaks(report.title_lines()))
    for para in report.preamble:
        out.paragraph("body", para)
    for part in report.parts:
        out.paragraph("heading1", part.heading.full)
        for block in part.blocks:
            if block.heading is not None:
                out.paragraph(f"heading{block.heading.level}", block.heading.full)
            for para in block.paragraphs:
                out.paragraph("body", para)
        if part.table is not None:
            out.table(part.table)
    if report.signature:
        _signature(out, report.signature)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _with_breaks(lines: list[str]) -> list[str | None]:
    """Lines of one paragraph, `None` standing for a line break between them."""
    out: list[str | None] = []
    for i, line in enumerate(lines):
        if i:
            out.append(None)
        out.append(line)
    return out


def _signature(out: _Body, lines: list[str]) -> None:
    """The 落款 after GB/T 9704: the date right-aligned four characters in from the right
    margin, the organ's name centred over the date (moved left as far as it needs)."""
    date_width = text_width(lines[-1])
    for i, line in enumerate(lines):
        right = 4.0
        if i < len(lines) - 1:
            right = max(0.0, 4.0 + (date_width - text_width(line)) / 2)
        props = []
        if i == 0:
            props.append(_el("w:spacing", {"w:before": str(_BODY_PT * 2 * 20)}))
        props.append(
            _el(
                "w:ind",
                {
                    "w:right": str(round(right * _BODY_PT * 20)),
                    "w:rightChars": str(round(right * 100)),
                },
            )
        )
        out.paragraph("signature", line, props=props)


# --- page and styles ---------------------------------------------------------------------------


def _page_setup(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(25)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph: Any, align: Any) -> None:
    """“— 1 —”, one character in from the outer edge."""
    paragraph.style = STYLES["page_number"]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(_PAGE_NUMBER_PT)
    else:
        fmt.left_indent = Pt(_PAGE_NUMBER_PT)
    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1")):
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)
    paragraph.add_run(" —")


def _set_fonts(element: Any, name: str) -> None:
    """Set one font on all four slots (Latin, high ANSI, East Asian, complex) of an rPr owner,
    removing theme fonts (which would take precedence over the named ones)."""
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme"):
            del rfonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), name)
    rfonts.set(qn("w:hint"), "eastAsia")


def _styles(doc: Any) -> None:
    styles = doc.styles
    # document defaults: no theme fonts, Chinese as the East Asian language
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr_default.find(qn("w:rFonts"))
    if rfonts is not None:
        rpr_default.remove(rfonts)
    rfonts = OxmlElement("w:rFonts")
    rpr_default.insert(0, rfonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), FONTS["body"])
    rfonts.set(qn("w:hint"), "eastAsia")
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")

    normal = styles["Normal"]
    _set_fonts(normal.element, FONTS["body"])
    normal.font.size = Pt(_BODY_PT)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = _LINE
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.first_line_indent = Pt(_BODY_PT * 2)
    _first_line_chars(normal.element, 200)
    pf.widow_control = True

    def paragraph_style(key: str, font: str, size: int, outline: int | None = None) -> Any:
        style = styles.add_style(STYLES[key], WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        _set_fonts(style.element, font)
        style.font.size = Pt(size)
        if outline is not None:
            ppr = style.element.get_or_add_pPr()
            lvl = OxmlElement("w:outlineLvl")
            lvl.set(qn("w:val"), str(outline))
            ppr.append(lvl)
            style.paragraph_format.keep_with_next = True
        return style

    title = paragraph_style("title", FONTS["title"], _TITLE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    _first_line_chars(title.element, 0)
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = _LINE
    paragraph_style("heading1", FONTS["heading1"], _BODY_PT, outline=0)
    paragraph_style("heading2", FONTS["heading2"], _BODY_PT, outline=1)
    h3 = paragraph_style("heading3", FONTS["body"], _BODY_PT, outline=2)
    h3.font.bold = True
    paragraph_style("heading4", FONTS["body"], _BODY_PT, outline=3)

    sig = paragraph_style("signature", FONTS["body"], _BODY_PT)
    sig.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sig.paragraph_format.first_line_indent = Pt(0)
    _first_line_chars(sig.element, 0)
    sig.paragraph_format.right_indent = Pt(_BODY_PT * 4)

    table = paragraph_style("table", FONTS["table"], _TABLE_PT)
    tf = table.paragraph_format
    tf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tf.first_line_indent = Pt(0)
    _first_line_chars(table.element, 0)
    tf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    tf.line_spacing = 1.0

    page = paragraph_style("page_number", FONTS["page_number"], _PAGE_NUMBER_PT)
    page.paragraph_format.first_line_indent = Pt(0)
    _first_line_chars(page.element, 0)
    page.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    page.paragraph_format.line_spacing = 1.0


def _first_line_chars(style_element: Any, hundredths: int) -> None:
    """The first-line indent in characters (w:firstLineChars), which Word and WPS prefer to the
    absolute indent when the font size changes."""
    ppr = style_element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(hundredths))


# --- content: XML built directly --------------------------------------------------------------
#
# python-docx's `add_paragraph(style=...)` and `paragraph.style = ...` look the style up by name
# among all styles each time (for ~280 table cells, most of the renderer's time), and
# `cell.merge` rebuilds the grid: paragraphs and tables are built here as XML, the style ids
# looked up once, each cell's properties made once per kind and copied.


def _el(tag: str, attrs: dict[str, str] | None = None, *children: Any) -> Any:
    el = OxmlElement(tag)
    for k, v in (attrs or {}).items():
        el.set(qn(k), v)
    for child in children:
        el.append(child)
    return el


def _runs(pieces: tuple[str | None, ...], rpr: Any | None = None) -> list[Any]:
    """Runs for text pieces (None: a line break); tabs and newlines become w:tab / w:br."""
    runs = []
    for piece in pieces:
        r = OxmlElement("w:r")
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        if piece is None:
            r.append(OxmlElement("w:br"))
            runs.append(r)
            continue
        for i, line in enumerate(piece.split("\n")):
            if i:
                r.append(OxmlElement("w:br"))
            for j, chunk in enumerate(line.split("\t")):
                if j:
                    r.append(OxmlElement("w:tab"))
                if chunk:
                    t = OxmlElement("w:t")
                    if chunk != chunk.strip():
                        t.set(qn("xml:space"), "preserve")
                    t.text = chunk
                    r.append(t)
        runs.append(r)
    return runs


class _Body:
    """Appends paragraphs and tables to the document body (before its section properties)."""

    def __init__(self, body: Any, style_ids: dict[str, str]) -> None:
        self._sect = body.find(qn("w:sectPr"))
        self._body = body
        self._ids = style_ids

    def _add(self, el: Any) -> None:
        if self._sect is not None:
            self._sect.addprevious(el)
        else:
            self._body.append(el)

    def paragraph(self, key: str, *pieces: str | None, props: list[Any] | None = None) -> Any:
        p = _paragraph(self._ids[key], pieces, props)
        self._add(p)
        return p

    def table(self, table: Table) -> None:
        self._add(_table(table, self._ids["table"]))
        # a table directly followed by the next heading: keep a little air between them
        self.paragraph("table")


def _paragraph(
    style_id: str, pieces: tuple[str | None, ...], props: list[Any] | None = None
) -> Any:
    p = OxmlElement("w:p")
    ppr = _el("w:pPr", None, _el("w:pStyle", {"w:val": style_id}), *(props or []))
    p.append(ppr)
    for r in _runs(pieces):
        p.append(r)
    return p


_CAPTION_FILL = "C6D9F1"
"""The template's shading of table 二's 第二十条第（X）项 rows."""
_ROW_HEIGHT = {"active": 340, "applications": 340, "review": 340}
"""Minimum row heights (twips) as in the template: 0.6 cm."""
_VALUE_ROW_HEIGHT = {"review": 672}
"""Table 四's one row of figures: the template's 1.19 cm, so the numbers are not cramped."""


def _table(table: Table, style_id: str) -> Any:
    n_cols = table.columns
    total = sum(table.widths)
    widths = [int(_TEXT_WIDTH.twips * w / total) for w in table.widths]
    tbl = OxmlElement("w:tbl")
    tbl.append(_table_properties(sum(widths)))
    grid = _el("w:tblGrid", None, *(_el("w:gridCol", {"w:w": str(w)}) for w in widths))
    tbl.append(grid)

    # which cell covers each grid position: (cell, its first row?) — a rowspan continues below
    cover: list[list[tuple[TableCell, bool] | None]] = [[None] * n_cols for _ in table.rows]
    for r, c, spec in table.positions():
        for dr in range(spec.rowspan):
            if r + dr < len(cover):
                cover[r + dr][c] = (spec, dr == 0)
    keep = _kept_rows(table)
    cells = _CellMaker(style_id)
    for r, row_cover in enumerate(cover):
        is_value_row = any(x is not None and x[0].kind == "value" for x in row_cover)
        height = _ROW_HEIGHT[table.key]
        if is_value_row:
            height = _VALUE_ROW_HEIGHT.get(table.key, height)
        tr_pr = _el(
            "w:trPr",
            None,
            _el("w:cantSplit"),
            _el("w:trHeight", {"w:val": str(height), "w:hRule": "atLeast"}),
        )
        if r < table.header_rows:
            tr_pr.append(_el("w:tblHeader"))
        tr = _el("w:tr", None, tr_pr)
        c = 0
        while c < n_cols:
            entry = row_cover[c]
            if entry is None:  # a gap in the layout: an empty cell keeps the grid whole
                tr.append(cells.make(TableCell(text="", kind="value"), widths[c], True, False))
                c += 1
                continue
            spec, first = entry
            width = sum(widths[c : c + spec.colspan])
            tr.append(cells.make(spec, width, first, r in keep, table.key))
            c += spec.colspan
        tbl.append(tr)
    return tbl


def _kept_rows(table: Table) -> set[int]:
    """Rows kept with the next one (keepNext on their paragraphs): those a vertical label spans,
    so that table 三's 本年度办理结果 block and its label never split across a page."""
    keep: set[int] = set()
    for r, _c, spec in table.positions():
        if spec.vertical and spec.rowspan > 1:
            keep.update(range(r, r + spec.rowspan - 1))
    return keep


class _CellMaker:
    """Table cells from per-kind templates of their properties, built once and copied."""

    def __init__(self, style_id: str) -> None:
        self._style_id = style_id
        self._ppr: dict[tuple[str, bool], Any] = {}

    def _paragraph_props(self, align: str, keep: bool) -> Any:
        key = (align, keep)
        if key not in self._ppr:
            ppr = _el("w:pPr", None, _el("w:pStyle", {"w:val": self._style_id}))
            if keep:
                ppr.append(_el("w:keepNext"))
            if align != "center":  # the table style centres
                ppr.append(_el("w:jc", {"w:val": align}))
            self._ppr[key] = ppr
        return copy.deepcopy(self._ppr[key])

    def make(
        self, spec: TableCell, width: int, first: bool, keep: bool, table_key: str = ""
    ) -> Any:
        tc_pr = _el("w:tcPr", None, _el("w:tcW", {"w:w": str(width), "w:type": "dxa"}))
        if spec.colspan > 1:
            tc_pr.append(_el("w:gridSpan", {"w:val": str(spec.colspan)}))
        if spec.rowspan > 1:
            tc_pr.append(_el("w:vMerge", {"w:val": "restart"} if first else None))
        if spec.kind == "caption":
            tc_pr.append(
                _el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": _CAPTION_FILL})
            )
        tc_pr.append(_el("w:vAlign", {"w:val": "center"}))
        align = "center"
        if spec.kind == "caption" or (
            spec.kind in ("label", "note") and not spec.vertical and table_key != "active"
        ):
            align = "left"  # table 二's row labels are centred, as in the template
        p = OxmlElement("w:p")
        p.append(self._paragraph_props(align, keep))
        if first and spec.text:
            for r in _runs((spec.text,)):
                p.append(r)
        return _el("w:tc", None, tc_pr, p)


def _table_properties(width: int) -> Any:
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    border = {"w:val": "single", "w:sz": "6", "w:space": "0", "w:color": "000000"}
    return _el(
        "w:tblPr",
        None,
        _el("w:tblW", {"w:w": str(width), "w:type": "dxa"}),
        _el("w:jc", {"w:val": "center"}),
        _el("w:tblBorders", None, *(_el(f"w:{e}", border) for e in edges)),
        _el("w:tblLayout", {"w:type": "fixed"}),
        _el(
            "w:tblCellMar",
            None,
            _el("w:left", {"w:w": "57", "w:type": "dxa"}),
            _el("w:right", {"w:w": "57", "w:type": "dxa"}),
        ),
        _el(
            "w:tblLook",
            {
                "w:val": "0000",
                "w:firstRow": "0",
                "w:lastRow": "0",
                "w:firstColumn": "0",
                "w:lastColumn": "0",
                "w:noHBand": "1",
                "w:noVBand": "1",
            },
        ),
    )


# --- the package: fonts, theme, properties, compatibility ----------------------------------------

_FONT_TABLE = (
    # name, the fallback Word/WPS use when it is missing (w:altName), panose, family, pitch
    ("Times New Roman", None, "02020603050405020304", "roman", "variable", "00"),
    ("宋体", "SimSun", "02010600030101010101", "auto", "variable", "86"),
    ("黑体", "SimHei", "02010609060101010101", "modern", "fixed", "86"),
    ("仿宋", "FangSong", "02010609060101010101", "modern", "fixed", "86"),
    ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed", "86"),
    ("仿宋_GB2312", "仿宋", "02010609030101010101", "modern", "fixed", "86"),
    ("楷体_GB2312", "楷体", "02010609030101010101", "modern", "fixed", "86"),
    ("方正小标宋简体", "宋体", "02000000000000000000", "auto", "variable", "86"),
    ("华文中宋", "宋体", "02010600040101010101", "auto", "variable", "86"),
)
"""Every font the document names, each with the font an ordinary Windows/WPS machine has as its
stand-in (仿宋_GB2312→仿宋, 楷体_GB2312→楷体, 方正小标宋简体→宋体); no Japanese entries."""

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _font_table_xml() -> bytes:
    fonts = []
    for name, alt, panose, family, pitch, charset in _FONT_TABLE:
        alt_el = f'<w:altName w:val="{alt}"/>' if alt else ""
        fonts.append(
            f'<w:font w:name="{name}">{alt_el}<w:panose1 w:val="{panose}"/>'
            f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
            f'<w:pitch w:val="{pitch}"/></w:font>'
        )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:fonts xmlns:w="{_W_NS}">{"".join(fonts)}</w:fonts>'
    ).encode()


_THEME_FONTS = {"majorFont": FONTS["heading1"], "minorFont": FONTS["body"]}
"""The theme's East Asian fonts (text that asks for a theme font gets a 公文 face)."""


def _theme_xml(blob: bytes) -> bytes:
    text = blob.decode("utf-8")
    for which, font in _THEME_FONTS.items():
        a, b = text.index(f"<a:{which}>"), text.index(f"</a:{which}>")
        part = text[a:b]
        part = re.sub(r'<a:ea typeface="[^"]*"/>', f'<a:ea typeface="{font}"/>', part)
        part = re.sub(
            r'<a:font script="Hans" typeface="[^"]*"/>',
            f'<a:font script="Hans" typeface="{font}"/>',
            part,
        )
        part = re.sub(r'\s*<a:font script="Jpan" typeface="[^"]*"/>', "", part)
        text = text[:a] + part + text[b:]
    return text.encode("utf-8")


_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>Normal.dotm</Template><TotalTime>0</TotalTime>"
    "<Application>nianbao</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)

_COMPATIBILITY_MODE = "15"
"""Word 2013 and later: no 兼容模式 in the title bar."""


def _package(doc: Any, report: Report, now: datetime) -> None:
    props = doc.core_properties
    props.title = report.title
    props.author = report.organ
    props.last_modified_by = report.organ
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.category = ""
    props.language = "zh-CN"
    props.created = now.replace(microsecond=0, tzinfo=None)
    props.modified = now.replace(microsecond=0, tzinfo=None)
    props.revision = 1

    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # python-docx's template carries a blank one
            package.rels.pop(rel_id)
    for part in package.iter_parts():
        name = str(part.partname)
        if name == "/docProps/app.xml":
            part._blob = _APP_XML.encode("utf-8")
        elif name == "/word/fontTable.xml":
            part._blob = _font_table_xml()
        elif name.startswith("/word/theme/"):
            part._blob = _theme_xml(part.blob)

    settings = doc.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), _COMPATIBILITY_MODE)
