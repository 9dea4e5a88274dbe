"""The whole window on real vaults: tree, view, backlinks, link clicks, live sync, settings."""

from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtCore import QTimer, QUrl

import clew.ui.reader.note_view as note_view_module
from clew.ui.background import sliced_apply, vault_session
from clew.ui.panels.backlinks import LineRole, PathRole
from clew.ui.main_window import MainWindow
from clew.ui.panels.tree import PathRole as TreePathRole

NEURIPS = "ai/research_advances/neurips_2025.md"
DAY4 = "ai/research_advances/neurips_2025_day4.md"


def view_text(window: MainWindow) -> str:
    return window.note_view.browser.toPlainText()


def backlink_items(window: MainWindow) -> list:
    tree = window.backlinks.tree
    return [tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
            for j in range(tree.topLevelItem(i).childCount())]


def backlink_rows(window: MainWindow) -> list[tuple[str, int]]:
    return [(item.data(0, PathRole), item.data(0, LineRole)) for item in backlink_items(window)]


def tree_paths(window: MainWindow) -> set[str]:
    model = window.tree.view.model()
    found: set[str] = set()

    def walk(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            found.add(index.data(TreePathRole))
            walk(index)

    walk(window.tree.view.rootIndex())
    return found


def test_opens_seed_kb_with_three_panes(make_window, seed_kb):
    window = make_window(seed_kb, NEURIPS)
    assert window.note_view.current_path == NEURIPS
    assert "NeurIPS 2025" in view_text(window)
    assert (DAY4, 44) in backlink_rows(window)
    assert {"ai", "channels", "media", "papers", NEURIPS, "channels/alphaxiv_digest.txt"} <= tree_paths(window)
    assert "5 notes" in window.vault_status.count_label.text()


def test_clicking_a_wikilink_opens_the_linked_note(make_window, seed_kb, qtbot):
    window = make_window(seed_kb, DAY4)
    html = window.note_view.browser.toHtml()
    href = "note:" + "ai/research_advances/neurips_2025.md"
    assert href in html
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.note_view.browser.anchorClicked.emit(QUrl(href))
    assert window.note_view.current_path == NEURIPS
    assert window.history.current == NEURIPS


def test_back_and_forward(make_window, seed_kb, qtbot):
    window = make_window(seed_kb, DAY4)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note(NEURIPS)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.actions["go_back"].trigger()
    assert window.note_view.current_path == DAY4
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.actions["go_forward"].trigger()
    assert window.note_view.current_path == NEURIPS


def test_unresolved_link_is_marked_and_explained(make_window, seed_kb, qtbot):
    window = make_window(seed_kb, DAY4)
    html = window.note_view.browser.toHtml()
    assert "unresolved:" in html
    with qtbot.waitSignal(window.note_view.status_message, timeout=2000) as blocker:
        window.note_view.browser.anchorClicked.emit(QUrl("unresolved:multimodal_models.md"))
    assert "leads nowhere" in blocker.args[0]
    assert window.note_view.current_path == DAY4


def test_hovering_a_link_says_where_it_goes(make_window, seed_kb, qtbot):
    window = make_window(seed_kb, DAY4)
    browser = window.note_view.browser
    with qtbot.waitSignal(window.note_view.status_message, timeout=2000) as blocker:
        browser.highlighted.emit(QUrl("unresolved:multimodal_models.md"))
    assert blocker.args == ["unresolved: no such file"]
    with qtbot.waitSignal(window.note_view.status_message, timeout=2000) as blocker:
        browser.highlighted.emit(QUrl("note:ai/research_advances/neurips_2025.md"))
    assert blocker.args[0].startswith("ai/research_advances/neurips_2025.md (")


def test_activating_a_backlink_opens_the_source_at_its_line(make_window, seed_kb, qtbot):
    window = make_window(seed_kb, NEURIPS)
    qtbot.waitUntil(lambda: not window.links.reading, timeout=5000)  # the line to look for
    group = window.backlinks.tree.topLevelItem(0)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.backlinks.tree.itemActivated.emit(group.child(0), 0)
    assert window.note_view.current_path == DAY4
    cursor = window.note_view.browser.textCursor()
    assert "Общий обзор наград" in cursor.block().text()


def test_txt_note_shows_paragraphs_and_clickable_urls(make_window, seed_kb):
    window = make_window(seed_kb, "channels/alphaxiv_digest.txt")
    html = window.note_view.browser.toHtml()
    assert 'href="https://www.alphaxiv.org/ru/overview/2505.22785"' in html
    lines = [line for line in view_text(window).splitlines() if line.strip()]
    assert len(lines) > 20  # each line of the dump stays a line of its own
    assert "Navigating the Latent Space Dynamics of Neural Models" in lines


def test_image_outside_the_vault_is_found_by_file_name(make_window, seed_kb):
    window = make_window(seed_kb, DAY4)
    html = window.note_view.browser.toHtml()
    assert (seed_kb / "media").as_uri() in html


def test_no_two_actions_share_a_shortcut(make_window):
    window = make_window(None)
    seen: dict[str, str] = {}
    for name, action in window.actions.items():
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in seen, f"{key} is both {seen[key]} and {name}"
            seen[key] = name


def test_a_note_asked_for_but_never_drawn_is_not_the_one_the_next_start_opens(make_window, seed_kb, monkeypatch):
    window = make_window(seed_kb, DAY4)
    # A note whose page never comes (the window froze laying it out, or was killed meanwhile).
    monkeypatch.setattr(window.note_view, "show_note", lambda *args, **kwargs: None)
    window.open_note(NEURIPS)
    assert window.context.settings.last_note(str(seed_kb.resolve())) == DAY4


def test_settings_restored_on_next_start(make_window, seed_kb, qtbot):
    window = make_window(seed_kb, DAY4)
    window.resize(780, 560)  # the offscreen screen is 800x800: a saved place is kept on it
    window.splitter.setSizes([150, 420, 200])  # the note keeps room for 40 characters
    sizes = window.splitter.sizes()
    window.close()

    again = make_window(None)
    assert again.context.settings.last_vault == str(seed_kb.resolve())
    assert again.context.settings.last_note(str(seed_kb.resolve())) == DAY4
    assert (again.size().width(), again.size().height()) == (780, 560)
    assert again.splitter.sizes() == sizes
    with qtbot.waitSignal(again.note_shown, timeout=10_000):
        again.open_vault_path(again.context.settings.last_vault)
    assert again.note_view.current_path == DAY4


# -- live sync: real files, the real watchdog observer -------------------------------------------


def wait_text(qtbot, window: MainWindow, text: str) -> None:
    qtbot.waitUntil(lambda: text in view_text(window), timeout=5000)


def test_edited_note_refreshes_keeping_scroll(make_window, vault_copy, qtbot):
    vault = vault_copy("seed-kb")
    window = make_window(vault, NEURIPS)
    bar = window.note_view.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 200)
    bar.setValue(200)
    note = vault / NEURIPS
    note.write_text(note.read_text(encoding="utf-8") + "\n\nДобавлено снаружи.\n", encoding="utf-8")
    wait_text(qtbot, window, "Добавлено снаружи.")
    assert bar.value() == 200


