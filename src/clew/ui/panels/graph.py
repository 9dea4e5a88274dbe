"""The local-graph panel: the open note among the notes it links to and that link to it,
redrawn when the note or the index changes; laid out off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from clew.core.index.graph import VaultIndex
from clew.core.index.local_graph import NODE_CAP, LocalGraph, NodeKind, is_unresolved_key, layout, local_graph
from clew.ui.panels.graph_view import GraphView
from clew.ui.background.open_note_links import NoteLinks
from clew.ui.background.tasks import Task, TaskRunner

_DEPTH_KEY = "preferences/graph_depth"


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def graph_summary(graph: LocalGraph) -> str:
    """The panel's header: what is drawn, and what is left out beyond the cap."""
    unresolved = sum(1 for n in graph.nodes if n.kind is NodeKind.UNRESOLVED)
    notes = graph.shown - unresolved
    text = f"Local graph: {_count(notes, 'linked note')}"
    if unresolved:
        text += f", {_count(unresolved, 'missing note')}"
    if graph.capped:
        text += f" — showing {graph.shown:,} of {graph.neighbours:,} neighbours (the best linked)"
    return text


def _lay_out(graph: LocalGraph, progress) -> tuple[LocalGraph, dict]:
    return graph, layout(graph, check=progress)


class GraphPanel(QWidget):
    """Asks the index for the open note's neighbourhood (depth 1 or 2), lays it out in the
    background, draws it. Work waits while the panel is hidden. ``drawn`` follows each drawing."""

    note_activated = Signal(object)     # vault path of a note chosen in the graph
    status_message = Signal(str)
    drawn = Signal()

    def __init__(self, tasks: TaskRunner, store: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._store = store
        self._task: Task | None = None
        self._wanted: tuple[str | None, VaultIndex | None] = (None, None)
        self._shown_key: tuple | None = None
        self.graph: LocalGraph | None = None
        self.header = QLabel("Local graph", self)
        self.header.setObjectName("panelHeader")
        self.header.setWordWrap(True)
        self.depth_two = QCheckBox("Depth 2", self)
        self.depth_two.setToolTip("Also show the notes linked with the open note's neighbours")
        self.depth_two.setChecked(bool(store is not None and int(store.value(_DEPTH_KEY, 1) or 1) == 2))
        self.depth_two.toggled.connect(self._on_depth_toggled)
        self.view = GraphView(self)
        self.view.node_activated.connect(self._on_node_activated)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 4, 0)
        top.addWidget(self.header, 1)
        top.addWidget(self.depth_two, 0, Qt.AlignmentFlag.AlignTop)
        layout_ = QVBoxLayout(self)
        layout_.setContentsMargins(0, 0, 0, 0)
        layout_.setSpacing(2)
        layout_.addLayout(top)
        layout_.addWidget(self.view, 1)
        self.setFocusProxy(self.view)

    @property
    def depth(self) -> int:
        return 2 if self.depth_two.isChecked() else 1

    def show_note_links(self, links: NoteLinks) -> None:
        """The open note or the index changed (OpenNoteLinks.changed): redraw if what the graph
        shows is different."""
        self._wanted = (links.path, links.index)
        if self.isVisible():
            self._refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._refresh()

    def _on_depth_toggled(self, _checked: bool) -> None:
        if self._store is not None:
            self._store.setValue(_DEPTH_KEY, self.depth)
        self._refresh()

    def _refresh(self) -> None:
        path, index = self._wanted
        if not path or index is None:
            self.header.setText("Local graph" + (" (reading the vault…)" if path else ""))
            return
        graph = local_graph(index, path, self.depth, NODE_CAP)
        key = (graph.centre, graph.depth, tuple(n.key for n in graph.nodes), graph.edges, graph.neighbours)
        if key == self._shown_key:
            return
        self._shown_key = key
        if self._task is not None:
            self._task.cancel()
        self.header.setText(graph_summary(graph) + " (laying out…)")
        self._task = self._tasks.run(_lay_out, graph, on_done=self._on_laid_out,
                                     on_error=lambda error: self.header.setText(f"Local graph failed: {error}"))

    def _on_laid_out(self, result: tuple[LocalGraph, dict]) -> None:
        self._task = None
        graph, positions = result
        self.graph = graph
        self.header.setText(graph_summary(graph))
        self.header.setToolTip(f"{graph.centre}: links and backlinks to depth {graph.depth}. "
                               "Unresolved targets are hollow dashed diamonds.")
        self.view.show_graph(graph, positions)
        self.drawn.emit()

    def _on_node_activated(self, key: str) -> None:
        if is_unresolved_key(key):
            node = next((n for n in self.graph.nodes if n.key == key), None) if self.graph else None
            self.status_message.emit(f"No note answers this link: {node.tip if node else key}")
        elif self.graph is not None and key != self.graph.centre:
            self.note_activated.emit(key)
