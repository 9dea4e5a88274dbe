"""Quick-switcher keystroke latency and vault-search latency on a generated vault (100k notes).

    python bench/switcher_search.py                 # 100,000 notes in a temporary folder
    python bench/switcher_search.py --notes 20000 --keep /tmp/bench-vault

Writes a vault of short notes (English, Russian and Chinese sentences, tags, some aliases),
ranks the switcher for every prefix of a few typed queries (each prefix is one keystroke), then
builds the search index (FTS5, trigram) and times typical queries. The same count and seed
always give the same vault.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from clew.core.search.fulltext import SearchIndex
from clew.core.search.ranking import NoteEntry, SwitcherIndex
from clew.core.vault.files import Vault

WORDS = ("river stone lantern orbit quiet harbor meadow copper signal thread vector garden winter "
         "paper engine cloud ember forest circuit marble delta prism echo summit canyon ledger "
         "atlas beacon cipher dune falcon glacier horizon island jungle kernel lagoon").split()
RUSSIAN = "река камень фонарь орбита тихий гавань луг медь сигнал нить вектор сад зима".split()
CHINESE = "机器学习 深度学习 知识图谱 人工智能 自然语言 数据库 搜索引擎 笔记 城市 历史".split()
TYPED = ("river stone", "rvr stn", "glacier 4242", "гавань", "Гавань сад", "机器学习", "zzqx")
SEARCHES = ("river", "lantern harbor", '"quiet harbor"', "гавань", "ГАВАНЬ сад", "学", "学习",
            "知识图谱", "path:area-3/area-1 copper", "tag:topic-7", "tag:topic-7 -river", "zzqxv")


def generate(root: Path, count: int, seed: int = 7) -> list[NoteEntry]:
    rng = random.Random(seed)
    entries = []
    for number in range(count):
        folder = f"area-{number % 10}/area-{number // 10 % 10}"
        if number % 7 == 0:
            name = f"{rng.choice(CHINESE)}{rng.choice(CHINESE)} {number}"
        elif number % 11 == 0:
            name = f"{rng.choice(RUSSIAN)} {rng.choice(RUSSIAN)} {number}"
        else:
            name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {number}"
        title = " ".join(rng.choices(WORDS, k=3)).title()
        aliases = (rng.choice(RUSSIAN),) if number % 9 == 0 else ()
        lines = [f"# {title}", ""]
        if aliases:
            lines[:0] = ["---", f"aliases: [{aliases[0]}]", f"tags: [topic-{number % 50}]", "---"]
        for _ in range(rng.randint(3, 6)):
            kind = rng.random()
            if kind < 0.6:
                lines.append(" ".join(rng.choices(WORDS, k=rng.randint(8, 14))).capitalize() + ".")
            elif kind < 0.8:
                lines.append(" ".join(rng.choices(RUSSIAN, k=rng.randint(6, 10))).capitalize() + ".")
            else:
                lines.append("".join(rng.choices(CHINESE, k=rng.randint(3, 6))) + "。")
        lines.append(f"#topic-{number % 50}")
        path = f"{folder}/{name}.md"
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / path).write_text("\n".join(lines) + "\n", encoding="utf-8")
        entries.append(NoteEntry(path, title, aliases))
    return entries


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def bench_switcher(entries: list[NoteEntry]) -> None:
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    started = time.perf_counter()
    index = SwitcherIndex(entries)
    print(f"switcher: index of {len(index)} notes built in {_ms(time.perf_counter() - started)} (off the GUI thread)")
    recent = [e.path for e in entries[:20]]
    every: list[float] = []
    every_cpu: list[float] = []
    for query in TYPED:
        times = []
        for end in range(1, len(query) + 1):
            started, started_cpu = time.perf_counter(), time.process_time()
            found = index.rank(query[:end], recent)
            times.append(time.perf_counter() - started)
            every_cpu.append(time.process_time() - started_cpu)
        every += times
        best = found[0].entry.path if found else "(nothing)"
        print(f"  typing {query!r:16} per keystroke: median {_ms(statistics.median(times))}, "
              f"max {_ms(max(times))}; first: {best}")
    started = time.perf_counter()
    index.rank("", recent)
    print(f"  empty query (recent first): {_ms(time.perf_counter() - started)}")
    print(f"  all {len(every)} keystrokes: median {_ms(statistics.median(every))}, max {_ms(max(every))} "
          f"(CPU time: median {_ms(statistics.median(every_cpu))}, max {_ms(max(every_cpu))}; "
          f"wall time grows when other programs share the cores)")


def bench_search(root: Path, db: Path) -> None:
    index = SearchIndex(db)
    started = time.perf_counter()
    read = index.sync(Vault(root))
    print(f"search: indexed {read} notes in {time.perf_counter() - started:.1f} s; "
          f"index file {os.path.getsize(db) / 2**20:.0f} MB")
    started = time.perf_counter()
    index.sync(Vault(root))
    print(f"  re-sync with nothing changed: {time.perf_counter() - started:.2f} s")
    for query in SEARCHES:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            hits = index.search(query, limit=200)
            times.append(time.perf_counter() - started)
        print(f"  {query!r:28} {len(hits):4} hits (limit 200)  median {_ms(statistics.median(times))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--keep", metavar="DIR", help="write the vault here and keep it (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clew-bench-") as scratch:
        root = Path(args.keep) if args.keep else Path(scratch) / "vault"
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        entries = generate(root, args.notes)
        print(f"generated {args.notes} notes in {time.perf_counter() - started:.1f} s at {root}")
        bench_switcher(entries)
        bench_search(root, Path(scratch) / "search.sqlite3")
    return 0


if __name__ == "__main__":
    sys.exit(main())
