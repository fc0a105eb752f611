"""Rules across two years of the same organ (X-1, X-2, X-3, X-7, X-8; E-17 for 元/万元)."""

from __future__ import annotations

from decimal import Decimal

from nianbao import format as fmt
from nianbao.checks import Finding
from nianbao.model import ReportData

__all__ = ["check_cross_year", "JUMP_RATIO", "JUMP_MIN"]

JUMP_RATIO = 5
"""X-8: a total that grows more than 5-fold or shrinks below a fifth is worth a look."""
JUMP_MIN = 20
"""X-8: …unless the larger of the two values is this small (2 → 11 is not news)."""


def check_cross_year(data: ReportData, prior: ReportData) -> list[Finding]:
    out = _same_organ(data, prior)
    out += _carry_over(data, prior)
    out += _in_force(data, prior)
    out += _pending(data, prior)
    out += _jumps(data, prior)
    if prior.unconfirmed:  # last year's figures read from its report with cells left blank
        out = [_unsure_prior(f) for f in out]
    return out


def _unsure_prior(f: Finding) -> Finding:
    """A comparison with last year's cells, some of which could not be read from its report:
    a warning to check, never an error against this year's data."""
    if f.severity != "error" or f.rule == "X-7":
        return f
    return f.model_copy(
        update={
            "severity": "warning",
            "message": f.message + "（上年数据读自已发布的年报，有未能确定的单元格，请核对 / last "
            "year's figures were read from its report and some cells could not be read）",
        }
    )


def _same_organ(data: ReportData, prior: ReportData) -> list[Finding]:
    out: list[Finding] = []
    if prior.year != data.year - 1:
        out.append(
            Finding(
                rule="X-7",
                severity="warning",
                location="上年数据",
                message=(
                    f"上年数据的年度是 {prior.year}，应为 {data.year - 1} / "
                    f"the prior file is for {prior.year}, expected {data.year - 1}"
                ),
                expected=str(data.year - 1),
                actual=str(prior.year),
            )
        )
    if prior.organ.strip() != data.organ.strip():
        out.append(
            Finding(
                rule="X-7",
                severity="info",
                location="上年数据",
                message=(
                    f"上年数据的机关为“{prior.organ}”，与本年“{data.organ}”不同（机构改革？）/ "
                    f"the prior file names another organ"
                ),
            )
        )
    return out


def _carry_over(data: ReportData, prior: ReportData) -> list[Finding]:
    """X-1: this year's 上年结转 equals last year's 结转下年度, column by column."""
    if prior.year != data.year - 1:
        return []
    now = data.table3()["carried_over"]
    before = prior.table3()["carried_forward"]
    out: list[Finding] = []
    row = data.format_layout.app_row("carried_over")
    for i, c in enumerate(fmt.APPLICANT_COLUMNS):
        if now[i].number != before[i].number:
            out.append(
                Finding(
                    rule="X-1",
                    severity="error",
                    location=f"{row.location} × {c.label}",
                    message=(
                        f"上年结转 {now[i].number} ≠ {prior.year}年报告的结转下年度继续办理 "
                        f"{before[i].number} / carried over {now[i].number} ≠ last year's "
                        f"carried forward {before[i].number}（如因机构改革等原因不同，请在"
                        f"六、其他需要报告的事项中说明 / explain any justified difference in part 六）"
                    ),
                    expected=str(before[i].number),
                    actual=str(now[i].number),
                    cells=[fmt.t3_id("carried_over", c.key)],
                )
            )
    return out


def _in_force(data: ReportData, prior: ReportData) -> list[Finding]:
    """X-2: 现行有效 rolls forward; T2-2: cannot repeal more than existed."""
    lay = data.format_layout
    if lay.key != "2021" or prior.format_layout.key != "2021" or prior.year != data.year - 1:
        return []
    now = data.table2(lay)
    before = prior.table2(prior.format_layout)
    by_path = {c.path: c for c in lay.active_cells}
    out: list[Finding] = []
    for row in ("regulations", "normative_documents"):
        issued = now[f"{row}.issued"].number
        repealed = now[f"{row}.repealed"].number
        in_force = now[f"{row}.in_force"].number
        prior_in_force = before[f"{row}.in_force"].number
        cell = by_path[f"{row}.in_force"]
        expected = prior_in_force + issued - repealed
        if repealed > prior_in_force + issued:
            out.append(
                Finding(
                    rule="T2-2",
                    severity="warning",
                    location=by_path[f"{row}.repealed"].location,
                    message=(
                        f"本年废止 {repealed} 件，多于上年现行有效 {prior_in_force} 件与本年制发 "
                        f"{issued} 件之和 / repealed {repealed}, more than existed "
                        f"({prior_in_force} + {issued})"
                    ),
                    cells=[fmt.t2_id(f"{row}.repealed")],
                )
            )
        if in_force != expected:
            out.append(
                Finding(
                    rule="X-2",
                    severity="warning",
                    location=cell.location,
                    message=(
                        f"现行有效 {in_force} ≠ 上年现行有效 {prior_in_force} ＋ 本年制发 {issued} "
                        f"－ 本年废止 {repealed} ＝ {expected}（到期失效或修改计入制发时可以不等，"
                        f"请在有关数据统计说明中解释）/ in force {in_force} ≠ last year's "
                        f"{prior_in_force} + issued {issued} − repealed {repealed} = {expected}"
                    ),
                    expected=str(expected),
                    actual=str(in_force),
                    cells=[fmt.t2_id(f"{row}.{k}") for k in ("issued", "repealed", "in_force")],
                )
            )
    return out


