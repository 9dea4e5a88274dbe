"""The page reads nothing outside the vault's boundary (Vault.holds): not the note, not its embeds,
whether by a symlink, by ``..`` or by a sibling folder whose name starts with the vault's."""

from __future__ import annotations

from pathlib import Path

import pytest

from clew.core.links.model import How, Resolution
from clew.core.render.embeds import vault_note_loader
from clew.core.render.page import RenderRequest, render_request
from clew.core.vault.files import Vault

SECRET = "secret words from outside"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """``v`` with a note, a symlink to a note outside it, and a sibling ``v-evil`` beside it."""
    root = tmp_path / "v"
    root.mkdir()
    (root / "inside.md").write_text("# Inside\ninside text\n", encoding="utf-8")
    (tmp_path / "secret.md").write_text(SECRET, encoding="utf-8")
    (tmp_path / "v-evil").mkdir()
    (tmp_path / "v-evil" / "page.md").write_text(SECRET, encoding="utf-8")
    (root / "linked.md").symlink_to(tmp_path / "secret.md")
    return root


def embed_page(vault: Path, target: str, boundary: Vault | None = None) -> str:
    """A note embedding ``target``, resolved as an index would have it (the file may have become a
    symlink since it was indexed)."""
    (vault / "host.md").write_text("before\n\n![[x]]\n\nafter\n", encoding="utf-8")
    request = RenderRequest(0, vault, "host.md", {"x": Resolution(target, How.NAME)},
                            embedded={target: {}}, vault=boundary)
    return render_request(request).html


class FollowingVault(Vault):
    """A vault whose boundary also holds ``extra`` (as a followed folder symlink's target would)."""

    def __init__(self, root: Path, extra: Path) -> None:
        super().__init__(root)
        self.extra = extra.resolve()

    @property
    def boundary_roots(self) -> tuple[Path, ...]:
        return (self.root, self.extra)


@pytest.mark.parametrize("path", ["linked.md", "../secret.md", "../v-evil/page.md", "sub/../../secret.md"])
def test_embeds_read_nothing_outside_the_vault(vault, path):
    assert vault_note_loader(Vault(vault))(path) is None


def test_embeds_read_notes_inside_the_vault(vault):
    assert vault_note_loader(Vault(vault))("inside.md") == "# Inside\ninside text\n"


def test_an_embed_of_a_symlink_to_outside_shows_a_notice_not_the_file(vault):
    page = embed_page(vault, "linked.md")
    assert SECRET not in page
    assert "linked.md cannot be read" in page
    assert "inside text" in embed_page(vault, "inside.md")


def test_a_symlinked_note_outside_the_vault_is_refused(vault):
    result = render_request(RenderRequest(0, vault, "linked.md", {}))
    assert SECRET not in result.html
    assert "outside the vault" in " ".join(result.notices)


def test_a_gone_note_is_gone_not_outside(vault):
    result = render_request(RenderRequest(0, vault, "gone.md", {}))
    assert result.missing
    assert "the file is gone" in result.notices[0]


def test_the_page_reads_inside_the_boundary_the_request_carries(vault, tmp_path):
    """What the window's vault holds (its followed targets too) is what the page may read."""
    followed = tmp_path / "followed"
    followed.mkdir()
    (followed / "far.md").write_text("# Far\nfar text\n", encoding="utf-8")
    (vault / "far.md").symlink_to(followed / "far.md")
    refused = render_request(RenderRequest(0, vault, "far.md", {}))
    assert "outside the vault" in " ".join(refused.notices)

    boundary = FollowingVault(vault, followed)
    shown = render_request(RenderRequest(0, vault, "far.md", {}, vault=boundary))
    assert "far text" in shown.html
    assert "far text" not in embed_page(vault, "far.md")
    assert "far text" in embed_page(vault, "far.md", boundary)
