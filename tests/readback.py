"""Read the figures back out of rendered reports, by label, without using nianbao's own code.

Word: python-docx tables (a merged cell repeats at each grid position; identity by `_tc`).
HTML: the stdlib html.parser, with rowspan/colspan expanded. Markdown: pipe tables.
Each reader returns {key: text}, keys built from the printed labels:
    ("二", caption, row label, column label)
    ("三", row labels joined, column label)
    ("四", header labels of the column, or row label + column label, joined)
All whitespace is removed from labels (Word wraps them, Markdown joins them with spaces).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

Key = tuple[str, ...]
Grid = list[list[tuple[int, str]]]  # per position: (identity of the printed cell, its text)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _unique(cells: list[tuple[int, str]]) -> list[str]:
    seen: list[int] = []
    out: list[str] = []
    for ident, text in cells:
        if ident in seen:
            continue
        seen.append(ident)
        out.append(text)
    return out


# --- grids -------------------------------------------------------------------------------------


def docx_grids(path: Path) -> list[Grid]:
    import docx

    doc = docx.Document(str(path))
    grids: list[Grid] = []
    for table in doc.tables:
        rows = [row.cells for row in table.rows]  # keeps every proxy alive: id() stays unique
        grids.append([[(id(c._tc), _norm(c.text)) for c in cells] for cells in rows])
    return grids


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
            self._span = (int(a.get("rowspan") or 1), int(a.get("colspan") or 1))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(("".join(self._cell), *self._span))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_grids(text: str) -> list[Grid]:
    parser = _TableParser()
    parser.feed(text)
    grids: list[Grid] = []
    ident = 0
    for rows in parser.tables:
        placed: dict[tuple[int, int], tuple[int, str]] = {}
        for r, row in enumerate(rows):
            c = 0
            for text_, rowspan, colspan in row:
                while (r, c) in placed:
                    c += 1
                ident += 1
                for dr in range(rowspan):
                    for dc in range(colspan):
                        placed[(r + dr, c + dc)] = (ident, _norm(text_))
                c += colspan
        n_rows = max(r for r, _ in placed) + 1
        n_cols = max(c for _, c in placed) + 1
        grids.append([[placed[(r, c)] for c in range(n_cols)] for r in range(n_rows)])
    return grids


# --- figures from grids ------------------------------------------------------------------------


def figures_from_grids(grids: list[Grid]) -> dict[Key, str]:
    assert len(grids) == 3, f"expected three tables, found {len(grids)}"
    t2, t3, t4 = grids
    out: dict[Key, str] = {}
    caption = ""
    header: list[str] = []
    for row in t2:
        cells = _unique(row)
        if len(cells) == 1:
            caption = cells[0]
        elif cells[0] == "信息内容":
            header = cells[1:]
        else:
            assert len(cells) - 1 == len(header), (cells, header)
            for col, value in zip(header, cells[1:], strict=True):
                out[("二", caption, cells[0], col)] = value
    # table 三: the corner cell covers the label columns; three header rows
    corner = t3[0][0][0]
    n_labels = sum(1 for ident, _ in t3[0] if ident == corner)
    columns = [_unique([t3[r][c] for r in range(3)])[-1] for c in range(len(t3[0]))]
    for row in t3[3:]:
        label = "".join(_unique(row[:n_labels]))
        for c in range(n_labels, len(row)):
            out[("三", label, columns[c])] = row[c][1]
    # table 四: three header rows, one row of values
    assert len(t4) == 4, len(t4)
    for c in range(len(t4[0])):
        label = "".join(_unique([t4[r][c] for r in range(3)]))
        out[("四", label)] = t4[3][c][1]
    return out


def figures_from_markdown(text: str) -> dict[Key, str]:
    out: dict[Key, str] = {}
    part = ""
    caption = ""
    header: list[str] = []
    for line in text.splitlines():
        if line.startswith("## "):
            part = line[3:].strip()[0]
            caption = ""
            header = []
            continue
        if line.startswith("**") and line.endswith("**"):
            caption = line.strip("*")
            continue
        if not line.startswith("|"):
            header = [] if not line.strip() else header
            continue
        cells = [_norm(c.replace("\\|", "|")) for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if all(set(c) <= set("-:") for c in cells):
            continue
        if not header:
            header = cells
            continue
        label, values = cells[0], cells[1:]
        for col, value in zip(header[1:], values, strict=True):
            if part == "二":
                out[("二", caption, label, col)] = value
            elif part == "三":
                out[("三", label, col)] = value
            elif part == "四":
                out[("四", f"{label}{col}")] = value
    return out


def loadable_examples() -> list[Path]:
    """Every counts file in examples/ that loads, and the 2019-layout fixture."""
    from nianbao.audit import load_data
    from nianbao.errors import DataError

    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "examples").rglob("*.yaml")) + [root / "tests/fixtures/trial-2020.yaml"]
    out = []
    for f in files:
        try:
            load_data(f)
        except DataError:
            continue  # the deliberately unreadable examples
        out.append(f)
    return out
