"""Extraction accuracy: the share of table cells read exactly, per report and in total.

    python benchmarks/extract_accuracy.py [CORPUS_DIR] [-v]

Without CORPUS_DIR, a synthetic corpus is generated in a temporary folder
(`synthetic_corpus.py`: the examples as mangled text and as rendered Word/HTML/Markdown).

CORPUS_DIR holds reports (`NNN.txt`, `.md`, `.pdf`, `.docx`, `.html`) each with an
`NNN.expected.yaml` (counts-file keys; `review_litigation` as the flat list of 15; `null` for
a blank cell; `other_*` null where （六）其他处理 is one row). Every cell of tables 二, 三 and
四 that the expected file names is compared (a null must be read as null) and counted as right,
uncertain (left blank and listed as uncertain: a person confirms it) or wrong (a figure other
than the printed one: must be 0). Prints one line per report, the totals per held-out shape
(reports named `NNN-<shape>.<ext>`) and per file type, reports per second and the slowest
report; exits 1 if any cell is wrong.
"""

from __future__ import annotations

import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from nianbao import format as fmt
from nianbao.extract import REPORT_SUFFIXES, ExtractedReport, read_report


def expected_cells(exp: dict[str, Any]) -> dict[str, Any]:
    """cell id → expected value, from an expected file."""
    out: dict[str, Any] = {}
    active = exp.get("active") or {}
    for c in fmt.all_active_cells():
        row, _, col = c.path.partition(".")
        if row not in active:
            continue
        v = active[row]
        if col:
            if isinstance(v, dict) and col in v:
                out[fmt.t2_id(c.path)] = v[col]
        elif not isinstance(v, dict):
            out[fmt.t2_id(c.path)] = v
    apps = exp.get("applications") or {}
    for r in fmt.all_app_rows():
        row = apps.get(r.key)
        if row is None:
            continue
        for col, v in zip(fmt.APPLICANT_COLUMNS, row, strict=False):
            out[fmt.t3_id(r.key, col.key)] = v
    rl = exp.get("review_litigation")
    if isinstance(rl, list):
        ids = [fmt.t4_id(g.key, c.key) for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS]
        out.update(zip(ids, rl, strict=False))
    return out


def got_cells(rep: ExtractedReport) -> dict[str, Any]:
    data = rep.data
    out: dict[str, Any] = {}
    given = data.active_paths_given()
    for c in fmt.all_active_cells():
        if c.path in given:
            out[fmt.t2_id(c.path)] = data._active_cell(c.path).value
    apps = data.applications
    for key in data.app_rows_given():
        row = getattr(apps, key)
        for col, v in zip(fmt.APPLICANT_COLUMNS, row, strict=False):
            out[fmt.t3_id(key, col.key)] = v
    t4 = data.review_litigation
    for g in fmt.REVIEW_GROUPS:
        grp = getattr(t4, g.key)
        if grp is None:
            continue
        for c in fmt.REVIEW_COLUMNS:
            if c.key in grp.model_fields_set:
                out[fmt.t4_id(g.key, c.key)] = getattr(grp, c.key)
    return out


def same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(str(a)) == Decimal(str(b))


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    paths = [a for a in argv if a != "-v"]
    if not paths:
        from synthetic_corpus import make_corpus

        with tempfile.TemporaryDirectory() as tmp:
            make_corpus(Path(tmp))
            print("corpus: synthetic (benchmarks/synthetic_corpus.py)")
            return run(Path(tmp), verbose)
    print(f"corpus: {paths[0]}")
    return run(Path(paths[0]), verbose)


def score(want: dict[str, Any], rep: ExtractedReport) -> dict[str, list[str]]:
    """Each expected cell as right (read as printed), uncertain (left blank and listed as
    uncertain) or wrong (anything else: a figure other than the printed one, or a cell missing
    without saying so)."""
    got = got_cells(rep)
    unsure = {c for u in rep.uncertain if u.severity != "info" for c in u.cells}
    out: dict[str, list[str]] = {"right": [], "uncertain": [], "wrong": []}
    for k, v in want.items():
        if k in got and same(got[k], v):
            out["right"].append(k)
        elif k in unsure and got.get(k) is None:
            out["uncertain"].append(k)
        else:
            out["wrong"].append(k)
    return out


