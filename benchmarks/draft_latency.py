"""Drafting wall time against a stub model of fixed latency: sequential vs concurrent, then cached.

The three narrative parts are requested one after another (concurrency 1) and at the same time
(concurrency 3) from a stub OpenAI-compatible server on 127.0.0.1 that answers every request after
a fixed delay with a recorded answer; then the concurrent run is repeated with the same log, which
must answer from the cache with no model call.

Usage: python benchmarks/draft_latency.py [LATENCY_SECONDS] [REPEATS]   (default 1.0 s, 3 repeats)
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nianbao.draft.drafter import DraftResult, draft  # noqa: E402
from nianbao.draft.settings import ModelSettings  # noqa: E402
from nianbao.load import load_counts  # noqa: E402
from tests.stubserver import Reply, StubServer, answer, part_of  # noqa: E402

ANSWERS = ROOT / "tests" / "fixtures" / "answers"


def main() -> None:
    latency = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    data = load_counts(ROOT / "examples" / "guguantun-2024" / "counts.yaml")
    answers = {
        p: json.loads((ANSWERS / f"guguantun-{p}.json").read_text("utf-8"))
        for p in ("overview", "problems", "other")
    }

    def script(body: dict[str, Any], n: int) -> Reply:
        return answer(body, answers[part_of(body)], latency=latency)

    def once(stub: StubServer, concurrency: int, home: str) -> tuple[float, DraftResult]:
        os.environ["NIANBAO_HOME"] = home
        settings = ModelSettings(
            base_url=stub.url, api_key="bench", model="stub", concurrency=concurrency
        )
        start = time.perf_counter()
        result = draft(data, settings=settings)
        return time.perf_counter() - start, result

    rows: dict[str, list[float]] = {
        "sequential (1 at a time)": [],
        "concurrent (3 at a time)": [],
        "second run (cache)": [],
    }
    calls: dict[str, int] = {}
    with StubServer(script) as stub, tempfile.TemporaryDirectory() as tmp:
        once(stub, 3, f"{tmp}/warmup")  # imports, connection set-up
        for i in range(repeats):
            for label, conc in (("sequential (1 at a time)", 1), ("concurrent (3 at a time)", 3)):
                home = f"{tmp}/{conc}-{i}"
                secs, result = once(stub, conc, home)
                assert all(o.source == "model" for o in result.parts.values())
                rows[label].append(secs)
                calls[label] = result.model_calls
                if conc == 3:
                    secs, cached = once(stub, conc, home)
                    rows["second run (cache)"].append(secs)
                    calls["second run (cache)"] = cached.model_calls
    print(f"stub latency per call: {latency:.2f} s; 3 parts; median of {repeats} runs")
    print(f"{'run':<28}{'wall time':>12}{'× one call':>12}{'model calls':>13}")
    for label, times in rows.items():
        med = statistics.median(times)
        print(f"{label:<28}{med:>10.2f} s{med / latency:>12.2f}{calls[label]:>13}")


if __name__ == "__main__":
    main()
