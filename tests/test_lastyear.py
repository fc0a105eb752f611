"""lastyear.py: figures that need last year's data, and the message when it is missing."""

from __future__ import annotations

from pathlib import Path

from nianbao.checks import Finding
from nianbao.lastyear import drafted_with_prior, explain_missing_prior


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
