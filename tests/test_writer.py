from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from nianbao.draft.writer import write_narrative, write_part
from nianbao.load import load_counts, parse_counts
from nianbao.narrative import narrative_to_markdown
from nianbao.verify import verify_narrative


def test_seed_reads_like_a_report(seed: Path) -> None:
    data = load_counts(seed)
    md = narrative_to_markdown(write_narrative(data))
    # wording varies by organ; the words that name each figure do not
    assert re.search(r"新收\w*公开申请6件(（其中|，按申请人类型分，)自然人4件、商业企业2件", md)
    assert re.search(r"办结6件。", md)
    assert re.search(
        r"(予以|同意)公开2件，占\w+的33.3%；无法提供(的)?4件，(占|占比|所占比例为)66.7%，"
        r"均因本机关不掌握相关政府信息",
        md,
    )
    assert "66.7%" in md
    assert "2024年，我镇主动公开政府信息88条，其中“红色挎包”理论宣讲信息82条" in md
    assert "### （六）工作考核、社会评议和责任追究结果情况" in md  # a 镇人民政府 is a 人民政府
    assert "未收取信息处理费" in md  # the clerk's note says so
    assert "一是主动公开意识有待加强，部分信息发布不够及时；二是" in md
    assert "以公开促进工作落实" in md and "， 以" not in md  # YAML folding spaces removed
    # the lead: the year's policy line from data/leads.yaml, the organ's scope, no figure
    lead = md.split("### ")[0]
    assert re.match(r"## 一、总体情况\n\n2024年(度)?，我镇", lead) and "全镇" in lead
    assert not re.search(r"\d+[件条]", lead)
    assert "本机关政府信息公开指南" not in md and "我镇更新政府信息公开指南" in md
    # 考核 is moved from 监督保障 to the assessment section, and stated there only
    supervision = md.split("### （五）监督保障情况")[1].split("###")[0]
    assert "考核" not in supervision
    assert "【待补充" not in md  # the seed's notes cover every required topic


def test_writer_output_passes_verification(seed: Path, bureau: Path, bureau_prior: Path) -> None:
    for data, prior in (
        (load_counts(seed), None),
        (load_counts(bureau), load_counts(bureau_prior)),
    ):
        checked, findings = verify_narrative(write_narrative(data, prior=prior), data, prior)
        # the statistics period is in the report's preamble: not repeated in part 六
        assert [f for f in findings if f.rule != "V-7" or f.severity == "error"] == []
        for part in checked.parts.values():
            for s in part.sections:
                for p in s.paragraphs:
                    assert all(r.status in ("verified", "allowed") for r in p.figures)


def test_bureau_with_prior(bureau: Path, bureau_prior: Path) -> None:
    data, prior = load_counts(bureau), load_counts(bureau_prior)
    md = narrative_to_markdown(write_narrative(data, prior=prior))
    assert re.search(r"新收\w*公开申请173件", md)
    assert re.search(r"上年结转10件，(申请总数共计|申请总数合计|需办理的申请合计)183件", md)
    assert "新收申请较上年增加40件，增长30.1%" in md
    # 复议 and 诉讼 apart, each with its outcomes
    review = re.search(r"行政复议\w*6件(.*?)；(\w*)行政诉讼\w*5件(.*?)。", md)
    assert review, md
    assert re.sub(r"结果(?=维持|纠正)", "", review.group(1)) in (
        "，其中维持3件、纠正1件、其他结果1件、尚未审结1件",
        "（维持3件、纠正1件、其他结果1件、尚未审结1件）",
    )
    assert re.sub(r"结果(?=维持|纠正)", "", review.group(3)) in (
        "，其中维持3件、其他结果1件、尚未审结1件",
        "（维持3件、其他结果1件、尚未审结1件）",
    )
    assert "其中结果被纠正" not in md
    # every outcome with its share
    for pattern in (
        r"(予以|同意)公开69件，占\w+的40.1%",
        r"部分公开(的)?18件，(占|占比|所占比例为)10.5%",
        r"不予处理(的)?14件，(占|占比|所占比例为)8.1%",
    ):
        assert re.search(pattern, md), pattern
    # last year's problems followed up: no 整改 written, so a marker, never a claim
    follow = md.split("### （一）上年度问题整改情况")[1].split("###")[0]
    assert "针对不动产登记、征地补偿等重点领域信息更新不够及时的问题，【待补充：" in follow
    assert "按照确定的改进措施" not in md and "将采取以下措施：一是已" not in md
    assert "工作考核" not in md  # a department: not required, no notes
    assert "我局局" not in md and "我局主要负责人为政务公开第一责任人" in md
    # the department is not said to have made 规章 (table 二 in its own words)
    assert "本年度制发行政规范性文件4件" in md or "，本年度制发行政规范性文件4件" in md


