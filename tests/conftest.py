"""Shared test set-up: offscreen Qt, isolated settings, and the sample vaults as fixtures.

Fixtures:
    shared_vaults        (session) folder holding the sample vaults (read-only)
    seed_kb              shared_vaults / "seed-kb" (read-only)
    demo_vault           <repo>/resources/demo-vault (read-only)
    vault_copy(name)     copy of a shared vault, or of the demo vault for name == "demo",
                         in tmp_path; returns its path; for tests that change files
Every test also gets its own XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_DATA_HOME.
"""

from __future__ import annotations

import os

# Before anything imports Qt: no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import stat
import sys
from pathlib import Path
from typing import Callable

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO_VAULT = REPO_ROOT / "resources" / "demo-vault"


def _find_shared_vaults() -> Path | None:
    env = os.environ.get("CLEW_VAULTS")
    if env:
        path = Path(env).expanduser()
        return path if path.is_dir() else None
    candidates = [parent / "shared" / "vaults" for parent in REPO_ROOT.parents]
    candidates.append(Path("/work/shared/vaults"))
    return next((c for c in candidates if c.is_dir()), None)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Point the XDG config, cache and data homes at fresh folders: no test sees the user's own."""
    home = tmp_path_factory.mktemp("xdg")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data")):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    # QSettings reads XDG_CONFIG_HOME once per process; re-point it for each test if Qt is loaded.
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        for fmt in (qtcore.QSettings.Format.NativeFormat, qtcore.QSettings.Format.IniFormat):
            qtcore.QSettings.setPath(fmt, qtcore.QSettings.Scope.UserScope, str(home / "config"))


@pytest.fixture(scope="session")
def shared_vaults() -> Path:
    """The folder holding the sample vaults (shared/vaults). Read only."""
    found = _find_shared_vaults()
    if found is None:
        pytest.fail(
            "sample vaults not found: set CLEW_VAULTS to the folder holding seed-kb/ and the "
            f"other sample vaults (looked for shared/vaults above {REPO_ROOT} and in /work/shared)",
            pytrace=False,
        )
    return found


@pytest.fixture
def seed_kb(shared_vaults: Path) -> Path:
    """The seed-kb sample vault. Read only."""
    return shared_vaults / "seed-kb"


@pytest.fixture
def demo_vault() -> Path:
    """The demo vault shipped in resources/. Read only."""
    return DEMO_VAULT


@pytest.fixture
def vault_copy(tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """Factory: vault_copy("seed-kb") -> a writable copy of that vault in tmp_path ("demo": the demo vault)."""

    def copy(name: str) -> Path:
        if name == "demo":
            source = DEMO_VAULT
        else:
            source = request.getfixturevalue("shared_vaults") / name
        if not source.is_dir():
            pytest.fail(f"no vault named {name!r} at {source}", pytrace=False)
        target = tmp_path / name
        n = 1
        while target.exists():
            n += 1
            target = tmp_path / f"{name}-{n}"
        # symlinks=True: copy links as links (a vault may hold a symlink loop on purpose).
        shutil.copytree(source, target, symlinks=True, copy_function=shutil.copyfile)
        # The shared vaults are read-only on disk; the copy must not be.
        for dirpath, dirnames, filenames in os.walk(target):
            for entry in [dirpath, *(os.path.join(dirpath, f) for f in filenames)]:
                if not os.path.islink(entry):
                    os.chmod(entry, os.stat(entry).st_mode | stat.S_IWUSR | stat.S_IRUSR)
        return target

    return copy
