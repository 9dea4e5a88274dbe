"""Images follow the reading column: scaled down to it, again after every resize and zoom, and
never beyond what the note asked for or the image's own size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QTextCharFormat, QTextImageFormat

from clew.ui.reader.image_fit import fitted_size
from tests.vault_files import write


@pytest.mark.parametrize("asked, natural, column, expected", [
    ((0, 0), (1500, 500), 600, (600, 200)),    # wider than the column: scaled down to it
    ((0, 0), (300, 100), 600, (300, 100)),     # narrower: its own size, never enlarged
    ((200, 0), (1500, 500), 600, (200, 67)),   # ![[x.png|200]]: the asked width, in proportion
    ((0, 50), (1500, 500), 600, (150, 50)),    # only a height asked
    ((900, 90), (1500, 500), 600, (600, 60)),  # both asked, wider than the column
    ((0, 0), (1500, 500), 0, (1500, 500)),     # no column yet: as it is
])
def test_fitted_size(asked, natural, column, expected):
    assert fitted_size(asked, natural, column) == expected


def image_formats(window) -> list[QTextImageFormat]:
    """The format of every image in the page, in order."""
    found = []
    block = window.note_view.browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fmt = fragments.fragment().charFormat()
            if fmt.isImageFormat():
                found.append(fmt.toImageFormat())
            fragments += 1
        block = block.next()
    return found


def image_sizes(window) -> list[tuple[float, float]]:
    return [(image.width(), image.height()) for image in image_formats(window)]


@pytest.fixture
def vault_with_a_wide_image(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    vault.mkdir()
    picture = QImage(1500, 500, QImage.Format.Format_RGB32)
    picture.fill(QColor("steelblue"))
    assert picture.save(str(vault / "wide.png"))
    small = QImage(120, 40, QImage.Format.Format_RGB32)
    small.fill(QColor("orange"))
    assert small.save(str(vault / "small.png"))
    write(vault, {"Photo.md": "# Photo\n\n![a wide picture](wide.png)\n\n![[small.png]]\n\n![[wide.png|300]]\n"})
    return vault


def test_an_image_follows_the_column_as_the_window_is_resized_and_zoomed(make_window, vault_with_a_wide_image,
                                                                         qtbot):
    window = make_window(vault_with_a_wide_image, "Photo.md")
    column = window.note_view.browser.column

    def fitted() -> bool:
        sizes = image_sizes(window)
        if len(sizes) != 3:
            return False
        wide, small, asked = sizes
        width = round(column.width)
        # The picture is kept no wider than the screen (800 offscreen), nor drawn wider than that.
        natural = min(1500, window.screen().availableGeometry().width())
        return wide == (min(natural, width), round(500 * min(natural, width) / 1500)) and small == (120, 40) \
            and asked == (min(300, width), round(100 * min(300, width) / 300))

    qtbot.waitUntil(fitted)
    first = image_sizes(window)[0][0]
    window.reading.zoom_in()  # a larger font makes the column of 75 characters wider
    qtbot.waitUntil(lambda: fitted() and image_sizes(window)[0][0] > first)
    zoomed = image_sizes(window)[0][0]
    window.resize(600, 700)
    qtbot.waitUntil(lambda: fitted() and image_sizes(window)[0][0] < zoomed)
    window.note_view.set_full_width(True)
    window.resize(1800, 900)
    qtbot.waitUntil(lambda: fitted() and image_sizes(window)[0][0] == 800)


def image_alignments(window) -> list:
    return [image.verticalAlignment() for image in image_formats(window)]


def test_an_icon_in_a_line_is_centred_on_the_text_and_a_picture_sits_on_the_baseline(
        make_window, vault_with_a_wide_image, qtbot):
    icon = QImage(24, 24, QImage.Format.Format_RGB32)
    icon.fill(QColor("purple"))
    assert icon.save(str(vault_with_a_wide_image / "icon.png"))
    write(vault_with_a_wide_image, {"Icons.md": "Open ![[icon.png]] Settings, then ![[icon.png|16]] again.\n\n"
                                                "A picture ![[wide.png|300]] in a line.\n"})
    window = make_window(vault_with_a_wide_image, "Icons.md")
    middle, normal = QTextCharFormat.VerticalAlignment.AlignMiddle, QTextCharFormat.VerticalAlignment.AlignNormal
    qtbot.waitUntil(lambda: image_alignments(window) == [middle, middle, normal])
    # Centred: the icon's middle (its purple pixels) is at the middle of the letters beside it.
    browser = window.note_view.browser
    found = browser.document().find("Settings")
    block = found.block()
    line = block.layout().lineForTextPosition(found.selectionStart() - block.position())
    baseline = browser.cursorRect(found).top() + line.ascent()
    letters_middle = baseline - QFontMetricsF(found.charFormat().font()).xHeight() / 2
    picture = browser.viewport().grab().toImage()
    rows = [y for y in range(picture.height()) if any(
        picture.pixelColor(x, y) == QColor("purple") for x in range(0, picture.width(), 2))]
    icon_middle = (rows[0] + rows[-1]) / 2 / picture.devicePixelRatio()
    assert abs(icon_middle - letters_middle) <= 3, (icon_middle, letters_middle)


def test_an_image_that_cannot_be_loaded_leaves_the_note_readable(make_window, tmp_path, qtbot):
    # Qt sized an <img width=16> it could not load by the proportions of no image (0/0): the
    # page's height came out negative and the whole note was blank.
    vault = write(tmp_path / "v", {"n.md": "# N\n\nAn icon <img src=\"nothing-here.png\" width=\"16\"> in a line.\n\n"
                                          "And <img src=\"Attachments/x.svg\" height=\"16\"> another.\n"})
    window = make_window(vault, "n.md")
    document = window.note_view.browser.document()
    assert 0 < document.size().height() < 1000
    assert "in a line." in document.toPlainText()
