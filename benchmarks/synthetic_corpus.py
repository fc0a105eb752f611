"""A corpus of synthetic published reports with their expected counts, for `extract_accuracy.py`.

    python benchmarks/synthetic_corpus.py OUT_DIR

Every counts file in `examples/` that loads, and the 2020-layout test fixture, is written out as
a report: as plain text in the national layout with each of the ways PDF text extraction mangles
tables (`tests/synthetic.py`: one-character vertical labels, wrapped labels, page numbers inside
tables, run-together cells, "/" for blanks, column-by-column tables, one number a line), and as
the Word, HTML and Markdown files nianbao renders. Then `PORTAL_REPORTS` reports of random
organs (`tests/synthetic.py: random_data`) as text copied from portal pages (`portal_text`):
half on one line with cells run together or irregularly spaced, the rest with lines kept,
labels detached from their values, cut around their digits, misspelt, shortened or renumbered,
or as Markdown under a lost header; a tenth in the 2019 layout. Beside each `NNN.<ext>` goes
`NNN.expected.yaml` with the counts it must be read back as. Nothing here is a published report.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nianbao import format as fmt  # noqa: E402
from nianbao.audit import load_data  # noqa: E402
from nianbao.model import ReportData  # noqa: E402
from nianbao.render import report_files  # noqa: E402
from tests.readback import loadable_examples  # noqa: E402
from tests.synthetic import (  # noqa: E402
    Mangle,
    Page,
    Portal,
    Shape,
    Sheet,
    page_data,
    portal_text,
    random_data,
    render_text,
    shape_data,
    shaped_docx,
    shaped_html,
    shaped_text,
)

MANGLES: dict[str, Mangle] = {
    "clean": Mangle(),
    "vertical": Mangle(vertical=True),
    "wrapped": Mangle(wrap=8),
    "page-numbers": Mangle(page_marker_every=6),
    "slash-blanks": Mangle(blank="/"),
    "run-together": Mangle(run_together=True),
    "column-major": Mangle(column_major=True),
    "line-per-cell": Mangle(line_per_cell=True),
}


def expected(data: ReportData, blank: Any = None) -> dict[str, Any]:
    """The counts as `extract_accuracy.expected_cells` reads them; a blank cell as `blank`
    (null, or 0 where the report prints a blank as 0)."""
    lay = data.format_layout
    t2 = data.table2(lay)
    active: dict[str, Any] = {}
    for block in lay.active_blocks:
        for row in block.rows:
            for col, _, _ in block.columns:
                path = f"{row.key}.{col}" if col else row.key
                value = t2[path].value
                value = blank if value is None else value
                if col:
                    active.setdefault(row.key, {})[col] = value
                else:
                    active[row.key] = value
    t3 = data.table3(lay)
    applications = {
        r.key: [blank if c.value is None else c.value for c in t3[r.key]] for r in lay.app_rows
    }
    t4 = data.table4()
    review = [
        blank if t4[g.key][c.key].value is None else t4[g.key][c.key].value
        for g in fmt.REVIEW_GROUPS
        for c in fmt.REVIEW_COLUMNS
    ]
    return {
        "organ": data.organ,
        "year": data.year,
        "active": active,
        "applications": applications,
        "review_litigation": review,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, int | str):
        return value
    return str(value)  # Decimal


def make_corpus(folder: Path) -> list[Path]:
    """Write the corpus into `folder`; return the report files."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    n = 0
    for source in loadable_examples():
        data = load_data(source)
        exp = yaml.safe_dump(_plain(expected(data)), allow_unicode=True, sort_keys=False)
        zero = yaml.safe_dump(_plain(expected(data, 0)), allow_unicode=True, sort_keys=False)
        for mangle in MANGLES.values():
            n += 1
            path = folder / f"{n:03d}.txt"
            path.write_text(render_text(data, mangle), encoding="utf-8")
            text_exp = zero if mangle.blank == "0" else exp  # what the text says
            (folder / f"{n:03d}.expected.yaml").write_text(text_exp, encoding="utf-8")
            written.append(path)
        for target, content in report_files(data, None, folder).items():
            n += 1
            path = folder / f"{n:03d}{target.suffix}"
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
            (folder / f"{n:03d}.expected.yaml").write_text(exp, encoding="utf-8")
            written.append(path)
    for data, shape in portal_corpus():
        n += 1
        path = folder / f"{n:03d}.{'md' if shape.markdown else 'txt'}"
        path.write_text(portal_text(data, shape), encoding="utf-8")
        exp = yaml.safe_dump(_plain(expected(data)), allow_unicode=True, sort_keys=False)
        (folder / f"{n:03d}.expected.yaml").write_text(exp, encoding="utf-8")
        written.append(path)
    for name, data, shape in shaped_corpus():
        n += 1
        if isinstance(shape, Shape):
            data = shape_data(data, shape)
        elif isinstance(shape, Page):
            data = page_data(data, shape)
        suffix = {Shape: "txt", Page: "html", Sheet: "docx"}[type(shape)]
        path = folder / f"{n:03d}-{name}.{suffix}"
        if isinstance(shape, Shape):
            path.write_text(shaped_text(data, shape), encoding="utf-8")
        elif isinstance(shape, Page):
            path.write_text(shaped_html(data, shape), encoding="utf-8")
        else:
            path.write_bytes(shaped_docx(data, shape))
        exp = yaml.safe_dump(_plain(expected(data)), allow_unicode=True, sort_keys=False)
        (folder / f"{path.stem}.expected.yaml").write_text(exp, encoding="utf-8")
        written.append(path)
    written += _as_pdf(folder, [p for p in written if "-docx-" in p.name], n)
    return written