def test_atomic_save_refreshes(make_window, vault_copy, qtbot):
    vault = vault_copy("seed-kb")
    window = make_window(vault, NEURIPS)
    note = vault / NEURIPS
    temp = note.with_name(".neurips_2025.md.tmp")
    temp.write_text("# Переписано\n\nНовый текст.\n", encoding="utf-8")
    os.replace(temp, note)
    wait_text(qtbot, window, "Новый текст.")
    assert ".neurips_2025.md.tmp" not in tree_paths(window)


def test_new_note_linking_here_appears_in_tree_and_backlinks(make_window, vault_copy, qtbot):
    vault = vault_copy("seed-kb")
    window = make_window(vault, NEURIPS)
    (vault / "ai" / "fresh.md").write_text("# Fresh\n\nSee [[neurips_2025]].\n", encoding="utf-8")
    qtbot.waitUntil(lambda: ("ai/fresh.md", 3) in backlink_rows(window), timeout=5000)
    assert "ai/fresh.md" in tree_paths(window)


def test_deleting_a_linked_note_updates_backlinks(make_window, vault_copy, qtbot):
    vault = vault_copy("seed-kb")
    window = make_window(vault, NEURIPS)
    (vault / DAY4).unlink()
    qtbot.waitUntil(lambda: not backlink_rows(window), timeout=5000)
    qtbot.waitUntil(lambda: DAY4 not in tree_paths(window), timeout=5000)


