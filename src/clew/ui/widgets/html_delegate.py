"""An item delegate that draws an item's text as a little HTML (bold match, grey path)."""

from __future__ import annotations

from collections import OrderedDict
from html import escape

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPointF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView,
)


# Laid-out documents kept for the rows last measured or painted: otherwise each row's is made
# twice (measured, then painted) and again at every repaint, a setHtml and a layout each, and
# the backlinks of a well-linked note stall the window as they paint.
DOCUMENTS_KEPT = 200


def marked(text: str, start: int, length: int) -> str:
    """``text`` as HTML with ``text[start:start+length]`` highlighted."""
    return marked_spans(text, [(start, length)])


def marked_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` as HTML with each (start, length) of ``spans`` highlighted; spans outside the
    text or overlapping one before are left out."""
    # Dark text on the yellow mark, whatever the theme's text colour.
    parts, done = [], 0
    for start, length in sorted(spans):
        if length <= 0 or start < done or start >= len(text):
            continue
        end = start + length
        parts += [escape(text[done:start]), '<span style="background-color:#ffe36e;color:#1a1a1a;font-weight:bold">',
                  escape(text[start:end]), "</span>"]
        done = end
    return "".join(parts) + escape(text[done:])


class HtmlItemDelegate(QStyledItemDelegate):
    """Renders the display text as rich text; the item keeps its plain text for search and tests."""

    def __init__(self, html_role: int, view: QAbstractItemView, *, wrap: bool = False) -> None:
        super().__init__(view)
        self._html_role = html_role
        self._view = view
        self._wrap = wrap
        self._documents: OrderedDict[tuple, QTextDocument] = OrderedDict()
        self._laid_out_width = 0
        if wrap:
            # Rows are as tall as their wrapped text at the view's width, re-measured when it
            # changes: a QListView, even in its Adjust mode, lays its rows out again only when
            # its height changes, and rows measured narrower overlapped.
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize and self._text_width() != self._laid_out_width:
            self._laid_out_width = self._text_width()
            self._view.doItemsLayout()
        return False

    def _indent(self, index: QModelIndex) -> int:
        """How far a tree indents ``index``'s text (the wrap width is what is left)."""
        if not isinstance(self._view, QTreeView):
            return 0
        depth = 1 if self._view.rootIsDecorated() else 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        return depth * self._view.indentation()

    def _text_width(self) -> int:
        """The viewport's width once the vertical scrollbar shows, whether it shows yet or not.

        A scrollbar that comes during a layout (the first search filling its list) narrows the
        rows without the view measuring them again: each row's text wrapped to more lines than its
        row had room for, and the rows overlapped. Wrapped as if the bar were there, a row's
        height does not depend on it."""
        bar = self._view.verticalScrollBar()
        width = self._view.viewport().width()
        return width if bar.isVisibleTo(self._view) else width - bar.sizeHint().width()

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        """The row's text laid out (kept: see DOCUMENTS_KEPT)."""
        markup = index.data(self._html_role) or escape(index.data() or "")
        width = max(80, self._text_width() - 8 - self._indent(index)) if self._wrap else -1
        key = (markup, option.font.key(), width)
        document = self._documents.get(key)
        if document is not None:
            self._documents.move_to_end(key)
            return document
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setHtml(markup)
        if width > 0:
            document.setTextWidth(width)
        self._documents[key] = document
        if len(self._documents) > DOCUMENTS_KEPT:
            self._documents.popitem(last=False)
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        document = self._document(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, options, options.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        if options.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text,
                                     options.palette.color(QPalette.ColorRole.HighlightedText))
        painter.save()
        # Centred in the row, and clipped to the row rather than to the style's text rectangle,
        # which is sized for one line of plain text.
        top = options.rect.top() + max(0, (options.rect.height() - int(document.size().height())) // 2)
        painter.translate(QPointF(text_rect.left(), top))
        painter.setClipRect(0, 0, text_rect.width(), options.rect.height())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        document = self._document(options, index)
        return QSize(int(document.idealWidth()) + 8, int(document.size().height()) + 4)