def _as_pdf(folder: Path, docs: list[Path], n: int) -> list[Path]:
    """The Word shapes printed to PDF by LibreOffice (ruled tables, rows broken across pages),
    when `soffice` is installed; none otherwise."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice")
    if soffice is None or not docs:
        print("soffice not found: no PDF shapes", file=sys.stderr)
        return []
    out: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, *map(str, docs)],
            check=False,
            capture_output=True,
            timeout=600,
        )
        for doc in docs:
            pdf = Path(tmp) / f"{doc.stem}.pdf"
            if not pdf.exists():
                continue
            n += 1
            target = folder / f"{n:03d}-pdf-{doc.stem.partition('-')[2]}.pdf"
            shutil.copyfile(pdf, target)
            expected = (folder / f"{doc.stem}.expected.yaml").read_text(encoding="utf-8")
            (folder / f"{target.stem}.expected.yaml").write_text(expected, encoding="utf-8")
            out.append(target)
    import pdfplumber
    from pdfminer.high_level import extract_text

    for pdf in list(out):
        # the PDF's text as copied out of it: line by line (as a viewer copies it), and as
        # pdfminer lays it out by default (text boxes: a table's columns one after another)
        with pdfplumber.open(pdf) as doc:
            by_line = "\n".join(page.extract_text() or "" for page in doc.pages)
        for kind, text in (("pdflines", by_line), ("pdftext", extract_text(str(pdf)))):
            n += 1
            target = folder / f"{n:03d}-{kind}-{pdf.stem.partition('-pdf-')[2]}.txt"
            target.write_text(text, encoding="utf-8")
            expected = (folder / f"{pdf.stem}.expected.yaml").read_text(encoding="utf-8")
            (folder / f"{target.stem}.expected.yaml").write_text(expected, encoding="utf-8")
            out.append(target)
    return out


SHAPES: dict[str, Shape | Page | Sheet] = {
    "fullwidth": Shape(fullwidth=True),
    "thousands": Shape(thousands=","),
    "thousands-cn": Shape(thousands="，"),
    "thousands-space": Shape(thousands=" "),
    "dash-blanks": Shape(t2_blank="—"),
    "slash-blanks": Shape(t2_blank="/"),
    "wu-blanks": Shape(t2_blank="无"),
    "lost-blanks": Shape(t2_blank=" "),
    "fee-decimal": Shape(fee="0.00"),
    "fee-dashes": Shape(fee="——"),
    "footnotes": Shape(footnotes=True),
    "running-header": Shape(running_header=5),
    "sup-notes": Shape(sup=True),
    "two-row-header": Shape(two_row_header=True),
    "group-totals": Shape(group_totals=True),
    "numbering-ascii": Shape(numbering="ascii"),
    "numbering-dun": Shape(numbering="dun"),
    "numbering-circled": Shape(numbering="circled"),
    "t4-rows": Shape(t4="rows"),
    "t4-column": Shape(t4="column"),
    "title-niandu": Shape(title="niandu"),
    "title-period": Shape(title="period"),
    "title-two-lines": Shape(title="two-lines"),
    "title-year-after": Shape(title="year-after"),
    "title-guanyu": Shape(title="guanyu"),
    "problems-title": Shape(problems_title="存在的主要问题及明年工作计划"),
    "problems-title-2": Shape(problems_title="存在的不足及改进措施"),
    "spaced-labels": Shape(spaced=True),
    "html-nested": Page(),
    "html-flat-header": Page(header="flat", layout_table=False),
    "html-br": Page(br_labels=True),
    "html-nbsp": Page(nbsp=True, spans=True),
    "html-split": Page(split=True),
    "html-numbers": Page(number_cells=True),
    "html-group-totals": Page(group_totals=True),
    "html-vertical": Page(vertical=True),
    "html-t4-parents": Page(t4_parents=True),
    "html-empty-zeros": Page(empty_zeros=True),
    "docx-merged": Sheet(),
    "docx-split": Sheet(split=True),
    "docx-blank-rows": Sheet(blank_rows=True, merged_labels=False),
    "docx-title-box": Sheet(title_box=True),
    "docx-in-table": Sheet(in_table=True, split=True),
    "docx-widths": Sheet(widths=True, split=True),
}
"""Held-out shapes (`tests/synthetic.py`: `Shape`, `Page`, `Sheet`), each on `SHAPED_ORGANS`
random organs (one in the 2019 layout); the Word shapes also as PDF (LibreOffice), when
`soffice` is installed, and that PDF's text as pdfminer lays it out (narrow table columns:
labels and numbers interleaved — to be left uncertain, never misread)."""
SHAPED_ORGANS = 4


def shaped_corpus() -> list[tuple[str, ReportData, Shape | Page | Sheet]]:
    out: list[tuple[str, ReportData, Shape | Page | Sheet]] = []
    for i, (name, shape) in enumerate(SHAPES.items()):
        for j in range(SHAPED_ORGANS):
            year = 2020 if j == 3 else 2022 + j
            out.append((name, random_data(5000 + 10 * i + j, year), shape))
    return out


PORTAL_REPORTS = 120
"""Random organs' reports as copied from portal pages (the common shape of published text)."""


