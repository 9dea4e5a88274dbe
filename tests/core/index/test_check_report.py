"""`clew check`'s report kept in the facts store (core/index/check_report.py, issue 22): a warm
check of an unchanged vault matches no fragment again; any file that changes, comes or goes
makes the report again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from clew.core.index import link_listing
from clew.core.index.check_report import REPORT_NAME, check_report, files_key
from clew.core.index.store import FactsStore
from clew.core.links import fragments
from clew.core.vault.files import Vault

AN_HOUR_AGO = time.time() - 3600


def write(root: Path, path: str, text: str, age_s: float = 3600) -> None:
    """A note written ``age_s`` ago: older than the few seconds in which a file may change
    without its stamp changing, so its report may be kept."""
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")
    then = time.time() - age_s
    os.utime(root / path, (then, then))


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    write(root, "a.md", "# A\n[[b#Intro]] [[b#Missing]] [[заметки/c#Заголовок раздела]] [[笔记#总结]]\n")
    write(root, "b.md", "# B\n\n## Intro\n")
    write(root, "заметки/c.md", "# C\n\n## Заголовок раздела\n")
    write(root, "笔记.md", "# 笔记\n\n## 总结\n")
    return root


class Spy:
    """Counts the fragment checks (``names_something``) and slugs (``fragments.slug``) made."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.checked: list[str] = []
        self.slugged: list[str] = []
        real_names, real_slug = link_listing.names_something, fragments.slug

        def names_something(fragment, *args):
            self.checked.append(fragment)
            return real_names(fragment, *args)

        def slug(text):
            self.slugged.append(text)
            return real_slug(text)

        monkeypatch.setattr(link_listing, "names_something", names_something)
        monkeypatch.setattr(fragments, "slug", slug)


def check(vault: Path, store: FactsStore):
    return check_report(Vault(vault), store)


def test_a_warm_check_of_an_unchanged_vault_matches_no_fragment_again(vault, tmp_path, monkeypatch):
    store = FactsStore(tmp_path / "cache" / "facts.sqlite3")
    cold = check(vault, store)
    assert cold.lines[0] == "a.md:2: b#Missing — heading not found"
    assert cold.lines[-1].startswith("1 broken of 4 links")
    spy = Spy(monkeypatch)
    warm = check(vault, FactsStore(store.path))  # another run: a store opened afresh
    assert warm == cold
    assert spy.checked == [] and spy.slugged == []


def test_a_changed_note_gets_its_fragments_checked_again(vault, tmp_path, monkeypatch):
    store = FactsStore(tmp_path / "cache" / "facts.sqlite3")
    check(vault, store)
    write(vault, "b.md", "# B\n\n## Missing\n", age_s=1800)  # Intro renamed: a new mtime and size
    spy = Spy(monkeypatch)
    again = check(vault, FactsStore(store.path))
    assert again.lines[0] == "a.md:2: b#Intro — heading not found"
    assert "Missing" in spy.checked and "Intro" in spy.checked
    spy.checked.clear()
    assert check(vault, FactsStore(store.path)) == again  # and kept in turn
    assert spy.checked == []


def test_a_file_that_comes_or_goes_makes_the_report_again(vault, tmp_path):
    store = FactsStore(tmp_path / "cache" / "facts.sqlite3")
    write(vault, "d.md", "# D\n![[pic.png]]\n")
    assert "d.md:2: pic.png — no such file" in check(vault, store).lines
    (vault / "pic.png").write_bytes(b"\x89PNG")
    os.utime(vault / "pic.png", (AN_HOUR_AGO, AN_HOUR_AGO))
    assert "d.md:2: pic.png — no such file" not in check(vault, store).lines
    (vault / "pic.png").unlink()
    assert "d.md:2: pic.png — no such file" in check(vault, store).lines


def test_a_report_made_from_a_file_written_just_now_is_not_kept(vault, tmp_path, monkeypatch):
    """Written again within its mtime's granularity, such a file could change unseen."""
    store = FactsStore(tmp_path / "cache" / "facts.sqlite3")
    write(vault, "b.md", "# B\n\n## Intro\n", age_s=0)
    check(vault, store)
    spy = Spy(monkeypatch)
    check(vault, FactsStore(store.path))
    assert spy.checked


def test_a_damaged_report_is_made_again(vault, tmp_path):
    store = FactsStore(tmp_path / "cache" / "facts.sqlite3")
    made = check(vault, store)
    key = files_key(Vault(vault).scan())
    for garbage in (b"\xc1", b"\x92\x01\x02", b"not msgpack at all"):
        assert store.save_report(REPORT_NAME, key, garbage)
        assert check(vault, FactsStore(store.path)) == made


def test_no_usable_store_still_checks(vault):
    store = FactsStore(None)
    assert check(vault, store).lines[0] == "a.md:2: b#Missing — heading not found"
