"""Reference link labels as CommonMark matches them, as a Python-Markdown extension: case folded
(``[ẞ]`` finds ``[SS]: /url``), runs of white space as one space (a label may wrap a line), and
the first definition of a label wins, where Python-Markdown lower-cased, kept line endings and
let a later definition replace an earlier one."""

from __future__ import annotations

from markdown import Extension


def label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


class ReferenceLabels(dict):
    """``md.references``, keyed by folded label; a label defined twice keeps its first target."""

    def __setitem__(self, label: str, target) -> None:
        self.setdefault(label_key(label), target)

    def __getitem__(self, label: str):
        return super().__getitem__(label_key(label))

    def __contains__(self, label: object) -> bool:
        return isinstance(label, str) and super().__contains__(label_key(label))

    def get(self, label: str, default=None):
        return super().get(label_key(label), default)


class LinkLabelsExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # Markdown.reset() clears this dict in place, so it stays for every note.
        md.references = ReferenceLabels()


def makeExtension(**kwargs) -> LinkLabelsExtension:
    return LinkLabelsExtension(**kwargs)
