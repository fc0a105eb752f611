"""`nianbao render`: write the report (Word, HTML, Markdown) from a counts file and a narrative."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer

from nianbao.audit import load_data, load_prior
from nianbao.checks import check_data
from nianbao.cli._app import app, err, handle_errors, out
from nianbao.cli.check import SEVERITY_ZH
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
) -> None:
    """按国家统一格式生成年报：Word、HTML、Markdown，不调用模型。

    Render the report in the national layout (Word, HTML, Markdown) from the counts file and an
    edited narrative, without calling a model. Every figure of the narrative is verified against
    the data first; with any error (data or narrative) nothing is written (exit 1).
    """
    from nianbao.render import Format, write_report

    wanted = cast(list[Format], formats.split(","))
    data = load_data(counts)
    prior_data = load_prior(prior).data if prior is not None else None
    text = read_narrative(narrative) if narrative is not None else None
    folder = out_dir or (narrative.parent if narrative is not None else Path("."))
    findings = check_data(data, prior_data)
    if text is not None:
        from nianbao.verify import verify_narrative

        text, verified = verify_narrative(text, data, prior_data)
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
        raise typer.Exit(1)
    if any(f.severity == "error" for f in findings):
        err.print("以上错误须在发布前改正 / fix the errors above before publishing", markup=False)
    for path in write_report(data, text, folder, wanted, preamble=preamble):
        out.print(str(path), markup=False, highlight=False)
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
