"""The built-in writer: the narrative parts from the facts and the notes, with no model.

Plain 公文 prose that covers every sub-topic the format asks for (`format.TOPICS`). Figures are
written as fact placeholders and filled by `verify.fill_placeholders`, the same function that
fills the model's drafts, so the writer cannot state a figure the tables do not hold. Where the
notes say nothing about a required sub-topic, the writer states the duty in neutral words and
says so in the part's `remarks` — it never invents an achievement, a number or a date.
"""

from __future__ import annotations

import re
from decimal import Decimal

from nianbao import format as fmt
from nianbao.facts import Facts, derive_facts
from nianbao.model import ReportData
from nianbao.narrative import (
    NARRATIVE_PARTS,
    Narrative,
    NarrativePartKey,
    Paragraph,
    PartText,
    Section,
)
from nianbao.verify import fill_placeholders, latin_sentence, required_topics

__all__ = ["heading_for", "write_narrative", "write_part"]

_CONDITIONS = "《中华人民共和国政府信息公开条例》（以下简称《条例》）"
_FEE_RULES = "《政府信息公开信息处理费管理办法》"


def heading_for(topic: fmt.Topic) -> str:
    """The sub-heading the writer gives a topic: 主动公开 → 主动公开情况."""
    if topic.part == "problems" or topic.label.endswith(("情况", "说明")):
        return topic.label
    return f"{topic.label}情况"


def _tidy(text: str) -> str:
    """Drop the spaces YAML line folding leaves between Chinese characters, and any sentence
    not written in Chinese (a report is Chinese; an English line in the notes is not prose)."""
    text = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", text.strip())
    pieces = re.findall(r".+?(?:[。！？]|[.!?](?=\s|$)|$)", text)
    kept = "".join(s for s in pieces if not latin_sentence(s))
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", kept.strip())


def _clean(item: str) -> str:
    return _tidy(item).rstrip("。；;，,、 ")


def _enumerate(items: list[str]) -> str:
    """一是A；二是B；三是C。 (a single item is returned as one sentence)."""
    items = [_clean(i) for i in items if _clean(i)]
    if not items:
        return ""
    if len(items) == 1:
        return items[0] + "。"
    return "；".join(f"{fmt.chinese_ordinal(i)}是{t}" for i, t in enumerate(items, 1)) + "。"


def _note_paragraphs(notes: list[str], ref: str = "") -> list[str]:
    """The notes of a topic as paragraphs: one note as a sentence (with the organ as subject
    when it has none), several as 一是…；二是…。"""
    if not notes:
        return []
    if len(notes) == 1:
        text = _tidy(notes[0])
        if ref and not text.startswith((ref, "我", "本", "全", "一是", "（", "(", "2", "1")):
            text = ref + text
        return [text if text.endswith(("。", "！", "？", "”")) else text + "。"]
    return [_enumerate(notes)]


