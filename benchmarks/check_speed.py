"""How fast `nianbao check` is on structured files (files per second, in-process and via the CLI),
and how long the commands take to start: `nianbao check --help`, `nianbao check` on one file,
`draft-report --help`, and one whole `draft-report --offline` (built-in writer, three files).

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


def machine() -> str:
    """nproc, CPU model and Python version: the figures mean nothing without them."""
    import platform

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"machine: {os.cpu_count()} CPUs, {cpu}, Python {platform.python_version()}"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(machine())
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

        bin_dir = Path(sys.executable).parent
        nianbao = str(bin_dir / "nianbao") if (bin_dir / "nianbao").exists() else "nianbao"
        draft_report = (
            str(bin_dir / "draft-report") if (bin_dir / "draft-report").exists() else "draft-report"
        )
        seed = ROOT / "examples/guguantun-2024/counts.yaml"
        timings = [
            ("`nianbao check --help`", [nianbao, "check", "--help"]),
            ("`nianbao check` on one file", [nianbao, "check", str(paths[1])]),
            ("`draft-report --help`", [draft_report, "--help"]),
            (
                "`draft-report --offline` (seed, all files)",
                [draft_report, "--data", str(seed), "--offline", "--out", str(folder / "out")],
            ),
        ]
        for label, argv in timings:
            runs = []
            for _ in range(5):
                t0 = time.perf_counter()
                proc = subprocess.run(argv, capture_output=True)
                runs.append(time.perf_counter() - t0)
                assert proc.returncode in (0, 1), proc.stderr
            print(
                f"{label}: best {min(runs) * 1000:.0f} ms, median "
                f"{sorted(runs)[2] * 1000:.0f} ms of 5"
            )


if __name__ == "__main__":
    main()
