"""Conventions a Python user expects (issue 16, item 5): `--version`, `python -m nianbao`,
environment variables and exit codes in `--help`, timeout defaults shown, `--strict`; and the
start-up structure (item 1): a command's module is imported only when that command runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao.cli import app
from tests.stubserver import Reply, StubServer, error

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "nianbao"
runner = CliRunner()

ENV_VARS = sorted(
    set(
        re.findall(
            r"\b(?:NIANBAO|OPENAI)_(?!TEST_)[A-Z_]+\b",
            "".join(p.read_text("utf-8") for p in SRC.rglob("*.py")),
        )
    )
)


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert re.fullmatch(r"nianbao \d+\.\d+\.\d+\S*\n", result.stdout)


def test_python_dash_m_nianbao() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nianbao", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("nianbao ")


def test_every_environment_variable_and_exit_code_is_in_help_and_readme() -> None:
    assert "NIANBAO_HOME" in ENV_VARS and "OPENAI_API_KEY" in ENV_VARS
    readme = (ROOT / "README.md").read_text("utf-8")
    helps = {
        "nianbao --help": runner.invoke(app, ["--help"], env={"COLUMNS": "200"}).stdout,
        "nianbao draft --help": runner.invoke(
            app, ["draft", "--help"], env={"COLUMNS": "200"}
        ).stdout,
    }
    for where, text in {**helps, "README.md": readme}.items():
        flat = " ".join(text.replace("│", " ").split())
        missing = [v for v in ENV_VARS if v not in flat]
        assert missing == [], (where, missing)
        for code in ("0 ", "1 ", "2 ", "3 ", "4 "):
            assert f"{code}" in flat.split("exit codes", 1)[-1], (where, code)


def test_main_help_lists_every_command_with_its_chinese_help() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name, zh in [
        ("check", "核查年报"),
        ("draft", "起草年报的叙述部分"),
        ("extract", "从已发布的年报中读出表格数据"),
        ("init", "生成待填写的数据文件"),
        ("convert", "转换数据文件"),
        ("schema", "输出数据文件的 JSON Schema"),
        ("log", "列出最近的模型调用记录"),
        ("render", "按国家统一格式生成年报"),
        ("review", "生成审阅页"),
        ("tally", "由依申请公开登记表计算表三"),
    ]:
        assert re.search(rf"│ {name} +{re.escape(zh)}", result.stdout), name


def test_the_command_table_names_every_registered_command() -> None:
    """`_app.COMMANDS` (the lazy registry) and the commands the modules register agree."""
    import importlib

    from typer.main import get_command_name

    from nianbao.cli._app import COMMANDS

    for module in set(COMMANDS.values()):
        importlib.import_module(f"nianbao.cli.{module}")
    registered = [
        c.name or get_command_name(c.callback.__name__)  # type: ignore[union-attr]
        for c in app.registered_commands
    ]
    assert sorted(registered) == sorted(COMMANDS)
    modules = {p.stem for p in (SRC / "cli").glob("*.py") if not p.stem.startswith("_")}
    assert modules == set(COMMANDS.values())


def test_timeout_defaults_are_shown() -> None:
    from nianbao.draft.settings import ModelSettings

    result = runner.invoke(app, ["draft", "--help"], env={"COLUMNS": "200"})
    flat = " ".join(result.stdout.replace("│", " ").split())
    for option, field in (("--timeout", "timeout"), ("--total-timeout", "total_timeout")):
        shown = f"[default: ({ModelSettings.model_fields[field].default})]"
        tail = flat.split(f"{option} ", 1)[1]
        assert shown in tail[:200], option


def test_check_starts_without_the_other_commands() -> None:
    """`nianbao check` on a counts file imports neither the other commands' modules nor the
    drafting, rendering, Excel, PDF or model libraries."""
    code = (
        "import sys; from typer.testing import CliRunner; from nianbao.cli import app; "
        f"r = CliRunner().invoke(app, ['check', {str(ROOT / 'examples/guguantun-2024/counts.yaml')!r}]); "
        "mods = [m for m in sys.modules if m.startswith(('nianbao.cli.', 'nianbao.draft', "
        "'nianbao.render', 'docx', 'openpyxl', 'pdfplumber', 'langchain', 'openai', 'cn2an'))]; "
        "print(r.exit_code, sorted(mods))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == (
        "0 ['nianbao.cli._app', 'nianbao.cli._checking', 'nianbao.cli._console', 'nianbao.cli.check']"
    ), done.stderr


@pytest.mark.parametrize("strict", [False, True])
def test_strict_exits_4_when_the_writer_takes_over(
    seed: Path, tmp_path: Path, strict: bool
) -> None:
    """A model is configured but every call fails: the writer drafts; `--strict` makes it exit 4
    so scripts can tell (without it: exit 0 and a note on stderr)."""

    def refuse(body: object, n: int) -> Reply:
        return error(401, "invalid api key")

    with StubServer(refuse) as stub:
        args = [
            "draft",
            "--data",
            str(seed),
            "--out",
            str(tmp_path / "out"),
            "--base-url",
            stub.url,
            "--model",
            "m",
            "--api-key",
            "sk-x",
            "--retries",
            "0",
            "--today",
            "2026-11-28",
        ]
        result = runner.invoke(app, [*args, "--strict"] if strict else args)
    assert result.exit_code == (4 if strict else 0), result.output
    assert "内置写作器" in result.output
    assert (tmp_path / "out" / "report.docx").exists()


def test_strict_offline_draft_exits_0(seed: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["draft", "--data", str(seed), "--out", str(tmp_path), "--offline", "--strict"]
    )
    assert result.exit_code == 0, result.output


def test_main_help_imports_no_command_module() -> None:
    """`nianbao --help` reads each command's help from its module's source, imports none."""
    code = (
        "import sys; from typer.testing import CliRunner; from nianbao.cli import app; "
        "r = CliRunner().invoke(app, ['--help']); "
        "print(r.exit_code, 'tally' in r.stdout, sorted(m for m in sys.modules "
        "if m.startswith(('nianbao.cli.', 'nianbao.model', 'pydantic'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "0 True ['nianbao.cli._app', 'nianbao.cli._console']", (
        done.stdout + done.stderr
    )


def test_a_mistyped_command_gets_a_suggestion() -> None:
    result = runner.invoke(app, ["chek", "x.yaml"])
    assert result.exit_code == 2
    assert "check" in result.output.split("chek", 1)[1]
