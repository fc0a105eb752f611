"""`nianbao render` and `write_report`: outputs, options, errors, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao.cli import app
from nianbao.errors import OutputError
from nianbao.load import load_counts
from nianbao.render import write_report

ROOT = Path(__file__).resolve().parent.parent
NARRATIVE = ROOT / "tests/fixtures/narrative-guguantun-2024.md"
runner = CliRunner()


def test_render_writes_three_files(seed: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(seed), "--narrative", str(NARRATIVE), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    # beside the report: the hidden record of what was written, and the folder's lock file
    assert names == [
        ".nianbao-files.json",
        ".nianbao.lock",
        "report.docx",
        "report.html",
        "report.md",
    ]
    assert result.stdout.splitlines() == [
        str(tmp_path / n) for n in ("report.docx", "report.html", "report.md")
    ]
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "### （一）主动公开" in md and "（待填写" not in md


def test_render_some_formats(seed: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(seed), "--out", str(tmp_path), "--format", "md, HTML"]
    )
    assert result.exit_code == 0, result.output
    shown = sorted(
        p.name for p in tmp_path.iterdir() if p.name not in (".nianbao-files.json", ".nianbao.lock")
    )
    assert shown == ["report.html", "report.md"]


def test_edited_report_md_renders_again(seed: Path, tmp_path: Path) -> None:
    """The review loop: render, edit report.md, render again from it without a model."""
    assert runner.invoke(app, ["render", str(seed), "--out", str(tmp_path)]).exit_code == 0
    md = tmp_path / "report.md"
    text = md.read_text(encoding="utf-8")
    text = text.replace(
        "## 一、总体情况\n\n（待填写 / to be written）",
        "## 一、总体情况\n\n### 主动公开\n\n全年主动公开政府信息88条。\n\n### （九）依申请公开\n\n申请均按时答复。",
    )
    md.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["render", str(seed), "--narrative", str(md)])
    assert result.exit_code == 0, result.output
    again = md.read_text(encoding="utf-8")
    assert "### （一）主动公开\n\n全年主动公开政府信息88条。" in again
    assert "### （二）依申请公开\n\n申请均按时答复。" in again  # renumbered, not （九）
    assert again.count("| 一、本年新收政府信息公开申请数量 | 4 | 2 | 0 | 0 | 0 | 0 | 6 |") == 1
    assert (tmp_path / "report.docx").exists()


def test_no_preamble(seed: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(seed), "--out", str(tmp_path), "--format", "md", "--no-preamble"]
    )
    assert result.exit_code == 0
    assert "本报告根据" not in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_data_errors_refuse_to_render(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "render",
            str(ROOT / "examples/wrong/t3-balance.yaml"),
            "--out",
            str(tmp_path),
            "--format",
            "md",
        ],
    )
    assert result.exit_code == 1
    assert "错误 T3-1 表三 勾稽关系 × 自然人" in result.stderr
    assert "未写出文件" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_incomplete_draft_renders_with_a_notice(seed: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("## 一、总体情况\n\n2024年，我镇认真贯彻落实《条例》。\n", "utf-8")
    result = runner.invoke(app, ["render", str(seed), "--narrative", str(draft)])
    assert result.exit_code == 0, result.output
    assert "V-7" in result.stderr and "发布前须改正" not in result.stderr
    assert "以上错误须在发布前改正" in result.stderr
    assert (tmp_path / "report.docx").exists()


def test_an_edited_figure_that_is_not_a_fact_is_refused(seed: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["render", str(seed), "--out", str(tmp_path)]).exit_code == 0
    draft = tmp_path / "draft"
    ok = runner.invoke(
        app,
        ["draft", "--data", str(seed), "--out", str(draft), "--offline", "--today", "2026-11-28"],
    )
    assert ok.exit_code == 0, ok.output
    md = (draft / "report.md").read_text("utf-8")
    before = {p: p.stat().st_mtime_ns for p in draft.iterdir()}
    edited = draft / "report.md"
    assert "新收政府信息公开申请6件" in md
    edited.write_text(md.replace("新收政府信息公开申请6件", "新收政府信息公开申请7件"), "utf-8")
    result = runner.invoke(app, ["render", str(seed), "--narrative", str(edited)])
    assert result.exit_code == 1
    assert "V-" in result.stderr and "7件" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in draft.iterdir() if p.name != "report.md"} == {
        p: t for p, t in before.items() if p.name != "report.md"
    }
    edited.write_text(md.replace("办结6件", "办结6件，均在法定期限内答复"), "utf-8")
    result = runner.invoke(app, ["render", str(seed), "--narrative", str(edited)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "未知格式 pdf"),
        (["--narrative", "missing.md"], "文件不存在"),
    ],
)
def test_bad_input_exits_2(seed: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["render", str(seed), "--out", str(tmp_path), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_narrative_without_part_headings_exits_2(seed: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(seed), "--narrative", str(seed), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "未找到叙述部分的标题" in result.stderr
    assert "Traceback" not in result.output


def test_bad_counts_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(ROOT / "examples/wrong/broken.yaml"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "broken.yaml:7" in result.stderr


def test_unwritable_output_leaves_nothing_behind(seed: Path, tmp_path: Path) -> None:
    (tmp_path / "report.md").mkdir()  # the last rename fails: the first two must be undone
    with pytest.raises(OutputError):
        write_report(load_counts(seed), None, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]
    assert list((tmp_path / "report.md").iterdir()) == []


def test_failed_write_keeps_the_old_files(seed: Path, tmp_path: Path) -> None:
    (tmp_path / "report.docx").write_bytes(b"old docx")
    (tmp_path / "report.html").write_text("old html", encoding="utf-8")
    (tmp_path / "report.md").mkdir()
    with pytest.raises(OutputError):
        write_report(load_counts(seed), None, tmp_path)
    assert (tmp_path / "report.docx").read_bytes() == b"old docx"
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == "old html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx", "report.html", "report.md"]


def test_cli_reports_an_unwritable_folder(seed: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["render", str(seed), "--out", str(blocker / "out")])
    assert result.exit_code == 1
    assert "无法写入" in result.stderr
    assert os.listdir(tmp_path) == ["file"]


def test_write_report_replaces_existing_files(seed: Path, tmp_path: Path) -> None:
    (tmp_path / "report.md").write_text("old", encoding="utf-8")
    paths = write_report(load_counts(seed), None, tmp_path, ["md"])
    assert paths == [tmp_path / "report.md"]
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def _draft_with_prior(bureau: Path, bureau_prior: Path, out: Path) -> None:
    made = runner.invoke(
        app,
        ["draft", "--data", str(bureau), "--prior", str(bureau_prior), "--out", str(out)]
        + ["--today", "2025-01-10"],
    )
    assert made.exit_code == 0, made.output
    assert "较上年增加40件" in (out / "report.md").read_text(encoding="utf-8")


def test_re_rendering_a_draft_made_with_prior_without_it_says_what_is_missing(
    bureau: Path, bureau_prior: Path, tmp_path: Path
) -> None:
    draft = tmp_path / "draft"
    _draft_with_prior(bureau, bureau_prior, draft)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["render", str(bureau), "--narrative", str(draft / "report.md"), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "这份草稿起草时用了上年数据（--prior），其中与上年比较的数字（40件、30.1%" in (
        result.stderr
    )
    assert "请加 --prior 上年的数据文件或年报再运行 / this draft was made with --prior" in (
        result.stderr
    )
    assert "应为173件" not in result.output and "应为 173件" not in result.output
    assert not out.exists()
    # with last year's data it renders
    again = runner.invoke(
        app,
        ["render", str(bureau), "--narrative", str(draft / "report.md"), "--out", str(out)]
        + ["--prior", str(bureau_prior)],
    )
    assert again.exit_code == 0, again.output


def test_year_on_year_sentences_without_draft_json_are_explained(
    bureau: Path, bureau_prior: Path, tmp_path: Path
) -> None:
    draft = tmp_path / "draft"
    _draft_with_prior(bureau, bureau_prior, draft)
    edited = tmp_path / "edited" / "report.md"  # moved away from its draft.json
    edited.parent.mkdir()
    edited.write_text((draft / "report.md").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(
        app, ["render", str(bureau), "--narrative", str(edited), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1, result.output
    line = next(x for x in result.stderr.splitlines() if "“40件”" in x)
    assert "与上年" in line and "--prior" in line  # said by the verifier, or by lastyear
    assert "应为 173件" not in result.stderr and "应为173件" not in result.stderr
    assert "与上年比较的数字须加 --prior 核对 / year-on-year figures need --prior" in result.stderr


def test_review_page_without_prior_explains_year_on_year_figures(
    bureau: Path, bureau_prior: Path, tmp_path: Path
) -> None:
    draft = tmp_path / "draft"
    _draft_with_prior(bureau, bureau_prior, draft)
    page = tmp_path / "review.html"
    result = runner.invoke(
        app, ["review", str(bureau), "--narrative", str(draft / "report.md"), "-o", str(page)]
    )
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "“40件”是与上年" in html and "--prior" in html
    assert "应为 173件" not in html
