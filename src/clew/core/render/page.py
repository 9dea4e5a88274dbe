"""A note as the view shows it: read the file, repair or fall back, render, and say what happened.

Two steps, so a render worker can time the second alone: ``load_page`` reads the file and
settles everything but Markdown (missing, binary, empty, big, attachment, other file,
mojibake); ``render_loaded`` renders the text. ``plain_page`` is the fallback when rendering
fails or takes too long."""

from __future__ import annotations

import html
from math import inf
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from clew.core.index.graph import VaultIndex
from clew.core.links.model import Link, Resolution, Unresolved
from clew.core.render.embeds import embedded_resolutions, embedder_for
from clew.core.render.formulas import FormulaImages, MathStyle
from clew.core.render.inline_title import title_html, with_inline_title
from clew.core.render.layout_bound import bound_layout
from clew.core.render.markdown import RenderedNote, render, render_text
from clew.core.render.preview import excerpt
from clew.core.render.safety import clean_html, is_executable
from clew.core.text.note_text import MAX_NOTE_BYTES, NoteUnreadable, note_part, note_text
from clew.core.text.reading import size_text
from clew.core.vault.files import FileKind, Vault, file_kind, is_image
from clew.core.vault.obsidian_config import line_breaks


@dataclass(frozen=True)
class RenderRequest:
    """Plain data for the worker: no widgets, no index. Links are pre-resolved on the GUI
    thread (``resolutions`` by target) because the index may change while the worker runs;
    ``resolutions`` is None while there is no index yet, and the links are drawn as links whose
    resolution is not known (Unresolved.NOT_INDEXED), not as broken ones.
    ``part`` picks the part of a note too big to show whole."""

    number: int
    vault_root: Path
    path: str
    resolutions: dict[str, Resolution] | None
    part: int = 0
    remote_images: bool = False
    # The resolutions of the notes it embeds, by note (embeds.embedded_resolutions).
    embedded: dict[str, dict[str, Resolution]] = field(default_factory=dict)
    # How to draw formulas (the view's colour and font size); without it they show as source.
    math: MathStyle | None = None
    # A link preview's (fragment, lines): only the start of the note or that section is rendered.
    preview: tuple[str, int] | None = None
    # The vault as the window holds it, with the symlink targets it follows; None: the vault at vault_root.
    vault: Vault | None = None
    # The note in one page, for the command line (`clew render`, `clew export`): a browser or a
    # tool reads it, not Qt's layout, so a long note is not cut into parts (the other bounds hold).
    whole: bool = False
    # A single newline is a space (Obsidian's "Strict line breaks"), not a line break; embeds follow it.
    strict_line_breaks: bool = False
    # The file name shown as the note's title on top (Obsidian's "Show inline title").
    inline_title: bool = True
    # A mis-encoded note whose repair is not kept yet comes read quickly (note_text's ``quick``),
    # the result says so, and the view asks again for the repaired page.
    quick_repair: bool = False

    def boundary(self) -> Vault:
        """The vault whose boundary (Vault.holds) the page reads nothing outside of."""
        return self.vault if self.vault is not None else Vault(self.vault_root)


@dataclass(frozen=True)
class RenderResult:
    number: int
    path: str
    html: str
    rendered: RenderedNote | None
    notices: tuple[str, ...]
    encoding: str
    missing: bool = False
    part: int = 0
    parts: int = 1
    # The whole note's text as read for this page (mojibake repaired), when the page is of the
    # whole note: the window takes the lines around its links from it instead of reading and
    # repairing the note again on its own thread (a mis-encoded note's repair can take most of
    # a second).
    text: str | None = None
    # Why the note could not be read at all (gone, a folder, outside the vault, too slow to read),
    # in words; empty when it was read (even if it shows as binary or empty).
    unreadable: str = ""
    # Mojibake shown as read quickly (RenderRequest.quick_repair); ``text`` is then None.
    read_quickly: bool = False


@dataclass(frozen=True)
class LoadedNote:
    """A note read and ready to render: its text (repaired if it was mojibake), the notices so
    far, and whether it is shown as plain text whatever its kind (a big note)."""

    text: str
    encoding: str
    notices: tuple[str, ...] = field(default=())
    plain: bool = False
    part: int = 0
    parts: int = 1
    read_quickly: bool = False


def resolutions_for(index: VaultIndex | None, path: str) -> dict[str, Resolution] | None:
    """The resolution of each link target of ``path``, taken from the index on the caller's
    thread; None without an index (not known yet)."""
    if index is None:
        return None
    found: dict[str, Resolution] = {}
    for link in index.outgoing(path):
        found.setdefault(link.link.target, link.resolution)
    return found


def _file_url(root: Path, rel: str) -> str:
    return (root / rel).as_uri()


def _page(request: RenderRequest, body: str, notices: tuple[str, ...] = (), encoding: str = "",
          *, missing: bool = False, unreadable: str = "") -> RenderResult:
    bounded = bound_layout(body, paged=False)
    return RenderResult(request.number, request.path, bounded.html, None, notices + bounded.notices, encoding,
                        missing=missing, unreadable=unreadable)


