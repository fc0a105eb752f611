from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.draft.writer import write_narrative
from nianbao.facts import derive_facts
from nianbao.load import load_counts
from nianbao.model import ReportData
from nianbao.narrative import Narrative, Paragraph, PartText, Section, narrative_from_markdown
from nianbao.verify import VerifyContext, fill_placeholders, verify_narrative, verify_part


@pytest.fixture
def data(seed: Path) -> ReportData:
    return load_counts(seed)


def _one(text: str, data: ReportData, part: str = "overview") -> list[tuple[str, str]]:
    """Findings (rule, severity) for one paragraph, ignoring sub-topic coverage."""
    pt = PartText(part=part, sections=[Section(paragraphs=[Paragraph(text=text)])])  # type: ignore[arg-type]
    _, findings = verify_part(pt, VerifyContext.build(data))
    return [(f.rule, f.severity) for f in findings if f.rule != "V-7"]


@pytest.mark.parametrize(
    "text",
    [
        "2024年，我镇共收到政府信息公开申请6件，其中自然人4件、商业企业2件。",
        "办结6件，其中予以公开2件，因本机关不掌握相关政府信息无法提供4件。",
        "全年主动公开政府信息88条，其中预决算信息2条。",
        "予以公开2件，占办结总数的33.3%。",
        "本报告所列数据的统计期限为2024年1月1日至2024年12月31日。",
        "5月开展学习宣传活动，9月组织“政府开放月”活动。",
        "一是规范信息发布；二是更新公开栏目；三是严格保密审查。",
        "收到申请6件，办理完毕6件。",
    ],
)
def test_true_sentences_pass(text: str, data: ReportData) -> None:
    assert _one(text, data) == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("2024年，我镇共收到政府信息公开申请7件。", "V-1"),  # wrong figure
        ("办结6件，其中予以公开4件。", "V-2"),  # 4 is 无法提供, not 予以公开
        ("共收到政府信息公开申请六件。", "V-5"),  # a table figure in Chinese numerals
        ("予以公开2件，占办结总数的34%。", "V-1"),  # a wrong share (2/6 = 33.3%)
        ("予以公开2件，占办结总数的33.4%。", "V-1"),  # wrong at the printed precision
        ("全年主动公开政府信息8 8条。", "V-4"),  # 88 split
        ("办结2，0件。", "V-4"),
        ("组织业务培训3次，参训人员45人。", "V-1"),  # invented numbers
        ("共收到政府信息公开申请100件。", "V-1"),
        ("2023年，我镇共收到政府信息公开申请6件。", "V-3"),  # wrong year
        ("2023年6月，我镇修订了公开指南。", "V-3"),  # a date of another year
        ("共收到政府信息公开申请{{t3.new.totl}}。", "V-6"),  # unknown placeholder
        ("一是规范信息发布；二是更新公开栏目；二是严格保密审查。", "V-8"),
        ("In 2024 we received 6 applications and answered all of them on time.", "V-11"),
        ("约6件申请均已办结。", "V-13"),
        ("联系电话：0000-7654321。", "V-1"),
    ],
)
def test_adversarial_sentences_fail(text: str, rule: str, data: ReportData) -> None:
    assert rule in [r for r, _ in _one(text, data)]


def test_label_fit_reports_the_expected_fact(data: ReportData) -> None:
    pt = PartText(part="overview", sections=[Section(paragraphs=[Paragraph(text="予以公开4件。")])])
    _, findings = verify_part(pt, VerifyContext.build(data))
    (f,) = [f for f in findings if f.rule == "V-2"]
    assert "2件（{{t3.granted.total}}）" in f.message
    assert f.quote == "予以公开4件。"
    assert f.cells == ["t3.granted.total"]


def test_figures_are_annotated_with_their_facts(data: ReportData) -> None:
    text, unknown, refs = fill_placeholders(
        "办结{{t3.total.total}}，其中予以公开{{ t3.granted.total }}件。", derive_facts(data)
    )
    assert text == "办结6件，其中予以公开2件。" and unknown == []
    assert [(r.text, r.fact) for r in refs] == [
        ("6件", "t3.total.total"),
        ("2件", "t3.granted.total"),
    ]
    para = Paragraph(text=text, source="model", figures=refs)
    pt = PartText(part="overview", sections=[Section(paragraphs=[para])])
    checked, _ = verify_part(pt, VerifyContext.build(data))
    figs = checked.sections[0].paragraphs[0].figures
    assert [(f.text, f.fact, f.status) for f in figs] == [
        ("6件", "t3.total.total", "verified"),
        ("2件", "t3.granted.total", "verified"),
    ]