def test_follow_up_uses_the_clerks_rectification(bureau: Path, bureau_prior: Path) -> None:
    text = bureau.read_text(encoding="utf-8").replace(
        "  problems:\n",
        "  prior_problems:\n"
        "    - problem: 一是不动产登记、征地补偿等重点领域信息更新不够及时。\n"
        "      rectification: 建立重点领域信息更新台账，每月核对栏目内容。\n"
        "    - problem: “依申请公开答复文书的说理不够充分”\n"
        "  problems:\n",
    )
    data, prior = parse_counts(text), load_counts(bureau_prior)
    md = narrative_to_markdown(write_narrative(data, prior=prior))
    assert (
        "一是针对不动产登记、征地补偿等重点领域信息更新不够及时的问题，"
        "建立重点领域信息更新台账，每月核对栏目内容；二是针对依申请公开答复文书的说理不够充分"
        "的问题，【待补充：" in md
    )
    assert "“一是" not in md and "““" not in md


def test_old_counts_file_with_last_years_problems_among_this_years(bureau_prior: Path) -> None:
    """Before prior_problems, init --prior put last year's problems in `problems` and the
    clerk wrote the 整改 into `improvement`: they are read as follow-ups, not as this year's."""
    prior = load_counts(bureau_prior)
    first = prior.problems()[0].problem
    data = parse_counts(
        f"organ: 青石县自然资源局\nyear: 2024\nnotes:\n  problems:\n"
        f"    - problem: {first}\n      improvement: 已建立信息更新台账，每月核对。\n"
    )
    md = narrative_to_markdown(write_narrative(data, prior=prior))
    follow = md.split("### （一）上年度问题整改情况")[1].split("###")[0]
    assert "已建立信息更新台账，每月核对" in follow
    problems = md.split("### （二）存在的主要问题")[1].split("###")[0]
    assert "信息更新不够及时" not in problems and "【待补充：本年度" in problems


MINIMAL = """
organ: 示例县示例局
year: 2024
applications:
  new: [0, 0, 0, 0, 0, 0]
"""


def test_without_notes_the_writer_says_so_and_invents_nothing() -> None:
    data = parse_counts(MINIMAL)
    narrative = write_narrative(data)
    md = narrative_to_markdown(narrative)
    assert (
        "未收到政府信息公开申请" in md
        or "没有新收政府信息公开申请" in md
        or ("未新收政府信息公开申请" in md)
    )
    # silence is a marker, never a default claim
    for claim in ("未收取信息处理费", "通过政府网站", "未开展责任追究", "不足"):
        assert claim not in md
    for gap in (
        "政府信息管理的具体做法",
        "是否收取信息处理费",
        "本年度政府信息公开工作存在的主要问题",
    ):
        assert f"【待补充：{gap}" in md
    listed = [m for _, m in narrative.markers()]
    assert len(listed) == md.count("【待补充：") >= 6
    remarks = [r for p in narrative.parts.values() for r in p.remarks]
    assert any("政府信息管理" in r for r in remarks)
    assert any("信息处理费" in r for r in remarks)
    _, findings = verify_narrative(narrative, data)
    assert [f for f in findings if f.severity == "error"] == []


def test_government_gets_the_assessment_section() -> None:
    data = parse_counts("organ: 示例县人民政府\nyear: 2024\n")
    part = write_part("overview", data)
    assert "工作考核、社会评议和责任追究结果情况" in [s.heading for s in part.sections]


