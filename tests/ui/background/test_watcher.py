"""VaultWatcher with the real watchdog observer on real files: what each kind of change emits."""

import errno
import threading
import os

import pytest
from PySide6.QtCore import QTimer
from watchdog.observers import Observer

import clew.ui.background.watcher as watcher_module
from clew.core.vault.changes import ChangeBatch
from clew.core.vault.files import Vault
from clew.ui.background.watcher import VaultWatcher


class BatchRecorder:
    """Keeps every emitted batch; ``merged()`` is what they say together."""

    def __init__(self, watcher):
        self.batches = []
        watcher.changed.connect(self.batches.append)

    def merged(self):
        paths = frozenset().union(*(batch.paths for batch in self.batches))
        return ChangeBatch(paths, tuple(move for batch in self.batches for move in batch.moves))

    def has(self, *paths):
        return set(paths) <= self.merged().paths


@pytest.fixture
def vault_dir(tmp_path):
    root = tmp_path / "vault"
    (root / "folder" / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "note.md").write_text("# Note\n")
    (root / "folder" / "a.md").write_text("a\n")
    (root / "folder" / "sub" / "b.md").write_text("b\n")
    return root


@pytest.fixture
def watcher(qapp, vault_dir):
    vault_watcher = VaultWatcher()
    vault_watcher.start(Vault(vault_dir))
    yield vault_watcher
    vault_watcher.stop()


@pytest.fixture
def recorder(watcher):
    return BatchRecorder(watcher)


def test_modify_emits_the_note(qtbot, watcher, vault_dir):
    with qtbot.waitSignal(watcher.changed, timeout=5000) as blocker:
        (vault_dir / "note.md").write_text("# Note\nmore\n")
    assert blocker.args[0].paths == {"note.md"}


@pytest.mark.parametrize("temp_name", [".note.md.swp", "note.md.tmp123", ".obsidian/tmp123"])
def test_atomic_save_by_rename_emits_the_note(qtbot, recorder, vault_dir, temp_name):
    temp = vault_dir / temp_name
    temp.parent.mkdir(exist_ok=True)
    temp.write_text("# Note\nsaved\n")
    os.replace(temp, vault_dir / "note.md")
    qtbot.waitUntil(lambda: recorder.has("note.md"), timeout=5000)
    assert not any(path.startswith(".obsidian") for path in recorder.merged().paths)


def test_create_emits_the_new_note_and_its_folder(qtbot, recorder, vault_dir):
    (vault_dir / "new").mkdir()
    (vault_dir / "new" / "fresh.md").write_text("fresh\n")
    qtbot.waitUntil(lambda: recorder.has("new", "new/fresh.md"), timeout=5000)


def test_delete_emits_the_note(qtbot, watcher, vault_dir):
    with qtbot.waitSignal(watcher.changed, timeout=5000) as blocker:
        (vault_dir / "note.md").unlink()
    assert blocker.args[0].paths == {"note.md"}


def test_rename_of_a_file_is_a_move(qtbot, recorder, vault_dir):
    (vault_dir / "note.md").rename(vault_dir / "renamed.md")
    qtbot.waitUntil(lambda: recorder.has("note.md", "renamed.md"), timeout=5000)
    batch = recorder.merged()
    assert batch.moves == (("note.md", "renamed.md"),)
    assert batch.moved_to("note.md") == "renamed.md"


def test_move_of_a_folder_moves_the_notes_inside(qtbot, recorder, vault_dir):
    (vault_dir / "folder").rename(vault_dir / "moved")
    qtbot.waitUntil(lambda: recorder.has("folder", "moved"), timeout=5000)
    batch = recorder.merged()
    assert batch.touches("folder/a.md") and batch.touches("moved/sub/b.md")
    assert batch.moved_to("folder/a.md") == "moved/a.md"
    assert batch.moved_to("folder/sub/b.md") == "moved/sub/b.md"
    assert not batch.touches("note.md")


