"""The line a link is written on, read from its note when shown (the index keeps only line numbers)."""

from clew.core.index import source_lines as link_context
from clew.core.index.build import index_vault
from clew.core.index.source_lines import NoteLines, context_around, with_context, without_cut_marks
from clew.core.links.model import LinkKind
from clew.core.vault.files import Vault
from vault_files import write


def backlink_lines(vault: Vault, index, path: str) -> list[tuple[str, int, str]]:
    return [(b.source, b.link.line, b.context) for b in with_context(vault, index.backlinks(path))]


def test_each_backlink_gets_its_line_as_written(tmp_path):
    vault = Vault(write(tmp_path / "v", {
        "a.md": "---\nup: \"[[t]]\"\n---\nfirst [[t]]\r\nsecond [x](t.md) and [[t#H]]\n",
        "b.md": "# B\n\n  indented [[t|shown]]",
        "t.md": "# T\n",
    }))
    _, index = index_vault(vault)
    assert backlink_lines(vault, index, "t.md") == [
        ("a.md", 2, 'up: "[[t]]"'),
        ("a.md", 4, "first [[t]]"),
        ("a.md", 5, "second [x](t.md) and [[t#H]]"),
        ("a.md", 5, "second [x](t.md) and [[t#H]]"),
        ("b.md", 3, "  indented [[t|shown]]"),
    ]


def test_a_note_gone_or_shortened_since_indexing_gives_empty_lines(tmp_path):
    root = write(tmp_path / "v", {"a.md": "x\n[[t]]\n", "b.md": "[[t]]\n", "t.md": ""})
    vault = Vault(root)
    _, index = index_vault(vault)
    (root / "a.md").write_text("x\n")
    (root / "b.md").unlink()
    assert backlink_lines(vault, index, "t.md") == [("a.md", 2, ""), ("b.md", 1, "")]


def test_a_mojibake_note_gives_its_repaired_line(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / "t.md").write_text("")
    (root / "a.md").write_bytes("Привет [[t]] мир\n".encode("utf-8").decode("cp1251").encode("utf-8"))
    vault = Vault(root)
    _, index = index_vault(vault)
    assert backlink_lines(vault, index, "t.md") == [("a.md", 1, "Привет [[t]] мир")]


def test_note_lines_are_read_again_only_when_the_note_s_stamp_changes(tmp_path, monkeypatch):
    root = write(tmp_path / "v", {"a.md": "x\n[[t]]\n", "b.md": "[[t]]\n", "t.md": ""})
    vault = Vault(root)
    _, index = index_vault(vault)
    stamps = {"a.md": (9, 1), "b.md": (6, 1)}
    read = []
    real = link_context.note_lines
    monkeypatch.setattr(link_context, "note_lines", lambda v, path: read.append(path) or real(v, path))
    lines = NoteLines(vault, stamps.get, most=1)
    assert with_context(vault, index.backlinks("t.md"), lines)[0].context == "[[t]]"
    assert read == ["a.md", "b.md"]
    (root / "b.md").write_text("changed [[t]]\n")
    assert lines("b.md") == ["[[t]]", ""]  # the index has b.md as it was: so are its lines
    stamps["b.md"] = (14, 2)
    assert lines("b.md") == ["changed [[t]]", ""]
    assert lines("a.md") == ["x", "[[t]]", ""]  # only one kept (most=1): read again
    assert read == ["a.md", "b.md", "b.md", "a.md"]


# The reproduction: one line of 11,400 links, 100 KB long.
LINK_LINE = "w [[x]] [g](x.md) " * 5700


def test_a_long_line_gives_each_link_a_few_hundred_characters_around_it_not_the_whole_line(tmp_path):
    vault = Vault(write(tmp_path / "v", {"l.md": LINK_LINE, "x.md": "# X\n"}))
    _, index = index_vault(vault)
    outgoing = with_context(vault, index.outgoing_checked("l.md"))
    assert len(outgoing) == 11_400
    assert all(len(link.context) <= link_context.CONTEXT_CHARS + 2 for link in outgoing)
    assert outgoing[0].context.startswith("w [[x]] [g](x.md)") and outgoing[0].context.endswith("…")
    assert outgoing[-1].context.startswith("…") and outgoing[-1].context.rstrip().endswith("[g](x.md)")
    backlinks = with_context(vault, index.backlinks("x.md"))
    assert [b.context for b in backlinks] == [link.context for link in outgoing]


def test_each_link_of_a_long_line_is_in_its_own_context(tmp_path):
    line = " ".join(f"[[n{number}]] and [see](n{number}.md)" for number in range(1000))
    vault = Vault(write(tmp_path / "v", {"a.md": f"# A\n{line}\r\n", "t.md": ""}))
    _, index = index_vault(vault)
    for link in with_context(vault, index.outgoing_checked("a.md")):
        written = f"[[{link.link.target}]]" if link.link.kind is LinkKind.WIKI else f"({link.link.target})"
        assert written in link.context and "\r" not in link.context, link
        assert len(link.context) <= link_context.CONTEXT_CHARS + 2


def test_context_around_cuts_between_words_and_marks_the_cuts():
    assert context_around("short [[t]] line", 6) == "short [[t]] line"
    line = " ".join(f"word{number:03}" for number in range(200))
    cut = context_around(line, line.index("word100"))
    assert cut.startswith("…word") and cut.endswith("…") and "word100" in cut
    assert len(cut) <= link_context.CONTEXT_CHARS + 2
    assert all(len(word) == 7 for word in without_cut_marks(cut).split())  # no word cut in two
    assert context_around(line, 0).startswith("word000") and context_around(line, len(line)).endswith("word199")
