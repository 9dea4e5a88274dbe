"""The local graph's labels: made once per drawing, in a full and a short form, and placed again
on screen (by core's place_labels) whenever the view is zoomed, panned or resized, so none
covers another and the open note's is always there."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem, QGraphicsView

from clew.core.index.graph_labels import Box, LabelRequest, PlacedLabel, place_labels
from clew.core.index.local_graph import GraphNode, NodeKind

# A label's full form is cut in the middle past this width, its short form past the second: a
# long name first tries to show whole, then shorter, before it is left out. The middle goes, so
# names sharing a start stay apart (publish-to-github, publish-to-netlify; dated notes).
LABEL_WIDTHS = (220.0, 80.0)
# Pixels around a label's text that its backing plate covers.
_PLATE = (3.0, 1.0)


@dataclass
class _Label:
    node: GraphNode
    item: QGraphicsSimpleTextItem
    plate: QGraphicsRectItem
    forms: tuple[str, ...]
    sizes: tuple[tuple[float, float], ...]
    form: int = -1  # the form the item shows


class GraphLabels:
    """The labels of one drawing, children of their nodes' shapes (so they keep their size at
    any zoom). ``place`` shows each where place_labels finds room; the open note's label, and
    the selected and hovered notes' when they found none, show on a plate over the rest."""

    def __init__(self) -> None:
        self._labels: dict[str, _Label] = {}
        self.placed: dict[str, PlacedLabel] = {}

    def clear(self) -> None:
        """The scene was cleared: its items went with it."""
        self._labels, self.placed = {}, {}

    def add(self, node: GraphNode, shape: QGraphicsItem, font: QFont, colour: QColor, plate: QColor) -> None:
        label_font = QFont(font)
        label_font.setItalic(node.kind is NodeKind.UNRESOLVED)
        label_font.setBold(node.kind is NodeKind.CURRENT)
        metrics = QFontMetricsF(label_font)
        forms: list[str] = []
        for width in LABEL_WIDTHS:
            form = metrics.elidedText(node.label, Qt.TextElideMode.ElideMiddle, width)
            if form not in forms:
                forms.append(form)
        item = QGraphicsSimpleTextItem(shape)
        item.setFont(label_font)
        item.setBrush(QBrush(colour))
        item.setData(0, node.key)
        item.setToolTip(node.tip)
        sizes = []
        for form in forms:  # measured as drawn, so the boxes placed are the boxes painted
            item.setText(form)
            sizes.append((item.boundingRect().width(), item.boundingRect().height()))
        backing = QGraphicsRectItem(item)
        backing.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
        backing.setBrush(QBrush(plate))
        backing.setPen(QPen(Qt.PenStyle.NoPen))
        backing.setVisible(False)
        item.setVisible(False)
        self._labels[node.key] = _Label(node, item, backing, tuple(forms), tuple(sizes))

    def item(self, key: str) -> QGraphicsSimpleTextItem | None:
        label = self._labels.get(key)
        return label.item if label else None

    def place(self, view: QGraphicsView, centre: str, points: dict[str, QPointF], radius: dict[str, float],
              raised: tuple[str | None, ...]) -> None:
        """Place every label for the view as it is now. ``radius``: each node's size on screen
        (the selected one's with its ring); ``raised``: the selected and hovered notes, whose
        labels show over the others' when they found no room of their own."""
        to_view = view.viewportTransform()
        area = view.viewport().rect()
        bounds = Box(0.0, 0.0, float(area.width()), float(area.height()))
        at = {key: to_view.map(point) for key, point in points.items()}
        order = sorted(self._labels.values(), key=lambda label: (
            label.node.key != centre, label.node.depth, -label.node.links, label.node.label.casefold()))
        requests = {label.node.key: LabelRequest(label.node.key, at[label.node.key].x(), at[label.node.key].y(),
                                                 radius[label.node.key], label.sizes)
                    for label in order if self._on_screen(at[label.node.key], bounds)}
        origin = at[centre].x(), at[centre].y()
        placed = place_labels(list(requests.values()), bounds, origin, always=int(centre in requests))
        plated = {centre}
        for key in raised:
            if key and key in requests and key not in placed:
                avoid = [placed[centre].box] if centre in placed else []
                avoid += [request.node_box() for other, request in requests.items() if other != key]
                placed |= place_labels([requests[key]], bounds, origin, always=1, avoid=avoid)
                plated.add(key)
        for key, label in self._labels.items():
            spot = placed.get(key)
            # Over every other node and label: the open note's, then a plated one's.
            label.item.parentItem().setZValue(4 if key == centre else 3 if key in plated else 2)
            label.item.setVisible(spot is not None)
            label.plate.setVisible(spot is not None and key in plated)
            if spot is None:
                continue
            if label.form != spot.form:
                label.item.setText(label.forms[spot.form])
                label.form = spot.form
            label.item.setPos(spot.box.left - at[key].x(), spot.box.top - at[key].y())
            if key in plated:
                label.plate.setRect(label.item.boundingRect().adjusted(-_PLATE[0], -_PLATE[1], _PLATE[0], _PLATE[1]))
        self.placed = placed

    @staticmethod
    def _on_screen(point: QPointF, bounds: Box) -> bool:
        return bounds.left <= point.x() <= bounds.right and bounds.top <= point.y() <= bounds.bottom
