"""A vault with symlink loops, a followed outside folder and an unreadable folder, in the window."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from clew.ui.panels.tree_model import PathRole


def test_a_vault_with_symlink_loops_opens_marks_them_and_follows_changes(make_window, tmp_path, qtbot, monkeypatch):
    root = tmp_path / "v"
    (root / "sub").mkdir(parents=True)
    (root / "private").mkdir()
    (root / "private" / "secret.md").write_text("s\n")
    (root / "sub" / "n.md").write_text("# N\n[[private/secret]]\n")
    os.symlink(".", root / "sub" / "loop")  # ln -s . sub/loop
    os.symlink("../sub", root / "sub" / "loop2")  # ln -s ../sub sub/loop2
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.md").write_text("# O\n")
    os.symlink(outside, root / "linked")
    scandir = os.scandir

    def guarded(path="."):  # as os.scandir refuses a chmod-000 folder to anyone but root
        if str(path) == str(root / "private"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    messages: list[str] = []
    window = make_window(None)
    window.session.watcher_status.connect(messages.append)
    with qtbot.waitSignal(window.session.caught_up, timeout=10_000):
        window.open_vault_path(root, "sub/n.md")
    model = window.tree.model
    assert model.index_for_path("sub/loop").data() == "loop (link)"
    assert model.index_for_path("sub/loop2").data() == "loop2 (link)"
    assert model.index_for_path("private").data() == "private (permission denied)"
    assert model.index_for_path("linked/o.md").data(PathRole) == "linked/o.md"
    assert not model.index_for_path("sub/loop/n.md").isValid()
    (root / "sub" / "new.md").write_text("# New\n")
    (outside / "o2.md").write_text("# O2\n")
    qtbot.waitUntil(lambda: model.index_for_path("sub/new.md").isValid()
                    and model.index_for_path("linked/o2.md").isValid(), timeout=5000)
    assert messages == []  # watched by inotify: no polling, no sysctl
    reasons = {r.link.target: r.resolution.describe() for r in window.session.index.outgoing("sub/n.md")}
    assert reasons == {"private/secret": "unresolved: permission denied"}
    assert model.index_for_path("sub/loop").data(Qt.ItemDataRole.ToolTipRole).startswith("sub/loop: ")


def test_a_warm_opening_still_says_a_link_into_an_unreadable_folder_is_refused(make_window, tmp_path, qtbot,
                                                                                monkeypatch):
    root = tmp_path / "v"
    (root / "private").mkdir(parents=True)
    (root / "private" / "secret.md").write_text("s\n")
    (root / "n.md").write_text("# N\n[[private/secret]]\n")
    scandir = os.scandir

    def guarded(path="."):
        if str(path) == str(root / "private"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    for _opening in ("cold", "warm, from the store's snapshot"):
        window = make_window(None)
        with qtbot.waitSignal(window.session.caught_up, timeout=10_000):
            window.open_vault_path(root, "n.md")
        with qtbot.waitSignal(window.session.changed, timeout=10_000):  # relinked as the note changes
            (root / "n.md").write_text("# N\n[[private/secret]]\n\nEdited.\n")
        reasons = {r.link.target: r.resolution.describe() for r in window.session.index.outgoing("n.md")}
        assert reasons == {"private/secret": "unresolved: permission denied"}
        window.close()
