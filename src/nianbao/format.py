"""The national format of the annual report, as data — the one place that lists it.

政府信息公开工作年度报告格式 (国办公开办函〔2021〕30号) and its 2019 trial predecessor
(国办公开办函〔2019〕60号): the six parts and their headings, the sub-topics each narrative
part must cover, and every row, column, label and number of tables 二, 三 and 四.

The counts-file schema (`model.py`), the checks, the readers of published reports and the
renderers all read these tuples; nothing else in the package spells a row label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

__all__ = [
    "ACTIVE_BLOCKS_2019",
    "ACTIVE_BLOCKS_2021",
    "ACTIVE_ITEM_HEADER",
    "LAW",
    "APPLICANT_COLUMNS",
    "LAYOUTS",
    "NARRATIVE_PHRASES",
    "ORGAN_KINDS",
    "PARTS",
    "REVIEW_COLUMNS",
    "REVIEW_GROUPS",
    "TABLE2_HEADER",
    "TABLE3_BALANCE_NOTE",
    "TABLE3_GROUPS",
    "TABLE3_HEADER",
    "TABLE3_RESULTS",
    "TOPICS",
    "ActiveBlock",
    "ActiveCell",
    "ActiveRow",
    "AppRow",
    "Column",
    "Layout",
    "LayoutKey",
    "Part",
    "ReviewGroup",
    "Topic",
    "layout",
    "chinese_ordinal",
    "is_government",
    "layout_for_year",
    "part",
    "group_location",
    "heading_number",
    "report_title",
    "review_location",
    "statistics_period",
    "t2_id",
    "t3_id",
    "t4_id",
    "topic",
]

LayoutKey = Literal["2021", "2019"]
CellKind = Literal["count", "signed", "amount"]
PartKey = Literal["overview", "active", "applications", "review", "problems", "other"]
OrganKind = Literal["government", "department", "township", "other"]


# --- the six parts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One of the six parts, e.g. 一、总体情况."""

    number: str  # 一 … 六
    key: PartKey
    title: str  # canonical title without the number
    narrative: bool  # prose (一, 五, 六) or a table (二, 三, 四)
    variants: tuple[str, ...] = ()  # other titles seen in published reports (accepted on reading)

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


PARTS: tuple[Part, ...] = (
    Part("一", "overview", "总体情况", True),
    Part("二", "active", "主动公开政府信息情况", False),
    Part("三", "applications", "收到和处理政府信息公开申请情况", False),
    Part(
        "四",
        "review",
        "政府信息公开行政复议、行政诉讼情况",
        False,
        variants=(
            "因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
            "因政府信息公开申请行政复议、提起行政诉讼的情况",
            "政府信息公开行政复议、诉讼情况",
        ),
    ),
    Part(
        "五",
        "problems",
        "存在的主要问题及改进情况",
        True,
        variants=("政府信息公开工作存在的主要问题及改进情况", "存在的主要问题和改进情况"),
    ),
    Part("六", "other", "其他需要报告的事项", True),
)


def part(key: PartKey) -> Part:
    """The part with this key."""
    for p in PARTS:
        if p.key == key:
            return p
    raise KeyError(key)


# --- what each narrative part must cover -------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """A sub-topic a narrative part must (or should) cover; also a key of the notes."""

    key: str
    part: PartKey
    label: str  # as a sub-heading would name it
    keywords: tuple[str, ...]  # any of these in the part's text counts as covering the topic
    required: Literal["always", "government", "recommended"] = "always"
    help: str = ""


