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


def test_wrapped_rows_are_measured_again_when_the_scrollbar_narrows_the_list(qtbot):
    # The first search filled a list with no scrollbar; the rows were measured at that width,
    # then the scrollbar came and narrowed them, each row's text wrapped to more lines than its
    # row had room for, and the rows overlapped.
    view = QListWidget()
    qtbot.addWidget(view)
    delegate = HtmlItemDelegate(HtmlRole, view, wrap=True)
    view.setItemDelegate(delegate)
    view.resize(260, 300)
    view.show()
    qtbot.waitExposed(view)
    words = " ".join(f"word{n}" for n in range(60))
    for row in range(12):
        item = QListWidgetItem(words)
        item.setData(HtmlRole, f"<b>note {row}</b><br>{words}")
        view.addItem(item)

    def rows_hold_their_text() -> bool:
        # A row's rect takes its height from a fresh size hint but its top from the last
        # layout: rows measured at a stale width overlap the next one.
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.font = view.font()
        bottom = -1
        for row in range(view.count()):
            index = view.model().index(row, 0)
            rect = view.visualRect(index)
            if rect.top() <= bottom or rect.height() < delegate.sizeHint(option, index).height():
                return False
            bottom = rect.bottom()
        return True

    qtbot.waitUntil(lambda: view.verticalScrollBar().isVisible())
    qtbot.waitUntil(rows_hold_their_text, timeout=2000)
    view.resize(200, 300)  # the pane narrowed, its height unchanged
    qtbot.waitUntil(rows_hold_their_text, timeout=2000)
