"""Notes in UTF-16 without a BOM and notes mixing UTF-8 with a legacy encoding line by line are
indexed like any other: their links show in the backlinks of the notes they lead to."""

from __future__ import annotations

from clew.core.index.build import index_vault
from clew.core.index.source_lines import with_context
from clew.core.vault.files import Vault

MIXED = ("# Смешанная\n\nUTF-8, Привет [[a]]\n".encode("utf-8")
         + "Строка в windows-1251 со ссылкой [[b]]\n".encode("cp1251"))


def test_links_of_a_mixed_and_of_a_bomless_utf16_note_are_backlinks(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / "mixed.md").write_bytes(MIXED)
    (root / "wide.md").write_bytes("# Широкая\n\nСм. [[b]] и [[a]]\n".encode("utf-16-le"))
    (root / "a.md").write_text("# A\n", encoding="utf-8")
    (root / "b.md").write_text("# B\n", encoding="utf-8")
    vault = Vault(root)
    _, index = index_vault(vault)
    assert [(b.source, b.link.line, b.context) for b in with_context(vault, index.backlinks("b.md"))] == [
        ("mixed.md", 4, "Строка в windows-1251 со ссылкой [[b]]"), ("wide.md", 3, "См. [[b]] и [[a]]")]
    assert [b.source for b in index.backlinks("a.md")] == ["mixed.md", "wide.md"]
    assert index.facts("mixed.md").title == "Смешанная" and index.facts("wide.md").title == "Широкая"
