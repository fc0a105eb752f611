"""Every figure of tables 二, 三 and 四, read back by label from the Word, HTML and Markdown
outputs, equals the counts file — for every example that loads and for the test fixtures."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from nianbao import format as fmt
from nianbao.audit import READERS, load_data
from nianbao.model import Cell, ReportData
from nianbao.render import write_report
from tests.readback import (
    Key,
    docx_grids,
    figures_from_grids,
    figures_from_markdown,
    html_grids,
    loadable_examples,
)

ROOT = Path(__file__).resolve().parent.parent


INPUTS = loadable_examples()


def _n(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected(data: ReportData) -> dict[Key, Cell]:
    """The figures of the counts file, keyed by the labels the format prints."""
    lay = data.format_layout
    out: dict[Key, Cell] = {}
    t2 = data.table2(lay)
    for block in lay.active_blocks:
        for row in block.rows:
            for col, label, _ in block.columns:
                path = f"{row.key}.{col}" if col else row.key
                out[("二", _n(block.caption), _n(row.label), _n(label))] = t2[path]
    t3 = data.table3(lay)
    for r in lay.app_rows:
        if r.role in ("outcome", "total"):
            label = fmt.TABLE3_RESULTS + r.group + r.printed
        else:
            label = r.printed
        for cell, col in zip(t3[r.key], fmt.APPLICANT_COLUMNS, strict=True):
            out[("三", _n(label), _n(col.label))] = cell
    t4 = data.table4()
    for g in fmt.REVIEW_GROUPS:
        prefix = g.label if g.label == g.parent else g.parent + g.label
        for col in fmt.REVIEW_COLUMNS:
            out[("四", _n(prefix + col.label))] = t4[g.key][col.key]
    return out


def assert_same_figures(found: dict[Key, str], data: ReportData, what: str) -> None:
    want = expected(data)
    assert set(found) == set(want), (
        f"{what}: missing {sorted(set(want) - set(found))[:5]}, "
        f"extra {sorted(set(found) - set(want))[:5]}"
    )
    for key, cell in want.items():
        text = found[key]
        if cell.blank:
            assert text == "", f"{what} {key}: blank in the data, printed {text!r}"
        else:
            assert text != "", f"{what} {key}: printed blank, the data has {cell.number}"
            assert Decimal(text) == Decimal(cell.number), f"{what} {key}: {text} ≠ {cell.number}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    out: dict[Path, Path] = {}
    for i, path in enumerate(INPUTS):
        folder = tmp_path_factory.mktemp(f"r{i}")
        write_report(load_data(path), None, folder)
        out[path] = folder
    return out


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_word_html_markdown_hold_the_counts_file(path: Path, rendered: dict[Path, Path]) -> None:
    data = load_data(path)
    folder = rendered[path]
    assert_same_figures(figures_from_grids(docx_grids(folder / "report.docx")), data, "docx")
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert_same_figures(figures_from_grids(html_grids(html)), data, "html")
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert_same_figures(figures_from_markdown(md), data, "md")


def test_the_examples_include_both_layouts_and_blanks() -> None:
    datas = [load_data(p) for p in INPUTS]
    assert {d.format_layout.key for d in datas} == {"2019", "2021"}
    assert any(c.blank for d in datas for c in d.table2().values())
    assert any(c.blank for d in datas for row in d.table3().values() for c in row)


def test_a_changed_figure_is_caught(tmp_path: Path) -> None:
    """The read-back is able to fail: alter one printed figure and it no longer matches."""
    data = load_data(ROOT / "examples/qingshi-bureau-2024/counts.yaml")
    write_report(data, None, tmp_path, ["md"])
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    changed = md.replace("| 行政复议 | 3 |", "| 行政复议 | 4 |")
    assert changed != md
    with pytest.raises(AssertionError, match="行政复议结果维持"):
        assert_same_figures(figures_from_markdown(changed), data, "md")


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_extraction_reads_back_the_counts_file(suffix: str, tmp_path: Path) -> None:
    """Once the extraction branch registers a reader for the suffix, reading the rendered
    report back must give exactly the counts file's tables."""
    if suffix not in READERS:
        pytest.skip(f"no reader for {suffix} yet (extraction, issue 5)")
    for path in INPUTS:
        data = load_data(path)
        folder = tmp_path / path.stem
        write_report(data, None, folder)
        back = load_data(folder / f"report{suffix}")
        assert back.organ == data.organ and back.year == data.year
        assert back.format_layout.key == data.format_layout.key
        assert {k: c.number for k, c in back.table2().items()} == {
            k: c.number for k, c in data.table2().items()
        }
        assert {k: [c.number for c in v] for k, v in back.table3().items()} == {
            k: [c.number for c in v] for k, v in data.table3().items()
        }
        assert {g: {k: c.number for k, c in cols.items()} for g, cols in back.table4().items()} == {
            g: {k: c.number for k, c in cols.items()} for g, cols in data.table4().items()
        }
