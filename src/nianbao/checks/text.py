"""Checks of a published report's text, and of its tables as read from it.

Rule ids follow `error-taxonomy.md`: E-8 (parts present, in order, headings), E-8N (numbering of
sub-headings and 一是…二是… enumerations), E-16 (the year), E-2 (old concepts in the text),
E-9 (row labels not the official ones), E-15 (required content), N-1 … N-13 (figures in the
narrative against the tables), E-12 (similarity to last year's text). P-1 marks what the reader
of the report could not be sure of: a finding about extraction, not about the organ.
"""

from __future__ import annotations

import re
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
    findings += _unsure_figures(report, narrative_figures(report))
    if prior_report is not None:
        findings += _similarity(report, prior_report)
    return sort_findings(findings)


# --- the tables as read ------------------------------------------------------------------------


def _table_findings(report: ExtractedReport, findings: list[Finding]) -> list[Finding]:
    """Published reports: blank cells are warnings (E-6); a finding that rests only on cells the
    reader was unsure of is dropped (P-1 says so), one that involves them — or a table the
    reader could not read at all — is an extraction warning, never an error against the organ."""
    unsure = report.uncertain_cells | set(report.data.unconfirmed)
    unread = _tables_not_read(report)
    out: list[Finding] = []
    for f in findings:
        involved = [c for c in f.cells if c in unsure]
        if f.rule in ("E-5", "E-6") and f.cells:
            if len(involved) == len(f.cells):
                continue
            f = f.model_copy(
                update={
                    "severity": "warning",
                    "message": f.message.replace("不能空白", "空白（或未能读出）")
                    + "（已发布的报告：按0核算 / published report: counted as 0）",
                }
            )
        elif involved or (f.severity == "error" and _about_table(f, unread)):
            f = f.model_copy(
                update={
                    "severity": "warning" if f.severity == "error" else f.severity,
                    "message": f.message
                    + "（涉及读取时不确定的单元格，可能是提取问题，并非机关的错误 / involves cells "
                    "the reader was unsure of: an extraction problem, not the organ's error）",
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


_TABLE_PREFIX = {"表二": "t2.", "表三": "t3.", "表四": "t4."}


def _unsure_figures(report: ExtractedReport, findings: list[Finding]) -> list[Finding]:
    """A narrative figure checked against tables with cells the reader could not read (left
    blank) may differ only because of that: such an error is an extraction warning, and a
    warning resting on such cells says so too (its "should be" is a cell nobody read)."""
    unsure = set(report.data.unconfirmed)
    if not unsure:
        return findings
    unread = tuple(_TABLE_PREFIX[t] for t in _tables_not_read(report))
    out: list[Finding] = []
    for f in findings:
        rests = any(c in unsure for c in f.cells)
        if (
            f.severity != "info"
            and f.cells
            and unread
            and all(c.startswith(unread) for c in f.cells)
        ):
            # against a table nothing could be read from: there is no figure to compare with
            f = f.model_copy(
                update={
                    "severity": "info",
                    "message": f.message + "（该表未能读出，无法核对 / the table could not be "
                    "read: not checked）",
                }
            )
            out.append(f)
            continue
        if (f.severity == "error" and (not f.cells or rests)) or (
            f.severity == "warning" and rests
        ):
            f = f.model_copy(
                update={
                    "severity": "warning",
                    "message": f.message + "（表格中有未能读出的单元格，可能是提取问题 / the "
                    "tables have cells the reader could not read: may be an extraction problem）",
                }
            )
        out.append(f)
    return out


def _tables_not_read(report: ExtractedReport) -> set[str]:
    """Tables the reader found nothing certain in ("表三" …)."""
    return {
        u.location
        for u in report.uncertain
        if u.location in _TABLE_PREFIX and ("未能读出" in u.message or "未找到表" in u.message)
    }


def _about_table(f: Finding, tables: set[str]) -> bool:
    return any(
        f.location.startswith(t) or any(c.startswith(_TABLE_PREFIX[t]) for c in f.cells)
        for t in tables
    )


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
            for prob in enumeration_problems(para):  # a line opening with 一是 starts a new list
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


def _n_rule(key: str, zero: bool) -> str | None:
    """The N-rule of error-taxonomy §5 a fact key belongs to."""
    if key.startswith("share:") or key.startswith("share."):
        return "N-6"
    if key.startswith(("change.", "pct.", "prior.")):
        return None  # no last year's report here: never reported
    if key.startswith(("t3.new.", "apps.received_total")):
        return "N-7" if zero else "N-1"
    if key.startswith("t3.carried_over."):
        return "N-2"
    if key.startswith("t3.total."):
        return "N-3"
    if key.startswith("t3.carried_forward."):
        return "N-4"
    if key.startswith(("t3.", "apps.")):
        return "N-5"
    if key.endswith(".corrected"):
        return "N-10"
    if key.startswith("t4.review."):
        return "N-11" if zero else "N-8"
    if key.startswith("t4."):
        return "N-11" if zero else "N-9"
    if key == "t2.normative_documents.issued":
        return "N-12"
    return None


def narrative_figures(report: ExtractedReport) -> list[Finding]:
    """N-rules: figures the narrative gives, bound to their facts by the words that govern them
    (`nianbao.verify.bind`, the drafting verifier's own binding), against the tables as read."""
    from nianbao.verify import VerifyContext, bind_text

    data = report.data
    if not data.app_rows_given():
        return []
    ctx = VerifyContext.build(data, mode="published")
    out: list[Finding] = []
    for key in ("overview", "other"):
        text = report.parts.get(key, "")
        if not text:
            continue
        where = fmt.part(key).heading
        flat = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
        for b in bind_text(flat, ctx, part=key):
            fig = b.figure
            sentence = _sentence(flat, fig.start)
            if b.received_reading and b.status == "verified":
                out.append(
                    Finding(
                        rule="N-1",
                        severity="info",
                        location=where,
                        message=(
                            f"“{fig.text.strip()}”与表中新收＋上年结转相符（“收到”按新收＋上年结转理解）/ "
                            "matches the table's new + carried over"
                        ),
                        quote=sentence,
                    )
                )
                continue
            if b.status != "unverified" or not b.candidates and not b.fact:
                continue
            fact_key = b.fact or (b.candidates[0] if b.candidates else "")
            rule = _n_rule(fact_key, b.zero)
            if rule is None:
                continue
            out.append(
                Finding(
                    rule=rule,
                    severity="warning",
                    location=where,
                    message=b.message,
                    quote=sentence,
                    expected=b.expected,
                    actual=fig.text.strip() if not b.zero else "0",
                    cells=b.cells,
                )
            )
        out += _statements(flat, data, where)
    return out


def _statements(text: str, data: ReportData, where: str) -> list[Finding]:
    """Statements without figures the binding does not read: all finished (N-4), no fee notices
    (N-13). (None received, no reviews: zero statements, bound like figures.)"""
    out: list[Finding] = []
    t3 = _t3(data)

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
