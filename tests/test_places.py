"""places.py: a finding's cells as lines of a counts file or cells of a workbook."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from nianbao.checks import check_data
from nianbao.load import load_counts
from nianbao.places import cell_places, render_places, with_places

WRONG = Path(__file__).resolve().parent.parent / "examples" / "wrong"


def test_yaml_lines_of_cells_rows_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "organ: 某局\n"  # 1
        "year: 2024\n"  # 2
        "active:\n"  # 3
        "  regulations: {issued: 1, repealed: 0, in_force: 3}\n"  # 4
        "  licensing:\n"  # 5
        "    7\n"  # 6
        "applications:\n"  # 7
        "  new: [1, 0, 0,\n"  # 8
        "        0, 0, 0]\n"  # 9
        "review_litigation:\n"  # 10
        "  review: {upheld: 1}\n",  # 11
        encoding="utf-8",
    )
    data = load_counts(path)
    got = cell_places(
        path,
        data,
        [
            "t2.regulations.repealed",
            "t2.licensing",
            "t2.punishment",  # a row the file leaves out: its table's key
            "t3.new.natural",
            "t3.new.other",
            "t3.new.total",  # six numbers given: the row
            "t3.granted.natural",
            "t4.review.upheld",
            "t4.review.total",
            "t4.litigation_direct.total",
        ],
    )
    assert got == {
        "t2.regulations.repealed": "c.yaml:4",
        "t2.licensing": "c.yaml:6",
        "t2.punishment": "c.yaml:3",
        "t3.new.natural": "c.yaml:8",
        "t3.new.other": "c.yaml:9",
        "t3.new.total": "c.yaml:8",
        "t3.granted.natural": "c.yaml:7",
        "t4.review.upheld": "c.yaml:11",
        "t4.review.total": "c.yaml:11",
        "t4.litigation_direct.total": "c.yaml:10",
    }


def test_a_finding_points_at_its_own_lines_not_at_the_table_key() -> None:
    path = WRONG / "t3-balance.yaml"
    data = load_counts(path)
    (f, _) = with_places(path, data, check_data(data))
    assert f.rule == "T3-1"
    assert f.places == ["t3-balance.yaml:6", "t3-balance.yaml:9"]  # 新收, 结转下年度


def test_json_counts_files_and_the_flat_table_four(tmp_path: Path) -> None:
    raw = yaml.safe_load((WRONG / "unfilled.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "u.json"
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    data = load_counts(path)
    findings = with_places(path, data, check_data(data))
    assert [(f.rule, f.places) for f in findings] == [
        ("E-7B", ["u.json:8"]),  # "applications": {}
        ("E-7Z", ["u.json:10"]),  # the first of the fifteen numbers
    ]


def test_rendered_for_a_person() -> None:
    assert render_places(["c.yaml:9", "c.yaml:6"]) == "c.yaml 第6、9行"
    assert render_places(["表三!D5", "表三!D6", "表四!A5"]) == "表三!D5、D6、表四!A5"
    assert render_places([f"c.yaml:{n}" for n in range(1, 9)]) == "c.yaml 第1、2、3、4、5、6行等"
    assert render_places([]) == ""


def test_findings_about_keys_point_at_their_lines(tmp_path: Path) -> None:
    year = WRONG / "future-year.yaml"
    data = load_counts(year)
    (f,) = with_places(year, data, check_data(data))
    assert (f.rule, f.places) == ("E-16", ["future-year.yaml:3"])
    figures = WRONG / "figures-breakdown.yaml"
    data = load_counts(figures)
    (f,) = with_places(figures, data, check_data(data))
    assert (f.rule, f.places) == ("F-1", ["figures-breakdown.yaml:6"])  # the parent figure
    # in a workbook, the year is a cell of 基本信息
    from nianbao.inputs.excel import workbook_bytes

    book = tmp_path / "y.xlsx"
    book.write_bytes(workbook_bytes(load_counts(year)))
    (f,) = with_places(book, data := load_counts(year), check_data(data))
    assert f.places == ["基本信息!B4"]


def test_an_extra_figure_in_a_workbook_is_found_below_the_examples(tmp_path: Path) -> None:
    from nianbao.inputs.excel import workbook_bytes

    source = WRONG / "figures-breakdown.yaml"  # its figure shares its key with the example row
    book = tmp_path / "f.xlsx"
    book.write_bytes(workbook_bytes(load_counts(source)))
    data = load_counts(source)
    (f,) = with_places(book, data, check_data(data))
    assert (f.rule, f.places) == ("F-1", ["数字!A6"])  # not the example at 数字!A4
