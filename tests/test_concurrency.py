"""Two `draft-report` runs at once on the same data folder: the SQLite log and cache stay whole.

Runs are real processes (as two users, or two terminals, would start them) against one stub on
127.0.0.1 whose answers take long enough for the runs to overlap. Afterwards the file passes
`PRAGMA integrity_check` and holds every exchange of both runs.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from nianbao.draft.drafter import draft
from nianbao.draft.log import Exchange, ExchangeLog
from nianbao.draft.settings import ModelSettings
from nianbao.load import load_counts
from tests.recordings import recorded
from tests.stubserver import Reply, StubServer, answer, part_of

ROOT = Path(__file__).resolve().parent.parent

SEED = ROOT / "examples/guguantun-2024/counts.yaml"
BUREAU = ROOT / "examples/qingshi-bureau-2024/counts.yaml"
BUREAU_PRIOR = ROOT / "examples/qingshi-bureau-2024/counts-2023.yaml"
GUGUANTUN = "聊城高新技术产业开发区顾官屯镇人民政府"
LATENCY = 1.5


def script(body: dict[str, Any], n: int) -> Reply:
    """The recorded answer for whichever organ and part is asked about, after LATENCY."""
    system = body["messages"][0]["content"]
    prefix = "guguantun" if GUGUANTUN in system else "qingshi"
    text = json.dumps(recorded(prefix, part_of(body)), ensure_ascii=False)
    return answer(body, json.loads(text), latency=LATENCY)


def start(url: str, home: Path, out: Path, data: Path, *extra: str) -> subprocess.Popen[str]:
    exe = Path(sys.executable).with_name("draft-report")
    env = {**os.environ, "NIANBAO_HOME": str(home)}
    args = [str(exe), "--data", str(data), "--out", str(out), "--base-url", url]
    args += ["--model", "stub-model", "--api-key", "sk-test-concurrency", "--retries", "0"]
    args += ["--today", "2026-11-28", *extra]
    return subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(proc: subprocess.Popen[str]) -> str:
    stdout, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 0, stdout + stderr
    assert "Traceback" not in stdout + stderr
    return stdout


def rows(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return conn.execute(
            "SELECT organ, part, cached, outcome FROM exchanges ORDER BY id"
        ).fetchall()


def test_two_runs_at_once_share_the_log(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with StubServer(script) as stub:
        a = start(stub.url, home, tmp_path / "a", SEED)
        b = start(stub.url, home, tmp_path / "b", BUREAU, "--prior", str(BUREAU_PRIOR))
        out_a, out_b = finish(a), finish(b)
    # they overlapped: the second run's first request came before the first run's last answer
    arrivals = sorted(stub.arrivals)
    assert len(arrivals) == 6 and arrivals[3] - arrivals[0] < 3 * LATENCY
    assert "模型调用 3 次，缓存 0 次" in out_a and "模型调用 3 次，缓存 0 次" in out_b
    for out in (tmp_path / "a", tmp_path / "b"):
        assert sorted(
            p.name for p in out.iterdir() if p.name not in (".nianbao-files.json", ".nianbao.lock")
        ) == [
            "draft.json",
            "report.docx",
            "report.html",
            "report.md",
            "review.html",
        ]
    logged = rows(home / "exchanges.sqlite")
    organs = sorted({r[0] for r in logged})
    assert len(organs) == 2 and GUGUANTUN in organs
    assert len(logged) == 6
    assert all(cached == 0 and outcome == "verified" for _, _, cached, outcome in logged)
    for organ in organs:
        assert sorted(r[1] for r in logged if r[0] == organ) == ["other", "overview", "problems"]


def test_a_cached_run_while_another_writes(tmp_path: Path, monkeypatch: Any) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("NIANBAO_HOME", str(home))
    with StubServer(script) as stub:
        settings = ModelSettings(
            base_url=stub.url, api_key="sk-test-concurrency", model="stub-model", max_retries=0
        )  # type: ignore[arg-type]
        first = draft(load_counts(SEED), settings=settings)  # fills the cache for the seed
        assert first.model_calls == 3
        writer = start(stub.url, home, tmp_path / "w", BUREAU, "--prior", str(BUREAU_PRIOR))
        time.sleep(0.5)
        reader = start(stub.url, home, tmp_path / "r", SEED)
        out_r, out_w = finish(reader), finish(writer)
    assert "模型调用 0 次，缓存 3 次" in out_r
    assert "模型调用 3 次，缓存 0 次" in out_w
    assert len(stub.requests) == 6  # the seed's three, once; the bureau's three
    logged = rows(home / "exchanges.sqlite")
    assert len(logged) == 9
    cached = [r for r in logged if r[2] == 1]
    assert len(cached) == 3 and all(r[0] == GUGUANTUN for r in cached)
    assert all(r[3] == "verified (cached)" for r in cached)


def _hammer(path: str, worker: int, n: int) -> None:
    with ExchangeLog(Path(path)) as log:
        for i in range(n):
            ex = Exchange(
                organ=f"w{worker}",
                part="overview",
                model="m",
                method="text",
                cache_key=f"{worker}-{i}",
                prompt="[]",
                response="{}",
            )
            log.set_outcome(log.record(ex), "verified")
            assert log.lookup(f"{worker}-{i}") is not None


def test_many_writers_at_once_never_lock_out_or_corrupt(tmp_path: Path) -> None:
    """Four processes writing, updating and reading the log as fast as they can."""
    db = tmp_path / "exchanges.sqlite"
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_hammer, args=(str(db), w, 150)) for w in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(timeout=120)
    assert [p.exitcode for p in workers] == [0, 0, 0, 0]
    logged = rows(db)
    assert len(logged) == 600
    assert all(outcome == "verified" for *_, outcome in logged)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
