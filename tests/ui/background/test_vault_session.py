"""VaultSession on real files with the real observer: its states, opening in background stages,
cancelling, big batches, lost events, polling."""

import ctypes
import errno
import gc
import threading
import time

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from watchdog.observers import Observer
from watchdog.observers import inotify_c
from watchdog.observers.inotify_c import InotifyConstants, InotifyEvent, InotifyFD

import clew.ui.background.session_work as session_work_module
import clew.ui.background.sliced_apply as sliced_apply_module
import clew.ui.background.vault_session as vault_session_module
import clew.ui.background.watcher as watcher_module
from clew.core.index import facts_read_back
from clew.core.index import store as store_module
from clew.core.index.store import FactsStore
from clew.core.index.store_codec import UnreadableRecord
from clew.core.offload import scan_child as scan_process
from clew.core.vault.files import Vault
from clew.core.vault.tree_shape import TreeShape
from clew.ui.background.tasks import TaskRunner
from clew.ui.background.vault_session import (
    APPLY_IN_SLICES_ABOVE, INDEX_FILL_MS, LISTING_PAINT_MS, SessionState, VaultSession,
)
from clew.ui.background.watcher import VaultWatcher


def make_vault(root, notes=30):
    (root / "deep" / "er").mkdir(parents=True)
    (root / "hub.md").write_text("# Hub\n")
    for number in range(notes):
        (root / "deep" / f"n{number}.md").write_text(f"# N{number}\n[[hub]]\n")
    (root / "deep" / "er" / "inner.md").write_text("[[hub]]\n")
    return root


def open_and_wait(qtbot, session, root):
    with qtbot.waitSignal(session.indexed, timeout=10_000):
        session.open(Vault(root))


def sources(session, path):
    return {link.source for link in session.index.backlinks(path)}


def spy(monkeypatch, name, look, module=vault_session_module):
    """Make each call of ``module``'s ``name`` (vault_session's by default) note ``look()``
    first; returns the notes."""
    seen = []
    real = getattr(module, name)

    def noting(*args, **kwargs):
        seen.append(look())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, noting)
    return seen


def test_the_tree_is_listed_before_the_notes_are_read(qtbot, session, tmp_path):
    root = make_vault(tmp_path / "v")
    order = []
    session.files_listed.connect(lambda listing: order.append(("listed", len(listing.paths))))
    session.indexed.connect(lambda: order.append(("indexed", session.index.note_count)))
    open_and_wait(qtbot, session, root)
    assert order == [("listed", 32), ("indexed", 32)]
    assert "deep/er/inner.md" in session.known


@pytest.fixture
def preparing(qapp):
    """A session whose ``prepare_listing`` notes the thread it ran on; and those threads."""
    prepared_in = []

    def prepare(paths):
        prepared_in.append(threading.current_thread())
        return TreeShape.of(paths)

    tasks = TaskRunner()
    watcher = VaultWatcher(quiet_ms=100, max_delay_ms=500, poll_interval_s=0.2)
    session = VaultSession(tasks, watcher, prepare_listing=prepare)
    yield session, prepared_in
    session.close()
    tasks.shutdown()


def test_the_listing_is_prepared_off_the_gui_thread(qtbot, tmp_path, preparing):
    """What a panel builds from a big vault's paths (the tree's nodes) comes with the listing,
    built by the opening task rather than in the GUI thread."""
    session, prepared_in = preparing
    with qtbot.waitSignal(session.files_listed, timeout=10_000) as listed:
        session.open(Vault(make_vault(tmp_path / "v")))
    assert "deep/er/inner.md" in listed.args[0].prepared.nodes
    assert listed.args[0].paths[0] == "deep/er/inner.md"
    assert prepared_in and prepared_in[0] is not threading.main_thread()


def test_a_batch_of_many_files_comes_with_the_listing_prepared_again(qtbot, tmp_path, preparing, monkeypatch):
    """A folder moved: the tree is made again off the GUI thread rather than path by path."""
    monkeypatch.setattr(vault_session_module, "LIST_AGAIN_ABOVE", 40)
    session, prepared_in = preparing
    root = make_vault(tmp_path / "v")
    open_until_caught_up(qtbot, session, root)
    prepared_in.clear()
    with qtbot.waitSignal(session.changed, timeout=15_000) as changed:
        (root / "deep").rename(root / "moved")
    update = changed.args[1]
    assert len(update.added) + len(update.removed) == 62
    assert "moved/er/inner.md" in update.listing.nodes and "deep" not in update.listing.nodes
    assert prepared_in and prepared_in[0] is not threading.main_thread()
    with qtbot.waitSignal(session.changed, timeout=15_000) as changed:
        (root / "hub.md").write_text("# Hub, edited\n")
    assert changed.args[1].listing is None  # a few files: the panels follow them path by path