TOPICS: tuple[Topic, ...] = (
    Topic(
        "active_disclosure",
        "overview",
        "主动公开",
        ("主动公开",),
        help="主动公开政府信息的数量、重点领域、解读回应等",
    ),
    Topic(
        "on_request",
        "overview",
        "依申请公开",
        ("依申请公开", "政府信息公开申请"),
        help="申请的受理、办理、答复；数字由表格自动给出",
    ),
    Topic(
        "information_management",
        "overview",
        "政府信息管理",
        ("政府信息管理", "信息管理"),
        help="公开属性源头认定、保密审查、目录、政策文件清理等",
    ),
    Topic(
        "platforms",
        "overview",
        "政府信息公开平台建设",
        ("平台建设", "平台"),
        help="政府网站、政务新媒体、公开专栏、查阅场所等",
    ),
    Topic(
        "supervision",
        "overview",
        "监督保障",
        ("监督保障", "监督", "保障"),
        help="组织领导、制度、培训、考核监督等",
    ),
    Topic(
        "assessment",
        "overview",
        "工作考核、社会评议和责任追究结果情况",
        ("工作考核", "社会评议", "责任追究"),
        required="government",
        help="《条例》第五十条第（四）项：各级人民政府须报告",
    ),
    Topic(
        "problems",
        "problems",
        "存在的主要问题",
        ("问题", "不足", "差距"),
        help="本年度工作中存在的具体问题",
    ),
    Topic(
        "improvements",
        "problems",
        "改进情况",
        ("改进", "整改", "下一步"),
        help="针对每个问题的改进措施，以及上年度问题的整改情况",
    ),
    Topic(
        "processing_fees",
        "other",
        "收取信息处理费情况",
        ("信息处理费",),
        help="按《政府信息公开信息处理费管理办法》，收取或未收取均须说明",
    ),
    Topic(
        "key_tasks",
        "other",
        "落实上级年度政务公开工作要点情况",
        ("工作要点", "要点"),
        required="recommended",
    ),
    Topic(
        "proposals",
        "other",
        "人大代表建议和政协提案办理结果公开情况",
        ("建议", "提案"),
        required="recommended",
    ),
    Topic(
        "innovation",
        "other",
        "政务公开工作创新情况",
        ("创新",),
        required="recommended",
    ),
    Topic(
        "statistics",
        "other",
        "有关数据统计说明",
        ("统计",),
        required="recommended",
    ),
)


def topic(key: str) -> Topic:
    """The topic with this key."""
    for t in TOPICS:
        if t.key == key:
            return t
    raise KeyError(key)


# --- table 二: 主动公开政府信息情况 -----------------------------------------------------------

TABLE2_HEADER = "信息内容"
"""The first cell of each header row of table 二 (above the row labels)."""


@dataclass(frozen=True)
class ActiveCell:
    """One value cell of table 二, addressed by `path` inside the counts file's `active`."""

    path: str  # "regulations.issued", "licensing", "fees_wan_yuan", "licensing.decisions" (2019)
    row_label: str
    column_label: str
    caption: str  # 第二十条第（一）项 …
    kind: CellKind = "count"
    unit: str = "件"

    @property
    def location(self) -> str:
        return f"表二 {self.caption} {self.row_label} × {self.column_label}"

    @property
    def row_location(self) -> str:
        return f"表二 {self.caption} {self.row_label}"


@dataclass(frozen=True)
class ActiveRow:
    key: str
    label: str


@dataclass(frozen=True)
class ActiveBlock:
    """A block of table 二: a caption row, a header row, data rows."""

    caption: str
    columns: tuple[tuple[str, str, CellKind], ...]  # (key, printed label, kind); key "" = scalar
    rows: tuple[ActiveRow, ...]
    unit: str = "件"

    @property
    def cells(self) -> tuple[ActiveCell, ...]:
        out: list[ActiveCell] = []
        for row in self.rows:
            for key, label, kind in self.columns:
                path = f"{row.key}.{key}" if key else row.key
                out.append(ActiveCell(path, row.label, label, self.caption, kind, self.unit))
        return tuple(out)


ACTIVE_ITEM_HEADER = "信息内容"
"""The first header cell of every table-二 block (above the row labels)."""

_DECISIONS_2021: tuple[tuple[str, str, CellKind], ...] = (("", "本年处理决定数量", "count"),)
_ITEMS_2019: tuple[tuple[str, str, CellKind], ...] = (
    ("prior_items", "上一年项目数量", "count"),
    ("change", "本年增/减", "signed"),
    ("decisions", "处理决定数量", "count"),
)

