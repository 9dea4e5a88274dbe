"""Getting ready to repair mojibake ahead of need (core/text/repair_preload.py): the models kept
on disk are loaded, none is ever built, and a first repair then reads no model file."""

from __future__ import annotations

import pytest

from clew.core.text import charmodel, model_file, mojibake, rare_words, spelling_choice, wordmodel
from clew.core.text.charmodel import CharModel
from clew.core.text.model_file import KeptModels
from clew.core.text.rare_words import RareWords
from clew.core.text.repair_preload import preload_steps
from clew.core.text.wordmodel import WordModel

# A word list small enough to build in no time.
BUCKETS = [["的", "书签", "the", "слово"], [], ["书签栏", "中文", "ab"], ["不", "与其", "台湾"]]
KINDS = {charmodel: ("chars", CharModel), wordmodel: ("words", WordModel), rare_words: ("rare", RareWords)}


@pytest.fixture(autouse=True)
def small_lists(monkeypatch):
    for module in KINDS:
        monkeypatch.setattr(module.wordfreq, "get_frequency_list", lambda language, wordlist: BUCKETS)
    model_file._stamp.cache_clear()
    yield
    model_file._stamp.cache_clear()


def fail_to_build(language: str):
    pytest.fail(f"the {language} model was built ahead of need")


def new_process(monkeypatch, build=None) -> dict:
    """The three kinds of models as a new process holds them: none yet. ``build``: how each
    kind builds a model (by default, failing the test)."""
    fresh = {}
    for module, (kind, model) in KINDS.items():
        fresh[module] = KeptModels(kind, build or model, model.from_data)
        monkeypatch.setattr(module, "KEPT", fresh[module])
    return fresh


def keep(monkeypatch, folder, wanted: dict) -> None:
    """Build and keep in ``folder`` the models ``wanted`` names (module -> languages), as the
    repair child does."""
    for module, kept in new_process(monkeypatch).items():
        kind, model = KINDS[module]
        kept_here = KeptModels(kind, model, model.from_data)
        for language in wanted.get(module, ()):
            kept_here.get(language, folder)


def test_the_models_kept_on_disk_are_loaded_and_a_first_repair_reads_no_file(tmp_path, monkeypatch):
    models = tmp_path / "models"
    keep(monkeypatch, models, {charmodel: ["en", "zh"], wordmodel: ["zh"], rare_words: ["ru"]})
    new_process(monkeypatch, fail_to_build)
    steps = list(preload_steps(models))
    assert steps == ["imported the repair", "compiled the repair's expressions", "loaded chars en",
                     "loaded chars zh", "loaded words zh", "loaded rare ru", "loaded the word list of ru"]
    for path in models.iterdir():
        path.unlink()
    # With the files gone, only models already held can serve: none is built.
    repaired = mojibake.repair(mojibake.mangle("过去三年中，我把论文加了书签，书签栏满了。\n"), models)
    assert repaired is not None and "书签" in repaired.text


def test_nothing_is_built_or_kept_where_no_model_is_kept(tmp_path, monkeypatch):
    models = tmp_path / "models"
    models.mkdir()
    new_process(monkeypatch, fail_to_build)
    assert list(preload_steps(models)) == ["imported the repair", "compiled the repair's expressions"]
    assert list(preload_steps(None)) == ["imported the repair", "compiled the repair's expressions"]
    assert list(models.iterdir()) == []


def test_a_damaged_model_is_left_to_the_repair_and_the_others_are_loaded(tmp_path, monkeypatch):
    models = tmp_path / "models"
    keep(monkeypatch, models, {charmodel: ["en", "zh"]})
    (models / "chars-en.msgpack").write_bytes(b"clew-model\nnot a model")
    fresh = new_process(monkeypatch, fail_to_build)
    assert "loaded chars zh" in list(preload_steps(models))
    assert not fresh[charmodel].load_kept("en", models) and fresh[charmodel].load_kept("zh", models)


@pytest.mark.parametrize("language", ["ko", "ja"])
def test_the_word_lists_of_languages_wordfreq_cuts_with_mecab_load_without_it(language):
    spelling_choice.load_word_list(language)
