"""What a vault is written in: each script's share of the letters, and sentence lengths per language.

    python bench/script_mix.py ../shared/vaults/seed-kb [/tmp/vault-10k]

generate_vault.py's multilingual proportions were taken from seed-kb with this script; run it
on a generated vault to see that they still match. Notes are the .md and .txt files; a copy
marked "(mis-encoded copy)" is left out (it repeats its clean original). URLs are left out, since
they are no one's prose. A sentence ends at . ! ? 。 ！ ？ (or a line's end); its language is the
script most of its letters are in.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
from collections import Counter

URL = re.compile(r"\]\([^)]*\)|https?://\S+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


def script(char: str) -> str | None:
    """'ru' (Cyrillic), 'zh' (Han), 'en' (Latin letters), or None for the rest (digits, marks, spaces)."""
    code = ord(char)
    if 0x0400 <= code <= 0x04FF:
        return "ru"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return "zh"
    if char.isascii() and char.isalpha():
        return "en"
    return None


def notes(root: str):
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.endswith((".md", ".txt")) and "(mis-encoded copy)" not in name:
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                    yield handle.read()


def measure(root: str) -> dict:
    letters: Counter[str] = Counter()
    lengths: dict[str, list[int]] = {"ru": [], "zh": [], "en": []}
    for text in notes(root):
        for line in URL.sub(" ", text).splitlines():
            for sentence in SENTENCE_END.split(line.strip()):
                counts = Counter(s for s in map(script, sentence) if s)
                if not counts:
                    continue
                letters.update(counts)
                lengths[counts.most_common(1)[0][0]].append(len(sentence))
    total = sum(letters.values())
    return {
        "letters": total,
        "share": {lang: round(letters[lang] / total, 3) for lang in ("ru", "zh", "en")},
        "sentence_chars_median": {lang: statistics.median(v) for lang, v in lengths.items() if v},
        "sentence_chars_mean": {lang: round(statistics.fmean(v), 1) for lang, v in lengths.items() if v},
        "sentences": {lang: len(v) for lang, v in lengths.items()},
    }


def main() -> None:
    for root in sys.argv[1:]:
        print(root, json.dumps(measure(root), ensure_ascii=False))


if __name__ == "__main__":
    main()
