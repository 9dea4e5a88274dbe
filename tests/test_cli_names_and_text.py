"""The command line on a vault holding a file name that is not UTF-8, notes in UTF-16 without
a BOM or in mixed encodings, and a long line of links: every command answers, names shown
with ``\\xff`` escapes, JSON valid, contexts a few hundred characters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clew.core.index.source_lines import CONTEXT_CHARS
from clew.core.vault.shown_names import shown_name
from hostile_corpus import build_bad_name_vault

BAD = b"bad-name-\xff\xfe.md"
SHOWN_BAD = "bad-name-\\xff\\xfe.md"


def clew(*args: str) -> subprocess.CompletedProcess:
    """`clew` in a process of its own whose output is strict UTF-8, as in a UTF-8 locale: a name
    that is not UTF-8 printed as it is would fail there."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "clew", *args], capture_output=True, env=env, timeout=120)


def text(done: subprocess.CompletedProcess) -> str:
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")  # strict: the output is UTF-8


@pytest.fixture
def bad_names(tmp_path) -> Path:
    """build_bad_name_vault's vault, the bad-named note linking out to fine.md and to nowhere."""
    folder = tmp_path / "bad-names"
    build_bad_name_vault(folder)
    with open(os.fsencode(folder) + b"/" + BAD, "wb") as note:
        note.write(b"# A name that is not UTF-8\n\nStill a note, see [[fine]] and [[nowhere]].\n")
    return folder


def test_shown_name_writes_the_bytes_that_are_not_utf8_as_escapes():
    assert shown_name(os.fsdecode(BAD)) == SHOWN_BAD
    assert shown_name("café/notes.md") == "café/notes.md"
    assert shown_name("\ud800.md") == "\\ud800.md"


def test_check_and_links_show_the_name_escaped(bad_names):
    done = clew("check", str(bad_names))
    assert done.returncode == 1
    assert text(done).splitlines()[0] == f"{SHOWN_BAD}:3: nowhere — no such file"
    assert f"{SHOWN_BAD}:3: [wikilink] fine -> fine.md (root)" in text(clew("links", str(bad_names)))
    found = json.loads(text(clew("links", str(bad_names), "--json")))
    assert [(l["source"], l["target"], l["resolved"]) for l in found["links"]] == [
        (SHOWN_BAD, "fine", "fine.md"), (SHOWN_BAD, "nowhere", None)]


def test_backlinks_show_the_name_escaped(bad_names):
    assert text(clew("backlinks", str(bad_names), "fine.md")) == (
        f"{SHOWN_BAD}:3: Still a note, see [[fine]] and [[nowhere]].\n")
    found = json.loads(text(clew("backlinks", str(bad_names), "fine.md", "--json")))
    assert found == [{"source": SHOWN_BAD, "line": 3, "context": "Still a note, see [[fine]] and [[nowhere]]."}]


@pytest.mark.parametrize("given", [os.fsdecode(BAD), SHOWN_BAD], ids=["as-bytes", "as-shown"])
def test_render_takes_the_name_as_its_bytes_or_as_shown(bad_names, given):
    done = clew("render", str(bad_names), given)
    assert done.returncode == 0 and "A name that is not UTF-8" in text(done)


def test_search_finds_the_note_and_shows_its_name_escaped(bad_names):
    assert text(clew("search", str(bad_names), "Still a note")) == (
        f"{SHOWN_BAD}:3: Still a note, see [[fine]] and [[nowhere]].\n")
    found = json.loads(text(clew("search", str(bad_names), "Still", "--json")))
    assert [hit["path"] for hit in found] == [SHOWN_BAD]


def test_a_bomless_utf16_and_a_mixed_note_are_backlinks(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / "t.md").write_text("# T\n", encoding="utf-8")
    (root / "wide.md").write_bytes("# Широкая\n\nСм. [[t]]\n".encode("utf-16-le"))
    (root / "mixed.md").write_bytes("# Смешанная [[t]]\n".encode("utf-8") + "Строка [[t]]\n".encode("cp1251"))
    assert text(clew("backlinks", str(root), "t.md")) == (
        "mixed.md:1: # Смешанная [[t]]\nmixed.md:2: Строка [[t]]\nwide.md:3: См. [[t]]\n")


def test_backlinks_of_a_long_line_of_links_give_a_few_hundred_characters_each(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / "l.md").write_text("w [[x]] [g](x.md) " * 5700, encoding="utf-8")
    (root / "x.md").write_text("# X\n", encoding="utf-8")
    found = json.loads(text(clew("backlinks", str(root), "x.md", "--json")))
    assert len(found) == 11_400
    assert max(len(b["context"]) for b in found) <= CONTEXT_CHARS + 2
    assert found[0]["context"].startswith("w [[x]]") and found[-1]["context"].startswith("…")
