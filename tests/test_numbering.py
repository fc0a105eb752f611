from __future__ import annotations

from nianbao.numbering import enumeration_problems, heading_level, heading_problems, parse_cn_int


def test_seed_report_heading_repeat_is_found() -> None:
    lines = [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "（二）政府信息管理",
        "（三）平台建设",
        "（四）监督保障",
        "二、主动公开政府信息情况",
    ]
    (p,) = heading_problems(lines)
    assert p.kind == "repeat" and p.expected == 3 and p.actual == 2
    assert "（二）政府信息管理" in p.quote
    assert "重复" in p.message()


def test_skip_and_restart_under_new_parent() -> None:
    lines = ["一、甲", "（一）a", "（三）b", "二、乙", "（一）c", "1.x", "2.y", "（二）d", "1.z"]
    problems = heading_problems(lines)
    assert [(p.kind, p.expected, p.actual) for p in problems] == [("skip", 2, 3)]


def test_enumerations() -> None:
    assert enumeration_problems("一是加强学习。二是完善制度。三是提升能力。") == []
    (p,) = enumeration_problems("一是加强。二是完善。三是提升。三是督查。")
    assert p.kind == "repeat" and p.expected == 4
    (q,) = enumeration_problems("一是加强。三是提升。")
    assert q.kind == "skip"
    assert enumeration_problems("统一是关键，唯一是保障") == []


def test_lists_in_separate_paragraphs_are_separate_lists() -> None:
    """Word/HTML paragraphs arrive as lines: a line that opens with 一是 starts a new list, even
    straight after a sub-heading line; a PDF line wrapped inside “二是” still joins up."""
    text = (
        "（三）政府信息管理情况\n一是落实源头认定；二是开展文件清理。\n"
        "（四）平台建设情况\n一是优化专栏；二是同步发布。\n（五）监督保障\n一是压实责任；二是加强考核；三是开展培训。"
    )
    assert enumeration_problems(text) == []
    assert enumeration_problems("一是加强学习；二\n是完善制度；三是提升能力。") == []
    items = "一是加强学习。\n二是完善制度。\n二是提升能力。"  # one item per paragraph
    (p,) = enumeration_problems(items)
    assert (p.kind, p.expected, p.actual) == ("repeat", 3, 2)
    assert "\n" not in p.quote
    assert enumeration_problems("工作情况一是加强；二是完善；二是提升。") == []  # not a list opener


def test_levels_and_numerals() -> None:
    assert heading_level("（十二）其他") == (2, 12)
    assert heading_level("3.属于行政执法案卷") == (3, 3)
    assert heading_level("3.5万件") is None
    assert [parse_cn_int(s) for s in ("一", "十", "十二", "二十三", "7")] == [1, 10, 12, 23, 7]
