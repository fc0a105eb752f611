"""`nianbao check`: check counts files (and published reports) and report findings."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Table

from nianbao.audit import FileReport, check_file, expand_paths, load_data
from nianbao.cli._app import app, handle_errors, out

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@app.command()
@handle_errors
def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="要检查的数据文件或目录（.yaml/.json/.xlsx）/ counts files or folders to check"
        ),
    ],
    prior: Annotated[
        Path | None,
        typer.Option(
            "--prior",
            help="上年的数据文件，用于跨年度核对 / last year's file, for cross-year rules",
        ),
    ] = None,
    output_format: Annotated[
        Literal["text", "json"],
        typer.Option("--format", help="输出格式 text 或 json / output format"),
    ] = "text",
    today: Annotated[
        str | None,
        typer.Option(hidden=True, help="fix today's date (YYYY-MM-DD) for reproducible output"),
    ] = None,
) -> None:
    """核查年报数据：勾稽关系、合计、空白、格式版本、跨年度衔接。

    Check report data: balances, totals, blank cells, the layout for the year, cross-year rules.
    Exit code 0: no errors; 1: errors found; 2: a file could not be read.
    """
    day = date.fromisoformat(today) if today else None
    prior_data = load_data(prior) if prior is not None else None
    reports = [check_file(p, prior_data, today=day) for p in expand_paths(files)]
    if output_format == "json":
        payload = {"reports": [r.model_dump(mode="json", exclude_none=True) for r in reports]}
        out.print_json(json.dumps(payload, ensure_ascii=False))
    else:
        for r in reports:
            _print_text(r)
    if any(r.error for r in reports):
        raise typer.Exit(2)
    if any(r.counts["error"] for r in reports):
        raise typer.Exit(1)


def _print_text(report: FileReport) -> None:
    if report.error:
        out.print(f"[bold]{escape(report.path)}[/bold]: [red]无法读取 / cannot read[/red]")
        for line in report.error.splitlines():
            out.print(f"  {escape(line)}", soft_wrap=True)
        return
    c = report.counts
    head = (
        f"[bold]{escape(report.path)}[/bold]  {escape(report.organ or '')} {report.year or ''}  "
        f"错误 {c['error']} · 警告 {c['warning']} · 提示 {c['info']} "
        f"/ {c['error']} errors, {c['warning']} warnings, {c['info']} info"
    )
    out.print(head, soft_wrap=True)
    if not report.findings:
        out.print("  [green]✓ 未发现问题 / no problems found[/green]")
        return
    if not out.is_terminal:
        # Piped or captured output: one finding per line, easy to grep and diff.
        for f in report.findings:
            line = f"  {SEVERITY_ZH[f.severity]} {f.rule} {f.location}: {f.message}"
            if f.quote:
                line += f" “{f.quote}”"
            out.print(escape(line), soft_wrap=True)
        return
    table = Table(show_lines=True, expand=False, pad_edge=False)
    table.add_column("级别", no_wrap=True)
    table.add_column("规则", no_wrap=True)
    table.add_column("位置 / location", overflow="fold", ratio=2)
    table.add_column("说明 / message", overflow="fold", ratio=3)
    for f in report.findings:
        table.add_row(
            f"[{SEVERITY_STYLE[f.severity]}]{SEVERITY_ZH[f.severity]}[/]",
            f.rule,
            escape(f.location),
            escape(f.message + (f"\n“{f.quote}”" if f.quote else "")),
        )
    out.print(table)
