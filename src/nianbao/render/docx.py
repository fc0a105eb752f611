"""The report as a Word document (.docx) in the 公文 page setup, for Word, WPS and LibreOffice.

The only module that imports python-docx. Page setup after GB/T 9704: A4, margins 37/35/28/26 mm,
title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 on a fixed 22-lines-a-page pitch, headings
一、 in 黑体, （一） in 楷体_GB2312, 1. in bold 仿宋_GB2312, （1） in 仿宋_GB2312; page numbers
“— 1 —” in 宋体 四号, odd pages right, even pages left. Every font is set on the East Asian
attribute too (w:eastAsia, with the eastAsia hint), because Word and WPS choose the Chinese font
from it, and the theme fonts of python-docx's default template are removed so they cannot win.
Tables follow the national template: 宋体 10 pt, the template's merges, header rows repeated on
each page.
"""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from nianbao.report import Block, Report, ReportPart, Table, TableCell

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


def render_docx(report: Report) -> bytes:
    """The whole report as the bytes of a .docx file (control characters, which a Word file
    cannot hold, are dropped: counts files refuse them, but a model's answer may carry one)."""
    report = Report.model_validate(_xml_safe(report.model_dump()))
    doc = Document()
    _styles(doc)
    _page_setup(doc)
    doc.core_properties.title = report.title
    doc.core_properties.author = report.organ
    doc.core_properties.last_modified_by = report.organ
    doc.core_properties.comments = ""
    doc.core_properties.language = "zh-CN"
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    doc.add_paragraph(report.title, style=STYLES["title"])
    for para in report.preamble:
        doc.add_paragraph(para, style=STYLES["body"])
    for part in report.parts:
        _part(doc, part)
    if report.signature:
        first = True
        for line in report.signature:
            p = doc.add_paragraph(line, style=STYLES["signature"])
            if first:
                p.paragraph_format.space_before = Pt(_BODY_PT * 2)
                first = False
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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


# --- content -----------------------------------------------------------------------------------


def _part(doc: Any, part: ReportPart) -> None:
    doc.add_paragraph(part.heading.full, style=STYLES["heading1"])
    for block in part.blocks:
        _block(doc, block)
    if part.table is not None:
        _table(doc, part.table)


def _block(doc: Any, block: Block) -> None:
    if block.heading is not None:
        doc.add_paragraph(block.heading.full, style=STYLES[f"heading{block.heading.level}"])
    for para in block.paragraphs:
        doc.add_paragraph(para, style=STYLES["body"])


def _table(doc: Any, table: Table) -> None:
    n_rows, n_cols = len(table.rows), table.columns
    t = doc.add_table(rows=n_rows, cols=n_cols)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _table_properties(t._tbl)
    total = sum(table.widths)
    widths = [int(_TEXT_WIDTH * w / total) for w in table.widths]
    for col, width in zip(t.columns, widths, strict=True):
        col.width = width
    for row in t.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for r, row in enumerate(t.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r < table.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
    # the cells by grid position, taken once (`t.cell` rebuilds the whole grid on every call);
    # spans never overlap, so a merge never touches a cell still to be filled
    grid = t._cells
    style = doc.styles[STYLES["table"]]
    for r, c, spec in table.positions():
        cell = grid[r * n_cols + c]
        if spec.rowspan > 1 or spec.colspan > 1:
            end = grid[(r + spec.rowspan - 1) * n_cols + c + spec.colspan - 1]
            cell = cell.merge(end)
            cell.width = sum(widths[c : c + spec.colspan])
        _fill(cell, spec, style)
    # a table directly followed by the next heading: keep a little air between them
    doc.add_paragraph("", style=STYLES["table"])


def _table_properties(tbl: Any) -> None:
    tbl_pr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "6")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "57")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)


def _fill(cell: Any, spec: TableCell, style: Any) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    if spec.kind in ("label", "note") and not spec.vertical:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = paragraph.add_run(spec.text)
    if spec.kind == "caption":
        run.bold = True
