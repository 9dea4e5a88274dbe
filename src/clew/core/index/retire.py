"""Freeing a vault's index once it is left, off the thread that used it."""

from __future__ import annotations

import sys
import threading

from clew.core.index.graph import VaultIndex


def retire(held: list[VaultIndex]) -> None:
    """Free the index ``held`` holds (and empty ``held``) on a thread of its own, dismantled
    there if nothing else holds it by then; whatever else still holds it frees it as usual."""

    def free(box: list[VaultIndex]) -> None:
        index = box.pop()
        if sys.getrefcount(index) == 2:  # this frame's name, and getrefcount's own argument
            index.dismantle()

    threading.Thread(target=free, args=([held.pop()],), name="clew-retire-index", daemon=True).start()
