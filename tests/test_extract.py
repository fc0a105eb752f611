"""Reading published reports back: synthetic reports in each layout, mangled the way PDF
extraction mangles them, each with its expected counts (the data it was rendered from)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nianbao import format as fmt
from nianbao.errors import ReportReadError
from nianbao.extract import read_report, read_text
from nianbao.load import load_counts
from nianbao.model import ReportData
from tests.synthetic import Mangle, render_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def busy() -> ReportData:
    return load_counts(ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml")


def cells(data: ReportData) -> dict[str, Any]:
    """Every table cell by id, as the checks see them (blank = None)."""
    out: dict[str, Any] = {}
    for path, c in data.table2().items():
        out[fmt.t2_id(path)] = c.value
    for key, row in data.table3().items():
        for col, c in zip(fmt.APPLICANT_COLUMNS, row, strict=True):
            out[fmt.t3_id(key, col.key)] = c.value
    for g, group in data.table4().items():
        for col, c in group.items():
            out[fmt.t4_id(g, col)] = c.value
    return out


MANGLES = {
    "plain": Mangle(),
    "vertical labels": Mangle(vertical=True),
    "wrapped labels": Mangle(wrap=9),
    "page numbers": Mangle(page_marker_every=6),
    "vertical, wrapped, page numbers": Mangle(vertical=True, wrap=12, page_marker_every=5),
    "one number per line": Mangle(line_per_cell=True),
    "column by column": Mangle(column_major=True),
}


@pytest.mark.parametrize("name", list(MANGLES))
def test_every_cell_read_back(busy: ReportData, name: str) -> None:
    rep = read_text(render_text(busy, MANGLES[name]))
    assert rep.data.organ == busy.organ
    assert rep.data.year == busy.year
    assert cells(rep.data) == cells(busy)
    assert rep.layout == "2021"
    assert not [u for u in rep.uncertain if u.severity == "warning"]


def test_runs_of_digits_split_by_the_sums(busy: ReportData) -> None:
    rep = read_text(render_text(busy, Mangle(run_together=True)))
    got, want = cells(rep.data), cells(busy)
    t3 = {k: v for k, v in want.items() if k.startswith(("t3.", "t4."))}
    assert {k: got[k] for k in t3} == t3


def test_ambiguous_split_is_reported_not_guessed_silently() -> None:
    data = ReportData.model_validate(
        {
            "organ": "某县某局",
            "year": 2024,
            "active": {"regulations": {"issued": 12, "repealed": 3, "in_force": 40}},
        }
    )
    rep = read_text(render_text(data, Mangle(run_together=True)).replace("12 3 40", "12340"))
    assert any("regulations" in c for u in rep.uncertain for c in u.cells)


def test_blank_and_slash_cells_read_as_blank(busy: ReportData) -> None:
    raw = busy.model_dump(exclude_unset=True)
    raw["applications"]["granted"][1] = None
    data = ReportData.model_validate(raw)
    for mark in ("/", "—", "-"):
        rep = read_text(render_text(data, Mangle(blank=mark)))
        assert rep.data.table3()["granted"][1].value is None
        assert cells(rep.data) == cells(data)


def test_2019_layout() -> None:
    rows = {r.key: [1, 0, 0, 0, 0, 0, 1] for r in fmt.layout("2019").app_rows}
    rows.update(
        {k: [0] * 7 for k in rows if k not in ("new", "granted", "total")},
        carried_forward=[0] * 7,
    )
    data = ReportData.model_validate(
        {
            "organ": "某市某局",
            "year": 2020,
            "layout": "2019",
            "active": {
                "regulations": {"made": 1, "published": 1, "total": 5},
                "procurement": {"projects": 2, "amount": 30},
            },
            "applications": rows,
        }
    )
    rep = read_text(render_text(data, Mangle(vertical=True, wrap=10)))
    assert rep.layout == "2019"
    assert cells(rep.data) == cells(data)


@pytest.mark.parametrize("mangle", [Mangle(), Mangle(vertical=True, wrap=10)])
def test_2019_layout_negative_change_in_plain_text(mangle: Mangle) -> None:
    """本年增/减 printed as "-1" in a text line ("行政许可 3 -1 12") reads as −1, not as 1."""
    data = load_counts(ROOT / "examples" / "wrong" / "old-layout.yaml")
    text = render_text(data, mangle)
    assert "行政许可 3 -1 12" in text
    rep = read_text(text)
    assert rep.data.table2()["licensing.change"].value == -1
    assert cells(rep.data) == cells(data)
    # a range inside a label is still no number of the table
    assert (
        read_text(text.replace("第二十条第（五）项", "2019-2020年 第二十条第（五）项"))
        .data.table2()["licensing.change"]
        .value
        == -1
    )


def test_mixed_layout_single_other_row_is_kept(busy: ReportData) -> None:
    raw = busy.model_dump(exclude_unset=True)
    apps = raw["applications"]
    single = [
        sum(x)
        for x in zip(
            *(apps.pop(k) for k in ("other_no_correction", "other_no_fee", "other_other")),
            strict=True,
        )
    ]
    apps["other_single_row"] = single
    data = ReportData.model_validate(raw)
    rep = read_text(render_text(data))
    assert rep.data.table3()["total"] == data.table3()["total"]
    assert "other_single_row" in rep.data.app_rows_given()


def test_parts_split_and_problems_carried(busy: ReportData) -> None:
    rep = read_text(render_text(busy))
    assert set(rep.parts) == {"overview", "problems", "other"}
    assert "信息处理费" in rep.parts["other"]
    problems = rep.data.problems()
    assert len(problems) == 2
    assert problems[0].problem.startswith("一是")


def test_docx_with_merged_cells(tmp_path: Path, busy: ReportData) -> None:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    text = render_text(busy)
    head, _, rest = text.partition(fmt.part("applications").heading)
    for line in head.splitlines():
        doc.add_paragraph(line)
    doc.add_paragraph(fmt.part("applications").heading)
    lay = busy.format_layout
    rows = busy.table3_rows(lay)
    table = doc.add_table(rows=len(rows) + 2, cols=10)
    table.cell(0, 0).merge(table.cell(1, 2)).text = fmt.TABLE3_BALANCE_NOTE
    table.cell(0, 3).merge(table.cell(0, 9)).text = fmt.TABLE3_HEADER
    for i, c in enumerate(fmt.APPLICANT_COLUMNS):
        table.cell(1, 3 + i).text = c.label
    grid = busy.table3(lay)
    for n, r in enumerate(rows, start=2):
        if r.group:
            table.cell(n, 1).text = r.group
            table.cell(n, 2).text = r.printed
        else:
            table.cell(n, 0).merge(table.cell(n, 2)).text = r.printed
        for i, c in enumerate(grid[r.key]):
            table.cell(n, 3 + i).text = str(c.value)
    tail = rest.partition("\n")[2].partition(fmt.TABLE3_BALANCE_NOTE)[2]
    tail = tail[tail.index(fmt.part("review").heading) :]
    for line in tail.splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "report.docx"
    doc.save(str(path))
    rep = read_report(path)
    assert cells(rep.data) == cells(busy)


def test_html_with_rowspan_and_colspan(tmp_path: Path, busy: ReportData) -> None:
    lay = busy.format_layout
    grid = busy.table3(lay)
    rows = busy.table3_rows(lay)
    trs = [
        f'<tr><td colspan="3" rowspan="2">{fmt.TABLE3_BALANCE_NOTE}</td>'
        f'<td colspan="7">{fmt.TABLE3_HEADER}</td></tr>',
        "<tr>" + "".join(f"<td>{c.label}</td>" for c in fmt.APPLICANT_COLUMNS) + "</tr>",
    ]
    groups_done: set[str] = set()
    for r in rows:
        values = "".join(f"<td>{c.value}</td>" for c in grid[r.key])
        if r.group:
            span = sum(1 for x in rows if x.group == r.group)
            lead = f'<td rowspan="{span}">{r.group}</td>' if r.group not in groups_done else ""
            groups_done.add(r.group)
            trs.append(f'<tr>{lead}<td colspan="2">{r.printed}</td>{values}</tr>')
        else:
            trs.append(f'<tr><td colspan="3">{r.printed}</td>{values}</tr>')
    text = render_text(busy)
    head, _, rest = text.partition(fmt.part("applications").heading)
    tail = rest[rest.index(fmt.part("review").heading) :]
    html = (
        "<html><head><title>t</title><script>var x = '一、总体情况';</script></head><body>"
        + "".join(f"<p>{line}</p>" for line in head.splitlines())
        + f"<p>{fmt.part('applications').heading}</p><table>{''.join(trs)}</table>"
        + "".join(f"<p>{line}</p>" for line in tail.splitlines())
        + "</body></html>"
    )
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    rep = read_report(path)
    assert cells(rep.data) == cells(busy)


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html", ".txt"])
def test_unreadable_files_raise_a_clean_error(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"\x00\x01 not a report at all \xff")
    with pytest.raises(ReportReadError):
        read_report(path)


# --- checks of published reports ----------------------------------------------------------------


def _check(text: str, **kw: Any) -> list[Any]:
    from nianbao.checks.text import check_report

    return check_report(read_text(text), **kw)


def test_repeated_subheading_is_the_only_finding(busy: ReportData) -> None:
    from tests.synthetic import overview

    text = render_text(busy, overview_text=overview(busy, repeat_heading=True))
    findings = _check(text)
    assert [f.rule for f in findings] == ["E-8N"]
    assert "（二）政府信息管理" in (findings[0].quote or "")


def test_clean_report_has_no_findings(busy: ReportData) -> None:
    assert _check(render_text(busy)) == []


def test_narrative_figure_against_table(busy: ReportData) -> None:
    from tests.synthetic import overview

    text = render_text(busy, overview_text=overview(busy, new_said=17))
    findings = [f for f in _check(text) if f.rule == "N-1"]
    assert findings and findings[0].severity == "warning"
    assert "17" in findings[0].message and findings[0].quote


def test_year_on_year_change_is_not_a_count(busy: ReportData) -> None:
    from tests.synthetic import overview

    said = overview(busy) + "\n全年新收政府信息公开申请较上年增加40件，办结申请较上年减少3件。"
    text = render_text(busy, overview_text=said)
    assert [f for f in _check(text) if f.rule.startswith("N-")] == []


def test_received_may_include_carried_over(busy: ReportData) -> None:
    from tests.synthetic import overview

    t3 = busy.table3()
    both = int(t3["new"][-1].number + t3["carried_over"][-1].number)
    said = overview(busy, new_said=both)
    # "收到" may mean 新收＋上年结转: an info note says which reading matched
    text = render_text(
        busy, overview_text=said.replace("新收政府信息公开申请", "收到政府信息公开申请")
    )
    findings = [f for f in _check(text) if f.rule == "N-1"]
    assert [f.severity for f in findings] == ["info"]
    assert "新收＋上年结转" in findings[0].message
    # "新收" means 新收 only: the same figure is a warning (issue 11: no more info note)
    findings = [f for f in _check(render_text(busy, overview_text=said)) if f.rule == "N-1"]
    assert [f.severity for f in findings] == ["warning"]


def test_missing_fee_statement_and_wrong_period(busy: ReportData) -> None:
    text = render_text(busy, other="本年度无其他需要报告的事项。").replace(
        f"至{busy.year}年12月31日", f"至{busy.year - 1}年12月31日"
    )
    rules = {f.rule for f in _check(text)}
    assert {"E-15", "E-16"} <= rules


def test_table_sum_error_is_reported_but_extraction_doubt_is_not_blamed(busy: ReportData) -> None:
    text = render_text(busy)
    t4 = busy.table4()
    flat = " ".join(
        str(t4[g.key][c.key].value) for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS
    )
    wrong = flat.split(" ")
    wrong[4] = str(int(wrong[4]) + 1)
    findings = _check(text.replace(flat, " ".join(wrong)))
    assert [f.rule for f in findings if f.severity == "error"] == ["T4-1"]


def test_similarity_with_last_year(busy: ReportData) -> None:
    from nianbao.checks.text import check_report

    long_problems = "。".join(
        f"第{i}项工作的公开内容还不够全面具体，需要持续改进提升" for i in range(9)
    )
    now = read_text(render_text(busy, problems=long_problems))
    before = read_text(render_text(busy, problems=long_problems))
    findings = [f for f in check_report(now, prior_report=before) if f.rule == "E-12"]
    assert findings and findings[0].severity == "error"
