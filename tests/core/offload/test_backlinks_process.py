"""One note's backlinks before the index, scanned for by a child process in a big vault (or
here, in a small one or when the child cannot)."""

from __future__ import annotations

import pytest

from clew.core.index.targeted_scan import targeted_backlinks
from clew.core.offload import backlinks_child, one_shot
from clew.core.offload.backlinks_child import scanned_backlinks
from clew.core.offload.one_shot import ChildFailed, run_in_child
from clew.core.vault.files import Vault


class Stop(Exception):
    pass


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "kb"
    (root / "sub").mkdir(parents=True)
    (root / "t.md").write_text("# T\n")
    (root / "sub" / "a.md").write_text("See [[t]] and [[T|again]].\n")
    (root / "b.md").write_text("Not a link: t\n")
    (root / "заметка.md").write_text("[Т](t.md)\n")
    return Vault(root)


def sources(links) -> list[tuple[str, int]]:
    return [(link.source, link.link.line) for link in links]


def test_a_big_vault_is_scanned_by_a_child_as_it_would_be_here(vault, monkeypatch):
    monkeypatch.setattr(backlinks_child, "SCAN_IN_CHILD_MIN_FILES", 0)
    started = []

    def counted(*args, **kwargs):
        started.append(kwargs["name"])
        return run_in_child(*args, **kwargs)

    monkeypatch.setattr(one_shot, "run_in_child", counted)
    found = scanned_backlinks(vault, "t.md", lambda *_: None)  # the child walks the vault itself
    assert started == [backlinks_child.PROCESS_NAME]
    assert sources(found) == sources(targeted_backlinks(vault, sorted(vault.paths()), "t.md"))
    assert sources(found) == [("sub/a.md", 1), ("sub/a.md", 1), ("заметка.md", 1)]


def test_a_failed_child_leaves_the_scan_to_this_process(vault, monkeypatch):
    monkeypatch.setattr(backlinks_child, "SCAN_IN_CHILD_MIN_FILES", 0)

    def failing(*_args, **_kwargs):
        raise ChildFailed("clew-backlinks stopped (exit code -9)")

    monkeypatch.setattr(one_shot, "run_in_child", failing)
    found = scanned_backlinks(vault, "t.md", lambda *_: None)
    assert [source for source, _line in sources(found)] == ["sub/a.md", "sub/a.md", "заметка.md"]


def test_a_report_that_raises_stops_the_child(vault, monkeypatch):
    monkeypatch.setattr(backlinks_child, "SCAN_IN_CHILD_MIN_FILES", 0)

    def report(*_args):
        raise Stop

    with pytest.raises(Stop):
        scanned_backlinks(vault, "t.md", report)


@pytest.mark.parametrize("files, in_child", [(4, True), (5, False)])
def test_the_vault_s_files_are_counted_to_choose_a_child_unless_they_are_known(vault, monkeypatch, files, in_child):
    monkeypatch.setattr(backlinks_child, "SCAN_IN_CHILD_MIN_FILES", files)
    started = []
    monkeypatch.setattr(one_shot, "run_in_child", lambda *args, **kwargs: started.append(kwargs["name"]) or [])
    scanned_backlinks(vault, "t.md", lambda *_: None)
    assert bool(started) is in_child
    started.clear()
    scanned_backlinks(vault, "t.md", lambda *_: None, paths=["t.md"])  # known: one file
    assert not started
