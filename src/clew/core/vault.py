"""The vault: its root, which files are notes or attachments, which folders are skipped, and its boundary."""

from __future__ import annotations

import os
import posixpath
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path, PurePosixPath

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


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class VaultFile:
    """A file of the vault: its vault-relative path (``/`` separators, NFC), size and mtime."""

    path: str
    size: int
    mtime_ns: int

    @property
    def kind(self) -> FileKind:
        return file_kind(self.path)


class Vault:
    """A folder of notes. Nothing outside ``root`` is ever read, symlinks included."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        path = Path(root).expanduser()
        if not path.is_dir():
            raise NotADirectoryError(f"not a folder: {path}")
        self.root = path.resolve()

    def __repr__(self) -> str:
        return f"Vault({str(self.root)!r})"

    def abs_path(self, rel_path: str) -> Path:
        return self.root.joinpath(*PurePosixPath(rel_path).parts)

    def rel_path(self, abs_path: str | os.PathLike[str]) -> str | None:
        """The vault path of a file given by absolute path, or None when it lies outside the vault
        or inside a skipped folder. The path is not resolved: a symlink keeps its own name."""
        try:
            rel = Path(os.path.abspath(abs_path)).relative_to(self.root)
        except ValueError:
            return None
        parts = rel.parts
        if not parts or any(is_skipped_folder(p) for p in parts[:-1]):
            return None
        return nfc("/".join(parts))

    @property
    def boundary_roots(self) -> tuple[Path, ...]:
        """The real folders whose files belong to the vault: its root, and the targets of the
        folder symlinks it follows (LINKS.md rule 8)."""
        return (self.root,)

    def holds(self, path: str | os.PathLike[str]) -> bool:
        """True when the absolute ``path``, resolved (symlinks and ``..`` followed), lies inside the
        vault's boundary. The one check for what the window reads or hands to the system."""
        try:
            real = Path(path).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return False
        return any(real == top or top in real.parents for top in self.boundary_roots)

    def contains(self, rel_path: str) -> bool:
        """True when ``rel_path`` names a file whose real location (symlinks followed) is inside."""
        return self.holds(self.abs_path(rel_path))

    def scan(self, folder: str = "") -> list[VaultFile]:
        """Every file of the vault (or of one of its folders), sorted by path. Skips dot folders
        and node_modules, symlinks that lead outside the vault, and symlinked folders seen
        before (no loops)."""
        found: list[VaultFile] = []
        seen_dirs: set[tuple[int, int]] = set()
        if folder and (not self.contains(folder) or _in_skipped_folder(folder)):
            return found
        stack: list[tuple[Path, str]] = [(self.abs_path(folder), folder + "/" if folder else "")]
        while stack:
            folder, prefix = stack.pop()
            try:
                st = folder.stat()
                entries = list(os.scandir(folder))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in seen_dirs:
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
            for entry in entries:
                name = nfc(entry.name)
                rel = f"{prefix}{name}"
                try:
                    if entry.is_symlink() and not self.contains(rel):
                        continue
                    if entry.is_dir():
                        if not is_skipped_folder(name):
                            stack.append((Path(entry.path), rel + "/"))
                    elif entry.is_file():
                        stat = entry.stat()
                        found.append(VaultFile(rel, stat.st_size, stat.st_mtime_ns))
                except OSError:
                    continue
        found.sort(key=lambda f: f.path)
        return found

    def stat(self, rel_path: str) -> VaultFile | None:
        """The file's current size and mtime, or None if it is gone, outside the boundary or in a
        skipped folder."""
        if _in_skipped_folder(posixpath.dirname(rel_path)) or not self.contains(rel_path):
            return None
        try:
            st = self.abs_path(rel_path).stat()
        except OSError:
            return None
        if not os.path.isfile(self.abs_path(rel_path)):
            return None
        return VaultFile(rel_path, st.st_size, st.st_mtime_ns)
