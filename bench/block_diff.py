"""Block structure of every note, Clew against markdown-it-py (CommonMark + GFM tables).

    python bench/block_diff.py [VAULT_DIR ...]     (default: every vault in ../shared/vaults)
    python bench/block_diff.py --show NOTE.md       both skeletons of one note, side by side

Renders each .md note with Clew and with markdown-it-py, compares their block skeletons
(p / ul / ol / li / pre / blockquote / h1-h6 / table, Clew's wrappers undone; see
tests/core/render/block_structure.py and its DELIBERATE list of Obsidian's own differences) and
prints how many notes differ, then each note's first difference grouped by kind.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.core.render.block_structure import (  # noqa: E402
    DELIBERATE, clew_blocks, clew_html, compare_vaults, oracle_blocks,
)


def default_vaults() -> list[Path]:
    for parent in REPO_ROOT.parents:
        shared = parent / "shared" / "vaults"
        if shared.is_dir():
            return sorted(p for p in shared.iterdir() if p.is_dir())
    raise SystemExit("no shared/vaults folder above the repository: name the vault folders to compare")


def show(note: Path) -> None:
    text = note.read_text(encoding="utf-8", errors="replace")
    mine = clew_blocks(clew_html(text, note.name)).outline().split("\n")
    theirs = oracle_blocks(text).outline().split("\n")
    width = max(len(line) for line in mine)
    print(f"{'Clew':{width}}  | markdown-it-py    (≠: the tags differ)")
    for at in range(max(len(mine), len(theirs))):
        left = mine[at] if at < len(mine) else ""
        right = theirs[at] if at < len(theirs) else ""
        same = left.split("  '")[0] == right.split("  '")[0]  # texts are shown, not compared
        print(f"{left:{width}}  {'|' if same else '≠'} {right}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vaults", nargs="*", type=Path, help="vault folders (default: ../shared/vaults/*)")
    parser.add_argument("--show", type=Path, metavar="NOTE", help="print both skeletons of this note")
    args = parser.parse_args(argv)
    if args.show:
        show(args.show)
        return 0
    vaults = args.vaults or default_vaults()
    started = time.perf_counter()
    compared, differing = compare_vaults(vaults)
    seconds = time.perf_counter() - started
    by_kind: dict[str, list[str]] = defaultdict(list)
    for note, difference in differing.items():
        by_kind[difference.kind].append(note)
    print("Neutralised (Obsidian's deliberate differences): " + ", ".join(DELIBERATE))
    for kind, notes in sorted(by_kind.items(), key=lambda item: (-len(item[1]), item[0])):
        print(f"\n{kind}: {len(notes)} note(s)")
        for note in notes:
            print(f"  {note}\n      {differing[note].describe()}")
    print(f"\n{len(differing)} of {compared} notes differ from markdown-it-py in block structure "
          f"({len(vaults)} vault(s), {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
