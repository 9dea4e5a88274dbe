"""A note as the view shows it: read the file, render it, and say what happened (runs off the GUI thread)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from clew.core.index import VaultIndex
from clew.core.links import Link, Resolution, Unresolved
from clew.core.reading import NoteUnreadable, read_note
from clew.core.render import RenderedNote, render
from clew.core.vault import FileKind, file_kind, is_image


@dataclass(frozen=True)
class RenderRequest:
    """Plain data for the worker: no widgets, no index. Links are pre-resolved on the GUI
    thread (``resolutions`` by target) because the index may change while the worker runs."""

    number: int
    vault_root: Path
    path: str
    resolutions: dict[str, Resolution]


@dataclass(frozen=True)
class RenderResult:
    number: int
    path: str
    html: str
    rendered: RenderedNote | None
    notices: tuple[str, ...]
    encoding: str
    missing: bool = False


def resolutions_for(index: VaultIndex | None, path: str) -> dict[str, Resolution]:
    """The resolution of each link target of ``path``, taken from the index on the caller's thread."""
    found: dict[str, Resolution] = {}
    for link in index.outgoing(path) if index is not None else ():
        found.setdefault(link.link.target, link.resolution)
    return found


def _file_url(root: Path, rel: str) -> str:
    return (root / rel).as_uri()


def _attachment_html(request: RenderRequest) -> str:
    name = html.escape(PurePosixPath(request.path).name)
    url = html.escape(_file_url(request.vault_root, request.path))
    if is_image(request.path):
        return f'<h1>{name}</h1><p><img src="{url}" alt="{name}"></p>'
    return (f'<h1>{name}</h1><p>This file is an attachment, not a note. '
            f'<a class="external" href="{url}">Open it with the system viewer</a>.</p>')


def render_request(request: RenderRequest) -> RenderResult:
    """Run in a worker thread: the whole path from the file on disk to the HTML shown."""
    if file_kind(request.path) is not FileKind.NOTE:
        return RenderResult(request.number, request.path, _attachment_html(request), None, (), "")
    try:
        note = read_note(request.vault_root / request.path)
    except NoteUnreadable as error:
        message = f"Cannot show this note: {error}."
        return RenderResult(request.number, request.path, "", None, (message,), "", missing=True)
    if note.binary:
        return RenderResult(request.number, request.path, "", None, note.notices, note.encoding)
    if note.empty:
        return RenderResult(request.number, request.path, '<p class="empty">This note is empty.</p>',
                            None, note.notices, note.encoding)

    def resolve(link: Link) -> Resolution:
        return request.resolutions.get(link.target) or Resolution(None, reason=Unresolved.NO_SUCH_FILE)

    rendered = render(note.text, request.path, resolve,
                      image_url=lambda rel: _file_url(request.vault_root, rel))
    return RenderResult(request.number, request.path, rendered.html, rendered, note.notices, note.encoding)
