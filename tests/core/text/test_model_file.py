"""The repair's models kept on disk (core/text/model_file.py): a process loads what another
built, and never trusts a file that is damaged or was built from other lists or by another build."""

from __future__ import annotations

import math

import pytest

from clew.core.text import charmodel, model_file, wordmodel
from clew.core.text.charmodel import CharModel
from clew.core.text.model_file import KeptModels
from clew.core.text.mojibake import mangle
from clew.core.text.note_text import RepairStore, note_text
from clew.core.text.wordmodel import WordModel
from vault_files import write

# A word list small enough to build in no time, its frequencies as uneven as a real one's.
BUCKETS = [["的", "书签", "the"], [], ["书签栏", "中文", "ab"], ["不", "与其", "台湾"]]


@pytest.fixture(autouse=True)
def small_lists(monkeypatch):
    monkeypatch.setattr(charmodel.wordfreq, "get_frequency_list", lambda language, wordlist: BUCKETS)
    monkeypatch.setattr(wordmodel.wordfreq, "get_frequency_list", lambda language, wordlist: BUCKETS)
    model_file._stamp.cache_clear()
    yield
    model_file._stamp.cache_clear()


class Builds:
    """A model class's builder that counts what it builds."""

    def __init__(self, kind: type) -> None:
        self.kind = kind
        self.languages: list[str] = []

    def __call__(self, language: str):
        self.languages.append(language)
        return self.kind(language)


def fresh(kind: type, builds: Builds) -> KeptModels:
    """What a new process holds: no model yet."""
    return KeptModels(kind.__name__, builds, kind.from_data)


def model_path(tmp_path, kind: type, language: str = "zh"):
    return tmp_path / f"{kind.__name__}-{language}.msgpack"


@pytest.mark.parametrize("kind", [CharModel, WordModel])
def test_a_second_process_loads_the_model_the_first_built(tmp_path, kind):
    first = Builds(kind)
    built = fresh(kind, first).get("zh", tmp_path)
    second = Builds(kind)
    loaded = fresh(kind, second).get("zh", tmp_path)
    assert first.languages == ["zh"] and second.languages == []
    assert loaded.to_data() == built.to_data() and vars(loaded) == vars(built)


def test_a_loaded_model_scores_to_the_bit_as_the_built_one(tmp_path):
    built = fresh(CharModel, Builds(CharModel)).get("zh", tmp_path)
    loaded = fresh(CharModel, Builds(CharModel)).get("zh", tmp_path)
    pairs = [("书", "签"), (" ", "中"), ("不", "x"), ("台", "湾")]
    assert [loaded.log_prob(a, b) for a, b in pairs] == [built.log_prob(a, b) for a, b in pairs]
    words = fresh(WordModel, Builds(WordModel)).get("zh", tmp_path)
    assert words.log_prob("书签") == 0.0 and words.log_prob("台湾") == -3 / 100 * math.log(10)
    assert words.starts_a_word("书签") and not words.starts_a_word("书签栏")


def test_a_process_holds_one_copy_whichever_folder_it_is_given(tmp_path):
    builds = Builds(CharModel)
    models = fresh(CharModel, builds)
    assert models.get("zh", None) is models.get("zh", tmp_path) is models.get("zh", tmp_path / "other")
    assert builds.languages == ["zh"]


@pytest.mark.parametrize("damage", {
    "half written": lambda data: data[: len(data) // 2],
    "a byte changed": lambda data: data[:-3] + bytes([data[-3] ^ 1]) + data[-2:],
    "empty": lambda data: b"",
    "not a model": lambda data: b"PNG\x89" + data,
}.items(), ids=lambda item: item[0])
def test_a_damaged_file_is_built_again_and_replaced(tmp_path, damage):
    fresh(WordModel, Builds(WordModel)).get("zh", tmp_path)
    path = model_path(tmp_path, WordModel)
    path.write_bytes(damage[1](path.read_bytes()))
    builds = Builds(WordModel)
    fresh(WordModel, builds).get("zh", tmp_path)
    assert builds.languages == ["zh"]
    again = Builds(WordModel)
    fresh(WordModel, again).get("zh", tmp_path)
    assert again.languages == []


def test_a_file_of_the_wrong_shape_is_built_again(tmp_path):
    # Its checksum is right: it was written whole, by a build that kept something else there.
    model_file.save(model_path(tmp_path, CharModel), {"unigram": {}})
    builds = Builds(CharModel)
    fresh(CharModel, builds).get("zh", tmp_path)
    assert builds.languages == ["zh"]


@pytest.mark.parametrize("change", ["MODEL_VERSION", "wordfreq"])
def test_a_model_built_by_another_version_is_built_again(tmp_path, monkeypatch, change):
    fresh(CharModel, Builds(CharModel)).get("zh", tmp_path)
    model_file._stamp.cache_clear()
    if change == "MODEL_VERSION":
        monkeypatch.setattr(model_file, "MODEL_VERSION", model_file.MODEL_VERSION + 1)
    else:
        monkeypatch.setattr(model_file, "version", lambda package: "99.0")
    builds = Builds(CharModel)
    fresh(CharModel, builds).get("zh", tmp_path)
    assert builds.languages == ["zh"]


def test_a_folder_that_cannot_be_written_costs_a_build_not_a_repair(tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("")
    builds = Builds(WordModel)
    model = fresh(WordModel, builds).get("zh", blocked)
    assert model.log_prob("书签") is not None and builds.languages == ["zh"]
    assert list(tmp_path.iterdir()) == [blocked]


def test_no_temporary_file_is_left_beside_the_model(tmp_path):
    fresh(CharModel, Builds(CharModel)).get("zh", tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["CharModel-zh.msgpack"]


def test_a_repair_through_a_vaults_store_keeps_its_models_and_the_next_process_loads_them(tmp_path, monkeypatch):
    root = write(tmp_path / "v", {"b.md": mangle("过去三年中，我把论文加了书签，书签栏满了。\n")})
    texts = []
    # The second process finds every model kept: building one fails the test.
    for build_chars, build_words in ((CharModel, WordModel), (fail_to_build, fail_to_build)):
        monkeypatch.setattr(charmodel, "KEPT", KeptModels("chars", build_chars, CharModel.from_data))
        monkeypatch.setattr(wordmodel, "KEPT", KeptModels("words", build_words, WordModel.from_data))
        texts.append(note_text(root / "b.md", RepairStore(None, tmp_path / "models")).text)
    assert sorted(path.name for path in (tmp_path / "models").iterdir()) == [
        "chars-en.msgpack", "chars-zh.msgpack", "words-zh.msgpack"]
    assert texts[0] == texts[1] and "书" in texts[0]


def fail_to_build(language: str):
    pytest.fail(f"the {language} model was built, not loaded")
