"""Recorded model answers: one loader, one file per answer, each keyed by the prompt it answered.

A recording (`tests/recordings/<name>.json`) holds the answer a model gave to the messages that
asked for one narrative part, with where it came from:

    {"name": "guguantun-overview", "counts": "examples/guguantun-2024/counts.yaml",
     "prior": null, "part": "overview", "model": "…", "recorded": "2026-11-30",
     "source": "hand-written" | "<endpoint host>", "prompt_sha256": "…", "answer": {…}}

`prompt_sha256` is `draft.prompts.prompt_hash` of the messages the program builds today for that
counts file and part. The stub server answers a request by the hash of its messages
(`reply_by_prompt`), so a changed prompt file, note or figure leaves the recording unanswered
and `python -m tests.recordings check` (and tests/test_recordings.py) names the stale ones.

Making recordings (a maintainer with an endpoint; see README "录制模型回答"):

    make record COUNTS=examples/guguantun-2024/counts.yaml NAME=guguantun

runs `nianbao draft` against the endpoint in NIANBAO_BASE_URL/NIANBAO_MODEL/NIANBAO_API_KEY with a
fresh log, then `python -m tests.recordings from-log …` turns each first-round exchange into a
recording. `python -m tests.recordings rehash NAME…` accepts hand-written answers for today's
prompts after reviewing them.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().parent

__all__ = [
    "Recording",
    "current_hash",
    "load_recordings",
    "recorded",
    "reply_by_prompt",
    "stale",
]


@dataclass
class Recording:
    name: str
    counts: str
    prior: str | None
    part: str
    model: str
    recorded: str
    source: str
    prompt_sha256: str
    answer: dict[str, Any]
    path: Path

    def to_json(self) -> str:
        body = {
            "name": self.name,
            "counts": self.counts,
            "prior": self.prior,
            "part": self.part,
            "model": self.model,
            "recorded": self.recorded,
            "source": self.source,
            "prompt_sha256": self.prompt_sha256,
            "answer": self.answer,
        }
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def load_recordings(folder: Path = HERE) -> list[Recording]:
    """Every recording in `folder`, sorted by name."""
    out: list[Recording] = []
    for path in sorted(folder.glob("*.json")):
        raw = json.loads(path.read_text("utf-8"))
        out.append(Recording(**raw, path=path))
    return out


def recorded(prefix: str, part: str) -> dict[str, Any]:
    """The recorded answer `<prefix>-<part>` (tests that answer by part, whatever the prompt)."""
    for r in load_recordings():
        if r.name == f"{prefix}-{part}":
            return r.answer
    raise KeyError(f"no recording {prefix}-{part}")


def _messages(request: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (m["role"], m["content"] if isinstance(m.get("content"), str) else json.dumps(m["content"]))
        for m in request.get("messages", [])
    ]


def reply_by_prompt(request: dict[str, Any]) -> Any:
    """The stub's reply to `request`: the recording whose prompt hash matches its messages, else
    an error naming the hash (a stale recording, or none for this prompt)."""
    from nianbao.draft.prompts import prompt_hash
    from tests.stubserver import answer, error

    key = prompt_hash(_messages(request))
    for r in load_recordings():
        if r.prompt_sha256 == key:
            return answer(request, r.answer)
    return error(
        409, f"no recording for prompt {key[:12]} (stale? run python -m tests.recordings check)"
    )


def current_hash(r: Recording) -> str:
    """The hash of the messages the program builds today for the recording's counts file and part."""
    from nianbao.audit import load_data, load_prior
    from nianbao.draft.prompts import build_messages, load_prompts, prompt_hash
    from nianbao.facts import derive_facts

    data = load_data(ROOT / r.counts)
    prior = load_prior(ROOT / r.prior).data if r.prior else None
    messages = build_messages(r.part, data, derive_facts(data, prior), load_prompts(), prior)  # type: ignore[arg-type]
    return prompt_hash(messages)


def stale(recordings: list[Recording] | None = None) -> list[Recording]:
    """The recordings whose prompt has changed since they were made."""
    return [r for r in (recordings or load_recordings()) if current_hash(r) != r.prompt_sha256]


# --- the command line: check, rehash, from-log ------------------------------------------------


def _from_log(args: argparse.Namespace) -> int:
    """Turn the first-round exchanges of a log (SQLite, or `nianbao log --json` output) into
    recordings for the counts file they answered."""
    from nianbao.audit import load_data
    from nianbao.draft.prompts import prompt_hash

    data = load_data(ROOT / args.counts)
    if args.log.suffix == ".json":
        rows = json.loads(args.log.read_text("utf-8"))
    else:
        con = sqlite3.connect(args.log)
        con.row_factory = sqlite3.Row
        rows = [dict(r) for r in con.execute("SELECT * FROM exchanges ORDER BY id")]
    wrote = 0
    for row in rows:
        if row.get("round", 0) != 0 or not row.get("response") or row.get("error"):
            continue
        if row.get("organ") != data.organ or row.get("year") != data.year:
            continue
        messages = [tuple(m) for m in json.loads(row["prompt"])]
        try:
            answer = json.loads(row["response"])
        except json.JSONDecodeError:
            print(f"skip {row['part']}: the answer is not JSON", file=sys.stderr)
            continue
        host = urlparse(row.get("base_url") or "").hostname or "api"
        rec = Recording(
            name=f"{args.name}-{row['part']}",
            counts=str(args.counts),
            prior=str(args.prior) if args.prior else None,
            part=row["part"],
            model=row.get("model") or "",
            recorded=date.fromtimestamp(row.get("at") or 0).isoformat(),
            source=host,
            prompt_sha256=prompt_hash(messages),  # type: ignore[arg-type]
            answer=answer,
            path=HERE / f"{args.name}-{row['part']}.json",
        )
        rec.path.write_text(rec.to_json(), "utf-8")
        print(f"wrote {rec.path} ({rec.model}, {rec.recorded})")
        wrote += 1
    if not wrote:
        print("no first-round exchange for this organ and year in the log", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.recordings")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check", help="list recordings whose prompt changed")
    re_ = sub.add_parser("rehash", help="accept recordings for today's prompts (after review)")
    re_.add_argument("names", nargs="*")
    fl = sub.add_parser("from-log", help="exchanges of a log → recordings")
    fl.add_argument("--log", type=Path, required=True, help="exchanges.sqlite or log --json file")
    fl.add_argument("--counts", type=Path, required=True)
    fl.add_argument("--prior", type=Path)
    fl.add_argument("--name", required=True)
    args = parser.parse_args(argv)
    if args.cmd == "from-log":
        return _from_log(args)
    recs = load_recordings()
    if args.cmd == "check":
        old = stale(recs)
        for r in recs:
            print(f"{'STALE' if r in old else 'ok   '} {r.name} ({r.model}, {r.recorded})")
        return 1 if old else 0
    for r in recs:
        if args.names and r.name not in args.names:
            continue
        r.prompt_sha256 = current_hash(r)
        r.path.write_text(r.to_json(), "utf-8")
        print(f"rehashed {r.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
