"""Background results for widgets that may be gone: a task may finish after its window closed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from shiboken6 import isValid


def while_alive(owner: QObject, fn: Callable[..., Any]) -> Callable[..., None]:
    """``fn``, called only while ``owner``'s Qt object still exists."""

    def call(*args: Any) -> None:
        if isValid(owner):
            fn(*args)

    return call
