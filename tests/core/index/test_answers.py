"""The pool of answers: each distinct answer numbered once, kept as columns, made back on demand."""

from clew.core.index.resolution_pool import AnswerColumns, AnswerPool
from clew.core.links.model import How, Resolution, Unresolved


def test_equal_answers_get_one_number_and_different_ones_their_own():
    pool = AnswerPool()
    first = pool.number("hub", Resolution("hub.md", How.NAME))
    assert pool.number("hub", Resolution("hub.md", How.NAME)) == first  # equal, another object
    assert pool.number("./hub", Resolution("hub.md", How.NAME)) != first  # another key
    assert pool.number("hub", Resolution("hub.md", How.NAME, case_insensitive=True)) != first
    assert pool.number("hub", Resolution("other.md", How.NAME)) != first
    assert first != AnswerPool.EXTERNAL
    assert len(pool) == 5


def test_an_answer_is_numbered_and_made_again_alike_once_identities_are_forgotten():
    pool = AnswerPool()
    answer = Resolution("a/twin.md", How.NAME, candidates=("a/twin.md", "b/twin.md"))
    number = pool.number("twin", answer)
    pool.forget_identities()
    assert pool.number("twin", Resolution("a/twin.md", How.NAME, candidates=("a/twin.md", "b/twin.md"))) == number
    assert pool.number("twin", answer) == number
    assert pool.resolution(number) == answer
    assert pool.resolution(number) is pool.resolution(number)


def test_a_urls_answer_reaches_nothing():
    pool = AnswerPool()
    assert pool.keys[AnswerPool.EXTERNAL] is None
    assert pool.resolution(AnswerPool.EXTERNAL) == Resolution(None)


def test_answers_come_back_whole_from_their_columns():
    answers = [
        ("hub", Resolution("hub.md", How.NAME)),
        ("missing", Resolution(None, reason=Unresolved.NO_SUCH_FILE)),
        ("twin", Resolution("a/twin.md", How.NAME, candidates=("a/twin.md", "b/twin.md"))),
        ("Hub", Resolution("hub.md", How.NAME, case_insensitive=True)),
    ]
    pool = AnswerPool()
    numbers = [pool.number(key, resolution) for key, resolution in answers]
    columns = pool.columns()
    assert len(columns.shapes) == 5  # the URL's, and one for each answer above
    again = AnswerPool(AnswerColumns(columns.keys, columns.paths, columns.shapes, columns.codes))
    for number, (key, resolution) in zip(numbers, answers):
        assert again.keys[number] == key
        assert again.paths[number] == resolution.path
        assert again.resolution(number) == resolution
        assert again.resolution(number) is again.resolution(number)  # made once
    assert [again.number(key, resolution) for key, resolution in answers] == numbers
    assert again.number("new", Resolution("new.md", How.NAME)) == len(answers) + 1


def test_a_copy_of_the_columns_does_not_change_with_the_pool():
    pool = AnswerPool()
    columns = pool.columns()
    pool.number("hub", Resolution("hub.md", How.NAME))
    assert columns.keys == [None] and len(pool.columns().keys) == 2


def test_a_key_with_many_answers_finds_each_again():
    # A key's answers are listed, then (past a few) tabled by path and shape: each found again,
    # in a pool made afresh and in one restored from its columns.
    pool = AnswerPool()
    answers = [(f"folder{n}/index.md", How.NAME) for n in range(30)] + [(None, None)]
    numbers = [pool.number("index", Resolution(path, how)) for path, how in answers]
    assert len(pool) == 1 + 31
    for made in (pool, AnswerPool(pool.columns())):
        made.forget_identities()
        assert [made.number("index", Resolution(path, how)) for path, how in answers] == numbers
        assert made.number("index", Resolution("folder3/index.md", How.NAME, case_insensitive=True)) not in numbers
