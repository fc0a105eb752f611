"""Narrative fidelity: do wrong figures reach the report, are correct sentences thrown away?

Every case of the corpus in `tests/fixtures/fidelity/cases/` (realistic model answers, written by
hand: one planted wrong figure, or none) is run through the whole `draft-report` command
(typer CliRunner) against the stub OpenAI-compatible server on 127.0.0.1 (tests/stubserver.py):
the stub returns the case's answer for its part — every round, the model does not mend it — and
the example's fixed answers for the other two parts. report.md, the text of report.html and the
text of report.docx are then judged ONLY by the case's must / must-not strings (never by the
product's verifier).

Prints per kind: wrong cases, leaked (a must-not string reached an output), lost (a wrong case
whose correct sentences were thrown away with it), correct cases, rejected (a must string missing);
then the ids of every leaked and rejected case.

Usage: python benchmarks/narrative_fidelity.py [-j WORKERS] [--library] [-v] [ID_PREFIX ...]
  -j N        worker processes sharing the one stub server (default: CPU count)
  --library   draft in-process with `draft()` + `report_files()` instead of the CLI (faster)
  -v          print every failing case with the strings that failed
  ID_PREFIX   run only cases whose id starts with one of these (e.g. qs-w-share lj-ok)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fidelity import (  # noqa: E402
    Case,
    Summary,
    Verdict,
    load_cases,
    run_cli,
    run_library,
    stub_script,
)
from tests.stubserver import StubServer  # noqa: E402


def _run_chunk(args: tuple[list[str], str, bool]) -> list[tuple[str, Verdict]]:
    ids, url, library = args
    wanted = set(ids)
    cases = [c for c in load_cases() if c.id in wanted]
    out: list[tuple[str, Verdict]] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NIANBAO_HOME"] = str(Path(tmp) / "home")
        for c in cases:
            if library:
                v = run_library(c, url, Path(tmp) / "log.sqlite")
            else:
                v = run_cli(c, url, Path(tmp) / c.id)
            out.append((c.id, v))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--library", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("prefixes", nargs="*")
    opts = ap.parse_args()
    cases = load_cases()
    chosen: list[Case] = [
        c for c in cases if not opts.prefixes or c.id.startswith(tuple(opts.prefixes))
    ]
    if not chosen:
        sys.exit("no case matches / 没有匹配的用例")
    workers = max(1, min(opts.workers, len(chosen)))
    chunks = [[c.id for c in chosen[i::workers]] for i in range(workers)]
    started = time.monotonic()
    verdicts: dict[str, Verdict] = {}
    with StubServer(stub_script(cases)) as stub:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(_run_chunk, [(ch, stub.url, opts.library) for ch in chunks]):
                verdicts.update(dict(result))
    elapsed = time.monotonic() - started
    summary = Summary([verdicts[c.id] for c in chosen])
    path = "library: draft() + report_files()" if opts.library else "CLI: draft-report"
    print(f"narrative fidelity 叙述数字保真 — {path}, {workers} worker(s), {elapsed:.1f} s")
    print()
    print("\n".join(summary.lines()))
    for title, group in (
        ("leaked 漏过", summary.leaked),
        ("rejected 被拒", summary.rejected),
        ("lost with the wrong sentence 连带删去", summary.collateral),
    ):
        if not group:
            continue
        print()
        print(f"{title} ({len(group)}):")
        for v in group:
            if opts.verbose:
                print("  " + v.describe().replace("\n", "\n  "))
            else:
                print(f"  {v.case.id:<18} [{v.case.kind}] {v.case.note}")


if __name__ == "__main__":
    main()
