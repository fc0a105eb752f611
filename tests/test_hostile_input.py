"""Hostile input to `nianbao check`: whatever the file holds, a clean exit 0/1/2 with a message."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nianbao.cli import app
from nianbao.errors import DataError
from nianbao.load import parse_counts

ROOT = Path(__file__).resolve().parent.parent
BASE: dict[str, Any] = yaml.safe_load(
    (ROOT / "examples/qingshi-bureau-2024/counts.yaml").read_text(encoding="utf-8")
)
runner = CliRunner()
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=8), st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=20,
)


def _run(path: Path) -> None:
    result = runner.invoke(app, ["check", str(path), "--today", "2026-11-28"])
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert result.output.strip()


@SETTINGS
@given(doc=values)
def test_random_documents(tmp_path: Path, doc: Any) -> None:
    p = tmp_path / "random.json"
    p.write_text(json.dumps(doc, ensure_ascii=False, default=str), encoding="utf-8")
    _run(p)


@SETTINGS
@given(text=st.text(max_size=400))
def test_random_text_as_yaml(tmp_path: Path, text: str) -> None:
    p = tmp_path / "random.yaml"
    p.write_text(text, encoding="utf-8", errors="surrogatepass")
    _run(p)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


CELL_PATHS = [p for p in _paths(BASE) if p[0] in ("active", "applications", "review_litigation")]


@SETTINGS
@given(where=st.sampled_from(CELL_PATHS), value=values)
def test_random_cell_values(tmp_path: Path, where: tuple[Any, ...], value: Any) -> None:
    doc = copy.deepcopy(BASE)
    node = doc
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    p = tmp_path / "cell.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _run(p)


@SETTINGS
@given(value=st.integers(max_value=-1))
def test_negative_counts_are_refused_with_their_line(value: int) -> None:
    text = f"organ: 某局\nyear: 2024\napplications:\n  new: [1, {value}, 0, 0, 0, 0]\n"
    try:
        parse_counts(text, "t.yaml")
    except DataError as e:
        assert e.problems[0].line == 4
        assert "负数" in e.problems[0].message
    else:
        raise AssertionError("a negative count was accepted")


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    p = tmp_path / "laughs.yaml"
    p.write_text("\n".join(lines) + "\norgan: x\nyear: 2024\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(p)])
    assert result.exit_code == 2
    assert "别名" in result.stdout


def test_deeply_nested_document(tmp_path: Path) -> None:
    p = tmp_path / "deep.json"
    p.write_text("[" * 100_000 + "]" * 100_000)
    _run(p)
    p2 = tmp_path / "deep.yaml"
    p2.write_text("a: " + "[" * 50_000 + "]" * 50_000)
    _run(p2)


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "bin.yaml"
    p.write_bytes(bytes(range(256)) * 10)
    _run(p)


# --- issue 14, "Figures other than the ones typed" and "Bounds" (the counts-file part) ----------
# "YAML reads `010` as 8, `1:30` as 90, `0x10` as 16 — a counts file's numbers are decimal
# integers or decimals as written; anything else is an error naming key and line."

ODD_NUMBERS = [
    "010",
    "1:30",
    "0x10",
    "0o17",
    "0b11",
    "1_000",
    ".inf",
    "-.inf",
    ".nan",
    "1e3",
    "007",
]


@pytest.mark.parametrize("written", ODD_NUMBERS)
def test_yaml_reads_010_as_8_numbers_are_decimals_as_written(written: str) -> None:
    text = f"organ: 某局\nyear: 2024\napplications:\n  new:\n    - 1\n    - {written}\n    - 0\n    - 0\n    - 0\n    - 0\n"
    with pytest.raises(DataError) as caught:
        parse_counts(text, "t.yaml")
    problem = caught.value.problems[0]
    assert problem.line == 6
    assert problem.key.startswith("applications.new 第2个数")
    assert written in problem.message


@pytest.mark.parametrize("written", ["010", "1:30", "0x10", "1_000.5", ".inf"])
def test_yaml_number_forms_in_an_amount_or_figure_are_refused(written: str) -> None:
    text = (
        "organ: 某局\nyear: 2024\nactive:\n  fees_wan_yuan: " + written + "\nfigures:\n"
        "  - {key: a, label: 培训, value: 1}\n"
    )
    with pytest.raises(DataError) as caught:
        parse_counts(text, "t.yaml")
    problem = caught.value.problems[0]
    assert (problem.key, problem.line) == ("active.fees_wan_yuan", 4)
    assert written in problem.message


def test_yaml_number_forms_the_cli_names_key_and_line(tmp_path: Path) -> None:
    p = tmp_path / "c.yaml"
    p.write_text("organ: 某局\nyear: 2024\napplications:\n  new: [010, 0, 0, 0, 0, 0]\n", "utf-8")
    result = runner.invoke(app, ["check", str(p)])
    assert result.exit_code == 2, result.output
    assert "c.yaml:4" in result.output and "applications.new 第1个数" in result.output
    assert "010" in result.output
    assert "T3-1" not in result.output  # not checked as if the clerk had typed 8


@pytest.mark.parametrize("written", ["0", "12", "-3", "3.5", "0.25"])
def test_plain_decimals_and_quoted_text_still_read(written: str) -> None:
    text = f"organ: 某局\nyear: 2024\nfigures:\n  - {{key: a, label: 培训, value: {written}}}\n"
    try:
        data = parse_counts(text, "t.yaml")
    except DataError as e:  # a negative or a quoted value fails validation, not the number check
        assert "写法不明确" not in str(e)
    else:
        assert str(data.figures[0].value) == written


def test_year_1900_is_reported_with_what_is_wrong() -> None:
    """`year: 1900` is reported as "must not be negative": say what is wrong."""
    with pytest.raises(DataError) as caught:
        parse_counts("organ: 某局\nyear: 1900\n", "t.yaml")
    problem = caught.value.problems[0]
    assert (problem.key, problem.line) == ("year", 2)
    assert "负数" not in problem.message and "negative" not in problem.message
    assert "1990" in problem.message and "年度" in problem.message and "year" in problem.message


def test_numeral_longer_than_pythons_int_limit_is_bad_input(tmp_path: Path) -> None:
    """A numeral longer than Python's int limit ends in "internal error" (exit 3): a clear
    bad-input error (exit 2)."""
    long = "9" * 5000
    for name, text in (
        ("c.yaml", f"organ: 某局\nyear: 2024\napplications:\n  new: [{long}, 0, 0, 0, 0, 0]\n"),
        (
            "f.yaml",
            f"organ: 某局\nyear: 2024\nfigures:\n  - {{key: a, label: b, value: {long}.5}}\n",
        ),
        ("c.json", '{"organ": "某局", "year": 2024, "applications": {"new": [' + long + "]}}"),
    ):
        p = tmp_path / name
        p.write_text(text, "utf-8")
        result = runner.invoke(app, ["check", str(p)])
        assert result.exit_code == 2, (name, result.output)
        assert "内部错误" not in result.output and "internal error" not in result.output
        assert "数字过长" in result.output and "too long" in result.output


def test_deep_nesting_in_an_early_branch(tmp_path: Path) -> None:
    p = tmp_path / "deep-first.yaml"
    p.write_text("a: [" + "[" * 30_000 + "]" * 30_000 + ", 1]\norgan: x\nyear: 2024\n")
    _run(p)
