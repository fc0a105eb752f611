from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's data folder and from real endpoints."""
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "nianbao-home"))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "NIANBAO_MODEL", "NIANBAO_BASE_URL"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def seed() -> Path:
    return EXAMPLES / "guguantun-2024" / "counts.yaml"


@pytest.fixture
def bureau() -> Path:
    return EXAMPLES / "qingshi-bureau-2024" / "counts.yaml"


@pytest.fixture
def bureau_prior() -> Path:
    return EXAMPLES / "qingshi-bureau-2024" / "counts-2023.yaml"


# Debian's Chromium, driven by Playwright's Python package (a browser download cannot work here)
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for a test module (the browser tests skip when it is missing)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
