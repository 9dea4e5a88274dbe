"""Times the facts store's encoding: a snapshot and every note's row, written and read back.

    python bench/store_codec.py /tmp/vault-100k /tmp/store-100k

Indexes the vault into a store in that folder first if it holds none (a cold index, slow),
then prints the best of a few runs of each step of a warm start that decodes, and of writing.
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from clew.core.index.build import index_vault, read_facts
from clew.core.index.graph import VaultIndex
from clew.core.index.snapshot import encode_snapshot, snapshot_stamps
from clew.core.index.store import STORE_FILE_NAME, FactsStore, encode_facts
from clew.core.vault.files import Vault

RUNS = 3


def best_of(step) -> tuple[float, object]:
    """The fastest of RUNS runs of ``step`` in ms of wall time (the collector off, as the
    store's callers run it), and its last result. On a busy machine, compare runs made one
    after the other."""
    times = []
    result = None
    for _ in range(RUNS):
        result = None
        gc.collect()
        gc.disable()
        started = time.perf_counter()
        result = step()
        times.append(1000 * (time.perf_counter() - started))
        gc.enable()
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("store", type=Path, help="a folder for the store")
    args = parser.parse_args()
    vault = Vault(args.vault)
    args.store.mkdir(parents=True, exist_ok=True)
    store = FactsStore(args.store / STORE_FILE_NAME)
    if not store.has_snapshot():
        started = time.perf_counter()
        index_vault(vault, store=store)
        print(f"cold index into the store: {time.perf_counter() - started:.1f} s")
    print(f"store file: {store.path.stat().st_size / 1e6:.1f} MB")
    figures = {}
    figures["load_listing"], _ = best_of(store.load_listing)
    figures["load_snapshot"], snapshot = best_of(store.load_snapshot)
    figures["sources_by_key"], _ = best_of(snapshot.sources_by_key)
    figures["load (every row)"], rows = best_of(store.load)
    facts = [row.facts for row in rows.values()]
    figures["encode every row"], _ = best_of(lambda: [encode_facts(one) for one in facts])
    index = VaultIndex.restored(snapshot, lambda path, stamp: read_facts(vault, path))
    stamps = snapshot_stamps(snapshot)
    figures["encode snapshot"], parts = best_of(lambda: list(encode_snapshot(index.snapshot(stamps))))
    print(f"notes: {len(rows)}, links: {sum(len(one.links) for one in facts)}, snapshot parts: {len(parts)}, "
          f"{sum(map(len, parts)) / 1e6:.1f} MB")
    for name, ms in figures.items():
        print(f"{name:>18}: {ms:8.1f} ms")


if __name__ == "__main__":
    main()
