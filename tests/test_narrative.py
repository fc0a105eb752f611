from __future__ import annotations

from nianbao.format import chinese_ordinal
from nianbao.narrative import (
    Narrative,
    Paragraph,
    PartText,
    Section,
    narrative_from_markdown,
    narrative_to_markdown,
    strip_number,
)

MD = """# 某局2024年政府信息公开工作年度报告

## 一、总体情况

2024年，我局认真贯彻《条例》。

### （一）主动公开政府信息情况

全年主动公开政府信息88条。
第二行接在同一段。

### （二）依申请公开情况

共收到申请6件。

## 二、主动公开政府信息情况

| 信息内容 | 本年制发件数 |
|---|---|

## 五、政府信息公开工作存在的主要问题及改进情况

问题一。

## 六、其他需要报告的事项

### 1.收取信息处理费情况

未收取信息处理费。
"""


def test_markdown_round_trip_keeps_parts_sections_and_paragraphs() -> None:
    n = narrative_from_markdown(MD)
    assert list(n.parts) == ["overview", "problems", "other"]
    ov = n.parts["overview"]
    assert [s.heading for s in ov.sections] == [None, "主动公开政府信息情况", "依申请公开情况"]
    assert ov.sections[1].paragraphs[0].text == "全年主动公开政府信息88条。第二行接在同一段。"
    assert n.parts["other"].sections[0].heading == "收取信息处理费情况"
    again = narrative_from_markdown(narrative_to_markdown(n))
    assert again == n


def test_headings_are_renumbered_without_repeats() -> None:
    n = Narrative(
        parts={
            "overview": PartText(
                part="overview",
                sections=[Section(heading=h, paragraphs=[Paragraph(text="x")]) for h in "甲乙丙"],
            )
        }
    )
    md = narrative_to_markdown(n)
    assert "### （一）甲" in md and "### （二）乙" in md and "### （三）丙" in md


def test_strip_number_and_ordinals() -> None:
    assert strip_number("（二）依申请公开情况") == "依申请公开情况"
    assert strip_number("3.政务公开工作创新") == "政务公开工作创新"
    assert strip_number("一、总体情况") == "总体情况"
    assert [chinese_ordinal(i) for i in (1, 9, 10, 11, 20, 23)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十三",
    ]
