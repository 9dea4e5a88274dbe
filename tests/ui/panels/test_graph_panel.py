"""The local-graph panel on a real vault: nodes and edges as the index has them, redrawn when a
file changes on disk, clickable and walked with the keyboard."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QPointF, Qt

from clew.core.index.local_graph import NodeKind, unresolved_key
from clew.ui.panels.graph_view import nearest_in_direction
from clew.ui.main_window import MainWindow
from tests.ui.driving import window_context
from vault_files import write

NOTES = {
    "a.md": "# A\n[[b]] and [[sub/c]] and [[nowhere]]\n",
    "b.md": "# B\n[[sub/c]]\n",
    "sub/c.md": "# C\n",
    "d.md": "# D\nsee [[a]]\n",
    "e.md": "# E\nunlinked\n",
}


@pytest.fixture
def window(qtbot, tmp_path):
    vault = write(tmp_path / "vault", NOTES)
    context = window_context(tmp_path / "s.ini")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    with qtbot.waitSignal(window.note_shown, timeout=10_000):
        window.open_vault_path(vault, "a.md")
    window.vault_root = vault
    yield window
    context.shutdown()


def drawn_edges(window: MainWindow) -> set[tuple[str, str]]:
    return set(window.graph.view.graph.edges)


def test_graph_matches_the_index_and_follows_a_file_change(window, qtbot):
    with qtbot.waitSignal(window.graph.drawn, timeout=10_000):
        window.actions["show_graph"].trigger()
    graph = window.graph.view.graph
    missing = unresolved_key("nowhere")
    assert {n.key: n.kind for n in graph.nodes} == {
        "a.md": NodeKind.CURRENT, "b.md": NodeKind.NOTE, "sub/c.md": NodeKind.NOTE, "d.md": NodeKind.NOTE,
        missing: NodeKind.UNRESOLVED}
    assert drawn_edges(window) == {("a.md", "b.md"), ("a.md", "sub/c.md"), ("a.md", missing),
                                   ("b.md", "sub/c.md"), ("d.md", "a.md")}
    assert window.graph.header.text() == "Local graph: 3 linked notes, 1 missing note"
    for node in graph.nodes:
        assert window.graph.view.node_item(node.key) is not None
    with qtbot.waitSignal(window.graph.drawn, timeout=10_000):
        (window.vault_root / "e.md").write_text("# E\nnow links [[a]]\n", encoding="utf-8")
    assert ("e.md", "a.md") in drawn_edges(window)
    with qtbot.waitSignal(window.graph.drawn, timeout=10_000):
        (window.vault_root / "b.md").unlink()
    assert "b.md" not in {n.key for n in window.graph.view.graph.nodes}


def test_nodes_open_by_click_and_by_keyboard(window, qtbot):
    with qtbot.waitSignal(window.graph.drawn, timeout=10_000):
        window.show_graph()
    view = window.graph.view
    at = view.mapFromScene(view.points["d.md"])
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert window.note_view.current_path == "d.md"
    qtbot.waitUntil(lambda: view.graph.centre == "d.md", timeout=5000)
    view.setFocus()
    assert view.selected == "d.md"
    reached = set()
    for arrow in (Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Down):
        qtbot.keyClick(view, Qt.Key.Key_Home)
        qtbot.keyClick(view, arrow)
        reached.add(view.selected)
    assert "a.md" in reached  # d's only neighbour lies in one of the four directions
    view.select("a.md")
    target = "a.md"
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.note_view.current_path == target


def test_arrow_picks_the_nearest_node_that_way():
    points = {"right": QPointF(100, 5), "far right": QPointF(300, 0), "up": QPointF(0, -50),
              "behind": QPointF(-20, 0)}
    origin = QPointF(0, 0)
    assert nearest_in_direction(origin, points, (1.0, 0.0)) == "right"
    assert nearest_in_direction(origin, points, (0.0, -1.0)) == "up"
    assert nearest_in_direction(origin, points, (0.0, 1.0)) is None
