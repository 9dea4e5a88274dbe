"""Every link of a vault as a flat record, and the report of the broken ones (`clew links`, `clew check`)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from clew.core.index.graph import VaultIndex
from clew.core.index.results import ResolvedLink
from clew.core.links.model import LinkKind
from clew.core.vault.shown_names import shown_name


@dataclass(frozen=True)
class LinkRecord:
    """One link as `clew links --json` lists it. ``resolved`` is the file reached (None for a
    URL or a broken link); ``reason`` says why a link is broken: no file, or no such heading.
    Paths are as shown (``shown_name``): a byte of a file name that is not UTF-8 reads ``\xff``."""

    source: str
    line: int
    kind: str
    target: str
    fragment: str | None
    resolved: str | None
    how: str | None
    candidates: list[str]
    reason: str | None

    @property
    def broken(self) -> bool:
        return self.reason is not None


# json.dumps(ensure_ascii=False)'s way with one string, in C.
_json_string = json.encoder.encode_basestring


def record(link: ResolvedLink, source: str | None = None) -> LinkRecord:
    """``link`` as a record; ``source`` is its note's path as shown, when already known."""
    written, resolution = link.link, link.resolution
    external = written.kind is LinkKind.URL or written.is_external
    return LinkRecord(
        source=shown_name(link.source) if source is None else source,
        line=written.line,
        kind=LinkKind.URL.value if external else written.kind.form,
        target=written.target,
        fragment=written.fragment or None,
        resolved=resolution.path and shown_name(resolution.path),
        how=resolution.how_code,
        candidates=[shown_name(candidate) for candidate in resolution.candidates],
        reason=None if external else (resolution.reason.value if resolution.reason else
                                      None if resolution.resolved else "no such file"),
    )


def link_records(index: VaultIndex) -> Iterator[LinkRecord]:
    """Every link of every note, by note path, then in the order written; fragments checked.
    Made one at a time: a big vault's million records would not all fit in memory at once."""
    for path in index.notes():
        source = shown_name(path)
        for link in index.outgoing_checked(path):
            yield record(link, source)


def write_links_json(out: TextIO, vault: str, notes: int, records: Iterable[LinkRecord]) -> None:
    """Write ``{vault, notes, links}`` to ``out`` as ``json.dumps(..., indent=2)`` would, one
    link at a time: the whole text of a 100k-note vault's links is gigabytes of memory."""
    head = json.dumps({"vault": vault, "notes": notes}, ensure_ascii=False, indent=2)
    out.write(head[:-2] + ',\n  "links": [')
    separator = "\n    "
    for r in records:
        out.write(separator + _record_json(r))
        separator = ",\n    "
    out.write("]\n}\n" if separator == "\n    " else "\n  ]\n}\n")


def _json_value(value: str | int | None) -> str:
    if value is None:
        return "null"
    return str(value) if type(value) is int else _json_string(value)


def _record_json(r: LinkRecord) -> str:
    """``r`` as json.dumps(indent=2) writes it four spaces in: json.dumps with an indent runs
    in pure Python, five times slower than this on a million records."""
    candidates = ("[\n        " + ",\n        ".join(map(_json_string, r.candidates)) + "\n      ]"
                  if r.candidates else "[]")
    return (f'{{\n      "source": {_json_string(r.source)},\n      "line": {r.line},\n'
            f'      "kind": {_json_string(r.kind)},\n      "target": {_json_string(r.target)},\n'
            f'      "fragment": {_json_value(r.fragment)},\n      "resolved": {_json_value(r.resolved)},\n'
            f'      "how": {_json_value(r.how)},\n      "candidates": {candidates},\n'
            f'      "reason": {_json_value(r.reason)}\n    }}')


def check_lines(records: Iterable[LinkRecord], notes: int) -> list[str]:
    """``path:line: target — reason`` for each broken link, and a last line that counts them."""
    broken = []
    internal = 0
    for r in records:
        internal += r.kind != LinkKind.URL.value
        if r.broken:
            broken.append(r)
    lines = []
    for r in broken:
        target = r.target + (f"#{r.fragment}" if r.fragment else "")
        extra = f" ({', '.join(r.candidates)})" if r.candidates else ""
        lines.append(f"{r.source}:{r.line}: {target} — {r.reason}{extra}")
    if broken:
        kinds = Counter(r.reason for r in broken)
        detail = ", ".join(f"{count} {reason}" for reason, count in sorted(kinds.items(), key=lambda kv: -kv[1]))
        sources = len({r.source for r in broken})
        lines.append(f"{len(broken)} broken of {internal} links to vault files, in {sources} "
                     f"note{'s' if sources != 1 else ''} ({detail})")
    else:
        lines.append(f"All {internal} links to vault files resolve ({notes} notes checked).")
    return lines
