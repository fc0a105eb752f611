"""Named facts: every figure the narrative may state, derived from the counts file.

A `Fact` has a stable key, a value, a unit, a Chinese label, the words that name it in prose
(to check that a figure stands next to the words of its own fact) and a `source` that points to
the table cell (`t3.new.total`), the user's figure (`figures.active_total`) or the sum it is
derived from (`derived: t3.new.total + t3.carried_over.total`).

Key scheme (stable; prompts, placeholders, the log and the review page use it):

    t2.<path>                 table 二 cell, e.g. t2.normative_documents.issued, t2.licensing,
                              t2.fees_wan_yuan (the key is the cell id, format.t2_id)
    t3.<row>.<column>         table 三 cell, e.g. t3.new.total, t3.granted.natural_person
                              (format.t3_id); plus column `legal_persons` (法人或其他组织, the
                              five organisation columns) for rows new, carried_over, total
    t3.<group>.<column>       table 三 group totals: denied (不予公开), unable (无法提供),
                              not_processed (不予处理), other (其他处理)
    t4.<group>.<column>       table 四 cell (format.t4_id): review, litigation_direct,
                              litigation_after_review × upheld/corrected/other/pending/total
    t4.litigation.<column>    行政诉讼 = 直接起诉 + 复议后起诉
    t4.all.<column>           行政复议 + 行政诉讼
    apps.received_total       申请总数 = 新收 + 上年结转
    apps.granted_and_partial  予以公开及部分公开
    share.<x>                 x / 办结 (（七）总计) in %, one decimal: granted, partially_granted,
                              granted_and_partial, denied, unable, not_processed, other
    figures.<key>             the user's extra figures (counts file `figures`)
    prior.<base>              last year's value of a headline fact (with --prior)
    change.<base>             |this year − last year| (增加/减少 N 件); absent when equal
    pct.<base>                the change in % of last year's value, one decimal (增长/下降 x%)
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from nianbao import format as fmt
from nianbao.model import ReportData

__all__ = ["Fact", "Facts", "derive_facts", "format_value"]

FactKind = Literal["count", "amount", "percent", "change"]
Direction = Literal["增加", "减少"]

GROUPS: dict[str, str] = {
    "denied": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
"""Group keys of table 三 → the printed group (format.AppRow.group) they sum."""

SHARES: tuple[str, ...] = (
    "granted",
    "partially_granted",
    "granted_and_partial",
    "denied",
    "unable",
    "not_processed",
    "other",
)


class Fact(BaseModel):
    """One figure the narrative may state."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description="stable key, e.g. t3.new.total")
    value: Decimal
    unit: str = Field(description="件, 条, 万元, % …; empty when the user gave none")
    label: str = Field(description="what it is, in Chinese")
    kind: FactKind = "count"
    source: str = Field(description="table cell id, figures.<key>, or derived: a + b")
    keywords: tuple[str, ...] = Field(default=(), description="words that name it in prose")
    exact: Decimal | None = Field(None, description="the unrounded value of a percentage")
    direction: Direction | None = Field(None, description="for change/pct facts")
    cite: bool = Field(True, description="listed in prompts (breakdowns by column are not)")
    table: bool = Field(True, description="from the tables (not the user's own figures)")

    @property
    def number(self) -> str:
        """The written number, without the unit: 6, 50.6, 1523.46. A rounded share keeps its one
        decimal (12.0, from 12.03), as the other shares of the report print theirs; an exact
        whole one does not (50, 100)."""
        if self.unit == "%" and self.exact is not None and self.exact != self.value:
            return f"{self.value:.1f}"
        return format_value(self.value)

    @property
    def text(self) -> str:
        """The canonical written form: 6件, 50.6%, 12.0%, 1523.46万元."""
        return self.number + self.unit


def format_value(value: Decimal | int) -> str:
    """6 → "6", Decimal("1523.460") → "1523.46", Decimal("12.0") → "12"."""
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


