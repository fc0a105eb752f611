"""The README's three pictures, made from the current code: `make screenshots`.

The bureau example (`examples/qingshi-bureau-2024`, with last year's file) is drafted offline by
the built-in writer, then:
- report-docx-page1.png: page 1 of report.docx, converted by LibreOffice (tests.pages.to_pdf);
- review-desktop.png: review.html at 1280 × 860, scrolled to 依申请公开, the tooltip of the
  first figure of 新收申请 shown;
- review-phone.png: review.html at 390 × 844, after a tap on that figure.

Needs LibreOffice, poppler-utils and Debian's chromium (what `.ci/run` installs).
Usage: python docs/screenshots.py [OUT_FOLDER]   (default: docs/)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import ARGS, CHROMIUM  # noqa: E402
from tests.pages import PDFTOPPM, to_pdf  # noqa: E402

EXAMPLE = ROOT / "examples" / "qingshi-bureau-2024"
FIGURE = 'a.fig[data-go^="t3.new.total"]'


def draft(out: Path) -> Path:
    bin_dir = Path(sys.executable).parent
    exe = bin_dir / "draft-report" if (bin_dir / "draft-report").exists() else "draft-report"
    subprocess.run(
        [
            str(exe),
            "--data",
            str(EXAMPLE / "counts.yaml"),
            "--prior",
            str(EXAMPLE / "counts-2023.yaml"),
            "--out",
            str(out),
            "--offline",
        ],
        check=True,
        capture_output=True,
    )
    return out


def docx_page(report: Path, work: Path, target: Path) -> None:
    assert PDFTOPPM is not None, "poppler-utils is not installed"
    pdf = to_pdf(report, work)
    stem = work / "page1"
    subprocess.run(
        [PDFTOPPM, "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(stem)],
        check=True,
        capture_output=True,
    )
    _palette(stem.with_suffix(".png"), target)


def review_pictures(review: Path, desktop: Path, phone: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(review.as_uri())
        fig = page.locator(FIGURE).first
        page.evaluate(
            "el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 300)",
            fig.element_handle(),
        )
        fig.hover()
        page.screenshot(path=str(desktop.with_suffix(".raw.png")))
        page.close()
        phone_page = browser.new_page(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        phone_page.goto(review.as_uri())
        fig = phone_page.locator(FIGURE).first
        fig.scroll_into_view_if_needed()
        fig.tap()
        phone_page.screenshot(path=str(phone.with_suffix(".raw.png")))
        browser.close()
    for target in (desktop, phone):
        raw = target.with_suffix(".raw.png")
        _palette(raw, target)
        raw.unlink()


def _palette(source: Path, target: Path) -> None:
    """A 256-colour PNG: a tenth of the size, no visible difference for text and tables."""
    from PIL import Image

    with Image.open(source) as im:
        im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
            target, optimize=True
        )


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        drafted = draft(work / "draft")
        docx_page(drafted / "report.docx", work, out / "report-docx-page1.png")
        review_pictures(
            drafted / "review.html", out / "review-desktop.png", out / "review-phone.png"
        )
    for name in ("report-docx-page1.png", "review-desktop.png", "review-phone.png"):
        print(f"wrote {out / name} ({(out / name).stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
