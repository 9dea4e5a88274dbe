"""`clew export` throughput: a generated vault (bench/generate_vault.py) exported twice, the index
warm, each run into a fresh folder; prints JSON with the seconds and notes per second of each.

    python bench/export_vault.py [--notes 2000] [--root /tmp/clew-bench-export] [--keep]

The command runs as a user runs it (a process of its own, one render child per core), so the
figure includes its start and the index read back from the facts store."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generate_vault import generate


def export_seconds(vault: Path, out: Path, env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "clew.cli", "export", str(vault), str(out)], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--root", type=Path, default=Path("/tmp/clew-bench-export"))
    parser.add_argument("--keep", action="store_true", help="keep the vault and the exports")
    args = parser.parse_args()
    if args.root.exists():
        parser.error(f"{args.root} exists; give a new folder")
    vault = args.root / "vault"
    generate(vault, args.notes)
    env = dict(os.environ, CLEW_CACHE_DIR=str(args.root / "cache"))
    subprocess.run([sys.executable, "-m", "clew.cli", "links", str(vault)], check=True, env=env,
                   stdout=subprocess.DEVNULL)  # the index, warm for both runs
    try:
        runs = [export_seconds(vault, args.root / f"site-{n}", env) for n in (1, 2)]
        print(json.dumps({"notes": args.notes, "cpus": os.cpu_count(), "load_average": os.getloadavg()[0],
                          "seconds": [round(s, 2) for s in runs],
                          "notes_per_second": [round(args.notes / s, 1) for s in runs]}))
    finally:
        if not args.keep:
            shutil.rmtree(args.root, ignore_errors=True)


if __name__ == "__main__":
    main()
