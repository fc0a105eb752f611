"""Check files: load each input (counts file, or a published report once readers exist) and run
every check, collecting one result per file so that one unreadable file does not stop the rest."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from pydantic import BaseModel, Field

from nianbao.checks import Finding, check_data, counts
from nianbao.errors import DataError, NianbaoError
from nianbao.model import ReportData

__all__ = [
    "COUNTS_SUFFIXES",
    "FileReport",
    "check_file",
    "expand_paths",
    "load_data",
    "READERS",
]

COUNTS_SUFFIXES = (".yaml", ".yml", ".json")

Reader = Callable[[Path], ReportData]
READERS: dict[str, str] = dict.fromkeys(COUNTS_SUFFIXES, "nianbao.load:load_counts")
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


class FileReport(BaseModel):
    """The outcome of checking one file."""

    path: str
    findings: list[Finding] = Field(default_factory=list)
    error: str | None = Field(None, description="why the file could not be read, if it could not")
    organ: str | None = None
    year: int | None = None

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.findings)


def check_file(
    path: str | Path, prior: ReportData | None = None, *, today: date | None = None
) -> FileReport:
    """Load one file and check it; a file that cannot be read gives a report with `error`."""
    try:
        data = load_data(path)
    except NianbaoError as e:
        return FileReport(path=str(path), error=str(e))
    return FileReport(
        path=str(path),
        findings=check_data(data, prior, today=today),
        organ=data.organ,
        year=data.year,
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
                ):
                    yield child
        else:
            yield p
