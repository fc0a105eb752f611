"""A zip bomb in the shape of a counts workbook: a small .xlsx whose sheet inflates to many
megabytes of blanks. Used by tests/test_safety.py and benchmarks/hostile_bounds.py."""

from __future__ import annotations

import zipfile
from pathlib import Path


def xlsx_bomb(clean: Path, out: Path, megabytes: int) -> Path:
    """`clean` (a workbook `nianbao convert` wrote) with `megabytes` MB of blanks inside its
    first sheet's data, written to `out` (a few MB on disk)."""
    with zipfile.ZipFile(clean) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, _, tail = data.partition(b"<sheetData>")
                with zout.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(head + b"<sheetData>")
                    chunk = b" " * (1 << 20)
                    for _ in range(megabytes):
                        fh.write(chunk)
                    fh.write(tail)
            else:
                zout.writestr(info, data)
    return out
