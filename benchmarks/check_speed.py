"""Start-up and throughput of the commands, each also as a ratio to bare Python measured in the
same run (`python -c pass`), so that figures from a loaded machine stay comparable:

- start-up: `nianbao --help`, `nianbao check --help`, `nianbao check` on one counts file,
  `draft-report --help` (best and median of 7 runs);
- `nianbao check FOLDER` on N counts files (one in ten wrong), with 1 worker and with one per CPU
  (`--jobs`), in files per second;
- the per-file cost of checking each kind of input: counts YAML, Word, HTML, Markdown, text, and
  PDF when LibreOffice can make one (checked in-process, ms per file);
- one whole `draft-report --offline` of the seed report (built-in writer, five files written);
- a `draft-report` re-run answered wholly from the cache (stub model on 127.0.0.1).

Usage: python benchmarks/check_speed.py [N] [LATENCY]
  N: counts files for the folder check (default 2000);
  LATENCY: seconds the stub model takes to answer each call (default 2.0, as in issue 16).
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
SEED = ROOT / "examples/guguantun-2024/counts.yaml"
RUNS = 7


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


FLOORS = (
    ("pydantic imported (`from pydantic import BaseModel`)", "from pydantic import BaseModel"),
    (
        "pydantic, one model of one field",
        "from pydantic import BaseModel\nclass A(BaseModel):\n x: int",
    ),
    ("PyYAML (C loader) and rich's console", "import yaml, rich.console"),
    ("typer", "import typer"),
    ("nianbao's counts-file models (with pydantic)", "import nianbao.model"),
    ("langchain-openai (the model client, with openai)", "import langchain_openai"),
)
"""Imports that `check` and `draft-report` cannot do without, each in a fresh process: what a
start-up ratio is made of."""


def machine() -> str:
    """nproc, CPU model, Python version and the load: the figures mean nothing without them."""
    import platform

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"machine: {os.cpu_count()} CPUs, {cpu}, Python {platform.python_version()}; "
        f"load average {_load()}"
    )


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _exe(name: str) -> str:
    return str(BIN / name) if (BIN / name).exists() else name


CPU: dict[str, float] = {}
"""Median CPU seconds (user + system of the process and its children) of the last `timed` run of
each command line: unlike wall time, hardly changed by other jobs on the machine."""


def timed(argv: list[str], runs: int = RUNS, env: dict[str, str] | None = None) -> list[float]:
    times, cpus = [], []
    for _ in range(runs):
        c0 = _children_cpu()
        t0 = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
        cpus.append(_children_cpu() - c0)
        assert proc.returncode in (0, 1), (argv, proc.stderr[-2000:])
    CPU[" ".join(argv)] = statistics.median(cpus)
    return sorted(times)


def cpu_of(argv: list[str]) -> float:
    return CPU[" ".join(argv)]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    latency = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    print(machine())
    # measured with the sources byte-compiled, as pip installs them (an editable install, or
    # PYTHONDONTWRITEBYTECODE=1, would otherwise compile nianbao's modules on every start)
    import compileall

    compileall.compile_dir(ROOT / "src" / "nianbao", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "counts"
        folder.mkdir()
        paths = make_files(folder, n)
        bare_argv = [sys.executable, "-c", "pass"]
        bare_times = timed(bare_argv, runs=15)
        bare, bare_med, bare_cpu = bare_times[0], statistics.median(bare_times), cpu_of(bare_argv)
        print(
            f"bare Python (`python -c pass`): best {bare * 1000:.1f} ms, median "
            f"{bare_med * 1000:.1f} ms of 15, CPU {bare_cpu * 1000:.1f} ms "
            "(ratios below: best/best, median/median, CPU/CPU)"
        )

        print("start-up (cold process each time):")
        nianbao, draft_report = _exe("nianbao"), _exe("draft-report")
        for label, argv in (
            ("`nianbao --help`", [nianbao, "--help"]),
            ("`nianbao check --help`", [nianbao, "check", "--help"]),
            ("`nianbao check one.yaml`", [nianbao, "check", str(paths[1])]),
            ("`draft-report --help`", [draft_report, "--help"]),
        ):
            times = timed(argv)
            best, med, cpu = times[0], statistics.median(times), cpu_of(argv)
            print(
                f"  {label:<26} best {best * 1000:5.0f} ms  median {med * 1000:5.0f} ms"
                f"  CPU {cpu * 1000:5.0f} ms = {best / bare:4.1f}× / {med / bare_med:4.1f}× /"
                f" {cpu / bare_cpu:4.1f}× bare Python"
            )

        print("what the libraries alone cost at start (the floor under the figures above):")
        py = sys.executable
        for label, code in FLOORS:
            argv = [py, "-c", code]
            times = timed(argv)
            best, med, cpu = times[0], statistics.median(times), cpu_of(argv)
            print(
                f"  {label:<44} best {best * 1000:5.0f} ms  CPU {cpu * 1000:5.0f} ms ="
                f" {best / bare:4.1f}× / {cpu / bare_cpu:4.1f}× bare Python"
            )

        print(f"`nianbao check FOLDER` on {n} counts files (one in ten wrong), JSON output:")
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        for jobs in sorted({1, workers}):
            argv = [nianbao, "check", str(folder), "--format", "json", "--jobs", str(jobs)]
            times = timed(argv, runs=3)
            best, cpu = times[0], cpu_of(argv)
            print(
                f"  --jobs {jobs}: best of 3 {best:6.2f} s = {n / best:5.0f} files/s"
                f" (median {n / statistics.median(times):5.0f}; {best / bare:,.0f}× bare Python);"
                f" CPU of all its processes {cpu:5.2f} s = {n / cpu:5.0f} files per CPU-second"
            )

        print("per-file cost of checking each kind of input (in-process, after a warm-up):")
        per_kind(Path(tmp) / "kinds")

        print("drafting:")
        out = Path(tmp) / "out"
        argv = [draft_report, "--data", str(SEED), "--offline", "--out", str(out)]
        if _accepts_force(draft_report):
            argv.append("--force")
        times = timed(argv, runs=5, env=_fresh_out_env(out))
        best, med, cpu = times[0], statistics.median(times), cpu_of(argv)
        print(
            f"  `draft-report --offline` (seed, 5 files)  best {best:5.2f} s  median {med:5.2f} s"
            f"  CPU {cpu:5.2f} s = {best / bare:4.0f}× / {med / bare_med:4.0f}× /"
            f" {cpu / bare_cpu:4.0f}× bare Python"
        )
        cached_rerun(Path(tmp), bare, bare_med, bare_cpu, offline=med, latency=latency)
    print(f"load average at the end: {_load()}")


def _children_cpu() -> float:
    """User + system CPU seconds of the finished child processes (and theirs): what a run costs
    whatever the other jobs on the machine are doing."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _accepts_force(exe: str) -> bool:
    done = subprocess.run([exe, "--help"], capture_output=True, text=True)
    return "--force" in done.stdout


