"""`nianbao draft` / `draft-report`: draft the narrative parts, verified against the data."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.markup import escape

from nianbao.audit import is_report, load_data, load_prior
from nianbao.checks import check_data
from nianbao.cli._app import ENVIRONMENT_HELP, EXIT_HELP, app, err, handle_errors, out
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


def _default(name: str) -> str:
    """A model setting's default, for --help (read from the settings model, written there once)."""
    from nianbao.draft.settings import ModelSettings

    return str(ModelSettings.model_fields[name].default)


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
    drafted: date | None = None,
    force: bool = False,
    input_paths: list[Path | None] | None = None,
) -> tuple[list[Path], Path | None]:
    """Write report.docx/.html/.md, review.html and draft.json together, all or nothing, with
    the folder's record of their hashes; returns the files and the backup folder (if any).
    `drafted`: the date under the signature when the counts file gives no `published`."""
    from nianbao.draft.drafter import draft_json
    from nianbao.files import plan_report_folder, with_hashes, with_manifest, write_all_atomic
    from nianbao.render import report_files
    from nianbao.render.review import render_review
    from nianbao.review import review_draft

    files = report_files(data, result.narrative, out_dir, drafted=drafted)
    page = review_draft(
        data,
        result,
        prior=prior,
        prior_narrative=prior_narrative,
        data_findings=data_findings or [],
        inputs=inputs or [],
        drafted=drafted,
    )
    files[out_dir / "review.html"] = render_review(page)
    files[out_dir / "draft.json"] = with_hashes(draft_json(data, result), files)
    plan = plan_report_folder(
        out_dir, [p.name for p in files], force=force, inputs=input_paths or [], how=_HOW
    )
    written = write_all_atomic(with_manifest(out_dir, files), remove=plan.remove, keep=plan.keep)
    return [p for p in written if p.name in {f.name for f in files}], plan.backup


_HOW = "（修改后的 report.md 可用 nianbao render --narrative 重新生成 Word/HTML）"
_REPORT_FILES = ("report.docx", "report.html", "report.md", "review.html", "draft.json")


@app.command(epilog=f"{ENVIRONMENT_HELP}\n\n{EXIT_HELP}")
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
        typer.Option(
            "--timeout",
            min=0.1,
            help="单次请求超时（秒）/ seconds per request",
            show_default=_default("timeout"),
        ),
    ] = None,
    total_timeout: Annotated[
        float | None,
        typer.Option(
            "--total-timeout",
            min=0.1,
            help="总时限（秒）/ seconds for the whole draft",
            show_default=_default("total_timeout"),
        ),
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
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="输出目录中的报告修改过也重新起草（旧文件移入带日期的备份文件夹）/ replace a "
            "report edited since it was drafted (the old files go to a dated backup folder)",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="配置了模型但有部分由内置写作器代写时以退出码 4 结束 / exit 4 when a model was "
            "configured but the built-in writer had to take over",
        ),
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(hidden=True, help="fix today's date (YYYY-MM-DD) for reproducible output"),
    ] = None,
) -> None:
    """起草年报的叙述部分（一、五、六），每个数字都与表格核对一致。

    Draft parts 一, 五 and 六 of the report; every figure in the text is proven against the data.
    With no model endpoint configured (or --offline) the built-in writer drafts them.
    Exit code 0: written; 1: the data has errors (nothing written) or a failure; 2: bad input;
    4: with --strict, the model was configured but the built-in writer took over.
    """
    from nianbao.files import folder_lock, plan_report_folder

    input_paths = [data_file, prior, prior_report, prompts]
    # the output folder is checked before any data is read or any model call is spent
    plan_report_folder(out_dir, _REPORT_FILES, force=force, inputs=input_paths, how=_HOW)
    with folder_lock(out_dir):
        _draft(
            data_file=data_file,
            prior=prior,
            prior_report=prior_report,
            out_dir=out_dir,
            model=model,
            base_url=base_url,
            api_key=api_key,
            method=method,
            offline=offline,
            prompts=prompts,
            timeout=timeout,
            total_timeout=total_timeout,
            repair_rounds=repair_rounds,
            retries=retries,
            max_tokens=max_tokens,
            temperature=temperature,
            concurrency=concurrency,
            no_cache=no_cache,
            force=force,
            today=today,
            input_paths=input_paths,
            strict=strict,
        )


