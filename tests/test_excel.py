from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from nianbao import format as fmt
from nianbao.audit import load_data
from nianbao.checks import check_data
from nianbao.cli import app
from nianbao.errors import DataError
from nianbao.inputs.excel import SHEETS, load_workbook, workbook_bytes
from nianbao.load import load_counts, parse_counts
from nianbao.model import ReportData
from nianbao.template import counts_yaml, starting_data
from tests.canon import canonical

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
runner = CliRunner()
TODAY = date(2026, 11, 28)

ROUND_TRIP = [
    "guguantun-2024/counts.yaml",
    "qingshi-bureau-2024/counts.yaml",
    "qingshi-bureau-2024/counts-2023.yaml",
    "wrong/blank-cells.yaml",
    "wrong/t3-balance.yaml",
    "wrong/t3-row-total.yaml",
    "wrong/t3-total-row.yaml",
    "wrong/t4-total.yaml",
    "wrong/figures-breakdown.yaml",
    "wrong/old-layout.yaml",
    "wrong/cross-year.yaml",
]


def _save(data: ReportData, path: Path, **kw: Any) -> Path:
    path.write_bytes(workbook_bytes(data, **kw))
    return path


def _findings(data: ReportData) -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity, f.message) for f in check_data(data, today=TODAY)]


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_yaml_to_xlsx_to_yaml_gives_the_same_data(name: str, tmp_path: Path) -> None:
    original = load_counts(EXAMPLES / name)
    book = _save(original, tmp_path / "counts.xlsx")
    from_book = load_workbook(book)
    assert canonical(from_book) == canonical(original)
    assert _findings(from_book) == _findings(original)
    again = parse_counts(counts_yaml(from_book), "again.yaml")
    assert canonical(again) == canonical(original)
    # and the workbook written from the read-back data reads back the same again
    assert canonical(load_workbook(_save(from_book, tmp_path / "again.xlsx"))) == canonical(
        original
    )


def _sheet(path: Path, name: str) -> Worksheet:
    ws = openpyxl.load_workbook(path)[name]
    assert isinstance(ws, Worksheet)
    return ws


