"""Repairs are remembered (core/text/repair_store.py): a mis-encoded note is repaired once, for
as long as its size and mtime stay, across windows and starts."""

from __future__ import annotations

import os
import pickle

import pytest

from clew.core.index.build import read_facts
from clew.core.text import mojibake
from clew.core.text import note_text as module
from clew.core.text import reading
from clew.core.text.mojibake import mangle
from clew.core.text.note_text import RepairStore, note_text
from clew.core.vault.files import Vault
from vault_files import write

CHINESE = "过去三年中，Transformer 架构依然主导潮流。我把论文加了书签，书签栏满了。"


@pytest.fixture
def repairs(monkeypatch):
    """Every repair note_text makes, by the text it was asked to repair."""
    made = []
    real = module.repair
    monkeypatch.setattr(module, "repair",
                        lambda text, models=None, known=None, guess=True: made.append(text) or real(text, models, known, guess))
    return made


def test_a_repaired_note_is_not_repaired_again_on_a_warm_start(tmp_path, repairs):
    root = write(tmp_path / "v", {"b.md": mangle(f"# B\n\n{CHINESE}\n")})
    first = note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3"))
    assert "书签栏" in first.text and len(repairs) == 1
    # A new store on the same file: the next start, another window, a worker process.
    again = note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3"))
    assert again == first and len(repairs) == 1


def test_a_changed_note_is_repaired_afresh(tmp_path, repairs):
    root = write(tmp_path / "v", {"b.md": mangle(f"# B\n\n{CHINESE}\n")})
    store = RepairStore(tmp_path / "repairs.sqlite3")
    note_text(root / "b.md", store)
    (root / "b.md").write_text(mangle(f"# B, edited\n\n{CHINESE}\n"), encoding="utf-8")
    stat = (root / "b.md").stat()
    os.utime(root / "b.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    changed = note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3"))
    assert changed.text.startswith("# B, edited") and len(repairs) == 2


def test_a_clean_note_is_never_looked_up(tmp_path, repairs, monkeypatch):
    root = write(tmp_path / "v", {"c.md": f"# C\n\n{CHINESE}\nОбычный русский текст «в кавычках».\n"})
    store = RepairStore(tmp_path / "repairs.sqlite3")
    monkeypatch.setattr(RepairStore, "get", lambda *args: pytest.fail("a clean note was looked up"))
    assert note_text(root / "c.md", store).text.startswith("# C") and repairs == []


def test_a_note_that_needs_no_repair_is_looked_at_closely_once(tmp_path, repairs):
    root = write(tmp_path / "v", {"c.md": "Её идея проста.\n"})  # a sign of mojibake, but clean
    for _ in range(2):
        note = note_text(root / "c.md", RepairStore(tmp_path / "repairs.sqlite3"))
        assert note.text == "Её идея проста.\n" and not note.notices
    assert len(repairs) == 1


def test_a_damaged_store_is_started_afresh(tmp_path, repairs):
    root = write(tmp_path / "v", {"b.md": mangle(f"# B\n\n{CHINESE}\n")})
    (tmp_path / "repairs.sqlite3").write_bytes(b"this is not a database" * 100)
    for _ in range(2):
        assert "书签栏" in note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3")).text
    assert len(repairs) == 1


def test_a_store_that_cannot_be_written_costs_a_repair_not_the_note(tmp_path, repairs):
    root = write(tmp_path / "v", {"b.md": mangle(f"# B\n\n{CHINESE}\n")})
    for _ in range(2):
        assert "书签栏" in note_text(root / "b.md", RepairStore(tmp_path / "missing" / "repairs.sqlite3")).text
    assert len(repairs) == 2


def test_the_index_of_a_reopened_vault_does_not_repair_again(tmp_path, repairs):
    root = write(tmp_path / "v", {"b.md": mangle(f"# 书签\n\n{CHINESE}\n")})
    assert [h.text for h in read_facts(Vault(root), "b.md").headings] == ["书签"]
    assert [h.text for h in read_facts(Vault(root), "b.md").headings] == ["书签"]  # a new window
    assert len(repairs) == 1


