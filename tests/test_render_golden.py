"""Golden files for the Markdown and HTML renderers (regenerate: `make golden`)."""

from __future__ import annotations

import re

import pytest

from nianbao.narrative import narrative_from_markdown
from nianbao.report import PLACEHOLDER
from tests.regen_golden import CASES, GOLDEN, OUTPUTS, Case, render_case


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("name", OUTPUTS)
def test_golden(case: Case, name: str) -> None:
    golden = GOLDEN / case.name / name
    assert golden.exists(), f"{golden} missing: run `make golden`"
    got = render_case(case)[name]
    assert got == golden.read_text(encoding="utf-8"), (
        f"{case.name}/{name} differs from the golden file; if the change is intended, "
        "run `make golden` and review the diff"
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_html_is_self_contained(case: Case) -> None:
    html = render_case(case)["report.html"]
    assert "<script" not in html
    assert "<link" not in html
    assert not re.search(r"""(?:src|href)\s*=""", html)
    assert not re.search(r"url\((?!#)", html)
    assert "@import" not in html
    assert html.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("case", [c for c in CASES if c.narrative], ids=lambda c: c.name)
def test_markdown_reads_back_as_the_same_narrative(case: Case) -> None:
    """A whole report.md is valid input to `nianbao render --narrative`."""
    assert case.narrative is not None
    source = narrative_from_markdown(case.narrative.read_text(encoding="utf-8"))
    md = render_case(case)["report.md"]
    back = narrative_from_markdown(md)
    assert list(back.parts) == list(source.parts)
    for key, part in source.parts.items():
        want = [(s.heading, [p.text for p in s.paragraphs]) for s in part.sections]
        got = [(s.heading, [p.text for p in s.paragraphs]) for s in back.parts[key].sections]
        # a section without text comes back holding the placeholder
        got = [(h, [] if t == [PLACEHOLDER] else t) for h, t in got]
        got = [(h, t) for h, t in got if h is not None or t]
        assert got == want
