"""A published report's narrative text as a `Narrative`: sub-headings and paragraphs.

Text read from a PDF is broken into lines at the page width (often with blank lines between
them); text from Word or a web page has one line per paragraph. Lines are joined back into
paragraphs — a line that ends a sentence and stops short of the page width ends a paragraph —
and lines such as （一）主动公开情况 become sub-headings. Whitespace next to Chinese text is
dropped (it is an artefact of the PDF), as the text checks do.

The sub-headings keep the number they were printed with (`numbers`), so that a review of the
published report shows （二）（二） when the report printed it so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from nianbao.narrative import NARRATIVE_PARTS, Narrative, Paragraph, PartText, Section

__all__ = ["PublishedNarrative", "narrative_from_text"]

_SUBHEAD = re.compile(
    r"^\s*(?P<num>[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]"
    r"|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)])\s*(?P<title>.*)$"
)
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])[ \t\u3000]+|[ \t\u3000]+(?=[^\x00-\x7f])")
_ENDS = "。！？；!?;：:"
_WRAPPED_WIDTH = 60
"""Lines of a wrapped text (PDF) are at most about this long; a paragraph per line is longer."""


class PublishedNarrative(Narrative):
    """The narrative of a published report, with each sub-heading's printed number."""

    numbers: dict[str, list[str]] = {}


def _heading(line: str) -> tuple[str, str] | None:
    """(number, title) when the line is a sub-heading: numbered, short, not a sentence."""
    m = _SUBHEAD.match(line)
    if m is None:
        return None
    title = m.group("title").strip()
    bare = title.rstrip("：:")
    if not bare or len(bare) > 30:
        return None
    if re.search(r"[。；;！？!?]", bare) or (title[-1] not in "：:" and "，" in bare):
        return None
    return m.group("num").strip(), bare


def _squeeze(text: str) -> str:
    return _CJK_SPACE.sub("", text).strip()


def _part(key: str, text: str) -> tuple[PartText, list[str]]:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    widths = sorted(len(_squeeze(ln)) for ln in lines)
    typical = widths[int(len(widths) * 0.8)] if widths else 0
    wrapped = 0 < typical <= _WRAPPED_WIDTH
    sections: list[Section] = []
    numbers: list[str] = []
    section = Section()
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            para = ""
            for piece in buffer:
                if para and para[-1].isascii() and piece[0].isascii() and para[-1] != " ":
                    para += " " if para[-1].isalpha() and piece[0].isalpha() else ""
                para += piece
            para = _squeeze(para)
            if para:
                section.paragraphs.append(Paragraph(text=para, source="user"))
        buffer.clear()

    for line in lines:
        head = _heading(line)
        if head is not None and not (buffer and wrapped and _continues(buffer[-1])):
            flush()
            if section.heading is not None or section.paragraphs:
                sections.append(section)
            numbers.append(head[0])
            section = Section(heading=head[1])
            continue
        buffer.append(line)
        short = len(_squeeze(line)) < typical * 0.9
        if not wrapped or (line[-1] in _ENDS and short):
            flush()
    flush()
    if section.heading is not None or section.paragraphs:
        sections.append(section)
    return PartText(part=key, sections=sections, source="user"), numbers


def _continues(previous: str) -> bool:
    """A wrapped line that did not end its sentence: the next line carries on (不是标题)."""
    return previous[-1] not in _ENDS


def narrative_from_text(parts: Mapping[str, str]) -> PublishedNarrative:
    """The narrative parts of a published report (`ExtractedReport.parts`) as a `Narrative`."""
    out = PublishedNarrative()
    for key in NARRATIVE_PARTS:
        text = parts.get(key, "")
        if not text.strip():
            continue
        part, numbers = _part(key, text)
        out.parts[key] = part
        out.numbers[key] = numbers
    return out