def test_opening_another_vault_cancels_the_first(qtbot, session, tmp_path):
    first = make_vault(tmp_path / "first", notes=300)
    second = make_vault(tmp_path / "second", notes=3)
    indexed = []
    session.indexed.connect(lambda: indexed.append(session.vault.root))
    session.open(Vault(first))
    with qtbot.waitSignal(session.indexed, timeout=10_000):
        session.open(Vault(second))
    qtbot.waitUntil(lambda: not session.busy, timeout=5000)
    assert indexed == [Vault(second).root]
    assert session.index.note_count == 5


def test_a_big_batch_is_read_in_the_background_and_fully_applied(qtbot, session, tmp_path, monkeypatch):
    root = make_vault(tmp_path / "v")
    open_until_caught_up(qtbot, session, root)
    cut_in = spy(monkeypatch, "per_file_slices", threading.current_thread, session_work_module)  # cut there too
    count = APPLY_IN_SLICES_ABOVE * 10
    (root / "bulk").mkdir()
    for number in range(count):
        (root / "bulk" / f"b{number}.md").write_text("[[hub]]\n")
    (root / "deep" / "n0.md").unlink()
    expected = {f"bulk/b{number}.md" for number in range(count)}
    qtbot.waitUntil(lambda: expected <= sources(session, "hub.md"), timeout=15_000)
    qtbot.waitUntil(lambda: "deep/n0.md" not in session.known, timeout=5000)
    assert "deep/n0.md" not in sources(session, "hub.md")
    assert expected <= session.known
    assert cut_in and threading.main_thread() not in cut_in


def test_the_collector_waits_while_a_big_batch_is_applied(qtbot, session, tmp_path, monkeypatch):
    root = make_vault(tmp_path / "v")
    open_until_caught_up(qtbot, session, root)
    collecting = spy(monkeypatch, "apply_read_changes", gc.isenabled, sliced_apply_module)
    (root / "bulk").mkdir()
    expected = {f"bulk/b{number}.md" for number in range(APPLY_IN_SLICES_ABOVE * 3)}
    for path in expected:
        (root / path).write_text("[[hub]]\n")
    qtbot.waitUntil(lambda: expected <= sources(session, "hub.md"), timeout=15_000)
    assert False in collecting  # paused while the slices were applied
    assert gc.isenabled()  # and running again after


def test_the_collector_waits_while_a_cold_opening_lists_the_vault(qtbot, session, tmp_path, monkeypatch):
    root = make_vault(tmp_path / "v")
    collecting = spy(monkeypatch, "listed", gc.isenabled, session_work_module)
    open_until_caught_up(qtbot, session, root)
    assert collecting == [False]  # its full passes over a big vault's files stalled the window
    assert gc.isenabled()


def test_a_folder_of_notes_moved_moves_every_backlink(qtbot, session, tmp_path):
    root = make_vault(tmp_path / "v", notes=100)
    (root / "links.md").write_text("[[deep/n1]] [[n2]] [[er/inner]]\n")
    open_and_wait(qtbot, session, root)
    (root / "deep").rename(root / "moved")
    expected = {f"moved/n{number}.md" for number in range(100)} | {"moved/er/inner.md"}
    qtbot.waitUntil(lambda: sources(session, "hub.md") == expected, timeout=15_000)
    assert not any(path.startswith("deep/") for path in session.known)
    # The other notes' links to the moved notes follow too, by the time the batch is in.
    qtbot.waitUntil(lambda: not session.busy, timeout=15_000)
    leads = {link.link.target: link.resolution.path for link in session.index.outgoing("links.md")}
    assert leads == {"deep/n1": None, "n2": "moved/n2.md", "er/inner": "moved/er/inner.md"}


def overflow_the_kernel_queue():
    """What watchdog's reader thread does when the kernel says IN_Q_OVERFLOW (wd -1)."""
    InotifyFD.get_instance().handle_event(InotifyEvent(-1, InotifyConstants.IN_Q_OVERFLOW, 0, b""))


