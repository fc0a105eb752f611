"""Read published reports back: PDF, Word, HTML and text into `ReportData` and narrative parts.

    read_report(path)  → ExtractedReport   (dispatches on the suffix)
    read_lines(lines)  → ExtractedReport   (what every reader feeds: `document.Line`s)
    load_report(path)  → ReportData        (for `audit.READERS`: check, --prior, init --prior)

One reader per file type (`pdf`, `docx`, `html`, `text`) reduces the file to lines, table
rows keeping their cells; `parts` finds the six parts and three tables by anchor phrases;
`tables` reads each table by row label. Whatever the reader is unsure of is listed in
`ExtractedReport.uncertain`, never guessed silently.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from nianbao import format as fmt
from nianbao.errors import DataError, NianbaoError, ReportReadError
from nianbao.extract import parts as parts_mod
from nianbao.extract import tables
from nianbao.extract.document import Line
from nianbao.model import ProblemNote, ReportData

__all__ = [
    "READERS",
    "REPORT_SUFFIXES",
    "ExtractedReport",
    "LabelFound",
    "PartHeading",
    "UncertainCell",
    "cell_location",
    "load_report",
    "read_lines",
    "read_report",
    "read_text",
]

READERS: dict[str, str] = {
    ".pdf": "nianbao.extract.pdf:read_pdf",
    ".docx": "nianbao.extract.docx:read_docx",
    ".html": "nianbao.extract.html:read_html",
    ".htm": "nianbao.extract.html:read_html",
    ".txt": "nianbao.extract.text:read_text_file",
    ".md": "nianbao.extract.text:read_text_file",
}
"""File suffix → the function that reads such a file into lines ("module:function")."""
REPORT_SUFFIXES = tuple(READERS)


class UncertainCell(BaseModel):
    """Cells (or a place) the reader is not sure of."""

    location: str
    cells: list[str] = Field(default_factory=list)
    message: str
    alternatives: list[str] = Field(default_factory=list)
    severity: str = "warning"


class PartHeading(BaseModel):
    """A part heading as found in the report."""

    key: str
    number: str
    title: str
    offset: int


class LabelFound(BaseModel):
    """A table row label printed otherwise than the format prints it."""

    location: str
    printed: str
    official: str
    kind: str


class ExtractedReport(BaseModel):
    """What was read from a published report."""

    path: str = ""
    data: ReportData
    parts: dict[str, str] = Field(
        default_factory=dict, description="narrative text per part key (overview, problems, other)"
    )
    headings: list[PartHeading] = Field(default_factory=list)
    uncertain: list[UncertainCell] = Field(default_factory=list)
    labels: list[LabelFound] = Field(default_factory=list)
    layout: str = Field("2021", description="the layout the tables are printed in")
    notes: list[str] = Field(default_factory=list)
    text: str = Field("", description="the whole text as read", repr=False)
    title: str = ""

    @property
    def uncertain_cells(self) -> set[str]:
        return {c for u in self.uncertain for c in u.cells}


def _reader(suffix: str) -> Any:
    import importlib

    target = READERS.get(suffix.lower())
    if target is None:
        known = "、".join(REPORT_SUFFIXES)
        raise ReportReadError(
            f"不支持的文件类型 {suffix or '(无扩展名)'}，可用：{known} / unsupported"
        )
    module, _, func = target.partition(":")
    return getattr(importlib.import_module(module), func)


def read_report(path: str | Path) -> ExtractedReport:
    """Read a published report (.pdf .docx .html .htm .txt .md)."""
    p = Path(path)
    if not p.exists():
        raise ReportReadError(f"{p}: 文件不存在 / no such file")
    lines: list[Line] = _reader(p.suffix)(p)
    report = read_lines(lines)
    report.path = str(p)
    return report


def read_text(text: str) -> ExtractedReport:
    """Read a report given as text (copied out of a PDF or a web page)."""
    from nianbao.extract.text import lines_from_text

    return read_lines(lines_from_text(text))


def load_report(path: Path) -> ReportData:
    """`audit.READERS` entry: a published report as a counts file's data."""
    try:
        return read_report(path).data
    except ReportReadError as e:
        raise DataError.one(path, str(e).removeprefix(f"{path}: ")) from None


