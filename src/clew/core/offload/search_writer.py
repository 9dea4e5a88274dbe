"""Writing the search index in a child process (``one_shot``), so that its Python work does not hold the GIL.

Bringing the index of a 100k-note vault in step reads, repairs and parses every note and feeds
FTS5: half a minute of Python. SQLite's WAL lets queries read meanwhile. The child runs at a
lower priority, so the GUI and the render worker win the CPU on a small machine. An index kept
in memory (its file cannot be used) is written here: a child cannot reach it.
"""

from __future__ import annotations

from pathlib import Path

from clew.core.offload.one_shot import Report, run_in_child
from clew.core.search.fulltext import IndexUnusable, SearchIndex
from clew.core.vault.files import Vault

PROCESS_NAME = "clew-search-index"
# Added to the child's niceness: the index can wait, the window cannot.
CHILD_NICENESS = 10


def _write(db_path: Path, vault: Vault, paths: list[str] | None, progress) -> tuple[int, str]:
    """The child: sync the whole vault (``paths`` None) or update ``paths``. Returns how many
    notes were read, and why the file cannot be used ("" when it can)."""
    try:
        index = SearchIndex(db_path, memory_if_unusable=False)
        if paths is None:
            return index.sync(vault, progress=progress), ""
        index.update(vault, paths)
    except IndexUnusable as error:
        return 0, str(error)
    return len(paths), ""


def write_in_process(index: SearchIndex, vault: Vault, paths: list[str] | None, report: Report) -> int:
    """Sync ``index`` with the whole vault (``paths`` None) or re-read ``paths``, in a child
    process; returns how many notes were read. ``report`` as ``run_in_child``'s. When the
    child finds the index's file unusable, the index is kept in memory and filled here."""
    if index.on_disk:
        count, problem = run_in_child(_write, (index.db_path, vault, paths), report, name=PROCESS_NAME,
                                      niceness=CHILD_NICENESS)
        if not problem:
            return count
        index.give_up(problem)
        paths = None  # the index in memory starts empty
    if paths is None:
        return index.sync(vault, progress=lambda done, total: report((done, total)))
    index.update(vault, paths)
    return len(paths)
