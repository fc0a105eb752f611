from __future__ import annotations

from nianbao.similarity import repeated_spans, similarity

LAST = "2023年，我局认真贯彻落实《条例》，全年主动公开政府信息120条，持续加强政府网站建设，不断提升公开质量。"


def test_changed_figures_do_not_make_text_new() -> None:
    this = LAST.replace("2023", "2024").replace("120", "135")
    assert similarity(this, LAST) == 1.0


def test_new_text_is_not_similar() -> None:
    assert similarity("本年度新建不动产登记查阅点，群众可现场查询登记政策。", LAST) < 0.1
    assert similarity("", LAST) == 0.0


def test_repeated_spans_point_into_the_original_text() -> None:
    this = "本年度新建查阅点。持续加强政府网站建设，不断提升公开质量。"
    spans = repeated_spans(this, LAST)
    assert [this[s:e] for s, e in spans] == ["持续加强政府网站建设，不断提升公开质量"]
