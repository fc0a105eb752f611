"""Figures in Chinese prose: every number in a text, with its value, unit and kind.

Used to verify drafted narrative (each figure must be a known fact or an allowed date/number)
and to compare published narratives with their tables. Finds Arabic numerals (with thousands
separators, decimals, 万/亿 multipliers), Chinese numerals (两/十/百/千/万, converted with
cn2an), percentages (33.9%, 百分之三十三点九), amounts (万元, 元), dates and years, and marks
ordinals (第二十条, 一是, （三）) and document numbers (〔2021〕30号) so callers can set them aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

__all__ = ["COUNT_UNITS", "Figure", "Kind", "chinese_to_decimal", "find_figures"]

Kind = Literal["count", "amount", "percent", "date", "year", "ordinal", "docnum", "other"]

COUNT_UNITS = (
    "人次",
    "件次",
    "余件",
    "件",
    "条",
    "个",
    "次",
    "篇",
    "期",
    "项",
    "人",
    "家",
    "场",
    "份",
    "批",
    "起",
    "例",
    "部",
    "本",
    "册",
    "名",
    "户",
    "宗",
    "封",
    "处",
    "台",
    "轮",
    "天",
    "日",
    "小时",
    "分钟",
    "年",
)
"""Units after which a number is a count. (年/天/日 make durations: 3年, 15个工作日.)"""

_AMOUNT_UNITS = ("亿元", "万元", "千元", "元")
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN = f"[{_CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
_AR = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
_SP = r"[ \t\u3000\r\n]*"  # PDF text puts spaces and line breaks between digits and CJK
_APPROX_BEFORE = "(?:近|约|超过|逾|不足|将近|共计|累计)?"
_APPROX_AFTER = "(?:余|多)?"
_MULT = "(?:万|亿)?"
_IDIOMS = "一(?:系列|次性|次办|件事|体化|站式|网|窗|门|号|码|揽子|线|把手|批次)"
"""Set phrases that start with 一 and a unit-like character but state no figure."""
_UNITS = "|".join(sorted((*COUNT_UNITS, *_AMOUNT_UNITS), key=len, reverse=True))


@dataclass(frozen=True)
class Figure:
    """One figure found in a text."""

    start: int
    end: int
    text: str
    value: Decimal
    kind: Kind
    unit: str = ""
    approx: bool = False  # 余, 多, 近, 约 …: a rounded figure


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # document numbers and article references: 〔2021〕30号, 国令第711号, 第二十条第（一）项
    ("docnum", re.compile(rf"[〔\[［(（]{_SP}\d{{4}}{_SP}[〕\]］)）]{_SP}\d+{_SP}号")),
    ("docnum", re.compile(rf"第{_SP}\d+{_SP}号")),
    (
        "ordinal",
        re.compile(
            rf"第{_SP}(?:{_AR}|{_CN}){_SP}(?:条|项|款|章|节|批|次|届|期|季度|名|轮|个|部分)?"
        ),
    ),
    ("ordinal", re.compile(r"[（(]\s*[一二三四五六七八九十]+\s*[）)]|[（(]\s*\d+\s*[）)]")),
    ("ordinal", re.compile(r"(?<![\d一二三四五六七八九十百千])[一二三四五六七八九十]+(?=是)")),
    ("ordinal", re.compile(r"(?m)^\s*\d+(?=[.．、](?!\d))")),
    # phone numbers, postcodes and long codes: never figures to verify
    ("other", re.compile(r"\d{3,4}-\d{7,8}|\b\d{6}\b(?=\D|$)|\d{11}")),
    # dates
    (
        "date",
        re.compile(
            rf"\d{{4}}{_SP}年{_SP}\d{{1,2}}{_SP}月(?:{_SP}\d{{1,2}}{_SP}日)?"
            rf"|(?<!\d)\d{{1,2}}{_SP}月{_SP}\d{{1,2}}{_SP}日"
            rf"|(?<!\d)\d{{1,2}}{_SP}月(?:份|中旬|上旬|下旬|底|初|末)?"
            rf"|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}"
        ),
    ),
    ("year", re.compile(rf"(?<!\d)(?:19|20)\d{{2}}(?!\d)(?={_SP}(?:年|—|-|至|～|~|）|\)|$))")),
    ("year", re.compile(r"二[〇零]\d?[一二三四五六七八九〇零]{2,3}年")),
    # percentages
    ("percent", re.compile(rf"{_AR}{_SP}[%％]")),
    ("percent", re.compile(rf"百分之{_CN}")),
    # numbers with units (Arabic, or Chinese numerals followed by a unit)
    ("number", re.compile(rf"{_APPROX_BEFORE}{_AR}{_SP}{_MULT}{_APPROX_AFTER}{_SP}(?:{_UNITS})?")),
    ("number", re.compile(rf"{_APPROX_BEFORE}(?!{_IDIOMS}){_CN}{_APPROX_AFTER}{_SP}(?:{_UNITS})")),
]


_SIMPLE_CN = re.compile(
    "(?:([一二三四五六七八九])千)?(?:([一二三四五六七八九])百)?(?:([一二三四五六七八九])?(十))?"
    "([一二三四五六七八九])?"
)
_CN_DIGIT = {d: i for i, d in enumerate("零一二三四五六七八九")}


def _simple_chinese(text: str) -> int | None:
    """The plain numerals below ten thousand with no 零 (三, 十二, 三十三, 二百四十, 一千二百一十)
    without importing cn2an (~0.1–0.3 s); None for anything else, which cn2an reads."""
    m = _SIMPLE_CN.fullmatch(text)
    if not m or not text:
        return None
    thousands, hundreds, tens, ten, ones = m.groups()
    if ones and (thousands or hundreds) and not ten:
        return None  # 二百五: colloquial 250, left to cn2an
    if ten and not tens and (thousands or hundreds):
        return None  # 一百十二: not the written form, left to cn2an
    value = 0
    for digit, unit in ((thousands, 1000), (hundreds, 100)):
        if digit:
            value += _CN_DIGIT[digit] * unit
    if ten:
        value += _CN_DIGIT[tens] * 10 if tens else 10
    if ones:
        value += _CN_DIGIT[ones]
    return value


@lru_cache(maxsize=4096)
def chinese_to_decimal(text: str) -> Decimal | None:
    """两千零三 → 2003, 三十三点九 → 33.9, 1.5万 → 15000 (via cn2an); None if not a numeral."""
    cleaned = text.replace("〇", "零").replace("两", "二")
    simple = _simple_chinese(cleaned)
    if simple is not None:
        return Decimal(simple)
    import cn2an  # type: ignore[import-untyped]

    try:
        value = cn2an.cn2an(cleaned, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _value(num: str) -> Decimal | None:
    num = num.replace(",", "").replace("，", "").replace(" ", "")
    mult = Decimal(1)
    if num.endswith("万"):
        mult, num = Decimal(10000), num[:-1]
    elif num.endswith("亿"):
        mult, num = Decimal(100000000), num[:-1]
    if not num:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", num):
        return Decimal(num) * mult
    v = chinese_to_decimal(num)
    return None if v is None else v * mult


_NUM_CORE = re.compile(rf"({_AR}|{_CN})")


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, left to right, without overlaps."""
    taken = [False] * len(text)
    found: list[Figure] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if s == e or any(taken[s:e]):
                continue
            fig = _classify(kind, m.group(0), s, e)
            if fig is None:
                continue
            for i in range(s, e):
                taken[i] = True
            found.append(fig)
    found.sort(key=lambda f: f.start)
    return found