def _problem(request: RenderRequest, message: str, reason: str) -> RenderResult:
    """A page that only says what is wrong (the file is there but cannot be shown); the
    notice is the message, ``reason`` the part of it that says why."""
    return _page(request, "", (message,), unreadable=reason)


def _file_card(request: RenderRequest, absolute: Path) -> RenderResult:
    """Name, size and, unless it is a program, a link that opens it with the system's app."""
    name = html.escape(PurePosixPath(request.path).name)
    try:
        size = size_text(absolute.stat().st_size)
    except OSError:
        size = "size unknown"
    url = html.escape(_file_url(request.vault_root, request.path))
    if is_image(request.path):
        return _page(request, f'<h1>{name}</h1><p><img src="{url}" alt="{name}"></p>')
    kind = "an attachment" if file_kind(request.path) is FileKind.ATTACHMENT else "not a note"
    if is_executable(absolute):
        action = "It is a program or script; Clew does not open it."
    else:
        action = f'<a class="external" href="{url}">Open it with the system app</a>.'
    return _page(request, f'<h1>{name}</h1><p class="file-card">{size} — this file is {kind}. {action}</p>')


def _inside_vault(request: RenderRequest) -> tuple[Path | None, str]:
    """The file's absolute path when its real location lies inside the vault's boundary, or when
    it is gone (the caller says so), else a reason."""
    absolute = request.boundary().abs_path(request.path)  # spelt as on disk (NFD from macOS)
    try:
        absolute.resolve(strict=False)
    except (OSError, RuntimeError):
        return None, "it is a symbolic link that loops back on itself"
    if absolute.exists() and not request.boundary().holds(absolute):
        return None, "it is a link that leads outside the vault, and Clew reads nothing outside it"
    return absolute, ""


def _big_note(request: RenderRequest, absolute: Path) -> LoadedNote:
    piece = note_part(absolute, request.part)
    notice = (f"This note is {size_text(piece.size)}, too big to render: it is shown as plain text, "
              f"part {piece.part + 1} of {piece.parts}.")
    note = piece.note
    return LoadedNote(note.text, note.encoding, note.notices + (notice,), plain=True,
                      part=piece.part, parts=piece.parts)


def load_page(request: RenderRequest) -> LoadedNote | RenderResult:
    """Read the note; a RenderResult when there is nothing to render (the page is settled).
    For a preview, only the excerpt of the note is kept."""
    loaded = _load_note(request)
    if request.preview is None or not isinstance(loaded, LoadedNote):
        return loaded
    fragment, lines = request.preview
    cut = excerpt(loaded.text, request.path, fragment, lines)
    return replace(loaded, text=cut.text, notices=loaded.notices + ((cut.notice,) if cut.notice else ()))


def _load_note(request: RenderRequest) -> LoadedNote | RenderResult:
    absolute, refusal = _inside_vault(request)
    if absolute is None:
        return _problem(request, f"Cannot show this file: {refusal}.", refusal)
    if file_kind(request.path) is not FileKind.NOTE:
        return _file_card(request, absolute)
    try:
        if absolute.stat().st_size > MAX_NOTE_BYTES:
            return _big_note(request, absolute)
        note = note_text(absolute, request.boundary().repairs, repair_now=True, quick=request.quick_repair)
    except (NoteUnreadable, OSError) as error:
        if isinstance(error, FileNotFoundError) or isinstance(error.__cause__, FileNotFoundError):
            message = f"Cannot show this note: the file is gone: {absolute.name}."
            # The view keeps its last text, greyed.
            return _page(request, "", (message,), missing=True, unreadable="the file is gone")
        reason = str(error if isinstance(error, NoteUnreadable) else (error.strerror or error))
        return _problem(request, f"Cannot show this note: {reason}.", reason)
    if note.binary:
        return _page(request, "", note.notices, note.encoding)
    if note.empty:
        title = title_html(request.path) if _titled(request) else ""
        return _page(request, title + '<p class="empty">Empty note: the file holds no text.</p>', note.notices,
                     note.encoding)
    return LoadedNote(note.text, note.encoding, note.notices, read_quickly=note.read_quickly)


# A part of a note shown as plain text: small enough that a part made of links only (~1,000
# lines of them) still lays out whole within layout_bound's budget, so no line is left out.
PLAIN_PART_CHARS = 16 * 1024


def _resolver(request: RenderRequest):
    known = request.resolutions

    def resolve(link: Link) -> Resolution:
        if known is None:
            return Resolution(None, reason=Unresolved.NOT_INDEXED)
        return known.get(link.target) or Resolution(None, reason=Unresolved.NO_SUCH_FILE)

    return resolve


def _titled(request: RenderRequest) -> bool:
    """Whether the page gets the note's inline title: not a preview, which shows a piece of the note."""
    return request.inline_title and request.preview is None


