"""`clew render` breaks lines as the window does: at single newlines unless --strict-line-breaks,
and as the vault's .obsidian/app.json says when it says."""

from __future__ import annotations

import json

import pytest

from clew.cli import main
from vault_files import write

NOTE = {"n.md": "one\ntwo\n"}


def rendered(root, capsys, *options: str) -> tuple[str, str]:
    assert main(["render", str(root), "n.md", *options]) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_render_breaks_lines_unless_strict(tmp_path, capsys):
    root = write(tmp_path, NOTE)
    assert "<p>one<br>\ntwo</p>" in rendered(root, capsys)[0]
    assert "<p>one\ntwo</p>" in rendered(root, capsys, "--strict-line-breaks")[0]


@pytest.mark.parametrize("vault_says", [True, False])
def test_render_follows_the_vaults_app_json(tmp_path, capsys, vault_says):
    root = write(tmp_path, {**NOTE, ".obsidian/app.json": json.dumps({"strictLineBreaks": vault_says})})
    out, err = rendered(root, capsys, "--strict-line-breaks")
    assert ("<p>one\ntwo</p>" in out) is vault_says
    assert ("app.json sets strictLineBreaks to false" in err) is not vault_says
    assert ("<p>one\ntwo</p>" in rendered(root, capsys)[0]) is vault_says
