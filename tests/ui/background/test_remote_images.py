"""Remote images: not fetched by default (the note shows a chip for each); once allowed, fetched in
the background and shown; the choice is remembered. A chip, clicked or followed by its link hint,
loads its note's remote images only. A local HTTP server stands in for the web."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QHelpEvent, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip

from clew.core.render.remote_fetch import FetchRefused, fetch_image
from clew.ui.settings import Settings
from clew.ui.reader.hover_preview import find_link
from tests.ui.driving import nothing_loaded, open_window, type_text


def _png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


@pytest.fixture
def image_server():
    """Serves /pixel.png (a 40x30 PNG) and /text (not an image); records each path asked for."""
    asked: list[str] = []
    body = _png(40, 30)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            asked.append(self.path)
            payload, kind = (body, "image/png") if self.path == "/pixel.png" else (b"hello", "text/plain")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def _shown_image(window, url: str) -> QImage | None:
    resource = window.note_view.browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(url))
    return resource if isinstance(resource, QImage) and not nothing_loaded(resource) else None


def test_remote_image_waits_for_permission_then_shows(qtbot, tmp_path: Path, image_server):
    base, asked = image_server
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "note.md").write_text(f"# Web\n\n![pixel]({base}/pixel.png)\n", encoding="utf-8")
    settings_file = tmp_path / "settings.ini"
    window, context = open_window(qtbot, vault, "note.md", settings_file)
    try:
        assert window.vault_status.count_label.text() == "1 note"
        assert find_link(window.note_view.browser, "pixel")[0] == f"{base}/pixel.png"
        assert asked == []

        window.actions["allow_remote_images"].trigger()
        qtbot.waitUntil(lambda: _shown_image(window, f"{base}/pixel.png") is not None, timeout=10_000)
        assert _shown_image(window, f"{base}/pixel.png").size().toTuple() == (40, 30)
        assert asked == ["/pixel.png"]
        assert Settings(QSettings(str(settings_file), QSettings.Format.IniFormat)).remote_images
    finally:
        context.shutdown()


def test_an_address_that_is_not_an_image_is_reported(qtbot, tmp_path: Path, image_server):
    base, _asked = image_server
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "note.md").write_text(f"![not an image]({base}/text)\n", encoding="utf-8")
    window, context = open_window(qtbot, vault, "note.md", tmp_path / "settings.ini")
    try:
        with qtbot.waitSignal(window.note_view.status_message, timeout=10_000,
                              check_params_cb=lambda text: "not an image" in text):
            window.actions["allow_remote_images"].trigger()
    finally:
        context.shutdown()


def test_fetch_refuses_other_schemes_and_oversized_answers(image_server):
    base, _asked = image_server
    with pytest.raises(FetchRefused):
        fetch_image("file:///etc/passwd")
    with pytest.raises(FetchRefused, match="larger than"):
        fetch_image(f"{base}/pixel.png", limit=10)
    assert fetch_image(f"{base}/pixel.png").startswith(b"\x89PNG")


def _chip_tooltip(qtbot, window, text: str) -> str:
    """The tooltip shown with the mouse resting on the chip showing ``text``."""
    browser = window.note_view.browser
    _href, rect = find_link(browser, text)
    QApplication.sendEvent(browser.viewport(), QHelpEvent(QHelpEvent.Type.ToolTip, rect.center(),
                                                          browser.viewport().mapToGlobal(rect.center())))
    qtbot.waitUntil(QToolTip.isVisible)
    return QToolTip.text()


def test_a_chip_shows_its_address_and_loads_its_notes_images_when_activated(qtbot, tmp_path: Path, image_server):
    base, asked = image_server
    vault = tmp_path / "vault"
    vault.mkdir()
    url = f"{base}/pixel.png"
    (vault / "badges.md").write_text(f"[![pixel]({url})](https://example.org/) [[other]]\n", encoding="utf-8")
    (vault / "other.md").write_text(f"![]({url})\n", encoding="utf-8")
    settings_file = tmp_path / "settings.ini"
    window, context = open_window(qtbot, vault, "badges.md", settings_file)
    try:
        assert _chip_tooltip(qtbot, window, "pixel") == url
        with qtbot.waitSignal(window.note_view.rendered, timeout=10_000, check_params_cb="other.md".__eq__):
            window.note_view.browser.anchorClicked.emit(QUrl("note:other.md"))
        assert find_link(window.note_view.browser, "127.0.0.1")[0] == url  # no alt text: the host
        assert asked == []

        # The keyboard's way: the chip's link hint.
        window.follow_link_hint()
        type_text(window.note_view.browser, "a")
        qtbot.waitUntil(lambda: _shown_image(window, url) is not None, timeout=10_000)
        assert asked == ["/pixel.png"]
        assert not window.actions["allow_remote_images"].isChecked()
        assert not Settings(QSettings(str(settings_file), QSettings.Format.IniFormat)).remote_images

        # The first note still shows its chip: loading is per note. Clicked, it loads them there too.
        with qtbot.waitSignal(window.note_view.rendered, timeout=10_000, check_params_cb="badges.md".__eq__):
            window.go_back()
        _href, rect = find_link(window.note_view.browser, "pixel")
        qtbot.mouseClick(window.note_view.browser.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: find_link(window.note_view.browser, "pixel") is None, timeout=10_000)
        assert _shown_image(window, url) is not None
    finally:
        context.shutdown()