def _classify(kind: str, raw: str, s: int, e: int) -> Figure | None:
    squeezed = re.sub(r"\s+", "", raw)
    if kind in ("docnum", "other"):
        return Figure(s, e, raw, Decimal(0), kind)  # type: ignore[arg-type]
    if kind == "ordinal":
        core = _NUM_CORE.search(squeezed)
        v = _value(core.group(1)) if core else None
        return Figure(s, e, raw, v if v is not None else Decimal(0), "ordinal")
    if kind == "date":
        year = re.match(r"(\d{4})", squeezed)
        return Figure(s, e, raw, Decimal(year.group(1)) if year else Decimal(0), "date")
    if kind == "year":
        digits = re.sub(r"\D", "", squeezed)
        if not digits:  # 二〇二四年
            digits = "".join(
                str("零一二三四五六七八九".index(c)) for c in squeezed[:-1].replace("〇", "零")
            )
        return Figure(s, e, raw, Decimal(digits[:4]), "year")
    if kind == "percent":
        pv = _value(squeezed.removeprefix("百分之").rstrip("%％"))
        return None if pv is None else Figure(s, e, raw, pv, "percent", "%")
    # a number, maybe with a unit
    approx = bool(re.match("近|约|超过|逾|不足|将近", squeezed)) or bool(
        re.search(r"\d(?:万|亿)?(?:余|多)|[十百千万](?:余|多)", squeezed)
    )
    core = _NUM_CORE.search(squeezed)
    if core is None:
        return None
    # keep the multiplier (万/亿) with the number when it is not part of a unit like 万元
    rest = squeezed[core.end() :]
    number = core.group(1)
    unit = rest.lstrip("余多")
    if unit.startswith(("万", "亿")) and unit not in _AMOUNT_UNITS:
        number, unit = number + unit[0], unit[1:].lstrip("余多")
    v = _value(number)
    if v is None:
        return None
    # trim the span to drop a leading approximation word (keep it in `approx`)
    lead = len(raw) - len(raw.lstrip())
    fig_kind: Kind = "amount" if unit in _AMOUNT_UNITS else "count"
    if not unit and not re.fullmatch(rf"{_AR}", number):
        return None  # a bare Chinese numeral (一些, 统一, 二十大) is not a figure
    return Figure(s + lead, e, raw[lead:], v, fig_kind, unit, approx)