def test_after_a_queue_overflow_a_rescan_catches_what_was_lost(qtbot, session, tmp_path):
    root = make_vault(tmp_path / "v")
    open_and_wait(qtbot, session, root)
    # The events of these changes are lost, as in an overflow: the collector never sees them.
    collector = session._watcher._collector
    real_add = collector.add
    collector.add = lambda *args, **kwargs: None
    (root / "deep" / "n3.md").write_text("# N3\nno link now\n")
    (root / "lost.md").write_text("[[hub]]\n")
    (root / "deep" / "n4.md").unlink()
    collector.add = real_add
    with qtbot.waitSignal(session._watcher.events_lost, timeout=5000):
        overflow_the_kernel_queue()
    qtbot.waitUntil(lambda: "lost.md" in sources(session, "hub.md"), timeout=10_000)
    assert "deep/n3.md" not in sources(session, "hub.md")
    assert "deep/n4.md" not in session.known


def test_polling_mode_catches_changes(qtbot, session, tmp_path, monkeypatch):
    class NoInotify(Observer):
        def schedule(self, *args, **kwargs):
            raise OSError(errno.ENOSYS, "inotify is not available on this file system")

    monkeypatch.setattr(watcher_module, "Observer", NoInotify)
    root = make_vault(tmp_path / "v")
    with qtbot.waitSignal(session.watcher_status, timeout=5000) as status:
        open_and_wait(qtbot, session, root)
    assert "polling" in status.args[0]
    (root / "polled.md").write_text("[[hub]]\n")
    (root / "deep" / "n1.md").write_text("# N1 changed, no link\n")
    qtbot.waitUntil(lambda: "polled.md" in sources(session, "hub.md"), timeout=10_000)
    qtbot.waitUntil(lambda: "deep/n1.md" not in sources(session, "hub.md"), timeout=10_000)


def test_a_subfolder_the_watch_limit_left_out_is_noticed(qtbot, session, tmp_path, monkeypatch):
    root = make_vault(tmp_path / "v")
    real_add_watch = inotify_c.inotify_add_watch

    def limited(fd, path, mask):
        if path.endswith(b"/er"):
            ctypes.set_errno(errno.ENOSPC)
            return -1
        return real_add_watch(fd, path, mask)

    monkeypatch.setattr(inotify_c, "inotify_add_watch", limited)
    with qtbot.waitSignal(session.watcher_status, timeout=5000) as status:
        open_and_wait(qtbot, session, root)
    message = status.args[0]
    assert "polling" in message and "sysctl fs.inotify.max_user_watches=" in message
    (root / "deep" / "er" / "unwatched.md").write_text("[[hub]]\n")
    qtbot.waitUntil(lambda: "deep/er/unwatched.md" in sources(session, "hub.md"), timeout=10_000)


def test_too_few_watches_for_the_folders_goes_straight_to_polling(qtbot, session, tmp_path, monkeypatch):
    monkeypatch.setattr(watcher_module, "max_user_watches", lambda: 2)
    root = make_vault(tmp_path / "v")
    with qtbot.waitSignal(session.watcher_status, timeout=5000) as status:
        open_and_wait(qtbot, session, root)
    assert "3 folders" in status.args[0] and "allows 2 watches" in status.args[0]


def open_until_caught_up(qtbot, session, root):
    with qtbot.waitSignal(session.caught_up, timeout=10_000):
        session.open(Vault(root))


def snapshot_made(qtbot, session, root):
    """Open ``root`` once, so that the store keeps a snapshot of it, and close it again."""
    open_until_caught_up(qtbot, session, root)
    session.close()


