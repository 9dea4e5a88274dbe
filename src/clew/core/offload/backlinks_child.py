"""One note's backlinks before a cold vault's index, scanned for in a child process: off the
window's GIL.

At 100k notes the targeted scan (``targeted_scan``) reads every note's bytes: over a second of
Python, made just when the window's process is busiest (placing the watches, walking the vault,
making the tree, starting the index's child), all of it sharing one GIL. A child scans on the
other core meanwhile, and the calling thread waits on a pipe.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from clew.core.index.results import ResolvedLink
from clew.core.index.targeted_scan import targeted_backlinks
from clew.core.offload.one_shot import ChildFailed, Report, run_in_child
from clew.core.vault.files import Vault

PROCESS_NAME = "clew-backlinks"
# Below this many files, starting a child (a third of a second) costs more than the scan it
# takes off the window's GIL (10k notes are scanned in a tenth of a second).
SCAN_IN_CHILD_MIN_FILES = 30_000

_log = logging.getLogger(__name__)


def _scan(vault: Vault, paths: Sequence[str], target: str, progress) -> list[ResolvedLink]:
    return targeted_backlinks(vault, paths, target)


def scanned_backlinks(vault: Vault, paths: Sequence[str], target: str, report: Report) -> list[ResolvedLink]:
    """``targeted_backlinks(vault, paths, target)``: in a child process when ``paths`` are many,
    else (or when the child fails) here. ``report`` as ``run_in_child``'s: it is called now and
    then, and raising from it stops the work (and kills the child)."""
    if len(paths) < SCAN_IN_CHILD_MIN_FILES:
        return targeted_backlinks(vault, paths, target, check_in=report)
    try:
        return run_in_child(_scan, (vault, tuple(paths), target), report, name=PROCESS_NAME)
    except ChildFailed as error:
        _log.warning("scanning %s for backlinks in a child process failed, scanning here: %s", vault.root, error)
        return targeted_backlinks(vault, paths, target, check_in=report)
