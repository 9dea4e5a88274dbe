"""Mojibake repair figures: notes written for this bench (bench/mojibake_texts.py), mangled as
the seed-kb copy was (UTF-8 read as Windows-1254, its undefined bytes and the soft hyphen
lost), repaired and compared with the clean text (difflib ratio): each note's figure, the mean
and the worst, and the time a repair takes; then the seed note itself.

    python bench/mojibake.py [SHARED_VAULTS] [--json]

The repair never sees the clean text; it is only used to score the result afterwards.
"""

from __future__ import annotations

import difflib
import json
import statistics
import sys
import time
from pathlib import Path

import ftfy

from clew.core.text.mojibake import mangle, repair
from clew.core.text.reading import read_note
from mojibake_texts import TEXTS

SEED_COPY = "seed-kb/papers/deep_learning_trends_2022-2024 (mis-encoded copy).md"
SEED_CLEAN = "seed-kb/papers/deep_learning_trends_2022-2024.md"
# A Japanese note (kana lose a byte each in Windows-1254) and one with emoji, written here too.
OTHER_TEXTS = {
    "ja: paragraph": """# 機械学習のメモ

深層学習は、大量のデータから特徴を自動的に学習する手法です。画像認識や音声認識、自然言語処理など、
さまざまな分野で使われています。最近では、大規模な言語モデルが注目を集めており、文章の要約や翻訳、
質問への回答などができるようになりました。しかし、学習には多くの計算資源が必要で、電力の消費も
問題になっています。そのため、より小さなモデルで同じ性能を出すための研究も進められています。
""",
    "emoji: digest": """🔥 New paper: sparse attention at scale 👍 12 🤔 3
📌 Pinned: reading list for the week ✅ done ⚠️ two links broken
🎉 Release notes 👀 see the thread 🚀 shipped
""",
}
# The size of note whose repair time is reported (the bound: well under a second).
BIG_NOTE_BYTES = 20 * 1024


def ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def scored(texts: dict[str, str]) -> dict[str, dict[str, float]]:
    """Each text mangled and repaired: its similarity as read and repaired, and the seconds taken."""
    results = {}
    for name, text in texts.items():
        damaged = mangle(text)
        started = time.perf_counter()
        result = repair(damaged)
        seconds = time.perf_counter() - started
        repaired = result.text if result else damaged
        results[name] = {"as_read": ratio(damaged, text), "repaired": ratio(repaired, text), "seconds": seconds,
                         "rebuilt": result.rebuilt if result else 0}
    return results


def big_note() -> str:
    """The Chinese and mixed notes end to end, repeated to BIG_NOTE_BYTES."""
    unit = "\n".join(text for name, text in TEXTS.items() if not name.startswith("ru"))
    text = unit * (1 + BIG_NOTE_BYTES // len(unit.encode()))
    return text.encode()[:BIG_NOTE_BYTES].decode(errors="ignore")


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    vaults = Path(args[0] if args else "/work/shared/vaults")
    started = time.perf_counter()
    repair(mangle("\n".join(TEXTS.values()) + OTHER_TEXTS["ja: paragraph"]))  # the models are built once
    build_seconds = time.perf_counter() - started
    own = scored(TEXTS)
    others = scored(OTHER_TEXTS)
    big = mangle(big_note())
    started = time.perf_counter()
    repair(big)
    big_seconds = time.perf_counter() - started
    figures = [r["repaired"] for r in own.values()]
    summary = {"mean": statistics.fmean(figures), "worst": min(figures),
               "worst_note": min(own, key=lambda name: own[name]["repaired"]),
               "seconds_per_note": statistics.fmean(r["seconds"] for r in own.values()),
               "seconds_20kb_note": big_seconds, "bytes_20kb_note": len(big_note().encode()),
               "seconds_models": build_seconds}
    if "--json" in sys.argv:
        print(json.dumps({"summary": summary, "notes": own, "others": others}, ensure_ascii=False))
        return 0
    print("own mangled set (Windows-1254, lost bytes dropped), similarity to the clean text:")
    for name, r in {**own, **others}.items():
        print(f"  {name:28} as read {r['as_read']:7.2%}  repaired {r['repaired']:7.2%}  "
              f"{r['rebuilt']:4} rebuilt  {r['seconds'] * 1000:6.1f} ms")
    print(f"  mean {summary['mean']:.4f}  worst {summary['worst']:.4f} ({summary['worst_note']}), "
          f"the set's notes only; {summary['seconds_per_note'] * 1000:.1f} ms a note; "
          f"a {summary['bytes_20kb_note'] // 1024} KB note {big_seconds * 1000:.0f} ms "
          f"(and {build_seconds:.1f} s once, to build the models)")
    seed = vaults / SEED_COPY
    if seed.exists():
        mangled = read_note(seed).text
        clean = read_note(vaults / SEED_CLEAN).text
        started = time.perf_counter()
        fixed = repair(mangled)
        seconds = time.perf_counter() - started
        span = "\n".join(fixed.text.split("\n")[: clean.count("\n") + 1])
        print(f"seed note: {fixed.describe()}")
        print(f"  as read (no repair)              {ratio(mangled, clean):7.2%}")
        print(f"  ftfy alone                       {ratio(ftfy.fix_text(mangled), clean):7.2%}")
        print(f"  repaired, the clean copy's span  {ratio(span, clean):7.2%}   (the copy runs on past the clean one's end)")
        print(f"  time {seconds * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
