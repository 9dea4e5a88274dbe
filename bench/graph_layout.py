"""The local graph of a note with 1,000 neighbours: gathering it from the index, laying it out, drawing it.

    python bench/graph_layout.py                  # 1,000 neighbours, the panel's cap (300)
    python bench/graph_layout.py --neighbours 3000 --repeat 5

Builds an index in memory (no files): a hub note linked from half its neighbours and linking
to the other half, the neighbours linking among themselves at random (a fixed seed), some to
targets that do not exist. Times ``local_graph`` at depth 1 and 2, ``layout`` of the capped
graph and of the whole neighbourhood, and, offscreen, the graph panel drawing the capped graph
and repainting after a zoom step.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

from clew.core.index.graph import VaultIndex
from clew.core.index.local_graph import NODE_CAP, layout, local_graph
from clew.core.notes.parsing import parse_note

HUB = "hub.md"


def build_index(neighbours: int, seed: int = 7) -> VaultIndex:
    rng = random.Random(seed)
    names = [f"area-{n % 20}/note {n}.md" for n in range(neighbours)]
    texts = {HUB: "# Hub\n" + "\n".join(f"- [[{name[:-3]}]]" for name in names[: neighbours // 2])}
    for n, name in enumerate(names):
        links = [f"[[{rng.choice(names)[:-3]}]]" for _ in range(rng.randint(0, 4))]
        if n >= neighbours // 2:
            links.append("[[hub]]")
        if rng.random() < 0.1:
            links.append(f"[[missing {rng.randint(0, 50)}]]")
        texts[name] = f"# Note {n}\n" + " ".join(links) + "\n"
    index = VaultIndex()
    index.build(list(texts), {path: parse_note(text, path) for path, text in texts.items()})
    return index


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        clock = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - clock) * 1000)
    return statistics.median(times), result


def draw(graph, positions, repeat: int) -> tuple[float, float]:
    """Milliseconds to fill the panel's scene, and to repaint the view after a zoom step."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from clew.ui.panels.graph_view import GraphView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    view = GraphView()
    view.resize(420, 700)
    view.show()
    fill_ms, _ = timed(lambda: (view.show_graph(graph, positions), app.processEvents()), repeat)

    def zoom_and_paint() -> None:
        view.zoom_by(1.15)
        view.viewport().repaint()

    paint_ms, _ = timed(zoom_and_paint, repeat)
    return fill_ms, paint_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neighbours", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-draw", action="store_true", help="skip the offscreen drawing")
    args = parser.parse_args()
    index = build_index(args.neighbours)
    gather1, capped = timed(lambda: local_graph(index, HUB, 1), args.repeat)
    gather2, deep = timed(lambda: local_graph(index, HUB, 2), args.repeat)
    whole = local_graph(index, HUB, 1, cap=10 ** 9)
    layout_capped, positions = timed(lambda: layout(capped), args.repeat)
    layout_whole, _ = timed(lambda: layout(whole), 1)
    print(f"neighbours found (depth 1): {capped.neighbours}; shown {capped.shown} (cap {NODE_CAP}), "
          f"{len(capped.edges)} edges; depth 2 found {deep.neighbours}")
    print(f"local_graph depth 1:           {gather1:8.1f} ms")
    print(f"local_graph depth 2:           {gather2:8.1f} ms")
    print(f"layout, {capped.shown + 1} nodes (capped):   {layout_capped:8.1f} ms")
    print(f"layout, {whole.shown + 1} nodes (uncapped): {layout_whole:8.1f} ms")
    if not args.no_draw:
        fill_ms, paint_ms = draw(capped, positions, args.repeat)
        print(f"panel: fill the scene:         {fill_ms:8.1f} ms")
        print(f"panel: zoom step + repaint:    {paint_ms:8.1f} ms")


if __name__ == "__main__":
    main()
