"""The built-in writer: the narrative parts from the facts and the notes, with no model.

公文 prose that covers every sub-topic the format asks for (`format.TOPICS`). Figures are
written as fact placeholders and filled by `verify.fill_placeholders`, the same function that
fills the model's drafts, so the writer cannot state a figure the tables do not hold; each
figure is stated once, with the words that name its fact (新收…, 予以公开…占办结总数的…,
行政复议…其中结果维持…). The notes are normalised first (`draft.notes`): the clerk's ordinals
stripped, the subject chosen once, fragments left out with a remark, notes that name another
topic moved there.

Where the data is silent on something the format requires (a required topic with no notes,
信息处理费, 责任追究, last year's 整改情况, this year's problems), the writer leaves a visible
marker 【待补充：…】 (`narrative.marker`) — never a default claim.

Wording is varied deterministically by organ and year (`_Writer.pick`: every choice is seeded
by organ name, year and the slot), so two organs' drafts do not read alike and a re-run gives
the same text. The opening lead takes the year's policy line from `data/leads.yaml` (editable;
`NIANBAO_LEADS` names a file of the same shape that replaces its years).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import yaml

from nianbao import format as fmt
from nianbao.draft.notes import Item, PreparedNotes, prepare_notes, topic_phrase
from nianbao.facts import Facts, derive_facts
from nianbao.model import Figure, ReportData
from nianbao.narrative import (
    NARRATIVE_PARTS,
    Narrative,
    NarrativePartKey,
    Paragraph,
    PartText,
    Section,
    marker,
)
from nianbao.verify import fill_placeholders, required_topics

__all__ = ["heading_for", "lead_lines", "write_narrative", "write_part"]

_LAW = "《中华人民共和国政府信息公开条例》"
_FEE_RULES = "《政府信息公开信息处理费管理办法》"
_LEADS_FILE = Path(__file__).resolve().parent.parent / "data" / "leads.yaml"

_MARKS = {
    "active_disclosure": "主动公开的重点领域、发布渠道和具体做法",
    "information_management": "政府信息管理的具体做法（公开属性认定、发布审核、保密审查、政策文件清理等）",
    "platforms": "政府信息公开平台建设情况（政府网站、政务新媒体、公开专栏、查阅场所等，按本机关实际写）",
    "supervision": "监督保障情况（组织领导、制度建设、业务培训等）",
    "assessment": "工作考核、社会评议和责任追究结果情况（是否开展、结果如何，请据实写明）",
    "accountability": "责任追究结果情况（有无责任追究，请据实写明）",
    "processing_fees": "是否收取信息处理费（收取的写明件数和金额，没有收取的也须写明）",
    "problems": "本年度政府信息公开工作存在的主要问题",
    "improvements": "针对上述问题的改进措施",
}


def heading_for(topic: fmt.Topic) -> str:
    """The sub-heading the writer gives a topic: 主动公开 → 主动公开情况."""
    if topic.part == "problems" or topic.label.endswith(("情况", "说明")):
        return topic.label
    return f"{topic.label}情况"


def lead_lines(year: int, path: Path | None = None) -> list[str]:
    """The year's policy lines for the opening lead (`data/leads.yaml`, or `path`, or the file
    `NIANBAO_LEADS` names, whose years replace the shipped ones; a year no file lists takes the
    `default` lines)."""
    years, default = _read_leads(_LEADS_FILE)
    env = os.environ.get("NIANBAO_LEADS")
    user = path or (Path(env) if env else None)
    if user is not None and user.is_file():
        more, more_default = _read_leads(user)
        years.update(more)
        default = more_default or default
    lines = years.get(year) or default
    return [x.strip().rstrip("。，,") for x in lines if x.strip()] or [f"深入贯彻落实{_LAW}"]


def _read_leads(path: Path) -> tuple[dict[int, list[str]], list[str]]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}, []
    if not isinstance(raw, dict):
        return {}, []
    years: dict[int, list[str]] = {}
    for k, v in (raw.get("years") or {}).items():
        if isinstance(v, list):
            years[int(k)] = [str(x) for x in v]
        elif isinstance(v, str):
            years[int(k)] = [v]
    default = raw.get("default")
    return years, [str(x) for x in default] if isinstance(default, list) else []


def _end(text: str) -> str:
    text = text.strip().rstrip("，,；;、：:")
    return text if text.endswith(("。", "！", "？", "”", "】")) else text + "。"


def _plain(text: str) -> str:
    """A problem quoted inside a sentence: no ordinal, no quotes of its own, no end mark."""
    text = re.sub(r"[“”\"‘’「」]", "", text).strip()
    return text.rstrip("。；;，,、 ")


class _Writer:
    def __init__(self, data: ReportData, facts: Facts, prior: ReportData | None) -> None:
        self.data = data
        self.facts = facts
        self.prior = prior
        self.year = data.year
        self.ref = fmt.self_reference(data.kind, data.organ)
        self.gov = fmt.is_government(data.kind, data.organ)
        self.notes: PreparedNotes = prepare_notes(data)
        self.remarks: list[str] = []

    # --- helpers --------------------------------------------------------------------------

    def pick(self, slot: str, options: Sequence[str]) -> str:
        """One of `options`, fixed by organ, year and slot (the same organ gets the same text)."""
        h = hashlib.sha256(f"{self.data.organ}\x00{self.year}\x00{slot}".encode()).digest()
        return options[int.from_bytes(h[:4], "big") % len(options)]

    def v(self, key: str) -> Decimal:
        return self.facts.value(key)

    def para(self, text: str) -> Paragraph:
        filled, _, refs = fill_placeholders(text, self.facts)
        return Paragraph(text=filled, source="writer", figures=refs)

    def warn_notes(self, part: NarrativePartKey) -> None:
        keys = {t.key for t in fmt.TOPICS if t.part == part}
        keys |= {"overview"} if part == "overview" else set()
        keys |= {"other"} if part == "other" else set()
        self.remarks += [msg for key, msg in self.notes.warnings if key in keys]

    def mark(self, key: str, what: str | None = None) -> str:
        text = what or _MARKS[key]
        self.remarks.append(
            f"数据和要点没有依据，稿中留有{marker(text)}，请据实填写 / no data for {key}: marker left"
        )
        return marker(text)

    def scope(self) -> str:
        """全镇 / 全县 / 全区 … for a government; the organ's field of work for a department."""
        if self.zone():
            return self.pick("scope.zone", ("全区", "园区", "开发区"))
        if self.ref.startswith("我") and (self.gov or self.data.kind == "township"):
            return "全" + self.ref[1:] if self.ref != "我街道" else "辖区"
        return ""

    def zone(self) -> bool:
        """A development zone's 管理委员会 (its own scope, not a department's field)."""
        return bool(re.search(r"(?:开发区|高新区|新区|园区|试验区|自贸区)", self.data.organ)) and (
            self.data.organ.endswith(("管理委员会", "管委会"))
        )

    def domain(self) -> str:
        """A department's field of work from its name: 青石县自然资源局 → 自然资源,
        安平市市场监督管理局 → 市场监督管理."""
        name = self.data.organ.strip()
        while True:
            m = re.match(r"^(?:[^省市县区州旗盟]{1,6}(?:自治区|自治州|省|市|县|区|州|旗|盟))", name)
            if not m or len(name) - m.end() < 3:
                break
            name = name[m.end() :]
        m = re.match(r"^(.{2,10}?)(?:委员会|办公室|办公厅|局|委|厅|中心|院|署|馆|所|部)$", name)
        if not m:
            return ""
        d = m.group(1)
        if "政府" in d or d.endswith(("区", "开发区")) or "开发" in d:
            return ""
        return d

    def items_text(self, items: list[Item], slot: str, label: str) -> str:
        """One item as a sentence with the organ as subject where it needs one; several as
        an opener and 一是…；二是…, each led by its topic phrase when the note has one."""
        if not items:
            return ""
        if len(items) == 1:
            it = items[0]
            text = it.text
            if it.verb or it.subject:
                text = self.pick(
                    slot + ".one",
                    (f"{self.ref}{text}", f"{self.year}年，{self.ref}{text}", f"{self.ref}{text}"),
                )
            return _end(text)
        opener = self.pick(
            slot + ".opener",
            (
                f"{self.ref}从以下方面做好{label}工作：",
                f"围绕{label}，{self.ref}主要开展了以下工作：",
                f"在{label}方面，{self.ref}着重抓了以下工作：",
                f"{self.year}年，{self.ref}在{label}上重点做了以下工作：",
                f"{label}工作中，{self.ref}主要做法是：",
            ),
        )
        pieces: list[str] = []
        phrased = False
        for i, it in enumerate(items, 1):
            head, rest = topic_phrase(it.text)
            if head:
                phrased = True
                pieces.append(f"{fmt.chinese_ordinal(i)}是{head}。{rest}")
            else:
                pieces.append(f"{fmt.chinese_ordinal(i)}是{it.text}")
        return opener + ("。" if phrased else "；").join(pieces) + "。"

    # --- 一、总体情况 ---------------------------------------------------------------------

    def overview(self) -> list[Section]:
        sections = [Section(paragraphs=[self.para(self.lead())])]
        for topic, _required in required_topics(self.data, "overview"):
            body = getattr(self, f"_topic_{topic.key}")(topic)
            sections.append(
                Section(
                    heading=heading_for(topic),
                    topic=topic.key,
                    paragraphs=[self.para(t) for t in body if t],
                )
            )
        self.warn_notes("overview")
        return sections

    def lead(self) -> str:
        """The opening: the year's policy line, the organ's scope or field, what the year held
        (from the data, without figures: each figure is stated once, in its section), then the
        clerk's own overview note."""
        line = self.pick("lead.line", lead_lines(self.year))
        if self.scope():
            focus = self.pick(
                "lead.focus.gov",
                (
                    f"统筹推进{self.scope()}政务公开工作",
                    f"组织推动{self.scope()}政府信息公开各项工作",
                    f"围绕{self.scope()}中心工作推进政务公开",
                    f"把政务公开融入{self.scope()}经济社会发展各项工作",
                    f"以公开助推{self.scope()}重点任务落实",
                    f"结合{self.scope()}实际抓好政府信息公开",
                    f"推动{self.scope()}政务公开提质增效",
                    f"聚焦{self.scope()}群众关切深化公开",
                ),
            )
        elif self.domain():
            d = self.domain()
            focus = self.pick(
                "lead.focus.dept",
                (
                    f"结合{d}工作实际推进政务公开",
                    f"围绕{d}领域重点工作做好政府信息公开",
                    f"将政府信息公开贯穿{d}工作各环节",
                    f"聚焦{d}领域群众关切推进信息公开",
                    f"着眼{d}业务特点抓好公开",
                    f"紧扣{d}管理服务职能推进公开",
                    f"围绕{d}改革发展任务深化公开",
                    f"立足{d}行业特点做好公开",
                ),
            )
        else:
            focus = self.pick(
                "lead.focus.other",
                ("结合本机关职责推进政务公开", "围绕本机关职能做好政府信息公开"),
            )
        activity: list[str] = []
        if self.v("t3.new.total") or self.v("t3.carried_over.total"):
            activity.append(
                self.pick(
                    "lead.apps",
                    (
                        "依法办理政府信息公开申请",
                        "依法依规答复公开申请",
                        "办理群众和企业的公开申请",
                        "规范办理依申请公开事项",
                        "认真对待群众和企业的公开申请",
                        "保障申请人依法获取政府信息",
                    ),
                )
            )
        if self.v("t4.all.total"):
            activity.append(
                self.pick(
                    "lead.review",
                    (
                        "依法应对政府信息公开行政复议和行政诉讼",
                        "认真做好复议、诉讼案件的应对",
                        "妥善处理复议诉讼案件",
                    ),
                )
            )
        decisions = sum(self.v(f"t2.{k}") for k in ("licensing", "punishment", "enforcement"))
        if decisions and self.data.format_layout.key == "2021":
            activity.append(
                self.pick(
                    "lead.t2",
                    (
                        "同步公开行政许可、行政处罚等执法决定信息",
                        "依法公开行政执法决定",
                        "公开许可、处罚等执法信息",
                    ),
                )
            )
        new = self.v("t3.new.total")
        if new >= 100:
            activity.append(
                self.pick(
                    "lead.volume",
                    ("依申请公开办理量较大", "公开申请数量较多", "办理的公开申请数量较多"),
                )
            )
        change = self.facts.get("change.t3.new.total")
        if change is not None and self.prior is not None:
            more = change.direction == "增加"
            activity.append(
                "申请数量较上年" + ("有所增加" if more else "有所减少")
                if self.pick("lead.yoy", ("a", "b")) == "a"
                else ("公开申请较上年" + ("增多" if more else "减少"))
            )
        principle = self.pick(
            "lead.principle",
            (
                "坚持以公开为常态、不公开为例外",
                "遵循公正、公平、合法、便民的原则",
                "",
                "坚持依法公开、便民高效",
                "",
                "坚持以人民为中心",
            ),
        )
        when = self.pick("lead.when", (f"{self.year}年，", f"{self.year}年度，"))
        if change is not None and self.prior is not None and len(activity) > 2:
            activity.insert(1, activity.pop())  # the change since last year before the rest
        activity = activity[:3]  # a lead, not a list: at most three clauses
        if len(activity) > 1 and self.pick("lead.order", ("keep", "turn")) == "turn":
            activity = activity[1:] + activity[:1]
        text = f"{when}{self.ref}{line}，{focus}"
        if principle:
            text = f"{when}{self.ref}{line}，{principle}，{focus}"
        if activity:
            text += "，" + "，".join(activity)
        text += "。"
        items = self.notes.of("overview")
        for it in items:
            text += _end(f"{self.ref}{it.text}" if it.verb else it.text)
        return text

    def _topic_active_disclosure(self, topic: fmt.Topic) -> list[str]:
        out: list[str] = []
        sentences, others = self._figure_sentences(topic.key)
        if sentences:
            out.append(f"{self.year}年，{self.ref}" + "；".join(sentences) + "。")
        # the clerk's other figures (政策解读共12篇) follow the statutory content of table 二 in
        # its paragraph, rather than opening the section on their own
        t2 = self._table2_sentence() + (f"全年{'，'.join(others)}。" if others else "")
        if t2:
            out.append(t2)
        items = self.notes.of(topic.key)
        if items:
            out.append(self.items_text(items, topic.key, "主动公开"))
        else:
            out.append(self.mark(topic.key))
        return out

    def _figure_sentences(self, topic_key: str) -> tuple[list[str], list[str]]:
        """The user's figures of a topic: (clauses led by a verb, clauses that need 全年…共)."""
        told = " ".join(it.text for it in self.notes.of(topic_key))
        figures = [
            f
            for f in self.data.figures
            if f.topic == topic_key
            and f.part_of is None
            # a figure with parts (其中…) is always stated: notes seldom give every part
            and (any(k.part_of == f.key for k in self.data.figures) or not _stated(f, told))
        ]
        verbs: list[str] = []
        nouns: list[str] = []
        for f in figures:
            kids = [k for k in self.data.figures if k.part_of == f.key]
            verb = _VERB_LEAD.match(f.label)
            s = (
                f"{f.label}{{{{figures.{f.key}}}}}"
                if verb
                else f"{f.label}共{{{{figures.{f.key}}}}}"
            )
            if kids:
                s += "，其中" + "、".join(f"{k.label}{{{{figures.{k.key}}}}}" for k in kids)
            (verbs if verb else nouns).append(s)
        return verbs, nouns

    def _table2_sentence(self) -> str:
        """Table 二 in its own words, without naming the organ as the maker (an office or a
        department reports 规章 it did not make)."""
        if self.data.format_layout.key != "2021":
            return ""
        parts: list[str] = []
        for row, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
            issued, repealed, in_force = (
                self.v(f"t2.{row}.{c}") for c in ("issued", "repealed", "in_force")
            )
            bits: list[str] = []
            if issued:
                bits.append(f"制发{label}{{{{t2.{row}.issued}}}}")
            if repealed:
                bits.append(("废止" if bits else f"废止{label}") + f"{{{{t2.{row}.repealed}}}}")
            if in_force:
                lead = "，现行有效" if bits else f"{label}现行有效"
                parts.append("、".join(bits) + lead + f"{{{{t2.{row}.in_force}}}}")
            elif bits:
                parts.append("、".join(bits))
        decisions = [
            f"{name}{self.pick('t2.noun', ('决定', ''))}{{{{t2.{key}}}}}"
            for key, name in (
                ("licensing", "行政许可"),
                ("punishment", "行政处罚"),
                ("enforcement", "行政强制"),
            )
            if self.v(f"t2.{key}")
        ]
        if decisions:
            parts.append(
                self.pick("t2.decisions", ("作出", "全年作出", "依法作出")) + "、".join(decisions)
            )
        if self.v("t2.fees_wan_yuan"):
            parts.append("行政事业性收费金额{{t2.fees_wan_yuan}}")
        if not parts:
            return ""
        opener = self.pick(
            "t2.opener",
            (
                "按照《条例》第二十条的规定，本年度",
                "从主动公开的法定内容看，本年度",
                "本年度",
                "法定主动公开内容中，本年度",
                "依照法定公开要求，全年",
            ),
        )
        return opener + "；".join(parts) + "。"

    def _topic_on_request(self, topic: fmt.Topic) -> list[str]:
        new, carried = self.v("t3.new.total"), self.v("t3.carried_over.total")
        handled, forward = self.v("t3.total.total"), self.v("t3.carried_forward.total")
        out: list[str] = []
        if new == 0 and carried == 0:
            out.append(
                self.pick(
                    "apps.none",
                    (
                        f"{self.year}年，{self.ref}未收到政府信息公开申请。",
                        f"本年度{self.ref}没有新收政府信息公开申请，也没有上年结转的申请。",
                        f"{self.year}年度，{self.ref}未新收政府信息公开申请，无上年结转申请。",
                    ),
                )
            )
        else:
            s = self.pick(
                "apps.open",
                (
                    f"{self.year}年，{self.ref}",
                    f"本年度{self.ref}",
                    f"全年{self.ref}",
                    f"{self.year}年度{self.ref}共",
                    f"报告期内，{self.ref}",
                ),
            )
            cols = [
                f"{c.label}{{{{t3.new.{c.key}}}}}"
                for c in fmt.APPLICANT_COLUMNS
                if c.key != "total" and self.v(f"t3.new.{c.key}")
            ]
            if new:
                s += self.pick(
                    "apps.new",
                    ("新收政府信息公开申请", "新收公开申请", "新收各类政府信息公开申请"),
                )
                s += "{{t3.new.total}}"
                if len(cols) > 1:
                    s += self.pick(
                        "apps.cols",
                        (
                            "（其中" + "、".join(cols) + "）",
                            "，按申请人类型分，" + "、".join(cols),
                            "。从申请人看，" + "、".join(cols),
                            "，申请人中" + "、".join(cols),
                        ),
                    )
            if carried:
                s += (
                    "，上年结转" if new else "上年结转政府信息公开申请"
                ) + "{{t3.carried_over.total}}"
                if new:
                    s += self.pick(
                        "apps.sum",
                        ("，申请总数共计", "，申请总数合计", "，需办理的申请合计"),
                    )
                    s += "{{apps.received_total}}"
            s += self.pick("apps.done", ("；办结", "，年内办结", "，全年办结", "；当年办结"))
            s += "{{t3.total.total}}"
            if forward:
                s += self.pick(
                    "apps.fwd",
                    ("，结转下年度继续办理", "，尚需结转下年度继续办理", "，顺延至下年度继续办理"),
                )
                s += "{{t3.carried_forward.total}}"
            out.append(s + "。" + self._observations())
            outcomes = self._outcomes(handled)
            if outcomes:
                out.append(outcomes)
        yoy = self._year_on_year()
        if yoy:
            out.append(yoy)
        items = self.notes.of(topic.key)
        if items:
            out.append(self.items_text(items, topic.key, "依申请公开"))
        out.append(self._review_sentence())
        return out

    def _observations(self) -> str:
        """What the year's applications looked like, in words without figures (so the figure
        is stated once): who applied, and the main outcome."""
        new = self.v("t3.new.total")
        out: list[str] = []
        if new >= 5:
            people = self.v("t3.new.natural_person")
            if people * 2 > new:
                out.append(
                    self.pick(
                        "obs.people",
                        (
                            "申请人以自然人为主",
                            "自然人申请占多数",
                            "申请主要来自自然人",
                            "多数申请由公民个人提出",
                        ),
                    )
                )
            elif people * 2 < new:
                out.append(
                    self.pick(
                        "obs.firms",
                        ("法人或其他组织提出的申请占多数", "申请主要来自企业和其他组织"),
                    )
                )
        handled = self.v("t3.total.total")
        groups = self._outcome_list()
        if handled >= 5 and len(groups) > 1:
            words, key = max(groups, key=lambda g: self.v(f"t3.{g[1]}.total"))
            if self.v(f"t3.{key}.total") * 5 >= handled * 2:
                # the group's own word (无法提供), not the reason: the next sentence gives it
                verb = {
                    "granted": "予以公开",
                    "partially_granted": "部分公开",
                    "denied": "不予公开",
                    "unable": "无法提供",
                    "not_processed": "不予处理",
                    "other": "其他处理",
                }[key]
                out.append(
                    self.pick(
                        "obs.main",
                        (
                            f"答复结果以{verb}居多",
                            f"办理结果中{verb}的最多",
                            f"各类结果中{verb}所占比重最大",
                        ),
                    )
                )
        return ("，".join(out) + "。") if out else ""

    def share_ok(self, key: str) -> bool:
        """Whether a share can be written: it exists (a rounded share is printed with its
        decimal, 38.0%, which the verifier compares at that precision)."""
        return self.facts.get(key) is not None

    def _outcome_list(self) -> list[tuple[str, str]]:
        """(words, total key) of each outcome group with cases, as the report names them."""
        lay = self.data.format_layout
        out: list[tuple[str, str]] = []
        if self.v("t3.granted.total"):
            out.append(("予以公开", "granted"))
        if self.v("t3.partially_granted.total"):
            out.append(("部分公开", "partially_granted"))
        for gkey, group, verb in (
            ("denied", "（三）不予公开", "不予公开"),
            ("unable", "（四）无法提供", "无法提供"),
            ("not_processed", "（五）不予处理", "不予处理"),
            ("other", "（六）其他处理", "其他处理"),
        ):
            if not self.v(f"t3.{gkey}.total"):
                continue
            rows = [r for r in lay.app_rows if r.group == group and self.v(f"t3.{r.key}.total")]
            if len(rows) == 1 and gkey in ("denied", "unable"):
                out.append((f"因{rows[0].label}{verb}", gkey))
            else:
                out.append((verb, gkey))
        return out

    def _outcomes(self, handled: Decimal) -> str:
        """Every outcome with its share of the applications handled."""
        groups = self._outcome_list()
        if not groups:
            return ""
        if len(groups) == 1 and self.v(f"t3.{groups[0][1]}.total") == handled:
            words = groups[0][0]
            return (
                self.pick(
                    "apps.all",
                    (f"办结的申请均{words}。", f"办结的申请全部{words}。"),
                )
                .replace("均因", "均因")
                .replace("全部因", "均因")
            )
        lead = self.pick(
            "apps.results",
            (
                "从办理结果看，",
                "按办理结果分，",
                "在办结的申请中，",
                "办理结果方面，",
                "分类型看，",
                "具体答复情况为：",
            ),
        )
        first = self.pick("apps.share1", ("，占办结总数的", "，占全部办结申请的", "，占办结量的"))
        rest = self.pick("apps.share", ("，占", "，占比", "，所占比例为"))
        style = self.pick("apps.style", ("a", "b"))
        bits = []
        for i, (words, key) in enumerate(groups):
            share = self.share_ok(f"share.{key}")
            if key == "granted":
                words = self.pick("apps.granted", ("予以公开", "同意公开"))
            reason = ""
            m = re.match(r"^因(.+?)(不予公开|无法提供)$", words)
            if m and share:
                # the share is the group's: its reason after it, so the words before the
                # share name the group (不予公开/无法提供), not the one row
                reason, words = m.group(1), m.group(2)
            s = f"{words}{{{{t3.{key}.total}}}}"
            if share:
                if style == "b" and i > 0:
                    s = f"{words}的{{{{t3.{key}.total}}}}，占比{{{{share.{key}}}}}"
                else:
                    s += (first if i == 0 else rest) + f"{{{{share.{key}}}}}"
            if reason:
                s += f"，均因{reason}"
            bits.append(s)
        text = lead + "；".join(bits) + "。"
        if (
            self.v("t3.granted.total")
            and self.v("t3.partially_granted.total")
            and self.share_ok("share.granted_and_partial")
        ):
            text += self.pick(
                "apps.gp",
                (
                    "予以公开和部分公开的申请共{{apps.granted_and_partial}}，"
                    "占办结总数的{{share.granted_and_partial}}。",
                    "全部或部分公开的申请{{apps.granted_and_partial}}，"
                    "占比{{share.granted_and_partial}}。",
                    "予以公开及部分公开的申请{{apps.granted_and_partial}}，"
                    "所占比例为{{share.granted_and_partial}}。",
                ),
            )
        return text

    def _year_on_year(self) -> str:
        if self.prior is None:
            return ""
        bits: list[str] = []
        for key, name in (("t3.new.total", "新收申请"), ("t3.total.total", "办结申请")):
            change = self.facts.get(f"change.{key}")
            if change is None:
                if f"prior.{key}" in self.facts:
                    bits.append(f"{name}数量与上年持平")
                continue
            verb = "增加" if change.direction == "增加" else "减少"
            s = f"{name}较上年{verb}{{{{change.{key}}}}}"
            if f"pct.{key}" in self.facts:
                s += ("，增长" if verb == "增加" else "，下降") + f"{{{{pct.{key}}}}}"
            bits.append(s)
        return ("与上年相比，" + "；".join(bits) + "。") if bits else ""

    def _breakdown(self, group: str) -> str:
        """其中结果维持N件、结果纠正N件、其他结果N件、尚未审结N件 (the columns with cases)."""
        total = self.v(f"t4.{group}.total")
        cols = [
            (c.key, c.label)
            for c in fmt.REVIEW_COLUMNS
            if c.key != "total" and self.v(f"t4.{group}.{c.key}")
        ]
        if len(cols) == 1 and total == 1:
            return {
                "upheld": "，结果为维持",
                "corrected": "，结果被纠正",
                "other": "，为其他结果",
                "pending": "，目前尚未审结",
            }[cols[0][0]]
        if len(cols) == 1 and self.v(f"t4.{group}.{cols[0][0]}") == total:
            return {
                "upheld": "，结果均为维持",
                "corrected": "，结果均被纠正",
                "other": "，均为其他结果",
                "pending": "，均尚未审结",
            }[cols[0][0]]
        short = {"upheld": "维持", "corrected": "纠正", "other": "其他结果", "pending": "尚未审结"}
        style = self.pick(f"t4.style.{group}", ("a", "b", "c"))
        if style == "a":
            return "，其中" + "、".join(f"{label}{{{{t4.{group}.{key}}}}}" for key, label in cols)
        joined = "、".join(f"{short[key]}{{{{t4.{group}.{key}}}}}" for key, _ in cols)
        return f"，其中{joined}" if style == "b" else f"（{joined}）"

    def _review_sentence(self) -> str:
        review, lit = self.v("t4.review.total"), self.v("t4.litigation.total")
        if not review and not lit:
            return self.pick(
                "t4.none",
                (
                    "全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
                    f"本年度{self.ref}未因政府信息公开工作被申请行政复议或者被提起行政诉讼。",
                    "报告期内没有涉及政府信息公开的行政复议案件和行政诉讼案件。",
                    f"{self.ref}全年没有发生政府信息公开方面的行政复议、行政诉讼。",
                    "全年没有发生涉及政府信息公开的行政复议和行政诉讼案件。",
                    f"{self.ref}本年度未发生政府信息公开行政复议、行政诉讼案件。",
                ),
            )
        out: list[str] = []
        if review:
            out.append(
                self.pick(
                    "t4.review",
                    (
                        "因政府信息公开工作被申请行政复议",
                        "涉及政府信息公开的行政复议案件共",
                        "政府信息公开行政复议案件",
                        "收到政府信息公开行政复议",
                    ),
                )
                + "{{t4.review.total}}"
                + self._breakdown("review")
            )
        else:
            out.append("未发生政府信息公开行政复议案件")
        if lit:
            out.append(
                self.pick(
                    "t4.lit",
                    ("被提起行政诉讼", "政府信息公开行政诉讼案件", "涉及政府信息公开的行政诉讼共"),
                )
                + "{{t4.litigation.total}}"
                + self._breakdown("litigation")
            )
        else:
            out.append("未发生政府信息公开行政诉讼案件")
        lead = self.pick(
            "t4.lead", ("全年", "本年度", f"{self.year}年，{self.ref}", "复议诉讼方面，")
        )
        return lead + "；".join(out) + "。"

    def _notes_or_mark(self, topic: fmt.Topic, label: str) -> list[str]:
        items = self.notes.of(topic.key)
        if items:
            return [self.items_text(items, topic.key, label)]
        return [self.mark(topic.key)]

    def _topic_information_management(self, topic: fmt.Topic) -> list[str]:
        return self._notes_or_mark(topic, "政府信息管理")

    def _topic_platforms(self, topic: fmt.Topic) -> list[str]:
        return self._notes_or_mark(topic, "平台建设")

    def _topic_supervision(self, topic: fmt.Topic) -> list[str]:
        return self._notes_or_mark(topic, "监督保障")

    def _topic_assessment(self, topic: fmt.Topic) -> list[str]:
        items = self.notes.of(topic.key)
        if not items:
            return [self.mark(topic.key)]
        out = [self.items_text(items, topic.key, "考核评议")]
        if self.gov and not any(_ACCOUNTABILITY.search(it.text) for it in items):
            # 《条例》第五十条第（四）项: a 人民政府 must report 责任追究结果
            out.append(self.mark("accountability"))
        return out

    # --- 五、存在的主要问题及改进情况 ----------------------------------------------------

    def _follow_ups(self) -> list[tuple[str, str]]:
        """Last year's problems with the clerk's 整改情况: `notes.prior_problems`; else last
        year's problems from --prior (an old counts file may hold them, with 整改, among this
        year's `problems` — matched by text and taken as follow-ups)."""
        pairs = [(p.problem, p.rectification) for p in self.data.prior_problems()]
        if pairs:
            return pairs
        if self.prior is None:
            return []
        this_year = {_plain(p.problem): p.improvement for p in self.data.problems()}
        return [
            (p.problem, this_year.get(_plain(p.problem), ""))
            for p in self.prior.problems()
            if p.problem.strip()
        ]

    def problems(self) -> list[Section]:
        sections: list[Section] = []
        follow = self._follow_ups()
        carried = {_plain(p) for p, _ in follow}
        if follow:
            when = f"{self.prior.year}年度" if self.prior is not None else "上年度"
            intro = self.pick(
                "prior.intro",
                (
                    f"针对{when}报告提出的问题，{self.ref}逐项推进整改：",
                    f"对{when}报告中查找的问题，{self.ref}的整改情况如下：",
                    f"{when}报告提出的问题，{self.ref}逐条明确了整改责任，整改情况是：",
                ),
            )
            bits: list[str] = []
            single = len(follow) == 1
            for i, (problem, rectified) in enumerate(follow, 1):
                what = self.problem_words(problem)
                if rectified.strip():
                    action = _plain(rectified)
                    bits.append(
                        f"{'' if single else fmt.chinese_ordinal(i) + '是'}针对{what}的问题，{action}"
                    )
                else:
                    bits.append(
                        f"{'' if single else fmt.chinese_ordinal(i) + '是'}针对{what}的问题，"
                        + self.mark(
                            "rectification",
                            f"“{what[:12]}{'…' if len(what) > 12 else ''}”本年度的整改措施和成效",
                        )
                    )
            sections.append(
                Section(
                    heading="上年度问题整改情况",
                    topic="improvements",
                    paragraphs=[self.para(intro + "；".join(bits) + "。")],
                )
            )
        problems = [p for p in self.data.problems() if _plain(p.problem) not in carried]
        if problems:
            p_text = self.pick(
                "problems.intro",
                (
                    f"{self.ref}政府信息公开工作还存在一些不足：",
                    f"对照《条例》要求，{self.ref}工作中仍有以下问题：",
                    f"{self.year}年，{self.ref}政府信息公开工作存在的主要问题是：",
                ),
            ) + self._enumerate([p.problem for p in problems])
            finished = [p for p in problems if re.match(r"^\s*已", p.improvement)]
            planned = [p for p in problems if p.improvement.strip() and p not in finished]
            missing = [p for p in problems if not p.improvement.strip()]
            texts: list[str] = []
            if planned:
                texts.append(
                    self.pick(
                        "improve.intro",
                        (
                            f"针对上述问题，{self.ref}将采取以下措施：",
                            f"下一步，{self.ref}将从以下方面改进：",
                            f"针对存在的不足，{self.ref}将着力做好以下工作：",
                        ),
                    )
                    + self._enumerate([p.improvement for p in planned])
                )
            if finished:
                texts.append(
                    f"针对上述问题，{self.ref}已采取以下措施："
                    + self._enumerate([p.improvement for p in finished])
                )
            for p in missing:
                texts.append(
                    f"针对{self.problem_words(p.problem)}的问题，"
                    + self.mark("improvements", "该问题的改进措施")
                )
            i_texts = texts
        else:
            p_text = self.mark("problems")
            i_texts = [self.mark("improvements")]
        plan_items = [_plain(t) for t in self.data.note("plans")]
        if plan_items:
            when = self.pick("plans.when", ("下一步", "今后", "明年"))
            i_texts.append(
                f"{when}，{self.ref}将重点做好以下工作：" + self._enumerate(plan_items)
                if len(plan_items) > 1
                else _end(f"{when}，{self.ref}将{plan_items[0].removeprefix('将')}")
            )
        for key, body in (("problems", [p_text]), ("improvements", i_texts)):
            topic = fmt.topic(key)
            sections.append(
                Section(
                    heading=heading_for(topic),
                    topic=key,
                    paragraphs=[self.para(t) for t in body],
                )
            )
        return sections

    def problem_words(self, problem: str) -> str:
        """A problem inside 针对…的问题: no ordinal, no quotes, no subject, no end mark."""
        from nianbao.draft.notes import clean_item

        return _plain(clean_item(_plain(problem), self.data.organ, self.ref)[0])

    def _enumerate(self, items: list[str]) -> str:
        """一是A；二是B。 (a single item as one sentence), the clerk's ordinals stripped."""
        from nianbao.draft.notes import clean_item

        clean = [clean_item(i, self.data.organ, self.ref)[0] for i in items]
        clean = [c for c in clean if c]
        if not clean:
            return ""
        if len(clean) == 1:
            return _end(clean[0])
        return "；".join(f"{fmt.chinese_ordinal(i)}是{t}" for i, t in enumerate(clean, 1)) + "。"

    # --- 六、其他需要报告的事项 ----------------------------------------------------------

    def other(self) -> list[Section]:
        sections: list[Section] = []
        for topic, required in required_topics(self.data, "other"):
            items = self.notes.of(topic.key)
            body: list[str]
            if topic.key == "processing_fees":
                body = self._fees(items)
            elif topic.key == "statistics":
                body = self._statistics(items)
                if not body:
                    continue
            elif items:
                body = [self.items_text(items, topic.key, topic.label.removesuffix("情况"))]
            elif required:
                body = [self.mark(topic.key, topic.label)]
            else:
                self.remarks.append(
                    f"“{topic.label}”没有工作要点，未写此项 / no notes for {topic.key}: left out"
                )
                continue
            sections.append(
                Section(
                    heading=heading_for(topic),
                    topic=topic.key,
                    paragraphs=[self.para(t) for t in body],
                )
            )
        extra = self.notes.of("other")
        if extra:
            sections.append(
                Section(
                    heading="其他事项",
                    paragraphs=[self.para(self.items_text(extra, "other", "其他"))],
                )
            )
        self.warn_notes("other")
        return sections

    def _fees(self, items: list[Item]) -> list[str]:
        unpaid = self.v("t3.other_no_fee.total")
        out: list[str] = []
        if items:
            lead = self.pick(
                "fees.lead",
                (
                    f"{self.year}年，{self.ref}",
                    f"本年度{self.ref}",
                    f"依照{_FEE_RULES}，{self.ref}",
                ),
            )
            texts = [it.text for it in items]
            out.append(_end(lead + "；".join(texts)))
        else:
            out.append(self.mark("processing_fees"))
        if unpaid:
            out.append(
                "因申请人逾期未按收费通知要求缴纳费用、不再处理的申请{{t3.other_no_fee.total}}。"
            )
        return out

    def _statistics(self, items: list[Item]) -> list[str]:
        """Only what the notes add: the statistics period is in the report's preamble already."""
        return [
            _end(it.text)
            for it in items
            if not re.search(r"统计(?:期限|时限)|1月1日|12月31日", it.text)
        ]


