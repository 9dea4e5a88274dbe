"""`clew --screenshot --panel/--hover`: the stage is set before the picture is taken, and the
link preview (a window of its own) is painted into it."""

from __future__ import annotations

from clew.cli import PANELS, main
from clew.ui.main_window import MainWindow
from clew.ui.setup.screenshot_stage import ScreenshotStage, grab_window, panels, set_stage
from tests.ui.driving import window_context

DAY4 = "ai/research_advances/neurips_2025_day4.md"


def test_panel_and_hover_need_screenshot(seed_kb, capsys):
    assert main(["--panel", "graph", str(seed_kb)]) == 2
    assert "--screenshot" in capsys.readouterr().err


def test_the_graph_and_a_preview_are_ready_before_the_picture(qtbot, tmp_path, seed_kb):
    context = window_context(tmp_path / "s.ini")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    assert set(panels(window)) == set(PANELS)
    with qtbot.waitSignal(window.note_shown, timeout=10_000):
        window.open_vault_path(seed_kb, DAY4)
    ready, problems = [], []
    set_stage(window, ScreenshotStage("graph", "neurips_2025"), lambda: ready.append(True), problems.append)
    qtbot.waitUntil(lambda: bool(ready), timeout=10_000)
    assert not problems
    assert window.sidebar.currentWidget() is window.graph and window.graph.view.graph is not None
    assert window.hover.visible
    popup = window.hover.popup
    at = window.mapFromGlobal(popup.pos())
    picture = grab_window(window).toImage()
    inside = popup.grab().toImage()
    assert picture.pixel(at.x() + 5, at.y() + 5) == inside.pixel(5, 5)
    context.shutdown()
