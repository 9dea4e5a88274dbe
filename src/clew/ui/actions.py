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
    checkable: bool = False  # an on/off setting: its handler gets the new state


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("open_vault", "&Open Vault…", ("Ctrl+Shift+O",), "&File"),
    ActionSpec("reload_note", "&Reload Note", (Key.Refresh,), "&File"),
    ActionSpec("quit", "&Quit", (Key.Quit, "Ctrl+Q"), "&File"),
    ActionSpec("go_back", "&Back", (Key.Back,), "&Go"),
    ActionSpec("go_forward", "&Forward", (Key.Forward,), "&Go"),
    ActionSpec("focus_tree", "Focus &Files", ("Ctrl+1",), "&Go"),
    ActionSpec("focus_note", "Focus &Note", ("Ctrl+2",), "&Go"),
    ActionSpec("focus_backlinks", "Focus Back&links", ("Ctrl+3",), "&Go"),
    ActionSpec("focus_outgoing", "Focus &Outgoing Links", ("Ctrl+4",), "&Go"),
    ActionSpec("quick_switcher", "&Quick Switcher…", ("Ctrl+P", "Ctrl+O"), "&Go"),
    ActionSpec("command_palette", "Command &Palette…", ("Ctrl+Shift+P",), "&Go"),
    ActionSpec("cycle_focus", "Next &Pane", ("F6",), "&Go"),
    ActionSpec("cycle_focus_back", "Previous Pane", ("Shift+F6",), "&Go"),
    ActionSpec("follow_link_hint", "Follow a Link by &Hint", (), "&Go"),
    ActionSpec("preview_link", "Pre&view Link", ("Shift+K",), "&Go"),
    ActionSpec("find_in_note", "&Find in Note…", (Key.Find,), "&Search"),
    ActionSpec("find_next", "Find &Next", (Key.FindNext,), "&Search"),
    ActionSpec("find_previous", "Find &Previous", (Key.FindPrevious,), "&Search"),
    ActionSpec("search_vault", "&Search the Vault…", ("Ctrl+Shift+F",), "&Search"),
    ActionSpec("show_outline", "&Outline", ("Ctrl+Shift+L",), "&View"),
    ActionSpec("show_tags", "&Tags", ("Ctrl+Shift+T",), "&View"),
    ActionSpec("show_graph", "Local &Graph", ("Ctrl+Alt+G",), "&View"),
    ActionSpec("show_left_pane", "Show &Left Pane", ("Ctrl+B",), "&View", checkable=True),
    ActionSpec("show_right_pane", "Show &Right Pane", ("Ctrl+Alt+B",), "&View", checkable=True),
    ActionSpec("allow_remote_images", "Load &Remote Images", (), "&View", checkable=True),
    ActionSpec("zoom_in", "Zoom &In", (Key.ZoomIn, "Ctrl+="), "&View"),
    ActionSpec("zoom_out", "Zoom &Out", (Key.ZoomOut,), "&View"),
    ActionSpec("zoom_reset", "&Actual Size", ("Ctrl+0",), "&View"),
    ActionSpec("full_width_text", "Full-&Width Text", (), "&View", checkable=True),
    ActionSpec("strict_line_breaks", "Stri&ct Line Breaks", (), "&View", checkable=True),
    ActionSpec("show_inline_title", "Show &Inline Title", (), "&View", checkable=True),
    ActionSpec("theme_light", "Theme: &Light", (), "&View"),
    ActionSpec("theme_dark", "Theme: &Dark", (), "&View"),
    ActionSpec("theme_system", "Theme: Follow &System", (), "&View"),
    ActionSpec("cheat_sheet", "&Keyboard Shortcuts", (Key.HelpContents, "?"), "&Help"),
    ActionSpec("about", "&About Clew", (), "&Help"),
)


def key_sequences(spec: ActionSpec) -> list[QKeySequence]:
    """The shortcuts of ``spec``, without duplicates (a standard key may equal a literal one)."""
    sequences: list[QKeySequence] = []
    for shortcut in spec.shortcuts:
        found = QKeySequence.keyBindings(shortcut) if isinstance(shortcut, Key) else [QKeySequence(shortcut)]
        sequences += [s for s in found if not s.isEmpty() and s not in sequences]
    return sequences


def build_actions(parent: QWidget, handlers: tuple[object, ...]) -> dict[str, QAction]:
    """Create a QAction per row of ACTIONS, connected to ``<name>`` of the first of ``handlers``
    that has it."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, parent)
        action.setObjectName(spec.name)
        action.setShortcuts(key_sequences(spec))
        slot: Callable[..., None] = next(getattr(h, spec.name) for h in handlers if hasattr(h, spec.name))
        if spec.checkable:
            action.setCheckable(True)
            action.triggered.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
        parent.addAction(action)
        actions[spec.name] = action
    return actions
