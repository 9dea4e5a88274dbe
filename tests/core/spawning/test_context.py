"""Processes started without the parent's main module (core/spawning/context.py)."""

from __future__ import annotations

import os
import sys
import types
from concurrent.futures import ProcessPoolExecutor

from clew.core.spawning.context import spawn_context


def test_a_pools_workers_do_not_run_the_parents_main_script(tmp_path, monkeypatch):
    """spawn would import the main script again in each worker (the command line's imports every
    stage of Clew); a worker of Clew's needs nothing from it."""
    script = tmp_path / "main_script_of_the_parent.py"
    script.write_text("raise SystemExit('the main script ran in the worker')\n", encoding="utf-8")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn_context()) as pool:
        assert pool.submit(os.getpid).result(timeout=60) != os.getpid()
    assert sys.modules["__main__"] is main