def write_part(
    part: NarrativePartKey,
    data: ReportData,
    facts: Facts | None = None,
    prior: ReportData | None = None,
) -> PartText:
    """One narrative part, written from the facts and the notes."""
    w = _Writer(data, facts or derive_facts(data, prior), prior)
    sections = {"overview": w.overview, "problems": w.problems, "other": w.other}[part]()
    return PartText(part=part, sections=sections, source="writer", remarks=w.remarks)


def write_narrative(
    data: ReportData, facts: Facts | None = None, prior: ReportData | None = None
) -> Narrative:
    """All three narrative parts, written from the facts and the notes."""
    facts = facts or derive_facts(data, prior)
    return Narrative(parts={k: write_part(k, data, facts, prior) for k in NARRATIVE_PARTS})


_VERB_LEAD = re.compile(r"^(主动|发布|公开|开展|组织|召开|举办|印发|制定)")
"""A figure's label that opens with a verb (主动公开政府信息, 召开新闻发布会): written as a clause
of its own (我局召开新闻发布会46场), else as 全年…共N."""

_ACCOUNTABILITY = re.compile(r"责任追究|追究责任|追责|问责|责任人|通报批评|处分|诫勉")
"""Words by which a note already reports on 责任追究 (未发生被追责的情况, 对1名责任人诫勉谈话):
the writer then leaves no marker asking for it."""


def _stated(figure: Figure, notes: str) -> bool:
    """The notes already state this figure with its own words (召开新闻发布会46场 for 新闻发布会 46
    场): the writer does not say it a second time."""
    number = format(figure.value, ",") if isinstance(figure.value, int) else str(figure.value)
    plain = number.replace(",", "")
    core = _VERB_LEAD.sub("", figure.label)
    said = any(f"{n}{figure.unit}" in notes for n in {number, plain})
    return said and bool(core) and core in notes
