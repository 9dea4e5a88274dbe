"""Big tables are emptied an entry at a time; the collector pauses while objects are made and
runs again after, as it did before."""

from __future__ import annotations

import gc

from clew.core.memory.collector import bulk_allocation, pause_collector, resume_collector
from clew.core.memory.release import empty_gradually


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
        was_enabled = pause_collector()
        resume_collector(was_enabled)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pause_over_several_turns_ends_with_the_collector_running():
    was_enabled = pause_collector()
    assert not gc.isenabled()
    resume_collector(was_enabled)
    assert gc.isenabled()
