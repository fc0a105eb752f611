"""What "the same data" means for round trips: every cell's value, the notes, the figures.

Representation may differ (a total given or derived, a row of zeros written or left out, a note as
one string with blank lines or as a list of paragraphs); the report drafted from it may not.
Tables are compared in the data's own layout (a workbook holds one layout).
"""

from __future__ import annotations

from typing import Any

from nianbao.model import Notes, ReportData


def _unfilled(data: ReportData) -> set[str]:
    """Tables with no number in them: left out, `{}` or all blank are the same "not filled in"."""
    from nianbao.checks.tables import table_cells

    return {
        t
        for t, cells in table_cells(data).items()
        if not any(c.given and c.value is not None for _, c in cells)
    }


def canonical(data: ReportData) -> dict[str, Any]:
    unfilled = _unfilled(data)
    return {
        "unfilled": sorted(unfilled),
        "organ": data.organ,
        "year": data.year,
        "organ_kind": data.organ_kind,
        "layout": data.layout,
        "format_layout": data.format_layout.key,
        "published": data.published,
        "contact": data.contact.model_dump(exclude_none=True) if data.contact else None,
        "table2": {} if "t2" in unfilled else {p: c.value for p, c in data.table2().items()},
        "table3": {}
        if "t3" in unfilled
        else {k: [c.value for c in row] for k, row in data.table3().items()},
        "table4": {}
        if "t4" in unfilled
        else {g: {k: c.value for k, c in cells.items()} for g, cells in data.table4().items()},
        "notes": {k: data.note(k) for k in Notes.model_fields if k != "problems"},
        "problems": [(p.problem, p.improvement) for p in data.problems()],
        "figures": [f.model_dump() for f in data.figures],
    }
