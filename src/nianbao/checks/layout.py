"""The format for the year (E-2), the year itself (E-16) and the publication deadline (E-1)."""

from __future__ import annotations

from datetime import date

from nianbao import format as fmt
from nianbao.checks import Finding
from nianbao.model import ReportData

__all__ = ["check_layout", "deadline"]


def check_layout(data: ReportData, *, today: date) -> list[Finding]:
    return [*_layout(data), *_year(data, today), *_deadline(data)]


def _layout(data: ReportData) -> list[Finding]:
    out: list[Finding] = []
    if data.year < fmt.FIRST_YEAR:
        return [
            Finding(
                rule="E-2",
                severity="error",
                location="全文",
                message=(
                    f"{data.year}年的报告早于国家统一格式（2019年起适用）/ "
                    f"reports before 2019 predate the national format"
                ),
            )
        ]
    required = fmt.layout_for_year(data.year)
    written = data.format_layout
    used = data.layouts_used()
    wrong = {written.key} | used
    wrong.discard(required.key)
    for key in sorted(wrong):
        lay = fmt.layout(key)  # type: ignore[arg-type]
        newer = lay.first_year > required.first_year
        markers = _markers_used(data, lay)
        out.append(
            Finding(
                rule="E-2",
                severity="warning" if newer else "error",
                location="；".join(markers) if markers else "格式版本",
                message=(
                    f"{data.year}年度报告应使用{required.name}（{required.document}），"
                    f"但本文件使用了{lay.name}的表格内容 / a {data.year} report must use the "
                    f"{required.key} layout, but this file uses the {lay.key} layout"
                    + (
                        "（可能提前采用或年度有误 / early adoption or a wrong year?）"
                        if newer
                        else ""
                    )
                ),
                expected=required.key,
                actual=lay.key,
            )
        )
    return out


def _markers_used(data: ReportData, lay: fmt.Layout) -> list[str]:
    rows = data.app_rows_given() & lay.own_rows
    paths = data.active_paths_given() & lay.own_paths
    out = [lay.app_row(k).location for k in sorted(rows)]
    by_path = {c.path: c for c in lay.active_cells}
    for p in sorted(paths):
        if p in by_path and by_path[p].row_location not in out:
            out.append(by_path[p].row_location)
    return out


def _year(data: ReportData, today: date) -> list[Finding]:
    if data.year > today.year:
        return [
            Finding(
                rule="E-16",
                severity="error",
                location="报告年度",
                message=(
                    f"报告年度 {data.year} 晚于今年（{today.year}）/ "
                    f"the report year {data.year} is after this year"
                ),
                actual=str(data.year),
            )
        ]
    if data.year == today.year:
        return [
            Finding(
                rule="E-16",
                severity="info",
                location="报告年度",
                message=(
                    f"统计期 {data.year}年1月1日至12月31日 尚未结束，数据可能不完整 / "
                    f"the statistics period of {data.year} has not ended yet"
                ),
            )
        ]
    return []


def deadline(data: ReportData) -> date | None:
    """The legal publication deadline (条例 Art. 49): 31 Jan for departments, 31 Mar for a
    government's own report; townships follow a date set locally (None)."""
    kind = data.kind
    if kind == "department":
        return date(data.year + 1, 1, 31)
    if kind == "government":
        return date(data.year + 1, 3, 31)
    return None


def _deadline(data: ReportData) -> list[Finding]:
    if data.published is None:
        return []
    out: list[Finding] = []
    if data.published < date(data.year + 1, 1, 1):
        out.append(
            Finding(
                rule="E-1",
                severity="info",
                location="发布日期",
                message=(
                    f"发布日期 {data.published} 早于统计期结束，数据不可能完整 / "
                    f"published before the statistics period ended"
                ),
            )
        )
    due = deadline(data)
    if due is not None and data.published > due:
        out.append(
            Finding(
                rule="E-1",
                severity="warning",
                location="发布日期",
                message=(
                    f"发布日期 {data.published} 晚于法定期限 {due}（《条例》第四十九条）/ "
                    f"published after the legal deadline {due} (Art. 49)"
                ),
                expected=str(due),
                actual=str(data.published),
            )
        )
    return out
