"""Word classes and how they follow each other (core/text/word_classes.py), read from jieba's
dictionary and tagger tables: the context the mojibake repair chooses 中, 与 or 不 by."""

from __future__ import annotations

from clew.core.text import word_classes, wordmodel
from clew.core.text.word_classes import CLAUSE, clause_ends, lifts, state, word_tags
from clew.core.text.wordmodel import WordModel


def test_the_three_characters_a_lost_byte_confuses_have_their_classes():
    assert word_tags({"中", "与", "不", "书签", "模型与数据"}) == {"中": "f", "与": "p", "不": "d", "书签": "n"}


def test_a_noun_follows_a_preposition_and_a_verb_an_adverb():
    before = lifts()
    noun, verb = state("n", False, True), state("v", False, True)
    with_, not_, in_ = state("p", True, False), state("d", True, False), state("f", True, False)
    assert before[noun][with_] > before[noun][not_]          # 与数据, not 不数据
    assert before[verb][not_] > before[verb][with_]          # 不能, not 与能
    assert before[state("uj", True, True)][in_] > before[state("uj", True, True)][not_]  # 中的, not 不的
    assert before[state("f", True, True)][state("n", False, False)] > before[state("d", True, True)][state("n", False, False)]


def test_a_clause_start_is_a_state_before_a_word():
    assert state("n", False, True) in lifts() and CLAUSE in lifts()[state("n", False, True)]


def test_a_clause_ends_after_a_place_word_not_after_a_preposition_or_an_adverb():
    ends = clause_ends()
    in_, with_, not_ = (state(tag, True, False) for tag in ("f", "p", "d"))
    assert ends[in_] > ends[with_] and ends[in_] > ends[not_]   # 在测试中，not 在测试与，
    assert ends[state("n", False, False)] > ends[with_]          # a noun ends one


def test_without_jiebas_tables_chinese_is_repaired_by_word_frequencies_alone(monkeypatch, caplog):
    def missing(name):
        raise ModuleNotFoundError("jieba, whose tables the mojibake repair reads, is not installed")

    monkeypatch.setattr(word_classes, "_jieba_file", missing)
    model = WordModel("zh")
    assert model.log_prob("书签") is not None and model.lifts_before(state("n", False, True)) == {}
    assert "word classes not read" in caplog.text


def test_a_word_edge_of_running_text_says_which_word_follows_which():
    model = WordModel("zh")
    assert model.pair_lift("程", "中") > 0 > model.pair_lift("程", "不")   # 过程中, not 过程不
    assert model.pair_lift("他", "与") > model.pair_lift("他", "不")
    assert model.pair_lift("A", "中") == 0.0                              # a character not counted


def test_a_character_jieba_leaves_unclassed_takes_the_tagged_corpus_usual_class():
    # jieba's dictionary puts 很, 每 and 块 in its catch-all class (zg), whose lifts say nothing
    assert word_tags({"很", "每", "块"}) == {"很": "zg", "每": "zg", "块": "zg"}
    assert word_tags({"很", "每", "中"}, {"很": "d", "每": "r", "中": "v"}) == {"很": "d", "每": "r", "中": "f"}
    model = WordModel("zh")
    assert [model.entry(word)[1] for word in ("很", "每", "块")] == ["Sd", "Sr", "Sq"]


def test_without_the_word_edges_file_chinese_is_repaired_without_them(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(wordmodel, "EDGES_FILE", tmp_path / "missing.msgpack")
    model = WordModel("zh")
    assert model.pair_lift("程", "中") == 0.0 and model.entry("很")[1] == "Szg"
    assert model.lifts_before(state("n", False, True)) and "word edges not read" in caplog.text
