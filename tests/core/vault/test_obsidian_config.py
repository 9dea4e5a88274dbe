"""A vault's .obsidian/app.json decides its line breaks when it says true or false; whatever
else it holds (nothing, garbage, another shape, a huge file, a FIFO), the reader's choice stands
and nothing fails."""

from __future__ import annotations

import os
import sys

import pytest

from clew.core.vault.obsidian_config import MAX_APP_JSON_BYTES, LineBreaks, line_breaks, read_app_json


def app_json(root, content: bytes | str):
    folder = root / ".obsidian"
    folder.mkdir(exist_ok=True)
    path = folder / "app.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


@pytest.mark.parametrize("preference", [False, True])
def test_the_vault_decides_when_it_says_true_or_false(tmp_path, preference):
    app_json(tmp_path, '{"strictLineBreaks": true, "showLineNumber": true}')
    assert line_breaks(tmp_path, preference) == LineBreaks(True, set_by_vault=True)
    app_json(tmp_path, '{"strictLineBreaks": false}')
    assert line_breaks(tmp_path, preference) == LineBreaks(False, set_by_vault=True)


@pytest.mark.parametrize("content", [
    "",                                      # empty
    "{",                                     # malformed
    '{"strictLineBreaks": true',             # cut short
    "[true]",                                # not an object
    '"strictLineBreaks"',                    # a string
    "null",
    '{"foldHeading": true}',                 # silent about line breaks
    '{"strictLineBreaks": "true"}',          # not a boolean
    '{"strictLineBreaks": 1}',
    '{"strictLineBreaks": null}',
    b"\xff\xfe{\x00}\x00",                   # not UTF-8
    "[" * 100_000 + "]" * 100_000,           # nested past the parser's depth
], ids=["empty", "malformed", "cut-short", "array", "string", "null", "silent", "string-value", "number",
        "null-value", "not-utf8", "deep"])
@pytest.mark.parametrize("preference", [False, True])
def test_anything_else_leaves_the_readers_choice(tmp_path, content, preference):
    app_json(tmp_path, content)
    assert line_breaks(tmp_path, preference) == LineBreaks(preference, set_by_vault=False)


def test_a_vault_without_app_json_or_obsidian_folder(tmp_path):
    assert line_breaks(tmp_path) == LineBreaks(False)
    (tmp_path / ".obsidian").mkdir()
    assert line_breaks(tmp_path, True) == LineBreaks(True)
    assert read_app_json(tmp_path / "no such folder") == {}


def test_a_huge_app_json_is_not_read(tmp_path):
    padding = " " * MAX_APP_JSON_BYTES
    app_json(tmp_path, '{"strictLineBreaks": true}' + padding)
    assert line_breaks(tmp_path) == LineBreaks(False)


def test_app_json_that_is_a_folder_is_ignored(tmp_path):
    (tmp_path / ".obsidian" / "app.json").mkdir(parents=True)
    assert line_breaks(tmp_path, True) == LineBreaks(True)


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs")
def test_app_json_that_is_a_fifo_is_not_opened(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    os.mkfifo(tmp_path / ".obsidian" / "app.json")  # opening it would wait for a writer forever
    assert line_breaks(tmp_path) == LineBreaks(False)
