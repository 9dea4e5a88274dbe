"""Link target -> vault file, with how it was found and the other candidates (docs/LINKS.md, "Which file")."""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable
from functools import lru_cache
from itertools import filterfalse, repeat
from operator import itemgetter
from pathlib import PurePosixPath

from clew.core.links.model import How, Link, Resolution, Unresolved
from clew.core.links.multimap import StringMultimap
from clew.core.memory.release import empty_gradually
from clew.core.vault.disk_names import nfc
from clew.core.vault.files import ATTACHMENT_EXTENSIONS, NOTE_EXTENSIONS

# How many answers the resolver remembers before it starts again (each costs ~200 bytes).
_ANSWERS_KEPT = 1 << 15
_KNOWN_EXTENSIONS = frozenset(NOTE_EXTENSIONS) | ATTACHMENT_EXTENSIONS | frozenset(
    {".base", ".json", ".csv", ".html", ".htm", ".xml", ".yaml", ".yml", ".zip", ".docx", ".xlsx", ".pptx"}
)


def normalize_target(target: str) -> str:
    """A link target as the rules compare it: trimmed, ``/`` separators, NFC."""
    return nfc(target.strip().replace("\\", "/"))


def _name(path: str) -> str:
    """``PurePosixPath(path).name``, without making a path object (this runs for every link)."""
    name = path.rpartition("/")[2]
    if name and name != ".":
        return name
    return PurePosixPath(path).name  # "a/b/", "a/.", "": pathlib's rules for what the name is


def _itself_if_equal(copy: str, string: str) -> str:
    """``string`` where ``copy`` equals it: one string kept, not two."""
    return string if copy == string else copy


def _names(paths: list[str]) -> Iterable[str]:
    """``_name`` of each of ``paths``, in C but for a path whose last part is "" or "."."""
    names = list(map(itemgetter(2), map(str.rpartition, paths, repeat("/"))))
    return map(_name, paths) if "" in names or "." in names else names


