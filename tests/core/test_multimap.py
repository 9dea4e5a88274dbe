"""The compact key -> strings table behaves as a dict of sets, at every size."""

import random

from clew.core.multimap import TUPLE_MOST, StringMultimap


def test_it_agrees_with_a_dict_of_sets_through_adds_and_discards():
    rng = random.Random(3)
    table, model = StringMultimap(), {}
    for _ in range(20000):
        key, value = rng.choice("abc"), str(rng.randrange(TUPLE_MOST * 2))
        if rng.random() < 0.55:
            table.add(key, value)
            model.setdefault(key, set()).add(value)
        else:
            table.discard(key, value)
            model.get(key, set()).discard(value)
        assert set(table.get(key)) == model.get(key, set())
        assert (key in table) == bool(model.get(key))


def test_a_missing_key_gives_nothing():
    table = StringMultimap()
    table.discard("k", "v")
    assert tuple(table.get("k")) == () and len(table) == 0
