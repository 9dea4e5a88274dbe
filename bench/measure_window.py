"""Measures the window on a vault, offscreen: first note drawn, time to backlinks, event-loop stalls, note opening, live updates.

    QT_QPA_PLATFORM=offscreen python bench/measure_window.py VAULT [--changes] > figures.json

Prints one JSON object. A QTimer beats every 5 ms while the vault opens; the longest gap
between beats is the longest the window could not answer input. ``stale_at_opening`` is how
many paths the opening found changed since the snapshot it started from: a reopen row is only
what it says when this is the number of changes made since.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from clew.core.index.queued_repairs import queued_notes
from clew.ui.app import create_window
from clew.ui.setup.context import AppContext

HEARTBEAT_MS = 5
# Before each note opened and each single change made: the window settles, as between a reader's actions.
SETTLE_GAP_S = 0.2


class Heartbeat:
    """The longest gap between two beats of a 5 ms timer, in ms."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.worst = 0.0
        self.stalls: list[int] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self._beat)

    def start(self) -> None:
        self.clock.start()
        self.timer.start(HEARTBEAT_MS)

    def _beat(self) -> None:
        gap = self.clock.nsecsElapsed() / 1e6
        self.clock.restart()
        self.worst = max(self.worst, gap - HEARTBEAT_MS)
        if gap - HEARTBEAT_MS > 50:
            self.stalls.append(round(gap - HEARTBEAT_MS))

    def stop(self) -> float:
        self.timer.stop()
        return round(self.worst, 1)


def wait_for(signal, timeout_s: float, start=None) -> float | None:
    """Run the event loop until ``signal`` fires (``start`` is called once connected); the
    ``perf_counter`` time it fired at, or None if it did not within ``timeout_s``. The loop
    returns once the slot that emitted it is over: what else that slot does comes after."""
    loop = QEventLoop()
    fired: list[float] = []

    def on_signal(*_args) -> None:
        fired.append(time.perf_counter())
        loop.quit()

    signal.connect(on_signal)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    if start:
        start()
    if not fired:
        loop.exec()
    signal.disconnect(on_signal)
    return fired[0] if fired else None


