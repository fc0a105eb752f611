"""`nianbao check`: check counts files (and published reports) and report findings.

The command only parses its options; `_checking.run_check` does the work (and is what the light
path of `nianbao.cli.main` calls for `nianbao check FILE…`), imported when the command runs so
that `nianbao check --help` does not load the checks and pydantic."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from nianbao.cli._app import app, handle_errors

__all__ = ["check"]


@app.command()
@handle_errors
def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            help=(
                "要检查的数据文件、已发布的年报或目录（.yaml .json .xlsx .pdf .docx .html .txt .md）/ "
                "counts files, workbooks, published reports or folders to check"
            )
        ),
    ],
    prior: Annotated[
        Path | None,
        typer.Option(
            "--prior",
            help=(
                "上年的数据文件或上年的年报：跨年度核对与文字重复度 / last year's counts file or "
                "published report: cross-year rules and text similarity"
            ),
        ),
    ] = None,
    data_file: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help=(
                "与报告逐格、逐个数字核对的数据文件 / the counts file the report (e.g. an edited "
                "report.docx) must agree with: every table cell and narrative figure"
            ),
        ),
    ] = None,
    output_format: Annotated[
        Literal["text", "json"],
        typer.Option("--format", help="输出格式 text 或 json / output format"),
    ] = "text",
    summary: Annotated[
        Path | None,
        typer.Option(
            "--summary",
            help="每份报告一行的汇总表（CSV，可用 Excel 打开）/ one line per report as CSV",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="同时核查的进程数（默认为 CPU 核数；1 为不并行）/ processes checking files at "
            "once (default: the number of CPUs; 1: one process)",
            show_default=False,
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(hidden=True, help="fix today's date (YYYY-MM-DD) for reproducible output"),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="覆盖已有的汇总表（旧文件另存备份）/ overwrite an existing summary"
        ),
    ] = False,
) -> None:
    """核查年报：数据文件或已发布的年报（PDF、Word、网页、文本）。

    表格的勾稽关系、合计、空白、格式版本；已发布的年报还核查六个部分、标题序号、年度、
    行名、必备内容、叙述中的数字与表格是否一致；有 --prior 时核对跨年度衔接与文字重复度；
    有 --data 时把报告（如改过的 report.docx）与数据文件逐格、逐个数字核对。

    Check counts files or published reports: table sums, blanks, layout; for reports also the
    parts, numbering, year, labels, required content and narrative figures against the tables.
    With --data, a report (e.g. the clerk's edited report.docx) is also compared with the counts
    file: every table cell (D-1), organ/year/layout (D-2), every narrative figure (V-rules).
    Exit code 0: no errors; 1: errors found; 2: a file could not be read.
    """
    from nianbao.cli._checking import run_check  # not for `--help`: it loads the checks

    code = run_check(
        files,
        prior=prior,
        data_file=data_file,
        output_format=output_format,
        summary=summary,
        jobs=jobs,
        today=today,
        force=force,
    )
    if code:
        raise typer.Exit(code)
