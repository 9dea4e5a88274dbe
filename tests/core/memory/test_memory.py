"""Big tables are emptied an entry at a time, big lists sorted a piece at a time; the collector
pauses while objects are made and runs again after, as it did before."""

from __future__ import annotations

import gc
import threading

import pytest

from clew.core.memory import sorting
from clew.core.memory.collector import bulk_allocation, pause_collector, resume_collector
from clew.core.memory.release import empty_gradually
from clew.core.memory.sorting import sorted_in_pieces


def test_every_kind_of_table_is_emptied():
    tables = [{n: str(n) for n in range(1000)}, set(range(1000)), list(range(1000))]
    for table in tables:
        empty_gradually(table)
    assert tables == [{}, set(), []]


def test_the_collector_pauses_inside_a_bulk_allocation_and_runs_again_after():
    assert gc.isenabled()
    with bulk_allocation():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with bulk_allocation():
            pass
        assert not gc.isenabled()
        pause_collector()
        resume_collector()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pause_over_several_turns_ends_with_the_collector_running():
    pause_collector()
    assert not gc.isenabled()
    resume_collector()
    assert gc.isenabled()


def test_the_collector_stays_paused_until_the_last_of_overlapping_pauses_ends():
    # Two threads' pauses overlapping, the first to begin ending first: the collector ran again
    # under the second, and a full pass over a big vault's objects held the window.
    first_begun, second_begun, first_ended = threading.Event(), threading.Event(), threading.Event()
    seen = []

    def second() -> None:
        first_begun.wait(5)
        with bulk_allocation():
            second_begun.set()
            first_ended.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=second)
    thread.start()
    with bulk_allocation():
        first_begun.set()
        second_begun.wait(5)
    first_ended.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.parametrize("items", [
    [f"{folder}/{number}" for folder in ("a", "b", "c") for number in range(10, 40)],  # in order (a walk's)
    [f"{folder}/{number}" for folder in ("b", "c", "a") for number in range(39, 9, -1)],  # not
    ["x", "y"],
    [],
], ids=["in-order", "shuffled", "one-piece", "empty"])
def test_a_list_sorted_in_pieces_is_as_one_sort_makes_it(monkeypatch, items):
    monkeypatch.setattr(sorting, "SORT_PIECE", 7)
    assert sorted_in_pieces(items) == sorted(items)
    assert sorted_in_pieces(iter(items)) == sorted(items)


def test_ties_keep_their_order_whether_the_pieces_are_joined_or_merged(monkeypatch):
    monkeypatch.setattr(sorting, "SORT_PIECE", 3)
    in_order = [(key, place) for place, key in enumerate([1, 1, 1, 1, 2, 2, 3, 3, 3, 3])]
    shuffled = [(key, place) for place, key in enumerate([3, 1, 2, 1, 3, 1, 2, 3, 1, 3])]
    for items in (in_order, shuffled):
        assert sorted_in_pieces(items, key=lambda item: item[0]) == sorted(items, key=lambda item: item[0])
