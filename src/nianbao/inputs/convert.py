"""Write `ReportData` to the file type its name asks for: a commented YAML counts file or a workbook."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from nianbao.errors import OutputError
from nianbao.model import ReportData
from nianbao.template import counts_yaml

__all__ = ["OUTPUT_SUFFIXES", "render_counts"]

OUTPUT_SUFFIXES = (".yaml", ".yml", ".xlsx")


def render_counts(
    data: ReportData,
    path: str | Path,
    *,
    prior: ReportData | None = None,
    header: Sequence[str] = (),
) -> str | bytes:
    """The content of `path` holding `data`: YAML text for .yaml/.yml, workbook bytes for .xlsx.

    `prior` adds remarks on what was carried over from last year; `header` adds comment lines
    on top of a YAML file.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        from nianbao.inputs.excel import workbook_bytes

        return workbook_bytes(data, prior=prior)
    if suffix in (".yaml", ".yml"):
        return counts_yaml(data, prior=prior, header=header)
    raise OutputError(
        f"{path}：输出文件应为 {'、'.join(OUTPUT_SUFFIXES)} / "
        f"the output must be one of {', '.join(OUTPUT_SUFFIXES)}"
    )
