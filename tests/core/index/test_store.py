"""The facts store and the warm start: only changed files are read again, and a store that cannot be trusted is rebuilt."""

import dataclasses
import os
import pickle
import sqlite3
from array import array
from dataclasses import dataclass

import pytest

import clew
from clew.core.index import facts_read_back
from clew.core.index import build as indexing
from clew.core.index import store as store_module
from clew.core.index import snapshot as stored_graph
from clew.core.index import snapshot_decoding
from clew.core.index.build import index_vault
from clew.core.index.snapshot import StoredNoteEntry, encode_snapshot
from clew.core.index.store import FactsStore, StoredNote
from clew.core.index.store_codec import pack, unpack
from clew.core.links.resolver import Resolver
from clew.core.notes.parsing import NoteFacts, parse_note
from clew.core.vault.files import Vault
from clew.core.vault.known import KnownFiles


@pytest.fixture
def vault_root(tmp_path):
    root = tmp_path / "vault"
    (root / "sub").mkdir(parents=True)
    for number in range(60):
        # Enough notes, and headings, for the store file to span many pages.
        headings = "".join(f"## A heading long enough to fill the store's pages {k}\n" for k in range(20))
        (root / "sub" / f"n{number}.md").write_text(f"# N{number}\n[[hub]] {'words ' * 60}\n{headings}")
    (root / "hub.md").write_text("# Hub\n[[n1]]\n")
    (root / "other.md").write_text("# Other\n[[hub]]\n")
    return root


def open_vault(root):
    vault = Vault(root)
    return index_vault(vault, store=FactsStore.for_vault(vault.root))


def backlink_sources(index, path):
    return sorted(link.source for link in index.backlinks(path))


def test_warm_start_reads_only_changed_files(vault_root, reads):
    _, cold = open_vault(vault_root)
    assert len(reads) == 62
    reads.clear()
    (vault_root / "other.md").write_text("# Other\nno link now\n")
    (vault_root / "new.md").write_text("[[hub]]\n")
    _, warm = open_vault(vault_root)
    assert sorted(reads) == ["new.md", "other.md"]
    assert "other.md" not in backlink_sources(warm, "hub.md")
    assert "new.md" in backlink_sources(warm, "hub.md")
    assert len(backlink_sources(warm, "hub.md")) == 61
    assert warm.facts("sub/n5.md") == cold.facts("sub/n5.md")


def test_a_file_with_the_same_size_but_a_new_mtime_is_read_again(vault_root, reads):
    open_vault(vault_root)
    reads.clear()
    note = vault_root / "hub.md"
    stat = note.stat()
    note.write_text("# Hub\n[[n2]]\n")  # same length as before
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    _, warm = open_vault(vault_root)
    assert reads == ["hub.md"]
    assert backlink_sources(warm, "sub/n2.md") == ["hub.md"]


def test_files_deleted_while_closed_are_dropped(vault_root, reads):
    open_vault(vault_root)
    (vault_root / "other.md").unlink()
    (vault_root / "sub" / "n7.md").unlink()
    reads.clear()
    files, index = open_vault(vault_root)
    assert reads == []
    assert "other.md" not in index and "sub/n7.md" not in index
    assert "other.md" not in backlink_sources(index, "hub.md")
    stored = FactsStore.for_vault(Vault(vault_root).root).load()
    assert "other.md" not in stored and "sub/n7.md" not in stored
    assert len(stored) == 60


def store_file(root):
    return FactsStore.for_vault(Vault(root).root).path


def run_sql(root, statement, parameters=()):
    """Run one statement on the vault's store file, as another program (or a crash) might."""
    with sqlite3.connect(store_file(root)) as db:
        db.execute(statement, parameters)
    db.close()


def assert_rebuilt(root, reads):
    """The vault is read again in full, the index is right, and the store is usable again."""
    reads.clear()
    _, index = open_vault(root)
    assert len(reads) == 62
    assert len(backlink_sources(index, "hub.md")) == 61
    reads.clear()
    open_vault(root)
    assert reads == []


def test_a_corrupt_store_is_rebuilt(vault_root, reads):
    open_vault(vault_root)
    path = store_file(vault_root)
    path.write_bytes(b"this is not an SQLite database at all" * 100)
    assert_rebuilt(vault_root, reads)


