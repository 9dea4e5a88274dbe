"""The vault index: backlinks and unresolved links, and incremental updates that always agree
with a fresh index of the same files."""

from __future__ import annotations

import os
import threading
import unicodedata
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from clew.core.index import build as indexing
from clew.core.index.build import apply_changes, apply_read_changes, index_vault, per_file_slices, read_changes
from clew.core.index.graph import VaultIndex
from clew.core.index.retire import retire
from clew.core.links.model import How, LinkKind
from clew.core.notes.parsing import NoteFacts, parse_note
from clew.core.vault.files import Vault
from failing_reads import fail_reading

DAY4 = "ai/research_advances/neurips_2025_day4.md"
NEURIPS = "ai/research_advances/neurips_2025.md"
LAYOFFS = "ai/research_advances/meta_ai_layoffs.md"


def snapshot(index: VaultIndex, files: set[str]) -> dict:
    return {
        "notes": index.notes(),
        "outgoing": {n: index.outgoing(n) for n in index.notes()},
        "backlinks": {f: index.backlinks(f) for f in sorted(files)},
        "unresolved": index.unresolved(),
    }


class Incremental:
    """A vault copy indexed once, then kept in step by apply_changes after each change."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.vault = Vault(root)
        files, self.index = index_vault(self.vault)
        self.known = {f.path for f in files}

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.apply(rel)

    def delete(self, rel: str) -> None:
        (self.root / rel).unlink()
        self.apply(rel)

    def rename(self, old: str, new: str) -> None:
        os.rename(self.root / old, self.root / new)
        self.apply(old, new)

    def apply(self, *paths: str) -> None:
        apply_changes(self.vault, self.index, self.known, paths)
        self.check()

    def check(self) -> None:
        """The incremental index answers exactly as a fresh index of the same files."""
        files, fresh = index_vault(self.vault)
        fresh_paths = {f.path for f in files}
        assert self.known == fresh_paths
        every = fresh_paths | set(self.index.notes())
        assert snapshot(self.index, every) == snapshot(fresh, every)

    def resolution(self, source: str, target: str):
        return next(r.resolution for r in self.index.outgoing(source) if r.link.target == target)

    def backlink_sources(self, path: str) -> set[str]:
        return {b.source for b in self.index.backlinks(path)}


@pytest.fixture(scope="session")
def seed_facts() -> dict[tuple[str, bytes], NoteFacts | None]:
    """The facts of seed-kb's notes by path and content, for every test of its copies."""
    return {}


@pytest.fixture
def seed(vault_copy, monkeypatch, seed_facts) -> Incremental:
    # Each check builds a fresh index of the whole copy: a note is parsed (and seed-kb's
    # mis-encoded one repaired, most of a check's time) once per content, not at every check.
    monkeypatch.setattr(indexing, "read_facts", facts_by_content(indexing.read_facts, seed_facts))
    return Incremental(vault_copy("seed-kb"))


def facts_by_content(read: Callable[[Vault, str], NoteFacts | None],
                     known: dict[tuple[str, bytes], NoteFacts | None]) -> Callable[[Vault, str], NoteFacts | None]:
    """``read``, called once for each path and content it is asked about (``known`` keeps them)."""

    def read_facts(vault: Vault, path: str) -> NoteFacts | None:
        try:
            key = (path, vault.abs_path(path).read_bytes())
        except OSError:
            return read(vault, path)
        if key not in known:
            known[key] = read(vault, path)
        return known[key]

    return read_facts


def test_creating_a_note_resolves_the_links_waiting_for_it(seed):
    assert seed.resolution(DAY4, LAYOFFS).path is None
    seed.write(LAYOFFS, "# Meta AI layoffs\n")
    assert seed.resolution(DAY4, LAYOFFS).path == LAYOFFS
    assert DAY4 in seed.backlink_sources(LAYOFFS)

    seed.delete(LAYOFFS)
    assert seed.resolution(DAY4, LAYOFFS).path is None
    assert seed.index.backlinks(LAYOFFS) == []


def test_creating_a_note_reached_by_bare_name(seed):
    seed.write("ai/cv/perception_encoder.md", "# Perception Encoder\n")
    assert seed.resolution(DAY4, "perception_encoder.md").path == "ai/cv/perception_encoder.md"
    # A closer file with the same name takes over (the same folder wins a tie).
    seed.write("ai/research_advances/perception_encoder.md", "# PE\n")
    assert seed.resolution(DAY4, "perception_encoder.md").path == "ai/research_advances/perception_encoder.md"
    seed.delete("ai/research_advances/perception_encoder.md")
    assert seed.resolution(DAY4, "perception_encoder.md").path == "ai/cv/perception_encoder.md"


