"""Cut a table's lines into segments: the label text since the last numbers, and the numbers.

A table read out of a PDF or a web page arrives as text and numbers in some order. Row by row
(`label n n n`), label wrapped around its numbers, numbers run together (`3960181`), column by
column (all labels, then each column's numbers), or as Markdown rows whose labels went
somewhere else. A segment is one stretch of label text followed by one run of values; the
table reader decides which rows the values belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao.extract.document import BLANK_MARKS, Line, is_page_marker

__all__ = ["Segment", "Value", "cell_value", "segments", "tokens"]

Value = str | None
"""A cell as printed: digits (maybe a run of several cells), a decimal, or None for blank."""

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?:(?<=[\s\d])[-−－])?\d+(?:\.\d+)?")
"""A number; a minus sign only after a space or a digit ("3 -1 12", cells run together
"101-16": 本年增/减 is the only cell that can be negative, and a table has no date ranges)."""
_NUMBERING_AFTER = re.compile(r"[.．、]\s*(?=[\u4e00-\u9fff“\"（(])")
_UNIT_AFTER = re.compile(r"\s*(?:件|条|个|项|次|人|%|％|年|月|日)")
_BLANK_TOKEN = re.compile(r"(?<!\S)(?:/|／|-|－|—|–|——)(?!\S)")
_BLANK_WORD = re.compile(r"(?<!\S)无(?=\s+(?:\d|无|[/／—–－-])|\s*$)")
"""无 standing apart, before another cell or at the end of the line: a cell left blank
(规章 2 无 523). Not in a label printed with spaces between its characters (4. 无 正 当 …)."""
_CELL_NUMBER = re.compile(r"^[+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+-]?\d+(?:\.\d+)?$")
_CELL_UNIT = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:件|个|条|项|万元|元)$")


@dataclass
class Segment:
    """Label text (as printed, may be empty) and the run of values that follows it."""

    text: str
    values: list[Value] = field(default_factory=list)
    structured: bool = False  # the values came from real cells (blank cells are known)
    line: int = 0  # index of the line where the values start
    glued: bool = False  # the first value follows the label text on its line with no space

    @property
    def digits(self) -> int:
        return sum(len(v) for v in self.values if v is not None and "." not in v)


Token = tuple[str, str | None]  # ("text", s) | ("value", s or None) | ("end", None)


_INLINE_PAGE = re.compile(
    r"(?<!\S)[-—–－]\s*\d{1,3}\s*[-—–－](?!\S)|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
)
"""A page number inside a line (text whose line ends were lost): `- 6 -`, `第6页 共9页`."""


def _text_tokens(text: str) -> list[Token]:
    """Text and numbers of one plain line; a number that numbers a label (1.属于…) is text."""
    text = _INLINE_PAGE.sub(lambda m: " " * len(m.group(0)), text)
    spans: list[tuple[int, int, str | None]] = []
    for m in _NUMBER.finditer(text):
        s, e = m.span()
        raw = m.group(0)
        if s > 0 and raw[0] not in "-−－" and (text[s - 1].isdigit() or text[s - 1] == "."):
            continue
        if s > 0 and text[s - 1] in "第（(〔[【":
            continue
        if e < len(text) and text[e] in "）)〕]】号条项款年月日":
            continue
        if _UNIT_AFTER.match(text, e):
            continue  # "（其中修订 16 件）": a figure in a note, not a cell
        digits = raw.replace(",", "")
        if "." not in raw and _NUMBERING_AFTER.match(text, e):
            if len(digits) == 1:
                continue  # "1.属于国家秘密", "（四）无 1.本机关…": a label's number
            # "…秘密00000002.其他", "…秘密 0 02.其他": values run into the next label's number
            # (no row of the tables is numbered beyond 8)
            # "…秘密00000002.其他": values run into the next label's number
            spans.append((s, e - 1, digits[:-1]))
            continue
        spans.append((s, e, digits.replace("−", "-").replace("－", "-")))
    for m in _BLANK_TOKEN.finditer(text):
        spans.append((m.start(), m.end(), None))
    if text.strip() != "无":  # 无 alone on a line is a character of a vertical label (无法提供)
        for m in _BLANK_WORD.finditer(text):
            spans.append((m.start(), m.end(), None))
    spans.sort(key=lambda x: x[0])
    out: list[Token] = []
    pos = 0
    for s, e, value in spans:
        if s < pos:
            continue
        if s > pos and text[pos:s].strip():
            out.append(("text", text[pos:s]))
        out.append(("value", value))
        pos = e
    if pos < len(text) and text[pos:].strip():
        out.append(("text", text[pos:]))
    return out


def cell_value(cell: str) -> tuple[bool, Value]:
    """(is a value cell, its value): numbers, blank marks, a number with a unit word."""
    c = cell.strip().replace(" ", "")
    if c in BLANK_MARKS:
        return True, None
    if _CELL_NUMBER.match(c):
        return True, c.replace(",", "").lstrip("+")
    m = _CELL_UNIT.match(c)
    if m:
        return True, m.group(1)
    return False, None


def tokens(lines: list[Line]) -> list[tuple[int, Token]]:
    """Tokens of a table's lines with the index of the line each comes from."""
    out: list[tuple[int, Token]] = []
    for n, line in enumerate(lines):
        if line.cells is not None:
            cells = [c for c in line.cells if c is not None]
            kinds = [cell_value(c) for c in cells]
            last_text = max((i for i, (is_v, _) in enumerate(kinds) if not is_v), default=-1)
            for i, c in enumerate(cells):
                if i <= last_text:
                    if c.strip() and not (kinds[i][0] and kinds[i][1] is None):
                        out.append((n, ("text", c)))
                else:
                    out.append((n, ("value", kinds[i][1])))
            out.append((n, ("end", None)))
            continue
        text = line.text
        if not text.strip() or is_page_marker(text):
            continue
        for tok in _text_tokens(text):
            out.append((n, tok))
        out.append((n, ("eol", None)))
    return out


def segments(lines: list[Line]) -> list[Segment]:
    """The segments of a table: label text since the last values, then one run of values.

    In plain text a run of values ends at text and goes on across line ends (a column printed
    one number per line is one run). A real table row (cells) is a segment of its own: its
    label cells and its value cells; the plain text before it is a segment without values
    (labels whose values are elsewhere), and a row with no label cell is values only."""
    out: list[Segment] = []
    text: list[str] = []
    run: list[Value] = []
    structured = False
    start = 0

    glued = False

    def flush() -> None:
        nonlocal run, text, structured, glued
        if run or "".join(text).strip():
            out.append(Segment("".join(text), run, structured, start, glued))
        run, text, structured, glued = [], [], False, False

    current_row = -1
    for n, (kind, value) in tokens(lines):
        is_row = lines[n].cells is not None
        if is_row and n != current_row:
            flush()
            current_row = n
            structured = True
            start = n
        if kind == "text":
            assert value is not None
            if run and not is_row:
                flush()
            text.append(value if not is_row else value + " ")
        elif kind == "value":
            if not run and not is_row:
                start = n
                glued = bool(text) and text[-1] != "\n" and not text[-1][-1:].isspace()
            run.append(value)
        elif kind == "end":
            flush()
        elif text:
            text.append("\n")
    flush()
    return out