def test_missing_topics_and_fee_statement(data: ReportData) -> None:
    empty = Narrative(parts={"other": PartText(part="other", sections=[])})
    _, findings = verify_narrative(empty, data)
    errors = {(f.rule, f.expected) for f in findings if f.severity == "error"}
    assert ("V-7", "收取信息处理费情况") in errors
    assert ("V-7", "监督保障") in errors
    assert ("V-7", "工作考核、社会评议和责任追究结果情况") in errors  # 镇人民政府
    warnings = {f.expected for f in findings if f.severity == "warning"}
    assert "人大代表建议和政协提案办理结果公开情况" in warnings
    # the preamble states the statistics period: part 六 need not repeat it …
    assert "有关数据统计说明" not in warnings
    # … unless the report is rendered without one (`render --no-preamble`)
    _, findings = verify_narrative(empty, data, period_stated=False)
    assert "有关数据统计说明" in {f.expected for f in findings if f.severity == "warning"}


def test_an_edited_markdown_draft_is_verified(data: ReportData) -> None:
    md = """## 一、总体情况

### （一）依申请公开

2024年，我镇共收到政府信息公开申请6件，办结5件。

## 六、其他需要报告的事项

### （一）收取信息处理费情况

未收取信息处理费。
"""
    checked, findings = verify_narrative(narrative_from_markdown(md), data)
    assert any(f.rule == "V-1" and f.message.startswith("“办结”后的数字“5件”") for f in findings)
    figs = checked.parts["overview"].sections[0].paragraphs[0].figures
    assert [f.status for f in figs] == ["allowed", "verified", "unverified"]


def test_year_on_year_direction(bureau: Path, bureau_prior: Path) -> None:
    data, prior = load_counts(bureau), load_counts(bureau_prior)
    ctx = VerifyContext.build(data, prior)
    for text, ok in (
        ("新收申请较上年增加40件，增长30.1%。", True),
        ("新收申请较上年减少40件。", False),
    ):
        pt = PartText(part="overview", sections=[Section(paragraphs=[Paragraph(text=text)])])
        _, findings = verify_part(pt, ctx)
        assert (not [f for f in findings if f.rule in ("V-1", "V-2", "V-18")]) is ok


def test_similarity_with_last_year(data: ReportData) -> None:
    narrative = write_narrative(data)
    _, findings = verify_narrative(narrative, data, prior_narrative=narrative)
    reuse = [f for f in findings if f.rule == "V-10"]
    assert reuse and all(f.severity == "error" for f in reuse)


def test_fee_notice_contradiction(bureau: Path) -> None:
    data = load_counts(bureau)
    apps = data.applications.model_copy(update={"other_no_fee": [1, 0, 0, 0, 0, 0, 1]})  # type: ignore[attr-defined]
    changed = data.model_copy(update={"applications": apps})
    pt = PartText(
        part="other",
        sections=[Section(paragraphs=[Paragraph(text="本年度未发出收费通知，未收取信息处理费。")])],
    )
    _, findings = verify_part(pt, VerifyContext.build(changed))
    assert "V-14" in [f.rule for f in findings]


def test_last_years_problems_followed_up(bureau: Path, bureau_prior: Path) -> None:
    data, prior = load_counts(bureau), load_counts(bureau_prior)
    pt = PartText(
        part="problems",
        sections=[
            Section(
                topic="problems",
                paragraphs=[Paragraph(text="存在的问题是说理不够充分，下一步改进。")],
            )
        ],
    )
    _, findings = verify_part(pt, VerifyContext.build(data, prior))
    assert [f.rule for f in findings] == ["V-12"]


# --- binding: each figure to exactly one fact by its words (busy bureau with last year) ------


def _bureau_rules(text: str, bureau: Path, bureau_prior: Path, part: str = "overview") -> set[str]:
    data, prior = load_counts(bureau), load_counts(bureau_prior)
    pt = PartText(part=part, sections=[Section(paragraphs=[Paragraph(text=text)])])  # type: ignore[arg-type]
    _, findings = verify_part(pt, VerifyContext.build(data, prior))
    return {f.rule for f in findings if f.severity == "error" and f.rule != "V-7"}


