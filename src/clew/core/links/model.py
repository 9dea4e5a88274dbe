"""The vocabulary of links: a link as written in a note, and the file it turned out to mean."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from enum import Enum

URL_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# A Windows drive letter ("C:\notes") looks like a scheme; it is a path.
_DRIVE_RE = re.compile(r"^[A-Za-z]:[\\/]")
# A run of percent escapes, decoded together: one character's UTF-8 bytes take several.
_ESCAPES_RE = re.compile("(?:%[0-9A-Fa-f]{2})+")


class LinkKind(str, Enum):
    """How a link was written (docs/LINKS.md, "What is a link")."""

    WIKI = "wikilink"
    EMBED = "embed"
    MARKDOWN = "markdown"
    IMAGE = "image"
    REFERENCE = "reference"
    FRONTMATTER = "properties"
    URL = "url"

    @property
    def embeds(self) -> bool:
        return self in (LinkKind.EMBED, LinkKind.IMAGE)

    @property
    def form(self) -> str:
        """The form a link was written in, as `clew links --json` names it: a Markdown image
        (``![alt](dest)``) is a Markdown link, a property is a front matter link."""
        return _FORMS.get(self, self.value)


_FORMS = {LinkKind.IMAGE: "markdown", LinkKind.FRONTMATTER: "frontmatter"}


class How(str, Enum):
    """How a link target was resolved to a file (docs/LINKS.md, "Which file a link means")."""

    RELATIVE = "relative"
    ROOT = "root"
    NOTE_FOLDER = "note folder"
    NAME = "name"
    SUFFIX = "suffix"
    ALIAS = "alias"
    FILE_NAME_FALLBACK = "found by file name"
    SAME_NOTE = "same note"

    @property
    def code(self) -> str:
        """The short name `clew links --json` uses (relative, root, folder, suffix, alias, filename).
        A bare name is a suffix match of one component; ``[[#Heading]]`` is relative to the note."""
        return _HOW_CODES[self]


_HOW_CODES = {
    How.RELATIVE: "relative",
    How.ROOT: "root",
    How.NOTE_FOLDER: "folder",
    How.NAME: "suffix",
    How.SUFFIX: "suffix",
    How.ALIAS: "alias",
    How.FILE_NAME_FALLBACK: "filename",
    How.SAME_NOTE: "relative",
}


class Unresolved(str, Enum):
    """Why a link leads to no file."""

    NO_SUCH_FILE = "no such file"
    PERMISSION_DENIED = "permission denied"  # in a folder the vault may not list
    OUTSIDE_VAULT = "outside the vault"
    AMBIGUOUS = "ambiguous"
    HEADING_NOT_FOUND = "heading not found"
    BLOCK_NOT_FOUND = "block not found"
    EMPTY = "empty target"
    # Not a fact about the link: the window has no index yet (a vault opened cold), so where it
    # leads is not known. Drawn as a link, not as a broken one.
    NOT_INDEXED = "not indexed yet"


# Slots: a 100,000-note vault holds a million links, and an instance dict costs ~300 bytes each.
@dataclass(frozen=True, slots=True)
class Link:
    """One link as written in a note.

    ``target`` is the path part (no ``|text``, no ``#fragment``), percent-decoded when it came
    from a Markdown link. ``line`` is 1-based. The line's text is not kept: a whole vault's lines
    are a third of the index's memory; ``clew.core.index.source_lines`` reads them when shown.
    """

    kind: LinkKind
    target: str
    fragment: str = ""
    text: str = ""
    line: int = 0

    @property
    def is_external(self) -> bool:
        return is_external_target(self.target)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The file a link means (``path``, vault-relative with ``/``), or why there is none. A link
    whose file exists but whose ``#fragment`` names nothing in it keeps ``path`` and has a ``reason``."""

    path: str | None
    how: How | None = None
    case_insensitive: bool = False
    candidates: tuple[str, ...] = field(default=())
    reason: Unresolved | None = None

    def __reduce__(self):
        # Pickled as its fields: a render request carries one per link of the note, and the
        # dataclass's own state dicts took 0.3 s to pickle and unpickle for 50,000 links.
        return Resolution, (self.path, self.how, self.case_insensitive, self.candidates, self.reason)

    @property
    def resolved(self) -> bool:
        return self.path is not None

    @property
    def how_code(self) -> str | None:
        """How, as `clew links --json` says it: "case" for a match that differs in letter case."""
        if self.how is None:
            return None
        return "case" if self.case_insensitive else self.how.code

    def describe(self) -> str:
        """One line a user can read: where the link went and why."""
        if self.reason is Unresolved.NOT_INDEXED:
            return "not known yet: the vault is still being indexed"
        if self.path is None:
            text = f"unresolved: {self.reason.value if self.reason else 'no such file'}"
            if self.candidates:
                text += " (" + ", ".join(self.candidates) + ")"
            return text
        how = self.how.value if self.how else "resolved"
        if self.case_insensitive:
            how += ", case-insensitive"
        text = f"{self.path} ({how})"
        if self.reason is not None:
            text += f"; {self.reason.value}"
        others = [c for c in self.candidates if c != self.path]
        if others:
            text += "; also matched: " + ", ".join(others)
        return text


def is_external_target(target: str) -> bool:
    """True for a target with a URL scheme (http:, mailto:, file:, …)."""
    return bool(URL_SCHEME_RE.match(target)) and not _DRIVE_RE.match(target)


def split_wikilink(inner: str) -> tuple[str, str, str]:
    """Split the inside of ``[[…]]`` into (target, fragment, shown text).

    ``a/b#H1#H2|text`` -> ("a/b", "H1#H2", "text"). A pipe written ``\\|`` (inside a table)
    counts as a pipe. The fragment keeps its inner ``#`` so ``#H1#H2`` can be walked.
    """
    if "|" not in inner and "#" not in inner:
        # Most wikilinks are a bare name, with nothing to split: a vault's hundred thousand
        # links each skip the replace and partitions (twice the cost of this test).
        return sys.intern(inner.strip()), "", ""
    inner = inner.replace("\\|", "|")
    target, _, text = inner.partition("|")
    target, _, fragment = target.partition("#")
    # Interned: a vault writes the same targets and headings in many notes, kept once in memory.
    return sys.intern(target.strip()), sys.intern(fragment.strip()), text.strip()


def split_destination(dest: str) -> tuple[str, str]:
    """Split a Markdown link destination into (target, fragment), percent-decoded.

    ``<My Note.md>`` and ``My%20Note.md#Part`` both give ("My Note.md", …). An external URL is
    returned whole as the target, fragment included, since it is opened as written.
    """
    dest = dest.strip()
    if dest.startswith("<") and dest.endswith(">"):
        dest = dest[1:-1].strip()
    if is_external_target(dest):
        return dest, ""
    target, _, fragment = dest.partition("#")
    return sys.intern(percent_decoded(target).strip()), sys.intern(percent_decoded(fragment).strip())


def percent_decoded(text: str) -> str:
    """``text`` percent-decoded as ``urllib.parse.unquote`` decodes it (UTF-8, a byte that is
    none replaced, an escape that is not one kept as written), for a fraction of its cost. On
    the links Obsidian writes, spaces as %20 and other characters as they are, urllib decodes
    each ASCII stretch between them on its own, through bytes: four in a Cyrillic or Chinese
    path, and 73 ms of reading a 10k-note multilingual vault against 7 ms here."""
    if "%" not in text:
        return text
    # Most escapes are spaces. %20 is always one (no longer character holds an ASCII byte), and
    # a space starts no escape, so none is made or undone by replacing these first.
    text = text.replace("%20", " ")
    if "%" not in text:
        return text
    return _ESCAPES_RE.sub(_decoded, text)


def _decoded(escapes: re.Match[str]) -> str:
    return bytes.fromhex(escapes[0].replace("%", "")).decode("utf-8", "replace")
