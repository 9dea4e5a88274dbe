"""Fixtures of the window tests: a shown MainWindow on a vault, with its own settings file; and
seed-kb as a reader who opened it before finds it (its index and search index in the cache)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clew.core.index.build import index_vault
from clew.core.index.store import FactsStore
from clew.core.search.fulltext import SearchIndex
from clew.core.vault.cache_dir import cache_root
from clew.core.vault.files import Vault
from clew.ui.setup.context import AppContext
from clew.ui.main_window import MainWindow
from tests.ui.driving import window_context


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "clew-settings.ini"


@pytest.fixture
def make_window(qtbot, settings_file):
    """Factory: a shown MainWindow on ``vault`` (optionally at ``note``), indexed and rendered;
    in the test's process unless ``render_child`` (see driving.window_context)."""
    contexts: list[AppContext] = []

    def make(vault: Path | None, note: str = "", render_child: bool = False) -> MainWindow:
        context = window_context(settings_file, render_child)
        contexts.append(context)
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.restore_state()
        window.show()
        if vault is not None:
            with qtbot.waitSignal(window.note_shown, timeout=10_000):
                window.open_vault_path(vault, note)
        return window

    yield make
    for context in contexts:
        context.shutdown()


@pytest.fixture(scope="session")
def seed_kb_cache(shared_vaults: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding what opening seed-kb leaves: its facts store, snapshot and search index."""
    cache = tmp_path_factory.mktemp("seed-kb-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLEW_CACHE_DIR", str(cache))
        vault = Vault(shared_vaults / "seed-kb")
        index_vault(vault, store=FactsStore.for_vault(vault.root))
        SearchIndex.for_vault(vault.root).sync(vault)
    return cache


@pytest.fixture
def seed_kb(seed_kb: Path, seed_kb_cache: Path) -> Path:
    """seed-kb (read only), its index and search index already in this test's cache (a copy), as
    an earlier opening left them: a window on it starts warm, instead of reading it all and
    repairing its mis-encoded note again in the index, the search index and the mentions, and
    waiting, as it closes, for the repairs it no longer needs. A first opening is tested on a
    vault_copy, on a vault of the test's own, and on every shared vault in test_hostile_files."""
    shutil.copytree(seed_kb_cache, cache_root(), dirs_exist_ok=True)
    return seed_kb