class Facts(BaseModel):
    """All facts of one report, by key."""

    year: int
    facts: dict[str, Fact] = Field(default_factory=dict)

    def __iter__(self) -> Iterator[Fact]:  # type: ignore[override]
        return iter(self.facts.values())

    def __len__(self) -> int:
        return len(self.facts)

    def __contains__(self, key: object) -> bool:
        return key in self.facts

    def __getitem__(self, key: str) -> Fact:
        return self.facts[key]

    def get(self, key: str) -> Fact | None:
        return self.facts.get(key)

    def value(self, key: str) -> Decimal:
        """The value of a fact, 0 when there is no such fact."""
        f = self.facts.get(key)
        return f.value if f is not None else Decimal(0)

    def add(self, fact: Fact) -> None:
        self.facts[fact.key] = fact


def _pct(part: Decimal, whole: Decimal) -> tuple[Decimal, Decimal]:
    exact = part * 100 / whole
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), exact


def derive_facts(data: ReportData, prior: ReportData | None = None) -> Facts:
    """Every fact of `data` (and the year-on-year facts when `prior` is given)."""
    facts = Facts(year=data.year)
    _table2(data, facts)
    _table3(data, facts)
    _table4(data, facts)
    _figures(data, facts)
    if prior is not None:
        _year_on_year(data, prior, facts)
    return facts


def _words(*keys: str) -> tuple[str, ...]:
    out: list[str] = []
    for k in keys:
        for w in fmt.NARRATIVE_PHRASES.get(k, (k,) if k else ()):
            if w not in out:
                out.append(w)
    return tuple(out)


def _table2(data: ReportData, facts: Facts) -> None:
    lay = data.format_layout
    cells = data.table2(lay)
    for c in lay.active_cells:
        row, _, col = c.path.partition(".")
        value = Decimal(cells[c.path].number)
        kind: FactKind = "amount" if c.kind == "amount" else "count"
        words = _words(row) + (_words(col) if col else ())
        label = f"{c.row_label}{c.column_label}" if col else c.row_label
        if c.kind == "amount":
            label = f"{c.row_label}本年收费金额"
        facts.add(
            Fact(
                key=fmt.t2_id(c.path),
                value=value,
                unit=c.unit or ("" if c.kind == "amount" else "件"),
                label=label,
                kind=kind,
                source=fmt.t2_id(c.path),
                keywords=words,
            )
        )


def _row_words(row: fmt.AppRow) -> tuple[str, ...]:
    own = fmt.NARRATIVE_PHRASES.get(row.key, ())
    words = [*own]
    for w in (row.short, row.label):
        if w and w not in words and len(w) <= 16:
            words.append(w)
    return tuple(words)


