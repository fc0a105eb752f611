"""The counts file as pydantic models, built from the format module.

`ReportData` is what a counts file (YAML/JSON) holds: the organ, the year, tables 二/三/四,
notes on the year's work per narrative topic, and extra figures the narrative may cite. The
row-level models of tables 二, 三 and 四 and the notes are generated from `format.py`, so the
key names, their Chinese titles and the JSON Schema come from the one list of rows.

Cell conventions: a row or key left out means zeros; `null` in a cell means the published
report left it blank (the checks warn and treat it as 0 where they say so).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    create_model,
    field_validator,
    model_validator,
)

from nianbao import format as fmt

__all__ = [
    "Cell",
    "Contact",
    "Figure",
    "Grid",
    "Notes",
    "PriorProblem",
    "ProblemNote",
    "ReportData",
]

Count = Annotated[StrictInt, Field(ge=0)]
Signed = StrictInt
Amount = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]

_STRICT = ConfigDict(extra="forbid", frozen=False)

_GENERATION = [0]
"""Counts assignments to any field of the counts-file models: cached views compare it."""
_VIEWS: dict[int, dict[tuple[Any, ...], tuple[Any, Any]]] = {}
"""Each live ReportData's computed views, by id (dropped when the ReportData is)."""


class _Tracked(BaseModel):
    """Base of the counts-file models: an assignment makes every cached view stale."""

    model_config = _STRICT

    def __setattr__(self, name: str, value: Any) -> None:
        _GENERATION[0] += 1
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        _GENERATION[0] += 1
        super().__delattr__(name)


def _kind_type(kind: fmt.CellKind) -> Any:
    return {"count": Count, "signed": Signed, "amount": Amount}[kind]


# --- table 二 ----------------------------------------------------------------------------------


def _active_model() -> type[BaseModel]:
    """The `active` key: one field per table-二 row of any layout."""
    rows: dict[str, dict[str, tuple[str, str, fmt.CellKind]]] = {}
    labels: dict[str, str] = {}
    captions: dict[str, str] = {}
    for lay in fmt.LAYOUTS:
        for block in lay.active_blocks:
            for row in block.rows:
                labels.setdefault(row.key, f"{row.label}（{lay.name}）")
                captions.setdefault(row.key, block.caption)
                for key, label, kind in block.columns:
                    rows.setdefault(row.key, {})[key] = (label, lay.key, kind)
    fields: dict[str, Any] = {}
    for row_key, cols in rows.items():
        scalar = cols.pop("", None)
        sub: Any = None
        if cols:
            sub_fields: dict[str, Any] = {
                key: (
                    _kind_type(kind) | None,
                    Field(None, title=label, description=f"{label}（{lay_key}格式）"),
                )
                for key, (label, lay_key, kind) in cols.items()
            }
            sub = create_model(f"Active_{row_key}", __base__=_Tracked, **sub_fields)
            globals()[sub.__name__] = sub  # found by name: a ReportData can be pickled
        if scalar is not None and sub is not None:
            typ: Any = _kind_type(scalar[2]) | sub | None
        elif scalar is not None:
            typ = _kind_type(scalar[2]) | None
        else:
            typ = sub | None
        desc = f"{captions[row_key]} {labels[row_key]}"
        if scalar is not None:
            desc += f"：{scalar[0]}"
        fields[row_key] = (typ, Field(None, title=labels[row_key], description=desc))
    model: type[BaseModel] = create_model(
        "Active", __base__=_Tracked, __doc__="二、主动公开政府信息情况", **fields
    )
    return model


Active = _active_model()


# --- table 三 ----------------------------------------------------------------------------------

Row = list[Count | None]


def _check_row(value: list[Any] | None) -> list[Any] | None:
    if value is not None and len(value) not in (6, 7):
        raise ValueError(
            f"每行应有6个数（自然人…其他）或7个数（另加总计），实有{len(value)}个 / "
            f"a row needs 6 numbers (one per applicant column) or 7 (with 总计), got {len(value)}"
        )
    return value


def _applications_model() -> type[BaseModel]:
    cols = "、".join(c.label for c in fmt.APPLICANT_COLUMNS)
    fields: dict[str, Any] = {}
    for r in fmt.all_app_rows():
        where = f"{r.group} " if r.group else ""
        only = "（仅2019年试行格式）" if r.key == "other_single_row" else ""
        fields[r.key] = (
            Row | None,
            Field(
                None,
                title=f"{where}{r.printed}{only}",
                description=f"{where}{r.printed}{only}：按 {cols} 的顺序填6或7个数",
            ),
        )
    validators = {"rows": field_validator(*fields, mode="after")(_check_row_cls)}
    model: type[BaseModel] = create_model(
        "Applications",
        __base__=_Tracked,
        __doc__="三、收到和处理政府信息公开申请情况（每行：自然人、商业企业、科研机构、"
        "社会公益组织、法律服务机构、其他[、总计]）",
        __validators__=validators,
        **fields,
    )
    return model


