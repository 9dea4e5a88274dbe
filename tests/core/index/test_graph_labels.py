"""Placing the local graph's labels: none covers another or a node, the open note's always shows,
and a label finds another side, or a shorter form, before it is left out."""

from __future__ import annotations

import math
import random
import time

from clew.core.index.graph_labels import Box, LabelRequest, place_labels

BOUNDS = Box(0, 0, 300, 800)


def ring(count: int, seed: int = 3) -> list[LabelRequest]:
    """The open note in the middle of ``count`` neighbours strewn over a tall panel, their
    labels 30 to 160 px wide (a full name, then one shortened to 70)."""
    rng = random.Random(seed)
    requests = [LabelRequest("centre", 150, 400, 12, ((120, 16),))]
    for n in range(count):
        angle, distance = rng.uniform(0, 2 * math.pi), rng.uniform(40, 380)
        x = 150 + math.cos(angle) * min(distance, 130)
        y = 400 + math.sin(angle) * distance
        width = rng.uniform(30, 160)
        requests.append(LabelRequest(f"n{n}", x, y, 6, ((width, 16), (min(width, 70), 16))))
    return requests


def test_no_label_overlaps_another_or_a_node_at_50_neighbours():
    requests = ring(50)
    placed = place_labels(requests, BOUNDS, (150, 400))
    boxes = [label.box for label in placed.values()]
    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert all(not box.overlaps(request.node_box()) for box in boxes for request in requests)
    assert all(box.inside(BOUNDS) for box in boxes)
    assert len(placed) > 25  # most are labelled; the rest have no room in a 300×800 panel


def test_the_open_note_is_labelled_first_and_in_full_even_over_nodes():
    crowded = [LabelRequest("centre", 150, 400, 12, ((120, 16), (60, 16)))]
    crowded += [LabelRequest(f"n{x}-{y}", 150 + x, 400 + y, 6, ((50, 16),))
                for x in range(-90, 91, 15) for y in range(-60, 61, 15) if (x, y) != (0, 0)]
    placed = place_labels(crowded, BOUNDS, (150, 400))
    centre = placed["centre"].box
    assert centre.inside(BOUNDS) and placed["centre"].form == 0
    assert all(not centre.overlaps(label.box) for key, label in placed.items() if key != "centre")


def test_a_label_moves_to_a_free_side_then_shortens_then_is_left_out():
    centre = LabelRequest("centre", 100, 100, 10, ((60, 16),))
    # Right of the centre, its outward side (right) free: it goes there.
    right = LabelRequest("right", 160, 100, 5, ((40, 16),))
    assert place_labels([centre, right], BOUNDS, (100, 100))["right"].box.left > 160
    # At the panel's right edge its label turns back inside.
    edge = LabelRequest("edge", 290, 300, 5, ((40, 16),))
    box = place_labels([centre, edge], BOUNDS, (100, 100))["edge"].box
    assert box.right < 290 and box.inside(BOUNDS)
    # Too long for the panel's width either way: the short form is used.
    long = LabelRequest("long", 150, 600, 5, ((400, 16), (80, 16)))
    assert place_labels([centre, long], BOUNDS, (100, 100))["long"].form == 1
    # Nowhere to go: left out.
    assert "long" not in place_labels([centre, LabelRequest("long", 150, 600, 5, ((400, 16),))],
                                      BOUNDS, (100, 100))


def test_avoided_boxes_stay_clear():
    hovered = LabelRequest("hovered", 100, 100, 5, ((40, 16),))
    wall = [Box(0, 0, 300, 99), Box(0, 101, 300, 800)]  # only a 2 px band at the node's height is free
    assert place_labels([hovered], BOUNDS, (0, 0), always=0, avoid=wall) == {}


def test_two_hundred_labels_place_in_a_few_milliseconds():
    requests = ring(200)
    clock = time.process_time()
    place_labels(requests, BOUNDS, (150, 400))
    assert time.process_time() - clock < 0.05
