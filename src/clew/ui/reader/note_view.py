"""The note view: a QTextBrowser showing the rendered note, its links clickable, kept in step with disk."""

from __future__ import annotations

import html
from dataclasses import asdict
from pathlib import Path
from urllib.parse import unquote

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontInfo, QFontMetricsF, QTextCursor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from clew.core.index.graph import VaultIndex
from clew.core.links.fragments import find_anchor, is_block_fragment
from clew.core.links.model import Resolution
from clew.core.offload.render_worker import RenderWorker
from clew.core.render.embeds import embedded_resolutions
from clew.core.render.formulas import MathStyle
from clew.core.render.inline_title import has_inline_title, note_title
from clew.core.render.markdown import stylesheet
from clew.core.render.page import RenderRequest, RenderResult, render_request, resolutions_for
from clew.core.render.remote_chip import chip_addresses
from clew.core.render.safety import is_executable
from clew.core.render.themes import theme_colours
from clew.core.vault.files import Vault
from clew.ui.background.next_turn import NextTurn
from clew.ui.background.remote_images import RemoteImages
from clew.ui.background.tasks import TaskRunner
from clew.ui.reader.file_urls import held_file, local_path
from clew.ui.reader.note_browser import NoteBrowser
from clew.ui.reader.page_place import PagePlacer, Place
from clew.ui.reader.typography import note_font, prose_char_width

# A note whose paint does not come (a minimised window) is reported shown after this many ms.
DRAW_WAIT_MS = 100
# How long a note may take before the view says it is on its way (its title and "Opening…")
# instead of showing the last note on.
OPENING_SIGN_MS = 150

def _render_in_background(renderer: RenderWorker | None, request: RenderRequest, progress) -> RenderResult:
    return renderer.render(request, check=progress) if renderer is not None else render_request(request)


def _part_links(result: RenderResult) -> str:
    """Links to the neighbouring parts of a note shown in parts."""
    if result.parts <= 1:
        return ""
    links = []
    if result.part > 0:
        links.append(f'<a href="part:{result.part - 1}">‹ previous part</a>')
    if result.part + 1 < result.parts:
        links.append(f'<a href="part:{result.part + 1}">show the next part ›</a>')
    return " " + " · ".join(links)


