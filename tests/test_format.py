from __future__ import annotations

import pytest

from nianbao import format as fmt


def test_2021_table3_has_25_rows_and_21_outcome_rows() -> None:
    lay = fmt.layout("2021")
    assert len(lay.app_rows) == 25
    assert len(lay.outcome_rows) == 21
    assert len(fmt.APPLICANT_COLUMNS) == 7


def test_2019_layout_has_other_as_one_row() -> None:
    lay = fmt.layout("2019")
    assert len(lay.app_rows) == 23
    assert len(lay.outcome_rows) == 19
    assert lay.app_row("other_single_row").printed == "（六）其他处理"


def test_table2_value_cells() -> None:
    # 2×3 + 1 + 2 + 1 = 10 value cells (format-spec §5.1 sums this as "9", a slip)
    assert len(fmt.layout("2021").active_cells) == 10
    paths = [c.path for c in fmt.layout("2021").active_cells]
    assert paths == [
        "regulations.issued",
        "regulations.repealed",
        "regulations.in_force",
        "normative_documents.issued",
        "normative_documents.repealed",
        "normative_documents.in_force",
        "licensing",
        "punishment",
        "enforcement",
        "fees_wan_yuan",
    ]
    assert len(fmt.layout("2019").active_cells) > 10


def test_table4_has_15_cells() -> None:
    assert len(fmt.REVIEW_GROUPS) * len(fmt.REVIEW_COLUMNS) == 15


def test_printed_labels_are_exact() -> None:
    lay = fmt.layout("2021")
    assert lay.app_row("new").printed == "一、本年新收政府信息公开申请数量"
    assert lay.app_row("denied_three_safeties").printed == "3.危及“三安全一稳定”"
    assert (
        lay.app_row("denied_third_party").location == "表三 三、（三）不予公开4.保护第三方合法权益"
    )
    assert lay.app_row("carried_forward").printed == "四、结转下年度继续办理"
    assert [p.heading for p in fmt.PARTS] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


@pytest.mark.parametrize(
    ("year", "key"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021")]
)
def test_layout_by_year(year: int, key: str) -> None:
    assert fmt.layout_for_year(year).key == key


def test_keys_are_unique_within_each_layout() -> None:
    for lay in fmt.LAYOUTS:
        keys = [r.key for r in lay.app_rows]
        assert len(keys) == len(set(keys))
        paths = [c.path for c in lay.active_cells]
        assert len(paths) == len(set(paths))


@pytest.mark.parametrize(
    ("organ", "kind", "ref"),
    [
        ("聊城高新技术产业开发区顾官屯镇人民政府", "township", "我镇"),
        ("青石县自然资源局", "department", "我局"),
        ("淮安市人民政府", "government", "我市"),
        ("某区某街道办事处", "township", "我街道"),
        ("上海市科学技术委员会", "department", "我委"),
        ("某某旗人民政府", "government", "我旗"),
        ("某某藏族自治州人民政府", "government", "我州"),
        ("某某县人民政府", "government", "我县"),
        ("某省人民政府办公厅", "department", "我厅"),
        ("某市政务服务中心", "department", "我中心"),
        ("某市某区人民政府某街道办事处", "township", "我街道"),
        ("某市经济技术开发区管理委员会", "department", "我区"),
        ("某县某乡人民政府", "township", "我乡"),
    ],
)
def test_organ_kind_and_self_reference(organ: str, kind: str, ref: str) -> None:
    assert fmt.organ_kind(organ) == kind
    assert fmt.self_reference(fmt.organ_kind(organ), organ) == ref
