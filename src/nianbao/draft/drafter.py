"""Draft the three narrative parts: concurrently, verified, repaired, or written by the writer.

For each part (一 总体情况, 五 问题与改进, 六 其他事项) the model is asked for a JSON draft whose
figures are fact placeholders; code fills in the values and verifies the text (`verify.py`).
Findings go back to the model for a corrected draft (`repair_rounds`); if it still fails, or the
endpoint fails, the built-in writer drafts that part and the part's remarks say why. Parts are
drafted at the same time, within `total_timeout`. Every exchange is logged and cached
(`log.py`), so a second run with the same data makes no model call.

The output never contains a figure that failed verification: after the last check, a sentence
that still holds one is removed (and the removal is noted in the part's remarks).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, ValidationError

from nianbao import format as fmt
from nianbao.checks import Finding
from nianbao.facts import Facts, derive_facts
from nianbao.model import ReportData
from nianbao.narrative import (
    NARRATIVE_PARTS,
    Narrative,
    NarrativePartKey,
    Paragraph,
    PartText,
    Section,
    strip_number,
)
from nianbao.verify import FIGURE_RULES, VerifyContext, fill_placeholders, verify_part

from .log import Exchange, ExchangeLog, cache_key
from .prompts import PartDraft, PromptSet, build_messages, build_repair, load_prompts
from .settings import METHODS, Method, ModelSettings, strip_url_credentials
from .writer import write_part

if TYPE_CHECKING:
    from .llm import CallError

__all__ = [
    "DraftResult",
    "PartOutcome",
    "Progress",
    "draft",
    "draft_async",
    "parse_answer",
    "draft_json",
]

Progress = Callable[[str, str, str], None]
"""on_progress(part, state, detail): state is one of start, model, cached, repair, verified,
fallback, writer."""


class PartOutcome(BaseModel):
    """How one part was drafted."""

    part: NarrativePartKey
    source: Literal["model", "writer"]
    reason: str = Field(description="中文 / English: why this source")
    rounds: int = Field(0, description="model answers read (1 = accepted at once)")
    calls: int = Field(0, description="real model calls made")
    cached: int = Field(0, description="answers reused from the log")
    method: str | None = None
    fallback: bool = Field(False, description="the model was tried and the writer stood in")
    findings: list[Finding] = Field(
        default_factory=list, description="what the last refused model draft failed on"
    )


class DraftResult(BaseModel):
    """The drafted narrative and how it came about."""

    narrative: Narrative
    parts: dict[str, PartOutcome]
    findings: list[Finding] = Field(description="final verification (warnings; errors removed)")
    exchanges: list[Exchange] = Field(default_factory=list)
    endpoint: str = ""
    elapsed: float = 0.0

    @property
    def model_calls(self) -> int:
        return sum(p.calls for p in self.parts.values())

    @property
    def cached_calls(self) -> int:
        return sum(p.cached for p in self.parts.values())


# --- reading the model's answer ---------------------------------------------------------------

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
"""Control characters a model may emit (escaped in its JSON): dropped from the text."""


def parse_answer(text: str) -> tuple[PartDraft | None, str]:
    """The draft in an answer, or None and what is wrong with it (in Chinese / English)."""
    body = _FENCE.sub("", text.strip()).strip()
    if not body:
        return None, "回答为空 / the answer is empty"
    start, end = body.find("{"), body.rfind("}")
    if start == -1 or end <= start:
        return None, f"回答不是 JSON 对象：“{body[:40]}” / the answer is not a JSON object"
    try:
        raw = json.loads(body[start : end + 1])
    except json.JSONDecodeError as e:
        return None, f"JSON 格式错误（{e.msg}，第{e.pos}个字符）/ malformed JSON"
    if isinstance(raw, dict):
        raw.setdefault("lead", [])
    try:
        draft = PartDraft.model_validate(raw)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        return None, f"JSON 结构不符：{where}: {first['msg']} / wrong JSON structure"
    if not any(p.strip() for p in draft.lead) and not any(
        p.strip() for s in draft.sections for p in s.paragraphs
    ):
        return None, "回答没有正文 / the answer has no text"
    return draft, ""


def _to_part(part: NarrativePartKey, draft: PartDraft, facts: Facts) -> PartText:
    topics = {t.key: t for t in fmt.TOPICS if t.part == part}
    sections: list[Section] = []

    def paras(texts: list[str]) -> list[Paragraph]:
        out = []
        for t in texts:
            if not t.strip():
                continue
            filled, _, refs = fill_placeholders(_CONTROL.sub("", t).strip(), facts)
            out.append(Paragraph(text=filled, source="model", figures=refs))
        return out

    if draft.lead:
        sections.append(Section(paragraphs=paras(draft.lead)))
    for s in draft.sections:
        topic = topics.get(s.topic)
        heading = strip_number(s.heading) or (topic.label if topic else None)
        sections.append(
            Section(
                heading=heading, topic=topic.key if topic else None, paragraphs=paras(s.paragraphs)
            )
        )
    return PartText(part=part, sections=sections, source="model")


def _failure(rule: str, part: NarrativePartKey, message: str) -> Finding:
    return Finding(rule=rule, severity="error", location=fmt.part(part).heading, message=message)


# --- drafting -----------------------------------------------------------------------------------


def _call_error() -> type[CallError]:
    """`llm.CallError`, looked up only when an exception is being handled (`except` evaluates
    its class then), so that a run answered from the cache never imports the model client."""
    from .llm import CallError

    return CallError


class _LazyClient:
    """The model client, created (and langchain/openai imported, ~1–2 s) at the first call that
    the exchange log cannot answer: a re-run answered wholly from the cache never loads it."""

    def __init__(self, settings: ModelSettings, model: Any) -> None:
        self.settings, self._model = settings, model
        self._client: Any = None

    @property
    def name(self) -> str:
        return str(getattr(self._model, "model_name", None) or self.settings.model_name)

    async def ask(self, messages: list[tuple[str, str]], schema: Any, method: Method) -> Any:
        if self._client is None:
            from .llm import ModelClient

            self._client = ModelClient(self.settings, self._model)
        return await self._client.ask(messages, schema, method)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()


class _Run:
    def __init__(
        self,
        data: ReportData,
        prior: ReportData | None,
        settings: ModelSettings,
        prompts: PromptSet,
        ctx: VerifyContext,
        client: Any,
        log: ExchangeLog,
        on_progress: Progress,
    ) -> None:
        self.data, self.prior, self.settings = data, prior, settings
        self.prompts, self.ctx, self.client, self.log = prompts, ctx, client, log
        self.progress = on_progress
        self.method: Method = settings.method
        self.exchanges: list[Exchange] = []
        self.sem = asyncio.Semaphore(settings.concurrency)
        self.broken: str | None = None  # an endpoint failure no other part should repeat

    async def ask(
        self,
        part: NarrativePartKey,
        rnd: int,
        messages: list[tuple[str, str]],
        outcome: PartOutcome,
    ) -> Exchange:
        """One answer: from the log when an identical request was answered before, else the model;
        falls back to the next method when the server refuses one."""
        while True:
            method = self.method
            request = {
                "model": self.client.name,
                "base_url": self.settings.base_url or "",
                "method": method,
                "temperature": self.settings.temperature,
                "max_tokens": self.settings.max_tokens,
                "messages": messages,
                "schema": PartDraft.model_json_schema(),
            }
            key = cache_key(request)
            base = {
                "organ": self.data.organ,
                "year": self.data.year,
                "part": part,
                "round": rnd,
                "model": self.client.name,
                "base_url": strip_url_credentials(self.settings.base_url or ""),  # kept: no secret
                "method": method,
                "cache_key": key,
                "prompt": json.dumps(messages, ensure_ascii=False),
            }
            hit = self.log.lookup(key) if self.settings.cache else None
            if hit is not None:
                ex = Exchange(
                    **base,
                    response=hit.response,
                    input_tokens=hit.input_tokens,
                    output_tokens=hit.output_tokens,
                    latency_ms=0,
                    cached=True,
                )
                self.log.record(ex)
                self.exchanges.append(ex)
                outcome.cached += 1
                self.progress(part, "cached", f"第{rnd + 1}稿（缓存）")
                return ex
            self.progress(part, "model", f"第{rnd + 1}稿 / draft {rnd + 1}")
            from .llm import CallError  # a real call: the client is loaded from here on

            start = time.monotonic()
            try:
                async with self.sem:
                    answer = await self.client.ask(messages, PartDraft, method)
            except CallError as e:
                ex = Exchange(
                    **base,
                    error=str(e),
                    latency_ms=int((time.monotonic() - start) * 1000),
                    outcome=f"error: {e.kind}",
                )
                self.log.record(ex)
                self.exchanges.append(ex)
                outcome.calls += 1
                if e.kind == "refused_method" and method != METHODS[-1]:
                    nxt = METHODS[METHODS.index(method) + 1]
                    if self.method == method:
                        self.method = nxt
                    self.progress(part, "model", f"服务器不接受 {method}，改用 {nxt}")
                    continue
                raise
            ex = Exchange(
                **base,
                response=answer.text,
                input_tokens=answer.input_tokens,
                output_tokens=answer.output_tokens,
                latency_ms=answer.latency_ms,
            )
            self.log.record(ex)
            self.exchanges.append(ex)
            outcome.calls += 1
            outcome.method = method
            return ex

    async def part(self, part: NarrativePartKey) -> tuple[PartText, PartOutcome]:
        self.progress(part, "start", "")
        outcome = PartOutcome(part=part, source="model", reason="")
        messages = build_messages(
            part, self.data, self.ctx.facts, self.prompts, self.prior, self.ctx.prior_narrative
        )
        findings: list[Finding] = []
        last: PartText | None = None
        for rnd in range(self.settings.repair_rounds + 1):
            if self.broken is not None:
                return self.fallback(part, outcome, self.broken)
            try:
                ex = await self.ask(part, rnd, messages, outcome)
            except _call_error() as e:
                why = f"模型调用失败：{e} / the model call failed"
                if e.kind in ("auth", "connection"):
                    self.broken = why
                return self.fallback(part, outcome, why)
            outcome.rounds = rnd + 1
            draft, problem = parse_answer(ex.response or "")
            if draft is None:
                findings = [_failure("V-15", part, f"回答不是要求的 JSON：{problem}")]
            else:
                checked, found = verify_part(_to_part(part, draft, self.ctx.facts), self.ctx)
                findings = [f for f in found if f.severity == "error"]
                if not findings:
                    self._outcome(ex, "verified")
                    outcome.reason = (
                        "模型起草，核验通过 / drafted by the model, verified"
                        if rnd == 0
                        else f"模型起草，修改{rnd}次后核验通过 / verified after {rnd} repair(s)"
                    )
                    outcome.findings = []
                    self.progress(part, "verified", outcome.reason)
                    return checked, outcome
            rules = ", ".join(sorted({f.rule for f in findings}))
            self._outcome(ex, f"failed: {rules}")
            outcome.findings = findings
            if draft is not None:
                last = checked
            if rnd < self.settings.repair_rounds:
                self.progress(part, "repair", f"核验未通过（{rules}），要求修改 / repairing")
                repair = build_repair(part, findings[:15], self.prompts)
                if draft is not None:
                    repair += _ask_placeholders(checked, self.ctx)
                messages = [*messages, ("assistant", ex.response or ""), ("user", repair)]
        rules = ", ".join(sorted({f.rule for f in findings}))
        if last is not None:
            kept = self.keep_model_part(part, last, outcome, rules)
            if kept is not None:
                return kept, outcome
        return self.fallback(
            part,
            outcome,
            f"模型稿{outcome.rounds}次未通过核验（{rules}）/ the model's drafts failed verification ({rules})",
        )

    def keep_model_part(
        self, part: NarrativePartKey, checked: PartText, outcome: PartOutcome, rules: str
    ) -> PartText | None:
        """After the repair rounds: keep the model's part and drop only the sentences that still
        fail; None when the answer is unusable (not Chinese, a copy of last year, or most of its
        sentences fail)."""
        total = _sentence_count(checked)
        kept, dropped = drop_failing(checked, self.ctx)
        kept, found = verify_part(kept, self.ctx)
        errors = [f for f in found if f.severity == "error"]
        missing = [f for f in errors if f.rule == "V-7"]
        if missing:
            kept = _add_missing_topics(
                kept, write_part(part, self.data, self.ctx.facts, self.prior)
            )
            kept, found = verify_part(kept, self.ctx)
            errors = [f for f in found if f.severity == "error"]
        if errors or not total or len(dropped) * 2 > total:
            return None
        outcome.reason = (
            f"模型起草；修改{outcome.rounds - 1}次后仍有{len(dropped)}句未通过核验（{rules}），已删去 / "
            f"drafted by the model; {len(dropped)} sentence(s) still failing were removed"
        )
        self.progress(part, "verified", outcome.reason)
        return kept

    def _outcome(self, ex: Exchange, outcome: str) -> None:
        ex.outcome = outcome if not ex.cached else f"{outcome} (cached)"
        if ex.id is not None:
            self.log.set_outcome(ex.id, ex.outcome)

    def fallback(
        self, part: NarrativePartKey, outcome: PartOutcome, why: str
    ) -> tuple[PartText, PartOutcome]:
        text = write_part(part, self.data, self.ctx.facts, self.prior)
        text.remarks.insert(
            0, f"{why}；本部分由内置写作器起草 / this part was written by the built-in writer"
        )
        outcome.source = "writer"
        outcome.fallback = True
        outcome.reason = why
        self.progress(part, "fallback", why)
        return text, outcome


_PIECE = re.compile(r"[^。！？；：]+[。！？；：]?")
_ITEM = re.compile(r"(?<![一二三四五六七八九十])([一二三四五六七八九十]+)(?=是)")
_SENTENCE_RULES = FIGURE_RULES | {"V-9", "V-14"}


def _sentence_count(part: PartText) -> int:
    return sum(
        len([m for m in _PIECE.finditer(p.text) if m.group(0).strip("。！？；： ")])
        for s in part.sections
        for p in s.paragraphs
    )


def _renumber(text: str) -> str:
    """一是…三是 after a drop → 一是…二是."""
    n = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal n
        n += 1
        return fmt.chinese_ordinal(n)

    return _ITEM.sub(repl, text)


def _renumber_section(paras: list[Paragraph]) -> list[Paragraph]:
    """Lists within a paragraph, and lists of one item per paragraph (一是… / 二是… openings)."""
    out = [p.model_copy(update={"text": _renumber(p.text)}) for p in paras]
    openers = [i for i, p in enumerate(out) if _ITEM.match(p.text)]
    if len(openers) > 1:
        for n, i in enumerate(openers, start=1):
            p = out[i]
            out[i] = p.model_copy(
                update={"text": _ITEM.sub(fmt.chinese_ordinal(n), p.text, count=1)}
            )
    return out


def drop_failing(part: PartText, ctx: VerifyContext) -> tuple[PartText, list[str]]:
    """Remove every sentence that still fails verification (a figure bound wrongly or to nothing,
    a placeholder, a split number, a wrong opening year); renumber 一是/二是 lists after a drop;
    a sub-heading with a failing figure falls back to its topic's label. Returns the part (each
    removal noted in its remarks) and the removed sentences."""
    dropped: list[str] = []
    for _ in range(3):
        checked, found = verify_part(part, ctx)
        quotes = {
            f.quote
            for f in found
            if f.severity == "error" and f.rule in _SENTENCE_RULES and f.quote
        }
        bad_headings = {
            f.location for f in found if f.severity == "error" and "小标题" in f.location
        }
        changed = False
        sections: list[Section] = []
        for s in checked.sections:
            heading = s.heading
            if heading and any(f"小标题“{heading}”" in loc for loc in bad_headings):
                topic = fmt.topic(s.topic) if s.topic else None
                heading = topic.label if topic else None
                dropped.append(s.heading or "")
                part.remarks.append(
                    f"小标题“{s.heading}”中的数字未通过核验，改用“{heading or ''}” / a sub-heading "
                    "with a failing figure was replaced"
                )
                changed = True
            paras: list[Paragraph] = []
            lost = False
            for p in s.paragraphs:
                spans = [(r.start, r.end) for r in p.figures if r.status == "unverified"]
                spans += [
                    m.span()
                    for m in re.finditer(
                        r"\{\{[^}]*\}\}|\d[ \t\u3000]+\d|\d[,，]\d{1,2}(?!\d)", p.text
                    )
                ]
                pieces = [m for m in _PIECE.finditer(p.text) if m.group(0).strip()]
                kept: list[str] = []
                for m in pieces:
                    a0, b0 = m.span()
                    sentence = m.group(0)
                    bad = any(a < b0 and a0 < b for a, b in spans) or any(
                        q
                        and (
                            q in sentence
                            or sentence.strip("。；：！？ ") in q
                            and len(sentence) > 6
                        )
                        for q in quotes
                        if not any(r.status == "unverified" for r in p.figures)
                    )
                    if bad:
                        dropped.append(sentence.strip())
                        part.remarks.append(
                            f"删去未通过核验的句子：“{sentence.strip()}” / removed a sentence that "
                            "failed verification"
                        )
                        changed = lost = True
                    else:
                        kept.append(sentence)
                text = "".join(kept).strip()
                while text.endswith("："):  # an introduction whose items were all removed
                    cut = max(text.rfind(c, 0, len(text) - 1) for c in "。！？；") + 1
                    text = text[:cut].strip()
                if text and text[-1] in "；，、：,;":
                    text = text[:-1] + "。"
                if text and text[-1] not in "。！？":
                    text += "。"
                if text:
                    paras.append(
                        p.model_copy(
                            update={"text": text, "figures": p.figures if text == p.text else []}
                        )
                    )
            if lost:
                paras = _renumber_section(paras)
            sections.append(s.model_copy(update={"heading": heading, "paragraphs": paras}))
        part = part.model_copy(
            update={"sections": [s for s in sections if s.paragraphs or s.heading]}
        )
        if not changed:
            break
    return part, dropped


def _add_missing_topics(part: PartText, written: PartText) -> PartText:
    """The writer's section for each required topic the model's part lacks."""
    have = {s.topic for s in part.sections if s.topic}
    extra = [s for s in written.sections if s.topic and s.topic not in have]
    if not extra:
        return part
    topics = [t.key for t in fmt.TOPICS]
    sections = [*part.sections, *extra]
    lead = [s for s in sections if not s.topic]
    rest = sorted((s for s in sections if s.topic), key=lambda s: topics.index(s.topic or ""))
    part = part.model_copy(update={"sections": [*lead, *rest]})
    for s in extra:
        part.remarks.append(
            f"“{s.heading}”由内置写作器补写（模型稿缺少）/ written by the built-in writer"
        )
    return part


def _ask_placeholders(checked: PartText, ctx: VerifyContext) -> str:
    """Literal figures the verifier bound to a fact: ask for the placeholder instead (the model
    path relies on binding only as a second line)."""
    asks: list[str] = []
    for s in checked.sections:
        for p in s.paragraphs:
            for r in p.figures:
                if r.status == "verified" and r.fact in ctx.facts and "{" not in r.text:
                    line = f"“{r.text}”（{r.words}）请写作 {{{{{r.fact}}}}}"
                    if line not in asks:
                        asks.append(line)
    if not asks:
        return ""
    return (
        "\n\n另外，请把下列直接写出的数字改为占位符（由程序填入数字）/ write these figures as "
        "placeholders:\n" + "\n".join(f"- {a}" for a in asks[:20])
    )


def _finish(
    parts: dict[NarrativePartKey, PartText], outcomes: dict[str, PartOutcome], ctx: VerifyContext
) -> tuple[Narrative, list[Finding]]:
    """Verify the assembled parts once more, strip what fails, mark fallback figures."""
    narrative = Narrative()
    findings: list[Finding] = []
    for key in NARRATIVE_PARTS:
        checked, found = verify_part(parts[key], ctx)
        if any(f.rule in _SENTENCE_RULES and f.severity == "error" for f in found):
            stripped, dropped = drop_failing(checked, ctx)
            if dropped:
                checked, found = verify_part(stripped, ctx)
        prefix = "删去未通过核验的句子：“"
        found += [
            Finding(
                rule="V-19",
                severity="warning",
                location=fmt.part(key).heading,
                message="此句未通过核验，已删去 / this sentence failed verification and was removed",
                quote=r.removeprefix(prefix).split("” / ")[0],
            )
            for r in checked.remarks
            if r.startswith(prefix)
        ]
        if outcomes[key].fallback:
            for s in checked.sections:
                for p in s.paragraphs:
                    for r in p.figures:
                        if r.status in ("verified", "allowed"):
                            r.status = "fallback"
        narrative.parts[key] = checked
        findings.extend(found)
    return narrative, findings


async def draft_async(
    data: ReportData,
    *,
    prior: ReportData | None = None,
    settings: ModelSettings | None = None,
    prompts_dir: Path | None = None,
    prior_narrative: Narrative | None = None,
    model: Any = None,
    log_path: Path | None = None,
    on_progress: Progress | None = None,
) -> DraftResult:
    """Draft the narrative parts (see `draft`)."""
    started = time.monotonic()
    settings = settings or ModelSettings()
    progress = on_progress or (lambda part, state, detail: None)
    facts = derive_facts(data, prior)
    ctx = VerifyContext.build(data, prior, facts, prior_narrative)
    use_model = model is not None or settings.configured
    prompts = load_prompts(prompts_dir) if use_model or prompts_dir is not None else None
    parts: dict[NarrativePartKey, PartText] = {}
    outcomes: dict[str, PartOutcome] = {}
    exchanges: list[Exchange] = []
    if not use_model:
        why = (
            "离线模式 / offline"
            if settings.offline
            else "未配置模型服务 / no model endpoint configured"
        )
        for key in NARRATIVE_PARTS:
            parts[key] = write_part(key, data, facts, prior)
            outcomes[key] = PartOutcome(part=key, source="writer", reason=f"内置写作器：{why}")
            progress(key, "writer", why)
    else:
        assert prompts is not None
        client = _LazyClient(settings, model)
        log = ExchangeLog(log_path)
        run = _Run(data, prior, settings, prompts, ctx, client, log, progress)
        try:
            tasks = {key: asyncio.ensure_future(run.part(key)) for key in NARRATIVE_PARTS}
            done, pending = await asyncio.wait(tasks.values(), timeout=settings.total_timeout)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
            for key, task in tasks.items():
                if task in done and task.exception() is None:
                    parts[key], outcomes[key] = task.result()
                else:
                    exc = task.exception() if task in done else None
                    why = (
                        f"超过总时限{settings.total_timeout:g}秒 / over the total time limit"
                        if exc is None
                        else f"起草出错：{type(exc).__name__} / drafting failed"
                    )
                    out = PartOutcome(part=key, source="model", reason="")
                    parts[key], outcomes[key] = run.fallback(key, out, why)
        finally:
            await client.aclose()
            log.close()
        exchanges = run.exchanges
    narrative, findings = _finish(parts, outcomes, ctx)
    return DraftResult(
        narrative=narrative,
        parts=outcomes,
        findings=findings,
        exchanges=exchanges,
        endpoint=settings.describe() if model is None else type(model).__name__,
        elapsed=time.monotonic() - started,
    )


def draft(
    data: ReportData,
    *,
    prior: ReportData | None = None,
    settings: ModelSettings | None = None,
    prompts_dir: Path | None = None,
    prior_narrative: Narrative | None = None,
    model: Any = None,
    log_path: Path | None = None,
    on_progress: Progress | None = None,
) -> DraftResult:
    """Draft 一、总体情况, 五、存在的主要问题及改进情况 and 六、其他需要报告的事项.

    With no endpoint configured (or `settings.offline`) the built-in writer drafts all three.
    Otherwise each part is asked of the model (concurrently), verified, repaired up to
    `settings.repair_rounds` times, and written by the built-in writer if it still fails.
    `model` injects a langchain chat model instead of `ChatOpenAI` (tests); `prior_narrative`
    is last year's text for the similarity check (V-10).
    """
    return asyncio.run(
        draft_async(
            data,
            prior=prior,
            settings=settings,
            prompts_dir=prompts_dir,
            prior_narrative=prior_narrative,
            model=model,
            log_path=log_path,
            on_progress=on_progress,
        )
    )


# --- draft.json: the narrative with its provenance, beside the rendered report ---------------


def draft_json(data: ReportData, result: DraftResult) -> str:
    """The narrative with every figure's provenance, per-part outcomes and findings (draft.json)."""
    payload = {
        "organ": data.organ,
        "year": data.year,
        "narrative": result.narrative.model_dump(mode="json"),
        "parts": {k: v.model_dump(mode="json") for k, v in result.parts.items()},
        "findings": [f.model_dump(mode="json", exclude_none=True) for f in result.findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
