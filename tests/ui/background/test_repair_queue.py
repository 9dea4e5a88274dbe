"""The repairs the window's cold index leaves to later (ui/background/repair_queue.py): the
index is published first, the repairs follow off the GUI thread and are taken in as a change;
the window's process never loads the repair's models for them."""

from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtWidgets import QAbstractSlider

import clew.ui.background.repair_queue as repair_queue_module
from clew.core.index.queued_repairs import repair_queued
from clew.core.text import model_file
from clew.core.text.mojibake import mangle
from clew.core.vault.files import Vault
from clew.ui.background.repair_queue import RepairQueue
from clew.ui.background.vault_session import SessionState
from vault_files import write

# Read quickly (no model asked), a lost byte of 书签 gives another character: the link resolves
# only once repaired.
LINKING = "# B\n\n我把论文加了书签。见 [[书签]]。\n"


def make_vault(root):
    return write(root, {"书签.md": "# 书签\n", "b.md": mangle(LINKING), "c.md": "# C\n\n书签 [[b]]\n"})


@pytest.fixture
def held_repairs(monkeypatch):
    """The repair child replaced by the same work in the session's repair thread, held until
    the event returned is set."""
    release, started = threading.Event(), threading.Event()

    def held(vault, report):
        started.set()
        while not release.wait(0.05):
            report()
        return repair_queued(vault, report)

    monkeypatch.setattr(repair_queue_module, "repair_queued_in_child", held)
    return release, started


def sources(session, path):
    return {link.source for link in session.index.backlinks(path)}


def test_a_cold_index_is_published_before_a_slow_repair_and_takes_it_in_once_done(qtbot, session, tmp_path,
                                                                                  held_repairs):
    release, started = held_repairs
    root = make_vault(tmp_path / "v")
    with qtbot.waitSignal(session.indexed, timeout=10_000):
        session.open(Vault(root))
    assert sources(session, "书签.md") == set() and sources(session, "b.md") == {"c.md"}
    qtbot.waitUntil(started.is_set, timeout=10_000)
    with qtbot.waitSignal(session.changed, timeout=10_000, check_params_cb=lambda batch, _update: "b.md" in batch.paths):
        release.set()
    assert sources(session, "书签.md") == {"b.md"}
    # Kept in a snapshot, the repair leaves the queue; a later start has nothing to repair.
    qtbot.waitUntil(lambda: session.state is SessionState.READY and not Vault(root).repairs.queued(), timeout=10_000)


def test_the_repairs_start_only_once_the_opening_has_caught_up(qtbot, session, tmp_path, held_repairs, monkeypatch):
    # Started with the opening, the repair child took a core from the catching up, and the
    # notes it repaired were read and kept in a snapshot before the window had caught up.
    release, started = held_repairs
    states, real = [], RepairQueue.repair
    monkeypatch.setattr(RepairQueue, "repair", lambda queue, vault: states.append(session.state) or real(queue, vault))
    with qtbot.waitSignal(session.caught_up, timeout=10_000):
        session.open(Vault(make_vault(tmp_path / "v")))
    qtbot.waitUntil(started.is_set, timeout=10_000)
    assert states and SessionState.CATCHING_UP not in states
    release.set()


def test_the_models_folder_is_told_as_the_repairs_start_and_again_after_the_first(qtbot, session, tmp_path,
                                                                                   held_repairs):
    # Another process (the render child) can then load the models kept by an earlier session,
    # and those the first repair needed, built if they were not.
    release, started = held_repairs
    root = make_vault(tmp_path / "v")
    told = []
    session.repair_models.connect(told.append)
    session.open(Vault(root))
    qtbot.waitUntil(started.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: told == [Vault(root).repairs.models], timeout=10_000)
    with qtbot.waitSignal(session.repair_models, timeout=20_000):
        release.set()
    assert told == [Vault(root).repairs.models] * 2


def test_a_clean_vault_never_tells_of_the_repair_models(qtbot, session, tmp_path, monkeypatch):
    told, done = [], []
    real = RepairQueue._on_done
    monkeypatch.setattr(RepairQueue, "_on_done", lambda queue, notes: done.append(notes) or real(queue, notes))
    session.repair_models.connect(told.append)
    session.open(Vault(write(tmp_path / "v", {"a.md": "# A\n\nЗаметка о модели, 模型与数据. [[b]]\n", "b.md": "# B\n"})))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert done == [[]] and told == []


