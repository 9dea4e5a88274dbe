"""What the background tests share: a vault session on its own task runner and watcher."""

import pytest

from clew.ui.background.tasks import TaskRunner
from clew.ui.background.vault_session import VaultSession
from clew.ui.background.watcher import VaultWatcher


@pytest.fixture
def session(qapp):
    """A VaultSession with a quick watcher (100 ms quiet), closed after the test."""
    tasks = TaskRunner()
    watcher = VaultWatcher(quiet_ms=100, max_delay_ms=500, poll_interval_s=0.2)
    vault_session = VaultSession(tasks, watcher)
    yield vault_session
    vault_session.close()
    tasks.shutdown()
