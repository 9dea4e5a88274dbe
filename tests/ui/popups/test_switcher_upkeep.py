"""The quick switcher follows the disk: notes added, retitled and deleted are ranked as they are now."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal

from clew.core.index.build import index_vault
from clew.core.vault.files import Vault
from clew.ui.popups import switcher as switcher_module
from clew.ui.popups.switcher import FIRST_BUILD_AFTER_MS, QuickSwitcher
from tests.ui.driving import open_window


def top(window, query: str) -> str | None:
    matches = window.switcher.index.rank(query, limit=1)
    return matches[0].entry.path if matches else None


def test_the_switcher_follows_added_retitled_and_deleted_notes(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(switcher_module, "FIRST_BUILD_AFTER_MS", 0)  # its wait is tested below
    root = tmp_path / "kb"
    root.mkdir()
    (root / "Home.md").write_text("# Home\n\nStart.\n", encoding="utf-8")
    (root / "Old.md").write_text("---\ntitle: Walrus\n---\nText.\n", encoding="utf-8")
    window, context = open_window(qtbot, root, "Home.md", tmp_path / "settings.ini")
    qtbot.waitUntil(lambda: len(window.switcher.index) == 2, timeout=10_000)
    before = window.switcher.index
    assert top(window, "walrus") == "Old.md"

    (root / "Lighthouse.md").write_text("# Lighthouse\n", encoding="utf-8")
    (root / "Old.md").write_text("---\ntitle: Narwhal\n---\nText.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(window.switcher.index) == 3 and top(window, "narwhal") == "Old.md", timeout=10_000)
    assert top(window, "lighthouse") == "Lighthouse.md" and top(window, "walrus") is None
    assert len(before) == 2  # the index in use until then was never changed under the GUI

    Path(root / "Lighthouse.md").unlink()
    qtbot.waitUntil(lambda: len(window.switcher.index) == 2, timeout=10_000)
    assert top(window, "lighthouse") != "Lighthouse.md"
    context.shutdown()


class _Session(QObject):
    """What the switcher hears of a vault session."""

    opened = Signal(object)
    indexed = Signal()
    caught_up = Signal()
    changed = Signal(object, object)
    index = None


class _Tasks:
    """Runs each task at once, here: what was built, and when, is then plain to see."""

    def __init__(self):
        self.runs = 0

    def run(self, fn, *args, on_done, **_kwargs):
        self.runs += 1
        on_done(fn(*args, progress=lambda *_value: None))


@pytest.fixture
def opened(qtbot, tmp_path):
    """A switcher, its session just opened on a vault of two notes and indexed: (session,
    tasks, switcher)."""
    (tmp_path / "Home.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "Walrus.md").write_text("# Walrus\n", encoding="utf-8")
    session, tasks = _Session(), _Tasks()
    switcher = QuickSwitcher(session, tasks)
    qtbot.addWidget(switcher)
    session.opened.emit(None)
    session.index = index_vault(Vault(tmp_path))[1]
    return session, tasks, switcher


def test_the_first_build_waits_until_the_session_has_caught_up_and_a_while_after_the_backlinks(qtbot, opened):
    session, tasks, switcher = opened
    session.indexed.emit()
    session.changed.emit(None, None)  # what changed while the vault was closed, applied
    assert tasks.runs == 0 and len(switcher.index) == 0
    session.caught_up.emit()  # right after the backlinks, as on a first opening
    assert tasks.runs == 0  # the window fills the first note's panels meanwhile
    qtbot.waitUntil(lambda: tasks.runs == 1, timeout=FIRST_BUILD_AFTER_MS + 2000)
    assert len(switcher.index) == 2


def test_a_session_catching_up_long_after_the_backlinks_builds_at_once(opened, monkeypatch):
    monkeypatch.setattr(switcher_module, "FIRST_BUILD_AFTER_MS", 0)  # as if that long had passed
    session, tasks, switcher = opened
    session.indexed.emit()
    assert tasks.runs == 0
    session.caught_up.emit()
    assert tasks.runs == 1 and len(switcher.index) == 2


def test_a_switcher_opened_before_that_builds_at_once(opened):
    session, tasks, switcher = opened
    switcher.popup()
    assert len(switcher.index) == 2 and switcher.listing.count() == 2
    session.caught_up.emit()
    assert tasks.runs == 1  # not built twice, nor due any more
    switcher.hide()
