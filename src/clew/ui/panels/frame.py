"""The frame most side panels share: a header line above a tree, the tree taking the keyboard."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget


def headed_tree(panel: QWidget, header: str, tree_name: str,
                on_activated: Callable[[QTreeWidgetItem], None], *, click_activates: bool = True,
                wrap_header: bool = False) -> tuple[QLabel, QTreeWidget]:
    """Lay out ``panel`` as a header label over a headerless tree named ``tree_name``; Enter (and
    a click, with ``click_activates``) calls ``on_activated``. Returns (header, tree)."""
    label = QLabel(header, panel)
    label.setObjectName("panelHeader")
    label.setWordWrap(wrap_header)
    tree = QTreeWidget(panel)
    tree.setObjectName(tree_name)
    tree.setHeaderHidden(True)
    tree.itemActivated.connect(on_activated)
    if click_activates:
        tree.itemClicked.connect(on_activated)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(label)
    layout.addWidget(tree)
    panel.setFocusProxy(tree)
    return label, tree
