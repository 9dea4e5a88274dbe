"""The AppContext: the long-lived objects the window and panels are handed (no globals)."""

from __future__ import annotations

from dataclasses import dataclass

from clew.ui.settings import Settings
from clew.ui.tasks import TaskRunner
from clew.ui.vault_session import VaultSession
from clew.ui.watcher import VaultWatcher


@dataclass
class AppContext:
    settings: Settings
    tasks: TaskRunner
    watcher: VaultWatcher
    session: VaultSession

    @classmethod
    def create(cls, settings: Settings | None = None) -> "AppContext":
        tasks = TaskRunner()
        watcher = VaultWatcher()
        return cls(settings or Settings(), tasks, watcher, VaultSession(tasks, watcher))

    def shutdown(self) -> None:
        self.session.close()
        self.tasks.shutdown()
