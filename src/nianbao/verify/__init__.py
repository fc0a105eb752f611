"""Verify narrative text against the facts: every figure, every placeholder, every sub-topic.

Works on any `Narrative` — drafted by the model, by the built-in writer, or edited by a person
(`narrative_from_markdown`) — and returns it annotated (each paragraph's `figures` filled with a
`FigureRef` per figure) together with `Finding`s. Rule ids:

    Every figure is bound to exactly one fact by the words that govern it (`bind.py`,
    `lexicon.py`); a figure bound to no fact passes only as a number the notes state in the
    same context, an allowed date, a statutory time limit, a count of items listed, or a set
    phrase (`data/set_phrases.yaml`).

    V-1  error    a figure bound to a fact that does not equal it (invented, rounded,
                  paraphrased), or bound to no fact and not allowed (also a measure word
                  outside the units: 4位, 6名); a code or phone number not from the notes
    V-2  error    as V-1, and the figure equals another fact: the words name one fact and
                  the value is another's (予以公开4件 where 予以公开 is 2 and 4 is 无法提供)
    V-3  error    a date or year that is not of the report year, the statistics period, a
                  date in the notes, next year in part 五's plans, a law's year, or (with a
                  prior file) last year where the words name last year
    V-4  error    a number split apart ("2 0件", "2，0件")
    V-5  warning  a table figure written in Chinese numerals (六件): true, but write it as the
                  table does
    V-6  error    a placeholder left unresolved ({{key}} with an unknown key)
    V-7  error    a required sub-topic is missing (format.TOPICS; warning when only recommended)
    V-8  error    numbering repeats or skips (（一）（二）（二）, 一是…三是)
    V-9  error    a paragraph opens with a year other than the report year (2023年，我局…)
    V-10 warning  the part repeats last year's text (> 50 %; error > 80 %) — E-12, X-6
    V-11 error    the part is not written in Chinese
    V-12 warning  last year's problems are not followed up in part 五 (X-5)
    V-13 error    an approximation or multiple the fact does not support (百余件 for 96,
                  五成 for 38%, 翻一番 for ×1.4); a warning when it does (table figures
                  should be stated exactly)
    V-14 error    part 六 says no fee notice was issued while table 三 counts applications
                  dropped for unpaid fees (N-13)
    V-15 error    (drafting only, `drafter.py`) the model's answer is not the JSON asked for:
                  malformed, empty, or a refusal
    V-16 error    the words name several facts of different values (收到 = 新收 or 新收＋上年结转;
                  规范性文件 without 制发/废止/现行有效): the message lists them
    V-17 error    a zero statement in words the data contradicts (未收到政府信息公开申请 when
                  applications were received; 未发生行政复议 when there were some)
    V-18 error    a change in the wrong direction (较上年增加 when it fell; 增至 for a fall)
    V-19 warning  (drafting only) a sentence that still failed after the repair rounds was
                  removed; listed in the part's remarks and on the review page
"""

from __future__ import annotations

import re

from nianbao import format as fmt
from nianbao.checks import Finding
from nianbao.facts import Facts, format_value
from nianbao.model import ReportData
from nianbao.narrative import (
    NARRATIVE_PARTS,
    FigureRef,
    Narrative,
    NarrativePartKey,
    Paragraph,
    PartText,
)
from nianbao.numbering import enumeration_problems, heading_problems
from nianbao.similarity import ERROR_AT, WARN_AT, similarity

from .bind import Binding, bind_text
from .context import VerifyContext

__all__ = [
    "Binding",
    "ERROR_RULES",
    "bind_text",
    "FIGURE_RULES",
    "PLACEHOLDER",
    "VerifyContext",
    "fill_placeholders",
    "latin_sentence",
    "required_topics",
    "verify_narrative",
    "verify_part",
]

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z][A-Za-z0-9_.\-]*)\s*\}\}")
_LEFTOVER = re.compile(
    r"\{\{[^{}]*\}\}|\{\s*(?:t[234]|apps|share|figures|prior|change|pct)\.[^{}]*\}"
)
_SPLIT = re.compile(r"\d[ \t\u3000]+\d|\d[,，]\d{1,2}(?!\d)")
_BOUNDARY = "。；;！？!?\n"
_OPENING_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年度?\s*[，,]")
FIGURE_RULES = frozenset({"V-1", "V-2", "V-3", "V-4", "V-6", "V-13", "V-16", "V-17", "V-18"})
"""Rules about figures: a paragraph with one of these errors never reaches the output."""
ERROR_RULES = FIGURE_RULES | {"V-7", "V-8", "V-9", "V-11", "V-14"}


