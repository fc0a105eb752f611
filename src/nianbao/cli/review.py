"""`nianbao review`: the review page (review.html) for a published report or an edited draft."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from nianbao.cli._app import app, handle_errors, out


@app.command()
@handle_errors
def review(
    file: Annotated[
        Path,
        typer.Argument(
            help=(
                "已发布的年报（.pdf .docx .html .txt .md），或数据文件（.yaml .json .xlsx，"
                "配合 --narrative）/ a published report, or a counts file (with --narrative)"
            )
        ),
    ],
    narrative: Annotated[
        Path | None,
        typer.Option(
            "--narrative",
            help=(
                "修改过的叙述部分（Markdown，可直接用 report.md）；同目录的 draft.json 用于区分"
                "模型、内置写作器与人工修改的段落 / the edited narrative as Markdown (report.md "
                "works); a draft.json beside it tells drafted paragraphs from edited ones"
            ),
        ),
    ] = None,
    drafted: Annotated[
        Path | None,
        typer.Option(
            "--draft",
            help="draft-report 写出的 draft.json（默认取叙述文件旁的）/ the draft.json to compare with",
        ),
    ] = None,
    prior: Annotated[
        Path | None,
        typer.Option(
            "--prior",
            help=(
                "上年的数据文件或上年的年报：表格数字对比、跨年度核对、文字重复 / last year's "
                "counts file or published report"
            ),
        ),
    ] = None,
    prior_report: Annotated[
        Path | None,
        typer.Option(
            "--prior-report",
            help="上年报告的 Markdown，用于文字重复度 / last year's report text (Markdown)",
        ),
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--out", help="输出的审阅页 / the page to write")
    ] = Path("review.html"),
    today: Annotated[
        str | None,
        typer.Option(hidden=True, help="fix today's date (YYYY-MM-DD) for reproducible output"),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="覆盖已有的审阅页（旧文件另存备份）/ overwrite an existing page"
        ),
    ] = False,
) -> None:
    """生成审阅页 review.html：每个数字的出处、全部核查结果、与上年的对比。

    Make the review page: the report with every figure's source (hover, focus or click),
    all findings linked to their place, and last year side by side. One self-contained HTML
    file, no network. Exit code 0: written; 2: bad input; 1: failure.
    """
    from nianbao.files import guard_outputs, write_atomic
    from nianbao.render.review import display_status, render_review
    from nianbao.review import review_file

    keep = guard_outputs(
        [output], inputs=[file, narrative, drafted, prior, prior_report], force=force
    )

    page = review_file(
        file,
        narrative=narrative,
        drafted=drafted,
        prior=prior,
        prior_report=prior_report,
        today=date.fromisoformat(today) if today else None,
    )
    write_atomic(output, render_review(page), keep=keep)
    n = {"error": 0, "warning": 0, "info": 0}
    for f in page.findings:
        n[f.severity] += 1
    figures = list(page.all_figures())
    bad = sum(1 for f in figures if display_status(f, page) in ("unverified", "nosource"))
    out.print(
        f"核查结果 / findings: 错误 {n['error']} · 警告 {n['warning']} · 提示 {n['info']}；"
        f"叙述中的数字 {len(figures)} 个，无出处或未通过核验 {bad} 个 / "
        f"{len(figures)} figures, {bad} without a source or failing verification",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    out.print(f"已写入 / wrote {output}", markup=False, highlight=False, soft_wrap=True)
