"""The report as one self-contained HTML page (no external fetches), for a portal and for print.

Tables are semantic `<table>` markup with the template's merges as rowspan/colspan: header rows
in `<thead>` (repeated by browsers on each printed page), row labels as `<th scope="row">`,
value cells as `<td>` with a stable id (`t3.new.natural_person`) that findings can link to.
Borders, alignment and padding are also written on the table and on each cell (border
attributes and `style=`), because portal editors often strip the `<style>` block of a pasted
page: the tables keep their rules. The title breaks after the organ's name and only between
words; the 落款 is centred over its date. All text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from nianbao.report import Report, ReportPart, Table, TableCell

__all__ = ["CSS", "render_html", "signature_html", "table_html", "title_html"]

CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #fff; color: #000; }
body {
  max-width: 46em; margin: 2em auto; padding: 0 1em;
  font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong",
    "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 16pt; line-height: 1.75;
}
h1 {
  font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "STZhongsong", "华文中宋",
    "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 1em;
}
h1 .w { display: inline-block; }
h2, h3, h4 { text-wrap: balance; }
@media screen and (max-width: 600px) {
  body { font-size: 14pt; }
  h1 { font-size: 18pt; }
}
h2 {
  font-family: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-size: 16pt; font-weight: normal; margin: 0.5em 0 0; text-indent: 2em;
}
h3 {
  font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", serif;
  font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em;
}
h4 { font-size: 16pt; font-weight: bold; margin: 0; text-indent: 2em; }
h5 { font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.placeholder { color: #666; }
.signature { margin-top: 2em; text-align: right; }
.signature .sign { display: inline-block; text-align: center; margin-right: 4em; }
.signature p { text-align: center; text-indent: 0; }
.table-wrap { overflow-x: auto; margin: 0.5em 0 1em; }
table {
  border-collapse: collapse; width: 100%; table-layout: fixed;
  font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", serif;
  font-size: 10pt; line-height: 1.4;
}
/* on a narrow screen a table keeps readable columns and scrolls inside its own box */
table.t-applications { min-width: 42em; }
table.t-review { min-width: 48em; }
table.t-active { min-width: 24em; }
th, td { border: 1px solid #000; padding: 0.2em 0.25em; vertical-align: middle; }
th { font-weight: normal; text-align: center; text-wrap: balance; }
th.label { text-align: left; }
th.caption { text-align: left; background: #c6d9f1; }
th.note { text-align: left; }
.t-active th.label { text-align: center; }
th.vertical { writing-mode: vertical-rl; text-orientation: upright; letter-spacing: 0.1em; }
td { text-align: center; font-variant-numeric: tabular-nums; }
td.blank { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #eee 4px, #eee 8px); }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  .table-wrap { overflow: visible; }
  tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  table { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  /* table 三's 本年度办理结果 block on one page (its label spans 22 rows), table 四 whole */
  table { font-size: 9pt !important; line-height: 1.25 !important; }
  tbody.keep, table.t-review { break-inside: avoid; }
  th, td { padding: 0.1em 0.2em !important; }
}
"""


