"""The line a link is written on, read from its note when shown (the index keeps only line numbers)."""

from clew.core.indexing import index_vault
from clew.core import link_context
from clew.core.link_context import NoteLines, with_context
from clew.core.vault import Vault
from vault_files import write


def backlink_lines(vault: Vault, index, path: str) -> list[tuple[str, int, str]]:
    return [(b.source, b.link.line, b.context) for b in with_context(vault, index.backlinks(path))]


def test_each_backlink_gets_its_line_as_written(tmp_path):
    vault = Vault(write(tmp_path / "v", {
        "a.md": "---\nup: \"[[t]]\"\n---\nfirst [[t]]\r\nsecond [x](t.md) and [[t#H]]\n",
        "b.md": "# B\n\n  indented [[t|shown]]",
        "t.md": "# T\n",
    }))
    _, index = index_vault(vault)
    assert backlink_lines(vault, index, "t.md") == [
        ("a.md", 2, 'up: "[[t]]"'),
        ("a.md", 4, "first [[t]]"),
        ("a.md", 5, "second [x](t.md) and [[t#H]]"),
        ("a.md", 5, "second [x](t.md) and [[t#H]]"),
        ("b.md", 3, "  indented [[t|shown]]"),
    ]


def test_a_note_gone_or_shortened_since_indexing_gives_empty_lines(tmp_path):
    root = write(tmp_path / "v", {"a.md": "x\n[[t]]\n", "b.md": "[[t]]\n", "t.md": ""})
    vault = Vault(root)
    _, index = index_vault(vault)
    (root / "a.md").write_text("x\n")
    (root / "b.md").unlink()
    assert backlink_lines(vault, index, "t.md") == [("a.md", 2, ""), ("b.md", 1, "")]


def test_a_mojibake_note_gives_its_repaired_line(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / "t.md").write_text("")
    (root / "a.md").write_bytes("Привет [[t]] мир\n".encode("utf-8").decode("cp1251").encode("utf-8"))
    vault = Vault(root)
    _, index = index_vault(vault)
    assert backlink_lines(vault, index, "t.md") == [("a.md", 1, "Привет [[t]] мир")]


def test_note_lines_are_read_again_only_when_the_note_s_stamp_changes(tmp_path, monkeypatch):
    root = write(tmp_path / "v", {"a.md": "x\n[[t]]\n", "b.md": "[[t]]\n", "t.md": ""})
    vault = Vault(root)
    _, index = index_vault(vault)
    stamps = {"a.md": (9, 1), "b.md": (6, 1)}
    read = []
    real = link_context.note_lines
    monkeypatch.setattr(link_context, "note_lines", lambda v, path: read.append(path) or real(v, path))
    lines = NoteLines(vault, stamps.get, most=1)
    assert with_context(vault, index.backlinks("t.md"), lines)[0].context == "[[t]]"
    assert read == ["a.md", "b.md"]
    (root / "b.md").write_text("changed [[t]]\n")
    assert lines("b.md") == ["[[t]]", ""]  # the index has b.md as it was: so are its lines
    stamps["b.md"] = (14, 2)
    assert lines("b.md") == ["changed [[t]]", ""]
    assert lines("a.md") == ["x", "[[t]]", ""]  # only one kept (most=1): read again
    assert read == ["a.md", "b.md", "b.md", "a.md"]
