"""Checks of a published report's text, and of its tables as read from it.

Rule ids follow `error-taxonomy.md`: E-8 (parts present, in order, headings), E-8N (numbering of
sub-headings and 一是…二是… enumerations), E-16 (the year), E-2 (old concepts in the text),
E-9 (row labels not the official ones), E-15 (required content), N-1 … N-13 (figures in the
narrative against the tables), E-12 (similarity to last year's text). P-1 marks what the reader
of the report could not be sure of: a finding about extraction, not about the organ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from nianbao import format as fmt
from nianbao.checks import Finding, check_data, sort_findings
from nianbao.model import ReportData

if TYPE_CHECKING:
    from nianbao.extract import ExtractedReport

__all__ = ["check_report", "narrative_figures", "part_findings"]

NARRATIVE_PARTS = ("overview", "problems", "other")
_TABLE_RULES = ("T3-1", "T3-2", "T3-3", "T4-1", "E-5", "E-6")


def check_report(
    report: ExtractedReport,
    prior: ReportData | None = None,
    prior_report: ExtractedReport | None = None,
    *,
    today: date | None = None,
) -> list[Finding]:
    """Every check of a published report: its tables as read, its text, and last year's."""
    data = report.data
    findings = _table_findings(report, check_data(data, prior, today=today))
    findings += _uncertain(report)
    findings += part_findings(report)
    findings += _numbering(report)
    findings += _year(report)
    findings += _old_concepts(report)
    findings += _labels(report)
    findings += _doubled_words(report)
    findings += _required(report)
    findings += narrative_figures(report)
    if prior_report is not None:
        findings += _similarity(report, prior_report)
    return sort_findings(findings)


# --- the tables as read ------------------------------------------------------------------------


def _table_findings(report: ExtractedReport, findings: list[Finding]) -> list[Finding]:
    """Published reports: blank cells are warnings (E-6); a finding that rests only on cells the
    reader was unsure of is dropped (P-1 says so), one that involves them is a warning."""
    unsure = report.uncertain_cells
    out: list[Finding] = []
    for f in findings:
        if f.rule in _TABLE_RULES and f.cells:
            involved = [c for c in f.cells if c in unsure]
            if f.rule in ("E-5", "E-6"):
                if len(involved) == len(f.cells):
                    continue
                f = f.model_copy(
                    update={
                        "severity": "warning",
                        "message": f.message.replace("不能空白", "空白（或未能读出）")
                        + "（已发布的报告：按0核算 / published report: counted as 0）",
                    }
                )
            elif involved:
                f = f.model_copy(
                    update={
                        "severity": "warning",
                        "message": f.message
                        + "（涉及读取时不确定的单元格，可能是提取问题 / involves cells the reader "
                        "was unsure of: may be an extraction artefact）",
                    }
                )
        if f.rule == "E-7B":  # nothing read: missing from the report, or not recognised
            f = f.model_copy(
                update={
                    "severity": "warning",
                    "message": f"{f.location.split()[0]}未能读出（报告中没有这张表，或无法识别）"
                    " / table not read: missing from the report, or not recognised",
                }
            )
        if f.rule == "E-1":
            continue  # the publication date of a published report is not known here
        out.append(f)
    return out


def _uncertain(report: ExtractedReport) -> list[Finding]:
    out = []
    for u in report.uncertain:
        msg = u.message
        if u.alternatives:
            msg += f"；其他读法 / other readings: {'；'.join(u.alternatives[1:4])}"
        out.append(
            Finding(
                rule="P-1",
                severity="info" if u.severity == "info" else "warning",
                location=u.location,
                message=msg,
                cells=u.cells,
            )
        )
    return out


# --- parts and headings (E-8) ------------------------------------------------------------------


