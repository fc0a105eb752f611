"""The user's extra figures: breakdowns must add up (F-1), units must agree (F-2)."""

from __future__ import annotations

from decimal import Decimal

from nianbao.checks import Finding
from nianbao.model import Figure, ReportData

__all__ = ["check_figures"]


def check_figures(data: ReportData) -> list[Finding]:
    out: list[Finding] = []
    by_key = {f.key: f for f in data.figures}
    children: dict[str, list[Figure]] = {}
    for f in data.figures:
        if f.part_of is not None:
            children.setdefault(f.part_of, []).append(f)
    for key, kids in children.items():
        parent = by_key[key]
        where = f"figures: {parent.label}（{parent.key}）"
        units = {k.unit for k in kids if k.unit and k.unit != parent.unit}
        if units:
            out.append(
                Finding(
                    rule="F-2",
                    severity="warning",
                    location=where,
                    message=(
                        f"分项单位（{'、'.join(sorted(units))}）与总数单位（{parent.unit}）不同 / "
                        f"the parts' units differ from the whole's"
                    ),
                )
            )
        total: int | Decimal = sum((k.value for k in kids), start=0)
        names = "＋".join(f"{k.label}{k.value}" for k in kids)
        if total > parent.value:
            out.append(
                Finding(
                    rule="F-1",
                    severity="error",
                    location=where,
                    message=(
                        f"其中各项之和 {total}（{names}）超过总数 {parent.value} / "
                        f"the parts add up to {total}, more than the whole {parent.value}"
                    ),
                    expected=f"≤ {parent.value}",
                    actual=str(total),
                )
            )
        elif parent.parts_complete and total != parent.value:
            out.append(
                Finding(
                    rule="F-1",
                    severity="error",
                    location=where,
                    message=(
                        f"其中各项之和 {total}（{names}）不等于总数 {parent.value} / "
                        f"the parts add up to {total}, not the whole {parent.value}"
                    ),
                    expected=str(parent.value),
                    actual=str(total),
                )
            )
    return out
