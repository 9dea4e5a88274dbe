"""The window opens a vault whose cache cannot be used: the notes, backlinks and search work, and the status bar says why in one line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from clew.core.vault.cache_dir import cache_root


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "hub.md").write_text("# Hub\nthe lantern room\n")
    (root / "one.md").write_text("# One\n[[hub]]\n")
    return root


def backlink_sources(window) -> set[str]:
    return {link.source for link in window.session.index.backlinks("hub.md")}


def searched(qtbot, window, text: str) -> list[str]:
    qtbot.waitUntil(lambda: window.search_upkeep.ready, timeout=10_000)
    with qtbot.waitSignal(window.search_upkeep.results, timeout=10_000) as found:
        window.search_upkeep.search(text)
    return [hit.path for hit in found.args[1]]


def test_a_cache_folder_that_is_a_file_is_said_in_the_status_bar(make_window, vault, tmp_path, monkeypatch, qtbot):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    window = make_window(vault, "hub.md")  # NotADirectoryError before
    qtbot.waitUntil(lambda: "kept in memory this time" in window.statusBar().currentMessage(), timeout=10_000)
    message = window.statusBar().currentMessage()
    assert "Not a directory" in message and "CLEW_CACHE_DIR" in message
    assert backlink_sources(window) == {"one.md"}
    assert searched(qtbot, window, "lantern") == ["hub.md"]


def test_a_read_only_store_folder_opens_and_is_said_in_the_status_bar(make_window, vault, qtbot):
    window = make_window(vault, "hub.md")
    assert searched(qtbot, window, "lantern") == ["hub.md"]  # the search index is written
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10_000)
    window.close()
    folder = next((cache_root()).iterdir())
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", folder], capture_output=True).returncode != 0:
            pytest.skip("root, and chattr +i refused: nothing can be made read-only")
    else:
        folder.chmod(0o555)
    try:
        window = make_window(vault, "hub.md")  # "reading the vault..." for good before
        qtbot.waitUntil(lambda: "kept in memory this time" in window.statusBar().currentMessage(), timeout=10_000)
        assert backlink_sources(window) == {"one.md"}
        assert searched(qtbot, window, "lantern") == ["hub.md"]
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", folder], check=True)
        else:
            folder.chmod(0o755)
