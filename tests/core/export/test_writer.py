"""clew export's writer: pages whose links lead to each other (fragments to anchors), the images
they show copied beside them, unreadable notes reported without stopping the rest, and the
output folders it refuses."""

from __future__ import annotations

import posixpath
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from clew.core.export.writer import ASSETS, ExportRefused, export_vault
from clew.core.render.page import render_request
from clew.core.vault.files import Vault

PICTURE = b"\x89PNG\r\n\x1a\n a picture, copied byte for byte"
NOTES = {
    "a.md": ("# A\n\nSee [[b#Second part]], [[b#^blk]], [[c.txt]], [[c.md]], [[sub/d]], [[missing]] and "
             "[the web](https://example.org/x).\n\n![[pic.png]]\n\n![[b#Second part]]\n\n## Own part\n\n"
             "Back to [[#Own part]].\n"),
    "b.md": "# B\n\n## Second part\n\nA block. ^blk\n\nTo [[a]], with ![p](img/p.png).\n",
    "c.md": "# C in Markdown\n\n[[a#Own part]], filed under #idea and #проект/план.\n",
    "c.txt": "C as plain text, to [[a]].\n",
    "sub/d.md": "# D\n\nUp to [[a#A]] and [[b#Second part]]; ![[pic.png]]\n",
}


