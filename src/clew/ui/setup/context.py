"""The AppContext: the long-lived objects the window and panels are handed (no globals)."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from clew.core.offload.render_worker import RenderWorker
from clew.core.vault.tree_shape import TreeShape
from clew.ui.settings import Settings
from clew.ui.background.tasks import TaskRunner
from clew.ui.setup.theme import ThemeManager
from clew.ui.background.vault_session import VaultSession
from clew.ui.background.watcher import VaultWatcher

# How long a background thread running Python may keep the GIL while the GUI thread waits for
# it (CPython's default is 5 ms). Qt calls into Python for every row it paints and every timer,
# one GIL wait each: with the default, a paint during a 100k vault's restore stalled 200-550 ms;
# with 0.2 ms, under 90 ms, at no measured cost to the restore.
GIL_SWITCH_INTERVAL_S = 0.0002


@dataclass
class AppContext:
    settings: Settings
    tasks: TaskRunner
    watcher: VaultWatcher
    session: VaultSession
    # None: notes are rendered on the view's own thread, with no time limit (see create).
    render_worker: RenderWorker | None
    # The session's own thread: reading the vault and applying changes never wait behind a
    # panel's long task (mentions, search) on the shared pool.
    session_tasks: TaskRunner
    theme: ThemeManager
    # The note view's own thread: a note opens at once even while the shared pool's two threads
    # are busy reading the whole vault (search index, unlinked mentions) — measured 2 s waits.
    view_tasks: TaskRunner

    @classmethod
    def create(cls, settings: Settings | None = None, render_child: bool = True) -> "AppContext":
        """``render_child=False`` renders in this process, without the child's time limit: for
        tests of trusted notes, which would otherwise start a child process for every window."""
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        tasks = TaskRunner()
        watcher = VaultWatcher()
        render_worker = RenderWorker() if render_child else None
        if render_worker is not None:
            render_worker.start()  # its start-up overlaps the window's, not the first note's render
        session_tasks = TaskRunner(max_threads=1)
        session = VaultSession(session_tasks, watcher, prepare_listing=TreeShape.of)
        settings = settings or Settings()
        view_tasks = TaskRunner(max_threads=1)
        if render_worker is not None:
            # On the view's thread, after the render under way: the GUI thread never waits.
            session.repair_models.connect(
                lambda models: view_tasks.run(_prepare_repairs, render_worker, models))
        return cls(settings, tasks, watcher, session, render_worker, session_tasks, ThemeManager(settings),
                   view_tasks)

    def shutdown(self) -> None:
        self.session.close()
        self.session_tasks.shutdown()
        self.view_tasks.shutdown()
        self.tasks.shutdown()
        if self.render_worker is not None:
            self.render_worker.close()


def _prepare_repairs(render_worker: RenderWorker, models, progress) -> None:
    """The vault holds mis-encoded notes: the render child gets ready to repair the first one
    opened (``RenderWorker.prepare_repairs``)."""
    render_worker.prepare_repairs(models)
