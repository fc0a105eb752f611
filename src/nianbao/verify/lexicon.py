"""The words that name figures in these reports, as data: which fact a word names, and the small
grammar around figures (其中, 分别, 占, 较上年, 由…增至…).

Naming words come from the format (`format.NARRATIVE_PHRASES`, the printed row and column labels)
through the facts (`Fact.keywords`), never from a second list of labels. A word plays one role:

    subject    names a row / group / derived figure (新收, 予以公开, 行政复议, 申请总数, 政策解读)
    qualifier  names a column (自然人, 法人或其他组织, 维持, 纠正, 制发, 废止, 现行有效)
    object     the applications themselves (政府信息公开申请): a weak subject, 新收 by default
    whole      共计, 合计, 总数: the total of the subject in context
    share      占, 比例, 占比, 率: the figure is a share (a percentage)
    increase / decrease   the figure is a change since last year, with its direction
    compare    较上年, 同比: the figure compares with last year
    prior      上年, 去年: the figure is last year's
    to_up / to_down       增至, 降至: the figure is this year's value after a change
    from       由, 从 (由上年的X件增至Y件)
    narrow     其中: a part of the fact before
    each       分别, 依次: names listed before map to the figures after, in order
    none       words that contain a naming word but name nothing (不再处理, 信息处理费)

Set phrases that contain numerals but state no figure (四个意识, 12345热线) are data too:
`nianbao/data/set_phrases.yaml`, shipped in the wheel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml

from nianbao import format as fmt
from nianbao.facts import Fact, Facts

__all__ = [
    "GENERIC_WHOLE",
    "Lexicon",
    "Role",
    "Token",
    "Word",
    "fact_parts",
    "set_phrases",
]

Role = Literal[
    "subject",
    "qualifier",
    "object",
    "whole",
    "share",
    "increase",
    "decrease",
    "compare",
    "prior",
    "to_up",
    "to_down",
    "from",
    "narrow",
    "each",
    "none",
]

GENERIC_WHOLE = ("共计", "合计", "总数", "总计", "总量", "累计", "共")
"""Words that say 'in total' without naming what: the subject comes from the context."""

OBJECT_WORDS = ("政府信息公开申请", "依申请公开", "公开申请", "申请量", "申请数量", "申请件数")
"""The applications in general: a weak subject (新收 unless another word names the row)."""

GRAMMAR: dict[Role, tuple[str, ...]] = {
    "compare": (
        "较上年度",
        "较上一年度",
        "较上一年",
        "较上年",
        "比上年度",
        "比上年",
        "与上年相比",
        "与上年度相比",
        "较去年",
        "比去年",
        "与去年相比",
        "同比",
        "上年同期",
        "去年同期",
    ),
    "to_up": (
        "增至",
        "增加至",
        "增加到",
        "增长至",
        "增长到",
        "上升至",
        "上升到",
        "提高至",
        "提高到",
        "增为",
    ),
    "to_down": (
        "降至",
        "减至",
        "减少至",
        "减少到",
        "下降至",
        "下降到",
        "降为",
        "减为",
        "回落至",
        "回落到",
    ),
    "increase": ("增幅", "涨幅"),
    "decrease": ("降幅",),
    "from": ("由", "从"),
    "narrow": ("其中",),
    "each": ("分别", "依次"),
    "none": (
        "不再处理",
        "信息处理费",
        "处理费",
        "处理决定",
        "办理时限",
        "答复期限",
        "答复时限",
        "受理渠道",
        "申请渠道",
        "其他组织",
        "收费通知",
        "收费标准",
        "办理流程",
    ),
}
"""The grammar words around figures (not labels: these say how a figure relates to its fact)."""

_SKIP_QUALIFIERS = {"总计"}
"""Column labels too generic to name a column on their own."""
_SKIP_SUBJECTS = {"其他"}
"""Row labels too generic to name a row (其他 is the column of the applicants' kinds)."""


@dataclass(frozen=True)
class Word:
    text: str
    role: Role
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: Word

    @property
    def role(self) -> Role:
        return self.word.role

    @property
    def text(self) -> str:
        return self.word.text


def fact_parts(key: str) -> tuple[str, str | None] | None:
    """A fact key as (subject, qualifier): t3.new.natural_person → (t3.new, natural_person);
    t4.review.total → (t4.review, None); apps.received_total → (apps.received_total, None).
    None for computed facts (share., prior., change., pct.)."""
    head, _, rest = key.partition(".")
    if head in ("t3", "t4"):
        row, _, col = rest.partition(".")
        return f"{head}.{row}", (None if col in ("total", "") else col)
    if head == "t2":
        row, _, col = rest.partition(".")
        return f"t2.{row}", (col or None)
    if head == "apps":
        name, _, col = rest.partition(".")
        return f"apps.{name}", (col or None)
    if head == "figures":
        return key, None
    return None


@lru_cache(maxsize=1)
def set_phrases() -> tuple[str, ...]:
    """Set phrases from `nianbao/data/set_phrases.yaml`, longest first."""
    text = resources.files("nianbao").joinpath("data/set_phrases.yaml").read_text("utf-8")
    raw = yaml.safe_load(text) or {}
    phrases = {str(p).strip() for p in raw.get("phrases", []) if str(p).strip()}
    return tuple(sorted(phrases, key=len, reverse=True))


class Lexicon:
    """Every naming word of one report's facts, and the grammar words; tokenises a text."""

    def __init__(self, facts: Facts) -> None:
        self.words: dict[str, Word] = {}
        subjects: dict[str, set[str]] = {}
        qualifiers: dict[str, set[str]] = {}
        for fact in facts:
            parts = fact_parts(fact.key)
            if parts is None:
                continue
            subject, qualifier = parts
            if fact.key.startswith("t2.") and qualifier:
                qual_words = set(fmt.NARRATIVE_PHRASES.get(qualifier, ()))
                for w in fact.keywords:
                    if w in qual_words:
                        qualifiers.setdefault(w, set()).add(qualifier)
                    else:
                        subjects.setdefault(w, set()).add(subject)
                continue
            if qualifier is None or fact.key.startswith("figures."):
                for w in fact.keywords:
                    if w in GENERIC_WHOLE or w in _SKIP_SUBJECTS:
                        continue
                    subjects.setdefault(w, set()).add(subject)
            else:
                for w in fact.keywords:
                    if w not in _SKIP_QUALIFIERS:
                        qualifiers.setdefault(w, set()).add(qualifier)
        for w, targets in subjects.items():
            if "apps.received_total" in targets and re.search("收到|受理|接收", w):
                targets.add("t3.new")  # 收到 may mean 新收 or 新收＋上年结转 (resolved in bind)
            self._add(Word(w, "subject", tuple(sorted(targets))))
        for w, targets in qualifiers.items():
            self._add(Word(w, "qualifier", tuple(sorted(targets))))
        for w in OBJECT_WORDS:
            self.words[w] = Word(w, "object", ("t3.new",))
        self._prefer_groups(facts)
        for w in GENERIC_WHOLE:
            self._add(Word(w, "whole"))
        for role, key in (
            ("share", "share"),
            ("increase", "increase"),
            ("decrease", "decrease"),
            ("prior", "prior"),
        ):
            for w in fmt.NARRATIVE_PHRASES[key]:
                self._add(Word(w, role))  # type: ignore[arg-type]
        for role, words in GRAMMAR.items():
            for w in words:
                self._add(Word(w, role))
        self._by_first: dict[str, list[str]] = {}
        for w in sorted(self.words, key=len, reverse=True):
            self._by_first.setdefault(w[0], []).append(w)

    def _prefer_groups(self, facts: Facts) -> None:
        """A word naming a table-三 group and one of its own rows (其他处理) names the group."""
        parent = self.parents(facts)
        for text, word in list(self.words.items()):
            if word.role != "subject" or len(word.targets) < 2:
                continue
            kept = tuple(t for t in word.targets if parent.get(t) not in word.targets)
            if kept != word.targets:
                self.words[text] = Word(text, "subject", kept)

    @staticmethod
    def parents(facts: Facts) -> dict[str, str]:
        """Table 三 row subject → its group subject (t3.unable_not_held → t3.unable)."""
        out: dict[str, str] = {}
        for f in facts:
            if (
                f.key.startswith("t3.")
                and f.key.endswith(".total")
                and f.source.startswith("derived: ")
            ):
                group = f.key.rsplit(".", 1)[0]
                if group.split(".")[1] in ("denied", "unable", "not_processed", "other"):
                    for cell in f.source.removeprefix("derived: ").split(" + "):
                        out[cell.rsplit(".", 1)[0]] = group
        return out

    def _add(self, word: Word) -> None:
        """One role per word: a naming role beats a grammar role (上年结转 vs 上年 are different
        words anyway); two naming entries of one role merge their targets (收到: 新收, 申请总数)."""
        naming = ("subject", "qualifier", "object")
        cur = self.words.get(word.text)
        if cur is None or (cur.role not in naming and word.role in naming):
            self.words[word.text] = word
        elif cur.role == word.role and word.role in naming:
            merged = tuple(sorted({*cur.targets, *word.targets}))
            self.words[word.text] = Word(word.text, word.role, merged)

    def tokens(self, text: str) -> list[Token]:
        """The naming and grammar words of `text`, leftmost-longest, without overlaps."""
        out: list[Token] = []
        i = 0
        n = len(text)
        while i < n:
            cands = self._by_first.get(text[i])
            hit = None
            if cands:
                for w in cands:
                    if text.startswith(w, i):
                        hit = w
                        break
            if hit is None:
                i += 1
                continue
            out.append(Token(i, i + len(hit), self.words[hit]))
            i += len(hit)
        return out


def subject_facts(facts: Facts, subject: str, qualifier: str | None) -> list[Fact]:
    """The facts a subject with a qualifier names (several when a table 二 row is named without
    its column)."""
    if subject.startswith(("apps.", "figures.")):
        f = facts.get(f"{subject}.{qualifier}" if qualifier else subject)
        return [f] if f is not None else []
    if subject.startswith("t2."):
        if qualifier:
            f = facts.get(f"{subject}.{qualifier}")
            return [f] if f is not None else []
        f = facts.get(subject)
        if f is not None:
            return [f]
        return [x for x in facts if x.key.startswith(subject + ".")]
    f = facts.get(f"{subject}.{qualifier or 'total'}")
    return [f] if f is not None else []
