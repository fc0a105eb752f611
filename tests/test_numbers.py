from __future__ import annotations

from decimal import Decimal

import pytest

from nianbao.numbers import find_figures


def _figs(text: str) -> list[tuple[str, Decimal, str, str]]:
    return [(f.text, f.value, f.kind, f.unit) for f in find_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共收到申请6件", [("6件", Decimal(6), "count", "件")]),
        ("申请 6\n 件", [("6\n 件", Decimal(6), "count", "件")]),
        (
            "收到申请二十件，其中两件",
            [("二十件", Decimal(20), "count", "件"), ("两件", Decimal(2), "count", "件")],
        ),
        ("办结一百零三件", [("一百零三件", Decimal(103), "count", "件")]),
        ("受理3,119件", [("3,119件", Decimal(3119), "count", "件")]),
        ("占33.9%", [("33.9%", Decimal("33.9"), "percent", "%")]),
        ("占百分之三十三点九", [("百分之三十三点九", Decimal("33.9"), "percent", "%")]),
        ("收费96171.6 万元", [("96171.6 万元", Decimal("96171.6"), "amount", "万元")]),
        ("公开1.5万条", [("1.5万条", Decimal(15000), "count", "条")]),
        (
            "2024年1月1日至2024年12月31日",
            [
                ("2024年1月1日", Decimal(2024), "date", ""),
                ("2024年12月31日", Decimal(2024), "date", ""),
            ],
        ),
        ("二〇二四年", [("二〇二四年", Decimal(2024), "year", "")]),
    ],
)
def test_figures(text: str, expected: list[tuple[str, Decimal, str, str]]) -> None:
    assert _figs(text) == expected


def test_approximate_figures_are_marked() -> None:
    (f,) = find_figures("主动公开信息5500余条")
    assert f.approx and f.value == 5500


@pytest.mark.parametrize(
    "text",
    [
        "一是加强学习，二是完善制度",
        "《条例》第二十条第（一）项",
        "国办公开办函〔2021〕30号",
        "（三）平台建设",
    ],
)
def test_ordinals_and_document_numbers_are_not_counts(text: str) -> None:
    assert all(f.kind in ("ordinal", "docnum") for f in find_figures(text))


@pytest.mark.parametrize(
    "text",
    [
        "进一步统一认识",
        "党的二十大精神",
        "“十四五”规划",
        "推进一件事一次办",
        "三安全一稳定",
        "属于三类内部事务信息",
    ],
)
def test_set_phrases_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_phone_and_postcode_are_other() -> None:
    kinds = [f.kind for f in find_figures("电话：0517-83605210，邮编：223001")]
    assert kinds == ["other", "other"]
