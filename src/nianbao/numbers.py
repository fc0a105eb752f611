"""Figures in Chinese prose: every number in a text, with its value, unit and kind.

Used to verify drafted narrative (each figure must be a known fact or an allowed date/number)
and to compare published narratives with their tables. Finds Arabic numerals (with thousands
separators, decimals, 万/亿 multipliers), Chinese numerals (两/十/百/千/万, converted with
cn2an), percentages (33.9%, 百分之三十三点九; 五成, 三分之一, 一半 with their ranges), amounts (万元, 元), dates and years, and marks
ordinals (第二十条, 一是, （三）) and document numbers (〔2021〕30号) so callers can set them aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

__all__ = [
    "COUNT_UNITS",
    "Figure",
    "Kind",
    "approx_range",
    "chinese_to_decimal",
    "find_figures",
]

Kind = Literal[
    "count", "amount", "percent", "multiple", "date", "year", "ordinal", "docnum", "other"
]

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
    "个百分点",
    "百分点",
    "年",
)
"""Units after which a number is a count. (年/天/日 make durations: 3年, 15个工作日.)"""

_AMOUNT_UNITS = ("亿元", "万元", "千元", "元")
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿廿卅卌"
_ONE_TO_ONE = str.maketrans(
    "⁰¹²³⁴⁵⁶⁷⁸⁹０１２３４５６７８９壹贰貳叁叄參肆伍陆陸柒捌玖拾佰仟萬億％",
    "01234567890123456789一二二三三三四五六六七八九十百千万亿%",
)
"""Forms read as ordinary digits, one character for one: superscripts, full-width digits,
financial numerals (壹贰叁…玖佰玖拾玖)."""
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
_ROMAN_SMALL = "ⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹⅺⅻ"
_MEASURES = "位张套所座间栋辆支组类种道则幅首门笔头只"
"""Measure words outside the unit list: a bare number followed by one of them is still a count
(4位, 6张) — its unit is kept so that it never passes as a figure of another unit."""
_CN = f"[{_CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
_AR = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
_SP = r"[ \t\u3000\r\n]*"  # PDF text puts spaces and line breaks between digits and CJK
_APPROX_BEFORE = "(?:近|约|超过|逾|不足|将近|共计|累计|大约|接近|高达|达)?"
_APPROX_AFTER = "(?:余|多)?"
_MULT = "(?:万|亿)?"
_IDIOMS = "一(?:系列|次性|次办|件事|体化|站式|网|窗|门|号|码|揽子|线|把手|批次)"
"""Set phrases that start with 一 and a unit-like character but state no figure."""
_UNITS = "|".join(sorted((*COUNT_UNITS, *_AMOUNT_UNITS), key=len, reverse=True))
_UNITS_RE = _UNITS


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
    low: Decimal | None = None  # an approximation's range: low ≤ value < high (None: open)
    high: Decimal | None = None


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
    ("ordinal", re.compile(r"(?<=[。；;：:，,])\s*\d{1,2}(?=[.．、](?!\d))")),
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
    # vague amounts and shares: 数十件, 上百件, 十几件, 五成, 翻一番, 两倍
    ("vague", re.compile(rf"(?:数|几|上|成)(?:十|百|千|万)(?:余|多)?{_SP}(?:{_UNITS_RE})")),
    ("vague", re.compile(rf"[一二三四五六七八九十]+几{_SP}(?:{_UNITS_RE})")),
    # fractions and halves: 三分之一, 约五分之一, 近一半, 半数以上 (not 时间过半: no 过半 alone)
    (
        "fraction",
        re.compile(
            r"(?:近|约|超过|逾|不足|将近|接近)?(?:[一二两三四五六七八九十]分之[一二两三四五六七八九]"
            r"|一半|半数)(?:多|以上|左右|强)?"
        ),
    ),
    (
        "tenths",
        re.compile(
            r"(?:近|约|超过|逾|不足|将近)?(?<![一二三四五六七八九十])[一二两三四五六七八九](?=成(?!不变|为|员|立|效|绩|果|本|熟|功|型|交))成(?:多|以上|左右)?"
        ),
    ),
    ("multiple", re.compile(r"翻(?:了)?(?:一|两|三|1|2|3)?番|翻番")),
    ("multiple", re.compile(rf"(?:{_AR}|[一二两三四五六七八九十])(?:多)?倍")),
    # circled and Roman numerals with a unit (① alone is a list marker)
    ("symbol", re.compile(rf"[{_CIRCLED}{_ROMAN}{_ROMAN_SMALL}]{_SP}(?:{_UNITS_RE})")),
    # percentages
    ("percent", re.compile(rf"{_AR}{_SP}[%％]")),
    ("percent", re.compile(rf"百分之{_CN}")),
    # numbers with units (Arabic, or Chinese numerals followed by a unit)
    (
        "number",
        re.compile(
            rf"{_APPROX_BEFORE}{_AR}{_SP}{_MULT}{_APPROX_AFTER}{_SP}(?:{_UNITS}|[{_MEASURES}](?=[^\d]|$))?"
        ),
    ),
    (
        "number",
        re.compile(
            rf"{_APPROX_BEFORE}(?<![上下同每逐])(?!{_IDIOMS}){_CN}{_APPROX_AFTER}{_SP}(?:{_UNITS})"
        ),
    ),
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
    cleaned = (
        text.replace("〇", "零")
        .replace("两", "二")
        .replace("廿", "二十")
        .replace("卅", "三十")
        .replace("卌", "四十")
    )
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
        return mult if mult > 1 else None
    if re.fullmatch(r"\d+(?:\.\d+)?", num):
        return Decimal(num) * mult
    if num[0] in "百千":  # 百余, 千余: one hundred, one thousand
        num = "一" + num
    v = chinese_to_decimal(num)
    return None if v is None else v * mult


_NUM_CORE = re.compile(rf"({_AR}|{_CN})")


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, left to right, without overlaps.

    Superscript, full-width and financial digits are read as ordinary ones (the figure's `text`
    is always the original); circled and Roman numerals with a unit, vague amounts (数十件, 百余件,
    近百件), tenths (五成) and multiples (翻一番, 两倍) are figures too, with their range in
    `low`/`high`."""
    original = text
    text = text.translate(_ONE_TO_ONE)
    taken = [False] * len(text)
    found: list[Figure] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if s == e or any(taken[s:e]):
                continue
            fig = _classify(kind, m.group(0), s, e)
            if fig is not None and original[s:e] != m.group(0):
                fig = _replace_text(fig, original[s + (fig.start - s) : e])
            if fig is None:
                continue
            for i in range(s, e):
                taken[i] = True
            found.append(fig)
    found.sort(key=lambda f: f.start)
    return found


