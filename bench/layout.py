"""Layout cost of the worst pages a note can ask for: the render in the worker, then Qt's layout.

    QT_QPA_PLATFORM=offscreen python bench/layout.py [--timeout S] [CASE ...]

Each case runs in a child process under a time limit, because Qt's layout of some of these
(deeply nested quotes) never ends. Per case it prints the time the render worker takes to
answer (read, Markdown, clean, bound; a render over its 2 s limit is answered as plain text),
the layout time of ``set_html`` on the GUI thread in an offscreen ``NoteBrowser``
(``document().size()`` forces the whole layout), which must stay under 200 ms, the size of the
HTML and the first notice.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _nested_list(depth: int) -> str:
    return "".join("    " * level + f"- item {level}\n" for level in range(depth))


def _nested_callouts(depth: int) -> str:
    return "".join("> " * level + f"> [!note] Level {level}\n" for level in range(depth)) + "> " * depth + "body\n"


def _table(columns: int, rows: int) -> str:
    header = "|" + "".join(f" c{i} |" for i in range(columns)) + "\n"
    rule = "|" + "---|" * columns + "\n"
    body = ("|" + " x |" * columns + "\n") * rows
    return header + rule + body


# Name -> the note's text.
CASES: dict[str, Callable[[], str]] = {
    "quote, 6 levels": lambda: ">" * 6 + " x\n",
    "quote, 10 levels": lambda: ">" * 10 + " x\n",
    "quote, 15 levels": lambda: ">" * 15 + " x\n",
    "quote, 25 levels (the 26-byte note)": lambda: ">" * 25 + " x\n",
    "callouts, 25 levels": lambda: _nested_callouts(25),
    "list, 200 levels": lambda: _nested_list(200),
    "table, 10,000 columns": lambda: _table(10_000, 1),
    "table, 30,000 rows": lambda: _table(3, 30_000),
    "100k backticks in a line": lambda: "`" * 100_000 + "\n",
    "50k code spans in a line": lambda: "`x` " * 50_000 + "\n",
    "5,000 headings": lambda: "".join(f"# Heading {i}\n" for i in range(5_000)),
    "50k links": lambda: "".join(f"[[note {i}]] " + ("\n" if i % 10 == 9 else "") for i in range(50_000)),
    "200 KB line of links": lambda: "w [[x]] [g](x.md) " * 11_400 + "\n",
    "2,000 images": lambda: "![](pixel.png) " * 2_000 + "\n",
    "raw <blockquote> 30 deep": lambda: "<blockquote>" * 30 + "x" + "</blockquote>" * 30 + "\n",
    "raw <table> 30 deep": lambda: "<table><tr><td>" * 30 + "x" + "</td></tr></table>" * 30 + "\n",
    "raw <ul> 200 deep": lambda: "<ul><li>" * 200 + "x" + "</li></ul>" * 200 + "\n",
    "raw <div> 1,000 deep": lambda: "<div>" * 1_000 + "x" + "</div>" * 1_000 + "\n",
}


def measure(name: str) -> dict[str, object]:
    """Render case ``name`` as the worker does and lay it out as the view does; in this process."""
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QApplication

    from clew.core.links.model import How, Resolution
    from clew.core.offload.render_worker import RenderWorker
    from clew.core.render.markdown import stylesheet
    from clew.core.render.page import RenderRequest
    from clew.core.vault.files import Vault
    from clew.ui.reader.note_view import NoteBrowser
    from clew.ui.reader.typography import note_font

    app = QApplication.instance() or QApplication([])
    worker = RenderWorker()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "warm-up.md").write_text("Warm *up*\n", encoding="utf-8")
        worker.render(RenderRequest(0, root, "warm-up.md", {}))  # the worker is up and warm
        (root / "case.md").write_text(CASES[name](), encoding="utf-8")
        image = QImage(64, 48, QImage.Format.Format_RGB32)
        image.fill(QColor("teal"))
        image.save(str(root / "pixel.png"))
        links = {"pixel.png": Resolution("pixel.png", How.ROOT)}
        start = time.perf_counter()
        result = worker.render(RenderRequest(1, root, "case.md", links))
        render_ms = (time.perf_counter() - start) * 1000
        worker.close()
        browser = NoteBrowser()
        browser.vault = Vault(root)
        browser.setFont(note_font(browser.font()))
        browser.document().setDefaultStyleSheet(stylesheet("light"))
        browser.resize(900, 700)
        browser.show()
        app.processEvents()
        start = time.perf_counter()
        browser.set_html(result.html)
        browser.document().size()
        layout_ms = (time.perf_counter() - start) * 1000
    return {"render_ms": round(render_ms), "layout_ms": round(layout_ms), "html_kb": round(len(result.html) / 1024),
            "notices": list(result.notices)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per case before it counts as a hang")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    worst_layout = 0.0
    print(f"{'case':40} {'worker ms':>10} {'layout ms':>10} {'HTML KB':>8}  notice")
    for name in args.cases or CASES:
        try:
            child = subprocess.run([sys.executable, __file__, "--child", name], capture_output=True, text=True,
                                   timeout=args.timeout, check=True)
        except subprocess.TimeoutExpired:
            print(f"{name:40} {'—':>10} {f'> {args.timeout * 1000:.0f}':>10} {'—':>8}  (did not finish)")
            worst_layout = float("inf")
            continue
        except subprocess.CalledProcessError as error:
            print(f"{name:40} failed: {error.stderr.strip().splitlines()[-1]}")
            continue
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        worst_layout = max(worst_layout, figures["layout_ms"])
        notice = figures["notices"][-1] if figures["notices"] else ""
        print(f"{name:40} {figures['render_ms']:>10} {figures['layout_ms']:>10} {figures['html_kb']:>8}  "
              f"{notice[:90]}")
    print(f"longest layout: {worst_layout:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
