"""The render golden files: which inputs, and the one command that regenerates them.

    make golden            (or: .venv/bin/python tests/regen_golden.py)

writes tests/golden/<case>/report.md and report.html from the examples and the synthetic
narratives in tests/fixtures/, and (when LibreOffice and poppler-utils are installed) the page
images of each example's report.docx under tests/golden/<example>/pages/ (tests/pages.py).
Review the diff before committing it; look at the page images.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
FIXTURES = ROOT / "tests" / "fixtures"


@dataclass(frozen=True)
class Case:
    name: str
    counts: Path
    narrative: Path | None


CASES: tuple[Case, ...] = (
    Case(
        "guguantun-2024",
        ROOT / "examples" / "guguantun-2024" / "counts.yaml",
        FIXTURES / "narrative-guguantun-2024.md",
    ),
    Case(
        "qingshi-bureau-2024",
        ROOT / "examples" / "qingshi-bureau-2024" / "counts.yaml",
        FIXTURES / "narrative-qingshi-bureau-2024.md",
    ),
    # no narrative: parts 一、五、六 get their headings and the placeholder
    Case(
        "qingshi-bureau-2023", ROOT / "examples" / "qingshi-bureau-2024" / "counts-2023.yaml", None
    ),
    # the 2019 trial layout, blank cells, text that must be escaped
    Case("trial-2020", FIXTURES / "trial-2020.yaml", FIXTURES / "narrative-trial-2020.md"),
)

OUTPUTS = ("report.md", "report.html")


def render_case(case: Case) -> dict[str, str]:
    """The golden outputs of one case, by file name."""
    from nianbao.load import load_counts
    from nianbao.narrative import narrative_from_markdown
    from nianbao.render.html import render_html
    from nianbao.render.markdown import render_markdown
    from nianbao.report import assemble

    data = load_counts(case.counts)
    narrative = None
    if case.narrative is not None:
        narrative = narrative_from_markdown(case.narrative.read_text(encoding="utf-8"))
    report = assemble(data, narrative)
    return {"report.md": render_markdown(report), "report.html": render_html(report)}


def main() -> None:
    for case in CASES:
        folder = GOLDEN / case.name
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in render_case(case).items():
            path = folder / name
            path.write_text(text, encoding="utf-8", newline="\n")
            print(path.relative_to(ROOT))
    import tempfile

    from tests.pages import EXAMPLES, PDFTOPPM, SOFFICE, write_golden_pages

    if SOFFICE is None or PDFTOPPM is None:
        print("LibreOffice or pdftoppm missing: page images not regenerated")
        return
    for example in EXAMPLES:
        with tempfile.TemporaryDirectory() as work:
            for path in write_golden_pages(example, GOLDEN / example / "pages", Path(work)):
                print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