class _Writer:
    def __init__(self, data: ReportData, facts: Facts, prior: ReportData | None) -> None:
        self.data = data
        self.facts = facts
        self.prior = prior
        self.year = data.year
        self.ref = fmt.self_reference(data.kind, data.organ)
        self.remarks: list[str] = []

    def v(self, key: str) -> Decimal:
        return self.facts.value(key)

    def para(self, text: str) -> Paragraph:
        filled, _, refs = fill_placeholders(text, self.facts)
        return Paragraph(text=filled, source="writer", figures=refs)

    def generic(self, topic: fmt.Topic, text: str) -> list[str]:
        self.remarks.append(
            f"“{topic.label}”没有工作要点，已写入通用表述，请据实核改 / no notes for "
            f"{topic.key}: a neutral sentence was written, please check it"
        )
        return [text]

    # --- 一、总体情况 ------------------------------------------------------------------

    def overview(self) -> list[Section]:
        lead = self.data.note("overview")
        opening = f"{self.year}年，{self.ref}深入贯彻落实{_CONDITIONS}"
        if lead:
            first = _tidy(lead[0])
            if first.startswith((self.ref, "我", "本", self.data.organ)):
                texts = [f"{opening}。{first}", *map(_tidy, lead[1:])]
            else:
                texts = [f"{opening}，{first}", *map(_tidy, lead[1:])]
        else:
            texts = [
                f"{opening}，围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障"
                "等方面开展政府信息公开工作。"
            ]
        sections = [Section(paragraphs=[self.para(_end(t)) for t in texts])]
        for topic, _required in required_topics(self.data, "overview"):
            body = getattr(self, f"_topic_{topic.key}")(topic)
            sections.append(
                Section(
                    heading=heading_for(topic),
                    topic=topic.key,
                    paragraphs=[self.para(t) for t in body if t],
                )
            )
        return sections

    def _topic_active_disclosure(self, topic: fmt.Topic) -> list[str]:
        out: list[str] = []
        sentences, others = self._figure_sentences(topic.key)
        decisions = self._table2_sentence()
        if decisions:
            sentences.append(decisions)
        text = f"{self.year}年，{self.ref}" + "；".join(sentences) + "。" if sentences else ""
        text += "".join(f"全年{s}。" for s in others)
        if text:
            out.append(text)
        out += _note_paragraphs(self.data.note(topic.key), self.ref)
        if not out:
            out += self.generic(
                topic,
                f"{self.ref}按照《条例》规定，及时主动公开法定主动公开内容，"
                "并在政府信息公开专栏集中发布。",
            )
        return out

    def _figure_sentences(self, topic_key: str) -> tuple[list[str], list[str]]:
        """The user's figures of a topic: (clauses led by a verb, clauses that need 全年…共)."""
        figures = [f for f in self.data.figures if f.topic == topic_key and f.part_of is None]
        verbs: list[str] = []
        nouns: list[str] = []
        for f in figures:
            kids = [k for k in self.data.figures if k.part_of == f.key]
            verb = re.match(r"(主动|发布|公开|开展|组织|召开|举办|印发|制定)", f.label)
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
            f"{name}决定{{{{t2.{key}}}}}"
            for key, name in (
                ("licensing", "行政许可"),
                ("punishment", "行政处罚"),
                ("enforcement", "行政强制"),
            )
            if self.v(f"t2.{key}")
        ]
        if decisions:
            parts.append("作出" + "、".join(decisions))
        if self.v("t2.fees_wan_yuan"):
            parts.append("行政事业性收费金额{{t2.fees_wan_yuan}}")
        return "，".join(parts)

    def _topic_on_request(self, topic: fmt.Topic) -> list[str]:
        new, carried = self.v("t3.new.total"), self.v("t3.carried_over.total")
        handled, forward = self.v("t3.total.total"), self.v("t3.carried_forward.total")
        out: list[str] = []
        if new == 0 and carried == 0:
            out.append(f"{self.year}年，{self.ref}未收到政府信息公开申请。")
        else:
            s = f"{self.year}年，{self.ref}"
            cols = [
                f"{c.label}{{{{t3.new.{c.key}}}}}"
                for c in fmt.APPLICANT_COLUMNS
                if c.key != "total" and self.v(f"t3.new.{c.key}")
            ]
            if carried:
                s += "新收政府信息公开申请{{t3.new.total}}"
                if len(cols) > 1:
                    s += "（其中" + "、".join(cols) + "）"
                s += "，上年结转{{t3.carried_over.total}}，共计{{apps.received_total}}"
            elif new:
                s += "共收到政府信息公开申请{{t3.new.total}}"
                if len(cols) > 1:
                    s += "，其中" + "、".join(cols)
            s += "；办结{{t3.total.total}}"
            outcomes = self._outcomes()
            if outcomes:
                s += "，其中" + "，".join(outcomes)
            if forward:
                s += "；结转下年度继续办理{{t3.carried_forward.total}}"
            out.append(s + "。")
            if (
                handled >= 20
                and self.v("apps.granted_and_partial")
                and self.v("t3.partially_granted.total")
            ):
                out.append(
                    "予以公开和部分公开的申请共{{apps.granted_and_partial}}，"
                    "占办结总数的{{share.granted_and_partial}}。"
                )
        yoy = self._year_on_year()
        if yoy:
            out.append(yoy)
        out += _note_paragraphs(self.data.note(topic.key), self.ref)
        out.append(self._review_sentence())
        return out

    def _outcomes(self) -> list[str]:
        lay = self.data.format_layout
        out: list[str] = []
        if self.v("t3.granted.total"):
            out.append("予以公开{{t3.granted.total}}")
        if self.v("t3.partially_granted.total"):
            out.append("部分公开{{t3.partially_granted.total}}")
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
                reason = rows[0].label
                out.append(f"因{reason}{verb}{{{{t3.{gkey}.total}}}}")
            else:
                out.append(f"{verb}{{{{t3.{gkey}.total}}}}")
        return out

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
        return "；".join(bits) + "。" if bits else ""

    def _review_sentence(self) -> str:
        review, lit = self.v("t4.review.total"), self.v("t4.litigation.total")
        if not review and not lit:
            return "全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
        bits = []
        if review:
            bits.append("被申请行政复议{{t4.review.total}}")
        if lit:
            bits.append("被提起行政诉讼{{t4.litigation.total}}")
        s = "全年因政府信息公开工作" + "、".join(bits)
        if self.v("t4.all.corrected"):
            s += "，其中结果被纠正{{t4.all.corrected}}"
        return s + "。"

    def _topic_information_management(self, topic: fmt.Topic) -> list[str]:
        return _note_paragraphs(self.data.note(topic.key), self.ref) or self.generic(
            topic,
            f"{self.ref}按照《条例》规定，做好政府信息公开属性认定、发布前审核和保密审查工作。",
        )

    def _topic_platforms(self, topic: fmt.Topic) -> list[str]:
        return _note_paragraphs(self.data.note(topic.key), self.ref) or self.generic(
            topic, f"{self.ref}通过政府网站信息公开专栏和公开查阅场所发布政府信息。"
        )

    def _topic_supervision(self, topic: fmt.Topic) -> list[str]:
        return _note_paragraphs(self.data.note(topic.key), self.ref) or self.generic(
            topic,
            f"{self.ref}明确政务公开工作的分管负责人和具体工作人员，按照要求开展政务公开工作。",
        )

    def _topic_assessment(self, topic: fmt.Topic) -> list[str]:
        return _note_paragraphs(self.data.note(topic.key), self.ref) or self.generic(
            topic, f"{self.ref}将政务公开工作纳入年度工作考核，本报告期内未开展责任追究。"
        )

    # --- 五、存在的主要问题及改进情况 ----------------------------------------------------

    def problems(self) -> list[Section]:
        sections: list[Section] = []
        prior_problems = self.prior.problems() if self.prior is not None else []
        if prior_problems:
            names = "".join(f"“{_clean(p.problem)}”" for p in prior_problems[:3])
            steps = [p.improvement for p in prior_problems if p.improvement.strip()]
            text = f"针对上年度报告提出的{names}等问题，{self.ref}按照确定的改进措施推进整改"
            text += "：" + _enumerate(steps) if steps else "。"
            sections.append(
                Section(
                    heading="上年度问题整改情况", topic="improvements", paragraphs=[self.para(text)]
                )
            )
            self.remarks.append(
                "上年度问题的整改情况按上年报告的改进措施写出，请据实核改 / last year's follow-up "
                "is written from last year's planned measures: check what was done"
            )
        problems = self.data.problems()
        if problems:
            p_text = f"{self.ref}政府信息公开工作还存在一些不足：" + _enumerate(
                [p.problem for p in problems]
            )
            fixes = [p.improvement for p in problems if p.improvement.strip()]
            if fixes:
                i_text = f"针对上述问题，{self.ref}将采取以下措施：" + _enumerate(fixes)
            else:
                i_text = (
                    f"针对上述问题，{self.ref}将逐项研究改进措施，明确责任和时限，抓好整改落实。"
                )
        else:
            self.remarks.append(
                "没有填写问题清单，已写入通用表述，请据实写明本年度存在的具体问题 / no problems in "
                "the notes: a neutral text was written, please state the real problems"
            )
            p_text = (
                f"对照《条例》和上级工作要求，{self.ref}政府信息公开工作还存在一些不足，"
                "主动公开的深度和广度有待拓展，政策解读的形式有待丰富。"
            )
            i_text = (
                f"针对上述问题，{self.ref}将加强对《条例》的学习，拓展主动公开内容，"
                "丰富政策解读形式，推动政府信息公开工作规范开展。"
            )
        for key, text in (("problems", p_text), ("improvements", i_text)):
            topic = fmt.topic(key)
            sections.append(
                Section(heading=heading_for(topic), topic=key, paragraphs=[self.para(text)])
            )
        return sections

    # --- 六、其他需要报告的事项 ----------------------------------------------------------

    def other(self) -> list[Section]:
        sections: list[Section] = []
        for topic, required in required_topics(self.data, "other"):
            notes = self.data.note(topic.key)
            body: list[str]
            if topic.key == "processing_fees":
                body = self._fees(topic, notes)
            elif topic.key == "statistics":
                body = self._statistics(notes)
            elif notes:
                body = _note_paragraphs(notes, self.ref)
            elif required:
                body = self.generic(
                    topic, f"{self.ref}按照要求做好{topic.label.removesuffix('情况')}工作。"
                )
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
        extra = self.data.note("other")
        if extra:
            sections.append(
                Section(
                    heading="其他事项", paragraphs=[self.para(t) for t in _note_paragraphs(extra)]
                )
            )
        return sections

    def _fees(self, topic: fmt.Topic, notes: list[str]) -> list[str]:
        opening = f"{self.year}年，{self.ref}按照{_FEE_RULES}规定办理政府信息公开申请"
        if notes:
            first = _clean(notes[0])
            return [f"{opening}，{first}。", *_note_paragraphs(notes[1:])]
        unpaid = self.v("t3.other_no_fee.total")
        self.remarks.append(
            "没有填写信息处理费情况，按未收取写出，请核实 / no notes on processing fees: "
            "written as none collected, please check"
        )
        text = f"{opening}，未收取信息处理费。"
        if unpaid:
            text = (
                f"{opening}。因申请人逾期未按收费通知要求缴纳费用、不再处理的申请"
                "{{t3.other_no_fee.total}}，未收取信息处理费。"
            )
        return [text]

    def _statistics(self, notes: list[str]) -> list[str]:
        period = f"本报告所列数据的统计期限为{self.year}年1月1日至{self.year}年12月31日。"
        body = _note_paragraphs(notes, self.ref)
        if not any(("统计期限" in n or "统计时限" in n or "1月1日" in n) for n in notes):
            body = [period, *body]
        return body


def _end(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？", "”")) else text + "。"


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
