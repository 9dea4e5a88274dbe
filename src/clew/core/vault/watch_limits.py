"""How many inotify watches a vault needs, how many this process holds, and whether the system has run out: watchdog skips folders it cannot watch without a word."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
from pathlib import Path

MAX_USER_WATCHES = Path("/proc/sys/fs/inotify/max_user_watches")
RAISE_WATCHES_HINT = (
    "sudo sysctl fs.inotify.max_user_watches=524288 (add the line "
    "fs.inotify.max_user_watches=524288 to /etc/sysctl.conf to keep it)"
)


# inotify(7): IN_CREATE, and IN_CLOEXEC for inotify_init1.
_IN_CREATE = 0x100
_IN_CLOEXEC = 0o2000000


def folders_to_watch(root: Path) -> int:
    """The folders a recursive inotify watch of ``root`` can place a watch on: ``root`` and
    every folder below it (dot folders included, as watchdog watches them too) but symlinks,
    which are not followed, and folders the user may not read, which inotify refuses."""
    count = 1
    for dirpath, dirnames, _filenames in os.walk(root):
        for name in dirnames:
            path = os.path.join(dirpath, name)
            count += not os.path.islink(path) and os.access(path, os.R_OK)
    return count


def out_of_watches(folder: str) -> bool:
    """True when the kernel refuses a new inotify watch on ``folder`` with ENOSPC: the user's
    watch limit is reached. Watches placed for a vault that fall short of its folders may
    have another reason (a folder removed meanwhile), which no sysctl mends."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        init, add_watch = libc.inotify_init1, libc.inotify_add_watch
    except (OSError, AttributeError):
        return False
    instance = init(_IN_CLOEXEC)
    if instance < 0:
        return False
    try:
        return add_watch(instance, os.fsencode(folder), _IN_CREATE) < 0 and ctypes.get_errno() == errno.ENOSPC
    finally:
        os.close(instance)


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
