"""Recorded model answers as a workflow: keyed by prompt, stale when a prompt changes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from nianbao.draft.drafter import draft
from nianbao.draft.prompts import shipped_prompts_dir
from nianbao.draft.settings import ModelSettings
from nianbao.load import load_counts
from tests.recordings import HERE, current_hash, load_recordings, main, reply_by_prompt, stale
from tests.stubserver import Reply, StubServer

ROOT = Path(__file__).resolve().parent.parent


def _settings(stub: StubServer, tmp_path: Path, **kw: Any) -> ModelSettings:
    return ModelSettings(
        base_url=stub.url,
        model="stub-model",
        api_key="sk-test",  # type: ignore[arg-type]
        max_retries=0,
        repair_rounds=0,
        cache=False,
        **kw,
    )


def _script(body: dict[str, Any], n: int) -> Reply:
    return reply_by_prompt(body)  # type: ignore[no-any-return]


def test_every_recording_carries_where_it_came_from() -> None:
    recs = load_recordings()
    assert {r.name for r in recs} >= {
        f"{o}-{p}" for o in ("guguantun", "qingshi") for p in ("overview", "problems", "other")
    }
    for r in recs:
        assert r.model and r.recorded and r.source and len(r.prompt_sha256) == 64
        assert (ROOT / r.counts).is_file() and r.part in ("overview", "problems", "other")
        assert {"lead", "sections"} <= set(r.answer)


def test_recordings_match_todays_prompts() -> None:
    """A prompt, note or figure changed since a recording was made: re-record it (make record)
    or, for a hand-written answer, review it and run `python -m tests.recordings rehash NAME`."""
    old = [r.name for r in stale()]
    assert old == [], f"stale recordings: {old}"


def test_the_stub_answers_by_prompt(seed: Path, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path))
    data = load_counts(seed)
    with StubServer(_script) as stub:
        result = draft(data, settings=_settings(stub, tmp_path))
    assert {k: o.source for k, o in result.parts.items()} == dict.fromkeys(
        ("overview", "problems", "other"), "model"
    )
    # a changed prompt file: that part's recording no longer answers, the others still do
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    text = (shipped_prompts_dir() / "overview.yaml").read_text("utf-8")
    (prompts / "overview.yaml").write_text(text.replace("篇幅：", "篇幅要求："), "utf-8")
    with StubServer(_script) as stub:
        changed = draft(data, settings=_settings(stub, tmp_path), prompts_dir=prompts)
    assert changed.parts["overview"].source == "writer"
    assert changed.parts["problems"].source == "model"
    assert any(b.get("messages") for b in stub.requests)


def test_check_names_a_stale_recording(tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    rec = load_recordings()[0]
    rec.prompt_sha256 = "0" * 64
    assert stale([rec]) == [rec]
    assert current_hash(rec) != rec.prompt_sha256
    assert main(["check"]) == 0  # the shipped ones are current
    out = capsys.readouterr().out
    assert "ok    guguantun-overview" in out


def test_a_logged_exchange_becomes_a_recording(
    seed: Path, tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    """What `make record` does: draft against an endpoint with a fresh log, then turn the log's
    first-round exchanges into recordings keyed by their prompt."""
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path))
    data = load_counts(seed)
    with StubServer(_script) as stub:
        draft(data, settings=_settings(stub, tmp_path).model_copy(update={"cache": True}))
    log = tmp_path / "exchanges.sqlite"
    assert log.is_file()
    out_dir = tmp_path / "recs"
    out_dir.mkdir()
    monkeypatch.setattr("tests.recordings.HERE", out_dir)
    code = main(
        [
            "from-log",
            "--log",
            str(log),
            "--counts",
            "examples/guguantun-2024/counts.yaml",
            "--name",
            "newrec",
        ]
    )
    assert code == 0, capsys.readouterr()
    made = load_recordings(out_dir)
    assert sorted(r.name for r in made) == ["newrec-other", "newrec-overview", "newrec-problems"]
    by_name = {r.name: r for r in load_recordings(HERE)}
    for r in made:
        assert r.model == "stub-model" and r.source == "127.0.0.1"
        assert r.prompt_sha256 == by_name[f"guguantun-{r.part}"].prompt_sha256
        assert r.answer == by_name[f"guguantun-{r.part}"].answer
    rows = sqlite3.connect(log).execute("SELECT prompt FROM exchanges").fetchall()
    assert all(json.loads(p)[0][0] == "system" for (p,) in rows)
