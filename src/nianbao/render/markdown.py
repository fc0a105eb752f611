"""The report as Markdown, for review in a terminal or a merge request.

Parts are `## ` headings and sub-headings `### `, so that `narrative_from_markdown` reads an
edited `report.md` back. Tables are pipe tables, one per block of the printed table, with the
row labels as printed (a row under merged labels carries them all: 三、本年度办理结果 （三）不予公开
1.属于国家秘密). Table 四 is printed one row per group (行政复议, 行政诉讼 未经复议直接起诉 …)
because fifteen columns do not fit a terminal.
"""

from __future__ import annotations

import re

from nianbao.report import FlatTable, Report, ReportPart

__all__ = ["render_markdown"]


def render_markdown(report: Report) -> str:
    """The whole report as Markdown text."""
    out: list[str] = [f"# {_inline(report.title)}", ""]
    for para in report.preamble:
        out += [_paragraph(para), ""]
    for part in report.parts:
        out += _part(part)
    if report.signature:
        # Kept out of the text read back as narrative: an HTML comment is skipped on reading.
        signature = " ".join(" ".join(line.split()) for line in report.signature)
        out += [f"<!-- 落款 / signature: {signature.replace('--', '- -')} -->", ""]
    return "\n".join(out).rstrip() + "\n"


def _part(part: ReportPart) -> list[str]:
    out = [f"## {part.heading.full}", ""]
    for block in part.blocks:
        if block.heading is not None:
            out += [f"{'#' * (block.heading.level + 1)} {_inline(block.heading.full)}", ""]
        for para in block.paragraphs:
            out += [_paragraph(para), ""]
    if part.table is not None:
        for flat in part.table.flat:
            out += _pipe_table(flat)
    return out


def _pipe_table(table: FlatTable) -> list[str]:
    out: list[str] = []
    if table.caption:
        out += [f"**{_inline(table.caption)}**", ""]
    out.append(_row(table.header))
    out.append("|" + "|".join(["---"] + ["---:"] * (len(table.header) - 1)) + "|")
    for row in table.rows:
        out.append(_row([row.label, *(v.text for v in row.values)]))
    out.append("")
    if table.note:
        out += [_inline(table.note), ""]
    return out


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")


_ACTIVE = re.compile(r"([\\<>\[\]&`])")
"""Characters that make Markdown active: raw HTML (`<script>`, `<img>`), entities (`&#106;`),
links and images (`[x](javascript:…)`, `![](http://…)`), code. Backslash-escaped, so every
Markdown viewer shows them as typed; `narrative_from_markdown` reads them back unescaped."""


def _inline(text: str) -> str:
    return _ACTIVE.sub(r"\\\1", " ".join(text.split()))


def _paragraph(text: str) -> str:
    """A paragraph on one line; a leading character that Markdown or the reader would take for
    structure (a heading, a table, a quote, a list, a comment) is escaped."""
    line = _inline(text)
    if line.startswith(("#", "|", ">", "<", "-", "*", "+", "=")):
        line = "\\" + line
    return line
