"""The clerk's notes made ready for prose: ordinals stripped, subjects chosen, fragments found,
notes that name another topic moved there.

Clerks write notes the way they write everything: numbered (一是…, 1.…, （一）…), with the organ
as subject (我局…, 县自然资源局…, 本机关…), opening with a time phrase (今年以来，…), terse
(2件，均按期答复), or as a bare 无. `prepare_notes(data)` turns every topic's notes into
`Item`s — one clause each, no ordinal, no subject, no trailing punctuation — and says in
`warnings` what it left out or moved. The writer decides the subject and the numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao import format as fmt
from nianbao.model import ReportData
from nianbao.verify import latin_sentence

__all__ = [
    "Item",
    "PreparedNotes",
    "clean_item",
    "prepare_notes",
    "split_items",
    "topic_phrase",
]

_CN = "一二三四五六七八九十"
_ORDINAL = re.compile(
    rf"^\s*(?:[{_CN}]+是[：:，,、]?|其[{_CN}]+[是，,、]?|第[{_CN}]+[，,、：:]|"
    rf"[（(][{_CN}\d]+[）)][、.．]?|[{_CN}]+[、.．]|\d{{1,2}}\s*[、.．)）](?!\d)|"
    r"[①-⑳⑴-⒇]|[-•·*●▪◆]\s*)"
)
_ITEM_START = re.compile(
    rf"(?:(?<=^)|(?<=[。；;！？!?：:\s]))(?=[{_CN}]+是|[（(][{_CN}\d]+[）)]|\d{{1,2}}[、.．](?!\d)|"
    rf"[{_CN}]{{1,2}}、|[①-⑳])"
)
_TIME = re.compile(
    r"^(?:今年以来|今年|年内|全年|本年度|本年|报告期内|\d{4}年(?:度|以来)?|一年来|过去一年)[，,、]"
)
_NIL = re.compile(r"^(?:无|没有|暂无|未|否|略|不涉及|无此项|无相关情况|本年度无|全年无)$")
_VERB = re.compile(
    r"^(?:主动|及时|依法|严格|认真|扎实|持续|不断|进一步|全面|切实|积极|深入|规范|健全|建立|完善|"
    r"落实|加强|推进|推动|开展|组织|召开|举办|印发|制定|修订|更新|优化|拓展|拓宽|丰富|创新|"
    r"坚持|围绕|聚焦|依托|利用|通过|按照|对照|根据|结合|针对|对|在|将|把|以|向|为|做好|抓好|"
    r"提升|提高|强化|明确|压实|畅通|规范|公开|发布|编制|梳理|清理|审核|落地|实行|实施|设立|设置|"
    r"开通|运用|用好|管好|办好|配备|成立|召集|参加|参与|接受|邀请|安排|部署|督促|指导|"
    r"定期|按时|按期|逐步|逐项|逐条|同步|集中|重点|常态化|着力|注重|加大)"
)
_PREP = re.compile(
    r"^(?:对|在|将|把|以|向|为|通过|按照|根据|结合|针对|依托|利用|围绕|对照|坚持|聚焦|及时|依法)"
)
_PURPOSE = re.compile(r"^(?:提高|提升|确保|促进|推动|增强|保障|方便|便于|做到|实现|进一步)")

# A note under one topic that names another belongs there (考核 under 监督保障 …). The target
# must be a topic the report will have; assessment only for a 人民政府 (elsewhere 考核 is
# part of 监督保障).
_MOVES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("processing_fees", re.compile(r"信息处理费")),
    ("proposals", re.compile(r"人大代表建议|政协提案|政协委员提案|建议提案")),
    ("assessment", re.compile(r"考核|社会评议|责任追究")),
    ("statistics", re.compile(r"统计期限|统计时限|统计口径")),
)

_NOTE_KEYS = ("overview", *(t.key for t in fmt.TOPICS if t.part != "problems"), "other")


@dataclass
class Item:
    """One note clause ready for prose: no ordinal, no subject, no closing punctuation."""

    text: str
    topic: str
    subject: bool = False  # the clerk wrote the organ as its subject (我局…, 县自然资源局…)
    verb: bool = False  # it opens with a verb: it needs a subject when it stands alone


@dataclass
class PreparedNotes:
    """Every topic's items, and what was left out or moved (for the part's remarks)."""

    items: dict[str, list[Item]] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (topic key, message)

    def of(self, key: str) -> list[Item]:
        return self.items.get(key, [])


def _tidy(text: str) -> str:
    """Spaces YAML folding leaves between Chinese characters dropped; markup pasted into a note
    (<script>…</script>, <img …>) and non-Chinese sentences out."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
    text = re.sub(r"<[a-zA-Z/!][^<>]{0,300}>", " ", text)
    text = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", text.strip())
    pieces = re.findall(r".+?(?:[。！？]|[.!?](?=\s|$)|$)", text)
    kept = "".join(s for s in pieces if not latin_sentence(s))
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", kept.strip())


def split_items(text: str) -> list[str]:
    """A note cut at the clerk's own ordinals (一是… 二是…, 1.… 2.…, （一）…), ordinals kept."""
    text = _tidy(text)
    if not text:
        return []
    starts = [m.start() for m in _ITEM_START.finditer(text)]
    # only a real enumeration is cut: two or more ordinals, or one at the very start
    if len(starts) < 2:
        # without ordinals, clauses the clerk set apart with ； are items of their own
        return [p for p in re.split(r"(?<=[；;])", text) if p.strip("；; ")]
    cuts = sorted({0, *starts})
    return [p for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True) if (p := text[a:b])]


