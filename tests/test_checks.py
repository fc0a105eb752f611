from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from nianbao import format as fmt
from nianbao.checks import Finding, check_data
from nianbao.load import load_counts
from nianbao.model import ReportData

TODAY = date(2026, 11, 28)
BUREAU = Path(__file__).resolve().parent.parent / "examples" / "qingshi-bureau-2024"


def _raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _filled(raw: dict[str, Any]) -> dict[str, Any]:
    """`raw` with the tables it leaves out filled with a few balanced figures, so that a test
    about one rule is not also about E-7B (a table never filled in) or E-7Z (all zeros)."""
    lay = fmt.layout_for_year(raw["year"]) if "layout" not in raw else fmt.layout(raw["layout"])
    one = [1, 0, 0, 0, 0, 0]
    tables = {
        "active": {"licensing": 3} if lay.key == "2021" else {"licensing": {"decisions": 3}},
        "applications": {"new": one, "granted": one},
        "review_litigation": {"review": {"upheld": 1}},
    }
    return {**{k: v for k, v in tables.items() if k not in raw}, **raw}


def _check(
    raw: dict[str, Any], prior: ReportData | None = None, *, fill: bool = True
) -> list[Finding]:
    return check_data(ReportData.model_validate(_filled(raw) if fill else raw), prior, today=TODAY)


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def test_examples_are_clean(seed: Path, bureau: Path, bureau_prior: Path) -> None:
    assert check_data(load_counts(seed), today=TODAY) == []
    prior = load_counts(bureau_prior)
    assert check_data(load_counts(bureau), prior, today=TODAY) == []


T3_CELLS = [
    (r.key, i) for r in fmt.layout("2021").app_rows for i in range(len(fmt.APPLICANT_COLUMNS))
]


@pytest.mark.parametrize(("row", "col"), T3_CELLS)
def test_any_table3_cell_changed_is_an_error_naming_its_row_or_column(row: str, col: int) -> None:
    raw = _raw(BUREAU / "counts.yaml")
    raw["applications"][row][col] += 1
    errors = _errors(_check(raw))
    assert errors, f"changing {row}[{col}] went unnoticed"
    r = fmt.layout("2021").app_row(row)
    c = fmt.APPLICANT_COLUMNS[col]
    assert any(r.location in f.location or c.label in f.location for f in errors)
    assert all(f.rule in {"T3-1", "T3-2", "T3-3"} for f in errors)


T4_CELLS = [(g.key, c.key) for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS]


@pytest.mark.parametrize(("group", "col"), T4_CELLS)
def test_any_table4_cell_changed_is_an_error_naming_its_group(group: str, col: str) -> None:
    raw = _raw(BUREAU / "counts.yaml")
    raw["review_litigation"][group][col] += 1
    errors = _errors(_check(raw))
    g = next(x for x in fmt.REVIEW_GROUPS if x.key == group)
    assert [f.rule for f in errors] == ["T4-1"]
    assert g.label in errors[0].location
    assert errors[0].cells == [fmt.t4_id(group, c.key) for c in fmt.REVIEW_COLUMNS]


def test_balance_message_names_both_sides() -> None:
    raw = {"organ": "某局", "year": 2024, "applications": {"new": [3, 0, 0, 0, 0, 0]}}
    f = _errors(_check(raw))[0]
    assert f.rule == "T3-1"
    assert f.location == "表三 勾稽关系 × 自然人"
    assert "3＋0＝3" in f.message and "0＋0＝0" in f.message
    assert f.expected == "3" and f.actual == "0"


def test_blank_cells_warn_and_blank_total_is_error() -> None:
    raw = {
        "organ": "某局",
        "year": 2024,
        "applications": {"new": [1, None, 0, 0, 0, 0, 1], "granted": [1, 0, 0, 0, 0, 0, None]},
    }
    findings = _check(raw)
    rules = {(f.rule, f.severity) for f in findings}
    assert ("E-6", "warning") in rules
    assert ("E-5", "error") in rules
    # a blank total stands for its parts, so the balance still holds
    assert not [f for f in findings if f.rule.startswith("T3")]


def test_blank_table4_total_counts_as_its_parts() -> None:
    raw = {
        "organ": "某局",
        "year": 2024,
        "review_litigation": {"review": {"upheld": 2, "total": None}},
    }
    findings = _check(raw)
    assert [(f.rule, f.severity) for f in findings] == [("E-5", "error")]


