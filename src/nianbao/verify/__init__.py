"""Verify narrative text against the facts: every figure, every placeholder, every sub-topic.

Works on any `Narrative` — drafted by the model, by the built-in writer, or edited by a person
(`narrative_from_markdown`) — and returns it annotated (each paragraph's `figures` filled with a
`FigureRef` per figure) together with `Finding`s. Rule ids:

    V-1  error    a figure is neither a fact nor a number from the notes (invented, rounded,
                  paraphrased); a date-like number (phone, code) not from the notes or contact
    V-2  error    a figure equals a fact, but the words before it name another fact
                  (予以公开4件 where 予以公开 is 2 and 4 is 无法提供)
    V-3  error    a date or year that is not the report year, the statistics period, last year
                  (with --prior) or a date written in the notes
    V-4  error    a number split apart ("2 0件", "2，0件")
    V-5  error    a table figure written in Chinese numerals (六件): write it as the table does
    V-6  error    a placeholder left unresolved ({{key}} with an unknown key)
    V-7  error    a required sub-topic is missing (format.TOPICS; warning when only recommended)
    V-8  error    numbering repeats or skips (（一）（二）（二）, 一是…三是)
    V-9  error    a paragraph opens with a year other than the report year (2023年，我局…)
    V-10 warning  the part repeats last year's text (> 50 %; error > 80 %) — E-12, X-6
    V-11 error    the part is not written in Chinese
    V-12 warning  last year's problems are not followed up in part 五 (X-5)
    V-13 warning  a table figure stated as approximate (约6件, 6余件)
    V-14 error    part 六 says no fee notice was issued while table 三 counts applications
                  dropped for unpaid fees (N-13)
    V-15 error    (drafting only, `drafter.py`) the model's answer is not the JSON asked for:
                  malformed, empty, or a refusal
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from nianbao import format as fmt
from nianbao.checks import Finding
from nianbao.facts import Fact, Facts, derive_facts, format_value
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
from nianbao.numbers import Figure, find_figures
from nianbao.similarity import ERROR_AT, WARN_AT, similarity

__all__ = [
    "ERROR_RULES",
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
FIGURE_RULES = frozenset({"V-1", "V-2", "V-3", "V-4", "V-5", "V-6"})
"""Rules about figures: a paragraph with one of these errors never reaches the output."""
ERROR_RULES = FIGURE_RULES | {"V-7", "V-8", "V-9", "V-11", "V-14"}

_UNIT_GROUPS = ({"件", "件次", "余件"},)
_AFTER_WORDS: dict[str, tuple[str, ...]] = {
    "申请": ("t3.new.total", "apps.received_total", "t3.total.total"),
}
"""Generic words that name a figure when they follow it (6件申请); too vague to use before it."""


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
            number = format_value(fact.value)
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


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class _NoteFigure:
    value: Decimal
    unit: str
    kind: str
    text: str


@dataclass
class VerifyContext:
    """What a figure may be: the facts, and what the notes and the year allow."""

    data: ReportData
    facts: Facts
    prior: ReportData | None = None
    prior_narrative: Narrative | None = None
    notes_text: str = ""
    note_figures: list[_NoteFigure] = field(default_factory=list)
    allowed_years: set[int] = field(default_factory=set)
    allowed_dates: set[str] = field(default_factory=set)
    _vocab: dict[tuple[str, str], list[tuple[str, list[Fact]]]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        data: ReportData,
        prior: ReportData | None = None,
        facts: Facts | None = None,
        prior_narrative: Narrative | None = None,
    ) -> VerifyContext:
        ctx = cls(data, facts or derive_facts(data, prior), prior, prior_narrative)
        texts: list[str] = []
        for key in ("overview", *(t.key for t in fmt.TOPICS), "other"):
            if key in ("problems", "improvements"):
                continue
            texts.extend(data.note(key))
        for problem in data.problems():
            texts.extend([problem.problem, problem.improvement])
        if data.contact is not None:
            texts.extend(v for v in data.contact.model_dump().values() if isinstance(v, str))
        ctx.notes_text = "\n".join(texts)
        y = data.year
        ctx.allowed_years = {y}
        if prior is not None:
            ctx.allowed_years.add(prior.year)
        ctx.allowed_dates = {f"{y}年1月1日", f"{y}年12月31日", "1月1日", "12月31日"}
        if data.published is not None:
            p = data.published
            ctx.allowed_dates |= {f"{p.year}年{p.month}月{p.day}日", f"{p.month}月{p.day}日"}
            ctx.allowed_years.add(p.year)
        for f in find_figures(ctx.notes_text):
            if f.kind == "year":
                ctx.allowed_years.add(int(f.value))
            elif f.kind == "date":
                ctx.allowed_dates.add(_norm(f.text))
                if f.value:
                    ctx.allowed_years.add(int(f.value))
            if f.kind in ("count", "amount", "percent", "other"):
                ctx.note_figures.append(_NoteFigure(f.value, f.unit, f.kind, _norm(f.text)))
        return ctx

    # --- matching -----------------------------------------------------------------------

    def compatible(self, fig: Figure) -> list[Fact]:
        """Facts of the figure's kind and unit (whatever their value)."""
        out: list[Fact] = []
        for fact in self.facts:
            if fig.kind == "percent":
                if fact.unit == "%":
                    out.append(fact)
            elif fact.unit == "%":
                continue
            elif fig.kind == "amount":
                if fact.kind == "amount" and fact.unit == fig.unit:
                    out.append(fact)
            elif _unit_ok(fig.unit, fact.unit):
                out.append(fact)
        return out

    def vocabulary(self, fig: Figure) -> list[tuple[str, list[Fact]]]:
        """(keyword, facts it names) for facts compatible with the figure, longest first."""
        cls_key = (fig.kind if fig.kind in ("percent", "amount") else "count", fig.unit)
        if cls_key not in self._vocab:
            by_word: dict[str, list[Fact]] = {}
            for fact in self.compatible(fig):
                for w in fact.keywords:
                    by_word.setdefault(w, []).append(fact)
            self._vocab[cls_key] = sorted(by_word.items(), key=lambda kv: -len(kv[0]))
        return self._vocab[cls_key]

    def in_notes(self, fig: Figure) -> bool:
        for nf in self.note_figures:
            if nf.value == fig.value and nf.unit == fig.unit and nf.kind == fig.kind:
                return True
        return False