def part_findings(report: ExtractedReport) -> list[Finding]:
    """Six parts, in order, under their headings (variants accepted)."""
    out: list[Finding] = []
    found = {h.key: h for h in report.headings}
    for p in fmt.PARTS:
        h = found.get(p.key)
        if h is None:
            has_content = bool(report.parts.get(p.key)) or _table_found(report, p.key)
            out.append(
                Finding(
                    rule="E-8",
                    severity="warning" if has_content else "error",
                    location=p.heading,
                    message=(
                        f"缺少标题“{p.heading}”"
                        + ("（内容在，标题缺失）" if has_content else "，也未找到该部分内容")
                        + f" / the heading of part {p.number} is missing"
                        + (" (its content is there)" if has_content else " and so is its content")
                    ),
                )
            )
            continue
        quote = f"{h.number}、{h.title}" if h.number else h.title
        if h.number != p.number:
            out.append(
                Finding(
                    rule="E-8",
                    severity="warning",
                    location=p.heading,
                    message=(
                        f"该部分编号为“{h.number or '无'}”，应为“{p.number}” / part {p.number} is "
                        f"numbered {h.number or 'nothing'}"
                    ),
                    quote=quote,
                    expected=p.number,
                    actual=h.number,
                )
            )
        if h.title != p.title:
            variant = h.title in p.variants
            out.append(
                Finding(
                    rule="E-8",
                    severity="info",
                    location=p.heading,
                    message=(
                        f"标题与格式不同（{'常见写法' if variant else '非标准写法'}），格式为“{p.title}” / "
                        f"the heading differs from the format's"
                        + (" (an accepted variant)" if variant else "")
                    ),
                    quote=quote,
                    expected=p.title,
                    actual=h.title,
                )
            )
    return out


def _table_found(report: ExtractedReport, key: str) -> bool:
    table = {"active": "表二", "applications": "表三", "review": "表四"}.get(key)
    if table is None:
        return False
    return not any(u.location == table and "未找到" in u.message for u in report.uncertain)


_SUBHEAD = re.compile(
    r"(?:^|(?<=[。：:；;！!？?\n]))[ \t]*((?:[（(]\s*[一二三四五六七八九十]+\s*[）)])|(?:[一二三四五六七八九十]+\s*、))"
)


def _heading_lines(text: str) -> list[str]:
    """The numbered sub-headings of a part, each as the start of its line (also when the
    report's text is one long line)."""
    return [text[m.start(1) : m.start(1) + 40].split("\n")[0] for m in _SUBHEAD.finditer(text)]


def _numbering(report: ExtractedReport) -> list[Finding]:
    from nianbao.numbering import enumeration_problems, heading_level, heading_problems

    out: list[Finding] = []
    for key in NARRATIVE_PARTS:
        text = report.parts.get(key, "")
        if not text:
            continue
        where = fmt.part(key).heading  # type: ignore[arg-type]
        lines = _heading_lines(text)
        top = [ln for ln in lines if (heading_level(ln) or (0, 0))[0] == 1]
        if top:
            out.append(
                Finding(
                    rule="E-8",
                    severity="warning",
                    location=where,
                    message=(
                        f"本部分内有 {len(top)} 个一级标题（{'；'.join(t[:12] for t in top[:6])}），"
                        "报告的结构与格式的六个部分不一致 / part headings of the report's own "
                        "inside this part: its outline departs from the format's six parts"
                    ),
                    quote=top[0],
                )
            )
        subs = [ln for ln in lines if (heading_level(ln) or (0, 0))[0] != 1]
        for prob in heading_problems(subs):
            out.append(
                Finding(
                    rule="E-8N",
                    severity="warning",
                    location=f"{where} 小标题",
                    message=prob.message(),
                    quote=prob.quote,
                    expected=str(prob.expected),
                    actual=str(prob.actual),
                )
            )
        for para in re.split(r"\n\s*\n", text):
            flat = re.sub(r"\s+", "", para)
            for prob in enumeration_problems(flat):
                out.append(
                    Finding(
                        rule="E-8N",
                        severity="warning",
                        location=f"{where} 一是…二是…",
                        message=prob.message(),
                        quote=prob.quote,
                    )
                )
    return out


