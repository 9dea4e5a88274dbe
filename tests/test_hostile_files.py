"""Every bad input of the corpus opens, in the window and through `clew render`: no crash, no
hang, a message naming the problem; and opening every file of every vault writes nothing."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from clew import cli
from clew.core.index.build import index_vault
from clew.core.index.store import FactsStore
from clew.core.offload.render_worker import LOAD_TIME_LIMIT, RENDER_TIME_LIMIT, RenderWorker
from clew.core.render.page import (
    LoadedNote, RenderRequest, RenderResult, load_page, page_html, plain_page, render_request,
)
from clew.core.text import reading
from clew.core.text.reading import PART_BYTES, NoteUnreadable, read_note
from clew.core.vault.files import Vault
from clew.ui.main_window import MainWindow
from heartbeat import MOST_STALL_MS, Heartbeat
from hostile_corpus import EXPECTED, build_bad_name_vault, build_corpus
from tests.ui.driving import window_context

CASE_SECONDS = 5.0
# A case's bound in the window: a note that overruns the render limit (2 s) there also waits for
# the window's request, which carries the resolution of each of its links (50,000 for
# many-links.md), and for the page of the plain text after. Measured: 3.0 s idle, 7.1 s beside
# two CPU-bound processes (a test run failed at 5 s beside one).
WINDOW_CASE_SECONDS = 10.0
REFUSED = {"loop.md": "loops back", "outside.md": "outside the vault"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, tuple[str, ...]]]:
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    return folder, build_corpus(folder)


def page_text(result) -> str:
    return " ".join(result.notices) + " " + result.html


def _timed_clew_render(folder: Path, case: str) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "clew.cli", "render", str(folder), case],
                          capture_output=True, text=True, timeout=CASE_SECONDS + 30)
    return time.monotonic() - started, done


def test_clew_render_as_a_command_falls_back_to_plain_text_in_time(corpus):
    folder, expected = corpus
    # What the command costs around any render (an interpreter, a render child, the corpus's
    # index) is timed on a plain note in the same minutes: on a loaded machine it alone took
    # seconds, and a fixed allowance for it made this test fail where nothing overran.
    around, plain = _timed_clew_render(folder, "hostile/raw-html.md")
    assert plain.returncode == 0, plain.stderr
    case = "hostile/nested-brackets.md"  # the command's own render child overruns and is replaced
    took, done = _timed_clew_render(folder, case)
    assert took < around + CASE_SECONDS
    assert done.returncode == 0, done.stderr
    assert any(word in done.stdout for word in expected[case]), done.stdout[:500]
    assert "longer than 2 s" in done.stderr


class _LentWorker:
    """The module's render child, lent to one `clew render` run, whose close leaves it running."""

    def __init__(self, worker: RenderWorker) -> None:
        self._worker = worker

    def start(self) -> None:
        self._worker.start()

    def render(self, request: RenderRequest) -> RenderResult:
        return self._worker.render(request)

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def render_child_and_cache(tmp_path_factory, corpus):
    """A started render child, and a cache folder holding the corpus's index."""
    worker = RenderWorker()
    worker.start()
    cache = tmp_path_factory.mktemp("render-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLEW_CACHE_DIR", str(cache))
        vault = Vault(corpus[0])
        index_vault(vault, store=FactsStore.for_vault(vault.root))
    yield worker, cache
    worker.close()


@pytest.fixture
def clew_render(render_child_and_cache, monkeypatch):
    """`clew render VAULT NOTE` run in this process, every case on one render child and the
    corpus's index: run as a command, each case paid an interpreter, a render child and a cold
    index of the corpus (the command itself is run by the test above), ~2 s before its render."""
    worker, cache = render_child_and_cache
    monkeypatch.setattr(cli, "RenderWorker", lambda: _LentWorker(worker))
    monkeypatch.setenv("CLEW_CACHE_DIR", str(cache))
    return lambda vault, note: cli.main(["render", str(vault), note])


def _plain_page_seconds(folder: Path, case: str) -> float:
    """What making ``case``'s whole plain-text page takes here and now: the command's fallback
    once a render overruns. For 50,000 links that is 7 MB of HTML, seconds of this process's
    own work, and on a loaded machine many more: it is no hang, and timed in the same minutes
    it is allowed for."""
    started = time.monotonic()
    request = replace(RenderRequest(0, folder, case, {}), whole=True)
    loaded = load_page(request)
    if isinstance(loaded, LoadedNote):
        page_html(plain_page(request, loaded, "timed"))
    return time.monotonic() - started


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_clew_render_shows_every_case_in_time(corpus, clew_render, capsys, case):
    folder, expected = corpus
    started = time.monotonic()
    code = clew_render(folder, case)
    assert time.monotonic() - started < CASE_SECONDS + _plain_page_seconds(folder, case)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert any(word in out for word in expected[case]), out[:500]


