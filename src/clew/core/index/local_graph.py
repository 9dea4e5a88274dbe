"""A note's local graph: its neighbours by links and backlinks (to a depth), capped by link count,
and a deterministic force-directed layout of them (Fruchterman-Reingold with the grid variant)."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePosixPath

from clew.core.index.graph import VaultIndex
from clew.core.links.model import LinkKind
from clew.core.links.resolver import normalize_target
from clew.core.vault.files import ATTACHMENT_EXTENSIONS, NOTE_EXTENSIONS, is_note

# More neighbours than this are not drawn: the best connected are kept, and the panel says so.
NODE_CAP = 300
# The length an edge settles at, in scene units (a node is about 12 across).
EDGE_LENGTH = 70.0
# The nodes start about where the forces leave them (START_SPACING apart on a disc), so a few
# steps of at most START_TEMPERATURE edge lengths settle them: 30 steps where 80 steps from a
# ring took 3 times as long for the same picture.
LAYOUT_ITERATIONS = 30
START_SPACING = 45.0
START_TEMPERATURE = 1.5
LAYOUT_SEED = 7
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_UNRESOLVED_PREFIX = "unresolved:"


class NodeKind(str, Enum):
    CURRENT = "current"
    NOTE = "note"
    UNRESOLVED = "unresolved"


@dataclass(frozen=True)
class GraphNode:
    """A note (``key`` is its vault path) or a target no file answers (``key`` starts with
    ``unresolved:``). ``links`` counts the edges touching it in the local graph."""

    key: str
    label: str
    kind: NodeKind
    depth: int
    links: int
    tip: str


@dataclass(frozen=True)
class LocalGraph:
    """The drawn part of a note's neighbourhood. ``neighbours`` counts every neighbour found
    (to the depth), before the cap; ``edges`` are (source, target) keys, one per direction."""

    centre: str
    depth: int
    nodes: tuple[GraphNode, ...]
    edges: tuple[tuple[str, str], ...]
    neighbours: int

    @property
    def shown(self) -> int:
        return len(self.nodes) - 1

    @property
    def capped(self) -> bool:
        return self.shown < self.neighbours


def unresolved_key(target: str) -> str:
    """One node for every link to the same missing target, however its case is written."""
    return _UNRESOLVED_PREFIX + normalize_target(target).casefold()


def is_unresolved_key(key: str) -> bool:
    return key.startswith(_UNRESOLVED_PREFIX)


def _linked_keys(index: VaultIndex, source: str) -> Iterator[tuple[str, str, str]]:
    """(key, target as written, reason) of each note ``source`` links to (the last two for
    unresolved targets only); attachments and web links are
    left out (the graph is of notes), unresolved note links kept."""
    for resolved in index.outgoing(source):
        link, resolution = resolved.link, resolved.resolution
        if link.is_external or link.kind in (LinkKind.URL, LinkKind.IMAGE):
            continue
        if resolution.path is not None:
            if is_note(resolution.path) and resolution.path != source:
                yield resolution.path, "", ""
        elif link.target and PurePosixPath(link.target).suffix.lower() not in ATTACHMENT_EXTENSIONS:
            reason = resolution.reason.value if resolution.reason else "no such file"
            yield unresolved_key(link.target), link.target, reason


def _target_label(target: str) -> str:
    """A missing target as a label: its name without ``.md``, with its folder when the name alone
    says little (``index``, ``README``)."""
    path = PurePosixPath(normalize_target(target))
    name = path.stem if path.suffix.lower() in NOTE_EXTENSIONS else path.name
    if name.casefold() in ("index", "readme") and path.parent.name not in ("", ".", ".."):
        return f"{path.parent.name}/{name}"
    return name or target


def _backlink_sources(index: VaultIndex, path: str) -> set[str]:
    return {b.source for b in index.backlinks(path) if b.source != path}


def local_graph(index: VaultIndex, path: str, depth: int = 1, cap: int = NODE_CAP) -> LocalGraph:
    """``path`` with the notes it links to and the notes linking to it, and theirs to ``depth``;
    the edges between all of them. Beyond ``cap`` neighbours, the nearest and best connected stay."""
    depth_of: dict[str, int] = {path: 0}
    targets: dict[str, str] = {}
    reasons: dict[str, str] = {}
    out_edges: dict[str, set[str]] = {}

    def links_of(note: str) -> set[str]:
        if note not in out_edges:
            found = set()
            for key, target, reason in _linked_keys(index, note):
                found.add(key)
                if target:
                    targets.setdefault(key, target)
                    reasons.setdefault(key, reason)
            out_edges[note] = found
        return out_edges[note]

    frontier = [path]
    for level in range(1, depth + 1):
        following = []
        for note in frontier:
            for key in sorted(links_of(note) | _backlink_sources(index, note)):
                if key not in depth_of:
                    depth_of[key] = level
                    following.append(key)
        frontier = [key for key in following if not is_unresolved_key(key)]

    edges = {(source, target) for source in depth_of if not is_unresolved_key(source)
             for target in links_of(source) if target in depth_of}
    degree: dict[str, int] = defaultdict(int)
    for source, target in edges:
        degree[source] += 1
        degree[target] += 1
    others = sorted((k for k in depth_of if k != path), key=lambda k: (depth_of[k], -degree[k], k))
    kept = {path, *others[:cap]}
    edges = {edge for edge in edges if edge[0] in kept and edge[1] in kept}
    links: dict[str, int] = defaultdict(int)
    linked_from: dict[str, list[str]] = defaultdict(list)
    for source, target in sorted(edges):
        links[source] += 1
        links[target] += 1
        linked_from[target].append(source)

    def node(key: str) -> GraphNode:
        if is_unresolved_key(key):
            sources = ", ".join(linked_from[key][:5]) + (" …" if len(linked_from[key]) > 5 else "")
            tip = f"{targets[key]}: unresolved ({reasons[key]}), linked from {sources}"
            return GraphNode(key, _target_label(targets[key]), NodeKind.UNRESOLVED, depth_of[key], links[key], tip)
        kind = NodeKind.CURRENT if key == path else NodeKind.NOTE
        return GraphNode(key, PurePosixPath(key).stem, kind, depth_of[key], links[key], key)

    nodes = tuple(node(k) for k in [path, *others[:cap]])
    return LocalGraph(path, depth, nodes, tuple(sorted(edges)), len(others))


Positions = dict[str, tuple[float, float]]


def _start_positions(graph: LocalGraph) -> tuple[list[float], list[float]]:
    """The centre at the origin; each depth fills a ring around the last (depth 1 from most of
    an edge length out), its nodes START_SPACING apart on a sunflower spiral, the best linked
    (they come first) nearest the centre."""
    xs, ys = [0.0] * len(graph.nodes), [0.0] * len(graph.nodes)
    rings: dict[int, list[int]] = defaultdict(list)
    for i, node in enumerate(graph.nodes):
        if node.depth:
            rings[node.depth].append(i)
    inner = EDGE_LENGTH * 0.8
    for depth in sorted(rings):
        members = rings[depth]
        outer = math.sqrt(inner * inner + len(members) * START_SPACING * START_SPACING / math.pi)
        for n, i in enumerate(members):
            radius = math.sqrt(inner * inner + (n + 0.5) / len(members) * (outer * outer - inner * inner))
            angle = n * _GOLDEN_ANGLE
            xs[i], ys[i] = radius * math.cos(angle), radius * math.sin(angle)
        inner = outer + EDGE_LENGTH * 0.5
    return xs, ys


# The cells a cell meets pairs with besides itself: half its neighbours, so each pair is met once.
_HALF_NEIGHBOURHOOD = ((1, -1), (1, 0), (1, 1), (0, 1))


def _repel(xs: list[float], ys: list[float], dx: list[float], dy: list[float], cell: float, k2: float,
           rng: random.Random) -> None:
    """Add to (``dx``, ``dy``) the push k²/d between every two nodes closer than ``cell``,
    found through a grid of that cell size; each pair is met once and pushes both ways."""
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in range(len(xs)):
        grid[(int(xs[i] // cell), int(ys[i] // cell))].append(i)
    reach2 = cell * cell
    for (gx, gy), members in grid.items():
        near = members + [j for ox, oy in _HALF_NEIGHBOURHOOD for j in grid.get((gx + ox, gy + oy), ())]
        near_x = [xs[j] for j in near]
        near_y = [ys[j] for j in near]
        for n in range(len(members)):
            i, xi, yi = near[n], near_x[n], near_y[n]
            fx = fy = 0.0
            for m in range(n + 1, len(near)):
                ddx, ddy = xi - near_x[m], yi - near_y[m]
                dist2 = ddx * ddx + ddy * ddy
                if dist2 >= reach2:
                    continue
                if dist2 < 0.01:
                    ddx, ddy, dist2 = rng.uniform(-1, 1), rng.uniform(-1, 1), 1.0
                push = k2 / dist2  # k²/d, over d once more to make the direction a unit
                fx += ddx * push
                fy += ddy * push
                j = near[m]
                dx[j] -= ddx * push
                dy[j] -= ddy * push
            dx[i] += fx
            dy[i] += fy


def layout(graph: LocalGraph, iterations: int = LAYOUT_ITERATIONS, seed: int = LAYOUT_SEED,
           check: Callable[[], None] | None = None) -> Positions:
    """Scene positions of the graph's nodes, the centre note at the origin. Same graph, same
    picture (``seed`` settles nodes that land on each other). Repulsion is counted only between
    nodes closer than two edge lengths (found through a grid), so a step costs about
    O(nodes + edges).
    ``check`` is called between steps and may raise to give up."""
    count = len(graph.nodes)
    rng = random.Random(seed)
    xs, ys = _start_positions(graph)
    if count < 2:
        return {node.key: (xs[i], ys[i]) for i, node in enumerate(graph.nodes)}
    at = {node.key: i for i, node in enumerate(graph.nodes)}
    pairs = [(at[a], at[b]) for a, b in graph.edges]
    k = EDGE_LENGTH
    k2 = k * k
    cell = 2 * k
    temperature = k * START_TEMPERATURE
    cooling = temperature / (iterations + 1)
    for _step in range(iterations):
        if check is not None:
            check()
        dx = [0.0] * count
        dy = [0.0] * count
        _repel(xs, ys, dx, dy, cell, k2, rng)
        for i, j in pairs:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            pull = math.sqrt(ddx * ddx + ddy * ddy) / k  # d²/k, over d for the unit direction
            dx[i] -= ddx * pull
            dy[i] -= ddy * pull
            dx[j] += ddx * pull
            dy[j] += ddy * pull
        for i in range(1, count):  # the centre note stays put
            length = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if length > 0:
                step = min(length, temperature) / length
                xs[i] += dx[i] * step
                ys[i] += dy[i] * step
        temperature = max(temperature - cooling, k * 0.05)
    return {node.key: (xs[i], ys[i]) for i, node in enumerate(graph.nodes)}