# --- assembling ---------------------------------------------------------------------------------


def read_lines(lines: list[Line]) -> ExtractedReport:
    """Parts, tables, organ and year from a report's lines."""
    lay = parts_mod.split(lines)
    region = {k: parts_mod.region_lines(lines, lay.starts, span) for k, span in lay.regions.items()}
    if not any(k in lay.regions for k in ("t2", "t3", "t4")) and len(lay.headings) < 2:
        raise ReportReadError(
            "不像政府信息公开工作年度报告：找不到六个部分的标题和表格 / this does not look like "
            "an annual report: no part headings and no tables were found"
        )
    uncertain: list[UncertainCell] = []
    labels: list[LabelFound] = []
    notes: list[str] = []

    def take(read: tables.TableRead) -> None:
        uncertain.extend(UncertainCell(**u.__dict__) for u in read.uncertain)
        labels.extend(LabelFound(**n.__dict__) for n in read.labels)
        notes.extend(read.notes)

    title, organ, year = _title(lay.text)
    if not organ:
        notes.append("未能识别机关名称 / organ name not found")
    if not year:
        notes.append("未能识别报告年度 / report year not found")
    if year is None:
        year = _likely_year(lay.text)
        if year is None:
            raise ReportReadError(
                "未能识别报告年度（标题或统计期限中的年份）/ the report year cannot be found "
                "(neither in the title nor in the statistics period)"
            )
        notes.append(f"报告年度按正文中最常见的年份推定为 {year} / year guessed as {year}")
    data: dict[str, Any] = {"organ": organ or "（未识别机关）", "year": year}

    active_layout = fmt.layout_for_year(year or 2021)
    if "t2" in region:
        t2, active_layout = tables.read_table2(region["t2"])
        take(t2)
        data["active"] = _active_dict(t2, active_layout)
    else:
        data["active"] = _active_dict(tables.TableRead(), active_layout)
        uncertain.append(
            UncertainCell(
                location="表二",
                cells=[fmt.t2_id(c.path) for c in active_layout.active_cells],
                message="未找到表二 / table 二 not found",
            )
        )
    t3_single = False
    if "t3" in region:
        t3 = tables.read_table3(region["t3"])
        take(t3)
        data["applications"] = {k: list(v) for k, v in t3.values.items()}
        t3_single = "other_single_row" in t3.values
        by_year = fmt.layout_for_year(year)
        if not _any_read(t3.values) and by_year.key != ("2019" if t3_single else "2021"):
            # nothing read: the rows are those of the year's layout, all unknown
            rows = [r.key for r in by_year.app_rows]
            width = len(fmt.APPLICANT_COLUMNS)
            data["applications"] = {k: [None] * width for k in rows}
            t3_single = "other_single_row" in rows
            uncertain.append(
                UncertainCell(
                    location="表三",
                    cells=[fmt.t3_id(k, c.key) for k in rows for c in fmt.APPLICANT_COLUMNS],
                    message="表三的行未能读出 / table 三's rows not read",
                )
            )
    else:
        width = len(fmt.APPLICANT_COLUMNS)
        rows = [r.key for r in active_layout.app_rows]
        data["applications"] = {k: [None] * width for k in rows}
        uncertain.append(
            UncertainCell(
                location="表三",
                cells=[fmt.t3_id(k, c.key) for k in rows for c in fmt.APPLICANT_COLUMNS],
                message="未找到表三 / table 三 not found",
            )
        )
    if "t4" in region:
        t4 = tables.read_table4(region["t4"])
        take(t4)
        if "review" in t4.values:
            data["review_litigation"] = list(t4.values["review"])
    else:
        ids = [fmt.t4_id(g.key, c.key) for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS]
        data["review_litigation"] = [None] * len(ids)
        uncertain.append(
            UncertainCell(location="表四", cells=ids, message="未找到表四 / table 四 not found")
        )

    layout_key = active_layout.key
    if t3_single and layout_key == "2021":
        notes.append(
            "表二为2021年格式，表三（六）其他处理却只有一行（2019年格式）/ table 二 uses the "
            "2021 layout, table 三 the 2019 single （六）其他处理 row"
        )
    elif not t3_single and layout_key == "2019" and "applications" in data:
        notes.append("表二为2019年格式，表三为2021年格式 / mixed layouts")
    else:
        data["layout"] = layout_key

    unsure = _blank_unsure(data, [u for u in uncertain if u.severity != "info"])
    for name, key in (("表二", "active"), ("表三", "applications"), ("表四", "review_litigation")):
        if key in data and not _any_read(data[key]):
            uncertain.append(
                UncertainCell(
                    location=name,
                    message=f"{name}未能读出（没有一个单元格能确定）/ table {name[1]} not read: "
                    "no cell could be read with certainty",
                )
            )
    if unsure:
        data["unconfirmed"] = unsure
    narrative = {
        key: _clean_narrative(parts_mod.region_text(lay, key))
        for key in ("overview", "problems", "other")
        if key in lay.regions
    }
    problems = problems_from_text(narrative.get("problems", ""))
    if problems:
        data["notes"] = {"problems": [p.model_dump() for p in problems]}
    report_data = _validated(data, uncertain)
    return ExtractedReport(
        data=report_data,
        parts=narrative,
        headings=[
            PartHeading(key=h.key, number=h.number, title=h.title, offset=h.start)
            for h in lay.headings.values()
        ],
        uncertain=uncertain,
        labels=labels,
        layout=layout_key if "layout" in data else ("mixed"),
        notes=notes,
        text=lay.text,
        title=title,
    )