def test_encodings_are_named(corpus):
    folder, _ = corpus
    for case, encoding in (("enc/windows-1251.md", "cp1251"), ("enc/koi8-r.md", "koi8"),
                           ("enc/shift-jis.md", "932"), ("enc/latin-1.md", "cp1252")):
        result = render_request(RenderRequest(0, folder, case, {}))
        assert encoding in result.encoding and any("not UTF-8" in n for n in result.notices), case


def test_hostile_markdown_falls_back_to_plain_text_and_the_next_note_renders(corpus):
    folder, _ = corpus
    worker = RenderWorker()
    try:
        first = worker.pid
        slow = worker.render(RenderRequest(1, folder, "hostile/nested-brackets.md", {}))
        assert any("longer than 2 s" in n and "plain text" in n for n in slow.notices)
        assert worker.restarts == 1 and worker.pid != first
        assert not _alive(first)
        after = worker.render(RenderRequest(2, folder, "hostile/raw-html.md", {}))
        assert "<h1" in after.html and not after.notices
    finally:
        worker.close()


def _alive(pid: int | None) -> bool:
    try:
        os.kill(pid, 0)
    except (OSError, TypeError):
        return False
    return Path(f"/proc/{pid}/status").is_file() and "zombie" not in Path(f"/proc/{pid}/status").read_text()


def test_raw_html_has_no_effect_and_remote_images_are_not_fetched(corpus):
    folder, _ = corpus
    page = render_request(RenderRequest(0, folder, "hostile/raw-html.md", {})).html
    for active in ("<script", "pwned", "<iframe", "<style", "onclick", "onmouseover", "display: none"):
        assert active not in page
    assert '<img src="https://tracker' not in page and "onerror" not in page
    assert '<a class="remote-image" href="https://tracker.example/raw.png"' in page
    allowed = render_request(RenderRequest(0, folder, "hostile/raw-html.md", {}, remote_images=True)).html
    assert '<img src="https://tracker.example/raw.png">' in allowed


