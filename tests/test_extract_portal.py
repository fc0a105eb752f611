"""Reports copied from portal pages as text (cells run together, one line, labels shortened or
misspelt): every cell read right or left blank as uncertain — never a confident wrong figure —
and every counts file extract writes loads back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from nianbao import format as fmt
from nianbao.checks.text import check_report
from nianbao.cli import app
from nianbao.extract import ExtractedReport, UncertainCell, cell_location, read_report, read_text
from nianbao.extract.output import counts_yaml
from nianbao.load import load_counts, parse_counts
from nianbao.model import ReportData
from tests.readback import loadable_examples
from tests.synthetic import Mangle, Portal, portal_text, random_data, render_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
runner = CliRunner()
TODAY = ["--today", "2026-11-28"]


def cells(data: ReportData) -> dict[str, Any]:
    out: dict[str, Any] = {}
    lay = data.format_layout
    for path, c in data.table2(lay).items():
        out[fmt.t2_id(path)] = c.value
    for key, row in data.table3(lay).items():
        for col, c in zip(fmt.APPLICANT_COLUMNS, row, strict=True):
            out[fmt.t3_id(key, col.key)] = c.value
    for g, group in data.table4().items():
        for col, c in group.items():
            out[fmt.t4_id(g, col)] = c.value
    return out


def unsure(rep: ExtractedReport) -> set[str]:
    return {c for u in rep.uncertain if u.severity != "info" for c in u.cells}


SHAPES = [
    Portal(seed=1),
    Portal(seed=2, space=0.0),
    Portal(seed=3, space=0.6, renumber=True),
    Portal(seed=4, one_line=False, typos=0.3),
    Portal(seed=5, one_line=False, detached=True),
    Portal(seed=6, one_line=False, markdown=True),
]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"seed{s.seed}")
def test_portal_text_right_or_uncertain_never_wrong(shape: Portal) -> None:
    right = total = 0
    for n in range(4):
        data = random_data(100 * shape.seed + n, 2021 + n)
        rep = read_text(portal_text(data, shape))
        want = cells(data)
        got = cells(rep.data)
        doubt = unsure(rep)
        for cid, value in want.items():
            total += 1
            if got[cid] == value:
                right += 1
            else:
                assert got[cid] is None and cid in doubt, (cid, value, got[cid])
                assert cid in rep.data.unconfirmed
    assert right / total >= 0.95


def test_whole_report_on_one_line_with_cells_run_together() -> None:
    data = random_data(42)
    text = portal_text(data, Portal(seed=9, space=0.0, label_space=0.0))
    assert text.count("\n") == 1  # one line
    rep = read_text(text)
    assert rep.data.organ == data.organ and rep.data.year == data.year
    want, got = cells(data), cells(rep.data)
    right = [c for c in want if got[c] == want[c]]
    assert [c for c in want if c not in right and c not in rep.data.unconfirmed] == []
    assert len(right) / len(want) >= 0.9
    assert [h.key for h in rep.headings] == [p.key for p in fmt.PARTS]


def test_run_together_rows_from_the_common_portal_shape() -> None:
    raw = random_data(7).model_dump(exclude_unset=True)
    zero = [0] * 7
    lay = fmt.layout("2021")
    raw["applications"] = {r.key: list(zero) for r in lay.app_rows}
    raw["applications"].update(
        new=[4, 0, 0, 0, 0, 0, 4],
        granted=[3, 0, 0, 0, 0, 0, 3],
        partially_granted=[1, 0, 0, 0, 0, 0, 1],
        total=[4, 0, 0, 0, 0, 0, 4],
    )
    raw["review_litigation"] = [0] * 15
    data = ReportData.model_validate(raw)
    shape = Portal(seed=0, space=0.0, label_space=1.0, short_labels=0.0, typos=0.0)
    text = portal_text(data, shape)
    partly = fmt.layout("2021").app_row("partially_granted").printed
    assert f"{partly} 1000001" in text and "3000003" in text and "0" * 15 in text
    text = text.replace(f"{partly} 1000001", f"{partly} 10 0 0 0 01")
    rep = read_text(text)
    assert list(rep.data.applications.granted) == [3, 0, 0, 0, 0, 0, 3]
    assert list(rep.data.applications.partially_granted) == [1, 0, 0, 0, 0, 0, 1]
    assert list(rep.data.applications.denied_state_secret) == zero
    assert cells(rep.data)["t4.review.total"] == 0
    assert rep.data.unconfirmed == [c for c in rep.data.unconfirmed if c.startswith("t2.")]


def test_ambiguous_table_two_cells_are_blank_and_listed() -> None:
    data = random_data(3)
    text = portal_text(data, Portal(seed=1, space=0.0))
    lay = data.format_layout
    t2 = data.table2(lay)
    printed = "".join(str(t2[f"regulations.{k}"].value) for k in ("issued", "repealed", "in_force"))
    text = text.replace(f"规章{printed}", "规章12045").replace(f"规章 {printed}", "规章12045")
    rep = read_text(text)
    regs = rep.data.table2()
    # 1|20|45, 12|0|45, 12|04… the sums of table 二 cannot tell: blank, never a guess
    assert regs["regulations.issued"].value is None
    assert "t2.regulations.issued" in rep.data.unconfirmed
    found = [u for u in rep.uncertain if "t2.regulations.issued" in u.cells]
    assert found and "12｜0｜45" in found[0].alternatives
    assert "1｜20｜45" in found[0].alternatives
    loaded = parse_counts(counts_yaml(rep))
    assert loaded.table2()["regulations.issued"].value is None


def test_a_row_no_split_adds_up_is_an_extraction_warning_not_an_error() -> None:
    data = load_counts(ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml")
    text = render_text(data, Mangle(run_together=True))
    grid = data.table3()
    run = "".join(str(c.value) for c in grid["granted"])
    assert run in text
    rep = read_text(text.replace(run, run + "9", 1))  # one digit too many: no split adds up
    assert any(c.startswith("t3.granted.") for c in rep.data.unconfirmed)
    findings = check_report(rep)
    t3_errors = [
        f
        for f in findings
        if f.severity == "error"
        and (f.rule.startswith("T3") or any("granted" in c for c in f.cells))
    ]
    assert t3_errors == []
    p1 = [f for f in findings if f.rule == "P-1" and any("granted" in c for c in f.cells)]
    assert p1 and p1[0].severity == "warning"


def test_table_three_not_read_is_null_not_zeros() -> None:
    data = load_counts(ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml")
    text = render_text(data)
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln == fmt.TABLE3_HEADER)
    end = next(i for i, ln in enumerate(lines) if ln == fmt.part("review").heading)
    kept = lines[: start + 2] + lines[end:]  # the header stays, every row is gone
    rep = read_text("\n".join(kept))
    t3 = rep.data.table3()
    assert all(c.value is None for row in t3.values() for c in row)  # never 0
    assert any(u.location == "表三" and "未能读出" in u.message for u in rep.uncertain)
    errors = [f for f in check_report(rep) if f.severity == "error"]
    assert not [
        f
        for f in errors
        if f.location.startswith("表三") or any(c.startswith("t3.") for c in f.cells)
    ]
    parse_counts(counts_yaml(rep))


def test_comments_never_break_the_counts_file() -> None:
    rep = read_text(
        render_text(load_counts(ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml"))
    )
    rep.uncertain.append(
        UncertainCell(location="表三\n（二）部分公开\u2028续", message="第一行\n第二行\x85第三行")
    )
    rep.notes.append("注\r\n: not: a key")
    text = counts_yaml(rep)
    assert parse_counts(text).model_dump() == rep.data.model_dump()
    assert all(ln.startswith("#") or not ln.startswith(" ") for ln in text.split("\n")[:8])


def _round_trip(rep: ExtractedReport) -> None:
    loaded = parse_counts(counts_yaml(rep))
    assert cells(loaded) == cells(rep.data)
    assert loaded.unconfirmed == rep.data.unconfirmed


def test_every_synthetic_report_extracts_to_a_file_that_loads() -> None:
    from nianbao.audit import load_data

    n = 0
    for source in loadable_examples():
        data = load_data(source)
        for mangle in (
            Mangle(),
            Mangle(run_together=True),
            Mangle(vertical=True, wrap=8),
            Mangle(column_major=True),
        ):
            _round_trip(read_text(render_text(data, mangle)))
            n += 1
    for i in range(24):
        _round_trip(
            read_text(portal_text(random_data(500 + i, 2020 + i % 5), SHAPES[i % len(SHAPES)]))
        )
        n += 1
    assert n > 30


def test_every_shared_sample_extracts_to_a_file_that_loads() -> None:
    # ../shared is beside the clone on CI and in development; nothing of it is in the project
    samples = sorted(SAMPLES.glob("*.txt")) if SAMPLES.is_dir() else []
    for path in samples:
        _round_trip(read_report(path))


def test_cell_location_names_the_printed_cell() -> None:
    assert (
        cell_location("t3.granted.total")
        == f"{fmt.layout('2021').app_row('granted').location} × 总计"
    )
    assert "规章" in cell_location("t2.regulations.issued")
    assert "行政复议" in cell_location("t4.review.upheld")


def test_draft_report_refuses_unconfirmed_cells_until_filled(tmp_path: Path) -> None:
    data = random_data(3)
    text = portal_text(data, Portal(seed=1, space=0.0))
    t2 = data.table2(data.format_layout)
    printed = "".join(str(t2[f"regulations.{k}"].value) for k in ("issued", "repealed", "in_force"))
    text = text.replace(f"规章{printed}", "规章12045").replace(f"规章 {printed}", "规章12045")
    report = tmp_path / "report.txt"
    report.write_text(text, encoding="utf-8")
    counts = tmp_path / "counts.yaml"
    result = runner.invoke(app, ["extract", str(report), "-o", str(counts)])
    assert result.exit_code == 0, result.output
    assert "unconfirmed:" in counts.read_text(encoding="utf-8")
    assert "可能的读法 / possible readings: " in result.output
    assert "12｜0｜45" in result.output and "1｜20｜45" in result.output

    out = tmp_path / "out"
    result = runner.invoke(
        app, ["draft", "--data", str(counts), "--out", str(out), "--offline", *TODAY]
    )
    assert result.exit_code == 2
    assert "未能确定" in result.output and "unconfirmed" in result.output
    assert "t2.regulations.issued" in result.output
    assert "规章 × 本年制发件数" in result.output
    assert not out.exists()

    # the same from the published report itself: refused, and told to extract first
    result = runner.invoke(
        app, ["draft", "--data", str(report), "--out", str(out), "--offline", *TODAY]
    )
    assert result.exit_code == 2
    assert "nianbao extract report.txt" in result.output

    # a person fills the cells in and deletes the list: the draft goes ahead
    loaded = yaml.safe_load(counts.read_text(encoding="utf-8"))
    loaded["active"]["regulations"] = {"issued": 12, "repealed": 0, "in_force": 45}
    for cid in loaded.pop("unconfirmed"):
        assert cid.startswith("t2.regulations.")
    counts.write_text(yaml.safe_dump(loaded, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(
        app, ["draft", "--data", str(counts), "--out", str(out), "--offline", *TODAY]
    )
    assert result.exit_code in (0, 1), result.output
    assert "未能确定" not in result.output


def test_narrative_figures_against_unread_cells_are_warnings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nianbao.checks.text as text_checks
    from nianbao.checks import Finding

    data = load_counts(ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml")
    text = render_text(data, Mangle(run_together=True))
    grid = data.table3()
    for key in ("new", "total"):
        run = "".join(str(c.value) for c in grid[key])
        text = text.replace(run, run + "9", 1)  # no split of these rows adds up
    rep = read_text(text)
    assert any(c.startswith("t3.new.") for c in rep.data.unconfirmed)
    findings = check_report(rep)
    assert [f for f in findings if f.severity == "error"] == []
    said = [f for f in findings if f.rule.startswith("N-")]
    assert said and all(f.severity == "warning" for f in said)
    # whatever the narrative rules make of a blank cell, it is not an error against the organ
    wrong = Finding(rule="N-1", severity="error", location="一、总体情况", message="与表格不符")
    monkeypatch.setattr(text_checks, "narrative_figures", lambda r: [wrong])
    n1 = [f for f in check_report(rep) if f.rule == "N-1"]
    assert n1 and n1[0].severity == "warning" and "提取问题" in n1[0].message


def test_extract_a_portal_page_saved_as_html(tmp_path: Path) -> None:
    from nianbao.render import report_files

    data = random_data(11)
    html = next(c for p, c in report_files(data, None, tmp_path).items() if p.suffix == ".html")
    assert isinstance(html, str)
    # the page as a portal serves it: navigation, scripts, a footer with numbers; GB18030
    chrome = (
        '<meta charset="gb18030"><div class="nav">首页 &gt; 政务公开 &gt; 年报 1 2 3</div>'
        "<script>var total = 12345;</script>"
    )
    page = html.replace("<body>", "<body>" + chrome, 1).replace(
        "</body>", "<div>网站标识码 3500000001 电话：0591-12345678 第1页 共2页</div></body>", 1
    )
    saved = tmp_path / "年报.html"
    saved.write_bytes(page.encode("gb18030"))
    counts = tmp_path / "counts.yaml"
    result = runner.invoke(app, ["extract", str(saved), "-o", str(counts)])
    assert result.exit_code == 0, result.output
    loaded = load_counts(counts)
    assert cells(loaded) == cells(data)
    assert loaded.unconfirmed == []


def test_a_table_row_with_cells_lost_is_not_guessed() -> None:
    data = random_data(5)
    text = portal_text(data, Portal(seed=2, one_line=False, markdown=True, short_labels=0.0))
    label = fmt.layout("2021").app_row("granted").label
    lines = text.split("\n")
    i = next(n for n, ln in enumerate(lines) if ln.startswith("|") and label in ln)
    lines[i] = f"| （一）{label} | 5 | 3 | 2 |"  # three cells of seven; 2 cannot be 5 + 3 + …
    rep = read_text("\n".join(lines))
    assert list(rep.data.applications.granted) == [None] * 7
    assert {f"t3.granted.{c.key}" for c in fmt.APPLICANT_COLUMNS} <= set(rep.data.unconfirmed)


def test_last_years_unread_cells_are_no_error_against_this_year() -> None:
    from nianbao.checks import check_data

    prior = load_counts(ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml")
    text = render_text(prior, Mangle(run_together=True))
    run = "".join(str(c.value) for c in prior.table3()["carried_forward"])
    assert run in text
    rep = read_text(text.replace(run, run + "9", 1))
    assert any(c.startswith("t3.carried_forward.") for c in rep.data.unconfirmed)
    raw = prior.model_dump(exclude_unset=True)
    raw["year"] = prior.year + 1
    this_year = ReportData.model_validate(raw)  # its 上年结转 differs from last year's as read
    x1 = [f for f in check_data(this_year, rep.data) if f.rule == "X-1"]
    assert x1 and all(f.severity == "warning" for f in x1)
    assert all("未能确定" in f.message for f in x1)


def test_init_from_a_report_with_unread_cells_leaves_them_blank() -> None:
    from nianbao.template import counts_template, starting_data

    prior = load_counts(ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml")
    text = render_text(prior, Mangle(run_together=True))
    run = "".join(str(c.value) for c in prior.table3()["carried_forward"])
    rep = read_text(text.replace(run, run + "9", 1))
    unread = [c for c in rep.data.unconfirmed if c.startswith("t3.carried_forward.")]
    assert unread
    start = starting_data(prior.organ, prior.year + 1, rep.data)
    carried = list(start.applications.carried_over)
    for j, col in enumerate(fmt.APPLICANT_COLUMNS):
        if f"t3.carried_forward.{col.key}" in unread:
            assert carried[j] is None  # never 0 carried from a cell nobody could read
    parse_counts(counts_template(prior.organ, prior.year + 1, rep.data))


def test_a_negative_change_run_into_its_neighbours() -> None:
    raw = random_data(2, 2020).model_dump(exclude_unset=True)
    raw["active"]["licensing"] = {"prior_items": 101, "change": -1, "decisions": 6}
    data = ReportData.model_validate(raw)
    text = portal_text(data, Portal(seed=0, space=0.0, label_space=0.0))
    assert "行政许可101-16" in text
    rep = read_text(text)
    got = cells(rep.data)
    assert got["t2.licensing.prior_items"] == 101
    assert got["t2.licensing.change"] == -1
    assert got["t2.licensing.decisions"] == 6


def test_readings_not_all_seen_leave_the_row_blank(monkeypatch: pytest.MonkeyPatch) -> None:
    import nianbao.extract.tables as tables_mod
    from nianbao.extract.splitting import row_splits as real

    # as if every row had more readings than are kept: no cell may be taken from the few seen
    monkeypatch.setattr(tables_mod, "row_splits", lambda v, w, g=(): real(v, w, g, limit=1))
    data = load_counts(ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml")
    rep = read_text(render_text(data, Mangle(run_together=True)))
    t3 = cells(rep.data)
    read = {k: v for k, v in t3.items() if k.startswith("t3.") and v is not None}
    assert read == {}
    assert all(k in rep.data.unconfirmed for k in t3 if k.startswith("t3."))


@pytest.mark.parametrize("seed", [3, 14, 43])
def test_pdf_text_with_its_line_ends_lost(seed: int) -> None:
    # page numbers inside the line, headings glued to the words before them, wrapped labels
    data = random_data(3000 + seed, 2024)
    text = render_text(data, Mangle(run_together=True, wrap=9 * (seed % 2), page_marker_every=6))
    rep = read_text(text.replace("\n", ""))
    assert [h.key for h in rep.headings] == [p.key for p in fmt.PARTS]
    want, got = cells(data), cells(rep.data)
    assert [c for c in want if got[c] != want[c] and c not in rep.data.unconfirmed] == []


def test_more_than_fifteen_numbers_in_table_four_are_not_guessed() -> None:
    data = random_data(8)
    text = render_text(data)
    t4 = data.table4()
    line = " ".join(str(t4[g][c].value) for g in t4 for c in t4[g])
    assert line in text
    rep = read_text(text.replace(line, line + " 7", 1))
    assert all(v is None for k, v in cells(rep.data).items() if k.startswith("t4."))
    assert any(u.location == "表四" and "15" in u.message for u in rep.uncertain)
