"""Excel workbooks: the counts file laid out like the report's tables, written and read back.

The only module that imports openpyxl. `workbook_bytes` writes a `ReportData` as a workbook
(sheets 基本信息, 表二, 表三, 表四, 要点, 问题与改进, 数字): every label as printed (from
`format.py`), merged headers, input cells unlocked on protected sheets, totals as formulas, data
validation (non-negative whole numbers; 万元 with decimals). `load_workbook` reads it back into
`ReportData`, with errors naming sheet and cell (`表三!D12`). `sheet_rows` gives the plain rows
of any workbook (the register of applications).

Totals: a total that equals the sum of its parts is written as a formula and read back as
derived; a total that differs (or is blank) is written as the value, so a wrong total survives
the round trip and the checks still report it.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

import openpyxl
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from nianbao import format as fmt
from nianbao.errors import DataError, DataProblem
from nianbao.load import error_message
from nianbao.model import Cell, Contact, Figure, Notes, ProblemNote, ReportData
from nianbao.template import carried_from

__all__ = [
    "MAX_WORKBOOK_BYTES",
    "cell_address",
    "SHEETS",
    "load_workbook",
    "sheet_rows",
    "workbook_bytes",
]

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024
"""An .xlsx is a zip: no part of it may inflate beyond this (a 1.5 MB file can hold 1.5 GB)."""
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
MAX_MEMBERS = 5000

INFO, T2, T3, T4, NOTES, PROBLEMS, FIGURES = (
    "基本信息",
    "表二",
    "表三",
    "表四",
    "要点",
    "问题与改进",
    "数字",
)
SHEETS: tuple[str, ...] = (INFO, T2, T3, T4, NOTES, PROBLEMS, FIGURES)
"""The sheets of a counts workbook, in order."""

# --- where things sit (shared by the writer and the reader) ------------------------------------

T2_FIRST_ROW = 2  # row 1: the part heading
T2_VALUE_COLS = 3  # B–D: the widest block has three value columns
T3_FIRST_ROW = 5  # rows 2–4: the three-row header
T3_FIRST_COL = 4  # A–C: labels; D–J: the seven applicant columns
T4_VALUE_ROW = 5
LIST_FIRST_ROW = 3  # 基本信息, 要点, 问题与改进, 数字: row 1 title, row 2 header


def _ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


@dataclass(frozen=True)
class _T2Row:
    block: fmt.ActiveBlock
    row: fmt.ActiveRow
    at: int  # sheet row


def _t2_layout(lay: fmt.Layout) -> tuple[list[tuple[fmt.ActiveBlock, int]], list[_T2Row]]:
    """Each block's caption row, and each data row's sheet row."""
    blocks: list[tuple[fmt.ActiveBlock, int]] = []
    rows: list[_T2Row] = []
    at = T2_FIRST_ROW
    for block in lay.active_blocks:
        blocks.append((block, at))
        for i, row in enumerate(block.rows):
            rows.append(_T2Row(block, row, at + 2 + i))
        at += 2 + len(block.rows)
    return blocks, rows


def _t3_rows(lay: fmt.Layout) -> dict[str, int]:
    return {r.key: T3_FIRST_ROW + i for i, r in enumerate(lay.app_rows)}


def _t3_label_col(r: fmt.AppRow) -> int:
    if r.group:
        return 3
    return 2 if r.role in ("outcome", "total") else 1


def _t4_col(group_index: int, column_index: int) -> int:
    return 1 + group_index * len(fmt.REVIEW_COLUMNS) + column_index


def _info_fields() -> list[tuple[str, str, str]]:
    """(key, label, help) of the 基本信息 rows; contact fields are keyed `contact.<name>`."""
    out: list[tuple[str, str, str]] = []
    for key in ("organ", "year", "organ_kind", "layout", "published"):
        info = ReportData.model_fields[key]
        out.append((key, info.title or key, info.description or ""))
    for key, info in Contact.model_fields.items():
        out.append((f"contact.{key}", info.title or key, ""))
    return out


def _note_fields() -> list[tuple[str, str, str, str]]:
    """(key, part heading, topic label, help) of the 要点 rows."""
    out: list[tuple[str, str, str, str]] = []
    for key, info in Notes.model_fields.items():
        if key in ("problems", "prior_problems"):
            continue
        if key == "overview":
            part = fmt.part("overview")
        elif key == "other":
            part = fmt.part("other")
        elif key == "plans":
            part = fmt.part("problems")
        else:
            part = fmt.part(fmt.topic(key).part)
        help_text = fmt.topic(key).help if key not in ("overview", "other", "plans") else ""
        out.append((key, part.heading, info.title or key, help_text))
    return out


def _topic_labels() -> dict[str, str]:
    return {key: label for key, _, label, _ in _note_fields()}


def cell_address(cell_id: str, lay: fmt.Layout) -> str | None:
    """The sheet and cell (`表三!D12`) where a workbook in layout `lay` holds a table cell
    (`t3.new.natural`, `t2.regulations.issued`, `t4.review.total`); None if it has none."""
    table, _, rest = cell_id.partition(".")
    if table == "info":  # a row of 基本信息 (`info.year`)
        keys = [key for key, _, _ in _info_fields()]
        return f"{INFO}!{_ref(LIST_FIRST_ROW + keys.index(rest), 2)}" if rest in keys else None
    if table == "t2":
        row_key, _, col_key = rest.partition(".")
        for item in _t2_layout(lay)[1]:
            if item.row.key == row_key:
                for j, (key, _, _) in enumerate(item.block.columns):
                    if key == col_key:
                        return f"{T2}!{_ref(item.at, 2 + j)}"
        return None
    if table == "t3":
        row_key, _, col_key = rest.partition(".")
        rows = _t3_rows(lay)
        cols = [c.key for c in fmt.APPLICANT_COLUMNS]
        if row_key in rows and col_key in cols:
            return f"{T3}!{_ref(rows[row_key], T3_FIRST_COL + cols.index(col_key))}"
        return None
    if table == "t4":
        group_key, _, col_key = rest.partition(".")
        groups = [g.key for g in fmt.REVIEW_GROUPS]
        cols = [c.key for c in fmt.REVIEW_COLUMNS]
        if group_key in groups and col_key in cols:
            col = _t4_col(groups.index(group_key), cols.index(col_key))
            return f"{T4}!{_ref(T4_VALUE_ROW, col)}"
    return None


# --- styles ------------------------------------------------------------------------------------

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")
_INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")
_TOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_UNLOCKED = Protection(locked=False)
_COUNT_FORMAT = "0"
_AMOUNT_FORMAT = "0.00##"


def _lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` wide (CJK counts double)."""
    units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return max(1, -(-units // max(1, int(width) - 1)))


def _fit(ws: Worksheet, row: int, text: str, width: float) -> None:
    """Make a row tall enough for `text` wrapped in a column `width` wide."""
    height = 15 * _lines(text, width) + 3
    current = ws.row_dimensions[row].height or 0
    if height > current:
        ws.row_dimensions[row].height = height


PRINT_TITLES = {INFO: "1:2", T3: "1:4", T4: "1:4", NOTES: "1:2", PROBLEMS: "1:2", FIGURES: "1:2"}
"""Rows repeated at the top of every printed page (the title and the column headers)."""


def _print_setup(ws: Worksheet, *, landscape: bool = False) -> None:
    """Print each sheet one page wide (as many pages tall as it takes) on A4, with its header
    rows repeated on every page and the page number in the footer."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if ws.title in PRINT_TITLES:
        ws.print_title_rows = PRINT_TITLES[ws.title]
    if ws.title == T3:
        ws.page_setup.fitToHeight = 1  # table 三 whole on one page, its balance row included
    odd = ws.oddFooter
    if odd is not None and odd.center is not None:
        odd.center.text = "&A 第 &P 页，共 &N 页"


def _protect(ws: Worksheet) -> None:
    """Lock the sheet (no password) so only the input cells take typing; let columns resize."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _title(ws: Worksheet, text: str, last_col: int) -> None:
    ws.cell(1, 1, text).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="left", vertical="center")
    if last_col > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    ws.row_dimensions[1].height = 24


def _box(
    ws: Worksheet,
    row: int,
    col: int,
    value: Any = None,
    *,
    end_row: int | None = None,
    end_col: int | None = None,
    head: bool = False,
    align: Alignment = _CENTER,
) -> None:
    """A bordered (possibly merged) label cell."""
    er, ec = end_row or row, end_col or col
    for r in range(row, er + 1):
        for c in range(col, ec + 1):
            ws.cell(r, c).border = _BORDER
            if head:
                ws.cell(r, c).fill = _HEAD_FILL
    cell = ws.cell(row, col)
    cell.value = value
    cell.alignment = align
    if head:
        cell.font = Font(bold=True)
    if (er, ec) != (row, col):
        ws.merge_cells(start_row=row, start_column=col, end_row=er, end_column=ec)


def _input(ws: Worksheet, row: int, col: int, value: Any, number_format: str = "General") -> None:
    cell = ws.cell(row, col)
    cell.value = value
    cell.protection = _UNLOCKED
    cell.fill = _INPUT_FILL
    cell.border = _BORDER
    cell.number_format = number_format
    cell.alignment = Alignment(horizontal="right", vertical="center")


def _total(ws: Worksheet, row: int, col: int, formula: str, value: Any, derived: bool) -> None:
    """A total cell: the formula, or the given value when it is not the sum of its parts."""
    cell = ws.cell(row, col)
    cell.border = _BORDER
    cell.fill = _TOTAL_FILL
    cell.font = Font(bold=True)
    cell.number_format = _COUNT_FORMAT
    cell.alignment = Alignment(horizontal="right", vertical="center")
    cell.value = formula if derived else value


def _validation(kind: fmt.CellKind) -> DataValidation:
    if kind == "amount":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        dv.error = "请填写不小于0的数（万元，可带小数）/ a number ≥ 0 (万元, decimals allowed)"
    elif kind == "signed":
        dv = DataValidation(
            type="whole", operator="between", formula1="-1000000000", formula2="1000000000"
        )
        dv.error = "请填写整数（可为负数）/ a whole number (may be negative)"
    else:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        dv.error = "请填写不小于0的整数 / a whole number ≥ 0"
    dv.errorTitle = "数字不对 / invalid number"
    dv.showErrorMessage = True
    dv.allow_blank = True
    return dv


def _add_validations(ws: Worksheet, refs: dict[fmt.CellKind, list[str]]) -> None:
    for kind, cells in refs.items():
        if cells:
            dv = _validation(kind)
            for ref in cells:
                dv.add(ref)
            ws.add_data_validation(dv)


def _list_validation(ws: Worksheet, options: Sequence[str], ref: str) -> None:
    formula = '"' + ",".join(options) + '"'
    if len(formula) > 255:  # Excel's limit for an inline list
        return
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.error = "请从列表中选择 / choose from the list"
    dv.errorTitle = "取值不对 / invalid value"
    dv.showErrorMessage = True
    dv.add(ref)
    ws.add_data_validation(dv)


# --- writing -----------------------------------------------------------------------------------


def workbook_bytes(data: ReportData, *, prior: ReportData | None = None) -> bytes:
    """`data` as an .xlsx workbook laid out like the report's tables (see the module docstring).

    `prior` only adds remarks on what was carried over from last year.
    """
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    lay = data.format_layout
    _write_info(wb.create_sheet(INFO), data, lay)
    _write_t2(wb.create_sheet(T2), data, lay, prior)
    _write_t3(wb.create_sheet(T3), data, lay, prior)
    _write_t4(wb.create_sheet(T4), data)
    _write_notes(wb.create_sheet(NOTES), data)
    _write_problems(wb.create_sheet(PROBLEMS), data, prior)
    _write_figures(wb.create_sheet(FIGURES), data)
    for ws in wb.worksheets:
        _print_setup(ws, landscape=ws.title not in (INFO, T2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_info(ws: Worksheet, data: ReportData, lay: fmt.Layout) -> None:
    _title(ws, "基本信息 / basic information", 3)
    for col, text in enumerate(("项目", "内容", "说明"), start=1):
        _box(ws, 2, col, text, head=True)
    contact = data.contact
    values: dict[str, Any] = {
        "organ": data.organ,
        "year": data.year,
        "organ_kind": fmt.ORGAN_KINDS[data.organ_kind] if data.organ_kind else None,
        "layout": fmt.layout(data.layout).name if data.layout else None,
        "published": data.published,
    }
    if contact is not None:
        for key in Contact.model_fields:
            values[f"contact.{key}"] = getattr(contact, key)
    notes = {
        "organ_kind": "不填按机关名称推断 / blank: guessed from the name",
        "layout": f"不填按年度选择；本工作簿为{lay.name} / blank: chosen by the year",
    }
    for i, (key, label, help_text) in enumerate(_info_fields()):
        row = LIST_FIRST_ROW + i
        _box(ws, row, 1, label, align=_LEFT)
        number_format = "General"
        if key == "published":
            number_format = "yyyy-mm-dd"
        elif key.startswith("contact.") or key == "organ":
            number_format = "@"
        _input(ws, row, 2, values.get(key), number_format)
        ws.cell(row, 2).alignment = _LEFT
        _box(ws, row, 3, notes.get(key, help_text), align=_LEFT)
        if key == "organ_kind":
            _list_validation(ws, list(fmt.ORGAN_KINDS.values()), _ref(row, 2))
        elif key == "layout":
            _list_validation(ws, [x.name for x in fmt.LAYOUTS], _ref(row, 2))
        elif key == "year":
            dv = DataValidation(
                type="whole", operator="between", formula1=str(fmt.FIRST_YEAR), formula2="2200"
            )
            dv.error = "报告年度应为四位年份 / a four-digit year"
            dv.showErrorMessage = True
            dv.add(_ref(row, 2))
            ws.add_data_validation(dv)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 60
    _protect(ws)


def _write_t2(ws: Worksheet, data: ReportData, lay: fmt.Layout, prior: ReportData | None) -> None:
    last = 1 + T2_VALUE_COLS
    _title(ws, fmt.part("active").heading, last)
    cells = data.table2(lay)
    blocks, rows = _t2_layout(lay)
    kinds: dict[fmt.CellKind, list[str]] = {"count": [], "signed": [], "amount": []}
    for block, at in blocks:
        _box(ws, at, 1, block.caption, end_col=last, head=True)
        _box(ws, at + 1, 1, fmt.TABLE2_HEADER, head=True)
        for j, (_, label, _) in enumerate(block.columns):
            end = last if j == len(block.columns) - 1 else None
            _box(ws, at + 1, 2 + j, label, end_col=end, head=True)
    carried = carried_from(data, prior)
    blank = _unfilled(cells.values())
    for item in rows:
        _box(ws, item.at, 1, item.row.label, align=_LEFT)
        for j, (key, _, kind) in enumerate(item.block.columns):
            path = f"{item.row.key}.{key}" if key else item.row.key
            col = 2 + j
            number_format = _AMOUNT_FORMAT if kind == "amount" else _COUNT_FORMAT
            _input(ws, item.at, col, None if blank else cells[path].value, number_format)
            if j == len(item.block.columns) - 1 and col < last:
                for c in range(col + 1, last + 1):
                    ws.cell(item.at, c).border = _BORDER
                ws.merge_cells(
                    start_row=item.at, start_column=col, end_row=item.at, end_column=last
                )
            kinds[kind].append(_ref(item.at, col))
            if path in carried and prior is not None:
                ws.cell(item.at, col).comment = Comment(
                    f"按{prior.year}年的现行有效件数预填，请加本年制发、减本年废止", "nianbao"
                )
    _add_validations(ws, kinds)
    ws.column_dimensions["A"].width = 22
    for c in range(2, last + 1):
        ws.column_dimensions[get_column_letter(c)].width = 16
    _protect(ws)


def _write_t3(ws: Worksheet, data: ReportData, lay: fmt.Layout, prior: ReportData | None) -> None:
    ncols = len(fmt.APPLICANT_COLUMNS)
    last = T3_FIRST_COL + ncols - 1
    _title(ws, fmt.part("applications").heading, last)
    _box(ws, 2, 1, fmt.TABLE3_BALANCE_NOTE, end_row=4, end_col=3, head=True)
    for row in (2, 3, 4):
        ws.row_dimensions[row].height = 20
    _box(ws, 2, T3_FIRST_COL, fmt.TABLE3_HEADER, end_col=last, head=True)
    j = 0
    while j < ncols:
        column = fmt.APPLICANT_COLUMNS[j]
        at = T3_FIRST_COL + j
        if not column.group:
            _box(ws, 3, at, column.label, end_row=4, head=True)
            j += 1
            continue
        n = 1
        while j + n < ncols and fmt.APPLICANT_COLUMNS[j + n].group == column.group:
            n += 1
        _box(ws, 3, at, column.group, end_col=at + n - 1, head=True)
        for k in range(n):
            _box(ws, 4, at + k, fmt.APPLICANT_COLUMNS[j + k].label, head=True)
        j += n
    rows = _t3_rows(lay)
    grid = data.table3(lay)
    carried = carried_from(data, prior)
    blank = _unfilled(c for row in grid.values() for c in row)
    outcome_rows = [rows[r.key] for r in lay.outcome_rows]
    first_result = min(rows[r.key] for r in lay.app_rows if r.role in ("outcome", "total"))
    last_result = rows["total"]
    _box(ws, first_result, 1, fmt.TABLE3_RESULTS, end_row=last_result)
    group = ""
    counts: list[str] = []
    for r in lay.app_rows:
        at = rows[r.key]
        if r.group and r.group != group:
            group = r.group
            size = sum(1 for x in lay.app_rows if x.group == group)
            _box(ws, at, 2, group, end_row=at + size - 1)
        col = _t3_label_col(r)
        _box(ws, at, col, r.printed, end_col=3, align=_LEFT)
        _fit(ws, at, r.printed, {1: 59, 2: 54, 3: 44}[col])
        if r.key in carried and prior is not None:
            ws.cell(at, col).comment = Comment(f"取自{prior.year}年的结转下年度继续办理", "nianbao")
        cells = grid[r.key]
        parts = [c.number for c in cells[:-1]]
        for k, cell in enumerate(cells[:-1]):
            letter = get_column_letter(T3_FIRST_COL + k)
            if r.role == "total":
                sums = "+".join(f"{letter}{x}" for x in outcome_rows)
                contiguous = outcome_rows == list(range(outcome_rows[0], outcome_rows[-1] + 1))
                formula = (
                    f"=SUM({letter}{outcome_rows[0]}:{letter}{outcome_rows[-1]})"
                    if contiguous
                    else f"={sums}"
                )
                column_sum = sum(grid[x.key][k].number for x in lay.outcome_rows)
                _total(
                    ws,
                    at,
                    T3_FIRST_COL + k,
                    formula,
                    cell.value,
                    blank or _is_sum(cell, column_sum),
                )
            else:
                _input(ws, at, T3_FIRST_COL + k, None if blank else cell.value, _COUNT_FORMAT)
                counts.append(_ref(at, T3_FIRST_COL + k))
        first, last_part = get_column_letter(T3_FIRST_COL), get_column_letter(last - 1)
        total = cells[-1]
        derived = blank or _is_sum(total, sum(parts))
        _total(ws, at, last, f"=SUM({first}{at}:{last_part}{at})", total.value, derived)
    # A balance row below the table: 第一项＋第二项－（七）总计－第四项, red unless 0.
    check = rows["carried_forward"] + 2
    _box(ws, check, 1, "勾稽核对：第一项＋第二项－第三项－第四项（应为0）", end_col=3, align=_LEFT)
    for k in range(ncols):
        letter = get_column_letter(T3_FIRST_COL + k)
        formula = (
            f"={letter}{rows['new']}+{letter}{rows['carried_over']}"
            f"-{letter}{rows['total']}-{letter}{rows['carried_forward']}"
        )
        _total(ws, check, T3_FIRST_COL + k, formula, None, True)
    span = f"{get_column_letter(T3_FIRST_COL)}{check}:{get_column_letter(last)}{check}"
    ws.conditional_formatting.add(
        span,
        CellIsRule(  # type: ignore[no-untyped-call]
            operator="notEqual", formula=["0"], fill=PatternFill("solid", fgColor="FFC7CE")
        ),
    )
    _add_validations(ws, {"count": counts})
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 44
    for k in range(ncols):
        ws.column_dimensions[get_column_letter(T3_FIRST_COL + k)].width = 10
    ws.freeze_panes = _ref(T3_FIRST_ROW, T3_FIRST_COL)
    _protect(ws)


def _unfilled(cells: Iterable[Cell]) -> bool:
    """A table with no number in it (left out, `{}`, all blank): its inputs are written blank,
    never as zeros, so that "not filled in" survives the round trip."""
    return not any(c.given and c.value is not None and not c.derived for c in cells)


def _is_sum(cell: Cell, parts: int | Decimal) -> bool:
    """A total the data did not give, or gave as exactly the sum of its parts: a formula."""
    return cell.derived or (cell.value is not None and cell.value == parts)


def _write_t4(ws: Worksheet, data: ReportData) -> None:
    n = len(fmt.REVIEW_COLUMNS)
    last = _t4_col(len(fmt.REVIEW_GROUPS) - 1, n - 1)
    _title(ws, fmt.part("review").heading, last)
    parents: list[str] = []
    for g in fmt.REVIEW_GROUPS:
        if g.parent not in parents:
            parents.append(g.parent)
    for parent in parents:
        idx = [i for i, g in enumerate(fmt.REVIEW_GROUPS) if g.parent == parent]
        _box(ws, 2, _t4_col(idx[0], 0), parent, end_col=_t4_col(idx[-1], n - 1), head=True)
    grid = data.table4()
    blank = _unfilled(c for cells in grid.values() for c in cells.values())
    counts: list[str] = []
    for i, g in enumerate(fmt.REVIEW_GROUPS):
        if g.label == g.parent:
            for j, c in enumerate(fmt.REVIEW_COLUMNS):
                _box(ws, 3, _t4_col(i, j), c.label, end_row=4, head=True)
        else:
            _box(ws, 3, _t4_col(i, 0), g.label, end_col=_t4_col(i, n - 1), head=True)
            for j, c in enumerate(fmt.REVIEW_COLUMNS):
                _box(ws, 4, _t4_col(i, j), c.label, head=True)
        cells = grid[g.key]
        for j, c in enumerate(fmt.REVIEW_COLUMNS):
            col = _t4_col(i, j)
            cell = cells[c.key]
            if c.key == "total":
                first, end = _ref(T4_VALUE_ROW, _t4_col(i, 0)), _ref(T4_VALUE_ROW, col - 1)
                parts4 = sum(cells[x.key].number for x in fmt.REVIEW_COLUMNS if x.key != "total")
                formula = f"=SUM({first}:{end})"
                _total(ws, T4_VALUE_ROW, col, formula, cell.value, blank or _is_sum(cell, parts4))
            else:
                _input(ws, T4_VALUE_ROW, col, None if blank else cell.value, _COUNT_FORMAT)
                counts.append(_ref(T4_VALUE_ROW, col))
    _add_validations(ws, {"count": counts})
    for k in range(1, last + 1):
        ws.column_dimensions[get_column_letter(k)].width = 9
    ws.row_dimensions[3].height = 30
    _protect(ws)


def _write_notes(ws: Worksheet, data: ReportData) -> None:
    _title(ws, "年度工作要点（起草时使用）/ notes for the narrative", 4)
    for col, text in enumerate(("部分", "主题", "要点（每行一段）", "说明"), start=1):
        _box(ws, 2, col, text, head=True)
    for i, (key, heading, label, help_text) in enumerate(_note_fields()):
        row = LIST_FIRST_ROW + i
        _box(ws, row, 1, heading, align=_LEFT)
        _box(ws, row, 2, label, align=_LEFT)
        _input(ws, row, 3, "\n".join(data.note(key)) or None, "@")
        ws.cell(row, 3).alignment = _TOP_LEFT
        need = ""
        if key not in ("overview", "other", "plans"):
            need = {"always": "", "government": "人民政府必填。", "recommended": "建议。"}[
                fmt.topic(key).required
            ]
        _box(ws, row, 4, f"{need}{help_text}", align=_LEFT)
        ws.row_dimensions[row].height = 36
        _fit(ws, row, label, 24)
        for_lines = data.note(key)
        if for_lines:
            ws.row_dimensions[row].height = max(36, sum(_lines(p, 80) for p in for_lines) * 15 + 6)
    end = LIST_FIRST_ROW + len(_note_fields()) + 1
    ws.cell(
        end,
        1,
        f"{fmt.part('problems').heading}：见工作表“{PROBLEMS}”；叙述中引用的其他数字：见“{FIGURES}”。",
    )
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 80
    ws.column_dimensions["D"].width = 40
    _protect(ws)


PROBLEM_ROWS = 12
"""Input rows marked on 问题与改进 (more rows than the data holds; rows below are read too)."""
FIGURE_ROWS = 20
"""Input rows marked on 数字 below its example row."""


def _input_rows(ws: Worksheet, first: int, count: int, columns: int) -> None:
    """Mark `count` rows of `columns` input cells (fill, border, unlocked) like the other sheets."""
    for row in range(first, first + count):
        for col in range(1, columns + 1):
            cell = ws.cell(row, col)
            cell.protection = _UNLOCKED
            cell.fill = _INPUT_FILL
            cell.border = _BORDER
            if cell.alignment is None or not cell.alignment.wrap_text:
                cell.alignment = _TOP_LEFT


PRIOR_MARK = "上年度问题"
"""Column C of a 问题与改进 row that holds last year's problem (column B: its 整改情况)."""


def _write_problems(ws: Worksheet, data: ReportData, prior: ReportData | None) -> None:
    titles = [info.title or key for key, info in ProblemNote.model_fields.items()]
    _title(ws, fmt.part("problems").heading + "（每行一个问题）", 3)
    for col, text in enumerate([*titles, "备注（不读入）"], start=1):
        _box(ws, 2, col, text, head=True)
    problems = data.problems()
    prior_problems = data.prior_problems()
    _input_rows(ws, LIST_FIRST_ROW, max(PROBLEM_ROWS, len(problems) + len(prior_problems) + 3), 2)
    for i, p in enumerate(problems):
        row = LIST_FIRST_ROW + i
        ws.cell(row, 1, p.problem).alignment = _TOP_LEFT
        ws.cell(row, 2, p.improvement or None).alignment = _TOP_LEFT
        _fit(ws, row, max(p.problem, p.improvement, key=len), 50)
    start = LIST_FIRST_ROW + len(problems)
    when = f"{prior.year}年" if prior is not None else "上年度"
    for i, pp in enumerate(prior_problems):
        row = start + i
        ws.cell(row, 1, pp.problem).alignment = _TOP_LEFT
        ws.cell(row, 2, pp.rectification or None).alignment = _TOP_LEFT
        ws.cell(row, 3, f"{PRIOR_MARK}（{when}报告提出的问题）：B列请写明本年整改情况")
        _fit(ws, row, max(pp.problem, pp.rectification or "", key=len), 50)
    ws.column_dimensions["A"].width = 50
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 36
    ws.print_title_rows = "1:2"


FIGURE_HELP: dict[str, str] = {
    "key": "必填。这个数字的代号：英文小写字母、数字和下划线，如 active_total；不印在报告中，"
    "只用来区分各个数字，并供“所属上级数字”引用，同一工作簿内不能重复",
    "label": "必填。报告中怎样称呼这个数字",
    "value": "必填。不小于0的数；万元金额可带小数",
    "unit": "条、件、次、个、万元……",
    "topic": "这个数字在哪一部分叙述中使用（从列表中选）",
    "part_of": "“其中”的分项：填上级数字的键名",
    "parts_complete": "填“是”：各分项之和必须等于本数",
}
"""What each column of the 数字 sheet takes (the row under the header)."""
FIGURE_EXAMPLES: tuple[dict[str, Any], ...] = (
    {
        "key": "active_total",
        "label": "（示例）主动公开政府信息",
        "value": 88,
        "unit": "条",
        "topic": "active_disclosure",
        "parts_complete": "是",
    },
    {
        "key": "active_policy",
        "label": "（示例）其中政策文件",
        "value": 12,
        "unit": "条",
        "part_of": "active_total",
    },
)
"""Example rows shown (greyed, locked, not read back) above the inputs of the 数字 sheet."""
FIGURES_FIRST_ROW = LIST_FIRST_ROW + 1 + len(FIGURE_EXAMPLES)
"""数字: row 2 header, row 3 what each column takes, then the examples, then the inputs."""
_EXAMPLE_FONT = Font(italic=True, color="808080")


def _example_values(example: dict[str, Any], fields: Sequence[str]) -> list[Any]:
    topics = _topic_labels()
    return [
        topics.get(example[k], example[k]) if k == "topic" and k in example else example.get(k)
        for k in fields
    ]


def _write_figures(ws: Worksheet, data: ReportData) -> None:
    fields = list(Figure.model_fields.items())
    _title(ws, "叙述中引用的其他数字（表格以外，每行一个）/ extra figures", len(fields))
    for col, (key, info) in enumerate(fields, start=1):
        _box(ws, 2, col, info.title or key, head=True)
        _box(ws, LIST_FIRST_ROW, col, FIGURE_HELP.get(key, ""), align=_TOP_LEFT)
        ws.cell(LIST_FIRST_ROW, col).font = Font(size=9, color="595959")
    ws.row_dimensions[LIST_FIRST_ROW].height = 12 * _lines(FIGURE_HELP["key"], 26) + 4
    for i, example in enumerate(FIGURE_EXAMPLES):
        row = LIST_FIRST_ROW + 1 + i
        for col, shown in enumerate(_example_values(example, [k for k, _ in fields]), start=1):
            _box(ws, row, col, shown, align=_LEFT)
            ws.cell(row, col).font = _EXAMPLE_FONT
    topics = _topic_labels()
    _input_rows(ws, FIGURES_FIRST_ROW, max(FIGURE_ROWS, len(data.figures) + 5), len(fields))
    for i, f in enumerate(data.figures):
        row = FIGURES_FIRST_ROW + i
        for col, (key, _) in enumerate(fields, start=1):
            value: Any = getattr(f, key)
            if key == "topic" and value is not None:
                value = topics.get(value, value)
            elif key == "parts_complete":
                value = "是" if value else None
            elif value == "":
                value = None
            ws.cell(row, col, value)
    first, end = FIGURES_FIRST_ROW, FIGURES_FIRST_ROW + 200
    _list_validation(ws, list(topics.values()), f"E{first}:E{end}")
    _list_validation(ws, ["是", "否"], f"G{first}:G{end}")
    widths = {"A": 24, "B": 28, "C": 14, "D": 10, "E": 24, "F": 18, "G": 16}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = _ref(FIGURES_FIRST_ROW, 1)
    ws.print_title_rows = "1:2"


# --- reading -----------------------------------------------------------------------------------


class _Formula:
    """A formula in a cell: a total we derive, or (in an input cell) Excel's cached result."""


FORMULA = _Formula()


@dataclass(frozen=True)
class _Total:
    """A formula in a total cell, with the value the clerk saw (Excel's cached result) or, in a
    workbook never opened in Excel, the value of its plain sum. Equal to the sum of its parts:
    derived; different: kept as given, so the checks report it."""

    value: int | Decimal


_REF = r"\$?[A-Z]{1,3}\$?[0-9]{1,7}"
_RANGE = rf"{_REF}(?::{_REF})?"
_SUM_FORMULA = re.compile(rf"=\s*SUM\(\s*({_RANGE}(?:\s*,\s*{_RANGE})*)\s*\)\s*", re.IGNORECASE)
_PLUS_FORMULA = re.compile(rf"=\s*({_REF}(?:\s*\+\s*{_REF})*)\s*", re.IGNORECASE)


def _check_zip(path: Path) -> None:
    """Refuse a workbook whose parts would inflate beyond the caps, before openpyxl reads any."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl reports it as not a workbook
    if len(infos) > MAX_MEMBERS:
        raise DataError.one(path, "工作簿结构异常：部件过多 / too many parts in the workbook")
    big = max(infos, key=lambda i: i.file_size, default=None)
    total = sum(i.file_size for i in infos)
    if (big is not None and big.file_size > MAX_MEMBER_BYTES) or total > MAX_UNPACKED_BYTES:
        raise DataError.one(
            path,
            f"工作簿解压后过大（{total} 字节），不读取 / the workbook would inflate to {total} "
            "bytes: refused",
        )


def _open(path: Path, *, data_only: bool = False, read_only: bool = False) -> Workbook:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise DataError.one(path, f"无法读取文件 / cannot read the file: {e.strerror}") from None
    if size > MAX_WORKBOOK_BYTES:
        raise DataError.one(path, f"文件过大（{size} 字节）/ workbook too large ({size} bytes)")
    _check_zip(path)
    try:
        return openpyxl.load_workbook(path, data_only=data_only, read_only=read_only)
    except Exception as e:  # openpyxl raises zipfile, KeyError, ValueError … for bad files
        raise DataError.one(
            path,
            f"不是有效的 Excel 工作簿（.xlsx）/ not a valid .xlsx workbook ({type(e).__name__})",
        ) from None


def sheet_rows(path: str | Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every sheet of a workbook as (sheet name, rows of cell values), for tables of records."""
    p = Path(path)
    wb = _open(p, data_only=True, read_only=True)
    try:
        return [
            (ws.title, [tuple(row) for row in ws.iter_rows(values_only=True)])
            for ws in wb.worksheets
        ]
    except Exception as e:  # a damaged sheet inside a valid zip
        raise DataError.one(
            p, f"工作簿内容无法读取 / cannot read the workbook's sheets ({type(e).__name__})"
        ) from None
    finally:
        wb.close()


def _norm(text: Any) -> str:
    """Labels compared as the eye reads them: NFKC, no whitespace, straight/curly quotes alike."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = "".join(s.split())
    for a, b in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        s = s.replace(a, b)
    return s


class _Reader:
    """Reads one counts workbook, collecting every problem with its sheet and cell."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wb = _open(path)
        self._cached: Workbook | None = None
        self.problems: list[DataProblem] = []
        self.where: dict[tuple[str | int, ...], str] = {}

    def fail(self, sheet: str, row: int, col: int, message: str) -> None:
        self.problems.append(DataProblem(message, f"{sheet}!{_ref(row, col)}"))

    def sheet(self, name: str) -> Worksheet | None:
        if name in self.wb.sheetnames:
            return cast(Worksheet, self.wb[name])
        return None

    def cached(self, sheet: str, row: int, col: int) -> Any:
        if self._cached is None:
            self._cached = _open(self.path, data_only=True)
        return self._cached[sheet].cell(row, col).value

    # --- single cells ---

    def number(
        self,
        ws: Worksheet,
        row: int,
        col: int,
        kind: fmt.CellKind,
        what: str,
        *,
        total: bool = False,
    ) -> int | Decimal | None | _Total:
        """A table cell: a number, None when blank, `_Total` for a formula in a total cell."""
        value = ws.cell(row, col).value
        if ws.cell(row, col).data_type == "f" or (isinstance(value, str) and value.startswith("=")):
            if total:
                return self.formula_total(ws, row, col, kind, what)
            value = self.cached(ws.title, row, col)
            if value is None:
                self.fail(
                    ws.title,
                    row,
                    col,
                    f"{what}：这一格是公式但没有计算结果，请在 Excel 中打开并保存后再读取 / "
                    "a formula without a computed value: open and save the workbook in Excel",
                )
                return None
        return self.to_number(value, ws.title, row, col, kind, what)

    def formula_total(
        self, ws: Worksheet, row: int, col: int, kind: fmt.CellKind, what: str
    ) -> _Total | None:
        """A total cell holding a formula: the value Excel showed the clerk; with none (never
        opened in Excel), the value of a plain sum (SUM of ranges, or cells added up); any
        other formula without a computed value is refused, naming the cell."""
        cached = self.cached(ws.title, row, col)
        if cached is not None:
            number = self.to_number(cached, ws.title, row, col, kind, what)
            return None if number is None else _Total(number)
        value = self.plain_sum(ws, str(ws.cell(row, col).value or ""), 0)
        if value is None:
            self.fail(
                ws.title,
                row,
                col,
                f"{what}：这一格的公式不是简单求和，又没有计算结果，无法核对；请在 Excel 中打开并保存，"
                "或直接填写数字 / a formula other than a plain SUM and no computed value: open and "
                "save the workbook in Excel, or type the number",
            )
            return None
        return _Total(value)

    def plain_sum(self, ws: Worksheet, formula: str, depth: int) -> int | Decimal | None:
        """The value of `=SUM(D5:D9)` / `=D5+D6+D7` over cells of the same sheet; None for any
        other formula (or a cell it adds that is not a number)."""
        from openpyxl.utils.cell import range_boundaries

        m = _SUM_FORMULA.fullmatch(formula) or _PLUS_FORMULA.fullmatch(formula)
        if m is None or depth > 5:
            return None
        refs = re.split(r"\s*[,+]\s*", m.group(1).replace("$", "").upper())
        total: int | Decimal = 0
        for ref in refs:
            bounds = range_boundaries(ref)
            if any(b is None for b in bounds):
                return None
            min_col, min_row, max_col, max_row = cast(tuple[int, int, int, int], bounds)
            if (max_row - min_row + 1) * (max_col - min_col + 1) > 10_000:
                return None
            for r in range(min_row, max_row + 1):
                for c in range(min_col, max_col + 1):
                    v = ws.cell(r, c).value
                    if isinstance(v, str) and v.startswith("="):
                        cached = self.cached(ws.title, r, c)
                        v = cached if cached is not None else self.plain_sum(ws, v, depth + 1)
                        if v is None:
                            return None
                    if v is None or (isinstance(v, str) and not v.strip()):
                        continue
                    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal, str)):
                        return None
                    try:
                        d = Decimal(str(v).strip())
                    except InvalidOperation:
                        return None
                    if not d.is_finite():
                        return None
                    total += int(d) if d == d.to_integral_value() else d
        return total

    def to_number(
        self, value: Any, sheet: str, row: int, col: int, kind: fmt.CellKind, what: str
    ) -> int | Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or isinstance(value, (datetime, date)):
            self.fail(sheet, row, col, f"{what}：应为数字，实为 {value!r} / must be a number")
            return None
        number: int | Decimal
        if isinstance(value, int):
            number = value
        elif isinstance(value, float):
            if kind == "amount":
                number = Decimal(repr(value))
            elif value.is_integer():
                number = int(value)
            else:
                self.fail(
                    sheet,
                    row,
                    col,
                    f"{what}：件数应为整数，不能是小数 {value}（只有万元金额可带小数）/ "
                    f"counts are whole numbers, got {value}",
                )
                return None
        else:
            text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
            try:
                dec = Decimal(text)
            except InvalidOperation:
                dec = Decimal("NaN")
            if not dec.is_finite():
                self.fail(
                    sheet, row, col, f"{what}：应为数字，实为 {str(value)!r} / must be a number"
                )
                return None
            if kind != "amount" and dec != dec.to_integral_value():
                self.fail(
                    sheet,
                    row,
                    col,
                    f"{what}：件数应为整数，不能是小数 {text} / counts are whole numbers",
                )
                return None
            number = dec if kind == "amount" else int(dec)
        if kind != "signed" and number < 0:
            self.fail(sheet, row, col, f"{what}：不能为负数：{number} / must not be negative")
            return None
        return number

    def text(self, ws: Worksheet, row: int, col: int) -> str | None:
        value = ws.cell(row, col).value
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.isoformat()
        text = str(value).strip()
        return text or None

    # --- sheets ---

    def info(self) -> dict[str, Any]:
        ws = self.sheet(INFO)
        out: dict[str, Any] = {}
        if ws is None:
            self.problems.append(
                DataProblem(f"缺少工作表“{INFO}” / the workbook has no sheet {INFO!r}")
            )
            return out
        fields = {_norm(label): key for key, label, _ in _info_fields()}
        contact: dict[str, str] = {}
        for row in range(LIST_FIRST_ROW, ws.max_row + 1):
            key = fields.get(_norm(ws.cell(row, 1).value))
            if key is None:
                continue
            ref = f"{INFO}!{_ref(row, 2)}"
            value = ws.cell(row, 2).value
            if key == "year":
                self.where[("year",)] = ref
                if value is None or (isinstance(value, str) and not value.strip()):
                    self.fail(INFO, row, 2, "报告年度不能为空 / the report year is required")
                out["year"] = self.to_number(value, INFO, row, 2, "count", "报告年度")
            elif key == "published":
                self.where[("published",)] = ref
                out["published"] = self.date(value, row)
            elif key == "organ_kind":
                self.where[("organ_kind",)] = ref
                out["organ_kind"] = self.choice(
                    value,
                    row,
                    {
                        **{v: k for k, v in fmt.ORGAN_KINDS.items()},
                        **{k: k for k in fmt.ORGAN_KINDS},
                    },
                )
            elif key == "layout":
                self.where[("layout",)] = ref
                choices: dict[str, str] = {lay.name: lay.key for lay in fmt.LAYOUTS}
                choices.update({lay.key: lay.key for lay in fmt.LAYOUTS})
                out["layout"] = self.choice(value, row, choices)
            elif key.startswith("contact."):
                name = key.partition(".")[2]
                self.where[("contact", name)] = ref
                text = self.text(ws, row, 2)
                if text is not None:
                    contact[name] = text
            else:
                self.where[(key,)] = ref
                out[key] = self.text(ws, row, 2) or ""
        if contact:
            out["contact"] = contact
        for key in ("organ", "year"):
            if key not in out:
                label = ReportData.model_fields[key].title
                self.problems.append(
                    DataProblem(
                        f"工作表“{INFO}”中没有“{label}”一行 / sheet {INFO} has no row {label!r}",
                        f"{INFO}!A",
                    )
                )
        return out

    def date(self, value: Any, row: int) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(INFO, row, 2, f"应为日期 YYYY-MM-DD，实为 {str(value)!r} / must be a date")
            return None

    def choice(self, value: Any, row: int, choices: dict[str, str]) -> str | None:
        if value is None or not str(value).strip():
            return None
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        key = {_norm(k): v for k, v in choices.items()}.get(_norm(text))
        if key is None:
            options = "、".join(k for k in choices if not k.isascii())
            self.fail(INFO, row, 2, f"取值不对：{text!r}，可用 {options} / must be one of the list")
        return key

    def layout(self, year: int | None) -> fmt.Layout | None:
        """The layout whose printed labels the 表二 and 表三 sheets carry."""
        t2, t3 = self.sheet(T2), self.sheet(T3)
        missing = [name for name, ws in ((T2, t2), (T3, t3)) if ws is None]
        if missing or t2 is None or t3 is None:
            for name in missing:
                self.problems.append(
                    DataProblem(f"缺少工作表“{name}” / the workbook has no sheet {name!r}")
                )
            return None
        expected = fmt.layout_for_year(year) if isinstance(year, int) else fmt.layout("2021")
        others = [lay for lay in fmt.LAYOUTS if lay is not expected]
        for lay in (expected, *others):
            if not self.label_mismatches(t2, t3, lay):
                return lay
        for sheet, row, col, want, got in self.label_mismatches(t2, t3, expected)[:5]:
            self.fail(
                sheet,
                row,
                col,
                f"这里应为“{want}”，实为“{got}”（行或列被插入、删除或改动？）/ "
                f"expected the label {want!r}: were rows or columns inserted, deleted or changed?",
            )
        return None

    def label_mismatches(
        self, t2: Worksheet, t3: Worksheet, lay: fmt.Layout
    ) -> list[tuple[str, int, int, str, str]]:
        out: list[tuple[str, int, int, str, str]] = []

        def want(ws: Worksheet, row: int, col: int, text: str) -> None:
            got = ws.cell(row, col).value
            if _norm(got) != _norm(text):
                out.append((ws.title, row, col, text, str(got or "")))

        blocks, rows = _t2_layout(lay)
        for block, at in blocks:
            want(t2, at, 1, block.caption)
            for j, (_, label, _) in enumerate(block.columns):
                want(t2, at + 1, 2 + j, label)
        for item in rows:
            want(t2, item.at, 1, item.row.label)
        for r in lay.app_rows:
            want(t3, _t3_rows(lay)[r.key], _t3_label_col(r), r.printed)
        for j, c in enumerate(fmt.APPLICANT_COLUMNS):
            want(t3, 4 if c.group else 3, T3_FIRST_COL + j, c.label)
        return out

    def active(self, lay: fmt.Layout) -> dict[str, Any]:
        ws = self.sheet(T2)
        assert ws is not None
        _, rows = _t2_layout(lay)
        out: dict[str, Any] = {}
        for item in rows:
            values: dict[str, Any] = {}
            for j, (key, label, kind) in enumerate(item.block.columns):
                what = f"{item.row.label} × {label}"
                value = self.number(ws, item.at, 2 + j, kind, what)
                path = ("active", item.row.key, key) if key else ("active", item.row.key)
                self.where[path] = f"{T2}!{_ref(item.at, 2 + j)}"
                values[key] = value
            out[item.row.key] = values[""] if "" in values else values
        return out

    def applications(self, lay: fmt.Layout) -> dict[str, list[Any]]:
        ws = self.sheet(T3)
        assert ws is not None
        rows = _t3_rows(lay)
        ncols = len(fmt.APPLICANT_COLUMNS)
        read: dict[str, list[int | Decimal | None | _Formula | _Total]] = {}
        for r in lay.app_rows:
            at = rows[r.key]
            cells: list[int | Decimal | None | _Formula | _Total] = []
            for k, c in enumerate(fmt.APPLICANT_COLUMNS):
                col = T3_FIRST_COL + k
                self.where[("applications", r.key, k)] = f"{T3}!{_ref(at, col)}"
                total = r.role == "total" or k == ncols - 1
                cells.append(
                    self.number(ws, at, col, "count", f"{r.printed} × {c.label}", total=total)
                )
            read[r.key] = cells
        out: dict[str, list[Any]] = {}
        leaves = [read[r.key] for r in lay.outcome_rows]
        for r in lay.app_rows:
            cells = read[r.key]
            if r.role == "total":
                for k in range(ncols - 1):
                    cells[k] = _resolve(cells[k], sum(_num(row[k]) for row in leaves))
                columns = [
                    sum(_num(row[k]) for row in leaves) if c is FORMULA else _num(c)
                    for k, c in enumerate(cells[:-1])
                ]
                cells[-1] = _resolve(cells[-1], sum(columns))
            else:
                cells[-1] = _resolve(cells[-1], sum(_num(c) for c in cells[:-1]))
            if r.role == "total":
                if all(c is FORMULA for c in cells):
                    continue
                for k in range(ncols - 1):
                    if cells[k] is FORMULA:
                        cells[k] = sum(_num(row[k]) for row in leaves)
            if cells[-1] is FORMULA:
                if r.role == "total":
                    cells[-1] = sum(_num(c) for c in cells[:-1])
                else:
                    cells = cells[:-1]
            out[r.key] = cells
        return out

    def review(self) -> dict[str, Any]:
        ws = self.sheet(T4)
        if ws is None:
            self.problems.append(
                DataProblem(f"缺少工作表“{T4}” / the workbook has no sheet {T4!r}")
            )
            return {}
        out: dict[str, Any] = {}
        for i, g in enumerate(fmt.REVIEW_GROUPS):
            want = g.label if g.label != g.parent else None
            if want is not None and _norm(ws.cell(3, _t4_col(i, 0)).value) != _norm(want):
                self.fail(T4, 3, _t4_col(i, 0), f"这里应为“{want}” / expected the label {want!r}")
            group: dict[str, Any] = {}
            for j, c in enumerate(fmt.REVIEW_COLUMNS):
                col = _t4_col(i, j)
                self.where[("review_litigation", g.key, c.key)] = f"{T4}!{_ref(T4_VALUE_ROW, col)}"
                what = f"{g.label} × {c.label}"
                read = self.number(ws, T4_VALUE_ROW, col, "count", what, total=c.key == "total")
                value = _resolve(read, sum(_num(v) for v in group.values()))
                if value is not FORMULA:
                    group[c.key] = value
            out[g.key] = group
        return out

    def notes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        ws = self.sheet(NOTES)
        if ws is not None:
            labels = {_norm(label): key for key, _, label, _ in _note_fields()}
            for row in range(LIST_FIRST_ROW, ws.max_row + 1):
                text = self.text(ws, row, 3)
                if text is None:
                    continue
                key = labels.get(_norm(ws.cell(row, 2).value))
                if key is None:
                    self.fail(
                        NOTES,
                        row,
                        2,
                        f"未知的主题“{ws.cell(row, 2).value or ''}” / unknown topic",
                    )
                    continue
                self.where[("notes", key)] = f"{NOTES}!{_ref(row, 3)}"
                paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
                out[key] = paragraphs[0] if len(paragraphs) == 1 else paragraphs
        ws = self.sheet(PROBLEMS)
        problems: list[dict[str, str]] = []
        prior_problems: list[dict[str, str]] = []
        if ws is not None:
            for row in range(LIST_FIRST_ROW, ws.max_row + 1):
                problem, improvement = self.text(ws, row, 1), self.text(ws, row, 2)
                if problem is None and improvement is None:
                    continue
                if problem is None:
                    self.fail(
                        PROBLEMS,
                        row,
                        1,
                        "有改进措施但没有写问题 / an improvement without its problem",
                    )
                    continue
                if (self.text(ws, row, 3) or "").startswith(PRIOR_MARK):
                    where = ("notes", "prior_problems", len(prior_problems))
                    self.where[where] = f"{PROBLEMS}!{_ref(row, 1)}"
                    prior_problems.append({"problem": problem, "rectification": improvement or ""})
                    continue
                self.where[("notes", "problems", len(problems))] = f"{PROBLEMS}!{_ref(row, 1)}"
                problems.append({"problem": problem, "improvement": improvement or ""})
        if problems:
            out["problems"] = problems
        if prior_problems:
            out["prior_problems"] = prior_problems
        return out

    def figures(self) -> list[dict[str, Any]]:
        ws = self.sheet(FIGURES)
        if ws is None:
            return []
        titles = {_norm(info.title or key): key for key, info in Figure.model_fields.items()}
        cols: dict[str, int] = {}
        for col in range(1, ws.max_column + 1):
            key = titles.get(_norm(ws.cell(2, col).value))
            if key is not None:
                cols[key] = col
        topics = {_norm(label): key for key, label in _topic_labels().items()}
        topics.update({key: key for key in _topic_labels()})
        order = list(Figure.model_fields)
        shown = {
            tuple(_norm(v) for v in values)
            for values in (
                [FIGURE_HELP.get(k, "") for k in order],
                *(_example_values(e, order) for e in FIGURE_EXAMPLES),
            )
        }
        out: list[dict[str, Any]] = []
        for row in range(LIST_FIRST_ROW, ws.max_row + 1):
            values = {k: ws.cell(row, c).value for k, c in cols.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            if tuple(_norm(values.get(k)) for k in order) in shown:
                continue  # the help row and the example rows written above the inputs
            i = len(out)
            fig: dict[str, Any] = {}
            for key, col in cols.items():
                self.where[("figures", i, key)] = f"{FIGURES}!{_ref(row, col)}"
                raw = values[key]
                if key == "value":
                    kind: fmt.CellKind = (
                        "amount" if isinstance(raw, float) and not raw.is_integer() else "count"
                    )
                    if isinstance(raw, str) and "." in raw:
                        kind = "amount"
                    number = self.to_number(raw, FIGURES, row, col, kind, "数值")
                    if number is not None:
                        fig[key] = number
                elif key == "parts_complete":
                    text = self.text(ws, row, col)
                    if text is not None:
                        flag = {"是": True, "否": False, "TRUE": True, "FALSE": False}.get(
                            text.upper()
                        )
                        if flag is None:
                            self.fail(
                                FIGURES, row, col, f"应为“是”或“否”，实为 {text!r} / yes or no"
                            )
                        else:
                            fig[key] = flag
                elif key == "topic":
                    text = self.text(ws, row, col)
                    if text is not None:
                        fig[key] = topics.get(_norm(text), text)
                else:
                    text = self.text(ws, row, col)
                    if text is not None:
                        fig[key] = text
            self.where[("figures", i)] = f"{FIGURES}!{_ref(row, 1)}"
            out.append(fig)
        return out

    def locate(self, loc: tuple[str | int, ...]) -> str:
        """The cell of a pydantic error location (its longest known prefix)."""
        for n in range(len(loc), 0, -1):
            if loc[:n] in self.where:
                return self.where[loc[:n]]
        return ""


def _num(value: int | Decimal | None | _Formula | _Total) -> int | Decimal:
    if isinstance(value, _Total):
        return value.value
    return value if isinstance(value, (int, Decimal)) else 0


def _resolve(
    value: int | Decimal | None | _Formula | _Total, parts: int | Decimal
) -> int | Decimal | None | _Formula:
    """A formula total equal to the sum of its parts is derived (FORMULA); one that differs is
    kept as the value the clerk saw, for the checks to report."""
    if isinstance(value, _Total):
        return FORMULA if value.value == parts else value.value
    return value


def load_workbook(path: str | Path) -> ReportData:
    """Read a counts workbook (as `workbook_bytes` writes it) into `ReportData`.

    Raises `DataError` naming the sheet and cell of every problem found (`表三!D12`).
    """
    p = Path(path)
    reader = _Reader(p)
    raw: dict[str, Any] = reader.info()
    year = raw.get("year")
    lay = reader.layout(year if isinstance(year, int) else None)
    if lay is not None:
        raw["active"] = reader.active(lay)
        raw["applications"] = reader.applications(lay)
    raw["review_litigation"] = reader.review()
    notes = reader.notes()
    if notes:
        raw["notes"] = notes
    figures = reader.figures()
    if figures:
        raw["figures"] = figures
    if reader.problems:
        raise DataError(str(p), reader.problems)
    try:
        return ReportData.model_validate(raw)
    except ValidationError as e:
        raise DataError(str(p), _problems(e, reader.locate)) from None


def _problems(
    e: ValidationError, locate: Callable[[tuple[str | int, ...]], str]
) -> list[DataProblem]:
    out: list[DataProblem] = []
    seen: set[tuple[str, str]] = set()
    for err in e.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
        where = locate(loc)
        message = error_message(err)
        if (where, message) in seen:
            continue
        seen.add((where, message))
        out.append(DataProblem(message, where))
    return out
