"""Finding what changed in a big vault since a snapshot, in a child process: off the window's GIL.

A warm opening shows the store's snapshot first, then scans the vault for what changed since.
At 100k files the scan and the comparison are hundreds of milliseconds of Python, made just
when the window is busiest (its first paints, the first note, the switcher's titles). In a
thread of the window's process they would share the GIL with it; a child does them on the
other core, at a lower priority, and the calling thread waits on a pipe.
"""

from __future__ import annotations

from collections.abc import Callable

from clew.core.index.build import stale_paths
from clew.core.index.snapshot import ChildStamps, StoredFiles, child_stamps, stamps_from_parent
from clew.core.offload.one_shot import Report, here_or_in_child
from clew.core.vault.files import Vault

PROCESS_NAME = "clew-scanner"
# Below this many files, starting a child (~0.3 s) costs more than the scan it saves.
SCAN_IN_CHILD_MIN_FILES = 20_000
# Added to the child's niceness: on two cores, the window wins the CPU.
CHILD_NICENESS = 10


def _stale(vault: Vault, packed: ChildStamps, progress) -> set[str]:
    return stale_paths(vault, stamps_from_parent(packed))


def stale_since(vault: Vault, files: StoredFiles, report: Report,
                meanwhile: Callable[[], None] = lambda: None) -> set[str]:
    """``build.stale_paths(vault, files.stamps())``: in a child process when ``files`` are
    many, else (or when the child fails) here. ``report`` as ``run_in_child``'s; raising from
    it stops the work. ``meanwhile()`` runs once, while the child starts, else before the scan.
    A child is handed the columns as they are: the table of stamps is made only here."""
    in_child = len(files.paths) >= SCAN_IN_CHILD_MIN_FILES
    packed = (vault, child_stamps(files.packed())) if in_child else ()  # made for a child only
    return here_or_in_child(lambda: stale_paths(vault, files.stamps()), _stale, packed, report, in_child=in_child,
                            name=PROCESS_NAME, niceness=CHILD_NICENESS, meanwhile=meanwhile)
