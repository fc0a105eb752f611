"""Matching printed row labels to the format's rows, whatever extraction did to them.

A label is compared in a normalised form: no whitespace (PDF text breaks labels across lines
and puts one character per line), no brackets, quotes or punctuation (full- and half-width
alike), numbering digits kept apart. Every label spelled here comes from `format.py`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = ["Hit", "LabelSpec", "find_labels", "norm", "norm_keep_numbers"]

_DROP = re.compile(
    r"[\s()（）\[\]【】〔〕{}“”\"'‘’「」『』,，.．。、:：;；!！?？·•…—\-–_/|\\＊*#>《》〈〉<]+"
)
_NUMBERING = re.compile(r"\d+|[一二三四五六七八九十]+(?=[、.．])")


def norm_keep_numbers(text: str) -> str:
    """Label text without whitespace and punctuation; digits stay (they may be numbering)."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


def norm(text: str) -> str:
    """Label text without whitespace, punctuation and digits: the form labels are matched in."""
    return re.sub(r"\d+", "", norm_keep_numbers(text))


MatchKind = Literal["exact", "alias", "partial", "fuzzy"]


@dataclass(frozen=True)
class LabelSpec:
    """A row the reader looks for: its key, its label and the other ways it is printed."""

    key: str
    label: str  # the official label without numbering
    number: str = ""  # printed numbering (一、 （一） 1.), used when the label alone is too short
    aliases: tuple[str, ...] = ()  # other spellings seen in published reports (typos, old labels)
    optional: bool = False  # may be a group heading rather than a row (（六）其他处理)

    @property
    def forms(self) -> list[tuple[str, MatchKind]]:
        """Normalised forms to search for, official first."""
        main = norm(self.label)
        out: list[tuple[str, MatchKind]] = []
        if len(main) < 4 and self.number:
            out.append((norm_keep_numbers(self.number) + main, "exact"))
        else:
            out.append((main, "exact"))
        cut = self.label.find("（")
        if cut >= 4:  # the label without its bracketed remark: 部分公开（区分处理的，…）
            short = norm(self.label[:cut])
            out.append((short, "partial"))  # a shortened label is no misprint
        for a in self.aliases:
            n = norm(a)
            if len(n) < 4 and self.number:
                n = norm_keep_numbers(self.number) + n
            out.append((n, "alias"))
        return out

    @property
    def key_form(self) -> str:
        return norm(self.label)


@dataclass(frozen=True)
class Hit:
    """A label found in a stretch of text."""

    key: str
    start: int  # offsets in the normalised text
    end: int
    kind: MatchKind
    found: str  # the normalised text that matched


PARTIAL_MIN = 6
"""A fragment of a label must be at least this long to count as that label (wrapped labels)."""
PREFIX_MIN = 4
"""The head of a label, cut where the cell wraps, identifies it from this many characters."""
TIE_MIN = 10
"""A fragment shared by several labels counts (for the first of them) only if this long."""
FUZZY_MIN = 0.8
"""How close a misspelt label must be to the official one (difflib ratio)."""


def find_labels(raw: str, specs: list[LabelSpec], *, partial: bool = True) -> list[Hit]:
    """The labels found in `raw` (text as printed, line breaks and all), left to right.

    Full matches of the official label or an alias first (across line breaks), longest first,
    never overlapping; then, in what is left of each line, fragments of labels (a label
    wrapped around its numbers, or cut by a page break) and near-misses (typos)."""
    pieces = [norm_keep_numbers(line) for line in raw.split("\n")]
    text = "".join(pieces)
    breaks: set[int] = set()
    pos = 0
    for p in pieces:
        pos += len(p)
        breaks.add(pos)
    taken = [False] * len(text)
    hits: list[Hit] = []
    forms = sorted(
        ((form, kind, spec) for spec in specs for form, kind in spec.forms if form),
        key=lambda x: -len(x[0]),
    )
    for form, kind, spec in forms:
        start = 0
        while True:
            i = text.find(form, start)
            if i < 0:
                break
            j = i + len(form)
            if not any(taken[i:j]) and _clean_edges(text, i, j, form):
                hits.append(Hit(spec.key, i, j, kind, form))
                for k in range(i, j):
                    taken[k] = True
            start = i + 1
    if partial:
        hits.extend(_partials(text, taken, specs, {h.key for h in hits}, breaks))
    hits.sort(key=lambda h: h.start)
    return hits


