"""Python-Markdown extension that marks web links with a ↗ after their text, so they differ from
links into the vault by shape as well as colour (unresolved links are italic and, in the view,
dash-underlined)."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

EXTERNAL_MARK = "\u2009↗"


class ExternalMarkTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for anchor in root.iter("a"):
            if "external" in (anchor.get("class") or "").split() and anchor.find(".//img") is None:
                mark = etree.SubElement(anchor, "span", {"class": "external-mark"})
                mark.text = EXTERNAL_MARK


class LinkMarkExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After the links extension (-1) has given every link its class.
        md.treeprocessors.register(ExternalMarkTreeprocessor(md), "clew_link_marks", -2)


def makeExtension(**kwargs) -> LinkMarkExtension:
    return LinkMarkExtension(**kwargs)