def _validated(data: dict[str, Any], uncertain: list[UncertainCell]) -> ReportData:
    """The data as a `ReportData`; a cell the model refuses (a negative count, say) is left
    blank and listed as uncertain rather than losing the whole report."""
    for _ in range(20):
        try:
            return ReportData.model_validate(data)
        except ValidationError as e:
            fixed = False
            for err in e.errors():
                loc = [p for p in err["loc"] if isinstance(p, str | int)]
                if _blank_at(data, loc[:3]):
                    fixed = True
                    uncertain.append(
                        UncertainCell(
                            location=".".join(str(p) for p in loc[:3]),
                            cells=[_cell_id(loc[:3])],
                            message=f"读出的值无效，已留空：{err['msg']} / an invalid value was "
                            "read and left blank",
                        )
                    )
                    if isinstance(data.get("unconfirmed"), list):
                        data["unconfirmed"].append(_cell_id(loc[:3]))
                    else:
                        data["unconfirmed"] = [_cell_id(loc[:3])]
            if not fixed:
                raise ReportReadError(f"读出的数据无效 / the data read is invalid: {e}") from None
    raise ReportReadError("读出的数据无效 / the data read is invalid")


def _blank_at(data: dict[str, Any], loc: list[Any]) -> bool:
    """Blank the table cell at a validation error's location; False if it is not one."""
    if len(loc) < 2 or loc[0] not in ("active", "applications", "review_litigation"):
        return False
    node: Any = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    try:
        if node[last] is None:
            return False
        if isinstance(node, dict) and isinstance(node[last], dict):
            return False  # a row, not a cell: the error is in one of its cells
        node[last] = None
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _cell_id(loc: list[Any]) -> str:
    table = {"active": "t2", "applications": "t3", "review_litigation": "t4"}[loc[0]]
    if table == "t2":
        return fmt.t2_id(".".join(str(p) for p in loc[1:]))
    if table == "t3" and len(loc) >= 3 and isinstance(loc[2], int):
        return fmt.t3_id(str(loc[1]), fmt.APPLICANT_COLUMNS[loc[2]].key)
    return f"{table}." + ".".join(str(p) for p in loc[1:])