@pytest.mark.parametrize("scanned_in_child", [False, True], ids=["scanned here", "scanned in a child"])
def test_a_warm_opening_shows_the_snapshot_then_what_changed_while_closed(qtbot, session, tmp_path, monkeypatch,
                                                                         scanned_in_child):
    if scanned_in_child:  # the index is made ready for changes while the child starts
        monkeypatch.setattr(scan_process, "SCAN_IN_CHILD_MIN_FILES", 1)
    root = make_vault(tmp_path / "v")
    snapshot_made(qtbot, session, root)
    (root / "deep" / "n1.md").write_text("# N1\nno link now\n")
    (root / "deep" / "n2.md").unlink()
    (root / "new.md").write_text("[[hub]]\n")
    seen = {}
    session.files_listed.connect(lambda listing: seen.setdefault("listed", set(listing.paths)))
    session.indexed.connect(lambda: seen.setdefault("indexed", sources(session, "hub.md")))
    open_until_caught_up(qtbot, session, root)
    before = {f"deep/n{number}.md" for number in range(30)} | {"deep/er/inner.md"}
    # The tree and the backlinks came from the snapshot, before the vault was scanned ...
    assert "new.md" not in seen["listed"] and "deep/n2.md" in seen["listed"]
    assert seen["indexed"] == before
    # ... and what changed while the vault was closed followed as the first batch.
    assert sources(session, "hub.md") == before - {"deep/n1.md", "deep/n2.md"} | {"new.md"}
    assert "new.md" in session.known and "deep/n2.md" not in session.known
    written = (root / "deep" / "n1.md").stat()
    assert session.known.stamp("deep/n1.md") == (written.st_size, written.st_mtime_ns)


def test_a_big_batch_after_a_warm_opening_leaves_its_notes_facts_to_the_store(qtbot, session, tmp_path, monkeypatch):
    monkeypatch.setattr(facts_read_back, "FACTS_READ_BACK_KEPT", 0)  # each note read back when asked
    root = make_vault(tmp_path / "v", notes=100)
    snapshot_made(qtbot, session, root)
    open_until_caught_up(qtbot, session, root)
    assert session.index.reads_back  # restored from the snapshot
    (root / "deep").rename(root / "moved")
    expected = {f"moved/n{number}.md" for number in range(100)} | {"moved/er/inner.md"}
    qtbot.waitUntil(lambda: sources(session, "hub.md") == expected and not session.busy, timeout=15_000)
    decoded = []
    real_decode = store_module.decode_facts
    monkeypatch.setattr(store_module, "decode_facts", lambda blob: decoded.append(blob) or real_decode(blob))
    assert session.index.facts("moved/n5.md").title == "N5"
    assert len(decoded) == 1  # read back from the store's row, written as the batch was read
    note = (root / "moved" / "n7.md").stat()
    assert FactsStore(session.store.path).read_back("moved/n7.md", (note.st_size, note.st_mtime_ns)).title == "N7"


def test_a_warm_opening_that_found_many_changes_saves_a_new_snapshot(qtbot, session, tmp_path, monkeypatch):
    monkeypatch.setattr(vault_session_module, "SNAPSHOT_AGAIN_ABOVE", 1)
    root = make_vault(tmp_path / "v")
    snapshot_made(qtbot, session, root)
    (root / "a.md").write_text("[[hub]]\n")
    (root / "b.md").write_text("[[hub]]\n")
    snapshot_made(qtbot, session, root)  # finds a.md and b.md, and saves a snapshot with them
    listed = []
    session.files_listed.connect(lambda listing: listed.append(set(listing.paths)))
    open_until_caught_up(qtbot, session, root)
    assert {"a.md", "b.md"} <= listed[0]
    assert {"a.md", "b.md"} <= sources(session, "hub.md")


def test_a_warm_opening_with_nothing_changed_applies_no_batch(qtbot, session, tmp_path):
    root = make_vault(tmp_path / "v")
    snapshot_made(qtbot, session, root)
    batches = []
    session.changed.connect(lambda batch, _update: batches.append(batch))
    open_until_caught_up(qtbot, session, root)
    assert batches == []
    assert len(sources(session, "hub.md")) == 31


