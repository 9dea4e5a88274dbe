"""Which folder symlinks of a vault are followed: Obsidian's rules ("Symbolic links and junctions").

A folder symlink is followed when its target is disjoint from the vault and from every other
target (neither folder contains the other): its files then belong to the vault. A symlink to
the vault, to a folder above it or inside it, or to a folder another link also reaches is
ignored: shown as a link, never indexed. So a walk of the vault cannot loop, and no file is
reached under two vault paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

LINK_MARK = "link"
UNREADABLE_MARK = "permission denied"


def within(inner: Path, outer: Path) -> bool:
    """True when the real folder ``inner`` is ``outer`` or lies inside it."""
    return inner == outer or outer in inner.parents


def disjoint(first: Path, second: Path) -> bool:
    return not within(first, second) and not within(second, first)


def choose_followed(found: Mapping[str, Path], taken: Iterable[Path]) -> dict[str, Path]:
    """Of the folder symlinks ``found`` (vault path -> real target), those to follow: their
    target is disjoint from each folder already ``taken`` (the vault, the targets followed so
    far) and from every other target found."""
    taken = list(taken)
    free = {path: target for path, target in found.items() if all(disjoint(target, t) for t in taken)}
    return {
        path: target for path, target in free.items()
        if all(disjoint(target, other) for other_path, other in free.items() if other_path != path)
    }


@dataclass(frozen=True)
class FolderLinks:
    """What a walk of a vault found besides files: the folder symlinks it follows (vault path
    -> real target), those it ignores, and the folders it was not allowed to list."""

    followed: Mapping[str, Path] = field(default_factory=dict)
    ignored: frozenset[str] = frozenset()
    unreadable: frozenset[str] = frozenset()

    def marks(self) -> dict[str, str]:
        """The folders the file tree shows with a word instead of contents, by vault path."""
        marks = dict.fromkeys(self.ignored, LINK_MARK)
        marks.update(dict.fromkeys(self.unreadable, UNREADABLE_MARK))
        return marks
