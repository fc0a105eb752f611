"""Held-out shapes of published reports (`tests/synthetic.py`: `Shape`, `Page`, `Sheet`): every
cell read as the generator printed it, or left blank and listed as uncertain — never another
figure; the organ and year found; no error on a clean report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nianbao import format as fmt
from nianbao.checks.text import check_report
from nianbao.extract import ExtractedReport, read_report
from nianbao.extract.document import Line
from nianbao.model import ReportData
from tests.synthetic import (
    Page,
    Shape,
    Sheet,
    page_data,
    random_data,
    shape_data,
    shaped_docx,
    shaped_html,
    shaped_text,
)

SHAPES: dict[str, Shape | Page | Sheet] = {
    "fullwidth": Shape(fullwidth=True),
    "thousands-cn": Shape(thousands="，"),
    "wu-blanks": Shape(t2_blank="无"),
    "fee-dashes": Shape(fee="——", t2_blank="—"),
    "running-header": Shape(running_header=4, footnotes=True),
    "numbering-circled": Shape(numbering="circled", two_row_header=True),
    "t4-rows": Shape(t4="rows"),
    "title-period": Shape(title="period", problems_title="问题和改进措施"),
    "title-year-after": Shape(title="year-after"),
    "title-guanyu": Shape(title="guanyu", numbering="dun"),
    "sup-notes": Shape(sup=True),
    "group-totals": Shape(group_totals=True),
    "html-nested": Page(br_labels=True, nbsp=True, spans=True),
    "html-groups": Page(group_totals=True, vertical=True),
    "html-t4-empty": Page(t4_parents=True, empty_zeros=True),
    "html-split": Page(split=True, number_cells=True, layout_table=False),
    "docx-split": Sheet(split=True, title_box=True),
    "docx-blank-rows": Sheet(blank_rows=True, merged_labels=False),
    "docx-in-table": Sheet(in_table=True, title_box=True),
}


def _cells(data: ReportData) -> dict[str, object]:
    """Every printed cell of the three tables by cell id (None for a blank)."""
    lay = data.format_layout
    out: dict[str, object] = {}
    t2 = data.table2(lay)
    for c in lay.active_cells:
        out[fmt.t2_id(c.path)] = t2[c.path].value
    t3 = data.table3(lay)
    for r in lay.app_rows:
        for col, cell in zip(fmt.APPLICANT_COLUMNS, t3[r.key], strict=True):
            out[fmt.t3_id(r.key, col.key)] = cell.value
    t4 = data.table4()
    for g in fmt.REVIEW_GROUPS:
        for c in fmt.REVIEW_COLUMNS:
            out[fmt.t4_id(g.key, c.key)] = t4[g.key][c.key].value
    return out


def _write(tmp_path: Path, data: ReportData, shape: Shape | Page | Sheet) -> Path:
    if isinstance(shape, Shape):
        path = tmp_path / "report.txt"
        path.write_text(shaped_text(data, shape), encoding="utf-8")
    elif isinstance(shape, Page):
        path = tmp_path / "report.html"
        path.write_text(shaped_html(data, shape), encoding="utf-8")
    else:
        path = tmp_path / "report.docx"
        path.write_bytes(shaped_docx(data, shape))
    return path


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(str(a)) == Decimal(str(b))


@pytest.mark.parametrize("name", list(SHAPES))
@pytest.mark.parametrize("seed", [7, 21])
def test_shape_read_right_or_uncertain(tmp_path: Path, name: str, seed: int) -> None:
    shape = SHAPES[name]
    year = 2020 if seed == 21 and name.startswith(("html", "wu")) else 2023
    data = random_data(seed, year)
    if isinstance(shape, Shape):
        data = shape_data(data, shape)
    elif isinstance(shape, Page):
        data = page_data(data, shape)
    rep: ExtractedReport = read_report(_write(tmp_path, data, shape))
    assert rep.data.organ == data.organ
    assert rep.data.year == data.year
    want = _cells(data)
    got = _cells(rep.data)
    unsure = rep.uncertain_cells
    wrong = {k: (v, got.get(k)) for k, v in want.items() if not _same(got.get(k), v)}
    not_said = {k: v for k, v in wrong.items() if not (k in unsure and v[1] is None)}
    assert not_said == {}, f"cells read as another figure: {not_said}"
    assert wrong == {}
    errors = [f for f in check_report(rep) if f.severity == "error"]
    assert errors == []


def test_wu_as_blank_in_a_row_but_not_a_vertical_label() -> None:
    from nianbao.extract.document import Line
    from nianbao.extract.segments import segments

    segs = segments([Line("规章 2 无 523")])
    assert segs[0].values == ["2", None, "523"]
    spaced = segments([Line("4. 无 正 当 理 由 大 量 反 复 申 请 0 0 0 0 0 0 0")])
    assert [s.values for s in spaced] == [["0"] * 7]
    vertical = segments([Line("（四）"), Line("无"), Line("法"), Line("提供 1 0 0 0 0 0 1")])
    assert [None] not in [s.values for s in vertical]
    assert vertical[-1].values == ["1", "0", "0", "0", "0", "0", "1"]


def test_a_narrative_warning_on_an_unread_cell_says_so() -> None:
    from nianbao.extract import read_text

    data = random_data(7, 2023)
    lines = shaped_text(data, Shape()).split("\n")
    lines = [ln + " 5 5" if ln.startswith("一、本年新收") else ln for ln in lines]
    rep = read_text("\n".join(lines))  # the row has 9 numbers: not read
    assert "t3.new.total" in rep.data.unconfirmed
    said = [f for f in check_report(rep) if f.rule.startswith("N-") and "t3.new.total" in f.cells]
    assert said and all("提取问题" in f.message for f in said)


def test_a_footnote_number_glued_to_a_label() -> None:
    from nianbao.extract import read_text

    data = random_data(7, 2023)
    text = shaped_text(data, Shape(sup=True))
    assert "申请数量1 " in text
    rep = read_text(text)
    assert rep.data.applications.new == data.applications.new
    assert any("注释标号" in n for n in rep.notes)
    # a digit apart from the label is not a footnote: the row is left uncertain
    spaced = text.replace("申请数量1 ", "申请数量 1 ")
    rep = read_text(spaced)
    assert "t3.new.total" in rep.uncertain_cells and rep.data.applications.new[-1] is None


def _row(*cells: str | None) -> Line:
    return Line(" ".join(c for c in cells if c), cells=cells, table=1)


def test_a_row_broken_across_a_page_is_joined() -> None:
    from nianbao.extract.tables import app_specs, join_broken_rows, read_table3

    zeros = ("0",) * 6
    lines = [
        _row("（三）不予公开", "8.属于行政查询事项", *zeros, "0"),
        _row("（四）", "1.本机", "2", "0", "0", "0", "0", "1", "3"),  # page break inside the row
        _row("无法提供", "关不掌握相关政府信息", "", "", "", "", "", "", ""),
        _row(None, "2.没有现成信息需要另行制作", *zeros, "0"),
    ]
    joined = join_broken_rows(lines, app_specs())
    assert len(joined) == 3
    assert joined[1].cells is not None and joined[1].cells[:2] == (
        "（四）无法提供",
        "1.本机关不掌握相关政府信息",
    )
    read = read_table3(lines)
    assert read.values["unable_not_held"] == (2, 0, 0, 0, 0, 1, 3)


def test_a_row_left_blank_is_not_joined_to_the_one_above() -> None:
    from nianbao.extract.tables import app_specs, join_broken_rows

    lines = [
        _row("（五）不予处理", "2.重复申请", "1", "0", "0", "0", "0", "0", "1"),
        _row(None, "3.要求提供公开出版物", "", "", "", "", "", "", ""),
    ]
    assert join_broken_rows(lines, app_specs()) == lines


def test_word_shapes_printed_to_pdf(tmp_path: Path) -> None:
    """A hand-made Word report (merged headers, table 三 split in two, rows breaking across
    pages) printed to PDF by LibreOffice: every cell read as printed."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    data = random_data(11, 2023)
    doc = tmp_path / "report.docx"
    doc.write_bytes(shaped_docx(data, Sheet(split=True)))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(doc)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    rep = read_report(tmp_path / "report.pdf")
    assert rep.data.organ == data.organ
    want, got = _cells(data), _cells(rep.data)
    assert {k: (v, got.get(k)) for k, v in want.items() if not _same(got.get(k), v)} == {}