def test_a_warm_opening_lists_the_files_once_the_snapshot_is_restored_then_gives_the_index(
        qtbot, session, tmp_path, monkeypatch):
    # Listed at once, the tree's first layouts came while the snapshot was read, each of the
    # hundreds of calls into the tree's model waiting for the GIL behind that thread.
    root = make_vault(tmp_path / "v")
    snapshot_made(qtbot, session, root)
    listed, restored, returned = threading.Event(), threading.Event(), threading.Event()
    real_restore_index, real_restore = session_work_module.restore_index, session_work_module.restore
    events = []

    def restore_index(*args):
        listed.wait(0.5)  # time for a listing reported before to reach the window
        index = real_restore_index(*args)
        restored.set()
        return index

    def restore(*args, **kwargs):
        result = real_restore(*args, **kwargs)
        returned.set()
        return result

    def on_listed(_listing) -> None:
        events.append(("listed", restored.is_set()))
        listed.set()
        QTimer.singleShot(0, lambda: events.append(("a turn of the event loop", True)))
        # The stage's end, reported meanwhile (as in a big vault, where the tree takes a while),
        # is taken in before the event loop's next turn.
        returned.wait(5)
        QCoreApplication.sendPostedEvents()

    monkeypatch.setattr(session_work_module, "restore_index", restore_index)
    monkeypatch.setattr(session_work_module, "restore", restore)
    session.files_listed.connect(on_listed)
    session.indexed.connect(lambda: events.append(("indexed", True)))
    open_until_caught_up(qtbot, session, root)
    # Each takes the window a while in a big vault: input gets a turn in between.
    assert events[:3] == [("listed", True), ("a turn of the event loop", True), ("indexed", True)]


def test_a_warm_opening_whose_listing_cannot_be_trusted_indexes_afresh(qtbot, session, tmp_path, monkeypatch):
    # The listing numbers the paths the rest of the snapshot names: without it, no snapshot.
    root = make_vault(tmp_path / "v")
    snapshot_made(qtbot, session, root)

    def untrusted(_parts):
        raise UnreadableRecord("the stored files hold the wrong types")

    monkeypatch.setattr(store_module, "decode_files", untrusted)
    afresh, listed = [], []
    session.afresh.connect(lambda: afresh.append(True))
    session.files_listed.connect(lambda listing: listed.append(listing.paths))
    open_until_caught_up(qtbot, session, root)
    assert afresh == [True] and len(listed) == 1 and "deep/n7.md" in listed[0]
    assert len(sources(session, "hub.md")) == 31


def test_a_first_opening_reads_the_notes_once_the_window_has_the_files(qtbot, session, tmp_path, monkeypatch):
    root = make_vault(tmp_path / "v")
    known_then = spy(monkeypatch, "build_index_in_child_first", lambda: len(session.known), session_work_module)
    open_until_caught_up(qtbot, session, root)
    assert known_then == [32]


def test_a_warm_opening_scans_once_the_window_has_the_index(qtbot, session, tmp_path, monkeypatch):
    root = make_vault(tmp_path / "v")
    snapshot_made(qtbot, session, root)
    index_held = spy(monkeypatch, "stale_since", lambda: session.index is not None, session_work_module)
    open_until_caught_up(qtbot, session, root)
    assert index_held == [True]


def test_a_warm_opening_places_its_watches_once_the_window_has_the_index(qtbot, session, tmp_path, monkeypatch):
    """Placed meanwhile, a big vault's watches took the GIL from reading the snapshot."""
    root = make_vault(tmp_path / "v")
    index_held = []
    real = watcher_module._started_inotify_observer
    monkeypatch.setattr(watcher_module, "_started_inotify_observer",
                        lambda handler, folder: index_held.append(session.index is not None) or real(handler, folder))
    snapshot_made(qtbot, session, root)
    open_until_caught_up(qtbot, session, root)
    assert index_held == [False, True]  # a first opening is watched before it scans the vault


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_a_folder_renamed_while_indexing_ends_up_under_its_new_name(qtbot, session, tmp_path, warm):
    root = make_vault(tmp_path / "v", notes=300)
    if warm:
        snapshot_made(qtbot, session, root)
    # The tree is listed and the notes are being read when the folder moves.
    session.files_listed.connect(lambda _listing: (root / "deep").rename(root / "moved"))
    open_and_wait(qtbot, session, root)
    expected = {f"moved/n{number}.md" for number in range(300)} | {"moved/er/inner.md"}
    qtbot.waitUntil(lambda: sources(session, "hub.md") == expected, timeout=15_000)
    assert not any(path.startswith("deep/") for path in session.known)
    assert "moved/n7.md" in session.known


