"""The HTML item delegate: each row's text laid out once, for measuring and painting alike."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyleOptionViewItem

from clew.ui.widgets import html_delegate
from clew.ui.widgets.html_delegate import HtmlItemDelegate

HtmlRole = Qt.ItemDataRole.UserRole + 7


def test_a_rows_text_is_laid_out_once_until_its_text_or_width_changes(qtbot, monkeypatch):
    made: list[QTextDocument] = []

    class Counted(QTextDocument):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(html_delegate, "QTextDocument", Counted)
    view = QListWidget()
    qtbot.addWidget(view)
    delegate = HtmlItemDelegate(HtmlRole, view, wrap=True)
    view.setItemDelegate(delegate)
    item = QListWidgetItem("a backlink")
    item.setData(HtmlRole, "<b>a</b> backlink")
    view.addItem(item)
    view.resize(320, 200)
    view.show()
    qtbot.waitExposed(view)
    index = view.model().index(0, 0)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    view.grab()  # measured and painted
    before = len(made)
    assert before >= 1
    delegate.sizeHint(option, index)
    view.grab()
    assert len(made) == before  # measured and painted again from the same layout
    item.setData(HtmlRole, "<b>a</b> backlink, edited")
    delegate.sizeHint(option, index)
    assert len(made) == before + 1
    view.resize(200, 200)
    delegate.sizeHint(option, index)
    assert len(made) == before + 2  # wrapped to the new width
