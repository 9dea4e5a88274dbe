"""`clew export`: every note of a vault written as a page of a static site.

Each page is composed as `clew render` composes it (page.vault_note_request, rendered by render
children with the window's time limit and fallbacks, so a hostile note costs its 2 s and a
notice, never the export; lanes), then its links are made relative (site_links) and it is written into the output
folder at its note's path with ``.html`` added; the images and attachments the pages show or
link to are copied beside them at their vault paths, and the style sheet into ``clew-assets/``.

The output folder is never inside the vault, nor the vault inside it: Clew writes nothing into a
vault. A folder already holding files is written into only when it holds an earlier export (its
``clew-assets/`` folder): then Clew's files are written over, and nothing is deleted, so the
pages of notes removed since stay until removed by hand.

A link to a heading or block of another note needs that note's anchors, known once it is
rendered: a page holding such a link waits, in memory, until the notes it names are done."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from clew.core.export.lanes import Render, RenderLanes
from clew.core.export.site_links import SiteLinks, fragment_targets, page_path, relative_url
from clew.core.export.standalone import site_stylesheet, standalone_page
from clew.core.index.build import index_vault
from clew.core.index.store import FactsStore
from clew.core.links.fragments import Heading, block_anchor, find_heading, is_block_fragment
from clew.core.render.formulas import MathStyle
from clew.core.render.page import RenderResult, page_html, vault_note_request
from clew.core.vault.files import Vault, is_note
from clew.core.vault.folder_links import within
from clew.core.vault.shown_names import shown_name

# Clew's own files in the output folder; its presence marks the folder as an export of Clew's.
ASSETS = "clew-assets"
_BLOCK_NAME = '<a name="^'

# (notes done, notes in all); called after each note.
Progress = Callable[[int, int], None]


class ExportRefused(Exception):
    """The export cannot start; the message says why and what to do."""


@dataclass(frozen=True)
class Unreadable:
    """A note that could not be read: its page only says so."""

    path: str
    reason: str


@dataclass
class ExportReport:
    notes: int = 0
    files_copied: int = 0
    unreadable: list[Unreadable] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class _PageAnchors:
    """What a link's fragment can name on a note's page: its headings and its blocks' anchors."""

    headings: tuple[Heading, ...]
    blocks: frozenset[str]

    def find(self, fragment: str) -> str | None:
        if is_block_fragment(fragment):
            anchor = block_anchor(fragment.strip()[1:].strip())
            return anchor if anchor in self.blocks else None
        return find_heading(self.headings, fragment)


def _anchors_of(result: RenderResult) -> _PageAnchors:
    headings = result.rendered.headings if result.rendered is not None else ()
    blocks, start = set(), result.html.find(_BLOCK_NAME)
    while start >= 0:
        end = result.html.find('"', start + len(_BLOCK_NAME))
        blocks.add(result.html[start + len('<a name="'):end])
        start = result.html.find(_BLOCK_NAME, end)
    return _PageAnchors(tuple(headings), frozenset(blocks))


def check_output_folder(vault_root: Path, outdir: Path) -> None:
    """Refuse an output folder that is or holds the vault, lies inside it, or holds files that
    are not an earlier export's."""
    vault_real, out_real = vault_root.resolve(), outdir.resolve()
    if within(out_real, vault_real):
        raise ExportRefused(f"the output folder {outdir} is inside the vault {vault_root}, and Clew never "
                            "writes into a vault: choose a folder outside it")
    if within(vault_real, out_real):
        raise ExportRefused(f"the vault {vault_root} is inside the output folder {outdir}, and Clew never "
                            "writes into a vault: choose a folder outside it")
    if outdir.exists() and not outdir.is_dir():
        raise ExportRefused(f"{outdir} is a file, not a folder: give a folder to export into")
    if outdir.is_dir() and any(outdir.iterdir()) and not (outdir / ASSETS).is_dir():
        raise ExportRefused(f"{outdir} is not empty and holds no earlier export of Clew's: give an empty or "
                            "new folder (an earlier export is written over, and nothing else is deleted)")


