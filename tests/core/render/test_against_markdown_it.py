"""Issue 20's differential test: every note of the shared vaults has the block structure
markdown-it-py gives it (CommonMark, GFM tables), Obsidian's deliberate differences apart (the
reviewed list block_structure.DELIBERATE). bench/block_diff.py prints the same comparison."""

from __future__ import annotations

from pathlib import Path

from tests.core.render.block_structure import compare_vaults


def test_every_shared_note_has_the_block_structure_of_commonmark(shared_vaults: Path) -> None:
    vaults = sorted(p for p in shared_vaults.iterdir() if p.is_dir())
    compared, differing = compare_vaults(vaults)
    assert compared > 300  # the five sample vaults, all read
    report = "\n".join(f"{note}\n    {difference.describe()}" for note, difference in sorted(differing.items()))
    assert not differing, f"{len(differing)} of {compared} notes differ from markdown-it-py:\n{report}"
