"""Figures a written report claims, read with the tests' own patterns (never the product's verifier).

Each pattern is a phrase with its number right after the words (新收政府信息公开申请6件, 予以公开2件):
unambiguous by construction, so a test can say what the report must not claim without asking the
verifier that is under test.
"""

from __future__ import annotations

import re
from decimal import Decimal

from nianbao.model import ReportData

__all__ = ["wrong_claims"]

# phrase → (table 三 row key or table 四 group, column index / key)
_T3 = {
    "新收政府信息公开申请": "new",
    "上年结转": "carried_over",
    "办结": "total",
    "予以公开": "granted",
    "部分公开": "partially_granted",
    "结转下年度": "carried_forward",
}
_GROUPS = {"不予公开": "（三）不予公开", "无法提供": "（四）无法提供", "不予处理": "（五）不予处理"}
_T4 = {"行政复议": "review"}


def _expected(data: ReportData) -> dict[str, Decimal]:
    grid = data.table3()
    rows = data.table3_rows()
    out: dict[str, Decimal] = {}
    for phrase, key in _T3.items():
        out[phrase] = Decimal(grid[key][-1].number)
    for phrase, group in _GROUPS.items():
        out[phrase] = Decimal(sum(grid[r.key][-1].number for r in rows if r.group == group))
    t4 = data.table4()
    for phrase, key in _T4.items():
        out[phrase] = Decimal(t4[key]["total"].number)
    return out


def wrong_claims(text: str, data: ReportData) -> list[str]:
    """Every "<phrase><number>件" in `text` whose number is not the table's (e.g. 办结7件 when 6)."""
    wrong: list[str] = []
    flat = re.sub(r"\s+", "", text)
    for phrase, value in _expected(data).items():
        for m in re.finditer(rf"(?<![不及和或])({re.escape(phrase)})(\d+(?:\.\d+)?)件", flat):
            if phrase == "予以公开" and flat[max(0, m.start() - 1) : m.start()] in ("不",):
                continue
            if Decimal(m.group(2)) != value:
                wrong.append(m.group(0))
    return wrong
