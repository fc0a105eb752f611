"""Deterministic checks of a report's data: each rule has a stable id, a severity and a location.

Rule ids follow `error-taxonomy.md`: T3-1 … T4-1 (勾稽 and sums), E-n (defects), X-n (cross-year),
F-1 (the user's extra figures). Locations use the labels printed in the report.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from nianbao.model import ReportData

__all__ = ["Finding", "Severity", "check_data", "counts", "worst"]

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


class Finding(BaseModel):
    """One problem found, written for the person who must fix it."""

    rule: str = Field(description="stable rule id, e.g. T3-1, E-6, X-1")
    severity: Severity
    location: str = Field(description="where, in the report's own labels")
    message: str = Field(description="中文 / English")
    expected: str | None = None
    actual: str | None = None
    quote: str | None = Field(None, description="the sentence of the report the finding is about")
    cells: list[str] = Field(default_factory=list, description="ids of the table cells involved")
    places: list[str] = Field(
        default_factory=list,
        description="where the cells are in the input file: counts.yaml:12, or 表三!D12",
    )


def check_data(
    data: ReportData, prior: ReportData | None = None, *, today: date | None = None
) -> list[Finding]:
    """Every data check: tables, layout for the year, extra figures, and cross-year with `prior`."""
    from nianbao.checks import crossyear, figures, layout, tables

    findings = [
        *layout.check_layout(data, today=today or date.today()),
        *tables.check_tables(data),
        *figures.check_figures(data),
    ]
    if prior is not None:
        findings.extend(crossyear.check_cross_year(data, prior))
    return sort_findings(findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity."""
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity] += 1
    return out


def worst(findings: list[Finding]) -> Severity | None:
    if not findings:
        return None
    return min((f.severity for f in findings), key=lambda s: SEVERITY_ORDER[s])
