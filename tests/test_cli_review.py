"""`nianbao review`: the review page for an edited draft or a published report."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from nianbao.cli import app
from nianbao.load import load_counts
from tests.synthetic import overview, render_text

runner = CliRunner()


def _draft(counts: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(
        app, ["draft", "--data", str(counts), "--out", str(out), "--offline", *extra]
    )
    assert result.exit_code == 0, result.output


def test_review_an_edited_draft(seed: Path, tmp_path: Path) -> None:
    _draft(seed, tmp_path)
    md = tmp_path / "report.md"
    md.write_text(md.read_text("utf-8").replace("申请6件", "申请9件", 1), "utf-8")
    out = tmp_path / "edited.html"
    result = runner.invoke(app, ["review", str(seed), "--narrative", str(md), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "核查结果 / findings: 错误 1 · 警告 0 · 提示 0" in result.stdout
    assert "无出处或未通过核验 1 个" in result.stdout
    assert f"已写入 / wrote {out}" in result.stdout
    html = out.read_text("utf-8")
    assert 'class="fig st-unverified"' in html
    assert 'class="para src-user"' in html and 'class="para src-writer"' in html


def test_review_a_published_report_with_last_year(
    bureau: Path, bureau_prior: Path, tmp_path: Path
) -> None:
    _draft(bureau_prior, tmp_path / "2023")
    _draft(bureau, tmp_path / "2024", "--prior", str(bureau_prior))
    out = tmp_path / "review.html"
    result = runner.invoke(
        app,
        [
            "review",
            str(tmp_path / "2024" / "report.md"),
            "--prior",
            str(tmp_path / "2023" / "report.md"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert '<section id="compare"' in html
    assert '<td id="cmp-t3.new.total" class="changed">' in html
    assert "已发布的报告 / published report" in html


def test_review_without_a_narrative_shows_the_tables(bureau: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["review", str(bureau), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert 'id="t3.new.total"' in html and "（待填写 / to be written）" in html


def test_review_published_text(seed: Path, tmp_path: Path) -> None:
    data = load_counts(seed)
    report = tmp_path / "report.txt"
    report.write_text(render_text(data, overview_text=overview(data, new_said=7)), "utf-8")
    out = tmp_path / "review.html"
    result = runner.invoke(app, ["review", str(report), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "警告 1" in result.stdout  # N-1: 7 applications said, 6 in the table
    assert 'class="fig st-nosource"' in out.read_text("utf-8")


def test_bad_inputs_exit_2(seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    missing = runner.invoke(app, ["review", str(tmp_path / "none.yaml"), "-o", str(out)])
    assert missing.exit_code == 2
    assert "文件不存在" in missing.stderr
    empty = tmp_path / "empty.md"
    empty.write_text("no headings here\n", "utf-8")
    no_parts = runner.invoke(app, ["review", str(seed), "--narrative", str(empty), "-o", str(out)])
    assert no_parts.exit_code == 2
    assert "未找到叙述部分的标题" in no_parts.stderr
    bad = tmp_path / "draft.json"
    bad.write_text("{not json", "utf-8")
    md = tmp_path / "n.md"
    md.write_text("## 一、总体情况\n\n本年度共收到申请6件。\n", "utf-8")
    broken = runner.invoke(app, ["review", str(seed), "--narrative", str(md), "-o", str(out)])
    assert broken.exit_code == 2
    assert "draft.json" in broken.stderr
    not_report = tmp_path / "x.txt"
    not_report.write_text("这不是年报。\n", "utf-8")
    unreadable = runner.invoke(app, ["review", str(not_report), "-o", str(out)])
    assert unreadable.exit_code == 2
    assert not out.exists()


def test_help_is_chinese_first() -> None:
    result = runner.invoke(app, ["review", "--help"])
    assert result.exit_code == 0
    assert "生成审阅页" in result.stdout and "--narrative" in result.stdout
