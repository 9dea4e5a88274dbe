"""Repairing the notes the window's index read quickly, in a child process at a low priority.

A repair loads the character and word models (tens of MB) and takes a tenth of a second of
Python a note: in the window's process it would hold the GIL the GUI thread needs, and keep
the models for the rest of the session. The child repairs every queued note
(``queued_repairs.repair_queued``), keeps the repairs in the vault's store and exits; the
window then reads the notes again, finding them repaired, as it applies a change.
"""

from __future__ import annotations

from clew.core.index.queued_repairs import QueuedNote, repair_queued
from clew.core.offload.one_shot import Report, run_in_child
from clew.core.vault.files import Vault

PROCESS_NAME = "clew-repairer"
# The repairs wait for the window and for whatever else the machine does.
CHILD_NICENESS = 10


def repair_queued_in_child(vault: Vault, report: Report) -> list[QueuedNote]:
    """``repair_queued(vault)`` in a child process; ``report`` as ``run_in_child``'s (raising
    from it kills the child). Raises ChildFailed when the child failed."""
    return run_in_child(repair_queued, (vault,), report, name=PROCESS_NAME, niceness=CHILD_NICENESS)
