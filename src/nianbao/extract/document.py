"""What every reader produces: the report as lines, some of them table rows with real cells.

Readers of PDF, Word, HTML and text all reduce a report to a list of `Line`s in reading order.
A line read from a real table (a Word or HTML `<table>`, a ruled PDF table, a Markdown table
row) keeps its cells, so blank cells and cell boundaries are known; a line of plain text does
not, and the table reader has to find its numbers. Nothing here knows the format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["BLANK_MARKS", "Line", "is_page_marker", "normalise_text"]

BLANK_MARKS = frozenset({"", "/", "-", "—", "－", "–", "——", "无", "／", "\\", "空"})
"""Cell contents that mean "left blank" (E-6): nothing, a slash, a dash, 无."""

_PAGE_MARKER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)


def is_page_marker(text: str) -> bool:
    """`- 5 -`, `— 5 —`, `第5页`, `5/12` on a line of their own (bare numbers are judged by the
    table reader, which knows whether a lone number can be a cell)."""
    return bool(_PAGE_MARKER.match(text))


@dataclass(frozen=True)
class Line:
    """One line of the report in reading order."""

    text: str
    cells: tuple[str | None, ...] | None = None  # a table row; None marks a merged continuation
    page: int | None = None
    table: int | None = None  # which table of the source this row came from (grid readers)

    @property
    def is_row(self) -> bool:
        return self.cells is not None


def normalise_text(text: str) -> str:
    """Unicode-normalise a report's text the way readers need it: NFC, no zero-width or
    non-breaking spaces, Windows line ends gone; full-width digits to ASCII (labels keep
    their full-width brackets, which matching ignores anyway); 1，286 as 1,286."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    text = re.sub("[\x00-\x08\x0b\x0e-\x1f\x7f]", "", text)
    text = re.sub("[\u200b\u200c\u200d\ufeff]", "", text)
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    text = text.translate(_FULLWIDTH_DIGITS)
    return _CN_THOUSANDS.sub(lambda m: m.group(0).replace("，", ","), text)


_CN_THOUSANDS = re.compile(r"(?<![\d.,，])\d{1,3}(?:，\d{3})+(?![\d.])")
"""1，286 and 12，345，678: thousands separated by a full-width comma (typed in a Chinese input
method) are a thousands separator — read as 1,286. Not after a digit or a decimal point, not
before a fourth digit: 2019，2020 and 3，12 stay as they are."""


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