def fill_placeholders(text: str, facts: Facts) -> tuple[str, list[str], list[FigureRef]]:
    """Replace {{key}} with the fact's canonical text (6件, 50.6%).

    Returns the text, the unknown keys (left in place, reported as V-6) and a `FigureRef` per
    filled figure (its offsets in the new text and its fact), so that verification can tell
    which of two equal facts the author meant. The unit is not repeated when the text already
    follows with it ({{t3.new.total}}件 → 6件).
    """
    unknown: list[str] = []
    refs: list[FigureRef] = []
    out: list[str] = []
    pos = 0
    length = 0
    for m in PLACEHOLDER.finditer(text):
        out.append(text[pos : m.start()])
        length += m.start() - pos
        pos = m.end()
        fact = facts.get(m.group(1))
        if fact is None:
            unknown.append(m.group(1))
            piece = m.group(0)
        else:
            number = fact.number
            follows = text[m.end() : m.end() + len(fact.unit)]
            piece = number if fact.unit and follows == fact.unit else number + fact.unit
            refs.append(
                FigureRef(
                    start=length,
                    end=length + len(number) + len(fact.unit),
                    text=number + fact.unit,
                    value=fact.value,
                    fact=fact.key,
                )
            )
        out.append(piece)
        length += len(piece)
    out.append(text[pos:])
    return "".join(out), unknown, refs


def required_topics(data: ReportData, part: NarrativePartKey) -> list[tuple[fmt.Topic, bool]]:
    """The topics of `part` with whether each is required (else only recommended)."""
    gov = fmt.is_government(data.kind, data.organ)
    out: list[tuple[fmt.Topic, bool]] = []
    for t in fmt.TOPICS:
        if t.part != part:
            continue
        if t.required == "always":
            out.append((t, True))
        elif t.required == "government":
            if gov:
                out.append((t, True))
            elif data.note(t.key):
                out.append((t, False))
        else:
            out.append((t, False))
    return out


def _paragraph_findings(
    text: str,
    ctx: VerifyContext,
    where: str,
    part: str | None,
    hints: dict[tuple[int, int], str],
    list_counts: set[int],
) -> tuple[list[FigureRef], list[Finding]]:
    """Bind every figure of one paragraph (or sub-heading); the refs and the findings."""
    findings: list[Finding] = []
    for m in _LEFTOVER.finditer(text):
        findings.append(
            Finding(
                rule="V-6",
                severity="error",
                location=where,
                message=f"占位符 {m.group(0)} 未能填入数字（没有这个事实键）/ unresolved placeholder",
                quote=_sentence(text, m.start(), m.end()),
                actual=m.group(0),
            )
        )
    for m in _SPLIT.finditer(text):
        findings.append(
            Finding(
                rule="V-4",
                severity="error",
                location=where,
                message=f"数字被拆开：“{m.group(0)}” / a number is split apart",
                quote=_sentence(text, m.start(), m.end()),
                actual=m.group(0),
            )
        )
    refs: list[FigureRef] = []
    for b in bind_text(text, ctx, part=part, hints=hints, list_counts=list_counts):
        fig = b.figure
        kind = (
            fig.kind if fig.kind in _REF_KINDS else "count" if fig.kind == "multiple" else "other"
        )
        ref = FigureRef(
            start=fig.start,
            end=fig.end,
            text=fig.text,
            value=fig.value,
            kind=kind,
            fact=_stored_fact(b.fact, ctx) if b.status == "verified" else None,
            status="verified"
            if b.status == "verified"
            else "allowed"
            if b.status in ("allowed", "skip")
            else "unverified",
            note=b.note,
            words=b.words,
        )
        refs.append(ref)
        quote = _sentence(text, fig.start, fig.end)
        if b.status == "unverified" and b.rule:
            findings.append(
                Finding(
                    rule=b.rule,
                    severity="error",
                    location=where,
                    message=b.message,
                    quote=quote,
                    actual=fig.text,
                    expected=b.expected,
                    cells=b.cells,
                )
            )
        if b.warning is not None:
            findings.append(
                Finding(
                    rule=b.warning[0],
                    severity="warning",
                    location=where,
                    message=b.warning[1],
                    quote=quote,
                    actual=fig.text,
                )
            )
    opening = _OPENING_YEAR.match(text)
    if opening and int(opening.group(1)) != ctx.data.year:
        next_plan = part == "problems" and int(opening.group(1)) == ctx.data.year + 1
        if not next_plan:
            findings.append(
                Finding(
                    rule="V-9",
                    severity="error",
                    location=where,
                    message=f"段首年份应为报告年度{ctx.data.year}年，实为{opening.group(1)}年 / the paragraph opens with the wrong year",
                    expected=str(ctx.data.year),
                    actual=opening.group(1),
                    quote=_sentence(text, 0, opening.end()),
                )
            )
    return refs, findings


