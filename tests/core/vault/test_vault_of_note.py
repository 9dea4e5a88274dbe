"""`clew NOTE.md` (the desktop's "Open with Clew"): which vault a lone note is opened in."""

from __future__ import annotations

from pathlib import Path

from clew.core.vault.of_note import vault_of_note


def test_a_note_deep_in_an_obsidian_vault_opens_that_vault(tmp_path: Path) -> None:
    (tmp_path / "vault" / ".obsidian").mkdir(parents=True)
    note = tmp_path / "vault" / "topics" / "deep" / "note.md"
    note.parent.mkdir(parents=True)
    note.write_text("# Note\n", encoding="utf-8")
    assert vault_of_note(note) == (tmp_path / "vault", "topics/deep/note.md")


def test_the_nearest_marker_wins(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "inner" / ".foam").mkdir(parents=True)
    note = tmp_path / "inner" / "a.md"
    note.write_text("a\n", encoding="utf-8")
    assert vault_of_note(note) == (tmp_path / "inner", "a.md")


def test_a_note_without_a_vault_marker_opens_its_folder(tmp_path: Path) -> None:
    note = tmp_path / "loose" / "readme.md"
    note.parent.mkdir()
    note.write_text("hello\n", encoding="utf-8")
    assert vault_of_note(note) == (tmp_path / "loose", "readme.md")


def test_a_relative_path_is_taken_from_the_working_folder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x.md").write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert vault_of_note(Path("notes/x.md")) == (tmp_path / "notes", "x.md")
