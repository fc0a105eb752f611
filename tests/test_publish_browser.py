"""report.html and review.html looked at in a real browser, at a desktop (1280 px) and a phone
(390 px, touch) width, as the organ publishing them and the reviewer on the road would: no
sideways page scroll, the title broken only between words, no table header wrapping one
character onto a line of its own, table 三's numbers apart from each other, the table rules still
there when a portal strips the `<style>` block, and on a touch screen a tap that shows a figure's
source before a second tap jumps to it.

Headless Chromium (Debian's `/usr/bin/chromium`, driven by Playwright's Python package, launched
as in tests/test_review_browser.py). Screenshots are kept in the test's tmp folder, and copied to
NIANBAO_SCREENSHOTS=<folder> when that is set. Skipped only when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from nianbao.draft.drafter import draft
from nianbao.draft.settings import ModelSettings
from nianbao.narrative import narrative_from_markdown
from nianbao.render.review import render_review
from nianbao.review import review_draft, review_narrative
from tests.conftest import CHROMIUM
from tests.pages import EXAMPLES, example_data, example_report_files

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")


def open_page(browser: Any, url: str, device: dict[str, Any]) -> Any:
    context = browser.new_context(**device)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(f"error: {e}"))
    page.goto(url)
    return page


def keep(page: Any, shot: Path, *, full_page: bool = True) -> Path:
    page.screenshot(path=str(shot), full_page=full_page)
    folder = os.environ.get("NIANBAO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)
    return shot


# --- measurements in the page ------------------------------------------------------------------

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

OVERLAPS = """(sel) => {
  // each number's text box: inside its own cell, and 4 px clear of the next number in the row
  const out = [];
  for (const tr of document.querySelectorAll(sel + ' tbody tr')) {
    const boxes = [];
    for (const td of tr.querySelectorAll('td')) {
      const text = td.textContent.trim();
      if (!text) continue;
      const range = document.createRange();
      range.selectNodeContents(td);
      const b = range.getBoundingClientRect(), c = td.getBoundingClientRect();
      if (b.left < c.left - 0.5 || b.right > c.right + 0.5) out.push('outside its cell: ' + text);
      boxes.push([b.left, b.right, text]);
    }
    boxes.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < boxes.length; i++) {
      if (boxes[i][0] < boxes[i - 1][1] + 4) out.push(boxes[i - 1][2] + ' runs into ' + boxes[i][2]);
    }
  }
  return out;
}"""

LONE_CHARACTERS = """(sel) => {
  // elements whose text wraps with a single character alone on its last line
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    const node = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const tops = [];
    while (node.nextNode()) {
      const t = node.currentNode;
      for (let i = 0; i < t.length; i++) {
        if (!t.data[i].trim()) continue;
        const r = document.createRange();
        r.setStart(t, i); r.setEnd(t, i + 1);
        const box = r.getBoundingClientRect();
        if (box.width) tops.push(Math.round(box.top));
      }
    }
    const lines = [];
    for (const top of tops) {
      const line = lines.find(l => Math.abs(l.top - top) < 4);
      if (line) line.n++; else lines.push({top: top, n: 1});
    }
    if (tops.length > 2 && lines.length > 1 && lines[lines.length - 1].n === 1) {
      out.push(el.textContent.trim());
    }
  }
  return out;
}"""

WORDS_WHOLE = """() => {
  // the title: each word on one line; the organ's words above the year line
  const words = [...document.querySelectorAll('h1 .w')];
  const lines = words.map(w => {
    const r = document.createRange(); r.selectNodeContents(w);
    return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size;
  });
  const year = words.findIndex(w => /^\\d{4}年$/.test(w.textContent));
  return {
    split: words.filter((w, i) => lines[i] > 1).map(w => w.textContent),
    organBelowYear: words.slice(0, year).some(
      w => w.getBoundingClientRect().top >= words[year].getBoundingClientRect().top),
    year: year,
  };
}"""

BORDERLESS = """() => {
  const out = [];
  for (const cell of document.querySelectorAll('table td, table th')) {
    const s = getComputedStyle(cell);
    if (s.borderTopStyle === 'none' || parseFloat(s.borderTopWidth) < 0.5 ||
        s.borderLeftStyle === 'none' || parseFloat(s.borderLeftWidth) < 0.5) {
      out.push(cell.textContent.trim() || cell.id);
    }
  }
  return out;
}"""


# --- report.html ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=EXAMPLES)
def report_html(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_report_files(request.param, tmp_path_factory.mktemp(request.param), "html")


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["1280", "390"])
def test_report_page_at_desktop_and_phone_width(
    browser: Any, report_html: Path, device: dict[str, Any], tmp_path: Path
) -> None:
    page = open_page(browser, report_html.as_uri(), device)
    width = device["viewport"]["width"]
    keep(page, tmp_path / f"report-{report_html.parent.name}-{width}.png")
    assert page.evaluate(SIDEWAYS) <= 0, "the page scrolls sideways"
    title = page.evaluate(WORDS_WHOLE)
    assert title["year"] > 0 and title["split"] == [] and not title["organBelowYear"], title
    assert page.evaluate(OVERLAPS, "table.t-applications") == []
    assert page.evaluate(OVERLAPS, "table.t-review") == []
    if width >= 1280:  # on a desktop no header leaves one character on a line of its own
        assert page.evaluate(LONE_CHARACTERS, "table th:not(.vertical), h1, h2") == []
    assert page.problems == []
    page.context.close()


def test_report_tables_keep_their_rules_without_the_style_block(
    browser: Any, report_html: Path, tmp_path: Path
) -> None:
    page = open_page(browser, report_html.as_uri(), DESKTOP)
    assert page.evaluate(BORDERLESS) == []
    # a portal editor strips <style>: the rules and the alignment stay
    page.evaluate("document.querySelectorAll('style').forEach(s => s.remove())")
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert page.evaluate(BORDERLESS) == []
    align = page.evaluate(
        "[...document.querySelectorAll('table.t-applications td')].map("
        "td => getComputedStyle(td).textAlign)"
    )
    assert align and set(align) == {"center"}
    keep(page, tmp_path / f"report-{report_html.parent.name}-nostyle.png")
    page.context.close()


def _filled(png: Path) -> float:
    """How far down a printed page its content reaches (0–1 of the page height)."""
    from PIL import Image, ImageOps

    img = ImageOps.invert(ImageOps.grayscale(Image.open(png)))
    box = img.point(lambda v: 255 if v > 40 else 0).getbbox()
    return 0.0 if box is None else box[3] / img.height


def test_report_prints_without_a_mostly_blank_page(
    browser: Any, report_html: Path, tmp_path: Path
) -> None:
    """Printed on A4, every page but the last is filled at least half-way down."""
    from tests.pages import page_images

    page = open_page(browser, report_html.as_uri(), DESKTOP)
    pdf = tmp_path / "print.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.context.close()
    fill = [round(_filled(p), 2) for p in page_images(pdf, tmp_path)]
    assert len(fill) >= 3 and all(f >= 0.5 for f in fill[:-1]), fill


# --- review.html ---------------------------------------------------------------------------------

OFFLINE = ModelSettings(offline=True)


def _review(name: str, folder: Path) -> Path:
    data, prior = example_data(name)
    # Playwright's sync API runs an event loop in this thread; drafting runs its own
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(draft, data, settings=OFFLINE, prior=prior).result()
    page = review_draft(data, result, prior=prior)
    out = folder / "review.html"
    out.write_text(render_review(page), "utf-8")
    return out


@pytest.fixture(scope="module", params=EXAMPLES)
def review_html(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _review(request.param, tmp_path_factory.mktemp(request.param))


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["1280", "390"])
def test_review_page_at_desktop_and_phone_width(
    browser: Any, review_html: Path, device: dict[str, Any], tmp_path: Path
) -> None:
    page = open_page(browser, review_html.as_uri(), device)
    width = device["viewport"]["width"]
    keep(page, tmp_path / f"review-{review_html.parent.name}-{width}.png")
    assert page.evaluate(SIDEWAYS) <= 0, "the page scrolls sideways"
    # a table wider than the phone scrolls inside its own box, which the page contains
    for wrap in page.locator(".table-wrap").all():
        box = wrap.bounding_box()
        assert box["x"] >= -0.5 and box["x"] + box["width"] <= width + 0.5
    assert page.evaluate(OVERLAPS, "table.t-applications") == []
    if width >= 1280:
        assert page.evaluate(LONE_CHARACTERS, "table th:not(.vertical), h1") == []
    # the legend's samples are words, never a count such as "12"
    samples = page.locator(".legend .sample").all_inner_texts()
    assert samples and not any(ch.isdigit() for s in samples for ch in s)
    assert page.problems == []
    page.context.close()


def test_tap_shows_the_source_and_a_second_tap_jumps(browser: Any, tmp_path: Path) -> None:
    html = _review("qingshi-bureau-2024", tmp_path)  # with last year's counts
    page = open_page(browser, html.as_uri(), PHONE)
    fig = page.locator('a.fig[data-go^="t3.new.total"]').first
    targets = (fig.get_attribute("data-go") or "").split()
    assert "cmp-t3.new.total" in targets  # last year's cell beside this year's
    fig.scroll_into_view_if_needed()
    tip = page.locator(f"#tip-{fig.get_attribute('id')}")
    assert tip.is_hidden()
    fig.tap()
    assert tip.is_visible(), "a tap shows the source"
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
    assert page.evaluate(SIDEWAYS) <= 0
    text = tip.inner_text()
    assert "2023年 / last year：133件" in text
    assert "hl" not in (page.locator('[id="t3.new.total"]').get_attribute("class") or "")
    keep(page, tmp_path / "review-tap-390.png", full_page=False)
    fig.tap()  # the second tap jumps: both years' cells are highlighted
    for cell in ("t3.new.total", "cmp-t3.new.total"):
        assert "hl" in (page.locator(f'[id="{cell}"]').get_attribute("class") or "").split()
    assert page.evaluate("document.activeElement.id") == "t3.new.total"
    keep(page, tmp_path / "review-jump-390.png", full_page=False)
    assert page.problems == []
    page.context.close()


def test_mouse_click_still_jumps_at_once(browser: Any, tmp_path: Path) -> None:
    page = open_page(browser, _review("guguantun-2024", tmp_path).as_uri(), DESKTOP)
    fig = page.locator('a.fig[data-go^="t3.new.total"]').first
    fig.click()
    assert "hl" in (page.locator('[id="t3.new.total"]').get_attribute("class") or "").split()
    page.context.close()


_SHARE = """<!-- 合成的叙述 / synthetic -->

## 一、总体情况

### （二）依申请公开

全年办结申请172件，其中予以公开和部分公开共87件，占办结总数的50.6%。
"""


def test_derived_figure_tooltip_shows_the_computation(browser: Any, tmp_path: Path) -> None:
    data, prior = example_data("qingshi-bureau-2024")
    page_model = review_narrative(data, narrative_from_markdown(_SHARE), prior=prior)
    html = tmp_path / "review.html"
    html.write_text(render_review(page_model), "utf-8")
    page = open_page(browser, html.as_uri(), DESKTOP)
    fig = page.locator("a.fig", has_text="50.6%").first
    fig.hover()
    text = page.locator(f"#tip-{fig.get_attribute('id')}").inner_text()
    assert "予以公开 69 + 部分公开 18 = 87 ÷ 办结总数 172 = 50.6%" in text
    assert "87 / " not in text and "18 / " not in text  # "/" only separates the languages
    keep(page, tmp_path / "review-formula-1280.png", full_page=False)
    page.context.close()
