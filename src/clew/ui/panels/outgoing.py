"""The outgoing-links panel: every link of the open note, where it went and how, or why it goes nowhere."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from clew.core.index.results import ResolvedLink
from clew.core.index.source_lines import without_cut_marks
from clew.core.links.model import LinkKind
from clew.ui.background.open_note_links import NoteLinks
from clew.ui.panels.frame import headed_tree

TargetRole = Qt.ItemDataRole.UserRole + 1
FragmentRole = Qt.ItemDataRole.UserRole + 2
LineRole = Qt.ItemDataRole.UserRole + 3
ContextRole = Qt.ItemDataRole.UserRole + 4

# Made once, here: the first QBrush made makes Python enums of QGradient's that PySide makes
# lazily (169 presets among them), 40-50 ms on the GUI thread, which the first broken link
# drawn paid in the middle of a vault's opening.
_BROKEN_BRUSH = QBrush(QColor("#b3261e"))
# The panel lists at most this many links; a row says how many more there are. Listing is done
# on the GUI thread, tens of thousands of links take seconds, and no one reads that many rows.
LISTED_MOST = 2000


def written(link: ResolvedLink) -> str:
    """The link as a user recognises it: ``[[target#fragment]]``, ``![[…]]``, ``(dest)``, the URL."""
    target = link.link.target + (f"#{link.link.fragment}" if link.link.fragment else "")
    kind = link.link.kind
    if kind in (LinkKind.WIKI, LinkKind.FRONTMATTER):
        return f"[[{target}]]"
    if kind is LinkKind.EMBED:
        return f"![[{target}]]"
    if kind is LinkKind.URL or link.link.is_external:
        return target
    return f"![]({target})" if kind is LinkKind.IMAGE else f"({target})"


def how_text(link: ResolvedLink) -> str:
    """How a resolved link was resolved, as the panel groups it: "note folder, case-insensitive"."""
    resolution = link.resolution
    how = resolution.how.value if resolution.how else "resolved"
    return how + (", case-insensitive" if resolution.case_insensitive else "")


def is_broken(link: ResolvedLink) -> bool:
    return not link.link.is_external and link.link.kind is not LinkKind.URL and (
        not link.resolution.resolved or link.resolution.reason is not None)


class OutgoingPanel(QWidget):
    """Lists the open note's links grouped: broken ones by reason, resolved ones by how they
    resolved (the tooltip lists the other candidates after a tie), then web links.
    Activating a vault link emits ``note_activated``; any other emits ``line_activated``."""

    note_activated = Signal(object, str)  # vault path, fragment
    line_activated = Signal(int, str)   # line of the open note, the line's text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header, self.tree = headed_tree(self, "Outgoing links", "outgoingTree", self._on_activated,
                                             wrap_header=True)
        self.tree.setUniformRowHeights(True)
        self._shown: tuple = ()
        self._links: NoteLinks | None = None

    def show_note_links(self, links: NoteLinks) -> None:
        """Show the links of the open note (OpenNoteLinks.changed), unless they are those shown."""
        if links is not self._links:
            self._links = links
            self.show_links(links.path, links.outgoing, links.index is not None)

    def show_links(self, note: str | None, links: list[ResolvedLink], ready: bool = True) -> None:
        """Show the links of ``note`` (fragments already checked); nothing happens if unchanged."""
        key = (note, ready, tuple((l.link, l.resolution, l.context) for l in links))
        if key == self._shown:
            return
        self._shown = key
        self.tree.clear()
        if not ready:
            self.header.setText("Outgoing links (reading the vault…)")
            return
        groups: dict[str, list[ResolvedLink]] = {}
        broken = web = 0
        for link in links:
            if link.link.is_external or link.link.kind is LinkKind.URL:
                label, web = "Web", web + 1
            elif is_broken(link):
                reason = link.resolution.reason.value if link.resolution.reason else "no such file"
                label, broken = f"Broken: {reason}", broken + 1
            else:
                label = f"Resolved: {how_text(link)}"
            groups.setdefault(label, []).append(link)
        self.header.setText(f"Outgoing links: {len(links) - web} into the vault"
                            f"{f', {broken} broken' if broken else ''}, {web} web")
        order = sorted(groups, key=lambda label: (not label.startswith("Broken"), label.startswith("Web"), label))
        room = LISTED_MOST
        for label in order:
            make = self._broken_item if label.startswith("Broken") else (
                self._web_item if label == "Web" else self._vault_item)
            self._add_group(f"{label} ({len(groups[label])})", groups[label][:room], make)
            room = max(0, room - len(groups[label]))
        if len(links) > LISTED_MOST:
            more = QTreeWidgetItem(self.tree, [f"… {len(links) - LISTED_MOST:,} more links, not listed "
                                               f"(the panel lists {LISTED_MOST:,})"])
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.expandAll()

    def _add_group(self, label: str, links: list[ResolvedLink], make) -> None:
        group = QTreeWidgetItem(self.tree, [label])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        for link in links:
            item = make(group, link)
            item.setData(0, LineRole, link.link.line)
            # What the note view looks for when the row is opened: the cut marks are not in the note.
            item.setData(0, ContextRole, without_cut_marks(link.context))

    @staticmethod
    def _broken_item(group: QTreeWidgetItem, link: ResolvedLink) -> QTreeWidgetItem:
        resolution = link.resolution
        item = QTreeWidgetItem(group, [f"{link.link.line}: {written(link)}"])
        item.setForeground(0, _BROKEN_BRUSH)
        item.setToolTip(0, f"Line {link.link.line}: {link.context.strip()}\n{resolution.describe()}")
        if resolution.path:  # the note exists, only the heading or block is missing
            item.setData(0, TargetRole, resolution.path)
        return item

    @staticmethod
    def _vault_item(group: QTreeWidgetItem, link: ResolvedLink) -> QTreeWidgetItem:
        resolution = link.resolution
        tie = f" (tie of {len(resolution.candidates)})" if resolution.candidates else ""
        item = QTreeWidgetItem(group, [f"{link.link.line}: {written(link)} → {resolution.path}{tie}"])
        tip = f"Line {link.link.line}: {link.context.strip()}\n{resolution.path} ({how_text(link)})"
        others = [c for c in resolution.candidates if c != resolution.path]
        if others:
            tip += "\nchosen by the tie-break over:\n  " + "\n  ".join(others)
        item.setToolTip(0, tip)
        item.setData(0, TargetRole, resolution.path)
        item.setData(0, FragmentRole, link.link.fragment)
        return item

    @staticmethod
    def _web_item(group: QTreeWidgetItem, link: ResolvedLink) -> QTreeWidgetItem:
        item = QTreeWidgetItem(group, [f"{link.link.line}: {written(link)}"])
        item.setToolTip(0, f"Line {link.link.line}: opens in the web browser when clicked in the note")
        return item

    def _on_activated(self, item: QTreeWidgetItem) -> None:
        target = item.data(0, TargetRole)
        if target:
            self.note_activated.emit(target, item.data(0, FragmentRole) or "")
        elif item.data(0, LineRole):
            self.line_activated.emit(item.data(0, LineRole), item.data(0, ContextRole) or "")