def run(corpus: Path, verbose: bool) -> int:
    reports = sorted(
        p
        for p in corpus.iterdir()
        if p.suffix.lower() in REPORT_SUFFIXES
        and not p.name.startswith(".")
        and (corpus / f"{p.stem}.expected.yaml").exists()
    )
    if not reports:
        print(f"{corpus}: no reports with NNN.expected.yaml")
        return 2
    totals = {"cells": 0, "right": 0, "uncertain": 0, "wrong": 0}
    elapsed = 0.0
    slowest = (0.0, "")
    by_suffix: dict[str, dict[str, int]] = {}
    by_shape: dict[str, dict[str, int]] = {}  # NNN-<shape>.<ext>: the held-out shapes
    print(f"{'report':<16} {'cells':>6} {'right':>6} {'unsure':>6} {'wrong':>6} {'share':>7}")

    def line(name: str, t: dict[str, int]) -> None:
        share = t["right"] / t["cells"] if t["cells"] else 1.0
        print(
            f"{name:<16} {t['cells']:>6} {t['right']:>6} {t['uncertain']:>6} {t['wrong']:>6} "
            f"{share:>7.1%}"
        )

    for p in reports:
        exp = yaml.safe_load((corpus / f"{p.stem}.expected.yaml").read_text(encoding="utf-8"))
        want = expected_cells(exp)
        t0 = time.perf_counter()
        tally = {"cells": len(want), "right": 0, "uncertain": 0, "wrong": 0}
        try:
            rep = read_report(p)
        except Exception as e:  # the benchmark reports every failure and goes on
            dt = time.perf_counter() - t0
            tally["uncertain"] = len(want)
            print(f"{p.name:<16} cannot read ({type(e).__name__}): {str(e)[:80]}")
        else:
            dt = time.perf_counter() - t0
            scored = score(want, rep)
            for k in ("right", "uncertain", "wrong"):
                tally[k] = len(scored[k])
            line(p.name, tally)
            if verbose:
                got = got_cells(rep)
                for kind in ("wrong", "uncertain"):
                    for k in scored[kind]:
                        print(f"    {kind}: {k}: expected {want[k]!r}, got {got.get(k, '—')!r}")
        elapsed += dt
        slowest = max(slowest, (dt, p.name))
        suffix = by_suffix.setdefault(p.suffix.lower(), dict.fromkeys(totals, 0))
        shape = p.stem.partition("-")[2]
        in_shape = by_shape.setdefault(shape, dict.fromkeys(totals, 0)) if shape else {}
        for k in totals:
            totals[k] += tally[k]
            suffix[k] += tally[k]
            if shape:
                in_shape[k] += tally[k]
    for shape_name, t in by_shape.items():
        line(shape_name[:16], t)
    for suffix_name, t in sorted(by_suffix.items()):
        line(f"all {suffix_name}", t)
    line("total", totals)
    rate = len(reports) / elapsed if elapsed else float("inf")
    print(
        f"{len(reports)} reports in {elapsed:.2f} s: {rate:.1f} reports/s; "
        f"slowest {slowest[1]} {slowest[0] * 1000:.0f} ms"
    )
    worst_cases()
    return 1 if totals["wrong"] else 0


def worst_cases() -> None:
    """The slowest shapes met: long runs of digits, and a table 三 whose every row splits
    several ways (the sums must settle them across rows)."""
    import random

    from nianbao.extract.splitting import row_splits, solve_rows

    t4 = [(0, 5), (5, 5), (10, 5)]
    for digits in (26, 30):
        run = "".join(random.Random(digits).choice("0123456789") for _ in range(digits))
        run = run.lstrip("0") or "1"
        t0 = time.perf_counter()
        row_splits([run], 15, t4)
        row_splits([run], 7, [(0, 7)])
        print(
            f"worst case: a {digits}-digit run as table 四 and as a table-三 row: "
            f"{(time.perf_counter() - t0) * 1000:.1f} ms"
        )
    rnd = random.Random(3)
    rows: dict[str, list[tuple[int | str | None, ...]]] = {}
    truth: list[tuple[int, ...]] = []
    t0 = time.perf_counter()
    for i in range(20):
        cells = [rnd.choice([0, 1, 10, 11, 100, 101]) for _ in range(6)]
        row = (*cells, sum(cells))
        truth.append(row)
        rows[f"r{i}"] = row_splits(["".join(str(c) for c in row)], 7, [(0, 7)]).readings
    rows["total"] = [tuple(sum(r[j] for r in truth) for j in range(7))]
    rules = [{**{(f"r{i}", j): 1 for i in range(20)}, ("total", j): -1} for j in range(7)]
    solved = solve_rows(rows, rules)
    print(
        f"worst case: 20 table-三 rows of 1s and 0s run together, solved together: "
        f"{(time.perf_counter() - t0) * 1000:.0f} ms (search finished: {solved.complete})"
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
