"""The review page's content (`review.py`) and its HTML (`render/review.py`), without a browser:
every figure has its source, findings point at their place, user text is escaped, no URL is
fetched. The browser behaviour (hover, click, keyboard) is in test_review_browser.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nianbao.draft.drafter import draft
from nianbao.draft.settings import ModelSettings
from nianbao.extract.paragraphs import narrative_from_text
from nianbao.load import load_counts
from nianbao.model import ReportData
from nianbao.narrative import FigureRef, Paragraph, narrative_from_markdown, narrative_to_markdown
from nianbao.render.review import render_review
from nianbao.report import _clean_paragraph
from nianbao.review import (
    ReviewPage,
    review_draft,
    review_file,
    review_narrative,
    review_published,
)
from tests.synthetic import overview, render_text

OFFLINE = ModelSettings(offline=True)


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each element by id."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def assert_self_contained(html: str) -> None:
    """No external resource: no src/href to a URL, one script (ours), CSP present."""
    found = tags(html)
    for tag, attrs in found:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(name, "")
            assert not re.match(r"\s*(?:https?:|//|ftp:)", value, re.I), (tag, attrs)
            if name == "href" and name in attrs:
                assert value.startswith("#"), (tag, attrs)
    assert [t for t, _ in found].count("script") == 1
    assert not any(t in ("img", "iframe", "object", "embed", "link") for t, _ in found)
    assert 'http-equiv="Content-Security-Policy"' in html
    assert "script-src 'sha256-" in html


def figure_ids(html: str) -> list[str]:
    return [a["id"] for t, a in tags(html) if "fig" in a.get("class", "").split()]


def all_sourced(page: ReviewPage) -> None:
    """Every figure of the narrative is a fact (with cells, a counts-file figure or last
    year's cells) or an allowed date/year/number from the notes."""
    for fig in page.all_figures():
        assert fig.status != "unverified", fig
        if fig.fact:
            fact = page.facts[fig.fact]
            assert fact.cells or fact.figure or fact.prior_cells, fact
        else:
            assert fig.status in ("allowed", "fallback") and fig.note, fig


@pytest.fixture
def seed_data(seed: Path) -> ReportData:
    return load_counts(seed)


def test_offline_draft_page_of_the_seed(seed_data: ReportData) -> None:
    result = draft(seed_data, settings=OFFLINE)
    page = review_draft(seed_data, result, inputs=["counts.yaml"])
    all_sourced(page)
    figures = list(page.all_figures())
    assert len(figures) > 15
    facts = {f.fact for f in figures if f.fact}
    assert {"t3.new.total", "t3.total.total", "figures.active_total"} <= facts
    assert page.facts["t3.new.total"].cells == ["t3.new.total"]
    assert page.facts["figures.active_total"].figure == "figures.active_total"
    assert {v.source for v in page.paragraphs.values()} == {"writer"}
    assert page.parts["overview"].reason.startswith("内置写作器")
    html = render_review(page)
    assert_self_contained(html)
    ids = figure_ids(html)
    assert len(ids) == len(figures)
    # every figure has a tooltip it is described by, and a figure with cells links to them
    for f in figures:
        assert f'aria-describedby="tip-{f.id}"' in html
    assert re.search(r'<a class="fig st-verified" id="[^"]+" [^>]*href="#t3\.new\.total"', html)
    # no finding: 有关数据统计说明 is left to the preamble (the period is stated once)
    assert 'id="findings-count" data-total="0"' in html
    assert page.findings == []
    assert f'id="figure-count" data-figures="{len(figures)}"' in html


def _example(name: str) -> tuple[ReportData, ReportData | None]:
    root = Path(__file__).resolve().parent.parent / "examples" / name
    if name == "register-2024":
        from nianbao.inputs.register import apply_tally, tally_register

        base = load_counts(root / "notes.yaml")
        return apply_tally(base, tally_register(root / "applications.csv", base.year)), None
    prior = root / "counts-2023.yaml"
    return load_counts(root / "counts.yaml"), load_counts(prior) if prior.exists() else None


@pytest.mark.parametrize("name", ["guguantun-2024", "qingshi-bureau-2024", "register-2024"])
def test_every_example_shows_every_figure_with_its_source(name: str) -> None:
    data, prior = _example(name)
    page = review_draft(data, draft(data, prior=prior, settings=OFFLINE), prior=prior)
    all_sourced(page)
    html = render_review(page)
    assert_self_contained(html)
    figures = list(page.all_figures())
    assert len(figure_ids(html)) == len(figures) > 10
    for f in figures:
        assert f'<span class="tip" role="tooltip" id="tip-{f.id}"><span class="t-status">' in html
        if f.fact:
            assert page.facts[f.fact].label in html


def test_a_derived_fact_points_at_its_cells(bureau: Path) -> None:
    data = load_counts(bureau)
    page = review_draft(data, draft(data, settings=OFFLINE))
    all_sourced(page)
    share = page.facts["share.granted_and_partial"]
    assert share.text == "50.6%"
    assert set(share.cells) == {"t3.granted.total", "t3.partially_granted.total", "t3.total.total"}
    assert "〔予以公开及部分公开〕" in share.explain
    received = page.facts["apps.received_total"]
    assert received.cells == ["t3.new.total", "t3.carried_over.total"]


def test_prior_year_side_by_side_and_repeated_text(bureau: Path, bureau_prior: Path) -> None:
    data, prior = load_counts(bureau), load_counts(bureau_prior)
    last = draft(prior, settings=OFFLINE).narrative
    result = draft(data, prior=prior, settings=OFFLINE, prior_narrative=last)
    page = review_draft(data, result, prior=prior, prior_narrative=last)
    all_sourced(page)
    assert page.prior_year == 2023
    cells = {c.id: c for c in page.compared_cells()}
    assert (cells["t3.new.total"].prior, cells["t3.new.total"].now) == ("133", "173")
    assert cells["t3.new.total"].change == "+40" and cells["t3.new.total"].changed
    assert cells["t2.fees_wan_yuan"].change == "+124.74"
    sim = page.parts["overview"].similarity
    assert sim is not None and 0 < sim < 1
    assert any(v.repeats for v in page.paragraphs.values())
    change = page.facts["change.t3.new.total"]
    assert change.cells == ["t3.new.total"] and change.prior_cells == ["t3.new.total"]
    html = render_review(page)
    assert_self_contained(html)
    assert '<section id="compare"' in html
    assert '<td id="cmp-t3.new.total" class="changed">' in html
    assert '<mark class="rep">' in html
    assert "与上年报告相同的内容约占" in html


def test_an_edited_draft_keeps_who_wrote_what(seed_data: ReportData, tmp_path: Path) -> None:
    result = draft(seed_data, settings=OFFLINE)
    md = narrative_to_markdown(result.narrative)
    edited_md = md.replace("新收政府信息公开申请6件", "新收政府信息公开申请7件")
    assert edited_md != md
    page = review_narrative(seed_data, narrative_from_markdown(edited_md), drafted=result.narrative)
    sources = [v.source for v in page.paragraphs.values()]
    assert sources.count("user") == 1 and "writer" in sources
    (bad,) = [f for f in page.all_figures() if f.status == "unverified"]
    assert bad.text == "7件" and bad.fact is None
    assert bad.cells == ["t3.new.total"]  # what the finding says it should agree with
    (finding,) = [f for f in page.findings if f.rule in ("V-1", "V-2")]
    i = page.findings.index(finding)
    assert page.links[i] == [bad.id, "t3.new.total"]
    html = render_review(page)
    assert f'data-go="{bad.id} t3.new.total"' in html
    assert 'class="fig st-unverified"' in html


def test_user_text_is_escaped(seed: Path, tmp_path: Path) -> None:
    text = seed.read_text("utf-8").replace(
        "  innovation: >-\n",
        '  innovation: >-\n    <script>window.__pwned=1</script><img src=x onerror="alert(1)">\n',
    )
    text = text.replace(
        "  office: 顾官屯镇党政综合办公室\n",
        '  office: 顾官屯镇党政综合办公室"><marquee>\n  website: https://www.example.gov.cn/a?x=1&y=2\n',
    )
    counts = tmp_path / "counts.yaml"
    counts.write_text(text, "utf-8")
    data = load_counts(counts)
    page = review_draft(data, draft(data, settings=OFFLINE), inputs=[str(counts) + "<blink>"])
    html = render_review(page)
    assert_self_contained(html)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x" in html
    assert "https://www.example.gov.cn/a?x=1&amp;y=2" in html  # text, not a link
    assert "counts.yaml&lt;blink&gt;" in html
    assert "<marquee>" not in html and "<blink>" not in html
    assert "&quot;&gt;&lt;marquee&gt;" in html


def test_edited_draft_from_files(seed: Path, tmp_path: Path) -> None:
    data = load_counts(seed)
    result = draft(data, settings=OFFLINE)
    from nianbao.draft.drafter import draft_json

    (tmp_path / "draft.json").write_text(draft_json(data, result), "utf-8")
    (tmp_path / "report.md").write_text(narrative_to_markdown(result.narrative), "utf-8")
    page = review_file(seed, narrative=tmp_path / "report.md")
    assert {v.source for v in page.paragraphs.values()} == {"writer"}  # draft.json beside it
    assert str(tmp_path / "draft.json") in page.inputs
    assert page.kind == "narrative"
    all_sourced(page)


# --- published reports ---------------------------------------------------------------------------


def published(data: ReportData, path: Path) -> Path:
    text = render_text(data, overview_text=overview(data, repeat_heading=True, new_said=7))
    path.write_text(text, "utf-8")
    return path


def test_published_report_page(seed_data: ReportData, tmp_path: Path) -> None:
    page = review_published(published(seed_data, tmp_path / "report.txt"))
    assert page.kind == "published"
    assert page.report.preamble == []  # nothing the report did not print
    numbers = [b.heading.number for b in page.report.part("overview").blocks if b.heading]
    assert numbers == ["（一）", "（二）", "（二）", "（三）", "（四）"]  # as printed
    figs = {f.text: f for f in page.all_figures()}
    assert figs["7件"].status == "unverified" and figs["7件"].fact is None
    assert figs["6件"].fact == "t3.total.total"  # 办结6件
    rules = {f.rule for f in page.findings}
    assert {"E-8N", "N-1"} <= rules
    for f, link in zip(page.findings, page.links, strict=True):
        if f.rule == "E-8N" and f.quote:
            assert link[0].startswith("h-overview-")
        if f.rule == "N-1":
            assert link[0] == figs["7件"].id and link[1:] == [
                "t3.new.total"
            ]  # the figure, its cell
    html = render_review(page)
    assert_self_contained(html)
    assert 'class="fig st-nosource"' in html
    assert "表格中无此数" in html
    assert '<section id="notes"' not in html


def test_published_report_with_last_years(seed_data: ReportData, tmp_path: Path) -> None:
    prior_data = seed_data.model_copy(update={"year": 2023})
    before = published(prior_data, tmp_path / "2023.txt")
    now = published(seed_data, tmp_path / "2024.txt")
    page = review_file(now, prior=before)
    assert page.prior_year == 2023
    assert str(before) in page.inputs
    sim = page.parts["overview"].similarity
    assert sim is not None and sim > 0.8
    assert any(v.repeats for v in page.paragraphs.values())
    assert "E-12" in {f.rule for f in page.findings}
    html = render_review(page)
    assert "repeat-high" in html


def test_paragraphs_of_wrapped_text() -> None:
    text = "\n\n".join(
        [
            "2024年，本机关坚持以人民为中心深化政务公开，不断拓",
            "展公开内容、优化公开方式，持续提升工作水平。",
            "（一）主动公开情况",
            "本机关持续完善主动公开机制，确保法定公开事项公开到",
            "位。全年共公开政府信息 88条，其中预决算信息 2 条，内",
            "设机构信息1条。",
            "（二）依申请公开情况",
            "全年共处理政府信息公开申请 6",
            " 件，办结 6件。",
        ]
    )
    n = narrative_from_text({"overview": text})
    part = n.parts["overview"]
    assert [s.heading for s in part.sections] == [None, "主动公开情况", "依申请公开情况"]
    assert n.numbers["overview"] == ["（一）", "（二）"]
    assert part.sections[1].paragraphs[0].text == (
        "本机关持续完善主动公开机制，确保法定公开事项公开到位。全年共公开政府信息88条，"
        "其中预决算信息2条，内设机构信息1条。"
    )
    assert part.sections[2].paragraphs[0].text == "全年共处理政府信息公开申请6件，办结6件。"


def test_paragraphs_one_per_line() -> None:
    long = "本机关持续完善主动公开机制，确保法定公开事项公开到位，" * 4
    text = f"{long}第一段。\n{long}第二段。\n（一）主动公开\n{long}"
    part = narrative_from_text({"other": text}).parts["other"]
    assert [len(s.paragraphs) for s in part.sections] == [2, 1]


def test_printed_offsets_follow_the_cleaned_text() -> None:
    text = "  共收到\n申请 6件，\nabc 办结6件 \n"
    start = text.index("6")
    para = Paragraph(text=text, figures=[FigureRef(start=start, end=start + 2, text="6件")])
    clean = _clean_paragraph(para)
    assert clean.text == "共收到申请 6件， abc 办结6件"
    f = clean.figures[0]
    assert clean.text[f.start : f.end] == "6件"


def test_a_2021_report_printing_the_2019_row(seed_data: ReportData) -> None:
    """Published reports may print （六）其他处理 as the 2019 single row in a 2021 report."""
    raw = seed_data.model_dump(exclude_unset=True)
    raw["applications"]["other_single_row"] = [1, 0, 0, 0, 0, 0, 1]
    raw["applications"]["new"] = [5, 2, 0, 0, 0, 0, 7]
    raw["applications"]["total"] = [5, 2, 0, 0, 0, 0, 7]
    data = ReportData.model_validate(raw)
    page = review_narrative(data, None)
    cells = {c.id for p in page.report.parts if p.table for r in p.table.rows for c in r if c.id}
    assert "t3.other_single_row.total" in cells
    assert "t3.other_no_fee.total" not in cells
