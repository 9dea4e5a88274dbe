"""`clew export VAULT OUTDIR`: the pages' bodies are `clew render`'s, a note that cannot be read
is named and makes the exit status 1, the progress it prints, the folders it refuses, and a vault
of hostile files exported in bounded time."""

from __future__ import annotations

import io
import re
import sys
import time

import pytest

from clew import cli
from clew.core.export import lanes
from clew.core.export.writer import ASSETS
from clew.core.offload.render_worker import RenderWorker
from hostile_corpus import build_corpus

DAY4 = "ai/research_advances/neurips_2025_day4.md"
_BODY_RE = re.compile(r"<body>\n(.*)\n</body>", re.S)
_LINK_TAG_RE = re.compile(r"<(a|img)\b[^>]*>")


def _without_link_targets(html: str) -> str:
    """The body with each link and image tag bare: what export changes is only where they lead."""
    return _LINK_TAG_RE.sub(r"<\1>", html)


def test_an_exported_page_has_the_body_clew_render_prints(seed_kb, tmp_path, capsys):
    assert cli.main(["render", str(seed_kb), DAY4]) == 0
    rendered = capsys.readouterr().out.rstrip("\n")
    assert cli.main(["export", str(seed_kb), str(tmp_path / "site")]) == 0
    page = (tmp_path / "site" / f"{DAY4}.html").read_text(encoding="utf-8")
    body = _BODY_RE.search(page).group(1)
    assert _without_link_targets(body) == _without_link_targets(rendered)
    assert 'href="neurips_2025.md.html"' in body and 'href="note:' in rendered


@pytest.mark.parametrize("flags", [[], ["--strict-line-breaks"]])
def test_export_breaks_lines_as_render_does(tmp_path, capsys, flags):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n\nfirst line\nsecond line, to [[b]]\n", encoding="utf-8")
    (vault / "b.md").write_text("# B\n", encoding="utf-8")
    assert cli.main(["render", str(vault), "a.md", *flags]) == 0
    rendered = capsys.readouterr().out.rstrip("\n")
    assert cli.main(["export", str(vault), str(tmp_path / "site"), *flags]) == 0
    body = _BODY_RE.search((tmp_path / "site" / "a.md.html").read_text(encoding="utf-8")).group(1)
    assert _without_link_targets(body) == _without_link_targets(rendered)
    assert ("first line<br" in body) is not bool(flags)


def test_progress_and_summary_go_to_stderr_as_lines(seed_kb, tmp_path, capsys):
    assert cli.main(["export", str(seed_kb), str(tmp_path / "site")]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "exported 5/5 notes\n" in err and "\r" not in err
    assert re.search(r"5 notes exported to .*site in [\d.]+ s \(1 files copied\)", err)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_one_line_rewritten(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    progress = cli._ExportProgress()
    for done in range(1, 4):
        progress(done, 3)
    progress.end()
    assert terminal.getvalue() == "\rexported 1/3 notes\rexported 2/3 notes\rexported 3/3 notes\n"


def test_a_note_that_cannot_be_read_is_named_and_the_exit_status_is_1(tmp_path, monkeypatch, capsys):
    vault = tmp_path / "vault"
    vault.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        (vault / name).write_text(f"# {name}\n\nTo [[b]].\n", encoding="utf-8")

    class BGoneBeforeItsTurn(RenderWorker):
        def render(self, request, check=None):
            if request.path == "b.md":
                (vault / "b.md").unlink()
            return super().render(request, check)

    monkeypatch.setattr(lanes, "RenderWorker", BGoneBeforeItsTurn)
    assert cli.main(["export", str(vault), str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "clew: b.md: not exported: the file is gone\n" in err
    assert (tmp_path / "site" / "a.md.html").is_file() and (tmp_path / "site" / "c.md.html").is_file()


def test_an_output_folder_inside_the_vault_is_refused(tmp_path, capsys):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n", encoding="utf-8")
    assert cli.main(["export", str(vault), str(vault / "site")]) == 2
    assert "Clew never writes into a vault" in capsys.readouterr().err
    assert not (vault / "site").exists()


# The corpus's cases that cost seconds each in any render (layout_bound's own cases) are left
# out; the one that overruns the render's time limit stays, with the odd names, encodings and
# files reaching outside the vault.
SLOW_CASES = ("hostile/wide-table.md", "hostile/backticks.md", "hostile/headings.md", "hostile/many-links.md",
              "hostile/link-line.md", "hostile/nested-callouts.md", "hostile/raw-divs.md", "big.md")


def test_a_vault_of_hostile_files_is_exported_in_bounded_time(tmp_path, capsys):
    folder = tmp_path / "corpus"
    expected = build_corpus(folder)
    for case in SLOW_CASES:
        (folder / case).unlink()
    started = time.monotonic()
    assert cli.main(["export", str(folder), str(tmp_path / "site")]) == 0
    seconds = time.monotonic() - started
    notes = [path for path in expected if path.endswith((".md", ".txt")) and path not in SLOW_CASES]
    for note in notes:
        page = (tmp_path / "site" / f"{note}.html").read_text(encoding="utf-8")
        assert any(word in page for word in (*expected[note], "it is shown as plain text")), note
    nested = (tmp_path / "site" / "hostile/nested-brackets.md.html").read_text(encoding="utf-8")
    assert "it is shown as plain text" in nested  # overran the render limit, fell back as the window does
    assert "<script" not in (tmp_path / "site" / "hostile/raw-html.md.html").read_text(encoding="utf-8")
    assert not list((tmp_path / "site").rglob("outside*")) and (tmp_path / "site" / ASSETS).is_dir()
    assert seconds < 30, seconds