def _check_row_cls(cls: type, value: list[Any] | None) -> list[Any] | None:
    return _check_row(value)


Applications = _applications_model()


# --- table 四 ----------------------------------------------------------------------------------


def _review_models() -> tuple[type[BaseModel], type[BaseModel]]:
    group_fields: dict[str, Any] = {
        c.key: (Count | None, Field(None, title=c.label, description=c.label))
        for c in fmt.REVIEW_COLUMNS
    }
    group: type[BaseModel] = create_model("ReviewGroup", __base__=_Tracked, **group_fields)
    fields: dict[str, Any] = {
        g.key: (group | None, Field(None, title=g.label, description=f"{g.parent}：{g.label}"))
        for g in fmt.REVIEW_GROUPS
    }

    def _from_flat(cls: type, value: Any) -> Any:
        if isinstance(value, list):
            n = len(fmt.REVIEW_COLUMNS)
            if len(value) != n * len(fmt.REVIEW_GROUPS):
                raise ValueError(
                    f"按印刷顺序应有{n * len(fmt.REVIEW_GROUPS)}个数，实有{len(value)}个 / "
                    f"the flat form needs {n * len(fmt.REVIEW_GROUPS)} numbers, got {len(value)}"
                )
            return {
                g.key: {c.key: value[i * n + j] for j, c in enumerate(fmt.REVIEW_COLUMNS)}
                for i, g in enumerate(fmt.REVIEW_GROUPS)
            }
        return value

    model: type[BaseModel] = create_model(
        "ReviewLitigation",
        __base__=_Tracked,
        __doc__="四、政府信息公开行政复议、行政诉讼情况（也可写作按印刷顺序的15个数）",
        __validators__={"flat": cast(Any, model_validator(mode="before")(_from_flat))},
        **fields,
    )
    return group, model


ReviewGroupModel, ReviewLitigation = _review_models()
ReviewGroup = ReviewGroupModel  # the class's own name, for pickling


# --- notes and extra figures -------------------------------------------------------------------


class ProblemNote(_Tracked):
    """A problem of the year's work and what was (or will be) done about it."""

    model_config = _STRICT
    problem: str = Field(title="存在的问题", min_length=1)
    improvement: str = Field("", title="改进措施或整改情况")


class PriorProblem(BaseModel):
    """A problem last year's report named, and what was actually done about it this year
    (整改情况, written by the clerk; empty means not yet written — the draft shows a marker)."""

    model_config = _STRICT
    problem: str = Field(title="上年度报告提出的问题", min_length=1)
    rectification: str = Field(
        "",
        title="整改情况",
        description="本年度针对该问题实际做了什么（据实填写，不要照抄上年措施）",
    )


Text = str | list[str]


def _notes_model() -> type[BaseModel]:
    fields: dict[str, Any] = {
        "overview": (
            Text | None,
            Field(None, title="总体情况开篇", description="一、总体情况的开篇段：年度工作总述"),
        )
    }
    for t in fmt.TOPICS:
        if t.key in ("problems", "improvements"):
            continue
        fields[t.key] = (
            Text | None,
            Field(
                None,
                title=t.label,
                description=f"{fmt.part(t.part).heading} — {t.label}：{t.help}".rstrip("："),
            ),
        )
    fields["problems"] = (
        list[ProblemNote],
        Field(
            default_factory=list,
            title="存在的主要问题及改进情况",
            description="五、存在的主要问题及改进情况：每项一个问题及其改进措施",
        ),
    )
    fields["prior_problems"] = (
        list[PriorProblem],
        Field(
            default_factory=list,
            title="上年度问题整改情况",
            description="五、上年度报告提出的问题及本年度的整改情况（据实填写）",
        ),
    )
    fields["plans"] = (
        Text | None,
        Field(None, title="下一年度工作安排", description="五、下一年度政务公开工作打算"),
    )
    fields["other"] = (
        Text | None,
        Field(None, title="其他事项", description="六、其他需要报告的事项中的其他内容"),
    )
    model: type[BaseModel] = create_model(
        "Notes",
        __base__=_Tracked,
        __doc__="年度工作的要点，按叙述部分的主题分列（起草时使用）",
        **fields,
    )
    return model


Notes = _notes_model()


