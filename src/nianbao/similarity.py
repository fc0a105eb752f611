"""How much of a text repeats another (E-12, X-6: 内容雷同 with last year's report).

Similarity is the share of this text's character 5-grams that also occur in the other text,
after removing figures, whitespace and punctuation — so changing the numbers in last year's
sentences does not make them new. `repeated_spans` gives the stretches to highlight.
"""

from __future__ import annotations

import re

__all__ = ["ERROR_AT", "WARN_AT", "repeated_spans", "similarity"]

WARN_AT = 0.5
"""Above this share the text counts as largely copied (宿迁 assessment threshold)."""
ERROR_AT = 0.8
"""Above this share the text is essentially last year's."""

_N = 5
_SKIP = re.compile(r"[\s\d０-９.,，。、；;：:！!？?“”\"'‘’（）()《》〈〉【】\[\]%％—\-…·]+")


def _normalised(text: str) -> tuple[str, list[int]]:
    """The text without figures, spaces and punctuation, and each kept char's original offset."""
    chars: list[str] = []
    where: list[int] = []
    last = 0
    for m in _SKIP.finditer(text):
        for i in range(last, m.start()):
            chars.append(text[i])
            where.append(i)
        last = m.end()
    for i in range(last, len(text)):
        chars.append(text[i])
        where.append(i)
    return "".join(chars), where


def _grams(s: str) -> set[str]:
    return {s[i : i + _N] for i in range(len(s) - _N + 1)}


def similarity(text: str, other: str) -> float:
    """Share (0–1) of `text`'s 5-grams found in `other`; 0 for texts too short to compare."""
    a, _ = _normalised(text)
    b, _ = _normalised(other)
    ga = [a[i : i + _N] for i in range(len(a) - _N + 1)]
    if not ga:
        return 0.0
    gb = _grams(b)
    return sum(1 for g in ga if g in gb) / len(ga)


def repeated_spans(text: str, other: str, min_chars: int = 12) -> list[tuple[int, int]]:
    """(start, end) offsets in `text` of stretches also found in `other`, at least `min_chars` long."""
    a, where = _normalised(text)
    gb = _grams(_normalised(other)[0])
    covered = [False] * len(a)
    for i in range(len(a) - _N + 1):
        if a[i : i + _N] in gb:
            for j in range(i, i + _N):
                covered[j] = True
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(a):
        if not covered[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(a) and covered[j + 1]:
            j += 1
        if j - i + 1 >= min_chars:
            spans.append((where[i], where[j] + 1))
        i = j + 1
    return spans
