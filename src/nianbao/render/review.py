"""The review page: the report with every figure's source, and every finding, in one HTML file.

`render_review(page)` is a pure function of a `review.ReviewPage`. The page is self-contained
(CSS and a little vanilla JS inline, no network; a Content-Security-Policy allows only its own
script, so nothing that slipped into the text could run) and shows:

- the report as the other renderers print it (`report.py`; the tables through
  `render.html.table_html`), each narrative figure a focusable link: hover or focus shows its
  fact (label, value, the cell, sum or note it came from), clicking (or Enter) jumps to the
  table cell(s) and highlights them; figures that failed verification, figures the built-in
  writer supplied after a failed repair, and figures a published report gives without a
  source are marked differently; paragraphs say who wrote them (model, built-in writer, person);
- the findings panel: counts by severity and each finding linked to its cells, sentence,
  figure or part;
- with last year: the similarity of each part, the repeated stretches marked, and the table
  figures of both years side by side with the change;
- the counts file's notes, which figures taken from the notes link to.

Everything from the user's files or the model is escaped. The page prints (tooltips and
navigation hidden) and works with the keyboard alone (Tab through figures and findings, Enter to
jump, the back button to return, Escape to hide a tooltip).
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from nianbao import format as fmt
from nianbao.checks import counts
from nianbao.render.html import CSS, signature_html, table_html, title_html
from nianbao.report import Block, ReportPart
from nianbao.review import (
    FigureView,
    ParagraphView,
    PartView,
    ReviewPage,
    heading_id,
    paragraph_id,
)

__all__ = ["STATUS_LABELS", "display_status", "render_review"]

STATUS_LABELS: dict[str, str] = {
    "verified": "核对一致 / verified",
    "allowed": "允许：日期、年份或工作要点中的数字 / allowed: a date, year or number from the notes",
    "fallback": "内置写作器补写（模型稿未通过核验）/ supplied by the built-in writer after a failed repair",
    "unverified": "未通过核验 / failed verification",
    "nosource": "表格中无此数 / no table cell or sum gives it",
    "nocheck": "日期或号码，不与表格核对 / a date or number, not checked against the tables",
}
_STATUS_SHORT: dict[str, str] = {
    "verified": "核对一致",
    "allowed": "允许",
    "fallback": "内置写作器补写",
    "unverified": "未通过核验",
    "nosource": "表中无此数",
    "nocheck": "未核对",
}
_SOURCE_LABELS: dict[str, str] = {
    "model": "模型",
    "writer": "内置写作器",
    "user": "人工",
}
_MARGIN_LABELS: dict[str, str] = {"model": "模型", "writer": "写作器", "user": "人工"}
"""Who wrote a paragraph, in the margin beside it (the legend spells 内置写作器 out)."""
_PART_SOURCE: dict[str, str] = {
    "model": "起草：模型 / drafted by the model",
    "writer": "起草：内置写作器 / written by the built-in writer",
    "user": "人工撰写或修改 / written or edited by a person",
    "mixed": "部分段落仍为起草稿，其余经人工修改 / some paragraphs as drafted, others edited",
    "published": "已发布报告的原文（读取自文件）/ the published text as read",
}
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_SAMPLE = "数字"
"""The legend's sample of each marker: a word, not a number that could be read as a count."""
_KIND = {
    "draft": "起草稿 / draft",
    "narrative": "修改稿 / edited draft",
    "published": "已发布的报告 / published report",
}