def _subject_words(organ: str, ref: str) -> list[str]:
    """The ways a clerk names the organ at the start of a note, longest first."""
    name = organ.strip()
    words = {ref, "本机关", "本单位", "本部门", name}
    if ref.startswith("我"):
        words |= {f"本{ref[1:]}", f"{ref[1:]}机关"}
    # every tail of the full name that still names the organ: 县自然资源局, 自然资源局
    for i in range(1, len(name) - 2):
        tail = name[i:]
        if tail[0] in "省市区县州旗盟镇乡" or name[i - 1] in "省市区县州旗盟":
            words.add(tail)
    words |= {f"我{k}" for k in ("镇", "乡", "街道", "区", "县", "旗", "州", "市", "省")}
    words |= {f"我{k}" for k in ("委", "局", "办", "厅", "中心", "院")}
    return sorted((w for w in words if w), key=len, reverse=True)


def clean_item(text: str, organ: str, ref: str) -> tuple[str, bool]:
    """One item without ordinals, time phrase, subject and closing punctuation; and whether
    the clerk had written a subject."""
    text = _tidy(text)
    prev = None
    subject = False
    words = _subject_words(organ, ref)
    while prev != text:
        prev = text
        text = _ORDINAL.sub("", text, count=1).strip()
        text = _TIME.sub("", text, count=1).strip()
        for w in words:
            if text.startswith(w) and len(text) > len(w):
                rest = text[len(w) :]
                # 我局局主要负责人 / 局主要负责人: the organ's own officers keep a possessive
                text = rest.lstrip("，,、 ")
                subject = True
                break
    # 我局主要负责人…: the organ's own officers keep the organ as possessive
    if subject and re.match(_OWN, text):
        text = ref + text if ref.startswith("我") else text
        subject = False
    text = re.sub(r"本机关(?=政府信息|信息|的|各)", "", text)
    text = text.strip().rstrip("。；;，,、：: ")
    # 局主要负责人… (the organ's kind as a bare possessive): 我局主要负责人…
    kind_char = ref[1:] if ref.startswith("我") else ""
    if kind_char and re.match(rf"^{kind_char}(?:主要负责人|领导|党组|党委|班子|机关|各)", text):
        text = "我" + text
        subject = False
    return text, subject


_OWN = re.compile(
    r"^(?:主要负责人|主要领导|分管负责人|分管领导|领导班子|班子成员|党组|党委|党工委|"
    r"各(?:科室|股室|部门|处室|单位|村|社区))"
)


def _cjk(text: str) -> int:
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff")


_NIL_COMPLETION = {
    "processing_fees": "未收取信息处理费",
    "proposals": "未承办人大代表建议和政协提案",
}


def prepare_notes(data: ReportData) -> PreparedNotes:
    """Every topic's notes as clean items; fragments completed from their topic or left out,
    notes naming another topic moved there (both said in `warnings`)."""
    ref = fmt.self_reference(data.kind, data.organ)
    gov = fmt.is_government(data.kind, data.organ)
    out = PreparedNotes()
    for key in _NOTE_KEYS:
        label = fmt.topic(key).label if key not in ("overview", "other") else key
        for note in data.note(key):
            for raw in split_items(note):
                text, subject = clean_item(raw, data.organ, ref)
                if not text:
                    continue
                if _NIL.match(text):
                    if key in _NIL_COMPLETION:
                        out.items.setdefault(key, []).append(
                            Item(_NIL_COMPLETION[key], key, verb=True)
                        )
                    else:
                        out.warnings.append(
                            (
                                key,
                                f"“{label}”的要点“{raw.strip()}”只有一个字，未写入 / "
                                f"note {raw.strip()!r} under {key} is a bare no: left out",
                            )
                        )
                    continue
                if _cjk(text) < 6 or re.match(
                    r"^[\d０-９]+\s*(?:件|个|条|次|项|人|份|篇|期|场|家|户|名|起)", text
                ):
                    out.warnings.append(
                        (
                            key,
                            f"“{label}”的要点“{raw.strip()}”不成句，未写入，请补充完整 / "
                            f"note {raw.strip()!r} under {key} is a fragment: left out",
                        )
                    )
                    continue
                target = key
                for dest, pattern in _MOVES:
                    if dest == key or key in ("overview", "other"):
                        continue
                    if dest == "assessment" and not gov:
                        continue
                    if dest == "statistics" and key != "other":
                        continue
                    if pattern.search(text):
                        target = dest
                        out.warnings.append(
                            (
                                key,
                                f"“{label}”的要点“{text}”涉及“{fmt.topic(dest).label}”，已移到该节 / "
                                f"note moved from {key} to {dest}",
                            )
                        )
                        break
                item = Item(text, target, subject=subject, verb=bool(_VERB.match(text)))
                out.items.setdefault(target, []).append(item)
    return out


def topic_phrase(text: str) -> tuple[str, str]:
    """(a short opening phrase, the rest) when the item opens with one: 拓宽公开渠道，依托… →
    ("拓宽公开渠道", "依托…"); else ("", text)."""
    m = re.match(r"^([^，,；;：:（）()“”]{4,12})[，,：:](.+)$", text)
    if not m:
        return "", text
    head, rest = m.group(1), m.group(2).strip()
    if (
        not _VERB.match(head)
        or _PREP.match(head)
        or "的" in head
        or _cjk(rest) < 8
        or _PURPOSE.match(rest)
    ):
        return "", text
    return head, rest
