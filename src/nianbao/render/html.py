"""The report as one self-contained HTML page (no external fetches), for a portal and for print.

Tables are semantic `<table>` markup with the template's merges as rowspan/colspan: header rows
in `<thead>` (repeated by browsers on each printed page), row labels as `<th scope="row">`,
value cells as `<td>` with a stable id (`t3.new.natural_person`) that findings can link to.
All text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from nianbao.report import Report, ReportPart, Table, TableCell

__all__ = ["CSS", "render_html", "table_html"]

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
.signature { margin-top: 2em; }
.signature p { text-align: right; text-indent: 0; padding-right: 4em; }
.table-wrap { overflow-x: auto; margin: 0.5em 0 1em; }
table {
  border-collapse: collapse; width: 100%; table-layout: fixed;
  font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", serif;
  font-size: 10pt; line-height: 1.4;
}
th, td { border: 1px solid #000; padding: 0.2em 0.25em; vertical-align: middle; }
th { font-weight: normal; text-align: center; }
th.label { text-align: left; }
th.caption { font-weight: bold; }
th.note { text-align: left; }
th.vertical { writing-mode: vertical-rl; text-orientation: upright; letter-spacing: 0.1em; }
td { text-align: center; font-variant-numeric: tabular-nums; }
td.blank { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #eee 4px, #eee 8px); }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  .table-wrap { overflow: visible; }
  tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
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
        f"<h1>{escape(report.title)}</h1>",
    ]
    out += [f'<p class="preamble">{escape(p)}</p>' for p in report.preamble]
    for part in report.parts:
        out += _part(part)
    if report.signature:
        out.append('<div class="signature">')
        out += [f"<p>{escape(line)}</p>" for line in report.signature]
        out.append("</div>")
    out += ["</article>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


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
        f'<table class="t-{table.key}" aria-label="{escape(title)}">',
        "<colgroup>",
        *(f'<col style="width:{w / total * 100:.2f}%">' for w in table.widths),
        "</colgroup>",
    ]
    if table.header_rows:
        out.append("<thead>")
    for r, row in enumerate(table.rows):
        if r == table.header_rows:
            if table.header_rows:
                out.append("</thead>")
            out.append("<tbody>")
        out.append("<tr>" + "".join(_cell(c, marks) for c in row) + "</tr>")
    out += ["</tbody>", "</table>", "</div>"]
    return out


def _cell(cell: TableCell, marks: Mapping[str, str] | None = None) -> str:
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
    head = " ".join([tag, *attrs])
    return f"<{head}>{escape(cell.text)}</{tag}>"
