"""The register of applications (one row per application) and table 三 computed from it.

A register is a CSV file (UTF-8 or GB18030, comma- or tab-separated) or an .xlsx workbook whose
first table has a header row naming these columns (Chinese or English; other columns are ignored):

    编号 id · 收到日期 received · 申请人类型 applicant · 办理结果 outcome · 办结日期 closed

Table 三 for a year follows from the dates alone: 新收 = received in the year; 上年结转 =
received before 1 January and still open on it; the outcome rows = closed in the year, by outcome;
结转下年度 = open on 31 December. Rows of other years (closed before the year, received after
it) are skipped, so one register can run over several years. Every problem is reported with its
row number, and nothing is computed from a register that has any.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from nianbao import format as fmt
from nianbao.errors import DataError, DataProblem
from nianbao.load import read_text
from nianbao.model import ReportData

__all__ = [
    "REGISTER_COLUMNS",
    "Application",
    "RegisterColumn",
    "Tally",
    "apply_tally",
    "outcome_names",
    "read_register",
    "tally",
    "tally_register",
]

_Fail = Callable[[str, str], None]

MAX_REGISTER_BYTES = 50 * 1024 * 1024
MAX_PROBLEMS = 30
"""Report at most this many bad rows (then how many more there are)."""


@dataclass(frozen=True)
class RegisterColumn:
    key: str
    label: str  # the Chinese header we document
    headers: tuple[str, ...]  # accepted headers, most specific first
    required: bool = True


REGISTER_COLUMNS: tuple[RegisterColumn, ...] = (
    RegisterColumn("id", "编号", ("编号", "登记编号", "申请编号", "受理编号", "序号", "id")),
    RegisterColumn(
        "received",
        "收到日期",
        ("收到日期", "收到时间", "申请日期", "登记日期", "受理日期", "received"),
    ),
    RegisterColumn(
        "applicant", "申请人类型", ("申请人类型", "申请人类别", "applicant_type", "applicant")
    ),
    RegisterColumn(
        "outcome", "办理结果", ("办理结果", "处理结果", "答复结果", "答复类型", "outcome")
    ),
    RegisterColumn("closed", "办结日期", ("办结日期", "办结时间", "答复日期", "closed")),
)
"""The register's columns. Not part of the national format: the register is our own input."""

OPEN_WORDS = ("办理中", "在办", "未办结", "未结")
"""Words a clerk may write in 办结日期 for an application still open (read as blank)."""


@dataclass(frozen=True)
class Application:
    """One application of the register."""

    row: int  # its row in the file (the header row counts)
    id: str
    received: date
    applicant: str  # a key of `format.APPLICANT_COLUMNS`
    outcome: str | None  # a table-三 row key; None while open
    closed: date | None


class Tally(BaseModel):
    """Table 三 computed from a register."""

    year: int
    layout: fmt.LayoutKey
    rows: dict[str, list[int]] = Field(
        description="every row of the layout's table 三, 7 numbers each (总计 last)"
    )
    applications: int = Field(description="applications in the register")
    counted: int = Field(description="applications in this year's table (新收 + 上年结转)")
    closed_before: int = Field(description="closed before the year began: earlier reports")
    received_after: int = Field(description="received after the year ended: later reports")


# --- names of applicants and outcomes ----------------------------------------------------------

_QUOTES = str.maketrans("", "", "“”\"'‘’「」")
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+、)?(?:\([一二三四五六七八九十]+\))?(?:\d+[.、])?"
)
_SEPARATORS = re.compile(r"[;；,，/|\n]+")