def _suffix(name: str) -> str:
    """``PurePosixPath(name).suffix`` of a bare name: "" for ".hidden" and "name."."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def name_key(path: str) -> str:
    """The lookup key of a link target or file: its last component, case-folded."""
    return _name(path).casefold()


def target_key(target: str) -> str:
    """The key of a link target: the file keys of every file it can resolve to include it.
    Not remembered: making one anew is cheap, a cache's misses cost more than its hits save,
    and a cache filled by a big batch holds tens of megabytes."""
    return name_key(normalize_target(target))


def source_folder(source: str) -> str:
    """The folder of the note at vault path ``source``, as links from it are resolved."""
    folder = source.rpartition("/")[0]
    if folder.endswith("/") or source.startswith("/"):
        return posixpath.dirname(source)  # "a//b.md", "/b.md": as posixpath says
    return folder


def file_keys(path: str) -> set[str]:
    """Every key a link may use to reach this file: its name, and for a note also its stem."""
    name = _name(path)
    keys = {name.casefold()}
    suffix = _suffix(name)
    if suffix.lower() in NOTE_EXTENSIONS:
        keys.add(name[: -len(suffix)].casefold())
    return keys


def target_variants(target: str) -> list[str]:
    """The file names a target may mean, in the order they are tried (docs/LINKS.md rule 4)."""
    name = _name(target)
    if _suffix(name).lower() in _KNOWN_EXTENSIONS:
        return [target]
    as_note = [target + ext for ext in NOTE_EXTENSIONS]
    if "." in name:
        return [target] + as_note
    return as_note


@lru_cache(maxsize=1 << 12)
def _variants_with_keys(target: str) -> tuple[tuple[str, str], ...]:
    """(variant, its name_key) for each of ``target_variants(target)``."""
    return tuple((variant, name_key(variant)) for variant in target_variants(target))


def _normpath(path: str) -> str:
    """``posixpath.normpath`` of a relative path, at once when there is nothing to normalise."""
    if path and path[0] != "." and path[-1] != "/" and "/." not in path and "//" not in path:
        return path
    return posixpath.normpath(path)


def _tie_key(source_dir: str):
    def key(path: str) -> tuple:
        same_folder = posixpath.dirname(path) == source_dir
        return (not same_folder, path.count("/"), len(path), path)

    return key


def _best_first(found, source_dir: str) -> list[str]:
    """``found`` ordered by the tie rule (docs/LINKS.md rule 6), best first."""
    return sorted(found, key=_tie_key(source_dir)) if len(found) > 1 else list(found)


class Resolver:
    """Knows every file of a vault and answers which one a link means. Updated per file.

    Answers are remembered per (target, linking note's folder) until the next change of the
    files or aliases: a vault's notes link the same targets from the same folders again and
    again, and equal answers are then one shared Resolution."""

    def __init__(self, paths: Iterable[str] = ()) -> None:
        self._paths: set[str] = set()
        self._folded = StringMultimap()  # path, case-folded -> paths
        self._by_name = StringMultimap()  # name_key -> paths
        self._aliases = StringMultimap()  # alias, case-folded -> paths
        self._aliases_of: dict[str, tuple[str, ...]] = {}
        self._answers: dict[tuple[str, str], Resolution] = {}
        self._named_cache: dict[str, list[tuple[str, Collection[str]]]] = {}
        self._one_file: dict[str, _OneFile | None] = {}
        self._unreadable: frozenset[str] = frozenset()  # folders, case-folded
        for path in paths:
            self.add(path)

    def __contains__(self, path: str) -> bool:
        return path in self._paths

    def dismantle(self) -> None:
        """Empty every table an entry at a time (see ``VaultIndex.dismantle``)."""
        for multimap in (self._folded, self._by_name, self._aliases):
            multimap.dismantle()
        for table in (self._paths, self._aliases_of, self._answers, self._named_cache, self._one_file):
            empty_gradually(table)

    def add(self, path: str) -> None:
        if path not in self._paths:
            self.add_all((path,))

    def add_all(self, paths: Iterable[str]) -> None:
        """``add`` for each of ``paths``, the answers forgotten once. A column at a time (the
        keys made by ``map``, each table filled in one ``StringMultimap.add_all``): a warm
        start adds a big vault's every path, a Python loop of ~140 ms at 100k files."""
        self._forget_answers()
        known = self._paths
        new = list(filterfalse(known.__contains__, dict.fromkeys(paths)))
        known.update(new)
        # A path already case-folded (lower case, or a script without case) is its own key:
        # casefold() makes a copy even then (~15 MB at 100k multilingual paths).
        folded = list(map(_itself_if_equal, map(str.casefold, new), new))
        self._folded.add_all(folded, new)
        # name_key: the folded path's name is the path's name folded (no character folds to
        # "/" or "."), and casefold() is a third of this call's time on multilingual paths.
        self._by_name.add_all(_names(folded), new)

    def remove(self, path: str) -> None:
        if path not in self._paths:
            return
        self._forget_answers()
        self._paths.discard(path)
        self._folded.discard(path.casefold(), path)
        self._by_name.discard(name_key(path), path)
        self.set_aliases(path, ())

    def set_aliases(self, path: str, aliases: Iterable[str]) -> None:
        old = self._aliases_of.pop(path, ())
        for alias in old:
            self._aliases.discard(alias, path)
        folded = tuple(dict.fromkeys(nfc(a).strip().casefold() for a in aliases if a.strip()))
        if folded:
            self._aliases_of[path] = folded
            for alias in folded:
                self._aliases.add(alias, path)
        if old or folded:
            self._forget_answers()

    def set_unreadable_folders(self, folders: Iterable[str]) -> None:
        """The vault folders that may not be listed: a link into one that finds no file was
        refused, not missing (``Unresolved.PERMISSION_DENIED``)."""
        self._unreadable = frozenset(folder.casefold() for folder in folders)
        self._forget_answers()

    def _forget_answers(self) -> None:
        self._answers.clear()
        self._named_cache.clear()
        self._one_file.clear()

    # -- lookups -----------------------------------------------------------------------------

    def _named(self, path: str) -> list[tuple[str, Collection[str]]]:
        """(variant, the files named so, in any case) for each variant of ``path`` (in the order
        they are tried) that some file is named like: no other variant can match at any level."""
        named = self._named_cache.get(path)
        if named is None:
            by_name = self._by_name
            named = [(variant, files) for variant, key in _variants_with_keys(path) if (files := by_name.get(key))]
            if len(self._named_cache) >= _ANSWERS_KEPT:
                self._named_cache.clear()
            self._named_cache[path] = named
        return named

    def _at(self, path: str, source_dir: str, variants: list[str] | None = None) -> Resolution | None:
        """The file at exactly ``path`` (trying ``variants``, by default those of ``path`` some
        file is named like); case-exact first."""
        if variants is None:
            variants = [variant for variant, _files in self._named(path)]
        paths = self._paths
        for variant in variants:
            if variant in paths:
                return Resolution(variant)
        folded = self._folded
        for variant in variants:
            found = folded.get(variant.casefold())
            if found:
                ordered = _best_first(found, source_dir)
                return Resolution(ordered[0], case_insensitive=True, candidates=tuple(ordered) if len(ordered) > 1 else ())
        return None

    def _by_suffix(self, target: str, source_dir: str) -> Resolution | None:
        """Files whose vault path ends with ``/target`` (a bare name or a partial path)."""
        pools = self._named(target)
        if not pools:
            return None
        for exact in (True, False):
            for variant, pool in pools:
                if exact:
                    found = [p for p in pool if p == variant or p.endswith("/" + variant)]
                else:
                    tail = variant.casefold()
                    found = [p for p in pool if p.casefold() == tail or p.casefold().endswith("/" + tail)]
                if found:
                    found = _best_first(found, source_dir)
                    how = How.NAME if "/" not in target else How.SUFFIX
                    return Resolution(found[0], how, not exact, tuple(found) if len(found) > 1 else ())
        return None

    def _by_alias(self, target: str) -> Resolution:
        """Rule 7: the one note listing ``target`` among its aliases; several make it ambiguous."""
        owners = sorted(self._aliases.get(target.casefold()))
        if len(owners) == 1:
            return Resolution(owners[0], How.ALIAS)
        if owners:
            return Resolution(None, candidates=tuple(owners), reason=Unresolved.AMBIGUOUS)
        return _NO_SUCH_FILE

    def _by_file_name(self, target: str, source_dir: str) -> Resolution:
        """Rule 8: an attachment path that left the vault, found by its name inside it. With
        several files of that name it stays outside the vault; they are listed as candidates."""
        if PurePosixPath(target).suffix.lower() not in ATTACHMENT_EXTENSIONS:
            return Resolution(None, reason=Unresolved.OUTSIDE_VAULT)
        found = sorted(self._by_name.get(name_key(target)), key=_tie_key(source_dir))
        if len(found) == 1:
            return Resolution(found[0], How.FILE_NAME_FALLBACK)
        return Resolution(None, candidates=tuple(found), reason=Unresolved.OUTSIDE_VAULT)

    def resolve(self, link: Link | str, source: str, source_dir: str | None = None) -> Resolution:
        """The file ``link`` (from the note at vault path ``source``) means, or why none.
        ``source_dir``: ``source_folder(source)``, when the caller resolves many links of one
        note (worked out for each, it was a tenth of a big vault's build)."""
        raw = link.target if isinstance(link, Link) else link
        if source_dir is None:
            source_dir = source_folder(source)
        # Most links of a vault are a clean bare name that one file is named like, or none: the
        # answer depends on the note's folder in one way at most (see _OneFile), and is found
        # before the remembered answers, which these would only fill.
        one = self._one_file.get(raw)
        if one is not None:
            if source_dir == one.folder:
                return one.beside
            if source_dir.casefold() != one.folder_folded:
                return one.elsewhere
        if not raw.strip():
            if isinstance(link, Link) and link.fragment:  # [[#Heading]]: a place in this note
                return Resolution(source, How.SAME_NOTE)
            return _EMPTY
        key = (raw, source_dir)
        answer = self._answers.get(key)
        if answer is None:
            if len(self._answers) >= _ANSWERS_KEPT:
                self._answers.clear()
            answer = self._answers[key] = self._resolve_or_refused(normalize_target(raw), source_dir)
        return answer

    def _resolve_or_refused(self, target: str, source_dir: str) -> Resolution:
        found = self._resolve(target, source_dir)
        if found.reason is Unresolved.NO_SUCH_FILE and self._unreadable and self._in_unreadable(target, source_dir):
            return _PERMISSION_DENIED
        return found

    def _in_unreadable(self, target: str, source_dir: str) -> bool:
        """True when a path ``target`` may mean lies in an unreadable folder. A bare name may be
        anywhere: only a path with folders can be told to lead into one."""
        if target.startswith(("./", "../")):
            places = [posixpath.normpath(posixpath.join(source_dir, target))]
        else:
            places = [_normpath(target.lstrip("/"))]
            if source_dir:
                places.append(_normpath(source_dir + "/" + target))
        for place in places:
            folder = place.casefold().rpartition("/")[0]
            while folder:
                if folder in self._unreadable:
                    return True
                folder = folder.rpartition("/")[0]
        return False

    def _resolve(self, target: str, source_dir: str) -> Resolution:
        explicit_relative = target.startswith(("./", "../")) or target in (".", "..")
        root_absolute = target.startswith("/")
        if explicit_relative:
            joined = posixpath.normpath(posixpath.join(source_dir, target))
        else:
            joined = _normpath(target.lstrip("/"))
        if joined == ".." or joined.startswith("../"):
            return self._by_file_name(target, source_dir)

        if explicit_relative or root_absolute:
            how = How.RELATIVE if explicit_relative else How.ROOT
            if joined in self._paths and "." in _name(joined):
                return Resolution(joined, how)  # what _at finds first: the variant that is the path itself
            found = self._at(joined, source_dir)
            if found:
                return Resolution(found.path, how, found.case_insensitive, found.candidates)
            return self._by_alias(target)

        bare = joined == target and "/" not in target
        one = self._one_file.get(target, _UNKNOWN) if bare else None
        if one is not None and one is not _UNKNOWN:
            if source_dir == one.folder:
                return one.beside
            if source_dir.casefold() != one.folder_folded:
                return one.elsewhere
        named_files = self._named(joined)
        named = [variant for variant, _files in named_files]
        if not named and joined == target:  # no file has a name the target may mean: only an alias may
            answer = self._by_alias(target)
            if bare and not self._unreadable:  # nor can a folder refuse it: the same from every note
                self._one_file[target] = _OneFile.everywhere(answer)
            return answer
        if one is _UNKNOWN:
            one = self._one_file[target] = _OneFile.of(named_files[0]) if len(named) == 1 else None
            if one is not None:
                return self._resolve(target, source_dir)
        found = self._at(joined, source_dir, named)
        if found:
            return Resolution(found.path, How.ROOT, found.case_insensitive, found.candidates)
        if source_dir and joined == target:
            # A clean target: beside the note, its variants are the same names in that folder.
            found = self._at(source_dir + "/" + target, source_dir, [source_dir + "/" + v for v in named])
            if found:
                return Resolution(found.path, How.NOTE_FOLDER, found.case_insensitive, found.candidates)
        elif source_dir:
            beside = _normpath(source_dir + "/" + target)
            if not beside.startswith("../"):
                found = self._at(beside, source_dir)
                if found:
                    return Resolution(found.path, How.NOTE_FOLDER, found.case_insensitive, found.candidates)
        return self._by_suffix(joined, source_dir) or self._by_alias(target)


class _OneFile:
    """A bare name that exactly one file, outside the vault's top folder, is named like (the
    case of most links): the rules then give one answer in that file's folder (rule 3, the
    note's folder) and one everywhere else (rule 5, by name), worked out once. A note in a
    folder that differs from the file's only in letter case goes the long way. Or a bare name
    no file is named like (``everywhere``): the aliases' answer, from any folder."""

    __slots__ = ("folder", "folder_folded", "beside", "elsewhere")

    def __init__(self, path: str | None, everywhere: Resolution | None = None) -> None:
        if everywhere is not None:
            # No folder is the file's: every note's folder is "elsewhere".
            self.folder = self.folder_folded = None
            self.beside = self.elsewhere = everywhere
            return
        self.folder = path.rpartition("/")[0]
        self.folder_folded = self.folder.casefold()
        self.beside = Resolution(path, How.NOTE_FOLDER)
        self.elsewhere = Resolution(path, How.NAME)

    @classmethod
    def everywhere(cls, answer: Resolution) -> "_OneFile":
        return cls(None, answer)

    @classmethod
    def of(cls, named: tuple[str, Collection[str]]) -> "_OneFile | None":
        """For the one variant some file is named like, and the files so named: the answers,
        or None when the rules may say something else (several files, one at the top, a
        name that differs in case)."""
        variant, files = named
        if len(files) != 1:
            return None
        path = next(iter(files))
        at_top = path == variant or path.casefold() == variant.casefold()
        if at_top or not path.endswith("/" + variant):
            return None
        return cls(path)


_UNKNOWN = object()
_NO_SUCH_FILE = Resolution(None, reason=Unresolved.NO_SUCH_FILE)
_PERMISSION_DENIED = Resolution(None, reason=Unresolved.PERMISSION_DENIED)
_EMPTY = Resolution(None, reason=Unresolved.EMPTY)
