"""One note's backlinks found by a scan of the files for its names (issue 22): the same answer as
the full index's, for links written every way docs/LINKS.md allows."""

from __future__ import annotations

import unicodedata

import pytest

from clew.core.index.build import index_vault
from clew.core.index.targeted_scan import NameScan, link_spellings, targeted_backlinks
from clew.core.vault.files import Vault
from vault_files import write

TARGET = "research/My Note.md"
# Each note links to the target one way (and some to other notes, which must not count).
LINKING = {
    "research/beside.md": "Bare [[My Note]] beside it.\n",
    "from-root.md": "From the root: [[research/My Note]].\n",
    "other/relative.md": "Relative: [[../research/My Note]] here.\n",
    "other/shown.md": "With shown text: [[My Note|the note]].\n",
    "other/heading.md": "To a heading: [[My Note#Part two]] and a block [[My Note#^b1]].\n",
    "other/percent.md": "Markdown: [the note](../research/My%20Note.md).\n",
    "other/angle.md": "Angle brackets: [the note](<../research/My Note.md>).\n",
    "other/reference.md": "By reference: [the note][ref].\n\n[ref]: ../research/My%20Note.md\n",
    "other/front.md": '---\nup: "[[My Note]]"\ncategories: ["[[My Note]]"]\n---\n# Front\n',
    "other/embed.md": "Embedded: ![[My Note]]\n",
    "other/alias.md": "Through its alias: [[The Other Name]].\n",
    "other/case.md": "In other case: [[MY NOTE]] and [[my note.md]].\n",
}
NOT_LINKING = {
    # A name shared with a note in the linking note's own folder: the tie goes there (rule 6);
    # from anywhere else to the shorter path, the target.
    "shared-elsewhere/My Note.md": "# Another note of the same name\n",
    "shared-elsewhere/near.md": "Beside the other one: [[My Note]].\n",
    "code.md": "In code: `[[My Note]]`\n\n```\n[[My Note]]\n```\n",
    "comment.md": "<!-- [[My Note]] --> and %% [[My Note]] %%\n",
    "mention.md": "My Note mentioned without a link.\n",
    "elsewhere.md": "To others: [[Café Crème]] is not [[My Notes]].\n",
    "other/nfd.md": "Spelt NFD: [[" + unicodedata.normalize("NFD", "Café Crème") + "]].\n",
}
FILES = {
    TARGET: "---\naliases: [The Other Name]\n---\n# My Note\n\n## Part two\n\nText ^b1\n\nLinks itself: [[My Note]].\n",
    "cafe/Café Crème.md": "# Café\n",
    **LINKING,
    **NOT_LINKING,
}


def _compare(vault_root, target: str):
    vault = Vault(vault_root)
    files, index = index_vault(vault)
    return targeted_backlinks(vault, [f.path for f in files], target), index.backlinks(target)


def test_the_scan_finds_what_the_index_finds_for_every_link_form(tmp_path):
    scanned, indexed = _compare(write(tmp_path / "v", FILES), TARGET)
    assert scanned == indexed
    sources = {link.source for link in scanned}
    assert sources == set(LINKING) | {TARGET}
    assert not sources & set(NOT_LINKING)


def test_a_name_shared_by_two_files_resolves_by_the_tie_rules_not_to_the_target(tmp_path):
    scanned, indexed = _compare(write(tmp_path / "v", FILES), "shared-elsewhere/My Note.md")
    assert scanned == indexed
    assert [link.source for link in scanned] == ["shared-elsewhere/near.md"]


def test_a_link_written_in_nfd_reaches_a_note_named_in_nfc(tmp_path):
    scanned, indexed = _compare(write(tmp_path / "v", FILES), "cafe/Café Crème.md")
    assert scanned == indexed
    assert {link.source for link in scanned} == {"other/nfd.md", "elsewhere.md"}


def test_an_alias_two_notes_list_is_ambiguous_for_the_scan_too(tmp_path):
    files = dict(FILES, **{"other/rival.md": "---\naliases: [The Other Name]\n---\n# Rival\n"})
    scanned, indexed = _compare(write(tmp_path / "v", files), TARGET)
    assert scanned == indexed
    assert "other/alias.md" not in {link.source for link in scanned}


def test_a_cyrillic_name_is_found_in_any_letter_case_and_percent_encoded(tmp_path):
    files = {
        "заметки/Модель обучения 001.md": "# М\n",
        "a.md": "[[модель обучения 001]]\n",
        "b.md": "[x](%D0%9C%D0%BE%D0%B4%D0%B5%D0%BB%D1%8C%20%D0%BE%D0%B1%D1%83%D1%87%D0%B5%D0%BD%D0%B8%D1%8F%20001.md)\n",
        "c.md": "[x](заметки/МОДЕЛЬ%20ОБУЧЕНИЯ%20001.md)\n",
        "d.md": "Модель обучения без ссылки.\n",
    }
    scanned, indexed = _compare(write(tmp_path / "v", files), "заметки/Модель обучения 001.md")
    assert scanned == indexed
    assert {link.source for link in scanned} == {"a.md", "b.md", "c.md"}


@pytest.mark.parametrize("written", [
    "[[My Note]]", "[[my note]]", "[[MY NOTE]]", "[x](My%20Note.md)", "[x](my%20note.md)",
])
def test_the_byte_scan_lets_through_every_spelling_of_the_name(written):
    assert NameScan(["My Note"]).holds(written.encode("utf-8"))


def test_the_byte_scan_passes_over_notes_without_the_name():
    scan = NameScan(["My Note", "Модель 001"])
    assert not scan.holds("[[My Nota is elsewhere]] [[Model 001]] [[Модель 002]]".encode("utf-8"))
    assert not scan.holds("Nothing here but модели.".encode("utf-8"))
    assert scan.holds("[[модель 001]]".encode("utf-8"))


def test_spellings_hold_nfd_and_wholly_encoded_forms():
    spellings = link_spellings("Café")
    assert unicodedata.normalize("NFD", "Café") in spellings
    assert "Caf%C3%A9" in spellings


def test_the_scan_finds_the_same_notes_with_several_threads(tmp_path, monkeypatch):
    import clew.core.index.targeted_scan as targeted_scan

    monkeypatch.setattr(targeted_scan, "NOTES_PER_THREAD", 2)
    scanned, indexed = _compare(write(tmp_path / "v", FILES), TARGET)
    assert scanned == indexed and len({link.source for link in scanned}) == len(LINKING) + 1


def test_a_name_ending_in_a_number_is_looked_for_in_any_letter_case():
    scan = NameScan(["Beacon Lantern 055510"])
    assert scan.holds(b"[[BEACON lantern 055510]]") and scan.holds(b"[x](beacon%20Lantern%20055510.md)")
    assert not scan.holds(b"A lantern, a beacon, note 055510.") and not scan.holds(b"[[Beacon Lantern 055511]]")


def test_a_note_longer_than_one_read_is_scanned_to_its_end(tmp_path):
    files = {"t.md": "# T\n", "long.md": "filler line\n" * 20_000 + "At the end: [[t]]\n", "short.md": "[[t]]\n"}
    scanned, indexed = _compare(write(tmp_path / "v", files), "t.md")
    assert scanned == indexed
    assert {link.source for link in scanned} == {"long.md", "short.md"}
