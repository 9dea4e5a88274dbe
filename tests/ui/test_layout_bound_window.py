"""The window shows pages Qt's layout used to hang on (issue 18): the 26-byte note of 25 nested
quotes, as the note Clew opens with, drawn flat past six levels under a notice; a page too long
to lay out at once in parts the banner leads through."""

from __future__ import annotations

from PySide6.QtGui import QTextFrame

from clew.core.render.layout_bound import FLAT_TABLES, MAX_TABLE_DEPTH

NESTED_QUOTE = ">" * 25 + " x\n"  # printf '%s x\n' '>>>>>>>>>>>>>>>>>>>>>>>>>'


def _table_depth(frame: QTextFrame) -> int:
    """How many tables deep the document's deepest table is."""
    own = 1 if frame.frameFormat().isTableFormat() else 0
    return own + max((_table_depth(child) for child in frame.childFrames()), default=0)


def test_the_26_byte_nested_quote_note_opens_flat_with_a_notice(make_window, tmp_path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "q.md").write_text(NESTED_QUOTE, encoding="utf-8")
    window = make_window(vault, "q.md")  # as `clew v q.md`, or the last note shown, opens it
    view = window.note_view
    assert view.current_path == "q.md"
    assert view.browser.toPlainText().split() == ["q", "x"]  # the note's title, then its text
    assert _table_depth(view.browser.document().rootFrame()) == MAX_TABLE_DEPTH
    x = view.browser.document().find("x")
    assert x.currentTable() is not None and x.blockFormat().leftMargin() > 0  # the levels past six: one indented block
    assert view.banner.isVisibleTo(window) and FLAT_TABLES in view.banner.text()


def test_the_nested_quote_note_opened_from_another_is_shown(make_window, qtbot, tmp_path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n\nSee [[q]].\n", encoding="utf-8")
    (vault / "q.md").write_text(NESTED_QUOTE, encoding="utf-8")
    window = make_window(vault, "a.md")
    with qtbot.waitSignal(window.note_view.rendered, timeout=10_000) as shown:
        window.open_note("q.md")
    assert shown.args == ["q.md"]
    assert FLAT_TABLES in window.note_view.banner.text()


def test_a_page_too_long_to_lay_out_at_once_is_read_part_by_part(make_window, qtbot, tmp_path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "h.md").write_text("".join(f"# Heading {i}\n" for i in range(1_500)), encoding="utf-8")
    window = make_window(vault, "h.md")
    view = window.note_view
    assert "part 1 of" in view.banner.text() and 'href="part:1"' in view.banner.text()
    first = view.browser.toPlainText()
    assert first.startswith("h\nHeading 0\n") and "Heading 1499" not in first  # under the note's title
    with qtbot.waitSignal(view.rendered, timeout=10_000):
        view.banner.linkActivated.emit("part:1")
    assert "part 2 of" in view.banner.text() and 'href="part:0"' in view.banner.text()
    assert "Heading 0\n" not in view.browser.toPlainText() and not view.browser.toPlainText().startswith("h\n")
