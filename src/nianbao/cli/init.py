"""`nianbao init` and `nianbao schema`: start a counts file, describe its keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from nianbao.audit import load_data
from nianbao.cli._app import app, err, handle_errors, out
from nianbao.errors import OutputError
from nianbao.files import write_atomic
from nianbao.model import ReportData
from nianbao.template import counts_template


@app.command()
@handle_errors
def init(
    organ: Annotated[str, typer.Option("--organ", help="机关全称 / the organ's full name")],
    year: Annotated[
        int, typer.Option("--year", help="报告年度 / the report year", min=2019, max=2200)
    ],
    prior: Annotated[
        Path | None,
        typer.Option(
            "--prior", help="上年的数据文件：预填上年结转 / last year's file: pre-fills 上年结转"
        ),
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="写到哪个文件 / file to write")
    ] = Path("counts.yaml"),
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite")] = False,
) -> None:
    """生成待填写的数据文件（带中文注释）。/ Write a commented counts file to fill in."""
    if output.exists() and not force:
        raise OutputError(f"{output} 已存在，加 --force 覆盖 / {output} exists; use --force")
    prior_data = load_data(prior) if prior is not None else None
    write_atomic(output, counts_template(organ, year, prior_data))
    err.print(f"已写入 / wrote {output}")


@app.command()
@handle_errors
def schema() -> None:
    """输出数据文件的 JSON Schema（供编辑器补全）。/ Print the JSON Schema of the counts file."""
    out.print_json(json.dumps(ReportData.model_json_schema(), ensure_ascii=False))
