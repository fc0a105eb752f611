"""What a figure may be bound to: the facts, last year's facts, the notes, the allowed dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from nianbao import format as fmt
from nianbao.facts import Facts, derive_facts
from nianbao.model import ReportData
from nianbao.narrative import Narrative
from nianbao.numbers import find_figures

from .lexicon import Lexicon

__all__ = ["Mode", "NoteFigure", "VerifyContext", "norm"]

Mode = Literal["draft", "published"]


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class NoteFigure:
    """A number the notes state, with the clause around it (its context)."""

    value: Decimal
    unit: str
    kind: str
    text: str
    clause: str


_CLAUSE = re.compile(r"[^，,；;。！？!?\n]+")


@dataclass
class VerifyContext:
    """What a figure may be: the facts, and what the notes and the year allow."""

    data: ReportData
    facts: Facts
    prior: ReportData | None = None
    prior_narrative: Narrative | None = None
    mode: Mode = "draft"
    notes_text: str = ""
    note_figures: list[NoteFigure] = field(default_factory=list)
    note_list_counts: set[int] = field(default_factory=set)
    allowed_years: set[int] = field(default_factory=set)
    allowed_dates: set[str] = field(default_factory=set)
    prior_facts: Facts | None = None
    lexicon: Lexicon | None = None
    period_stated: bool = True
    """The report's preamble states the statistics period (nianbao's always does; `render
    --no-preamble` leaves it out): then part 六 need not repeat 有关数据统计说明."""

    @property
    def year(self) -> int:
        return self.data.year

    @property
    def prior_year(self) -> int | None:
        return self.prior.year if self.prior is not None else None

    @property
    def lex(self) -> Lexicon:
        if self.lexicon is None:
            self.lexicon = Lexicon(self.facts)
        return self.lexicon

    @classmethod
    def build(
        cls,
        data: ReportData,
        prior: ReportData | None = None,
        facts: Facts | None = None,
        prior_narrative: Narrative | None = None,
        mode: Mode = "draft",
    ) -> VerifyContext:
        ctx = cls(data, facts or derive_facts(data, prior), prior, prior_narrative, mode)
        if prior is not None:
            ctx.prior_facts = derive_facts(prior)
        texts: list[str] = []
        for key in ("overview", *(t.key for t in fmt.TOPICS), "other"):
            if key in ("problems", "improvements"):
                continue
            items = data.note(key)
            texts.extend(items)
            if len(items) > 1:
                ctx.note_list_counts.add(len(items))
        problems = data.problems()
        if problems:
            ctx.note_list_counts.add(len(problems))
        for problem in problems:
            texts.extend([problem.problem, problem.improvement])
        if data.contact is not None:
            texts.extend(v for v in data.contact.model_dump().values() if isinstance(v, str))
        ctx.notes_text = "\n".join(texts)
        y = data.year
        ctx.allowed_years = {y}
        ctx.allowed_dates = {f"{y}年1月1日", f"{y}年12月31日", "1月1日", "12月31日"}
        if data.published is not None:
            p = data.published
            ctx.allowed_dates |= {f"{p.year}年{p.month}月{p.day}日", f"{p.month}月{p.day}日"}
            ctx.allowed_years.add(p.year)
        for text in texts:
            for f in find_figures(text):
                if f.kind == "year":
                    ctx.allowed_years.add(int(f.value))
                elif f.kind == "date":
                    ctx.allowed_dates.add(norm(f.text))
                    if f.value:
                        ctx.allowed_years.add(int(f.value))
                if f.kind in ("count", "amount", "percent", "multiple", "other"):
                    clause = next(
                        (
                            m.group(0)
                            for m in _CLAUSE.finditer(text)
                            if m.start() <= f.start < m.end()
                        ),
                        text,
                    )
                    ctx.note_figures.append(
                        NoteFigure(f.value, f.unit, f.kind, norm(f.text), norm(clause))
                    )
        return ctx
