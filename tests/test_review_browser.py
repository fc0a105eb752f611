"""The review page in a real browser: headless Chromium (Debian's `chromium`, driven by
Playwright's Python package; `.ci/run` installs it). The page is opened from a file URL; a
figure's tooltip, the jump to its cell, the findings, the keyboard, print and a `<script>`
planted in the notes are checked, and screenshots are taken (kept in the test's tmp folder;
set NIANBAO_SCREENSHOTS=<folder> to keep copies).

Skipped only when /usr/bin/chromium is absent: the test tool never downloads a browser.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nianbao.checks import check_data
from nianbao.cli import app
from nianbao.load import load_counts
from tests.conftest import CHROMIUM
from tests.recordings import recorded
from tests.stubserver import Reply, StubServer, answer, part_of
from tests.synthetic import overview, render_text

PLANTED = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
runner = CliRunner()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.problems = []  # console errors, dialogs, requests that are not files
    pg.on("pageerror", lambda e: pg.problems.append(f"error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on(
        "request",
        lambda r: None if r.url.startswith("file:") else pg.problems.append(f"request: {r.url}"),
    )
    yield pg
    context.close()


def keep(shot: Path) -> None:
    folder = os.environ.get("NIANBAO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)


def _script(body: dict[str, Any], n: int) -> Reply:
    """The model answers parts 一 and 五 well; part 六 never in JSON, so the writer takes it."""
    part = part_of(body)
    if part == "other":
        return answer(body, "对不起，我无法按要求的格式回答。")
    return answer(body, recorded("guguantun", part))


@pytest.fixture
def drafted(seed: Path, tmp_path: Path) -> Path:
    """draft-report with a stub model, on the seed with a script planted in its notes and a
    blank cell in table 四 (a warning)."""
    text = seed.read_text("utf-8").replace(
        "  innovation: >-\n", f"  innovation: >-\n    {PLANTED}\n"
    )
    text = text.replace(
        "review_litigation: [0, 0, 0, 0, 0,", "review_litigation: [0, 0, 0, null, 0,"
    )
    counts = tmp_path / "counts.yaml"
    counts.write_text(text, "utf-8")
    out = tmp_path / "out"
    # Playwright's sync API runs an event loop in this thread; drafting runs its own (asyncio.run)
    with StubServer(_script) as stub, ThreadPoolExecutor(1) as pool:
        result = pool.submit(
            runner.invoke,
            app,
            [
                "draft",
                "--data",
                str(counts),
                "--out",
                str(out),
                "--base-url",
                stub.url,
                "--model",
                "stub-model",
                "--api-key",
                "sk-test-000",
                "--repair-rounds",
                "0",
                "--today",
                "2026-11-28",
            ],
        ).result()
    assert result.exit_code == 0, result.output
    return out


def test_draft_review_page_in_the_browser(page: Any, drafted: Path, tmp_path: Path) -> None:
    html = drafted / "review.html"
    page.goto(html.as_uri())

    # the findings: as many as the data checks and the verification gave
    payload = json.loads((drafted / "draft.json").read_text("utf-8"))
    data = load_counts(drafted.parent / "counts.yaml")
    expected = len(payload["findings"]) + len(check_data(data))
    count = page.locator("#findings-count")
    assert int(count.get_attribute("data-total")) == expected
    assert page.locator("li.finding").count() == expected
    assert expected >= 1  # the blank cell (E-6)

    # model text, writer text after a failed model draft, and the writer's figures told apart
    assert page.locator("p.src-model").count() > 5
    assert page.locator("#part-other p.src-writer").count() >= 2  # part 六 by the writer
    assert page.locator("#part-other .part-info .fallback").count() == 1
    assert page.locator(".fig.st-fallback").count() >= 2
    assert page.locator(".fig.st-verified").count() >= 10

    # hover: the tooltip names the fact and its cell
    fig = page.locator('a.fig[data-go="t3.new.total"]').first
    fig.scroll_into_view_if_needed()
    fig.hover()
    tip = page.locator(f"#tip-{fig.get_attribute('id')}")
    assert tip.is_visible()
    text = tip.inner_text()
    assert "核对一致 / verified" in text
    assert "表三 一、本年新收政府信息公开申请数量：6件" in text
    assert "t3.new.total" in text
    shot = tmp_path / "review-tooltip.png"
    page.screenshot(path=str(shot))
    keep(shot)

    # click: the cell is highlighted and focused; back returns to the figure
    fig.click()
    cell = page.locator('[id="t3.new.total"]')
    assert "hl" in (cell.get_attribute("class") or "").split()
    assert page.evaluate("document.activeElement.id") == "t3.new.total"
    shot = tmp_path / "review-cell.png"
    page.screenshot(path=str(shot))
    keep(shot)
    page.locator("#back").click()
    assert page.evaluate("document.activeElement.id") == fig.get_attribute("id")
    assert page.locator("#back").is_hidden()

    # a finding links to its place: the blank cell
    blank = page.locator("li.finding a", has_text="E-6")
    assert blank.get_attribute("data-go") == "t4.review.pending"
    blank.click()
    assert "hl" in (page.locator('[id="t4.review.pending"]').get_attribute("class") or "").split()

    # the planted script shows as text and did not run
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("script").count() == 1
    assert page.locator("img").count() == 0
    assert "<script>window.__pwned=1</script>" in page.locator("#note-innovation-0").inner_text()
    assert page.problems == []

    shot = tmp_path / "review-full.png"
    page.screenshot(path=str(shot), full_page=True)
    keep(shot)
    assert shot.stat().st_size > 50_000


def test_keyboard_only(page: Any, drafted: Path) -> None:
    page.goto((drafted / "review.html").as_uri())
    focused: dict[str, Any] = {}
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const a = document.activeElement; return {id: a.id, "
            "cls: a.className, go: a.getAttribute('data-go')}; })()"
        )
        if "fig" in str(focused["cls"]).split() and focused["go"]:
            break
    else:
        pytest.fail("no figure reached with Tab")
    tip = page.locator(f"#tip-{focused['id']}")
    assert tip.is_visible()  # focus shows the tooltip
    page.keyboard.press("Escape")
    assert tip.is_hidden()  # and Escape hides it
    page.keyboard.press("Enter")
    target = focused["go"].split(" ")[0]
    assert page.evaluate("document.activeElement.id") == target
    assert "hl" in (page.locator(f'[id="{target}"]').get_attribute("class") or "").split()
    assert page.problems == []


def test_print_hides_the_interactive_parts(page: Any, drafted: Path) -> None:
    page.goto((drafted / "review.html").as_uri())
    page.emulate_media(media="print")
    fig = page.locator("a.fig").first
    fig.focus()
    assert page.locator(f"#tip-{fig.get_attribute('id')}").is_hidden()
    assert page.locator("nav.skip").is_hidden()
    assert page.locator("#findings").is_visible()


def test_published_report_page_in_the_browser(page: Any, seed: Path, tmp_path: Path) -> None:
    data = load_counts(seed)
    report = tmp_path / "report.txt"
    report.write_text(
        render_text(data, overview_text=overview(data, repeat_heading=True, new_said=7)), "utf-8"
    )
    out = tmp_path / "review.html"
    result = runner.invoke(app, ["review", str(report), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page.goto(out.as_uri())
    bad = page.locator(".fig.st-nosource").first
    bad.hover()
    assert "表格中无此数" in page.locator(f"#tip-{bad.get_attribute('id')}").inner_text()
    heading = page.locator("li.finding a", has_text="E-8N").first
    heading.click()
    target = heading.get_attribute("data-go")
    assert target.startswith("h-overview-")
    assert page.evaluate("document.activeElement.id") == target
    shot = tmp_path / "review-published.png"
    page.screenshot(path=str(shot))
    keep(shot)
    assert page.problems == []
