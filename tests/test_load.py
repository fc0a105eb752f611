from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nianbao.errors import DataError
from nianbao.load import load_counts, parse_counts

HEAD = "organ: 某局\nyear: 2024\n"


def _problem(text: str, **kw: bool) -> tuple[int | None, str, str]:
    with pytest.raises(DataError) as e:
        parse_counts(text, "t.yaml", **kw)
    p = e.value.problems[0]
    return p.line, p.key, p.message


def test_seed_loads(seed: Path) -> None:
    data = load_counts(seed)
    assert data.organ == "聊城高新技术产业开发区顾官屯镇人民政府"
    assert data.table3()["new"][-1].value == 6
    assert data.table3()["carried_over"][0].given is False


def test_typo_key_names_line_and_suggests() -> None:
    line, key, msg = _problem(HEAD + "applications:\n  neww: [1, 0, 0, 0, 0, 0]\n")
    assert line == 4
    assert key == "applications.neww"
    assert "'new'" in msg


def test_negative_number_names_line_and_column() -> None:
    line, key, msg = _problem(HEAD + "applications:\n  new: [1, 0,\n    -3, 0, 0, 0]\n")
    assert line == 5
    assert key == "applications.new 第3个数（科研机构）"
    assert "负数" in msg and "negative" in msg


def test_string_in_count_cell() -> None:
    line, key, msg = _problem(HEAD + "active:\n  licensing: 若干\n")
    assert line == 4
    assert key == "active.licensing"
    assert "整数" in msg


def test_decimal_in_count_cell_is_refused_but_allowed_in_wan_yuan() -> None:
    _, _, msg = _problem(HEAD + "active:\n  punishment: 2.5\n")
    assert "万元" in msg
    data = parse_counts(HEAD + "active:\n  fees_wan_yuan: 24252.311082\n")
    assert data.table2()["fees_wan_yuan"].value == Decimal("24252.311082")


def test_broken_yaml_names_line() -> None:
    line, _, msg = _problem(HEAD + "applications:\n  new: [1, 0\n  granted: [1]\n")
    assert line == 5
    assert "YAML" in msg


def test_row_of_wrong_length() -> None:
    _, key, msg = _problem(HEAD + "applications:\n  new: [1, 2, 3]\n")
    assert key == "applications.new"
    assert "6" in msg


def test_missing_required_key() -> None:
    line, key, _ = _problem("organ: 某局\n")
    assert key == "year"
    assert line == 1


def test_duplicate_key_is_refused() -> None:
    line, _, msg = _problem(HEAD + "year: 2023\n")
    assert line == 3
    assert "重复" in msg


def test_aliases_are_refused() -> None:
    text = HEAD + "applications:\n  new: &a [1, 0, 0, 0, 0, 0]\n  granted: *a\n"
    _, _, msg = _problem(text)
    assert "别名" in msg


def test_python_objects_are_not_constructed() -> None:
    _, _, msg = _problem(HEAD + "organ_kind: !!python/object/apply:os.system ['echo hi']\n")
    assert "YAML" in msg


def test_top_level_must_be_mapping() -> None:
    _, _, msg = _problem("- 1\n- 2\n")
    assert "顶层" in msg


def test_json_is_accepted_and_errors_have_lines(tmp_path: Path) -> None:
    p = tmp_path / "c.json"
    p.write_text(
        '{"organ": "某局", "year": 2024,\n "applications": {"new": [1, 0, 0, 0, 0, 0, 1]}}'
    )
    assert load_counts(p).table3()["new"][-1].value == 1
    p.write_text('{"organ": "某局", "year": 2024,\n "applications": {"new": [1, -1, 0, 0, 0, 0]}}')
    with pytest.raises(DataError) as e:
        load_counts(p)
    assert e.value.problems[0].line == 2
    p.write_text('{"organ": "某局", "year": 2024,,}')
    with pytest.raises(DataError) as e:
        load_counts(p)
    assert e.value.problems[0].line == 1


def test_gbk_file_is_read(tmp_path: Path) -> None:
    p = tmp_path / "c.yaml"
    p.write_bytes((HEAD.replace("某局", "青石县自然资源局")).encode("gb18030"))
    assert load_counts(p).organ == "青石县自然资源局"


def test_missing_file_and_huge_file(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        load_counts(tmp_path / "none.yaml")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (6 * 1024 * 1024))
    with pytest.raises(DataError) as e:
        load_counts(big)
    assert "过大" in str(e.value)


def test_review_flat_list_needs_15() -> None:
    _, key, msg = _problem(HEAD + "review_litigation: [1, 2, 3]\n")
    assert key == "review_litigation"
    assert "15" in msg


def test_figure_part_of_must_exist() -> None:
    text = HEAD + "figures:\n  - {key: a, label: 甲, value: 1, part_of: b}\n"
    _, _, msg = _problem(text)
    assert "part_of" in msg


@pytest.mark.parametrize(
    ("text", "line", "chinese"),
    [
        (
            "applications:\n  new: [1, 0\n  granted: [1]\n",
            5,
            "列表 [ … ] 没有闭合，或两个数之间缺少逗号（自第4行起）",
        ),
        ("active: {licensing: 2\n", 4, "键值表 { … } 没有闭合"),
        ("active:\n  licensing: 2\n punishment: 3\n", 5, "缩进没有对齐"),
        ("active:\n\tlicensing: 2\n", 4, "不能用 Tab 键"),
        ("organ_kind：township\nactive: {}\n", 4, "第3行的冒号是全角“：”，应为半角“: ”"),
        ('notes:\n  overview: "未闭合\n', 5, "请检查引号、括号是否成对"),
        ("notes:\n  overview: @某某\n", 4, "请给这个值加引号"),
    ],
)
def test_yaml_syntax_errors_lead_in_chinese(text: str, line: int, chinese: str) -> None:
    got_line, _, msg = _problem(HEAD + text)
    assert got_line == line
    zh, _, en = msg.partition(" / ")
    assert zh.startswith("YAML 格式错误：") and chinese in zh
    assert not any(w in zh for w in ("expected", "found", "while")), zh  # no English in the lead
    assert en.startswith("YAML syntax error: ")  # PyYAML's own words follow, for the record


def test_table_four_flat_form_and_figures_are_counted_from_one() -> None:
    _, key, _ = _problem(HEAD + "figures:\n  - {key: a, label: 甲, value: -1}\n")
    assert key == "figures 第1项.value"


@pytest.mark.parametrize(
    ("text", "chinese"),
    [
        ('{"organ": "某局", "year": 2024,}', "最后一项后面不能有逗号"),
        ('{"organ": "某局" "year": 2024}', "缺少逗号"),
        ('{"organ": "某局', "引号没有闭合"),
    ],
)
def test_json_syntax_errors_lead_in_chinese(text: str, chinese: str) -> None:
    line, _, msg = _problem(text, json_syntax=True)
    assert line == 1
    zh, _, en = msg.partition(" / ")
    assert zh.startswith("JSON 格式错误：") and chinese in zh
    assert en.startswith("JSON syntax error: ")
