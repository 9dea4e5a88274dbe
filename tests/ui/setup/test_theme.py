"""Themes: switching changes the panels' palette and the note's style, is remembered, keeps the
reader's place; the reading column centres the text; unresolved links are dashed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication

from clew.core.render.themes import DARK, LIGHT
from clew.ui.main_window import MainWindow
from clew.ui.reader.typography import MEASURE_CHARS, font_families
from tests.ui.driving import window_context

SHOWCASE = "practice/Markdown showcase.md"


@pytest.fixture
def window(qtbot, tmp_path: Path, demo_vault: Path):
    context = window_context(tmp_path / "s.ini")
    context.theme.choose("light", remember=False)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.resize(1300, 700)
    main.restore_state()
    main.show()
    with qtbot.waitSignal(main.note_shown, timeout=10_000):
        main.open_vault_path(demo_vault, SHOWCASE)
    yield main
    context.shutdown()


def test_switching_theme_changes_palettes_and_note_style_and_is_remembered(window, qtbot):
    view = window.note_view
    assert QApplication.palette().color(QPalette.ColorRole.Base).name() == LIGHT.background
    with qtbot.waitSignal(view.rendered, timeout=10_000):
        window.actions["theme_dark"].trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == DARK.window
    assert window.tree.view.palette().color(QPalette.ColorRole.Base).name() == DARK.background
    assert view.browser.palette().color(QPalette.ColorRole.Text).name() == DARK.text
    assert DARK.heading in view.browser.document().defaultStyleSheet()
    assert view.math_style().colour == DARK.text
    assert window.context.settings.theme == "dark"
    window.actions["theme_system"].trigger()
    assert window.context.settings.theme == "system"


def test_switching_theme_keeps_the_reading_place(window, qtbot):
    bar = window.note_view.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 200)
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    with qtbot.waitSignal(window.note_view.rendered, timeout=10_000):
        window.context.theme.choose("dark", remember=False)
    assert abs(bar.value() - place) <= 2


def test_text_is_a_centred_column_unless_full_width(window, qtbot):
    browser = window.note_view.browser
    frame = browser.document().rootFrame().frameFormat()
    assert frame.leftMargin() == pytest.approx(frame.rightMargin()) and frame.leftMargin() > 50
    column = browser.column.width
    char = browser.fontMetrics().horizontalAdvance("abcdefghijklmnopqrstuvwxyz") / 26
    assert 60 <= column / char <= 90 and MEASURE_CHARS == 75
    window.actions["full_width_text"].trigger()
    assert browser.document().rootFrame().frameFormat().leftMargin() < 20
    assert window.context.settings.full_width


def test_unresolved_links_are_dashed(window, qtbot, demo_vault):
    with qtbot.waitSignal(window.note_shown, timeout=10_000):
        window.open_note("topics/linking.md")
    document = window.note_view.browser.document()
    styles = {}
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor():
                styles[fmt.anchorHref().split(":")[0]] = fmt.underlineStyle()
            it += 1
        block = block.next()
    assert styles.get("unresolved") == QTextCharFormat.UnderlineStyle.DashUnderline
    assert styles.get("note") != QTextCharFormat.UnderlineStyle.DashUnderline


def test_font_stack_starts_with_the_ui_font_and_adds_what_is_installed():
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QFontDatabase
    families = font_families("DejaVu Sans", QLocale("ja_JP"))
    assert families[0] == "DejaVu Sans"
    installed = set(QFontDatabase.families())
    assert all(f in installed for f in families[1:])
    if "Noto Sans CJK JP" in installed:
        assert "Noto Sans CJK JP" in families and "Noto Sans CJK SC" not in families
