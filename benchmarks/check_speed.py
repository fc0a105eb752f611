"""How fast `nianbao check` is on structured files: files per second, in-process and via the CLI.

Usage: python benchmarks/check_speed.py [N]   (default N = 1000 counts files)
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def make_files(folder: Path, n: int) -> list[Path]:
    base = yaml.safe_load((ROOT / "examples/qingshi-bureau-2024/counts.yaml").read_text("utf-8"))
    rng = random.Random(0)
    paths = []
    for i in range(n):
        doc = dict(base)
        apps = {k: list(v) for k, v in base["applications"].items()}
        if i % 10 == 0:  # one file in ten carries an arithmetic error
            apps["granted"][rng.randrange(6)] += 1
        doc["applications"] = apps
        p = folder / f"counts-{i:04d}.yaml"
        p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_files(folder, n)

        from nianbao.audit import check_file

        t0 = time.perf_counter()
        reports = [check_file(p) for p in paths]
        dt = time.perf_counter() - t0
        errors = sum(1 for r in reports if r.counts["error"])
        print(f"in-process: {n} files in {dt:.2f} s = {n / dt:,.0f} files/s ({errors} with errors)")

        exe = Path(sys.executable).with_name("nianbao")
        cmd = [str(exe) if exe.exists() else "nianbao", "check", str(folder), "--format", "json"]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, env={**os.environ, "COLUMNS": "120"})
        dt = time.perf_counter() - t0
        print(
            f"CLI, one process: {n} files in {dt:.2f} s = {n / dt:,.0f} files/s (exit {proc.returncode})"
        )

        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run([*cmd[:2], "--help"], capture_output=True)
            runs.append(time.perf_counter() - t0)
        print(f"`nianbao check --help` cold start: best {min(runs) * 1000:.0f} ms of 5")
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run([*cmd[:2], str(paths[1])], capture_output=True)
            runs.append(time.perf_counter() - t0)
        print(f"`nianbao check` on one file: best {min(runs) * 1000:.0f} ms of 5")


if __name__ == "__main__":
    main()
