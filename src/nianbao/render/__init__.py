"""Renderers: pure functions of a `Report` (`report.py`) to Markdown, HTML and Word.

`write_report` is what commands call: it assembles the report once, renders each requested
format from it and writes the files all-or-nothing (temporary names, then renamed). The Word
renderer (python-docx) is imported only when a .docx is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Literal, get_args

from nianbao.files import write_all_atomic
from nianbao.model import ReportData
from nianbao.narrative import Narrative
from nianbao.report import Report, assemble

__all__ = ["FILE_NAMES", "Format", "render", "report_files", "write_report"]

Format = Literal["docx", "html", "md"]
FORMATS: tuple[Format, ...] = get_args(Format)

FILE_NAMES: dict[Format, str] = {"docx": "report.docx", "html": "report.html", "md": "report.md"}
"""The file each format is written to inside the output folder."""


def _renderer(fmt: Format) -> Callable[[Report], str | bytes]:
    if fmt == "docx":
        from nianbao.render.docx import render_docx

        return render_docx
    if fmt == "html":
        from nianbao.render.html import render_html

        return render_html
    from nianbao.render.markdown import render_markdown

    return render_markdown


def render(report: Report, fmt: Format) -> str | bytes:
    """One format of the report: text for md/html, bytes for docx."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return _renderer(fmt)(report)


def report_files(
    data: ReportData,
    narrative: Narrative | None,
    out_dir: str | Path,
    formats: Iterable[Format] = FORMATS,
    *,
    preamble: bool = True,
    drafted: date | None = None,
) -> dict[Path, str | bytes]:
    """Assemble the report once and render each requested format: {path: content}, nothing written
    (`drafted`: the drafting date, printed under the signature when the data has no `published`)."""
    report = assemble(data, narrative, preamble=preamble, drafted=drafted)
    out = Path(out_dir)
    return {out / FILE_NAMES[f]: render(report, f) for f in dict.fromkeys(formats)}


def write_report(
    data: ReportData,
    narrative: Narrative | None,
    out_dir: str | Path,
    formats: Iterable[Format] = FORMATS,
    *,
    preamble: bool = True,
    drafted: date | None = None,
) -> list[Path]:
    """Assemble the report and write `report.docx`, `report.html`, `report.md` into `out_dir`.

    Every file is rendered before any is written, then all are written to temporary names and
    renamed; on failure nothing is left behind (raises `OutputError`).
    """
    return write_all_atomic(
        report_files(data, narrative, out_dir, formats, preamble=preamble, drafted=drafted)
    )
