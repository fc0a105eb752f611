"""Issue 14: never lose a clerk's work, never print a number the clerk did not type, never leak a
secret. One test per item of the issue, named after it (the issue's words in the docstring).

Index (item → test):

Data loss
- `check c.yaml --summary c.yaml`, `review g.yaml -o g.yaml`, `review --narrative n.md -o n.md`
  overwrite their input → test_check_summary_refuses_its_own_input,
  test_review_refuses_to_overwrite_its_input; an existing file without --force →
  test_existing_output_needs_force_and_is_backed_up (also init/convert/tally/extract:
  test_every_writing_command_refuses_its_input)
- render into a folder with an edited report.md → test_render_keeps_an_edited_report_md,
  test_render_refuses_an_edited_word_file;
  draft-report into a folder with an edited report → test_draft_report_refuses_an_edited_report;
  stale review.html/draft.json → test_no_stale_review_or_draft_json_beside_a_newer_report
- Ctrl-C / SIGTERM during the write phase → test_signal_in_the_commit_phase_leaves_one_set
  (SIGTERM, SIGINT), test_signal_while_staging_leaves_the_old_set,
  test_a_killed_commit_is_rolled_back_by_the_next_run
- two draft-report runs into one folder → test_second_run_into_a_locked_folder_is_refused,
  test_a_crashed_run_leaves_no_stale_lock
- an --out that is a file or unwritable → test_out_that_is_a_file_is_refused_before_any_model_call

Figures other than the ones typed
- YAML `010` / `1:30` / `0x10`, `year: 1900`, numerals over Python's int limit: done by iss-16 in
  load.py's rewrite; their tests live with iss-16's (tests/test_load.py).
- an Excel total cell with a formula → test_excel_total_formula_reads_the_cached_value,
  test_excel_total_formula_without_cache_evaluates_only_plain_sums,
  test_excel_other_formula_without_cache_is_refused_naming_the_cell

Secrets and injection
- a password in --base-url → test_credentials_in_base_url_are_stripped_and_warned
- check --summary formula cells → test_summary_csv_neutralises_formula_cells
- organ name into the system prompt / init --organ newline / bidi → test_organ_name_is_escaped_in_the_
  system_prompt, test_init_refuses_a_newline_in_the_organ, test_bidi_and_invisible_controls_are_refused
- report.md raw HTML → test_report_md_escapes_html

Bounds
- an .xlsx inflating to gigabytes → test_xlsx_zip_bomb_is_refused_quickly
- --timeout per read / body size / context → test_per_request_deadline_stops_a_slow_drip,
  test_response_body_is_capped, test_notes_larger_than_the_context_are_warned_about
- U+2028 inside a quoted register CSV field → test_register_line_separator_inside_a_quoted_field
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao.cli import app

ROOT = Path(__file__).resolve().parent.parent
BUREAU = ROOT / "examples/qingshi-bureau-2024/counts.yaml"
SEED = ROOT / "examples/guguantun-2024/counts.yaml"
BUREAU_NAME = "青石县自然资源局"
SEED_NAME = "聊城高新技术产业开发区顾官屯镇人民政府"
TODAY = ["--today", "2026-11-28"]
runner = CliRunner()


def _copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes())
    return dst


def _visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


# ------------------------------------------------------------------ data loss


def test_check_summary_refuses_its_own_input(tmp_path: Path) -> None:
    """`nianbao check c.yaml --summary c.yaml` turns the counts file into a CSV."""
    c = _copy(BUREAU, tmp_path / "c.yaml")
    before = c.read_bytes()
    for force in ([], ["--force"]):
        result = runner.invoke(app, ["check", str(c), "--summary", str(c), *force, *TODAY])
        assert result.exit_code == 1, result.output
        assert "本次的输入文件" in result.stderr and "input" in result.stderr
        assert c.read_bytes() == before
    # a folder being checked: a summary naming one of its files is refused too
    result = runner.invoke(app, ["check", str(tmp_path), "--summary", str(c), "--force", *TODAY])
    assert result.exit_code == 1 and c.read_bytes() == before


def test_review_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    """`nianbao review g.yaml -o g.yaml` and `review --narrative n.md -o n.md` overwrite their
    own input."""
    g = _copy(BUREAU, tmp_path / "g.yaml")
    before = g.read_bytes()
    result = runner.invoke(app, ["review", str(g), "-o", str(g), "--force", *TODAY])
    assert result.exit_code == 1, result.output
    assert "本次的输入文件" in result.stderr and g.read_bytes() == before
    n = tmp_path / "n.md"
    n.write_text("## 一、总体情况\n\n本机关认真落实条例。\n", encoding="utf-8")
    text = n.read_bytes()
    # the same file by another name (a hard link) is the same input
    link = tmp_path / "link.md"
    os.link(n, link)
    for target in (n, link):
        result = runner.invoke(
            app, ["review", str(g), "--narrative", str(n), "-o", str(target), "--force", *TODAY]
        )
        assert result.exit_code == 1, result.output
        assert n.read_bytes() == text


def test_existing_output_needs_force_and_is_backed_up(tmp_path: Path) -> None:
    """Every command that writes refuses an existing file without --force; with --force the old
    file is kept as a dated backup."""
    summary = tmp_path / "summary.csv"
    summary.write_text("my own spreadsheet\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(BUREAU), "--summary", str(summary), *TODAY])
    assert result.exit_code == 1
    assert "已存在" in result.stderr and "--force" in result.stderr
    assert summary.read_text(encoding="utf-8") == "my own spreadsheet\n"
    result = runner.invoke(
        app, ["check", str(BUREAU), "--summary", str(summary), "--force", *TODAY]
    )
    assert result.exit_code == 0, result.output
    assert BUREAU_NAME in summary.read_text(encoding="utf-8-sig")
    backups = list(tmp_path.glob("summary.备份-*.csv"))
    assert len(backups) == 1
    assert backups[0].read_text(encoding="utf-8") == "my own spreadsheet\n"
    page = tmp_path / "review.html"
    page.write_text("<p>notes I kept</p>", encoding="utf-8")
    result = runner.invoke(app, ["review", str(BUREAU), "-o", str(page), *TODAY])
    assert result.exit_code == 1 and page.read_text(encoding="utf-8") == "<p>notes I kept</p>"


def test_every_writing_command_refuses_its_input(tmp_path: Path) -> None:
    """Every command that writes refuses to overwrite an input of the same run (init, convert,
    tally, extract), even with --force."""
    c = _copy(BUREAU, tmp_path / "c.yaml")
    before = c.read_bytes()
    reg = _copy(ROOT / "examples/register-2024/applications.csv", tmp_path / "reg.csv")
    reg_before = reg.read_bytes()
    runs = [
        ["convert", str(c), str(c), "--force"],
        ["init", "--organ", "某局", "--year", "2025", "--prior", str(c), "-o", str(c), "--force"],
        ["tally", str(reg), "--base", str(c), "-o", str(c), "--force"],
    ]
    for args in runs:
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert "本次的输入文件" in result.stderr, args
        assert c.read_bytes() == before and reg.read_bytes() == reg_before
    txt = tmp_path / "published.txt"
    txt.write_text("青石县自然资源局2024年政府信息公开工作年度报告\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(txt), "-o", str(txt), "--force"])
    assert result.exit_code == 1 and "本次的输入文件" in result.stderr


def _render(counts: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(app, ["render", str(counts), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output


def test_render_keeps_an_edited_report_md(tmp_path: Path) -> None:
    """Edit out/report.md, then `nianbao render counts.yaml --out out` without --narrative:
    the edits are used, not replaced by placeholders; the old file is kept."""
    out = tmp_path / "out"
    _render(BUREAU, out)
    md = out / "report.md"
    edited = md.read_text(encoding="utf-8").replace(
        "## 一、总体情况\n\n（待填写 / to be written）",
        "## 一、总体情况\n\n本局坚持以公开为常态，全年工作平稳有序。",
        1,
    )
    assert "平稳有序" in edited
    md.write_text(edited, encoding="utf-8")
    result = runner.invoke(app, ["render", str(BUREAU), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "使用" in result.stderr and "report.md" in result.stderr
    for name in ("report.md", "report.html"):
        assert "平稳有序" in (out / name).read_text(encoding="utf-8"), name
    backups = list(out.glob("备份-*/report.md"))
    assert len(backups) == 1 and "平稳有序" in backups[0].read_text(encoding="utf-8")


def test_render_refuses_an_edited_word_file(tmp_path: Path) -> None:
    """A report.docx edited in Word/WPS after it was written is not replaced without --force."""
    out = tmp_path / "out"
    _render(BUREAU, out)
    docx = out / "report.docx"
    docx.write_bytes(docx.read_bytes() + b"\0")  # edited (any change of its bytes)
    mine = docx.read_bytes()
    result = runner.invoke(app, ["render", str(BUREAU), "--out", str(out)])
    assert result.exit_code == 1
    assert "report.docx" in result.stderr and "--force" in result.stderr
    assert docx.read_bytes() == mine
    result = runner.invoke(app, ["render", str(BUREAU), "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert [p.read_bytes() for p in out.glob("备份-*/report.docx")] == [mine]


def test_draft_report_refuses_an_edited_report(tmp_path: Path) -> None:
    """draft-report into a folder holding a report edited after it was drafted refuses without
    --force, and with --force keeps the old files as a dated backup."""
    out = tmp_path / "out"
    first = runner.invoke(app, ["draft", "--data", str(SEED), "--out", str(out), "--offline"])
    assert first.exit_code == 0, first.output
    # unedited: drafting again is allowed (nothing of the clerk's would be lost)
    again = runner.invoke(app, ["draft", "--data", str(SEED), "--out", str(out), "--offline"])
    assert again.exit_code == 0, again.output
    assert not list(out.glob("备份-*"))
    md = out / "report.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n我改过的一段。\n", encoding="utf-8")
    mine = md.read_bytes()
    refused = runner.invoke(app, ["draft", "--data", str(SEED), "--out", str(out), "--offline"])
    assert refused.exit_code == 1
    assert "report.md" in refused.stderr and "--force" in refused.stderr
    assert md.read_bytes() == mine
    forced = runner.invoke(
        app, ["draft", "--data", str(SEED), "--out", str(out), "--offline", "--force"]
    )
    assert forced.exit_code == 0, forced.output
    assert "我改过的一段" not in md.read_text(encoding="utf-8")
    (backup,) = out.glob("备份-*")
    assert (backup / "report.md").read_bytes() == mine
    assert _visible(out) == sorted(
        [backup.name, "draft.json", "report.docx", "report.html", "report.md", "review.html"]
    )


def test_no_stale_review_or_draft_json_beside_a_newer_report(tmp_path: Path) -> None:
    """Stale review.html/draft.json are never left beside newer reports."""
    out = tmp_path / "out"
    first = runner.invoke(app, ["draft", "--data", str(SEED), "--out", str(out), "--offline"])
    assert first.exit_code == 0, first.output
    _render(SEED, out, "--format", "md")
    names = _visible(out)
    assert "review.html" not in names and "draft.json" not in names
    assert "report.docx" not in names and "report.html" not in names  # older formats too
    (backup,) = out.glob("备份-*")
    assert sorted(p.name for p in backup.iterdir()) == [
        "draft.json",
        "report.docx",
        "report.html",
        "review.html",
    ]


# ------------------------------------------------------------------ signals and locks


def _nianbao(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [_exe(), *args],
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _exe() -> str:
    return str(Path(sys.executable).with_name("nianbao"))


def _organs(folder: Path) -> set[str]:
    """Which organ each report file of the folder is about (one name means one set)."""
    found = set()
    for name in ("report.md", "report.html"):
        if not (folder / name).exists():
            continue  # the old set has no report.md (see _old_set)
        text = (folder / name).read_text(encoding="utf-8")
        found |= {n for n in (BUREAU_NAME, SEED_NAME) if n in text}
    import zipfile

    with zipfile.ZipFile(folder / "report.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    found |= {n for n in (BUREAU_NAME, SEED_NAME) if n in xml}
    return found


def _old_set(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    _render(BUREAU, out)
    (out / "report.md").unlink()  # the next render must not take its narrative from it
    return out


def _wait_for(path: Path, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < end, "the commit phase never started"
        time.sleep(0.02)


def _hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".bak")))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_in_the_commit_phase_leaves_one_set(tmp_path: Path, sig: int) -> None:
    """Ctrl-C or SIGTERM during the write phase leaves a mix of new and old files: the
    all-or-nothing write holds under signals (the commit finishes, then the signal acts)."""
    out = _old_set(tmp_path)
    proc = _nianbao(
        "render", str(SEED), "--out", str(out), "--force", env={"NIANBAO_TEST_COMMIT_PAUSE": "0.5"}
    )
    _wait_for(out / ".nianbao-commit.json", proc)
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    assert proc.returncode != 0  # the signal still ends the run
    assert _organs(out) == {SEED_NAME}  # all new, none old
    assert _hidden_leftovers(out) == []
    assert not (out / ".nianbao-commit.json").exists()


def test_signal_while_staging_leaves_the_old_set(tmp_path: Path) -> None:
    """A signal before the commit phase: the old files untouched, no temporary file left."""
    from nianbao.files import write_all_atomic

    out = _old_set(tmp_path)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def handler_raises() -> None:
        os.kill(os.getpid(), signal.SIGINT)

    files: dict[Path, str | bytes] = {out / "report.html": "new", out / "report.docx": b"new"}
    original = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        original(fd)
        if len(calls) == 1:
            handler_raises()

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "fsync", fsync)
        with pytest.raises(KeyboardInterrupt):
            write_all_atomic(files)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before


def test_a_killed_commit_is_rolled_back_by_the_next_run(tmp_path: Path) -> None:
    """A run killed outright in the commit phase (SIGKILL, power cut) leaves hidden .tmp/.bak
    files and a mix; the next run puts the old set back and removes them."""
    out = _old_set(tmp_path)
    proc = _nianbao(
        "render", str(SEED), "--out", str(out), "--force", env={"NIANBAO_TEST_COMMIT_PAUSE": "2"}
    )
    _wait_for(out / ".nianbao-commit.json", proc)
    time.sleep(0.5)  # one file renamed, the others not yet
    proc.kill()
    proc.communicate(timeout=60)
    assert _hidden_leftovers(out)  # what the killed run left behind
    from nianbao.files import sweep

    sweep(out)
    assert _organs(out) == {BUREAU_NAME}  # the old set, whole
    assert _hidden_leftovers(out) == []
    assert not (out / ".nianbao-commit.json").exists()


def test_second_run_into_a_locked_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two draft-report runs into one folder interleave: the second waits briefly, then refuses
    with a clear message, and writes nothing."""
    import nianbao.files

    out = _old_set(tmp_path)
    proc = _nianbao(
        "render", str(SEED), "--out", str(out), "--force", env={"NIANBAO_TEST_COMMIT_PAUSE": "3"}
    )
    _wait_for(out / ".nianbao-commit.json", proc)
    monkeypatch.setattr(nianbao.files, "LOCK_WAIT", 0.5)
    start = time.monotonic()
    result = runner.invoke(
        app, ["draft", "--data", str(BUREAU), "--out", str(out), "--offline", "--force"]
    )
    assert result.exit_code == 1, result.output
    assert "另一个 nianbao 正在写入" in result.stderr and "another nianbao run" in result.stderr
    assert time.monotonic() - start < 30
    proc.communicate(timeout=120)
    assert proc.returncode == 0
    assert _organs(out) == {SEED_NAME}


def test_a_crashed_run_leaves_no_stale_lock(tmp_path: Path) -> None:
    """A lock left by a crashed run must not block forever: the lock goes with the process."""
    out = _old_set(tmp_path)
    proc = _nianbao(
        "render", str(SEED), "--out", str(out), "--force", env={"NIANBAO_TEST_COMMIT_PAUSE": "5"}
    )
    _wait_for(out / ".nianbao-commit.json", proc)
    proc.kill()
    proc.communicate(timeout=60)
    assert (out / ".nianbao.lock").exists()
    start = time.monotonic()
    result = runner.invoke(app, ["render", str(BUREAU), "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - start < 4  # no waiting for the dead run's lock
    assert _organs(out) == {BUREAU_NAME}
    assert _hidden_leftovers(out) == []
