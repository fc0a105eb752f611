"""Read a Word (.docx) report: paragraphs as lines, tables as rows with cells (merged cells
de-duplicated: a merged cell's text at its first grid position, None where it continues).

The only module that imports python-docx for reading. The package is checked before it is
opened (size, member count, uncompressed size: no zip bombs); python-docx parses its XML with
entity resolution off."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from nianbao.errors import ReportReadError
from nianbao.extract.document import Line, normalise_text

__all__ = ["MAX_DOCX_BYTES", "read_docx"]

MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_MEMBERS = 2000


def _safe_zip(path: Path) -> None:
    try:
        size = path.stat().st_size
        if size > MAX_DOCX_BYTES:
            raise ReportReadError(f"{path}: 文件过大（{size} 字节）/ file too large")
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ReportReadError(f"{path}: Word 文件结构异常 / too many parts in the package")
            if sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise ReportReadError(f"{path}: Word 文件解压后过大 / unpacks too large")
            if "word/document.xml" not in z.namelist():
                raise ReportReadError(f"{path}: 不是 Word 文档 / not a Word document")
    except zipfile.BadZipFile:
        raise ReportReadError(
            f"{path}: 不是 .docx 文件（旧版 .doc 请另存为 .docx）/ not a .docx file"
        ) from None
    except OSError as e:
        raise ReportReadError(
            f"{path}: 无法读取文件 / cannot read the file: {e.strerror}"
        ) from None


def read_docx(path: Path) -> list[Line]:
    _safe_zip(path)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises KeyError/ValueError/XMLSyntaxError on bad parts
        raise ReportReadError(
            f"{path}: 无法打开 Word 文档 / cannot open the document: {e}"
        ) from None
    out: list[Line] = []
    table_no = 0

    def emit(block: Any, depth: int = 0) -> None:
        nonlocal table_no
        if isinstance(block, Paragraph):
            for box in _text_boxes(block._p):
                out.append(Line(box))
            for piece in normalise_text(block.text).split("\n"):
                if piece.strip():
                    out.append(Line(piece.strip()))
        elif isinstance(block, Table) and depth < 5 and _is_layout(block):
            # a report inside a layout table (pasted from a web page): its cells' content
            # in reading order, the tables inside them read as tables
            seen: list[Any] = []  # the elements themselves: a merged cell is met again
            for row in block.rows:
                for cell in row.cells:
                    if any(tc is cell._tc for tc in seen):
                        continue
                    seen.append(cell._tc)
                    for inner in cell.iter_inner_content():
                        emit(inner, depth + 1)
        elif isinstance(block, Table):
            table_no += 1
            out.extend(_table_lines(block, table_no))

    try:
        for block in document.iter_inner_content():
            emit(block)
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as e:
        raise ReportReadError(
            f"{path}: Word 文档内容结构损坏 / the document's content is damaged: {e}"
        ) from None
    return out


def _table_lines(table: Any, table_no: int) -> list[Line]:
    out: list[Line] = []
    above: list[Any] = []
    for row in table.rows:
        cells: list[str | None] = []
        seen: set[int] = set()
        current: list[Any] = []
        try:
            grid = list(row.cells)
        except (ValueError, IndexError, KeyError):
            # a row whose cells do not fit the table's grid (a damaged or hand-edited file):
            # its cells as they stand, without the merge bookkeeping
            above = []
            grid = []
            cells = ["".join(normalise_text(_tc_text(tc)).split()) for tc in row._tr.tc_lst]
        for i, cell in enumerate(grid):
            tc = cell._tc
            current.append(tc)
            if id(tc) in seen or (i < len(above) and above[i] is tc):
                cells.append(None)  # the same cell spanning columns, or continued from above
            else:
                text = "".join(normalise_text(cell.text).split())
                cells.append(text)
            seen.add(id(tc))
        above = current
        line = tuple(cells)
        text = " ".join(c for c in line if c)
        if text:
            out.append(Line(text, cells=line, table=table_no))
    return out


def _is_layout(table: Any) -> bool:
    """A table that holds other tables is a layout, not a table of the report."""
    from docx.oxml.ns import qn

    tbl = table._tbl
    return any(t is not tbl for t in tbl.iter(qn("w:tbl")))


def _text_boxes(p: Any) -> list[str]:
    """The paragraphs of text boxes anchored in a paragraph (a title set in a text box), each
    box once: Word stores a copy for old readers under mc:Fallback, which is skipped."""
    from docx.oxml.ns import qn

    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    out: list[str] = []
    for box in p.iter(qn("w:txbxContent")):
        el = box.getparent()
        while el is not None and el is not p:
            if el.tag == fallback:
                break
            el = el.getparent()
        else:
            for para in box.iter(qn("w:p")):
                text = normalise_text("".join(t.text or "" for t in para.iter(qn("w:t")))).strip()
                if text:
                    out.append(text)
    return out


def _tc_text(tc: Any) -> str:
    """The text of a table cell element, paragraph by paragraph."""
    from docx.oxml.ns import qn

    paragraphs = tc.findall(qn("w:p"))
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs)
