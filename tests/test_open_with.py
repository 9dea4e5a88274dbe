"""`clew NOTE.md`, as the .desktop entry's `Exec=clew %f` runs it for "Open with Clew" on a note."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

NOTE = "ai/research_advances/neurips_2025.md"


def _screenshot(shot: Path, *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "clew", "--screenshot", str(shot), *args],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr


def test_opening_a_note_file_shows_it_in_its_vault(vault_copy, tmp_path: Path) -> None:
    vault = vault_copy("seed-kb")
    (vault / ".obsidian").mkdir(exist_ok=True)
    _screenshot(tmp_path / "by_file.png", str(vault / NOTE))
    _screenshot(tmp_path / "by_vault.png", str(vault), NOTE)
    assert QImage(str(tmp_path / "by_file.png")) == QImage(str(tmp_path / "by_vault.png"))
