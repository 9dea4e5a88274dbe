"""Writes a synthetic vault for the benchmarks: ~3 KB notes with ~10 links each, in nested folders.

    python bench/generate_vault.py /tmp/vault-10k 10000

The same count and seed always give the same vault. Links mix the forms real vaults use: bare
wikilinks, wikilinks with a heading or shown text, Markdown links by relative path, links to
notes that do not exist, and a bare URL; some notes carry front matter with tags and aliases.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import random
from pathlib import Path

WORDS = (
    "river stone lantern orbit quiet harbor meadow copper signal thread vector garden winter "
    "paper engine cloud ember forest circuit marble delta prism echo summit canyon ledger "
    "atlas beacon cipher dune falcon glacier horizon island jungle kernel lagoon mosaic nebula "
    "oasis pillar quartz relay saddle tundra umbra valley willow zenith"
).split()
NOTES_PER_FOLDER = 100
FOLDERS_PER_FOLDER = 10
LINKS_PER_NOTE = 10
NOTE_BYTES = 3000


def note_paths(count: int) -> list[str]:
    """``count`` vault paths, 100 notes per folder, folders nested 10 wide (a/b/c/...)."""
    paths = []
    for number in range(count):
        folder_number = number // NOTES_PER_FOLDER
        parts = []
        while True:
            parts.append(f"area-{folder_number % FOLDERS_PER_FOLDER}")
            folder_number //= FOLDERS_PER_FOLDER
            if folder_number == 0:
                break
        paths.append("/".join(reversed(parts)) + f"/note {number:06d}.md")
    return paths


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 16))
    return " ".join(words).capitalize() + "."


def _link(rng: random.Random, source: str, target: str) -> str:
    stem = posixpath.splitext(posixpath.basename(target))[0]
    form = rng.random()
    if form < 0.45:
        return f"[[{stem}]]"
    if form < 0.6:
        return f"[[{stem}#Details]]"
    if form < 0.7:
        return f"[[{stem}|{rng.choice(WORDS)}]]"
    if form < 0.9:
        relative = posixpath.relpath(target, posixpath.dirname(source) or ".")
        return f"[{rng.choice(WORDS)}]({relative.replace(' ', '%20')})"
    if form < 0.95:
        return f"[[missing {rng.randint(0, 999)}]]"
    return "https://example.org/" + rng.choice(WORDS)


def note_text(rng: random.Random, path: str, paths: list[str]) -> str:
    """One note: optional front matter, a title, sections of prose with links spread through."""
    lines = []
    if rng.random() < 0.3:
        tags = ", ".join(rng.sample(WORDS, 2))
        lines += ["---", f"tags: [{tags}]", f"aliases: [{rng.choice(WORDS)} {path[-9:-3]}]", "---"]
    lines += [f"# {posixpath.splitext(posixpath.basename(path))[0]}", ""]
    links = [_link(rng, path, rng.choice(paths)) for _ in range(LINKS_PER_NOTE)]
    size = sum(len(line) + 1 for line in lines)
    section = 0
    while size < NOTE_BYTES or links:
        if size > (section + 1) * 900:
            section += 1
            heading = "## Details" if section == 1 else f"## {rng.choice(WORDS).capitalize()} {section}"
            lines += ["", heading, ""]
        sentence = _sentence(rng)
        if links and rng.random() < 0.5:
            sentence = sentence[:-1] + f" {links.pop()}."
        if rng.random() < 0.05:
            sentence += f" #{rng.choice(WORDS)}"
        lines.append(sentence)
        size += len(sentence) + 1
    return "\n".join(lines) + "\n"


def generate(root: Path, count: int, seed: int = 1) -> list[str]:
    """Write ``count`` notes under ``root`` (which should not exist yet); return their paths."""
    rng = random.Random(seed)
    paths = note_paths(count)
    made: set[str] = set()
    for path in paths:
        folder = posixpath.dirname(path)
        if folder not in made:
            os.makedirs(root / folder, exist_ok=True)
            made.add(folder)
        (root / path).write_text(note_text(rng, path, paths), encoding="utf-8")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.root.exists():
        parser.error(f"{args.root} exists; give a new folder")
    generate(args.root, args.count, args.seed)


if __name__ == "__main__":
    main()