def test_renaming_a_note(seed):
    seed.write("later.md", "Waiting for [[neurips_2025_overview]].\n")
    assert seed.resolution("later.md", "neurips_2025_overview").path is None
    seed.rename(NEURIPS, "ai/research_advances/neurips_2025_overview.md")
    assert seed.resolution(DAY4, "neurips_2025.md").path is None
    assert seed.resolution("later.md", "neurips_2025_overview").path == "ai/research_advances/neurips_2025_overview.md"


def test_editing_a_note_changes_only_its_links(seed):
    seed.write("hub.md", "[[neurips_2025]] and [[neurips_2025_day4]]\n")
    assert seed.backlink_sources(NEURIPS) >= {"hub.md", DAY4}
    seed.write("hub.md", "only [[neurips_2025_day4]] now, and [[missing one]]\n")
    assert "hub.md" not in seed.backlink_sources(NEURIPS)
    assert "hub.md" in seed.backlink_sources(DAY4)
    assert any(r.source == "hub.md" and r.link.target == "missing one" for r in seed.index.unresolved())


def test_adding_and_removing_an_alias(seed):
    seed.write("reader.md", "See [[Hivemind]] and [[hive]].\n")
    assert seed.resolution("reader.md", "Hivemind").path is None
    seed.write("topic.md", "---\naliases: [Hivemind, Hive]\n---\n# Topic\n")
    resolved = seed.resolution("reader.md", "Hivemind")
    assert (resolved.path, resolved.how) == ("topic.md", How.ALIAS)
    assert seed.resolution("reader.md", "hive").path == "topic.md"
    seed.write("topic.md", "---\naliases: [Hive]\n---\n# Topic\n")
    assert seed.resolution("reader.md", "Hivemind").path is None
    # A second owner of the same alias makes it ambiguous: unresolved.
    seed.write("other.md", "---\naliases: Hive\n---\n")
    assert seed.resolution("reader.md", "hive").path is None
    seed.delete("other.md")
    assert seed.resolution("reader.md", "hive").path == "topic.md"


