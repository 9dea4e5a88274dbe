"""Every command works when the cache cannot be used, and says so in one line on stderr, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# A command, and what it prints when it works.
COMMANDS = {
    "check": (["check"], "2 notes checked"),
    "links": (["links"], "one.md:2: [wikilink] hub -> hub.md"),
    "backlinks": (["backlinks", "{vault}", "hub.md"], "one.md:2: [[hub]]"),
    "search": (["search", "{vault}", "lantern"], "hub.md:2: the lantern room"),
    "render": (["render", "{vault}", "hub.md"], "<h1"),
}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "hub.md").write_text("# Hub\nthe lantern room\n")
    (root / "one.md").write_text("# One\n[[hub]]\n")
    return root


def run_clew(args: list[str], vault: Path, **env: str) -> subprocess.CompletedProcess:
    args = [arg.format(vault=vault) for arg in args] if "{vault}" in " ".join(args) else [*args, str(vault)]
    return subprocess.run([sys.executable, "-m", "clew", *args], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **env))


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("variable", ["XDG_CACHE_HOME", "CLEW_CACHE_DIR"])
def test_a_cache_folder_that_is_a_file_is_one_line_on_stderr(vault, tmp_path, command, variable):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    args, printed = COMMANDS[command]
    found = run_clew(args, vault, **{variable: str(blocker)})
    assert found.returncode == 0, found.stderr
    assert "Traceback" not in found.stderr
    lines = found.stderr.splitlines()
    assert lines and all("kept in memory this time: the cache folder" in line for line in lines)
    assert all("Not a directory" in line and "CLEW_CACHE_DIR" in line for line in lines)
    assert len(lines) == 1  # one store, one line
    assert printed in found.stdout


def test_a_read_only_cache_folder_is_one_line_on_stderr(vault, tmp_path):
    cache = tmp_path / "cache"
    assert run_clew(["check"], vault, CLEW_CACHE_DIR=str(cache)).returncode == 0
    store_folder = next(cache.iterdir())
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", store_folder], capture_output=True).returncode != 0:
            pytest.skip("root, and chattr +i refused: nothing can be made read-only")
    else:
        store_folder.chmod(0o555)
    try:
        found = run_clew(["check"], vault, CLEW_CACHE_DIR=str(cache))
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", store_folder], check=True)
        else:
            store_folder.chmod(0o755)
    assert found.returncode == 0 and "Traceback" not in found.stderr  # PermissionError before
    assert found.stderr.startswith("Notes' facts kept in memory this time: the facts store")
    assert len(found.stderr.splitlines()) == 1