def test_reads_and_changes_in_skipped_folders_emit_nothing(qtbot, watcher, recorder, vault_dir):
    # Twice the quiet period: long enough for a batch to have been emitted, short for the suite.
    with qtbot.assertNotEmitted(watcher.changed, wait=500):
        (vault_dir / "note.md").read_text()
        (vault_dir / ".git" / "index").write_bytes(b"\0" * 64)
        (vault_dir / ".obsidian").mkdir()
        (vault_dir / ".obsidian" / "workspace.json").write_text("{}")
    # Events arrive in order, so once a later note change is in, the skipped ones were seen.
    (vault_dir / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (vault_dir / "note.md").write_text("changed\n")
    qtbot.waitUntil(lambda: recorder.has("note.md"), timeout=5000)
    assert recorder.merged().paths == {"note.md"}


def test_a_burst_of_writes_comes_in_few_batches(qtbot, recorder, vault_dir):
    names = {f"burst/n{i:03}.md" for i in range(200)}
    (vault_dir / "burst").mkdir()
    for name in sorted(names):
        (vault_dir / name).write_text(f"{name}\n")
    qtbot.waitUntil(lambda: recorder.has(*names), timeout=10000)
    assert len(recorder.batches) <= 5


def test_a_continuous_stream_still_emits_every_second(qtbot, recorder, vault_dir):
    # A write every 50 ms never leaves the 250 ms quiet period: only the 1 s deadline emits.
    writes = []

    def write_next():
        writes.append(len(writes))
        (vault_dir / "stream.md").write_text(f"{len(writes)}\n")

    timer = QTimer()
    timer.timeout.connect(write_next)
    timer.start(50)
    try:
        qtbot.waitUntil(lambda: len(recorder.batches) >= 2, timeout=4000)
    finally:
        timer.stop()
    assert all(batch.paths == {"stream.md"} for batch in recorder.batches)


def test_start_on_another_vault_stops_the_first(qtbot, watcher, recorder, vault_dir, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    watcher.start(Vault(other))
    (vault_dir / "first-vault.md").write_text("x\n")
    (other / "second-vault.md").write_text("y\n")
    qtbot.waitUntil(lambda: recorder.has("second-vault.md"), timeout=5000)
    assert "first-vault.md" not in recorder.merged().paths


def test_stop_twice_is_fine_and_emits_nothing_more(qtbot, watcher, vault_dir):
    watcher.stop()
    watcher.stop()
    with qtbot.assertNotEmitted(watcher.changed, wait=500):
        (vault_dir / "note.md").write_text("after stop\n")


class _ObserverOutOfWatches(Observer):
    def schedule(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "inotify watch limit reached")


def test_out_of_inotify_watches_falls_back_to_polling(qtbot, qapp, vault_dir, monkeypatch):
    monkeypatch.setattr(watcher_module, "Observer", _ObserverOutOfWatches)
    vault_watcher = VaultWatcher()
    recorder = BatchRecorder(vault_watcher)
    try:
        with qtbot.waitSignal(vault_watcher.status, timeout=5000) as blocker:
            vault_watcher.start(Vault(vault_dir))
        assert "fs.inotify.max_user_watches" in blocker.args[0]
        (vault_dir / "polled.md").write_text("seen by polling\n")
        qtbot.waitUntil(lambda: recorder.has("polled.md"), timeout=5000)
    finally:
        vault_watcher.stop()


@pytest.mark.parametrize("told_to_wait", [False, True], ids=["at once", "once let"])
def test_a_start_in_the_background_watches_once_it_says_so(qtbot, qapp, vault_dir, monkeypatch, told_to_wait):
    allowed = threading.Event() if told_to_wait else None
    let_then = []
    real = watcher_module._started_inotify_observer
    monkeypatch.setattr(watcher_module, "_started_inotify_observer",
                        lambda handler, root: let_then.append(allowed is None or allowed.is_set()) or real(handler, root))
    vault_watcher = VaultWatcher()
    try:
        vault_watcher.start(Vault(vault_dir), in_background=True, not_before=allowed)
        if allowed is not None:
            allowed.set()
        qtbot.waitUntil(vault_watcher.watching.is_set, timeout=5000)
        assert let_then == [True]
        with qtbot.waitSignal(vault_watcher.changed, timeout=5000) as blocker:
            (vault_dir / "note.md").write_text("# Note\nseen\n")
        assert blocker.args[0].paths == {"note.md"}
    finally:
        vault_watcher.stop()


def test_a_watcher_stopped_while_waiting_to_start_places_no_watch(qtbot, qapp, vault_dir, monkeypatch):
    placed = []
    monkeypatch.setattr(watcher_module, "_started_inotify_observer", lambda *args: placed.append(args))
    vault_watcher = VaultWatcher()
    vault_watcher.start(Vault(vault_dir), in_background=True, not_before=threading.Event())
    vault_watcher.stop()
    qtbot.waitUntil(vault_watcher.watching.is_set, timeout=5000)  # the waiting thread went on, and ended
    assert placed == []


def test_a_watcher_stopped_while_starting_in_the_background_keeps_no_observer(qtbot, qapp, vault_dir, monkeypatch):
    release = threading.Event()
    placed = []
    real = watcher_module._started_inotify_observer

    def slow_placing(handler, root):
        release.wait(5)  # the watches of a big vault take a while to place
        placed.append(real(handler, root))
        return placed[-1]

    monkeypatch.setattr(watcher_module, "_started_inotify_observer", slow_placing)
    vault_watcher = VaultWatcher()
    vault_watcher.start(Vault(vault_dir), in_background=True)
    vault_watcher.stop()
    release.set()
    qtbot.waitUntil(vault_watcher.watching.is_set, timeout=5000)
    assert placed and not placed[0].is_alive()  # stopped by the thread that started it
    with qtbot.assertNotEmitted(vault_watcher.changed, wait=500):
        (vault_dir / "note.md").write_text("after stop\n")


@pytest.fixture
def loop_vault(tmp_path):
    """ln -s . sub/loop; ln -s ../sub sub/loop2: the window showed an empty tree after 61 s."""
    root = tmp_path / "loops"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "n.md").write_text("n\n")
    os.symlink(".", root / "sub" / "loop")
    os.symlink("../sub", root / "sub" / "loop2")
    return root


def _started(qtbot, vault_watcher, vault):
    statuses = []
    vault_watcher.status.connect(statuses.append)
    vault_watcher.start(vault)
    qtbot.waitUntil(vault_watcher.watching.is_set, timeout=5000)
    return statuses


def test_a_vault_with_symlink_loops_is_watched_by_inotify_and_reports_changes(qtbot, qapp, loop_vault):
    vault_watcher = VaultWatcher()
    recorder = BatchRecorder(vault_watcher)
    try:
        statuses = _started(qtbot, vault_watcher, Vault(loop_vault))
        assert [type(o) for o in vault_watcher._observers] == [Observer]  # no poller
        (loop_vault / "sub" / "n.md").write_text("changed\n")
        qtbot.waitUntil(lambda: recorder.has("sub/n.md"), timeout=5000)
        assert not any(p.startswith(("sub/loop/", "sub/loop2/")) for p in recorder.merged().paths)
        assert statuses == []
    finally:
        vault_watcher.stop()


def test_a_followed_folder_symlink_is_watched_under_its_vault_path(qtbot, qapp, vault_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.md").write_text("o\n")
    os.symlink(outside, vault_dir / "linked")
    vault_watcher = VaultWatcher()
    recorder = BatchRecorder(vault_watcher)
    try:
        statuses = _started(qtbot, vault_watcher, Vault(vault_dir))
        (outside / "o.md").write_text("changed\n")
        (outside / "new.md").write_text("new\n")
        qtbot.waitUntil(lambda: recorder.has("linked/o.md", "linked/new.md"), timeout=5000)
        assert statuses == []
    finally:
        vault_watcher.stop()


def test_a_folder_left_unwatched_without_running_out_of_watches_keeps_inotify(qtbot, qapp, vault_dir, monkeypatch):
    # A chmod-000 folder (or one removed meanwhile) gets no watch; the system still has watches.
    held = iter([10, 10])
    monkeypatch.setattr(watcher_module, "watches_held", lambda: next(held))
    monkeypatch.setattr(watcher_module, "out_of_watches", lambda folder: False)
    vault_watcher = VaultWatcher()
    try:
        statuses = _started(qtbot, vault_watcher, Vault(vault_dir))
        assert [type(o) for o in vault_watcher._observers] == [Observer]
        assert statuses == []
    finally:
        vault_watcher.stop()


def test_only_the_kernel_refusing_a_watch_names_the_sysctl(qtbot, qapp, vault_dir, monkeypatch):
    held = iter([10, 10])
    monkeypatch.setattr(watcher_module, "watches_held", lambda: next(held))
    monkeypatch.setattr(watcher_module, "out_of_watches", lambda folder: True)
    vault_watcher = VaultWatcher()
    try:
        statuses = _started(qtbot, vault_watcher, Vault(vault_dir))
        qtbot.waitUntil(lambda: bool(statuses), timeout=5000)
        assert "fs.inotify.max_user_watches" in statuses[0]
    finally:
        vault_watcher.stop()


class _ObserverRefused(Observer):
    def schedule(self, *args, **kwargs):
        raise OSError(errno.EACCES, "Permission denied")


def test_a_folder_inotify_may_not_watch_is_polled_without_naming_the_sysctl(qtbot, qapp, vault_dir, monkeypatch):
    monkeypatch.setattr(watcher_module, "Observer", _ObserverRefused)
    vault_watcher = VaultWatcher()
    try:
        statuses = _started(qtbot, vault_watcher, Vault(vault_dir))
        qtbot.waitUntil(lambda: bool(statuses), timeout=5000)
        assert "Permission denied" in statuses[0] and "sysctl" not in statuses[0]
    finally:
        vault_watcher.stop()


def test_the_poller_does_not_follow_symlink_loops(qtbot, qapp, loop_vault, monkeypatch):
    monkeypatch.setattr(watcher_module, "Observer", _ObserverOutOfWatches)
    vault_watcher = VaultWatcher(poll_interval_s=0.2)
    recorder = BatchRecorder(vault_watcher)
    try:
        _started(qtbot, vault_watcher, Vault(loop_vault))
        (loop_vault / "sub" / "polled.md").write_text("seen by polling\n")
        qtbot.waitUntil(lambda: recorder.has("sub/polled.md"), timeout=5000)
        assert not any("loop/" in p or "loop2/" in p for p in recorder.merged().paths)
    finally:
        vault_watcher.stop()
