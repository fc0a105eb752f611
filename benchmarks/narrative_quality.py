"""How the built-in writer's drafts read, measured over many organs (issue 12).

Drafts the examples (the township seed, the county bureau with last year's file) and eight
synthetic organs of different types and sizes — township, street office, county government,
county bureau, city department, city government, development zone, provincial office — each
twice: with no notes at all, and with rich notes written the messy way clerks write them
(their own ordinals, the organ as subject, time phrases, fragments, a bare 无, notes under the
wrong topic). Every synthetic organ and note here is made up for this benchmark.

Figures printed (the detectors are written here, independently of the writer):
  overlap      cross-organ 5-gram overlap of the prose (paragraph text; headings are the
               format's and the same everywhere; 【待补充】 markers removed, since the clerk
               replaces them — the figure with markers is printed beside it). The share of one
               draft's 5-grams found in another, averaged over both directions, mean and max
               over all pairs of organs. Goal: mean ≤ 0.25 without notes.
  length       characters of each part against `draft.prompts.length_target` (scaled to the
               organ's kind and volume of work); "in range" counts parts within it
  numbering    一是一是, 二是三是, 一是1., a list starting at 二是, a lone 一是, skipped ordinals
  prefixes     我局局…, 我局县…局, 我镇本机关…, 我局今年以来…, 我局我局…
  fragments    sentences of fewer than 6 Chinese characters, bare figures (2件，…), ，无。
               (a sentence ends at 。！？; a list item after ； is not a sentence)
  claims       default claims with no note behind them (未收取信息处理费, 未开展/未发生责任追究,
               通过政府网站…发布, 纳入…考核, 按照确定的改进措施); goal 0
  merged       复议 and 诉讼 merged into one 其中结果被纠正
  markers      【待补充：…】 left, listed per organ
  verify_errors  errors of the project's verifier on the draft (every figure bound to its fact)

Usage: python benchmarks/narrative_quality.py [--list]   (--list prints every marker)
"""

from __future__ import annotations

import itertools
import re
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from nianbao.draft.prompts import length_target  # noqa: E402
from nianbao.draft.writer import write_narrative  # noqa: E402
from nianbao.load import load_counts  # noqa: E402
from nianbao.model import ReportData  # noqa: E402
from nianbao.narrative import MARKER, NARRATIVE_PARTS, Narrative  # noqa: E402
from nianbao.similarity import similarity  # noqa: E402
from nianbao.verify import verify_narrative  # noqa: E402

# --- the synthetic organs ----------------------------------------------------------------------

# (name, applications received, share granted, reviews, lawsuits, table 二 decisions)
ORGANS: list[tuple[str, int, float, int, int, int]] = [
    ("临河县石桥镇人民政府", 3, 0.67, 0, 0, 0),
    ("安平市东城区新华街道办事处", 12, 0.5, 0, 0, 0),
    ("临河县人民政府", 86, 0.45, 3, 1, 2400),
    ("临河县交通运输局", 27, 0.55, 1, 0, 640),
    ("安平市市场监督管理局", 412, 0.4, 9, 4, 15200),
    ("安平市人民政府", 2140, 0.38, 41, 17, 0),
    ("安平经济技术开发区管理委员会", 35, 0.6, 0, 1, 310),
    ("某省人民政府办公厅", 268, 0.42, 6, 2, 0),
]


DENIED = (
    "denied_third_party",
    "denied_process_info",
    "denied_state_secret",
    "denied_internal_affairs",
)
UNABLE = ("unable_not_held", "unable_needs_creation", "unable_unclear")
NOT_PROCESSED = ("not_processed_repeat", "not_processed_petition", "not_processed_publication")
OTHER = ("other_no_correction", "other_other", "other_no_fee")


