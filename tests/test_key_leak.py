"""The API key never appears in output, logs, the SQLite file, written files or exception messages.

Drafting runs against a stub on 127.0.0.1 with a recognisable key through success, 401, 429, 500,
a malformed body, a timeout and a refused connection — the stub's error messages echo the key,
as real servers do ("Incorrect API key provided: sk-…"). Then everything is searched for it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nianbao.cli import app
from nianbao.cli.draft import draft_report_app
from nianbao.draft.llm import CallError, ModelClient
from nianbao.draft.prompts import PartDraft
from nianbao.draft.settings import ModelSettings
from tests.recordings import recorded
from tests.stubserver import Reply, StubServer, answer, error, part_of
from tests.test_faults import SEED, closed_port

KEY = "sk-test-LEAKCHECK-5b1e7d2c9a4f8e3b6d0c"
PIECES = (KEY, KEY[8:30], KEY[-16:])  # the key, and long enough stretches of it
runner = CliRunner()


def _good(body: dict[str, Any], n: int) -> Reply:
    return answer(body, recorded("guguantun", part_of(body)))


PATHS: dict[str, Callable[[dict[str, Any], int], Reply] | None] = {
    "success": _good,
    "401": lambda body, n: error(401, f"Incorrect API key provided: {KEY}. Check it."),
    "429": lambda body, n: error(429, f"Rate limit reached for key {KEY}", retry_after=0),
    "500": lambda body, n: error(500, f"upstream rejected Authorization: Bearer {KEY}"),
    "malformed": lambda body, n: Reply(body=f'{{"error": "bad key {KEY}", "choices": ['.encode()),
    "timeout": lambda body, n: Reply(json=_good(body, n).json, latency=20.0),
    "refused": None,
}


def _leaks(text: str | bytes) -> list[str]:
    data = text if isinstance(text, bytes) else text.encode("utf-8", "replace")
    return [p for p in PIECES if p.encode() in data]


def _all_files(*folders: Path) -> dict[str, bytes]:
    return {
        str(p): p.read_bytes()
        for folder in folders
        if folder.exists()
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize("path", list(PATHS))
def test_key_never_leaks_from_draft_report(
    path: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # whatever openai, httpx or langchain log
    script = PATHS[path]
    out = tmp_path / "out"
    args = ["--data", str(SEED), "--out", str(out), "--model", "stub-model", "--api-key", KEY]
    args += ["--retries", "1", "--timeout", "0.5", "--today", "2026-11-28"]
    if script is None:
        result = runner.invoke(
            draft_report_app(), [*args, "--base-url", f"http://127.0.0.1:{closed_port()}/v1"]
        )
    else:
        with StubServer(script) as stub:
            result = runner.invoke(draft_report_app(), [*args, "--base-url", stub.url])
        assert stub.headers and all(h["authorization"] == f"Bearer {KEY}" for h in stub.headers)
    assert result.exit_code == 0, result.output
    assert _leaks(result.stdout) == [] and _leaks(result.stderr) == []
    assert _leaks(caplog.text) == []
    home = Path(os.environ["NIANBAO_HOME"])
    files = _all_files(out, home)
    assert any(name.endswith("exchanges.sqlite") for name in files)
    # the five files of the report, and the folder's record of them and its lock file
    assert len([n for n in files if n.startswith(str(out))]) == 7
    for name, content in files.items():  # the reports, draft.json, the SQLite file and its WAL
        assert _leaks(content) == [], name
    log = runner.invoke(app, ["log", "--json", "-n", "50"])
    assert log.exit_code == 0 and _leaks(log.stdout) == []


@pytest.mark.parametrize("path", [p for p in PATHS if p != "success"])
def test_key_never_in_an_exception(path: str) -> None:
    """The CallError of each failure: message, repr and the whole printed traceback."""
    script = PATHS[path]

    async def ask(url: str) -> CallError:
        settings = ModelSettings(
            base_url=url,
            api_key=KEY,
            model="m",
            timeout=0.5,
            max_retries=0,  # type: ignore[arg-type]
        )
        client = ModelClient(settings)
        try:
            await client.ask([("user", "写一段")], PartDraft, "json_schema")
        except CallError as e:
            return e
        finally:
            await client.aclose()
        raise AssertionError("no error")

    if script is None:
        e = asyncio.run(ask(f"http://127.0.0.1:{closed_port()}/v1"))
    else:
        with StubServer(script) as stub:
            e = asyncio.run(ask(stub.url))
    printed = "".join(traceback.format_exception(e))
    assert _leaks(str(e)) == [] and _leaks(repr(e)) == [] and _leaks(printed) == []


def test_key_never_leaks_from_a_real_process_with_debug_logging(tmp_path: Path) -> None:
    """`draft-report` as the user runs it, the key in the environment, the SDK's debug log on
    and NIANBAO_DEBUG set: stdout, stderr and every file stay clean."""
    exe = Path(sys.executable).with_name("draft-report")
    assert exe.exists()
    home, out = tmp_path / "home", tmp_path / "out"
    env = {
        **os.environ,
        "NIANBAO_HOME": str(home),
        "OPENAI_API_KEY": KEY,
        "OPENAI_LOG": "debug",
        "NIANBAO_DEBUG": "1",
    }
    with StubServer(PATHS["401"]) as stub:  # type: ignore[arg-type]
        proc = subprocess.run(
            [
                str(exe),
                "--data",
                str(SEED),
                "--out",
                str(out),
                "--base-url",
                stub.url,
                "--model",
                "stub-model",
                "--retries",
                "0",
                "--today",
                "2026-11-28",
            ],
            capture_output=True,
            env=env,
            timeout=120,
        )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert b"HTTP 401" in proc.stdout
    assert b"HTTP Response: POST 401" in proc.stderr  # the SDK's debug log is on
    assert _leaks(proc.stdout) == [] and _leaks(proc.stderr) == [], proc.stderr.decode()[-2000:]
    for name, content in _all_files(out, home).items():
        assert _leaks(content) == [], name