class NoteView(QWidget):
    """Shows one note. Renders off the GUI thread; a render that arrives after the user moved
    on is dropped. Emits ``note_activated`` when the user follows a link into the vault."""

    # Vault paths travel as objects: a str signal drops a name's bytes that are not UTF-8.
    note_activated = Signal(object, str)  # vault path, fragment
    tag_activated = Signal(str)           # a #tag chip: the tag, without "#"
    status_message = Signal(str)
    rendered = Signal(object)             # vault path of the note now shown (drawn on screen)
    settled = Signal(object)              # vault path: its render is answered (shown, missing or failed)
    opening = Signal(object)              # vault path: slow to come, it is shown as on its way

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None, *,
                 renderer: RenderWorker | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._renderer = renderer
        self.remote_images = RemoteImages(tasks, self)
        self.remote_images.arrived.connect(self._on_remote_image)
        self.remote_images.failed.connect(
            lambda url, why: self.status_message.emit(f"Remote image not shown ({why}): {url}"))
        self._remote_redraw = QTimer(self, singleShot=True, interval=150)
        self._remote_redraw.timeout.connect(self._redraw_keeping_place)
        self.remote_everywhere = False  # the setting: every note's remote images are loaded
        self._remote_notes: set[str] = set()  # notes whose remote images the reader loaded from a chip
        self._chips: set[str] = set()  # the addresses the shown page's remote image chips stand for
        self.inline_title = True
        self._titled = False  # the page shown opens with the note's inline title
        self._html = ""
        self._request_number = 0
        self._undrawn: str | None = None  # a note set in the browser, not yet drawn
        # Whether the page in the browser was rendered with the vault's index (its links
        # resolved): a page asked for before the index came may be drawn after it came.
        self.page_indexed = False
        # Whether that page is a mis-encoded note read quickly, its repaired page asked for.
        self.read_quickly = False
        self._repaired_page_request = 0  # the request for the repaired page of a note read quickly
        self._draw_wait = QTimer(self, singleShot=True, interval=DRAW_WAIT_MS)
        self._draw_wait.timeout.connect(self._on_drawn)
        # The note is reported drawn on the event loop's next turn, by a timer: what follows
        # (the note reported shown, the tree and the links panels filled and painted) is then a
        # run of work of its own, not one with the page's paint that no timer or input can come
        # between (a queued call was taken in the same run: 25-40 ms of GUI time on a cold 10k).
        self._drawn_turn = NextTurn(self._on_painted_turn, self)
        self._opening = QTimer(self, singleShot=True, interval=OPENING_SIGN_MS)
        self._opening.timeout.connect(self._show_opening)
        self._links: dict[str, Resolution] = {}
        self._embedded: dict[str, dict[str, Resolution]] = {}  # the links of the notes it embeds
        self._index: VaultIndex | None = None
        self._place = Place()  # where the page asked for puts the reader
        self.vault: Vault | None = None
        self.current_path: str | None = None
        self.encoding = ""
        self.shown_text: tuple[str, str] | None = None  # (path, text) of the whole note last shown
        self.theme = "light"
        self.strict_line_breaks = False  # a single newline in a paragraph is a space, not a line break
        self._part = 0

        self.banner = QLabel(self)
        self.banner.setObjectName("noteBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.linkActivated.connect(self._on_banner_link)
        self.banner.hide()
        self.browser = NoteBrowser(self, self.remote_images)
        self.browser.setObjectName("noteBrowser")
        self.browser.painted.connect(self._on_painted)
        # A scroll bar that came and went with the note's length changed the viewport's width,
        # and with it the reading column and where every line falls; it stays.
        self.browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.placer = PagePlacer(self.browser)
        self.browser.setFont(note_font(self.browser.font()))
        self.browser.document().setDefaultStyleSheet(stylesheet(self.theme))
        self.browser.anchorClicked.connect(self._on_anchor_clicked)
        self.browser.highlighted.connect(self._on_link_hovered)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.browser)
        self.setFocusProxy(self.browser)

    # -- showing -----------------------------------------------------------------------------

    def set_vault(self, vault: Vault) -> None:
        self.vault = vault
        self.browser.vault = vault
        self.current_path = None
        self._index = None
        self._remote_notes.clear()
        self.browser.clear()
        self._set_banner("")

    def least_width(self, chars: int) -> int:
        """The view's width that keeps ``chars`` characters of prose on a line, its margins and
        scroll bar included."""
        browser = self.browser
        margins = self.width() - browser.viewport().width() + 2 * browser.document().documentMargin()
        return round(prose_char_width(browser.font()) * chars + max(0, margins))

    @property
    def vault_root(self) -> Path | None:
        return self.vault.root if self.vault is not None else None

    def show_note(self, path: str, index: VaultIndex | None, *, line: int = 0, context: str = "",
                  fragment: str = "", keep_scroll: bool = False, part: int = 0,
                  scroll: int | None = None, wait_for_repair: bool = False) -> None:
        """Render ``path``; then scroll to ``line`` (finding ``context``), to ``fragment``, or
        back to where the reader was (``keep_scroll``, for a refresh of the same note), or to
        ``scroll`` (history: where the reader left this note). A mis-encoded note whose repair
        is not kept yet is shown read quickly first, then repaired (``wait_for_repair``), at the
        same place."""
        if self.vault is None:
            return
        self._request_number += 1
        same = path == self.current_path
        if not same:
            self._opening.start()
        kept = self.browser.verticalScrollBar().value() if keep_scroll and same else scroll
        self._place = Place(kept, fragment, line, context)
        self.placer.forget()
        self.current_path = path
        self._part = part
        self._index = index
        self._embedded = embedded_resolutions(index, path)
        self.remote_images.allowed = self.remote_everywhere or path in self._remote_notes
        request = RenderRequest(self._request_number, self.vault.root, path, resolutions_for(index, path),
                                vault=self.vault, part=part, remote_images=self.remote_images.allowed,
                                embedded=self._embedded, math=self.math_style(),
                                strict_line_breaks=self.strict_line_breaks, inline_title=self.inline_title,
                                quick_repair=not wait_for_repair)
        self._tasks.run(_render_in_background, self._renderer, request, on_done=self._on_rendered,
                        on_error=lambda error, number=request.number: self._on_render_error(number, error))

    def _on_rendered(self, result: RenderResult) -> None:
        if result.number != self._request_number:
            return  # the user has moved on
        self._opening.stop()
        if result.missing:
            self.show_missing(result.notices[0] if result.notices else "This note cannot be read.")
            self.settled.emit(result.path)
            return
        self._links = {}
        if result.rendered is not None:
            self._links = {r.href: r.resolution for r in result.rendered.links if r.resolution}
        if result.number == self._repaired_page_request and self.placer.reader_moved:
            # The repaired page of the note read quickly: the reader has scrolled that page
            # meanwhile (a first repair takes seconds), and stays where they went.
            self._place = Place(scroll=self.browser.verticalScrollBar().value())
        self.encoding = result.encoding
        self.shown_text = (result.path, result.text) if result.text is not None else None
        self._html = result.html
        self._titled = has_inline_title(result.html)
        self._chips = {QUrl(address).toString() for address in chip_addresses(result.html)}
        self.browser.set_html(result.html)
        self._set_banner(" ".join(html.escape(n) for n in result.notices) + _part_links(result))
        refused = self.browser.refused
        if refused:
            self.status_message.emit(f"Not shown: {len(refused)} image{'s' if len(refused) > 1 else ''} outside "
                                     f"the vault ({refused[0]}); Clew reads nothing outside it.")
        self._restore_position(result)
        self._undrawn = result.path
        self.page_indexed = self._index is not None
        self.read_quickly = result.read_quickly
        if self.browser.isVisible():
            self._draw_wait.start()
        else:
            self._on_drawn()
        if result.read_quickly:
            self.show_note(result.path, self._index, part=self._part, wait_for_repair=True, **asdict(self._place))
            self._repaired_page_request = self._request_number

    def _on_painted(self, page_number: int) -> None:
        if self._undrawn is not None:
            self._drawn_turn.give(page_number)

    def _on_painted_turn(self, page_number: int) -> None:
        # The page painted may have been replaced since: its paint does not report the new note drawn.
        if page_number == self.browser.page_number:
            self._on_drawn()

    def _on_drawn(self) -> None:
        """The note set in the browser is on screen (or could not be drawn in DRAW_WAIT_MS)."""
        path, self._undrawn = self._undrawn, None
        self._draw_wait.stop()
        if path is not None and path == self.current_path:
            self.rendered.emit(path)
            self.settled.emit(path)

    def math_style(self) -> MathStyle:
        """Formulas in the theme's text colour at the view's font size (zoom included)."""
        font = self.browser.document().defaultFont()
        return MathStyle(theme_colours(self.theme).text, QFontInfo(font).pixelSize(),
                         QFontMetricsF(font).xHeight(), self.browser.math_dir)

    def set_theme(self, theme: str) -> None:
        """Show the note in ``theme``: its style sheet and formulas; the reader stays put."""
        if theme == self.theme:
            return
        self.theme = theme
        self.browser.document().setDefaultStyleSheet(stylesheet(theme))
        self.refresh()

    def set_full_width(self, full_width: bool) -> None:
        self.browser.column.set_full_width(full_width)

    def refresh(self) -> None:
        """Render the open note again where the reader is (a theme or zoom change)."""
        if self.current_path:
            self.show_note(self.current_path, self._index, keep_scroll=True, part=self._part)

    def set_strict_line_breaks(self, strict: bool) -> None:
        """Break lines at single newlines or not; the open note is shown again where the reader is."""
        if strict != self.strict_line_breaks:
            self.strict_line_breaks = strict
            self.refresh()

    def set_inline_title(self, shown: bool) -> None:
        """Show or hide the note's file name as its title; the open note is shown again."""
        self.inline_title = shown
        self.refresh()

    def set_remote_images(self, allowed: bool) -> None:
        """Allow or refuse remote images in every note; the open note is shown again accordingly."""
        self.remote_everywhere = allowed
        self.remote_images.allowed = allowed or self.current_path in self._remote_notes
        self.refresh()

    def load_remote_images_here(self) -> None:
        """Load the open note's remote images (a chip was activated): this note only, until Clew
        closes; the setting stays as it is."""
        if self.current_path and not self.remote_images.allowed:
            self._remote_notes.add(self.current_path)
            self.status_message.emit("Loading this note's remote images. "
                                     "View › Load Remote Images loads them in every note.")
            self.refresh()

    def _on_remote_image(self, _url: str) -> None:
        self._remote_redraw.start()  # several images arriving together: one redraw

    def _redraw_keeping_place(self) -> None:
        """Lay the page out again so newly arrived images take their place; the reader stays put."""
        bar = self.browser.verticalScrollBar()
        place = bar.value()
        self.browser.set_html(self._html)
        self.placer.scroll_to(place)  # the page laid out again may be short of it for a while

    def _show_opening(self) -> None:
        """The note asked for is slow to come (a big note, a mis-encoded one being repaired): show
        its title and that it is on its way, rather than the last note as if nothing happened."""
        if self.current_path is None:
            return
        self._html = ""
        self.shown_text = None
        self._titled = False
        self._set_banner("")
        self.browser.set_html(f'<p class="inline-title">{html.escape(note_title(self.current_path))}</p>'
                              '<p class="opening">Opening…</p>')
        self.opening.emit(self.current_path)

    def _on_render_error(self, number: int, error: BaseException) -> None:
        if number == self._request_number:
            self._opening.stop()
            self._set_banner(f"This note could not be shown: {error}")
            self.settled.emit(self.current_path or "")

    def show_missing(self, message: str) -> None:
        """The open note is gone: keep its last text, greyed, under a notice."""
        self._set_banner(message)
        self.browser.setStyleSheet("QTextBrowser { color: #8a8a8a; }")
        cursor = QTextCursor(self.browser.document())
        cursor.select(QTextCursor.SelectionType.Document)
        fmt = cursor.charFormat()
        fmt.setForeground(Qt.GlobalColor.gray)
        cursor.mergeCharFormat(fmt)

    def _on_banner_link(self, link: str) -> None:
        """A banner link: ``part:N`` shows part N of a big note."""
        if link.startswith("part:") and self.current_path:
            self.show_note(self.current_path, self._index, part=int(link.removeprefix("part:")))

    def _set_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        if not text:
            self.browser.setStyleSheet("")

    # -- scrolling ---------------------------------------------------------------------------

    def _restore_position(self, result: RenderResult) -> None:
        place = self._place
        if place.scroll is not None:
            self.placer.scroll_to(place.scroll)
        elif place.fragment:
            self.scroll_to_fragment(place.fragment, result)
        elif place.line:
            self.scroll_to_source_line(place.line, place.context)
        else:
            self.placer.scroll_to(0)

    def scroll_to_fragment(self, fragment: str, result: RenderResult | None = None) -> None:
        """Scroll to the heading or block ``fragment`` names (docs/LINKS.md, "Fragments"); when it
        names nothing, show the note's top with a notice in the banner."""
        rendered = result.rendered if result else None
        anchor = find_anchor(fragment, rendered.headings, result.html) if rendered else None
        if anchor:
            self.browser.scrollToAnchor(anchor)
            return
        self.browser.verticalScrollBar().setValue(0)
        what = "block" if is_block_fragment(fragment) else "heading"
        notice = f"No {what} “{fragment}” in this note; showing its top."
        self._set_banner(" ".join(filter(None, [self.banner.text(), html.escape(notice)])))
        self.status_message.emit(notice)

    def scroll_to_source_line(self, line: int, context: str) -> None:
        """Put the rendered form of source ``line`` (whose text is ``context``) in view."""
        self.placer.to_source_line(line, context, after_title=self._titled)

    # -- links -------------------------------------------------------------------------------

    def _on_anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "note":
            self.note_activated.emit(unquote(url.path()), unquote(url.fragment()))
        elif scheme == "tag":
            self.tag_activated.emit(unquote(url.path()))
        elif scheme == "unresolved":
            resolution = self.link_resolution(url.toString())
            reason = resolution.describe() if resolution else "unresolved"
            self.status_message.emit(f"This link leads nowhere ({reason}): {unquote(url.path())}")
        elif scheme == "pending":
            self.status_message.emit(f"Not opened: the vault is still being indexed, so where {unquote(url.path())} "
                                     "leads is not known yet; try again in a moment.")
        elif url.toString() in self._chips:
            self.load_remote_images_here()
        elif scheme in ("http", "https", "mailto", "ftp"):
            QDesktopServices.openUrl(url)
        elif not scheme and url.fragment():
            self.browser.scrollToAnchor(url.fragment())
        elif scheme == "file" and local_path(url) is not None:
            self._open_file(url)
        else:
            self.status_message.emit(f"Not opened (Clew opens only web links and vault files): {url.toString()}")

    def _open_file(self, url: QUrl) -> None:
        """Hand a file the vault holds to the system's app; anything else is refused, in the status bar."""
        path = local_path(url)
        real = held_file(self.vault, url)
        if real is None:
            why = "is outside the vault, and Clew opens only files inside it"
            self.status_message.emit(f"Not opened: {path} {why if path.exists() else 'does not exist'}.")
        elif is_executable(path) or is_executable(real):
            self.status_message.emit(f"Not opened: {path} is a program or script.")
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(real)))

    def link_resolution(self, href: str) -> Resolution | None:
        """How the shown note's link with ``href`` resolved, or a link of a note it embeds (found
        by where it leads); None for a web link."""
        found = self._links.get(href)
        if found is not None or not self._embedded:
            return found
        url = QUrl(href)
        wanted = unquote(url.path())
        for resolutions in self._embedded.values():
            for target, resolution in resolutions.items():
                if (resolution.path == wanted) if url.scheme() == "note" else (
                        url.scheme() == "unresolved" and resolution.path is None and target == wanted):
                    return resolution
        return None

    def _on_link_hovered(self, url: QUrl) -> None:
        """The status bar says where the hovered link goes (the link's title is its tooltip)."""
        if url.isEmpty():
            self.status_message.emit("")
            return
        resolution = self.link_resolution(url.toString())
        if resolution is not None:
            self.status_message.emit(resolution.describe())
        elif url.toString() in self._chips:
            self.status_message.emit(f"Remote image, not loaded: {url.toString()}. "
                                     "Click it to load this note's remote images.")
        elif url.scheme() == "note":
            self.status_message.emit(unquote(url.path()))
        elif url.scheme() == "tag":
            self.status_message.emit(f"#{unquote(url.path())}: list the notes with this tag")
        else:
            self.status_message.emit(url.toString())
