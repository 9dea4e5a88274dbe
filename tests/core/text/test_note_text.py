"""One way to read a note (core/text/note_text.py): every reader sees the text the view shows,
mojibake repaired, and no module outside core/text reads a note file itself."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from clew.core.index.build import index_vault
from clew.core.render.embeds import embedded_resolutions
from clew.core.render.page import RenderRequest, render_request, resolutions_for
from clew.core.search.mentions import unlinked_mentions
from clew.core.text.mojibake import mangle
from clew.core.text.note_text import note_text
from clew.core.vault.files import Vault
from vault_files import write

CHINESE = "过去三年中，Transformer 架构依然主导潮流，并扩展到更多领域。大规模预训练的模型在自然语言中取得了突破。"
SRC = Path(__file__).resolve().parents[3] / "src" / "clew"
# What reads a note's bytes from disk; only core/text may call them.
LOW_LEVEL_READERS = {"read_note", "read_part", "decode_bytes"}


# Imported only for a note that needs them: repairing mojibake, decoding a legacy encoding, or
# naming the release.
ONLY_FOR_SOME_NOTES = ("wordfreq", "ftfy", "langcodes", "charset_normalizer", "importlib.metadata")


def test_reading_clean_notes_imports_nothing_only_some_notes_need(tmp_path):
    root = write(tmp_path / "v", {"ru-zh.md": f"# Заметки\n\nВ статье «Внимание» — {CHINESE} naïve café.\n",
                                  "en.md": "# Notes\n\n[[ru-zh]]\n"})
    script = ("import sys\n"
              "from clew.core.index.build import read_facts\n"
              "from clew.core.vault.files import Vault\n"
              f"vault = Vault({str(root)!r})\n"
              "assert all(read_facts(vault, name) for name in ('ru-zh.md', 'en.md'))\n"
              f"print(sorted(m for m in sys.modules if m.startswith({ONLY_FOR_SOME_NOTES})))\n")
    env = {**os.environ, "CLEW_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(SRC.parent)}
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert found.stdout.strip() == "[]"


def test_a_quick_reading_of_a_mis_encoded_note_imports_no_repair_library(tmp_path):
    # The window's index reads such notes quickly and leaves the repair to a child: wordfreq,
    # ftfy and the models cost its process ~0.25 s and ~20 MB.
    root = write(tmp_path / "v", {"b.md": mangle(f"# B\n\n{CHINESE}\n")})
    script = ("import sys\n"
              "from pathlib import Path\n"
              "from clew.core.text.note_text import RepairStore, note_text\n"
              f"store = RepairStore(Path({str(tmp_path / 'repairs.sqlite3')!r}), defers=True)\n"
              f"assert note_text(Path({str(root / 'b.md')!r}), store).notices\n"
              "assert store.queued()\n"
              "print(sorted(m for m in sys.modules if m.startswith(('wordfreq', 'ftfy', 'regex', 'langcodes'))))\n")
    env = {**os.environ, "PYTHONPATH": str(SRC.parent)}
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert found.stdout.strip() == "[]"


def test_a_mis_encoded_note_embedded_in_another_shows_repaired_there_too(tmp_path):
    root = write(tmp_path / "v", {"a.md": "# A\n\n![[b]]\n", "b.md": mangle(f"# B\n\n{CHINESE}\n")})
    _, index = index_vault(Vault(root))
    request = RenderRequest(0, root.resolve(), "a.md", resolutions_for(index, "a.md"),
                            embedded=embedded_resolutions(index, "a.md"))
    page = render_request(request).html
    assert "自然语言" in page and mangle("自然语言") not in page


def test_mentions_are_found_in_a_mis_encoded_note(tmp_path):
    root = write(tmp_path / "v", {"b.md": mangle("# B\n\nTransformer 架构 and 自然语言\n")})
    found = unlinked_mentions(root, ["b.md"], ["自然语言"])
    assert [m.term for m in found] == ["自然语言"]


def test_note_text_tells_the_repair_and_leaves_clean_text_alone(tmp_path):
    root = write(tmp_path / "v", {"b.md": mangle(f"{CHINESE}\n"), "c.md": f"{CHINESE}\n"})
    repaired = note_text(root / "b.md")  # a lost byte is a best guess (issue 22): not every character
    assert "大规模预训练的模型在自然语言" in repaired.text and any("read as Windows-1254" in n for n in repaired.notices)
    clean = note_text(root / "c.md")
    assert clean.text == f"{CHINESE}\n" and not clean.notices


def test_no_module_outside_core_text_reads_a_note_file_itself():
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.parent.name == "text" and path.parent.parent.name == "core":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("clew.core.text"):
                offenders += [f"{path.relative_to(SRC)}: {a.name}" for a in node.names if a.name in LOW_LEVEL_READERS]
    assert offenders == []


def test_a_mentions_search_through_the_vault_s_store_does_not_repair_a_kept_note_again(tmp_path, monkeypatch):
    from functools import partial

    from clew.core.text import note_text as module

    vault = Vault(write(tmp_path / "v", {"b.md": mangle(f"# B\n\n{CHINESE}\n"), "c.md": f"{CHINESE}\n"}))
    index_vault(vault)  # the index repairs b.md once and keeps the repair in the vault's store
    repairs = []
    real = module.repair
    monkeypatch.setattr(module, "repair", lambda *args, **kwargs: repairs.append(args) or real(*args, **kwargs))
    read = partial(note_text, repairs=vault.repairs)
    found = unlinked_mentions(vault.root, ["b.md", "c.md"], ["自然语言"], read=read)
    assert sorted(m.term for m in found) == ["自然语言", "自然语言"] and repairs == []
    (vault.root / "b.md").write_text(mangle(f"# B, edited\n\n{CHINESE}\n"), encoding="utf-8")
    assert read(vault.root / "b.md").text.startswith("# B, edited") and len(repairs) == 1
