"""TreeShape: the file tree's folders and files built from vault paths, without Qt."""

from __future__ import annotations

from clew.core.vault.tree_shape import TreeShape, display_name, is_shown
from vault_files import TREE_PATHS


def rows(node) -> list[str]:
    return [child.name for child in node.ordered_children()]


def test_notes_and_attachments_are_shown_with_their_folders_other_files_not():
    shape = TreeShape.of(TREE_PATHS)
    assert set(shape.nodes) == {
        "note 10.md", "note 2.md", "Note 3.md", "z.png", "b", "b/x.md", "A", "A/y.md",
        "A/deep", "A/deep/er", "A/deep/er/leaf.md", "A/deep/er/other.txt",
    }
    leaf = shape.nodes["A/deep/er/leaf.md"]
    assert leaf.parent is shape.nodes["A/deep/er"] and not leaf.is_folder and leaf.children == ()
    assert shape.nodes["A/deep"].parent.parent is shape.root


def test_children_are_ordered_on_first_look_folders_first_then_natural_order():
    shape = TreeShape.of(TREE_PATHS)
    assert not shape.root.sorted  # left as listed until asked for
    assert rows(shape.root) == ["A", "b", "note 2.md", "Note 3.md", "note 10.md", "z.png"]
    assert [child.row for child in shape.root.children] == list(range(6))
    assert rows(shape.nodes["A"]) == ["deep", "y.md"]


def test_a_path_listed_as_a_file_and_as_a_folder_is_a_folder():
    shape = TreeShape.of(["a.md", "a.md/inner.md", "a.md"])
    assert shape.nodes["a.md"].is_folder
    assert rows(shape.root) == ["a.md"]
    assert rows(shape.nodes["a.md"]) == ["inner.md"]


def test_a_folder_is_made_with_the_folders_above_it():
    shape = TreeShape.of(["top.md"])
    folder = shape.folder("x/y/z")
    assert folder is shape.nodes["x/y/z"] and folder.is_folder and folder.children == []
    assert [node.path for node in shape.nodes["x"].walk()] == ["x", "x/y", "x/y/z"]
    assert shape.folder("x/y") is shape.nodes["x/y"]


def test_the_shown_name_drops_only_the_md_suffix():
    assert [display_name(name) for name in ("a.md", "E.MD", "b.txt", "c.markdown", ".md")] == [
        "a", "E", "b.txt", "c.markdown", ".md"]


def test_a_file_is_shown_by_its_suffix_as_is_shown_says():
    # The suffix is worked out in the build's loop: the same rules as path_suffix.
    names = ["a.md", "b.MD", ".md", "c.", "d", ".hidden.png", "e.tar.gz", "f.PNG", "g.canvas", "h.md.txt", "..md", "i.pdf"]
    shape = TreeShape.of([f"x/{name}" for name in names])
    assert {node.name for node in shape.nodes["x"].children} == {name for name in names if is_shown(f"x/{name}")}
