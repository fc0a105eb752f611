"""The narrative parts (一、总体情况; 五、存在的主要问题及改进情况; 六、其他需要报告的事项) as data.

A `Narrative` is what drafting produces (from the model or the built-in writer), what a user
edits (as Markdown), what verification annotates (every figure with its fact) and what the
renderers and the review page read. Sub-headings are stored without their numbers: the
assembled report numbers them （一）（二）… so that numbering can never repeat or skip.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from nianbao import format as fmt

__all__ = [
    "NARRATIVE_PARTS",
    "MARKER",
    "PLACEHOLDER",
    "FigureRef",
    "Narrative",
    "Paragraph",
    "PartText",
    "Section",
    "Source",
    "marker",
    "markers",
    "narrative_from_markdown",
    "narrative_to_markdown",
    "strip_number",
]

PLACEHOLDER = "（待填写 / to be written）"
"""What the assembled report prints where a narrative part or section has no text yet."""

MARKER = re.compile(r"【待补充：([^【】]*)】")
"""A visible gap in a draft: where the data is silent on something the format requires."""


def marker(what: str) -> str:
    """The visible marker for a gap: 【待补充：what】."""
    return f"【待补充：{what}】"


def markers(text: str) -> list[str]:
    """The markers left in a text (each as printed, 【待补充：…】)."""
    return [m.group(0) for m in MARKER.finditer(text)]


Source = Literal["model", "writer", "user"]
"""Who wrote a piece of text: the LLM, the built-in writer, or a person editing the draft."""

NarrativePartKey = Literal["overview", "problems", "other"]
NARRATIVE_PARTS: tuple[NarrativePartKey, ...] = ("overview", "problems", "other")


class FigureRef(BaseModel):
    """A figure found in a paragraph, and what it was checked against."""

    start: int = Field(description="offset of the figure in the paragraph text")
    end: int
    text: str = Field(description="the figure as written: 88, 六, 33.9%, 2024年1月1日")
    value: int | Decimal | None = None
    kind: Literal["count", "amount", "percent", "date", "year", "ordinal", "other"] = "count"
    fact: str | None = Field(None, description="key of the fact it states, if any")
    status: Literal["verified", "allowed", "fallback", "unverified"] = "unverified"
    note: str = Field("", description="why it is allowed, or what failed")
    words: str = Field("", description="the words that bound it to its fact (予以公开, 其中自然人)")


class Paragraph(BaseModel):
    text: str
    source: Source = "user"
    figures: list[FigureRef] = Field(default_factory=list)


class Section(BaseModel):
    """A sub-heading (without its number) and its paragraphs; heading None = lead paragraphs."""

    heading: str | None = None
    topic: str | None = Field(None, description="the format topic it covers (format.TOPICS key)")
    paragraphs: list[Paragraph] = Field(default_factory=list)


class PartText(BaseModel):
    """One narrative part."""

    part: NarrativePartKey
    sections: list[Section] = Field(default_factory=list)
    source: Source = "user"
    remarks: list[str] = Field(
        default_factory=list, description="what happened while drafting (fallbacks, repairs)"
    )

    @property
    def text(self) -> str:
        """The part's plain text (headings and paragraphs), for checks and similarity."""
        lines: list[str] = []
        for s in self.sections:
            if s.heading:
                lines.append(s.heading)
            lines.extend(p.text for p in s.paragraphs)
        return "\n".join(lines)


class Narrative(BaseModel):
    """The three narrative parts of a report."""

    parts: dict[NarrativePartKey, PartText] = Field(default_factory=dict)

    def part(self, key: NarrativePartKey) -> PartText:
        return self.parts.get(key) or PartText(part=key)

    def markers(self) -> list[tuple[str, str]]:
        """Every 【待补充：…】 left in the text: (where — part heading and sub-heading, marker)."""
        out: list[tuple[str, str]] = []
        for key in NARRATIVE_PARTS:
            part = self.parts.get(key)
            if part is None:
                continue
            for section in part.sections:
                where = fmt.part(key).heading + (f" — {section.heading}" if section.heading else "")
                for p in section.paragraphs:
                    out += [(where, m) for m in markers(p.text)]
        return out


# --- Markdown: what a person edits ----------------------------------------------------------

_NUMBER = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[.．、]|[（(]\d+[）)])\s*"
)


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape_markdown(text: str) -> str:
    """Markdown's backslash escapes undone (`\\<` → `<`), as `render/markdown.py` writes them."""
    return _ESCAPED.sub(r"\1", text)


def strip_number(heading: str) -> str:
    """A heading without its leading number: （一）主动公开 → 主动公开."""
    return _NUMBER.sub("", heading, count=1).strip()


def _part_of_heading(title: str) -> fmt.Part | None:
    plain = strip_number(title).replace(" ", "")
    for p in fmt.PARTS:
        if plain == p.title or plain in p.variants:
            return p
    return None


def narrative_from_markdown(text: str, source: Source = "user") -> Narrative:
    """Read the narrative parts from Markdown (an edited draft or a whole `report.md`).

    `## ` headings name the parts (一、总体情况 …; parts 二–四, the tables, are skipped),
    `### ` headings the sub-sections; paragraphs are separated by blank lines. HTML comments
    (`<!-- … -->`, also over several lines) are not text.
    """
    text = re.sub(r"<!--.*?-->", "\n", text, flags=re.DOTALL)
    narrative = Narrative()
    current: PartText | None = None
    section: Section | None = None
    buffer: list[str] = []

    def flush() -> None:
        if current is not None and buffer:
            para = " ".join(line.strip() for line in buffer).strip()
            para = re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", para)
            para = unescape_markdown(para)
            if para and para != PLACEHOLDER:
                nonlocal section
                if section is None:
                    section = Section()
                    current.sections.append(section)
                section.paragraphs.append(Paragraph(text=para, source=source))
        buffer.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("## ") or line.startswith("# "):
            flush()
            p = _part_of_heading(line.lstrip("#").strip())
            if p is not None and p.narrative and p.key in NARRATIVE_PARTS:
                current = PartText(part=p.key, source=source)
                narrative.parts[p.key] = current
            else:
                current = None
            section = None
            continue
        if line.startswith("### ") or line.startswith("#### "):
            flush()
            if current is not None:
                heading = unescape_markdown(line.lstrip("#").strip())
                section = Section(heading=strip_number(heading))
                current.sections.append(section)
            continue
        if not line.strip():
            flush()
            continue
        if current is not None and not line.lstrip().startswith(("|", "<!--")):
            buffer.append(line)
    flush()
    return narrative


def narrative_to_markdown(narrative: Narrative) -> str:
    """The narrative as Markdown, sub-headings numbered （一）（二）… in order."""
    from nianbao.format import part as part_of

    out: list[str] = []
    for key in NARRATIVE_PARTS:
        if key not in narrative.parts:
            continue
        pt = narrative.parts[key]
        out.append(f"## {part_of(key).heading}")
        out.append("")
        n = 0
        for s in pt.sections:
            if s.heading:
                n += 1
                out.append(f"### {fmt.heading_number(2, n)}{s.heading}")
                out.append("")
            for p in s.paragraphs:
                out.append(p.text)
                out.append("")
    return "\n".join(out).rstrip() + "\n"
