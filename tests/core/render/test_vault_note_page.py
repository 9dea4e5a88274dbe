"""vault_note_page: a note as the command line gives it (`clew render`, `clew export`): whole, and
saying when it could not be read."""

from __future__ import annotations

from clew.core.index.build import index_vault
from clew.core.render.page import render_request, vault_note_page
from clew.core.vault.files import Vault


def _indexed(root):
    vault = Vault(root)
    return vault, index_vault(vault)[1]


def test_a_long_note_comes_whole_not_in_parts(tmp_path):
    (tmp_path / "long.md").write_text("".join(f"## Heading {n}\n\ntext {n}\n\n" for n in range(3000)),
                                      encoding="utf-8")
    vault, index = _indexed(tmp_path)
    result = vault_note_page(render_request, vault, index, "long.md")
    assert result.parts == 1 and "Heading 2999" in result.html
    assert not any("part" in notice for notice in result.notices)


def test_a_note_gone_since_the_index_says_it_could_not_be_read(tmp_path):
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n", encoding="utf-8")
    vault, index = _indexed(tmp_path)
    (tmp_path / "b.md").unlink()
    (tmp_path / "b.md").mkdir()  # a folder now holds its name
    assert vault_note_page(render_request, vault, index, "a.md").unreadable == ""
    assert vault_note_page(render_request, vault, index, "b.md").unreadable == "this is a folder, not a note: b.md"
