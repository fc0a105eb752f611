"""`nianbao extract` and `nianbao check` on published reports and folders of them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from nianbao.cli import app
from nianbao.load import load_counts
from tests.synthetic import Mangle, overview, render_text

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
TODAY = ["--today", "2026-11-28"]


def _busy_text(**kw: object) -> str:
    data = load_counts(ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml")
    return render_text(data, Mangle(vertical=True, wrap=12, page_marker_every=5), **kw)  # type: ignore[arg-type]


def test_extract_writes_counts_and_narrative(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(_busy_text(), encoding="utf-8")
    out = tmp_path / "counts.yaml"
    result = runner.invoke(app, ["extract", str(report), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["organ"] == "青石县自然资源局"
    assert len(data["review_litigation"]) == 15
    narrative = (tmp_path / "counts.narrative.md").read_text(encoding="utf-8")
    assert "## 五、存在的主要问题及改进情况" in narrative
    # the counts file checks clean and is accepted as last year's by init
    again = runner.invoke(app, ["check", str(out), *TODAY])
    assert again.exit_code == 0, again.output
    init = runner.invoke(
        app,
        [
            "init",
            "--organ",
            "青石县自然资源局",
            "--year",
            "2025",
            "--prior",
            str(report),
            "-o",
            str(tmp_path / "next.yaml"),
        ],
    )
    assert init.exit_code == 0, init.output
    assert "政策解读形式不够丰富" in (tmp_path / "next.yaml").read_text(encoding="utf-8")


def test_extract_refuses_to_overwrite(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(_busy_text(), encoding="utf-8")
    out = tmp_path / "counts.yaml"
    out.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(report), "-o", str(out)])
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "x"


def test_extract_unreadable_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_check_folder_with_summary(tmp_path: Path) -> None:
    data = load_counts(ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml")
    (tmp_path / "a.txt").write_text(_busy_text(), encoding="utf-8")
    (tmp_path / "b.md").write_text(
        render_text(data, overview_text=overview(data, repeat_heading=True)), encoding="utf-8"
    )
    (tmp_path / "c.pdf").write_bytes(b"not a pdf")
    summary = tmp_path / "summary.csv"
    result = runner.invoke(app, ["check", str(tmp_path), "--summary", str(summary), *TODAY])
    assert result.exit_code == 2, result.output  # one file could not be read
    rows = list(csv.reader(io.StringIO(summary.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "文件 file"
    by_name = {Path(r[0]).name: r for r in rows[1:]}
    assert set(by_name) == {"a.txt", "b.md", "c.pdf"}
    assert by_name["a.txt"][5] == "0"
    assert by_name["b.md"][9] == "E-8N"
    assert by_name["c.pdf"][10]  # the reason it could not be read
    assert "E-8N" in result.stdout


def test_check_report_json(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(_busy_text(), encoding="utf-8")
    result = runner.invoke(app, ["check", str(report), "--format", "json", *TODAY])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["reports"][0]["kind"] == "report"
    assert payload["reports"][0]["findings"] == []


def test_check_with_prior_report(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(_busy_text(), encoding="utf-8")
    result = runner.invoke(app, ["check", str(report), "--prior", str(report), *TODAY])
    # last year's file is the same report: wrong year and carried-over mismatch
    assert "X-7" in result.stdout
