"""Remote images not loaded are compact chips: an icon and the alt text or the host, the full
address as the tooltip and the href, whatever characters the address holds."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from clew.core.render.markdown import render
from clew.core.render.remote_chip import ICON_URL, MOST_CHIP_CHARS, chip_addresses, chip_label
from clew.core.render.safety import clean_html


def _page(markdown: str) -> str:
    return clean_html(render(markdown, "note.md", lambda link: None).html)


class _Chips(HTMLParser):
    """Each chip's attributes and its text; every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.chips: list[dict] = []
        self.tags: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "a" and values.get("class") == "remote-image":
            self.chips.append({**values, "text": "", "icon": None})
            self._open = True
        elif tag == "img" and self._open:
            self.chips[-1]["icon"] = values.get("src")

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.chips[-1]["text"] += data


def chips(page: str) -> _Chips:
    parser = _Chips()
    parser.feed(page)
    return parser


def test_a_chip_shows_the_alt_text_and_the_address_on_hover():
    (chip,) = chips(_page("![Build status](https://img.shields.io/badge/build-passing-green.svg)")).chips
    assert chip["text"].strip("\xa0") == "Build status"
    assert chip["title"] == chip["href"] == "https://img.shields.io/badge/build-passing-green.svg"
    assert chip["icon"] == ICON_URL
    assert "remote image not loaded" not in _page("![a](https://h.example/a.png)")


@pytest.mark.parametrize("markdown", [
    "![](https://img.shields.io/github/stars/x/y?style=social)",
    '<img src="https://img.shields.io/github/stars/x/y?style=social">',
    '<img src="https://img.shields.io/github/stars/x/y?style=social" alt="  ">',
])
def test_a_chip_without_alt_text_shows_the_host(markdown):
    (chip,) = chips(_page(markdown)).chips
    assert chip["text"].strip("\xa0") == "img.shields.io"
    assert chip["title"] == "https://img.shields.io/github/stars/x/y?style=social"


def test_a_protocol_relative_address_shows_its_host():
    (chip,) = chips(_page('<img src="//cdn.example.org/x.png">')).chips
    assert chip["text"].strip("\xa0") == "cdn.example.org" and chip["href"] == "//cdn.example.org/x.png"


def test_a_long_alt_text_is_cut():
    (chip,) = chips(_page(f"![{'word ' * 30}](https://h.example/a.png)")).chips
    label = chip["text"].strip("\xa0")
    assert len(label) == MOST_CHIP_CHARS and label.endswith("…")


def test_a_hostile_address_and_alt_stay_inside_their_attributes():
    raw = """<img src='https://evil.example/a"b<c>d&e=1' alt='x"><script>alert(1)</script>' onerror='steal()'>"""
    page = _page(raw)
    found = chips(page)
    (chip,) = found.chips
    assert chip["href"] == chip["title"] == 'https://evil.example/a"b<c>d&e=1'
    assert chip["text"].strip("\xa0") == 'x"><script>alert(1)</script>'
    assert "script" not in found.tags and "onerror" not in page and "steal" not in page
    assert chip_addresses(page) == {'https://evil.example/a"b<c>d&e=1'}


def test_badges_in_a_row_stay_in_one_paragraph():
    markdown = ("[![PyPI](https://img.shields.io/pypi/v/clew.svg)](https://pypi.org/project/clew/) "
                "[![License: MIT](https://img.shields.io/badge/License-MIT-yellow.svg)](https://opensource.org/) "
                "![](https://img.shields.io/github/stars/x/y)")
    page = _page(markdown)
    assert page.count("<p>") == 1 and "<br" not in page
    assert [chip["text"].strip("\xa0") for chip in chips(page).chips] == ["PyPI", "License: MIT", "img.shields.io"]
    assert chip_addresses(page) == {"https://img.shields.io/pypi/v/clew.svg",
                                    "https://img.shields.io/badge/License-MIT-yellow.svg",
                                    "https://img.shields.io/github/stars/x/y"}


def test_a_data_url_image_is_no_chip():
    data = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
            "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    page = _page(f"![dot]({data})")
    assert chips(page).chips == [] and re.search(r'<img [^>]*src="data:image/png', page)


def test_remote_images_allowed_are_images_not_chips():
    page = clean_html(render("![a](https://h.example/a.png)", "note.md", lambda link: None).html, remote_images=True)
    assert chips(page).chips == [] and 'src="https://h.example/a.png"' in page


def test_the_label_of_an_address_without_a_host():
    assert chip_label("https://", "") == "remote image"
    assert chip_label("https://h.example/x.png", "https://h.example/x.png") == "h.example"
    assert html.escape(chip_label("u", "a  b\nc")) == "a b c"