def _unit_ok(fig_unit: str, fact_unit: str) -> bool:
    if fig_unit == fact_unit or not fig_unit or not fact_unit:
        return True
    return any(fig_unit in g and fact_unit in g for g in _UNIT_GROUPS)


def _value_ok(fig: Figure, fact: Fact) -> bool:
    if fig.kind == "percent" and fact.exact is not None:
        digits = -fig.value.as_tuple().exponent  # type: ignore[operator]
        if digits >= 1:
            q = Decimal(1).scaleb(-digits)
            return fact.exact.quantize(q, rounding="ROUND_HALF_UP") == fig.value
        return fact.exact == fig.value
    return fact.value == fig.value


def _sentence(text: str, start: int, end: int) -> str:
    s = max(text.rfind(c, 0, start) for c in _BOUNDARY) + 1
    ends = [i for i in (text.find(c, end) for c in _BOUNDARY) if i != -1]
    e = min(ends) + 1 if ends else len(text)
    return text[s:e].strip()


def _nearest_before(window: str, vocab: list[tuple[str, list[Fact]]]) -> tuple[str, int] | None:
    best: tuple[int, int, str] | None = None  # (end, length, word)
    for word, _ in vocab:
        i = window.rfind(word)
        if i == -1:
            continue
        cand = (i + len(word), len(word), word)
        if best is None or cand[:2] > best[:2]:
            best = cand
    return (best[2], best[0]) if best else None