def test_the_index_worker_gets_the_folder_of_the_models_and_whether_it_defers(tmp_path):
    # The store travels to the worker process pickled: its models are loaded there, not built.
    # So does whether it defers repairs: the window's index child reads quickly too.
    store = pickle.loads(pickle.dumps(RepairStore(tmp_path / "repairs.sqlite3", tmp_path / "models", defers=True)))
    assert (store.path, store.models, store.defers) == (tmp_path / "repairs.sqlite3", tmp_path / "models", True)


def test_a_vaults_repairs_keep_the_models_in_clews_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEW_CACHE_DIR", str(tmp_path / "cache"))
    assert Vault(write(tmp_path / "v", {"a.md": "a"})).repairs.models == tmp_path / "cache" / "models"


LINES = [f"第{number}行：我把论文加了书签，书签栏满了。" for number in range(5)]


@pytest.fixture
def lines_chosen(monkeypatch):
    """Each line whose spelling the models chose (``mojibake._chosen``)."""
    chosen = []
    real = mojibake._chosen
    monkeypatch.setattr(mojibake, "_chosen", lambda line, *args: chosen.append(line) or real(line, *args))
    return chosen


def rewrite(path, text):
    """``text`` written to ``path`` with a new mtime, however coarse the file system's clock."""
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def test_a_changed_mis_encoded_note_reuses_the_repair_of_its_unchanged_lines(tmp_path, lines_chosen):
    root = write(tmp_path / "v", {"b.md": mangle("\n".join(LINES) + "\n")})
    note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3"))
    assert len(lines_chosen) == len(LINES)
    changed = LINES[:2] + ["第九行：我把论文加了书签。"] + LINES[3:] + ["added [[a link]]"]
    rewrite(root / "b.md", mangle("\n".join(changed) + "\n"))
    lines_chosen.clear()
    again = note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3"))
    assert lines_chosen == [mangle(changed[2])]  # the one mis-encoded line that changed
    assert again.text == mojibake.repair(mangle("\n".join(changed) + "\n")).text


def test_a_deferring_store_repairs_a_change_of_clean_lines_at_once_without_the_models(tmp_path, lines_chosen):
    root = write(tmp_path / "v", {"b.md": mangle("\n".join(LINES) + "\n")})
    note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3"))
    rewrite(root / "b.md", mangle("\n".join(LINES) + "\n") + "change: [[a link]]\n")
    lines_chosen.clear()
    store = RepairStore(tmp_path / "repairs.sqlite3", defers=True)
    again = note_text(root / "b.md", store)
    assert lines_chosen == [] and store.queued() == []
    assert again.text == "\n".join(LINES) + "\nchange: [[a link]]\n"
    assert again.notices and "restored" in again.notices[-1]


def test_a_deferring_store_reads_a_new_mis_encoded_line_quickly_and_queues_the_note(tmp_path, lines_chosen):
    root = write(tmp_path / "v", {"b.md": mangle("\n".join(LINES) + "\n")})
    store = RepairStore(tmp_path / "repairs.sqlite3", defers=True)
    quick = note_text(root / "b.md", store)
    assert lines_chosen == [] and [stamp for _path, stamp in store.queued()] == [module.stamp_of(root / "b.md")]
    assert quick.read_quickly and quick.notices[-1].startswith("Shown as read quickly")
    # The page repairs it now, whatever the store says; the note stays queued for the index.
    shown = note_text(root / "b.md", store, repair_now=True)
    assert shown.text == "\n".join(LINES) + "\n" and len(store.queued()) == 1
    assert note_text(root / "b.md", store) == shown  # the repair kept is shared


def test_a_store_of_an_older_version_is_started_afresh(tmp_path):
    import sqlite3

    path = tmp_path / "repairs.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     "INSERT INTO meta VALUES ('version', '3');"
                     "CREATE TABLE repairs (path BLOB PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"
                     " text TEXT, notice TEXT) WITHOUT ROWID;")
    db.close()
    root = write(tmp_path / "v", {"b.md": mangle("\n".join(LINES) + "\n")})
    store = RepairStore(path)
    note_text(root / "b.md", store)
    assert store.previous(root / "b.md") is not None and store.path is not None


