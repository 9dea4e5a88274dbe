"""Regenerate the README's pictures with `clew --screenshot`: `make screenshots`, or

    python docs/screenshots.py [--vaults DIR] [--only NAME ...]

Writes docs/img/NAME.png for each picture below, from the sample vaults (found as the tests
find them: $CLEW_VAULTS, else a shared/vaults folder above the repository): seed-kb, and
foam-docs for the graph (seed-kb's notes link mostly to notes it does not have). Without a
display it runs under xvfb-run when that is installed (the fonts come out as on a desktop),
else on Qt's offscreen platform.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "img"
SIZE = "1280x800"
DAY4 = "ai/research_advances/neurips_2025_day4.md"
NEURIPS = "ai/research_advances/neurips_2025.md"
# name -> (sample vault, note, extra arguments of `clew --screenshot`)
PICTURES: dict[str, tuple[str, str, list[str]]] = {
    "seed-kb-light": ("seed-kb", NEURIPS, ["--theme", "light", "--panel", "backlinks"]),
    "seed-kb-dark": ("seed-kb", NEURIPS, ["--theme", "dark", "--panel", "backlinks"]),
    "local-graph": ("foam-docs", "user/features/wikilinks.md", ["--theme", "light", "--panel", "graph"]),
    "hover-preview": ("seed-kb", DAY4, ["--theme", "light", "--hover", "neurips_2025"]),
}


def find_vaults(given: str | None) -> Path:
    candidates = [Path(given)] if given else []
    if os.environ.get("CLEW_VAULTS"):
        candidates.append(Path(os.environ["CLEW_VAULTS"]).expanduser())
    candidates += [parent / "shared" / "vaults" for parent in REPO.parents]
    for candidate in candidates:
        if (candidate / "seed-kb").is_dir():
            return candidate
    sys.exit("screenshots: no sample vaults found; pass --vaults DIR (the folder holding seed-kb/ "
             "and foam-docs/) or set CLEW_VAULTS")


def clew_command() -> list[str]:
    """How to start Clew: through xvfb-run when there is no display and it is installed."""
    command = [sys.executable, "-m", "clew.cli"]
    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless and shutil.which("xvfb-run"):
        return ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24"] + command
    return command


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vaults", help="the folder holding the sample vaults (seed-kb/, foam-docs/)")
    parser.add_argument("--only", nargs="+", choices=sorted(PICTURES), help="only these pictures")
    args = parser.parse_args()
    vaults = find_vaults(args.vaults)
    OUT.mkdir(parents=True, exist_ok=True)
    failed = []
    for name in args.only or PICTURES:
        vault, note, extra = PICTURES[name]
        target = OUT / f"{name}.png"
        command = clew_command() + ["--screenshot", str(target), "--size", SIZE, *extra, str(vaults / vault), note]
        print(f"screenshots: {target.relative_to(REPO)}", flush=True)
        if subprocess.run(command, check=False).returncode != 0:
            failed.append(name)
    if failed:
        print(f"screenshots: failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
