"""Writing the search index in a child process (``child_process``), so that its Python work does not hold the GIL.

Bringing the index of a 100k-note vault in step reads, repairs and parses every note and feeds
FTS5: half a minute of Python. SQLite's WAL lets queries read meanwhile. The child runs at a
lower priority, so the GUI and the render worker win the CPU on a small machine.
"""

from __future__ import annotations

from pathlib import Path

from clew.core.child_process import Report, run_in_child
from clew.core.search import SearchIndex
from clew.core.vault import Vault

PROCESS_NAME = "clew-search-index"
# Added to the child's niceness: the index can wait, the window cannot.
CHILD_NICENESS = 10


def _write(db_path: Path, vault: Vault, paths: list[str] | None, progress) -> int:
    """The child: sync the whole vault (``paths`` None) or update ``paths``."""
    index = SearchIndex(db_path)
    if paths is None:
        return index.sync(vault, progress=progress)
    index.update(vault, paths)
    return len(paths)


def write_in_process(db_path: Path, vault: Vault, paths: list[str] | None, report: Report) -> int:
    """Sync the index at ``db_path`` with the whole vault (``paths`` None) or re-read ``paths``,
    in a child process; returns how many notes were read. ``report`` as ``run_in_child``'s."""
    return run_in_child(_write, (Path(db_path), vault, paths), report, name=PROCESS_NAME, niceness=CHILD_NICENESS)
