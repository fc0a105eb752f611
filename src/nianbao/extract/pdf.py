"""Read a PDF with a text layer (pdfplumber): ruled tables as rows with cells, the rest as lines.

The only module that imports pdfplumber/pdfminer. A scanned PDF (no text layer) cannot be
read and says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nianbao.errors import ReportReadError
from nianbao.extract.document import Line, normalise_text

__all__ = ["MAX_PAGES", "MAX_PDF_BYTES", "read_pdf"]

MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_PAGES = 200
"""An annual report is 5–30 pages; refuse documents far beyond that."""


def read_pdf(path: Path) -> list[Line]:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ReportReadError(
            f"{path}: 无法读取文件 / cannot read the file: {e.strerror}"
        ) from None
    if size > MAX_PDF_BYTES:
        raise ReportReadError(f"{path}: 文件过大（{size} 字节）/ file too large ({size} bytes)")
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    lines: list[Line] = []
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ReportReadError(
                    f"{path}: 页数过多（{len(pdf.pages)} 页，上限 {MAX_PAGES}）/ too many pages"
                )
            table_no = 0
            for n, page in enumerate(pdf.pages, start=1):
                page_lines, table_no = _page_lines(page, n, table_no)
                lines.extend(page_lines)
    except ReportReadError:
        raise
    except (PDFSyntaxError, ValueError, KeyError, TypeError, OSError) as e:
        raise ReportReadError(f"{path}: 不是可读取的 PDF 文件 / not a readable PDF ({e})") from None
    except Exception as e:  # pdfminer raises many private error types on broken files
        if type(e).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
            raise ReportReadError(
                f"{path}: PDF 文件损坏 / broken PDF ({type(e).__name__})"
            ) from None
        raise
    if not any(line.text.strip() for line in lines):
        raise ReportReadError(
            f"{path}: PDF 没有文字层（可能是扫描件），无法读取 / the PDF has no text layer "
            "(a scan?): it cannot be read"
        )
    return lines


def _page_lines(page: Any, n: int, table_no: int) -> tuple[list[Line], int]:
    """The page's text lines and table rows, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    placed: list[tuple[float, Line]] = []
    text_page = page.filter(outside) if boxes else page
    for tl in text_page.extract_text_lines(keep_blank_chars=False):
        placed.append((tl["top"], Line(normalise_text(tl["text"]), page=n)))
    for t in tables:
        table_no += 1
        rows = t.extract()
        for i, row in enumerate(rows):
            cells = tuple(None if c is None else normalise_text(c).replace("\n", "") for c in row)
            text = " ".join(c for c in cells if c)
            top = t.rows[i].bbox[1] if i < len(t.rows) else t.bbox[1]
            placed.append((top, Line(text, cells=cells, page=n, table=table_no)))
    placed.sort(key=lambda x: x[0])
    return [line for _, line in placed], table_no
