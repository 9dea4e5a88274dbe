"""Vault names as the disk spells them: NFC, so that a name typed or synced from macOS (NFD)
matches; but two files whose names differ only in that form stay two files (NFC/NFD twins)."""

from __future__ import annotations

import os
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def vault_names(disk_names: Iterable[str]) -> dict[str, str]:
    """Each of one folder's entries (disk name -> vault name): its NFC form, unless another
    entry is spelt so already; a twin keeps its own spelling, so each file stays readable at it."""
    names = sorted(disk_names)
    taken = {name for name in names if nfc(name) == name}
    found: dict[str, str] = {}
    for name in names:
        form = nfc(name)
        if form != name and form not in taken:
            taken.add(form)
            found[name] = form
        else:
            found[name] = name
    return found


def vault_path_of(top: str, parts: Sequence[str]) -> str:
    """The vault path of the entry at ``parts`` (disk names) below the folder ``top``."""
    if all(part.isascii() for part in parts):
        return "/".join(parts)
    names = []
    folder = top
    for part in parts:
        form = nfc(part)
        twin = form != part and os.path.lexists(os.path.join(folder, form))
        names.append(part if twin else form)
        folder = os.path.join(folder, part)
    return "/".join(names)


class DiskSpellings:
    """Finds the disk name of a vault name in a folder, remembering each folder's names that
    differ from their vault names: a vault synced from macOS spells every accent so."""

    def __init__(self) -> None:
        self._by_folder: dict[str, dict[str, str]] = {}

    def __getstate__(self) -> dict:
        return {"_by_folder": {}}  # what a child process finds again if it needs to

    def disk_name(self, folder: str, name: str) -> str | None:
        """The entry of ``folder`` whose vault name is ``name``, or None when there is none."""
        known = self._by_folder.get(folder, {}).get(name)
        if known is not None and os.path.lexists(os.path.join(folder, known)):
            return known
        try:
            entries = os.listdir(folder)
        except OSError:
            return None
        spelt = {vault: disk for disk, vault in vault_names(entries).items() if vault != disk}
        self._by_folder[folder] = spelt
        return spelt.get(name)


def name_twins(paths: Iterable[str]) -> list[tuple[str, ...]]:
    """The groups of vault paths that differ only in Unicode normalisation, the NFC one first."""
    by_form: defaultdict[str, list[str]] = defaultdict(list)
    for path in paths:
        by_form[nfc(path)].append(path)
    return sorted(tuple(sorted(group, key=lambda path: (nfc(path) != path, path)))
                  for group in by_form.values() if len(group) > 1)


def twins_warning(twins: tuple[str, ...]) -> str:
    """One line telling the user that ``twins`` (from ``name_twins``) look alike but are
    different files: each shown with its accents escaped, and its form."""
    shown = " and ".join(f"{path.encode('ascii', 'backslashreplace').decode()} ({_form(path)})" for path in twins)
    return (f"{shown} differ only in Unicode normalisation: they look alike but are {len(twins)} notes; "
            f"a link by name reaches the NFC one. Renaming one tells them apart.")


def _form(path: str) -> str:
    if nfc(path) == path:
        return "NFC"
    return "NFD" if unicodedata.normalize("NFD", path) == path else "mixed"
