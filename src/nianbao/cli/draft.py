"""`nianbao draft` / `draft-report`: draft the narrative parts, verified against the data."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.markup import escape

from nianbao.audit import load_data, load_prior
from nianbao.checks import check_data
from nianbao.cli._app import app, err, handle_errors, out
from nianbao.errors import DataError
from nianbao.format import part as part_of
from nianbao.model import ReportData

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATE_ZH = {
    "start": "开始",
    "model": "请求模型",
    "cached": "使用缓存",
    "repair": "要求修改",
    "verified": "核验通过",
    "fallback": "改用内置写作器",
    "writer": "内置写作器",
}


if TYPE_CHECKING:
    from nianbao.checks import Finding
    from nianbao.draft.drafter import DraftResult
    from nianbao.narrative import Narrative


def _write(
    data: ReportData,
    result: DraftResult,
    out_dir: Path,
    *,
    prior: ReportData | None = None,
    prior_narrative: Narrative | None = None,
    data_findings: list[Finding] | None = None,
    inputs: list[str] | None = None,
) -> list[Path]:
    """Write report.docx/.html/.md, review.html and draft.json together, all or nothing."""
    from nianbao.draft.drafter import draft_json
    from nianbao.files import write_all_atomic
    from nianbao.render import report_files
    from nianbao.render.review import render_review
    from nianbao.review import review_draft

    files = report_files(data, result.narrative, out_dir)
    page = review_draft(
        data,
        result,
        prior=prior,
        prior_narrative=prior_narrative,
        data_findings=data_findings or [],
        inputs=inputs or [],
    )
    files[out_dir / "review.html"] = render_review(page)
    files[out_dir / "draft.json"] = draft_json(data, result)
    return write_all_atomic(files)


@app.command()
@handle_errors
def draft(
    data_file: Annotated[
        Path, typer.Option("--data", help="本年的数据文件 counts.yaml / this year's counts file")
    ],
    prior: Annotated[
        Path | None,
        typer.Option(
            "--prior",
            help=(
                "上年的数据文件或已发布的年报（同比、上年问题整改、雷同检查）/ "
                "last year's counts file or published report"
            ),
        ),
    ] = None,
    prior_report: Annotated[
        Path | None,
        typer.Option(
            "--prior-report",
            help="上年报告的 Markdown 或文本，用于雷同检查 / last year's report text, for the similarity check",
        ),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="输出目录 / output folder")] = Path("out"),
    model: Annotated[
        str | None, typer.Option("--model", help="模型名称 / model name (NIANBAO_MODEL)")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="OpenAI 兼容接口地址 / OpenAI-compatible endpoint (OPENAI_BASE_URL)",
        ),
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key",
            help="API 密钥（建议用环境变量 OPENAI_API_KEY）/ API key",
            show_default=False,
        ),
    ] = None,
    method: Annotated[
        Literal["json_schema", "function_calling", "json_mode", "text"] | None,
        typer.Option(
            "--method",
            help="结构化输出方式 json_schema/function_calling/json_mode/text（被拒时自动改用下一种）/ "
            "structured-output method",
        ),
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="不调用模型，用内置写作器 / use the built-in writer")
    ] = False,
    prompts: Annotated[
        Path | None,
        typer.Option(
            "--prompts",
            help="自定义提示文件目录 / folder of prompt files overriding the shipped ones",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", min=0.1, help="单次请求超时（秒）/ seconds per request"),
    ] = None,
    total_timeout: Annotated[
        float | None,
        typer.Option("--total-timeout", min=0.1, help="总时限（秒）/ seconds for the whole draft"),
    ] = None,
    repair_rounds: Annotated[
        int | None,
        typer.Option("--repair-rounds", min=0, help="核验未通过时的修改次数 / repair rounds"),
    ] = None,
    retries: Annotated[
        int | None,
        typer.Option(
            "--retries",
            min=0,
            help="超时、429、5xx 时的重试次数（401 不重试）/ retries on timeouts, 429 and 5xx",
        ),
    ] = None,
    max_tokens: Annotated[
        int | None,
        typer.Option(
            "--max-tokens",
            min=1,
            help="每次回答的 token 上限（本地模型请设小）/ token cap per answer",
        ),
    ] = None,
    temperature: Annotated[
        float | None,
        typer.Option("--temperature", min=0.0, max=2.0, help="采样温度 / sampling temperature"),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(
            "--concurrency",
            min=1,
            help="同时起草的部分数（本地单线程服务设为 1）/ parts drafted at once",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="不使用缓存的回答 / do not reuse logged answers")
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(hidden=True, help="fix today's date (YYYY-MM-DD) for reproducible output"),
    ] = None,
) -> None:
    """起草年报的叙述部分（一、五、六），每个数字都与表格核对一致。

    Draft parts 一, 五 and 六 of the report; every figure in the text is proven against the data.
    With no model endpoint configured (or --offline) the built-in writer drafts them.
    Exit code 0: written; 1: the data has errors (nothing written) or a failure; 2: bad input.
    """
    from nianbao.draft.settings import resolve_settings

    data = load_data(data_file)
    last_year = load_prior(prior) if prior is not None else None
    prior_data = last_year.data if last_year is not None else None
    day = date.fromisoformat(today) if today else None
    data_findings = check_data(data, prior_data, today=day)
    errors = [f for f in data_findings if f.severity == "error"]
    if errors:
        err.print(
            f"数据有{len(errors)}处错误，未起草（请先运行 nianbao check 并改正）/ "
            f"the data has {len(errors)} error(s); nothing was written",
            markup=False,
        )
        for f in errors:
            err.print(f"  错误 {f.rule} {f.location}: {f.message}", markup=False)
        raise typer.Exit(1)
    prior_narrative: Narrative | None = None
    if last_year is not None and last_year.report is not None:
        from nianbao.extract.paragraphs import narrative_from_text

        prior_narrative = narrative_from_text(last_year.report.parts)
    if prior_report is not None:
        from nianbao.load import read_text
        from nianbao.narrative import narrative_from_markdown

        try:
            prior_narrative = narrative_from_markdown(read_text(prior_report))
        except OSError as e:
            raise DataError.one(prior_report, f"无法读取 / cannot read: {e.strerror}") from None
    settings = resolve_settings(
        model=model,
        base_url=base_url,
        api_key=api_key,
        offline=offline,
        method=method,
        timeout=timeout,
        total_timeout=total_timeout,
        repair_rounds=repair_rounds,
        max_retries=retries,
        max_tokens=max_tokens,
        temperature=temperature,
        concurrency=concurrency,
        cache=False if no_cache else None,
    )
    from nianbao.draft.drafter import draft as run_draft

    err.print(f"起草 / drafting: {data.organ} {data.year}年 — {settings.describe()}", markup=False)
    with err.status("起草中 / drafting …") as status:

        def progress(part: str, state: str, detail: str) -> None:
            label = part_of(part).heading  # type: ignore[arg-type]
            status.update(f"{label}：{STATE_ZH.get(state, state)} {detail}".strip())

        result = run_draft(
            data,
            prior=prior_data,
            settings=settings,
            prompts_dir=prompts,
            prior_narrative=prior_narrative,
            on_progress=progress,
        )
    inputs = [str(p) for p in (data_file, prior, prior_report) if p is not None]
    written = _write(
        data,
        result,
        out_dir,
        prior=prior_data,
        prior_narrative=prior_narrative,
        data_findings=data_findings,
        inputs=inputs,
    )
    for outcome in result.parts.values():
        who = "模型 / model" if outcome.source == "model" else "内置写作器 / writer"
        out.print(
            f"{part_of(outcome.part).heading}：{who} — {escape(outcome.reason)}", soft_wrap=True
        )
        for remark in result.narrative.part(outcome.part).remarks:
            if outcome.fallback and remark.startswith(outcome.reason):
                continue  # the line above says it already
            out.print(f"    · {escape(remark)}", soft_wrap=True)
    if result.exchanges:
        out.print(
            f"模型调用 {result.model_calls} 次，缓存 {result.cached_calls} 次 / "
            f"{result.model_calls} model call(s), {result.cached_calls} from the cache"
        )
    errs = sum(1 for f in result.findings if f.severity == "error")
    warns = sum(1 for f in result.findings if f.severity == "warning")
    out.print(f"核验 / verification: 错误 {errs} · 警告 {warns} / {errs} errors, {warns} warnings")
    for f in result.findings:
        line = f"  {SEVERITY_ZH[f.severity]} {f.rule} {f.location}: {f.message}"
        out.print(escape(line), soft_wrap=True)
    out.print(escape("已写入 / wrote " + ", ".join(str(p) for p in written)), soft_wrap=True)
    gaps = result.narrative.markers()
    if gaps:
        out.print(
            f"待补充 {len(gaps)} 处：数据和工作要点没有依据，稿中留有【待补充】标记，"
            f"请据实填写后再发布 / {len(gaps)} marker(s) where the data is silent: fill them in",
        )
        for where, mark in gaps:
            out.print(escape(f"  {where}: {mark}"), soft_wrap=True)
    fell_back = [o for o in result.parts.values() if o.fallback]
    if fell_back:
        names = "、".join(part_of(o.part).heading for o in fell_back)
        err.print(
            f"注意：{names} 由内置写作器代写（原因见上）/ note: {len(fell_back)} part(s) were "
            "written by the built-in writer instead of the model (see above)",
            markup=False,
        )


def draft_report_app() -> typer.Typer:
    """The `draft-report` script: the `draft` command as a program of its own."""
    draft_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    draft_app.command()(draft)
    return draft_app


def draft_report_main() -> None:
    """Entry point of the `draft-report` script."""
    draft_report_app()()