def _clean_edges(text: str, i: int, j: int, form: str) -> bool:
    """A short form with a number prefix must not be the tail of a longer number (13其他)."""
    if form[:1].isdigit() and i > 0 and text[i - 1].isdigit():
        return False
    return True


def _free_runs(text: str, taken: list[bool], breaks: set[int]) -> list[tuple[int, int]]:
    """Stretches of text no full match took, cut at line breaks."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if taken[i]:
            i += 1
            continue
        j = i + 1
        while j < len(text) and not taken[j] and j not in breaks:
            j += 1
        # numbering digits part a group heading from its first row (不予处理1信访…)
        k = i
        for m in re.finditer(r"\d+", text[i:j]):
            a, b = i + m.start(), i + m.end()
            if a > k:
                runs.append((k, a))
            k = b
        if k < j:
            runs.append((k, j))
        i = j
    return runs


def _partials(
    text: str, taken: list[bool], specs: list[LabelSpec], found: set[str], breaks: set[int]
) -> list[Hit]:
    out: list[Hit] = []
    for i, j in _free_runs(text, taken, breaks):
        piece = re.sub(r"\d+", "", text[i:j])
        if len(piece) < PREFIX_MIN:
            continue
        # without the row's numbering (（二） is 二 once brackets are dropped)
        core = _LEAD_NUMERAL.sub("", piece) if len(piece) > PREFIX_MIN + 1 else piece
        best: tuple[float, LabelSpec, MatchKind] | None = None
        tie = False
        for spec in specs:
            if spec.key in found:
                continue
            label = spec.key_form
            if len(label) < PARTIAL_MIN:
                continue
            score = _fragment_score(piece, label)
            kind: MatchKind = "partial"
            if score == 0 and len(piece) >= PREFIX_MIN and label.startswith(core):
                score = float(len(core))  # the head of a label wrapped after its numbers
            elif score == 0 and len(core) >= PARTIAL_MIN and is_typo(core, label[: len(core)]):
                score, kind = float(len(core)), "fuzzy"  # a misprinted head, wrapped
            if is_typo(piece, label) or is_typo(core, label):
                score, kind = float(len(label)), "fuzzy"
            else:
                # a misprint scores by its likeness to the whole label, so that two labels
                # sharing a long tail (…政府信息公开申请数量) are told apart by the rest
                ratio = max(_likeness(p, label) for p in {piece, core})
                if ratio >= FUZZY_MIN and ratio * len(label) > score:
                    kind = "fuzzy" if score == 0 else kind  # else a wrapped head: partial
                    score = ratio * len(label)
            if score and best is not None and score == best[0]:
                tie = True
            if score and (best is None or score > best[0]):
                best = (score, spec, kind)
                tie = False
        if best is not None and (not tie or best[0] >= TIE_MIN):
            out.append(Hit(best[1].key, i, j, best[2], text[i:j]))
            found.add(best[1].key)
    return out


def _likeness(a: str, b: str) -> float:
    """difflib's ratio, 0 where its cheap upper bounds already fall short of FUZZY_MIN."""
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < FUZZY_MIN or m.quick_ratio() < FUZZY_MIN:
        return 0.0
    return m.ratio()


_LEAD_NUMERAL = re.compile(r"^[一二三四五六七八九十]{1,2}(?=[^一二三四五六七八九十])")


def is_typo(piece: str, label: str) -> bool:
    """`piece` is `label` misprinted — characters left out (其他法律行政止公开) or one or two
    replaced — rather than a label cut by a line or page break (a contiguous piece of it)."""
    if piece == label or piece in label or label in piece:
        return False
    if len(piece) == len(label):
        return sum(a != b for a, b in zip(piece, label, strict=True)) <= min(2, len(label) // 4)
    if len(piece) < len(label) and len(piece) >= 0.7 * len(label):
        it = iter(label)
        return all(ch in it for ch in piece)
    return False


def _fragment_score(piece: str, label: str) -> float:
    """How much of `label` the text `piece` shows as one fragment: the longest common stretch,
    if it is long enough to identify the label (a label wrapped after its numbers leaves its
    head in one place and its tail in another)."""
    m = difflib.SequenceMatcher(None, piece, label, autojunk=False).find_longest_match(
        0, len(piece), 0, len(label)
    )
    if m.size >= max(PARTIAL_MIN, min(len(label), 10) * 0.6) and (
        m.size >= 0.35 * len(label) or m.size >= 8
    ):
        return float(m.size)
    return 0.0