def _fresh_out_env(out: Path) -> dict[str, str]:
    shutil.rmtree(out, ignore_errors=True)
    return {**os.environ, "NIANBAO_OFFLINE": "1"}


def per_kind(folder: Path) -> None:
    from nianbao.audit import check_file
    from nianbao.load import load_counts
    from nianbao.render import report_files

    folder.mkdir()
    data = load_counts(ROOT / "examples/qingshi-bureau-2024/counts.yaml")
    files: dict[str, Path] = {"counts .yaml": ROOT / "examples/qingshi-bureau-2024/counts.yaml"}
    for path, content in report_files(data, None, folder).items():
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        files[f"report {path.suffix}"] = path
    md = files.get("report .md")
    if md is not None:
        txt = folder / "report.txt"
        txt.write_text(md.read_text("utf-8").replace("#", "").replace("|", " "), "utf-8")
        files["report .txt"] = txt
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice and "report .docx" in files:
        subprocess.run(
            [
                soffice,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(files["report .docx"]),
            ],
            capture_output=True,
            timeout=180,
        )
        if (folder / "report.pdf").exists():
            files["report .pdf"] = folder / "report.pdf"
    else:
        print("    (no LibreOffice: PDF not measured)")
    for label, path in files.items():
        check_file(path)  # warm-up: imports the reader
        per = _best(lambda p=path: check_file(p), 20 if "pdf" not in label else 5)
        print(
            f"    {label:<14} {per * 1000:7.1f} ms per file  ({1 / per:6.0f} files/s, one process)"
        )


def _best(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def cached_rerun(
    tmp: Path, bare: float, bare_med: float, bare_cpu: float, offline: float, latency: float
) -> None:
    """`draft-report` against a stub model answering each call after `latency` seconds, three
    times with an empty exchange log (the best is compared with the slowest call: the goal is
    ≤ 1.3× it plus the rest of an offline draft), then five re-runs with the same log, answered
    wholly from the cache."""
    from tests.recordings import recorded
    from tests.stubserver import Reply, StubServer, answer, part_of

    answers = {p: recorded("guguantun", p) for p in ("overview", "problems", "other")}

    def script(body: dict[str, Any], n: int) -> Reply:
        return answer(body, answers[part_of(body)], latency=latency)

    env = {**os.environ, "NIANBAO_HOME": str(tmp / "home")}
    env.pop("NIANBAO_OFFLINE", None)
    with StubServer(script) as stub:
        argv = [
            _exe("draft-report"),
            "--data",
            str(SEED),
            "--base-url",
            stub.url,
            "--model",
            "stub",
            "--api-key",
            "bench",
        ]
        firsts = []
        for i in range(3):
            fresh = {**env, "NIANBAO_HOME": str(tmp / f"home-{i}")}
            t0 = time.perf_counter()
            first = subprocess.run(
                [*argv, "--out", str(tmp / f"f{i}")], capture_output=True, env=fresh
            )
            firsts.append(time.perf_counter() - t0)
            assert first.returncode == 0, first.stderr
        first_s = min(firsts)
        calls = len(stub.requests) // 3
        run0 = subprocess.run([*argv, "--out", str(tmp / "m0")], capture_output=True, env=env)
        assert run0.returncode == 0, run0.stderr
        runs, cpus = [], []
        for i in range(5):
            c0 = _children_cpu()
            t0 = time.perf_counter()
            proc = subprocess.run(
                [*argv, "--out", str(tmp / f"m{i + 1}")], capture_output=True, env=env, text=True
            )
            runs.append(time.perf_counter() - t0)
            cpus.append(_children_cpu() - c0)
            assert proc.returncode == 0 and "缓存 3 次" in proc.stdout, proc.stdout + proc.stderr
    runs.sort()
    cpu = statistics.median(cpus)
    print(
        f"  with a model answering each call after {latency:.2f} s: best of 3 {first_s:5.2f} s "
        f"({calls} model calls a run); less the offline draft's median (rendering and all "
        f"else): {first_s - offline:5.2f} s = {(first_s - offline) / latency:4.2f}× the slowest "
        "call"
    )
    print(
        f"  re-run answered from the cache: best {runs[0]:5.2f} s  median "
        f"{statistics.median(runs):5.2f} s  CPU {cpu:5.2f} s = {runs[0] / bare:4.0f}× / "
        f"{statistics.median(runs) / bare_med:4.0f}× / {cpu / bare_cpu:4.0f}× bare Python"
    )


if __name__ == "__main__":
    main()
