"""Mojibake repair figures: the seed note, and clean texts mangled the same way (Windows-1254
read, undefined bytes and soft hyphens lost), as difflib ratios against the clean text.

    python bench/mojibake.py [SHARED_VAULTS]

The repair never sees the clean text; it is only used to score the result afterwards.
"""

from __future__ import annotations

import difflib
import re
import sys
import time
from pathlib import Path

import ftfy

from clew.core.text.mojibake import mangle, repair
from clew.core.text.reading import read_note

SEED_COPY = "seed-kb/papers/deep_learning_trends_2022-2024 (mis-encoded copy).md"
SEED_CLEAN = "seed-kb/papers/deep_learning_trends_2022-2024.md"
# The sample vaults hold no Japanese; this paragraph stands in for a Japanese note.
JAPANESE = """# 機械学習のメモ

深層学習は、大量のデータから特徴を自動的に学習する手法です。画像認識や音声認識、自然言語処理など、
さまざまな分野で使われています。最近では、大規模な言語モデルが注目を集めており、文章の要約や翻訳、
質問への回答などができるようになりました。しかし、学習には多くの計算資源が必要で、電力の消費も
問題になっています。そのため、より小さなモデルで同じ性能を出すための研究も進められています。
例えば、知識の蒸留や量子化、枝刈りといった技術があります。これらの技術を組み合わせることで、
スマートフォンのような小さな機器でも、高度な処理ができるようになると期待されています。
"""


def ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def emoji_lines(text: str) -> str:
    """The lines of ``text`` that hold an emoji (the Telegram digest is full of them)."""
    return "\n".join(line for line in text.split("\n") if re.search("[\U0001F300-\U0001FAFF\u2600-\u27BF]", line))


def cases(vaults: Path) -> dict[str, str]:
    def text(rel: str) -> str:
        return read_note(vaults / rel).text

    return {
        "Chinese (seed note, clean copy)": text(SEED_CLEAN),
        "Russian (seed-kb NeurIPS notes)": text("seed-kb/ai/research_advances/neurips_2025.md"),
        "Russian (vanadium23-wiki, 10 notes)": "\n\n".join(
            read_note(p).text for p in sorted((vaults / "vanadium23-wiki").rglob("*.md"))[:10]),
        "Japanese (paragraph above)": JAPANESE,
        "emoji (Telegram digest, lines with emoji)": emoji_lines(text("seed-kb/channels/alphaxiv_digest.txt")),
        "emoji (Telegram digest, whole)": text("seed-kb/channels/alphaxiv_digest.txt"),
    }


def main() -> int:
    vaults = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/vaults")
    mangled = read_note(vaults / SEED_COPY).text
    clean = read_note(vaults / SEED_CLEAN).text
    started = time.perf_counter()
    fixed = repair(mangled)
    seconds = time.perf_counter() - started
    span = "\n".join(fixed.text.split("\n")[: clean.count("\n") + 1])
    print(f"seed note: {fixed.describe()}")
    print(f"  as read (no repair)              {ratio(mangled, clean):7.2%}")
    print(f"  ftfy alone                       {ratio(ftfy.fix_text(mangled), clean):7.2%}")
    print(f"  repaired, the clean copy's span  {ratio(span, clean):7.2%}   (the copy runs on past the clean one's end)")
    print(f"  repaired, whole file             {ratio(fixed.text, clean):7.2%}")
    print(f"  time {seconds:.2f} s (first call builds the character models)")
    print("own mangled set (Windows-1254, lost bytes dropped):")
    for name, text in cases(vaults).items():
        damaged = mangle(text)
        result = repair(damaged)
        repaired = result.text if result else damaged
        print(f"  {name:44} {len(text):6} chars  as read {ratio(damaged, text):7.2%}  repaired {ratio(repaired, text):7.2%}"
              f"  {result.rebuilt if result else 0:5} rebuilt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
