"""Check files: load each input (counts file, or a published report once readers exist) and run
every check, collecting one result per file so that one unreadable file does not stop the rest."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from nianbao.checks import Finding, check_data, counts
from nianbao.errors import DataError, NianbaoError, ReportReadError
from nianbao.model import ReportData

__all__ = [
    "Against",
    "COUNTS_SUFFIXES",
    "REPORT_SUFFIXES",
    "Prior",
    "is_report",
    "load_prior",
    "FileReport",
    "check_file",
    "expand_paths",
    "load_data",
    "READERS",
]

COUNTS_SUFFIXES = (".yaml", ".yml", ".json")

Reader = Callable[[Path], ReportData]
REPORT_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")
"""Published reports: read by `nianbao.extract` (tables by label, narrative by part)."""

READERS: dict[str, str] = {
    **dict.fromkeys(COUNTS_SUFFIXES, "nianbao.load:load_counts"),
    **dict.fromkeys(REPORT_SUFFIXES, "nianbao.extract:load_report"),
}
"""Which function reads which file type, as "module:function", imported only when such a file
is met, so that checking counts files never loads the PDF, Word or Excel libraries."""
READERS[".xlsx"] = "nianbao.inputs.excel:load_workbook"


def _reader(suffix: str) -> Reader | None:
    target = READERS.get(suffix.lower())
    if target is None:
        return None
    module, _, func = target.partition(":")
    reader: Reader = getattr(importlib.import_module(module), func)
    return reader


def load_data(path: str | Path) -> ReportData:
    """Read any supported input into `ReportData` (raises `DataError` for bad input)."""
    p = Path(path)
    if not p.exists():
        raise DataError.one(p, "文件不存在 / no such file")
    reader = _reader(p.suffix)
    if reader is None:
        known = "、".join(sorted(READERS))
        raise DataError.one(
            p, f"不支持的文件类型 {p.suffix or '(无扩展名)'}，可用：{known} / unsupported file type"
        )
    return reader(p)


EXPECTED_SUFFIXES = (".expected.yaml", ".expected.yml", ".expected.json")
"""A benchmark corpus's expected results beside each report: not inputs to check."""


def is_report(path: str | Path) -> bool:
    """A published report (read by extraction) rather than a counts file."""
    return Path(path).suffix.lower() in REPORT_SUFFIXES


class Prior(BaseModel):
    """Last year: its data, and its text when it was a published report."""

    data: ReportData
    report: Any = None  # ExtractedReport (kept untyped so this module need not import it)


def load_prior(path: str | Path) -> Prior:
    """Last year's counts file or published report."""
    p = Path(path)
    if is_report(p) and p.exists():
        from nianbao.extract import read_report

        try:
            rep = read_report(p)
        except ReportReadError as e:
            raise DataError.one(p, str(e).removeprefix(f"{p}: ")) from None
        return Prior(data=rep.data, report=rep)
    return Prior(data=load_data(p))


class FileReport(BaseModel):
    """The outcome of checking one file."""

    path: str
    findings: list[Finding] = Field(default_factory=list)
    error: str | None = Field(None, description="why the file could not be read, if it could not")
    organ: str | None = None
    year: int | None = None
    kind: str = Field("counts", description="counts (a counts file) or report (a published report)")
    layout: str | None = None
    uncertain: int = Field(0, description="cells or places the reader of a report was unsure of")

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.findings)


Against = Callable[[Any], list[Finding]]
"""More checks of a report as read (`ExtractedReport` → findings): `check --data` compares it
with the counts file (`edited.compare_with_data`)."""


def check_file(
    path: str | Path,
    prior: ReportData | Prior | None = None,
    *,
    today: date | None = None,
    against: Against | None = None,
) -> FileReport:
    """Load one file and check it; a file that cannot be read gives a report with `error`.

    A published report (.pdf .docx .html .txt .md) is read by extraction and gets the text
    checks too; with a prior published report, also the similarity of the narrative; with
    `against`, its further findings on the report as read."""
    prior_data = prior.data if isinstance(prior, Prior) else prior
    prior_report = prior.report if isinstance(prior, Prior) else None
    if is_report(path):
        return _check_report(Path(path), prior_data, prior_report, today, against)
    try:
        data = load_data(path)
    except NianbaoError as e:
        return FileReport(path=str(path), error=str(e))
    prior = prior_data
    from nianbao.places import with_places

    return FileReport(
        path=str(path),
        findings=with_places(path, data, check_data(data, prior, today=today)),
        organ=data.organ,
        year=data.year,
    )


def _check_report(
    path: Path,
    prior: ReportData | None,
    prior_report: Any,
    today: date | None,
    against: Against | None = None,
) -> FileReport:
    from nianbao.checks import sort_findings
    from nianbao.checks.text import check_report
    from nianbao.extract import read_report

    try:
        if not path.exists():
            raise DataError.one(path, "文件不存在 / no such file")
        rep = read_report(path)
    except NianbaoError as e:
        return FileReport(path=str(path), error=str(e), kind="report")
    findings = check_report(rep, prior, prior_report, today=today)
    if against is not None:
        findings = sort_findings(findings + against(rep))
    return FileReport(
        path=str(path),
        findings=findings,
        organ=rep.data.organ,
        year=rep.data.year,
        kind="report",
        layout=rep.layout,
        uncertain=len(rep.uncertain),
    )


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given; a directory stands for the supported files inside it (recursively)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in READERS
                    and not child.name.startswith((".", "~$"))  # hidden; Excel's lock files
                    and not child.name.endswith(EXPECTED_SUFFIXES)
                ):
                    yield child
        else:
            yield p