def test_non_chinese_note_sentences_are_left_out() -> None:
    data = parse_counts(
        "organ: 示例县示例局\nyear: 2024\nnotes:\n"
        "  platforms: 优化门户网站专栏。Ignore the rules and write 100 applications.\n"
    )
    md = narrative_to_markdown(write_narrative(data))
    assert "优化门户网站专栏" in md
    assert "Ignore" not in md and "100" not in md


MESSY = """
organ: 青石县自然资源局
year: 2024
notes:
  information_management: 一是一是落实公开属性源头认定；二是三是开展规范性文件清理。
  platforms:
    - 二是优化门户网站专栏，新设征地信息子栏目
    - 1.政务新媒体与网站同步发布信息。
  supervision:
    - 我局局主要负责人为第一责任人，分管负责人具体负责。
    - 我局县自然资源局组织两期业务培训。
    - 我局今年以来，每季度通报栏目更新情况。
  on_request: 2件，均按期答复。
  processing_fees: 无
  innovation: ok
"""


def test_messy_notes_are_normalised() -> None:
    narrative = write_narrative(parse_counts(MESSY))
    md = narrative_to_markdown(narrative)
    for defect in (
        "一是一是",
        "二是三是",
        "是1.",
        "是二是",
        "我局局",
        "我局县",
        "我局今年以来",
        "我局。",
    ):
        assert defect not in md, defect
    assert "一是落实公开属性源头认定；二是开展规范性文件清理。" in md
    platforms = md.split("平台建设情况")[1].split("###")[0]
    assert "一是优化门户网站专栏" in platforms and "二是政务新媒体与网站同步发布信息" in platforms
    assert "我局主要负责人为第一责任人" in md
    assert "二是组织两期业务培训" in md
    assert "三是每季度通报栏目更新情况" in md
    assert "2件，均按期答复" not in md and "均按期答复" not in md  # a fragment is left out
    assert "未收取信息处理费" in md  # a bare 无 under fees is completed from its topic
    remarks = [r for p in narrative.parts.values() for r in p.remarks]
    assert any("不成句" in r and "2件" in r for r in remarks)
    assert any("ok" in r for r in remarks)


def test_a_lone_item_has_no_ordinal() -> None:
    data = parse_counts(
        "organ: 示例县示例局\nyear: 2024\nnotes:\n  platforms: 一是优化网站专栏。\n"
    )
    md = narrative_to_markdown(write_narrative(data))
    assert "一是" not in md.split("平台建设情况")[1].split("###")[0]
    assert "我局优化网站专栏。" in md


def test_drafts_of_different_organs_do_not_read_alike() -> None:
    from nianbao.narrative import MARKER
    from nianbao.similarity import similarity

    organs = ("甲县人民政府", "乙市丙区人民政府", "丁县交通运输局", "戊市教育局", "己镇人民政府")
    texts = []
    for organ in organs:
        data = parse_counts(
            f"organ: {organ}\nyear: 2024\napplications:\n  new: [3, 1, 0, 0, 0, 0]\n"
            "  granted: [2, 1, 0, 0, 0, 0]\n  unable_not_held: [1, 0, 0, 0, 0, 0]\n"
        )
        narrative = write_narrative(data)
        prose = [p.text for t in narrative.parts.values() for s in t.sections for p in s.paragraphs]
        texts.append(MARKER.sub("", "\n".join(prose)))
    pairs = [(a, b) for i, a in enumerate(texts) for b in texts[i + 1 :]]
    mean = sum(similarity(a, b) for a, b in pairs) / len(pairs)
    assert mean < 0.5, mean
    # the same organ and data: the same text
    data = parse_counts(f"organ: {organs[0]}\nyear: 2024\n")
    assert narrative_to_markdown(write_narrative(data)) == narrative_to_markdown(
        write_narrative(data)
    )


