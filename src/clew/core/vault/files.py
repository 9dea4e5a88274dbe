"""The vault: its root, which files are notes or attachments, which folders are skipped, and its boundary."""

from __future__ import annotations

import functools
import os
import posixpath
import stat as stat_module
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from itertools import islice
from operator import attrgetter, itemgetter
from pathlib import Path, PurePosixPath

from clew.core.memory.sorting import sorted_in_pieces
from clew.core.text.note_text import NoteGone, NoteText, note_text
from clew.core.text.repair_store import STORE_FILE_NAME as REPAIRS_FILE_NAME, RepairStore
from clew.core.vault.cache_dir import CacheUnavailable, model_cache_dir, vault_cache_dir
from clew.core.vault.disk_names import DiskSpellings, vault_names, vault_path_of
from clew.core.vault.folder_links import FolderLinks, choose_followed, within

NOTE_EXTENSIONS = (".md", ".markdown", ".txt")
IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp"})
ATTACHMENT_EXTENSIONS = IMAGE_EXTENSIONS | frozenset(
    {".pdf", ".mp3", ".wav", ".ogg", ".m4a", ".flac", ".webm", ".mp4", ".mov", ".canvas"}
)
SKIPPED_FOLDERS = frozenset({"node_modules"})


class FileKind(str, Enum):
    NOTE = "note"
    ATTACHMENT = "attachment"
    OTHER = "other"


def path_suffix(rel_path: str) -> str:
    """``PurePosixPath(rel_path).suffix`` without making a path object: this runs for every
    file of the vault, again and again."""
    name = rel_path.rpartition("/")[2]
    if not name or name == ".":
        return PurePosixPath(rel_path).suffix  # "a/b/", "a/.": pathlib's rules for the name
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def file_kind(rel_path: str) -> FileKind:
    suffix = path_suffix(rel_path).lower()
    if suffix in NOTE_EXTENSIONS:
        return FileKind.NOTE
    if suffix in ATTACHMENT_EXTENSIONS:
        return FileKind.ATTACHMENT
    return FileKind.OTHER


def is_note(rel_path: str) -> bool:
    return file_kind(rel_path) is FileKind.NOTE


def is_image(rel_path: str) -> bool:
    return path_suffix(rel_path).lower() in IMAGE_EXTENSIONS


def is_skipped_folder(name: str) -> bool:
    """Dot folders (.obsidian, .git, .trash, …) and node_modules are not part of the vault."""
    return name.startswith(".") or name in SKIPPED_FOLDERS


def _in_skipped_folder(folder: str) -> bool:
    """True when ``folder`` is, or lies inside, a skipped folder (a watcher reports those too)."""
    return any(is_skipped_folder(part) for part in PurePosixPath(folder).parts)


@dataclass(frozen=True)
class VaultFile:
    """A file of the vault: its vault-relative path (``/`` separators; NFC, but for a name
    whose NFC twin is beside it: ``disk_names``), size and mtime."""

    path: str
    size: int
    mtime_ns: int

    @property
    def kind(self) -> FileKind:
        return file_kind(self.path)


