"""How long the Word renderer takes on one report (the seed example with its synthetic
narrative): the median of N renders in this process, and the share spent filling table cells.

Usage: python benchmarks/docx_speed.py [N]   (default N = 20)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    from nianbao.load import load_counts
    from nianbao.narrative import narrative_from_markdown
    from nianbao.render.docx import render_docx
    from nianbao.report import assemble

    data = load_counts(ROOT / "examples/guguantun-2024/counts.yaml")
    text = (ROOT / "tests/fixtures/narrative-guguantun-2024.md").read_text("utf-8")
    report = assemble(data, narrative_from_markdown(text))
    cells = sum(len(row) for p in report.parts if p.table for row in p.table.rows)
    render_docx(report)  # warm-up: imports, template parse
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        render_docx(report)
        times.append(time.perf_counter() - t0)
    print(f"table cells in the report: {cells}")
    print(f"render_docx, median of {n}: {statistics.median(times) * 1000:.1f} ms")
    print(f"render_docx, fastest of {n}: {min(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
