"""Read an HTML page: real `<table>`s (rowspan/colspan expanded) as rows with cells, the other
block elements as lines. Parsed with lxml's HTML parser with network access, entity
resolution and huge trees off; scripts, styles and comments are dropped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nianbao.errors import ReportReadError
from nianbao.extract.document import Line, normalise_text
from nianbao.extract.text import decode, read_bytes

__all__ = ["MAX_HTML_BYTES", "lines_from_html", "read_html"]

MAX_HTML_BYTES = 20 * 1024 * 1024
MAX_SPAN = 100
"""A rowspan/colspan beyond this is nonsense (or an attack on memory): clipped."""

_BLOCKS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "header", "footer", "blockquote", "pre", "ul", "ol", "dd", "dt", "title",
}  # fmt: skip


def read_html(path: Path) -> list[Line]:
    raw = read_bytes(path, MAX_HTML_BYTES)
    return lines_from_html(_decode_html(raw, path))


def _decode_html(raw: bytes, path: Path) -> str:
    head = raw[:2048].lower()
    for enc in (b"gb2312", b"gbk", b"gb18030"):
        if b"charset=" + enc in head or b'charset="' + enc in head:
            try:
                return raw.decode("gb18030")
            except UnicodeDecodeError:
                break
    return decode(raw, path)


def lines_from_html(html: str) -> list[Line]:
    from lxml import etree
    from lxml import html as lhtml

    parser = lhtml.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=False, encoding="utf-8"
    )
    try:
        root = lhtml.document_fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise ReportReadError(f"无法解析 HTML / cannot parse the HTML: {e}") from None
    for tag in ("script", "style", "noscript", "template"):
        for bad in list(root.iter(tag)):
            bad.drop_tree()  # type: ignore[attr-defined]  # lxml.html elements have it
    out: list[Line] = []
    buf: list[str] = []
    table_no = 0

    def flush() -> None:
        text = normalise_text("".join(buf))
        for piece in text.split("\n"):
            if piece.strip():
                out.append(Line(piece.strip()))
        buf.clear()

    def walk(el: Any) -> None:
        nonlocal table_no
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table" and _is_layout(el):
            # a page laid out in a table (the article in one of its cells): its cells are
            # blocks of the page, the tables inside them are the data tables
            buf.append("\n")
            for child in el:
                walk(child)
            buf.append("\n")
            if el.tail:
                buf.append(el.tail)
            return
        if tag in ("td", "th"):
            buf.append("\n")
        if tag == "table":
            flush()
            table_no += 1
            for cells in _grid(el):
                text = " ".join(c for c in cells if c)
                if text.strip():
                    out.append(Line(text, cells=cells, table=table_no))
            if el.tail:
                buf.append(el.tail)
            return
        if tag in _BLOCKS:
            buf.append("\n")
        if el.text and tag:
            buf.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCKS:
            buf.append("\n")
        if el.tail:
            buf.append(el.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    title = root.findtext(".//title")
    if title and title.strip() and not any(title.strip() in line.text for line in out[:5]):
        out.insert(0, Line(normalise_text(title.strip())))
    return out


def _is_layout(table: Any) -> bool:
    """A table that holds other tables is the page's layout, not a table of the report."""
    return any(True for t in table.iter("table") if t is not table)


def _cell_text(td: Any) -> str:
    text = normalise_text("".join(td.itertext()))
    return "".join(text.split())


def _grid(table: Any) -> list[tuple[str | None, ...]]:
    """The table's rows with spans expanded: a spanned cell's text at its first position,
    None at the positions it covers (nested tables are read as text of their cell)."""
    rows = [tr for tr in table.iter("tr") if _owner_table(tr) is table]
    grid: dict[tuple[int, int], str | None] = {}
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            rs = _span(td.get("rowspan"))
            cs = _span(td.get("colspan"))
            text = _cell_text(td)
            for i in range(rs):
                for j in range(cs):
                    grid[(r + i, c + j)] = text if (i, j) == (0, 0) else None
            c += cs
            width = max(width, c)
    return [tuple(grid.get((r, c), "") for c in range(width)) for r in range(len(rows))]


def _owner_table(tr: Any) -> Any:
    el = tr.getparent()
    while el is not None and el.tag != "table":
        el = el.getparent()
    return el


def _span(value: str | None) -> int:
    try:
        n = int(value or 1)
    except ValueError:
        return 1
    return max(1, min(n, MAX_SPAN))