def _table3(data: ReportData, facts: Facts) -> None:
    lay = data.format_layout
    grid = data.table3(lay)
    app_rows = data.table3_rows(lay)  # a 2021 report may print （六） as the 2019 single row
    cols = fmt.APPLICANT_COLUMNS
    org_cols = [i for i, c in enumerate(cols) if c.group]
    for row in app_rows:
        cells = grid[row.key]
        where = f"{row.group}{row.printed}" if row.group else row.printed
        for i, c in enumerate(cols):
            total = c.key == "total"
            facts.add(
                Fact(
                    key=fmt.t3_id(row.key, c.key),
                    value=Decimal(cells[i].number),
                    unit="件",
                    label=f"表三 {where}" + ("" if total else f"（{c.label}）"),
                    source=fmt.t3_id(row.key, c.key),
                    keywords=_row_words(row)
                    if total
                    else _words(c.key)
                    if c.key in fmt.NARRATIVE_PHRASES
                    else (c.label,),
                    cite=total or row.key in ("new", "total"),
                )
            )
        if org_cols:
            parts = [fmt.t3_id(row.key, cols[i].key) for i in org_cols]
            facts.add(
                Fact(
                    key=f"t3.{row.key}.legal_persons",
                    value=Decimal(sum(cells[i].number for i in org_cols)),
                    unit="件",
                    label=f"表三 {where}（法人或其他组织合计）",
                    source="derived: " + " + ".join(parts),
                    keywords=_words("legal_persons"),
                    cite=row.key in ("new", "total"),
                )
            )
    # group totals (no such rows are printed; reports cite them)
    for gkey, group in GROUPS.items():
        rows = [r for r in app_rows if r.group == group]
        if not rows:  # the 2019 layout's single （六）其他处理 row
            rows = [r for r in app_rows if f"{r.number}{r.label}" == group]
        label = group[3:]
        for i, c in enumerate(cols):
            total = c.key == "total"
            facts.add(
                Fact(
                    key=f"t3.{gkey}.{c.key}",
                    value=Decimal(sum(grid[r.key][i].number for r in rows)),
                    unit="件",
                    label=f"表三 {group}合计" + ("" if total else f"（{c.label}）"),
                    source="derived: " + " + ".join(fmt.t3_id(r.key, c.key) for r in rows),
                    keywords=_words(label) if total else (c.label,),
                    cite=total,
                )
            )
    new, carried = facts.value("t3.new.total"), facts.value("t3.carried_over.total")
    for c in (*cols, fmt.Column("legal_persons", "法人或其他组织")):
        if c.key == "total" or f"t3.new.{c.key}" not in facts:
            continue
        facts.add(
            Fact(
                key=f"apps.received_total.{c.key}",
                value=facts.value(f"t3.new.{c.key}") + facts.value(f"t3.carried_over.{c.key}"),
                unit="件",
                label=f"申请总数（{c.label}，新收＋上年结转）",
                source=f"derived: t3.new.{c.key} + t3.carried_over.{c.key}",
                keywords=(c.label,),
                cite=False,
            )
        )
    facts.add(
        Fact(
            key="apps.received_total",
            value=new + carried,
            unit="件",
            label="申请总数（本年新收＋上年结转）",
            source="derived: t3.new.total + t3.carried_over.total",
            keywords=_words("received_total"),
        )
    )
    facts.add(
        Fact(
            key="apps.granted_and_partial",
            value=facts.value("t3.granted.total") + facts.value("t3.partially_granted.total"),
            unit="件",
            label="予以公开及部分公开",
            source="derived: t3.granted.total + t3.partially_granted.total",
            keywords=_words("granted_and_partial"),
        )
    )
    handled = facts.value("t3.total.total")
    if handled > 0:
        for x in SHARES:
            base = f"t3.{x}.total" if f"t3.{x}.total" in facts else f"apps.{x}"
            value, exact = _pct(facts.value(base), handled)
            facts.add(
                Fact(
                    key=f"share.{x}",
                    value=value,
                    exact=exact,
                    unit="%",
                    kind="percent",
                    label=f"{facts[base].label.removeprefix('表三 ')}占办结总数的比例",
                    source=f"derived: {base} / t3.total.total",
                    keywords=_words("share"),
                )
            )


def _table4(data: ReportData, facts: Facts) -> None:
    t4 = data.table4()
    for g in fmt.REVIEW_GROUPS:
        for c in fmt.REVIEW_COLUMNS:
            total = c.key == "total"
            col_words = _words("other_result" if c.key == "other" else c.key)
            facts.add(
                Fact(
                    key=fmt.t4_id(g.key, c.key),
                    value=Decimal(t4[g.key][c.key].number),
                    unit="件",
                    label=f"{fmt.group_location(g)} {c.label}",
                    source=fmt.t4_id(g.key, c.key),
                    keywords=_words(g.key) if total else col_words,
                    cite=total or c.key == "corrected",
                )
            )
    lit = ("litigation_direct", "litigation_after_review")
    for c in fmt.REVIEW_COLUMNS:
        total = c.key == "total"
        col_words = _words("other_result" if c.key == "other" else c.key)
        facts.add(
            Fact(
                key=f"t4.litigation.{c.key}",
                value=Decimal(sum(t4[g][c.key].number for g in lit)),
                unit="件",
                label=f"表四 行政诉讼合计 {c.label}",
                source="derived: " + " + ".join(fmt.t4_id(g, c.key) for g in lit),
                keywords=_words("litigation") if total else col_words,
                cite=total or c.key == "corrected",
            )
        )
    for col, words in (
        (
            "total",
            (
                "行政复议和行政诉讼",
                "行政复议、行政诉讼",
                "行政复议及行政诉讼",
                "复议和诉讼",
                "复议、诉讼",
            ),
        ),
        ("corrected", None),
        ("upheld", None),
        ("other", None),
        ("pending", None),
    ):
        groups = [g.key for g in fmt.REVIEW_GROUPS]
        facts.add(
            Fact(
                key=f"t4.all.{col}",
                value=Decimal(sum(t4[g][col].number for g in groups)),
                unit="件",
                label="表四 行政复议和行政诉讼合计"
                + ("" if col == "total" else f" {fmt.REVIEW_COLUMNS[_col_index(col)].label}"),
                source="derived: " + " + ".join(fmt.t4_id(g, col) for g in groups),
                keywords=words or _words("other_result" if col == "other" else col),
                cite=col in ("total", "corrected"),
            )
        )