class _Site:
    """The output folder: writes pages and copies files into it, never into the vault, not even
    through a symbolic link placed in the output folder (checked before anything is made)."""

    def __init__(self, outdir: Path, vault_root: Path) -> None:
        self.outdir = outdir
        self._vault_real = vault_root.resolve()
        self._folders: set[Path] = set()

    def _place(self, site_path: str) -> Path:
        target = self.outdir.joinpath(*site_path.split("/"))
        if within(target.resolve(), self._vault_real):
            raise ExportRefused(f"{target} leads into the vault through a symbolic link, and Clew never writes "
                                "into a vault: remove that link from the output folder")
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target

    def write(self, site_path: str, text: str) -> None:
        self._place(site_path).write_text(text, encoding="utf-8")

    def copy(self, site_path: str, source: Path) -> str:
        """Copy ``source`` unless the copy there is as big and as new; why not, when it cannot be."""
        target = self._place(site_path)
        try:
            here = source.stat()
            there = target.stat() if target.exists() else None
            if there is None or there.st_size != here.st_size or there.st_mtime < here.st_mtime:
                shutil.copy2(source, target)
        except OSError as error:
            return f"it could not be copied ({error.strerror or error})"
        return ""


class _Pages:
    """Writes the pages rendered, holding back those whose links need anchors still unknown."""

    def __init__(self, vault: Vault, notes: list[str], site: _Site, stylesheet: str,
                 math: MathStyle | None) -> None:
        self.site = site
        self.stylesheet = stylesheet  # its site path
        formulas = {math.cache_dir.as_uri() + "/": f"{ASSETS}/formulas"} if math is not None else {}
        self.links = SiteLinks(vault, frozenset(notes), formulas)
        self.anchors: dict[str, _PageAnchors] = {}
        self.waiting: dict[str, str] = {}  # note -> its page's body, until the notes it names are done
        self.unreadable: list[Unreadable] = []

    def anchor(self, note: str, fragment: str) -> str | None:
        found = self.anchors.get(note)
        return found.find(fragment) if found is not None else None

    def accept(self, result: RenderResult) -> None:
        note = result.path
        if result.unreadable:
            self.unreadable.append(Unreadable(note, result.unreadable))
        self.anchors[note] = _anchors_of(result)
        body = page_html(result)
        if fragment_targets(body) - self.anchors.keys():
            self.waiting[note] = body
        else:
            self._write(note, body)

    def finish(self) -> None:
        for note, body in self.waiting.items():
            self._write(note, body)
        self.waiting.clear()

    def _write(self, note: str, body: str) -> None:
        page = page_path(note)
        site_body = shown_name(self.links.rewrite(body, note, self.anchor))
        css = relative_url(page, self.stylesheet)
        self.site.write(page, standalone_page(shown_name(note), site_body, css))


def export_vault(vault: Vault, outdir: Path, theme: str = "light", progress: Progress | None = None,
                 render: Render | None = None, math: MathStyle | None = None,
                 strict_line_breaks: bool = False) -> ExportReport:
    """Write every note of ``vault`` into ``outdir`` as a page in ``theme``. ``render`` renders
    a page (default: render children of the command's own, with the window's time limit);
    ``math`` draws formulas (copied into the export's own folder), else they show as source;
    ``strict_line_breaks`` is the reader's choice, which the vault's own setting overrides."""
    started = time.monotonic()
    check_output_folder(vault.root, outdir)
    with RenderLanes(render) as lanes:  # the children get ready while the vault is indexed
        files, index = index_vault(vault, store=FactsStore.for_vault(vault.root))
        notes = sorted(f.path for f in files if is_note(f.path))
        site = _Site(outdir, vault.root)
        stylesheet = f"{ASSETS}/note-{theme}.css"
        pages = _Pages(vault, notes, site, stylesheet, math)
        requests = (vault_note_request(vault, index, note, math, strict_line_breaks=strict_line_breaks)
                    for note in notes)
        for done, result in enumerate(lanes.rendered(requests), 1):
            pages.accept(result)
            if progress is not None:
                progress(done, len(notes))
        pages.finish()
    site.write(stylesheet, site_stylesheet(theme))
    report = ExportReport(len(notes), unreadable=pages.unreadable)
    for path, source in sorted(pages.links.copied.items()):
        failed = site.copy(path, source)
        if failed:
            report.unreadable.append(Unreadable(path, failed))
        else:
            report.files_copied += 1
    report.seconds = time.monotonic() - started
    return report
