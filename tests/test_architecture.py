"""ARCHITECTURE.md stays true: every module is in its table, imports only go up the table, and
each heavy library is imported by its one module only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "nianbao"
ROW = re.compile(r"^\| `([^`]+)` \|", re.M)
ORDER = [u for u in ROW.findall((ROOT / "ARCHITECTURE.md").read_text("utf-8")) if u != "module"]

HEAVY = {
    "langchain_core": {"draft/llm.py"},
    "langchain_openai": {"draft/llm.py"},
    "openai": {"draft/llm.py"},
    "docx": {"render/docx.py", "extract/docx.py"},
    "pdfplumber": {"extract/pdf.py"},
    "pdfminer": {"extract/pdf.py"},
    "openpyxl": {"inputs/excel.py"},
    "lxml": {"extract/html.py"},
}


def _unit(rel: str) -> str | None:
    """The table row a source file belongs to (a file, or the longest folder prefix)."""
    if rel in ORDER:
        return rel
    folders = [u for u in ORDER if u.endswith("/") and rel.startswith(u)]
    if folders:
        return max(folders, key=len)
    package_init = rel.removesuffix("__init__.py")
    return next((u for u in ORDER if u.startswith(package_init) and package_init), None)


SOURCES = sorted(
    str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if p.name != "__init__.py" or p.parent != SRC
)


def test_every_module_is_in_the_table() -> None:
    assert [rel for rel in SOURCES if _unit(rel) is None] == []


def _target(dotted: str) -> str | None:
    path = dotted.replace(".", "/")
    for candidate in (f"{path}.py", f"{path}/__init__.py"):
        if (SRC / candidate).exists():
            return _unit(candidate)
    return None


@pytest.mark.parametrize("rel", SOURCES)
def test_imports_go_up_the_table(rel: str) -> None:
    here = _unit(rel)
    assert here is not None
    text = (SRC / rel).read_text("utf-8")
    for dotted in re.findall(r"(?:from|import) nianbao\.([\w.]+)", text):
        there = _target(dotted)
        if there is None or there == here:
            continue
        assert ORDER.index(there) < ORDER.index(here), f"{rel} imports {dotted} ({there})"


@pytest.mark.parametrize("library", sorted(HEAVY))
def test_heavy_libraries_stay_behind_their_module(library: str) -> None:
    pattern = re.compile(rf"^\s*(?:import|from) {library}(?:\.|\s|$)", re.M)
    importers = {rel for rel in SOURCES if pattern.search((SRC / rel).read_text("utf-8"))}
    assert importers <= HEAVY[library]