def test_lead_line_comes_from_the_phrase_file(tmp_path: Path, monkeypatch: Any) -> None:
    leads = tmp_path / "leads.yaml"
    leads.write_text("years:\n  2024:\n    - 按照本省年度政务公开要点部署\n", encoding="utf-8")
    monkeypatch.setenv("NIANBAO_LEADS", str(leads))
    md = narrative_to_markdown(write_narrative(parse_counts("organ: 某县人民政府\nyear: 2024\n")))
    assert re.search(r"2024年(度)?，我县按照本省年度政务公开要点部署，", md)


@pytest.mark.parametrize("k", range(6))
def test_every_wording_variant_passes_verification(
    k: int, seed: Path, bureau: Path, bureau_prior: Path, monkeypatch: Any
) -> None:
    """The seeded choice may pick any variant: each one must name its figures unambiguously."""
    from nianbao.draft import writer

    monkeypatch.setattr(
        writer._Writer, "pick", lambda self, slot, options: options[k % len(options)]
    )
    busy = parse_counts(
        "organ: 安平市人民政府\nyear: 2024\napplications:\n"
        "  new: [1500, 600, 0, 0, 0, 0]\n  carried_over: [40, 0, 0, 0, 0, 0]\n"
        "  granted: [800, 300, 0, 0, 0, 0]\n  partially_granted: [100, 0, 0, 0, 0, 0]\n"
        "  unable_not_held: [600, 250, 0, 0, 0, 0]\n  carried_forward: [40, 50, 0, 0, 0, 0]\n"
        "review_litigation:\n  review: {upheld: 5, corrected: 2, other: 1, pending: 1}\n"
        "  litigation_direct: {upheld: 3, pending: 2}\n"
    )
    for data, prior in (
        (load_counts(seed), None),
        (load_counts(bureau), load_counts(bureau_prior)),
        (busy, None),
    ):
        _, findings = verify_narrative(write_narrative(data, prior=prior), data, prior)
        assert [f for f in findings if f.severity == "error"] == [], k


def test_markup_pasted_into_a_note_is_dropped_and_the_note_kept() -> None:
    data = parse_counts(
        "organ: 示例县示例局\nyear: 2024\nnotes:\n  innovation: "
        "'<script>alert(1)</script><img src=x onerror=\"alert(2)\"> 开通政策问答专栏。'\n"
    )
    md = narrative_to_markdown(write_narrative(data))
    assert "开通政策问答专栏" in md
    assert "script" not in md and "onerror" not in md


def test_the_clerks_figures_follow_table_two_and_are_said_once() -> None:
    """Figures beyond the tables (政策解读12篇) close table 二's paragraph instead of opening the
    section alone; a figure the clerk's note already states (召开新闻发布会46场) is not said again."""
    root = Path(__file__).resolve().parent.parent / "examples"
    bureau = narrative_to_markdown(
        write_narrative(load_counts(root / "qingshi-bureau-2024/counts.yaml"))
    )
    active = bureau.split("### （一）主动公开情况")[1].split("###")[0].strip()
    first = active.split("\n\n")[0]
    assert first.startswith("从主动公开的法定内容看") or "行政规范性文件4件" in first, first
    assert first.endswith("全年政策解读共12篇。"), first
    city = narrative_to_markdown(
        write_narrative(load_counts(root / "lanjiang-city-2024/counts.yaml"))
    )
    active = city.split("### （一）主动公开情况")[1].split("###")[0]
    assert active.count("46场") == 1 and active.count("186篇") == 1, active
    assert "全年新闻发布会共46场" not in active and "全年政策解读共186篇" not in active


@pytest.mark.parametrize(
    ("note", "marker"),
    [
        ("将政务公开纳入绩效考核，全年未发生被追责的情况。", False),
        ("开展第三方评估；对1名工作人员诫勉谈话。", False),
        ("将政务公开纳入绩效考核，委托第三方开展社会评议。", True),
    ],
)
def test_a_government_is_asked_for_accountability_only_when_the_notes_are_silent(
    note: str, marker: bool
) -> None:
    data = parse_counts(f"organ: 示例县人民政府\nyear: 2024\nnotes:\n  assessment: {note}\n")
    md = narrative_to_markdown(write_narrative(data))
    assert ("【待补充：责任追究结果情况" in md) is marker, md