def test_six_column_rows_derive_totals() -> None:
    raw = {
        "organ": "某局",
        "year": 2024,
        "applications": {"new": [1, 1, 0, 0, 0, 0], "granted": [1, 1, 0, 0, 0, 0]},
    }
    data = ReportData.model_validate(_filled(raw))
    assert data.table3()["new"][-1].derived
    assert data.table3()["total"][-1].number == 2
    assert check_data(data, today=TODAY) == []


def test_old_layout_for_the_year_is_an_error() -> None:
    raw = {
        "organ": "某局",
        "year": 2022,
        "applications": {"new": [1, 0, 0, 0, 0, 0], "other_single_row": [1, 0, 0, 0, 0, 0]},
    }
    findings = _check(raw)
    assert [(f.rule, f.severity) for f in findings] == [("E-2", "error")]
    assert "（六）其他处理" in findings[0].location
    # the arithmetic follows the layout the file is written in: the single row balances


def test_2020_report_in_2019_layout_is_clean_and_2021_layout_warns() -> None:
    raw = {
        "organ": "某局",
        "year": 2020,
        "active": {"licensing": {"prior_items": 5, "change": -2, "decisions": 40}},
        "applications": {"new": [1, 0, 0, 0, 0, 0], "other_single_row": [1, 0, 0, 0, 0, 0]},
    }
    assert _check(raw) == []
    raw2 = {
        "organ": "某局",
        "year": 2020,
        "applications": {"new": [1, 0, 0, 0, 0, 0], "other_other": [1, 0, 0, 0, 0, 0]},
    }
    assert [(f.rule, f.severity) for f in _check(raw2)] == [("E-2", "warning")]


def test_declared_layout_mismatch() -> None:
    raw = {"organ": "某局", "year": 2023, "layout": "2019"}
    assert [f.rule for f in _check(raw)] == ["E-2"]


@pytest.mark.parametrize(("year", "severity"), [(2027, "error"), (2026, "info"), (2018, "error")])
def test_year_rules(year: int, severity: str) -> None:
    findings = _check({"organ": "某局", "year": year})
    assert [f.severity for f in findings] == [severity]


def test_publication_deadline() -> None:
    late = {"organ": "青石县自然资源局", "year": 2024, "published": "2025-02-15"}
    assert [(f.rule, f.severity) for f in _check(late)] == [("E-1", "warning")]
    ok = {"organ": "青石县自然资源局", "year": 2024, "published": "2025-01-20"}
    assert _check(ok) == []
    gov = {"organ": "青石县人民政府", "year": 2024, "published": "2025-03-20"}
    assert _check(gov) == []


def test_figure_breakdown() -> None:
    base = {"organ": "某局", "year": 2024}
    figs = [
        {"key": "total", "label": "主动公开", "value": 88, "unit": "条", "parts_complete": True},
        {"key": "a", "label": "甲", "value": 82, "unit": "条", "part_of": "total"},
        {"key": "b", "label": "乙", "value": 5, "unit": "条", "part_of": "total"},
    ]
    findings = _check({**base, "figures": figs})
    assert [f.rule for f in findings] == ["F-1"]
    assert "87" in findings[0].message
    figs[2]["value"] = 6
    assert _check({**base, "figures": figs}) == []
    figs[2]["unit"] = "件"
    assert [f.rule for f in _check({**base, "figures": figs})] == ["F-2"]


def test_cross_year_carry_over_in_every_column(bureau: Path, bureau_prior: Path) -> None:
    prior = load_counts(bureau_prior)
    raw = _raw(bureau)
    raw["applications"]["carried_over"] = [7, 2, 0, 0, 0, 1, 10]
    raw["applications"]["new"] = [126, 31, 2, 1, 10, 3, 173]
    findings = _check(raw, prior)
    x1 = [f for f in findings if f.rule == "X-1"]
    assert {f.location.split(" × ")[1] for f in x1} == {"法律服务机构", "其他"}
    assert all(f.severity == "error" for f in x1)


def test_cross_year_in_force_roll_forward(bureau: Path, bureau_prior: Path) -> None:
    prior = load_counts(bureau_prior)
    raw = _raw(bureau)
    raw["active"]["normative_documents"]["in_force"] = 40
    findings = _check(raw, prior)
    assert [(f.rule, f.severity) for f in findings] == [("X-2", "warning")]
    assert findings[0].expected == "33"
    raw["active"]["normative_documents"]["repealed"] = 50
    raw["active"]["normative_documents"]["in_force"] = 0
    assert "T2-2" in {f.rule for f in _check(raw, prior)}