def synthetic(name: str, apps: int, granted: float, reviews: int, suits: int, dec: int) -> dict:  # type: ignore[type-arg]
    """A plausible, balanced counts file for an organ of this size; which outcome rows have
    cases and who applied differ from organ to organ, as they do in real reports."""
    k = sum(map(ord, name))  # a fixed choice per organ
    share_people = (0.55, 0.72, 0.85, 0.4, 0.95)[k % 5]
    nat = round(apps * share_people)
    firm = apps - nat
    research = 1 if apps > 50 and k % 3 == 0 else 0
    new = [nat, firm - research, research, 0, 0, 0]
    carried = max(0, apps // (15 + k % 10))
    handled_total = apps + carried - max(0, apps // (20 + k % 7))
    g = round(handled_total * granted)
    partial = round(handled_total * (0.02 + (k % 7) / 100)) if apps > 10 else 0
    denied = round(handled_total * (0.03 + (k % 5) / 50)) if apps > 20 else 0
    unable = round(handled_total * (0.1 + (k % 4) / 25))
    not_proc = round(handled_total * 0.04) if apps > 30 and k % 2 else 0
    other = handled_total - g - partial - denied - unable - not_proc
    if other < 0:
        g += other
        other = 0

    def row(n: int) -> list[int]:
        return [n, 0, 0, 0, 0, 0]

    applications: dict[str, Any] = {"new": new, "granted": row(g)}
    if carried:
        applications["carried_over"] = row(carried)
    if partial:
        applications["partially_granted"] = row(partial)
    if denied:
        applications[DENIED[k % len(DENIED)]] = row(denied)
    if unable:
        applications[UNABLE[k % len(UNABLE)]] = row(unable)
    if not_proc:
        applications[NOT_PROCESSED[k % len(NOT_PROCESSED)]] = row(not_proc)
    if other:
        applications[OTHER[k % len(OTHER)]] = row(other)
    forward = apps + carried - handled_total
    if forward:
        applications["carried_forward"] = row(forward)

    def group(n: int) -> dict[str, int]:
        upheld = n // 2
        corrected = n // 5
        pending = 1 if n - upheld - corrected > 0 else 0
        other_r = n - upheld - corrected - pending
        return {"upheld": upheld, "corrected": corrected, "other": other_r, "pending": pending}

    review = {"review": group(reviews), "litigation_direct": group(suits)}
    active: dict[str, Any] = {}
    if dec:
        active = {"licensing": dec, "punishment": dec // 9, "enforcement": dec // 60}
    return {
        "organ": name,
        "year": 2024,
        "applications": applications,
        "review_litigation": review,
        "active": active,
    }


# Rich notes, the messy way clerks write them; each topic has several versions and every organ
# takes its own mix (made up for this benchmark).
POOLS: dict[str, list[Any]] = {
    "overview": [
        "今年以来，{ref}坚持把政务公开作为转变作风、提升服务的重要抓手，{field}。",
        "{org}围绕年度中心工作，{field}，推动公开质量稳步提升。",
        "坚持公开为常态，{field}，群众对公开工作的满意度有所提高。",
        "全年，{ref}以制度建设为主线，{field}。",
    ],
    "active_disclosure": [
        [
            "一是拓宽公开渠道，依托门户网站和政务新媒体同步发布{field2}相关信息",
            "二是{ref}围绕{field2}等重点领域，逐月更新公开目录",
            "三是做好政策解读，对重要文件同步制作图文解读",
        ],
        "1.及时公开{field2}信息；2.对涉及群众切身利益的文件开展解读，采用问答、图解等形式。",
        ["聚焦{field2}，建立公开事项清单，按季度动态调整", "（二）召开新闻发布会通报重点工作进展"],
        "{org}在网站开设{field2}专题，集中发布政策文件和办事指南；重要政策出台后三个工作日内发布解读。",
    ],
    "on_request": [
        [
            "1.{org}规范依申请公开办理流程，统一受理登记、分类办理、审核答复",
            "2.对申请内容不明确的，及时书面告知补正",
            "3件，均按期答复。",
        ],
        "畅通网上申请、信函申请和当面申请渠道，答复前由法律顾问审核。",
        ["建立申请办理台账，逐件跟踪办理进度", "对疑难申请召开会商会，统一答复口径"],
        "我{k}严格按照法定时限答复，对不予公开的逐项说明理由和依据。",
    ],
    "information_management": [
        "（一）落实公开属性源头认定，拟文时即明确公开方式；（二）开展行政规范性文件清理，清理结果向社会公布。",
        ["建立信息发布三级审核制度，严格保密审查", "定期梳理政府信息公开目录"],
        "全面梳理{field2}领域政府信息，编制公开事项清单。",
        "一是规范发布流程；二是开展历史信息清理，对过期信息及时归档。",
    ],
    "platforms": [
        [
            "{ref}优化网站{field2}专栏，新增办事指南子栏目",
            "政务新媒体与网站协同发布，全年未出现错链断链",
            "Updated the website.",
        ],
        "在政务服务大厅设置政府信息公开查阅点，配备查询终端。",
        ["升级门户网站智能检索功能", "政务微信公众号开设“政策问答”栏目"],
        "依托“{field2}”专栏集中发布信息，网站栏目实行专人维护。",
    ],
    "supervision": [
        [
            "{ref}主要负责人为政务公开第一责任人，分管负责人具体负责",
            "组织业务培训，提升工作人员答复能力",
            "将政务公开纳入年度目标考核，定期通报工作进展",
        ],
        "成立政务公开工作领导小组，办公室配备专职人员；全年组织专题培训。",
        ["聘请社会监督员对公开工作进行评议", "对栏目更新情况开展季度检查并通报"],
        "{org}党组专题研究政务公开工作，明确各科室职责分工。",
    ],
    "assessment": [
        "将政务公开纳入年度绩效考核，全年未发生责任追究情况。",
        "开展政务公开社会评议，收集意见建议并逐条研究；本年度未开展责任追究。",
        ["对下级单位政务公开工作进行年度考核", "考核结果纳入综合考评"],
        "无",
    ],
    "processing_fees": ["无", "本年度未收取信息处理费。", "未发出收费通知，未收取费用。", "无"],
    "key_tasks": [
        "对照上级年度政务公开工作要点，逐项明确责任单位，按期完成各项任务。",
        "按照上级要点要求，完成{field2}领域信息公开各项任务。",
        "",
        "围绕上级部署的重点任务，制定本单位落实方案，逐项销号。",
    ],
    "innovation": ["{field3}", "", "{field3}", "开通政务公开“随手拍”意见征集渠道。"],
    "problems": [
        [
            {
                "problem": "一是部分栏目更新不够及时。",
                "improvement": "建立栏目更新台账，每月检查一次。",
            },
            {"problem": "二是政策解读形式较为单一。", "improvement": ""},
        ],
        [
            {
                "problem": "依申请公开答复文书规范性有待提高",
                "improvement": "制定答复文书范本，开展案卷评查",
            },
            {"problem": "基层公开标准化建设推进不平衡", "improvement": "加强对基层的业务指导"},
        ],
        [
            {
                "problem": "（一）公开内容的针对性不够强。",
                "improvement": "围绕群众关切调整公开重点。",
            }
        ],
        [
            {"problem": "1.工作人员业务能力参差不齐", "improvement": "已组织专题培训两次"},
            {"problem": "2.公开平台互动功能不足", "improvement": "升级网站互动栏目"},
        ],
    ],
    "prior_problems": [
        [
            {
                "problem": "依申请公开答复文书说理不够充分。",
                "rectification": "制定答复文书范本，组织交叉评查，逐件完善说理",
            },
            {"problem": "“信息发布审核把关不严”", "rectification": ""},
        ],
        [
            {
                "problem": "一是公开栏目设置不够合理",
                "rectification": "对网站栏目进行了整合，按主题重新分类",
            }
        ],
        [],
        [{"problem": "政策解读数量偏少。", "rectification": ""}],
    ],
    "plans": [
        ["围绕年度重点工作深化主动公开", "加强基层政务公开标准化规范化建设"],
        "推进政策文件库建设，提升公开信息的可用性。",
        None,
        ["加强业务培训", "完善考核评议机制"],
    ],
}

FIELDS = {
    "镇": (
        "推动公开向村级延伸",
        "惠民惠农补贴",
        "在村务公开栏同步公示惠农补贴发放结果，方便群众查阅。",
    ),
    "街道": ("推进社区公开服务", "社区服务", "在社区服务站设置政务公开查阅点，提供政策咨询服务。"),
    "县人民政府": (
        "统筹推进全县政务公开",
        "重大项目建设",
        "开设“政策直通车”专栏，集中发布惠企政策。",
    ),
    "交通": (
        "以公开促进交通运输服务提升",
        "道路运输",
        "在客运站设置政策查询终端，公开运输服务办事指南。",
    ),
    "市场": (
        "以公开促进公正监管",
        "双随机抽查结果",
        "推行市场主体信用信息集中公示，方便公众查询。",
    ),
    "市人民政府": (
        "统筹全市政务公开标准化建设",
        "重大决策",
        "建设全市统一的政策文件库，实现按主题检索。",
    ),
    "开发区": (
        "以公开优化营商环境",
        "招商引资政策",
        "在园区服务中心设立政策兑现窗口，公开兑现流程。",
    ),
    "办公厅": ("统筹指导全省政务公开", "政策文件", "建成全省政府信息公开目录系统，实现分级管理。"),
}


def _fields(name: str) -> tuple[str, str, str]:
    for key, value in FIELDS.items():
        if key in name:
            return value
    return FIELDS["市场"]


def rich(raw: dict, ref_hint: str, index: int) -> dict:  # type: ignore[type-arg]
    """The rich, messy notes filled in for one organ (its own mix of each topic's versions)."""
    name = raw["organ"]
    f1, f2, f3 = _fields(name)
    short = re.sub(r"^.*?[省市县区]", "", name) or name

    def fill(x: Any) -> Any:
        if isinstance(x, str):
            return x.format(ref=ref_hint, field=f1, field2=f2, field3=f3, org=short, k=ref_hint[1:])
        if isinstance(x, list):
            return [fill(i) for i in x]
        if isinstance(x, dict):
            return {k: fill(v) for k, v in x.items()}
        return x

    notes: dict[str, Any] = {}
    for n, (key, versions) in enumerate(POOLS.items()):
        value = versions[(index + n) % len(versions)]
        if value:
            notes[key] = fill(value)
    return {**raw, "notes": notes}


# --- the detectors (independent of the writer) --------------------------------------------------

_CN = "一二三四五六七八九十"
_REFS = r"我(?:镇|乡|街道|区|县|旗|州|市|省|委|局|办|厅|中心|院)"


def numbering_defects(text: str) -> list[str]:
    out: list[str] = []
    for m in re.finditer(rf"[{_CN}]是(?:[{_CN}]是|\d+[.．、]|[（(][{_CN}\d]+[）)])", text):
        out.append(m.group(0))
    for para in text.split("\n"):
        seq = re.findall(rf"(?<![{_CN}])([{_CN}])是(?!否)", para)
        order = [_CN.index(c) + 1 for c in seq if c in _CN]
        if not order:
            continue
        if order[0] != 1:
            out.append(f"starts at {order[0]}: {para[:20]}")
        elif len(order) == 1 and order[0] == 1:
            out.append(f"lone 一是: {para[:20]}")
        elif order != list(range(1, len(order) + 1)):
            out.append(f"sequence {order}: {para[:20]}")
    return out


def prefix_defects(text: str, organ: str) -> list[str]:
    tails = {organ[i:] for i in range(len(organ) - 2) if organ[i - 1 : i] in "省市县区州旗"}
    pat = (
        rf"{_REFS}(?:局|镇|县|区|市|委|本机关|本单位|今年以来|年内|{_REFS}"
        + "".join(f"|{re.escape(t)}" for t in tails if t)
        + ")"
    )
    return [m.group(0) for m in re.finditer(pat, text) if not m.group(0).endswith(("县域", "区域"))]


def fragments(text: str) -> list[str]:
    out: list[str] = []
    for s in re.split(r"(?<=[。！？])", text):
        s = s.strip()
        if not s or "【待补充" in s:
            continue
        body = re.sub(rf"^[{_CN}]+是", "", s)
        cjk = sum(1 for c in body if "\u4e00" <= c <= "\u9fff")
        if cjk < 6 or re.match(r"^[\d]+\s*[件条个次]", body) or re.search(r"[，,]无[。；]", s):
            out.append(s)
    return out


CLAIMS: tuple[tuple[str, str], ...] = (
    (r"未收取(?:任何)?信息处理费", "processing_fees"),
    (r"未(?:开展|发生|进行)[^。；]{0,10}责任追究", "assessment"),
    (r"通过政府网站[^。；]{0,20}发布", ""),
    (r"纳入[^。；]{0,12}考核", ""),
    (r"按照确定的改进措施", ""),
    (r"未发现[^。；]{0,10}问题", ""),
)


def unsupported_claims(text: str, data: ReportData) -> list[str]:
    """Default claims in the draft that no note supports (a bare 无 under 信息处理费 supports
    未收取; anything else must be in the notes)."""
    notes = notes_text(data)
    out: list[str] = []
    for pat, topic in CLAIMS:
        for m in re.finditer(pat, text):
            if re.search(pat, notes):
                continue
            if topic and any(
                re.fullmatch(r"\s*(无|没有|暂无)[。.]?\s*", n) for n in data.note(topic)
            ):
                continue
            out.append(m.group(0))
    return out


def notes_text(data: ReportData) -> str:
    bits: list[str] = []
    for key in type(data.notes).model_fields:
        value = getattr(data.notes, key)
        if isinstance(value, str):
            bits.append(value)
        elif isinstance(value, list):
            bits += [str(v) for v in value]
    return "\n".join(bits)


# --- the run ------------------------------------------------------------------------------------


def prose(narrative: Narrative, keep_markers: bool = False) -> str:
    paras = [
        p.text for part in narrative.parts.values() for s in part.sections for p in s.paragraphs
    ]
    text = "\n".join(paras)
    return text if keep_markers else MARKER.sub("", text)


def overlap(texts: list[str]) -> tuple[float, float]:
    vals = [(similarity(a, b) + similarity(b, a)) / 2 for a, b in itertools.combinations(texts, 2)]
    return statistics.mean(vals), max(vals)


def run() -> None:
    listing = "--list" in sys.argv
    cases: dict[str, list[tuple[str, ReportData, ReportData | None]]] = {
        "no notes": [],
        "rich notes": [],
    }
    from nianbao import format as fmt

    for spec in ORGANS:
        raw = synthetic(*spec)
        data = ReportData.model_validate(raw)
        ref = fmt.self_reference(data.kind, data.organ)
        cases["no notes"].append((spec[0], data, None))
        rich_raw = rich(raw, ref, len(cases["rich notes"]))
        cases["rich notes"].append((spec[0], ReportData.model_validate(rich_raw), None))
    seed = load_counts(ROOT / "examples/guguantun-2024/counts.yaml")
    bureau = load_counts(ROOT / "examples/qingshi-bureau-2024/counts.yaml")
    bureau_prior = load_counts(ROOT / "examples/qingshi-bureau-2024/counts-2023.yaml")
    cases["rich notes"] += [
        ("examples/guguantun-2024", seed, None),
        ("examples/qingshi-bureau-2024 --prior", bureau, bureau_prior),
    ]

    print(f"{'set':<11} {'overlap mean':>12} {'max':>6} {'(with markers)':>15}  organs")
    totals: dict[str, int] = {}
    rows: list[str] = []
    lengths: list[str] = []
    marker_lists: list[str] = []
    for label, group in cases.items():
        texts: list[str] = []
        texts_m: list[str] = []
        for name, data, prior in group:
            narrative = write_narrative(data, prior=prior)
            text, with_m = prose(narrative), prose(narrative, keep_markers=True)
            texts.append(text)
            texts_m.append(with_m)
            counts = {
                "numbering": len(numbering_defects(with_m)),
                "prefixes": len(prefix_defects(with_m, data.organ)),
                "fragments": len(fragments(text)),
                "claims": len(unsupported_claims(text, data)),
                "merged": len(re.findall(r"其中结果被纠正", text)),
                "markers": len(narrative.markers()),
                "verify_errors": sum(
                    1 for f in verify_narrative(narrative, data, prior)[1] if f.severity == "error"
                ),
            }
            for k, v in counts.items():
                totals[f"{label}.{k}"] = totals.get(f"{label}.{k}", 0) + v
            rows.append(
                f"  {label:<10} {name:<38} " + " ".join(f"{k}={v}" for k, v in counts.items())
            )
            for part in NARRATIVE_PARTS:
                lo, hi = length_target(data, part)
                n = len(
                    re.sub(
                        r"\s",
                        "",
                        "\n".join(
                            p.text for s in narrative.part(part).sections for p in s.paragraphs
                        ),
                    )
                )
                ok = "in" if lo <= n <= hi else ("short" if n < lo else "long")
                lengths.append(f"  {label:<10} {name:<38} {part:<9} {n:>5}  target {lo}–{hi}  {ok}")
                totals[f"{label}.length_{ok}"] = totals.get(f"{label}.length_{ok}", 0) + 1
            if listing:
                marker_lists += [f"  {name}: {w}: {m}" for w, m in narrative.markers()]
        mean, mx = overlap(texts)
        mean_m, _ = overlap(texts_m)
        print(f"{label:<11} {mean:>12.3f} {mx:>6.3f} {mean_m:>15.3f}  {len(group)}")
    print("\nper organ (defects and markers):")
    print("\n".join(rows))
    print("\npart lengths (characters, no spaces) against the target range:")
    print("\n".join(lengths))
    print("\ntotals:")
    for k in sorted(totals):
        print(f"  {k:<28} {totals[k]}")
    if listing:
        print("\nmarkers:")
        print("\n".join(marker_lists))


if __name__ == "__main__":
    run()