def test_a_vault_opened_again_shows_what_changed_while_clew_was_closed(make_window, vault_copy, qtbot):
    vault = vault_copy("seed-kb")
    first = make_window(vault, NEURIPS)
    qtbot.waitUntil(lambda: not first.session.busy, timeout=10_000)  # its snapshot is saved
    first.session.close()
    (vault / DAY4).unlink()
    (vault / "ai" / "fresh.md").write_text("# Fresh\n\nSee [[neurips_2025]].\n", encoding="utf-8")
    window = make_window(vault, NEURIPS)
    qtbot.waitUntil(lambda: backlink_rows(window) == [("ai/fresh.md", 3)], timeout=5000)
    assert "ai/fresh.md" in tree_paths(window) and DAY4 not in tree_paths(window)


def test_deleted_open_note_keeps_its_text_greyed(make_window, vault_copy, qtbot):
    vault = vault_copy("seed-kb")
    window = make_window(vault, NEURIPS)
    assert backlink_rows(window) == [(DAY4, 44)]
    assert window.tree.current_path() == NEURIPS
    (vault / NEURIPS).unlink()
    qtbot.waitUntil(lambda: "deleted" in window.note_view.banner.text(), timeout=5000)
    assert window.note_view.banner.isVisible()
    assert "NeurIPS 2025" in view_text(window)
    # The note that links to it still does, to a missing note now; and no other note looks open.
    qtbot.waitUntil(lambda: not window.links.reading, timeout=5000)
    assert backlink_rows(window) == [(DAY4, 44)]
    assert window.backlinks.header.text() == "Backlinks: 1 in 1 note"
    assert window.tree.current_path() is None
    assert not window.tree.view.selectionModel().hasSelection()


def test_renamed_open_note_is_followed(make_window, vault_copy, qtbot):
    vault = vault_copy("seed-kb")
    window = make_window(vault, NEURIPS)
    os.rename(vault / NEURIPS, vault / "ai/research_advances/neurips_awards.md")
    qtbot.waitUntil(lambda: window.note_view.current_path == "ai/research_advances/neurips_awards.md",
                    timeout=5000)
    assert "NeurIPS 2025" in view_text(window)


def test_moved_folder_is_followed_in_tree_view_and_backlinks(make_window, vault_copy, qtbot):
    vault = vault_copy("seed-kb")
    window = make_window(vault, NEURIPS)
    os.rename(vault / "ai" / "research_advances", vault / "ai" / "conferences")
    moved = "ai/conferences/neurips_2025.md"
    qtbot.waitUntil(lambda: window.note_view.current_path == moved, timeout=5000)
    qtbot.waitUntil(lambda: moved in tree_paths(window) and NEURIPS not in tree_paths(window), timeout=5000)
    qtbot.waitUntil(lambda: backlink_rows(window) == [("ai/conferences/neurips_2025_day4.md", 44)],
                    timeout=5000)


def test_the_tree_and_backlinks_follow_the_note_once_it_is_shown(make_window, seed_kb, qtbot):
    """The note is shown first; its tree row and links panels are filled as it arrives, so
    their painting does not hold the note back."""
    window = make_window(seed_kb, DAY4)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note(NEURIPS)
        assert window.tree.current_path() == DAY4  # not yet: the render is on its way
    assert window.tree.current_path() == NEURIPS
    assert (DAY4, 44) in backlink_rows(window)


