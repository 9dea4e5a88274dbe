"""Every action of the window with its shortcut, in one table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    """One action: ``name`` is the method of the handler object that it triggers."""

    name: str
    text: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...]
    menu: str


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("open_vault", "&Open Vault…", ("Ctrl+O",), "&File"),
    ActionSpec("reload_note", "&Reload Note", (Key.Refresh,), "&File"),
    ActionSpec("quit", "&Quit", (Key.Quit, "Ctrl+Q"), "&File"),
    ActionSpec("go_back", "&Back", (Key.Back,), "&Go"),
    ActionSpec("go_forward", "&Forward", (Key.Forward,), "&Go"),
    ActionSpec("focus_tree", "Focus &Files", ("Ctrl+1",), "&Go"),
    ActionSpec("focus_note", "Focus &Note", ("Ctrl+2",), "&Go"),
    ActionSpec("focus_backlinks", "Focus Back&links", ("Ctrl+3",), "&Go"),
    ActionSpec("about", "&About Clew", (), "&Help"),
)


def key_sequences(spec: ActionSpec) -> list[QKeySequence]:
    """The shortcuts of ``spec``, without duplicates (a standard key may equal a literal one)."""
    sequences: list[QKeySequence] = []
    for shortcut in spec.shortcuts:
        found = QKeySequence.keyBindings(shortcut) if isinstance(shortcut, Key) else [QKeySequence(shortcut)]
        sequences += [s for s in found if not s.isEmpty() and s not in sequences]
    return sequences


def build_actions(parent: QWidget, handler: object) -> dict[str, QAction]:
    """Create a QAction per row of ACTIONS, connected to ``handler.<name>``."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, parent)
        action.setObjectName(spec.name)
        action.setShortcuts(key_sequences(spec))
        slot: Callable[[], None] = getattr(handler, spec.name)
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        parent.addAction(action)
        actions[spec.name] = action
    return actions
