"""The README's worked examples run as written: each `$ ` command in a marked block runs in a
fresh folder holding a copy of `examples/`, must exit 0, and must print every line shown under it.

To extend an example (e.g. the drafting step), add the command and its output to the README block.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.inputs.register import REGISTER_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(
    r"<!-- example: (?P<name>[\w-]+)[^>]*-->\s*```console\n(?P<body>.*?)```\s*<!-- /example -->",
    re.S,
)


def _examples() -> dict[str, str]:
    return {m["name"]: m["body"] for m in BLOCK.finditer(README.read_text(encoding="utf-8"))}


def _steps(body: str) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps and line.strip() and line.strip() != "…":
            steps[-1][1].append(line.rstrip())
    return steps


def _script(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    assert found, f"console script {name!r} is not installed"
    return found


def test_the_register_example_is_in_the_readme() -> None:
    assert "register-2024" in _examples()


@pytest.mark.parametrize("name", sorted(_examples()))
def test_readme_example_runs(name: str, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    for command, expected in _steps(_examples()[name]):
        args = shlex.split(command)
        done = subprocess.run(
            [_script(args[0]), *args[1:]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        printed = [line.rstrip() for line in (done.stdout + done.stderr).splitlines()]
        assert done.returncode == 0, f"$ {command}\n{done.stdout}{done.stderr}"
        for line in expected:
            assert line in printed, f"$ {command}: missing {line!r} in\n" + "\n".join(printed)


def test_readme_documents_every_register_header() -> None:
    text = README.read_text(encoding="utf-8")
    for column in REGISTER_COLUMNS:
        for header in column.headers:
            assert header in text, header
