"""The clerk's edited report against the data: `nianbao check report.docx --data counts.yaml`.

Clerks edit report.docx in Word or WPS, not report.md; this is the last gate before publishing.
A report file (.docx .html .pdf .md .txt, read by `extract`) is compared with the counts file it
was drafted from:

    D-1  error    a table cell printed differently from the data (or left blank, or not found):
                  the finding names the cell as printed and gives printed and expected values
    D-2  error    the report is for another organ, year or table layout than the data

and its narrative (parts 一, 五, 六, sub-headings included) is verified by the verification stage
(`verify.verify_narrative`, rules V-1 … V-6, V-9, V-13, V-14 — the figure rules) against the
data, not against the report's own tables: every figure must be the fact its words name.
"""

from __future__ import annotations

from decimal import Decimal

from nianbao import format as fmt
from nianbao.checks import Finding
from nianbao.extract import ExtractedReport
from nianbao.model import Cell, ReportData

__all__ = ["NARRATIVE_RULES", "compare_with_data"]

NARRATIVE_RULES = frozenset({"V-1", "V-2", "V-3", "V-4", "V-5", "V-6", "V-9", "V-13", "V-14"})
"""The verifier's rules about figures: what `check --data` reports of the narrative (topics,
numbering and reuse are checked for every report by `checks/text.py` already)."""


def compare_with_data(
    report: ExtractedReport, data: ReportData, prior: ReportData | None = None
) -> list[Finding]:
    """Every difference between a report file and the counts file: identity, every table cell,
    every narrative figure."""
    out = _identity(report, data)
    out += _cells(report, data)
    out += _narrative(report, data, prior)
    return out


def _identity(report: ExtractedReport, data: ReportData) -> list[Finding]:
    read = report.data
    out: list[Finding] = []
    pairs = (
        ("机关 / organ", read.organ, data.organ),
        ("年度 / year", str(read.year), str(data.year)),
        ("表格格式 / layout", report.layout, data.format_layout.key),
    )
    for what, printed, expected in pairs:
        if printed and printed != expected and printed not in ("未知机关",):
            out.append(
                Finding(
                    rule="D-2",
                    severity="error",
                    location=what.split(" / ")[0],
                    message=(
                        f"报告的{what.split(' / ')[0]}为“{printed}”，数据文件为“{expected}” / "
                        f"the report's {what.split(' / ')[1]} is not the data's"
                    ),
                    expected=expected,
                    actual=printed,
                )
            )
    return out


def _show(cell: Cell | None, printed: bool) -> str:
    if cell is None or (printed and not cell.given):
        return "未读到"  # the reader found no such cell in the report
    if cell.value is None and cell.given:
        return "空白"
    v = cell.number
    return format(v.normalize(), "f") if isinstance(v, Decimal) else str(v)


def _same(printed: Cell | None, expected: Cell) -> bool:
    if printed is None or not printed.given:
        return not expected.given and expected.number == 0  # neither states it
    if printed.value is None:
        return expected.value is None
    return Decimal(printed.number) == Decimal(expected.number)


def _cells(report: ExtractedReport, data: ReportData) -> list[Finding]:
    """Each value cell of tables 二, 三 and 四, printed vs the data."""
    layout = data.format_layout
    read = report.data
    unsure = report.uncertain_cells
    rows: list[tuple[str, str, Cell | None, Cell]] = []  # (cell id, location, printed, expected)
    printed2, expected2 = read.table2(layout), data.table2(layout)
    for c in layout.active_cells:
        rows.append((fmt.t2_id(c.path), c.location, printed2.get(c.path), expected2[c.path]))
    printed3, expected3 = read.table3(layout), data.table3(layout)
    for r in data.table3_rows(layout):
        got = printed3.get(r.key)
        for i, col in enumerate(fmt.APPLICANT_COLUMNS):
            rows.append(
                (
                    fmt.t3_id(r.key, col.key),
                    f"{r.location} × {col.label}",
                    got[i] if got is not None else None,
                    expected3[r.key][i],
                )
            )
    printed4, expected4 = read.table4(), data.table4()
    for g in fmt.REVIEW_GROUPS:
        for col in fmt.REVIEW_COLUMNS:
            where = g.label if g.label == g.parent else f"{g.parent}（{g.label}）"
            rows.append(
                (
                    fmt.t4_id(g.key, col.key),
                    f"表四 {where} × {col.label}",
                    printed4.get(g.key, {}).get(col.key),
                    expected4[g.key][col.key],
                )
            )
    out: list[Finding] = []
    for cell_id, location, printed, expected in rows:
        if _same(printed, expected):
            continue
        shown, want = _show(printed, True), _show(expected, False)
        doubt = cell_id in unsure
        out.append(
            Finding(
                rule="D-1",
                severity="warning" if doubt else "error",
                location=location,
                message=(
                    f"报告印为 {shown}，数据文件为 {want}"
                    + ("（此格未能确定读出）" if doubt else "")
                    + f" / printed {shown}, the data says {want}"
                    + (" (the cell was not read with certainty)" if doubt else "")
                ),
                expected=want,
                actual=shown,
                cells=[cell_id],
            )
        )
    return out


def _narrative(
    report: ExtractedReport, data: ReportData, prior: ReportData | None
) -> list[Finding]:
    from nianbao.extract.paragraphs import narrative_from_text
    from nianbao.verify import verify_narrative

    narrative = narrative_from_text(report.parts)
    _, found = verify_narrative(narrative, data, prior)
    return [f for f in found if f.rule in NARRATIVE_RULES]
