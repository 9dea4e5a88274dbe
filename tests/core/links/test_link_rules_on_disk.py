"""docs/LINKS.md rules on small vaults written to tmp_path: names as the disk stores them (NFD), the
boundary with symlinks, aliases that tie, and incremental updates that touch only what changed."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from clew.core.index.build import apply_changes, index_vault
from clew.core.index.graph import VaultIndex
from clew.core.links.model import How, Link, LinkKind, Unresolved
from clew.core.links.resolver import Resolver
from clew.core.notes.parsing import parse_note
from clew.core.vault.files import Vault
from vault_files import write


def resolutions(root: Path, source: str) -> dict[str, object]:
    _, index = index_vault(Vault(root))
    return {r.link.target: r.resolution for r in index.outgoing(source)}


def test_nfd_file_name_on_disk_is_reached_by_an_nfc_link(tmp_path):
    nfd = unicodedata.normalize("NFD", "Café déjà vu")
    write(tmp_path, {f"notes/{nfd}.md": "# Café\n", "n.md": "[[Café déjà vu]] [[notes/Café déjà vu]]\n"})
    found = resolutions(tmp_path, "n.md")
    assert {r.path for r in found.values()} == {"notes/Café déjà vu.md"}


def test_nfd_link_reaches_an_nfc_file_name(tmp_path):
    nfd_link = unicodedata.normalize("NFD", "Ёлка")
    write(tmp_path, {"Ёлка.md": "", "n.md": f"[[{nfd_link}]] [x]({nfd_link}.md)\n"})
    assert {r.path for r in resolutions(tmp_path, "n.md").values()} == {"Ёлка.md"}


def test_dotted_names_on_disk(tmp_path):
    write(tmp_path, {"2021.07.17.md": "", "Obsidian Publish..md": "", "v1.2.md": "", "v1.2": "",
                     "n.md": "[[2021.07.17]] [[Obsidian Publish.]] [[v1.2]]\n"})
    found = resolutions(tmp_path, "n.md")
    assert found["2021.07.17"].path == "2021.07.17.md"
    assert found["Obsidian Publish."].path == "Obsidian Publish..md"
    assert found["v1.2"].path == "v1.2"  # tried as written first


def test_markdown_and_txt_notes_are_reached_without_extension(tmp_path):
    write(tmp_path, {"a.markdown": "", "b.txt": "", "n.md": "[[a]] [[b]] [x](a)\n"})
    found = resolutions(tmp_path, "n.md")
    assert (found["a"].path, found["b"].path) == ("a.markdown", "b.txt")


def test_a_symlink_leading_out_of_the_vault_is_never_reached(tmp_path):
    outside = write(tmp_path / "outside", {"secret.md": "# secret\n", "pic.png": "x"})
    vault = write(tmp_path / "vault", {"n.md": "[[secret]] ![[pic.png]] [s](./secret.md)\n", "media/pic.png": "y"})
    os.symlink(outside / "secret.md", vault / "secret.md")
    os.symlink(outside / "pic.png", vault / "pic.png")
    found = resolutions(vault, "n.md")
    assert (found["secret"].path, found["secret"].reason) == (None, Unresolved.NO_SUCH_FILE)
    assert found["./secret.md"].path is None
    # The image falls back to the one file of that name inside the vault.
    assert found["pic.png"].path == "media/pic.png"


def test_an_alias_two_notes_share_is_ambiguous_with_both_as_candidates():
    resolver = Resolver(["n.md", "x.md", "y.md"])
    resolver.set_aliases("x.md", ["Shared"])
    resolver.set_aliases("y.md", ["shared"])
    found = resolver.resolve(Link(LinkKind.WIKI, "Shared"), "n.md")
    assert (found.path, found.reason, found.candidates) == (None, Unresolved.AMBIGUOUS, ("x.md", "y.md"))
    assert found.describe() == "unresolved: ambiguous (x.md, y.md)"


def test_an_image_out_of_the_vault_with_two_same_name_files_lists_both():
    resolver = Resolver(["a/b/n.md", "m/img.jpg", "old/img.jpg"])
    found = resolver.resolve(Link(LinkKind.IMAGE, "../../../m/img.jpg"), "a/b/n.md")
    assert (found.path, found.reason, set(found.candidates)) == (None, Unresolved.OUTSIDE_VAULT,
                                                                  {"m/img.jpg", "old/img.jpg"})


def test_how_codes_for_json():
    assert [h.code for h in How] == ["relative", "root", "folder", "suffix", "suffix", "alias", "filename",
                                     "relative"]


# -- incremental: a changed file re-resolves only its own links and those that name it --------


class CountingResolver(Resolver):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def resolve(self, link, source, source_dir=None):
        self.sources.append(source)
        return super().resolve(link, source, source_dir)


@pytest.fixture
def counted(tmp_path):
    root = write(tmp_path, {
        "hub.md": "[[a]] [[b]]\n",
        "a.md": "[[b]]\n",
        "b.md": "# B\n",
        **{f"other/{i}.md": f"[[other/{i + 1}]] [[elsewhere]]\n" for i in range(20)},
    })
    vault = Vault(root)
    files, index = index_vault(vault)
    counting = CountingResolver()
    for f in files:
        counting.add(f.path)
    index.resolver = counting
    return root, vault, index, {f.path for f in files}


def test_editing_a_note_re_resolves_only_its_own_links(counted):
    root, vault, index, known = counted
    (root / "a.md").write_text("[[hub]]\n", encoding="utf-8")
    apply_changes(vault, index, known, ["a.md"])
    assert set(index.resolver.sources) == {"a.md"}
    assert {b.source for b in index.backlinks("hub.md")} == {"a.md"}
    assert {b.source for b in index.backlinks("b.md")} == {"hub.md"}


def test_a_new_note_re_resolves_only_the_links_that_name_it(counted):
    root, vault, index, known = counted
    write(root, {"elsewhere.md": ""})
    apply_changes(vault, index, known, ["elsewhere.md"])
    assert set(index.resolver.sources) == {f"other/{i}.md" for i in range(20)}
    index.resolver.sources.clear()
    write(root, {"lonely.md": "no links\n"})
    apply_changes(vault, index, known, ["lonely.md"])
    assert index.resolver.sources == []


def test_index_build_and_checked_keep_link_order():
    index = VaultIndex()
    facts = {"n.md": parse_note("[[b]] [[a]]\n", "n.md")}
    index.build(["n.md", "a.md", "b.md"], facts)
    assert [r.link.target for r in index.outgoing_checked("n.md")] == ["b", "a"]


def test_a_link_into_a_folder_that_may_not_be_listed_says_permission_denied(tmp_path, monkeypatch):
    vault = write(tmp_path / "vault", {"private/secret.md": "# s\n", "private/deep/d.md": "",
                                       "n.md": "[[private/secret]] [s](private/deep/d.md) [[gone/x]] [[secret]]\n",
                                       "open/o.md": "[[../private/secret]] [x](./../private/deep/d.md)\n"})
    scandir = os.scandir
    refused = vault / "private"

    def guarded(path="."):  # as os.scandir refuses a chmod-000 folder to anyone but root
        if Path(path) == refused:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    found = resolutions(vault, "n.md")
    assert found["private/secret"].reason is Unresolved.PERMISSION_DENIED
    assert found["private/deep/d.md"].describe() == "unresolved: permission denied"
    assert found["gone/x"].reason is Unresolved.NO_SUCH_FILE
    assert found["secret"].reason is Unresolved.NO_SUCH_FILE  # a bare name may be anywhere
    found = resolutions(vault, "open/o.md")
    assert {r.reason for r in found.values()} == {Unresolved.PERMISSION_DENIED}


def test_nfc_and_nfd_twins_are_two_notes_and_a_link_reaches_the_nfc_one(tmp_path):
    nfc_name, nfd_name = (unicodedata.normalize(form, "Café.md") for form in ("NFC", "NFD"))
    vault = write(tmp_path, {nfc_name: "# composed\n[[n]]\n", nfd_name: "# decomposed\n[[n]]\n",
                             "n.md": "[[Café]]\n"})
    _, index = index_vault(Vault(vault))
    assert {nfc_name, nfd_name} <= set(index.notes())
    assert index.facts(nfc_name).title != index.facts(nfd_name).title
    assert {r.resolution.path for r in index.outgoing("n.md")} == {nfc_name}
    assert {r.source for r in index.backlinks("n.md")} == {nfc_name, nfd_name}


def test_a_lone_nfd_note_is_read_at_its_nfc_path(tmp_path):
    nfd = unicodedata.normalize("NFD", "Café déjà vu")
    write(tmp_path, {f"notes/{nfd}.md": "# Read from disk\n[[n]]\n", "n.md": "[[Café déjà vu]]\n"})
    _, index = index_vault(Vault(tmp_path))
    nfc_path = unicodedata.normalize("NFC", f"notes/{nfd}.md")
    assert index.facts(nfc_path).title == "Read from disk"
    assert [r.source for r in index.backlinks("n.md")] == [nfc_path]
