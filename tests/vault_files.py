"""Small vaults for tests: files written from a {vault path: text} mapping; the paths the tree
tests lay out."""

from __future__ import annotations

from pathlib import Path

# Notes, attachments and other files, in folders, with names that sort naturally and by case.
TREE_PATHS = [
    "note 10.md",
    "note 2.md",
    "Note 3.md",
    "z.png",
    "settings.json",
    "b/x.md",
    "A/y.md",
    "A/deep/er/leaf.md",
    "A/deep/er/other.txt",
    "only-other/data.json",
]


def write(root: Path, files: dict[str, str]) -> Path:
    """Write each text at its vault path under ``root`` (folders made as needed); return ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
