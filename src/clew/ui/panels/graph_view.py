"""The drawing of a local graph: nodes and edges in a QGraphicsView, coloured from the palette,
fitted to the panel, clickable, walked with the arrow keys, zoomed with the wheel (at the
cursor) or +/-, panned by dragging or with Shift+arrows."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QBrush, QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPalette, QPen, QPolygonF, QResizeEvent, QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractGraphicsShapeItem, QGraphicsEllipseItem, QGraphicsItem, QGraphicsPolygonItem, QGraphicsScene,
    QGraphicsSimpleTextItem, QGraphicsView, QWidget,
)

from clew.core.index.local_graph import GraphNode, LocalGraph, NodeKind, Positions
from clew.ui.panels.graph_labels import GraphLabels

KeyRole = 0  # QGraphicsItem.data slot holding a node's key
ZOOM_STEP = 1.2
ZOOM_RANGE = (0.05, 6.0)
# Pixels kept free around the nodes when everything is fitted in (across, down): the biggest node
# and a little, more across where labels are long; the labels of the nodes at the edges turn
# inwards. (24 across labels 1 of 21 notes fewer at 20 neighbours in a 292 px pane, 56 across
# 5 of 51 fewer at 50.)
FIT_MARGIN = (40, 24)
MAX_FIT_SCALE = 2.0
# Across and down may be scaled apart up to this many times, so a graph fills a tall narrow
# panel (or a wide short one) instead of a square in its middle.
MAX_STRETCH = 4.0
# Pixels moved by a Shift+arrow.
PAN_STEP = 60
# The selection ring's distance from its node.
RING_GAP = 5.0
# What the cheat sheet shows for the graph's own keys (they act while the graph has focus).
GRAPH_KEYS: tuple[tuple[str, str], ...] = (
    ("Arrow keys, Enter", "Move the selection to the nearest note that way, open it"),
    ("Home", "Select the open note"),
    ("+ / - / 0, mouse wheel", "Zoom in / out (the wheel at the cursor) / fit the graph to the panel"),
    ("Shift+arrow keys, drag", "Pan"),
)
_DIRECTIONS = {
    Qt.Key.Key_Left: (-1.0, 0.0), Qt.Key.Key_Right: (1.0, 0.0),
    Qt.Key.Key_Up: (0.0, -1.0), Qt.Key.Key_Down: (0.0, 1.0),
}
# A click that moves the mouse less than this (pixels) is a click, not a drag of the canvas.
_CLICK_SLOP = 4


def _mix(a: QColor, b: QColor, share_of_a: float) -> QColor:
    """``a`` blended into ``b``: colours that stay legible in light and dark palettes."""
    t = share_of_a
    return QColor.fromRgbF(a.redF() * t + b.redF() * (1 - t), a.greenF() * t + b.greenF() * (1 - t),
                           a.blueF() * t + b.blueF() * (1 - t))


def nearest_in_direction(origin: QPointF, points: dict[str, QPointF], direction: tuple[float, float]) -> str | None:
    """The key of the point nearest ``origin`` within 60° of ``direction``, angle weighing in."""
    best, best_score = None, math.inf
    for key, point in points.items():
        dx, dy = point.x() - origin.x(), point.y() - origin.y()
        distance = math.hypot(dx, dy)
        if distance < 1e-6:
            continue
        cosine = (dx * direction[0] + dy * direction[1]) / distance
        if cosine < 0.5:
            continue
        score = distance / (cosine * cosine)
        if score < best_score:
            best, best_score = key, score
    return best


def node_radius(node: GraphNode) -> float:
    base = 9.0 if node.kind is NodeKind.CURRENT else 5.0
    return base + min(6.0, math.sqrt(node.links))


class GraphView(QGraphicsView):
    """Shows one LocalGraph. ``node_activated`` carries the key of a node clicked or chosen with
    Enter; the selection (a ring) starts on the open note and moves with the arrow keys."""

    node_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graphView")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)  # zoom_by keeps its own point
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)  # once zoomed, resizes keep the middle
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setToolTip("Click a note to open it; arrow keys move the selection, Enter opens it; "
                        "the wheel or +/- zoom, drag or Shift+arrows pan, 0 shows all")
        self.viewport().setMouseTracking(True)  # the hovered node's label shows
        self.graph: LocalGraph | None = None
        self.positions: Positions = {}
        self.points: dict[str, QPointF] = {}
        self.selected: str | None = None
        self.hovered: str | None = None
        self.labels = GraphLabels()
        self._ring: QGraphicsEllipseItem | None = None
        self._press: tuple[QPointF, str | None] | None = None
        # Until the reader zooms or pans, the drawing is refitted whenever the view changes size.
        self._fitted = True
        self._moving = 0  # depth of _moving_view: labels wait for the view to settle

    # -- drawing -------------------------------------------------------------------------------

    def show_graph(self, graph: LocalGraph, positions: Positions) -> None:
        """Draw ``graph`` at ``positions``, the open note selected, everything in view."""
        self.graph, self.positions = graph, positions
        self.selected, self.hovered = graph.centre, None
        with self._moving_view():
            self._draw()
            self.fit_all()

    def _draw(self) -> None:
        scene = self.scene()
        scene.clear()
        self.labels.clear()
        self._ring = None
        graph = self.graph
        if graph is None:
            return
        palette = self.palette()
        text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
        accent = palette.color(QPalette.ColorRole.Accent)
        faint = palette.color(QPalette.ColorRole.PlaceholderText)
        self.setBackgroundBrush(QBrush(base))
        self.points = {key: QPointF(*xy) for key, xy in self.positions.items()}
        edge_pen = QPen(_mix(text, base, 0.3), 1.0)
        edge_pen.setCosmetic(True)
        dashed_edge = QPen(edge_pen)
        dashed_edge.setStyle(Qt.PenStyle.DashLine)
        kinds = {node.key: node.kind for node in graph.nodes}
        for source, target in graph.edges:
            pen = dashed_edge if kinds[target] is NodeKind.UNRESOLVED else edge_pen
            a, b = self.points[source], self.points[target]
            scene.addLine(a.x(), a.y(), b.x(), b.y(), pen).setZValue(0)
        font = QFont(self.font())
        for node in graph.nodes:
            self._add_node(node, text, base, accent, faint, font)
        self._place_ring(accent)
        self._place_labels()

    def _add_node(self, node: GraphNode, text: QColor, base: QColor, accent: QColor, faint: QColor,
                  font: QFont) -> None:
        r = node_radius(node)
        centre = self.points[node.key]
        shape: QAbstractGraphicsShapeItem
        if node.kind is NodeKind.UNRESOLVED:
            # A hollow diamond with a dashed outline: "no file" reads without colour too.
            diamond = QPolygonF([QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0)])
            shape = QGraphicsPolygonItem(diamond)
            pen = QPen(faint, 1.5, Qt.PenStyle.DashLine)
            shape.setBrush(QBrush(base))
        else:
            shape = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
            colour = accent if node.kind is NodeKind.CURRENT else _mix(text, base, 0.6)
            shape.setBrush(QBrush(colour))
            pen = QPen(text if node.kind is NodeKind.CURRENT else colour, 1.5)
        pen.setCosmetic(True)
        shape.setPen(pen)
        shape.setPos(centre)
        # Zoom spreads the nodes out or draws them together; nodes and labels keep their size.
        shape.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        shape.setZValue(2)
        shape.setData(KeyRole, node.key)
        shape.setToolTip(node.tip)
        shape.setCursor(Qt.CursorShape.PointingHandCursor)
        self.scene().addItem(shape)
        plate = QColor(base)
        plate.setAlphaF(0.85)
        self.labels.add(node, shape, font, faint if node.kind is NodeKind.UNRESOLVED else text, plate)

    def _place_ring(self, accent: QColor | None = None) -> None:
        if self.selected is None or self.graph is None or self.selected not in self.points:
            return
        node = next(n for n in self.graph.nodes if n.key == self.selected)
        r = node_radius(node) + RING_GAP
        if self._ring is None:
            pen = QPen(accent or self.palette().color(QPalette.ColorRole.Accent), 2.5)
            pen.setCosmetic(True)
            self._ring = self.scene().addEllipse(-r, -r, 2 * r, 2 * r, pen)
            self._ring.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            self._ring.setZValue(1)
        self._ring.setRect(-r, -r, 2 * r, 2 * r)
        self._ring.setPos(self.points[self.selected])

    @contextmanager
    def _moving_view(self) -> Iterator[None]:
        """Labels placed once, when the view has settled: a zoom also scrolls, a fit scales and
        scrolls, and each would place every label again."""
        self._moving += 1
        try:
            yield
        finally:
            self._moving -= 1
            self._place_labels()

    def _place_labels(self) -> None:
        """Labels where they cover nothing, for the view as it now is (after every change of
        zoom, scroll, size, selection and hover)."""
        if self.graph is None or not self.points or self._moving:
            return
        radius = {node.key: node_radius(node) + (RING_GAP + 2 if node.key == self.selected else 0)
                  for node in self.graph.nodes}
        self.labels.place(self, self.graph.centre, self.points, radius, (self.selected, self.hovered))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.graph is not None:
            self._draw()  # the theme changed: every colour comes from the palette

    # -- zoom ----------------------------------------------------------------------------------

    def zoom_by(self, factor: float, at: QPointF | None = None) -> None:
        """Zoom keeping the drawing still under ``at`` (view pixels; the view's middle if None)."""
        scale = min(self.transform().m11(), self.transform().m22())
        factor = max(ZOOM_RANGE[0] / scale, min(ZOOM_RANGE[1] / scale, factor))
        anchor = (at if at is not None else QPointF(self.viewport().rect().center())).toPoint()
        fixed = self.mapToScene(anchor)
        with self._moving_view():
            self.scale(factor, factor)
            shift = self.mapFromScene(fixed) - anchor
            self.pan_by(shift.x(), shift.y())

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the view ``dx``, ``dy`` pixels over the drawing."""
        with self._moving_view():
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + round(dx))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + round(dy))
        self._fitted = False

    def _bounds(self) -> QRectF:
        xs = [p.x() for p in self.points.values()] or [0.0]
        ys = [p.y() for p in self.points.values()] or [0.0]
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def fit_all(self) -> None:
        """Every node in view, using the panel's width and height: across and down are scaled
        apart (up to MAX_STRETCH times) so a graph fills a tall narrow panel; a small graph is
        spread to at most MAX_FIT_SCALE times its laid-out size."""
        with self._moving_view():
            self._fit()
        self._fitted = True

    def _fit(self) -> None:
        self.resetTransform()
        bounds = self._bounds()
        view = self.viewport().rect()
        room_x = max(view.width() - 2 * FIT_MARGIN[0], 40)
        room_y = max(view.height() - 2 * FIT_MARGIN[1], 40)
        scale_x = min(MAX_FIT_SCALE, room_x / max(bounds.width(), 1.0))
        scale_y = min(MAX_FIT_SCALE, room_y / max(bounds.height(), 1.0))
        scale_x, scale_y = min(scale_x, scale_y * MAX_STRETCH), min(scale_y, scale_x * MAX_STRETCH)
        self.scale(scale_x, scale_y)
        # Room to pan a screen's size beyond the nodes at any zoom.
        margin = max(view.width(), view.height()) / max(min(scale_x, scale_y), ZOOM_RANGE[0])
        self.scene().setSceneRect(bounds.adjusted(-margin, -margin, margin, margin))
        self.centerOn(bounds.center())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        with self._moving_view():
            super().resizeEvent(event)
            if self._fitted:
                self._fit()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 (Qt override)
        super().scrollContentsBy(dx, dy)
        self._place_labels()  # panned: labels at the edges turn inwards, nodes come into view

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        """The wheel zooms at the cursor, a notch a ZOOM_STEP (a touchpad in smaller steps)."""
        notches = event.angleDelta().y() / 120
        if not notches:
            super().wheelEvent(event)
            return
        self.zoom_by(ZOOM_STEP ** notches, event.position())
        event.accept()

    # -- choosing ------------------------------------------------------------------------------

    def select(self, key: str) -> None:
        if key not in self.points:
            return
        self.selected = key
        with self._moving_view():
            self._place_ring()
            self.ensureVisible(QRectF(self.points[key], QSizeF(0, 0)), *FIT_MARGIN)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key in _DIRECTIONS and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.pan_by(_DIRECTIONS[key][0] * PAN_STEP, _DIRECTIONS[key][1] * PAN_STEP)
        elif key in _DIRECTIONS and self.selected in self.points:
            found = nearest_in_direction(self.points[self.selected], self.points, _DIRECTIONS[key])
            if found:
                self.select(found)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected:
            self.node_activated.emit(self.selected)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus):
            with self._moving_view():
                self.zoom_by(1 / ZOOM_STEP if key == Qt.Key.Key_Minus else ZOOM_STEP)
                if self.selected in self.points:
                    self.centerOn(self.points[self.selected])  # the keyboard zooms about the selection
        elif key == Qt.Key.Key_0:
            self.fit_all()
        elif key == Qt.Key.Key_Home and self.graph is not None:
            self.select(self.graph.centre)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _key_at(self, position) -> str | None:
        for item in self.items(position):
            key = item.data(KeyRole)
            if key:
                return key
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseMoveEvent(event)
        hovered = self._key_at(event.position().toPoint()) if self._press is None else self.hovered
        if hovered != self.hovered:
            self.hovered = hovered
            self._place_labels()

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().leaveEvent(event)
        if self.hovered is not None:
            self.hovered = None
            self._place_labels()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = (event.position(), self._key_at(event.position().toPoint()))
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        moved = (event.position() - press[0]).manhattanLength()
        if moved >= _CLICK_SLOP:
            self._fitted = False  # dragged: the reader's view stays on a resize
        elif press[1]:
            self.select(press[1])
            self.node_activated.emit(press[1])

    def node_item(self, key: str) -> QGraphicsItem | None:
        """The shape drawn for ``key`` (tests and screenshots look for it)."""
        for item in self.scene().items():
            if item.data(KeyRole) == key and not isinstance(item, QGraphicsSimpleTextItem):
                return item
        return None
