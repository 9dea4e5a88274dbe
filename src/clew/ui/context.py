"""The AppContext: the long-lived objects the window and panels are handed (no globals)."""

from __future__ import annotations

from dataclasses import dataclass

from clew.core.render_worker import RenderWorker
from clew.ui.settings import Settings
from clew.ui.tasks import TaskRunner
from clew.ui.theme import ThemeManager
from clew.ui.vault_session import VaultSession
from clew.ui.watcher import VaultWatcher


@dataclass
class AppContext:
    settings: Settings
    tasks: TaskRunner
    watcher: VaultWatcher
    session: VaultSession
    render_worker: RenderWorker
    # The session's own thread: reading the vault and applying changes never wait behind a
    # panel's long task (mentions, search) on the shared pool.
    session_tasks: TaskRunner
    theme: ThemeManager
    # The note view's own thread: a note opens at once even while the shared pool's two threads
    # are busy reading the whole vault (search index, unlinked mentions) — measured 2 s waits.
    view_tasks: TaskRunner

    @classmethod
    def create(cls, settings: Settings | None = None) -> "AppContext":
        tasks = TaskRunner()
        watcher = VaultWatcher()
        render_worker = RenderWorker()
        render_worker.start()  # its start-up overlaps the window's, not the first note's render
        session_tasks = TaskRunner(max_threads=1)
        session = VaultSession(session_tasks, watcher)
        settings = settings or Settings()
        return cls(settings, tasks, watcher, session, render_worker, session_tasks, ThemeManager(settings),
                   TaskRunner(max_threads=1))

    def shutdown(self) -> None:
        self.session.close()
        self.session_tasks.shutdown()
        self.view_tasks.shutdown()
        self.tasks.shutdown()
        self.render_worker.close()