def _pending(data: ReportData, prior: ReportData) -> list[Finding]:
    """X-3: last year's pending review/litigation cases should show up somewhere this year."""
    before = prior.table4()
    now = data.table4()
    pending = sum((before[g.key]["pending"].number for g in fmt.REVIEW_GROUPS), start=0)
    this_year = sum((now[g.key]["total"].number for g in fmt.REVIEW_GROUPS), start=0)
    if pending > 0 and this_year == 0:
        return [
            Finding(
                rule="X-3",
                severity="info",
                location="表四",
                message=(
                    f"上年有 {pending} 件复议或诉讼尚未审结，本年表四却全为0，请核实是否已审结 / "
                    f"{pending} case(s) were pending last year but table 四 is all zero this year"
                ),
            )
        ]
    return []


def _jumps(data: ReportData, prior: ReportData) -> list[Finding]:
    """X-8: implausible jumps; E-17: a fee amount off by 10⁴ (元 written as 万元)."""
    out: list[Finding] = []
    pairs: list[tuple[str, str, int | Decimal, int | Decimal]] = []
    t3, p3 = data.table3(), prior.table3()
    lay = data.format_layout
    for key in ("new", "total"):
        r = lay.app_row(key)
        pairs.append(
            (
                f"{r.location} × 总计",
                fmt.t3_id(key, "total"),
                t3[key][-1].number,
                p3[key][-1].number,
            )
        )
    t4, p4 = data.table4(), prior.table4()
    for g in fmt.REVIEW_GROUPS:
        pairs.append(
            (
                fmt.review_location(g, fmt.REVIEW_COLUMNS[-1]),
                fmt.t4_id(g.key, "total"),
                t4[g.key]["total"].number,
                p4[g.key]["total"].number,
            )
        )
    if lay.key == "2021" and prior.format_layout.key == "2021":
        t2, q2 = data.table2(), prior.table2()
        for c in lay.active_cells:
            if c.path.endswith((".issued", ".repealed")):
                continue
            pairs.append((c.location, fmt.t2_id(c.path), t2[c.path].number, q2[c.path].number))
        fee_now, fee_before = t2["fees_wan_yuan"].number, q2["fees_wan_yuan"].number
        if fee_now > 0 and fee_before > 0:
            ratio = Decimal(fee_now) / Decimal(fee_before)
            if ratio > 2000 or ratio < Decimal("0.0005"):
                out.append(
                    Finding(
                        rule="E-17",
                        severity="warning",
                        location=by_cell(lay, "fees_wan_yuan"),
                        message=(
                            f"收费金额 {fee_now} 万元与上年 {fee_before} 万元相差约一万倍，"
                            f"是否把“元”填成了“万元”？/ the fee amount differs from last year's by "
                            f"a factor of about 10⁴: 元 written as 万元?"
                        ),
                        cells=[fmt.t2_id("fees_wan_yuan")],
                    )
                )
                pairs = [p for p in pairs if p[1] != fmt.t2_id("fees_wan_yuan")]
    for location, cell, now, before in pairs:
        if max(now, before) < JUMP_MIN or now == 0 or before == 0:
            continue
        ratio = Decimal(now) / Decimal(before)
        if ratio > JUMP_RATIO or ratio < Decimal(1) / JUMP_RATIO:
            out.append(
                Finding(
                    rule="X-8",
                    severity="info",
                    location=location,
                    message=(
                        f"本年 {now}，上年 {before}，变化超过{JUMP_RATIO}倍，请核实 / "
                        f"{now} this year against {before} last year: a jump beyond {JUMP_RATIO}×"
                    ),
                    cells=[cell],
                )
            )
    return out


def by_cell(lay: fmt.Layout, path: str) -> str:
    for c in lay.active_cells:
        if c.path == path:
            return c.location
    return path
