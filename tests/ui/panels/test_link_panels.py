"""The outgoing-links panel, the backlinks panel's properties and unlinked mentions, and
fragments followed in the view (with a notice when they name nothing)."""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl

from clew.ui.panels.backlinks import PathRole
from clew.ui.panels.outgoing import LineRole, TargetRole
from vault_files import write

DAY4 = "ai/research_advances/neurips_2025_day4.md"
NEURIPS = "ai/research_advances/neurips_2025.md"


def groups(tree) -> dict[str, list[str]]:
    found = {}
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        found[group.text(0)] = [group.child(j).text(0) for j in range(group.childCount())]
    return found


def test_outgoing_panel_lists_broken_resolved_and_web_links(make_window, seed_kb):
    window = make_window(seed_kb, DAY4)
    shown = groups(window.outgoing.tree)
    assert list(shown)[:2] == ["Broken: no such file (3)", "Resolved: found by file name (1)"]
    assert "46: [[ai/research_advances/meta_ai_layoffs.md]]" in shown["Broken: no such file (3)"]
    assert "43: [[perception_encoder.md]]" in shown["Broken: no such file (3)"]
    assert shown["Resolved: note folder (1)"] == [f"44: [[neurips_2025.md]] → {NEURIPS}"]
    assert shown["Resolved: found by file name (1)"][0].startswith("5: ![](../../../media/img_")
    assert window.outgoing.header.text().startswith("Outgoing links:")


def test_outgoing_panel_tooltip_shows_the_candidates_after_a_tie(make_window, tmp_path, qtbot):
    vault = write(tmp_path / "v", {"n.md": "[[x]] [[x#Nope]] https://x.org/a\n", "p/x.md": "# X\n", "q/x.md": ""})
    window = make_window(vault, "n.md")
    tree = window.outgoing.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 3)
    shown = groups(tree)
    assert shown["Broken: heading not found (1)"] == ["1: [[x#Nope]]"]
    assert shown["Web (1)"] == ["1: https://x.org/a"]
    item = tree.topLevelItem(1).child(0)
    assert item.text(0) == "1: [[x]] → p/x.md (tie of 2)"
    assert "chosen by the tie-break over:\n  q/x.md" in item.toolTip(0)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        tree.itemActivated.emit(item, 0)
    assert window.note_view.current_path == "p/x.md"


def test_activating_a_broken_link_shows_its_line(make_window, seed_kb, qtbot):
    window = make_window(seed_kb, DAY4)
    broken = window.outgoing.tree.topLevelItem(0)
    item = next(broken.child(i) for i in range(broken.childCount()) if "meta_ai_layoffs" in broken.child(i).text(0))
    assert item.data(0, TargetRole) is None and item.data(0, LineRole) == 46
    window.outgoing.tree.itemActivated.emit(item, 0)
    assert "meta_ai_layoffs" in window.note_view.browser.textCursor().block().text() or \
        window.note_view.browser.verticalScrollBar().value() > 0


def test_focus_outgoing_action(make_window, seed_kb):
    window = make_window(seed_kb, DAY4)
    window.actions["focus_outgoing"].trigger()
    assert window.sidebar.currentWidget() is window.outgoing


def test_unlinked_mentions_and_properties(make_window, tmp_path, qtbot):
    vault = write(tmp_path / "v", {
        "Kyoto.md": "---\naliases: [京都]\n---\n# Kyoto\n\nSee [[Kyoto#Kyoto]] here.\n",
        "trip.md": "We loved kyoto.\n[[Kyoto]] is linked.\n京都は美しい\n",
        "book.md": "---\nup: \"[[Kyoto]]\"\n---\nNothing.\n",
        "none.md": "Kyotoites are not a mention.\n",
    })
    window = make_window(vault, "Kyoto.md")
    panel = window.backlinks
    qtbot.waitUntil(lambda: panel.mentions.topLevelItemCount() == 1 and not window.links.reading, timeout=5000)
    mentions = groups(panel.mentions)
    assert mentions == {"trip": ["1: We loved kyoto.", "3: 京都は美しい"]}
    assert panel.mentions_header.text() == "Unlinked mentions of Kyoto, 京都: 2 in 1 note"
    shown = groups(panel.tree)
    assert shown["trip"] == ["2: [[Kyoto]] is linked."]
    assert shown["Properties"] == ['book, 2: up: "[[Kyoto]]"']
    assert shown["This note links to itself"] == ["6: See [[Kyoto#Kyoto]] here."]
    group = panel.mentions.topLevelItem(0)
    assert group.child(1).data(0, PathRole) == "trip.md"
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        panel.mentions.itemActivated.emit(group.child(1), 0)
    assert window.note_view.current_path == "trip.md"


