"""Where the local graph's labels go on screen: each beside its node where it covers no other
label and no node, tried on the side facing away from the open note first; a label that finds
no room in full is tried shortened, then left out. Pure geometry in pixels, so the panel can
place its labels again after every zoom, pan and resize."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

# Pixels between a node's edge and its label, and kept free around each label.
GAP = 2.0
# Pixels a label keeps from every node but its own, so it reads as its own node's.
CLEARANCE = 7.0
_CELL = 48.0  # side of the grid cells placed boxes are filed under
# Unit directions of the places tried around a node: beside, below and above, then the corners.
_SIDES = ((1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0),
          (1.0, 1.0), (-1.0, 1.0), (1.0, -1.0), (-1.0, -1.0))


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)

    def inside(self, other: Box) -> bool:
        return (other.left <= self.left and self.right <= other.right
                and other.top <= self.top and self.bottom <= other.bottom)


@dataclass(frozen=True)
class LabelRequest:
    """A node at (``x``, ``y``) of ``radius``, and the sizes (width, height) of its label's
    forms, the full text first and shorter ones after."""

    key: str
    x: float
    y: float
    radius: float
    sizes: tuple[tuple[float, float], ...]

    def node_box(self) -> Box:
        return Box(self.x - self.radius, self.y - self.radius, self.x + self.radius, self.y + self.radius)


@dataclass(frozen=True)
class PlacedLabel:
    """A label's box on screen, and which of its forms fits there."""

    key: str
    box: Box
    form: int


class _Grid:
    """Boxes filed by the cells they touch, so a box meets only its neighbours when checked;
    each box has an owner, whose own labels it does not stop."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[tuple[str, Box]]] = defaultdict(list)

    def _cells_of(self, box: Box) -> Iterator[tuple[int, int]]:
        for gx in range(math.floor(box.left / _CELL), math.floor(box.right / _CELL) + 1):
            for gy in range(math.floor(box.top / _CELL), math.floor(box.bottom / _CELL) + 1):
                yield gx, gy

    def add(self, box: Box, owner: str = "") -> None:
        for cell in self._cells_of(box):
            self._cells[cell].append((owner, box))

    def hits(self, box: Box, owner: str = "") -> bool:
        return any(other.overlaps(box) and (not owner or who != owner)
                   for cell in self._cells_of(box) for who, other in self._cells.get(cell, ()))


def _candidates(request: LabelRequest, width: float, height: float,
                origin: tuple[float, float]) -> list[Box]:
    """The boxes a label of this size may take around its node, the side facing away from
    ``origin`` (the open note) first, so labels fan out instead of crossing the edges."""
    away_x, away_y = request.x - origin[0], request.y - origin[1]
    if math.hypot(away_x, away_y) < 1e-6:
        away_x, away_y = 0.0, 1.0  # the open note itself: below, as a caption
    reach = request.radius + GAP

    def box(side: tuple[float, float]) -> Box:
        sx, sy = side
        left = request.x + sx * reach - (width if sx < 0 else 0.0 if sx > 0 else width / 2)
        top = request.y + sy * reach - (height if sy < 0 else 0.0 if sy > 0 else height / 2)
        return Box(left, top, left + width, top + height)

    def facing(side: tuple[float, float]) -> float:
        return -(side[0] * away_x + side[1] * away_y) / math.hypot(*side)

    return [box(side) for side in sorted(_SIDES, key=facing)]


def _padded(box: Box, pad: float = GAP) -> Box:
    return Box(box.left - pad, box.top - pad, box.right + pad, box.bottom + pad)


def place_labels(requests: Sequence[LabelRequest], bounds: Box, origin: tuple[float, float],
                 always: int = 1, avoid: Sequence[Box] = ()) -> dict[str, PlacedLabel]:
    """Labels for ``requests``, taken in order (the most wanted first), each in the first free
    place around its node, inside ``bounds``, CLEARANCE away from every other node, clear of the
    labels placed before it and of ``avoid``; in full where it fits, else shorter, else not at
    all. The first ``always`` requests (the open note's label) are placed whatever is free:
    in full wherever it fits inside ``bounds``, over other nodes if it must (it is drawn over
    them), shortened only when the panel is too narrow for it."""
    taken = _Grid()
    nodes = _Grid()
    for request in requests:
        nodes.add(_padded(request.node_box(), CLEARANCE), request.key)
    for box in avoid:
        taken.add(_padded(box))
    placed: dict[str, PlacedLabel] = {}
    anywhere = _Grid()
    for n, request in enumerate(requests):
        if n < always:
            found = next((spot for form in range(len(request.sizes)) for clear_of in (nodes, anywhere)
                          for spot in _free(request, (form,), bounds, origin, taken, clear_of)), None)
            if found is None and request.sizes:
                width, height = request.sizes[0]
                found = PlacedLabel(request.key, _candidates(request, width, height, origin)[0], 0)
        else:
            found = next(_free(request, range(len(request.sizes)), bounds, origin, taken, nodes), None)
        if found is not None:
            placed[request.key] = found
            taken.add(_padded(found.box))
    return placed


def _free(request: LabelRequest, forms: Iterable[int], bounds: Box, origin: tuple[float, float], taken: _Grid,
          nodes: _Grid) -> Iterator[PlacedLabel]:
    """The places inside ``bounds`` clear of ``taken`` and ``nodes`` for each of ``forms``, best first."""
    for form in forms:
        width, height = request.sizes[form]
        for box in _candidates(request, width, height, origin):
            if box.inside(bounds) and not taken.hits(box) and not nodes.hits(box, request.key):
                yield PlacedLabel(request.key, box, form)
