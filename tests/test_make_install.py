"""`make install` puts `clew` on the PATH with a menu entry and icon; `make uninstall` takes them away."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VENV_CLEW = REPO / ".venv" / "bin" / "clew"

pytestmark = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and shutil.which("make") and VENV_CLEW.exists()),
    reason="needs make and the checkout's .venv (made by `make test`)",
)


def make(*args: str, prefix: Path, path: str) -> str:
    env = {**os.environ, "PATH": path}
    done = subprocess.run(["make", "-s", "-C", str(REPO), *args, f"PREFIX={prefix}"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_install_links_the_command_and_adds_a_menu_entry_then_uninstall_removes_them(tmp_path):
    prefix = tmp_path / "local"
    said = make("install", prefix=prefix, path=os.environ["PATH"])
    command = prefix / "bin" / "clew"
    assert command.resolve() == VENV_CLEW.resolve()
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and "clew" in (version.stdout + version.stderr).lower()
    entry = (prefix / "share" / "applications" / "clew.desktop").read_text(encoding="utf-8")
    assert f"Exec={command} %f" in entry
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / "clew.svg").is_file()
    assert "not on your PATH" in said and f'export PATH="{prefix / "bin"}:$PATH"' in said

    make("uninstall", prefix=prefix, path=os.environ["PATH"])
    assert not command.is_symlink() and not (prefix / "share" / "applications" / "clew.desktop").exists()


def test_install_says_how_to_start_clew_when_its_folder_is_on_the_path(tmp_path):
    prefix = tmp_path / "local"
    said = make("install", prefix=prefix, path=f"{prefix / 'bin'}:{os.environ['PATH']}")
    assert "run 'clew'" in said