def test_table3_sheet_is_laid_out_like_the_report(tmp_path: Path, bureau: Path) -> None:
    book = _save(load_counts(bureau), tmp_path / "counts.xlsx")
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == list(SHEETS)
    ws = wb["表三"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A6:C6", "B7:C7"} <= merged
    assert ws["A2"].value == fmt.TABLE3_BALANCE_NOTE
    assert ws["D2"].value == fmt.TABLE3_HEADER
    assert ws["E3"].value == "法人或其他组织"
    assert [ws.cell(4, c).value for c in range(5, 10)] == [
        c.label for c in fmt.APPLICANT_COLUMNS if c.group
    ]
    lay = fmt.layout("2021")
    rows = {r.key: 5 + i for i, r in enumerate(lay.app_rows)}
    assert rows["denied_third_party"] == 12  # the cell the messages call 表三!D12
    assert ws["C12"].value == "4.保护第三方合法权益"
    assert ws["B9"].value == "（三）不予公开" and "B9:B16" in merged
    assert ws["A7"].value == fmt.TABLE3_RESULTS and "A7:A28" in merged
    assert ws["A29"].value == "四、结转下年度继续办理"
    for r in lay.app_rows:
        label_col = 3 if r.group else (2 if r.role in ("outcome", "total") else 1)
        assert ws.cell(rows[r.key], label_col).value == r.printed
    # values, formulas, validation, protection
    assert ws["D5"].value == 126 and ws["D12"].value == 4
    assert ws["J5"].value == "=SUM(D5:I5)"
    assert ws["D28"].value == "=SUM(D7:D27)"
    assert ws.protection.sheet
    assert ws["D5"].protection.locked is False
    assert ws["J5"].protection.locked is True and ws["D28"].protection.locked is True
    whole = [dv for dv in ws.data_validations.dataValidation if dv.type == "whole"]
    assert len(whole) == 1 and whole[0].operator == "greaterThanOrEqual"
    assert whole[0].formula1 == "0"
    covered = {str(c) for rng in whole[0].sqref.ranges for c in _cells(str(rng))}
    assert {"D5", "I27", "D29", "I29"} <= covered
    assert not covered & {"J5", "D28", "J29"}


def _cells(rng: str) -> list[str]:
    if ":" not in rng:
        return [rng]
    a, b = rng.split(":")
    (c1, r1), (c2, r2) = _split(a), _split(b)
    return [f"{get_column_letter(c)}{r}" for c in range(c1, c2 + 1) for r in range(r1, r2 + 1)]


def _split(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert m
    return column_index_from_string(m.group(1)), int(m.group(2))


def _evaluate(ws: Worksheet, ref: str) -> int:
    """The few formulas the workbook uses: =SUM(range) and sums/differences of cells."""
    value = ws[ref].value
    if not isinstance(value, str) or not value.startswith("="):
        return int(value or 0)
    expr = value[1:]
    m = re.fullmatch(r"SUM\(([A-Z]+\d+:[A-Z]+\d+)\)", expr)
    if m:
        return sum(_evaluate(ws, c) for c in _cells(m.group(1)))
    total = 0
    for sign, cell in re.findall(r"([+-]?)([A-Z]+\d+)", expr):
        total += -_evaluate(ws, cell) if sign == "-" else _evaluate(ws, cell)
    return total


@pytest.mark.parametrize("name", ["qingshi-bureau-2024/counts.yaml", "wrong/t3-balance.yaml"])
def test_the_formulas_compute_the_totals_and_the_balance(name: str, tmp_path: Path) -> None:
    data = load_counts(EXAMPLES / name)
    book = _save(data, tmp_path / "counts.xlsx")
    ws = _sheet(book, "表三")
    grid = data.table3()
    lay = data.format_layout
    rows = {r.key: 5 + i for i, r in enumerate(lay.app_rows)}
    for k in range(7):
        letter = get_column_letter(4 + k)
        assert _evaluate(ws, f"{letter}{rows['total']}") == grid["total"][k].number
        assert _evaluate(ws, f"J{rows['new']}") == grid["new"][6].number
        balance = _evaluate(ws, f"{letter}{rows['carried_forward'] + 2}")
        parts = grid["new"][k].number + grid["carried_over"][k].number
        assert balance == parts - grid["total"][k].number - grid["carried_forward"][k].number
    ws4 = _sheet(book, "表四")
    for i, g in enumerate(fmt.REVIEW_GROUPS):
        total_ref = f"{get_column_letter(5 + 5 * i)}5"
        assert str(ws4[total_ref].value).startswith("=SUM(") or data.table4()[g.key][
            "total"
        ].value != sum(data.table4()[g.key][c.key].number for c in fmt.REVIEW_COLUMNS[:-1])
        assert _evaluate(ws4, total_ref) == data.table4()[g.key]["total"].number


def test_a_wrong_total_is_kept_as_a_number(tmp_path: Path) -> None:
    data = load_counts(EXAMPLES / "wrong" / "t3-row-total.yaml")
    book = _save(data, tmp_path / "counts.xlsx")
    ws = _sheet(book, "表三")
    assert isinstance(ws["J5"].value, int)  # the wrong 总计 of 一、 is not replaced by a formula
    assert any(f.rule == "T3-3" for f in check_data(load_workbook(book), today=TODAY))


def test_table2_sheet_and_amounts(tmp_path: Path, bureau: Path) -> None:
    book = _save(load_counts(bureau), tmp_path / "counts.xlsx")
    ws = _sheet(book, "表二")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "第二十条第（一）项" and "A2:D2" in merged
    assert [ws.cell(3, c).value for c in range(1, 5)] == [
        fmt.TABLE2_HEADER,
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert ws["A5"].value == "行政规范性文件" and ws["D5"].value == 33
    fees_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "行政事业性收费")
    assert ws.cell(fees_row, 2).value == pytest.approx(1523.46)
    assert f"B{fees_row}:D{fees_row}" in merged
    decimal = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    assert decimal and f"B{fees_row}" in str(decimal[0].sqref)
    assert load_workbook(book).table2()["fees_wan_yuan"].value == Decimal("1523.46")


def test_table4_sheet_headers(tmp_path: Path, bureau: Path) -> None:
    ws = _sheet(_save(load_counts(bureau), tmp_path / "c.xlsx"), "表四")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "行政复议" and "A2:E2" in merged
    assert ws["F2"].value == "行政诉讼" and "F2:O2" in merged
    assert ws["F3"].value == "未经复议直接起诉" and ws["K3"].value == "复议后起诉"
    assert ws["A3"].value == "结果维持" and "A3:A4" in merged
    assert [ws.cell(5, c).value for c in range(1, 5)] == [3, 1, 1, 1]
    assert ws["E5"].value == "=SUM(A5:D5)"


def test_2019_layout_workbook(tmp_path: Path) -> None:
    data = starting_data("某县某局", 2020)
    book = _save(data, tmp_path / "c.xlsx")
    ws = _sheet(book, "表三")
    assert ws["B25"].value == "（六）其他处理"  # one row in the trial layout
    assert ws["B26"].value == "（七）总计" and ws["A27"].value == "四、结转下年度继续办理"
    back = load_workbook(book)
    assert back.format_layout.key == "2019"
    assert canonical(back) == canonical(data)


def test_init_xlsx_then_check(tmp_path: Path) -> None:
    book = tmp_path / "counts.xlsx"
    result = runner.invoke(
        app, ["init", "--organ", "某县某局", "--year", "2025", "--xlsx", str(book)]
    )
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "counts.yaml").exists()
    # an untouched workbook cannot pass: every input starts blank, each table is "not filled in"
    check = runner.invoke(app, ["check", str(book), "--today", "2026-11-28"])
    assert check.exit_code == 1, check.output
    assert "某县某局 2025" in check.stdout
    for name in ("表二", "表三", "表四"):
        assert f"错误 E-7B {name}" in check.stdout
        assert f"{name}尚未填写" in check.stdout
    assert "未发现问题" not in check.stdout
    assert "E-6" not in check.stdout  # one finding per blank table, not one per blank cell
    data = load_data(book)
    assert data.organ == "某县某局" and data.year == 2025
    wb = openpyxl.load_workbook(book)
    for sheet, ref in (("表二", "B4"), ("表三", "D5"), ("表三", "I29"), ("表四", "A5")):
        cell = wb[sheet][ref]
        assert cell.value is None, (sheet, ref, cell.value)
        assert cell.protection.locked is False
        assert cell.fill.fgColor.rgb.endswith("FFF9DB")


def test_init_xlsx_with_prior(tmp_path: Path, bureau_prior: Path) -> None:
    book = tmp_path / "counts.xlsx"
    result = runner.invoke(
        app,
        [
            "init",
            "--organ",
            "青石县自然资源局",
            "--year",
            "2024",
            "--prior",
            str(bureau_prior),
            "--xlsx",
            str(book),
            "-o",
            str(tmp_path / "counts.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = load_workbook(book)
    assert [c.value for c in data.table3()["carried_over"]] == [7, 2, 0, 0, 1, 0, 10]
    assert data.table2()["normative_documents.in_force"].value == 31
    assert [p.problem for p in data.prior_problems()][0].startswith("不动产登记")
    assert data.prior_problems()[0].rectification == ""
    ws = _sheet(book, "问题与改进")
    assert "2023年报告提出的问题" in str(ws["C3"].value)
    # the YAML written beside it holds the same data
    assert canonical(load_counts(tmp_path / "counts.yaml")) == canonical(data)


def test_prefill_takes_a_list_of_problem_strings() -> None:
    """A published report's part 五 arrives as problem strings: that is all the pre-fill needs."""
    prior = ReportData.model_validate(
        {
            "organ": "某县某局",
            "year": 2023,
            "applications": {"carried_forward": [1, 0, 0, 0, 0, 2]},
            "active": {"regulations": {"in_force": 4}},
            "notes": {"problems": [{"problem": "信息更新不及时。"}, {"problem": "解读形式单一。"}]},
        }
    )
    data = starting_data("某县某局", 2024, prior)
    assert [c.value for c in data.table3()["carried_over"]] == [1, 0, 0, 0, 0, 2, 3]
    assert data.table2()["regulations.in_force"].value == 4
    assert [(p.problem, p.rectification) for p in data.prior_problems()] == [
        ("信息更新不及时。", ""),
        ("解读形式单一。", ""),
    ]


def _edit(book: Path, sheet: str, ref: str, value: Any) -> Path:
    wb = openpyxl.load_workbook(book)
    wb[sheet][ref].value = value
    wb.save(book)
    return book


@pytest.mark.parametrize(
    ("sheet", "ref", "value", "expected"),
    [
        ("表三", "D12", "四", "表三!D12: 4.保护第三方合法权益 × 自然人：应为数字，实为 '四'"),
        ("表三", "D12", -1, "表三!D12: 4.保护第三方合法权益 × 自然人：不能为负数"),
        ("表三", "E5", 2.5, "表三!E5: 一、本年新收政府信息公开申请数量 × 商业企业：件数应为整数"),
        ("表二", "B4", "x", "表二!B4: 规章 × 本年制发件数：应为数字"),
        ("表四", "A5", -3, "表四!A5: 行政复议 × 结果维持：不能为负数"),
        ("基本信息", "B4", "二〇二四", "基本信息!B4: 报告年度：应为数字"),
        ("基本信息", "B5", "国务院", "基本信息!B5: 取值不对：'国务院'"),
        ("表三", "C12", "4.保护第三人合法权益", "表三!C12: 这里应为“4.保护第三方合法权益”"),
        (
            "表三",
            "D20",
            "=1+1",
            "表三!D20: 1.信访举报投诉类申请 × 自然人：这一格是公式但没有计算结果",
        ),
        ("数字", "A6", "Total Figure", "数字!A6: 格式不对"),
        ("问题与改进", "B9", "只写了措施", "问题与改进!A9: 有改进措施但没有写问题"),
    ],
)
def test_bad_cells_are_named_by_sheet_and_cell(
    tmp_path: Path, sheet: str, ref: str, value: Any, expected: str
) -> None:
    data = load_counts(EXAMPLES / "qingshi-bureau-2024" / "counts.yaml")
    data.figures.append(
        type(data.figures[0]).model_validate({"key": "x", "label": "某数", "value": 1})
        if data.figures
        else _figure()
    )
    book = _edit(_save(data, tmp_path / "counts.xlsx"), sheet, ref, value)
    with pytest.raises(DataError) as e:
        load_workbook(book)
    assert expected in str(e.value)
    result = runner.invoke(app, ["check", str(book)])
    assert result.exit_code == 2
    assert expected in result.stdout


def _figure() -> Any:
    from nianbao.model import Figure

    return Figure(key="x", label="某数", value=1)


def test_not_a_workbook_and_missing_sheets(tmp_path: Path, seed: Path) -> None:
    bad = tmp_path / "counts.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="不是有效的 Excel 工作簿"):
        load_workbook(bad)
    book = _save(load_counts(seed), tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(book)
    del wb["表三"]
    wb.save(book)
    with pytest.raises(DataError, match="缺少工作表“表三”"):
        load_workbook(book)


def test_what_a_clerk_types_is_read(tmp_path: Path, seed: Path) -> None:
    book = _save(load_counts(seed), tmp_path / "counts.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["表三"]["E5"].value = "3"  # a number stored as text
    wb["表二"]["B15"].value = "12.5"  # 万元 typed as text
    notes = wb["要点"]
    notes["C4"].value = "第一段。\n\n第二段。\n"
    wb["问题与改进"].append(["新的问题。", "新的措施。"])
    figures = wb["数字"]
    figures.append(["lectures", "理论宣讲", 82, "条", "主动公开", None, "否"])
    wb["基本信息"]["B5"].value = "乡镇（街道）"
    wb["基本信息"]["B7"].value = date(2025, 1, 20)
    wb.save(book)
    data = load_workbook(book)
    assert data.table3()["new"][1].value == 3
    assert data.table2()["fees_wan_yuan"].value == Decimal("12.5")
    assert data.note("active_disclosure") == ["第一段。", "第二段。"]
    assert data.problems()[-1].problem == "新的问题。"
    fig = data.figures[-1]
    assert (fig.key, fig.value, fig.topic, fig.parts_complete) == (
        "lectures",
        82,
        "active_disclosure",
        False,
    )
    assert data.organ_kind == "township" and data.published == date(2025, 1, 20)


def test_a_formula_typed_into_a_total_reads_as_derived(tmp_path: Path, seed: Path) -> None:
    data = load_counts(seed)
    book = _save(data, tmp_path / "counts.xlsx")
    back = load_workbook(book)
    assert "total" not in back.app_rows_given()
    assert back.table3()["total"][-1].derived


def test_convert_command_round_trip(tmp_path: Path, bureau: Path) -> None:
    book, text = tmp_path / "counts.xlsx", tmp_path / "counts.yaml"
    r1 = runner.invoke(app, ["convert", str(bureau), str(book)])
    assert r1.exit_code == 0, r1.output
    r2 = runner.invoke(app, ["convert", str(book), str(text)])
    assert r2.exit_code == 0, r2.output
    assert canonical(load_counts(text)) == canonical(load_counts(bureau))
    assert yaml.safe_load(text.read_text(encoding="utf-8"))["organ"] == "青石县自然资源局"
    r3 = runner.invoke(app, ["convert", str(bureau), str(tmp_path / "counts.docx")])
    assert r3.exit_code == 2
    r4 = runner.invoke(app, ["convert", str(bureau), str(book)])
    assert r4.exit_code == 1 and "--force" in r4.stderr


def test_workbook_bytes_are_a_valid_zip(seed: Path) -> None:
    raw = workbook_bytes(load_counts(seed))
    assert openpyxl.load_workbook(io.BytesIO(raw)).sheetnames == list(SHEETS)


def test_check_a_folder_skips_excel_lock_files(tmp_path: Path, seed: Path) -> None:
    _save(load_counts(seed), tmp_path / "counts.xlsx")
    (tmp_path / "~$counts.xlsx").write_bytes(b"lock")
    result = runner.invoke(app, ["check", str(tmp_path), "--today", "2026-11-28"])
    assert result.exit_code == 0, result.output


def test_a_workbook_serves_as_last_years_data(tmp_path: Path, bureau_prior: Path) -> None:
    prior_book = _save(load_counts(bureau_prior), tmp_path / "counts-2023.xlsx")
    out = tmp_path / "counts.yaml"
    result = runner.invoke(
        app,
        [
            "init",
            "--organ",
            "青石县自然资源局",
            "--year",
            "2024",
            "--prior",
            str(prior_book),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    data = load_counts(out)
    assert [c.value for c in data.table3()["carried_over"]] == [7, 2, 0, 0, 1, 0, 10]
    check = runner.invoke(
        app, ["check", str(out), "--prior", str(prior_book), "--today", "2026-11-28"]
    )
    assert "X-1" not in check.stdout


# --- a workbook a clerk cannot submit empty (issue 15, item 9) ---------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "applications: {}\n",  # as an extraction that read nothing writes it
        "applications: {new: [null, null, null, null, null, null]}\n",
        "",  # the key left out
    ],
)
def test_a_table_never_filled_in_stays_blank_through_the_workbook(raw: str, tmp_path: Path) -> None:
    data = parse_counts(
        "organ: 某县某局\nyear: 2024\nactive: {licensing: 2}\n"
        "review_litigation: {review: {upheld: 1}}\n" + raw
    )
    book = _save(data, tmp_path / "counts.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["表三"]
    inputs = [c.value for row in ws.iter_rows() for c in row if c.protection.locked is False]
    assert len(inputs) == 24 * 6
    assert set(inputs) == {None}  # blank, never 0
    back = load_workbook(book)
    assert canonical(back) == canonical(data)
    assert [(f.rule, f.severity) for f in check_data(back, today=TODAY)] == [("E-7B", "error")]
    # and the other tables, filled in, keep their zeros
    assert wb["表二"]["B4"].value == 0 and wb["表二"]["B8"].value == 2


def test_draft_report_refuses_an_untouched_workbook(tmp_path: Path) -> None:
    book = tmp_path / "counts.xlsx"
    made = runner.invoke(
        app, ["init", "--organ", "某县某局", "--year", "2024", "--xlsx", str(book)]
    )
    assert made.exit_code == 0, made.output
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["draft", "--data", str(book), "--out", str(out), "--today", "2025-01-10"]
    )
    assert result.exit_code == 1, result.output
    assert "数据有3处错误，未起草" in result.stderr
    assert "E-7B 表三 三、收到和处理政府信息公开申请情况（表三!D5）: 表三尚未填写" in result.stderr
    assert not out.exists()


def test_the_figures_sheet_explains_its_columns_and_shows_an_example(
    tmp_path: Path, seed: Path
) -> None:
    data = load_counts(seed)
    book = _save(data, tmp_path / "counts.xlsx")
    ws = _sheet(book, "数字")
    assert ws["A2"].value == "键名"
    key_help = str(ws["A3"].value)
    assert "英文小写" in key_help and "不印在报告中" in key_help and "所属上级数字" in key_help
    assert ws["A4"].value == "active_total" and "示例" in str(ws["B4"].value)
    assert ws["A4"].font.i and ws["A4"].protection.locked is not False
    assert ws["F5"].value == "active_total"  # the example of a part (其中)
    # the data's own figures start below the examples, in marked input rows
    first = 6
    assert ws.cell(first, 1).value == data.figures[0].key
    for row in (first, first + len(data.figures) + 3):
        for col in range(1, 8):
            cell = ws.cell(row, col)
            assert cell.protection.locked is False, (row, col)
            assert cell.fill.fgColor.rgb.endswith("FFF9DB"), (row, col)
    # the help and example rows are not read back as figures
    assert [f.key for f in load_workbook(book).figures] == [f.key for f in data.figures]


def test_the_problems_sheet_marks_its_input_rows(tmp_path: Path, seed: Path) -> None:
    data = load_counts(seed)
    ws = _sheet(_save(data, tmp_path / "counts.xlsx"), "问题与改进")
    for row in (3, 14):
        for col in (1, 2):
            assert ws.cell(row, col).protection.locked is False
            assert ws.cell(row, col).fill.fgColor.rgb.endswith("FFF9DB")
    assert ws.cell(3, 3).fill.fgColor.rgb in (None, "00000000")  # the remark column is not input


def test_an_example_row_typed_over_is_read(tmp_path: Path, seed: Path) -> None:
    data = load_counts(seed)
    data.figures.clear()
    book = _edit(_save(data, tmp_path / "counts.xlsx"), "数字", "B4", "主动公开政府信息")
    figures = load_workbook(book).figures
    assert [(f.key, f.label, f.value) for f in figures] == [
        ("active_total", "主动公开政府信息", 88)
    ]


def test_print_setup_repeats_the_header_and_fits_table_three_to_one_page_wide(
    tmp_path: Path, bureau: Path
) -> None:
    wb = openpyxl.load_workbook(_save(load_counts(bureau), tmp_path / "counts.xlsx"))
    for name in SHEETS:
        ws = wb[name]
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, name
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == (1 if name == "表三" else 0), name
    assert wb["表三"].print_title_rows == "$1:$4"
    assert wb["表三"].page_setup.orientation == "landscape"
    for name in ("问题与改进", "数字", "要点"):
        assert wb[name].print_title_rows == "$1:$2", name


def test_a_clerk_fills_every_input_of_a_new_workbook_and_it_checks_clean(tmp_path: Path) -> None:
    book = tmp_path / "counts.xlsx"
    made = runner.invoke(
        app, ["init", "--organ", "某县某局", "--year", "2024", "--xlsx", str(book)]
    )
    assert made.exit_code == 0, made.output
    wb = openpyxl.load_workbook(book)
    # the totals are formulas (locked), never blank values the clerk could not type into
    for sheet, ref in (("表三", "J5"), ("表三", "D28"), ("表四", "E5"), ("表四", "J5")):
        assert str(wb[sheet][ref].value).startswith("=SUM("), (sheet, ref)
        assert wb[sheet][ref].protection.locked is not False
    for name in ("表二", "表三", "表四"):
        for row in wb[name].iter_rows():
            for cell in row:
                if cell.protection.locked is False and type(cell).__name__ != "MergedCell":
                    cell.value = 0  # what a clerk types where there was nothing
    wb["表二"]["B8"] = 3  # 行政许可
    wb["表三"]["D5"] = 2  # 新收 · 自然人
    wb["表三"]["D7"] = 2  # 予以公开 · 自然人
    wb["表四"]["A5"] = 1  # 行政复议 · 结果维持
    wb.save(book)
    result = runner.invoke(app, ["check", str(book), "--today", "2026-11-28"])
    assert result.exit_code == 0, result.output
    assert "未发现问题" in result.stdout
    data = load_workbook(book)
    assert data.table3()["new"][-1].value == 2 and data.table4()["review"]["total"].value == 1
