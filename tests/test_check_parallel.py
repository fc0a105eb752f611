"""`nianbao check FOLDER` across processes (issue 16, item 2): the same findings, the same
order, the same summary CSV and exit code as one process."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import nianbao.cli._checking
from nianbao.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    base = yaml.safe_load((ROOT / "examples/qingshi-bureau-2024/counts.yaml").read_text("utf-8"))
    for i in range(23):
        doc = copy.deepcopy(base)
        if i % 5 == 0:  # an arithmetic error in table 三
            doc["applications"]["granted"][i % 6] += 1
        (folder / f"r{i:02d}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    (folder / "broken.yaml").write_text("organ: [\n", "utf-8")
    shutil.copy(ROOT / "examples/guguantun-2024/counts.yaml", folder / "seed.yaml")
    return folder


def test_jobs_give_the_same_report_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    pools: list[int] = []
    real_pool = nianbao.cli._checking._pool

    def counted(workers: int) -> Any:
        pools.append(workers)
        return real_pool(workers)

    monkeypatch.setattr(nianbao.cli._checking, "_pool", counted)
    runs = {}
    for jobs in ("1", "3"):
        csv = tmp_path / f"summary-{jobs}.csv"
        result = runner.invoke(
            app,
            [
                "check",
                str(folder),
                "--jobs",
                jobs,
                "--format",
                "json",
                "--summary",
                str(csv),
                "--today",
                "2026-11-28",
            ],
        )
        runs[jobs] = (result.exit_code, json.loads(result.stdout), csv.read_bytes())
    assert pools == [3]  # one pool of three processes for --jobs 3, none for --jobs 1
    assert runs["1"] == runs["3"]
    exit_code, payload, _ = runs["3"]
    errors = [r for r in payload["reports"] if any(f["severity"] == "error" for f in r["findings"])]
    assert len(errors) == 5
    assert exit_code == 2  # broken.yaml cannot be read
    names = [Path(r["path"]).name for r in payload["reports"]]
    assert names == sorted(names) and len(names) == 25


def test_jobs_text_output_is_unchanged(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    one = runner.invoke(app, ["check", str(folder), "-j", "1", "--today", "2026-11-28"])
    two = runner.invoke(app, ["check", str(folder), "-j", "2", "--today", "2026-11-28"])
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout
    assert "broken.yaml" in two.stdout


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path), "--jobs", "0"])
    assert result.exit_code == 2
