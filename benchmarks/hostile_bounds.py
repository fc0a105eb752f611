"""Bounds against hostile input (issue 14), measured: prints seconds and peak memory.

1. `nianbao check` on a ~1.5 MB .xlsx whose sheet inflates to ~1.5 GB (a zip bomb).
2. One model call answered with a 100 MB body (the answer-size cap).
3. One model call answered one byte a second (the per-request deadline, `--timeout 5`).

Each case runs in a child process (its own peak RSS). No network: the model is the stub server
of the tests on 127.0.0.1.

    python benchmarks/hostile_bounds.py [INFLATED_MB]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
COUNTS = ROOT / "examples/qingshi-bureau-2024/counts.yaml"
sys.path.insert(0, str(ROOT))

from tests.bombs import xlsx_bomb  # noqa: E402

CALL = """
import asyncio, json, resource, sys, time
sys.path.insert(0, {root!r})
from tests.stubserver import Reply, StubServer
from nianbao.draft.llm import CallError, ModelClient
from nianbao.draft.prompts import PartDraft
from nianbao.draft.settings import ModelSettings

def script(body, n):
    if {mode!r} == "big":
        return Reply(stream=[b" " * (1 << 20)] * 100)
    return Reply(stream=[b" "] * 60, chunk_delay=1.0)

with StubServer(script) as stub:
    client = ModelClient(ModelSettings(base_url=stub.url, api_key="sk-bench-0000", model="stub",
                                       max_retries=0, timeout=5))
    async def go():
        try:
            return await client.ask([("user", "x")], PartDraft, "text")
        except CallError as e:
            return e
        finally:
            await client.aclose()
    start = time.monotonic()
    result = asyncio.run(go())
    print(json.dumps({{"seconds": time.monotonic() - start, "kind": getattr(result, "kind", None),
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}}))
"""


def bomb(folder: Path, megabytes: int) -> Path:
    clean = folder / "clean.xlsx"
    subprocess.run(
        [str(BIN / "nianbao"), "convert", str(COUNTS), str(clean)], check=True, capture_output=True
    )
    return xlsx_bomb(clean, folder / "bomb.xlsx", megabytes)


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
    with tempfile.TemporaryDirectory() as tmp:
        path = bomb(Path(tmp), megabytes)
        inflated = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.monotonic()
        proc = subprocess.run([str(BIN / "nianbao"), "check", str(path)], capture_output=True)
        took = time.monotonic() - start
        rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024
        print(
            f"zip bomb: {path.stat().st_size / 1e6:.1f} MB file inflating to {inflated / 1e9:.2f} GB"
            f" → exit {proc.returncode} in {took:.2f} s, peak RSS of the children ≤ {rss} MB"
        )
    for mode, what in (("big", "100 MB answer body"), ("drip", "answer at 1 byte/s, --timeout 5")):
        code = CALL.format(root=str(ROOT), mode=mode)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{what}: failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{what}: refused as {r['kind']} after {r['seconds']:.2f} s, "
            f"peak RSS {r['rss_mb']} MB (process total)"
        )


if __name__ == "__main__":
    main()