class Vault:
    """A folder of notes. Nothing outside its boundary is ever read, symlinks included: the
    boundary is the vault's real folder and the targets of the folder symlinks it follows
    (``folder_links``, docs/LINKS.md rule 8)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        path = Path(root).expanduser()
        if not path.is_dir():
            raise NotADirectoryError(f"not a folder: {path}")
        self.root = path.resolve()
        self._links: FolderLinks | None = None
        self._spellings = DiskSpellings()

    def __repr__(self) -> str:
        return f"Vault({str(self.root)!r})"

    @functools.cached_property
    def repairs(self) -> RepairStore:
        """Where this vault's mis-encoded notes are kept repaired (``note_text``): its cache
        folder, or nowhere when that cannot be made (each is then repaired when read); the
        repair's models in Clew's cache, loaded instead of built by each process."""
        try:
            return RepairStore(vault_cache_dir(self.root) / REPAIRS_FILE_NAME, model_cache_dir())
        except CacheUnavailable:
            return RepairStore(None, model_cache_dir())

    def note_text(self, path: str, *, repair_now: bool = False) -> NoteText:
        """``note_text`` of the note at vault path ``path``, its repair kept in this vault's
        store. Opened at that spelling first: it is the disk's but for a name spelt otherwise
        there (NFD, from macOS), which ``abs_path`` makes sure of with a stat of every path that
        is not ASCII, a system call more for each note of a Russian or Chinese vault (~45 ms of
        CPU at 10k). Raises NoteUnreadable as ``note_text`` does."""
        try:
            return note_text(self.root / path, self.repairs, repair_now=repair_now)
        except NoteGone:
            return note_text(self.abs_path(path), self.repairs, repair_now=repair_now)

    def abs_path(self, rel_path: str) -> Path:
        """Where the file at vault path ``rel_path`` is on disk: a name the vault keeps in NFC
        may be spelt otherwise there (NFD, from macOS)."""
        parts = PurePosixPath(rel_path).parts
        path = self.root.joinpath(*parts)
        if rel_path.isascii() or os.path.lexists(path):
            return path
        folder = str(self.root)
        for part in parts:
            if not os.path.lexists(os.path.join(folder, part)):
                part = self._spellings.disk_name(folder, part) or part
            folder = os.path.join(folder, part)
        return Path(folder)

    def rel_path(self, abs_path: str | os.PathLike[str]) -> str | None:
        """The vault path of a file given by absolute path, or None when it lies outside the
        vault, inside a skipped folder, or beyond a folder symlink the vault does not follow.
        The path is not resolved: a symlink keeps its own name."""
        try:
            rel = Path(os.path.abspath(abs_path)).relative_to(self.root)
        except ValueError:
            return None
        parts = rel.parts
        if not parts or any(is_skipped_folder(p) for p in parts[:-1]):
            return None
        path = vault_path_of(str(self.root), parts)
        if len(parts) > 1 and self._beyond_unfollowed_link(path.rpartition("/")[0]):
            return None
        return path

    @property
    def folder_links(self) -> FolderLinks:
        """The folder symlinks the vault follows and ignores, and the folders it may not list,
        as the last scan of the whole vault found them (looked for now if none was made)."""
        links = self._links
        if links is None:
            links = self._links = self._walk(with_files=False)[1]
        return links

    @property
    def boundary_roots(self) -> tuple[Path, ...]:
        """The real folders whose files belong to the vault: its root, and the targets of the
        folder symlinks it follows (docs/LINKS.md rule 8)."""
        return (self.root, *self.folder_links.followed.values())

    def holds(self, path: str | os.PathLike[str]) -> bool:
        """True when the absolute ``path``, resolved (symlinks and ``..`` followed), lies inside the
        vault's boundary. The one check for what the window reads or hands to the system."""
        try:
            real = Path(path).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return False
        # The root first: a file inside it needs no walk for the followed links (a walk of every
        # folder of the vault), which the window's first image or render would otherwise wait for.
        return within(real, self.root) or any(within(real, top) for top in self.boundary_roots[1:])

    def contains(self, rel_path: str) -> bool:
        """True when ``rel_path`` names a file whose real location (symlinks followed) is inside."""
        return self.holds(self.abs_path(rel_path))

    def scan(self, folder: str = "") -> list[VaultFile]:
        """Every file of the vault (or of one of its folders), sorted by path. Skips dot folders
        and node_modules, symlinked files that lead out of the boundary, and the folder
        symlinks the vault does not follow (no loops). A scan of the whole vault also finds
        its folder symlinks again (``folder_links``)."""
        if not folder:
            files, self._links = self._walk(with_files=True)
        elif _in_skipped_folder(folder) or self._beyond_unfollowed_link(folder) or not self.contains(folder):
            files = []
        else:
            files = self._walk_below(folder)
        return sorted_in_pieces(files, key=attrgetter("path"))

    def paths(self) -> list[str]:
        """Every file's vault path, unsorted: the files ``scan`` lists, without their sizes and
        mtimes (a stat of each file, most of a walk's time), and leaving ``folder_links`` as
        they were. A quick look at the vault, which may run beside a scan."""
        return [f.path for f in self._walk(with_files=True, stamped=False)[0]]

    def start_note(self, names: Iterable[str]) -> str | None:
        """The note a vault opens on when none is asked for: the first of ``names`` at its top,
        else its first note in path order (the first of a scan's). Found by walking only as far
        as that note: a cold opening shows it long before a big vault's files are listed."""
        try:
            top = set(os.listdir(self.root))
        except OSError:
            top = set()
        named = next((name for name in names if name in top and self.stat(name) is not None), None)
        if named is not None:
            return named
        walker = _Walker(with_files=True, stamped=False)
        return next((f.path for f in walker.files_in(str(self.root), "", {}) if is_note(f.path)), None)

    def holds_files(self, count: int) -> bool:
        """Whether the vault's own folders hold at least ``count`` files (folder symlinks not
        followed): found by walking only as far as the ``count``-th, to choose how to work on
        a vault before its files are listed."""
        walker = _Walker(with_files=True, stamped=False)
        return count <= 0 or next(islice(walker.files_in(str(self.root), "", {}), count - 1, None), None) is not None

    def stat(self, rel_path: str) -> VaultFile | None:
        """The file's current size and mtime, or None if it is gone, outside the boundary, in a
        skipped folder or beyond a folder symlink the vault does not follow."""
        folder = posixpath.dirname(rel_path)
        if _in_skipped_folder(folder):
            return None
        path = self.abs_path(rel_path)
        try:
            real = path.resolve(strict=True)
            st = real.stat()
        except (OSError, RuntimeError):
            return None
        # Without a symlink on the way (most files) the path is its real path, inside the root.
        if real != path and (not any(within(real, top) for top in self.boundary_roots)
                             or self._beyond_unfollowed_link(folder)):
            return None
        if not stat_module.S_ISREG(st.st_mode):
            return None
        return VaultFile(rel_path, st.st_size, st.st_mtime_ns)

    def _beyond_unfollowed_link(self, folder: str) -> bool:
        """True when the vault folder ``folder`` is, or lies inside, a folder symlink the vault
        does not follow."""
        if not folder:
            return False
        parts = folder.split("/")
        for depth in range(1, len(parts) + 1):
            above = "/".join(parts[:depth])
            # The links are asked for only past a symlink: without one there is nothing to walk for.
            if os.path.islink(self.abs_path(above)) and above not in self.folder_links.followed:
                return True
        return False

    def _walk(self, with_files: bool, stamped: bool = True) -> tuple[list[VaultFile], FolderLinks]:
        """The whole vault's files (with ``with_files``; sized 0 and dated 0 unless ``stamped``)
        and its folder symlinks, chosen by the rules of ``folder_links``: first those in the
        vault's own folders, then those met in the targets followed, against all the folders
        taken before them."""
        walker = _Walker(with_files, stamped)
        walker.walk(str(self.root), "", {})
        followed: dict[str, Path] = {}
        ignored: set[str] = set()
        while walker.folder_links:
            on_disk, walker.folder_links = walker.folder_links, {}
            found = {path: Path(os.path.realpath(disk)) for path, disk in on_disk.items()}
            chosen = choose_followed(found, (self.root, *followed.values()))
            ignored.update(found.keys() - chosen.keys())
            followed.update(chosen)
            for path in chosen:
                walker.walk(on_disk[path], path + "/", {})
        roots = (self.root, *followed.values())
        files = walker.files + [f for f, disk in walker.file_links if _held_by(disk, roots)]
        return files, FolderLinks(followed, frozenset(ignored), frozenset(walker.unreadable))

    def _walk_below(self, folder: str) -> list[VaultFile]:
        """The files inside the vault folder ``folder``, following the links ``folder_links`` follows."""
        links = self.folder_links
        walker = _Walker(with_files=True)
        walker.walk(str(self.abs_path(folder)), folder + "/", links.followed)
        roots = self.boundary_roots
        return walker.files + [f for f, disk in walker.file_links if _held_by(disk, roots)]