def test_a_note_is_reported_shown_once_drawn_and_its_panels_follow(make_window, seed_kb, qtbot, monkeypatch):
    # The opening sign and the wait for a paint out of the way: on a loaded machine a render or
    # its first paint may take longer than they.
    monkeypatch.setattr(note_view_module, "OPENING_SIGN_MS", 10_000)
    monkeypatch.setattr(note_view_module, "DRAW_WAIT_MS", 10_000)
    window = make_window(seed_kb, DAY4)
    events = []

    def drawn() -> None:
        if "NeurIPS 2025: Обзор" in view_text(window):
            events.append("drawn")

    window.note_view.browser.painted.connect(drawn)
    window.note_shown.connect(lambda _path: events.append(f"shown, tree at {window.tree.current_path()}"))
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note(NEURIPS)
    assert events[:2] == ["drawn", f"shown, tree at {DAY4}"]
    assert window.tree.current_path() == NEURIPS  # filled in the same turn, right after


@pytest.mark.parametrize("hide", [
    lambda browser: browser.hide(),                     # not on screen: reported at once
    lambda browser: browser.setUpdatesEnabled(False),   # on screen, never drawn: after DRAW_WAIT_MS
])
def test_a_note_that_is_not_drawn_is_still_reported_shown(make_window, seed_kb, qtbot, hide):
    window = make_window(seed_kb, DAY4)
    hide(window.note_view.browser)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note(NEURIPS)
    assert window.tree.current_path() == NEURIPS
    assert (DAY4, 44) in backlink_rows(window)


def test_a_slow_note_shows_its_title_opening_and_the_panels_follow_the_view(make_window, seed_kb, qtbot,
                                                                             monkeypatch):
    window = make_window(seed_kb, DAY4)
    qtbot.waitUntil(lambda: window.links.current.path == DAY4 and not window.links.reading, timeout=5000)
    released = threading.Event()
    real_render = note_view_module._render_in_background

    def slow_render(renderer, request, progress):
        released.wait(5)  # a note that takes long to render (big, or mis-encoded and repaired)
        return real_render(renderer, request, progress)

    monkeypatch.setattr(note_view_module, "_render_in_background", slow_render)
    seen: list[tuple[str, str | None]] = []  # (what the view shows, the note the panels are about)

    def view_shows() -> str:
        text = view_text(window)
        if "Opening…" in text and "neurips_2025" in text:
            return "opening " + NEURIPS
        if "NeurIPS 2025: Обзор" in text:
            return NEURIPS
        return DAY4 if "Мехико" in text else "?"

    def sample() -> None:
        seen.append((view_shows(), window.links.current.path, window.tree.current_path()))

    watch = QTimer()
    watch.timeout.connect(sample)
    watch.start(5)
    try:
        window.open_note(NEURIPS)
        with qtbot.waitSignal(window.note_view.opening, timeout=2000):
            pass
        qtbot.waitUntil(lambda: window.tree.current_path() == NEURIPS, timeout=2000)
        assert view_shows() == "opening " + NEURIPS
        assert (DAY4, 44) in backlink_rows(window)  # the right pane is about the note on its way
    finally:
        released.set()
    qtbot.waitUntil(lambda: view_shows() == NEURIPS, timeout=5000)
    sample()
    watch.stop()
    for shown, links_about, tree_at in seen:
        note = shown.removeprefix("opening ")
        assert links_about == note and tree_at == note, (shown, links_about, tree_at)
    assert {shown for shown, _a, _t in seen} >= {DAY4, "opening " + NEURIPS, NEURIPS}


def test_a_note_drawn_before_its_opening_sign_is_due_never_shows_it(make_window, seed_kb, qtbot, monkeypatch):
    monkeypatch.setattr(note_view_module, "OPENING_SIGN_MS", 10_000)  # a loaded machine's render time aside
    window = make_window(seed_kb, DAY4)
    signs = []
    window.note_view.opening.connect(signs.append)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note(NEURIPS)
    # The sign's timer ended with the render: it can never fire for this note.
    assert not window.note_view._opening.isActive()
    assert signs == [] and "Opening…" not in view_text(window)


