"""`nianbao render`: write the report (Word, HTML, Markdown) from a counts file and a narrative."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer

from nianbao.audit import load_data, load_prior
from nianbao.checks import check_data
from nianbao.cli._app import app, err, handle_errors, out
from nianbao.cli._checking import SEVERITY_ZH
from nianbao.errors import DataError
from nianbao.load import read_text
from nianbao.narrative import Narrative, narrative_from_markdown

_FORMATS = ("docx", "html", "md")

BLOCKING = frozenset(
    {"T3-1", "T3-2", "T3-3", "T4-1", "E-2", "E-5", "E-16", "F-1", "X-1"}
    | {"V-1", "V-2", "V-3", "V-4", "V-5", "V-6", "V-9", "V-14"}
)
"""Errors that stop `render`: wrong tables, and figures in the text not proven against the data.
Other errors (a missing sub-topic, numbering) are printed: a draft may still be incomplete."""


def _formats(value: str) -> str:
    """Check the --format list (a bad one is a usage error, exit 2); returns it normalised."""
    wanted = [f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()]
    bad = [f for f in wanted if f not in _FORMATS]
    if bad or not wanted:
        raise typer.BadParameter(
            f"未知格式 {', '.join(bad) or '(空)'}，可用：docx,html,md / "
            f"unknown format; use a comma-separated list of docx, html, md"
        )
    return ",".join(wanted)


def read_narrative(path: Path) -> Narrative:
    """Read an edited narrative (or a whole report.md) from Markdown."""
    if not path.exists():
        raise DataError.one(path, "文件不存在 / no such file")
    narrative = narrative_from_markdown(read_text(path))
    if not narrative.parts:
        raise DataError.one(
            path,
            "未找到叙述部分的标题（## 一、总体情况 / ## 五、… / ## 六、…）/ "
            "no narrative part headings found (## 一、总体情况 …)",
        )
    return narrative


def _refuse_without_prior(narrative: Path) -> None:
    """A draft made with --prior, re-rendered without it: say so before verifying anything."""
    from nianbao.lastyear import drafted_with_prior

    figures = drafted_with_prior(narrative.parent / "draft.json")
    if not figures:
        return
    shown = "、".join(dict.fromkeys(figures[:6])) + ("等" if len(figures) > 6 else "")
    raise DataError.one(
        narrative,
        f"这份草稿起草时用了上年数据（--prior），其中与上年比较的数字（{shown}）要用上年数据核对："
        f"请加 --prior 上年的数据文件或年报再运行 / this draft was made with --prior: its "
        f"year-on-year figures ({shown}) can only be checked against last year's data — run "
        "again with --prior",
    )


@app.command()
@handle_errors
def render(
    counts: Annotated[Path, typer.Argument(help="数据文件（.yaml/.json）/ the counts file")],
    narrative: Annotated[
        Path | None,
        typer.Option(
            "--narrative",
            help=(
                "叙述部分的 Markdown（可直接用修改过的 report.md）；不给则留待填写 / "
                "the narrative as Markdown (an edited report.md works); omitted: placeholders"
            ),
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help=(
                "输出目录，默认为叙述文件所在目录或当前目录 / output folder "
                "(default: the narrative file's folder, else the current folder)"
            ),
        ),
    ] = None,
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            help="输出格式，逗号分隔 / formats, comma-separated",
            callback=_formats,
        ),
    ] = "docx,html,md",
    prior: Annotated[
        Path | None,
        typer.Option(
            "--prior",
            help="上年的数据文件或年报，用于核验同比数字 / last year's file, for year-on-year figures",
        ),
    ] = None,
    preamble: Annotated[
        bool,
        typer.Option(
            "--preamble/--no-preamble",
            help="是否写开篇说明（依据、统计期限、联系方式）/ include the preamble",
        ),
    ] = True,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="覆盖修改过的输出文件（旧文件移入带日期的备份文件夹）/ replace edited outputs "
            "(the old ones are moved to a dated backup folder)",
        ),
    ] = False,
) -> None:
    """按国家统一格式生成年报：Word、HTML、Markdown，不调用模型。

    Render the report in the national layout (Word, HTML, Markdown) from the counts file and an
    edited narrative, without calling a model. Every figure of the narrative is verified against
    the data first; with any error (data or narrative) nothing is written (exit 1).
    Without --narrative, a report.md already in the output folder is the narrative (your edits
    are kept); files edited since nianbao wrote them are replaced only with --force.
    """
    from nianbao.files import (
        FolderPlan,
        folder_lock,
        plan_report_folder,
        with_manifest,
        write_all_atomic,
    )
    from nianbao.render import FILE_NAMES, Format, report_files

    wanted = cast(list[Format], formats.split(","))
    folder = out_dir or (narrative.parent if narrative is not None else Path("."))
    if narrative is None and (folder / FILE_NAMES["md"]).is_file():
        narrative = folder / FILE_NAMES["md"]
        err.print(
            f"使用 {narrative} 中的叙述部分（未给 --narrative）/ using the narrative of {narrative}",
            markup=False,
            soft_wrap=True,
        )
    names = [FILE_NAMES[f] for f in wanted]

    def plan() -> FolderPlan:
        return plan_report_folder(
            folder,
            names,
            force=force,
            inputs=[counts, prior, narrative],
            edited_ok=[narrative] if narrative is not None else [],
            how="（要保留 report.md 中的修改，请用 --narrative 指向它，或不给 --narrative）",
        )

    plan()  # refuse before any work
    data = load_data(counts)
    prior_data = load_prior(prior).data if prior is not None else None
    if prior is None and narrative is not None:
        _refuse_without_prior(narrative)
    text = read_narrative(narrative) if narrative is not None else None
    findings = check_data(data, prior_data)
    if text is not None:
        from nianbao.verify import verify_narrative

        text, verified = verify_narrative(text, data, prior_data, period_stated=preamble)
        if prior_data is None:
            from nianbao.lastyear import explain_missing_prior

            verified = explain_missing_prior(verified)
        findings += verified
    for f in findings:
        if f.severity != "info":
            line = f"{SEVERITY_ZH[f.severity]} {f.rule} {f.location}: {f.message}"
            err.print(line + (f" “{f.quote}”" if f.quote else ""), markup=False, soft_wrap=True)
    blocking = [f for f in findings if f.severity == "error" and f.rule in BLOCKING]
    if blocking:
        err.print(
            f"有 {len(blocking)} 个数据或数字错误，未写出文件。表格以外的数字请写进数据文件的 "
            f"figures，数据错误请先用 nianbao check 核查 / {len(blocking)} error(s) in the data "
            "or the figures: nothing written. Add figures beyond the tables to `figures:` in the "
            "counts file; fix data errors first.",
            markup=False,
            soft_wrap=True,
        )
        if prior_data is None and any("--prior" in f.message for f in blocking):
            err.print(
                "与上年比较的数字须加 --prior 核对 / year-on-year figures need --prior",
                markup=False,
            )
        raise typer.Exit(1)
    if any(f.severity == "error" for f in findings):
        err.print("以上错误须在发布前改正 / fix the errors above before publishing", markup=False)
    with folder_lock(folder):
        folder_plan = plan()
        files = with_manifest(folder, report_files(data, text, folder, wanted, preamble=preamble))
        written = write_all_atomic(files, remove=folder_plan.remove, keep=folder_plan.keep)
    for path in written:
        if path.name in names:
            out.print(str(path), markup=False, highlight=False)
    if folder_plan.backup is not None:
        err.print(
            f"旧文件已移入 / the old files are kept in {folder_plan.backup}",
            markup=False,
            soft_wrap=True,
        )
    gaps = text.markers() if text is not None else []
    if gaps:
        err.print(
            f"警告：稿中还有 {len(gaps)} 处【待补充】标记，这是草稿，请填写后再发布 / warning: "
            f"{len(gaps)} 【待补充】 marker(s) remain: this is a draft, fill them in before publishing",
            markup=False,
            soft_wrap=True,
        )
        for where, mark in gaps:
            err.print(f"  {where}: {mark}", markup=False, soft_wrap=True)