def _replace_text(fig: Figure, text: str) -> Figure:
    return Figure(
        fig.start, fig.end, text, fig.value, fig.kind, fig.unit, fig.approx, fig.low, fig.high
    )


def _step(value: Decimal) -> Decimal:
    """The place of the last non-zero digit of a whole number: 170 → 10, 100 → 100, 6 → 1."""
    if value <= 0 or value != value.to_integral_value():
        return Decimal(1)
    step = Decimal(1)
    v = int(value)
    while v % 10 == 0 and v > 0:
        v //= 10
        step *= 10
    return step


def approx_range(value: Decimal, before: str, after: str) -> tuple[Decimal | None, Decimal | None]:
    """The values an approximation allows (low ≤ v < high): 百余 → (100, 200), 近百 → [90, 100),
    约170 → [165, 175), 逾千 → (1000, ∞), 不足10 → [0, 10)."""
    step = _step(value)
    if before in ("近", "将近", "接近"):
        return value * Decimal("0.9"), value
    if before in ("超过", "逾"):
        return value + Decimal("0.000001"), None
    if before == "不足":
        return Decimal(0), value
    if after in ("余", "多"):
        return value + Decimal("0.000001"), value + step
    half = step / 2
    return value - half, value + half


_VAGUE_BASE = {"十": 10, "百": 100, "千": 1000, "万": 10000}


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
    if kind == "vague":
        m = re.match(
            r"(数|几|上|成)?([一二三四五六七八九十]*?)([十百千万])?(几)?(余|多)?(.*)", squeezed
        )
        if m is None:
            return None
        unit = m.group(6)
        if m.group(1):  # 数十, 上百
            base = Decimal(_VAGUE_BASE[m.group(3)])
            low = base * (2 if m.group(1) in ("数", "几") else 1)
            return Figure(s, e, raw, base, "count", unit, True, low, base * 10)
        head = _value(m.group(2) + (m.group(3) or ""))  # 十几 → 10, 二十几 → 20
        if head is None:
            return None
        return Figure(s, e, raw, head, "count", unit, True, head + 1, head + 10)
    if kind == "tenths":
        m = re.match(
            r"(近|约|超过|逾|不足|将近)?([一二两三四五六七八九])成(多|以上|左右)?", squeezed
        )
        if m is None:
            return None
        tenths = Decimal("一二三四五六七八九".index(m.group(2).replace("两", "二")) + 1) * 10
        before, after = m.group(1) or "", m.group(3) or ""
        if before in ("近", "将近"):
            low, high = tenths - 5, tenths
        elif before in ("超过", "逾") or after in ("多", "以上"):
            low, high = tenths, tenths + 10
        elif before == "不足":
            low, high = tenths - 10, tenths
        else:
            low, high = tenths - 5, tenths + 5
        return Figure(s, e, raw, tenths, "percent", "%", True, low, high)
    if kind == "fraction":
        m = re.match(
            r"(近|约|超过|逾|不足|将近|接近)?(?:([一二两三四五六七八九十])分之([一二两三四五六七八九])"
            r"|一半|半数)(多|以上|左右|强)?",
            squeezed,
        )
        if m is None:
            return None
        digits = "一二三四五六七八九十"
        if m.group(2):
            den = digits.index(m.group(2).replace("两", "二")) + 1
            num = digits.index(m.group(3).replace("两", "二")) + 1
            if num >= den:
                return None
            share = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"))
        else:
            share = Decimal(50)
        before, after = m.group(1) or "", m.group(4) or ""
        if before in ("近", "将近", "接近"):
            low, high = share - 5, share + Decimal("0.01")
        elif before in ("超过", "逾") or after in ("多", "以上", "强"):
            low, high = share, (Decimal(100) if not m.group(2) else share + 10)  # 半数以上
        elif before == "不足":
            low, high = share - 10, share
        else:  # 三分之一, 约五分之一: within 2.5 points
            low, high = share - Decimal("2.5"), share + Decimal("2.5")
        return Figure(s, e, raw, share, "percent", "%", True, low, high)
    if kind == "multiple":
        if "番" in squeezed:
            n = {"两": 2, "2": 2, "三": 3, "3": 3}.get(squeezed[-2], 1)
            times = Decimal(2**n)
            return Figure(
                s,
                e,
                raw,
                times,
                "multiple",
                "倍",
                False,
                times * Decimal("0.95"),
                times * Decimal("1.05"),
            )
        core = _NUM_CORE.search(squeezed) or re.search("两", squeezed)
        v = _value(core.group(0)) if core else None
        if v is None:
            return None
        return Figure(s, e, raw, v, "multiple", "倍", "多" in squeezed)
    if kind == "symbol":
        c = squeezed[0]
        for table in (_CIRCLED, _ROMAN, _ROMAN_SMALL):
            if c in table:
                v = Decimal(table.index(c) + 1)
                return Figure(s, e, raw, v, "count", squeezed[1:])
        return None
    # a number, maybe with a unit
    before_m = re.match("近|约|超过|逾|不足|将近|接近", squeezed)
    approx = bool(before_m) or bool(
        re.search(r"\d(?:万|亿)?(?:余|多)|[十百千万](?:余|多)", squeezed)
    )
    core = _NUM_CORE.search(squeezed)
    if core is None:
        return None
    # keep the multiplier (万/亿) with the number when it is not part of a unit like 万元
    rest = squeezed[core.end() :]
    number = core.group(1)
    after = rest[:1] if rest[:1] in ("余", "多") else ""
    unit = rest.lstrip("余多")
    if unit.startswith(("万", "亿")) and unit not in _AMOUNT_UNITS:
        number, unit = number + unit[0], unit[1:].lstrip("余多")
        after = after or ("余" if "余" in rest[1:2] else "多" if "多" in rest[1:2] else "")
    v = _value(number)
    if v is None:
        return None
    # trim the span to drop a leading approximation word (keep it in `approx`)
    lead = len(raw) - len(raw.lstrip())
    fig_kind: Kind = "amount" if unit in _AMOUNT_UNITS else "count"
    if not unit and not re.fullmatch(rf"{_AR}", number):
        return None  # a bare Chinese numeral (一些, 统一, 二十大) is not a figure
    rng: tuple[Decimal | None, Decimal | None] = (None, None)
    if approx:
        rng = approx_range(v, before_m.group(0) if before_m else "", after)
    return Figure(s + lead, e, raw[lead:], v, fig_kind, unit, approx, *rng)