ACTIVE_BLOCKS_2021: tuple[ActiveBlock, ...] = (
    ActiveBlock(
        "第二十条第（一）项",
        (
            ("issued", "本年制发件数", "count"),
            ("repealed", "本年废止件数", "count"),
            ("in_force", "现行有效件数", "count"),
        ),
        (ActiveRow("regulations", "规章"), ActiveRow("normative_documents", "行政规范性文件")),
    ),
    ActiveBlock("第二十条第（五）项", _DECISIONS_2021, (ActiveRow("licensing", "行政许可"),)),
    ActiveBlock(
        "第二十条第（六）项",
        _DECISIONS_2021,
        (ActiveRow("punishment", "行政处罚"), ActiveRow("enforcement", "行政强制")),
    ),
    ActiveBlock(
        "第二十条第（八）项",
        (("", "本年收费金额（单位：万元）", "amount"),),
        (ActiveRow("fees_wan_yuan", "行政事业性收费"),),
        unit="万元",
    ),
)

ACTIVE_BLOCKS_2019: tuple[ActiveBlock, ...] = (
    ActiveBlock(
        "第二十条第（一）项",
        (
            ("made", "本年新制作数量", "count"),
            ("published", "本年新公开数量", "count"),
            ("total", "对外公开总数量", "count"),
        ),
        (ActiveRow("regulations", "规章"), ActiveRow("normative_documents", "规范性文件")),
    ),
    ActiveBlock(
        "第二十条第（五）项",
        _ITEMS_2019,
        (ActiveRow("licensing", "行政许可"), ActiveRow("other_services", "其他对外管理服务事项")),
    ),
    ActiveBlock(
        "第二十条第（六）项",
        _ITEMS_2019,
        (ActiveRow("punishment", "行政处罚"), ActiveRow("enforcement", "行政强制")),
    ),
    ActiveBlock(
        "第二十条第（八）项",
        (("prior_items", "上一年项目数量", "count"), ("change", "本年增/减", "signed")),
        (ActiveRow("fees", "行政事业性收费"),),
    ),
    ActiveBlock(
        "第二十条第（九）项",
        (("projects", "采购项目数量", "count"), ("amount", "采购总金额", "amount")),
        (ActiveRow("procurement", "政府集中采购"),),
        unit="",
    ),
)


# --- table 三: 收到和处理政府信息公开申请情况 -------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""  # the merged header above it, if any


APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("business", "商业企业", "法人或其他组织"),
    Column("research", "科研机构", "法人或其他组织"),
    Column("public_interest", "社会公益组织", "法人或其他组织"),
    Column("legal_services", "法律服务机构", "法人或其他组织"),
    Column("other", "其他", "法人或其他组织"),
    Column("total", "总计"),
)
"""Columns C1–C7 of table 三; C7 总计 = C1 + … + C6."""

TABLE3_BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE3_HEADER = "申请人情况"
TABLE3_RESULTS = "三、本年度办理结果"

RowRole = Literal["new", "carried_over", "outcome", "total", "carried_forward"]


@dataclass(frozen=True)
class AppRow:
    """A data row of table 三."""

    key: str  # the counts-file key
    number: str  # as printed: 一、 （一） 1.
    label: str  # as printed after the number
    role: RowRole
    group: str = ""  # for 1.–8. rows: the group's number and label, e.g. （三）不予公开
    short: str = ""  # how the narrative usually names it (予以公开, 不予公开 …)
    aliases: tuple[str, ...] = ()  # other labels seen in published reports (typos, wraps)

    @property
    def printed(self) -> str:
        """The label as printed in the row, number included."""
        return f"{self.number}{self.label}"

    @property
    def location(self) -> str:
        """Where the row sits in the table, with the printed numbering: 三、（三）4.保护第三方合法权益."""
        if self.role in ("outcome", "total"):
            inner = f"三、{self.group}{self.printed}" if self.group else f"三、{self.printed}"
        else:
            inner = self.printed
        return f"表三 {inner}"


def _group(number: str, label: str, rows: list[tuple[str, str, str]]) -> list[AppRow]:
    return [
        AppRow(key, f"{i}.", lab, "outcome", group=f"{number}{label}", short=short)
        for i, (key, lab, short) in enumerate(rows, start=1)
    ]