class Figure(_Tracked):
    """A figure the narrative may cite beyond the tables (主动公开88条, 其中理论宣讲82条 …)."""

    model_config = _STRICT
    key: str = Field(
        pattern=r"^[a-z][a-z0-9_]*$", title="键名", description="英文小写键名，如 active_total"
    )
    label: str = Field(min_length=1, title="名称", description="中文名称，如 主动公开政府信息")
    value: Count | Amount = Field(title="数值")
    unit: str = Field("", title="单位", description="如 条、件、次、个、万元")
    topic: str | None = Field(
        None, title="所属主题", description="notes 的主题键，如 active_disclosure"
    )
    part_of: str | None = Field(None, title="所属上级数字", description="上级数字的键名（其中…）")
    parts_complete: bool = Field(
        False, title="分项是否完整", description="为真时，各分项之和必须等于本数"
    )

    @field_validator("topic")
    @classmethod
    def _known_topic(cls, v: str | None) -> str | None:
        keys = {t.key for t in fmt.TOPICS} | {"overview", "other"}
        if v is not None and v not in keys:
            raise ValueError(
                f"未知主题 {v!r}，可用：{', '.join(sorted(keys))} / unknown topic {v!r}"
            )
        return v


class Contact(_Tracked):
    """Contact details printed in the preamble."""

    model_config = _STRICT
    office: str | None = Field(None, title="联系机构")
    address: str | None = Field(None, title="地址")
    postcode: str | None = Field(None, title="邮编")
    phone: str | None = Field(None, title="电话")
    email: str | None = Field(None, title="电子邮箱")
    website: str | None = Field(None, title="网站")


# --- the counts file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A table cell as the checks see it."""

    value: int | Decimal | None  # None: left blank in the report
    given: bool = True  # False: the key was left out (a zero) or the value was derived
    derived: bool = False  # computed by us (a total the file did not give)
    fallback: int | Decimal = 0  # what a blank stands for in sums: 0, or for a total its parts

    @property
    def number(self) -> int | Decimal:
        """The value; a blank reads as 0 (a blank total as the sum of its parts)."""
        return self.fallback if self.value is None else self.value

    @property
    def blank(self) -> bool:
        return self.value is None and self.given


Grid = dict[str, tuple[Cell, ...]]


def organ_name_problem(name: str) -> str | None:
    """What is wrong with an organ name that would inject text where it is printed: a line break
    (a new YAML key, a new prompt line) or an invisible character (bidi overrides such as U+202E
    that show the name reversed, zero-width characters, other control characters)."""
    import unicodedata

    for ch in name:
        cat = unicodedata.category(ch)
        if ch in "\r\n\x85" or cat in ("Zl", "Zp"):
            return "机关名称不能换行 / the organ name must be one line"
        if cat in ("Cc", "Cf", "Co", "Cs", "Cn"):
            return (
                f"机关名称含有不可见的控制字符 U+{ord(ch):04X}，请删除 / the organ name contains "
                f"the invisible character U+{ord(ch):04X}"
            )
    return None