def test_thousands_with_a_full_width_comma() -> None:
    from nianbao.extract import read_text

    data = random_data(1032, 2024)  # 2383 natural persons, 2411 new applications
    new = data.applications.new
    assert new is not None and new[-1] == 2411
    text = shaped_text(data, Shape(thousands="，"))
    assert "2，411" in text
    text = text.replace("新收政府信息公开申请2411件", "新收政府信息公开申请2，411件")
    rep = read_text(text)
    assert rep.data.applications.new == new
    assert [f for f in check_report(rep) if f.rule.startswith("N-")] == []


def test_a_full_width_comma_between_other_numbers_stays() -> None:
    from nianbao.extract.document import normalise_text

    assert normalise_text("2019，2020年") == "2019，2020年"
    assert normalise_text("第3，12条") == "第3，12条"
    assert normalise_text("1，0156") == "1，0156"
    assert normalise_text("１２，３４５，６７８件") == "12,345,678件"


@pytest.mark.parametrize(
    "title", ["问题和改进措施", "存在的不足及改进措施", "工作中存在的问题和下一步打算"]
)
def test_part_five_under_another_title_is_found(title: str) -> None:
    from nianbao.extract import read_text

    rep = read_text(shaped_text(random_data(5, 2023), Shape(problems_title=title)))
    assert rep.parts["problems"].startswith("一是主动公开的及时性有待提高")
    e8 = [f for f in check_report(rep) if f.rule == "E-8" and "五" in f.location + f.message]
    assert e8 and all(f.severity == "info" for f in e8)  # says the title differs, not missing


