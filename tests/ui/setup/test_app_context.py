"""The AppContext's wiring (ui/setup/context.py): the render child is told to get ready for
repairs once the vault is known to need them, from the view's thread, never the GUI thread's."""

from __future__ import annotations

import threading

from clew.core.offload.render_worker import RenderWorker
from clew.ui.setup.context import AppContext


def test_the_render_child_is_told_of_the_repair_models_off_the_gui_thread(qtbot, monkeypatch, tmp_path):
    told = []
    monkeypatch.setattr(RenderWorker, "start", lambda worker: None)  # no child needed to hear it
    monkeypatch.setattr(RenderWorker, "prepare_repairs",
                        lambda worker, models: told.append((models, threading.current_thread())))
    context = AppContext.create()
    try:
        context.session.repair_models.emit(tmp_path / "models")
        qtbot.waitUntil(lambda: bool(told), timeout=5_000)
        assert told == [(tmp_path / "models", told[0][1])] and told[0][1] is not threading.main_thread()
    finally:
        context.shutdown()
