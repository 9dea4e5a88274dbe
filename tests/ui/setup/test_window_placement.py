"""Where the window first opens, on small, common and HiDPI screens, and a saved place clamped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from clew.ui.setup.window_placement import clamped, first_geometry, fitted_sizes, pane_sizes

# Available rectangles in device-independent pixels: 2800×1800 at scale 2 is 1400×900 to Qt.
SCREENS = {
    "1024×640": QRect(0, 0, 1024, 640),
    "1920×1080 with a panel": QRect(0, 32, 1920, 1048),
    "2800×1800 at scale 2": QRect(0, 0, 1400, 900),
}


@pytest.mark.parametrize("name", SCREENS)
def test_the_first_window_is_centred_and_big_enough_to_read(name):
    available = SCREENS[name]
    rect = first_geometry(available)
    assert available.contains(rect)
    assert abs(rect.center().x() - available.center().x()) <= 1
    assert abs(rect.center().y() - available.center().y()) <= 1
    assert rect.width() >= min(1024, available.width()) and rect.height() >= min(680, available.height())
    assert rect.width() >= round(available.width() * 0.8) or rect.width() == available.width()


def test_first_sizes_on_each_screen():
    assert first_geometry(SCREENS["1024×640"]) == QRect(0, 0, 1024, 640)
    assert first_geometry(SCREENS["1920×1080 with a panel"]).size().toTuple() == (1536, 838)
    assert first_geometry(SCREENS["2800×1800 at scale 2"]).size().toTuple() == (1120, 720)


def test_a_saved_place_larger_than_the_screen_is_clamped_to_it():
    small = QRect(0, 0, 1024, 640)
    assert clamped(QRect(300, 200, 1500, 950), small) == small
    # Off to the right of a smaller screen: moved back whole, size kept.
    assert clamped(QRect(1500, 100, 800, 500), small) == QRect(224, 100, 800, 500)
    # A place that fits is kept as it is.
    assert clamped(QRect(10, 20, 600, 400), small) == QRect(10, 20, 600, 400)
    # On a second screen to the left (negative coordinates).
    left = QRect(-1280, 0, 1280, 1024)
    assert clamped(QRect(-1500, -50, 700, 500), left) == QRect(-1280, 0, 700, 500)


def test_panes_start_at_a_fifth_a_bit_over_half_and_a_quarter():
    assert pane_sizes(1000) == [200, 550, 250]


def test_saved_pane_widths_shrink_together_on_a_narrower_window():
    assert fitted_sizes([368, 750, 385], 1600) == [368, 750, 385]  # they fit: kept
    assert fitted_sizes([368, 750, 385], 1002) == [245, 500, 256]
    assert fitted_sizes([0, 0, 0], 800) == [0, 0, 0]