def test_a_first_quick_reading_of_a_long_note_is_never_kept_as_its_repair(tmp_path, lines_chosen):
    # Its code page was looked for in its first part only: complete or not, the full repair decides.
    clean = "\n".join(["课程 привет мир, как дела"] * 200) + "\n"  # no byte lost: complete, read whole
    root = write(tmp_path / "v", {"b.md": mangle(clean)})
    store = RepairStore(tmp_path / "repairs.sqlite3", defers=True)
    assert note_text(root / "b.md", store).read_quickly
    assert len(store.queued()) == 1 and store.get(root / "b.md", module.stamp_of(root / "b.md")) is None


def test_a_moved_note_takes_its_repair_along_and_is_not_queued_again(tmp_path, lines_chosen):
    root = write(tmp_path / "v", {"a/b.md": mangle("\n".join(LINES) + "\n")})
    repaired = note_text(root / "a" / "b.md", RepairStore(tmp_path / "repairs.sqlite3"))
    (root / "a").rename(root / "moved")  # keeps the note's size and mtime
    lines_chosen.clear()
    store = RepairStore(tmp_path / "repairs.sqlite3", defers=True)
    moved = note_text(root / "moved" / "b.md", store)
    assert moved == repaired and lines_chosen == [] and store.queued() == []
    assert store.look_up(root / "moved" / "b.md", module.stamp_of(root / "moved" / "b.md"))[0] is not None


def test_a_note_of_the_same_size_and_mtime_but_another_text_is_repaired_for_itself(tmp_path, lines_chosen):
    root = write(tmp_path / "v", {"b.md": mangle("\n".join(LINES) + "\n"),
                                  "c.md": mangle("\n".join(reversed(LINES)) + "\n")})
    stat = (root / "b.md").stat()
    os.utime(root / "c.md", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3"))
    other = note_text(root / "c.md", RepairStore(tmp_path / "repairs.sqlite3"))
    assert other.text == "\n".join(reversed(LINES)) + "\n"


def test_the_pages_first_look_reads_a_note_not_repaired_yet_quickly_and_queues_nothing(tmp_path, lines_chosen):
    root = write(tmp_path / "v", {"b.md": mangle("\n".join(LINES) + "\n")})
    store = RepairStore(tmp_path / "repairs.sqlite3", defers=True)
    quick = note_text(root / "b.md", store, quick=True)
    assert quick.read_quickly and "read as Windows-1254" in quick.notices[-1]
    assert lines_chosen == [] and store.queued() == []  # the page asks again at once, repair_now
    shown = note_text(root / "b.md", store, repair_now=True)
    assert not shown.read_quickly and shown.text == "\n".join(LINES) + "\n"
    assert note_text(root / "b.md", store, quick=True) == shown  # once kept, the first look is repaired


def test_a_note_written_while_it_is_read_keeps_no_repair(tmp_path, repairs, monkeypatch):
    # The stamp a repair is kept by is the file's as it was opened, before its bytes were read
    # (no stat of a clean note's path): a write during the read must not leave the new bytes'
    # repair filed under the old stamp, nor the old bytes' under the new one.
    root = write(tmp_path / "v", {"b.md": mangle(f"# B\n\n{CHINESE}\n")})
    real_read = reading._read

    def written_meanwhile(descriptor, *args):
        rewrite(root / "b.md", mangle(f"# B, edited meanwhile\n\n{CHINESE}\n"))
        return real_read(descriptor, *args)

    monkeypatch.setattr(reading, "_read", written_meanwhile)
    store = RepairStore(tmp_path / "repairs.sqlite3")
    assert note_text(root / "b.md", store).text.startswith("# B, edited meanwhile")
    monkeypatch.setattr(reading, "_read", real_read)
    assert store.look_up(root / "b.md", module.stamp_of(root / "b.md")) == (None, None)


def test_a_clean_note_is_read_without_a_stat_of_its_path(tmp_path, monkeypatch):
    root = write(tmp_path / "v", {"c.md": f"# C\n\n{CHINESE}\n"})
    monkeypatch.setattr(module, "stamp_of", lambda path: pytest.fail(f"{path} was stat'ed"))
    assert note_text(root / "c.md", RepairStore(tmp_path / "repairs.sqlite3")).text.startswith("# C")
