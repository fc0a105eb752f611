"""The review page's content: the report, where every figure came from, and every finding.

A `ReviewPage` is what `render/review.py` turns into `review.html`. It is built on the same
`Report` the other renderers read (`report.assemble`), plus annotations:

- each narrative paragraph (`ParagraphView`, keyed by `paragraph_id`): who wrote it (model,
  built-in writer, a person; or the published text) and each figure in it with its status
  (verified, allowed, fallback, unverified) and the fact it states;
- each fact a figure states (`FactView`): label, value, source, and the table cells it rests on;
- the notes of the counts file (`NoteView`), which figures from the notes point to;
- the findings (data checks, verification, or the checks of a published report);
- with last year: the table figures side by side (`CompareRow`), the share of each part that
  repeats last year's text and the repeated stretches of each paragraph.

Three ways in: `review_draft` (what `draft-report` wrote), `review_narrative` (a counts file and
an edited narrative) and `review_published` (a published report: its text and its tables as
read, with the findings of `check`). Heavy modules (extraction, verification) are imported by
the functions that need them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from nianbao import format as fmt
from nianbao.checks import Finding, check_data, sort_findings
from nianbao.model import ReportData
from nianbao.narrative import NARRATIVE_PARTS, FigureRef, Narrative, Source
from nianbao.report import Report, assemble

if TYPE_CHECKING:
    from nianbao.audit import Prior
    from nianbao.draft.drafter import DraftResult
    from nianbao.facts import Facts

__all__ = [
    "CompareCell",
    "CompareRow",
    "CompareTable",
    "FactView",
    "FigureView",
    "NoteView",
    "ParagraphView",
    "PartView",
    "ReviewKind",
    "ReviewPage",
    "build_review",
    "heading_id",
    "paragraph_id",
    "read_drafted",
    "read_narrative",
    "review_draft",
    "review_file",
    "review_narrative",
    "review_published",
]

ReviewKind = Literal["draft", "narrative", "published"]
FigureStatus = Literal["verified", "allowed", "fallback", "unverified"]


def paragraph_id(part: str, block: int, paragraph: int) -> str:
    """The id of a narrative paragraph on the page: p-overview-2-0."""
    return f"p-{part}-{block}-{paragraph}"


def heading_id(part: str, block: int) -> str:
    """The id of a narrative sub-heading on the page: h-overview-2."""
    return f"h-{part}-{block}"


class FigureView(BaseModel):
    """One figure of a paragraph."""

    id: str
    start: int
    end: int
    text: str
    kind: str
    status: FigureStatus
    fact: str | None = Field(None, description="key of the fact it states (FactView)")
    note: str = Field("", description="why it is allowed, or what failed")
    words: str = Field("", description="the words that bound it to its fact (verified only)")
    source_note: str | None = Field(None, description="id of the note it was taken from")
    cells: list[str] = Field(
        default_factory=list,
        description="for a figure without a fact: the cells a finding says it should agree with",
    )


class ParagraphView(BaseModel):
    """A printed paragraph: who wrote it, its figures, what repeats last year."""

    id: str
    source: Source
    figures: list[FigureView] = Field(default_factory=list)
    repeats: list[tuple[int, int]] = Field(default_factory=list)


class FactView(BaseModel):
    """A fact a figure states: what it is, its value, and where it comes from."""

    key: str
    label: str
    text: str = Field(description="value with unit: 6件, 50.6%")
    source: str = Field(description="as facts.py gives it: a cell id, figures.<key>, derived: …")
    explain: str = Field(description="the source in words: the cells' labels, or the sum")
    cells: list[str] = Field(default_factory=list, description="this year's cells it rests on")
    prior_cells: list[str] = Field(default_factory=list, description="last year's cells")
    figure: str | None = Field(None, description="the counts file's figure (figures.<key>)")
    formula: str = Field(
        "", description="a derived fact's computation with values: 予以公开 69 + … = 50.6%"
    )
    prior_text: str | None = Field(None, description="last year's value of the same fact")


class NoteView(BaseModel):
    """A note of the counts file (or an extra figure), which figures may come from."""

    id: str
    topic: str
    text: str


class PartView(BaseModel):
    """How a narrative part came about."""

    key: str
    source: str = Field(description="model, writer, user, mixed or published")
    reason: str = ""
    remarks: list[str] = Field(default_factory=list)
    fallback: bool = False
    similarity: float | None = Field(None, description="share repeating last year's text")


class CompareCell(BaseModel):
    """One table cell in both years."""

    id: str = Field(description="this year's cell id")
    prior: str = Field(description="last year's figure as printed ('' blank, — no such cell)")
    now: str
    change: str = Field(description="+3, -2, 0; 空白 when one year is blank")
    changed: bool


class CompareRow(BaseModel):
    """A table row in both years."""

    label: str
    cells: list[CompareCell]


class CompareTable(BaseModel):
    """One block of a table (表二's blocks, 表三, 表四) in both years."""

    title: str
    columns: list[str]
    rows: list[CompareRow]


class ReviewPage(BaseModel):
    """Everything the review page shows."""

    kind: ReviewKind
    inputs: list[str] = Field(default_factory=list, description="the files it was made from")
    report: Report
    paragraphs: dict[str, ParagraphView] = Field(default_factory=dict)
    facts: dict[str, FactView] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    links: list[list[str]] = Field(
        default_factory=list,
        description="per finding, the ids it is about: its figure or sentence, then its cells "
        "(first = where to go); empty when it concerns the whole report",
    )
    parts: dict[str, PartView] = Field(default_factory=dict)
    notes: list[NoteView] = Field(default_factory=list)
    prior_year: int | None = None
    compare: list[CompareTable] = Field(default_factory=list)
    uncertain: list[str] = Field(default_factory=list, description="cells read uncertainly")

    def all_figures(self) -> Iterable[FigureView]:
        for p in self.paragraphs.values():
            yield from p.figures

    def compared_cells(self) -> Iterable[CompareCell]:
        for t in self.compare:
            for r in t.rows:
                yield from r.cells


# --- building -----------------------------------------------------------------------------------


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _notes(data: ReportData) -> list[NoteView]:
    topics = {t.key: t.label for t in fmt.TOPICS}
    out: list[NoteView] = []
    keys = ["overview", *(t.key for t in fmt.TOPICS if t.key not in ("problems", "improvements"))]
    for key in [*keys, "other"]:
        label = topics.get(key) or ("总体情况开篇" if key == "overview" else "其他事项")
        for i, text in enumerate(data.note(key)):
            out.append(NoteView(id=f"note-{key}-{i}", topic=label, text=text))
    for i, p in enumerate(data.problems()):
        text = p.problem + (f" → {p.improvement}" if p.improvement else "")
        out.append(NoteView(id=f"note-problems-{i}", topic="存在的问题及改进", text=text))
    if data.contact is not None:
        for name, field in type(data.contact).model_fields.items():
            value = getattr(data.contact, name)
            if isinstance(value, str) and value:
                out.append(
                    NoteView(id=f"note-contact-{name}", topic=field.title or name, text=value)
                )
    for f in data.figures:
        unit = f.unit or ""
        out.append(
            NoteView(
                id=f"figure-{f.key}", topic="数据文件中的数字", text=f"{f.label} {f.value}{unit}"
            )
        )
    return out


_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
_LONG_NOTE = re.compile(r"（[^）]*，[^）]*）")
_ID = re.compile(r"(?:prior\.)?[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")


def _cell_ids(report: Report) -> set[str]:
    return {
        c.id
        for part in report.parts
        if part.table is not None
        for row in part.table.rows
        for c in row
        if c.id
    }


def _share_facts(facts: Facts, wanted: set[str]) -> Facts:
    """`facts` with the shares the verifier bound figures to by key (`share:<part>/<whole>`,
    e.g. 无法提供 ÷ 办结), so that the page can show them like any derived fact."""
    from decimal import ROUND_HALF_UP, Decimal

    from nianbao.facts import Fact

    extra: dict[str, Fact] = {}
    for key in wanted:
        if not key.startswith("share:") or key in facts:
            continue
        part_key, _, whole_key = key.removeprefix("share:").partition("/")
        part, whole = facts.get(part_key), facts.get(whole_key)
        if part is None or whole is None or whole.value == 0:
            continue
        exact = part.value * 100 / whole.value
        extra[key] = Fact(
            key=key,
            value=exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
            exact=exact,
            unit="%",
            kind="percent",
            label=f"{part.label.removeprefix('表三 ')}占{whole.label.removeprefix('表三 ')}的比例",
            source=f"derived: {part_key} / {whole_key}",
            table=part.table and whole.table,
        )
    if not extra:
        return facts
    return facts.model_copy(update={"facts": {**facts.facts, **extra}})


def _fact_views(facts: Facts, wanted: set[str], cells: set[str]) -> dict[str, FactView]:
    facts = _share_facts(facts, wanted)

    def leaves(key: str, seen: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
        """(this year's cells, last year's cells) a fact rests on."""
        if key in seen:
            return [], []
        if key.startswith("prior."):
            now, _ = leaves(key.removeprefix("prior."), seen | {key})
            return [], now
        if key in cells:
            return [key], []
        fact = facts.get(key)
        if fact is None:
            return [], []
        now, before = [], []
        expr = fact.source.partition(":")[2] if ":" in fact.source else fact.source
        for ref in _ID.findall(expr):
            a, b = leaves(ref, seen | {key})
            now += [c for c in a if c not in now]
            before += [c for c in b if c not in before]
        return now, before

    def words(source: str) -> str:
        if source.startswith(("derived:", "prior:")):
            head, _, expr = source.partition(":")

            def name(m: re.Match[str]) -> str:
                ref = m.group(0)
                f = facts.get(ref)
                return f"〔{f.label}〕" if f is not None else ref

            text = _ID.sub(name, expr.strip())
            return ("上年：" if head == "prior" else "＝ ") + text
        if source.startswith("figures."):
            return "数据文件中的数字 / a figure of the counts file"
        return "表格单元格 / table cell"

    from nianbao.facts import Fact

    def short(fact: Fact) -> str:
        """A label short enough for a formula: no table name, ordinal or long parenthesis."""
        label = fact.label
        for table in ("表二 ", "表三 ", "表四 "):
            label = label.replace(table, "")
        label = _LONG_NOTE.sub("", _ORDINAL.sub("", label))
        return "办结总数" if fact.key.removeprefix("prior.") == "t3.total.total" else label

    def term(ref: str, first: bool, depth: int) -> str:
        f = facts.get(ref)
        if f is None:
            return ref
        if f.source.startswith("derived:") and depth < 2:
            inner = computation(f, depth + 1)
            return inner if first else f"（{inner}）"
        if f.key.startswith("prior.") and f.key.removeprefix("prior.") in facts:
            return f"{f.label.split(' ', 1)[0]} {f.number}"  # 2023年 133
        return f"{short(f)} {f.number}"

    def computation(fact: Fact, depth: int = 0) -> str:
        """a + b = 87 ÷ c = 50.6%: the operands with their values, then the result ("÷" for
        division: "/" separates Chinese from English on the page)."""
        expr = fact.source.partition(":")[2].strip()
        pieces: list[str] = []
        pos = 0
        for i, m in enumerate(_ID.finditer(expr)):
            pieces.append(expr[pos : m.start()].replace("/", "÷"))
            pieces.append(term(m.group(0), i == 0 and m.start() == 0, depth))
            pos = m.end()
        pieces.append(expr[pos:].replace("/", "÷"))
        result = fact.text if depth == 0 else fact.number
        return f"{''.join(pieces)} = {result}"

    out: dict[str, FactView] = {}
    for key in sorted(wanted):
        fact = facts.get(key)
        if fact is None:
            continue
        now, before = leaves(key)
        prior = facts.get(f"prior.{key}")
        out[key] = FactView(
            key=key,
            label=fact.label,
            text=fact.text,
            source=fact.source,
            explain=words(fact.source),
            cells=now,
            prior_cells=before,
            figure=fact.source if fact.source.startswith("figures.") else None,
            formula=computation(fact) if fact.source.startswith("derived:") else "",
            prior_text=prior.text if prior is not None else None,
        )
    return out


def _note_for(figure: FigureRef, notes: list[NoteView]) -> str | None:
    if figure.kind == "year":
        return None
    text = _squeeze(figure.text)
    if not text:
        return None
    for n in notes:
        if n.id.startswith("note-") and text in _squeeze(n.text):
            return n.id
    return None


def _compare(now: Report, before: Report) -> list[CompareTable]:
    """This year's tables, block by block, each cell with last year's figure beside it."""
    then: dict[str, str] = {}
    for part in before.parts:
        if part.table is not None:
            for flat in part.table.flat:
                for row in flat.rows:
                    then.update((c.id, c.text) for c in row.values if c.id)
    out: list[CompareTable] = []
    for part in now.parts:
        if part.table is None:
            continue
        name = f"表{part.heading.number.rstrip('、')}"
        for flat in part.table.flat:
            rows = []
            for row in flat.rows:
                cells = []
                for c in row.values:
                    if not c.id:
                        continue
                    prior = then.get(c.id, "—")
                    cells.append(
                        CompareCell(
                            id=c.id,
                            prior=prior,
                            now=c.text,
                            change=_change(prior, c.text),
                            changed=prior != c.text,
                        )
                    )
                rows.append(CompareRow(label=row.label, cells=cells))
            title = f"{name} {flat.caption}".strip()
            out.append(CompareTable(title=title, columns=flat.header[1:], rows=rows))
    return out


def _change(then: str, now: str) -> str:
    """+3, -2, 0; 空白 when one year left the cell blank; empty when one year has no such cell."""
    from decimal import Decimal, InvalidOperation

    if "—" in (then, now):
        return ""
    if "" in (then, now):
        return "" if then == now else "空白"
    try:
        diff = Decimal(now) - Decimal(then)
    except InvalidOperation:
        return ""
    if diff == 0:
        return "0"
    text = format(diff.normalize(), "f")
    return text if diff < 0 else f"+{text}"


def _part_of(location: str) -> str | None:
    for p in fmt.PARTS:
        if location.startswith((p.heading, p.title)):
            return p.key
    for prefix, key in (("表二", "active"), ("表三", "applications"), ("表四", "review")):
        if location.startswith(prefix):
            return key
    return None


def _locate(
    finding: Finding, report: Report, views: Mapping[str, ParagraphView], cells: set[str]
) -> list[str]:
    """The ids a finding is about: the figure or sentence (or sub-heading) it quotes, then its
    table cells; else its part (`part-<key>`) or the title."""
    own = [c for c in finding.cells if c in cells]
    quote = _squeeze(finding.quote or "").rstrip("…")
    key = _part_of(finding.location)
    in_table = key in ("active", "applications", "review")  # a quote of a printed label
    place = None
    if quote and not in_table:
        place = _quoted(quote, _squeeze(finding.actual or ""), report, views)
    if place is not None:
        return [place, *own]
    if own:
        return own
    if key is not None:
        return [f"part-{key}"]
    if finding.location in ("报告年度", "统计期限", "全文", "格式版本"):
        return ["report-title"]
    return []


def _quoted(
    quote: str, actual: str, report: Report, views: Mapping[str, ParagraphView]
) -> str | None:
    """The paragraph (or the figure in it, or the sub-heading) a quote comes from. A quote
    that runs from a sub-heading into its paragraph (text checks cut sentences at 。) is found
    by its longest tail."""
    paras: list[tuple[str, str]] = []
    heads: list[tuple[str, str]] = []
    for part in report.parts:
        heads.append((f"part-{part.key}-h", _squeeze(part.heading.full)))
        for bi, block in enumerate(part.blocks):
            if block.heading is not None:
                heads.append((heading_id(part.key, bi), _squeeze(block.heading.full)))
            if not block.placeholder:
                paras += [
                    (paragraph_id(part.key, bi, pi), _squeeze(t))
                    for pi, t in enumerate(block.paragraphs)
                ]
    found = None
    if len(quote) >= 6:  # a short quote could be anywhere
        found = next((pid for pid, text in paras if quote in text), None)
    if found is None:
        found = next(
            (hid for hid, text in heads if text and (quote in text or text == quote)), None
        )
        if found is not None:
            return found
        cuts = [len(text) for _, text in heads if text and quote.startswith(text)]
        cuts += [i + 1 for i, ch in enumerate(quote) if ch in "。；;，,：:"]
        for cut in sorted(set(cuts)):
            tail = quote[cut:]
            if len(tail) < 6:
                break
            found = next((pid for pid, text in paras if tail in text), None)
            if found is not None:
                break
    if found is None:
        return None
    view = views.get(found)
    if view is not None and actual and actual in quote:
        for f in view.figures:
            text = _squeeze(f.text)
            if text == actual or (
                text.startswith(actual) and not text[len(actual)].isdigit() and text in quote
            ):
                return f.id
    return found


def build_review(
    data: ReportData,
    narrative: Narrative | None,
    *,
    kind: ReviewKind,
    findings: Iterable[Finding] = (),
    facts: Facts | None = None,
    prior: ReportData | None = None,
    prior_texts: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
    parts: Mapping[str, PartView] | None = None,
    inputs: Iterable[str] = (),
    uncertain: Iterable[str] = (),
    heading_numbers: Mapping[str, list[str]] | None = None,
    part_headings: Mapping[str, tuple[str, str]] | None = None,
    drafted: date | None = None,
) -> ReviewPage:
    """The page for `narrative` (annotated by verification) over `data`'s tables.

    `prior_texts` is last year's text per part (for the similarity figure and the repeated
    stretches), `texts` this year's when it differs from the narrative's (a published report's
    text as read); `heading_numbers` and `part_headings` (number, title) keep a published
    report's headings as printed (a part whose heading was not found says so).
    """
    from nianbao.facts import derive_facts
    from nianbao.similarity import repeated_spans, similarity

    facts = facts or derive_facts(data, prior)
    report = assemble(data, narrative, preamble=kind != "published", drafted=drafted)
    if part_headings is not None:
        for part in report.parts:
            number, title = part_headings.get(part.key, ("", ""))
            if title:
                part.heading = part.heading.model_copy(
                    update={"number": f"{number}、" if number else "", "text": title}
                )
            else:
                text = f"{part.heading.text}（原文未见此标题 / heading not found in the report）"
                part.heading = part.heading.model_copy(update={"text": text})
    if heading_numbers:
        for part in report.parts:
            numbers = list(heading_numbers.get(part.key, []))
            for block in part.blocks:
                if block.heading is not None and numbers:
                    block.heading = block.heading.model_copy(update={"number": numbers.pop(0)})
    cells = _cell_ids(report)
    notes = _notes(data)
    prior_texts = dict(prior_texts or {})
    views: dict[str, ParagraphView] = {}
    wanted: set[str] = set()
    for part in report.parts:
        before = prior_texts.get(part.key, "")
        for bi, block in enumerate(part.blocks):
            for pi, para in enumerate(block.sources):
                pid = paragraph_id(part.key, bi, pi)
                figures = []
                for k, f in enumerate(para.figures):
                    if f.kind == "ordinal":
                        continue
                    if f.fact:
                        wanted.add(f.fact)
                    figures.append(
                        FigureView(
                            id=f"{pid}-f{k}",
                            start=f.start,
                            end=f.end,
                            text=f.text,
                            kind=f.kind,
                            # verified only when bound to a fact by its words
                            status=f.status
                            if f.status != "verified" or f.fact or f.words
                            else "allowed",
                            fact=f.fact,
                            note=f.note,
                            words=f.words if f.status == "verified" else "",
                            source_note=None if f.fact else _note_for(f, notes),
                        )
                    )
                views[pid] = ParagraphView(
                    id=pid,
                    source=para.source,
                    figures=figures,
                    repeats=repeated_spans(para.text, before) if before else [],
                )
    ordered = sort_findings(list(findings))
    links = [_locate(f, report, views, cells) for f in ordered]
    by_id = {fig.id: fig for view in views.values() for fig in view.figures}
    for link in links:
        fig = by_id.get(link[0]) if link else None
        if fig is not None and not fig.fact:
            fig.cells += [c for c in link[1:] if c not in fig.cells]
    part_views: dict[str, PartView] = {}
    for key in NARRATIVE_PARTS:
        view = (parts or {}).get(key)
        if view is None:
            pt = narrative.parts.get(key) if narrative is not None else None
            if pt is None:
                continue
            who = {p.source for s in pt.sections for p in s.paragraphs}
            source = (
                "published" if kind == "published" else (who.pop() if len(who) == 1 else "mixed")
            )
            view = PartView(key=key, source=source, remarks=list(pt.remarks))
        if key in prior_texts:
            this = (texts or {}).get(key)
            if this is None and narrative is not None and key in narrative.parts:
                this = narrative.parts[key].text
            if this:
                view = view.model_copy(update={"similarity": similarity(this, prior_texts[key])})
        part_views[key] = view
    compare: list[CompareTable] = []
    if prior is not None:
        compare = _compare(report, assemble(prior, None, preamble=False))
    return ReviewPage(
        kind=kind,
        inputs=list(inputs),
        report=report,
        paragraphs=views,
        facts=_fact_views(facts, wanted, cells),
        findings=ordered,
        links=links,
        parts=part_views,
        notes=notes if kind != "published" else [],
        prior_year=prior.year if prior is not None else None,
        compare=compare,
        uncertain=sorted(set(uncertain) & cells),
    )


def _prior_texts(narrative: Narrative | None) -> dict[str, str]:
    if narrative is None:
        return {}
    return {k: p.text for k, p in narrative.parts.items() if p.text.strip()}


def review_draft(
    data: ReportData,
    result: DraftResult,
    *,
    prior: ReportData | None = None,
    prior_narrative: Narrative | None = None,
    data_findings: Iterable[Finding] = (),
    inputs: Iterable[str] = (),
    drafted: date | None = None,
) -> ReviewPage:
    """The page for what `draft-report` wrote: the drafted narrative as annotated by the final
    verification, each part's source (model, or the writer and why), the data checks' findings
    (`data_findings`) and the verification's; `drafted` dates the 落款 as in the report files."""
    parts = {
        key: PartView(
            key=key,
            source=outcome.source,
            reason=outcome.reason,
            remarks=list(result.narrative.part(outcome.part).remarks),
            fallback=outcome.fallback,
        )
        for key, outcome in result.parts.items()
    }
    return build_review(
        data,
        result.narrative,
        kind="draft",
        findings=[*data_findings, *result.findings],
        prior=prior,
        prior_texts=_prior_texts(prior_narrative),
        parts=parts,
        inputs=inputs,
        drafted=drafted,
    )


def _drafted_sources(narrative: Narrative, drafted: Narrative) -> Narrative:
    """Paragraphs left as drafted keep the drafter's source (model/writer); edited ones are the
    user's."""
    by_text: dict[str, Source] = {}
    for pt in drafted.parts.values():
        for s in pt.sections:
            for p in s.paragraphs:
                by_text.setdefault(_squeeze(p.text), p.source)
    out = narrative.model_copy(deep=True)
    for pt in out.parts.values():
        for s in pt.sections:
            for p in s.paragraphs:
                p.source = by_text.get(_squeeze(p.text), "user")
    return out


def review_narrative(
    data: ReportData,
    narrative: Narrative | None,
    *,
    prior: ReportData | None = None,
    prior_narrative: Narrative | None = None,
    drafted: Narrative | None = None,
    today: date | None = None,
    inputs: Iterable[str] = (),
) -> ReviewPage:
    """The page for a counts file and a narrative (an edited draft): the narrative verified
    against the data, with the data checks' findings. `drafted` is the narrative as drafted
    (draft.json): paragraphs still as drafted are shown as the model's or the writer's."""
    from nianbao.facts import derive_facts
    from nianbao.verify import verify_narrative

    facts = derive_facts(data, prior)
    findings = check_data(data, prior, today=today)
    checked: Narrative | None = None
    if narrative is not None:
        if drafted is not None:
            narrative = _drafted_sources(narrative, drafted)
        checked, found = verify_narrative(
            narrative, data, prior, prior_narrative=prior_narrative, facts=facts
        )
        if prior is None:  # 较上年 figures: say last year's data is missing, not "应为173件"
            from nianbao.lastyear import explain_missing_prior, explain_missing_prior_figures

            found = explain_missing_prior(found)
            checked = explain_missing_prior_figures(checked)
        findings += found
    return build_review(
        data,
        checked,
        kind="narrative",
        findings=findings,
        facts=facts,
        prior=prior,
        prior_texts=_prior_texts(prior_narrative),
        inputs=inputs,
    )


def review_published(
    path: str | Path,
    *,
    prior: Prior | None = None,
    prior_narrative: Narrative | None = None,
    today: date | None = None,
) -> ReviewPage:
    """The page for a published report: its text and its tables as read, every figure of the
    narrative matched to the tables (a figure no table cell or sum gives is marked), and the
    findings of `nianbao check` (with `prior`, the cross-year checks and the similarity to last
    year's text when that was a published report too)."""
    from nianbao.checks.text import check_report
    from nianbao.extract import read_report
    from nianbao.extract.paragraphs import narrative_from_text
    from nianbao.verify import verify_narrative

    p = Path(path)
    rep = read_report(p)
    prior_data = prior.data if prior is not None else None
    prior_report = prior.report if prior is not None else None
    findings = check_report(rep, prior_data, prior_report, today=today)
    text = narrative_from_text(rep.parts)
    checked, _ = verify_narrative(text, rep.data, prior_data)
    prior_texts: dict[str, str] = _prior_texts(prior_narrative)
    if prior_report is not None:
        prior_texts = {k: v for k, v in prior_report.parts.items() if v.strip()}
    inputs = [str(p)]
    if prior is not None and prior_report is not None:
        inputs.append(str(prior_report.path))
    return build_review(
        rep.data,
        checked,
        kind="published",
        findings=findings,
        prior=prior_data,
        prior_texts=prior_texts,
        texts=rep.parts,
        inputs=inputs,
        uncertain=rep.uncertain_cells,
        heading_numbers=text.numbers,
        part_headings={h.key: (h.number, h.title) for h in rep.headings},
    )


def read_narrative(path: str | Path) -> Narrative:
    """An edited narrative (or a whole report.md) from Markdown."""
    from nianbao.errors import DataError
    from nianbao.load import read_text
    from nianbao.narrative import narrative_from_markdown

    p = Path(path)
    if not p.exists():
        raise DataError.one(p, "文件不存在 / no such file")
    narrative = narrative_from_markdown(read_text(p))
    if not narrative.parts:
        raise DataError.one(
            p,
            "未找到叙述部分的标题（## 一、总体情况 / ## 五、… / ## 六、…）/ "
            "no narrative part headings found (## 一、总体情况 …)",
        )
    return narrative


def read_drafted(path: str | Path) -> Narrative:
    """The narrative as drafted, from the draft.json `draft-report` wrote."""
    import json

    from pydantic import ValidationError

    from nianbao.errors import DataError
    from nianbao.load import read_text

    p = Path(path)
    try:
        payload = json.loads(read_text(p))
        return Narrative.model_validate(payload["narrative"])
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as e:
        raise DataError.one(
            p, f"不是 draft-report 写出的 draft.json（{type(e).__name__}）/ not a draft.json"
        ) from None


def review_file(
    path: str | Path,
    *,
    narrative: str | Path | None = None,
    drafted: str | Path | None = None,
    prior: str | Path | None = None,
    prior_report: str | Path | None = None,
    today: date | None = None,
) -> ReviewPage:
    """The review page for a file: a published report (.pdf .docx .html .txt .md, no
    `narrative`), or a counts file with an edited narrative. `drafted` is the draft.json of that
    narrative (default: a draft.json beside it); `prior` last year's counts file or published
    report; `prior_report` last year's text as Markdown (for the similarity)."""
    from nianbao.audit import is_report, load_data, load_prior

    p = Path(path)
    last = load_prior(prior) if prior is not None else None
    last_text = read_narrative(prior_report) if prior_report is not None else None
    if last_text is None and last is not None and last.report is not None:
        from nianbao.extract.paragraphs import narrative_from_text

        last_text = narrative_from_text(last.report.parts)
    if is_report(p) and narrative is None:
        page = review_published(p, prior=last, prior_narrative=last_text, today=today)
        if prior_report is not None:
            page.inputs.append(str(prior_report))
        return page
    data = load_data(p)
    text = read_narrative(narrative) if narrative is not None else None
    if drafted is None and narrative is not None:
        beside = Path(narrative).parent / "draft.json"
        drafted = beside if beside.exists() else None
    draft = read_drafted(drafted) if drafted is not None else None
    inputs = [str(x) for x in (p, narrative, drafted, prior, prior_report) if x is not None]
    return review_narrative(
        data,
        text,
        prior=last.data if last is not None else None,
        prior_narrative=last_text,
        drafted=draft,
        today=today,
        inputs=inputs,
    )