def test_a_batch_leaving_the_open_notes_links_as_they_are_does_not_refill_its_panels(make_window, vault_copy, qtbot):
    vault = vault_copy("seed-kb")
    window = make_window(vault, NEURIPS)
    qtbot.waitUntil(lambda: not window.links.reading, timeout=5000)
    fills = []
    window.backlinks.show_backlinks = lambda *args, real=window.backlinks.show_backlinks: (fills.append(args[0]), real(*args))
    with qtbot.waitSignal(window.session.changed, timeout=5000):
        (vault / "unrelated.md").write_text("# Unrelated\n[[nothing here]]\n", encoding="utf-8")
    assert fills == [] and not window.links.reading
    day4 = vault / DAY4
    text = day4.read_text(encoding="utf-8").splitlines(keepends=True)
    text[43] = text[43].rstrip("\n") + " (seen again)\n"  # the line of its link to the open note
    with qtbot.waitSignal(window.session.changed, timeout=5000):
        day4.write_text("".join(text), encoding="utf-8")
    # A note it is written in changed: its line is read again, then the panel filled once.
    qtbot.waitUntil(lambda: not window.links.reading, timeout=5000)
    assert fills == [NEURIPS]
    assert any((item.data(0, PathRole), item.data(0, LineRole)) == (DAY4, 44) and "(seen again)" in item.toolTip(0)
               for item in backlink_items(window))


def test_the_open_note_is_drawn_again_when_a_change_elsewhere_moves_where_its_links_lead(make_window, vault_copy,
                                                                                         qtbot):
    vault = vault_copy("seed-kb")
    window = make_window(vault, DAY4)
    assert "unresolved:multimodal_models.md" in window.note_view.browser.toHtml()
    opened = []
    window.open_note = lambda path, *args, real=window.open_note, **kwargs: (opened.append(path),
                                                                             real(path, *args, **kwargs))
    with qtbot.waitSignal(window.session.changed, timeout=5000):
        (vault / "unrelated.md").write_text("# Unrelated\n", encoding="utf-8")
    assert opened == []  # its links lead where they did
    (vault / "ai" / "multimodal_models.md").write_text("# Multimodal models\n", encoding="utf-8")
    qtbot.waitUntil(lambda: "unresolved:multimodal_models.md" not in window.note_view.browser.toHtml(), timeout=5000)
    assert opened == [DAY4]


def test_a_big_batch_shows_how_far_it_is_until_it_is_in(make_window, vault_copy, qtbot, monkeypatch):
    monkeypatch.setattr(vault_session, "APPLY_IN_SLICES_ABOVE", 0)
    monkeypatch.setattr(sliced_apply, "SHOW_PROGRESS_ABOVE", 1)
    monkeypatch.setattr(sliced_apply, "APPLY_SLICE_MS", 0)
    monkeypatch.setattr(sliced_apply, "FILES_PER_SLICE", 1)
    vault = vault_copy("seed-kb")
    window = make_window(vault, NEURIPS)
    seen = []
    progress = window.vault_status.progress
    window.session.applying.connect(lambda *_: seen.append((progress.isVisible(), progress.text())))
    with qtbot.waitSignal(window.session.changed, timeout=5000):
        os.rename(vault / "ai", vault / "research")
    assert seen and all(visible for visible, _text in seen)
    assert seen[0][1].startswith(sliced_apply.APPLYING_FILES)
    assert not progress.isVisible()


def test_a_note_made_since_the_vault_was_cached_opens_when_asked_for(make_window, vault_copy, qtbot):
    vault = vault_copy("seed-kb")
    first = make_window(vault, NEURIPS)
    qtbot.waitUntil(lambda: not first.session.busy, timeout=10_000)  # its facts and listing are stored
    first.close()
    (vault / "papers" / "новая заметка.md").write_text("# Новая заметка\n\nСвежая мысль.\n", encoding="utf-8")

    again = make_window(vault, "papers/новая заметка.md")
    assert again.note_view.current_path == "papers/новая заметка.md"
    assert "Свежая мысль." in view_text(again)


def test_a_note_asked_for_that_is_not_there_falls_back_with_a_message(make_window, vault_copy, qtbot):
    vault = vault_copy("seed-kb")
    messages = []
    window = make_window(None)
    window.statusBar().messageChanged.connect(messages.append)
    with qtbot.waitSignal(window.note_shown, timeout=10_000):
        window.open_vault_path(vault, "../outside.md")
    assert window.note_view.current_path != "../outside.md"
    assert any("No note ../outside.md in this vault" in m for m in messages)
