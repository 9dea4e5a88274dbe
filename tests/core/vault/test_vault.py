"""The vault: which files it holds, which folders it skips, and its boundary."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from clew.core.index.build import apply_changes
from clew.core.index.graph import VaultIndex
from clew.core.vault.disk_names import name_twins
from clew.core.vault.files import FileKind, Vault, file_kind


def make(root: Path, *files: str) -> None:
    for rel in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def scanned(vault: Vault, folder: str = "") -> list[str]:
    return [f.path for f in vault.scan(folder)]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    return root


def test_scan_skips_dot_folders_and_node_modules(root):
    make(
        root,
        "note.md",
        "sub/other.markdown",
        ".obsidian/workspace.json",
        ".git/HEAD",
        ".trash/old.md",
        ".hidden/secret.md",
        "sub/.cache/x.md",
        "node_modules/pkg/readme.md",
        "sub/node_modules/y.md",
    )
    assert scanned(Vault(root)) == ["note.md", "sub/other.markdown"]


def test_scan_includes_notes_attachments_and_other_files_with_their_kinds(root):
    make(root, "a.md", "b.txt", "c.markdown", "img/p.png", "doc.pdf", "data.base", ".gitignore")
    files = {f.path: f.kind for f in Vault(root).scan()}
    assert files == {
        "a.md": FileKind.NOTE,
        "b.txt": FileKind.NOTE,
        "c.markdown": FileKind.NOTE,
        "img/p.png": FileKind.ATTACHMENT,
        "doc.pdf": FileKind.ATTACHMENT,
        "data.base": FileKind.OTHER,
        ".gitignore": FileKind.OTHER,
    }


def test_scan_records_size_and_mtime(root):
    make(root, "a.md")
    (entry,) = Vault(root).scan()
    st = (root / "a.md").stat()
    assert (entry.size, entry.mtime_ns) == (st.st_size, st.st_mtime_ns)


@pytest.mark.parametrize("name, kind", [("A.MD", FileKind.NOTE), ("x.JPG", FileKind.ATTACHMENT), ("y", FileKind.OTHER)])
def test_file_kind_ignores_case(name, kind):
    assert file_kind(name) is kind


def test_scan_names_are_nfc(root):
    nfd = unicodedata.normalize("NFD", "заметки/Café й.md")
    make(root, nfd)
    assert scanned(Vault(root)) == [unicodedata.normalize("NFC", "заметки/Café й.md")]


def test_a_lone_nfd_file_is_listed_stated_and_read_at_its_nfc_name(root):
    nfd = unicodedata.normalize("NFD", "заметки/Café й.md")
    make(root, nfd)
    vault = Vault(root)
    nfc_path = unicodedata.normalize("NFC", "заметки/Café й.md")
    assert vault.stat(nfc_path).size == 1
    assert vault.abs_path(nfc_path) == root / nfd
    assert vault.abs_path(nfc_path).read_text() == "x"
    assert scanned(vault, unicodedata.normalize("NFC", "заметки")) == [nfc_path]
    assert vault.rel_path(root / nfd) == nfc_path


def test_nfc_and_nfd_twins_stay_two_files_each_read_at_its_own_name(root):
    nfc_name, nfd_name = (unicodedata.normalize(form, "café.md") for form in ("NFC", "NFD"))
    (root / nfc_name).write_text("composed", encoding="utf-8")
    (root / nfd_name).write_text("decomposed", encoding="utf-8")
    vault = Vault(root)
    assert sorted(scanned(vault)) == sorted([nfc_name, nfd_name])
    assert vault.abs_path(nfc_name).read_text() == "composed"
    assert vault.abs_path(nfd_name).read_text() == "decomposed"
    assert (vault.stat(nfc_name).size, vault.stat(nfd_name).size) == (8, 10)
    assert vault.rel_path(root / nfd_name) == nfd_name
    assert vault.rel_path(root / nfc_name) == nfc_name
    assert name_twins(scanned(vault)) == [(nfc_name, nfd_name)]


def test_twin_folders_keep_their_files_apart(root):
    nfc_dir, nfd_dir = (unicodedata.normalize(form, "Ёлка") for form in ("NFC", "NFD"))
    make(root, f"{nfc_dir}/a.md", f"{nfd_dir}/a.md", f"{nfd_dir}/b.md")
    vault = Vault(root)
    assert sorted(scanned(vault)) == sorted([f"{nfc_dir}/a.md", f"{nfd_dir}/a.md", f"{nfd_dir}/b.md"])
    assert vault.stat(f"{nfd_dir}/b.md") is not None
    assert vault.stat(f"{nfc_dir}/b.md") is None


def test_symlink_to_a_file_outside_the_vault_is_skipped(root, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("secret", encoding="utf-8")
    make(root, "inside.md")
    os.symlink(outside, root / "link.md")
    os.symlink(root / "inside.md", root / "alias.md")
    vault = Vault(root)
    assert scanned(vault) == ["alias.md", "inside.md"]
    assert not vault.contains("link.md")
    assert vault.stat("link.md") is None


def test_paths_are_the_files_a_scan_lists_and_leave_the_folder_links_as_they_were(root, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("secret", encoding="utf-8")
    make(tmp_path / "elsewhere", "x.md")
    make(root, "n.md", "sub/p.png", ".obsidian/app.json", "node_modules/m.md")
    os.symlink(outside, root / "link.md")
    os.symlink(tmp_path / "elsewhere", root / "linked")
    vault = Vault(root)
    assert sorted(vault.paths()) == scanned(Vault(root)) == ["linked/x.md", "n.md", "sub/p.png"]
    assert vault._links is None  # left to the scan that follows (found again if asked for)


def test_a_folder_symlink_to_a_disjoint_outside_folder_is_followed(root, tmp_path):
    make(tmp_path / "elsewhere", "x.md", "deep/y.md")
    make(root, "n.md")
    os.symlink(tmp_path / "elsewhere", root / "linked")
    vault = Vault(root)
    assert scanned(vault) == ["linked/deep/y.md", "linked/x.md", "n.md"]
    assert vault.boundary_roots == (root.resolve(), (tmp_path / "elsewhere").resolve())
    assert vault.folder_links.followed == {"linked": (tmp_path / "elsewhere").resolve()}
    assert vault.holds(tmp_path / "elsewhere" / "x.md")
    assert not vault.holds(tmp_path / "vault-other.md")
    assert vault.stat("linked/x.md").size == 1
    assert scanned(vault, "linked") == ["linked/deep/y.md", "linked/x.md"]
    assert vault.rel_path(root / "linked" / "deep" / "y.md") == "linked/deep/y.md"


def test_a_followed_link_with_an_nfd_name_is_walked(root, tmp_path):
    make(tmp_path / "elsewhere", "x.md")
    os.symlink(tmp_path / "elsewhere", root / unicodedata.normalize("NFD", "Café"))
    vault = Vault(root)
    assert scanned(vault) == [unicodedata.normalize("NFC", "Café/x.md")]
    assert vault.stat(unicodedata.normalize("NFC", "Café/x.md")) is not None


def test_a_loop_to_its_own_folder_and_to_its_parent_folder_is_ignored_and_shown_as_a_link(root):
    # ln -s . sub/loop; ln -s ../sub sub/loop2
    make(root, "sub/n.md", "top.md")
    os.symlink(".", root / "sub" / "loop")
    os.symlink("../sub", root / "sub" / "loop2")
    vault = Vault(root)
    assert scanned(vault) == ["sub/n.md", "top.md"]
    assert vault.folder_links.ignored == {"sub/loop", "sub/loop2"}
    assert vault.folder_links.marks() == {"sub/loop": "link", "sub/loop2": "link"}
    assert vault.boundary_roots == (root.resolve(),)
    assert scanned(vault, "sub/loop") == []
    assert vault.stat("sub/loop/n.md") is None
    assert vault.rel_path(root / "sub" / "loop" / "n.md") is None
    assert vault.rel_path(root / "sub" / "loop") == "sub/loop"


def test_a_symlink_to_the_vault_or_a_folder_above_it_is_ignored(root, tmp_path):
    make(root, "a/n.md")
    make(tmp_path, "beside.md")
    os.symlink(root, root / "a" / "vault")
    os.symlink(tmp_path, root / "a" / "above")
    vault = Vault(root)
    assert scanned(vault) == ["a/n.md"]
    assert vault.folder_links.ignored == {"a/vault", "a/above"}
    assert not vault.holds(tmp_path / "beside.md")


def test_a_symlink_to_another_folder_of_the_vault_is_ignored(root):
    make(root, "a/n.md", "b/m.md")
    os.symlink(root / "a", root / "b" / "to-a")
    vault = Vault(root)
    assert scanned(vault) == ["a/n.md", "b/m.md"]
    assert vault.folder_links.ignored == {"b/to-a"}


def test_of_links_to_nested_outside_folders_only_the_disjoint_ones_are_followed(root, tmp_path):
    make(tmp_path / "out", "x.md", "inner/y.md")
    make(tmp_path / "apart", "z.md")
    os.symlink(tmp_path / "out", root / "outer")
    os.symlink(tmp_path / "out" / "inner", root / "inner")
    os.symlink(tmp_path / "apart", root / "apart")
    os.symlink(tmp_path / "apart", root / "apart-again")
    vault = Vault(root)
    # A folder two links reach is not disjoint from itself: neither is followed.
    assert vault.folder_links.ignored == {"outer", "inner", "apart", "apart-again"}
    assert scanned(vault) == []
    os.unlink(root / "apart-again")
    vault = Vault(root)
    assert scanned(vault) == ["apart/z.md"]
    assert vault.folder_links.ignored == {"outer", "inner"}


def test_a_link_inside_a_followed_folder_is_followed_only_when_disjoint(root, tmp_path):
    make(tmp_path / "out", "x.md")
    make(tmp_path / "far", "f.md")
    os.symlink(tmp_path / "out", root / "out")
    os.symlink(tmp_path / "out", tmp_path / "out" / "self")
    os.symlink(root, tmp_path / "out" / "back")
    os.symlink(tmp_path / "far", tmp_path / "out" / "far")
    vault = Vault(root)
    assert scanned(vault) == ["out/far/f.md", "out/x.md"]
    assert vault.folder_links.ignored == {"out/self", "out/back"}
    assert set(vault.boundary_roots) == {root.resolve(), (tmp_path / "out").resolve(), (tmp_path / "far").resolve()}


def test_rel_path(root, tmp_path):
    make(root, "sub/a.md", ".obsidian/app.json", "node_modules/x/y.md")
    vault = Vault(root)
    assert vault.rel_path(root / "sub" / "a.md") == "sub/a.md"
    assert vault.rel_path(str(root / "sub" / "gone.md")) == "sub/gone.md"
    assert vault.rel_path(root / ".obsidian" / "app.json") is None
    assert vault.rel_path(root / "node_modules" / "x" / "y.md") is None
    assert vault.rel_path(tmp_path / "elsewhere.md") is None
    assert vault.rel_path(root) is None


def test_scan_and_stat_of_a_skipped_folder_find_nothing(root):
    make(root, ".obsidian/app.json", "node_modules/x/y.md")
    vault = Vault(root)
    assert vault.scan(".obsidian") == []
    assert vault.scan("node_modules/x") == []
    assert vault.stat(".obsidian/app.json") is None


def test_scan_of_a_folder(root):
    make(root, "a/one.md", "a/b/two.md", "c/three.md")
    assert scanned(Vault(root), "a") == ["a/b/two.md", "a/one.md"]


def test_stat(root):
    make(root, "a.md", "sub/b.md")
    vault = Vault(root)
    assert vault.stat("a.md").size == 1
    assert vault.stat("gone.md") is None
    assert vault.stat("sub") is None


def test_a_vault_must_be_a_folder(tmp_path):
    with pytest.raises(NotADirectoryError):
        Vault(tmp_path / "missing")
    (tmp_path / "file.md").write_text("x")
    with pytest.raises(NotADirectoryError):
        Vault(tmp_path / "file.md")


def test_shared_vault_hides_obsidian_folder(shared_vaults):
    paths = scanned(Vault(shared_vaults / "kepano-obsidian"))
    assert paths
    assert not any(p.startswith(".obsidian/") for p in paths)
    assert "README.md" in paths or any(p.endswith(".md") for p in paths)


def refuse_listing(monkeypatch, folder: Path) -> None:
    """os.scandir refuses ``folder`` as it does a chmod-000 folder for anyone but root."""
    scandir = os.scandir

    def guarded(path="."):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)


def test_a_folder_that_may_not_be_listed_is_marked_permission_denied(root, monkeypatch):
    make(root, "n.md", "private/secret.md", "open/o.md")
    refuse_listing(monkeypatch, root / "private")
    vault = Vault(root)
    assert scanned(vault) == ["n.md", "open/o.md"]
    assert vault.folder_links.unreadable == {"private"}
    assert vault.folder_links.marks() == {"private": "permission denied"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root may list a chmod-000 folder")
def test_a_chmod_000_folder_is_marked_permission_denied(root):
    make(root, "n.md", "private/secret.md")
    (root / "private").chmod(0)
    try:
        vault = Vault(root)
        assert scanned(vault) == ["n.md"]
        assert vault.folder_links.marks() == {"private": "permission denied"}
    finally:
        (root / "private").chmod(0o755)


def test_a_loop_made_while_the_vault_is_open_is_not_walked(root):
    make(root, "sub/n.md")
    vault = Vault(root)
    assert scanned(vault) == ["sub/n.md"]
    os.symlink(".", root / "sub" / "loop")  # as a watcher reports it: the link itself changed
    known = {"sub/n.md"}
    update = apply_changes(vault, VaultIndex(), known, ["sub/loop"])
    assert (update.added, update.removed, known) == ([], [], {"sub/n.md"})
    assert vault.stat("sub/loop/n.md") is None


def test_the_start_note_is_a_top_note_named_so_else_the_first_note_a_scan_lists(root):
    make(root, "b/c.md", "a.png", "a b.md", "a/z.txt", "a-b/x.md", ".obsidian/first.md")
    vault = Vault(root)
    assert vault.start_note(("Welcome.md", "README.md")) == next(p for p in scanned(vault) if p.endswith(".md")) == "a b.md"
    make(root, "README.md", "b/Welcome.md")
    assert vault.start_note(("Welcome.md", "README.md")) == "README.md"
    empty = root / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "p.png").write_text("x", encoding="utf-8")
    assert Vault(empty).start_note(("README.md",)) is None


def test_holds_files_counts_only_as_far_as_asked_and_skips_what_a_scan_skips(root):
    make(root, "b/c.md", "a.png", "a b.md", "node_modules/x.md", ".obsidian/first.md")
    vault = Vault(root)
    files = len(scanned(vault))
    assert [vault.holds_files(count) for count in (0, files, files + 1)] == [True, True, False]