def _stored_fact(key: str | None, ctx: VerifyContext) -> str | None:
    """The stored fact a bound figure names: itself, or for a computed figure (a share over a
    named base, a sum, a change) the fact it is computed from (the note says how)."""
    if key is None or key in ctx.facts:
        return key
    for part in re.split(r"[:/+]", key.removeprefix("change.").removeprefix("pct.")):
        if part in ctx.facts:
            return part
    return None


_REF_KINDS = {"count", "amount", "percent", "date", "year", "ordinal", "other"}


def _sentence(text: str, start: int, end: int) -> str:
    s = max(text.rfind(c, 0, start) for c in _BOUNDARY) + 1
    ends = [i for i in (text.find(c, end) for c in _BOUNDARY) if i != -1]
    e = min(ends) + 1 if ends else len(text)
    return text[s:e].strip()


def _list_counts(part: PartText) -> set[int]:
    """How many items the part lists: 一是…三是 runs, numbered sub-headings."""
    out: set[int] = set()
    headed = [s for s in part.sections if s.heading]
    if len(headed) > 1:
        out.add(len(headed))
    for s in part.sections:
        for p in s.paragraphs:
            n = len(re.findall(r"[一二三四五六七八九十]+是", p.text))
            if n > 1:
                out.add(n)
            n = len(re.findall(r"[（(][一二三四五六七八九十\d]+[）)]|[①②③④⑤⑥⑦⑧⑨⑩]", p.text))
            if n > 1:
                out.add(n)
        if len(s.paragraphs) > 1:
            out.add(len(s.paragraphs))
    return out


def _check_paragraph(
    para: Paragraph,
    ctx: VerifyContext,
    where: str,
    part: str | None = None,
    list_counts: set[int] | None = None,
) -> tuple[Paragraph, list[Finding]]:
    hints = {(r.start, r.end): r.fact for r in para.figures if r.fact}
    refs, findings = _paragraph_findings(para.text, ctx, where, part, hints, list_counts or set())
    return para.model_copy(update={"figures": refs}), findings


def latin_sentence(sentence: str) -> bool:
    """Whether a sentence is written in a Latin-script language (≥ 12 letters, mostly Latin)."""
    latin = sum(1 for c in sentence if c.isascii() and c.isalpha())
    return latin >= 12 and _cjk_share(sentence) < 0.5


def _cjk_share(text: str) -> float:
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return cjk / (cjk + latin) if cjk + latin else 1.0


def verify_part(part: PartText, ctx: VerifyContext) -> tuple[PartText, list[Finding]]:
    """Verify one narrative part: its figures, sub-topics, numbering, year, language, reuse."""
    heading = fmt.part(part.part).heading
    findings: list[Finding] = []
    sections = []
    counts = _list_counts(part)
    for section in part.sections:
        paras = []
        name = section.heading or "开篇"
        if section.heading:
            _, found = _paragraph_findings(
                section.heading, ctx, f"{heading} 小标题“{section.heading}”", part.part, {}, counts
            )
            findings.extend(found)
        for pi, para in enumerate(section.paragraphs):
            where = f"{heading} {name} 第{pi + 1}段"
            checked, found = _check_paragraph(para, ctx, where, part.part, counts)
            paras.append(checked)
            findings.extend(found)
        sections.append(section.model_copy(update={"paragraphs": paras}))
    out = part.model_copy(update={"sections": sections})
    text = out.text
    findings.extend(_topics(out, ctx, heading))
    findings.extend(_numbering(out, heading))
    foreign = [s for s in re.findall(r"[^。！？.!?\n]+[。！？.!?]?", text) if latin_sentence(s)]
    if text.strip() and (_cjk_share(text) < 0.6 or foreign):
        findings.append(
            Finding(
                rule="V-11",
                severity="error",
                location=heading,
                message="正文应使用中文 / the text must be written in Chinese",
                quote=(foreign[0] if foreign else text)[:60].strip(),
            )
        )
    findings.extend(_reuse(out, ctx, heading))
    if part.part == "problems" and ctx.prior is not None and ctx.prior.problems():
        py = ctx.prior.year
        if not any(w in text for w in ("上年", "上一年", "去年", f"{py}年")):
            findings.append(
                Finding(
                    rule="V-12",
                    severity="warning",
                    location=heading,
                    message=(
                        f"{py}年度报告提出了{len(ctx.prior.problems())}个问题，本部分未说明其整改情况 / "
                        "last year's problems are not followed up"
                    ),
                )
            )
    if part.part == "other" and ctx.facts.value("t3.other_no_fee.total") > 0:
        m = re.search(r"未(?:发出|出具|开具)[^。；]{0,6}收费通知", text)
        if m:
            findings.append(
                Finding(
                    rule="V-14",
                    severity="error",
                    location=heading,
                    message=(
                        f"表三有{format_value(ctx.facts.value('t3.other_no_fee.total'))}件申请因逾期未缴费不再处理，"
                        "说明发出过收费通知，与“未发出收费通知”矛盾 / fee notices were issued "
                        "(table 三), the text says none were"
                    ),
                    quote=m.group(0),
                    cells=[fmt.t3_id("other_no_fee", "total")],
                )
            )
    return out, findings