def _first_after(window: str, vocab: list[tuple[str, list[Fact]]]) -> str | None:
    best: tuple[int, int, str] | None = None  # (start, -length, word)
    for word, _ in vocab:
        i = window.find(word)
        if i == -1:
            continue
        cand = (i, -len(word), word)
        if best is None or cand[:2] < best[:2]:
            best = cand
    return best[2] if best else None


def _prefer(facts: Iterable[Fact], hint: str | None = None) -> Fact:
    """The fact a figure states: the one its placeholder named, else the most cited kind."""
    return sorted(
        facts, key=lambda f: (f.key != hint, not f.cite, not f.key.startswith(("t", "apps")))
    )[0]


_FIGURE_KIND = {"count", "amount", "percent", "date", "year", "other"}


def _check_figure(
    text: str,
    fig: Figure,
    window_start: int,
    next_start: int,
    ctx: VerifyContext,
    hint: str | None = None,
) -> tuple[FigureRef, Finding | None, Finding | None]:
    """(annotation, error, warning) for one figure."""
    kind = fig.kind if fig.kind in _FIGURE_KIND else "other"
    ref = FigureRef(start=fig.start, end=fig.end, text=fig.text, value=fig.value, kind=kind)
    quote = _sentence(text, fig.start, fig.end)

    def err(rule: str, message: str, cells: list[str] | None = None) -> Finding:
        ref.status = "unverified"
        ref.note = message
        return Finding(
            rule=rule,
            severity="error",
            location="",
            message=message,
            quote=quote,
            actual=fig.text,
            cells=cells or [],
        )

    if fig.kind == "year":
        if int(fig.value) in ctx.allowed_years:
            ref.status, ref.note = (
                "allowed",
                "报告年度或工作要点中的年份 / the report year or a year in the notes",
            )
            return ref, None, None
        return (
            ref,
            err(
                "V-3",
                f"年份“{fig.text}”不是本报告年度{ctx.data.year}年，也不见于工作要点 / year {fig.text} is not the report year and not in the notes",
            ),
            None,
        )
    if fig.kind == "date":
        if _norm(fig.text) in ctx.allowed_dates:
            ref.status, ref.note = (
                "allowed",
                "统计期限或工作要点中的日期 / the statistics period or a date in the notes",
            )
            return ref, None, None
        return (
            ref,
            err(
                "V-3",
                f"日期“{fig.text}”不是统计期限，也不见于工作要点 / date {fig.text} is neither the statistics period nor in the notes",
            ),
            None,
        )
    if fig.kind == "other":
        if _norm(fig.text) in _norm(ctx.notes_text):
            ref.status, ref.note = (
                "allowed",
                "见于工作要点或联系方式 / in the notes or the contact details",
            )
            return ref, None, None
        return (
            ref,
            err(
                "V-1",
                f"号码“{fig.text}”不见于工作要点或联系方式 / number {fig.text} is not in the notes or contact",
            ),
            None,
        )

    vocab = ctx.vocabulary(fig)
    lead = re.match(r"[^\d零〇一二两三四五六七八九十百千万亿]*", fig.text)
    before = text[window_start : fig.start + (lead.end() if lead else 0)]
    hit = _nearest_before(before, vocab)
    word: str | None = None
    skip_label = False
    if hit is not None:
        word, end = hit
        skip_label = "分别" in before[end:]
    else:
        after = text[fig.end : min(next_start, fig.end + 10)]
        cut = min(
            [i for i in (after.find(c) for c in _BOUNDARY + "，,、") if i != -1] or [len(after)]
        )
        after_vocab = [
            *vocab,
            *(
                (w, [ctx.facts[k] for k in keys if k in ctx.facts])
                for w, keys in _AFTER_WORDS.items()
                if fig.kind == "count" and _unit_ok(fig.unit, "件")
            ),
        ]
        word = _first_after(after[:cut], after_vocab)
        vocab = after_vocab
    compatible = ctx.compatible(fig)
    matches = [f for f in compatible if _value_ok(fig, f)]
    named = dict(vocab).get(word, []) if word else []
    if word and not skip_label:
        fits = [f for f in named if _value_ok(fig, f)]
        if not fits:
            expected = "、".join(sorted({f"{f.text}（{f.key}）" for f in named if f.cite})[:3])
            rule = "V-2" if matches or ctx.in_notes(fig) else "V-1"
            message = (
                f"“{word}”后的数字“{fig.text}”与表格不符"
                + (f"，应为 {expected}" if expected else "")
                + f" / the figure after “{word}” does not match its fact"
            )
            return (
                ref,
                err(
                    rule,
                    message,
                    [f.source for f in named if not f.source.startswith(("derived", "prior"))][:3],
                ),
                None,
            )
        matches = fits
    if matches:
        fact = _prefer(matches, hint)
        ref.fact, ref.status = fact.key, "verified"
        ref.note = f"{fact.label}（{fact.source}）"
        if fact.table and not re.search(r"\d", fig.text):
            return (
                ref,
                err(
                    "V-5",
                    f"表格数字“{fig.text}”应写作阿拉伯数字“{fact.text}” / write table figures in Arabic numerals",
                    [fact.source],
                ),
                None,
            )
        warning = None
        if fact.table and fig.approx:
            warning = Finding(
                rule="V-13",
                severity="warning",
                location="",
                message=f"表格数字“{fig.text}”不应写成约数，应为“{fact.text}” / state table figures exactly",
                quote=quote,
            )
        return ref, None, warning
    if ctx.in_notes(fig):
        ref.status, ref.note = "allowed", "见于工作要点 / a number from the notes"
        return ref, None, None
    return (
        ref,
        err(
            "V-1",
            f"数字“{fig.text}”既不是表格或数据文件中的数字，也不见于工作要点 / figure {fig.text} is not a fact and not in the notes",
        ),
        None,
    )