def test_two_links_on_one_line_are_one_row_with_both_marked(make_window, tmp_path, qtbot):
    from clew.ui.panels.backlinks import HtmlRole

    vault = write(tmp_path / "v", {
        "Target.md": "# Target\n",
        "one.md": "See [[Target]] first, then [[Target|it again]] on the same line.\n\nAnd [[Target#Target]].\n",
    })
    window = make_window(vault, "Target.md")
    panel = window.backlinks
    qtbot.waitUntil(lambda: not window.links.reading and panel.tree.topLevelItemCount() == 1, timeout=5000)
    assert groups(panel.tree) == {"one": ["1: See [[Target]] first, then [[Target|it again]] on the same line.",
                                          "3: And [[Target#Target]]."]}
    assert panel.header.text() == "Backlinks: 3 in 1 note"
    row = panel.tree.topLevelItem(0).child(0)
    html = row.data(0, HtmlRole)
    marked = re.findall(r"<span[^>]*>([^<]*)</span>", html)
    assert marked == ["Target", "Target"]
    assert html.index("</span>") < html.index("first, then") < html.rindex("<span")  # each where its link is


def test_fragments_scroll_and_a_missing_one_shows_a_notice(make_window, tmp_path, qtbot):
    filler = "\n\n".join(f"paragraph {i}" for i in range(120))
    vault = write(tmp_path / "v", {
        "n.md": f"# Top\n\n{filler}\n\n## Setup & Vault Consistency\n\nhere\n\n{filler}\n\nblock text ^blk\n\n{filler}\n",
    })
    window = make_window(vault, "n.md")
    view = window.note_view
    bar = view.browser.verticalScrollBar()
    positions = {}
    for fragment in ("Setup Vault Consistency", "setup-vault-consistency", "Top#Setup & Vault Consistency", "^blk"):
        with qtbot.waitSignal(window.note_shown, timeout=5000):
            window.open_note("n.md", fragment=fragment)
        positions[fragment] = bar.value()
        assert not view.banner.isVisible()
    assert positions["Setup Vault Consistency"] > 0
    assert positions["setup-vault-consistency"] == positions["Setup Vault Consistency"]
    assert positions["^blk"] > positions["Setup Vault Consistency"]
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note("n.md", fragment="Nowhere")
    assert bar.value() == 0
    assert view.banner.isVisible() and "No heading “Nowhere”" in view.banner.text()


def test_the_highlight_lands_on_the_mention_not_an_earlier_link_to_the_same_name():
    from clew.ui.panels.backlinks import _cut

    context = "A `#` jumps:   [[Welcome#The three panes]] opens the welcome note " + "and more words " * 8
    column = context.index("welcome note")
    shown, (at,) = _cut(context, [column])
    assert shown[at:at + len("welcome")] == "welcome"
    long_before = "word " * 40 + context
    shown, (at,) = _cut(long_before, [long_before.index("welcome note")])
    assert shown.startswith("…") and shown[at:at + len("welcome")] == "welcome"


def test_links_inside_an_embedded_note_say_how_they_resolved(make_window, tmp_path):
    vault = write(tmp_path / "v", {"a.md": "# A\n\n![[b]]\n", "b.md": "See [[c]] and [[gone]].\n",
                                   "sub/c.md": "# C\n"})
    window = make_window(vault, "a.md")
    view = window.note_view
    assert "sub/c.md" in view.link_resolution("note:sub/c.md").describe()
    assert "no such file" in view.link_resolution("unresolved:gone").describe()
    with_message = []
    view.status_message.connect(with_message.append)
    view._on_link_hovered(QUrl("note:sub/c.md"))
    assert with_message[-1] == view.link_resolution("note:sub/c.md").describe()


def kyoto_window_with_search_ready(make_window, tmp_path, qtbot, monkeypatch):
    """A window on four notes, one named Kyoto, its search index written; and the list of the
    notes read for mentions from then on."""
    vault = write(tmp_path / "v", {"Kyoto.md": "# Kyoto\n", "trip.md": "We loved kyoto.\n",
                                   "other.md": "Nothing about it.\n", "more.md": "Osaka only.\n"})
    window = make_window(vault, "trip.md")
    qtbot.waitUntil(lambda: window.search_upkeep.ready, timeout=10_000)
    read: list[str] = []
    real_read = window.backlinks._read_note  # what the mentions search reads notes with
    monkeypatch.setattr(window.backlinks, "_read_note",
                        lambda path, repairs: read.append(path.name) or real_read(path, repairs))
    return window, read


