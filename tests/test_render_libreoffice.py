"""The Word file opens in LibreOffice: converted to PDF, its text holds the title, the headings
and the merged table headers, and its first pages turn into PNG images.

Skipped only when LibreOffice is not installed (`.ci/run` installs it, with poppler-utils and
fonts-noto-cjk, so CI runs it). `tests/fixtures/fonts.conf` maps the official 公文 fonts, which
Debian does not ship, to Noto CJK for the preview.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from nianbao.load import load_counts
from nianbao.narrative import narrative_from_markdown
from nianbao.render import write_report
from tests.pages import ROOT, SOFFICE, to_pdf

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


@pytest.mark.parametrize(
    ("counts", "narrative"),
    [
        (
            "examples/qingshi-bureau-2024/counts.yaml",
            "tests/fixtures/narrative-qingshi-bureau-2024.md",
        ),
        ("tests/fixtures/trial-2020.yaml", "tests/fixtures/narrative-trial-2020.md"),
    ],
)
def test_word_file_opens_in_libreoffice(counts: str, narrative: str, tmp_path: Path) -> None:
    data = load_counts(ROOT / counts)
    text = narrative_from_markdown((ROOT / narrative).read_text(encoding="utf-8"))
    write_report(data, text, tmp_path, ["docx"])
    pdf = to_pdf(tmp_path / "report.docx", tmp_path)

    plain = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = re.sub(r"\s+", "", plain)
    assert f"{data.organ}{data.year}年政府信息公开工作年度报告" in flat
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert heading in flat, heading
    for header in (
        "申请人情况",
        "法人或其他组织",
        "未经复议直接起诉",
        "复议后起诉",
        "第二十条第（一）项",
    ):
        assert header in flat, header
    assert "第一项加第二项之和" in flat

    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2 and all(p.stat().st_size > 10_000 for p in pages)
