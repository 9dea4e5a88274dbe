"""One note's backlinks before a cold vault's index, scanned for in a child process: off the
window's GIL.

At 100k notes the targeted scan (``targeted_scan``) reads every note's bytes: over a second of
Python, made just when the window's process is busiest (drawing the note, placing the watches,
walking the vault, making the tree, starting the index's child), all of it sharing one GIL. A
child scans on the other core meanwhile, and the calling thread waits on a pipe. The child walks
the vault itself: it starts as soon as the note is known, long before the window's own walk is
done, and handing it 100k paths would cost the window's GIL more than the walk costs the child.
"""

from __future__ import annotations

from collections.abc import Sequence

from clew.core.index.results import ResolvedLink
from clew.core.index.targeted_scan import targeted_backlinks
from clew.core.offload.one_shot import Report, here_or_in_child
from clew.core.vault.files import Vault

PROCESS_NAME = "clew-backlinks"
# Below this many files, starting a child (a fifth of a second) costs more than the scan it
# takes off the window's GIL (10k notes are scanned in a tenth of a second).
SCAN_IN_CHILD_MIN_FILES = 30_000


def _scan(vault: Vault, target: str, progress) -> list[ResolvedLink]:
    return targeted_backlinks(vault, vault.paths(), target)


def in_a_child(vault: Vault, paths: Sequence[str] | None = None) -> bool:
    """Whether the scan of ``vault`` is made in a child: when it holds many files, counted
    among ``paths`` when known, else by a walk only as far as the count."""
    if paths is not None:
        return len(paths) >= SCAN_IN_CHILD_MIN_FILES
    return vault.holds_files(SCAN_IN_CHILD_MIN_FILES)


def scanned_backlinks(vault: Vault, target: str, report: Report, paths: Sequence[str] | None = None,
                      in_child: bool | None = None) -> list[ResolvedLink]:
    """``targeted_backlinks`` of ``target`` among the vault's files: in a child process in a big
    vault (walking it itself; ``in_child``, when the caller knows it already), else (or when the
    child fails) here, among ``paths`` when known. ``report`` as ``run_in_child``'s: it is
    called now and then, and raising from it stops the work (and kills the child)."""

    def here() -> list[ResolvedLink]:
        return targeted_backlinks(vault, vault.paths() if paths is None else paths, target, check_in=report)

    return here_or_in_child(here, _scan, (vault, target), report, name=PROCESS_NAME,
                            in_child=in_a_child(vault, paths) if in_child is None else in_child)
