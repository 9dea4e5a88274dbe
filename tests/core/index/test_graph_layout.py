"""The local graph from the index (depth, edges, unresolved targets, the cap) and its layout."""

from __future__ import annotations

import math

from clew.core.index.graph import VaultIndex
from clew.core.index.local_graph import NodeKind, layout, local_graph, unresolved_key
from clew.core.notes.parsing import parse_note


def index_of(notes: dict[str, str], files: tuple[str, ...] = ()) -> VaultIndex:
    index = VaultIndex()
    index.build([*notes, *files], {path: parse_note(text, path) for path, text in notes.items()})
    return index


VAULT = {
    "a.md": "[[b]] [[c]] [[Missing]] ![[pic.png]] https://x.org [[a#Top]]\n# Top\n",
    "b.md": "[[c]] [[far]]\n",
    "c.md": "",
    "d.md": "[[a]] [[missing]]\n",
    "far.md": "",
    "lonely.md": "",
}


def test_depth_one_has_links_backlinks_and_the_edges_between_them():
    graph = local_graph(index_of(VAULT, ("pic.png",)), "a.md")
    kinds = {n.key: n.kind for n in graph.nodes}
    missing = unresolved_key("Missing")
    assert kinds == {"a.md": NodeKind.CURRENT, "b.md": NodeKind.NOTE, "c.md": NodeKind.NOTE,
                     "d.md": NodeKind.NOTE, missing: NodeKind.UNRESOLVED}
    assert set(graph.edges) == {("a.md", "b.md"), ("a.md", "c.md"), ("a.md", missing), ("b.md", "c.md"),
                                ("d.md", "a.md"), ("d.md", missing)}
    assert graph.neighbours == 4 and not graph.capped
    node = next(n for n in graph.nodes if n.key == missing)
    assert node.label == "Missing" and "no such file" in node.tip and "d.md" in node.tip


def test_depth_two_reaches_the_neighbours_neighbours():
    graph = local_graph(index_of(VAULT), "a.md", depth=2)
    depths = {n.key: n.depth for n in graph.nodes}
    assert depths["far.md"] == 2 and depths["b.md"] == 1
    assert "lonely.md" not in depths


def test_beyond_the_cap_the_best_linked_neighbours_stay():
    notes = {"hub.md": " ".join(f"[[n{i}]]" for i in range(50))}
    notes |= {f"n{i}.md": "[[n0]] [[n1]]" if i > 1 else "" for i in range(50)}
    graph = local_graph(index_of(notes), "hub.md", cap=10)
    assert graph.shown == 10 and graph.neighbours == 50 and graph.capped
    assert {"n0.md", "n1.md"} <= {n.key for n in graph.nodes}
    kept = {n.key for n in graph.nodes}
    assert all(a in kept and b in kept for a, b in graph.edges)


def test_layout_is_deterministic_and_spreads_the_nodes():
    notes = {"hub.md": " ".join(f"[[n{i}]]" for i in range(40))} | {f"n{i}.md": "" for i in range(40)}
    graph = local_graph(index_of(notes), "hub.md")
    first, second = layout(graph), layout(graph)
    assert first == second
    assert first["hub.md"] == (0.0, 0.0)
    points = list(first.values())
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:])
    assert closest > 10