def idle(seconds: float) -> None:
    """Run the event loop for ``seconds`` without spinning: the GUI thread sleeps between events
    as in real use. A Python loop around processEvents() holds the GIL and, by the GIL's convoy
    effect, slows the session's file-reading thread many times over, which no user sees."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def peak_rss_mb() -> int:
    """This process's peak resident memory. Linux's VmHWM where there is one: getrusage's peak
    outlives exec, so a process started by a big one (a test run) reports its parent's."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[-1], 1) if len(values) >= 2 else round(values[0], 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("vault", type=Path)
    parser.add_argument("--changes", action="store_true", help="also measure live updates (writes to the vault)")
    parser.add_argument("--first-open", nargs="*", default=[], metavar="NOTE",
                        help="notes (vault paths) whose first open is timed apart, e.g. mis-encoded ones")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.processEvents()  # held in ``app`` for the run: a QApplication dropped is destroyed
    context = AppContext.create()
    heartbeat = Heartbeat()
    figures: dict[str, object] = {}

    started = time.perf_counter()
    listed: list[float] = []
    context.session.files_listed.connect(lambda _listing: listed.append(time.perf_counter() - started))
    caught_up: list[float] = []
    context.session.caught_up.connect(lambda: caught_up.append(time.perf_counter() - started))
    # What a warm opening found changed since its snapshot: the batches applied while catching up.
    stale: list[int] = []
    context.session.changed.connect(lambda batch, _update: None if caught_up else stale.append(len(batch.paths)))
    # The open note's backlinks first shown: on a cold vault, those its files were scanned for
    # while the vault is indexed; on a warm one, the index's.
    first_backlinks: list[float] = []

    def on_links(links) -> None:
        if not first_backlinks and links.path and (links.provisional or links.index is not None):
            first_backlinks.append(time.perf_counter() - started)

    # The open note's page first drawn (on a cold vault, before the index is there).
    first_drawn: list[float] = []

    def on_drawn(_path) -> None:
        if not first_drawn:
            first_drawn.append(time.perf_counter() - started)

    window = None

    def open_window() -> None:
        nonlocal window
        window = create_window(context, str(args.vault), None)
        window.links.changed.connect(on_links)
        window.note_view.rendered.connect(on_drawn)
        window.resize(1400, 900)
        window.show()
        heartbeat.start()  # from the window's first chance to answer input

    indexed = wait_for(context.session.indexed, 1800, open_window)
    figures["to_backlinks_s"] = round(indexed - started, 3) if indexed else None
    figures["to_tree_s"] = round(listed[0], 3) if listed else None
    figures["first_backlinks_s"] = round(first_backlinks[0], 3) if first_backlinks else None
    figures["first_note_drawn_s"] = round(first_drawn[0], 3) if first_drawn else None
    # A warm opening shows the snapshot's backlinks first, then checks them against the disk.
    if not caught_up:
        wait_for(context.session.caught_up, 60)
    figures["to_caught_up_s"] = round(caught_up[0], 3) if caught_up else None
    figures["stale_at_opening"] = sum(stale)
    # Let the store write and the first note settle while still listening.
    idle(1.0)
    figures["ui_stall_max_ms"] = heartbeat.stop()
    figures["ui_stalls_over_50ms"] = heartbeat.stalls

    notes = sorted(p for p in context.session.known if p.endswith(".md"))
    rng = random.Random(7)
    apart = set(args.first_open)
    opened, with_panels = [], []
    for path in rng.sample([p for p in notes if p not in apart], min(60, len(notes) - len(apart))):
        shown, panels = open_timed(window, path)
        if shown is not None:
            opened.append(shown)
            with_panels.append(panels)
    first_opens, repaired = [], []
    for path in args.first_open:
        shown, shown_repaired = first_open_timed(window, path)
        if shown is not None:
            first_opens.append(shown)
        if shown_repaired is not None:
            repaired.append(shown_repaired)
    if first_opens:
        figures["first_open_median_ms"] = round(statistics.median(first_opens), 1)
        figures["first_open_max_ms"] = round(max(first_opens), 1)
    if repaired:
        figures["first_open_repaired_median_ms"] = round(statistics.median(repaired), 1)
        figures["first_open_repaired_max_ms"] = round(max(repaired), 1)
    # The first render also starts the render worker process: reported apart.
    figures["open_first_note_ms"] = round(opened[0], 1) if opened else None
    figures["open_note_p95_ms"] = p95(opened[1:]) if len(opened) > 1 else None
    figures["open_note_with_panels_p95_ms"] = p95(with_panels[1:]) if len(with_panels) > 1 else None

    if args.changes:
        figures.update(wait_for_repairs(context.session))
        figures.update(measure_changes(context, window, args.vault, notes, rng))
    figures["peak_rss_mb"] = peak_rss_mb()
    context.shutdown()
    print(json.dumps(figures))


def open_timed(window, path: str) -> tuple[float | None, float]:
    """Milliseconds until ``path`` is drawn (None if not within 10 s), and until the tree and
    links panels followed (right after, in the same slot). Opened from a settled window, as a
    reader opens a note: back to back, each open would also wait for the paint the one before
    left queued."""
    idle(SETTLE_GAP_S)
    clock = time.perf_counter()
    shown = wait_for(window.note_shown, 10, lambda: window.open_note(path))
    panels = (time.perf_counter() - clock) * 1000
    return ((shown - clock) * 1000 if shown else None), panels


def first_open_timed(window, path: str) -> tuple[float | None, float | None]:
    """Milliseconds until ``path`` is drawn, and until it is drawn repaired (None if not within
    10 s): a mis-encoded note not repaired before is drawn read quickly first, then repaired."""
    idle(SETTLE_GAP_S)
    clock = time.perf_counter()
    shown = wait_for(window.note_view.rendered, 10, lambda: window.open_note(path))
    if shown is None:
        return None, None
    repaired = wait_for(window.note_shown, 10) if window.note_view.read_quickly else shown
    return (shown - clock) * 1000, ((repaired - clock) * 1000 if repaired else None)


