"""Mojibake repair figures: notes written for this bench (bench/mojibake_texts.py), mangled as
the seed-kb copy was (UTF-8 read as Windows-1254, its undefined bytes and the soft hyphen
lost), repaired and compared with the clean text (difflib ratio): each note's figure, the mean
and the worst, and the time a repair takes; a first repair in a fresh process, its models kept
on disk, as the window's is; then the seed note itself.

    python bench/mojibake.py [SHARED_VAULTS] [--json]

The repair never sees the clean text; it is only used to score the result afterwards.
"""

from __future__ import annotations

import difflib
import json
import os
import statistics
import subprocess
import sys
import tempfile
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
# The size of the note a fresh process repairs first: a generated vault's mis-encoded notes.
FIRST_NOTE_BYTES = 6 * 1024
# What that process runs: a repair with the models kept in a folder, then a second one; it
# prints its times and its peak memory.
FIRST_REPAIR = """
import json, resource, sys, time
from pathlib import Path

def peak_mb():
    # VmHWM: this image's own peak; Linux's ru_maxrss counts the forking parent's too.
    try:
        return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from clew.core.text.mojibake import repair
text, models = Path(sys.argv[1]).read_text(encoding="utf-8"), Path(sys.argv[2])
wall, cpu = time.perf_counter(), time.process_time()
repair(text, models)
first = (time.perf_counter() - wall, time.process_time() - cpu)
cpu = time.process_time()
repair(text, models)
print(json.dumps({"first_wall": first[0], "first_cpu": first[1], "again_cpu": time.process_time() - cpu,
                  "peak_mb": peak_mb()}))
"""


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


def first_repair() -> dict[str, float]:
    """A mixed Chinese and Russian note of FIRST_NOTE_BYTES, mangled, repaired by a fresh
    process with the models kept in a folder (a first process builds them there)."""
    unit = "\n".join(text for name, text in TEXTS.items() if name.startswith(("zh", "ru")))
    text = (unit * (1 + FIRST_NOTE_BYTES // len(unit.encode()))).encode()[:FIRST_NOTE_BYTES].decode(errors="ignore")
    with tempfile.TemporaryDirectory(prefix="clew-mojibake-") as folder:
        note = Path(folder) / "note.md"
        note.write_text(mangle(text), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        command = [sys.executable, "-c", FIRST_REPAIR, str(note), str(Path(folder) / "models")]
        subprocess.run(command, env=env, check=True, capture_output=True)  # builds the models
        return json.loads(subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout)


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
    first = first_repair()
    figures = [r["repaired"] for r in own.values()]
    summary = {"mean": statistics.fmean(figures), "worst": min(figures),
               "worst_note": min(own, key=lambda name: own[name]["repaired"]),
               "seconds_per_note": statistics.fmean(r["seconds"] for r in own.values()),
               "seconds_20kb_note": big_seconds, "bytes_20kb_note": len(big_note().encode()),
               "seconds_models": build_seconds, "first_repair": first}
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
    print(f"  a {FIRST_NOTE_BYTES // 1024} KB note's first repair in a fresh process, the models kept: "
          f"{first['first_wall'] * 1000:.0f} ms ({first['first_cpu'] * 1000:.0f} ms CPU), "
          f"peak {first['peak_mb']:.0f} MB; a second {first['again_cpu'] * 1000:.0f} ms CPU")
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
