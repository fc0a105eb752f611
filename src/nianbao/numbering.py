"""Sequences in Chinese official numbering: headings 一、（一）1.（1） and 一是…二是… enumerations.

Finds repeats (（二）…（二）), skips (（一）…（三）) and restarts, the defects reviewers flag in
narrative parts (the seed report's own 总体情况 runs （一）（二）（二）（三）（四）).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from nianbao.format import chinese_ordinal

__all__ = [
    "NumberingProblem",
    "enumeration_problems",
    "enumeration_text",
    "heading_level",
    "heading_problems",
    "parse_cn_int",
]

_CN = "零一二三四五六七八九"


def parse_cn_int(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (numbering stays below 100); digits pass through."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN + "十两" for c in text):
        return None
    text = text.replace("两", "二")
    if "十" not in text:
        return _CN.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    t = _CN.index(tens) if tens else 1
    o = _CN.index(ones) if ones else 0
    return t * 10 + o


Level = Literal[1, 2, 3, 4]
_LEVELS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(r"^\s*([一二三四五六七八九十]+)\s*、")),
    (2, re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]+)\s*[）)]")),
    (3, re.compile(r"^\s*(\d+)\s*[.．、](?!\d)")),
    (4, re.compile(r"^\s*[（(]\s*(\d+)\s*[）)]")),
]


def heading_level(line: str) -> tuple[int, int] | None:
    """(level, number) of a numbered heading line: 一、→(1, 1); （二）→(2, 2); 3.→(3, 3); （4）→(4, 4)."""
    for level, pattern in _LEVELS:
        m = pattern.match(line)
        if m:
            n = parse_cn_int(m.group(1))
            if n is not None:
                return level, n
    return None


@dataclass(frozen=True)
class NumberingProblem:
    kind: Literal["repeat", "skip", "restart"]
    expected: int
    actual: int
    quote: str  # the heading or the sentence where it happens

    def message(self) -> str:
        e, a = chinese_ordinal(self.expected), chinese_ordinal(self.actual)
        if self.kind == "repeat":
            return f"序号“{a}”重复，此处应为“{e}” / numbering repeats {self.actual}; expected {self.expected}"
        if self.kind == "skip":
            return f"序号跳过：应为“{e}”，实为“{a}” / numbering skips: expected {self.expected}, got {self.actual}"
        return f"序号重新开始：应为“{e}”，实为“{a}” / numbering restarts: expected {self.expected}"


def heading_problems(lines: list[str]) -> list[NumberingProblem]:
    """Problems in the numbered headings among `lines` (a deeper level restarts under a new parent)."""
    expected: dict[int, int] = {}
    out: list[NumberingProblem] = []
    for line in lines:
        hl = heading_level(line)
        if hl is None:
            continue
        level, n = hl
        for deeper in [k for k in expected if k > level]:
            del expected[deeper]
        want = expected.get(level, 1)
        if n != want:
            kind: Literal["repeat", "skip", "restart"] = (
                "repeat" if n == want - 1 else "skip" if n > want else "restart"
            )
            out.append(NumberingProblem(kind, want, n, line.strip()[:40]))
        expected[level] = n + 1
    return out


_ENUM = re.compile(r"(?<![一二三四五六七八九十\w])([一二三四五六七八九十]+)是")
_SPACE = re.compile(r"\s+")


def enumeration_text(text: str) -> str:
    """The running text 一是 lists are read from: whitespace dropped (PDF lines wrap anywhere,
    even inside “二是”), except a line break before 一是 — a list that opens a line (a Word or
    HTML paragraph, the line after a sub-heading) starts a run of its own, so lists in separate
    paragraphs are never read as one sequence."""
    return _SPACE.sub(
        lambda m: "\n" if "\n" in m.group(0) and text.startswith("一是", m.end()) else "", text
    )


def enumeration_problems(text: str) -> list[NumberingProblem]:
    """Problems in 一是…二是…三是… enumerations in running text (each run starts at 一是; the
    text may hold line breaks, see `enumeration_text`)."""
    text = enumeration_text(text)
    out: list[NumberingProblem] = []
    want = 0
    for m in _ENUM.finditer(text):
        n = parse_cn_int(m.group(1))
        if n is None:
            continue
        if n == 1:
            want = 2
            continue
        if want == 0:
            continue  # 二是 without 一是: not an enumeration we can follow
        if n != want:
            kind: Literal["repeat", "skip", "restart"] = "repeat" if n < want else "skip"
            start = max(0, m.start() - 10)
            quote = text[start : m.end() + 10].replace("\n", "")
            out.append(NumberingProblem(kind, want, n, quote))
        want = n + 1
    return out
