"""What `nianbao check` does, without typer: check the files, print, return the exit code.

`check.py` holds the typer command; `nianbao.cli.main` calls `run_check` directly for the plain
form `nianbao check FILE…` (no options), so that checking a file does not import typer.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rich.markup import escape

from nianbao.audit import Against, FileReport, check_file, expand_paths, load_prior
from nianbao.checks import Finding
from nianbao.cli._console import err, out

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

__all__ = ["SEVERITY_ZH", "run_check", "summary_csv", "total_line"]

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def run_check(
    files: list[Path],
    prior: Path | None = None,
    data_file: Path | None = None,
    output_format: Literal["text", "json"] = "text",
    summary: Path | None = None,
    jobs: int | None = None,
    today: str | None = None,
    force: bool = False,
) -> int:
    """`nianbao check`: check the files, print the findings, and return the exit code (0: no
    errors; 1: errors found; 2: a file could not be read). The typer command and the light path
    of `nianbao.cli.main` both call this; its defaults are the command's (a test compares them).
    """
    day = date.fromisoformat(today) if today else None
    prior_data = load_prior(prior) if prior is not None else None
    paths = list(expand_paths(files))
    if not paths:  # only folders, none holding a file `check` reads
        from nianbao.audit import READERS
        from nianbao.errors import DataError

        kinds = " ".join(sorted(READERS))
        raise DataError.one(
            " ".join(str(f) for f in files),
            f"目录中没有可核查的文件（{kinds}）/ no file to check in the folder ({kinds})",
        )
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
        return 2
    if any(r.counts["error"] for r in reports):
        return 1
    return 0


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
    from rich.table import Table

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
