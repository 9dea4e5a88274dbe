"""Opens a note that is one long line of links in the window, offscreen: peak memory, time to show, stalls.

    QT_QPA_PLATFORM=offscreen python bench/link_line.py --kb 200 [--open x.md]

Builds a fresh vault and a fresh config and cache in a temporary folder, writes ``l.md`` as
``'w [[x]] [g](x.md) ' * n`` (the issue's reproduction, ``--kb`` kilobytes long), ``x.md`` and
``start.md``; shows ``start.md``, then opens ``--open`` (``l.md``: its outgoing links; ``x.md``: its backlinks) and waits for its
panels. Prints one JSON object; ``peak_rss_mb`` is the process's whole peak (getrusage).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPEATED = "w [[x]] [g](x.md) "


def build_vault(folder: Path, kilobytes: int) -> None:
    folder.mkdir(parents=True)
    (folder / "l.md").write_text(REPEATED * (kilobytes * 1000 // len(REPEATED)), encoding="utf-8")
    (folder / "x.md").write_text("# X\n\nThe note every link of l.md leads to.\n", encoding="utf-8")
    (folder / "start.md").write_text("# Start\n\nThe note shown first.\n", encoding="utf-8")


def measure(vault: Path, note: str) -> dict:
    # Qt and Clew are imported once the XDG folders point into the scratch folder.
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from clew.ui.setup.context import AppContext
    from clew.ui.main_window import MainWindow
    from clew.ui.settings import Settings

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from measure_window import Heartbeat, idle, peak_rss_mb, wait_for

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.processEvents()  # held in ``app`` for the run: a QApplication dropped is destroyed
    context = AppContext.create(Settings(QSettings(str(vault.parent / "settings.ini"), QSettings.Format.IniFormat)))
    window = MainWindow(context)
    window.resize(1400, 900)
    window.show()
    wait_for(context.session.indexed, 60, lambda: window.open_vault_path(vault, "start.md"))
    idle(0.5)
    heartbeat = Heartbeat()
    heartbeat.start()
    started = time.perf_counter()
    shown = wait_for(window.note_shown, 120, lambda: window.open_note(note))
    panels = time.perf_counter()
    tree = window.outgoing.tree if note == "l.md" else window.backlinks.tree
    while shown and not _rows(tree) and time.perf_counter() - started < 120:
        idle(0.02)  # the panels fill a little after the note is drawn
        panels = time.perf_counter()
    idle(1.0)
    figures = {
        "note": note,
        "to_show_ms": round((shown - started) * 1000) if shown else None,
        "to_panels_ms": round((panels - started) * 1000) if shown else None,
        "ui_stall_max_ms": heartbeat.stop(),
        "outgoing_rows": _rows(window.outgoing.tree),
        "backlink_rows": _rows(window.backlinks.tree),
        "peak_rss_mb": peak_rss_mb(),
    }
    window.close()
    context.shutdown()
    return figures


def _rows(tree) -> int:
    return sum(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kb", type=int, default=200, help="the line's length in kilobytes (200)")
    parser.add_argument("--open", default="l.md", choices=("l.md", "x.md"), help="the note to open (l.md)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clew-link-line-") as scratch:
        home = Path(scratch)
        for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
            (home / var).mkdir()
            os.environ[var] = str(home / var)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        vault = home / "vault"
        build_vault(vault, args.kb)
        figures = {"line_kb": args.kb, **measure(vault, args.open)}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