def _draft(
    data_file: Path,
    prior: Path | None,
    prior_report: Path | None,
    out_dir: Path,
    model: str | None,
    base_url: str | None,
    api_key: str | None,
    method: Literal["json_schema", "function_calling", "json_mode", "text"] | None,
    offline: bool,
    prompts: Path | None,
    timeout: float | None,
    total_timeout: float | None,
    repair_rounds: int | None,
    retries: int | None,
    max_tokens: int | None,
    temperature: float | None,
    concurrency: int | None,
    no_cache: bool,
    force: bool,
    today: str | None,
    input_paths: list[Path | None],
    strict: bool = False,
) -> None:
    from nianbao.draft.settings import resolve_settings

    data = load_data(data_file)
    if data.unconfirmed:
        _refuse_unconfirmed(data_file, data.unconfirmed)
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
        from nianbao.places import render_places, with_places

        for f in with_places(data_file, data, errors):
            at = f"（{render_places(f.places)}）" if f.places else ""
            err.print(f"  错误 {f.rule} {f.location}{at}: {f.message}", markup=False)
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

    for warning in settings.warnings():
        err.print(f"注意 / note: {warning}", markup=False, soft_wrap=True)
    if settings.configured:
        too_large = settings.prompt_too_large(_largest_prompt(data, prior_data, prompts))
        if too_large is not None:
            err.print(f"注意 / note: {too_large}", markup=False, soft_wrap=True)
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
    written, backup = _write(
        data,
        result,
        out_dir,
        prior=prior_data,
        prior_narrative=prior_narrative,
        data_findings=data_findings,
        inputs=inputs,
        drafted=day or date.today(),
        force=force,
        input_paths=input_paths,
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
    if backup is not None:
        out.print(escape(f"旧文件已移入 / the old files are kept in {backup}"), soft_wrap=True)
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
        if strict and settings.configured:
            raise typer.Exit(4)


def _refuse_unconfirmed(data_file: Path, cells: list[str]) -> None:
    """Data read from a published report with cells nobody could be sure of: no draft until a
    person has confirmed or corrected them (a draft must never state a figure that was a guess)."""
    from nianbao.extract import cell_location

    shown = "\n".join(f"  {c}（{cell_location(c)}）" for c in cells[:40])
    more = f"\n  …… 另有 {len(cells) - 40} 个 / {len(cells) - 40} more" if len(cells) > 40 else ""
    raise DataError.one(
        data_file,
        f"数据由 nianbao extract 从已发布的年报读出，以下 {len(cells)} 个单元格未能确定（留空），"
        "未起草。请对照原表填好这些单元格，然后删去 unconfirmed 一项 / the data was read from a "
        f"published report and {len(cells)} cell(s) could not be read with certainty; nothing "
        "was drafted. Fill them in from the original table, then delete the `unconfirmed` list:\n"
        + shown
        + more
        + (
            f"\n（这是已发布的年报：先运行 nianbao extract {data_file.name} -o counts.yaml 写出"
            f"数据文件 / a published report: first write a counts file with nianbao extract）"
            if is_report(data_file)
            else ""
        ),
        key="unconfirmed",
    )


def _largest_prompt(data: ReportData, prior: ReportData | None, prompts: Path | None) -> int:
    """Characters in the largest request of the draft (system + part prompt with the notes)."""
    from nianbao.draft.prompts import build_messages, load_prompts
    from nianbao.facts import derive_facts
    from nianbao.narrative import NARRATIVE_PARTS

    facts = derive_facts(data, prior)
    prompt_set = load_prompts(prompts)
    return max(
        sum(len(text) for _, text in build_messages(part, data, facts, prompt_set, prior))
        for part in NARRATIVE_PARTS
    )


def draft_report_app() -> typer.Typer:
    """The `draft-report` script: the `draft` command as a program of its own."""
    draft_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    draft_app.command(epilog=f"{ENVIRONMENT_HELP}\n\n{EXIT_HELP}")(draft)
    return draft_app


def draft_report_main() -> None:
    """Entry point of the `draft-report` script."""
    draft_report_app()()
