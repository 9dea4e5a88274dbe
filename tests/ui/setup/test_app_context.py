"""The AppContext's wiring (ui/setup/context.py): the render child is told to get ready for
repairs once the vault is known to need them, from the view's thread, never the GUI thread's;
the signs of mojibake are compiled at the start, off the GUI thread."""

from __future__ import annotations

import threading

from clew.core.offload.render_worker import RenderWorker
from clew.ui.setup import context as app_context
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


def test_the_signs_of_mojibake_are_compiled_at_the_start_off_the_gui_thread(qtbot, monkeypatch):
    compiled = []
    monkeypatch.setattr(RenderWorker, "start", lambda worker: None)
    monkeypatch.setattr(app_context, "compile_signs", lambda: compiled.append(threading.current_thread()))
    context = AppContext.create()
    try:
        qtbot.waitUntil(lambda: bool(compiled), timeout=5_000)
        assert len(compiled) == 1 and compiled[0] is not threading.main_thread()
    finally:
        context.shutdown()
