from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from nianbao.checks import check_data
from nianbao.load import load_counts, parse_counts
from nianbao.template import _q, counts_template, counts_yaml, follow_ups, starting_data
from tests.canon import canonical

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    "path",
    sorted(p for p in EXAMPLES.rglob("*.yaml") if p.parent.name != "wrong")
    + [EXAMPLES / "wrong" / n for n in ("blank-cells.yaml", "old-layout.yaml", "t4-total.yaml")],
    ids=lambda p: str(p.relative_to(EXAMPLES)),
)
def test_counts_yaml_writes_the_same_data(path: Path) -> None:
    data = load_counts(path)
    again = parse_counts(counts_yaml(data), "again.yaml")
    assert canonical(again) == canonical(data)
    assert [f.rule for f in check_data(again, today=TODAY)] == [
        f.rule for f in check_data(data, today=TODAY)
    ]
    # written twice, the file does not change
    assert counts_yaml(again) == counts_yaml(parse_counts(counts_yaml(again), "x.yaml"))


def test_other_layout_keys_are_kept() -> None:
    data = parse_counts(
        "organ: 某局\nyear: 2024\napplications:\n  new: [1, 0, 0, 0, 0, 0]\n"
        "  other_single_row: [1, 0, 0, 0, 0, 0]\n"
        "active:\n  licensing: 3\n  procurement: {projects: 2, amount: 1.5}\n",
        "mixed.yaml",
    )
    text = counts_yaml(data)
    again = parse_counts(text, "again.yaml")
    assert again.app_rows_given() >= {"new", "other_single_row"}
    assert {"licensing", "procurement.projects", "procurement.amount"} <= (
        again.active_paths_given()
    )
    assert canonical(again) == canonical(data)


@given(st.text())
def test_quoted_text_reads_back_exactly(text: str) -> None:
    assert yaml.safe_load(f"key: {_q(text)}") == {"key": text}


def test_template_keeps_its_comments(bureau_prior: Path) -> None:
    prior = load_counts(bureau_prior)
    text = counts_template("青石县自然资源局", 2024, prior)
    assert "（取自2023年的结转下年度）" in text
    assert "现行有效按上年数预填" in text
    assert "以下为2023年报告提出的问题" in text
    assert 'rectification: ""  # 待填写：本年度整改情况' in text
    assert "# total: [0, 0, 0, 0, 0, 0, 0]  # （七）总计：可省略，自动计算并核对" in text
    data = parse_counts(text, "t.yaml")
    assert canonical(data) == canonical(starting_data("青石县自然资源局", 2024, prior))
    assert follow_ups(prior) == [p.problem for p in data.prior_problems()]
    assert data.problems() == []  # this year's problems are the clerk's, not last year's
    assert all(p.rectification == "" for p in data.prior_problems())  # never invented


def test_carried_over_is_marked_only_while_it_is_last_years(bureau_prior: Path) -> None:
    prior = load_counts(bureau_prior)
    data = starting_data("青石县自然资源局", 2024, prior)
    assert "（取自2023年的结转下年度）" in counts_yaml(data, prior=prior)
    raw = data.model_dump(exclude_unset=True)
    raw["applications"]["carried_over"] = [1, 0, 0, 0, 0, 0, 1]
    raw["active"]["normative_documents"]["in_force"] = 30
    changed = type(data).model_validate(raw)
    text = counts_yaml(changed, prior=prior)
    assert "取自2023年" not in text
    assert "行政规范性文件；现行有效按上年数预填" not in text
    assert "规章；现行有效按上年数预填" in text  # still 0 as last year


def test_a_blank_start_does_not_carry_rows_of_zeros(bureau_prior: Path) -> None:
    prior = load_counts(bureau_prior)
    data = starting_data("青石县自然资源局", 2024, prior, blank=True)
    assert [c.value for c in data.table3()["carried_over"]][:6] == [7, 2, 0, 0, 1, 0]
    # a year whose 结转下年度 and 现行有效 were all 0: nothing to carry, the tables stay blank
    zeros = prior.model_copy(deep=True)
    raw = zeros.model_dump(exclude_unset=True)
    raw["applications"]["carried_forward"] = [0] * 6
    raw["active"] = {"licensing": 5}
    empty = starting_data("某县某局", 2024, type(prior).model_validate(raw), blank=True)
    rules = [(f.rule, f.location.split()[0]) for f in check_data(empty)]
    assert ("E-7B", "表三") in rules and ("E-7B", "表二") in rules


def test_published_problems_lose_their_ordinals_and_quotes() -> None:
    prior = parse_counts(
        "organ: 某县某局\nyear: 2023\nnotes:\n  problems:\n"
        "    - problem: 一是“信息更新不及时。”\n"
        "    - problem: （二）解读形式单一。\n"
        "    - problem: 3.培训不足\n"
    )
    assert follow_ups(prior) == ["信息更新不及时。", "解读形式单一。", "培训不足"]
