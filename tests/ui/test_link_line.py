"""A note that is one long line of links (the issue's `'w [[x]] [g](x.md) ' * 5700`): its panels
keep a few hundred characters around each link, list a bounded number of rows, and the window
opening it stays far from the 13 GB it once took."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from clew.core.index.source_lines import CONTEXT_CHARS
from clew.ui.panels import backlinks, outgoing
from clew.ui.panels.outgoing import ContextRole
from tests.ui.driving import hover
from vault_files import write

LINK_LINE = "w [[x]] [g](x.md) " * 5700
BENCH = Path(__file__).resolve().parents[2] / "bench" / "link_line.py"
PEAK_RSS_MB_MOST = 600


def rows(tree) -> list:
    return [tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
            for j in range(tree.topLevelItem(i).childCount())]


def test_the_link_line_s_panels_keep_a_few_hundred_characters_a_link(make_window, tmp_path, qtbot):
    vault = write(tmp_path / "v", {"l.md": LINK_LINE, "x.md": "# X\n", "a.md": "# A\n"})
    window = make_window(vault, "l.md")
    tree = window.outgoing.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0, timeout=10_000)
    assert window.outgoing.header.text() == "Outgoing links: 11400 into the vault, 0 web"
    listed = rows(tree)
    assert len(listed) == outgoing.LISTED_MOST
    more = tree.topLevelItem(tree.topLevelItemCount() - 1)
    assert more.text(0) == "… 9,400 more links, not listed (the panel lists 2,000)"
    for item in listed:
        assert len(item.toolTip(0)) < CONTEXT_CHARS + 100
        assert 0 < len(item.data(0, ContextRole)) <= CONTEXT_CHARS and "…" not in item.data(0, ContextRole)
        assert "[[x]]" in item.toolTip(0)

    with qtbot.waitSignal(window.note_shown, timeout=10_000):
        window.open_note("x.md")
    tree = window.backlinks.tree
    # The panel lists LISTED_MOST links; those whose few hundred characters around them are the
    # same stretch of the line share a row, each link marked in it.
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 2, timeout=10_000)
    assert window.backlinks.header.text() == "Backlinks: 11400 in 1 note"
    assert tree.topLevelItem(1).text(0) == "… 9,400 more backlinks, not listed (the panel lists 2,000)"
    assert 0 < len(rows(tree)) <= backlinks.LISTED_MOST
    assert all(len(item.data(0, ContextRole)) <= CONTEXT_CHARS for item in rows(tree))


def test_a_more_row_opens_nothing(make_window, tmp_path, qtbot):
    vault = write(tmp_path / "v", {"l.md": LINK_LINE, "x.md": "# X\n"})
    window = make_window(vault, "x.md")
    tree = window.backlinks.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 2, timeout=10_000)
    opened = []
    window.backlinks.backlink_activated.connect(lambda *args: opened.append(args))
    tree.itemActivated.emit(tree.topLevelItem(1), 0)
    assert opened == [] and window.note_view.current_path == "x.md"


def test_opening_a_200_kb_line_of_links_peaks_under_600_mb():
    """In a child process of its own: getrusage's peak is the whole process's."""
    done = subprocess.run([sys.executable, str(BENCH), "--kb", "200"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["outgoing_rows"] == outgoing.LISTED_MOST, figures
    assert figures["peak_rss_mb"] < PEAK_RSS_MB_MOST, figures


def test_the_preview_of_the_link_line_note_is_rendered_in_part(make_window, tmp_path, qtbot):
    vault = write(tmp_path / "v", {"l.md": "w [[x]] [g](x.md) " * 11_111, "x.md": "# X\n",
                                   "start.md": "# Start\n\nSee [[l]] here.\n"})
    window = make_window(vault, "start.md", render_child=True)  # within the child's time limit
    hover(qtbot, window, "l")
    popup = window.hover.popup
    assert popup.notice.text() == ""  # rendered as Markdown, not the plain-text fallback
    shown = popup.browser.toPlainText()
    assert shown.startswith("w x g w x g") and shown.rstrip().endswith("…") and len(shown) < 4000
