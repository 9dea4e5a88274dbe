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
LAYOUT_ITERATIONS = 80
LAYOUT_SEED = 7
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


def _start_positions(graph: LocalGraph, rng: random.Random) -> tuple[list[float], list[float]]:
    """The centre at the origin, each depth on its own ring, a little jitter so no two coincide."""
    xs, ys = [], []
    rings: dict[int, list[int]] = defaultdict(list)
    for i, node in enumerate(graph.nodes):
        rings[node.depth].append(i)
    place: dict[int, tuple[float, float]] = {}
    for depth, members in rings.items():
        radius = EDGE_LENGTH * depth * max(1.0, math.sqrt(len(members)) / 3)
        for n, i in enumerate(members):
            angle = 2 * math.pi * n / len(members) + rng.uniform(-0.05, 0.05)
            place[i] = (radius * math.cos(angle), radius * math.sin(angle)) if depth else (0.0, 0.0)
    for i in range(len(graph.nodes)):
        xs.append(place[i][0])
        ys.append(place[i][1])
    return xs, ys


def layout(graph: LocalGraph, iterations: int = LAYOUT_ITERATIONS, seed: int = LAYOUT_SEED,
           check: Callable[[], None] | None = None) -> Positions:
    """Scene positions of the graph's nodes, the centre note at the origin. Same graph, same
    picture: the start is fixed by ``seed``. Repulsion is counted only between nodes closer
    than two edge lengths (found through a grid), so a step costs about O(nodes + edges).
    ``check`` is called between steps and may raise to give up."""
    count = len(graph.nodes)
    rng = random.Random(seed)
    xs, ys = _start_positions(graph, rng)
    if count < 2:
        return {node.key: (xs[i], ys[i]) for i, node in enumerate(graph.nodes)}
    at = {node.key: i for i, node in enumerate(graph.nodes)}
    pairs = [(at[a], at[b]) for a, b in graph.edges]
    k = EDGE_LENGTH
    k2 = k * k
    cell = 2 * k
    temperature = k * max(2.0, math.sqrt(count))
    cooling = temperature / (iterations + 1)
    for _step in range(iterations):
        if check is not None:
            check()
        dx = [0.0] * count
        dy = [0.0] * count
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(count):
            grid[(int(xs[i] // cell), int(ys[i] // cell))].append(i)
        for (gx, gy), members in grid.items():
            near = [j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in grid.get((gx + ox, gy + oy), ())]
            for i in members:
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j in near:
                    if j == i:
                        continue
                    ddx, ddy = xi - xs[j], yi - ys[j]
                    dist2 = ddx * ddx + ddy * ddy
                    if dist2 < 0.01:
                        ddx, ddy, dist2 = rng.uniform(-1, 1), rng.uniform(-1, 1), 1.0
                    if dist2 < 4 * k2:
                        push = k2 / dist2  # k²/d, over d once more to make the direction a unit
                        fx += ddx * push
                        fy += ddy * push
                dx[i] += fx
                dy[i] += fy
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
