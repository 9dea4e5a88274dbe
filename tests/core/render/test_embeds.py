"""Embeds: a note (or its section, or its block) shown inline under a header that links to it,
with a guard against cycles and depth; images at their size hint, marked when found by file
name; PDFs and other files as link cards; block ids anchored and hidden."""

from __future__ import annotations

from pathlib import Path

from clew.core.index.build import index_vault
from clew.core.links.fragments import find_anchor
from clew.core.links.model import How, Resolution
from clew.core.render.embeds import MAX_EMBED_DEPTH, embedded_resolutions, note_section
from clew.core.render.markdown import render
from clew.core.render.page import RenderRequest, render_request, resolutions_for
from clew.core.vault.files import Vault
from vault_files import write


def page(root: Path, path: str) -> str:
    _, index = index_vault(Vault(root))
    request = RenderRequest(0, root.resolve(), path, resolutions_for(index, path),
                            embedded=embedded_resolutions(index, path))
    return render_request(request).html


SECTIONED = "---\ntitle: B\n---\n# B\n\nintro\n\n## Part\n\npart text\n\n### Deeper\n\ndeep\n\n## Next\n\nnext text\n"


def test_note_section_by_heading_block_and_whole():
    assert note_section(SECTIONED, "b.md", "Part") == "## Part\n\npart text\n\n### Deeper\n\ndeep\n"
    assert note_section(SECTIONED, "b.md", "B#Next") == "## Next\n\nnext text\n"
    assert note_section(SECTIONED, "b.md", "") == SECTIONED
    assert note_section(SECTIONED, "b.md", "Nope") is None
    text = "first\npara ends ^p1\n\n- item ^i1\n- other\n"
    assert note_section(text, "c.md", "^p1") == "first\npara ends ^p1"
    assert note_section(text, "c.md", "^i1") == "- item ^i1"
    assert note_section(text, "c.md", "^gone") is None


def test_note_embed_shows_the_note_under_a_header_link(tmp_path):
    root = write(tmp_path, {"a.md": "# A\n\n![[b]]\n", "b.md": "# Bee\n\nB has [[c]].\n", "c.md": ""})
    html = page(root, "a.md")
    assert '<table class="embed"' in html
    assert '<p class="embed-title"><a class="internal" href="note:b.md"' in html
    assert "B has" in html
    # The embedded note's own links resolve from the embedded note.
    assert 'href="note:c.md"' in html


def test_section_embed_shows_only_that_section(tmp_path):
    root = write(tmp_path, {"a.md": "![[b#Part]]\n", "b.md": SECTIONED})
    html = page(root, "a.md")
    assert "part text" in html and "deep" in html
    assert "intro" not in html and "next text" not in html
    assert 'href="note:b.md#Part"' in html


def test_a_note_embedding_itself_is_shown_once(tmp_path):
    root = write(tmp_path, {"a.md": "A text\n\n![[a]]\n"})
    html = page(root, "a.md")
    assert html.count("A text") == 1
    assert "already shown here" in html


def test_an_embed_cycle_a_b_a_stops(tmp_path):
    root = write(tmp_path, {"a.md": "A text\n\n![[b]]\n", "b.md": "B text\n\n![[a]]\n"})
    html = page(root, "a.md")
    assert html.count("A text") == 1 and html.count("B text") == 1
    assert "already shown here" in html


def test_embeds_nested_deeper_than_the_limit_stop(tmp_path):
    notes = {f"n{i}.md": f"text {i}\n\n![[n{i + 1}]]\n" for i in range(MAX_EMBED_DEPTH + 3)}
    root = write(tmp_path, notes)
    html = page(root, "n0.md")
    assert f"text {MAX_EMBED_DEPTH}" in html
    assert f"text {MAX_EMBED_DEPTH + 1}" not in html
    assert "nested more than" in html


def test_missing_section_and_missing_note(tmp_path):
    root = write(tmp_path, {"a.md": "![[b#Nope]]\n\n![[gone]]\n", "b.md": "# B\n"})
    html = page(root, "a.md")
    assert "No heading “Nope” in b.md" in html
    assert 'class="unresolved"' in html and "gone" in html


def test_embed_inside_a_sentence_stays_a_link(tmp_path):
    root = write(tmp_path, {"a.md": "see ![[b]] here\n", "b.md": "B text\n"})
    html = page(root, "a.md")
    assert "B text" not in html and 'href="note:b.md"' in html


def test_image_size_hint_pdf_card_and_caption(tmp_path):
    root = write(tmp_path, {"a.md": "![[p.png|300]]\n\n![[p.png#center|cap|100]]\n\n![[f.pdf#page=2]]\n",
                            "p.png": "x", "f.pdf": "x"})
    html = page(root, "a.md")
    assert 'width="300"' in html and 'width="100"' in html and 'alt="cap"' in html
    assert '<p class="embed"><a class="internal" href="note:f.pdf#page%3D2"' in html


def test_image_found_by_file_name_is_marked():
    found = Resolution("media/x.jpg", How.FILE_NAME_FALLBACK)
    html = render("![](../../../media/x.jpg)\n", "a/b/n.md", lambda link: found).html
    assert 'src="note:media/x.jpg"' in html
    assert "found by file name: media/x.jpg" in html


def test_seed_kb_image_outside_the_vault_is_shown_from_media(seed_kb):
    html = page(seed_kb, "ai/research_advances/neurips_2025_day4.md")
    assert "found by file name: media/img_" in html
    assert f'src="{(seed_kb.resolve() / "media").as_uri()}/img_' in html


def test_block_ids_get_anchors_and_are_hidden():
    rendered = render("para ends ^p1\n\n- item ^i1\n  - sub\n", "n.md", lambda link: Resolution(None))
    assert '<a name="^p1"></a>para ends</p>' in rendered.html
    assert '<a name="^i1"></a>item' in rendered.html
    assert "^p1" not in rendered.html.replace('name="^p1"', "")
    assert find_anchor("^p1", rendered.headings, rendered.html) == "^p1"
    assert find_anchor("^nope", rendered.headings, rendered.html) is None