_HEAD_ROWS = [
    AppRow("new", "一、", "本年新收政府信息公开申请数量", "new", short="新收"),
    AppRow(
        "carried_over", "二、", "上年结转政府信息公开申请数量", "carried_over", short="上年结转"
    ),
    AppRow("granted", "（一）", "予以公开", "outcome", short="予以公开"),
    AppRow(
        "partially_granted",
        "（二）",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        "outcome",
        short="部分公开",
    ),
    *_group(
        "（三）",
        "不予公开",
        [
            ("denied_state_secret", "属于国家秘密", "国家秘密"),
            ("denied_law_prohibits", "其他法律行政法规禁止公开", "法律行政法规禁止公开"),
            ("denied_three_safeties", "危及“三安全一稳定”", "危及“三安全一稳定”"),
            ("denied_third_party", "保护第三方合法权益", "保护第三方合法权益"),
            ("denied_internal_affairs", "属于三类内部事务信息", "三类内部事务信息"),
            ("denied_process_info", "属于四类过程性信息", "四类过程性信息"),
            ("denied_enforcement_file", "属于行政执法案卷", "行政执法案卷"),
            ("denied_inquiry", "属于行政查询事项", "行政查询事项"),
        ],
    ),
    *_group(
        "（四）",
        "无法提供",
        [
            ("unable_not_held", "本机关不掌握相关政府信息", "本机关不掌握相关政府信息"),
            ("unable_needs_creation", "没有现成信息需要另行制作", "需要另行制作"),
            ("unable_unclear", "补正后申请内容仍不明确", "补正后申请内容仍不明确"),
        ],
    ),
    *_group(
        "（五）",
        "不予处理",
        [
            ("not_processed_petition", "信访举报投诉类申请", "信访举报投诉类申请"),
            ("not_processed_repeat", "重复申请", "重复申请"),
            ("not_processed_publication", "要求提供公开出版物", "要求提供公开出版物"),
            ("not_processed_mass_repeat", "无正当理由大量反复申请", "无正当理由大量反复申请"),
            (
                "not_processed_confirm",
                "要求行政机关确认或重新出具已获取信息",
                "要求确认或重新出具已获取信息",
            ),
        ],
    ),
]

_OTHER_2021 = _group(
    "（六）",
    "其他处理",
    [
        (
            "other_no_correction",
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "逾期不补正",
        ),
        (
            "other_no_fee",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "逾期未缴纳信息处理费",
        ),
        ("other_other", "其他", "其他处理"),
    ],
)
_OTHER_2019 = [AppRow("other_single_row", "（六）", "其他处理", "outcome", short="其他处理")]

_TAIL_ROWS = [
    AppRow("total", "（七）", "总计", "total", short="办结"),
    AppRow("carried_forward", "四、", "结转下年度继续办理", "carried_forward", short="结转下年度"),
]

TABLE3_GROUPS: tuple[tuple[str, str], ...] = (
    ("（三）", "不予公开"),
    ("（四）", "无法提供"),
    ("（五）", "不予处理"),
    ("（六）", "其他处理"),
)
"""The merged group labels of table 三 (no subtotal rows exist for them)."""


# --- table 四: 政府信息公开行政复议、行政诉讼情况 ---------------------------------------------


@dataclass(frozen=True)
class ReviewGroup:
    key: str
    label: str
    parent: str  # 行政复议 or 行政诉讼


REVIEW_GROUPS: tuple[ReviewGroup, ...] = (
    ReviewGroup("review", "行政复议", "行政复议"),
    ReviewGroup("litigation_direct", "未经复议直接起诉", "行政诉讼"),
    ReviewGroup("litigation_after_review", "复议后起诉", "行政诉讼"),
)

REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
"""Columns of each table-四 group; 总计 = the first four."""


def review_location(group: ReviewGroup, column: Column) -> str:
    return f"{group_location(group)} × {column.label}"


def group_location(group: ReviewGroup) -> str:
    if group.parent == group.label:
        return f"表四 {group.label}"
    return f"表四 {group.parent}（{group.label}）"


