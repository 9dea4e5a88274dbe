"""A page rendered before the vault is indexed (its request's resolutions not known, None): its
links are drawn as links whose target is not known yet, not as broken ones; with resolutions
known but empty they are broken, as before."""

from __future__ import annotations

from clew.core.render.page import RenderRequest, render_request

NOTE = "# N\n\nSee [[Other note]], [[Other#Part|a part]] and [a file](other.md).\n\n![[Embedded]]\n\n![[pic.png]]\n"


def _page(tmp_path, resolutions) -> str:
    (tmp_path / "n.md").write_text(NOTE, encoding="utf-8")
    return render_request(RenderRequest(0, tmp_path, "n.md", resolutions, inline_title=False)).html


def test_links_of_a_page_rendered_before_the_index_are_not_drawn_broken(tmp_path):
    page = _page(tmp_path, None)
    assert "unresolved" not in page and "missing image" not in page
    assert "dashed" not in page
    for href in ("pending:Other%20note", "pending:Other#Part", "pending:other.md", "pending:Embedded",
                 "pending:pic.png"):
        assert f'href="{href}"' in page
    assert page.count('class="pending"') == 5
    assert page.count('title="not known yet: the vault is still being indexed"') == 5


def test_links_of_a_page_with_known_resolutions_that_find_nothing_are_broken(tmp_path):
    page = _page(tmp_path, {})
    assert "pending" not in page
    for href in ("unresolved:Other%20note", "unresolved:Other#Part", "unresolved:other.md", "unresolved:Embedded",
                 "unresolved:pic.png"):
        assert f'href="{href}"' in page
    assert 'class="unresolved">missing image: ' in page