# --- text whose order is broken (a PDF's text boxes read out of order) ---------------------------


def _t3(*texts: str) -> dict[str, tuple[object, ...]]:
    from nianbao.extract.tables import read_table3

    read = read_table3([Line(t) for t in texts])
    return {k: v for k, v in read.values.items() if any(x is not None for x in v)}


def test_numbers_apart_from_a_few_labels_are_not_matched_by_order() -> None:
    # two rows' labels, then two rows of numbers, and nothing else of the table: the order
    # cannot be confirmed by any sum (the rows the sums need are missing)
    got = _t3(
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "1 0 0 0 0 0 1",
        "0 0 0 0 0 0 0",
    )
    assert got == {}


def test_a_few_rows_read_column_by_column_need_the_sums() -> None:
    got = _t3(
        "（四）无法提供",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "0 1 0 0 0 0 0 0 0 0 0 0 1 1",
    )
    assert got == {}


def test_one_run_of_numbers_after_many_labels_is_no_row_of_theirs() -> None:
    got = _t3(
        "（三）不予公开 1.属于国家秘密 2.其他法律行政法规禁止公开 3.危及“三安全一稳定”"
        " 4.保护第三方合法权益 5.属于三类内部事务信息 0 0 0 0 0 1 1",
    )
    assert "denied_internal_affairs" not in got