def test_cross_year_prior_year_and_jumps(bureau: Path, bureau_prior: Path) -> None:
    prior = load_counts(bureau_prior)
    raw = _raw(bureau)
    raw["year"] = 2025
    findings = _check(raw, prior)
    assert ("X-7", "warning") in {(f.rule, f.severity) for f in findings}
    raw = _raw(bureau)
    raw["active"]["punishment"] = 5000
    assert [f.rule for f in _check(raw, prior)] == ["X-8"]
    raw = _raw(bureau)
    raw["active"]["fees_wan_yuan"] = 15234600
    assert [f.rule for f in _check(raw, prior)] == ["E-17"]


def test_pending_cases_last_year(bureau_prior: Path) -> None:
    prior = load_counts(bureau_prior)
    raw = {
        "organ": "青石县自然资源局",
        "year": 2024,
        "applications": {"carried_over": [7, 2, 0, 0, 1, 0], "carried_forward": [7, 2, 0, 0, 1, 0]},
        "review_litigation": [0] * 15,
    }
    assert "X-3" in {f.rule for f in _check(raw, prior)}


# --- E-7B (a table never filled in) and E-7Z (a table of zeros) ---------------------------------

ZERO_TABLES = {
    "active": {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 0, "repealed": 0, "in_force": 0},
        "licensing": 0,
        "punishment": 0,
        "enforcement": 0,
        "fees_wan_yuan": 0,
    },
    "applications": {"new": [0] * 6, "granted": [0] * 6},
    "review_litigation": [0] * 15,
}


@pytest.mark.parametrize(
    "blank",
    [
        {},  # the key left out
        {"applications": {}},  # an extraction that read nothing (issue 13)
        {"applications": {"new": [None] * 6, "granted": [None] * 7}},  # every cell blank
    ],
)
def test_a_table_never_filled_in_is_an_error(blank: dict[str, Any]) -> None:
    raw = {"organ": "某县某局", "year": 2024, **_filled({"year": 2024}), **blank}
    raw.pop("applications") if not blank else None
    findings = _check(raw, fill=False)
    assert [(f.rule, f.severity, f.location) for f in findings] == [
        ("E-7B", "error", "表三 三、收到和处理政府信息公开申请情况")
    ]
    assert findings[0].message.startswith("表三尚未填写")
    assert "table 三 has not been filled in" in findings[0].message


def test_every_table_left_blank_gives_one_error_each() -> None:
    findings = _check({"organ": "某县某局", "year": 2024}, fill=False)
    assert [(f.rule, f.location.split()[0]) for f in findings] == [
        ("E-7B", "表二"),
        ("E-7B", "表三"),
        ("E-7B", "表四"),
    ]


def test_a_table_of_zeros_is_a_warning_asking_to_confirm() -> None:
    findings = _check({"organ": "某县某局", "year": 2024, **ZERO_TABLES}, fill=False)
    assert [(f.rule, f.severity, f.location.split()[0]) for f in findings] == [
        ("E-7Z", "warning", "表二"),
        ("E-7Z", "warning", "表三"),
        ("E-7Z", "warning", "表四"),
    ]
    t3 = findings[1]
    assert "表三全部为0" in t3.message and "未收到" in t3.message and "请确认" in t3.message
    assert not _errors(findings)


def test_a_township_may_have_tables_two_and_four_all_zero_and_no_regulations() -> None:
    raw = {"organ": "某县某镇人民政府", "year": 2024, **ZERO_TABLES}
    assert [(f.rule, f.location.split()[0]) for f in _check(raw, fill=False)] == [
        ("E-7Z", "表三")  # table 三 all zero still asks: the report will say no application
    ]
    # a township cannot make 规章: that row may be left blank without a warning
    none = {"issued": None, "repealed": None, "in_force": None}
    active = {**ZERO_TABLES["active"], "regulations": none, "licensing": 2}
    raw = {
        **raw,
        "active": active,
        "applications": {"new": [1] + [0] * 5, "granted": [1] + [0] * 5},
    }
    assert _check(raw, fill=False) == []
    # …but not for a department
    dept = {**raw, "organ": "某县某局"}
    assert ("E-6", "表二 第二十条第（一）项 规章 × 本年制发件数") in [
        (f.rule, f.location) for f in _check(dept, fill=False)
    ]


def test_one_figure_is_enough_for_a_table_to_count_as_filled_in() -> None:
    raw = {"organ": "某县某局", "year": 2024, **ZERO_TABLES}
    raw["review_litigation"] = {"litigation_direct": {"pending": 1}}
    rules = [(f.rule, f.location.split()[0]) for f in _check(raw, fill=False)]
    assert ("E-7Z", "表四") not in rules and ("E-7B", "表四") not in rules