class _Page(HTMLParser):
    """The links, image sources and anchors of an exported page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.anchors: set[str] = set()
        self.charset = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.anchors |= {found[k] for k in ("id", "name") if found.get(k)}
        if tag == "a" and "href" in found:
            self.hrefs.append(found["href"])
        if tag == "img":
            self.srcs.append(found["src"])
        if tag == "meta" and "charset" in found:
            self.charset = found["charset"]


def write_vault(root: Path) -> Path:
    for path, text in NOTES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (root / "pic.png").write_bytes(PICTURE)
    (root / "img").mkdir()
    (root / "img" / "p.png").write_bytes(PICTURE)
    return root


def page(out: Path, site_path: str) -> _Page:
    return _Page((out / site_path).read_text(encoding="utf-8"))


def local_target(out: Path, from_page: str, url: str) -> tuple[Path, str]:
    parts = urlsplit(url)
    return out / posixpath.normpath(posixpath.join(posixpath.dirname(from_page), unquote(parts.path))), \
        unquote(parts.fragment)


@pytest.fixture
def exported(tmp_path):
    vault = Vault(write_vault(tmp_path / "vault"))
    out = tmp_path / "site"
    report = export_vault(vault, out, render=render_request)
    return vault, out, report


def test_every_note_is_a_page_at_its_path_and_a_md_beside_a_txt_stays_two(exported):
    _vault, out, report = exported
    assert report.notes == 5 and report.unreadable == []
    for note in NOTES:
        assert (out / f"{note}.html").is_file()
    assert "C in Markdown" in (out / "c.md.html").read_text(encoding="utf-8")
    assert "C as plain text" in (out / "c.txt.html").read_text(encoding="utf-8")


def test_links_between_pages_lead_to_pages_and_fragments_to_anchors(exported):
    _vault, out, _report = exported
    followed = 0
    for note in NOTES:
        site_path = f"{note}.html"
        for href in page(out, site_path).hrefs:
            if urlsplit(href).scheme:
                assert href.startswith("https://"), href  # the web link stays as written
                continue
            target, fragment = local_target(out, site_path, href) if href[:1] != "#" else (
                out / site_path, unquote(href[1:]))
            assert target.is_file(), (note, href)
            if fragment:
                assert fragment in page(out, str(target.relative_to(out))).anchors, (note, href)
            followed += 1
    assert followed >= 12
    hrefs = page(out, "a.md.html").hrefs
    assert "b.md.html#second-part" in hrefs and "b.md.html#%5Eblk" in hrefs and "#own-part" in hrefs
    assert "../b.md.html#second-part" in page(out, "sub/d.md.html").hrefs


def test_a_missing_note_shows_as_unresolved_text_not_a_dead_link(exported):
    _vault, out, _report = exported
    text = (out / "a.md.html").read_text(encoding="utf-8")
    assert '<a class="unresolved"' in text and ">missing</a>" in text
    assert not any(f'{attr}="{scheme}:' in text for attr in ("href", "src") for scheme in ("unresolved", "note", "file"))


def test_a_tag_stays_a_chip_without_a_link(exported):
    _vault, out, _report = exported
    text = (out / "c.md.html").read_text(encoding="utf-8")
    assert '<a class="tag" title="Notes tagged #idea">' in text and "#проект/план" in text
    assert "tag:" not in text


def test_images_are_copied_at_their_vault_paths_and_their_src_resolves(exported):
    vault, out, report = exported
    assert (out / "pic.png").read_bytes() == (vault.root / "pic.png").read_bytes()
    assert (out / "img" / "p.png").is_file() and report.files_copied == 2
    for note, count in (("a.md", 2), ("b.md", 1), ("sub/d.md", 1)):  # a.md shows b's section too
        srcs = page(out, f"{note}.html").srcs
        assert len(srcs) == count
        assert all(local_target(out, f"{note}.html", src)[0].is_file() for src in srcs)


def test_pages_are_standalone_html_with_their_style_sheet(exported):
    _vault, out, _report = exported
    text = (out / "sub/d.md.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and page(out, "sub/d.md.html").charset == "utf-8"
    assert '<link rel="stylesheet" href="../clew-assets/note-light.css">' in text
    assert "<title>d</title>" in text and text.rstrip().endswith("</html>")
    assert "td.callout-note" in (out / ASSETS / "note-light.css").read_text(encoding="utf-8")


def test_an_embedded_section_is_drawn_in_the_page(exported):
    _vault, out, _report = exported
    text = (out / "a.md.html").read_text(encoding="utf-8")
    assert '<table class="embed"' in text and "A block." in text


def test_a_note_that_cannot_be_read_is_reported_and_the_rest_are_written(tmp_path):
    vault = Vault(write_vault(tmp_path / "vault"))
    out = tmp_path / "site"

    def b_replaced_by_a_folder_first(request):
        if request.path == "b.md":
            (vault.root / "b.md").unlink()
            (vault.root / "b.md").mkdir()
        return render_request(request)

    report = export_vault(vault, out, render=b_replaced_by_a_folder_first)
    assert [(u.path, u.reason) for u in report.unreadable] == [("b.md", "this is a folder, not a note: b.md")]
    assert all((out / f"{note}.html").is_file() for note in NOTES)
    assert "Cannot show this note" in (out / "b.md.html").read_text(encoding="utf-8")


def test_progress_is_told_after_each_note(tmp_path):
    told = []
    export_vault(Vault(write_vault(tmp_path / "vault")), tmp_path / "site", render=render_request,
                 progress=lambda done, total: told.append((done, total)))
    assert told == [(n, 5) for n in range(1, 6)]


@pytest.mark.parametrize("where", ["inside", "same", "holding"])
def test_an_output_folder_in_or_around_the_vault_is_refused_and_nothing_written(tmp_path, where):
    vault_root = write_vault(tmp_path / "vault")
    out = {"inside": vault_root / "site", "same": vault_root, "holding": tmp_path}[where]
    before = sorted(p.name for p in vault_root.rglob("*"))
    with pytest.raises(ExportRefused, match="Clew never writes into a vault"):
        export_vault(Vault(vault_root), out, render=render_request)
    assert sorted(p.name for p in vault_root.rglob("*")) == before


def test_a_folder_of_other_files_is_refused_and_an_earlier_export_written_over(tmp_path):
    vault = Vault(write_vault(tmp_path / "vault"))
    other = tmp_path / "documents"
    other.mkdir()
    (other / "letter.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportRefused, match="not empty and holds no earlier export"):
        export_vault(vault, other, render=render_request)
    out = tmp_path / "site"
    export_vault(vault, out, render=render_request)
    (out / "mine.txt").write_text("kept", encoding="utf-8")
    (vault.root / "a.md").write_text("# A again\n", encoding="utf-8")
    export_vault(vault, out, theme="dark", render=render_request)
    assert "A again" in (out / "a.md.html").read_text(encoding="utf-8")
    assert (out / "mine.txt").read_text(encoding="utf-8") == "kept" and (out / ASSETS / "note-dark.css").is_file()


@pytest.mark.parametrize("link", ["folder", "page"])
def test_a_symbolic_link_from_an_earlier_export_into_the_vault_is_not_written_through(tmp_path, link):
    vault = Vault(write_vault(tmp_path / "vault"))
    out = tmp_path / "site"
    export_vault(vault, out, render=render_request)
    if link == "folder":
        shutil.rmtree(out / "sub")
        (out / "sub").symlink_to(vault.root / "sub")
    else:
        (out / "b.md.html").unlink()
        (out / "b.md.html").symlink_to(vault.root / "b.md")
    before = {p: p.read_bytes() for p in vault.root.rglob("*") if p.is_file()}
    with pytest.raises(ExportRefused, match="leads into the vault through a symbolic link"):
        export_vault(vault, out, render=render_request)
    assert {p: p.read_bytes() for p in vault.root.rglob("*") if p.is_file()} == before
