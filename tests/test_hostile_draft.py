"""Hostile input to `draft-report` (offline: the built-in writer, no endpoint needed): random
documents, random cell values, random Unicode in the text fields and a random prior file.
Whatever the file holds: a clean exit 1 or 2 with a message and nothing written, or exit 0 with
the whole report written and every figure in it verified. Never a traceback."""

from __future__ import annotations

import copy
import json
import string
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nianbao.cli.draft import draft_report_app
from nianbao.load import load_counts
from tests.claims import wrong_claims
from tests.test_hostile_input import CELL_PATHS as BUREAU_CELL_PATHS
from tests.test_hostile_input import _paths, values

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "examples/guguantun-2024/counts.yaml"
SEED: dict[str, Any] = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
runner = CliRunner()
SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FILES = ["draft.json", "report.docx", "report.html", "report.md", "review.html"]

CELL_PATHS = [p for p in _paths(SEED) if p[0] in ("active", "applications", "review_litigation")]


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


TEXT_PATHS = [
    p
    for p in _paths(SEED)
    if p[0] in ("organ", "contact", "notes", "figures") and isinstance(_get(SEED, p), str)
]
assert ("organ",) in TEXT_PATHS and ("notes", "on_request") in TEXT_PATHS


def _draft(data: Path, folder: Path, *extra: str) -> None:
    out = Path(tempfile.mkdtemp(dir=folder)) / "out"  # hypothesis reuses tmp_path: a fresh one
    result = runner.invoke(
        draft_report_app(),
        ["--data", str(data), "--out", str(out), "--offline", "--today", "2026-11-28", *extra],
    )
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), output
    assert "Traceback" not in output and "内部错误" not in output, output
    if result.exit_code != 0:
        assert result.stderr.strip()  # a message saying what is wrong
        assert not out.exists() or list(out.iterdir()) == []  # nothing written
        return
    assert (
        sorted(
            p.name for p in out.iterdir() if p.name not in (".nianbao-files.json", ".nianbao.lock")
        )
        == FILES
    )
    with zipfile.ZipFile(out / "report.docx") as z:
        assert "word/document.xml" in z.namelist()
    # judged by the tests' own patterns, not by the verifier under test
    assert wrong_claims((out / "report.md").read_text("utf-8"), load_counts(data)) == []


@SETTINGS
@given(doc=values)
def test_random_documents(tmp_path: Path, doc: Any) -> None:
    p = tmp_path / "random.json"
    p.write_text(json.dumps(doc, ensure_ascii=False, default=str), encoding="utf-8")
    _draft(p, tmp_path)


@SETTINGS
@given(text=st.text(max_size=400))
def test_random_text_as_yaml(tmp_path: Path, text: str) -> None:
    p = tmp_path / "random.yaml"
    p.write_text(text, encoding="utf-8", errors="surrogatepass")
    _draft(p, tmp_path)


@SETTINGS
@given(where=st.sampled_from(CELL_PATHS), value=values)
def test_random_cell_values(tmp_path: Path, where: tuple[Any, ...], value: Any) -> None:
    doc = copy.deepcopy(SEED)
    _set(doc, where, value)
    p = tmp_path / "cell.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _draft(p, tmp_path)


@SETTINGS
@given(where=st.sampled_from(CELL_PATHS), value=st.integers(min_value=-(10**40), max_value=10**40))
def test_random_integers_in_cells(tmp_path: Path, where: tuple[Any, ...], value: int) -> None:
    """Negative and huge counts: refused by the checks (exit 1) or the loader (exit 2)."""
    doc = copy.deepcopy(SEED)
    _set(doc, where, value)
    p = tmp_path / "cell.json"
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _draft(p, tmp_path)


unicode_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=60
) | st.text(alphabet=string.printable + "\x00\x0b\x1f\u200b\u202e\ufeff\uffff", max_size=30)


@SETTINGS
@given(where=st.sampled_from(TEXT_PATHS), text=unicode_text)
def test_random_unicode_in_text_fields(tmp_path: Path, where: tuple[Any, ...], text: str) -> None:
    """Any Unicode in the organ's name, the contact, the notes or a figure's label: drafted and
    rendered (Word included), or refused with the key and line."""
    doc = copy.deepcopy(SEED)
    _set(doc, where, text)
    p = tmp_path / "text.json"
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _draft(p, tmp_path)


@SETTINGS
@given(where=st.sampled_from(BUREAU_CELL_PATHS[:40]), value=values)
def test_random_prior_file(tmp_path: Path, where: tuple[Any, ...], value: Any) -> None:
    prior = yaml.safe_load(
        (ROOT / "examples/qingshi-bureau-2024/counts-2023.yaml").read_text(encoding="utf-8")
    )
    try:
        _set(prior, where, value)
    except (KeyError, IndexError, TypeError):
        return  # the path does not exist in last year's file
    p = tmp_path / "prior.yaml"
    p.write_text(yaml.safe_dump(prior, allow_unicode=True), encoding="utf-8")
    _draft(ROOT / "examples/qingshi-bureau-2024/counts.yaml", tmp_path, "--prior", str(p))


def test_control_character_is_refused_with_its_key_and_line(tmp_path: Path) -> None:
    text = SEED_FILE.read_text("utf-8").replace(
        "  on_request: >-\n", '  on_request: "申请\\x0b均按时答复"\n  ignored: >-\n'
    )
    p = tmp_path / "ctl.yaml"
    p.write_text(text, encoding="utf-8")
    result = runner.invoke(
        draft_report_app(), ["--data", str(p), "--offline", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2, result.output
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "申请\\x0b" in s)
    assert f"ctl.yaml:{line}: notes.on_request: 含有不可见的控制字符 U+000B" in result.stderr
    assert not (tmp_path / "o").exists()


def test_yaml_never_constructs_objects(tmp_path: Path) -> None:
    """Python tags in a counts file are refused: safe loading, no object construction."""
    marker = tmp_path / "pwned"
    p = tmp_path / "evil.yaml"
    p.write_text(
        f"organ: !!python/object/apply:os.system ['touch {marker}']\nyear: 2024\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        draft_report_app(), ["--data", str(p), "--offline", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2, result.output
    assert "YAML" in result.stderr
    assert not marker.exists()