def _col_index(key: str) -> int:
    return [c.key for c in fmt.REVIEW_COLUMNS].index(key)


def _figure_words(label: str) -> tuple[str, ...]:
    out = [label]
    bare = label.replace("“", "").replace("”", "").replace('"', "")
    after_quote = label.rsplit("”", 1)[-1] if "”" in label else ""
    for w in (
        bare,
        bare.removesuffix("信息"),
        bare.removesuffix("数量"),
        after_quote,
        after_quote.removesuffix("信息"),
    ):
        if len(w) >= 2 and w not in out:
            out.append(w)
    return tuple(out)


def _figures(data: ReportData, facts: Facts) -> None:
    for f in data.figures:
        facts.add(
            Fact(
                key=f"figures.{f.key}",
                value=Decimal(f.value),
                unit=f.unit,
                label=f.label,
                kind="amount" if "元" in f.unit else "count",
                source=f"figures.{f.key}",
                keywords=_figure_words(f.label),
                table=False,
            )
        )


HEADLINES: tuple[str, ...] = (
    "t3.new.total",
    "apps.received_total",
    "t3.total.total",
    "t3.carried_forward.total",
    "t3.granted.total",
    "t3.partially_granted.total",
    "apps.granted_and_partial",
    "t3.denied.total",
    "t3.unable.total",
    "t3.not_processed.total",
    "t3.other.total",
    "t4.review.total",
    "t4.litigation.total",
)
"""Facts whose change since last year is worth a sentence (plus table 二 and shared figures)."""


def _year_on_year(data: ReportData, prior: ReportData, facts: Facts) -> None:
    before = derive_facts(prior)
    bases = [*HEADLINES, *(f.key for f in facts if f.key.startswith("t2."))]
    bases += [f.key for f in facts if f.key.startswith("figures.") and f.key in before]
    py = prior.year
    for key in bases:
        now, then = facts.get(key), before.get(key)
        if now is None or then is None or now.unit != then.unit:
            continue
        prior_words = tuple(
            f"{p}{w}" for p in (*_words("prior"), f"{py}年") for w in now.keywords if len(w) >= 2
        )
        facts.add(
            Fact(
                key=f"prior.{key}",
                value=then.value,
                unit=then.unit,
                label=f"{py}年 {then.label}",
                kind=then.kind,
                source=f"prior: {then.source}",
                keywords=prior_words,
                table=now.table,
            )
        )
        diff = now.value - then.value
        if diff == 0:
            continue
        direction: Direction = "增加" if diff > 0 else "减少"
        facts.add(
            Fact(
                key=f"change.{key}",
                value=abs(diff),
                unit=now.unit,
                label=f"{now.label.removeprefix('表三 ')}较上年{direction}",
                kind="change",
                source=f"derived: {key} − prior.{key}",
                keywords=_words("increase" if diff > 0 else "decrease"),
                direction=direction,
                table=now.table,
            )
        )
        if then.value > 0:
            value, exact = _pct(abs(diff), then.value)
            facts.add(
                Fact(
                    key=f"pct.{key}",
                    value=value,
                    exact=exact,
                    unit="%",
                    kind="percent",
                    label=f"{now.label.removeprefix('表三 ')}较上年{'增长' if diff > 0 else '下降'}的幅度",
                    source=f"derived: |{key} − prior.{key}| / prior.{key}",
                    keywords=_words("increase" if diff > 0 else "decrease") + ("同比",),
                    direction=direction,
                    table=now.table,
                )
            )
