"""Link previews: hovering a link in the note (or Shift+K on the selected one) shows, in a small
popup, the start of the note or section it leads to, where that is and how the link resolved."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QFrame, QLabel, QTextBrowser, QVBoxLayout, QWidget

from clew.core.index.graph import VaultIndex
from clew.core.links.model import How, Resolution, Unresolved
from clew.core.offload.render_worker import RenderWorker
from clew.core.render.embeds import embedded_resolutions
from clew.core.render.page import RenderRequest, RenderResult, render_request, resolutions_for
from clew.core.render.preview import PREVIEW_LINES
from clew.ui.reader.note_browser import NoteBrowser
from clew.ui.reader.note_view import NoteView
from clew.ui.background.tasks import TaskRunner

HOVER_DELAY_MS = 400
# Time to move the mouse from the link into the popup before it closes.
CLOSE_DELAY_MS = 300
POPUP_SIZE = (480, 340)

_HOW_WORDS = {
    How.RELATIVE: "the path is read from this note's folder",
    How.ROOT: "the path is read from the vault's top folder",
    How.NOTE_FOLDER: "the file sits beside this note",
    How.NAME: "the file of that name, wherever it is",
    How.SUFFIX: "the file whose path ends like this",
    How.ALIAS: "the note lists this name among its aliases",
    How.FILE_NAME_FALLBACK: "the path leaves the vault; the file of that name inside it",
    How.SAME_NOTE: "a heading of this note",
}
# The preview's type is a little smaller than the note's, and its headings much smaller.
PREVIEW_FONT_SCALE = 0.92
_PREVIEW_CSS = """
h1 { font-size: x-large; margin-top: 0px; margin-bottom: 8px; }
h2 { font-size: large; margin-top: 12px; }
h3, h4 { font-size: medium; margin-top: 10px; }
"""
_POPUP_QSS = """
#hoverPreview { border: 1px solid palette(dark); background: palette(window); }
#previewBrowser { border: 1px solid palette(mid); }
#previewNotice { font-style: italic; }
"""
_WHY_WORDS = {
    Unresolved.NO_SUCH_FILE: "no file in the vault has this name or path",
    Unresolved.PERMISSION_DENIED: "it leads into a folder Clew may not read",
    Unresolved.OUTSIDE_VAULT: "the path leads outside the vault",
    Unresolved.AMBIGUOUS: "more than one note has this alias",
    Unresolved.EMPTY: "the link names no file",
    Unresolved.HEADING_NOT_FOUND: "the note has no such heading",
    Unresolved.BLOCK_NOT_FOUND: "the note has no such block",
    Unresolved.NOT_INDEXED: "the vault is still being indexed",
}


@dataclass(frozen=True)
class LinkTarget:
    """Where a link of the note view leads, as the preview tells it. ``path`` is None for a
    link that leads nowhere; ``how`` says how it resolved, or why not."""

    href: str
    path: str | None
    fragment: str
    title: str
    how: str


def how_it_resolved(resolution: Resolution | None) -> str:
    """One line: the rule that found the file (named as the Outgoing panel groups it), or why none."""
    if resolution is None:
        return "A link inside an embedded note"
    if not resolution.resolved:
        why = resolution.reason or Unresolved.NO_SUCH_FILE
        text = f"Leads nowhere: {why.value} — {_WHY_WORDS[why]}"
        if resolution.candidates:
            text += ": " + ", ".join(resolution.candidates)
        return text
    how = resolution.how.value if resolution.how else "resolved"
    text = f"Resolved by {how}" + (f": {_HOW_WORDS[resolution.how]}" if resolution.how else "")
    if resolution.case_insensitive:
        text += ", letter case aside"
    others = [c for c in resolution.candidates if c != resolution.path]
    if others:
        text += f"; chosen by the tie-break over {', '.join(others)}"
    if resolution.reason is not None:
        text += f". But {_WHY_WORDS[resolution.reason]}"
    return text


def link_target(href: str, resolution: Resolution | None, current: str | None) -> LinkTarget | None:
    """What the preview shows for ``href``; None for web links and anything else it cannot show."""
    url = QUrl(href)
    scheme = url.scheme()
    if scheme == "note":
        path, fragment = unquote(url.path()), unquote(url.fragment())
    elif scheme == "unresolved":
        target = unquote(url.path())
        return LinkTarget(href, None, unquote(url.fragment()), target, how_it_resolved(resolution)
                          if resolution else "Leads nowhere: no file in the vault answers this link")
    elif scheme == "pending":
        return LinkTarget(href, None, unquote(url.fragment()), unquote(url.path()),
                          "Not known yet: the vault is still being indexed")
    elif not scheme and url.fragment() and current:
        path, fragment = current, url.fragment()  # [[#Heading]]: a place in the open note
    else:
        return None
    title = PurePosixPath(path).stem + (f" › {fragment}" if fragment else "")
    return LinkTarget(href, path, fragment, title, how_it_resolved(resolution))


def find_link(browser: QTextBrowser, text: str) -> tuple[str, QRect] | None:
    """The first link whose text contains ``text``, scrolled into view: its href and its place
    in the viewport (for `clew --screenshot --hover` and tests)."""
    document = browser.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isAnchor() and fmt.anchorHref() and text in fragment.text():
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position())
                # Lines are laid out lazily; the cursor's place is known once its block is.
                document.documentLayout().blockBoundingRect(block)
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                cursor.setPosition(fragment.position() + len(fragment.text()) // 2)
                return fmt.anchorHref(), browser.cursorRect(cursor)
            it += 1
        block = block.next()
    return None


def _render(renderer: RenderWorker | None, request: RenderRequest, progress) -> RenderResult:
    # No give-up check: cancelling inside the worker would cost it a restart; stale answers are
    # dropped by number instead.
    return renderer.render(request) if renderer is not None else render_request(request)


class PreviewPopup(QFrame):
    """A frameless window that never takes the keyboard: title, vault path, how the link
    resolved, and the rendered excerpt."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip)
        self.setObjectName("hoverPreview")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setStyleSheet(_POPUP_QSS)
        self.title = QLabel(self)
        self.title.setObjectName("previewTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.path = QLabel(self)
        self.path.setObjectName("previewPath")
        self.how = QLabel(self)
        self.how.setObjectName("previewHow")
        self.notice = QLabel(self)
        self.notice.setObjectName("previewNotice")
        for label in (self.title, self.path, self.how, self.notice):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.path, self.how):
            small = label.font()
            small.setPointSizeF(small.pointSizeF() * 0.9)
            label.setFont(small)
        self.browser = NoteBrowser(self)
        self.browser.setObjectName("previewBrowser")
        self.browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.browser.setFrameShape(QFrame.Shape.NoFrame)
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        for widget in (self.title, self.path, self.how, self.notice):
            layout.addWidget(widget)
        layout.addWidget(self.browser, 1)
        self.target: LinkTarget | None = None

    def show_target(self, target: LinkTarget, css: str, view: QTextBrowser) -> None:
        self.target = target
        self.title.setText(target.title)
        self.path.setText(target.path or "")
        self.path.setVisible(bool(target.path))
        self.how.setText(target.how)
        self.notice.hide()
        self.browser.setVisible(target.path is not None)
        if target.path is not None:
            self.browser.vault = getattr(view, "vault", None)
            font = view.font()
            font.setPointSizeF(font.pointSizeF() * PREVIEW_FONT_SCALE)
            self.browser.setFont(font)
            self.browser.document().setDefaultFont(font)
            self.browser.document().setDefaultStyleSheet(css + _PREVIEW_CSS)
            self.browser.set_html('<p class="empty">Reading…</p>')
            self.setFixedSize(*POPUP_SIZE)
        else:
            self.setMinimumSize(0, 0)
            self.setMaximumSize(POPUP_SIZE[0], POPUP_SIZE[1])
            self.setFixedWidth(POPUP_SIZE[0])
            self.adjustSize()

    def show_page(self, result: RenderResult) -> None:
        self.browser.set_html(result.html or "<p>Nothing to show.</p>")
        notices = " ".join(result.notices)
        self.notice.setText(notices)
        self.notice.setVisible(bool(notices))

    def place(self, link: QRect, window: QRect) -> None:
        """Below the link (``link`` in global coordinates), above it when there is no room;
        inside the app's ``window`` when it is big enough, else inside the screen."""
        screen = QGuiApplication.screenAt(link.center()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        inside = area.intersected(window)
        if inside.height() >= 2 * self.height() and inside.width() >= self.width():
            area = inside
        x = max(area.left(), min(link.left(), area.right() - self.width()))
        y = link.bottom() + 6
        if y + self.height() > area.bottom():
            y = max(area.top(), link.top() - self.height() - 6)
        self.move(x, y)


class HoverPreview(QObject):
    """Watches the note view's mouse and keys and runs the popup: opens after HOVER_DELAY_MS on
    a link, closes with Esc, when the mouse leaves the link and the popup, or the note changes."""

    shown = Signal(str)            # href: the popup's content is in
    status_message = Signal(str)

    def __init__(self, note_view: NoteView, tasks: TaskRunner, renderer: RenderWorker | None,
                 index_of: Callable[[], VaultIndex | None]) -> None:
        super().__init__(note_view)
        self._view = note_view
        self._browser = note_view.browser
        self._tasks = tasks
        self._renderer = renderer
        self._index_of = index_of
        self._number = 0
        self._under_mouse = ""
        self._pending: tuple[str, QRect] | None = None
        self.popup = PreviewPopup(note_view)
        self.popup.browser.anchorClicked.connect(self._on_popup_link)
        self._open_timer = QTimer(self, singleShot=True, interval=HOVER_DELAY_MS)
        self._open_timer.timeout.connect(self._open_pending)
        self._close_timer = QTimer(self, singleShot=True, interval=CLOSE_DELAY_MS)
        self._close_timer.timeout.connect(self.close)
        self._browser.viewport().installEventFilter(self)
        self._browser.installEventFilter(self)
        self.popup.installEventFilter(self)
        note_view.rendered.connect(lambda _path: self.close())
        self._browser.verticalScrollBar().valueChanged.connect(lambda _value: self.close())

    @property
    def visible(self) -> bool:
        return self.popup.isVisible()

    # -- events --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if watched is self.popup:
            if kind == QEvent.Type.Enter:
                self._close_timer.stop()
            elif kind == QEvent.Type.Leave:
                self._close_timer.start()
            return False
        if watched is self._browser:
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and self.visible \
                    and event.key() == Qt.Key.Key_Escape:
                self.close()
                return True
            return False
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            point = event.position().toPoint()
            self._on_mouse_over(self._browser.anchorAt(point), point)
        elif kind == QEvent.Type.Leave:
            self._on_mouse_over("", QPoint())
        elif kind == QEvent.Type.ToolTip and (self.visible or self._open_timer.isActive()):
            return True  # the link's title tooltip would cover the preview
        return False

    def _on_mouse_over(self, href: str, point: QPoint) -> None:
        if href == self._under_mouse:
            return
        self._under_mouse = href
        self._open_timer.stop()
        if href and self._target(href) is not None:
            self._close_timer.stop()
            rect = QRect(point - QPoint(0, 8), point + QPoint(1, 8))
            self._pending = (href, QRect(self._browser.viewport().mapToGlobal(rect.topLeft()), rect.size()))
            self._open_timer.start()
        elif self.visible:
            self._close_timer.start()

    def _open_pending(self) -> None:
        if self._pending is not None:
            self.show_link(*self._pending)

    def _on_popup_link(self, url: QUrl) -> None:
        target = self.popup.target
        self.close()
        if not url.scheme() and url.fragment() and target and target.path:
            self._view.note_activated.emit(target.path, url.fragment())
        else:
            self._browser.anchorClicked.emit(url)

    # -- showing -------------------------------------------------------------------------------

    def _target(self, href: str) -> LinkTarget | None:
        return link_target(href, self._view.link_resolution(href), self._view.current_path)

    def show_link(self, href: str, link_rect: QRect) -> bool:
        """Open the popup for ``href`` next to ``link_rect`` (global coordinates) at once."""
        target = self._target(href)
        if target is None:
            return False
        self._number += 1
        self.popup.show_target(target, self._browser.document().defaultStyleSheet(), self._browser)
        self.popup.place(link_rect, self._view.window().frameGeometry())
        self.popup.show()
        if target.path is None:
            self.shown.emit(href)
            return True
        index = self._index_of()
        request = RenderRequest(self._number, self._view.vault_root, target.path,
                                resolutions_for(index, target.path),
                                embedded=embedded_resolutions(index, target.path),
                                preview=(target.fragment, PREVIEW_LINES), vault=self._view.vault,
                                strict_line_breaks=self._view.strict_line_breaks)
        self._tasks.run(_render, self._renderer, request, on_done=self._on_rendered,
                        on_error=lambda error: self._on_failed(request.number, error))
        return True

    def _on_rendered(self, result: RenderResult) -> None:
        if result.number == self._number and self.visible:
            self.popup.show_page(result)
            self.shown.emit(self.popup.target.href if self.popup.target else "")

    def _on_failed(self, number: int, error: BaseException) -> None:
        if number == self._number and self.visible:
            self.popup.browser.set_html(f"<p>This note could not be shown: {html.escape(str(error))}</p>")

    def preview_selected(self) -> None:
        """The keyboard's way in: preview the link selected with Tab (or the one under the mouse)."""
        cursor = self._browser.textCursor()
        href = cursor.charFormat().anchorHref() if cursor.hasSelection() else ""
        rect = self._browser.cursorRect(cursor)
        if not href and self._pending is not None and self._under_mouse:
            href, global_rect = self._pending
        else:
            global_rect = QRect(self._browser.viewport().mapToGlobal(rect.topLeft()), rect.size())
        if not href:
            self.status_message.emit("No link selected: Tab moves to the next link, then Shift+K previews it.")
        elif not self.show_link(href, global_rect):
            self.status_message.emit(f"No preview for {href}: it opens outside Clew.")

    def close(self) -> None:
        self._open_timer.stop()
        self._close_timer.stop()
        self._pending = None
        self._number += 1  # a render still on its way is not wanted any more
        self.popup.hide()
