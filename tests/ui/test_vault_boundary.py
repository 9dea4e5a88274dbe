"""The vault boundary in the window: the note view loads no image or resource from outside the
vault, and hands no file outside it to the system. Outside means by real path: through a symlink,
by ``..``, by a sibling folder whose name starts with the vault's, by a relative path. Labels and
tooltips show note text as text, so an ``<img>`` in it reads no file either."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QToolTip

from clew.core.vault.files import Vault
from clew.ui.reader.note_browser import NoteBrowser
from clew.ui.widgets.plain_labels import PlainLabels
from tests.ui.driving import nothing_loaded

IMAGE = QTextDocument.ResourceType.ImageResource
OUTSIDE_SIZE = (37, 23)
INSIDE_SIZE = (40, 30)


def write_png(path: Path, size: tuple[int, int]) -> Path:
    image = QImage(*size, QImage.Format.Format_ARGB32)
    image.fill(QColor("red"))
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path))
    return path


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    """``v`` (the vault: an image, a document, a script, a symlink to outside) beside an outside
    image, ``/etc/passwd``-like text and a sibling folder ``v-evil``."""
    root = tmp_path / "v"
    write_png(root / "pics" / "in.png", INSIDE_SIZE)
    (root / "docs").mkdir()
    (root / "docs" / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "tool.sh").write_text("#!/bin/sh\necho hi\n")
    outside = write_png(tmp_path / "outside.png", OUTSIDE_SIZE)
    (tmp_path / "passwd").write_text("root:x:0:0\n")
    write_png(tmp_path / "v-evil" / "evil.png", OUTSIDE_SIZE)
    (tmp_path / "v-evil" / "page.html").write_text("<p>evil</p>")
    (root / "link.png").symlink_to(outside)
    (root / "link.pdf").symlink_to(tmp_path / "passwd")
    return {"root": root, "outside": outside, "tmp": tmp_path}


def outside_image_urls(places: dict[str, Path]) -> list[QUrl]:
    root, outside, tmp = places["root"], places["outside"], places["tmp"]
    return [
        QUrl(str(outside)),                                   # <img src="/abs/outside.png">
        QUrl.fromLocalFile(str(outside)),                     # file:///abs/outside.png
        QUrl(f"file://{root}/../outside.png"),                # .. out of the vault
        QUrl(f"file://{root}/pics/../../outside.png"),
        QUrl(f"file://{root}/%2E%2E/outside.png"),            # .. percent-encoded
        QUrl.fromLocalFile(str(root / "link.png")),           # a symlink inside, pointing outside
        QUrl.fromLocalFile(str(tmp / "v-evil" / "evil.png")),  # the vault's name is its prefix
        QUrl("../outside.png"),                               # relative: the working folder's
        QUrl("file:outside.png"),
        QUrl(f"file://localhost{outside}"),                   # a host: nothing by path from it
    ]


@pytest.fixture
def browser(qtbot, places, monkeypatch) -> NoteBrowser:
    monkeypatch.chdir(places["root"] / "pics")  # ../outside.png from here would be a real file
    view = NoteBrowser()
    qtbot.addWidget(view)
    view.vault = Vault(places["root"])
    return view


def test_images_outside_the_vault_are_empty_never_none(browser, places):
    for url in outside_image_urls(places):
        image = browser.loadResource(IMAGE, url)
        assert isinstance(image, QImage), url.toString()
        assert nothing_loaded(image), url.toString()


def test_an_image_inside_the_vault_loads(browser, places):
    image = browser.loadResource(IMAGE, QUrl.fromLocalFile(str(places["root"] / "pics" / "in.png")))
    assert (image.width(), image.height()) == INSIDE_SIZE
    dotted = browser.loadResource(IMAGE, QUrl(f"file://{places['root']}/docs/../pics/in.png"))
    assert (dotted.width(), dotted.height()) == INSIDE_SIZE


def test_images_in_a_followed_folder_symlink_load_and_through_an_ignored_one_do_not(browser, places):
    """The boundary is the vault and the targets of the folder symlinks it follows: a link to a
    folder beside the vault is followed; a link to the vault's parent is ignored (Obsidian's rules)."""
    root, tmp = places["root"], places["tmp"]
    write_png(tmp / "shared" / "pic.png", INSIDE_SIZE)
    (root / "shared").symlink_to(tmp / "shared")
    (root / "up").symlink_to(tmp)
    browser.vault = Vault(root)
    followed = browser.loadResource(IMAGE, QUrl.fromLocalFile(str(root / "shared" / "pic.png")))
    assert (followed.width(), followed.height()) == INSIDE_SIZE
    assert nothing_loaded(browser.loadResource(IMAGE, QUrl.fromLocalFile(str(root / "up" / "outside.png"))))
    same_file = browser.loadResource(IMAGE, QUrl.fromLocalFile(str(root / "up" / "shared" / "pic.png")))
    assert (same_file.width(), same_file.height()) == INSIDE_SIZE  # its real path is held


def test_without_a_vault_no_file_is_read(browser, places):
    browser.vault = None
    image = browser.loadResource(IMAGE, QUrl.fromLocalFile(str(places["root"] / "pics" / "in.png")))
    assert nothing_loaded(image)


def test_other_resources_are_empty_never_none(browser, places):
    (places["tmp"] / "style.css").write_text("p { color: red }")
    for url in (QUrl.fromLocalFile(str(places["tmp"] / "style.css")), QUrl(str(places["tmp"] / "style.css")),
                QUrl("style.css"), QUrl.fromLocalFile(str(places["root"] / "docs" / "paper.pdf"))):
        for kind in (QTextDocument.ResourceType.StyleSheetResource, QTextDocument.ResourceType.HtmlResource):
            resource = browser.loadResource(kind, url)
            assert isinstance(resource, QByteArray) and resource.isEmpty()


def test_a_data_url_image_is_decoded_and_a_broken_one_is_empty(browser, places):
    data = QByteArray((places["root"] / "pics" / "in.png").read_bytes()).toBase64().data().decode()
    image = browser.loadResource(IMAGE, QUrl(f"data:image/png;base64,{data}"))
    assert (image.width(), image.height()) == INSIDE_SIZE
    broken = browser.loadResource(IMAGE, QUrl("data:image/png;base64,!!!"))
    assert nothing_loaded(broken)


def test_formula_svgs_come_from_the_cache_and_nothing_else_does(browser, places):
    browser.math_dir.mkdir(parents=True, exist_ok=True)
    svg = browser.math_dir / "f.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
                   '<rect width="20" height="10"/></svg>')
    assert not browser.loadResource(IMAGE, QUrl.fromLocalFile(str(svg))).isNull()
    png = write_png(browser.math_dir / "f.png", OUTSIDE_SIZE)
    assert nothing_loaded(browser.loadResource(IMAGE, QUrl.fromLocalFile(str(png))))
    (places["tmp"] / "far.svg").write_text(svg.read_text())
    (browser.math_dir / "far.svg").symlink_to(places["tmp"] / "far.svg")
    assert nothing_loaded(browser.loadResource(IMAGE, QUrl.fromLocalFile(str(browser.math_dir / "far.svg"))))


# -- the real window ---------------------------------------------------------------------------

RAW_NOTE = """# Raw

