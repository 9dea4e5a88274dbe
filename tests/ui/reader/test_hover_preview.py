"""Link previews in the note view: by hovering, by Shift+K on a selected link; resolved and
unresolved links; closed by Esc, by moving away, by opening another note."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from clew.core.links.model import How, Resolution, Unresolved
from clew.ui.main_window import MainWindow
from clew.ui.reader.hover_preview import how_it_resolved
from tests.ui.driving import hover

DAY4 = "ai/research_advances/neurips_2025_day4.md"
NEURIPS = "ai/research_advances/neurips_2025.md"


def popup_text(window: MainWindow) -> str:
    popup = window.hover.popup
    return "\n".join([popup.title.text(), popup.path.text(), popup.how.text(), popup.notice.text(),
                      popup.browser.toPlainText()])


def test_hovering_a_resolved_link_previews_the_note_and_moving_away_closes_it(make_window, seed_kb, qtbot):
    window = make_window(seed_kb, DAY4)
    hover(qtbot, window, "neurips_2025")
    text = popup_text(window)
    assert NEURIPS in text and "Resolved by note folder" in text
    assert "NeurIPS 2025" in window.hover.popup.browser.toPlainText()
    focus = QApplication.focusWidget()
    assert focus is None or not window.hover.popup.isAncestorOf(focus)  # the keyboard stays where it was
    qtbot.mouseMove(window.note_view.browser.viewport(), QPoint(5, 5))
    qtbot.waitUntil(lambda: not window.hover.visible, timeout=3000)


def test_an_unresolved_link_says_why_and_esc_closes_it(make_window, seed_kb, qtbot):
    window = make_window(seed_kb, DAY4)
    window.note_view.setFocus()
    hover(qtbot, window, "multimodal_models")
    assert "Leads nowhere: no such file" in window.hover.popup.how.text()
    assert not window.hover.popup.browser.isVisible()
    qtbot.keyClick(window.note_view.browser, Qt.Key.Key_Escape)
    assert not window.hover.visible


def test_shift_k_previews_the_selected_section_link_and_opening_a_note_closes_it(make_window, tmp_path, qtbot):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "a.md").write_text("# A\nsee [[b#Second]]\n", encoding="utf-8")
    (vault / "b.md").write_text("# B\nfirst part\n## Second\nsecond part\n", encoding="utf-8")
    window = make_window(vault, "a.md")
    window.activateWindow()
    window.note_view.setFocus()
    qtbot.keyClick(window.note_view.browser, Qt.Key.Key_Tab)
    with qtbot.waitSignal(window.hover.shown, timeout=10_000):
        window.actions["preview_link"].trigger()
    shown = window.hover.popup.browser.toPlainText()
    assert "second part" in shown and "first part" not in shown
    assert window.hover.popup.title.text() == "b › Second"
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note("b.md")
    assert not window.hover.visible


def test_how_it_resolved_names_the_rule_the_tie_and_the_reason():
    tie = Resolution("p/x.md", How.NAME, candidates=("p/x.md", "q/x.md"))
    assert how_it_resolved(tie) == ("Resolved by name: the file of that name, wherever it is; "
                                    "chosen by the tie-break over q/x.md")
    ambiguous = Resolution(None, candidates=("a.md", "b.md"), reason=Unresolved.AMBIGUOUS)
    assert how_it_resolved(ambiguous) == ("Leads nowhere: ambiguous — more than one note has this alias: "
                                          "a.md, b.md")


def test_how_it_resolved_has_words_for_every_reason_a_link_leads_nowhere():
    for reason in Unresolved:
        assert how_it_resolved(Resolution(None, reason=reason)).startswith(f"Leads nowhere: {reason.value} — ")
