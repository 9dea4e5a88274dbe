"""A page's first look at a mis-encoded note not repaired yet (RenderRequest.quick_repair): the
note read quickly, said so, and its text not handed out as the note's."""

from __future__ import annotations

from clew.core.render.page import RenderRequest, render_request
from clew.core.text.mojibake import mangle
from clew.core.text.repair_store import RepairStore
from clew.core.vault.files import Vault
from vault_files import write

TEXT = "# 书签\n\n我把论文加了书签，书签栏满了。\n"


def _request(root, quick: bool) -> RenderRequest:
    vault = Vault(root)
    vault.repairs = RepairStore(root.parent / "repairs.sqlite3", defers=True)
    return RenderRequest(1, root, "b.md", {}, vault=vault, quick_repair=quick)


def test_a_first_look_shows_the_note_read_quickly_then_the_repair_is_kept(tmp_path):
    root = write(tmp_path / "v", {"b.md": mangle(TEXT)})
    quick = render_request(_request(root, quick=True))
    assert quick.read_quickly and quick.text is None
    assert any(notice.startswith("Shown as read quickly") for notice in quick.notices)
    repaired = render_request(_request(root, quick=False))
    assert not repaired.read_quickly and repaired.text == TEXT
    again = render_request(_request(root, quick=True))  # kept now: the first look is the repair
    assert not again.read_quickly and again.text == TEXT


def test_a_clean_note_is_never_read_quickly(tmp_path):
    root = write(tmp_path / "v", {"b.md": TEXT})
    result = render_request(_request(root, quick=True))
    assert not result.read_quickly and result.text == TEXT