class ReportData(_Tracked):
    """一份年报的数据 / The data of one annual report: the counts file."""

    model_config = ConfigDict(
        extra="forbid", title="政府信息公开工作年度报告数据 / nianbao counts file"
    )

    organ: str = Field(min_length=1, title="机关全称", description="发布年报的行政机关全称")
    year: int = Field(ge=1990, le=2200, title="报告年度", description="统计年度（不是发布年度）")
    organ_kind: Literal["government", "department", "township", "other"] | None = Field(
        None,
        title="机关类型",
        description="government 人民政府 / department 部门 / township 乡镇街道 / other；不填按名称推断",
    )
    layout: fmt.LayoutKey | None = Field(
        None, title="格式版本", description="2021 或 2019；不填按年度选择（2019–2020 试行格式）"
    )
    published: date | None = Field(None, title="发布日期", description="年报的发布日期（可选）")
    contact: Contact | None = Field(None, title="联系方式")
    active: Active = Field(  # type: ignore[valid-type]
        default_factory=Active, title="二、主动公开政府信息情况"
    )
    applications: Applications = Field(  # type: ignore[valid-type]
        default_factory=Applications, title="三、收到和处理政府信息公开申请情况"
    )
    review_litigation: ReviewLitigation = Field(  # type: ignore[valid-type]
        default_factory=ReviewLitigation, title="四、政府信息公开行政复议、行政诉讼情况"
    )
    notes: Notes = Field(default_factory=Notes, title="年度工作要点")  # type: ignore[valid-type]
    figures: list[Figure] = Field(default_factory=list, title="叙述中引用的其他数字")
    unconfirmed: list[str] = Field(
        default_factory=list,
        title="待核对的单元格",
        description="nianbao extract 未能确定而留空的单元格（如 t3.granted.total）；按原表填好后"
        "删去此项，draft-report 才会起草 / cells extract could not read with certainty (left "
        "blank); fill them in from the original table, then delete this list",
    )

    @field_validator("organ")
    @classmethod
    def _organ_printable(cls, value: str) -> str:
        problem = organ_name_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    def _cached(self, key: tuple[Any, ...], state: Any, compute: Callable[[], Any]) -> Any:
        """Tables 二/三/四 and the layout, computed once and shared by the checks, facts, report
        and review page; each entry carries the state it was computed from (`_state`), so a
        change to the data (an assignment, a list edited in place) is never answered stale.
        Kept outside the model (`_VIEWS`), so equality, copies and pickles are unaffected."""
        views = _VIEWS.get(id(self))
        if views is None:
            views = _VIEWS[id(self)] = {}
            weakref.finalize(self, _VIEWS.pop, id(self), None)
        hit = views.get(key)
        if hit is not None and hit[0] == state:
            return hit[1]
        value = compute()
        views[key] = (state, value)
        return value

    def _state(self, part: str) -> Any:
        """What one part of the data (`active`, `applications`, `review_litigation`) is, cheap
        to compare: which object, how many assignments any model has seen (`_Tracked`), and
        for table 三 the rows' numbers themselves (lists can be edited in place)."""
        model = cast(BaseModel, getattr(self, part))
        if part != "applications":
            return (_GENERATION[0], id(model))
        rows = tuple(tuple(v) if isinstance(v, list) else v for v in model.__dict__.values())
        return (_GENERATION[0], id(model), rows)

    @model_validator(mode="after")
    def _figures_consistent(self) -> ReportData:
        keys: dict[str, Figure] = {}
        for i, f in enumerate(self.figures):
            if f.key in keys:
                raise ValueError(f"figures[{i}]: 键名 {f.key!r} 重复 / duplicate figure key")
            keys[f.key] = f
        for i, f in enumerate(self.figures):
            if f.part_of is not None and f.part_of not in keys:
                raise ValueError(
                    f"figures[{i}] ({f.key}): part_of {f.part_of!r} 不是已定义的数字 / "
                    f"is not the key of another figure"
                )
        return self

    # --- views used by checks, facts and renderers ---

    @property
    def format_layout(self) -> fmt.Layout:
        """The layout this file is written in: declared, else told by its keys, else by year."""
        state = (self.layout, self.year, self._state("active"), self._state("applications"))
        layout: fmt.Layout = self._cached(("layout",), state, self._format_layout)
        return layout

    def _format_layout(self) -> fmt.Layout:
        if self.layout:
            return fmt.layout(self.layout)
        required = fmt.layout_for_year(self.year)
        used = self.layouts_used()
        if used and required.key not in used:
            return fmt.layout(sorted(used)[0])  # type: ignore[arg-type]
        return required

    def layouts_used(self) -> set[str]:
        """Layouts whose layout-specific keys (rows, table-二 cells) this file writes."""
        rows = self.app_rows_given()
        paths = self.active_paths_given()
        return {lay.key for lay in fmt.LAYOUTS if rows & lay.own_rows or paths & lay.own_paths}

    @property
    def kind(self) -> fmt.OrganKind:
        return self.organ_kind or fmt.organ_kind(self.organ)

    def table2(self, layout: fmt.Layout | None = None) -> dict[str, Cell]:
        """Table 二's cells by path ("regulations.issued", "licensing" …)."""
        lay = layout or self.format_layout
        state = self._state("active")
        return dict(self._cached(("table2", lay.key), state, lambda: self._table2(lay)))

    def _table2(self, lay: fmt.Layout) -> dict[str, Cell]:
        out: dict[str, Cell] = {}
        for c in lay.active_cells:
            out[c.path] = self._active_cell(c.path)
        return out

    def _active_cell(self, path: str) -> Cell:
        row_key, _, col = path.partition(".")
        active = cast(BaseModel, self.active)
        if row_key not in active.model_fields_set:
            return Cell(0, given=False)
        row = getattr(active, row_key)
        if not col:
            if isinstance(row, BaseModel):  # a 2019 mapping where 2021 wants a number
                return Cell(0, given=False)
            return Cell(row)
        if not isinstance(row, BaseModel):
            return Cell(0, given=False)
        if col not in row.model_fields_set:
            return Cell(0, given=False)
        return Cell(getattr(row, col))

    def active_paths_given(self) -> set[str]:
        """Every table-二 path the file wrote, whatever its layout."""
        out: set[str] = set()
        active = cast(BaseModel, self.active)
        for row_key in active.model_fields_set:
            row = getattr(active, row_key)
            if isinstance(row, BaseModel):
                out.update(f"{row_key}.{c}" for c in row.model_fields_set)
            else:
                out.add(row_key)
        return out

    def app_rows_given(self) -> set[str]:
        """Keys of table-三 rows the file wrote (others are zeros)."""
        apps = cast(BaseModel, self.applications)
        return {k for k in apps.model_fields_set if getattr(apps, k) is not None}

    def table3(self, layout: fmt.Layout | None = None) -> Grid:
        """Table 三 as 7 cells per row, with 总计 column and （七）总计 row derived when absent."""
        lay = layout or self.format_layout
        state = self._state("applications")
        return dict(self._cached(("table3", lay.key), state, lambda: self._table3(lay)))

    def _table3(self, lay: fmt.Layout) -> Grid:
        apps = cast(BaseModel, self.applications)
        given = self.app_rows_given()
        rows = self.table3_rows(lay)
        grid: Grid = {}
        for r in rows:
            if r.key in given:
                raw: list[int | None] = getattr(apps, r.key)
                cells = [Cell(v) for v in raw[:6]]
                parts = sum(c.number for c in cells)
                if len(raw) == 7:
                    cells.append(Cell(raw[6], fallback=parts))
                else:
                    cells.append(Cell(parts, given=False, derived=True))
                grid[r.key] = tuple(cells)
            elif r.role != "total":
                grid[r.key] = tuple(Cell(0, given=False) for _ in fmt.APPLICANT_COLUMNS)
        leaves = [grid[r.key] for r in rows if r.role == "outcome"]
        sums = [sum(row[i].number for row in leaves) for i in range(len(fmt.APPLICANT_COLUMNS))]
        if "total" not in grid:
            grid["total"] = tuple(Cell(s, given=False, derived=True) for s in sums)
        else:
            grid["total"] = tuple(
                Cell(c.value, fallback=s) if c.value is None else c
                for c, s in zip(grid["total"], sums, strict=True)
            )
        return {r.key: grid[r.key] for r in rows}

    def table3_rows(self, layout: fmt.Layout | None = None) -> tuple[fmt.AppRow, ...]:
        """Table 三's rows: the layout's, unless the file writes only another layout's own rows
        (a 2021 report printing （六）其他处理 as the 2019 single row: its sums still hold)."""
        lay = layout or self.format_layout
        given = self.app_rows_given()
        if given & lay.own_rows:
            return lay.app_rows
        for other in fmt.LAYOUTS:
            if other is not lay and given & other.own_rows:
                return other.app_rows
        return lay.app_rows

    def table4(self) -> dict[str, dict[str, Cell]]:
        """Table 四 by group and column, with each 总计 derived when absent."""
        state = self._state("review_litigation")
        grid: dict[str, dict[str, Cell]] = self._cached(("table4",), state, self._table4)
        return {k: dict(v) for k, v in grid.items()}

    def _table4(self) -> dict[str, dict[str, Cell]]:
        rl = cast(BaseModel, self.review_litigation)
        out: dict[str, dict[str, Cell]] = {}
        for g in fmt.REVIEW_GROUPS:
            grp = getattr(rl, g.key)
            cells: dict[str, Cell] = {}
            for c in fmt.REVIEW_COLUMNS:
                parts = sum(cells[k.key].number for k in fmt.REVIEW_COLUMNS[:-1] if k.key in cells)
                if grp is not None and c.key in grp.model_fields_set:
                    cells[c.key] = Cell(
                        getattr(grp, c.key), fallback=parts if c.key == "total" else 0
                    )
                elif c.key == "total":
                    cells[c.key] = Cell(parts, given=False, derived=True)
                else:
                    cells[c.key] = Cell(0, given=False)
            out[g.key] = cells
        return out

    def note(self, key: str) -> list[str]:
        """The notes for a topic as a list of paragraphs (empty when none were given)."""
        value = getattr(self.notes, key, None)
        if value is None:
            return []
        if isinstance(value, str):
            return [p.strip() for p in value.split("\n\n") if p.strip()]
        return [str(p).strip() for p in value if str(p).strip()]

    def problems(self) -> list[ProblemNote]:
        return list(cast(Any, self.notes).problems)

    def prior_problems(self) -> list[PriorProblem]:
        """Last year's problems with this year's 整改情况 (`notes.prior_problems`)."""
        return list(cast(Any, self.notes).prior_problems)
