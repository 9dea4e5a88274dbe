"""The main window: assembles the tree, the note view and the backlinks panel, and their actions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QMainWindow, QSplitter, QStyle, QWidget,
)

from clew.core.index.build import FileUpdate
from clew.core.vault.changes import ChangeBatch
from clew.core.vault.files import Vault
from clew.ui.popups.about import show_about
from clew.ui.actions import ACTIONS, build_actions
from clew.ui.panels.backlinks import BacklinksPanel
from clew.ui.popups.cheat_sheet import CheatSheet
from clew.ui.setup.context import AppContext
from clew.ui.setup.reading_preferences import ReadingPreferences
from clew.ui.reader.find_bar import FindBar
from clew.ui.widgets.focus_mark import FocusMark
from clew.ui.panels.graph import GraphPanel
from clew.ui.reader.history import History
from clew.ui.reader.hover_preview import HoverPreview
from clew.ui.reader.link_hints import HintKey, browser_hints
from clew.ui.reader.mouse_history import MouseHistory
from clew.ui.reader.note_view import NoteView
from clew.ui.panels.outgoing import OutgoingPanel
from clew.ui.panels.outline import OutlinePanel
from clew.ui.popups.palette import CommandPalette
from clew.ui.panels.panes import PaneToggles, add_tab, side_tabs
from clew.ui.widgets.plain_labels import make_labels_plain
from clew.ui.reader.reading_keys import ReadingKeys
from clew.ui.setup.resources import icon_path
from clew.ui.setup.window_placement import (
    NOTE_COLUMN_CHARS, clamped, first_geometry, fitted_sizes, pane_sizes,
)
from clew.ui.panels.search import SearchPanel
from clew.ui.background.first_note import FirstNote
from clew.ui.background.open_note_links import OpenNoteLinks
from clew.ui.background.search_upkeep import SearchUpkeep
from clew.ui.popups.switcher import QuickSwitcher
from clew.ui.panels.tags import TagsPanel
from clew.ui.widgets.tooltips import label_builtin_buttons
from clew.ui.panels.tree import TreePanel
from clew.ui.panels.vault_status import VaultStatus
from clew.ui.background.session_work import Listing


class MainWindow(QMainWindow):
    """Wires panels to the VaultSession by signals; the logic lives in the panels and the core."""

    # A note was rendered with the vault's index ready (and repaired, if it was mis-encoded and
    # shown read quickly first).
    note_shown = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        make_labels_plain(QApplication.instance())  # no note text loads a file as a label's image
        self.context = context
        self.session = context.session
        self.history = History()
        self._panels_due: str | None = None  # the note opened whose tree row and panels wait for it
        self.links = OpenNoteLinks(self.session, context.tasks, self)  # what the links panels show
        self.first_note = FirstNote(self.session, context.tasks, self, self.open_note, self._show_message)
        self.setWindowTitle("Clew")
        self.setWindowIcon(QIcon(str(icon_path())))

        self.tree = TreePanel(self)
        self.note_view = NoteView(context.view_tasks, self, renderer=context.render_worker)
        self.backlinks = BacklinksPanel(context.tasks, self)
        self.outgoing = OutgoingPanel(self)
        # As in Obsidian: the left side finds notes (files, search, tags), the right side is
        # about the open note (backlinks, outgoing links, outline); one tab per panel.
        self.leftbar = side_tabs(self, "leftbar")
        self.sidebar = side_tabs(self, "sidebar")
        self.add_left_panel(self.tree, "Files")
        self.add_side_panel(self.backlinks, "Backlinks")
        self.add_side_panel(self.outgoing, "Outgoing")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        for panel in (self.leftbar, self.note_view, self.sidebar):
            self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self._build_status_bar()
        # The reading preferences' actions act on them; the rest on the window.
        self.reading = ReadingPreferences(context, self.note_view, self._show_message)
        self.actions = self.reading.actions = build_actions(self, (self, self.reading))
        self._build_menus()
        self._build_keyboard()
        self.panes = PaneToggles(self.splitter, {"left": (self.leftbar, self.actions["show_left_pane"]),
                                                 "right": (self.sidebar, self.actions["show_right_pane"])},
                                 context.settings.store, self.note_view,
                                 lambda: self.note_view.least_width(NOTE_COLUMN_CHARS))
        # The panes are fitted once a resize has settled, not at every step of a drag.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.panes.fit)
        label_builtin_buttons(self)
        self._connect()

    # -- construction --------------------------------------------------------------------------

    def add_left_panel(self, panel: QWidget, title: str) -> None:
        add_tab(self.leftbar, panel, title)

    def add_side_panel(self, panel: QWidget, title: str) -> None:
        add_tab(self.sidebar, panel, title)

    def show_side_panel(self, panel: QWidget) -> None:
        """Bring ``panel``'s tab to the front (on whichever side it is) and give it the keyboard."""
        tabs = self.leftbar if self.leftbar.indexOf(panel) >= 0 else self.sidebar
        self.panes.reveal(tabs)
        tabs.setCurrentWidget(panel)
        panel.setFocus()

    def _build_keyboard(self) -> None:
        """The keyboard's tools: switcher, palette, find, vault search, outline, tags, hints, zoom."""
        session, tasks = self.session, self.context.tasks
        self.switcher = QuickSwitcher(session, tasks, self)
        self.palette = CommandPalette(self.actions, self)
        self.cheat = CheatSheet(self.actions, self)
        self.find_bar = FindBar(self.note_view.browser, self.note_view)
        self.note_view.layout().addWidget(self.find_bar)
        self.search_upkeep = SearchUpkeep(session, tasks, self)
        self.search_panel = SearchPanel(self.search_upkeep, self)
        self.backlinks.mention_candidates = self.search_upkeep.notes_holding
        self.backlinks.candidates_pending = lambda: self.search_upkeep.lagging
        self.search_upkeep.updated.connect(self.backlinks.search_put_off_mentions)
        self.outline = OutlinePanel(self.note_view.browser, self)
        self.tags = TagsPanel(self)
        self.add_left_panel(self.search_panel, "Search")
        self.add_left_panel(self.tags, "Tags")
        self.add_side_panel(self.outline, "Outline")
        self.graph = GraphPanel(tasks, self.context.settings.store, self)
        self.add_side_panel(self.graph, "Graph")
        self.graph.note_activated.connect(lambda path: self.open_note(path))
        self.graph.status_message.connect(self._show_message)
        self.hover = HoverPreview(self.note_view, tasks, self.context.render_worker, lambda: self.session.index)
        self.hover.status_message.connect(self._show_message)
        ReadingKeys(self.note_view.browser, self.follow_link_hint)
        for view in (self.backlinks.tree, self.outgoing.tree):
            HintKey(view)
        self.tree.setFocusProxy(self.tree.view)
        self.focus_mark = FocusMark([self.leftbar, self.note_view, self.sidebar], self)
        MouseHistory([self.note_view.browser.viewport(), self.tree.view.viewport(),
                      self.backlinks.tree.viewport(), self.outgoing.tree.viewport()],
                     self.go_back, self.go_forward, self)
        self.switcher.note_chosen.connect(self._open_chosen_note)
        self.note_view.rendered.connect(self.switcher.remember)
        self.note_view.rendered.connect(lambda _path: self.outline.refresh())
        self.search_panel.hit_activated.connect(
            lambda path, line, context: self.open_note(path, line=line, context=context))
        self.tags.note_activated.connect(lambda path: self.open_note(path))
        self.note_view.tag_activated.connect(self.show_tag_notes)
        session.opened.connect(lambda _vault: self.tags.set_index(None))
        session.indexed.connect(lambda: self.tags.set_index(session.index))
        session.changed.connect(lambda _batch, _update: self.tags.set_index(session.index))

    def _open_chosen_note(self, path: str) -> None:
        """From the switcher: the note opens with the keyboard in it, ready to read."""
        self.open_note(path)
        self.note_view.setFocus()

    def _build_status_bar(self) -> None:
        self.vault_status = VaultStatus(self.session, self)
        self.statusBar().addPermanentWidget(self.vault_status)

    def _build_menus(self) -> None:
        menus: dict[str, object] = {}
        for spec in ACTIONS:
            if spec.menu not in menus:
                menus[spec.menu] = self.menuBar().addMenu(spec.menu)
            menus[spec.menu].addAction(self.actions[spec.name])

    def _connect(self) -> None:
        session = self.session
        self.note_view.set_theme(self.context.theme.name)
        self.context.theme.changed.connect(self.note_view.set_theme)
        session.opened.connect(self._on_vault_opened)
        session.files_found.connect(self._on_files_found)
        session.files_listed.connect(self._on_files_listed)
        session.indexed.connect(self._on_indexed)
        session.caught_up.connect(self._mark_folders)
        session.changed.connect(self._on_changed)
        session.failed.connect(self._show_message)
        session.watcher_status.connect(self._show_message)
        self.tree.note_activated.connect(lambda path: self.open_note(path))
        self.note_view.note_activated.connect(lambda path, fragment: self.open_note(path, fragment=fragment))
        self.note_view.status_message.connect(self._show_message)
        self.note_view.settled.connect(self._on_note_settled)
        self.note_view.opening.connect(self._on_note_settled)
        self.note_view.rendered.connect(self._on_rendered)
        for panel in (self.backlinks, self.outgoing, self.graph):
            self.links.changed.connect(panel.show_note_links)
        self.backlinks.backlink_activated.connect(
            lambda path, line, context: self.open_note(path, line=line, context=context))
        self.outgoing.note_activated.connect(lambda path, fragment: self.open_note(path, fragment=fragment))
        self.outgoing.line_activated.connect(self.note_view.scroll_to_source_line)

    # -- opening -------------------------------------------------------------------------------

    def open_vault_path(self, folder: str | Path, note: str = "") -> bool:
        """Open the vault at ``folder``, then ``note`` (or the note last open there)."""
        try:
            vault = Vault(folder)
        except (NotADirectoryError, OSError) as error:
            self._show_message(f"Cannot open {folder}: {error}")
            return False
        self.context.settings.last_vault = str(vault.root)
        self.first_note.ask(note or self.context.settings.last_note(str(vault.root)))
        self.history.clear()
        self.session.open(vault)
        return True

    def open_note(self, path: str, *, fragment: str = "", line: int = 0, context: str = "",
                  record: bool = True, keep_scroll: bool = False, scroll: int | None = None) -> None:
        if self.session.vault is None:
            return
        if record:
            self.history.remember_scroll(self.note_view.browser.verticalScrollBar().value())
            self.history.visit(path)
        self.note_view.show_note(path, self.session.index, line=line, context=context,
                                 fragment=fragment, keep_scroll=keep_scroll, scroll=scroll)
        self.links.look_ahead(path)  # a cold vault's backlinks, scanned for while it is indexed
        # The tree and the links panels follow once the view shows the note (drawn, or shown as
        # on its way when slow): never ahead of the view; and filled before the note's first
        # paint, they would hold it back.
        self._panels_due = path
        self.setWindowTitle(f"{Path(path).name} — Clew")

    def _fill_note_panels(self) -> None:
        """Select the open note in the tree and show its links, once per note opened."""
        path, self._panels_due = self._panels_due, None
        if path is None or path != self.note_view.current_path or self.session.vault is None:
            return
        self.tree.select_path(path)
        shown = self.note_view.shown_text
        self.links.show(path, shown[1] if shown is not None and shown[0] == path else None)
        self.backlinks.find_mentions(path, self.session.index, self.session.vault)

    def _on_note_settled(self, path: str) -> None:
        if path == self._panels_due:
            self._fill_note_panels()

    # -- session events ------------------------------------------------------------------------

    def _on_vault_opened(self, vault: Vault) -> None:
        self.note_view.set_vault(vault)
        self.reading.follow_line_breaks(vault.root)
        # Nothing may hold the last vault's index now: the session frees it on a thread of its own
        # (OpenNoteLinks lets it go on the session's opened). A mentions search of the last
        # vault, running or put off, is dropped with it.
        self.backlinks.find_mentions(None, None, None)
        self.tags.set_index(None)
        self.first_note.vault_opened(vault)

    def _mark_folders(self) -> None:
        """Shows the folder symlinks the vault ignores and the folders it may not list: known
        once the session caught up (the vault scanned, or its links found as it was watched)."""
        if self.session.vault is not None:
            self.tree.model.set_marks(self.session.vault.folder_links.marks())

    def _on_files_found(self, paths: tuple[str, ...]) -> None:
        """A cold opening found the vault's files: the note it opens, unless open already (see
        FirstNote), is opened now, while the listing and the tree are made; and is scanned for
        its backlinks (``look_ahead``)."""
        if self.first_note.waiting:
            self.first_note.files_found(paths)
        elif self.note_view.current_path:
            self.links.look_ahead(self.note_view.current_path)

    def _on_files_listed(self, listing: Listing) -> None:
        paths = listing.paths
        self.tree.model.set_marks({})  # the previous vault's
        self.tree.set_vault_paths(paths, listing.prepared)  # a TreeShape: see AppContext.create
        if self.first_note.waiting:
            self.first_note.files_listed(paths)
        elif self.note_view.current_path and self._panels_due is None:  # its row, now the tree has it
            self.tree.select_path(self.note_view.current_path)

    def _on_indexed(self) -> None:
        if self.note_view.current_path:
            self.open_note(self.note_view.current_path, record=False, keep_scroll=True)  # shows its backlinks
        else:
            self.links.show(None)

    def _on_changed(self, batch: ChangeBatch, update: FileUpdate) -> None:
        self.tree.apply_changes(update.added, update.removed, update.listing)  # a TreeShape: see AppContext
        current = self.note_view.current_path
        if current:
            moved = batch.moved_to(current)
            if moved and moved in self.session.known:
                self.history.rename(current, moved)
                self.open_note(moved, record=False, keep_scroll=True)
                self._show_message(f"The note was renamed to {moved}.")
            elif current not in self.session.known:
                self.note_view.show_missing(f"{current} was deleted on disk; its last text is shown greyed.")
            elif batch.touches(current) or self.links.lead_elsewhere(current):
                self.open_note(current, record=False, keep_scroll=True)

    def _on_rendered(self, path: str) -> None:
        # Remembered once drawn, not when asked for: a note that could not be drawn is not the
        # one the next start opens.
        if self.session.vault is not None:
            self.context.settings.set_last_note(str(self.session.vault.root), path)
        self.links.note_drawn(path)
        if not self.note_view.read_quickly:
            self.session.shown_repaired(path)
        encoding = self.note_view.encoding
        if encoding and encoding.lower() not in ("utf-8", "ascii"):
            self._show_message(f"Encoding: {encoding}")
        if self.session.ready and self.note_view.page_indexed and not self.note_view.read_quickly:
            self.note_shown.emit(path)

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # -- actions (names from actions.ACTIONS) --------------------------------------------------

    def open_vault(self) -> None:
        start = str(self.session.vault.root) if self.session.vault else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open a vault (a folder of notes)", start)
        if folder:
            self.open_vault_path(folder)

    def reload_note(self) -> None:
        if self.note_view.current_path:
            self.open_note(self.note_view.current_path, record=False, keep_scroll=True)

    def quit(self) -> None:
        self.close()

    def go_back(self) -> None:
        self.history.remember_scroll(self.note_view.browser.verticalScrollBar().value())
        path = self.history.back()
        if path:
            self.open_note(path, record=False, scroll=self.history.scroll)

    def go_forward(self) -> None:
        self.history.remember_scroll(self.note_view.browser.verticalScrollBar().value())
        path = self.history.forward()
        if path:
            self.open_note(path, record=False, scroll=self.history.scroll)

    def focus_tree(self) -> None:
        self.panes.reveal(self.leftbar)
        self.leftbar.setCurrentWidget(self.tree)
        self.tree.focus_view()

    def focus_note(self) -> None:
        self.note_view.setFocus()

    def focus_backlinks(self) -> None:
        self.show_side_panel(self.backlinks)

    def focus_outgoing(self) -> None:
        self.show_side_panel(self.outgoing)

    def quick_switcher(self) -> None:
        self.switcher.popup()

    def command_palette(self) -> None:
        self.palette.popup()

    def cycle_focus(self) -> None:
        self.focus_mark.cycle(+1)

    def cycle_focus_back(self) -> None:
        self.focus_mark.cycle(-1)

    def follow_link_hint(self) -> None:
        self.note_view.setFocus()
        browser_hints(self.note_view.browser)

    def find_in_note(self) -> None:
        self.find_bar.open_bar()

    def find_next(self) -> None:
        self.find_bar.find_next()

    def find_previous(self) -> None:
        self.find_bar.find_previous()

    def search_vault(self) -> None:
        self.show_side_panel(self.search_panel)
        self.search_panel.edit.selectAll()

    def show_outline(self) -> None:
        self.show_side_panel(self.outline)

    def show_tags(self) -> None:
        self.show_side_panel(self.tags)

    def show_tag_notes(self, tag: str) -> None:
        """A #tag chip was activated: the Tags panel lists that tag's notes, the keyboard on them."""
        self.show_side_panel(self.tags)
        if not self.tags.show_tag(tag):
            reading = self.session.index is None
            self._show_message(f"No notes tagged #{tag}" + (" yet: the vault is still being read." if reading else "."))

    def show_graph(self) -> None:
        self.show_side_panel(self.graph)

    def preview_link(self) -> None:
        self.note_view.setFocus()
        self.hover.preview_selected()

    def cheat_sheet(self) -> None:
        self.cheat.popup()

    def about(self) -> None:
        show_about(self, self.context.settings.store)

    def show_left_pane(self, shown: bool) -> None:
        self.panes.set_shown("left", shown)

    def show_right_pane(self, shown: bool) -> None:
        self.panes.set_shown("right", shown)

    # -- window state --------------------------------------------------------------------------

    def restore_state(self) -> None:
        settings = self.context.settings
        self.reading.restore()
        self._restore_geometry(settings.geometry)
        self.layout().activate()  # the splitter takes the window's width before it is shown
        widths = settings.pane_widths
        if widths is None:
            self.splitter.setSizes(pane_sizes(self.splitter.width()))
        else:
            self.splitter.setSizes(fitted_sizes(self.panes.remember_widths(widths), self.splitter.width()))

    def _restore_geometry(self, saved) -> None:
        """The saved place, on the screen the window opens on; else the first start's, unless the
        window was already given a size (``clew --screenshot --size``, tests)."""
        restored = saved is not None and self.restoreGeometry(saved)
        # The frame is not known before the window is shown: allow for it as restoreGeometry does.
        style = self.style()
        frame = style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
        title = style.pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
        available = self.screen().availableGeometry().adjusted(frame, title + frame, -frame, -frame)
        if not restored:
            if not self.testAttribute(Qt.WidgetAttribute.WA_Resized):
                self.setGeometry(first_geometry(available))
        elif not (self.isMaximized() or self.isFullScreen()):
            self.setGeometry(clamped(self.geometry(), available))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_timer.start()

    def save_state(self) -> None:
        settings = self.context.settings
        settings.geometry = self.saveGeometry()
        settings.pane_widths = self.panes.widths()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_state()
        self.session.close()
        super().closeEvent(event)

