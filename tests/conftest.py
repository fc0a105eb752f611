from __future__ import annotations

from pathlib import Path

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
