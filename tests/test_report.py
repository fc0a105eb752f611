"""The assembled report: title, preamble, parts, numbering, placeholders, table layout."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nianbao import format as fmt
from nianbao.load import load_counts, parse_counts
from nianbao.model import Cell
from nianbao.narrative import Narrative, Paragraph, PartText, Section
from nianbao.report import PLACEHOLDER, Table, assemble, cell_text

ROOT = Path(__file__).resolve().parent.parent


def _narrative(*sections: tuple[str | None, list[str]]) -> Narrative:
    return Narrative(
        parts={
            "overview": PartText(
                part="overview",
                sections=[
                    Section(heading=h, paragraphs=[Paragraph(text=t) for t in texts])
                    for h, texts in sections
                ],
            )
        }
    )


def test_title_and_preamble(bureau: Path) -> None:
    report = assemble(load_counts(bureau))
    assert report.title == "青石县自然资源局2024年政府信息公开工作年度报告"
    assert "2024年1月1日至2024年12月31日" in report.preamble[0]
    assert "国办公开办函〔2021〕30号" in report.preamble[0]
    assert report.preamble[1].startswith("如对本报告有疑问，请与青石县自然资源局办公室联系")
    assert "邮编：999999" in report.preamble[1]
    assert assemble(load_counts(bureau), preamble=False).preamble == []


def test_trial_layout_cites_its_own_document() -> None:
    report = assemble(load_counts(ROOT / "tests/fixtures/trial-2020.yaml"))
    assert report.layout == "2019"
    assert "国办公开办函〔2019〕60号" in report.preamble[0]
    assert "格式（试行）" in report.preamble[0]
    assert report.signature == ["示例市示例区人民政府办公室", "2021年1月29日"]


def test_six_parts_in_order_with_canonical_headings(seed: Path) -> None:
    report = assemble(load_counts(seed))
    assert [p.heading.full for p in report.parts] == [p.heading for p in fmt.PARTS]
    assert [p.key for p in report.parts] == [p.key for p in fmt.PARTS]
    for p in report.parts:
        assert (p.table is None) == fmt.part(p.key).narrative


def test_without_narrative_parts_get_a_placeholder(seed: Path) -> None:
    report = assemble(load_counts(seed))
    for key in ("overview", "problems", "other"):
        blocks = report.part(key).blocks
        assert len(blocks) == 1 and blocks[0].placeholder
        assert blocks[0].paragraphs == [PLACEHOLDER]


def test_subheadings_numbered_without_repeats_or_skips(seed: Path) -> None:
    narrative = _narrative(
        (None, ["开篇。"]),
        ("（三）主动公开", ["1.第一项。2.第二项。"]),  # a stray number is replaced
        ("依申请公开", ["文字。"]),
        ("二、政府信息管理", []),  # no text: placeholder under the heading
    )
    blocks = assemble(load_counts(seed), narrative).part("overview").blocks
    assert [b.heading.full if b.heading else None for b in blocks] == [
        None,
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
    ]
    assert blocks[1].paragraphs == ["1.第一项。2.第二项。"]  # items inside keep their numbers
    assert blocks[3].paragraphs == [PLACEHOLDER] and blocks[3].placeholder


def test_placeholder_text_read_back_is_not_content(seed: Path) -> None:
    narrative = _narrative((None, [PLACEHOLDER]))
    blocks = assemble(load_counts(seed), narrative).part("overview").blocks
    assert blocks[0].placeholder


def test_wrapped_paragraph_lines_are_joined(seed: Path) -> None:
    narrative = _narrative((None, ["第一行\n第二行 with\nLatin"]))
    blocks = assemble(load_counts(seed), narrative).part("overview").blocks
    assert blocks[0].paragraphs == ["第一行第二行 with Latin"]


@pytest.mark.parametrize(
    ("level", "n", "number"),
    [
        (1, 1, "一、"),
        (1, 10, "十、"),
        (2, 2, "（二）"),
        (2, 12, "（十二）"),
        (3, 3, "3."),
        (4, 4, "（4）"),
    ],
)
def test_heading_numbers(level: int, n: int, number: str) -> None:
    assert fmt.heading_number(level, n) == number


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (Cell(0), "0"),
        (Cell(0, given=False), "0"),
        (Cell(None), ""),
        (Cell(None, fallback=7), ""),
        (Cell(12, given=False, derived=True), "12"),
        (Cell(Decimal("1523.46")), "1523.46"),
        (Cell(Decimal("0")), "0"),
        (Cell(-2), "-2"),
    ],
)
def test_cell_text(cell: Cell, text: str) -> None:
    assert cell_text(cell) == text


def _covered(table: Table) -> dict[tuple[int, int], int]:
    seen: dict[tuple[int, int], int] = {}
    for i, (r, c, cell) in enumerate(table.positions()):
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                assert (r + dr, c + dc) not in seen, f"overlap at {(r + dr, c + dc)}"
                seen[(r + dr, c + dc)] = i
    return seen


@pytest.mark.parametrize(
    "path", ["examples/guguantun-2024/counts.yaml", "tests/fixtures/trial-2020.yaml"]
)
def test_tables_fill_their_grid_exactly(path: str) -> None:
    report = assemble(load_counts(ROOT / path))
    for key in ("active", "applications", "review"):
        table = report.part(key).table
        assert table is not None
        covered = _covered(table)
        assert set(covered) == {
            (r, c) for r in range(len(table.rows)) for c in range(table.columns)
        }


def test_table3_layout_follows_the_template(seed: Path) -> None:
    table = assemble(load_counts(seed)).part("applications").table
    assert table is not None and table.header_rows == 3
    cells = {(r, c): cell for r, c, cell in table.positions()}
    note = cells[(0, 0)]
    assert (note.text, note.rowspan, note.colspan) == (fmt.TABLE3_BALANCE_NOTE, 3, 3)
    assert (cells[(0, 3)].text, cells[(0, 3)].colspan) == ("申请人情况", 7)
    assert (cells[(1, 3)].text, cells[(1, 3)].rowspan) == ("自然人", 2)
    assert (cells[(1, 4)].text, cells[(1, 4)].colspan) == ("法人或其他组织", 5)
    assert (cells[(1, 9)].text, cells[(1, 9)].rowspan) == ("总计", 2)
    results = cells[(5, 0)]
    assert results.text == "三、本年度办理结果" and results.vertical
    assert results.rowspan == 22  # （一）…（七）: 21 leaves and the total
    groups = {
        c.text: c.rowspan
        for c in cells.values()
        if c.text in {g + lab for g, lab in fmt.TABLE3_GROUPS}
    }
    assert groups == {
        "（三）不予公开": 8,
        "（四）无法提供": 3,
        "（五）不予处理": 5,
        "（六）其他处理": 3,
    }


def test_table3_trial_layout_has_one_other_row() -> None:
    table = (
        assemble(load_counts(ROOT / "tests/fixtures/trial-2020.yaml")).part("applications").table
    )
    assert table is not None
    cells = {(r, c): cell for r, c, cell in table.positions()}
    assert cells[(5, 0)].rowspan == 20
    other = [c for c in cells.values() if c.text == "（六）其他处理"]
    assert len(other) == 1 and other[0].colspan == 2 and other[0].rowspan == 1


def test_blank_prints_empty_only_where_blank_in_the_data() -> None:
    data = parse_counts(
        "organ: 某局\nyear: 2024\napplications:\n  new: [1, null, 0, 0, 0, 0]\n"
        "  granted: [1, 0, 0, 0, 0, 0, null]\n"
    )
    table = assemble(data).part("applications").table
    assert table is not None
    by_id = {c.id: c for _, _, c in table.positions() if c.id}
    assert by_id["t3.new.business"].text == "" and by_id["t3.new.business"].blank
    assert by_id["t3.new.total"].text == "1"  # derived, never blank
    assert by_id["t3.granted.total"].text == ""
    assert by_id["t3.total.total"].text == "1"  # derived total row
    assert by_id["t3.carried_forward.natural_person"].text == "0"  # left out: a zero
