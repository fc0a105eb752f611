"""The counts file as commented YAML, generated from the format module.

`starting_data` is what a new year starts from (zeros, or last year's carry-overs);
`counts_yaml` writes any `ReportData` as a counts file that names every row as printed
(`nianbao init`, `nianbao tally`, `nianbao convert`); `counts_template` is the two together.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from pydantic import BaseModel

from nianbao import format as fmt
from nianbao.model import Contact, Figure, Notes, ReportData

__all__ = ["carried_from", "counts_template", "counts_yaml", "follow_ups", "starting_data"]


def starting_data(
    organ: str, year: int, prior: ReportData | None = None, *, blank: bool = False
) -> ReportData:
    """A year's data with every cell of its layout at 0, or carried over from `prior`.

    `blank`: every cell not carried over starts blank (`null`) instead of 0, so that a file
    nobody filled in cannot pass as a year of zeros (`nianbao init`); carried-over rows of
    zeros start blank too.

    With `prior` (last year's data, from any reader): 上年结转 is last year's 结转下年度,
    the 现行有效 figures of table 二 start from last year's, and last year's problems
    (`prior.problems()`, part 五) go to `notes.prior_problems` with an empty 整改情况 for
    the clerk to fill in; this year's `problems` start empty.
    """
    lay = fmt.layout_for_year(year)
    in_force = _prior_in_force(lay, prior)
    zero = None if blank else 0
    if blank and not any(in_force.values()):
        in_force = {}  # zeros carried over would make an untouched table look filled in
    active: dict[str, Any] = {}
    for block in lay.active_blocks:
        for row in block.rows:
            if block.columns[0][0] == "":
                active[row.key] = zero
            else:
                active[row.key] = {
                    key: in_force.get(f"{row.key}.{key}", zero) for key, _, _ in block.columns
                }
    width = len(fmt.APPLICANT_COLUMNS)
    if blank:
        width -= 1  # the 总计 column left out: derived from the six, a formula in a workbook
    applications: dict[str, list[int | None]] = {
        r.key: [zero] * width for r in lay.app_rows if r.role != "total"
    }
    if prior is not None:
        # a cell last year's report could not be read from stays blank, to be filled in
        carried: list[int | None] = [
            None if c.value is None else int(c.number) for c in prior.table3()["carried_forward"]
        ]
        if any(carried) or not blank:  # zeros carried over would make table 三 look filled in
            applications["carried_over"] = carried
    review = {
        g.key: {c.key: zero for c in fmt.REVIEW_COLUMNS if not (blank and c.key == "total")}
        for g in fmt.REVIEW_GROUPS
    }  # blank: each 总计 left out, derived from its parts (a formula in a workbook)
    prior_problems = (
        [{"problem": p, "rectification": ""} for p in follow_ups(prior)]
        if prior is not None
        else []
    )
    return ReportData.model_validate(
        {
            "organ": organ,
            "year": year,
            "active": active,
            "applications": applications,
            "review_litigation": review,
            "notes": {"problems": [], "prior_problems": prior_problems},
        }
    )


_LEADING_ORDINAL = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+是[：:，,]?|[（(][一二三四五六七八九十\d]+[）)][、.．]?|"
    r"[一二三四五六七八九十]+[、.．]|\d{1,2}\s*[、.．)）](?!\d))\s*"
)


def follow_ups(prior: ReportData) -> list[str]:
    """Last year's problems (part 五) as plain strings: the items this year must follow up —
    without the ordinals and quotes a published report wraps them in (一是“……”)."""
    out: list[str] = []
    for p in prior.problems():
        text = p.problem.strip()
        for _ in range(2):
            text = _LEADING_ORDINAL.sub("", text).strip()
            if len(text) > 2 and text[0] in '“"「' and text[-1] in '”"」':
                text = text[1:-1].strip()
        if text:
            out.append(text)
    return out


def carried_from(data: ReportData, prior: ReportData | None) -> set[str]:
    """What in `data` still holds last year's figures: "carried_over" (上年结转 equal to
    last year's 结转下年度) and table-二 paths of 现行有效 equal to last year's. Used to
    mark pre-filled cells, and only while they are what was pre-filled."""
    if prior is None:
        return set()
    out: set[str] = set()
    last = [int(c.number) for c in prior.table3()["carried_forward"]]
    if [int(c.number) for c in data.table3()["carried_over"]] == last:
        out.add("carried_over")
    cells = data.table2()
    for path, value in _prior_in_force(data.format_layout, prior).items():
        if path in cells and cells[path].value == value:
            out.add(path)
    return out


def _prior_in_force(lay: fmt.Layout, prior: ReportData | None) -> dict[str, int]:
    """现行有效 cells carried from last year (only when both years use the same layout)."""
    if prior is None or prior.format_layout.key != lay.key:
        return {}
    cells = prior.table2(lay)
    return {
        c.path: int(cells[c.path].number)
        for c in lay.active_cells
        if c.path.endswith(".in_force") and c.path in cells and cells[c.path].value is not None
    }


def counts_template(organ: str, year: int, prior: ReportData | None = None) -> str:
    """The counts file for `organ` and `year`, all zeros, every row named as printed.

    With `prior` (last year's data), 上年结转 is taken from last year's 结转下年度 and the
    现行有效 figures of table 二 start from last year's, and last year's problems are listed
    as items to follow up.
    """
    return counts_yaml(starting_data(organ, year, prior), prior=prior)


# --- writing a counts file ---------------------------------------------------------------------

_NOT_YAML_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029]"
)


def _q(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`."""
    quoted = json.dumps(text, ensure_ascii=False)

    def escape(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return _NOT_YAML_PRINTABLE.sub(escape, quoted)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, BaseModel):
        return _flow(value, list(type(value).model_fields))
    return _q(str(value))


def _flow(model: BaseModel, order: Sequence[str]) -> str:
    """The fields the model was given, as a YAML flow mapping in `order`."""
    given = model.model_fields_set
    keys = [k for k in order if k in given] + sorted(given - set(order))
    return "{" + ", ".join(f"{k}: {_scalar(getattr(model, k))}" for k in keys) + "}"


def _row(values: Sequence[Any]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def counts_yaml(
    data: ReportData, *, prior: ReportData | None = None, header: Sequence[str] = ()
) -> str:
    """`data` as a commented counts file; loading it gives the same data.

    Every row of the data's layout is written (rows the data leaves out as zeros), keys the
    data gives beyond its layout are kept, and totals the data does not give stay derived.
    `prior` only adds comments on what was carried over; `header` adds comment lines on top.
    """
    lay = data.format_layout
    out: list[str] = [
        f"# {data.organ}{data.year}年政府信息公开工作年度报告 — 数据文件 / counts file",
        f"# 格式：{lay.name}（{lay.document}）。填写后运行 / when filled in, run:",
        "#   nianbao check counts.yaml",
        "# 约定：未写的行按0计；null 表示报告中该格空白。/ rows left out are zeros; null = blank.",
        *(f"# {h}" for h in header),
        f"organ: {_q(data.organ)}",
        f"year: {data.year}",
    ]
    if data.organ_kind:
        out.append(f"organ_kind: {data.organ_kind}  # {fmt.ORGAN_KINDS[data.organ_kind]}")
    else:
        out.append(
            "# organ_kind: government   # government 人民政府 / department 部门 / township 乡镇街道"
        )
    if data.layout:
        out.append(f"layout: {_q(data.layout)}  # {lay.name}")
    if data.published:
        out.append(f"published: {data.published.isoformat()}")
    if data.contact is not None:
        out.append(f"contact: {_flow(data.contact, list(Contact.model_fields))}")
    else:
        out.append(
            "# contact: {office: 政府信息公开工作机构, address: 地址, postcode: '000000', phone: 电话}"
        )
    out += ["", f"# {fmt.part('active').heading}", "active:", *_active_lines(data, lay, prior)]
    cols = "、".join(c.label for c in fmt.APPLICANT_COLUMNS)
    out += [
        "",
        f"# {fmt.part('applications').heading}",
        f"# 每行7个数：{cols}（总计可省略，自动计算）",
        "applications:",
        *_application_lines(data, lay, prior),
        "",
        f"# {fmt.part('review').heading}",
        "review_litigation:",
    ]
    rl = cast(BaseModel, data.review_litigation)
    order = [c.key for c in fmt.REVIEW_COLUMNS]
    zero = _zero(
        not any(c.value is not None and c.given for g in data.table4().values() for c in g.values())
    )
    for g in fmt.REVIEW_GROUPS:
        group = getattr(rl, g.key)
        label = g.label if g.parent == g.label else f"{g.parent}·{g.label}"
        if group is None:
            value = "{" + ", ".join(f"{k}: {zero}" for k in order) + "}"
        else:
            value = _flow(group, order)
        out.append(f"  {g.key}: {value}  # {label}")
    out += ["", *_notes_lines(data, prior), "", *_figure_lines(data), ""]
    return "\n".join(out)


def _zero(blank: bool) -> str:
    """What a row left out is written as: 0, or null in a table that holds no number at all
    (not filled in stays not filled in, so a written file never turns it into zeros)."""
    return "null" if blank else "0"


def _active_lines(data: ReportData, lay: fmt.Layout, prior: ReportData | None) -> list[str]:
    active = cast(BaseModel, data.active)
    given = active.model_fields_set
    zero = _zero(not any(c.given and c.value is not None for c in data.table2(lay).values()))
    carried = carried_from(data, prior)
    out: list[str] = []
    written: set[str] = set()
    for block in lay.active_blocks:
        out.append(f"  # {block.caption}：{'、'.join(c[1] for c in block.columns)}")
        for row in block.rows:
            written.add(row.key)
            value = getattr(active, row.key) if row.key in given else None
            if block.columns[0][0] == "":
                shown = _scalar(value) if row.key in given else zero
                unit = f"（{block.unit}，可带小数）" if block.unit == "万元" else ""
                out.append(f"  {row.key}: {shown}  # {row.label}{unit}")
                continue
            order = [key for key, _, _ in block.columns]
            if isinstance(value, BaseModel):
                shown = _flow(value, order)
            elif row.key in given:
                shown = _scalar(value)
            else:
                shown = "{" + ", ".join(f"{k}: {zero}" for k in order) + "}"
            note = ""
            if any(p.startswith(f"{row.key}.") for p in carried):
                note = "；现行有效按上年数预填，请加本年制发、减本年废止"
            out.append(f"  {row.key}: {shown}  # {row.label}{note}")
    extra = sorted(given - written)
    if extra:
        out.append(f"  # 以下不属于{lay.name} / not in the {lay.key} layout:")
        out += [f"  {k}: {_scalar(getattr(active, k))}" for k in extra]
    return out


def _application_lines(data: ReportData, lay: fmt.Layout, prior: ReportData | None) -> list[str]:
    carried = carried_from(data, prior)
    apps = cast(BaseModel, data.applications)
    given = data.app_rows_given()
    blank = not given or not any(
        c.given and c.value is not None for row in data.table3(lay).values() for c in row
    )
    zeros = [None if blank else 0] * len(fmt.APPLICANT_COLUMNS)
    out: list[str] = []
    group = ""
    rows = data.table3_rows(lay)  # the rows the file's sums run over (see ReportData.table3_rows)
    for r in rows:
        if r.role == "outcome" and r.group != group:
            group = r.group
            if group:
                out.append(f"  # {fmt.TABLE3_RESULTS} {group}")
        elif r.role == "outcome" and not group and r.key == "granted":
            out.append(f"  # {fmt.TABLE3_RESULTS}")
        note = ""
        if r.key == "carried_over" and prior is not None and r.key in carried:
            note = f"（取自{prior.year}年的结转下年度）"
        if r.key in given:
            out.append(f"  {r.key}: {_row(getattr(apps, r.key))}  # {r.printed}{note}")
        elif r.role == "total":
            sums = [c.number for c in data.table3(lay)["total"]]
            out.append(f"  # total: {_row(sums)}  # {r.printed}：可省略，自动计算并核对")
        else:
            out.append(f"  {r.key}: {_row(zeros)}  # {r.printed}{note}")
    extra = sorted(given - {r.key for r in rows})
    if extra:
        out.append(f"  # 以下不属于{lay.name} / not in the {lay.key} layout:")
        out += [f"  {k}: {_row(getattr(apps, k))}" for k in extra]
    return out


def _text_lines(key: str, value: str | list[str] | None, comment: str) -> list[str]:
    if isinstance(value, list):
        return [f"  {key}:  # {comment}", *(f"    - {_q(p)}" for p in value)]
    return [f"  {key}: {_q(value or '')}  # {comment}"]


def _notes_lines(data: ReportData, prior: ReportData | None) -> list[str]:
    notes = cast(BaseModel, data.notes)
    out = [
        "# 叙述部分的要点（起草时使用），每项可写一段文字或多段列表 / notes for the narrative",
        "notes:",
    ]
    for key in Notes.model_fields:
        value = getattr(notes, key)
        if key == "overview":
            out += _text_lines(key, value, "一、总体情况 开篇：年度工作总述")
        elif key == "other":
            out += _text_lines(key, value, "六、其他需要报告的事项：其他内容")
        elif key == "problems":
            out.append("  # 五、存在的主要问题及改进情况：本年度每项一个问题及改进措施")
            if not value:
                out += ["  problems: []", "  #  - {problem: 问题, improvement: 改进措施}"]
                continue
            out.append("  problems:")
            for pnote in value:
                out.append(f"    - problem: {_q(pnote.problem)}")
                out.append(f"      improvement: {_q(pnote.improvement)}")
        elif key == "prior_problems":
            out.append(
                "  # 五、上年度报告提出的问题及本年度整改情况：rectification 请据实写明本年度"
                "实际做了什么；留空则草稿中显示【待补充】标记 / last year's problems: write what "
                "was actually done this year"
            )
            if not value:
                out += [
                    "  prior_problems: []",
                    "  #  - {problem: 上年度提出的问题, rectification: 本年度整改情况}",
                ]
                continue
            out.append("  prior_problems:")
            if prior is not None:
                out.append(f"    # 以下为{prior.year}年报告提出的问题 / from {prior.year}'s report")
            for pp in value:
                out.append(f"    - problem: {_q(pp.problem)}")
                todo = "" if pp.rectification.strip() else "  # 待填写：本年度整改情况 / to fill in"
                out.append(f"      rectification: {_q(pp.rectification)}{todo}")
        elif key == "plans":
            out += _text_lines(key, value, "五、下一年度工作安排（可选）")
        else:
            t = fmt.topic(key)
            need = {"always": "", "government": "（人民政府必填）", "recommended": "（建议）"}[
                t.required
            ]
            comment = f"{fmt.part(t.part).number}、{t.label}{need}：{t.help}".rstrip("：")
            out += _text_lines(key, value, comment)
    return out


def _figure_lines(data: ReportData) -> list[str]:
    head = "# 叙述中引用的其他数字（表格以外），例如主动公开条数及其分项 / extra figures"
    if not data.figures:
        return [
            head,
            "figures: []",
            "#  - {key: active_total, label: 主动公开政府信息, value: 88, unit: 条, "
            "topic: active_disclosure}",
            "#  - {key: active_policy, label: 政策文件, value: 12, unit: 条, part_of: active_total}",
        ]
    order = list(Figure.model_fields)
    return [head, "figures:", *(f"  - {_flow(f, order)}" for f in data.figures)]
