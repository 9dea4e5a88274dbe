"""`clew check`'s report, kept in the facts store for the vault's files as they were.

Which links are broken, and why, follows from the files alone: their paths (where a link can
lead) and their contents (a note's links, headings, block ids and aliases). The report is kept
with a key naming every file's path, size and mtime, so a check of a vault where no file came,
went or changed is a scan and one read of the store: no note's facts read back, no link
resolved, no fragment matched against headings again. Any file that comes, goes or changes
makes a new key, and the whole report is made again (unchanged notes' facts still come from
the store).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from clew.core.index.build import RACY_SECONDS, index_vault
from clew.core.index.link_report import check_lines, link_records
from clew.core.index.store import FactsStore
from clew.core.index.store_codec import UNREADABLE, all_of, pack, unpack
from clew.core.memory.collector import bulk_allocation
from clew.core.vault.disk_names import name_twins, twins_warning
from clew.core.vault.files import Vault, VaultFile

REPORT_NAME = "check"


@dataclass(frozen=True)
class CheckReport:
    """``lines``: each broken link, then a line counting them (``check_lines``); ``warnings``:
    notes whose names differ only in Unicode normalisation."""

    lines: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def broken(self) -> bool:
        return len(self.lines) > 1


def files_key(files: list[VaultFile]) -> bytes:
    """A digest naming every file of ``files`` (sorted by path, as ``Vault.scan`` lists them)
    by path, size and mtime. Packed as three columns: a string made per file takes 3x as long."""
    columns = ([f.path for f in files], [f.size for f in files], [f.mtime_ns for f in files])
    return hashlib.blake2b(pack(columns), digest_size=32).digest()


def check_report(vault: Vault, store: FactsStore) -> CheckReport:
    """The broken links of ``vault``: the report ``store`` kept if no file changed since, else
    made (its notes' facts from the store where they are current) and kept."""
    files = vault.scan()
    key = files_key(files)
    kept = _decoded(store.load_report(REPORT_NAME, key))
    if kept is not None:
        return kept
    _files, index = index_vault(vault, files, store=store)
    with bulk_allocation():
        index.read_back_all(store.read_back_all)
    report = CheckReport(tuple(check_lines(link_records(index), index.note_count)),
                         tuple(twins_warning(twins) for twins in name_twins(index.notes())))
    # A file written this recently may change again without its size or mtime changing: the
    # report made from it is not kept, as its facts would not be trusted by a watcher either.
    written_before = time.time_ns() - RACY_SECONDS * 1_000_000_000
    if all(file.mtime_ns < written_before for file in files):
        store.save_report(REPORT_NAME, key, pack((report.lines, report.warnings)))
    return report


def _decoded(value: bytes | None) -> CheckReport | None:
    if value is None:
        return None
    try:
        row = unpack(value)
    except UNREADABLE:
        return None
    if not (type(row) is tuple and len(row) == 2 and all(all_of(str, column) for column in row)):
        return None
    return CheckReport(*row)