def test_the_snapshot_is_saved_after_the_index_is_shown_and_before_changes_apply(qtbot, session, tmp_path, monkeypatch):
    root = make_vault(tmp_path / "v")
    release, saving = threading.Event(), threading.Event()
    real = session_work_module.save_snapshot

    def slow_save(*args):
        saving.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(session_work_module, "save_snapshot", slow_save)
    open_and_wait(qtbot, session, root)  # a first opening: the snapshot is due
    qtbot.waitUntil(saving.is_set, timeout=5000)
    assert sources(session, "hub.md")  # backlinks are there while the snapshot is written
    (root / "late.md").write_text("[[hub]]\n")
    qtbot.waitUntil(lambda: bool(session._pending), timeout=5000)  # the batch waits: the index is being read
    assert "late.md" not in sources(session, "hub.md")
    release.set()
    qtbot.waitUntil(lambda: "late.md" in sources(session, "hub.md"), timeout=5000)


def test_a_big_batch_tells_how_far_it_is(qtbot, session, tmp_path, monkeypatch):
    """Files first, then the notes linked to them, a turn at a time, each step with its total."""
    monkeypatch.setattr(sliced_apply_module, "SHOW_PROGRESS_ABOVE", 10)
    monkeypatch.setattr(sliced_apply_module, "APPLY_SLICE_MS", 0)  # a slice, or a note relinked, a turn
    monkeypatch.setattr(sliced_apply_module, "FILES_PER_SLICE", 1)
    root = make_vault(tmp_path / "v")
    for name in ("a", "b", "c"):  # notes whose links lead into the folder about to move
        (root / f"{name}.md").write_text("[[deep/n1]] [[n2]]\n")
    open_until_caught_up(qtbot, session, root)
    told = []
    session.applying.connect(lambda what, done, total: told.append((what, done, total)))
    with qtbot.waitSignal(session.changed, timeout=15_000):
        (root / "deep").rename(root / "moved")  # 31 notes linking [[hub]], and hub's backlinks
    files = [(done, total) for what, done, total in told if what == sliced_apply_module.APPLYING_FILES]
    relinks = [(done, total) for what, done, total in told if what == sliced_apply_module.RELINKING]
    assert files and files == sorted(files) and files[-1][0] < files[-1][1] == 62  # 31 files gone, 31 come
    assert told.index(next(t for t in told if t[0] == sliced_apply_module.APPLYING_FILES)) == 0
    assert relinks == [(0, 3), (1, 3), (2, 3)]  # a.md, b.md, c.md, one a turn


def test_a_small_batch_does_not_tell(qtbot, session, tmp_path):
    root = make_vault(tmp_path / "v")
    open_until_caught_up(qtbot, session, root)
    told = []
    session.applying.connect(lambda *args: told.append(args))
    with qtbot.waitSignal(session.changed, timeout=15_000):
        (root / "deep").rename(root / "moved")
    assert told == []


# -- states ------------------------------------------------------------------------------------

LISTING, INDEXING, CATCHING_UP, READY, APPLYING = (SessionState.LISTING, SessionState.INDEXING,
                                                   SessionState.CATCHING_UP, SessionState.READY, SessionState.APPLYING)


def told(session):
    """What ``session`` tells from now on, in order: each state (with ``ready`` and ``busy``
    as they are then) and the names of the signals that come with the states."""
    seen = []
    session.state_changed.connect(lambda state: seen.append((state, session.ready, session.busy)))
    for name in ("opened", "files_listed", "indexed", "changed", "caught_up"):
        getattr(session, name).connect(lambda *_args, name=name: seen.append(name))
    return seen


def test_a_first_opening_lists_indexes_catches_up_and_is_ready(qtbot, session, tmp_path):
    root = make_vault(tmp_path / "v")
    seen = told(session)
    assert session.state is SessionState.CLOSED and not session.ready and not session.busy
    open_until_caught_up(qtbot, session, root)
    assert seen == [(LISTING, False, True), "opened", (INDEXING, False, True), "files_listed",
                    (CATCHING_UP, True, True), "indexed", (READY, True, False), "caught_up"]
    assert session.state is READY


def test_a_warm_opening_goes_through_the_same_states_applying_what_changed_as_it_catches_up(
        qtbot, session, tmp_path):
    root = make_vault(tmp_path / "v")
    snapshot_made(qtbot, session, root)
    (root / "new.md").write_text("[[hub]]\n")
    seen = told(session)
    open_until_caught_up(qtbot, session, root)
    assert seen == [(LISTING, False, True), "opened", (INDEXING, False, True), "files_listed",
                    (CATCHING_UP, True, True), "indexed", "changed", (READY, True, False), "caught_up"]