def test_the_2021_rows_printed_without_numbers_keep_the_2021_layout() -> None:
    from nianbao.extract.tables import read_table3

    read = read_table3(
        [
            Line("（六）其他处理 0 0 0 0 0 0 0"),
            Line("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            Line("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            Line("3.其他"),
        ]
    )
    assert "other_single_row" not in read.values
    assert "other_no_correction" in read.values


def test_labels_wrapped_in_narrow_columns_of_pdf_text() -> None:
    from nianbao.extract.tables import read_table3

    lines = [
        "一、本年新收政 16 0 1 0 0 2 19",
        "府信息公开申请",
        "数量",
        "（三） 1.属于 1 0 0 0 0 0 1",
        "不予公 国家秘",
        "开 密",
        "2.其他 0 0 0 0 0 0 0",
        "法律行",
        "政法规",
        "禁止公",
        "开",
    ]
    read = read_table3([Line(t) for t in lines])
    assert read.values["new"] == (16, 0, 1, 0, 0, 2, 19)
    assert read.values["denied_state_secret"] == (1, 0, 0, 0, 0, 0, 1)
    assert read.values["denied_law_prohibits"] == (0,) * 7


def test_narrative_figures_against_a_table_not_read_are_notes() -> None:
    import re

    from nianbao.extract import read_text

    data = random_data(7, 2023)
    text = shaped_text(data, Shape())
    head, rest = text.split(fmt.part("applications").heading, 1)
    table, tail = rest.split(fmt.part("review").heading, 1)
    table = re.sub(r"(?<=\s)\d+(?=\s|$)", "", table)  # every number of table 三 lost
    rep = read_text(
        head + fmt.part("applications").heading + table + fmt.part("review").heading + tail
    )
    assert all(v is None for row in rep.data.table3().values() for v in (c.value for c in row))
    said = [f for f in check_report(rep) if f.rule.startswith("N-") and f.cells]
    assert said, "the overview's 新收/办结 figures are still bound to table 三"
    assert all(f.severity == "info" and "未能读出" in f.message for f in said)


@pytest.mark.parametrize("printed", ["行政许可 1 286", "行政许可 1 2 8 6", "行政许可 12 86"])
def test_a_table_2_figure_printed_with_spaces_is_not_cut(printed: str) -> None:
    from nianbao.extract.tables import read_table2

    read, _ = read_table2(
        [Line("第二十条第（五）项"), Line("信息内容 本年处理决定数量"), Line(printed)]
    )
    assert read.values["licensing"] == (None,)  # 1,286? 1 and a page number? not read


def test_table_2_cells_lost_with_their_rules_are_never_guessed() -> None:
    from nianbao.extract import read_text

    for seed in range(6):
        data = shape_data(random_data(seed, 2023), Shape(t2_blank=" "))
        rep = read_text(shaped_text(data, Shape(t2_blank=" ")))
        want, got = _cells(data), _cells(rep.data)
        wrong = {
            k: (v, got[k])
            for k, v in want.items()
            if k.startswith("t2.") and got[k] is not None and not _same(got[k], v)
        }
        assert wrong == {}, f"seed {seed}: {wrong}"


def test_table_2_run_together_or_a_lost_blank_both_listed() -> None:
    from nianbao.extract.tables import read_table2

    read, _ = read_table2(
        [
            Line("第二十条第（一）项"),
            Line("信息内容 本年制发件数 本年废止件数 现行有效件数"),
            Line("规章 5 10"),
        ]
    )
    assert read.values["regulations"] == (None, None, None)
    said = [u for u in read.uncertain if "t2.regulations.issued" in u.cells]
    assert said and {"5｜1｜0", "5｜空｜10"} <= set(said[0].alternatives)


def test_a_wrapped_group_label_beside_a_whole_row_label() -> None:
    from nianbao.extract.tables import read_table3

    lines = ["（六） 2.申请 0 0 0 0 0 2 2", "其他处 人逾期", "理 未按收", "费通知要求缴纳费",
             "用、行政机关不再", "处理其政府信息公", "开申请", "（六） 3.其他 0 0 0 0 1 0 1",
             "其他处", "理"]  # fmt: skip
    read = read_table3([Line(t) for t in lines])
    assert read.values["other_no_fee"] == (0, 0, 0, 0, 0, 2, 2)
    assert read.values["other_other"] == (0, 0, 0, 0, 1, 0, 1)
    assert "other_single_row" not in read.values
