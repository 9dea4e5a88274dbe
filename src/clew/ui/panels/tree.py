"""The file tree panel: the vault's notes and attachments as folders and files, kept up to date."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QVBoxLayout, QWidget

from clew.core.vault.tree_shape import TreeShape
from clew.ui.panels.tree_model import PathRole, VaultTreeModel

__all__ = ["PathRole", "TreePanel", "VaultTreeModel"]


class TreePanel(QWidget):
    """The file tree. A click or Enter on a file emits ``note_activated(path)``; arrow keys only
    move the selection. A click or Enter on a folder opens or closes it; Right and Left too."""

    note_activated = Signal(object)  # a vault path (an object: a str signal drops bytes not UTF-8)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = VaultTreeModel(parent=self)
        self._view = QTreeView(self)
        self._view.setModel(self._model)
        self._view.setHeaderHidden(True)
        self._view.setUniformRowHeights(True)
        self._view.setAnimated(False)
        self._view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A single click already opens a folder; the double click must not close it again.
        self._view.setExpandsOnDoubleClick(False)
        self._view.clicked.connect(self._activate)
        self._view.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._view)

    @property
    def view(self) -> QTreeView:
        return self._view

    @property
    def model(self) -> VaultTreeModel:
        return self._model

    def set_vault_paths(self, paths: Iterable[str], shape: TreeShape | None = None) -> None:
        """Shows a newly opened vault: every folder closed, nothing selected. ``shape``, when
        given, is the tree of ``paths`` already built (``TreeShape.of``)."""
        if shape is not None:
            self._model.set_shape(shape)
        else:
            self._model.set_paths(paths)

    def apply_changes(self, added: Iterable[str], removed: Iterable[str], shape: TreeShape | None = None) -> None:
        """Applies a batch from the watcher, keeping the selected row (none once it is removed) and the open folders
        (a folder emptied and refilled in one batch is a new row), and the scroll position
        when the batch was large enough to reset the model (to ``shape``, if given: the tree
        after the batch, built off the GUI thread)."""
        added, removed = list(added), list(removed)
        current = self.current_path()
        # Rows inserted and removed one by one keep the view's open folders; only the folders
        # this batch may take away and put back need remembering. A reset forgets them all.
        if shape is not None or len(added) + len(removed) > self._model.RESET_THRESHOLD:
            expanded = self.expanded_paths()
        else:
            expanded = self._expanded_among(self._model.loaded_folders_around([*added, *removed]))
        scrolled = self._view.verticalScrollBar().value()
        was_reset = self._model.apply(added, removed, shape)
        self.set_expanded_paths(expanded)
        if current is not None and self.current_path() != current:
            index = self._model.index_for_path(current)
            if index.isValid():
                self._view.setCurrentIndex(index)
            else:
                # The selected file is gone: the view moved its selection to the row that took its
                # place, which would say that note is open. Nothing is selected instead.
                self._view.selectionModel().clear()
        if was_reset:
            self._view.verticalScrollBar().setValue(scrolled)

    def select_path(self, path: str) -> bool:
        """Selects the row of ``path``, opening its folders and scrolling to it, without
        emitting ``note_activated``. False when the path is not in the tree."""
        index = self._model.index_for_path(path)
        if not index.isValid():
            return False
        parent = index.parent()
        while parent.isValid():
            self._view.setExpanded(parent, True)
            parent = parent.parent()
        self._view.setCurrentIndex(index)
        self._view.scrollTo(index)
        return True

    def current_path(self) -> str | None:
        return self._model.path_of(self._view.currentIndex())

    def expanded_paths(self) -> list[str]:
        """The open folders, sorted; inner ones count even while an outer one is closed."""
        return self._expanded_among(self._model.loaded_folder_paths())

    def _expanded_among(self, paths: Iterable[str]) -> list[str]:
        return sorted(path for path in paths if self._view.isExpanded(self._model.index_for_path(path)))

    def set_expanded_paths(self, paths: Iterable[str]) -> None:
        """Opens these folders; paths no longer in the tree are ignored."""
        for path in paths:
            index = self._model.index_for_path(path)
            if self._model.is_folder(index):
                self._view.setExpanded(index, True)

    def focus_view(self) -> None:
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter is handled here rather than through QAbstractItemView.activated, whose
        # triggers differ between platforms and styles.
        if (
            watched is self._view
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._view.currentIndex().isValid()
        ):
            self._activate(self._view.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _activate(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if self._model.is_folder(index):
            self._view.setExpanded(index, not self._view.isExpanded(index))
            return
        path = self._model.path_of(index)
        if path is not None:
            self.note_activated.emit(path)