_REVIEW_CSS = """
@page { margin: 18mm 16mm; }
body.review { max-width: 84em; font-size: 14pt; }
.review-head { border-bottom: 2px solid #333; margin-bottom: 1em; padding-bottom: 0.5em; }
.review-head p, .panel p, .part-info p, .legend p { text-indent: 0; text-align: left; }
.kicker { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 11pt;
  color: #444; margin: 0; }
.review-head .files { font-size: 10pt; color: #444; word-break: break-all; }
.summary { font-family: "Noto Sans CJK SC", sans-serif; font-size: 11pt; margin: 0.3em 0; }
.skip a { font-size: 11pt; margin-right: 1.2em; }
.layout { display: block; }
#report { padding-left: 4.6em; }
@media screen and (min-width: 1180px) {
  .layout { display: grid; grid-template-columns: minmax(0, 1fr) 24em; gap: 2em;
    align-items: start; }
  #findings { grid-column: 2; grid-row: 1; position: sticky; top: 0; max-height: 100vh;
    overflow-y: auto; }
  #report { grid-column: 1; grid-row: 1; }
}
.panel { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 11pt;
  line-height: 1.5; border: 1px solid #999; padding: 0.6em 0.8em; background: #fafafa; }
.panel h2 { text-indent: 0; font-size: 13pt; margin: 0 0 0.3em; }
.findings { list-style: none; margin: 0; padding: 0; }
.finding { border-left: 5px solid #999; padding: 0.3em 0.5em; margin: 0.4em 0; background: #fff; }
.finding.sev-error { border-left-color: #b91c1c; }
.finding.sev-warning { border-left-color: #b45309; }
.finding.sev-info { border-left-color: #1d4ed8; }
.finding .sev { font-weight: bold; }
.sev-error .sev { color: #b91c1c; } .sev-warning .sev { color: #92400e; }
.sev-info .sev { color: #1d4ed8; }
.finding .rule { font-family: monospace; }
.finding .msg { display: block; }
.finding q { display: block; color: #333; font-size: 10pt; }
.finding .nolink { color: #555; }
#findings-count b { font-size: 12pt; }
a:focus, .fig:focus, [tabindex]:focus { outline: 3px solid #2563eb; outline-offset: 2px; }
.fig { position: relative; color: inherit; text-decoration: none; border-radius: 2px;
  padding: 0 1px; cursor: pointer; }
.fig, .sample { border-radius: 2px; padding: 0 1px; }
.st-verified { background: #dcfce7; border-bottom: 2px solid #15803d; }
.st-allowed, .st-nocheck { background: #eef2ff; border-bottom: 2px dotted #4338ca; }
.st-fallback { background: #ffedd5; border-bottom: 3px double #c2410c; }
.st-unverified, .st-nosource { background: #fee2e2; border-bottom: 2px dashed #b91c1c;
  text-decoration: underline wavy #b91c1c; }
.tip { display: none; position: absolute; left: 0; top: 100%; z-index: 20; width: max-content;
  max-width: 26em; margin-top: 4px; padding: 0.4em 0.6em; background: #111; color: #fff;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 10.5pt;
  line-height: 1.45; text-indent: 0; text-align: left; border-radius: 4px;
  box-shadow: 0 2px 8px rgba(0,0,0,0.35); white-space: normal; }
.tip.left { left: auto; right: 0; }
.fig.tapped > .tip { display: block; }
.t-hint { text-decoration: underline; }
.tip.up { top: auto; bottom: 100%; margin-top: 0; margin-bottom: 4px; }
.tip > span { display: block; }
.tip .t-status { font-weight: bold; }
.fig:hover > .tip, .fig:focus > .tip { display: block; }
body.tips-off .fig > .tip { display: none; }
p.para { position: relative; border-left: 4px solid transparent; padding-left: 0.4em;
  margin-left: -0.8em; }
p.src-model { border-left-color: #2563eb; }
p.src-writer { border-left-color: #15803d; }
p.src-user { border-left-color: #a3a3a3; }
p.para::before { content: attr(data-src); position: absolute; left: -4.6em; width: 4em;
  text-align: right; text-indent: 0; font-family: "Noto Sans CJK SC", sans-serif;
  font-size: 9pt; color: #555; top: 0.4em; }
mark.rep { background: #fef9c3; box-shadow: inset 0 -2px 0 #ca8a04; color: inherit; }
.part-info { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; line-height: 1.5;
  border: 1px dashed #888; background: #f8fafc; padding: 0.3em 0.6em; margin: 0.3em 0 0.6em; }
.part-info ul { margin: 0.2em 0 0 1.2em; padding: 0; }
.part-info .fallback, .part-info .repeat-high { color: #9a3412; font-weight: bold; }
td.cited { box-shadow: inset 0 -3px 0 #86efac; }
td.flag-error { outline: 2px solid #b91c1c; outline-offset: -2px; }
td.flag-warning { outline: 2px dashed #b45309; outline-offset: -2px; }
td.flag-info { outline: 1px dotted #1d4ed8; outline-offset: -2px; }
td.uncertain { background: #fef3c7; }
.hl, td.hl, :target { background: #fde047 !important; outline: 3px solid #ea580c !important;
  outline-offset: 1px; }
.legend { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; margin: 0.3em 0; }
.legend span.key { margin-right: 1em; white-space: nowrap; }
.legend .para-key { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em;
  margin-right: 0.2em; }
.legend .k-model { background: #2563eb; } .legend .k-writer { background: #15803d; }
.legend .k-user { background: #a3a3a3; }
#compare table.cmp, #notes dl { font-size: 10.5pt; }
table.cmp { table-layout: auto; }
table.cmp caption { text-align: left; font-weight: bold; padding: 0.2em 0; }
table.cmp td { white-space: nowrap; }
table.cmp td a { color: inherit; text-decoration: none; }
table.cmp td.same { color: #666; }
table.cmp td.changed { font-weight: bold; background: #fff7ed; }
table.cmp .chg { font-size: 9pt; color: #9a3412; }
table.cmp th.row { text-align: left; }
#notes dt { font-weight: bold; font-size: 11pt; margin-top: 0.4em; }
#notes dd { margin: 0 0 0 1.5em; font-size: 11pt; }
#back { position: fixed; right: 1em; bottom: 1em; z-index: 30; font-size: 12pt;
  padding: 0.4em 0.8em; border: 2px solid #1d4ed8; background: #fff; color: #1d4ed8;
  border-radius: 4px; cursor: pointer; }
#back[hidden] { display: none; }
@media screen and (max-width: 700px) {
  body.review { font-size: 13pt; padding: 0 0.6em; }
  #report { padding-left: 0; }
  p.para { margin-left: 0; }
  p.para::before { position: static; display: block; width: auto; text-align: left;
    font-size: 8pt; }
  .legend span.key { white-space: normal; display: inline-block; margin-right: 0.6em; }
  /* on a phone the source shows as a sheet at the foot of the screen, never off its side */
  .tip, .tip.left, .tip.up { position: fixed; left: 0.5em; right: 0.5em; top: auto;
    bottom: 0.5em; width: auto; max-width: none; margin: 0; }
}
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  body.review { max-width: none; font-size: 12pt; -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
  .tip, #back, .skip { display: none !important; }
  .layout { display: block; }
#report { padding-left: 4.6em; }
  #findings { position: static; max-height: none; overflow: visible; break-inside: auto; }
  .finding { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  p.para::before { left: -4.2em; }
}
"""

