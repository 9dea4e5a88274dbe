"""`clew check` on NFC/NFD twins: two notes whose names differ only in Unicode normalisation."""

from __future__ import annotations

import unicodedata

from clew.cli import main
from vault_files import write


def test_check_warns_about_nfc_nfd_twins_and_counts_both_notes(tmp_path, capsys):
    nfc_name, nfd_name = (unicodedata.normalize(form, "café.md") for form in ("NFC", "NFD"))
    vault = write(tmp_path / "v", {nfc_name: "[[n]]\n", nfd_name: "[[n]]\n", "n.md": "[[café]]\n"})
    assert main(["check", str(vault)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "All 3 links to vault files resolve (3 notes checked)."
    assert captured.err.splitlines() == [
        "clew: warning: caf\\xe9.md (NFC) and cafe\\u0301.md (NFD) differ only in Unicode normalisation: "
        "they look alike but are 2 notes; a link by name reaches the NFC one. Renaming one tells them apart."
    ]


def test_check_says_nothing_of_a_lone_nfd_note(tmp_path, capsys):
    vault = write(tmp_path / "v", {unicodedata.normalize("NFD", "café.md"): "", "n.md": "[[café]]\n"})
    assert main(["check", str(vault)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "All 1 links to vault files resolve (2 notes checked)."
    assert captured.err == ""
