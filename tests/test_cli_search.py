"""`clew search VAULT QUERY [--json] [--limit N]`: the search panel's search from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clew.cli import main


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "v"
    root.mkdir()
    (root / "a.md").write_text("# A\n\nfirst line\nthe Borrow Checker is here\n", encoding="utf-8")
    (root / "b.md").write_text("borrow nothing\n深度学习\n", encoding="utf-8")
    return root


def test_search_prints_path_line_and_snippet(vault, capsys):
    assert main(["search", str(vault), "borrow checker"]) == 0
    assert capsys.readouterr().out.splitlines() == ["a.md:4: the Borrow Checker is here"]


def test_search_json_and_limit(vault, capsys):
    assert main(["search", str(vault), "borrow", "--json", "--limit", "1"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found) == 1 and set(found[0]) == {"path", "line", "snippet"}
    assert main(["search", str(vault), "学", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"path": "b.md", "line": 2, "snippet": "深度学习"}]


def test_search_follows_an_edit_between_runs(vault, capsys):
    main(["search", str(vault), "zebra"])
    assert capsys.readouterr().out == ""
    (vault / "b.md").write_text("a zebra appears\n", encoding="utf-8")
    main(["search", str(vault), "zebra"])
    assert capsys.readouterr().out == "b.md:1: a zebra appears\n"


@pytest.mark.parametrize("args, message", [
    (["search", "/no/such/folder", "x"], "no such vault folder"),
    (["search", "{vault}", ""], "give something to search for"),
    (["search", "{vault}", "-"], "give something to search for"),
])
def test_search_bad_input_says_what_to_do(vault, capsys, args, message):
    assert main([a.format(vault=vault) for a in args]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("limit", ["0", "-3", "many"])
def test_search_rejects_a_bad_limit(vault, capsys, limit):
    with pytest.raises(SystemExit) as exit_info:
        main(["search", str(vault), "x", "--limit", limit])
    assert exit_info.value.code == 2
    assert "at least 1" in capsys.readouterr().err
