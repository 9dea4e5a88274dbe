"""The vault: which files it holds, which folders it skips, and its boundary."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from clew.core.vault import FileKind, Vault, file_kind


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


def test_symlink_to_a_folder_outside_the_vault_is_skipped(root, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    make(tmp_path / "elsewhere", "x.md")
    os.symlink(tmp_path / "elsewhere", root / "linked")
    assert scanned(Vault(root)) == []


def test_symlink_loop_terminates(root):
    make(root, "a/note.md")
    os.symlink(root / "a", root / "a" / "loop")
    os.symlink(root, root / "a" / "up")
    assert scanned(Vault(root)) == ["a/note.md"]


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