def _result(request: RenderRequest, loaded: LoadedNote, rendered: RenderedNote,
            notices: tuple[str, ...]) -> RenderResult:
    """The page as the view may lay it out: cleaned, its layout cost bounded, and titled. A
    note read whole is shown in parts when it is too long to lay out at once; a part of a big
    note is cut instead (its parts are already the file's). Only the first part has the title,
    put on once the parts are cut: a note opening with a block too big for one part still shows
    it in the first part, under the title."""
    body = clean_html(rendered.html, remote_images=request.remote_images)
    whole = loaded.parts == 1
    if request.whole:
        page = bound_layout(body, paged=False, budget=inf)
    else:
        page = bound_layout(body, request.part if whole else 0, paged=whole)
    part, parts = (page.page, page.pages) if whole else (loaded.part, loaded.parts)
    shown = with_inline_title(page.html, request.path) if _titled(request) and part == 0 else page.html
    kept_text = whole and request.preview is None and not loaded.read_quickly
    return RenderResult(request.number, request.path, shown, rendered, notices + page.notices, loaded.encoding,
                        part=part, parts=parts, text=loaded.text if kept_text else None,
                        read_quickly=loaded.read_quickly)


def render_loaded(request: RenderRequest, loaded: LoadedNote,
                  on_formula_drawn: Callable[[], None] | None = None) -> RenderResult:
    """Render a loaded note (Markdown, or plain text for .txt and big notes).
    ``on_formula_drawn`` is called after each formula drawn anew (not taken from the cache)."""
    if loaded.plain:
        return plain_page(request, loaded)
    image_url = lambda rel: _file_url(request.vault_root, rel)  # noqa: E731
    math = FormulaImages(request.math, on_formula_drawn) if request.math is not None else None
    strict = request.strict_line_breaks
    rendered = render(loaded.text, request.path, _resolver(request), image_url=image_url,
                      embed_note=embedder_for(request.boundary(), request.path, request.embedded, image_url, math,
                                              strict),
                      math=math, strict_line_breaks=strict)
    return _result(request, loaded, rendered, loaded.notices)


def plain_page(request: RenderRequest, loaded: LoadedNote, reason: str = "") -> RenderResult:
    """The note as plain text (paragraphs, line breaks, links); ``reason`` says why it is not
    rendered as Markdown, in a notice. A long note read whole is cut into parts of about
    PLAIN_PART_CHARS at line ends first, and only the part asked for is rendered: rendering a
    note of tens of thousands of lines whole, only to cut it to what can be laid out, takes
    seconds."""
    if loaded.parts == 1 and not request.whole and len(loaded.text) > PLAIN_PART_CHARS:
        pieces = _line_pieces(loaded.text, PLAIN_PART_CHARS)
        part = min(max(request.part, 0), len(pieces) - 1)
        notice = f"This note is shown in parts, part {part + 1} of {len(pieces)}."
        loaded = replace(loaded, text=pieces[part], part=part, parts=len(pieces), notices=loaded.notices + (notice,))
    rendered = render_text(loaded.text, request.path, _resolver(request))
    notices = loaded.notices
    if reason:
        notices += (f"This note could not be rendered as Markdown ({reason}); it is shown as plain text.",)
    return _result(request, loaded, rendered, notices)


def _line_pieces(text: str, most: int) -> list[str]:
    """``text`` in pieces of about ``most`` characters, each ending at a line end, or failing
    that at a space (a link is never cut in two on a long line)."""
    pieces, start = [], 0
    while start < len(text):
        end = start + most
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        pieces.append(text[start:end])
        start = end
    return pieces


def render_request(request: RenderRequest) -> RenderResult:
    """The whole path from the file on disk to the HTML shown, in the calling thread."""
    loaded = load_page(request)
    return loaded if isinstance(loaded, RenderResult) else render_loaded(request, loaded)


def vault_note_request(vault: Vault, index: VaultIndex, path: str, math: MathStyle | None = None, *,
                       strict_line_breaks: bool = False) -> RenderRequest:
    """The request for the note at ``path`` of an indexed vault, whole, as the command line asks
    for it: `clew render` and `clew export` both compose their pages from it, so their bodies
    are the same. Made on the thread that owns ``index``. Lines break as the window breaks
    them: as the vault's app.json says, else strict if ``strict_line_breaks`` (the reader's
    choice)."""
    strict = line_breaks(vault.root, strict_line_breaks).strict
    return RenderRequest(0, vault.root, path, resolutions_for(index, path), math=math,
                         embedded=embedded_resolutions(index, path), vault=vault, whole=True,
                         strict_line_breaks=strict)


def vault_note_page(render: Callable[[RenderRequest], RenderResult], vault: Vault, index: VaultIndex,
                    path: str, math: MathStyle | None = None, *, strict_line_breaks: bool = False) -> RenderResult:
    """The note at ``path`` rendered by ``render`` (the render worker's: its time limit and
    fallbacks hold for hostile notes) from its vault_note_request."""
    return render(vault_note_request(vault, index, path, math, strict_line_breaks=strict_line_breaks))


def page_html(result: RenderResult) -> str:
    """The page with its notices on top, as `clew render` prints it (the view shows them in
    its banner instead)."""
    notices = "".join(f'<p class="notice">{html.escape(notice)}</p>\n' for notice in result.notices)
    return notices + result.html