def test_a_truncated_store_is_rebuilt(vault_root, reads):
    open_vault(vault_root)
    path = store_file(vault_root)
    size = path.stat().st_size
    assert size > 8 * 4096, "the store should span many pages for this test to mean something"
    with path.open("r+b") as handle:
        handle.truncate(size // 2)
    assert_rebuilt(vault_root, reads)


def test_a_store_of_another_clew_version_is_rebuilt(vault_root, reads):
    open_vault(vault_root)
    run_sql(vault_root, "UPDATE meta SET value = '0.0.1/1/oldshape' WHERE key = 'schema'")
    assert_rebuilt(vault_root, reads)


def test_a_store_of_the_format_before_is_rebuilt(vault_root, reads):
    """Format 10 kept the snapshot's paths as strings: its store is emptied, not read."""
    open_vault(vault_root)
    old = store_module.schema().replace(f"/{store_module.STORE_FORMAT}/", "/10/")
    run_sql(vault_root, "UPDATE meta SET value = ? WHERE key = 'schema'", (old,))
    assert FactsStore.for_vault(Vault(vault_root).root).load_snapshot() is None
    assert_rebuilt(vault_root, reads)


def assert_row_written_again(root, reads, path="hub.md"):
    """A note whose stored row cannot be trusted is read from disk when its facts are asked
    for, right, and its row is written again: the next run takes it from the store."""
    reads.clear()
    _, index = open_vault(root)
    assert len(backlink_sources(index, "hub.md")) == 61
    assert index.facts(path) == indexing.read_facts(Vault(root), path)
    assert reads == [path, path]  # the index's, and this test's own
    reads.clear()
    _, index = open_vault(root)
    assert index.facts(path).title
    assert reads == []


def test_a_store_row_that_would_run_code_is_refused(vault_root, reads, tmp_path):
    open_vault(vault_root)
    marker = tmp_path / "ran"

    class RunsCode:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    run_sql(vault_root, "UPDATE notes SET facts = ? WHERE path = ?", (pickle.dumps(RunsCode()), b"hub.md"))
    assert_row_written_again(vault_root, reads)
    assert not marker.exists()


def test_a_locked_store_costs_a_cold_read_not_a_crash(vault_root, reads, monkeypatch):
    open_vault(vault_root)
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_S", 0.1)
    holder = sqlite3.connect(store_file(vault_root), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        reads.clear()
        (vault_root / "new.md").write_text("[[hub]]\n")
        _, index = open_vault(vault_root)
        assert len(reads) == 63
        assert "new.md" in backlink_sources(index, "hub.md")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # The lock is gone: the store is used again, and learns the note it could not take before.
    reads.clear()
    open_vault(vault_root)
    assert reads == ["new.md"]
    reads.clear()
    open_vault(vault_root)
    assert reads == []


def test_two_windows_on_one_vault_share_the_store(vault_root, reads):
    vault = Vault(vault_root)
    first, second = FactsStore.for_vault(vault.root), FactsStore.for_vault(vault.root)
    index_vault(vault, store=first)
    # The other window holds a read open (a long load) while this one writes.
    reader = sqlite3.connect(second.path, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM notes").fetchone()[0] == 62
    (vault_root / "by-first.md").write_text("[[hub]]\n")
    index_vault(vault, store=first)
    assert reader.execute("SELECT count(*) FROM notes").fetchone()[0] == 62  # its snapshot holds
    reader.execute("COMMIT")
    reader.close()
    (vault_root / "by-second.md").write_text("[[hub]]\n")
    index_vault(vault, store=second)
    stored = first.load()
    assert {"by-first.md", "by-second.md"} <= stored.keys()
    assert len(stored) == 64


def test_the_schema_names_the_shape_of_the_facts():
    @dataclass(frozen=True)
    class Grown(NoteFacts):
        reading_time: int = 0

    shapes = [store_module._shape(cls) for cls in store_module._record_types(NoteFacts)]
    assert any("LinkKind" in shape for shape in shapes)
    assert any(shape.startswith("clew.core.links.model.Link(") for shape in shapes)
    assert "reading_time" in store_module._shape(Grown)
    assert clew.__version__ in store_module.schema()


def test_stored_facts_round_trip(vault_root):
    vault = Vault(vault_root)
    store = FactsStore.for_vault(vault.root)
    _, index = index_vault(vault, store=store)
    stored = store.load()
    assert isinstance(stored["hub.md"], StoredNote)
    assert stored["hub.md"].facts == index.facts("hub.md")


def test_a_name_that_is_not_utf8_is_stored_and_found_again(vault_root, reads):
    with open(os.path.join(os.fsencode(vault_root), b"caf\xe9.md"), "wb") as handle:
        handle.write(b"[[hub]]\n")
    _, cold = open_vault(vault_root)
    odd = os.fsdecode(b"caf\xe9.md")
    assert odd in backlink_sources(cold, "hub.md")
    reads.clear()
    _, warm = open_vault(vault_root)
    assert reads == []
    assert odd in backlink_sources(warm, "hub.md")


# A row as encode_facts writes it: title, five columns of links, three of headings, tags,
# aliases, block ids.
GOOD_ROW = ("Hub", ["wikilink"], ["n1"], [""], [""], [2], [1], ["Hub"], [1], [], [], [])
BAD_ROWS = {
    "a link of an unknown kind": ("Hub", ["telepathy"], *GOOD_ROW[2:]),
    "a target that is a number": ("Hub", ["wikilink"], [7], *GOOD_ROW[3:]),
    "a line that is a string": (*GOOD_ROW[:5], ["2"], *GOOD_ROW[6:]),
    "a line that is a bool": (*GOOD_ROW[:5], [True], *GOOD_ROW[6:]),
    "link columns of different lengths": (*GOOD_ROW[:4], ["", ""], *GOOD_ROW[5:]),
    "a heading without its line": (*GOOD_ROW[:8], [], *GOOD_ROW[9:]),
    "a title that is a number": (3, *GOOD_ROW[1:]),
    "an alias that is a number": (*GOOD_ROW[:10], ["fine", 7], []),
    "one column short": GOOD_ROW[:-1],
    "a map": {"title": "Hub"},
    "truncated": pack(GOOD_ROW)[:-3],
    "a pickle": pickle.dumps(NoteFacts("Hub")),
}


def test_the_good_row_of_the_bad_rows_is_read():
    assert store_module.decode_facts(pack(GOOD_ROW)) == parse_note("# Hub\n[[n1]]\n", "hub.md")


@pytest.mark.parametrize("row", BAD_ROWS)
def test_a_store_row_holding_the_wrong_types_is_written_again(vault_root, reads, row):
    # Written by another build under the same schema name, or tampered with.
    open_vault(vault_root)
    blob = BAD_ROWS[row] if type(BAD_ROWS[row]) is bytes else pack(BAD_ROWS[row])
    run_sql(vault_root, "UPDATE notes SET facts = ? WHERE path = ?", (blob, b"hub.md"))
    assert_row_written_again(vault_root, reads)


# -- the stored link graph -------------------------------------------------------------------------


@pytest.fixture
def resolved(monkeypatch):
    """The (source, target) of every link resolved by the resolver, not taken from the stored graph."""
    seen = []
    real = Resolver.resolve

    def counting(self, link, source, source_dir=None):
        seen.append((source, link.target))
        return real(self, link, source, source_dir)

    monkeypatch.setattr(Resolver, "resolve", counting)
    return seen


def same_as_a_fresh_index(root, index):
    _, fresh = index_vault(Vault(root))
    assert index.notes() == fresh.notes()
    for path in fresh.notes():
        assert index.outgoing(path) == fresh.outgoing(path)
        assert index.backlinks(path) == fresh.backlinks(path)
        assert index.names(path) == fresh.names(path)
    assert index.unresolved() == fresh.unresolved()
    assert sorted(index.titles()) == sorted(fresh.titles())


def test_a_warm_start_with_the_same_files_resolves_no_link(vault_root, resolved):
    open_vault(vault_root)
    assert resolved
    resolved.clear()
    _, warm = open_vault(vault_root)
    assert resolved == []
    same_as_a_fresh_index(vault_root, warm)


def test_a_changed_note_alone_is_resolved_again(vault_root, resolved):
    open_vault(vault_root)
    (vault_root / "other.md").write_text("# Other\n[[n3]] [[n4]]\n")
    resolved.clear()
    _, warm = open_vault(vault_root)
    assert sorted(resolved) == [("other.md", "n3"), ("other.md", "n4")]
    same_as_a_fresh_index(vault_root, warm)


@pytest.mark.parametrize("change, touched", [("new file", "later"), ("file gone", "hub"), ("alias", "Nickname")])
def test_new_files_gone_files_and_aliases_resolve_the_links_they_touch(vault_root, resolved, change, touched):
    """Only those links: a note's other links lead where they did."""
    (vault_root / "links.md").write_text("[[later]] [[Nickname]] [[hub]]\n")
    open_vault(vault_root)
    if change == "new file":
        (vault_root / "later.md").write_text("# Later\n")
    elif change == "file gone":
        (vault_root / "hub.md").unlink()
    else:
        (vault_root / "sub" / "n7.md").write_text("---\naliases: [Nickname]\n---\n# N7\n")
    resolved.clear()
    _, warm = open_vault(vault_root)
    assert [target for source, target in resolved if source == "links.md"] == [touched]
    same_as_a_fresh_index(vault_root, warm)


def test_a_broken_stored_graph_costs_resolving_not_a_crash(vault_root, resolved):
    open_vault(vault_root)
    run_sql(vault_root, "UPDATE graph SET value = ?", (pack(("x", ("not a Resolution",), {})),))
    resolved.clear()
    _, warm = open_vault(vault_root)
    assert resolved
    same_as_a_fresh_index(vault_root, warm)
    resolved.clear()
    open_vault(vault_root)
    assert resolved == []  # written again whole


def test_an_index_from_the_stored_graph_takes_changes_as_a_fresh_one_does(vault_root, resolved):
    open_vault(vault_root)
    files, warm = open_vault(vault_root)
    (vault_root / "hub.md").unlink()
    (vault_root / "sub" / "n2.md").write_text("[[other]] [[n3]]\n")
    (vault_root / "hub2.md").write_text("[[n1]]\n")
    known = {f.path for f in files}
    indexing.apply_changes(Vault(vault_root), warm, known, ["hub.md", "sub/n2.md", "hub2.md"])
    same_as_a_fresh_index(vault_root, warm)


# -- the snapshot of the index ---------------------------------------------------------------------


@pytest.fixture
def decoded(monkeypatch):
    """The number of note rows decoded from the store."""
    count = [0]
    real = store_module.decode_facts

    def counting(blob):
        count[0] += 1
        return real(blob)

    monkeypatch.setattr(store_module, "decode_facts", counting)
    return count


def test_a_warm_start_reads_each_notes_facts_back_only_when_asked(vault_root, decoded):
    open_vault(vault_root)
    decoded[0] = 0
    _, warm = open_vault(vault_root)
    assert decoded[0] == 0
    assert warm.names("sub/n5.md").title == "N5"
    assert decoded[0] == 0
    assert backlink_sources(warm, "sub/n1.md") == ["hub.md"]
    assert decoded[0] == 1  # hub.md, for the link's text and line
    assert warm.facts("hub.md").links[0].target == "n1"
    assert decoded[0] == 1  # kept once read back
    same_as_a_fresh_index(vault_root, warm)


def test_a_store_whose_rows_are_gone_reads_the_notes_when_asked(vault_root, reads):
    open_vault(vault_root)
    run_sql(vault_root, "DELETE FROM notes")
    reads.clear()
    _, warm = open_vault(vault_root)
    assert reads == []
    assert backlink_sources(warm, "hub.md") == ["other.md", *(f"sub/n{k}.md" for k in sorted(range(60), key=str))]
    assert sorted(reads) == sorted(backlink_sources(warm, "hub.md"))
    reads.clear()
    _, warm = open_vault(vault_root)
    backlink_sources(warm, "hub.md")
    assert reads == []  # their rows were written again


@pytest.mark.parametrize("edited", [False, True])
def test_a_note_read_back_from_disk_has_its_row_written_again_only_if_unchanged(vault_root, reads, edited):
    """A note whose row is gone is read from disk when asked for; changed since the snapshot,
    its new facts are not written under the snapshot's stamp (its row comes with the change)."""
    open_vault(vault_root)
    run_sql(vault_root, "DELETE FROM notes WHERE path = ?", (b"hub.md",))
    if edited:
        (vault_root / "hub.md").write_text("# Hub, edited while Clew was closed\n[[n1]]\n")
    store = FactsStore.for_vault(vault_root)
    restored = indexing.restore_index(Vault(vault_root), store.load_snapshot(), store)
    assert restored.facts("hub.md") == indexing.read_facts(Vault(vault_root), "hub.md")
    with sqlite3.connect(store_file(vault_root)) as db:
        rows = db.execute("SELECT count(*) FROM notes WHERE path = ?", (b"hub.md",)).fetchone()[0]
    db.close()
    assert rows == (0 if edited else 1)


def read_moved_folder(root, store=None):
    """The folder ``sub`` moved to ``moved``, read as a batch of the watcher's would be."""
    os.rename(root / "sub", root / "moved")
    return indexing.read_changes(Vault(root), ["sub", "moved"], store=store)


def apply_in_slices(index, files, read):
    known = {f.path for f in files}
    index.hold_relinks()
    for part in indexing.per_file_slices(read, known, 7):
        indexing.apply_read_changes(index, known, part)
    index.relink_held()


def test_a_batch_read_with_the_store_leaves_its_notes_facts_to_it(vault_root, decoded):
    open_vault(vault_root)
    files, warm = open_vault(vault_root)
    store = FactsStore.for_vault(vault_root)
    read = read_moved_folder(vault_root, store)
    assert read.facts == {}
    assert read.stored == {f"moved/n{k}.md" for k in range(60)}
    note = Vault(vault_root).stat("moved/n5.md")
    assert store.read_back(note.path, (note.size, note.mtime_ns)) == indexing.read_facts(Vault(vault_root), note.path)
    apply_in_slices(warm, files, read)
    decoded[0] = 0
    assert warm.facts("moved/n5.md").title == "N5"
    assert decoded[0] == 1  # read back: not held in memory once applied
    assert warm.names("moved/n5.md").title == "N5"
    same_as_a_fresh_index(vault_root, warm)


def test_a_batch_read_while_the_store_is_busy_keeps_its_notes_facts(vault_root, monkeypatch):
    open_vault(vault_root)
    files, warm = open_vault(vault_root)
    monkeypatch.setattr(FactsStore, "update", lambda self, fresh, gone=(): False)
    read = read_moved_folder(vault_root, FactsStore.for_vault(vault_root))
    assert read.stored == set() and len(read.facts) == 60
    assert sorted(f.path for f, _facts in read.fresh) == sorted(read.facts)  # for the store, once in
    apply_in_slices(warm, files, read)
    same_as_a_fresh_index(vault_root, warm)


def test_a_note_left_to_the_store_whose_row_and_file_are_gone_is_a_file_links_reach(vault_root):
    open_vault(vault_root)
    files, warm = open_vault(vault_root)
    read = read_moved_folder(vault_root, FactsStore.for_vault(vault_root))
    run_sql(vault_root, "DELETE FROM notes WHERE path = ?", (b"moved/n1.md",))
    (vault_root / "moved" / "n1.md").unlink()
    apply_in_slices(warm, files, read)
    assert "moved/n1.md" in warm and not warm.has_facts("moved/n1.md")
    assert [link.resolution.path for link in warm.outgoing("hub.md")] == ["moved/n1.md"]


def test_relinking_keeps_the_notes_read_back_for_the_window(vault_root, decoded, monkeypatch):
    """A batch relinks many notes, each read back once: they do not push out the notes the
    window reads back again and again (the open note and its backlinks)."""
    monkeypatch.setattr(facts_read_back, "FACTS_READ_BACK_KEPT", 2)
    open_vault(vault_root)
    files, warm = open_vault(vault_root)
    warm.facts("sub/n5.md")
    os.rename(vault_root / "hub.md", vault_root / "hub2.md")  # the 61 notes linking [[hub]] are relinked
    decoded[0] = 0
    apply_in_slices(warm, files, indexing.read_changes(Vault(vault_root), ["hub.md", "hub2.md"]))
    assert decoded[0] == 60  # sub/n5.md was read back already
    assert warm.facts("sub/n5.md").title == "N5"
    assert decoded[0] == 60
    same_as_a_fresh_index(vault_root, warm)


def test_many_changes_since_the_snapshot_save_a_new_one(vault_root, reads, monkeypatch):
    open_vault(vault_root)
    for number in range(5):
        (vault_root / "sub" / f"n{number}.md").write_text(f"# Changed {number}\n[[other]]\n")
    monkeypatch.setattr(indexing, "SNAPSHOT_AGAIN_ABOVE", 4)
    reads.clear()
    open_vault(vault_root)
    assert len(reads) == 5
    with sqlite3.connect(store_file(vault_root)) as db:
        db.execute("DELETE FROM notes")  # only a snapshot that knows the changes can do without them
    db.close()
    reads.clear()
    _, warm = open_vault(vault_root)
    assert reads == []
    assert warm.names("sub/n3.md").title == "Changed 3"
    same_as_a_fresh_index(vault_root, warm)


def reopened_afresh(vault_root, resolved):
    """Reopen the vault: its snapshot refused, the index is built afresh and right."""
    resolved.clear()
    _, warm = open_vault(vault_root)
    assert resolved  # links resolved again: the snapshot was not used
    same_as_a_fresh_index(vault_root, warm)


def test_a_snapshot_whose_links_reach_past_its_answers_is_not_used(vault_root, resolved):
    _, cold = open_vault(vault_root)
    snapshot = cold.snapshot({path: (1, 1) for path in cold.notes()})
    entry = snapshot.notes["hub.md"]
    snapshot.notes["hub.md"] = entry._replace(picks=array("I", [len(snapshot.pool.keys) + 5]).tobytes())
    with sqlite3.connect(store_file(vault_root)) as db:
        db.execute("DELETE FROM graph")
        db.executemany("INSERT INTO graph VALUES (?, ?)", enumerate(encode_snapshot(snapshot)))
    db.close()
    reopened_afresh(vault_root, resolved)


def test_a_snapshot_whose_tables_name_notes_it_does_not_have_is_not_used(vault_root, resolved):
    """The tables' numbers are decoded only when used, so they are checked when read."""
    open_vault(vault_root)
    with sqlite3.connect(store_file(vault_root)) as db:
        rows = db.execute("SELECT key, value FROM graph").fetchall()
        for key, blob in rows:
            kind, items = unpack(blob)
            if kind == "incoming":
                items = [items[0], [array("I", [10_000]).tobytes(), *items[1][1:]]]
                db.execute("UPDATE graph SET value = ? WHERE key = ?", (pack((kind, items)), key))
    db.close()
    reopened_afresh(vault_root, resolved)


def test_the_keys_table_is_read_back_only_when_the_index_changes(vault_root, monkeypatch):
    open_vault(vault_root)
    calls = []
    real = snapshot_decoding._sources_by_key
    monkeypatch.setattr(snapshot_decoding, "_sources_by_key", lambda *args: calls.append(args) or real(*args))
    files, warm = open_vault(vault_root)
    assert backlink_sources(warm, "hub.md") and calls == []
    (vault_root / "hub2.md").write_text("[[n1]]\n")
    indexing.apply_changes(Vault(vault_root), warm, {f.path for f in files}, ["hub2.md"])
    assert len(calls) == 1
    same_as_a_fresh_index(vault_root, warm)


KEYS_DAMAGED = {
    "not msgpack": lambda kind, items: (kind, [b"\xc1 not msgpack"]) if kind == "by_key" else (kind, items),
    "names notes it does not have": lambda kind, items: (
        kind, [pack([(key, array("I", [10_000]).tobytes()) for key, _ in unpack(items[0])])])
    if kind == "by_key" else (kind, items),
    "a map, not an array": lambda kind, items: (kind, [pack(dict(unpack(items[0])))])
    if kind == "by_key" else (kind, items),
}


@pytest.mark.parametrize("damage", KEYS_DAMAGED)
def test_a_keys_table_that_cannot_be_trusted_is_made_again_from_the_answers(vault_root, resolved, damage):
    (vault_root / "links.md").write_text("[[later]] [[Nickname]] [[hub]]\n")
    open_vault(vault_root)
    _rewrite_parts(vault_root, KEYS_DAMAGED[damage])
    resolved.clear()
    files, warm = open_vault(vault_root)
    assert resolved == []  # the rest of the snapshot is used
    (vault_root / "later.md").write_text("# Later\n")
    (vault_root / "sub" / "n7.md").write_text("---\naliases: [Nickname]\n---\n# N7\n")
    (vault_root / "hub.md").unlink()
    indexing.apply_changes(Vault(vault_root), warm, {f.path for f in files}, ["later.md", "sub/n7.md", "hub.md"])
    assert {link.source for link in warm.backlinks("later.md")} == {"links.md"}
    same_as_a_fresh_index(vault_root, warm)


def _rewrite_parts(vault_root, rewrite):
    """Replace each part of the stored snapshot, as (kind, items), by what ``rewrite`` makes of it."""
    with sqlite3.connect(store_file(vault_root)) as db:
        rows = db.execute("SELECT key, value FROM graph ORDER BY key").fetchall()
        db.execute("DELETE FROM graph")
        found = [rewrite(kind, list(items)) for kind, items in map(unpack, (blob for _key, blob in rows))]
        db.executemany("INSERT INTO graph VALUES (?, ?)", enumerate(pack(part) for part in found))
    db.close()


def _notes_changed(change):
    """A rewrite of the snapshot's parts (see ``_rewrite_parts``) that changes its notes' columns."""
    return lambda kind, items: (kind, change(list(items))) if kind == "notes" else (kind, items)


BAD_PARTS = {
    "a shape's how is a number": lambda kind, items: (kind, [(3, False, (), None)] + items[1:])
    if kind == "shapes" else (kind, items),
    "a shape of three": lambda kind, items: (kind, [(None, False, ())] + items[1:]) if kind == "shapes" else (kind, items),
    "a candidate is a number": lambda kind, items: (kind, items + [(None, False, (1,), None)])
    if kind == "shapes" else (kind, items),
    "answers past the shapes": lambda kind, items: (kind, [*items[:2], array("I", [999] * len(items[0])).tobytes()])
    if kind == "answers" else (kind, items),
    "columns of different lengths": lambda kind, items: (kind, [items[0][:-1], *items[1:]])
    if kind == "answers" else (kind, items),
    "a key is a number": lambda kind, items: (kind, [[7] * len(items[0]), *items[1:]])
    if kind == "answers" else (kind, items),
    "a path is a string": lambda kind, items: (kind, [items[0], ["hub.md"] * len(items[0]), items[2]])
    if kind == "answers" else (kind, items),
    "a path past the paths": lambda kind, items: (
        kind, [items[0], array("I", [99_999] * len(items[0])).tobytes(), items[2]])
    if kind == "answers" else (kind, items),
    "a backlink to a path past the paths": lambda kind, items: (
        kind, [array("I", [99_999] * len(items[1])).tobytes(), items[1]])
    if kind == "incoming" else (kind, items),
    "backlinks of one column": lambda kind, items: (kind, items[:1]) if kind == "incoming" else (kind, items),
    "other paths that are numbers": lambda kind, items: (kind, [7]) if kind == "paths" else (kind, items),
    "no other paths": lambda kind, items: ("later", items) if kind == "paths" else (kind, items),
    "answers of two columns": lambda kind, items: (kind, items[:2]) if kind == "answers" else (kind, items),
    "no shapes": lambda kind, items: ("others", []) if kind == "shapes" else (kind, items),
    "notes of four columns": _notes_changed(lambda columns: columns[:4]),
    "notes as rows": lambda kind, items: (kind, list(zip(*items))) if kind == "notes" else (kind, items),
    "a title is a number": _notes_changed(lambda columns: [*columns[:2], [1] * len(columns[2]), *columns[3:]]),
    "one title too few": _notes_changed(lambda columns: [*columns[:2], columns[2][:-1], *columns[3:]]),
    "paths as a list": _notes_changed(lambda columns: [[1] * len(columns[1]), *columns[1:]]),
    "a note that is not a file": _notes_changed(
        lambda columns: [array("I", [99_999] * len(columns[1])).tobytes(), *columns[1:]]),
    "aliases as strings": _notes_changed(lambda columns: [*columns[:3], ["alias"] * len(columns[3]), columns[4]]),
    "a tag is a number": _notes_changed(lambda columns: [*columns[:4], [(7,)] * len(columns[4])]),
    "a how of another Clew": lambda kind, items: (kind, [("by smell", False, (), None)] + items[1:])
    if kind == "shapes" else (kind, items),
    "picks past the answers": _notes_changed(
        lambda columns: [columns[0], [array("I", [99_999]).tobytes()] * len(columns[1]), *columns[2:]]),
}


@pytest.mark.parametrize("damage", BAD_PARTS)
def test_a_snapshot_whose_parts_cannot_be_trusted_is_not_used(vault_root, resolved, damage):
    open_vault(vault_root)
    _rewrite_parts(vault_root, BAD_PARTS[damage])
    reopened_afresh(vault_root, resolved)


def test_a_snapshot_read_back_holds_the_files_that_are_not_notes_with_their_stamps(vault_root):
    (vault_root / "picture.png").write_bytes(b"\x89PNG")
    open_vault(vault_root)
    read_back = FactsStore.for_vault(Vault(vault_root).root).load_snapshot()
    assert read_back.others == {"picture.png": file_stamps_of(vault_root)["picture.png"]}


def as_format_10(kind, items):
    """A part of a snapshot as format 10 kept it: paths as strings, the notes' stamps in their
    part, the files that are not notes in a part of their own, and no part of other paths."""
    if kind == "answers":
        return kind, [items[0], ["sub/n1.md"] * len(items[0]), items[2]]
    if kind == "notes":
        count = len(items[1])
        return kind, [["sub/n1.md"] * count, array("q", [1] * count).tobytes(), array("q", [1] * count).tobytes(),
                      *items[1:]]
    if kind == "incoming":
        return kind, [("hub.md", value) for value in items[1]]
    return ("others", []) if kind == "paths" else (kind, items)


def test_a_snapshot_of_the_format_before_is_not_misread(vault_root, resolved):
    """Kept under this format's name by mistake, a snapshot laid out as format 10 is refused."""
    open_vault(vault_root)
    _rewrite_parts(vault_root, as_format_10)
    reopened_afresh(vault_root, resolved)


def test_a_snapshot_whose_answers_come_after_its_notes_is_not_used(vault_root, resolved):
    open_vault(vault_root)
    with sqlite3.connect(store_file(vault_root)) as db:
        parts = [unpack(blob) for (blob,) in db.execute("SELECT value FROM graph ORDER BY key")]
        answers = [part for part in parts if part[0] == "answers"]
        parts = [part for part in parts if part[0] != "answers"] + answers
        db.execute("DELETE FROM graph")
        db.executemany("INSERT INTO graph VALUES (?, ?)", enumerate(pack(part) for part in parts))
    db.close()
    reopened_afresh(vault_root, resolved)


def test_a_snapshot_is_kept_in_parts_each_quick_to_read(vault_root, monkeypatch):
    monkeypatch.setitem(stored_graph.PART_SIZES, "notes", 7)
    monkeypatch.setitem(stored_graph.PART_SIZES, "files", 20)
    _, cold = open_vault(vault_root)
    with sqlite3.connect(store_file(vault_root)) as db:
        parts = db.execute("SELECT count(*) FROM graph").fetchone()[0]
    db.close()
    # 62 files' stamps by 20, the other paths, the answers' shapes and columns, 62 notes by 7, the two tables.
    assert parts == 4 + 1 + 2 + 9 + 1 + 1
    assert FactsStore.for_vault(Vault(vault_root).root).load_listing().stamps() == file_stamps_of(vault_root)
    _, warm = open_vault(vault_root)
    same_as_a_fresh_index(vault_root, warm)


def test_a_snapshot_with_a_part_of_an_unknown_kind_is_not_used(vault_root, resolved):
    open_vault(vault_root)
    run_sql(vault_root, "INSERT INTO graph VALUES (999, ?)", (pack(("later", [])),))
    reopened_afresh(vault_root, resolved)


def test_every_note_read_back_at_once_for_a_pass_over_all_links(vault_root, decoded, reads):
    open_vault(vault_root)
    store = FactsStore.for_vault(Vault(vault_root).root)
    with sqlite3.connect(store.path) as db:
        db.execute("DELETE FROM notes WHERE path = ?", (b"other.md",))
    db.close()
    _, warm = index_vault(Vault(vault_root), store=store)
    decoded[0] = 0
    reads.clear()
    warm.read_back_all(store.read_back_all)
    assert decoded[0] == 61
    assert reads == ["other.md"]  # its row was gone
    for path in warm.notes():
        warm.outgoing_checked(path)
    assert decoded[0] == 61 and reads == ["other.md"]  # nothing read back one by one afterwards
    same_as_a_fresh_index(vault_root, warm)


def test_rows_are_read_back_from_the_new_store_after_it_was_started_afresh(vault_root):
    vault = Vault(vault_root)
    store = FactsStore.for_vault(vault.root)
    index_vault(vault, store=store)

    def stamp():
        found = (vault_root / "hub.md").stat()
        return found.st_size, found.st_mtime_ns

    assert store.read_back("hub.md", stamp()).title == "Hub"
    store.path.write_bytes(b"this is not an SQLite database at all" * 100)
    assert store.load() == {}  # started afresh
    (vault_root / "hub.md").write_text("# Hub again\n")
    index_vault(vault, store=store)
    assert store.read_back("hub.md", stamp()).title == "Hub again"


def file_stamps_of(root):
    return {f.path: (f.size, f.mtime_ns) for f in Vault(root).scan()}


def test_a_snapshot_read_back_holds_each_notes_entry_by_name(vault_root):
    _, cold = open_vault(vault_root)
    stamps = file_stamps_of(vault_root)
    read_back = FactsStore.for_vault(Vault(vault_root).root).load_snapshot()
    assert read_back.notes == cold.snapshot(stamps).notes
    hub = read_back.notes["hub.md"]
    assert type(hub) is StoredNoteEntry
    assert (hub.size, hub.mtime_ns) == stamps["hub.md"] and hub.title == "Hub" and hub.aliases == hub.tags == ()
    assert len(array("I", hub.picks)) == 1  # its one link, [[n1]]


def test_the_listing_is_read_alone_from_the_snapshot(vault_root):
    open_vault(vault_root)
    listing = FactsStore.for_vault(Vault(vault_root).root).load_listing()
    assert listing.stamps() == file_stamps_of(vault_root)
    assert listing.paths == sorted(listing.paths)  # kept in path order: the tree sorts it in one pass


def test_a_snapshot_keeps_the_notes_in_path_order(vault_root):
    # Restored, the index's notes are then sorted in one pass, not merged.
    _, cold = open_vault(vault_root)
    snapshot = cold.snapshot(file_stamps_of(vault_root))
    shuffled = dict(sorted(snapshot.notes.items(), key=lambda item: item[0][::-1]))
    assert list(shuffled) != sorted(shuffled)
    parts = list(encode_snapshot(dataclasses.replace(snapshot, notes=shuffled)))
    notes = list(snapshot_decoding.decode_snapshot(iter(parts)).notes)
    assert notes == sorted(notes) and len(notes) == len(cold.notes())


def test_a_warm_reading_decodes_the_files_once_for_the_listing_and_the_snapshot(vault_root, monkeypatch):
    # A warm opening lists the files from the first parts, then reads the whole snapshot:
    # decoding those parts again took ~50 ms at 100k files.
    monkeypatch.setitem(stored_graph.PART_SIZES, "files", 20)
    open_vault(vault_root)
    store = FactsStore.for_vault(Vault(vault_root).root)
    decoded = []
    real = stored_graph.unpack_columns
    monkeypatch.setattr(snapshot_decoding, "unpack_columns", lambda packed: decoded.append(1) or real(packed))
    reading = store.warm_reading()
    listing = next(reading)
    assert len(decoded) == 4  # 62 files by 20
    read_back = next(reading)
    assert len(decoded) == 4
    assert all(path is listed for path, listed in zip(read_back.names, listing.paths))
    assert {path: (entry.size, entry.mtime_ns) for path, entry in read_back.notes.items()} | read_back.others == \
        listing.stamps() == file_stamps_of(vault_root)
    assert read_back.notes == store.load_snapshot().notes
    assert next(reading, "over") == "over"


def test_a_warm_reading_reads_the_snapshot_its_listing_was_of(vault_root):
    # Another window may save one between the two steps: the listing and the snapshot agree.
    open_vault(vault_root)
    store = FactsStore.for_vault(Vault(vault_root).root)
    before = store.load_snapshot().notes
    reading = store.warm_reading()
    listing = next(reading)
    for number in range(30):
        (vault_root / f"new{number}.md").write_text("[[hub]]\n")
    _, cold = open_vault(vault_root)
    assert indexing.save_snapshot(store, cold, file_stamps_of(vault_root))
    read_back = next(reading)
    assert set(read_back.notes) | set(read_back.others) == set(listing.paths) and read_back.notes == before
    assert "new3.md" in store.load_snapshot().notes  # the one saved in between, read next time


def test_a_warm_reading_not_read_to_its_end_closes_its_connection(vault_root, monkeypatch):
    open_vault(vault_root)
    store = FactsStore.for_vault(Vault(vault_root).root)
    closed = []
    real = store_module._Connection.__exit__
    monkeypatch.setattr(store_module._Connection, "__exit__", lambda self, *exc: closed.append(1) or real(self, *exc))
    reading = store.warm_reading()
    assert next(reading) is not None and closed == []
    reading.close()
    assert closed == [1]


def test_a_snapshot_without_its_listing_is_not_used(vault_root, resolved):
    """The listing numbers the paths the rest of the snapshot names."""
    open_vault(vault_root)
    run_sql(vault_root, "DELETE FROM graph WHERE key = (SELECT min(key) FROM graph)")
    assert FactsStore.for_vault(Vault(vault_root).root).load_listing() is None
    reopened_afresh(vault_root, resolved)


@pytest.mark.parametrize("packed", [
    ("a.md\0b.md", array("q", [1]).tobytes(), array("q", [1]).tobytes()),  # two paths, one stamp
    ("a.md", "not bytes", b""),
    ("a.md",),
], ids=["disagreeing", "wrong-types", "wrong-shape"])
def test_a_listing_that_cannot_be_trusted_is_not_used(vault_root, packed):
    open_vault(vault_root)
    blob = pack((stored_graph.FILES_PART, packed))
    run_sql(vault_root, "UPDATE graph SET value = ? WHERE key = (SELECT min(key) FROM graph)", (blob,))
    assert FactsStore.for_vault(Vault(vault_root).root).load_listing() is None


def packed_stamps(stamps):
    return stored_graph.pack_stamp_columns(list(stamps), [size for size, _ in stamps.values()],
                                           [mtime for _, mtime in stamps.values()])


def test_stamps_pack_and_unpack():
    stamps = {"a.md": (3, 10**18), "ü/b.png": (0, -1)}
    assert stored_graph.unpack_stamps(packed_stamps(stamps)) == stamps
    assert stored_graph.unpack_stamps(packed_stamps({})) == {}
    # Split in parts of ~100k characters and unpacked in slices: a part may end on any path.
    many = {f"{'深' * (number % 7)}n{number}.md": (number, number * 7) for number in range(25_001)}
    assert list(stored_graph.unpack_stamps(packed_stamps(many)).items()) == list(many.items())
    columns = stored_graph.StoredFiles.of(many)
    assert columns.packed() == packed_stamps(many) and columns.stamps() == many
    from_columns = KnownFiles.from_columns(*columns[:3])
    assert from_columns == set(many) and from_columns.copy_stamps() == many and from_columns.sorted_paths() == sorted(many)


def test_stamps_for_a_child_hold_the_paths_as_utf8_bytes():
    # Pickled for a child, a str is encoded in one call that holds the GIL; bytes are copied.
    # Encoded in parts, a part may end inside any path; a name not UTF-8 on disk comes back.
    stamps = {f"{'深' * (number % 7)}n{number}.md": (number, -number) for number in range(60_001)}
    stamps["bad\udcff.md"] = (1, 2)
    packed = stored_graph.child_stamps(packed_stamps(stamps))
    assert [type(column) for column in packed] == [bytes, bytes, bytes]
    assert list(stored_graph.stamps_from_parent(packed).items()) == list(stamps.items())
    assert stored_graph.stamps_from_parent(stored_graph.child_stamps(packed_stamps({}))) == {}


def test_a_snapshot_read_back_holds_each_path_as_one_string_the_files_listed_first(vault_root):
    # Decoded, the notes' entries, the answers and the table of incoming links each held a copy
    # of every path, and the files listed before the snapshot was read one more.
    open_vault(vault_root)
    listed = [(f.path + "/")[:-1] for f in Vault(vault_root).scan()]  # strings of their own
    read_back = FactsStore.for_vault(Vault(vault_root).root).load_snapshot(iter(listed))
    first = {path: path for path in listed}
    assert set(read_back.notes) | set(read_back.others) == set(listed)
    held = [*read_back.notes, *read_back.others, *read_back.incoming,
            *(path for path in read_back.pool.paths if path is not None)]
    assert "sub/n1.md" in read_back.pool.paths and "hub.md" in read_back.incoming
    assert all(path is first[path] for path in held)


def test_a_snapshot_read_back_holds_each_target_key_as_one_string(vault_root):
    # Read as strings of their own, the keys' table held a second copy of the answers' keys.
    (vault_root / "links.md").write_text("[[later]] [[Nickname]] [[hub]]\n")
    open_vault(vault_root)
    read_back = FactsStore.for_vault(Vault(vault_root).root).load_snapshot()
    first = {key: key for key in read_back.pool.keys if key is not None}
    by_key = read_back.sources_by_key()
    assert "later" in by_key and "hub" in by_key
    assert all(key is first[key] for key in by_key)
