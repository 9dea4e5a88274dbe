"""Time to a loaded tree for a vault holding symlink loops, and the window's peak memory (issue 18).

    QT_QPA_PLATFORM=offscreen python bench/symlink_loops.py [--timeout 100]

Builds a small vault with ``ln -s . sub/loop; ln -s ../sub sub/loop2``, opens it in the window
with bench/measure_window.py in a child process (fresh config and cache), and prints one JSON
object: that script's figures, or ``"loaded": false`` when the window did not load in time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

NOTES = 20


def loop_vault(root: Path) -> Path:
    vault = root / "loops"
    (vault / "sub").mkdir(parents=True)
    for number in range(1, NOTES + 1):
        (vault / "sub" / f"n{number}.md").write_text(f"# n{number}\n[[n1]]\n", encoding="utf-8")
    (vault / "top.md").write_text("[[sub/n1]]\n", encoding="utf-8")
    os.symlink(".", vault / "sub" / "loop")
    os.symlink("../sub", vault / "sub" / "loop2")
    return vault


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=100.0, help="seconds to wait for the window")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        env = dict(os.environ, XDG_CONFIG_HOME=str(root / "config"), XDG_CACHE_HOME=str(root / "cache"),
                   QT_QPA_PLATFORM="offscreen")
        command = [sys.executable, str(Path(__file__).with_name("measure_window.py")), str(loop_vault(root))]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, env=env)
            figures = json.loads(done.stdout) if done.returncode == 0 else {"loaded": False, "error": done.stderr[-500:]}
        except subprocess.TimeoutExpired:
            figures = {"loaded": False, "waited_s": args.timeout}
    # The child was killed on a timeout: its peak memory is still counted among the children's.
    figures["child_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
