"""`nianbao check`: check counts files (and published reports) and report findings."""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Table

from nianbao.audit import Against, FileReport, check_file, expand_paths, load_prior
from nianbao.checks import Finding
from nianbao.cli._app import app, err, handle_errors, out

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


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
                "报告据以起草的数据文件：逐格核对表格、逐个核验叙述中的数字（用于核查改过的 "
                "report.docx）/ the counts file the report was drafted from: every table cell and "
                "every narrative figure checked against it (for an edited report.docx)"
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
    day = date.fromisoformat(today) if today else None
    prior_data = load_prior(prior) if prior is not None else None
    paths = list(expand_paths(files))
    against = _against(data_file, prior_data) if data_file is not None else None
    keep: dict[Path, Path] = {}
    if summary is not None:
        from nianbao.files import guard_outputs

        keep = guard_outputs([summary], inputs=[*files, *paths, prior, data_file], force=force)
    reports = _check_all(paths, prior_data, day, against, jobs)
    if summary is not None:
        from nianbao.files import write_atomic

        write_atomic(summary, summary_csv(reports), keep=keep)
        err.print(f"已写入汇总 / wrote the summary: {escape(str(summary))}")
    if output_format == "json":
        payload = {"reports": [r.model_dump(mode="json", exclude_none=True) for r in reports]}
        if out.is_terminal:
            out.print_json(json.dumps(payload, ensure_ascii=False))
        else:  # what print_json writes without colours, without re-parsing (a folder's worth)
            out.file.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for r in reports:
            _print_text(r)
        if len(reports) > 1:
            out.print(total_line(reports), soft_wrap=True)
    if any(r.error for r in reports):
        raise typer.Exit(2)
    if any(r.counts["error"] for r in reports):
        raise typer.Exit(1)


def _against(data_file: Path, prior: object) -> Against:
    """`--data`: each report file is also compared with this counts file (tables and narrative)."""
    from functools import partial

    from nianbao.audit import Prior, load_data
    from nianbao.edited import compare_with_data

    data = load_data(data_file)
    last = prior.data if isinstance(prior, Prior) else None
    return partial(compare_with_data, data=data, prior=last)


def _check_all(
    paths: list[Path],
    prior: object,
    day: date | None,
    against: Against | None = None,
    jobs: int | None = None,
) -> list[FileReport]:
    """Check each file, in order; several processes for a folder (`--jobs`, default one per
    CPU); a progress bar on stderr when it is a terminal and there are several files."""
    from nianbao.audit import Prior

    p = prior if isinstance(prior, Prior) else None
    workers = min(jobs or _cpus(), len(paths) // PER_WORKER)
    with contextlib.ExitStack() as stack:
        results: Iterator[FileReport]
        if workers > 1:
            pool = stack.enter_context(_pool(workers))
            chunk = max(1, min(32, len(paths) // (workers * 8)))
            results = pool.map(
                functools.partial(check_file, prior=p, today=day, against=against),
                paths,
                chunksize=chunk,
            )
        else:
            results = (check_file(path, p, today=day, against=against) for path in paths)
        if len(paths) < 2 or not err.is_terminal:
            return list(results)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        reports: list[FileReport] = []
        with Progress(
            TextColumn("核查 / checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("", total=len(paths))
            for path, report in zip(paths, results, strict=True):
                bar.update(task, description=escape(path.name))
                reports.append(report)
                bar.advance(task)
        return reports


PER_WORKER = 4
"""A folder is split across processes only when each gets at least this many files."""


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes: forked where that is safe (no other thread yet; nothing to import
    again), else started fresh."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))


SUMMARY_COLUMNS = (
    "文件 file",
    "机关 organ",
    "年度 year",
    "类型 kind",
    "格式 layout",
    "错误 errors",
    "警告 warnings",
    "提示 info",
    "不确定 uncertain",
    "规则 rules",
    "无法读取的原因 unreadable",
)


def summary_csv(reports: list[FileReport]) -> str:
    """One line per report for the reviewer's spreadsheet (UTF-8 with BOM, so Excel reads it)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(SUMMARY_COLUMNS)
    for r in reports:
        c = r.counts
        rules = sorted({f.rule for f in r.findings if f.severity != "info"})
        w.writerow(
            _cell(v)
            for v in [
                r.path,
                r.organ or "",
                r.year or "",
                r.kind,
                r.layout or "",
                "" if r.error else c["error"],
                "" if r.error else c["warning"],
                "" if r.error else c["info"],
                "" if r.error else r.uncertain,
                " ".join(rules),
                (r.error or "").replace("\n", " "),
            ]
        )
    return "\ufeff" + buf.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _cell(value: object) -> object:
    """A text cell that Excel would take for a formula (=HYPERLINK(…), +1, @SUM) gets a leading
    apostrophe, as OWASP recommends for CSV injection; numbers stay numbers."""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def total_line(reports: list[FileReport]) -> str:
    """The last line of a check of several files: how many, with errors, unreadable, and the
    findings of each severity over all of them."""
    n = len(reports)
    unreadable = sum(1 for r in reports if r.error)
    with_errors = sum(1 for r in reports if not r.error and r.counts["error"])
    clean = sum(1 for r in reports if not r.error and not r.findings)
    e, w, i = (
        sum(r.counts[k] for r in reports if not r.error) for k in ("error", "warning", "info")
    )
    return (
        f"合计 {n} 个文件：有错误 {with_errors} 个，无法读取 {unreadable} 个，未发现问题 {clean} 个；"
        f"错误 {e} · 警告 {w} · 提示 {i} / total {n} files: {with_errors} with errors, "
        f"{unreadable} unreadable, {clean} clean; {e} errors, {w} warnings, {i} info"
    )


def _where(f: Finding) -> str:
    from nianbao.places import render_places

    return render_places(f.places)


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
            where = _where(f)
            at = f"（{where}）" if where else ""
            line = f"  {SEVERITY_ZH[f.severity]} {f.rule} {f.location}{at}: {f.message}"
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
            escape(f.location + (f"\n{_where(f)}" if f.places else "")),
            escape(f.message + (f"\n“{f.quote}”" if f.quote else "")),
        )
    out.print(table)
