"""The Word file as a person sees it: report.docx converted to PDF by LibreOffice, each page an
image; images compared the robust way (both scaled down to a small grey thumbnail, then the mean
absolute difference of the pixels), so that a font hinting or anti-aliasing difference passes
and a moved table, a lost line or a split title does not.

Used by tests/test_render_pages.py and by `make golden` (tests/regen_golden.py), which writes
the golden page images under tests/golden/<case>/pages/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageChops, ImageOps, ImageStat

if TYPE_CHECKING:
    from nianbao.model import ReportData
    from nianbao.narrative import Narrative
    from nianbao.render import Format

ROOT = Path(__file__).resolve().parent.parent
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")
DPI = 30
"""Resolution of the golden page images (an A4 page: 248 × 351 pixels)."""
THUMB = (62, 88)
"""Both images are scaled down to this before comparing."""
TOLERANCE = 0.004
"""Largest mean absolute difference (0–1) of two pages that count as the same: a re-render on
the same system gives 0; the title set on one line instead of two gives 0.0075 on page 1; two
different reports in the same layout 0.016–0.021."""

EXAMPLES = ("guguantun-2024", "qingshi-bureau-2024", "register-2024")
"""The examples whose Word file is compared page by page."""


def example_data(name: str) -> tuple[ReportData, ReportData | None]:
    """An example's counts (and last year's, where the example has them)."""
    from nianbao.load import load_counts

    root = ROOT / "examples" / name
    if not (root / "counts.yaml").exists():  # the register example: notes + the register's tally
        from nianbao.inputs.register import apply_tally, tally_register

        base = load_counts(root / "notes.yaml")
        return apply_tally(base, tally_register(root / "applications.csv", base.year)), None
    prior = root / "counts-2023.yaml"
    return load_counts(root / "counts.yaml"), load_counts(prior) if prior.exists() else None


def example_narrative(name: str) -> Narrative | None:
    """The synthetic narrative of an example (tests/fixtures/narrative-<name>.md), if any."""
    from nianbao.narrative import narrative_from_markdown

    md = ROOT / "tests" / "fixtures" / f"narrative-{name}.md"
    return narrative_from_markdown(md.read_text("utf-8")) if md.exists() else None


def example_report_files(name: str, out: Path, fmt: Format = "docx") -> Path:
    """report.docx (or .html) of an example, with its synthetic narrative, in `out`."""
    from nianbao.render import FILE_NAMES, write_report

    data, _ = example_data(name)
    write_report(data, example_narrative(name), out, [fmt])
    return out / FILE_NAMES[fmt]


def to_pdf(docx: Path, out: Path) -> Path:
    """Convert with LibreOffice, a private profile and the preview fonts (tests/fixtures/fonts.conf
    maps the official 公文 fonts, which Debian does not ship, to Noto CJK)."""
    assert SOFFICE is not None, "LibreOffice is not installed"
    env = dict(os.environ, FONTCONFIG_FILE=str(ROOT / "tests/fixtures/fonts.conf"), HOME=str(out))
    profile = (out / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    pdf = out / (docx.stem + ".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


def page_images(pdf: Path, out: Path, dpi: int = DPI) -> list[Path]:
    """Each page of the PDF as a greyscale PNG (page-1.png, …)."""
    assert PDFTOPPM is not None, "poppler-utils is not installed"
    for old in out.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        [PDFTOPPM, "-r", str(dpi), "-gray", "-png", str(pdf), str(out / "page")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = sorted(out.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    for i, p in enumerate(pages, start=1):  # pdftoppm pads the number by the page count
        p.rename(out / f"page-{i}.png")
    return [out / f"page-{i}.png" for i in range(1, len(pages) + 1)]


def difference(a: Path, b: Path) -> float:
    """Mean absolute difference (0 = same, 1 = black against white) of two page images, both
    scaled down to a small greyscale thumbnail first."""
    ia, ib = (ImageOps.grayscale(Image.open(p)).resize(THUMB, Image.Resampling.BOX) for p in (a, b))
    return float(ImageStat.Stat(ImageChops.difference(ia, ib)).mean[0]) / 255


def write_golden_pages(name: str, folder: Path, work: Path) -> list[Path]:
    """Regenerate tests/golden/<name>/pages/page-N.png."""
    pdf = to_pdf(example_report_files(name, work), work)
    pages = page_images(pdf, work)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    out = []
    for p in pages:
        target = folder / p.name
        shutil.copy(p, target)
        out.append(target)
    return out
