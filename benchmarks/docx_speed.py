"""How long the Word renderer takes on one report (the seed example with its synthetic
narrative, 279 table cells): the median and fastest of N renders in this process.

Usage: python benchmarks/docx_speed.py [N] [--against REV]   (default N = 20)

`--against REV` also loads `src/nianbao/render/docx.py` as it was at git revision REV (e.g. the
version that looked each cell's style up by name) and times both, interleaved, on the same report.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _renderer_at(rev: str, folder: Path) -> Callable[[Any], bytes]:
    source = subprocess.run(
        ["git", "show", f"{rev}:src/nianbao/render/docx.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = folder / "docx_at_rev.py"
    path.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("docx_at_rev", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    render: Callable[[Any], bytes] = module.render_docx
    return render


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=20)
    parser.add_argument("--against", metavar="REV")
    args = parser.parse_args()
    from nianbao.load import load_counts
    from nianbao.narrative import narrative_from_markdown
    from nianbao.render.docx import render_docx
    from nianbao.report import assemble

    data = load_counts(ROOT / "examples/guguantun-2024/counts.yaml")
    text = (ROOT / "tests/fixtures/narrative-guguantun-2024.md").read_text("utf-8")
    report = assemble(data, narrative_from_markdown(text))
    cells = sum(len(row) for p in report.parts if p.table for row in p.table.rows)
    renderers: dict[str, Callable[[Any], bytes]] = {"this tree": render_docx}
    with tempfile.TemporaryDirectory() as tmp:
        if args.against:
            renderers = {args.against: _renderer_at(args.against, Path(tmp)), **renderers}
        for render in renderers.values():
            render(report)  # warm-up: imports, template parse
        times: dict[str, list[float]] = {name: [] for name in renderers}
        for _ in range(args.n):
            for name, render in renderers.items():
                t0 = time.perf_counter()
                render(report)
                times[name].append(time.perf_counter() - t0)
    print(f"table cells in the report: {cells}; {args.n} renders each, interleaved")
    for name, ts in times.items():
        print(
            f"render_docx ({name}): median {statistics.median(ts) * 1000:.1f} ms, "
            f"fastest {min(ts) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    sys.exit(main())
