"""How many inotify watches a vault needs and how many this process holds: watchdog skips folders it cannot watch without a word."""

from __future__ import annotations

import os
from pathlib import Path

MAX_USER_WATCHES = Path("/proc/sys/fs/inotify/max_user_watches")
RAISE_WATCHES_HINT = (
    "sudo sysctl fs.inotify.max_user_watches=524288 (add the line "
    "fs.inotify.max_user_watches=524288 to /etc/sysctl.conf to keep it)"
)


def folders_to_watch(root: Path) -> int:
    """The folders a recursive inotify watch of ``root`` needs: every folder below it (dot
    folders included, as watchdog watches them too; symlinks not followed), and ``root``."""
    count = 1
    for _dirpath, dirnames, _filenames in os.walk(root):
        count += len(dirnames)
    return count


def max_user_watches() -> int | None:
    """The system's limit of inotify watches per user, or None where there is no such file."""
    try:
        return int(MAX_USER_WATCHES.read_text().strip())
    except (OSError, ValueError):
        return None


def watches_held() -> int | None:
    """The inotify watches this process holds now (from /proc/self/fdinfo), or None where the
    system does not say (not Linux)."""
    fdinfo = Path("/proc/self/fdinfo")
    try:
        entries = list(fdinfo.iterdir())
    except OSError:
        return None
    count = 0
    for entry in entries:
        try:
            text = entry.read_text()
        except OSError:
            continue  # closed meanwhile
        count += text.count("\ninotify wd:")
    return count
