"""Vault search queries: words, "exact phrases", path:, tag: and -exclusions, and how one note matches."""

from __future__ import annotations

import re
from dataclasses import dataclass

# -word, -"phrase", path:x, tag:x, path:"a b", "phrase", word
_TOKEN_RE = re.compile(r'(-?)(?:(path|tag):)?(?:"([^"]*)"?|(\S+))', re.I)


def fold(text: str) -> str:
    """Case-folded for matching. ``lower`` rather than ``casefold``: it is what SQLite's
    trigram tokenizer does, so the index and a plain scan agree ("ß" stays "ß")."""
    return text.lower()


@dataclass(frozen=True)
class SearchQuery:
    """What a query asks: every needle occurs in the text (case-insensitive substrings), no
    excluded needle does, the path holds every ``paths`` part, the note has every tag; and
    none of the excluded path parts or tags."""

    needles: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    excluded_paths: tuple[str, ...] = ()
    excluded_tags: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.needles or self.excluded or self.paths or self.tags
                    or self.excluded_paths or self.excluded_tags)


def parse_query(text: str) -> SearchQuery:
    """Parse the search box: ``rust "borrow checker" path:notes/ tag:lang -unsafe``.
    Words and phrases are matched as case-insensitive substrings; all must match."""
    needles: list[str] = []
    excluded: list[str] = []
    paths: list[str] = []
    tags: list[str] = []
    excluded_paths: list[str] = []
    excluded_tags: list[str] = []
    for match in _TOKEN_RE.finditer(text):
        minus, field, quoted, bare = match.groups()
        value = fold(quoted if quoted is not None else bare or "")
        if field is None and not quoted and bare == "-":
            continue
        if not value.strip():
            continue
        field = (field or "").lower()
        if field == "path":
            (excluded_paths if minus else paths).append(value)
        elif field == "tag":
            (excluded_tags if minus else tags).append(value.lstrip("#"))
        elif minus:
            excluded.append(value)
        else:
            needles.append(value)
    return SearchQuery(tuple(needles), tuple(excluded), tuple(paths), tuple(tags),
                       tuple(excluded_paths), tuple(excluded_tags))


def has_tag(tags: tuple[str, ...] | list[str], wanted: str) -> bool:
    """``tag:project`` matches #project and the nested #project/alpha, in any case."""
    wanted = fold(wanted)
    return any(t == wanted or t.startswith(wanted + "/") for t in map(fold, tags))


def matches(query: SearchQuery, path: str, text: str, tags: tuple[str, ...] | list[str]) -> bool:
    """Whether the note at ``path`` with ``text`` and ``tags`` answers ``query`` (the plain scan
    that the index must agree with)."""
    folded = fold(text)
    folded_path = fold(path)
    return (all(n in folded for n in query.needles)
            and not any(n in folded for n in query.excluded)
            and all(p in folded_path for p in query.paths)
            and not any(p in folded_path for p in query.excluded_paths)
            and all(has_tag(tags, t) for t in query.tags)
            and not any(has_tag(tags, t) for t in query.excluded_tags))
