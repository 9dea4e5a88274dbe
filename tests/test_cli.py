"""The command line: render, backlinks, --version, --screenshot, and the errors a user can make."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from clew import __version__
from clew.cli import main

NEURIPS = "ai/research_advances/neurips_2025.md"
DAY4 = "ai/research_advances/neurips_2025_day4.md"


def run_clew(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "clew", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"clew {__version__}"


def test_backlinks_json(seed_kb, capsys):
    assert main(["backlinks", str(seed_kb), NEURIPS, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert {"source": DAY4, "line": 44,
            "context": "- [[neurips_2025.md]] - Общий обзор наград и достижений конференции NeurIPS 2025"} in found


def test_backlinks_text(seed_kb, capsys):
    assert main(["backlinks", str(seed_kb), NEURIPS]) == 0
    assert f"{DAY4}:44: - [[neurips_2025.md]]" in capsys.readouterr().out


def test_render_prints_the_html_body(seed_kb, capsys):
    assert main(["render", str(seed_kb), DAY4]) == 0
    html = capsys.readouterr().out
    assert "<h1" in html and "NeurIPS 2025" in html
    assert 'href="note:ai/research_advances/neurips_2025.md"' in html
    assert "<html" not in html


def test_render_accepts_windows_separators_and_dot_prefix(seed_kb, capsys):
    assert main(["render", str(seed_kb), "./ai\\research_advances\\neurips_2025.md"]) == 0
    assert "NeurIPS" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["render", "backlinks"])
def test_missing_vault_is_a_clear_error(tmp_path, capsys, command):
    assert main([command, str(tmp_path / "nowhere"), "a.md"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("clew: no such vault folder:") and "Traceback" not in err


@pytest.mark.parametrize("command", ["render", "backlinks"])
def test_missing_note_is_a_clear_error(seed_kb, capsys, command):
    assert main([command, str(seed_kb), "no/such/note.md"]) == 2
    assert "clew: no note no/such/note.md in the vault" in capsys.readouterr().err


def test_window_with_missing_vault_exits_2_without_a_window(tmp_path):
    result = run_clew(str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no such vault folder" in result.stderr and "Traceback" not in result.stderr


def test_window_with_missing_note_exits_2(seed_kb):
    result = run_clew(str(seed_kb), "nope.md")
    assert result.returncode == 2
    assert "no note nope.md" in result.stderr


def test_bad_size_is_a_usage_error(seed_kb, tmp_path):
    result = run_clew("--screenshot", str(tmp_path / "x.png"), "--size", "big", str(seed_kb))
    assert result.returncode == 2
    assert "size must look like 1400x900" in result.stderr


def test_screenshot_writes_a_png(seed_kb, tmp_path):
    shot = tmp_path / "shot.png"
    result = run_clew("--screenshot", str(shot), "--size", "1000x700", str(seed_kb), NEURIPS)
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
