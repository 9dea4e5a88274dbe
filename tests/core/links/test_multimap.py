"""The compact key -> strings table behaves as a dict of sets, at every size."""

import random

from array import array

from clew.core.links.multimap import TUPLE_MOST, StringMultimap


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


def test_numbered_values_are_decoded_when_first_used():
    """A restored index's tables keep each value as numbers into the notes' paths until used."""
    names = tuple(f"n{number}.md" for number in range(40))

    def numbers(*which):
        return array("I", which).tobytes()

    many = tuple(range(TUPLE_MOST + 3))
    table = StringMultimap({"one": numbers(7), "few": numbers(1, 2), "many": numbers(*many), "left": numbers(3)}, names)
    assert tuple(table.get("one")) == ("n7.md",)
    assert set(table.get("few")) == {"n1.md", "n2.md"}
    assert set(table.get("many")) == {names[n] for n in many}
    table.add("few", "n9.md")
    table.discard("one", "n7.md")
    assert set(table.get("few")) == {"n1.md", "n2.md", "n9.md"} and "one" not in table
    assert dict(table.items()) == {"few": ("n1.md", "n2.md", "n9.md"), "many": {names[n] for n in many}, "left": "n3.md"}


def test_the_items_to_store_leave_numbered_values_as_numbers():
    # A snapshot saved decoded every value for good: tens of MB more at 100k notes.
    names = ("a.md", "b.md", "c.md")
    kept = array("I", (0, 2)).tobytes()
    table = StringMultimap({"x": kept, "y": "b.md"}, names)
    assert dict(table.items()) == {"x": ("a.md", "c.md"), "y": "b.md"}
    assert table._table["x"] is kept


def _added_one_at_a_time(table: StringMultimap, pairs: list[tuple[str, str]]) -> dict:
    for key, value in pairs:
        table.add(key, value)
    return {key: set(table.get(key)) for key in table}


def test_adding_all_at_once_keeps_what_adding_each_keeps():
    # Into an empty table the pairs go in one call each part; keys that come again are added to.
    pairs = [(f"k{number % 7}" if number % 3 == 0 else f"u{number}", f"p{number}") for number in range(25_000)]
    pairs += [("k1", "p3"), ("dup", "a"), ("dup", "a")]
    for start in ({}, {"k1": "old", "x": ("a", "b")}):
        table = StringMultimap(dict(start))
        table.add_all([key for key, _ in pairs], [value for _, value in pairs])
        expected = _added_one_at_a_time(StringMultimap(dict(start)), pairs)
        assert {key: set(table.get(key)) for key in table} == expected
        assert len(table.get("k0")) > TUPLE_MOST and tuple(table.get("dup")) == ("a",)
