"""The line a link is written on, read from its note when shown (the index keeps only line numbers)."""

from clew.core.indexing import index_vault
from clew.core.link_context import with_context
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