def test_an_attachment_appearing_and_leaving(seed):
    seed.write("a/b/c.md", "![x](../../../pics/new.png) ![[new.png]]\n")
    (seed.root / "pics").mkdir()
    (seed.root / "pics/new.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    seed.apply("pics/new.png")
    assert seed.resolution("a/b/c.md", "new.png").path == "pics/new.png"
    assert seed.resolution("a/b/c.md", "../../../pics/new.png").how is How.FILE_NAME_FALLBACK
    seed.delete("pics/new.png")
    assert seed.resolution("a/b/c.md", "new.png").path is None


def test_moving_a_folder(seed):
    seed.write("hub.md", "[[ai/research_advances/neurips_2025]] [[archive/neurips_2025]] [[neurips_2025]]\n")
    seed.rename("ai/research_advances", "archive")
    assert seed.resolution("hub.md", "ai/research_advances/neurips_2025").path is None
    assert seed.resolution("hub.md", "archive/neurips_2025").path == "archive/neurips_2025.md"
    assert seed.resolution("hub.md", "neurips_2025").path == "archive/neurips_2025.md"
    assert "archive/neurips_2025_day4.md" in seed.backlink_sources("archive/neurips_2025.md")


def test_moving_a_folder_in_a_vault_with_aliases_and_properties(vault_copy):
    vault = Incremental(vault_copy("kepano-obsidian"))
    vault.rename("Categories", "Kinds")
    vault.rename("References", "Refs")
    vault.write("Notes/new.md", "---\ncategories: ['[[Books]]']\n---\n[[Steph Ango]]\n")
    vault.delete("Notes/new.md")


def test_a_note_is_opened_at_its_vault_name_and_found_at_its_nfd_spelling(tmp_path, monkeypatch):
    # A Russian or Chinese vault's every path is not ASCII: reading one costs no stat first.
    folder = tmp_path / "заметки"
    folder.mkdir()
    (folder / "далее.md").write_text("# Далее\n", encoding="utf-8")
    (folder / unicodedata.normalize("NFD", "Ёлка.md")).write_text("[[далее]]\n", encoding="utf-8")
    vault = Vault(tmp_path)
    stats: list[str] = []
    lexists = os.path.lexists
    monkeypatch.setattr(os.path, "lexists", lambda path: stats.append(path) or lexists(path))
    assert indexing.read_facts(vault, "заметки/далее.md").title == "Далее"
    assert stats == []
    assert [link.target for link in indexing.read_facts(vault, "заметки/Ёлка.md").links] == ["далее"]
    assert indexing.read_facts(vault, "заметки/нет.md") is None


def test_a_note_whose_links_use_backslashes_and_nfd(seed):
    nfd = "Cafe\u0301 note"
    seed.write("a/linker.md", f"[[{nfd}]] [x](sub\\b.md)\n")
    seed.write("Café note.md", "# Café\n")
    seed.write("a/sub/b.md", "# B\n")
    assert seed.resolution("a/linker.md", nfd).path == "Café note.md"
    assert seed.resolution("a/linker.md", "sub\\b.md").path == "a/sub/b.md"
    seed.delete("Café note.md")
    seed.delete("a/sub/b.md")
    seed.write("a/reader.md", "[[Déjà vu]]\n")
    seed.write("topic.md", "---\naliases: [De\u0301ja\u0300 vu]\n---\n")
    assert seed.resolution("a/reader.md", "Déjà vu").path == "topic.md"
    seed.write("topic.md", "# no alias now\n")
    assert seed.resolution("a/reader.md", "Déjà vu").path is None


def test_a_note_that_cannot_be_read_is_still_a_file_of_the_vault(seed, monkeypatch):
    from clew.core.text.reading import NoteUnreadable

    fail_reading(monkeypatch, "locked.md", NoteUnreadable("permission denied: locked.md"))
    seed.write("hub.md", "[[locked]]\n")
    seed.write("locked.md", "# Locked\n")
    assert seed.resolution("hub.md", "locked").path == "locked.md"
    assert seed.index.facts("locked.md") is None


def test_changes_inside_a_skipped_folder_are_ignored(seed):
    (seed.root / ".obsidian").mkdir()
    (seed.root / ".obsidian" / "workspace.md").write_text("[[neurips_2025]]", encoding="utf-8")
    seed.apply(".obsidian", ".obsidian/workspace.md")
    assert not any(p.startswith(".obsidian") for p in seed.known)


# -- queries ------------------------------------------------------------------------------------


def test_backlinks_group_by_source_then_line():
    index = VaultIndex()
    facts = {
        "b.md": parse_note("[[t]]\n\n[[t|again]]\n", "b.md"),
        "a.md": parse_note("---\nup: '[[t]]'\n---\nsee [t](t.md)\n", "a.md"),
        "t.md": parse_note("# T\n[[#T]] and [[t]]\n", "t.md"),
    }
    index.build(facts, facts)
    found = [(b.source, b.link.line, b.link.kind) for b in index.backlinks("t.md")]
    assert found == [
        ("a.md", 2, LinkKind.FRONTMATTER),
        ("a.md", 4, LinkKind.MARKDOWN),
        ("b.md", 1, LinkKind.WIKI),
        ("b.md", 3, LinkKind.WIKI),
        ("t.md", 2, LinkKind.WIKI),
        ("t.md", 2, LinkKind.WIKI),
    ]


def test_the_links_naming_a_deleted_note_are_its_backlinks_before():
    index = VaultIndex()
    facts = {
        "a.md": parse_note("[[gone]] and [[sub/gone|it]]\n\n[[other/gone]] [g](sub/gone.md)\n", "a.md"),
        "b.md": parse_note("Also [[gone#Part]].\n", "b.md"),
        "c.md": parse_note("Nothing here.\n", "c.md"),
        "sub/gone.md": parse_note("# Gone\n", "sub/gone.md"),
    }
    index.build(facts, facts)
    before = [(b.source, b.link.line, b.link.target) for b in index.backlinks("sub/gone.md")]
    assert index.links_naming("sub/gone.md") == []
    index.remove("sub/gone.md")
    assert index.backlinks("sub/gone.md") == []
    after = index.links_naming("sub/gone.md")
    # [[other/gone]] never named it; the rest still do, leading nowhere now.
    assert [(b.source, b.link.line, b.link.target) for b in after] == before == [
        ("a.md", 1, "gone"), ("a.md", 1, "sub/gone"), ("a.md", 3, "sub/gone.md"), ("b.md", 1, "gone")]
    assert not any(b.resolution.resolved for b in after)
    index.set_note("x/gone.md", parse_note("# Another\n", "x/gone.md"))
    # Bare [[gone]] found another note of that name: it no longer names the deleted one.
    assert [(b.source, b.link.target) for b in index.links_naming("sub/gone.md")] == [
        ("a.md", "sub/gone"), ("a.md", "sub/gone.md")]


def test_a_notes_outgoing_links_are_made_once_and_again_after_each_change_that_moves_them():
    index = VaultIndex()
    facts = {"a.md": parse_note("[[t]] and [[u]]\n", "a.md"), "u.md": parse_note("# U\n", "u.md")}
    index.build(facts, facts)
    first, answers = index.outgoing("a.md"), index.answers_of("a.md")
    assert index.outgoing("a.md") is first  # kept: nothing changed
    index.set_note("b.md", parse_note("nothing\n", "b.md"))
    assert index.outgoing("a.md") is first and index.answers_of("a.md") == answers
    index.set_note("t.md", parse_note("# T\n", "t.md"))  # a link of a.md leads somewhere now
    assert [link.resolution.path for link in index.outgoing("a.md")] == ["t.md", "u.md"]
    assert index.answers_of("a.md") != answers
    index.set_note("a.md", parse_note("[[u]]\n", "a.md"))  # the note itself edited
    assert [link.resolution.path for link in index.outgoing("a.md")] == ["u.md"]
    assert index.outgoing("u.md") == () and index.answers_of("u.md") == b""
    index.remove("u.md")
    assert [link.resolution.path for link in index.outgoing("a.md")] == [None]


def test_unresolved_lists_vault_links_only():
    index = VaultIndex()
    text = "[[gone]] [x](https://x.org) https://y.org www.example.com [m](mailto:a@b.c) [[#Here]] [e]()\n"
    facts = {"n.md": parse_note(text, "n.md")}
    index.build(facts, facts)
    assert [r.link.target for r in index.unresolved()] == ["gone"]


def test_seed_kb_unresolved_links(seed_kb):
    _, index = index_vault(Vault(seed_kb))
    unresolved = {(r.source, r.link.target) for r in index.unresolved()}
    assert (DAY4, LAYOFFS) in unresolved
    assert (NEURIPS, "../../ai/llm/artificial_hivemind/index.md") in unresolved
    assert (DAY4, "neurips_2025.md") not in unresolved
    assert all(not r.link.is_external for r in index.unresolved())


def _retiring_threads_done() -> None:
    for thread in threading.enumerate():
        if thread.name == "clew-retire-index":
            thread.join(5)


def test_a_retired_index_nothing_else_holds_is_emptied_on_a_thread_of_its_own(vault_copy):
    _, index = index_vault(Vault(vault_copy("seed-kb")))
    outgoing, resolver_paths = index._outgoing, index.resolver._paths
    assert outgoing and resolver_paths
    freed = threading.Event()
    weakref.finalize(index, freed.set)
    held = [index]
    del index
    retire(held)
    assert held == []
    assert freed.wait(5)
    assert outgoing == {} and resolver_paths == set()


def test_a_retired_index_still_held_elsewhere_is_left_whole(vault_copy):
    _, index = index_vault(Vault(vault_copy("seed-kb")))
    before = snapshot(index, set(index.notes()))
    retire([index])
    _retiring_threads_done()
    assert snapshot(index, set(index.notes())) == before


def test_relinking_a_note_whose_facts_read_back_changed_links_all_of_them_anew():
    """A note's facts read back from disk, not from its row: edited, with other links. The
    links of a new file's key are not where they were; every link is resolved again."""
    index = VaultIndex()
    index.build(["a.md", "y.md"], {"a.md": parse_note("[[x]] [[y]]\n", "a.md"), "y.md": parse_note("# Y\n", "y.md")})
    snap = index.snapshot({"a.md": (1, 1), "y.md": (1, 1)})
    edited = {"a.md": parse_note("[[z]]\n[[x]]\n", "a.md"), "y.md": parse_note("# Y\n", "y.md")}
    restored = VaultIndex.restored(snap, lambda path, _stamp: edited[path])
    restored.set_note("x.md", parse_note("# X\n", "x.md"))
    assert [(r.link.target, r.resolution.path) for r in restored.outgoing("a.md")] == [("z", None), ("x", "x.md")]
    assert [b.source for b in restored.backlinks("x.md")] == ["a.md"]
    assert restored.backlinks("y.md") == []


def apply_holding_relinks(seed: Incremental, *paths: str, meanwhile=None) -> int:
    """Apply ``paths`` a file at a time with relinks held, then relink in turns of no time at
    all (one note each); ``meanwhile`` runs after the first turn. Returns the turns taken."""
    seed.index.hold_relinks()
    for part in per_file_slices(read_changes(seed.vault, paths), seed.known, 1):
        apply_read_changes(seed.index, seed.known, part)
    turns = 1
    while not seed.index.relink_held(until=0.0):
        if turns == 1 and meanwhile is not None:
            meanwhile()
        turns += 1
    seed.check()
    return turns


def test_a_folder_moved_with_relinks_held_relinks_each_note_once(seed, monkeypatch):
    seed.write("hub.md", "[[ai/research_advances/neurips_2025]] [[neurips_2025_day4]] [[meta_ai_layoffs]]\n")
    relinked: list[str] = []
    real = VaultIndex._relink
    monkeypatch.setattr(VaultIndex, "_relink", lambda self, source, keys: (relinked.append(source), real(self, source, keys)))
    os.rename(seed.root / "ai" / "research_advances", seed.root / "archive")
    turns = apply_holding_relinks(seed, "ai/research_advances", "archive")
    assert relinked.count("hub.md") == 1
    assert len(relinked) == len(set(relinked)) and turns >= len(relinked)
    assert seed.resolution("hub.md", "neurips_2025_day4").path == "archive/neurips_2025_day4.md"
    assert seed.resolution("hub.md", "ai/research_advances/neurips_2025").path is None
    assert seed.index.relink_held() is True  # nothing left held: changes relink at once again
    seed.write("archive/neurips_2025.md", "# moved\n")


def test_held_relinks_gather_their_notes_a_target_key_a_turn(seed):
    """Gathered in one go, the notes linking into a folder of 11k notes moved held the GUI
    thread for ~80 ms: the keys are looked up one a turn, then the notes relinked."""
    seed.write("hub.md", "[[neurips_2025_day4]] [[meta_ai_layoffs]]\n")
    moved = [p for p in seed.known if p.startswith("ai/research_advances/")]
    os.rename(seed.root / "ai" / "research_advances", seed.root / "archive")
    seed.index.hold_relinks()
    for part in per_file_slices(read_changes(seed.vault, ["ai/research_advances", "archive"]), seed.known, 1):
        apply_read_changes(seed.index, seed.known, part)
    turns = 0
    while seed.index.relinks_left() == 0:  # not known until every key is looked up
        assert seed.index.relink_held(until=0.0) is False
        turns += 1
    assert turns >= len(moved)  # each moved file's name is a key of its own at least
    assert seed.index.relinks_left() >= 1  # hub.md among them
    assert seed.index.relink_held() is True
    seed.check()
    assert seed.resolution("hub.md", "neurips_2025_day4").path == "archive/neurips_2025_day4.md"


def test_a_change_applied_while_held_relinks_are_made_is_relinked_too(seed):
    seed.write("hub.md", "[[later]] [[neurips_2025]]\n")
    os.rename(seed.root / "ai" / "research_advances", seed.root / "archive")

    def later_note_appears() -> None:
        (seed.root / "later.md").write_text("# Later\n", encoding="utf-8")
        apply_changes(seed.vault, seed.index, seed.known, ["later.md"])

    apply_holding_relinks(seed, "ai/research_advances", "archive", meanwhile=later_note_appears)
    assert seed.resolution("hub.md", "later").path == "later.md"
    assert seed.resolution("hub.md", "neurips_2025").path == "archive/neurips_2025.md"


def test_a_moved_folder_reported_with_each_of_its_files_applies_each_file_once(seed):
    """watchdog reports a folder moved, then each file in it moved: a file comes both under
    its folder and as a path of its own, and is applied once (not once more, as modified)."""
    before = sorted(p for p in seed.known if p.startswith("ai/research_advances/"))
    os.rename(seed.root / "ai" / "research_advances", seed.root / "archive")
    after = sorted(p.replace("ai/research_advances/", "archive/", 1) for p in before)
    read = read_changes(seed.vault, ["ai/research_advances", "archive", *before, *after])
    slices = per_file_slices(read, seed.known, 3)
    assert sorted(path for part in slices for path in part.present) == sorted(before + after)
    added, removed, modified = [], [], []
    for part in slices:
        update = apply_read_changes(seed.index, seed.known, part)
        added += update.added
        removed += update.removed
        modified += update.modified
    assert (sorted(added), sorted(removed), modified) == (after, before, [])
    seed.check()
