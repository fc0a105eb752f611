"""The light path of `nianbao check FILE…` (`nianbao.cli.main` without typer) does exactly what
the typer command does: same output, same exit code, same messages, and imports no typer."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao.cli import app, light_check, main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples/guguantun-2024/counts.yaml"
BUREAU = ROOT / "examples/qingshi-bureau-2024/counts.yaml"


@pytest.mark.parametrize(
    ("args", "light"),
    [
        (["check", "a.yaml"], True),
        (["check", "a.yaml", "folder"], True),
        (["check"], False),
        (["check", "--help"], False),
        (["check", "a.yaml", "--format", "json"], False),
        (["check", "-j", "1", "a.yaml"], False),
        (["check", "--", "a.yaml"], False),
        (["check", ""], False),
        (["draft", "a.yaml"], False),
        (["--version"], False),
        ([], False),
    ],
)
def test_only_the_plain_form_takes_the_light_path(args: list[str], light: bool) -> None:
    assert light_check(args) is light


def test_run_check_has_the_commands_defaults() -> None:
    """The light path calls `run_check(files)`: its defaults must be the typer command's."""
    from nianbao.cli._checking import run_check
    from nianbao.cli.check import check

    command = inspect.signature(check).parameters
    function = inspect.signature(run_check).parameters
    assert list(command) == list(function)
    for name, param in command.items():
        if name != "files":
            assert function[name].default == param.default, name


def _bad(tmp_path: Path) -> Path:
    text = BUREAU.read_text("utf-8")
    wrong = tmp_path / "wrong.yaml"
    # 148 granted to individuals where the total says 69: an arithmetic error
    assert "[48, 14, 1, 1, 3, 2, 69]" in text
    wrong.write_text(text.replace("[48, 14, 1, 1, 3, 2, 69]", "[148, 14, 1, 1, 3, 2, 69]"), "utf-8")
    return wrong


def _cases(tmp_path: Path) -> dict[str, list[str]]:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.yaml").write_bytes(SEED.read_bytes())
    (folder / "b.yaml").write_bytes(BUREAU.read_bytes())
    empty = tmp_path / "empty"
    empty.mkdir()
    broken = tmp_path / "broken.yaml"
    broken.write_text("organ: [unclosed\n", "utf-8")
    return {
        "clean": [str(SEED)],
        "errors": [str(_bad(tmp_path))],
        "missing": [str(tmp_path / "nothing.yaml")],
        "unparsable": [str(broken)],
        "several": [str(SEED), str(BUREAU), str(tmp_path / "nothing.yaml")],
        "folder": [str(folder)],
        "empty folder": [str(empty)],
    }


def test_the_light_path_prints_what_the_command_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runner = CliRunner()
    for name, paths in _cases(tmp_path).items():
        capsys.readouterr()
        with pytest.raises(SystemExit) as exited:
            main(["check", *paths])
        light = capsys.readouterr()
        # an option sends the command line through typer; "text" is the default format
        typer_run = runner.invoke(app, ["check", "--format", "text", *paths])
        assert exited.value.code == typer_run.exit_code, name
        assert light.out == typer_run.stdout, name
        assert light.err == typer_run.stderr, name
    assert exited.value.code == 2  # the empty folder: an error, not a silent success


def test_an_empty_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert str(tmp_path) in result.stderr
    assert "没有可核查的文件" in result.stderr and "no file to check" in result.stderr


def test_the_light_path_imports_no_typer() -> None:
    code = (
        "import sys; from nianbao.cli import main\n"
        "try:\n"
        f"    main(['check', {str(SEED)!r}])\n"
        "except SystemExit as e:\n"
        "    mods = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click'))\n"
        "    print(e.code, mods, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "0 []", done.stderr
    assert "未发现问题" in done.stdout


def test_python_m_nianbao_runs_the_light_path_too() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nianbao", "check", str(SEED)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "未发现问题" in done.stdout