def _held_by(disk_path: str, roots: tuple[Path, ...]) -> bool:
    try:
        real = Path(disk_path).resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return any(within(real, top) for top in roots)


class _Walker:
    """One walk through vault folders: the files found, the symlinked files (kept once the
    boundary is known), and the folder symlinks and unreadable folders met."""

    def __init__(self, with_files: bool, stamped: bool = True) -> None:
        self.with_files = with_files
        self.stamped = stamped
        self.files: list[VaultFile] = []
        self.file_links: list[tuple[VaultFile, str]] = []
        self.folder_links: dict[str, str] = {}  # vault path -> disk path, not yet followed or ignored
        self.unreadable: set[str] = set()
        self._seen: set[tuple[int, int]] = set()

    def walk(self, top: str, prefix: str, followed: Mapping[str, Path]) -> None:
        """Walks the folder ``top`` (vault path ``prefix``), going into the folder symlinks in
        ``followed`` that still lead to their target and setting the others aside in
        ``folder_links``. The files are found in the order of their paths (each folder's
        entries sorted, a folder walked where its path falls among them), so that sorting them
        after finds them sorted: a full sort of 100k paths is one call that holds the GIL
        (the window) for 30-80 ms."""
        self.files.extend(self.files_in(top, prefix, followed))

    def files_in(self, top: str, prefix: str, followed: Mapping[str, Path]) -> Iterator[VaultFile]:
        """``walk``'s files, as it finds them (but for symlinked files: ``file_links``)."""
        stack: list = [(top, prefix)]  # folders to walk and files found, popped in path order
        while stack:
            item = stack.pop()
            if isinstance(item, VaultFile):
                yield item
                continue
            folder, prefix = item
            try:
                st = os.stat(folder)
                entries = list(os.scandir(folder))
            except PermissionError:
                if prefix:
                    self.unreadable.add(prefix[:-1])
                continue
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in self._seen:
                continue
            self._seen.add((st.st_dev, st.st_ino))
            names = None if all(e.name.isascii() for e in entries) else vault_names(e.name for e in entries)
            found: list[tuple[str, object]] = []  # (where it falls in path order, a folder or a file)
            for entry in entries:
                name = names[entry.name] if names else entry.name
                rel = prefix + name
                try:
                    if entry.is_dir():
                        if is_skipped_folder(name):
                            continue
                        if not entry.is_symlink() or followed.get(rel) == Path(os.path.realpath(entry.path)):
                            found.append((rel + "/", (entry.path, rel + "/")))
                        else:
                            self.folder_links[rel] = entry.path
                    elif entry.is_file() and self.with_files:
                        stat = entry.stat() if self.stamped else None
                        file = VaultFile(rel, stat.st_size, stat.st_mtime_ns) if stat else VaultFile(rel, 0, 0)
                        if entry.is_symlink():
                            self.file_links.append((file, entry.path))
                        else:
                            found.append((rel, file))
                except OSError:
                    continue
            found.sort(key=itemgetter(0), reverse=True)
            stack.extend(item for _place, item in found)
