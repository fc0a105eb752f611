"""Read a report saved as text (.txt) or Markdown (.md): text copied out of a PDF or a web
page. Markdown table rows (`| a | b |`) keep their cells; everything else is plain lines."""

from __future__ import annotations

import re
from pathlib import Path

from nianbao.errors import ReportReadError
from nianbao.extract.document import Line, normalise_text

__all__ = ["MAX_TEXT_BYTES", "decode", "lines_from_text", "read_text_file"]

MAX_TEXT_BYTES = 20 * 1024 * 1024
"""A report's text is tens of kilobytes; refuse absurd inputs before reading them."""

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030 — what Chinese offices save."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportReadError(
        f"{path}: 无法识别文本编码（应为 UTF-8 或 GB18030）/ unknown text encoding"
    )


def read_bytes(path: Path, limit: int) -> bytes:
    try:
        if path.is_dir():
            raise ReportReadError(f"{path}: 这是一个目录，不是文件 / this is a directory")
        size = path.stat().st_size
        if size > limit:
            raise ReportReadError(
                f"{path}: 文件过大（{size} 字节，上限 {limit}）/ file too large ({size} bytes)"
            )
        return path.read_bytes()
    except OSError as e:
        raise ReportReadError(
            f"{path}: 无法读取文件 / cannot read the file: {e.strerror}"
        ) from None


def read_text_file(path: Path) -> list[Line]:
    return lines_from_text(decode(read_bytes(path, MAX_TEXT_BYTES), path))


def lines_from_text(text: str) -> list[Line]:
    """Plain lines; Markdown table rows become rows with cells, separator rows are dropped,
    heading marks and emphasis are removed."""
    out: list[Line] = []
    for raw in normalise_text(text).split("\n"):
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if _MD_SEPARATOR.match(stripped):
                continue
            inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
            cells = tuple(_MD_EMPHASIS.sub(r"\2", c).strip() for c in inner.split("|"))
            out.append(Line(" ".join(c for c in cells if c), cells=cells))
            continue
        line = _MD_HEADING.sub("", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        out.append(Line(line))
    return out
