"""Find the six parts and the three tables in a report's text, by anchor phrases.

Part headings are found by their titles (`format.PARTS`, with the accepted variants), never by
their numbers alone: table 三's own rows are numbered 一、二、三、四、 and some reports number
their parts differently. Tables are found by phrases only they contain (第二十条第（一）项,
本列数据的勾稽关系, 未经复议直接起诉). Works on one flat string, so a report copied out of a
web page as one long line splits as well as a PDF's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao import format as fmt
from nianbao.extract.document import Line, is_page_marker

__all__ = ["Heading", "Layout", "split", "spaced"]


def spaced(phrase: str) -> str:
    """A regex for `phrase` that allows whitespace between its characters (PDF line breaks),
    and either kind of bracket."""
    out = []
    for ch in phrase:
        if ch in "（(":
            out.append("[（(]")
        elif ch in "）)":
            out.append("[）)]")
        else:
            out.append(re.escape(ch))
    return r"\s*".join(out)


# The words that identify each part's heading (any accepted title contains them).
_CORE: dict[str, str] = {
    "overview": "总体情况",
    "active": "主动公开政府信息",
    "applications": "收到和处理政府信息公开申请",
    "review": "行政复议",
    "problems": "存在的主要问题",
    "other": "其他需要报告的事项",
}
_NUMERAL = "[一二三四五六七八九十]{1,2}"
_HEAD_START = r"(?:^|(?<=[。；;：:！!？?\s>\d]))[ \t#]*"


@dataclass(frozen=True)
class Heading:
    """A part heading as printed."""

    key: str
    number: str  # the numeral printed before it ("" when it has none)
    title: str  # the title as printed (whitespace removed)
    start: int  # offsets in the flat text
    end: int

    @property
    def canonical(self) -> bool:
        return self.title == fmt.part(self.key).title  # type: ignore[arg-type]

    @property
    def variant(self) -> bool:
        return self.title in fmt.part(self.key).variants  # type: ignore[arg-type]


@dataclass
class Layout:
    """Where everything is in the flat text."""

    text: str
    headings: dict[str, Heading] = field(default_factory=dict)
    regions: dict[str, tuple[int, int]] = field(default_factory=dict)  # t2, t3, t4 and parts
    starts: list[int] = field(default_factory=list)  # offset of each line in `text`


def _heading_pattern(key: str) -> re.Pattern[str]:
    core = spaced(_CORE[key])
    prefix = r"[\u4e00-\u9fff]{0,12}?"
    if key == "overview":
        body = rf"{prefix}{core}"
    elif key == "review":
        body = rf"{prefix}{core}[\u4e00-\u9fff、\s]{{0,16}}?情\s*况"
    elif key == "other":
        body = core
    elif key == "problems":
        # "…及改进情况", also "…及明年工作计划", "…和下一步工作打算"
        ending = "|".join(spaced(w) for w in ("情况", "计划", "打算", "措施", "方向", "举措"))
        body = rf"{prefix}{core}[\u4e00-\u9fff\s]{{0,10}}?(?:{ending})"
    else:
        body = rf"{prefix}{core}[\u4e00-\u9fff\s]{{0,8}}?情\s*况"
    return re.compile(rf"{_HEAD_START}({_NUMERAL})?\s*[、.．]?\s*({body})", re.M)


_PATTERNS = {p.key: _heading_pattern(p.key) for p in fmt.PARTS}
_PROBLEMS_NUMBERED = re.compile(
    rf"{_HEAD_START}({re.escape(fmt.part('problems').number)})\s*[、.．]\s*"
    r"([\u4e00-\u9fff]{0,12}?(?:问\s*题|不\s*足)[\u4e00-\u9fff\s]{0,10}?"
    r"(?:情\s*况|计\s*划|打\s*算|措\s*施|方\s*向|举\s*措))[ \t]*$",
    re.M,
)
"""Part 五 under a title without 存在的主要问题 (五、问题和改进措施, 五、存在的不足及改进措施):
numbered 五, on a line of its own, naming problems or shortcomings and what is done about them."""
_GLUED = {
    p.key: re.compile(rf"({re.escape(p.number)})\s*[、.．]\s*({spaced(p.title)})")
    for p in fmt.PARTS
}
# Anchors, from the format: table 二's first caption, table 三's balance note and first row,
# table 四's two lawsuit groups.
_CAPTION = fmt.ACTIVE_BLOCKS_2021[0].caption  # 第二十条第（一）项
_ARTICLE = _CAPTION[: _CAPTION.index("条") + 1]  # 第二十条
_NOTE = fmt.TABLE3_BALANCE_NOTE.strip("（）")
_T2 = re.compile(spaced(_CAPTION))
_T2_ANY = re.compile(spaced(_ARTICLE) + r"\s*第\s*[（(]")
_T3 = re.compile(
    "|".join(
        (
            spaced(_NOTE[: _NOTE.index("为")]),  # 本列数据的勾稽关系
            spaced(fmt.layout("2021").app_row("new").label),
        )
    )
)
_T4 = re.compile("|".join(spaced(g.label) for g in fmt.REVIEW_GROUPS if g.parent != g.label))


def flatten(lines: list[Line]) -> tuple[str, list[int]]:
    starts: list[int] = []
    pos = 0
    parts: list[str] = []
    for line in lines:
        starts.append(pos)
        parts.append(line.text)
        pos += len(line.text) + 1
    return "\n".join(parts), starts


def split(lines: list[Line]) -> Layout:
    """Headings of the six parts and the spans of the tables and narrative parts."""
    text, starts = flatten(lines)
    lay = Layout(text, starts=starts)
    t2 = _T2.search(text) or _T2_ANY.search(text)
    t3 = _T3.search(text, t2.end() if t2 else 0)
    t4 = _T4.search(text, t3.end() if t3 else 0)
    # headings, in order; a part's heading must not sit inside a table it does not belong to
    pos = 0
    for p in fmt.PARTS:
        for m in _PATTERNS[p.key].finditer(text, pos):
            if not _plausible_heading(p.key, m, t2, t3, t4):
                continue
            title = re.sub(r"\s+", "", m.group(2))
            lay.headings[p.key] = Heading(p.key, m.group(1) or "", title, m.start(), m.end())
            pos = m.end()
            break
        else:
            # text with no separators at all glues a heading to the words before it
            # ("…继续办理四、政府信息公开行政复议…"): the whole printed heading, number and all
            m2 = _GLUED[p.key].search(text, pos)
            if m2 is None and p.key == "problems":
                m2 = _PROBLEMS_NUMBERED.search(text, pos)
            if m2 is not None and _plausible_heading(p.key, m2, t2, t3, t4):
                title = re.sub(r"\s+", "", m2.group(2))
                lay.headings[p.key] = Heading(p.key, m2.group(1), title, m2.start(), m2.end())
                pos = m2.end()
    h = lay.headings
    end = len(text)

    def first(*offsets: int | None) -> int:
        return min((o for o in offsets if o is not None), default=end)

    t2_start = t2.start() if t2 else (h["active"].end if "active" in h else None)
    t3_start = (
        h["applications"].end
        if "applications" in h and (t3 is None or h["applications"].start < t3.start())
        else (t3.start() if t3 else None)
    )
    t4_start = (
        h["review"].end
        if "review" in h and (t4 is None or h["review"].start < t4.start())
        # the line the anchor is on, unless the whole table三 is on that line too
        else (max(_line_start(text, t4.start()), t3.end() if t3 else 0) if t4 else None)
    )
    after_t4 = first(_s(h, "problems"), _s(h, "other"))
    if t4_start is not None:
        after_t4 = min(after_t4, _table4_end(text, t4_start, after_t4))
    if t2_start is not None:
        lay.regions["t2"] = (t2_start, first(t3_start, _s(h, "applications"), t4_start, after_t4))
    if t3_start is not None:
        lay.regions["t3"] = (t3_start, first(_s(h, "review"), t4_start, after_t4))
    if t4_start is not None:
        lay.regions["t4"] = (t4_start, after_t4)
    # narrative parts
    if "overview" in h:
        lay.regions["overview"] = (h["overview"].end, first(_s(h, "active"), t2_start, t3_start))
    problems_start = h["problems"].end if "problems" in h else (after_t4 if t4_start else None)
    if problems_start is not None:
        lay.regions["problems"] = (problems_start, first(_s(h, "other")))
    if "other" in h:
        lay.regions["other"] = (h["other"].end, end)
    return lay


def _s(h: dict[str, Heading], key: str) -> int | None:
    return h[key].start if key in h else None


def _line_start(text: str, pos: int) -> int:
    i = text.rfind("\n", 0, pos)
    return i + 1


def _plausible_heading(
    key: str,
    m: re.Match[str],
    t2: re.Match[str] | None,
    t3: re.Match[str] | None,
    t4: re.Match[str] | None,
) -> bool:
    """A heading with a number, or on a line of its own; and table 四's heading not inside
    narrative (part 一 often says 行政复议 in a sentence)."""
    line_end = m.string.find("\n", m.end())
    rest = m.string[m.end() : line_end if line_end >= 0 else len(m.string)]
    if not m.group(1) and rest.strip() and len(m.string[m.start() : m.end()]) < 6:
        return False
    if not m.group(1) and key not in ("problems", "other"):
        return False
    if key == "review" and t3 is not None and m.start() < t3.start():
        return False
    if key in ("problems", "other") and t3 is not None and m.start() < t3.start():
        return False
    return True


_PROSE = re.compile(r"[\u4e00-\u9fff][^\n]{6,}[，。；]|^\s*[（(][一二三四五六七八九十]+[）)]", re.M)


def _table4_end(text: str, start: int, limit: int) -> int:
    """Table 四 ends at the first line of prose after its numbers (some reports drop the
    heading of part 五)."""
    seen_number = False
    pos = start
    while pos < limit:
        nl = text.find("\n", pos)
        line_end = limit if nl < 0 or nl > limit else nl
        line = text[pos:line_end]
        if is_page_marker(line) or line.lstrip().startswith("|"):
            pass
        elif re.search(r"\d", line):
            if seen_number and _PROSE.search(line) and not re.search(r"\d\s+\d", line):
                return pos
            seen_number = True
        elif seen_number and line.strip() and _PROSE.search(line):
            return pos
        pos = line_end + 1
    return limit


def region_lines(lines: list[Line], starts: list[int], span: tuple[int, int]) -> list[Line]:
    """The lines of a span of the flat text (plain lines cut at its edges; rows whole)."""
    a, b = span
    out: list[Line] = []
    for line, s in zip(lines, starts, strict=True):
        e = s + len(line.text)
        if e < a or s >= b:
            continue
        if line.cells is not None:
            if a <= s < b:
                out.append(line)
            continue
        piece = line.text[max(a, s) - s : min(b, e) - s]
        out.append(Line(piece, page=line.page))
    return out


def region_text(layout: Layout, key: str) -> str:
    span = layout.regions.get(key)
    if span is None:
        return ""
    return layout.text[span[0] : span[1]]
