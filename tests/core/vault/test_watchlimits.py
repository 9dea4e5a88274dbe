"""How many inotify watches a vault's folder needs, and whether the kernel has run out of them."""

from __future__ import annotations

import os

from clew.core.vault import watch_limits as watchlimits
from clew.core.vault.watch_limits import folders_to_watch, out_of_watches


def test_symlinks_and_unreadable_folders_need_no_watch(tmp_path, monkeypatch):
    for folder in ("a/b", "sub", ".git", "private"):
        (tmp_path / folder).mkdir(parents=True)
    os.symlink(".", tmp_path / "sub" / "loop")  # ln -s . sub/loop
    os.symlink("../sub", tmp_path / "sub" / "loop2")  # ln -s ../sub sub/loop2
    access = os.access
    monkeypatch.setattr(watchlimits.os, "access",
                        lambda path, mode: path != str(tmp_path / "private") and access(path, mode))
    assert folders_to_watch(tmp_path) == 5  # the root, a, a/b, sub, .git


def test_a_system_with_watches_left_is_not_out_of_them(tmp_path):
    assert out_of_watches(str(tmp_path)) is False
