"""Errors the library raises; the CLI turns them into one-line messages and exit codes.

    NianbaoError                 anything the user can fix; never shown with a traceback
     ├── DataError               a counts file (or other input) cannot be read or is invalid → exit 2
     ├── ReportReadError         a published report cannot be read (extraction) → exit 2
     ├── PromptError             a prompt file is missing, malformed or lacks a variable → exit 2
     ├── SettingsError           a model setting (flag or NIANBAO_* variable) is invalid → exit 2
     ├── ModelError              the model endpoint failed in a way no fallback covers → exit 1
     └── OutputError             an output file cannot be written → exit 1

Messages are Chinese first, then English, and name the file, line and key where known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DataError",
    "DataProblem",
    "ModelError",
    "NianbaoError",
    "OutputError",
    "PromptError",
    "ReportReadError",
    "SettingsError",
]


class NianbaoError(Exception):
    """Base class: an expected failure with a message meant for the user."""

    exit_code = 1


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong in an input file, located as precisely as we can."""

    message: str  # "中文 / English"
    key: str = ""  # dotted path in the file: applications.new[2]
    line: int | None = None  # 1-based

    def render(self, path: str) -> str:
        where = path
        if self.line is not None:
            where += f":{self.line}"
        if self.key:
            where += f": {self.key}"
        return f"{where}: {self.message}"


@dataclass
class DataError(NianbaoError):
    """An input file that cannot be read, parsed or validated."""

    path: str
    problems: list[DataProblem] = field(default_factory=list)
    exit_code = 2

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(p.render(self.path) for p in self.problems) or self.path

    @classmethod
    def one(
        cls, path: str | Path, message: str, key: str = "", line: int | None = None
    ) -> DataError:
        return cls(str(path), [DataProblem(message, key, line)])


class ReportReadError(NianbaoError):
    """A published report (PDF, Word, HTML, text) cannot be read."""

    exit_code = 2


class PromptError(NianbaoError):
    """A prompt file is missing, malformed, or lacks a variable."""

    exit_code = 2


class SettingsError(NianbaoError):
    """A model setting (a flag or a NIANBAO_* environment variable) is invalid."""

    exit_code = 2


class ModelError(NianbaoError):
    """The model endpoint failed and nothing could stand in for it."""

    exit_code = 1


class OutputError(NianbaoError):
    """An output file could not be written (nothing was left half-written)."""

    exit_code = 1
