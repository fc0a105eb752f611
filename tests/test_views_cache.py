"""Tables 二/三/四 are computed once per ReportData and shared (issue 16, item 2), and a change
to the data is never answered from the cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nianbao.cli import app
from nianbao.load import load_counts
from nianbao.model import ReportData


def test_table3_follows_an_edit_in_place(bureau: Path) -> None:
    data = load_counts(bureau)
    before = data.table3()["new"][0].number
    apps: Any = data.applications
    apps.new[0] += 5
    assert data.table3()["new"][0].number == before + 5
    assert data.table3()["total"][0].number != 0


def test_tables_follow_assignments(bureau: Path) -> None:
    data = load_counts(bureau)
    t2 = data.table2()
    path = next(p for p, c in t2.items() if c.given and c.value)
    row_key, _, col = path.partition(".")
    row = getattr(data.active, row_key)
    if col:
        setattr(row, col, t2[path].number + 1)
    else:
        setattr(data.active, row_key, t2[path].number + 1)
    assert data.table2()[path].number == t2[path].number + 1

    t4 = data.table4()
    group = next(iter(t4))
    grp = getattr(data.review_litigation, group)
    grp.upheld = (grp.upheld or 0) + 7
    assert data.table4()[group]["upheld"].number == t4[group]["upheld"].number + 7

    data.applications = type(data.applications).model_validate({"new": [1, 0, 0, 0, 0, 0]})
    assert data.table3()["new"][0].number == 1


def test_a_copy_with_other_data_is_not_answered_from_the_original(bureau: Path) -> None:
    data = load_counts(bureau)
    data.table3()
    other = data.model_copy(
        update={"applications": type(data.applications).model_validate({"new": [9] * 6})}
    )
    assert other.table3()["new"][0].number == 9
    assert data.table3()["new"][0].number != 9


def test_returned_tables_can_be_changed_without_harm(bureau: Path) -> None:
    data = load_counts(bureau)
    data.table3().clear()
    data.table4().popitem()
    assert "new" in data.table3() and len(data.table4()) > 1


def test_each_table_is_computed_once_per_draft(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft-report run (checks, facts, writer, report, review page) builds each table once;
    before, table 三 alone was entered about fifteen times."""
    calls: dict[str, int] = {}
    for name in ("_table2", "_table3", "_table4"):
        original = getattr(ReportData, name)

        def counted(self: ReportData, *args: Any, _o: Any = original, _n: str = name) -> Any:
            calls[_n] = calls.get(_n, 0) + 1
            return _o(self, *args)

        monkeypatch.setattr(ReportData, name, counted)
    result = CliRunner().invoke(
        app, ["draft", "--data", str(seed), "--out", str(tmp_path), "--offline"]
    )
    assert result.exit_code == 0, result.output
    assert calls == {"_table2": 1, "_table3": 1, "_table4": 1}


def test_cached_views_leave_equality_and_pickling_alone(bureau: Path) -> None:
    import pickle

    used, fresh = load_counts(bureau), load_counts(bureau)
    used.table2(), used.table3(), used.table4()
    assert used == fresh
    copy = pickle.loads(pickle.dumps(used))  # what `check --jobs N --prior` sends its workers
    assert copy == fresh and copy.table3() == fresh.table3()


def test_prior_with_several_processes(bureau: Path, bureau_prior: Path, tmp_path: Path) -> None:
    import shutil

    for i in range(8):
        shutil.copy(bureau, tmp_path / f"c{i}.yaml")
    args = ["check", str(tmp_path), "--prior", str(bureau_prior), "--today", "2026-11-28"]
    one = CliRunner().invoke(app, [*args, "-j", "1"])
    two = CliRunner().invoke(app, [*args, "-j", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert one.stdout == two.stdout