def wait_for_repairs(session, timeout_s: float = 1800) -> dict:
    """Until the notes queued for repair (those an earlier run left, and this opening's) are
    repaired, taken in, and kept in a snapshot: one saved while the changes that follow are made
    would hold some of them, and the next opening would not see them as changes since."""
    clock = time.perf_counter()
    deadline = clock + timeout_s
    while time.perf_counter() < deadline and (queued_notes(session.vault) or session.busy):
        idle(0.2)
    return {"repairs_waited_s": round(time.perf_counter() - clock, 1), "repairs_left": len(queued_notes(session.vault))}


def measure_changes(context: AppContext, window, root: Path, notes: list[str], rng: random.Random) -> dict:
    """One change at a time to view + backlinks updated; then 1,000 files changed within 10 s;
    then a folder moved (and back). ``notes_changed``: how many notes these changes left
    changed since the window's last snapshot."""
    session = context.session
    target = notes[0]
    window.open_note(target)
    wait_for(window.note_shown, 10)
    delays = []
    singles = rng.sample(notes[1:], 20)
    for number, source in enumerate(singles):
        path = root / source
        text = path.read_text(encoding="utf-8") + f"\nchange {number}: [[{Path(target).stem}]]\n"
        # One change, made to a settled window: back to back, each would also wait for what
        # the one before left to do (the store's write, the search index's, the panels' paint).
        idle(SETTLE_GAP_S)
        clock = time.perf_counter()

        def updated(_batch, _update, source=source) -> None:
            # The window's own slot ran first (connected first): the panel shows this already.
            if any(link.source == source for link in session.index.backlinks(target)):
                delays.append((time.perf_counter() - clock) * 1000)

        session.changed.connect(updated)
        wait_for(session.changed, 10, lambda: path.write_text(text, encoding="utf-8"))
        session.changed.disconnect(updated)
    figures = {"change_to_updated_p95_ms": p95(delays) if delays else None, "changes_seen": len(delays)}
    changed = set(singles)

    bulk = rng.sample(notes, 1000)
    token = f"bulk{int(time.time())}x"
    clock = time.perf_counter()
    for number, source in enumerate(bulk):
        path = root / source
        path.write_text(path.read_text(encoding="utf-8") + f"\n#{token}{number}\n", encoding="utf-8")
        if number % 100 == 99:
            QApplication.processEvents()
    written_s = time.perf_counter() - clock

    def reflected() -> int:
        return sum(1 for n, s in enumerate(bulk) if f"{token}{n}" in (session.index.facts(s).tags or ()))

    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline and reflected() < len(bulk):
        idle(0.1)
    figures.update({
        "bulk_written_s": round(written_s, 2),
        "bulk_reflected": reflected(),
        "bulk_lost": len(bulk) - reflected(),
        "bulk_all_reflected_s": round(time.perf_counter() - clock, 2),
    })
    figures["notes_changed"] = len(changed.union(bulk))
    figures.update(measure_folder_move(session, root))
    return figures


def measure_folder_move(session, root: Path) -> dict:
    """The biggest top folder (a tenth of the notes) renamed, as a user reorganising: until
    the window has every file under its new name and every link following, with the longest
    stall meanwhile. Then renamed back (not measured), so that the vault is as generated."""
    folder = max((p for p in root.iterdir() if p.is_dir()), key=lambda p: sum(1 for _ in p.rglob("*.md")))
    notes = sum(1 for _ in folder.rglob("*.md"))
    moved = folder.with_name(folder.name + "-moved")
    figures = {"move_folder_notes": notes, "peak_rss_before_move_mb": peak_rss_mb()}
    for source, target, measured in ((folder, moved, True), (moved, folder, False)):
        probe = next(target.name + "/" + p.relative_to(source).as_posix() for p in source.rglob("*.md"))
        idle(2.0)  # what the changes before left to do (the store's and the search index's writes)
        heartbeat = Heartbeat()
        heartbeat.start()
        clock = time.perf_counter()
        source.rename(target)
        deadline = clock + 600
        while time.perf_counter() < deadline and (probe not in session.known or session.busy):
            idle(0.05)
        if measured:
            figures["move_folder_applied_s"] = round(time.perf_counter() - clock, 2)
            figures["move_folder_stall_max_ms"] = heartbeat.stop()
            figures["move_folder_stalls_over_50ms"] = len(heartbeat.stalls)
        else:
            heartbeat.stop()
    return figures


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
