"""Figures that need last year's data, and what to say when it is not given.

A draft made with `--prior` states year-on-year figures (较上年增加40件、增长30.1%) bound to the
facts `prior.…`, `change.…` and `pct.…`. Re-rendered or checked without last year's data, those
figures cannot be verified, and the verifier would take "增加40件" for the table's 新收 173件.
`drafted_with_prior` finds such figures in the draft.json written beside the draft;
`explain_missing_prior` rewrites the findings on year-on-year sentences to say what is missing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from nianbao.checks import Finding
from nianbao.narrative import Narrative

__all__ = [
    "MISSING_PRIOR",
    "PRIOR_FACTS",
    "YEAR_ON_YEAR",
    "drafted_with_prior",
    "explain_missing_prior",
    "explain_missing_prior_figures",
    "prior_figures",
]

PRIOR_FACTS = ("prior.", "change.", "pct.")
"""Fact keys that rest on last year's data (see `facts.py`)."""

YEAR_ON_YEAR = re.compile(r"较上年|比上年|上年度?|同比|环比|去年|上一年|较\d{4}年|比\d{4}年")
"""Words that make a sentence's figures year-on-year ones."""

MISSING_PRIOR = (
    "{figure}是与上年比较的数字，没有上年数据无法核对：请加 --prior 上年的数据文件或年报 / "
    "{figure_en}a year-on-year figure: it can only be checked against last year's data — "
    "add --prior with last year's counts file or report"
)
_FIGURE = re.compile(r"数字“([^”]+)”")
_LEADING_FIGURE = re.compile(r"^“([^”]+)”")


def prior_figures(narrative: Narrative) -> list[str]:
    """The figures of a narrative bound to last year's facts, as printed (40件, 30.1%)."""
    return [
        f.text
        for part in narrative.parts.values()
        for section in part.sections
        for p in section.paragraphs
        for f in p.figures
        if f.fact is not None and f.fact.startswith(PRIOR_FACTS)
    ]


def drafted_with_prior(draft_json: Path) -> list[str]:
    """The year-on-year figures of the draft recorded in `draft_json` (empty when the file is
    missing, unreadable, or the draft used no last-year figure)."""
    try:
        payload = json.loads(draft_json.read_text(encoding="utf-8"))
        narrative = Narrative.model_validate(payload["narrative"])
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return prior_figures(narrative)


def explain_missing_prior(findings: list[Finding]) -> list[Finding]:
    """Without last year's data: a failed figure in a year-on-year sentence is explained as
    such, instead of being compared with this year's table ("40件…应为173件")."""
    out: list[Finding] = []
    for f in findings:
        if "--prior" in f.message:
            pass  # the verifier already says last year's data is missing
        elif f.rule == "V-1" and f.quote and YEAR_ON_YEAR.search(f.quote):
            m = _FIGURE.search(f.message) or _LEADING_FIGURE.search(f.message)
            shown = m.group(1) if m else None
            figure = f"“{shown}”" if shown else "这句中的数字"
            figure_en = f"{shown} is " if shown else ""
            message = MISSING_PRIOR.format(figure=figure, figure_en=figure_en)
            f = f.model_copy(update={"message": message, "expected": None, "cells": []})
        out.append(f)
    return out


_SENTENCE_END = re.compile(r"[。；！？!?;\n]")


def _sentence_at(text: str, offset: int) -> str:
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, offset)), default=0)
    end = _SENTENCE_END.search(text, offset)
    return text[start : end.end() if end else len(text)]


def explain_missing_prior_figures(narrative: Narrative) -> Narrative:
    """The same for the figures themselves (the review page's tooltips): a failed figure in a
    year-on-year sentence is not bound to this year's cell, and its note says --prior is missing."""
    out = narrative.model_copy(deep=True)
    for part in out.parts.values():
        for section in part.sections:
            for p in section.paragraphs:
                for i, f in enumerate(p.figures):
                    if f.status != "unverified":
                        continue
                    if not YEAR_ON_YEAR.search(_sentence_at(p.text, f.start)):
                        continue
                    note = MISSING_PRIOR.format(figure=f"“{f.text}”", figure_en=f"{f.text} is ")
                    p.figures[i] = f.model_copy(update={"fact": None, "note": note})
    return out