def render_html(report: Report) -> str:
    """The whole report as an HTML document."""
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<article>",
        f"<h1>{title_html(report)}</h1>",
    ]
    out += [f'<p class="preamble">{escape(p)}</p>' for p in report.preamble]
    for part in report.parts:
        out += _part(part)
    out += signature_html(report)
    out += ["</article>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def title_html(report: Report) -> str:
    """The title: the organ's name, a line break, the year line; each word an inline block, so
    that a narrow screen breaks the title between words, never inside one."""
    lines = [
        "".join(f'<span class="w" style="display:inline-block">{escape(w)}</span>' for w in words)
        for words in report.title_words()
    ]
    return "<br>".join(lines)


def signature_html(report: Report) -> list[str]:
    """The 落款: the organ's name centred over the date, the block right-aligned four
    characters in (GB/T 9704); styled inline, so a portal that strips `<style>` keeps it."""
    if not report.signature:
        return []
    out = [
        '<div class="signature" style="margin-top:2em;text-align:right">',
        '<div class="sign" style="display:inline-block;text-align:center;margin-right:4em">',
    ]
    out += [
        f'<p style="text-align:center;text-indent:0">{escape(line)}</p>'
        for line in report.signature
    ]
    out += ["</div>", "</div>"]
    return out


def _part(part: ReportPart) -> list[str]:
    out = [f'<section id="part-{part.key}">', f"<h2>{escape(part.heading.full)}</h2>"]
    for block in part.blocks:
        if block.heading is not None:
            tag = f"h{block.heading.level + 1}"
            out.append(f"<{tag}>{escape(block.heading.full)}</{tag}>")
        cls = ' class="placeholder"' if block.placeholder else ""
        out += [f"<p{cls}>{escape(p)}</p>" for p in block.paragraphs]
    if part.table is not None:
        out += table_html(part.table, part.heading.full)
    out.append("</section>")
    return out


def table_html(table: Table, title: str, marks: Mapping[str, str] | None = None) -> list[str]:
    """A table's markup, one line per row; `marks` adds classes to value cells by id (the
    review page flags the cells findings are about)."""
    total = sum(table.widths)
    out = [
        '<div class="table-wrap">',
        f'<table class="t-{table.key}" aria-label="{escape(title)}" border="1" cellspacing="0"'
        f' cellpadding="3" width="100%" style="{_TABLE_STYLE}">',
        "<colgroup>",
        *(f'<col style="width:{w / total * 100:.2f}%">' for w in table.widths),
        "</colgroup>",
    ]
    kept = _kept_block(table)
    if table.header_rows:
        out.append("<thead>")
    for r, row in enumerate(table.rows):
        if r == table.header_rows:
            if table.header_rows:
                out.append("</thead>")
            out.append('<tbody class="keep">' if r in kept else "<tbody>")
        elif r > table.header_rows and (r in kept) != (r - 1 in kept):
            out.append("</tbody>")
            out.append('<tbody class="keep">' if r in kept else "<tbody>")
        out.append("<tr>" + "".join(_cell(c, marks, table.key) for c in row) + "</tr>")
    out += ["</tbody>", "</table>", "</div>"]
    return out


_TABLE_STYLE = (
    "border-collapse:collapse;width:100%;table-layout:fixed;border:1px solid #000;"
    "font-size:10pt;line-height:1.4"
)
_CELL = "border:1px solid #000;padding:0.2em 0.3em;vertical-align:middle;font-weight:normal"
"""Borders and padding every cell carries in its own `style=` (survives a stripped <style>)."""


def _inline(cell: TableCell, table_key: str) -> str:
    align = "center"
    if cell.kind == "caption" or (
        cell.kind in ("label", "note") and not cell.vertical and table_key != "active"
    ):
        align = "left"  # table 二's row labels are centred, as in the template
    style = f"{_CELL};text-align:{align}"
    if cell.kind != "value":
        style += ";text-wrap:balance"
    if cell.kind == "caption":
        style += ";background:#c6d9f1"
    if cell.vertical:
        style += ";writing-mode:vertical-rl;text-orientation:upright"
    return style


def _kept_block(table: Table) -> set[int]:
    """The rows a vertical label spans (table 三's 本年度办理结果): a `<tbody>` of their own,
    which print keeps on one page, as the Word file does."""
    rows: set[int] = set()
    for r, _c, spec in table.positions():
        if spec.vertical and spec.rowspan > 1:
            rows.update(range(r, r + spec.rowspan))
    return rows


def _cell(cell: TableCell, marks: Mapping[str, str] | None = None, table_key: str = "") -> str:
    attrs: list[str] = []
    classes: list[str] = []
    if cell.kind == "value":
        tag = "td"
        if cell.id:
            attrs.append(f'id="{escape(cell.id)}"')
        if cell.blank:
            classes.append("blank")
        if marks and cell.id and cell.id in marks:
            classes.append(marks[cell.id])
    else:
        tag = "th"
        classes.append(cell.kind)
        if cell.kind == "label":
            attrs.append('scope="rowgroup"' if cell.rowspan > 1 else 'scope="row"')
        elif cell.kind in ("header", "caption"):
            attrs.append('scope="colgroup"' if cell.colspan > 1 else 'scope="col"')
        if cell.vertical:
            classes.append("vertical")
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    if classes:
        attrs.insert(0, f'class="{" ".join(classes)}"')
    attrs.append(f'style="{_inline(cell, table_key)}"')
    head = " ".join([tag, *attrs])
    return f"<{head}>{escape(cell.text)}</{tag}>"