<img src="{outside}"> <img src="file://{outside}"> <img src="../../outside.png">
<img src="file://{root}/../outside.png">

![md]({outside_url}) ![link](link.png) ![in](pics/in.png)
"""


def test_a_raw_img_shown_in_the_window_does_not_read_the_outside_file(make_window, places, monkeypatch):
    root, outside = places["root"], places["outside"]
    monkeypatch.chdir(root / "pics")
    (root / "raw.md").write_text(RAW_NOTE.format(outside=outside, root=root, outside_url=outside.as_uri()))
    window = make_window(root, "raw.md")
    document = window.note_view.browser.document()
    html = document.toHtml()
    for src in (str(outside), outside.as_uri(), "../../outside.png", f"file://{root}/../outside.png"):
        assert f'src="{src}"' in html
        resource = document.resource(IMAGE, QUrl(src))
        assert nothing_loaded(resource), src
    assert nothing_loaded(document.resource(IMAGE, QUrl.fromLocalFile(str(root / "link.png"))))
    inside = document.resource(IMAGE, QUrl.fromLocalFile(str(root / "pics" / "in.png")))
    assert (inside.width(), inside.height()) == INSIDE_SIZE
    # and the reader is told why those images are blank
    assert window.note_view.browser.refused and f"outside the vault ({outside})" in window.statusBar().currentMessage()


def test_a_note_in_a_followed_folder_symlink_shows_with_its_image(make_window, places, opened, qtbot):
    root, tmp = places["root"], places["tmp"]
    write_png(tmp / "shared" / "pic.png", INSIDE_SIZE)
    (tmp / "shared" / "far.md").write_text("# Far\n\n![](pic.png)\n")
    (tmp / "shared" / "doc.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "shared").symlink_to(tmp / "shared")
    window = make_window(root, "shared/far.md")
    assert "Far" in window.note_view.browser.toPlainText()
    document = window.note_view.browser.document()
    image = document.resource(IMAGE, QUrl.fromLocalFile(str(root / "shared" / "pic.png")))
    assert (image.width(), image.height()) == INSIDE_SIZE
    window.note_view.browser.anchorClicked.emit(QUrl.fromLocalFile(str(root / "shared" / "doc.pdf")))
    assert opened.urls == [(tmp / "shared" / "doc.pdf").as_uri()]


class OpenedUrls(QObject):
    """Stands in for xdg-open: the URLs the window hands to the system."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def opened():
    handler = OpenedUrls()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


