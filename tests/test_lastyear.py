"""lastyear.py: figures that need last year's data, and the message when it is missing."""

from __future__ import annotations

from pathlib import Path

from nianbao.checks import Finding
from nianbao.lastyear import (
    drafted_with_prior,
    explain_missing_prior,
    explain_missing_prior_figures,
)


def _v1(quote: str, figure: str) -> Finding:
    return Finding(
        rule="V-1",
        severity="error",
        location="一、总体情况 第3段",
        message=f"“新收”后的数字“{figure}”与表格不符，应为 173件（t3.new.total） / …",
        expected="173",
        quote=quote,
    )


def test_year_on_year_sentences_are_explained_others_kept() -> None:
    yoy = _v1("新收申请较上年增加40件，增长30.1%；", "40件")
    same_year = _v1("全年新收申请40件。", "40件")
    out = explain_missing_prior([yoy, same_year])
    assert out[0].message.startswith("“40件”是与上年比较的数字，没有上年数据无法核对：请加 --prior")
    assert "40件 is a year-on-year figure" in out[0].message
    assert out[0].expected is None
    assert out[1] == same_year  # not a comparison with last year: the verifier's message stands
    for word in ("同比增长", "比2023年减少", "去年"):
        assert "--prior" in explain_missing_prior([_v1(f"申请{word}5件。", "5件")])[0].message


def test_draft_json_without_prior_figures_or_unreadable(tmp_path: Path) -> None:
    assert drafted_with_prior(tmp_path / "missing.json") == []
    (tmp_path / "draft.json").write_text("{not json", encoding="utf-8")
    assert drafted_with_prior(tmp_path / "draft.json") == []
    (tmp_path / "draft.json").write_text('{"narrative": {"parts": {}}}', encoding="utf-8")
    assert drafted_with_prior(tmp_path / "draft.json") == []


def test_figures_of_year_on_year_sentences_are_unbound_from_this_years_cells() -> None:
    from nianbao.narrative import FigureRef, Narrative, Paragraph, PartText, Section

    text = "全年新收申请173件。新收申请较上年增加40件，增长30.1%。"
    figures = [
        FigureRef(start=6, end=10, text="173件", value=173, fact="t3.new.total", status="verified"),
        FigureRef(start=20, end=23, text="40件", value=40, fact="t3.new.total", note="应为 173件"),
    ]
    narrative = Narrative(
        parts={
            "overview": PartText(
                part="overview",
                sections=[Section(paragraphs=[Paragraph(text=text, figures=figures)])],
            )
        }
    )
    out = explain_missing_prior_figures(narrative)
    kept, explained = out.parts["overview"].sections[0].paragraphs[0].figures
    assert kept == figures[0]
    assert explained.fact is None and explained.note.startswith("“40件”是与上年比较的数字")
    assert narrative.parts["overview"].sections[0].paragraphs[0].figures[1].fact == "t3.new.total"