def _topics(part: PartText, ctx: VerifyContext, heading: str) -> list[Finding]:
    text = part.text
    covered = {s.topic for s in part.sections if s.topic}
    out: list[Finding] = []
    for topic, required in required_topics(ctx.data, part.part):
        if topic.key in covered or any(k in text for k in topic.keywords):
            continue
        if topic.key == "statistics" and ctx.period_stated and not required:
            continue  # the preamble states the period: a recommended repeat is not missing
        out.append(
            Finding(
                rule="V-7",
                severity="error" if required else "warning",
                location=heading,
                message=(
                    f"缺少“{topic.label}”的内容"
                    + ("" if required else "（建议包含）")
                    + f" / the sub-topic {topic.label} is missing"
                ),
                expected=topic.label,
            )
        )
    return out


def _numbering(part: PartText, heading: str) -> list[Finding]:
    out: list[Finding] = []
    lines = [s.heading for s in part.sections if s.heading]
    lines += [p.text for s in part.sections for p in s.paragraphs]
    problems = heading_problems(lines)
    for s in part.sections:
        for p in s.paragraphs:
            problems.extend(enumeration_problems(p.text))
    for prob in problems:
        out.append(
            Finding(
                rule="V-8",
                severity="error",
                location=heading,
                message=prob.message(),
                quote=prob.quote,
            )
        )
    return out


def _reuse(part: PartText, ctx: VerifyContext, heading: str) -> list[Finding]:
    if ctx.prior_narrative is None or part.part not in ctx.prior_narrative.parts:
        return []
    before = ctx.prior_narrative.part(part.part).text
    share = similarity(part.text, before)
    if share <= WARN_AT:
        return []
    return [
        Finding(
            rule="V-10",
            severity="error" if share > ERROR_AT else "warning",
            location=heading,
            message=(
                f"与上年报告的相同内容约占{share:.0%}（超过{WARN_AT:.0%}即视为雷同）/ "
                f"{share:.0%} of the text repeats last year's report"
            ),
            actual=f"{share:.2f}",
        )
    ]


def verify_narrative(
    narrative: Narrative,
    data: ReportData,
    prior: ReportData | None = None,
    *,
    prior_narrative: Narrative | None = None,
    facts: Facts | None = None,
    period_stated: bool = True,
) -> tuple[Narrative, list[Finding]]:
    """Check every figure, placeholder, sub-topic, numbering, year and reuse of a narrative.

    Returns the narrative with each paragraph's `figures` annotated, and the findings
    (rule ids V-1 … V-14, see the module docstring). A part that is absent counts as a part
    with no text: its required sub-topics are reported missing. `period_stated`: the report's
    preamble gives the statistics period, so part 六 need not repeat 有关数据统计说明.
    """
    ctx = VerifyContext.build(data, prior, facts, prior_narrative)
    ctx.period_stated = period_stated
    out = Narrative()
    findings: list[Finding] = []
    for key in NARRATIVE_PARTS:
        part = narrative.parts.get(key) or PartText(part=key)
        checked, found = verify_part(part, ctx)
        if key in narrative.parts:
            out.parts[key] = checked
        findings.extend(found)
    return out, findings
