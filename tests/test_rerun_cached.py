"""A re-run answered wholly from the cache loads no model client (issue 16, item 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from nianbao.cli import app
from tests.recordings import recorded
from tests.stubserver import Reply, StubServer, answer, part_of

HEAVY = ("langchain_core", "langchain_openai", "openai", "langsmith")


def _good(body: dict[str, Any], n: int) -> Reply:
    return answer(body, recorded("guguantun", part_of(body)))


def test_cached_rerun_imports_no_model_client(seed: Path, tmp_path: Path) -> None:
    with StubServer(_good) as stub:
        args = [
            "draft",
            "--data",
            str(seed),
            "--base-url",
            stub.url,
            "--model",
            "m",
            "--api-key",
            "sk-test",
            "--today",
            "2026-11-28",
        ]
        first = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "a")])
        assert first.exit_code == 0, first.output
        assert len(stub.requests) == 3
        code = (
            "import sys; from typer.testing import CliRunner; from nianbao.cli import app; "
            f"r = CliRunner().invoke(app, {[*args, '--out', str(tmp_path / 'b')]!r}); "
            f"heavy = [m for m in {HEAVY!r} if m in sys.modules]; "
            "print(r.exit_code, heavy); print(r.output)"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=dict(os.environ),
            timeout=120,
        )
        assert len(stub.requests) == 3  # nothing asked again
    head, _, output = done.stdout.partition("\n")
    assert head == "0 []", done.stdout + done.stderr
    assert "模型调用 0 次，缓存 3 次" in output
    assert (tmp_path / "b" / "report.docx").exists()