# --- layouts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """One version of the format, chosen by the reporting year."""

    key: LayoutKey
    name: str
    document: str
    first_year: int
    last_year: int | None
    active_blocks: tuple[ActiveBlock, ...]
    app_rows: tuple[AppRow, ...]
    # labels that only this layout prints: their presence in a report of the other layout's
    # years is the E-2 signal
    markers: tuple[str, ...] = field(default=())
    title: str = "《中华人民共和国政府信息公开工作年度报告格式》"  # as cited in a preamble

    @cached_property
    def active_cells(self) -> tuple[ActiveCell, ...]:
        return tuple(c for b in self.active_blocks for c in b.cells)

    @cached_property
    def outcome_rows(self) -> tuple[AppRow, ...]:
        """The leaf rows whose sum is （七）总计."""
        return tuple(r for r in self.app_rows if r.role == "outcome")

    @cached_property
    def own_rows(self) -> frozenset[str]:
        """Table-三 row keys no other layout has."""
        others = {r.key for o in LAYOUTS if o is not self for r in o.app_rows}
        return frozenset(r.key for r in self.app_rows if r.key not in others)

    @cached_property
    def own_paths(self) -> frozenset[str]:
        """Table-二 cell paths no other layout has."""
        others = {c.path for o in LAYOUTS if o is not self for c in o.active_cells}
        return frozenset(c.path for c in self.active_cells if c.path not in others)

    def app_row(self, key: str) -> AppRow:
        return self._rows_by_key[key]

    @cached_property
    def _rows_by_key(self) -> dict[str, AppRow]:
        return {r.key: r for r in self.app_rows}

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "2021",
        "2021年修订格式",
        "国办公开办函〔2021〕30号",
        2021,
        None,
        ACTIVE_BLOCKS_2021,
        (*_HEAD_ROWS, *_OTHER_2021, *_TAIL_ROWS),
        markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正"),
    ),
    Layout(
        "2019",
        "2019年试行格式",
        "国办公开办函〔2019〕60号",
        2019,
        2020,
        ACTIVE_BLOCKS_2019,
        (*_HEAD_ROWS, *_OTHER_2019, *_TAIL_ROWS),
        markers=(
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量",
            "上一年项目数量",
            "本年增/减",
            "其他对外管理服务事项",
            "政府集中采购",
            "采购项目数量",
        ),
        title="《中华人民共和国政府信息公开工作年度报告格式（试行）》",
    ),
)

FIRST_YEAR = 2019
"""Reports for years before 2019 predate the national format."""


def layout(key: LayoutKey) -> Layout:
    for lay in LAYOUTS:
        if lay.key == key:
            return lay
    raise KeyError(key)


def layout_for_year(year: int) -> Layout:
    """The layout a report for `year` must use (2019–2020 trial, 2021 onward revised)."""
    for lay in LAYOUTS:
        if lay.covers(year):
            return lay
    return layout("2019") if year < FIRST_YEAR else layout("2021")


def all_app_rows() -> tuple[AppRow, ...]:
    """Every table-三 row of every layout, each key once, in printed order."""
    seen: dict[str, AppRow] = {}
    for lay in LAYOUTS:
        for r in lay.app_rows:
            seen.setdefault(r.key, r)
    order = [r.key for r in layout("2021").app_rows]
    order.insert(order.index("total"), "other_single_row")
    return tuple(seen[k] for k in order)


def all_active_cells() -> tuple[ActiveCell, ...]:
    """Every table-二 cell of every layout, each path once."""
    seen: dict[str, ActiveCell] = {}
    for lay in LAYOUTS:
        for c in lay.active_cells:
            seen.setdefault(c.path, c)
    return tuple(seen.values())


# --- the document around the tables ----------------------------------------------------------

LAW = "《中华人民共和国政府信息公开条例》"
"""The regulation every report is made under (cited in the preamble)."""

_TITLE_SUFFIX = "年政府信息公开工作年度报告"


def report_title(organ: str, year: int) -> str:
    """The report's title: <机关全称><YYYY>年政府信息公开工作年度报告."""
    return f"{organ.strip()}{year}{_TITLE_SUFFIX}"


def statistics_period(year: int) -> str:
    """The statistics period of a report: YYYY年1月1日至YYYY年12月31日."""
    return f"{year}年1月1日至{year}年12月31日"