# --- the year (E-16) and old concepts (E-2) ------------------------------------------------------

_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?(?:至|到|—|-|～|~)\s*(?:((?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日"
)


def _year(report: ExtractedReport) -> list[Finding]:
    out: list[Finding] = []
    year = report.data.year
    for m in _PERIOD.finditer(report.text):
        for g in (1, 2):
            y = m.group(g)
            if y and int(y) != year:
                out.append(
                    Finding(
                        rule="E-16",
                        severity="error",
                        location="统计期限",
                        message=(
                            f"统计期限写的是{y}年，报告年度是{year}年 / the statistics period "
                            f"says {y}, the report is for {year}"
                        ),
                        quote=_sentence(report.text, m.start()),
                        expected=str(year),
                        actual=y,
                    )
                )
                break
    overview = report.parts.get("overview", "")
    opening = re.match(r"\s*((?:19|20)\d{2})\s*年[度，,]", overview)
    if opening and int(opening.group(1)) != year:
        m = opening
        out.append(
            Finding(
                rule="E-16",
                severity="error",
                location=fmt.part("overview").heading,
                message=(
                    f"开篇写的是{m.group(1)}年，报告年度是{year}年 / the opening names "
                    f"{m.group(1)}, the report is for {year}"
                ),
                quote=_sentence(overview, 0),
                expected=str(year),
                actual=m.group(1),
            )
        )
    return out


_OLD_CONCEPTS = ("依申请公开信息数", "不予公开信息数", "同意公开答复数", "收费及减免")


def _old_concepts(report: ExtractedReport) -> list[Finding]:
    out = []
    for key in NARRATIVE_PARTS:
        text = report.parts.get(key, "")
        flat = re.sub(r"\s+", "", text)
        for word in _OLD_CONCEPTS:
            i = flat.find(word)
            if i >= 0:
                out.append(
                    Finding(
                        rule="E-2",
                        severity="warning",
                        location=fmt.part(key).heading,  # type: ignore[arg-type]
                        message=(
                            f"使用了2019年以前的统计口径“{word}” / a pre-2019 statistic ({word})"
                        ),
                        quote=_sentence(flat, i),
                    )
                )
    return out


def _labels(report: ExtractedReport) -> list[Finding]:
    return [
        Finding(
            rule="E-9",
            severity="warning",
            location=lab.location,
            message=(
                f"行名与格式不同，格式为“{lab.official}” / the row label differs from the "
                f"format's ({'typo?' if lab.kind == 'fuzzy' else 'another wording'})"
            ),
            quote=lab.printed,
            expected=lab.official,
            actual=lab.printed,
        )
        for lab in report.labels
    ]


_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")


def _doubled_words(report: ExtractedReport) -> list[Finding]:
    """A word printed twice in a row (规范审核审核发布): a typo that proofreading should catch."""
    out: list[Finding] = []
    for key in NARRATIVE_PARTS:
        flat = re.sub(r"\s+", "", report.parts.get(key, ""))
        for m in _DOUBLED.finditer(flat):
            word = m.group(1)
            if len(set(word)) == 1:
                continue  # 常常, 人人: reduplication is Chinese, not a typo
            out.append(
                Finding(
                    rule="E-9T",
                    severity="info",
                    location=fmt.part(key).heading,  # type: ignore[arg-type]
                    message=f"“{word}”连续出现两次，是否笔误？/ “{word}” twice in a row: a typo?",
                    quote=_sentence(flat, m.start()),
                )
            )
    return out


# --- required content (E-15) --------------------------------------------------------------------


def _required(report: ExtractedReport) -> list[Finding]:
    out: list[Finding] = []
    data = report.data
    overview = re.sub(r"\s+", "", report.parts.get("overview", ""))
    if overview:
        for t in fmt.TOPICS:
            if t.part != "overview":
                continue
            if t.required == "government" and data.kind != "government":
                continue
            if not any(k in overview for k in t.keywords):
                out.append(
                    Finding(
                        rule="E-15",
                        severity="warning",
                        location=f"{fmt.part('overview').heading}",
                        message=(
                            f"未见“{t.label}”方面的内容"
                            + (
                                "（《条例》第五十条第（四）项，各级人民政府须报告）"
                                if t.required == "government"
                                else ""
                            )
                            + f" / nothing on {t.key.replace('_', ' ')}"
                        ),
                    )
                )
    problems = re.sub(r"\s+", "", report.parts.get("problems", ""))
    if not problems or problems in ("无", "无。") or len(problems) < 10:
        out.append(
            Finding(
                rule="E-15",
                severity="error",
                location=fmt.part("problems").heading,
                message="存在的主要问题及改进情况为空 / part 五 is empty",
            )
        )
    elif not re.search(
        r"改进|整改|下一步|措施|举措|施策|针对|将(?:进一步|继续|加强|持续|切实)|今后|计划|着力|努力",
        problems,
    ):
        out.append(
            Finding(
                rule="E-15",
                severity="warning",
                location=fmt.part("problems").heading,
                message="只写了问题，未见改进措施 / problems without improvement measures",
            )
        )
    other = re.sub(r"\s+", "", report.parts.get("other", ""))
    if data.year >= 2021 and not re.search(r"处理费|信息公开收费|收取.{0,6}费", other):
        out.append(
            Finding(
                rule="E-15",
                severity="error",
                location=fmt.part("other").heading,
                message=(
                    "未说明信息处理费的收取情况（未收取也须说明）/ no statement on the "
                    "information-processing fee (say so even when none was charged)"
                ),
            )
        )
    return out


# --- narrative figures against the tables (N-rules) ----------------------------------------------


@dataclass(frozen=True)
class _Topic:
    rule: str
    words: tuple[str, ...]
    label: str  # what the figure is said to be


def _words(key: str, *only: str) -> tuple[str, ...]:
    """The narrative words for a table figure (format.NARRATIVE_PHRASES), optionally a subset."""
    words = fmt.NARRATIVE_PHRASES[key]
    return tuple(w for w in words if w in only) if only else words


# Specific categories before the generic words (办理, 答复) that often stand beside them. The
# words are the format's (format.NARRATIVE_PHRASES), shared with the drafting verifier.
_TOPICS: tuple[_Topic, ...] = (
    _Topic("N-5", _words("granted_and_partial"), "予以公开＋部分公开"),
    _Topic("N-5", _words("partially_granted"), "部分公开"),
    _Topic("N-5", _words("granted"), "予以公开"),
    _Topic("N-5", _words("不予公开"), "不予公开"),
    _Topic("N-5", _words("无法提供"), "无法提供"),
    _Topic("N-5", _words("不予处理"), "不予处理"),
    _Topic("N-5", _words("其他处理"), "其他处理"),
    _Topic("N-2", _words("carried_over"), "上年结转"),
    _Topic(
        "N-4",
        _words("carried_forward", "结转下", "转下一年", "转入下一年", "顺延至下", "顺延到下"),
        "结转下年度",
    ),
    _Topic("N-1", _words("new", "新收", "收到", "受理", "接收", "共收"), "收到"),
    _Topic("N-3", _words("total", "办结", "办理完毕", "答复", "办理", "处理"), "办结"),
)


def _t3(data: ReportData) -> dict[str, int | Decimal]:
    """Table 三's 总计 column and group sums, as the narrative names them."""
    grid = data.table3()
    rows = data.table3_rows()
    tot = {k: cells[-1].number for k, cells in grid.items()}
    groups: dict[str, int | Decimal] = {}
    for number, label in fmt.TABLE3_GROUPS:
        groups[label] = sum((tot[r.key] for r in rows if r.group == f"{number}{label}"), start=0)
    if "other_single_row" in tot:
        groups["其他处理"] = tot["other_single_row"]
    return {
        "新收": tot["new"],
        "上年结转": tot["carried_over"],
        "办结": tot["total"],
        "结转下年度": tot["carried_forward"],
        "予以公开": tot["granted"],
        "部分公开": tot["partially_granted"],
        "予以公开＋部分公开": tot["granted"] + tot["partially_granted"],
        **groups,
    }


_CLAUSE_END = re.compile(r"[，,；;。：:（）()！!？?\n]")


def narrative_figures(report: ExtractedReport) -> list[Finding]:
    """N-rules: figures the narrative gives for applications, results, reviews and lawsuits."""
    from nianbao.numbers import find_figures

    data = report.data
    if not data.app_rows_given():
        return []
    t3 = _t3(data)
    t4 = data.table4()
    review = t4["review"]["total"].number
    lawsuits = (
        t4["litigation_direct"]["total"].number + t4["litigation_after_review"]["total"].number
    )
    corrected = sum((t4[g.key]["corrected"].number for g in fmt.REVIEW_GROUPS), start=0)
    out: list[Finding] = []
    for key in ("overview", "other"):
        text = report.parts.get(key, "")
        if not text:
            continue
        where = fmt.part(key).heading
        flat = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
        figures = find_figures(flat)
        counted: dict[int, str] = {}
        for i, f in enumerate(figures):
            if f.kind != "count" or f.unit not in ("件", "余件"):
                continue
            sentence = _sentence(flat, f.start)
            before, after = _clause_around(flat, f.start, f.end)
            if _CHANGE.search(before[-8:]):
                continue  # 较上年增加40件: a year-on-year change, not a count of the table
            found = _match(before, after, sentence)
            if found is None:
                continue
            rule, label, expected, accepted = _expected(
                found, sentence, t3, review, lawsuits, corrected
            )
            if rule == "":
                continue
            counted[i] = label
            value = f.value
            if value in accepted.values():
                which = next(n for n, v in accepted.items() if v == value)
                if len(accepted) > 1 and which != next(iter(accepted)):
                    out.append(
                        Finding(
                            rule=rule,
                            severity="info",
                            location=where,
                            message=(
                                f"“{f.text.strip()}”与表中{which}相符（“{label}”按{which}理解）/ "
                                f"matches the table's {which}"
                            ),
                            quote=sentence,
                        )
                    )
                continue
            if f.approx:
                continue
            exp = "或".join(f"{n} {v}" for n, v in accepted.items())
            out.append(
                Finding(
                    rule=rule,
                    severity="warning",
                    location=where,
                    message=(
                        f"叙述中{label} {value} 件，与表格不符（表中{exp}）/ the narrative says "
                        f"{value}, the table {exp.replace('或', ' or ')}"
                    ),
                    quote=sentence,
                    expected=exp,
                    actual=str(value),
                )
            )
        out += _percentages(flat, figures, counted, t3, where)
        out += _statements(flat, t3, review, lawsuits, corrected, where, data)
    return out


_CHANGE = re.compile(
    r"(?:较上年|比上年|同比|与上年相比|较去年|比去年)?(?:增加|减少|增长|下降|多|少|上升|回落)(?:了)?$"
)


def _clause_around(text: str, start: int, end: int) -> tuple[str, str]:
    a = start
    while a > 0 and not _CLAUSE_END.match(text[a - 1]):
        a -= 1
    b = end
    while b < len(text) and not _CLAUSE_END.match(text[b]):
        b += 1
    return text[a:start], text[end:b]


def _match(before: str, after: str, sentence: str) -> _Topic | None:
    for part in (before, after):
        for t in _TOPICS:
            if any(w in part for w in t.words):
                if t.rule == "N-3" and "申请" not in sentence and "办结" not in part:
                    continue
                if t.rule in ("N-1", "N-3") and re.search("案件|复议|诉讼", part):
                    continue
                return t
    if re.search("行政复议", before) and not re.search("诉讼", before):
        return _Topic("N-8", ("行政复议",), "行政复议")
    if re.search("行政诉讼", before) and not re.search("复议", before):
        return _Topic("N-9", ("行政诉讼",), "行政诉讼")
    if "案件" in before and "复议" in sentence and "诉讼" in sentence:
        return _Topic("N-9", ("案件",), "行政复议和行政诉讼")
    return None


def _expected(
    topic: _Topic,
    sentence: str,
    t3: dict[str, int | Decimal],
    review: int | Decimal,
    lawsuits: int | Decimal,
    corrected: int | Decimal,
) -> tuple[str, str, int | Decimal, dict[str, int | Decimal]]:
    if topic.rule == "N-8":
        return "N-8", "行政复议", review, {"行政复议总计": review}
    if topic.rule == "N-9":
        if topic.label == "行政复议和行政诉讼":
            both = review + lawsuits
            return "N-9", topic.label, both, {"复议与诉讼总计": both, "行政诉讼总计": lawsuits}
        return "N-9", "行政诉讼", lawsuits, {"行政诉讼总计": lawsuits}
    if topic.rule == "N-1":
        received = t3["新收"] + t3["上年结转"]
        return "N-1", "收到", t3["新收"], {"新收": t3["新收"], "新收＋上年结转": received}
    if topic.rule == "N-3":
        acc = {"办结": t3["办结"]}
        if "处理" in topic.words and "办结" not in sentence:
            acc["新收"] = t3["新收"]
            acc["新收＋上年结转"] = t3["新收"] + t3["上年结转"]
        return "N-3", "办结", t3["办结"], acc
    label = topic.label
    return topic.rule, label, t3[label], {label: t3[label]}


def _percentages(
    text: str,
    figures: list,  # type: ignore[type-arg]
    counted: dict[int, str],
    t3: dict[str, int | Decimal],
    where: str,
) -> list[Finding]:
    """N-6: a share printed after a category's count: count ÷ 办结 (or 新收, 新收＋上年结转)."""
    out: list[Finding] = []
    for i, f in enumerate(figures):
        if f.kind != "percent" or i == 0 or (i - 1) not in counted:
            continue
        prev = figures[i - 1]
        gap = text[prev.end : f.start]
        if len(gap) > 4 or not re.fullmatch(r"[（(，,]?\s*(?:占|约占|占比)?", gap):
            continue
        bases = {
            "办结": t3["办结"],
            "新收": t3["新收"],
            "新收＋上年结转": t3["新收"] + t3["上年结转"],
        }
        shares = {n: (Decimal(prev.value) * 100 / Decimal(b)) for n, b in bases.items() if b}
        if not shares:
            continue
        if any(abs(s - f.value) <= Decimal("0.1") for s in shares.values()):
            continue
        best = shares["办结"] if "办结" in shares else next(iter(shares.values()))
        out.append(
            Finding(
                rule="N-6",
                severity="warning",
                location=where,
                message=(
                    f"{counted[i - 1]} {prev.value} 件占比应约为 {best:.2f}%，叙述为 {f.value}% / "
                    f"the share should be about {best:.2f}%"
                ),
                quote=_sentence(text, f.start),
                expected=f"{best:.2f}%",
                actual=f"{f.value}%",
            )
        )
    return out


def _statements(
    text: str,
    t3: dict[str, int | Decimal],
    review: int | Decimal,
    lawsuits: int | Decimal,
    corrected: int | Decimal,
    where: str,
    data: ReportData,
) -> list[Finding]:
    """Statements without figures: none received (N-7), all finished (N-4), no reviews (N-11),
    no fee notices (N-13)."""
    out: list[Finding] = []

    def add(rule: str, pos: int, zh: str, en: str) -> None:
        out.append(
            Finding(
                rule=rule,
                severity="warning",
                location=where,
                message=f"{zh} / {en}",
                quote=_sentence(text, pos),
            )
        )

    for m in re.finditer(
        r"未(?:收到|接到|发生|受理)[^，。；]{0,12}?(?:政府信息公开申请|依申请公开)[^，。；]{0,20}",
        text,
    ):
        if re.search("复议|诉讼|纠错|败诉|投诉|举报", m.group(0)):
            continue
        if t3["新收"] != 0:
            add(
                "N-7",
                m.start(),
                f"称未收到申请，但表三新收 {t3['新收']} 件",
                "says no applications; table 三 has some",
            )
    for m in re.finditer(
        r"(?:所有|全部)[^，。；]{0,10}申请[^，。；]{0,6}(?:均|都|全部)?已[^，。；]{0,6}(?:办结|办理完成|办理完毕|答复)",
        text,
    ):
        if t3["结转下年度"] != 0:
            add(
                "N-4",
                m.start(),
                f"称所有申请均已办结，但表三结转下年度 {t3['结转下年度']} 件",
                "says every application was finished; table 三 carries some forward",
            )
    for m in re.finditer(
        r"未(?:发生|出现|产生)[^，。；]{0,8}?(?:行政复议|行政诉讼)[^，。；]{0,12}", text
    ):
        phrase = m.group(0)
        if re.search("纠错|败诉|纠正", phrase):
            if corrected != 0:
                add(
                    "N-10",
                    m.start(),
                    f"称无纠错/败诉，但表四结果纠正共 {corrected} 件",
                    "says none corrected; table 四 has some",
                )
            continue
        if "复议" in phrase and review != 0:
            add(
                "N-11",
                m.start(),
                f"称未发生行政复议，但表四行政复议 {review} 件",
                "says no reviews; table 四 has some",
            )
        if "诉讼" in phrase and lawsuits != 0:
            add(
                "N-11",
                m.start(),
                f"称未发生行政诉讼，但表四行政诉讼 {lawsuits} 件",
                "says no lawsuits; table 四 has some",
            )
    no_fee = data.table3().get("other_no_fee")
    if no_fee is not None and no_fee[-1].number > 0:
        for m in re.finditer(r"未(?:发出|出具|送达)[^，。；]{0,6}收费通知", text):
            add(
                "N-13",
                m.start(),
                "称未发出收费通知，但表三有逾期未缴费不再处理的申请",
                "says no fee notices; table 三 has unpaid-fee rows",
            )
    return out


# --- similarity to last year (E-12) --------------------------------------------------------------


def _similarity(report: ExtractedReport, prior: ExtractedReport) -> list[Finding]:
    from nianbao.similarity import ERROR_AT, WARN_AT, similarity

    out: list[Finding] = []
    for key in NARRATIVE_PARTS:
        now, before = report.parts.get(key, ""), prior.parts.get(key, "")
        if len(now) < 50 or len(before) < 50:
            continue
        s = similarity(now, before)
        if s < WARN_AT:
            continue
        out.append(
            Finding(
                rule="E-12",
                severity="error" if s >= ERROR_AT else "warning",
                location=fmt.part(key).heading,  # type: ignore[arg-type]
                message=(
                    f"与上年报告的同一部分重复 {s:.0%}（{WARN_AT:.0%} 起提示，{ERROR_AT:.0%} 起为错误）/ "
                    f"{s:.0%} of this part repeats last year's"
                ),
                actual=f"{s:.2f}",
            )
        )
    return out


def _sentence(text: str, pos: int) -> str:
    """The sentence around `pos`, whitespace squeezed, at most 120 characters."""
    a = max(text.rfind("。", 0, pos), text.rfind("\n\n", 0, pos)) + 1
    b = text.find("。", pos)
    b = len(text) if b < 0 else b + 1
    s = re.sub(r"\s+", "", text[a:b])
    return s if len(s) <= 120 else s[:118] + "…"