def click(window, qtbot, href: str) -> str:
    """Click ``href`` in the note; what the status bar then says."""
    with qtbot.waitSignal(window.note_view.status_message, timeout=2000) as blocker:
        window.note_view.browser.anchorClicked.emit(QUrl(href))
    assert window.statusBar().currentMessage() == blocker.args[0]
    return blocker.args[0]


def test_file_links_outside_the_vault_are_refused(make_window, places, opened, qtbot):
    root, tmp = places["root"], places["tmp"]
    (root / "n.md").write_text("# N\n")
    window = make_window(root, "n.md")
    for href in (f"file://{root}/../../../../../../../../etc/passwd", f"file://{root}/../passwd",
                 f"file://{tmp}/v-evil/page.html", (tmp / "passwd").as_uri(), (root / "link.pdf").as_uri(),
                 f"file://{root}/%2E%2E/passwd"):
        message = click(window, qtbot, href)
        assert "outside the vault" in message, href
        assert "Not opened" in message
    assert click(window, qtbot, (root / "gone.pdf").as_uri()).endswith("does not exist.")
    assert "program or script" in click(window, qtbot, (root / "tool.sh").as_uri())
    assert opened.urls == []


def test_a_file_link_inside_the_vault_is_handed_to_the_system(make_window, places, opened, qtbot):
    root = places["root"]
    (root / "n.md").write_text("# N\n")
    window = make_window(root, "n.md")
    window.note_view.browser.anchorClicked.emit(QUrl(f"file://{root}/pics/../docs/paper.pdf"))
    assert opened.urls == [(root / "docs" / "paper.pdf").as_uri()]


# -- labels and tooltips ---------------------------------------------------------------------

TALL = (20, 300)  # drawn by a label that took it for rich text, it would make the label this tall


def shown_tooltip() -> QLabel:
    labels = [w for w in QApplication.topLevelWidgets() if w.metaObject().className() == "QTipLabel"]
    assert labels and labels[-1].isVisible()
    return labels[-1]


def test_a_note_line_with_an_img_in_a_link_tooltip_reads_no_file(make_window, places, qtbot):
    root, tmp = places["root"], places["tmp"]
    tall = write_png(tmp / "tall.png", TALL)
    (root / "n.md").write_text(f'<img src="{tall}"> see [[other]]\n')
    (root / "other.md").write_text("# Other\n")
    window = make_window(root, "n.md")
    tree = window.outgoing.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0)
    tip = tree.topLevelItem(0).child(0).toolTip(0)
    assert f'<img src="{tall}">' in tip
    QToolTip.showText(tree.mapToGlobal(QPoint(10, 10)), tip, tree)
    label = shown_tooltip()
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == tip
    assert label.sizeHint().height() < TALL[1] // 3
    QToolTip.hideText()


def test_a_vault_named_like_an_img_shows_its_name_not_an_image(make_window, tmp_path, monkeypatch):
    write_png(tmp_path / "tall.png", TALL)
    monkeypatch.chdir(tmp_path)  # where Qt would look for the relative src
    root = tmp_path / "<img src=tall.png>"
    root.mkdir()
    (root / "n.md").write_text("# N\n")
    window = make_window(root, "n.md")
    assert window.vault_status.vault_label.text() == str(root)
    assert window.vault_status.vault_label.textFormat() == Qt.TextFormat.PlainText
    assert window.vault_status.vault_label.sizeHint().height() < TALL[1] // 3


def test_a_label_that_asks_for_rich_text_keeps_it(make_window, places):
    (places["root"] / "n.md").write_text("# N\n")
    window = make_window(places["root"], "n.md")
    assert window.note_view.banner.textFormat() == Qt.TextFormat.RichText


def test_a_message_box_keeps_the_rich_text_clew_writes_in_it(make_window, places, qtbot):
    (places["root"] / "n.md").write_text("# N\n")
    make_window(places["root"], "n.md")
    box = QMessageBox(QMessageBox.Icon.Information, "Clew", "<b>Clew</b> reads notes")
    qtbot.addWidget(box)
    box.show()
    assert box.findChild(QLabel, "qt_msgbox_label").textFormat() != Qt.TextFormat.PlainText


def test_labels_are_made_plain_by_the_application_style_fusion(make_window, places, qapp):
    """By a style, which polishes each widget once: an application event filter, as before,
    saw every event of every widget, a call into Python each. Style sheets draw with it."""
    (places["root"] / "n.md").write_text("# N\n")
    make_window(places["root"], "n.md")
    make_window(places["root"], "n.md")
    styles = qapp.findChildren(PlainLabels)
    assert len(styles) == 1 and styles[0].baseStyle().name() == "fusion"
