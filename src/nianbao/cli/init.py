"""`nianbao init`, `nianbao convert` and `nianbao schema`: start a counts file (YAML or Excel),
convert between them, describe the keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from nianbao.audit import load_data
from nianbao.cli._app import app, err, handle_errors, out
from nianbao.files import guard_outputs, write_all_atomic
from nianbao.inputs.convert import OUTPUT_SUFFIXES, render_counts
from nianbao.model import ReportData
from nianbao.template import starting_data


def output_path(path: Path | None) -> Path | None:
    """Option callback: refuse an output type we cannot write (exit 2) before any work."""
    if path is not None and path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise typer.BadParameter(
            f"应为 {'、'.join(OUTPUT_SUFFIXES)} 文件 / must be a {', '.join(OUTPUT_SUFFIXES)} file"
        )
    return path


def organ_name(value: str | None) -> str | None:
    """Option callback: an organ name on one line, without invisible characters (exit 2)."""
    from nianbao.model import organ_name_problem

    problem = organ_name_problem(value) if value is not None else None
    if problem is not None:
        raise typer.BadParameter(problem)
    return value


def xlsx_path(path: Path | None) -> Path | None:
    if path is not None and path.suffix.lower() != ".xlsx":
        raise typer.BadParameter("应为 .xlsx 文件 / must be an .xlsx file")
    return path


def refuse_overwrite(
    paths: list[Path], force: bool, inputs: list[Path | None] | None = None
) -> dict[Path, Path]:
    """The write guard (`files.guard_outputs`): where each replaced file's backup goes."""
    return guard_outputs(paths, inputs=inputs or [], force=force)


@app.command()
@handle_errors
def init(
    organ: Annotated[
        str,
        typer.Option("--organ", help="机关全称 / the organ's full name", callback=organ_name),
    ],
    year: Annotated[
        int, typer.Option("--year", help="报告年度 / the report year", min=2019, max=2200)
    ],
    prior: Annotated[
        Path | None,
        typer.Option(
            "--prior",
            help="上年的数据（数据文件、工作簿或已发布的年报）：预填上年结转、现行有效件数和待整改问题"
            " / last year's data: pre-fills 上年结转, 现行有效 and problems to follow up",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="写到哪个文件（.yaml 或 .xlsx，默认 counts.yaml）/ file to write",
            callback=output_path,
        ),
    ] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx",
            help="写 Excel 工作簿（按年报表格排版）/ write an Excel workbook laid out like the tables",
            callback=xlsx_path,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite")] = False,
) -> None:
    """生成待填写的数据文件（带中文注释的 YAML，或 --xlsx 工作簿）。

    Write a counts file to fill in: commented YAML, or with --xlsx an Excel workbook.
    """
    targets = [p for p in (output, xlsx) if p is not None]
    if not targets:
        targets.append(Path("counts.yaml"))
    keep = refuse_overwrite(targets, force, [prior])
    prior_data = load_data(prior) if prior is not None else None
    data = starting_data(organ, year, prior_data, blank=True)
    files = {p: render_counts(data, p, prior=prior_data) for p in targets}
    for p in write_all_atomic(files, keep=keep):
        err.print(f"已写入 / wrote {p}")


@app.command()
@handle_errors
def convert(
    source: Annotated[
        Path,
        typer.Argument(
            help="要转换的数据（.yaml/.json/.xlsx，或可读取的已发布年报）/ the data to convert"
        ),
    ],
    target: Annotated[
        Path,
        typer.Argument(
            help="写到哪个文件（.yaml 或 .xlsx）/ the file to write", callback=output_path
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite")] = False,
) -> None:
    """转换数据文件：YAML ⇄ Excel 工作簿。/ Convert report data: YAML ⇄ Excel workbook."""
    keep = refuse_overwrite([target], force, [source])
    data = load_data(source)
    write_all_atomic({target: render_counts(data, target)}, keep=keep)
    err.print(f"已写入 / wrote {target}")


@app.command()
@handle_errors
def schema() -> None:
    """输出数据文件的 JSON Schema（供编辑器补全）。/ Print the JSON Schema of the counts file."""
    out.print_json(json.dumps(ReportData.model_json_schema(), ensure_ascii=False))