def test_with_the_search_index_ready_only_notes_holding_a_name_are_read_for_mentions(
        make_window, tmp_path, qtbot, monkeypatch):
    window, read = kyoto_window_with_search_ready(make_window, tmp_path, qtbot, monkeypatch)
    window.open_note("Kyoto.md")
    panel = window.backlinks
    qtbot.waitUntil(lambda: panel.mentions.topLevelItemCount() == 1, timeout=5000)
    assert groups(panel.mentions) == {"trip": ["1: We loved kyoto."]}
    assert read == ["trip.md"]


def test_in_a_big_vault_mentions_wait_for_the_search_index_then_read_only_candidates(
        make_window, tmp_path, qtbot, monkeypatch):
    import clew.ui.panels.backlinks as backlinks_module

    monkeypatch.setattr(backlinks_module, "READ_EVERY_NOTE_MOST", 2)  # these 4 notes are "big"
    window, read = kyoto_window_with_search_ready(make_window, tmp_path, qtbot, monkeypatch)
    window.search_upkeep.ready = False  # as while its first build runs
    window.open_note("Kyoto.md")
    panel = window.backlinks
    qtbot.waitUntil(lambda: "waiting for the search index" in panel.mentions_header.text(), timeout=5000)
    assert read == [] and panel.mentions.topLevelItemCount() == 0
    window.search_upkeep.ready = True
    window.search_upkeep.updated.emit()
    qtbot.waitUntil(lambda: panel.mentions.topLevelItemCount() == 1, timeout=5000)
    assert groups(panel.mentions) == {"trip": ["1: We loved kyoto."]}
    assert read == ["trip.md"]


def test_a_mention_search_that_ends_after_its_panel_is_gone_shows_nothing(qtbot, tmp_path, monkeypatch):
    import threading

    import shiboken6

    import clew.ui.panels.backlinks as backlinks_module
    from clew.core.index.build import index_vault
    from clew.core.vault.files import Vault
    from clew.ui.panels.backlinks import BacklinksPanel
    from clew.ui.background.tasks import TaskRunner

    vault = Vault(write(tmp_path / "v", {"Kyoto.md": "# Kyoto\n", "trip.md": "We loved kyoto.\n"}))
    _, index = index_vault(vault)
    release, finished = threading.Event(), threading.Event()
    real_search = backlinks_module._search_mentions

    def slow_search(*args, progress):
        release.wait(5)
        try:
            return real_search(*args, progress=progress)
        finally:
            finished.set()

    monkeypatch.setattr(backlinks_module, "_search_mentions", slow_search)
    tasks = TaskRunner()
    panel = BacklinksPanel(tasks)
    panel.find_mentions("Kyoto.md", index, vault)
    shiboken6.delete(panel)  # the window closed while the search ran
    release.set()
    qtbot.waitUntil(finished.is_set, timeout=5000)
    with qtbot.captureExceptions() as raised:
        qtbot.waitUntil(lambda: not tasks._unfinished, timeout=5000)
    assert raised == []
    tasks.shutdown()


def test_mentions_put_off_in_one_vault_are_not_searched_once_another_is_open(
        make_window, tmp_path, qtbot, monkeypatch):
    import clew.ui.panels.backlinks as backlinks_module

    monkeypatch.setattr(backlinks_module, "READ_EVERY_NOTE_MOST", 2)
    window, read = kyoto_window_with_search_ready(make_window, tmp_path, qtbot, monkeypatch)
    window.search_upkeep.ready = False
    window.open_note("Kyoto.md")
    panel = window.backlinks
    qtbot.waitUntil(lambda: "waiting for the search index" in panel.mentions_header.text(), timeout=5000)
    other = write(tmp_path / "other", {"Osaka.md": "# Osaka\n"})
    header_when_opened = []
    # Connected after the window's own slot: sees the panel as the window left it.
    window.session.opened.connect(lambda _vault: header_when_opened.append(panel.mentions_header.text()))
    with qtbot.waitSignal(window.session.indexed, timeout=10_000):
        window.open_vault_path(other)
    assert header_when_opened and "Kyoto" not in header_when_opened[0]  # dropped, with the last index
    qtbot.waitUntil(lambda: window.search_upkeep.ready, timeout=10_000)
    assert read == []  # the last vault's notes were not searched for Kyoto
