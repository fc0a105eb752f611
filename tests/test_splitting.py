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
