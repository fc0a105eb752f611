"""`nianbao check report.docx --data counts.yaml`: the clerk's edited Word file against the data.

For each of the three examples, report.docx is rendered with the built-in writer; then each table
cell and each narrative figure is changed in turn (python-docx, as a clerk would in Word) and the
check must report every change, while the unedited files (.docx, .html, .md) give no finding at
all. Table cells are changed a dozen at a time (each changed cell must be named by its own D-1
finding with the printed and the expected value); narrative figures one at a time.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from nianbao.audit import check_file, load_prior
from nianbao.cli import app
from nianbao.draft.drafter import draft
from nianbao.draft.settings import ModelSettings
from nianbao.edited import compare_with_data
from nianbao.load import load_counts
from nianbao.render import report_files

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {
    "guguantun-2024": None,
    "qingshi-bureau-2024": "counts-2023.yaml",
    "lanjiang-city-2024": "counts-2023.yaml",
}
TODAY = "2026-11-28"
runner = CliRunner()

# a figure the narrative states: a count with its measure word, a share, an amount; or a year
FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=\s*(件|条|篇|期|场|个|名|次|万元|%|％))")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)")
CELL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")
NARRATIVE_START = "一、总体情况"
NARRATIVE_PAUSE = "二、主动公开政府信息情况"
NARRATIVE_RESUME = "五、存在的主要问题及改进情况"


@dataclass
class Example:
    name: str
    counts: Path
    prior: Path | None
    files: dict[str, Path]  # suffix → the unedited report file


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Example]:
    out: dict[str, Example] = {}
    for name, prior_name in EXAMPLES.items():
        folder = ROOT / "examples" / name
        counts = folder / "counts.yaml"
        prior = folder / prior_name if prior_name else None
        data = load_counts(counts)
        result = draft(
            data,
            prior=load_counts(prior) if prior else None,
            settings=ModelSettings(offline=True),
        )
        target = tmp_path_factory.mktemp(name)
        files: dict[str, Path] = {}
        for path, content in report_files(data, result.narrative, target).items():
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
            files[path.suffix] = path
        out[name] = Example(name, counts, prior, files)
    return out


def _check(ex: Example, path: Path) -> list[tuple[str, str, str, str, str]]:
    """(rule, severity, message+quote, expected, actual) of every finding `check --data` gives."""
    prior = load_prior(ex.prior) if ex.prior else None
    data = load_counts(ex.counts)
    against = partial(compare_with_data, data=data, prior=prior.data if prior else None)
    report = check_file(path, prior, today=None, against=against)
    assert report.error is None, report.error
    return [
        (f.rule, f.severity, f.message + (f.quote or ""), f.expected or "", f.actual or "")
        for f in report.findings
    ]


# --- unedited files: nothing to report ------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXAMPLES))
@pytest.mark.parametrize("suffix", [".docx", ".html", ".md"])
def test_unedited_report_has_no_finding(
    rendered: dict[str, Example], name: str, suffix: str
) -> None:
    ex = rendered[name]
    args = ["check", str(ex.files[suffix]), "--data", str(ex.counts), "--today", TODAY]
    if ex.prior:
        args += ["--prior", str(ex.prior)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "错误 0 · 警告 0 · 提示 0" in result.stdout, result.stdout
    assert "未发现问题 / no problems found" in result.stdout
    assert "序号" not in result.stdout  # 一是/二是 lists in separate paragraphs are separate lists


# --- table cells ----------------------------------------------------------------------------------


def _value_cells(document: docx.document.Document) -> list[docx.table._Cell]:
    seen: set[object] = set()  # the cells' XML elements (merged cells repeat), kept alive here
    cells = []
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                if CELL.match(cell.text):
                    cells.append(cell)
    return cells


def _bump(text: str, by: int) -> str:
    """The number in `text` plus `by` (decimals keep their places)."""
    if "." in text:
        whole, _, frac = text.partition(".")
        return f"{int(whole) + by}.{frac}"
    return str(int(text) + by)


def _set_cell(cell: docx.table._Cell, new: str) -> None:
    runs = [r for p in cell.paragraphs for r in p.runs]
    assert runs, cell.text
    runs[0].text = new
    for r in runs[1:]:
        r.text = ""


PER_BATCH = 12


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_changed_table_cell_is_reported(
    rendered: dict[str, Example], name: str, tmp_path: Path
) -> None:
    ex = rendered[name]
    original = ex.files[".docx"].read_bytes()
    count = len(_value_cells(docx.Document(io.BytesIO(original))))
    assert count >= 150  # tables 二, 三 and 四 as printed
    batches = math.ceil(count / PER_BATCH)
    missed: list[str] = []
    for b in range(batches):
        doc = docx.Document(io.BytesIO(original))
        changed: Counter[tuple[str, str]] = Counter()
        for i, cell in enumerate(_value_cells(doc)):
            if i % batches != b:
                continue
            old = CELL.match(cell.text).group(1)  # type: ignore[union-attr]
            new = _bump(old, 7 + i % 5)
            _set_cell(cell, new)
            changed[(old, new)] += 1
        path = tmp_path / f"{name}-cells-{b}.docx"
        doc.save(str(path))
        found = Counter(
            (expected, actual) for rule, _, _, expected, actual in _check(ex, path) if rule == "D-1"
        )
        missed += [f"{old}→{new}" for (old, new), n in (changed - found).items() for _ in range(n)]
    assert not missed, f"changed cells not reported in {name}: {missed}"


# --- narrative figures ----------------------------------------------------------------------------


def _narrative_runs(document: docx.document.Document) -> list[tuple[int, int]]:
    """(paragraph index, run index) of every run of parts 一, 五 and 六 (tables excluded)."""
    inside = False
    out = []
    for p_index, p in enumerate(document.paragraphs):
        text = p.text.strip()
        if text.startswith((NARRATIVE_START, NARRATIVE_RESUME)):
            inside = True
        elif text.startswith(NARRATIVE_PAUSE):
            inside = False
        if inside:
            out.extend((p_index, r_index) for r_index in range(len(p.runs)))
    return out


def _figure_edits(original: bytes) -> list[tuple[int, int, int, int, str, str]]:
    """Every figure of the narrative and its edits: (paragraph, run, start, end, old, new).
    A count is raised by 10, and also replaced by another figure of the same paragraph with the
    same unit (a figure of the wrong row: the edit that looks right); a year goes back by one."""
    doc = docx.Document(io.BytesIO(original))
    edits = []
    for p_index, r_index in _narrative_runs(doc):
        text = doc.paragraphs[p_index].runs[r_index].text
        found = list(FIGURE.finditer(text))
        for m in found:
            old = m.group(1)
            edits.append((p_index, r_index, m.start(1), m.end(1), old, _bump(old, 10)))
            other = next(
                (o.group(1) for o in found if o.group(2) == m.group(2) and o.group(1) != old), None
            )
            if other is not None:
                edits.append((p_index, r_index, m.start(1), m.end(1), old, other))
        for m in YEAR.finditer(text):
            year = m.group(1)
            edits.append((p_index, r_index, m.start(1), m.end(1), year, str(int(year) - 1)))
    return edits


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_changed_narrative_figure_is_reported(
    rendered: dict[str, Example], name: str, tmp_path: Path
) -> None:
    ex = rendered[name]
    original = ex.files[".docx"].read_bytes()
    edits = _figure_edits(original)
    assert len(edits) >= 10
    missed: list[str] = []
    for n, (p_index, r_index, start, end, old, new) in enumerate(edits):
        doc = docx.Document(io.BytesIO(original))
        run = doc.paragraphs[p_index].runs[r_index]
        sentence = run.text
        run.text = sentence[:start] + new + sentence[end:]
        path = tmp_path / f"{name}-figure-{n}.docx"
        doc.save(str(path))
        serious = [f for f in _check(ex, path) if f[1] in ("error", "warning")]
        if not serious:
            missed.append(f"{old}→{new} in “{sentence[max(0, start - 20) : end + 10]}”")
    assert not missed, f"{len(missed)} of {len(edits)} edits passed in {name}:\n" + "\n".join(
        missed
    )


def test_cli_names_the_changed_cell(rendered: dict[str, Example], tmp_path: Path) -> None:
    """A table cell changed in Word: 行政许可 1286 → 1296."""
    ex = rendered["qingshi-bureau-2024"]
    doc = docx.Document(str(ex.files[".docx"]))
    for cell in _value_cells(doc):
        if cell.text.strip() == "1286":
            _set_cell(cell, "1296")
    edited = tmp_path / "edited.docx"
    doc.save(str(edited))
    result = runner.invoke(
        app,
        [
            "check",
            str(edited),
            "--data",
            str(ex.counts),
            "--prior",
            str(ex.prior),
            "--today",
            TODAY,
        ],
    )
    assert result.exit_code == 1, result.output
    assert (
        "错误 D-1 表二 第二十条第（五）项 行政许可 × 本年处理决定数量: 报告印为 1296，数据文件为 1286"
        in result.stdout
    )


def test_another_counts_file_is_reported(rendered: dict[str, Example]) -> None:
    ex = rendered["guguantun-2024"]
    other = ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml"
    result = runner.invoke(
        app, ["check", str(ex.files[".docx"]), "--data", str(other), "--today", TODAY]
    )
    assert result.exit_code == 1
    assert "D-2" in result.stdout and "青石县自然资源局" in result.stdout