def test_a_watched_change_of_a_repaired_note_is_repaired_again_only_where_it_changed(qtbot, session, tmp_path,
                                                                                    held_repairs, monkeypatch):
    release, _started = held_repairs
    release.set()
    root = make_vault(tmp_path / "v")
    with qtbot.waitSignal(session.changed, timeout=20_000, check_params_cb=lambda batch, _update: "b.md" in batch.paths):
        session.open(Vault(root))
    qtbot.waitUntil(lambda: session.state is SessionState.READY, timeout=10_000)
    chosen = []
    monkeypatch.setattr(model_file.KeptModels, "get", lambda *args: chosen.append(args) or pytest.fail("models loaded"))
    stat = (root / "b.md").stat()
    with qtbot.waitSignal(session.changed, timeout=10_000, check_params_cb=lambda batch, _update: "b.md" in batch.paths):
        (root / "b.md").write_text(mangle(LINKING) + "see [[c]]\n", encoding="utf-8")
        os.utime(root / "b.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert sources(session, "书签.md") == {"b.md"} and sources(session, "c.md") == {"b.md"}
    assert chosen == [] and Vault(root).repairs.queued() == []


def test_the_window_loads_no_repair_model_on_a_cold_open_without_a_mis_encoded_note_shown(
        qtbot, make_window, tmp_path, monkeypatch, held_repairs):
    release, started = held_repairs
    loaded = []
    real = model_file.KeptModels.get
    monkeypatch.setattr(model_file.KeptModels, "get", lambda *args: loaded.append(args[1:]) or real(*args))
    window = make_window(make_vault(tmp_path / "v"), "c.md")  # its backlinks and mentions read b.md
    qtbot.waitUntil(lambda: started.is_set() and not window.backlinks.searching, timeout=10_000)
    assert loaded == []
    release.set()


def test_a_mis_encoded_note_opened_before_its_repair_shows_repaired_and_shares_the_repair_with_the_index(
        qtbot, make_window, tmp_path, held_repairs, monkeypatch):
    release, started = held_repairs
    window = make_window(make_vault(tmp_path / "v"), "c.md")
    session = window.session
    qtbot.waitUntil(started.is_set, timeout=10_000)
    assert sources(session, "书签.md") == set()
    pages = []  # each page set in the view: read quickly or not
    view, set_page = window.note_view, window.note_view._on_rendered
    monkeypatch.setattr(view, "_on_rendered", lambda result: pages.append(result.read_quickly) or set_page(result))
    with qtbot.waitSignal(window.note_shown, timeout=10_000):
        window.open_note("b.md")
    assert pages == [True, False]  # at once, read quickly; then repaired, in place
    assert "书签" in window.note_view.browser.toPlainText()
    qtbot.waitUntil(lambda: sources(session, "书签.md") == {"b.md"}, timeout=10_000)
    release.set()


def test_a_reader_who_scrolls_the_quick_page_stays_there_when_the_repaired_page_comes(
        qtbot, make_window, tmp_path, held_repairs, monkeypatch):
    release, started = held_repairs
    root = make_vault(tmp_path / "v")
    (root / "long.md").write_text(mangle("".join(f"第{n}段：{LINKING}\n" for n in range(200))), encoding="utf-8")
    window = make_window(root, "c.md")
    qtbot.waitUntil(started.is_set, timeout=10_000)
    view, set_page = window.note_view, window.note_view._on_rendered
    bar = view.browser.verticalScrollBar()
    scrolled_to = []

    def set_page_then_scroll_the_quick_one(result):
        set_page(result)
        if result.read_quickly:  # the reader pages down while the repair runs
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
            scrolled_to.append(bar.value())

    monkeypatch.setattr(view, "_on_rendered", set_page_then_scroll_the_quick_one)
    with qtbot.waitSignal(window.note_shown, timeout=10_000):
        window.open_note("long.md")
    assert scrolled_to and scrolled_to[0] > 0
    assert not view.read_quickly and bar.value() == scrolled_to[0]
    release.set()