_SCRIPT = """
(function () {
  "use strict";
  var back = document.getElementById("back");
  var origin = null;
  var muted = null;
  function clear() {
    var old = document.querySelectorAll(".hl");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("hl"); }
  }
  function go(ids, from) {
    var first = null;
    clear();
    for (var i = 0; i < ids.length; i++) {
      var el = document.getElementById(ids[i]);
      if (!el) { continue; }
      el.classList.add("hl");
      if (!first) { first = el; }
    }
    if (!first) { return false; }
    if (!first.hasAttribute("tabindex")) { first.setAttribute("tabindex", "-1"); }
    first.scrollIntoView({block: "center"});
    first.focus({preventScroll: true});
    origin = from;
    back.hidden = false;
    return true;
  }
  function place(fig) {
    var tip = fig.querySelector(".tip");
    if (!tip) { return; }
    tip.classList.remove("left", "up");
    var box = tip.getBoundingClientRect();
    var view = document.documentElement;
    if (box.width && box.right > view.clientWidth - 8) { tip.classList.add("left"); }
    if (box.height && box.bottom > view.clientHeight - 8 &&
        fig.getBoundingClientRect().top > box.height + 8) { tip.classList.add("up"); }
  }
  function enter(fig) {
    if (!fig) { return; }
    if (muted !== fig) { document.body.classList.remove("tips-off"); muted = null; }
    place(fig);
  }
  var touch = false;
  function untap(keep) {
    var shown = document.querySelectorAll(".fig.tapped");
    for (var i = 0; i < shown.length; i++) {
      if (shown[i] !== keep) { shown[i].classList.remove("tapped"); }
    }
  }
  document.addEventListener("pointerdown", function (e) {
    touch = e.pointerType === "touch" || e.pointerType === "pen";
  }, true);
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("[data-go]") : null;
    var fig = e.target.closest ? e.target.closest(".fig") : null;
    untap(fig);
    if (fig && touch && link === fig && !fig.classList.contains("tapped")) {
      // a tap shows the source; a second tap (or the hint in the tooltip) jumps
      e.preventDefault();
      document.body.classList.remove("tips-off");
      fig.classList.add("tapped");
      place(fig);
      return;
    }
    if (fig) { fig.classList.remove("tapped"); }
    if (link && go(link.getAttribute("data-go").split(" "), fig || link)) { e.preventDefault(); }
  });
  document.addEventListener("focusin", function (e) {
    enter(e.target.closest ? e.target.closest(".fig") : null);
  });
  document.addEventListener("mouseover", function (e) {
    enter(e.target.closest ? e.target.closest(".fig") : null);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      document.body.classList.add("tips-off");
      var a = document.activeElement;
      muted = a && a.closest ? a.closest(".fig") : null;
    }
  });
  back.addEventListener("click", function () {
    back.hidden = true;
    clear();
    if (origin) {
      origin.scrollIntoView({block: "center"});
      origin.focus({preventScroll: true});
    }
  });
})();
"""


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def display_status(fig: FigureView, page: ReviewPage) -> str:
    """The status shown: a published report's figure without a fact has no source (a date, a
    phone number or a figure in Chinese numerals is not checked against the tables)."""
    if page.kind != "published" or fig.status != "unverified":
        return fig.status
    if fig.kind in ("date", "year", "other") or not any(c.isdigit() for c in fig.text):
        return "nocheck"  # 一项内容, 5月中旬: words, not statistics
    return "nosource"