def _check_paragraph(
    para: Paragraph, ctx: VerifyContext, where: str
) -> tuple[Paragraph, list[Finding]]:
    text = para.text
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
    hints = {(r.start, r.end): r.fact for r in para.figures if r.fact}
    figures = [f for f in find_figures(text) if f.kind not in ("ordinal", "docnum")]
    all_figs = find_figures(text)
    for i, fig in enumerate(figures):
        prev_end = max([f.end for f in all_figs if f.end <= fig.start] or [0])
        boundary = max(text.rfind(c, 0, fig.start) for c in _BOUNDARY) + 1
        nxt = figures[i + 1].start if i + 1 < len(figures) else len(text)
        hint = next((k for (s, e), k in hints.items() if s < fig.end and fig.start < e), None)
        ref, error, warning = _check_figure(text, fig, max(prev_end, boundary), nxt, ctx, hint)
        refs.append(ref)
        for f in (error, warning):
            if f is not None:
                findings.append(f.model_copy(update={"location": where}))
    opening = _OPENING_YEAR.match(text)
    if opening and int(opening.group(1)) != ctx.data.year:
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
    for section in part.sections:
        paras = []
        name = section.heading or "开篇"
        for pi, para in enumerate(section.paragraphs):
            where = f"{heading} {name} 第{pi + 1}段"
            checked, found = _check_paragraph(para, ctx, where)
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
) -> tuple[Narrative, list[Finding]]:
    """Check every figure, placeholder, sub-topic, numbering, year and reuse of a narrative.

    Returns the narrative with each paragraph's `figures` annotated, and the findings
    (rule ids V-1 … V-14, see the module docstring). A part that is absent counts as a part
    with no text: its required sub-topics are reported missing.
    """
    ctx = VerifyContext.build(data, prior, facts, prior_narrative)
    out = Narrative()
    findings: list[Finding] = []
    for key in NARRATIVE_PARTS:
        part = narrative.parts.get(key) or PartText(part=key)
        checked, found = verify_part(part, ctx)
        if key in narrative.parts:
            out.parts[key] = checked
        findings.extend(found)
    return out, findings