@pytest.mark.parametrize(
    "text",
    [
        "新收政府信息公开申请173件，上年结转10件。",
        "共收到政府信息公开申请183件（含上年结转10件）。",
        "全年办结172件，其中予以公开69件，部分公开18件。",
        "予以公开、部分公开分别为69件、18件。",
        "从申请主体看，自然人申请126件，法人或其他组织申请47件。",
        "予以公开69件，占办结总数的40.1%。",
        "予以公开及部分公开87件，占比51%。",  # 50.58% printed as a whole number
        "新收申请由上年的133件增至173件，较上年增加40件，增长30.1%。",
        "被申请行政复议6件、被提起行政诉讼5件，其中结果被纠正1件。",
        "作出行政许可决定千余件。",
        "全年未制发规章。",
        "树牢“四个意识”，坚决做到“两个维护”，畅通12345热线。",
        "严格在20个工作日的法定期限内答复。",
        "依据《中华人民共和国政府信息公开条例》第三十三条，国办公开办函〔2021〕30号要求。",
        "2024年5月，组织专题培训。",
        "制发行政规范性文件4件，废止2件，现行有效33件。",
        "因申请人逾期未按收费通知要求缴纳费用、不再处理的申请0件。",
    ],
)
def test_bound_figures_pass(text: str, bureau: Path, bureau_prior: Path) -> None:
    assert _bureau_rules(text, bureau, bureau_prior) == set()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("予以公开87件。", "V-1"),  # 87 is 予以公开＋部分公开
        ("办结173件。", "V-2"),  # 173 is 新收
        ("新收政府信息公开申请183件。", "V-2"),  # 183 is 新收＋上年结转
        ("予以公开、部分公开分别为18件、69件。", "V-2"),  # swapped
        ("予以公开69件，占办结总数的50.6%。", "V-1"),  # that is 予以公开＋部分公开's share
        ("新收申请较上年减少40件。", "V-18"),  # it grew
        ("行政复议结果维持2件。", "V-2"),  # 2 is 直接起诉's 维持
        ("制发行政规范性文件2件。", "V-2"),  # 2 were 废止
        ("未发生行政复议。", "V-17"),  # 6 reviews
        ("作出行政许可决定百余件。", "V-13"),  # 1286
        ("予以公开的申请约占五成。", "V-13"),  # 40.1%
        ("新收申请较上年翻了一番。", "V-13"),  # ×1.3
        ("收到申请玖拾件。", "V-1"),
        ("收到申请⑥件。", "V-1"),
        ("组织业务培训4位。", "V-1"),  # a measure word outside the units
        ("新收申请173件，其中网上申请2件。", "V-1"),  # no fact, not in the notes
        ("2023年，我局新收申请173件。", "V-3"),  # last year's year on this year's figure
        ("规章较上年减少0件。", "V-1"),
    ],
)
def test_wrongly_bound_figures_fail(text: str, rule: str, bureau: Path, bureau_prior: Path) -> None:
    rules = _bureau_rules(text, bureau, bureau_prior)
    assert rule in rules or (rule == "V-1" and "V-2" in rules), rules


def test_next_year_is_allowed_only_in_the_plans(bureau: Path, bureau_prior: Path) -> None:
    text = "2025年，我局将进一步规范答复文书。"
    assert _bureau_rules(text, bureau, bureau_prior, part="problems") == set()
    assert "V-3" in _bureau_rules(text, bureau, bureau_prior, part="overview")


def test_ambiguous_words_list_the_facts(bureau: Path, bureau_prior: Path) -> None:
    data, prior = load_counts(bureau), load_counts(bureau_prior)
    pt = PartText(
        part="overview", sections=[Section(paragraphs=[Paragraph(text="规范性文件33件。")])]
    )
    _, findings = verify_part(pt, VerifyContext.build(data, prior))
    (f,) = [f for f in findings if f.rule == "V-16"]
    assert "现行有效" in f.message and "制发" in f.message


def test_subheadings_are_verified(bureau: Path) -> None:
    data = load_counts(bureau)
    pt = PartText(
        part="overview",
        sections=[Section(heading="办结申请175件", paragraphs=[Paragraph(text="规范答复。")])],
    )
    _, findings = verify_part(pt, VerifyContext.build(data))
    assert any(f.rule in ("V-1", "V-2") and "小标题" in f.location for f in findings)