def _attr(text: str) -> str:
    return escape(text, quote=True)


# --- the page ----------------------------------------------------------------------------------


def render_review(page: ReviewPage) -> str:
    """The review page as one HTML document."""
    report = page.report
    marks = _marks(page)
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_csp()}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>审阅 / Review — {escape(report.title)}</title>",
        f"<style>{CSS}{_REVIEW_CSS}</style>",
        "</head>",
        '<body class="review">',
        *_head(page),
        '<div class="layout">',
        *_findings(page),
        '<main id="report" aria-label="报告正文 / the report">',
        "<article>",
        f'<h1 id="report-title">{title_html(report)}</h1>',
    ]
    out += [
        f'<p class="preamble" id="preamble-{i}">{escape(p)}</p>'
        for i, p in enumerate(report.preamble)
    ]
    for part in report.parts:
        out += _part(part, page, marks)
    out += signature_html(report)
    out += ["</article>", "</main>", "</div>"]
    out += _compare(page)
    out += _notes(page)
    out += [
        '<button type="button" id="back" hidden>↩ 返回原处 / back</button>',
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _head(page: ReviewPage) -> list[str]:
    figures = list(page.all_figures())
    by_status: dict[str, int] = {}
    for f in figures:
        s = display_status(f, page)
        by_status[s] = by_status.get(s, 0) + 1
    stats = " · ".join(
        f'<span class="n-{s}">{_STATUS_SHORT[s]} {n}</span>'
        for s, n in sorted(by_status.items(), key=lambda kv: list(_STATUS_SHORT).index(kv[0]))
    )
    sources: dict[str, int] = {}
    for v in page.paragraphs.values():
        sources[v.source] = sources.get(v.source, 0) + 1
    out = [
        '<header class="review-head">',
        f'<p class="kicker">审阅页 / Review page — {_KIND[page.kind]}</p>',
    ]
    if page.inputs:
        files = "；".join(escape(i) for i in page.inputs)
        out.append(f'<p class="files">文件 / files: {files}</p>')
    out.append(
        f'<p class="summary" id="figure-count" data-figures="{len(figures)}">'
        f"叙述中的数字 {len(figures)} 个 / figures in the narrative: {stats or '—'}</p>"
    )
    if page.kind != "published" and sources:
        who = " · ".join(
            f"{_SOURCE_LABELS[s]} {sources[s]}" for s in ("model", "writer", "user") if s in sources
        )
        out.append(f'<p class="summary">段落 / paragraphs: {who}</p>')
    out += _legend(page)
    out.append('<nav class="skip" aria-label="页内导航 / on this page">')
    out.append('<a href="#findings">核查结果 / findings</a>')
    out.append('<a href="#report">报告 / report</a>')
    if page.prior_year is not None:
        out.append('<a href="#compare">与上年对比 / last year</a>')
    if page.notes:
        out.append('<a href="#notes">数据文件要点 / notes</a>')
    out += ["</nav>", "</header>"]
    return out


def _legend(page: ReviewPage) -> list[str]:
    statuses = (
        ("verified", "allowed", "nosource", "nocheck")
        if page.kind == "published"
        else ("verified", "allowed", "fallback", "unverified")
    )
    keys = " ".join(
        f'<span class="key"><span class="sample st-{s}">{_SAMPLE}</span> {escape(STATUS_LABELS[s])}</span>'
        for s in statuses
    )
    out = [
        '<div class="legend">',
        f'<p><span class="visually-hidden">图例 / legend: </span>{keys}</p>',
    ]
    if page.kind != "published":
        paras = " ".join(
            f'<span class="key"><span class="para-key k-{s}"></span>{label}段落</span>'
            for s, label in _SOURCE_LABELS.items()
        )
        out.append(
            f'<p>{paras}<span class="key"><mark class="rep">与上年相同的文字</mark></span></p>'
        )
    elif page.prior_year is not None:
        out.append('<p><span class="key"><mark class="rep">与上年相同的文字</mark></span></p>')
    out.append(
        "<p>将鼠标移到数字上或用 Tab 键选中，可看到它的出处；点击或按回车跳到表格中的单元格。"
        "触屏：点一下看出处，再点一下跳到单元格。"
        " / Hover or Tab to a figure to see its source; click or press Enter to jump to its cell."
        " On a touch screen: tap to see the source, tap again to jump.</p>"
    )
    out.append("</div>")
    return out


def _marks(page: ReviewPage) -> dict[str, str]:
    classes: dict[str, list[str]] = {}
    order = {"error": 0, "warning": 1, "info": 2}
    worst: dict[str, str] = {}
    for f in page.findings:
        for c in f.cells:
            if c not in worst or order[f.severity] < order[worst[c]]:
                worst[c] = f.severity
    for c, sev in worst.items():
        classes.setdefault(c, []).append(f"flag-{sev}")
    for c in page.uncertain:
        classes.setdefault(c, []).append("uncertain")
    for fact in page.facts.values():
        for c in fact.cells:
            if "cited" not in classes.get(c, []):
                classes.setdefault(c, []).append("cited")
    return {k: " ".join(v) for k, v in classes.items()}


def _findings(page: ReviewPage) -> list[str]:
    n = counts(page.findings)
    out = [
        '<aside id="findings" class="panel" aria-labelledby="findings-h">',
        '<h2 id="findings-h">核查结果 / Findings</h2>',
        f'<p id="findings-count" data-total="{len(page.findings)}" data-error="{n["error"]}" '
        f'data-warning="{n["warning"]}" data-info="{n["info"]}">'
        f"<b>错误 {n['error']} · 警告 {n['warning']} · 提示 {n['info']}</b> / "
        f"{n['error']} errors, {n['warning']} warnings, {n['info']} info</p>",
    ]
    if not page.findings:
        out.append("<p>未发现问题 / no findings.</p>")
        out.append("</aside>")
        return out
    out.append('<ol class="findings">')
    for i, f in enumerate(page.findings):
        targets = page.links[i] if i < len(page.links) else []
        head = (
            f'<span class="sev">{_SEVERITY[f.severity]}</span> '
            f'<span class="rule">{escape(f.rule)}</span> '
            f'<span class="loc">{escape(f.location)}</span>'
        )
        if targets:
            link = f'<a href="#{_attr(targets[0])}" data-go="{_attr(" ".join(targets))}">{head}</a>'
        else:
            link = f'<span class="nolink">{head}（全篇 / whole report）</span>'
        quote = f"<q>{escape(f.quote)}</q>" if f.quote else ""
        out.append(
            f'<li class="finding sev-{f.severity}" id="finding-{i}">{link}'
            f'<span class="msg">{escape(f.message)}</span>{quote}</li>'
        )
    out += ["</ol>", "</aside>"]
    return out


def _part(part: ReportPart, page: ReviewPage, marks: dict[str, str]) -> list[str]:
    out = [
        f'<section id="part-{part.key}" aria-labelledby="part-{part.key}-h">',
        f'<h2 id="part-{part.key}-h">{escape(part.heading.full)}</h2>',
    ]
    view = page.parts.get(part.key)
    if view is not None:
        out += _part_info(view, page)
    for bi, block in enumerate(part.blocks):
        out += _block(part.key, bi, block, page)
    if part.table is not None:
        out += table_html(part.table, part.heading.full, marks)
    out.append("</section>")
    return out


def _part_info(view: PartView, page: ReviewPage) -> list[str]:
    out = ['<div class="part-info" role="note">']
    out.append(f"<p>{escape(_PART_SOURCE.get(view.source, view.source))}</p>")
    if view.reason:
        cls = ' class="fallback"' if view.fallback else ""
        out.append(f"<p{cls}>{escape(view.reason)}</p>")
    if view.similarity is not None:
        from nianbao.similarity import WARN_AT

        cls = ' class="repeat-high"' if view.similarity > WARN_AT else ""
        out.append(
            f"<p{cls}>与上年报告相同的内容约占 {view.similarity:.0%}（超过 {WARN_AT:.0%} 视为雷同）"
            f" / {view.similarity:.0%} repeats last year's text</p>"
        )
    remarks = [r for r in view.remarks if not (view.reason and r.startswith(view.reason))]
    if remarks:
        out.append("<ul>")
        out += [f"<li>{escape(r)}</li>" for r in remarks]
        out.append("</ul>")
    out.append("</div>")
    return out


def _block(key: str, bi: int, block: Block, page: ReviewPage) -> list[str]:
    out: list[str] = []
    if block.heading is not None:
        tag = f"h{block.heading.level + 1}"
        out.append(f'<{tag} id="{heading_id(key, bi)}">{escape(block.heading.full)}</{tag}>')
    if block.placeholder:
        out += [f'<p class="placeholder">{escape(p)}</p>' for p in block.paragraphs]
        return out
    for pi, text in enumerate(block.paragraphs):
        pid = paragraph_id(key, bi, pi)
        view = page.paragraphs.get(pid)
        if view is None:
            out.append(f'<p id="{pid}">{escape(text)}</p>')
            continue
        if page.kind == "published":
            attrs = f'id="{pid}" class="para src-published"'
        else:
            label = _MARGIN_LABELS.get(view.source, view.source)
            attrs = f'id="{pid}" class="para src-{view.source}" data-src="{_attr(label)}"'
        out.append(f"<p {attrs}>{_paragraph(text, view, page)}</p>")
    return out


def _paragraph(text: str, view: ParagraphView, page: ReviewPage) -> str:
    figures: list[FigureView] = []
    end = 0
    for f in sorted(view.figures, key=lambda f: f.start):
        if end <= f.start < f.end <= len(text):
            figures.append(f)
            end = f.end
    repeats = [(a, b) for a, b in view.repeats if 0 <= a < b <= len(text)]
    points = sorted(
        {0, len(text), *(p for f in figures for p in (f.start, f.end))}
        | {p for r in repeats for p in r}
    )

    def pieces(a: int, b: int) -> str:
        html = []
        for x, y in zip(points, points[1:], strict=False):
            if x < a or y > b or x >= y:
                continue
            piece = escape(text[x:y])
            if any(r0 <= x < r1 for r0, r1 in repeats):
                piece = f'<mark class="rep">{piece}</mark>'
            html.append(piece)
        return "".join(html)

    out: list[str] = []
    pos = 0
    for f in figures:
        out.append(pieces(pos, f.start))
        out.append(_figure(f, pieces(f.start, f.end), page))
        pos = f.end
    out.append(pieces(pos, len(text)))
    return "".join(out)


def _figure(fig: FigureView, inner: str, page: ReviewPage) -> str:
    status = display_status(fig, page)
    targets = _figure_targets(fig, page)
    tip_id = f"tip-{fig.id}"
    lines = [f'<span class="t-status">{escape(STATUS_LABELS[status])}</span>']
    fact = page.facts.get(fig.fact) if fig.fact else None
    if fact is not None:
        lines.append(f'<span class="t-fact">{escape(fact.label)}：{escape(fact.text)}</span>')
        if fact.formula:
            lines.append(f'<span class="t-formula">计算 / computed：{escape(fact.formula)}</span>')
        else:
            src = fact.explain
            if fact.cells and fact.source == fact.cells[0]:
                src = f"表格单元格 / table cell {fact.source}"
            lines.append(f'<span class="t-source">来源 / source：{escape(src)}</span>')
        if fact.prior_text is not None and page.prior_year is not None:
            lines.append(
                f'<span class="t-prior">{page.prior_year}年 / last year：'
                f"{escape(fact.prior_text)}</span>"
            )
    elif fig.source_note is not None:
        note = next((n for n in page.notes if n.id == fig.source_note), None)
        if note is not None:
            lines.append(
                f'<span class="t-source">来源 / source：工作要点（{escape(note.topic)}）'
                f"“{escape(_short(note.text))}”</span>"
            )
    if fig.words and status == "verified":
        lines.append(f'<span class="t-words">依据 / bound by：“{escape(fig.words)}”</span>')
    if fig.note and (fact is None or status != "verified"):
        if not (fact is not None and fig.note.startswith(fact.label)):
            lines.append(f'<span class="t-note">{escape(fig.note)}</span>')
    if targets:
        lines.append(
            f'<span class="t-hint" data-go="{_attr(" ".join(targets))}">'
            "点击或回车跳到出处（触屏：再点一下）/ click or Enter (touch: tap again): "
            "go to the source</span>"
        )
    tip = f'<span class="tip" role="tooltip" id="{_attr(tip_id)}">{"".join(lines)}</span>'
    common = (
        f'class="fig st-{status}" id="{_attr(fig.id)}" aria-describedby="{_attr(tip_id)}"'
        f' data-status="{status}"'
    )
    if targets:
        return (
            f'<a {common} href="#{_attr(targets[0])}" data-go="{_attr(" ".join(targets))}">'
            f"{inner}{tip}</a>"
        )
    return f'<span {common} tabindex="0">{inner}{tip}</span>'


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _figure_targets(fig: FigureView, page: ReviewPage) -> list[str]:
    fact = page.facts.get(fig.fact) if fig.fact else None
    if fact is not None:
        compared = {c.id for c in page.compared_cells()}
        if fact.cells:
            # with last year: this year's cells and, beside them, last year's in the comparison
            last = [f"cmp-{c}" for c in fact.cells if fact.prior_text is not None and c in compared]
            return [*fact.cells, *last]
        prior = [f"cmp-{c}" for c in fact.prior_cells if c in compared]
        if prior:
            return prior
        if fact.figure is not None:
            target = "figure-" + fact.figure.removeprefix("figures.")
            if any(n.id == target for n in page.notes):
                return [target]
        return []
    if fig.source_note is not None:
        return [fig.source_note]
    return list(fig.cells)


def _compare(page: ReviewPage) -> list[str]:
    if page.prior_year is None:
        return []
    year, before = page.report.year, page.prior_year
    out = [
        '<section id="compare" aria-labelledby="compare-h">',
        f'<h2 id="compare-h">与上年对比 / Compared with {before}</h2>',
    ]
    sims = [(k, v.similarity) for k, v in page.parts.items() if v.similarity is not None]
    if sims:
        listed = "；".join(
            f'<a href="#part-{k}">{escape(fmt.part(k).heading)}</a> {s:.0%}'  # type: ignore[arg-type]
            for k, s in sims
        )
        out.append(
            f'<p class="summary">与上年报告相同的内容 / text repeating last year’s: {listed}</p>'
        )
    cells = list(page.compared_cells())
    changed = sum(1 for c in cells if c.changed)
    out.append(
        f'<p class="summary">表格数字 {len(cells)} 个，与上年不同的 {changed} 个（加粗）；'
        f"两年均为 0 或空白的行未列出。每格为“{before}年 → {year}年（增减）”/ "
        f"{changed} of {len(cells)} table figures changed (bold); rows zero or blank in both "
        f"years are left out. Each cell: {before} → {year} (change).</p>"
    )
    for ti, table in enumerate(page.compare):
        rows = [r for r in table.rows if any(_nonzero(c.prior) or _nonzero(c.now) for c in r.cells)]
        if not rows:
            out.append(
                f'<p class="summary">{escape(table.title)}：两年均为 0 / zero in both years</p>'
            )
            continue
        out += [
            '<div class="table-wrap">',
            f'<table class="cmp" aria-labelledby="cmp-h-{ti}">',
            f'<caption id="cmp-h-{ti}">{escape(table.title)}（{before}年 → {year}年）</caption>',
            '<thead><tr><th scope="col">项目 / row</th>'
            + "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns)
            + "</tr></thead>",
            "<tbody>",
        ]
        for r in rows:
            tds = []
            for c in r.cells:
                cls = "changed" if c.changed else "same"
                change = f' <span class="chg">{escape(c.change)}</span>' if c.changed else ""
                tds.append(
                    f'<td id="cmp-{_attr(c.id)}" class="{cls}"><a href="#{_attr(c.id)}" '
                    f'data-go="{_attr(c.id)}">{_shown(c.prior)} → {_shown(c.now)}</a>{change}</td>'
                )
            out.append(f'<tr><th scope="row" class="row">{escape(r.label)}</th>{"".join(tds)}</tr>')
        out += ["</tbody>", "</table>", "</div>"]
    out.append("</section>")
    return out


def _nonzero(text: str) -> bool:
    return text not in ("0", "", "—")


def _shown(text: str) -> str:
    return "空" if text == "" else escape(text)


def _notes(page: ReviewPage) -> list[str]:
    if not page.notes:
        return []
    out = [
        '<section id="notes" aria-labelledby="notes-h">',
        '<h2 id="notes-h">数据文件中的要点和数字 / Notes and figures of the counts file</h2>',
        "<dl>",
    ]
    last = None
    for n in page.notes:
        if n.topic != last:
            out.append(f"<dt>{escape(n.topic)}</dt>")
            last = n.topic
        out.append(f'<dd id="{_attr(n.id)}">{escape(n.text)}</dd>')
    out += ["</dl>", "</section>"]
    return out
