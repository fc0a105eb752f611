"""The verifier on constructions a model answer uses that the first corpus lacked: fractions and
halves, 两成, short names of table 三/四 rows, 分别/依次 lists in their own clause, 无一件, zero
carried-forward, the statistics period's dates, shares of a column over its row, 个百分点, the
name written after its figure. Each construction is tried right (every figure passes) and wrong
(a figure fails, never a pass); expected values are written out, not computed by the product."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nianbao.load import load_counts
from nianbao.numbers import find_figures
from nianbao.verify.bind import bind_text
from nianbao.verify.context import VerifyContext

ROOT = Path(__file__).resolve().parent.parent
QS = ROOT / "examples" / "qingshi-bureau-2024"
GG = ROOT / "examples" / "guguantun-2024"


@pytest.fixture(scope="module")
def qs() -> VerifyContext:
    return VerifyContext.build(
        load_counts(QS / "counts.yaml"), load_counts(QS / "counts-2023.yaml")
    )


@pytest.fixture(scope="module")
def gg() -> VerifyContext:
    return VerifyContext.build(load_counts(GG / "counts.yaml"))


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("占三分之一", "33.33", "30.83", "35.83"),
        ("约五分之一", "20.00", "17.50", "22.50"),
        ("近一半", "50", "45", "50.01"),
        ("半数以上", "50", "50", "100"),
        ("近两成", "20", "15", "20"),
        ("两成以上", "20", "20", "30"),
    ],
)
def test_fractions_halves_and_liang_cheng_are_figures(
    text: str, value: str, low: str, high: str
) -> None:
    (fig,) = find_figures(text)
    assert (fig.kind, fig.value, fig.low, fig.high) == (
        "percent",
        Decimal(value),
        Decimal(low),
        Decimal(high),
    )


@pytest.mark.parametrize("text", ["时间过半、任务过半", "上半年", "下半年工作"])
def test_words_with_half_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


QS_RIGHT = [
    "不予公开的25件中，因属于第三方合法权益的6件，属于行政查询事项的6件，属于过程性信息的5件。",
    "行政诉讼5件，其中未经复议直接提起诉讼的4件，复议后提起诉讼1件。",
    "办结的申请中，予以公开、部分公开和不予处理的分别为69件、18件和14件。",
    "办结的申请中，予以公开、无法提供、不予公开的依次是69件、37件、25件。",
    "因申请内容不明确无法提供2件，因需另行制作无法提供5件。",
    "行政复议6件，其中维持原行政行为的占一半。",
    "新收申请中，自然人申请126件，占72.8%；商业企业申请31件，占17.9%。",
    "全年共受理政府信息公开申请183件，其中新收173件、上年结转10件。",
    "新收申请较上年（133件）增加40件。",
    "予以公开的申请占办结总数的40.1%，较上年下降3.3个百分点。",
    "本报告所列数据的统计期限为2024年1月1日至2024年12月31日。",
    "新收申请173件，较上年有所增加。",
    "新收申请同比增加了40件，增幅为30.1%。",
    "不予公开25件、无法提供37件、不予处理14件，三项合计76件。",
    "行政复议、行政诉讼案件分别较上年增加2件、3件。",
]
QS_WRONG = [
    "不予公开的申请中，因属于第三方合法权益的5件。",  # 6
    "行政诉讼方面，未经复议直接提起诉讼的5件。",  # 4 (5 is all lawsuits)
    "办结的申请中，予以公开、部分公开和不予处理的分别为69件、18件和9件。",  # 14
    "办结的申请中，予以公开、无法提供、不予公开的依次是69件、25件、37件。",  # swapped
    "因申请内容不明确无法提供5件。",  # 2
    "无法提供的申请占办结总数的三分之一。",  # 21.5%
    "无法提供的申请占办结总数的近两成。",  # 21.5% is not just under 20%
    "新收申请中，自然人申请126件，占73.3%。",  # 73.3% is over 办结, not 新收
    "全年共受理政府信息公开申请183件，其中新收173件、上年结转11件。",  # 10
    "新收申请较上年（130件）增加40件。",  # 133
    "予以公开的申请占办结总数的40.1%，较上年上升3.3个百分点。",  # it fell
    "予以公开的申请占办结总数的40.1%，较上年下降3.5个百分点。",  # 3.3
    "所有申请均已按期办结，无结转下年度办理的申请。",  # 11 carried forward
    "本报告所列数据的统计期限为2024年1月1日至2024年12月30日。",  # 31 December
    "新收申请173件，较上年有所减少。",  # it rose
    "新收申请同比增加了40件，增幅为31%。",  # 30.1%
    "不予公开25件、无法提供37件、不予处理14件，三项合计86件。",  # 76
    "申请均在法定期限内答复，平均答复时间为8个工作日。",  # an average nobody stated
    "行政复议、行政诉讼案件分别较上年增加2件、2件。",  # 诉讼 2→5: 3
    "全年未发生一起因政府信息公开引发的行政诉讼。",  # 5 lawsuits
    "全年没有一件申请。",  # 173
]


@pytest.mark.parametrize("text", QS_RIGHT)
def test_right_constructions_pass(text: str, qs: VerifyContext) -> None:
    bound = bind_text(text, qs, part="overview")
    assert bound
    assert all(b.status in ("verified", "allowed") for b in bound), [
        (b.figure.text, b.message) for b in bound if b.status not in ("verified", "allowed")
    ]


@pytest.mark.parametrize("text", QS_WRONG)
def test_wrong_constructions_fail(text: str, qs: VerifyContext) -> None:
    bound = bind_text(text, qs, part="overview")
    assert any(b.status == "unverified" and b.rule for b in bound), [
        (b.figure.text, b.status) for b in bound
    ]


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("全年无一件申请被不予公开。", True),
        ("全年无一件申请予以公开。", False),  # 2 were granted
        ("全年受理的申请均已办结，无结转下年度办理的申请。", True),
        ("全年收到的6件申请中，2件予以公开，4件因本机关不掌握相关政府信息无法提供。", True),
        ("全年收到的6件申请中，4件予以公开，2件因本机关不掌握相关政府信息无法提供。", False),
        ("全年主动公开政府信息88条，其中“红色挎包”理论宣讲信息82条，占九成以上。", True),
        ("全年主动公开政府信息88条，其中“红色挎包”理论宣讲信息82条，占八成左右。", False),
        ("因本机关不掌握相关信息无法提供的申请占办结总数的三分之二。", True),
        ("本年度我镇收取信息处理费0元。", True),  # the notes: 未收取信息处理费
        ("本年度我镇收取信息处理费0.5万元。", False),
        ("全年共收到政府信息公开申请6件，与上年持平。", False),  # no last year's data
        ("全年共收到政府信息公开申请6件，较上年有所增加。", False),
        ("对所有申请均在收到之日起20个工作日内予以答复。", True),
        ("6件申请中有4件无法提供，占比66.7%。", True),
        ("6件申请中有4件无法提供，占比33.3%。", False),
        ("全年未发生一起行政诉讼。", True),  # 诉讼 is 0
        ("全年没有一件申请超期答复。", True),  # of 超期, not of the applications
        ("全年未发生一起泄密事件。", True),
    ],
)
def test_township_constructions(text: str, ok: bool, gg: VerifyContext) -> None:
    bound = bind_text(text, gg, part="overview")
    passed = all(b.status in ("verified", "allowed") for b in bound)
    assert bound and passed is ok, [(b.figure.text, b.status, b.message) for b in bound]


def test_together_is_no_figure(qs: VerifyContext) -> None:
    """与…一起 (together) is no count; 一起行政诉讼 is one."""
    assert bind_text("我局与县政务服务中心一起开展政务公开活动。", qs) == []
    (b,) = bind_text("全年发生一起行政诉讼。", qs)
    assert b.status == "unverified" and b.fact == "t4.litigation.total"


@pytest.mark.parametrize(
    "text",
    [
        "形成了一批可复制可推广的经验。",
        "每季度开展一次栏目检查。",
        "全面落实“三项制度”。",
        "建立一个长效机制。",
    ],
)
def test_the_indefinite_one_and_set_phrases_pass(text: str, qs: VerifyContext) -> None:
    assert all(b.status in ("verified", "allowed") for b in bind_text(text, qs))


@pytest.mark.parametrize(
    "text", ["全年举办一期培训班。", "出台一项规范性文件。", "全年开展一次栏目检查。"]
)
def test_one_as_a_count_still_needs_a_source(text: str, qs: VerifyContext) -> None:
    assert any(b.status == "unverified" for b in bind_text(text, qs))
