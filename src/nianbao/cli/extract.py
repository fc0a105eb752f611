"""`nianbao extract`: read a published report into a counts file and its narrative parts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.markup import escape

from nianbao.cli._app import app, err, handle_errors, out


@app.command()
@handle_errors
def extract(
    report: Annotated[
        Path,
        typer.Argument(
            help="已发布的年报（.pdf .docx .html .htm .txt .md）/ a published report",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="数据文件写到哪里（不给则打印）/ where to write the counts file (default: print)",
        ),
    ] = None,
    narrative: Annotated[
        Path | None,
        typer.Option(
            "--narrative",
            help="叙述部分写到哪里（默认与 -o 同名 .narrative.md）/ where to write the narrative parts",
        ),
    ] = None,
    output_format: Annotated[
        Literal["yaml", "json"],
        typer.Option(
            "--format",
            help="yaml：数据文件；json：全部读取结果 / yaml: the counts file; json: everything read",
        ),
    ] = "yaml",
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite")] = False,
) -> None:
    """从已发布的年报中读出表格数据（按行名，不按位置）和叙述部分。

    Read a published report's tables (by row label, not by position) and narrative parts.
    Cells the reader is unsure of are listed, never guessed silently. Exit 2 if unreadable.
    """
    from nianbao.extract import read_report
    from nianbao.extract.output import counts_yaml, narrative_markdown
    from nianbao.files import guard_outputs, write_all_atomic

    keep: dict[Path, Path] = {}
    if output is not None:
        if narrative is None and output_format == "yaml":
            narrative = output.with_name(output.stem + ".narrative.md")
        planned = [output] + ([narrative] if narrative and output_format == "yaml" else [])
        keep = guard_outputs(planned, inputs=[report], force=force)
    rep = read_report(report)
    if output_format == "json":
        payload = rep.model_dump(mode="json", exclude={"text"})
        text = json.dumps(payload, ensure_ascii=False, indent=2)
    else:
        text = counts_yaml(rep)
    if output is None:
        out.print(text, markup=False, highlight=False, soft_wrap=True)
    else:
        targets = {output: text}
        if narrative is not None and output_format == "yaml":
            targets[narrative] = narrative_markdown(rep)
        write_all_atomic(targets, keep=keep)
        for p in targets:
            err.print(f"已写入 / wrote {escape(str(p))}")
    d = rep.data
    err.print(
        f"{escape(d.organ)} {d.year}年 · 格式 {rep.layout} · 不确定 {len(rep.uncertain)} 处 / "
        f"{len(rep.uncertain)} uncertain",
        highlight=False,
    )
    for u in rep.uncertain:
        err.print(f"  [yellow]不确定 / unsure[/yellow] {escape(u.location)}: {escape(u.message)}")
        if u.alternatives:
            shown = "；".join(u.alternatives[:6])
            err.print(f"    可能的读法 / possible readings: {escape(shown)}", highlight=False)
    if d.unconfirmed:
        err.print(
            f"{len(d.unconfirmed)} 个单元格未能确定，已留空并列入 unconfirmed；核对原表填好后删去该项"
            f" / {len(d.unconfirmed)} cell(s) left blank under `unconfirmed`: fill them in from "
            "the original, then delete the list",
            highlight=False,
        )