_ORDINALS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十: the numerals of 公文 numbering (below 100)."""
    if n < 10:
        return _ORDINALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ORDINALS[tens]) + "十" + (_ORDINALS[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    """The number of the n-th heading at a level of 公文 numbering: 一、 （一） 1. （1）."""
    if n < 1 or n > 99:
        raise ValueError(f"heading number out of range: {n}")
    if level == 1:
        return f"{chinese_ordinal(n)}、"
    if level == 2:
        return f"（{chinese_ordinal(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level out of range: {level}")


# --- who is reporting --------------------------------------------------------------------------


ORGAN_KINDS: dict[OrganKind, str] = {
    "government": "人民政府",
    "department": "人民政府部门",
    "township": "乡镇（街道）",
    "other": "其他",
}
"""The kinds of reporting organ and their Chinese names (as offered in the Excel workbook)."""


def organ_kind(organ: str) -> OrganKind:
    """Guess the kind of organ from its name: a government, a township/street, a department."""
    name = organ.strip()
    if name.endswith(("镇人民政府", "乡人民政府", "街道办事处", "苏木人民政府")) or name.endswith(
        ("镇", "乡", "街道")
    ):
        return "township"
    if name.endswith("人民政府"):
        return "government"
    if name.endswith(
        ("局", "委员会", "管委会", "办公室", "厅", "委", "中心", "院", "署", "部", "馆", "所")
    ):
        return "department"
    return "other"


def self_reference(kind: OrganKind, organ: str) -> str:
    """How the organ names itself in 公文 prose: 我镇, 我区, 我县, 我旗, 我州, 我市, 我委, 我厅,
    我中心 … (本机关 when the name gives no hint)."""
    name = organ.strip()
    if kind == "township":
        for suffix, ref in (
            ("街道办事处", "我街道"),
            ("镇人民政府", "我镇"),
            ("乡人民政府", "我乡"),
            ("苏木人民政府", "我苏木"),
            ("街道", "我街道"),
            ("镇", "我镇"),
            ("乡", "我乡"),
        ):
            if name.endswith(suffix):
                return ref
        return "我镇" if "镇" in name else "本机关"
    if kind == "government":
        for level, ref in (
            ("自治区人民政府", "我区"),
            ("自治州人民政府", "我州"),
            ("自治县人民政府", "我县"),
            ("自治旗人民政府", "我旗"),
            ("区人民政府", "我区"),
            ("县人民政府", "我县"),
            ("旗人民政府", "我旗"),
            ("州人民政府", "我州"),
            ("盟行政公署", "我盟"),
            ("市人民政府", "我市"),
            ("省人民政府", "我省"),
        ):
            if name.endswith(level):
                return ref
        return "本机关"
    if kind == "department":
        if name.endswith(("管理委员会", "管委会")) and "区" in name:
            return "我区" if not name.endswith("委员会办公室") else "我办"
        for suffix, ref in (
            ("办公厅", "我厅"),
            ("委员会", "我委"),
            ("办公室", "我办"),
            ("中心", "我中心"),
            ("局", "我局"),
            ("厅", "我厅"),
            ("委", "我委"),
            ("院", "我院"),
            ("署", "我署"),
            ("馆", "我馆"),
            ("所", "我所"),
            ("部", "我部"),
            ("会", "我会"),
            ("处", "我处"),
        ):
            if name.endswith(suffix):
                return ref
    return "本机关"


def is_government(kind: OrganKind, organ: str) -> bool:
    """Whether the organ is a 人民政府 of any level (township governments included): the
    《条例》第五十条第（四）项 topic 工作考核、社会评议和责任追究 is then required."""
    return kind == "government" or organ.strip().endswith("人民政府")


# --- how narrative text names a table figure ----------------------------------------------------

NARRATIVE_PHRASES: dict[str, tuple[str, ...]] = {
    # table 三 rows (by row key) — error-taxonomy §5, N-1 … N-5; "收到" may mean 新收 or
    # 新收＋上年结转, so both facts carry it
    "new": ("新收", "收到", "受理", "提出", "新增", "接收", "共收", "政府信息公开申请"),
    "carried_over": ("上年结转", "上年度结转", "上一年度结转", "结转上年"),
    "total": ("办结", "答复", "办理完毕", "办理", "处理", "总计"),
    "carried_forward": (
        "结转下年度",
        "结转下一年度",
        "结转至下年度",
        "结转至下一年度",
        "结转到下一年度",
        "结转下",
        "转下一年",
        "转入下一年",
        "顺延至下",
        "顺延到下",
        "顺延",
        "继续办理",
    ),
    "granted": ("予以公开", "同意公开", "全部公开"),
    "partially_granted": ("部分公开", "区分处理"),
    "denied_law_prohibits": ("法律、行政法规禁止公开", "法律行政法规禁止公开"),
    "denied_three_safeties": ("三安全一稳定", "“三安全一稳定”"),
    "denied_third_party": ("第三方合法权益", "第三方权益"),
    "denied_internal_affairs": ("内部事务信息",),
    "denied_process_info": ("过程性信息",),
    "denied_inquiry": ("行政查询事项", "行政查询"),
    "unable_not_held": ("不掌握",),
    "unable_needs_creation": ("另行制作",),
    "unable_unclear": ("仍不明确", "申请内容不明确", "内容不明确"),
    "not_processed_petition": ("信访举报投诉", "信访、举报、投诉"),
    "not_processed_publication": ("公开出版物",),
    "not_processed_mass_repeat": ("大量反复申请",),
    "not_processed_confirm": ("确认或重新出具",),
    "other_no_correction": ("逾期不补正", "不补正"),
    "other_no_fee": ("逾期未缴纳", "未按收费通知", "未缴纳"),
    # table 三 groups (by group label)
    "不予公开": ("不予公开",),
    "无法提供": ("无法提供",),
    "不予处理": ("不予处理",),
    "其他处理": ("其他处理", "其他方式处理"),
    # table 二 (by path; the column words of 第二十条第（一）项)
    "regulations": ("规章",),
    "normative_documents": ("行政规范性文件", "规范性文件"),
    "issued": ("制发", "出台", "制定", "印发", "发布"),
    "repealed": ("废止",),
    "in_force": ("现行有效",),
    "licensing": ("行政许可",),
    "punishment": ("行政处罚",),
    "enforcement": ("行政强制",),
    "fees_wan_yuan": ("行政事业性收费", "收费金额", "收费"),
    # table 四 (by group key, column key)
    "review": ("行政复议", "复议"),
    "litigation_direct": (
        "直接起诉",
        "未经复议直接起诉",
        "直接提起诉讼",
        "直接提起行政诉讼",
        "未经复议直接提起诉讼",
        "未经复议直接提起行政诉讼",
    ),
    "litigation_after_review": (
        "复议后起诉",
        "复议后提起诉讼",
        "复议后提起行政诉讼",
        "复议后又提起诉讼",
        "复议后又提起行政诉讼",
        "经复议后起诉",
    ),
    "litigation": ("行政诉讼", "起诉", "诉讼", "被诉"),
    "upheld": ("维持",),
    "corrected": ("纠正", "纠错", "败诉", "撤销"),
    "pending": ("尚未审结", "未审结", "审理中", "未结"),
    "other_result": ("其他结果",),
    # derived figures
    "received_total": (
        "收到",
        "受理",
        "共计",
        "合计",
        "总数",
        "申请总数",
        "共收到",
        "需办理",
        "应办理",
        "需要办理",
    ),
    "granted_and_partial": (
        "予以公开及部分公开",
        "予以公开和部分公开",
        "全部或部分公开",
        "公开和部分公开",
    ),
    "legal_persons": ("法人或其他组织", "法人和其他组织", "法人及其他组织", "法人"),
    "business": ("商业企业", "企业"),
    "share": ("占", "比例", "比重", "占比", "率"),
    "increase": ("增加", "增多", "上升", "增长", "提高"),
    "decrease": ("减少", "下降", "回落", "降低"),
    "prior": ("上年", "去年", "上一年度", "上年度"),
}
"""Words that name a figure in prose, used to check that a figure stands next to the words of
its own fact (予以公开2件 must be the 予以公开 figure, not another that also equals 2)."""


# --- stable ids of table cells (anchors in HTML, links from findings and facts) ----------------


def t2_id(path: str) -> str:
    return f"t2.{path}"


def t3_id(row: str, column: str) -> str:
    return f"t3.{row}.{column}"


def t4_id(group: str, column: str) -> str:
    return f"t4.{group}.{column}"
