"""Letting go of the repair's models and caches (core/text/repair_release.py): they are dropped,
a repair after that gives the same text, and a process that never repaired imports nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clew.core.text import charmodel, rare_words, spelling_choice, wordmodel
from clew.core.text.model_file import KeptModels
from clew.core.text.mojibake import mangle, repair
from clew.core.text.repair_release import release_repair_memory

SRC = Path(__file__).resolve().parents[3] / "src"
TEXT = "# Заметка\n\nВ статье о моделях и данных.\n\n过去三年中，我把论文加了书签，书签栏满了。\n"


@pytest.fixture
def builds(monkeypatch):
    """The models this process holds, as a new process holds them (none yet); each one it
    builds is the session's own (built once for every test), named in the list returned."""
    built = []
    for module in (charmodel, wordmodel, rare_words):
        session = module.KEPT

        def build(language, session=session):
            built.append(f"{session.kind} {language}")
            return session.get(language, None)

        monkeypatch.setattr(module, "KEPT", KeptModels(session.kind, build, session._from_data))
    return built


def test_the_repairs_models_and_caches_are_let_go_and_the_next_repair_is_the_same(builds):
    first = repair(mangle(TEXT))
    assert first.text == TEXT and builds and spelling_choice._score.cache_info().currsize
    held = len(builds)
    release_repair_memory()
    assert spelling_choice._score.cache_info().currsize == 0
    again = repair(mangle(TEXT))
    assert again.text == first.text and len(builds) == 2 * held  # each model loaded again


def test_a_process_that_never_repaired_imports_nothing_to_let_go():
    script = ("import sys\n"
              "from clew.core.text.repair_release import release_repair_memory\n"
              "release_repair_memory()\n"
              "print(sorted(m for m in sys.modules if m.startswith(('wordfreq', 'ftfy', 'clew.core.text.mojibake'))))\n")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert found.stdout.strip() == "[]"
