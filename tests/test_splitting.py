"""Splitting runs of digits into cells by the sums (extract/splitting.py): the trivial cases are
always read, the true reading is always among the readings, and the work stays small."""

from __future__ import annotations

import random
import time

import pytest

from nianbao.extract.splitting import agreed, row_splits

T3 = [(0, 7)]
T4 = [(0, 5), (5, 5), (10, 5)]


@pytest.mark.parametrize(
    ("printed", "cells"),
    [
        (["3000003"], (3, 0, 0, 0, 0, 0, 3)),
        (["0000000"], (0, 0, 0, 0, 0, 0, 0)),
        (["10", "0", "0", "0", "01"], (1, 0, 0, 0, 0, 0, 1)),
        (["0", "0", "00000"], (0, 0, 0, 0, 0, 0, 0)),
        (["8", "0", "0", "0", "0", "0", "8"], (8, 0, 0, 0, 0, 0, 8)),
    ],
)
def test_rows_read_by_the_row_total(printed: list[str], cells: tuple[int, ...]) -> None:
    got = row_splits(printed, 7, T3)
    assert got.complete
    assert got.readings == [cells]


def test_a_run_split_only_where_the_row_adds_up() -> None:
    # "1203 0 0 0 15": 1|2|0|3 or 12|0|3 … — only 12|0|3 with 15 as the total adds up
    assert row_splits(["1203", "0", "0", "0", "15"], 7, T3).readings == [(12, 0, 3, 0, 0, 0, 15)]


def test_seven_values_on_a_seven_column_row_need_no_sums() -> None:
    # the trivial case: as many values as cells is the one reading, whatever the sums say
    got = row_splits(["1", "2", "0", "0", "0", "0", "12"], 7)
    assert got.readings == [(1, 2, 0, 0, 0, 0, 12)]


def test_no_piece_has_a_leading_zero() -> None:
    # 1|005 and 1|0|05 would need a cell printed with a leading zero
    assert row_splits(["1005"], 3).readings == [(10, 0, 5)]


def test_table_four_fifteen_zeros_in_one_run() -> None:
    assert row_splits(["000000000000000"], 15, T4).readings == [(0,) * 15]


def test_several_readings_are_all_listed() -> None:
    # a 3-cell row whose last cell is the sum of the other two
    got = row_splits(["11011"], 3, [(0, 3)])
    assert sorted(got.readings) == [(1, 10, 11), (11, 0, 11)]
    assert agreed(got.readings, 3) == [False, False, True]


@pytest.mark.parametrize("digits", [26, 30])
def test_long_runs_finish_quickly(digits: int) -> None:
    # a generous bound: benchmarks/extract_accuracy.py measures the speed
    rnd = random.Random(digits)
    run = "".join(rnd.choice("0123456789") for _ in range(digits)).lstrip("0") or "1"
    start = time.perf_counter()
    row_splits([run], 15, T4)
    row_splits([run], 7, T3)
    row_splits([run], 7)
    assert time.perf_counter() - start < 1.0


def test_the_true_reading_is_always_among_the_readings() -> None:
    rnd = random.Random(7)
    for _ in range(400):
        width, groups = rnd.choice([(7, T3), (15, T4)])
        cells: list[int] = []
        for _, size in groups:
            part = [rnd.choice([0, 0, 0, 1, 2, 7, 13, 250, 4001]) for _ in range(size - 1)]
            cells += [*part, sum(part)]
        printed: list[str] = []
        run = ""
        for c in cells:
            run += str(c)
            if rnd.random() < 0.3:
                printed.append(run)
                run = ""
        if run:
            printed.append(run)
        got = row_splits(printed, width, groups)
        assert got.complete
        assert tuple(cells) in got.readings, (printed, cells)


def test_column_sums_settle_a_row_its_own_total_cannot() -> None:
    from nianbao.extract.splitting import solve_rows

    # row a read alone could be 1|10|11 or 11|0|11; the column sums with b and t decide
    options = {
        "a": [(1, 10, 11), (11, 0, 11)],
        "b": [(2, 0, 2)],
        "t": [(3, 10, 13)],
    }
    rule_cols = [{("a", j): 1, ("b", j): 1, ("t", j): -1} for j in range(3)]
    solved = solve_rows(options, rule_cols)
    assert solved.complete
    assert [s["a"] for s in solved.solutions] == [(1, 10, 11)]


def test_no_reading_fits_the_column_sums() -> None:
    from nianbao.extract.splitting import solve_rows

    options = {"a": [(1, 10, 11), (11, 0, 11)], "t": [(5, 5, 10)]}
    solved = solve_rows(options, [{("a", j): 1, ("t", j): -1} for j in range(3)])
    assert solved.complete and solved.solutions == []


def test_a_table_of_ambiguous_rows_is_bounded_work() -> None:
    from nianbao.extract.splitting import solve_rows

    rnd = random.Random(3)
    rows: dict[str, list[tuple[int, ...]]] = {}
    truth: dict[str, tuple[int, ...]] = {}
    for i in range(20):
        cells = [rnd.choice([0, 1, 10, 11, 100, 101]) for _ in range(6)]
        row = (*cells, sum(cells))
        run = "".join(str(c) for c in row)
        readings = row_splits([run], 7, T3).readings
        assert row in readings
        rows[f"r{i}"] = list(readings)
        truth[f"r{i}"] = row
    total = tuple(sum(truth[k][j] for k in truth) for j in range(7))
    rows["total"] = [total]
    rules = [{**{(k, j): 1 for k in truth}, ("total", j): -1} for j in range(7)]
    start = time.perf_counter()
    solved = solve_rows(rows, rules)
    assert time.perf_counter() - start < 5.0  # generous: the benchmark measures the speed
    # sound whether or not the search finished: the truth is never dropped
    assert all(truth[k] in solved.domains[k] for k in truth)
    if solved.complete:
        assert any(all(s[k] == truth[k] for k in truth) for s in solved.solutions)