def cell_location(cell_id: str) -> str:
    """Where a cell id (t2.regulations.issued, t3.granted.total, t4.review.upheld) is printed."""
    table, _, rest = cell_id.partition(".")
    if table == "t2":
        for c in fmt.all_active_cells():
            if c.path == rest:
                return c.location
    elif table == "t3":
        row, _, col = rest.rpartition(".")
        rows = {r.key: r for r in fmt.all_app_rows()}
        cols = {c.key: c for c in fmt.APPLICANT_COLUMNS}
        if row in rows and col in cols:
            return f"{rows[row].location} × {cols[col].label}"
    elif table == "t4":
        group, _, col = rest.partition(".")
        groups = {g.key: g for g in fmt.REVIEW_GROUPS}
        cols4 = {c.key: c for c in fmt.REVIEW_COLUMNS}
        if group in groups and col in cols4:
            return fmt.review_location(groups[group], cols4[col])
    return cell_id


def _cell_slots(data: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Cell id → (container, key or index) in the data being built."""
    out: dict[str, tuple[Any, Any]] = {}
    for row, v in (data.get("active") or {}).items():
        if isinstance(v, dict):
            for col in v:
                out[fmt.t2_id(f"{row}.{col}")] = (v, col)
        else:
            out[fmt.t2_id(row)] = (data["active"], row)
    for row, cells in (data.get("applications") or {}).items():
        for j, col in enumerate(fmt.APPLICANT_COLUMNS[: len(cells)]):
            out[fmt.t3_id(row, col.key)] = (cells, j)
    rl = data.get("review_litigation")
    if isinstance(rl, list):
        ids = [fmt.t4_id(g.key, c.key) for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS]
        for j, cid in enumerate(ids[: len(rl)]):
            out[cid] = (rl, j)
    return out


def _blank_unsure(data: dict[str, Any], unsure: list[UncertainCell]) -> list[str]:
    """Every cell the reader was not sure of is blank (null), never a guess; their ids."""
    slots = _cell_slots(data)
    out: list[str] = []
    for u in unsure:
        for cid in u.cells:
            slot = slots.get(cid)
            if slot is None or cid in out:
                continue
            container, where = slot
            container[where] = None
            out.append(cid)
    return out


def _any_read(table: Any) -> bool:
    if isinstance(table, dict):
        return any(_any_read(v) for v in table.values())
    if isinstance(table, list | tuple):
        return any(_any_read(v) for v in table)
    return table is not None


def _active_dict(read: tables.TableRead, lay: fmt.Layout) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for block in lay.active_blocks:
        for row in block.rows:
            values = read.values.get(row.key) or (None,) * len(block.columns)
            if len(block.columns) == 1 and block.columns[0][0] == "":
                out[row.key] = values[0]
            else:
                out[row.key] = {k: v for (k, _, _), v in zip(block.columns, values, strict=True)}
    return out


_TITLE = re.compile(
    r"(?P<before>[^\n]{0,60}?)[ \t]*(?P<year>(?:19|20)\d{2})[ \t]*年[ \t]*度?[ \t]*(?P<after>[^\n]{0,40}?)"
    r"政[ \t]*府[ \t]*信[ \t]*息[ \t]*公[ \t]*开\s{0,2}(?:工[ \t]*作)?\s{0,2}(?:年[ \t]*度[ \t]*)?报[ \t]*告"
)
_TITLE_NO_YEAR = re.compile(
    r"^[ \t#]*(?P<before>[^\n，。；：:,、《》“”]{0,40}?)[ \t]*(?P<year>)(?P<after>)"
    r"政[ \t]*府[ \t]*信[ \t]*息[ \t]*公[ \t]*开[ \t]*(?:工[ \t]*作)?[ \t]*(?:年[ \t]*度[ \t]*)?"
    r"报[ \t]*告[ \t]*(?:[（(][ \t]*(?P<year2>(?:19|20)\d{2})[ \t]*年[ \t]*度?[ \t]*[)）])?[ \t]*$",
    re.M,
)
"""A title printed without its year (the year only in the statistics period), on a line of
its own: the organ before it on the line or on the line above."""
_LABEL_PREFIX = re.compile(r"^(?:标题|题目|title)\s*[:：]\s*", re.I)


def _title(text: str) -> tuple[str, str, int | None]:
    """(title, organ, year) from the first lines: `<organ><YYYY>年政府信息公开工作年度报告`."""
    head = text[:1500]
    lines = [ln.strip() for ln in head.split("\n")]
    joined = "\n".join(lines)
    # join a title broken over two lines (…政府信息公开工作\n年度报告)
    m = _TITLE.search(joined)
    y = re.search(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日", text)
    if m is None:
        m = _TITLE_NO_YEAR.search(joined)
        if m is None or (y is None and not m.group("year2")):
            return "", "", int(y.group(1)) if y else None
    year = int(m.group("year") or m.groupdict().get("year2") or (y.group(1) if y else 0))
    before = _LABEL_PREFIX.sub("", m.group("before").strip().lstrip("#").strip())
    after = m.group("after").strip()
    organ = before or after
    if not organ:
        # the organ on the line above the title
        upto = joined[: m.start()].rstrip().split("\n")
        for cand in reversed(upto[-3:]):
            c = cand.strip().lstrip("#").strip()
            if c and not re.fullmatch(r"[-—\d\s]+", c) and len(c) <= 40 and "正文" not in c:
                organ = c
                break
    organ = re.sub(r"\s+", "", organ).strip("《》")
    organ = re.sub(r"^关于|关于$", "", organ)  # 关于<organ><year>年… / <organ>关于<year>年…
    title = re.sub(r"\s+", "", m.group(0)).lstrip("#").strip("《》")
    return _LABEL_PREFIX.sub("", title), organ, year


def _likely_year(text: str) -> int | None:
    years = [int(y) for y in re.findall(r"(?<!\d)(20\d{2})\s*年", text)]
    if not years:
        return None
    return max(set(years), key=years.count)


def _clean_narrative(text: str) -> str:
    from nianbao.extract.document import is_page_marker

    lines = [ln.rstrip() for ln in text.split("\n")]
    kept = [ln for ln in lines if not is_page_marker(ln) and not re.fullmatch(r"\s*\d{1,3}\s*", ln)]
    return "\n".join(kept).strip()


# --- part 五 as last year's problems --------------------------------------------------------------

_ENUM_ITEM = re.compile(r"(?:^|[。；;：:\s])([一二三四五六七八九十])是")
_SUBHEAD = re.compile(r"[（(]([一二三四五六七八九十]+)[）)]")


def problems_from_text(text: str) -> list[ProblemNote]:
    """Last year's problems from part 五: one note per problem (一是…二是…, or the sentences of
    the part that name a problem); the improvement is left empty when it cannot be paired."""
    flat = re.sub(r"\s*\n\s*", "", text)
    if not flat:
        return []
    # the problems side ends where the measures start
    cut = re.search(r"改进(?:措施|情况|方向)|下一步|针对上述问题|整改措施|今后", flat)
    head = flat[: cut.start()] if cut and cut.start() > 10 else flat
    items = _enum_items(head)
    if not items:
        sentences = [s for s in re.split(r"(?<=[。；])", head) if s.strip()]
        items = [
            s.strip()
            for s in sentences
            if re.search(r"问题|不足|差距|有待|不够|不强|不高|欠缺|滞后", s)
        ][:6]
    return [ProblemNote(problem=i[:300]) for i in items if i]


def _enum_items(text: str) -> list[str]:
    marks = list(_ENUM_ITEM.finditer(text))
    if len(marks) < 2:
        return []
    out: list[str] = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() + 1 if i + 1 < len(marks) else len(text)
        item = text[m.start(1) : end].strip(" ；;。，,")
        item = re.split(r"(?<=。)", item)[0].strip("。；; ")
        if item:
            out.append(item + "。")
    return out


def _decimal_or(value: Any) -> Any:
    return Decimal(str(value)) if isinstance(value, float) else value


def _is_error(e: Exception) -> bool:
    return isinstance(e, NianbaoError)
