from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from nianbao import format as fmt
from nianbao.facts import derive_facts, format_value
from nianbao.load import load_counts


def test_every_table_cell_is_a_fact_keyed_by_its_cell_id(bureau: Path) -> None:
    data = load_counts(bureau)
    facts = derive_facts(data)
    lay = data.format_layout
    for c in lay.active_cells:
        assert facts[fmt.t2_id(c.path)].source == fmt.t2_id(c.path)
    for r in lay.app_rows:
        for col in fmt.APPLICANT_COLUMNS:
            assert fmt.t3_id(r.key, col.key) in facts
    for g in fmt.REVIEW_GROUPS:
        for col in fmt.REVIEW_COLUMNS:
            assert fmt.t4_id(g.key, col.key) in facts


def test_sums_people_cite(bureau: Path) -> None:
    facts = derive_facts(load_counts(bureau))
    assert facts.value("apps.received_total") == 173 + 10
    assert facts["apps.received_total"].source == "derived: t3.new.total + t3.carried_over.total"
    assert facts.value("apps.granted_and_partial") == 69 + 18
    assert facts.value("t3.unable.total") == 30 + 5 + 2
    assert facts.value("t3.denied.total") == 25
    assert facts.value("t3.new.legal_persons") == 31 + 2 + 1 + 9 + 4
    assert facts.value("t4.litigation.total") == 4 + 1
    assert facts.value("t4.all.corrected") == 1
    assert facts["share.granted_and_partial"].text == "50.6%"
    assert facts["t2.fees_wan_yuan"].text == "1523.46万元"


def test_user_figures(seed: Path) -> None:
    facts = derive_facts(load_counts(seed))
    f = facts["figures.active_total"]
    assert (f.value, f.unit, f.label, f.source) == (
        88,
        "条",
        "主动公开政府信息",
        "figures.active_total",
    )
    assert not f.table


def test_year_on_year(bureau: Path, bureau_prior: Path) -> None:
    facts = derive_facts(load_counts(bureau), load_counts(bureau_prior))
    assert facts.value("prior.t3.new.total") == 133
    change = facts["change.t3.new.total"]
    assert (change.value, change.direction) == (40, "增加")
    assert facts["pct.t3.new.total"].text == "30.1%"
    assert "上年新收" in facts["prior.t3.new.total"].keywords
    # no change fact when the value did not change
    assert "change.t3.carried_over.total" not in facts or facts.value(
        "change.t3.carried_over.total"
    )


def test_no_prior_no_year_on_year(seed: Path) -> None:
    facts = derive_facts(load_counts(seed))
    assert not [f for f in facts if f.key.startswith(("prior.", "change.", "pct."))]


def test_canonical_text() -> None:
    assert format_value(Decimal("12.0")) == "12"
    assert format_value(Decimal("1523.460")) == "1523.46"
    assert format_value(6) == "6"