def _norm(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = "".join(s.split()).translate(_QUOTES)
    return s.replace("．", ".")


def outcome_names(layout: fmt.Layout) -> dict[str, str]:
    """Every accepted way to name an outcome (normalised) → its table-三 row key.

    A row's key, its label with or without the printed number and group, and its short name;
    names that would fit two rows are left out. For the 2019 layout, the 2021 sub-rows of
    （六）其他处理 are read as its single row.
    """
    names: dict[str, set[str]] = {}

    def add(name: str, key: str) -> None:
        if name:
            names.setdefault(_norm(name), set()).add(key)

    for r in layout.outcome_rows:
        group_label = _NUMBERING.sub("", _norm(r.group)) if r.group else ""
        for name in (r.key, r.label, r.printed, r.short, *r.aliases):
            add(name, r.key)
        if r.group:
            add(f"{r.group}{r.printed}", r.key)
            add(f"{r.group}{r.label}", r.key)
            add(f"{group_label}{r.label}", r.key)
    printed = {_norm(r.printed): r.key for r in layout.outcome_rows}
    for other in fmt.LAYOUTS:
        for r in other.outcome_rows:
            target = printed.get(_norm(r.group)) if r.group else None
            if target is not None and r.key not in {x.key for x in layout.outcome_rows}:
                for name in (r.key, r.label, r.printed, r.short):
                    add(name, target)
    return {name: keys.pop() for name, keys in names.items() if len(keys) == 1}


def _groups(layout: fmt.Layout) -> dict[str, str]:
    """Group labels (不予公开 …) → their rows, for the message when a group is named."""
    out: dict[str, list[str]] = {}
    for r in layout.outcome_rows:
        if r.group:
            out.setdefault(_NUMBERING.sub("", _norm(r.group)), []).append(r.printed)
    return {g: "、".join(rows) for g, rows in out.items()}


def _applicant_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for c in fmt.APPLICANT_COLUMNS:
        if c.key == "total":
            continue
        out[_norm(c.key)] = c.key
        out[_norm(c.label)] = c.key
    return out


def _applicant(text: str, names: dict[str, str]) -> str | None:
    s = _norm(text)
    for c in fmt.APPLICANT_COLUMNS:
        if c.group and s.startswith(_norm(c.group)) and s != _norm(c.group):
            s = s[len(_norm(c.group)) :]
            break
    s = s.strip("()（）-—_·:：/、")
    return names.get(s)


# --- dates -------------------------------------------------------------------------------------

_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_TIME = re.compile(r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")


def _date(value: Any) -> date:
    """A date from a cell; raises ValueError with the message to show."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    bare = _TIME.sub("", text).strip()
    for form in _DATE_FORMS:
        m = form.match(bare)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d)
            except ValueError:
                raise ValueError(f"没有这一天：{text!r} / not a real date: {text!r}") from None
    raise ValueError(
        f"日期格式不对：{text!r}，应为 YYYY-MM-DD（如 2024-03-05；也接受 2024/3/5、"
        f"2024年3月5日）/ dates must be YYYY-MM-DD, got {text!r}"
    )


# --- reading -----------------------------------------------------------------------------------


@dataclass
class _Table:
    name: str  # the file, for messages
    sheet: str | None  # the sheet of a workbook, None for CSV
    rows: list[tuple[Any, ...]]


def _tables(path: Path) -> list[_Table]:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise DataError.one(
            path,
            "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV / "
            "old .xls files are not supported: save as .xlsx or CSV",
        )
    if suffix in (".xlsx", ".xlsm"):
        from nianbao.inputs import excel

        return [_Table(str(path), sheet, rows) for sheet, rows in excel.sheet_rows(path)]
    if suffix not in (".csv", ".tsv", ".txt"):
        raise DataError.one(
            path,
            f"登记表应为 .csv 或 .xlsx 文件，实为 {suffix or '(无扩展名)'} / "
            "the register must be a .csv or .xlsx file",
        )
    text = read_text(path, MAX_REGISTER_BYTES)
    first = next((line for line in re.split(r"\r\n|\r|\n", text) if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        # only \r and \n end a record: str.splitlines() would also cut at U+2028, U+0085, \f …
        # inside a quoted field (a note pasted from a web page), splitting the row in two
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = [tuple(row) for row in reader]
    except csv.Error as e:
        raise DataError.one(path, f"CSV 格式错误 / malformed CSV: {e}") from None
    return [_Table(str(path), None, rows)]


def _header(table: _Table) -> tuple[int, dict[str, int]] | None:
    """The header row (0-based) and the column of each register column, if this table has one."""
    for i, row in enumerate(table.rows[:20]):
        cells = [_norm(str(v)).lower() if v is not None else "" for v in row]
        found: dict[str, int] = {}
        for col in REGISTER_COLUMNS:
            for header in col.headers:
                if _norm(header).lower() in cells:
                    found[col.key] = cells.index(_norm(header).lower())
                    break
        if len(found) >= 3 and {"received", "outcome"} <= set(found):
            return i, found
    return None


def _cell_name(table: _Table, row: int, col: int) -> tuple[str, int | None]:
    """(key, line) of a problem: the cell of a workbook, the row of a CSV file."""
    if table.sheet is not None:
        return f"{table.sheet}!{_column_letter(col + 1)}{row}", None
    return "", row


def _column_letter(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def read_register(path: str | Path, layout: fmt.Layout) -> list[Application]:
    """The applications of a register, outcomes named by `layout`'s rows.

    Raises `DataError` listing every bad row (unknown applicant type or outcome, two outcomes,
    dates not in a recognised form, a duplicate or missing id, an outcome without a closing date
    or the reverse).
    """
    p = Path(path)
    tables = _tables(p)
    for table in tables:
        found = _header(table)
        if found is not None:
            return _read(table, *found, layout)
    wanted = "、".join(f"{c.label}（{c.headers[-1]}）" for c in REGISTER_COLUMNS)
    raise DataError.one(
        p,
        f"找不到表头：第一行应为列名 {wanted} / no header row naming the register's columns",
    )


class _Rows:
    """Reads the rows of one register table below its header."""

    def __init__(
        self, table: _Table, header_at: int, columns: dict[str, int], layout: fmt.Layout
    ) -> None:
        self.table = table
        self.header = table.rows[header_at]
        self.columns = columns
        self.layout = layout
        self.outcomes = outcome_names(layout)
        self.groups = _groups(layout)
        self.applicants = _applicant_names()
        self.seen: dict[str, int] = {}

    def read(self, raw: Sequence[Any], row: int) -> tuple[Application | None, list[DataProblem]]:
        """One row: its application, or the problems found in it (both empty: a blank row)."""
        bad: list[DataProblem] = []

        def cell(key: str) -> Any:
            j = self.columns[key]
            value = raw[j] if j < len(raw) else None
            if isinstance(value, str):
                value = value.strip() or None
            return value

        def fail(key: str, message: str) -> None:
            where, line = _cell_name(self.table, row, self.columns[key])
            header = str(self.header[self.columns[key]]).strip()
            bad.append(DataProblem(message, f"{where} {header}".strip(), line))

        if all(cell(c.key) is None for c in REGISTER_COLUMNS if c.key in self.columns):
            return None, []
        ident = _text(cell("id"))
        if ident is None:
            fail("id", "编号为空 / the id is missing")
        elif ident in self.seen:
            fail("id", f"编号 {ident!r} 重复（第{self.seen[ident]}行已有）/ duplicate id {ident!r}")
        else:
            self.seen[ident] = row
        received = _parse_date(cell("received"), "received", fail, required=True)
        closed_raw = cell("closed")
        if isinstance(closed_raw, str) and _norm(closed_raw) in OPEN_WORDS:
            closed_raw = None
        closed = _parse_date(closed_raw, "closed", fail, required=False)
        applicant_text = _text(cell("applicant"))
        applicant = _applicant(applicant_text, self.applicants) if applicant_text else None
        if applicant_text is None:
            fail("applicant", "申请人类型为空 / the applicant type is missing")
        elif applicant is None:
            choices = "、".join(c.label for c in fmt.APPLICANT_COLUMNS if c.key != "total")
            fail(
                "applicant",
                f"未知的申请人类型 {applicant_text!r}，应为 {choices} 之一 / "
                f"unknown applicant type {applicant_text!r}",
            )
        outcome_text = _text(cell("outcome"))
        outcome = None
        if outcome_text is not None:
            outcome = _outcome(outcome_text, self.outcomes, self.groups, self.layout, fail)
        if outcome is not None and closed_raw is None:
            fail(
                "closed",
                "有办理结果但没有办结日期（尚未办结的申请，办理结果应留空）/ "
                "an outcome but no closing date (leave the outcome blank while open)",
            )
        if outcome_text is None and closed is not None:
            fail("outcome", "已办结但没有办理结果 / closed but without an outcome")
        if received is not None and closed is not None and closed < received:
            fail(
                "closed",
                f"办结日期 {closed} 早于收到日期 {received} / closed before it was received",
            )
        if bad or ident is None or received is None or applicant is None:
            return None, bad
        return Application(row, ident, received, applicant, outcome, closed), []


def _read(
    table: _Table, header_at: int, columns: dict[str, int], layout: fmt.Layout
) -> list[Application]:
    missing = [c for c in REGISTER_COLUMNS if c.required and c.key not in columns]
    if missing:
        names = "、".join(f"{c.label}（{c.headers[-1]}）" for c in missing)
        key, line = _cell_name(table, header_at + 1, 0)
        raise DataError(
            table.name,
            [DataProblem(f"表头缺少列：{names} / the header lacks these columns", key, line)],
        )
    reader = _Rows(table, header_at, columns, layout)
    problems: list[DataProblem] = []
    out: list[Application] = []
    more = 0
    for i in range(header_at + 1, len(table.rows)):
        application, bad = reader.read(table.rows[i], i + 1)
        if application is not None:
            out.append(application)
        room = max(MAX_PROBLEMS - len(problems), 0)
        problems.extend(bad[:room])
        more += len(bad[room:])
    if more:
        problems.append(DataProblem(f"……另有 {more} 处错误 / {more} more problems"))
    if problems:
        raise DataError(table.name, problems)
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _parse_date(value: Any, key: str, fail: _Fail, *, required: bool) -> date | None:
    if value is None:
        if required:
            fail(key, "日期为空 / the date is missing")
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        fail(key, f"日期格式不对：{value!r}（像是数字，不是日期）/ a number, not a date")
        return None
    try:
        return _date(value)
    except ValueError as e:
        fail(key, str(e))
        return None


def _outcome(
    text: str,
    names: dict[str, str],
    groups: dict[str, str],
    layout: fmt.Layout,
    fail: _Fail,
) -> str | None:
    """The row key of an outcome cell; reports unknown names, group names and two outcomes."""
    found = _lookup(text, names)
    if found is not None:
        return found
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    if len(parts) < 2:
        parts = [p for p in text.split("、") if p.strip()]
    keys = [k for k in (_lookup(p, names) for p in parts) if k is not None]
    if len(parts) >= 2 and len(keys) >= 2:
        fail(
            "outcome",
            f"一件申请只能有一个办理结果，这里有{len(keys)}个：{text!r}（区分处理的只计"
            f"“（二）部分公开”）/ one application, one outcome: this row has {len(keys)}",
        )
        return None
    group = groups.get(_NUMBERING.sub("", _norm(text)))
    if group is not None:
        fail(
            "outcome",
            f"“{text}”是分组，请写明具体情形：{group} / {text!r} is a group: name its row",
        )
        return None
    close = difflib.get_close_matches(
        _norm(text), [_norm(r.label) for r in layout.outcome_rows], n=1, cutoff=0.6
    )
    hint = ""
    if close:
        row = next(r for r in layout.outcome_rows if _norm(r.label) == close[0])
        hint = f"，是否应为“{row.printed}”？"
    fail(
        "outcome",
        f"未知的办理结果 {text!r}{hint}（用表三的行名，如“1.本机关不掌握相关政府信息”，"
        f"或键名，如 unable_not_held）/ unknown outcome {text!r}",
    )
    return None


_GROUP_PREFIX = re.compile(
    "^(?:"
    + re.escape(_norm(fmt.TABLE3_RESULTS))
    + ")?(?:\\([一二三四五六七八九十]+\\))?(?:"
    + "|".join(re.escape(label) for _, label in fmt.TABLE3_GROUPS)
    + ")?[-—:：·/]*"
)
"""A leading 三、本年度办理结果 and group (（三）不予公开 …) before a row's own label."""


def _lookup(text: str, names: dict[str, str]) -> str | None:
    """The row named by `text`: as given, without its numbering, without its group."""
    s = _norm(text)
    for candidate in (s, _NUMBERING.sub("", s), _GROUP_PREFIX.sub("", s)):
        if candidate in names:
            return names[candidate]
        bare = _NUMBERING.sub("", candidate)
        if bare in names:
            return names[bare]
    return None


# --- tallying ----------------------------------------------------------------------------------


def tally(applications: Iterable[Application], year: int) -> Tally:
    """Table 三 for `year` from the applications (see the module docstring for the rules)."""
    lay = fmt.layout_for_year(year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    columns = [c.key for c in fmt.APPLICANT_COLUMNS if c.key != "total"]
    counts: dict[str, list[int]] = {
        r.key: [0] * len(columns) for r in lay.app_rows if r.role != "total"
    }
    known = {r.key for r in lay.outcome_rows}
    n = counted = before = after = 0
    for a in applications:
        n += 1
        if a.received > end:
            after += 1
            continue
        if a.closed is not None and a.closed < start:
            before += 1
            continue
        counted += 1
        col = columns.index(a.applicant)
        counts["new" if a.received >= start else "carried_over"][col] += 1
        if a.closed is not None and a.closed <= end:
            if a.outcome is None or a.outcome not in known:
                raise ValueError(
                    f"row {a.row}: outcome {a.outcome!r} is not in the {lay.key} layout"
                )
            counts[a.outcome][col] += 1
        else:
            counts["carried_forward"][col] += 1
    rows: dict[str, list[int]] = {}
    for r in lay.app_rows:
        if r.role == "total":
            values = [sum(counts[o.key][i] for o in lay.outcome_rows) for i in range(len(columns))]
        else:
            values = counts[r.key]
        rows[r.key] = [*values, sum(values)]
    return Tally(
        year=year,
        layout=lay.key,
        rows=rows,
        applications=n,
        counted=counted,
        closed_before=before,
        received_after=after,
    )


def tally_register(path: str | Path, year: int) -> Tally:
    """Read a register and compute table 三 for `year` (raises `DataError` for a bad register)."""
    return tally(read_register(path, fmt.layout_for_year(year)), year)


def apply_tally(data: ReportData, result: Tally) -> ReportData:
    """`data` with table 三 replaced by the tally (everything else kept as given)."""
    if data.year != result.year:
        raise ValueError(f"the tally is for {result.year}, the data for {data.year}")
    raw = data.model_dump(exclude_unset=True)
    raw["applications"] = {k: list(v) for k, v in result.rows.items()}
    return ReportData.model_validate(raw)