def portal_corpus(count: int = PORTAL_REPORTS) -> list[tuple[ReportData, Portal]]:
    """Reports of random organs, in the shapes text copied from a portal takes, at about the
    frequencies they were met: most on one line with cells run together or irregularly
    spaced, some with their lines kept, some with labels apart from their values, some as
    Markdown under a lost header; a tenth in the 2019 layout."""
    out: list[tuple[ReportData, Portal]] = []
    for i in range(count):
        year = 2020 if i % 20 in (3, 16) else 2021 + i % 4
        data = random_data(1000 + i, year)
        kind = i % 10
        if kind < 5:
            shape = Portal(
                seed=i, space=(0.0, 0.2, 0.5)[i % 3], renumber=i % 4 == 0, wrapped=0.1 * (i % 2)
            )
        elif kind < 7:
            shape = Portal(seed=i, one_line=False, space=0.3, typos=0.2, wrapped=0.3)
        elif kind < 9:
            shape = Portal(seed=i, one_line=False, detached=True, space=0.5)
        else:
            shape = Portal(seed=i, one_line=False, markdown=True)
        out.append((data, shape))
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        raise SystemExit(2)
    files = make_corpus(Path(sys.argv[1]))
    print(f"{len(files)} reports written to {sys.argv[1]}")