def test_a_batch_of_changes_is_applied_then_the_session_is_ready_again(qtbot, session, tmp_path):
    root = make_vault(tmp_path / "v")
    open_until_caught_up(qtbot, session, root)
    seen = told(session)
    with qtbot.waitSignal(session.state_changed, timeout=10_000, check_params_cb=lambda state: state is READY):
        (root / "late.md").write_text("[[hub]]\n")
    assert seen == [(APPLYING, True, True), "changed", (READY, True, False)]
    assert "late.md" in sources(session, "hub.md")


def test_closing_leaves_nothing_under_way(qtbot, session, tmp_path):
    root = make_vault(tmp_path / "v", notes=300)
    seen = told(session)
    with qtbot.waitSignal(session.files_listed, timeout=10_000):
        session.open(Vault(root))
    session.close()  # while the notes are read
    assert seen[-1] == (SessionState.CLOSED, False, False)
    qtbot.wait(INDEX_FILL_MS + LISTING_PAINT_MS)  # a stage queued or running would end meanwhile
    assert seen[-1] == (SessionState.CLOSED, False, False) and "indexed" not in seen


def test_an_opening_that_fails_before_the_index_leaves_the_session_failed(qtbot, session, tmp_path, monkeypatch):
    def unreadable(_vault):
        raise OSError("the disk went away")

    monkeypatch.setattr(Vault, "scan", unreadable)
    seen = told(session)
    with qtbot.waitSignal(session.failed, timeout=10_000) as failed:
        session.open(Vault(make_vault(tmp_path / "v")))
    assert "the disk went away" in failed.args[0]
    assert seen == [(LISTING, False, True), "opened", (SessionState.FAILED, False, False)]


# -- stages ------------------------------------------------------------------------------------

@pytest.mark.parametrize("warm, shown, next_stage, given_ms", [
    (False, "files_listed", "build_index_in_child_first", LISTING_PAINT_MS),
    (False, "indexed", "save_snapshot", INDEX_FILL_MS),
    (True, "indexed", "stale_since", INDEX_FILL_MS),
], ids=["tree painted, then notes read", "panels filled, then snapshot saved", "panels filled, then disk checked"])
def test_the_window_has_time_to_show_what_a_stage_handed_it_before_the_next(qtbot, session, tmp_path, monkeypatch,
                                                                         warm, shown, next_stage, given_ms):
    root = make_vault(tmp_path / "v")
    if warm:
        snapshot_made(qtbot, session, root)
    shown_at = []
    getattr(session, shown).connect(lambda *_args: shown_at.append(time.monotonic()))
    started_at = spy(monkeypatch, next_stage, time.monotonic, session_work_module)
    open_until_caught_up(qtbot, session, root)
    # A coarse timer may fire up to 5% early.
    assert started_at[0] - shown_at[0] >= 0.95 * given_ms / 1000


def test_between_stages_the_session_thread_is_free(qtbot, tmp_path, monkeypatch):
    """The next stage is queued on the GUI thread, not waited for on the session's one thread:
    other work given to it meanwhile runs at once."""
    tasks = TaskRunner(max_threads=1)
    session = VaultSession(tasks, VaultWatcher(quiet_ms=100, max_delay_ms=500))
    order = spy(monkeypatch, "build_index_in_child_first", lambda: "notes read", session_work_module)
    session.files_listed.connect(
        lambda _listing: tasks.run(lambda progress: order.append("other work"), on_done=lambda _result: None))
    try:
        open_until_caught_up(qtbot, session, make_vault(tmp_path / "v"))
        assert order == ["other work", "notes read"]
    finally:
        session.close()
        tasks.shutdown()


def test_a_cold_opening_tells_the_files_found_before_the_listing_and_a_warm_one_does_not(qtbot, session, tmp_path):
    root = make_vault(tmp_path / "v")
    order = []
    session.files_found.connect(lambda paths: order.append(("found", len(paths), session.indexing_afresh)))
    session.files_listed.connect(lambda listing: order.append(("listed", len(listing.paths), session.indexing_afresh)))
    session.indexed.connect(lambda: order.append(("indexed", session.indexing_afresh)))
    snapshot_made(qtbot, session, root)
    assert order == [("found", 32, True), ("listed", 32, True), ("indexed", False)]
    order.clear()
    open_until_caught_up(qtbot, session, root)
    assert order == [("listed", 32, False), ("indexed", False)]
