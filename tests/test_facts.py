from __future__ import annotations

import re
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


def test_a_rounded_share_keeps_its_decimal() -> None:
    """312 of 2594 is 12.03%: written 12.0% like the report's other shares (50.6%), never 12%;
    an exact whole share stays whole (50%)."""
    from nianbao.facts import Fact

    def share(value: str, exact: str) -> Fact:
        return Fact(
            key="share.x",
            label="占比",
            value=Decimal(value),
            unit="%",
            exact=Decimal(exact),
            source="a / b",
        )

    assert share("12.0", "12.0277").text == "12.0%"
    assert share("21.0", "20.9715").number == "21.0"
    assert share("50.6", "50.6166").text == "50.6%"
    assert share("50.0", "50").text == "50%"
    assert (
        Fact(
            key="t3.new.total", label="新收", value=Decimal(6), unit="件", source="t3.new.total"
        ).text
        == "6件"
    )


def test_every_outcome_gets_its_share_in_the_writers_text() -> None:
    """The city example: 部分公开 (12.03%) and 无法提供 (20.97%) round to whole numbers; their
    shares are written with the decimal, not left out."""
    from nianbao.draft.writer import write_narrative
    from nianbao.narrative import narrative_to_markdown

    root = Path(__file__).resolve().parent.parent / "examples" / "lanjiang-city-2024"
    data = load_counts(root / "counts.yaml")
    md = narrative_to_markdown(write_narrative(data, prior=load_counts(root / "counts-2023.yaml")))
    assert re.search(r"部分公开312件，(占|占比|所占比例为)12\.0%", md), md
    assert re.search(r"无法提供(的)?544件，(占|占比|所占比例为)21\.0%", md), md
    assert "增长13.0%" in md and "增长13%" not in md