def test_big_note_comes_in_parts_that_hold_every_line_once(corpus):
    folder, _ = corpus
    first = load_page(RenderRequest(0, folder, "big.md", {}))
    size = (folder / "big.md").stat().st_size
    assert first.plain and first.parts == -(-size // PART_BYTES) and first.part == 0
    total = sum(load_page(RenderRequest(0, folder, "big.md", {}, part=n)).text.count("\n")
                for n in range(first.parts))
    assert total == (folder / "big.md").read_bytes().count(b"\n")


def test_a_long_note_shown_as_plain_text_comes_in_parts_that_hold_every_line(corpus):
    folder, _ = corpus
    text = (folder / "hostile/many-links.md").read_text(encoding="utf-8")
    request = RenderRequest(0, folder, "hostile/many-links.md", {})
    first = plain_page(request, LoadedNote(text, "utf-8"), reason="it took longer than 2 s")
    assert first.parts > 1 and any("part 1 of" in notice for notice in first.notices)
    shown = []
    for part in range(first.parts):
        page = plain_page(replace(request, part=part), LoadedNote(text, "utf-8"))
        assert page.part == part and not any("shown in part:" in n or "shown in part." in n for n in page.notices)
        shown += re.findall(r">(note \d+)</a>", page.html)
    assert shown == [f"note {n}" for n in range(50_000)]


def test_refused_links_and_unreadable_files_get_a_message(corpus, monkeypatch):
    folder, _ = corpus
    for name, words in REFUSED.items():
        result = render_request(RenderRequest(0, folder, name, {}))
        assert any(words in n for n in result.notices)
    real_open = os.open

    def denied(path, *args, **kwargs):
        if str(path).endswith("plain.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    result = render_request(RenderRequest(0, folder, "plain.txt", {}))
    assert any("permission denied" in n for n in result.notices) and not result.missing


def test_a_file_deleted_before_reading_is_missing(corpus):
    folder, _ = corpus
    result = render_request(RenderRequest(0, folder, "gone-before-reading.md", {}))
    assert result.missing and "gone" in result.notices[0]


def test_a_fifo_with_a_note_name_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(NoteUnreadable, match="not a regular file"):
        read_note(fifo)


def test_a_name_that_is_not_utf8_does_not_stop_the_vault(tmp_path):
    folder = tmp_path / "bad-names"
    fine = build_bad_name_vault(folder)
    done = subprocess.run([sys.executable, "-m", "clew.cli", "render", str(folder), fine],
                          capture_output=True, text=True, timeout=CASE_SECONDS + 10)
    assert done.returncode == 0, done.stderr
    assert "The rest of the vault works" in done.stdout


def tree_checksum(root: Path) -> str:
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            stat = path.lstat()
            digest.update(os.fsencode(path.relative_to(root)) + str((stat.st_size, stat.st_mtime_ns)).encode())
            if path.is_file() and not path.is_symlink():
                digest.update(path.read_bytes())
    return digest.hexdigest()


def test_every_file_of_every_vault_opens_in_one_window_and_nothing_is_written(
        qtbot, tmp_path, shared_vaults, corpus):
    folder, expected = corpus
    vaults = sorted(p for p in shared_vaults.iterdir() if p.is_dir()) + [folder]
    before = {vault: tree_checksum(vault) for vault in vaults}
    context = window_context(tmp_path / "s.ini", render_child=True)  # the view's time limit
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    try:
        for vault in vaults:
            with qtbot.waitSignal(window.session.indexed, timeout=30_000):
                window.open_vault_path(vault)
            for path in sorted(window.session.known):
                started = time.monotonic()
                with Heartbeat() as heartbeat, qtbot.waitSignal(
                        window.note_view.rendered, timeout=int(WINDOW_CASE_SECONDS * 1000), raising=False) as shown:
                    window.open_note(path)
                assert shown.signal_triggered, f"{vault.name}/{path} was not shown in time"
                assert time.monotonic() - started < WINDOW_CASE_SECONDS, path
                assert heartbeat.worst_ms < MOST_STALL_MS, f"{vault.name}/{path} held the window {heartbeat.worst_ms} ms"
                if vault == folder and path in expected:
                    browser = window.note_view.browser  # its HTML may split a word into spans
                    shown = window.note_view.banner.text() + browser.toHtml() + browser.toPlainText()
                    assert any(word in shown for word in expected[path]), path
                # A mis-encoded note shown read quickly is repaired in the background, in the render
                # child: the next note is timed from an idle child. The first repair of a session
                # builds the repair's models, seconds on a loaded machine: the repaired page has the
                # worker's time limits, of a read and of a render.
                repaired_within = LOAD_TIME_LIMIT + RENDER_TIME_LIMIT
                qtbot.waitUntil(lambda: not window.note_view.read_quickly, timeout=int(repaired_within * 1000))
    finally:
        window.close()
        context.shutdown()
    assert {vault: tree_checksum(vault) for vault in vaults} == before


def test_big_note_shows_its_first_part_and_the_next_on_demand(qtbot, tmp_path, corpus):
    folder, _ = corpus
    context = window_context(tmp_path / "s.ini", render_child=True)  # the view's time limit
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.note_shown, timeout=30_000):
            window.open_vault_path(folder, "big.md")
        view = window.note_view
        qtbot.waitUntil(lambda: "part 1 of" in view.banner.text(), timeout=5_000)
        assert "show the next part" in view.banner.text()
        assert "number 00000000" in view.browser.toPlainText()
        with qtbot.waitSignal(view.rendered, timeout=5_000):
            view.banner.linkActivated.emit("part:1")
        assert "part 2 of" in view.banner.text() and "previous part" in view.banner.text()
        assert "number 00000000" not in view.browser.toPlainText()
    finally:
        window.close()
        context.shutdown()


def _open_then(action):
    """A stand-in for reading's _open_with_status, which every read of a note opens its file
    with, that runs ``action`` right after the file is opened, as another program would between
    Clew opening a note and reading it."""
    real_open = reading._open_with_status

    def open_then_act(path):
        opened = real_open(path)
        action(path)
        return opened

    return open_then_act


def test_a_note_replaced_while_being_read_is_read_whole_as_it_was(tmp_path, monkeypatch):
    note = tmp_path / "note.md"
    note.write_text("old text, complete\n" * 100, encoding="utf-8")

    def editor_saves(path):  # write-temp-then-rename, as editors save
        temp = path.with_suffix(".tmp")
        temp.write_text("new text\n", encoding="utf-8")
        os.replace(temp, path)

    monkeypatch.setattr(reading, "_open_with_status", _open_then(editor_saves))
    assert read_note(note).text == "old text, complete\n" * 100
    monkeypatch.undo()
    assert read_note(note).text == "new text\n"


def test_a_note_truncated_while_being_read_gives_what_is_left(tmp_path, monkeypatch):
    note = tmp_path / "note.md"
    note.write_text("x" * 5000, encoding="utf-8")
    monkeypatch.setattr(reading, "_open_with_status", _open_then(lambda path: path.write_bytes(b"")))
    assert read_note(note).empty


def test_a_note_deleted_while_being_read_is_read_as_it_was(tmp_path, monkeypatch):
    note = tmp_path / "note.md"
    note.write_text("# Still here\n", encoding="utf-8")
    monkeypatch.setattr(reading, "_open_with_status", _open_then(lambda path: path.unlink()))
    assert read_note(note).text == "# Still here\n"
