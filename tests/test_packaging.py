"""The Linux installer: build the PyInstaller bundle and the .deb, run the bundled app, unpack
the .deb into a scratch root and check what a user gets. About 40 s; part of `make test`, alone
as `make test-package`, left out by `make test-quick`."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from clew import __version__

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("dpkg-deb"),
                       reason="the .deb is built and tested on Debian/Ubuntu"),
]

REPO = Path(__file__).resolve().parents[1]
NOTE = "ai/research_advances/neurips_2025.md"
# UTF-8 read as Windows-1254, Chinese among its languages.
MIS_ENCODED_NOTE = "papers/deep_learning_trends_2022-2024 (mis-encoded copy).md"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# Qt parts the bundle must not carry (issue 7): they are large and Clew does not use them.
UNWANTED = re.compile(r"WebEngine|Qt6?Quick|Qt6?Qml|Qt6?Pdf|qpdf|VirtualKeyboard|virtualkeyboard")
# Parts that use a desktop's own libraries when they are there (the GTK theme; Wayland, whose
# client libraries the .deb depends on): those libraries need not be on a build machine.
DESKTOP_INTEGRATION = re.compile(r"gtk3|wayland|WlShell", re.I)


def _load_deb_module():
    """packaging/deb.py, loaded by path: packaging/ is not a package and stays off sys.path."""
    spec = importlib.util.spec_from_file_location("clew_packaging_deb", REPO / "packaging" / "deb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


deb = _load_deb_module()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """dist/clew and dist/clew_*.deb, built once into a scratch folder by packaging/build.py."""
    out = tmp_path_factory.mktemp("package")
    result = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "build.py"), "--dist", str(out / "dist"), "--work", str(out / "work")],
        capture_output=True, text=True)
    assert result.returncode == 0, f"packaging/build.py failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    debs = list((out / "dist").glob("clew_*.deb"))
    assert len(debs) == 1, debs
    return {"bundle": out / "dist" / "clew", "deb": debs[0], "scratch": out}


def _run(command: list[str], extra_env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(extra_env or {})}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, **kwargs)


def _needed(path: Path) -> list[str]:
    headers = subprocess.run(["objdump", "-p", str(path)], check=True, capture_output=True, text=True).stdout
    return re.findall(r"^\s*NEEDED\s+(\S+)", headers, re.M)


def _system_library_paths() -> dict[str, str]:
    """Library name -> path, as the dynamic loader finds them (64-bit ones on a 64-bit system)."""
    listing = subprocess.run(["/sbin/ldconfig", "-p"], check=True, capture_output=True, text=True).stdout
    found: dict[str, str] = {}
    for name, flags, path in re.findall(r"^\s*(\S+) \(([^)]*)\) => (\S+)$", listing, re.M):
        if ("64" in flags) == (sys.maxsize > 2**32):
            found.setdefault(name, path)
    return found


def _owning_packages(paths: list[str]) -> dict[str, str | None]:
    """Path -> the package that installed it (None: none did), asked of dpkg in one call, not one
    a path: the file itself, the file a symlink leads to, or either under /usr (merged /usr)."""
    candidates = {path: (path, real, "/usr" + path, "/usr" + real)
                  for path, real in ((path, os.path.realpath(path)) for path in paths)}
    asked = sorted({candidate for each in candidates.values() for candidate in each})
    listing = subprocess.run(["dpkg", "-S", *asked], capture_output=True, text=True).stdout  # exit 1: some unknown
    owner = {line.rsplit(": ", 1)[1]: line.split(":")[0].strip()
             for line in listing.splitlines() if ": " in line and not line.startswith("diversion by ")}
    return {path: next((owner[c] for c in each if c in owner), None) for path, each in candidates.items()}


def _depends(package_file: Path) -> set[str]:
    field = subprocess.run(["dpkg-deb", "-f", str(package_file), "Depends"], check=True, capture_output=True, text=True).stdout
    return {re.sub(r"\s*\(.*\)", "", alt).strip() for item in field.split(",") for alt in item.split("|")}


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_bundle_says_the_package_version(built: dict[str, Path]) -> None:
    result = _run([str(built["bundle"] / "clew"), "--version"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"clew {__version__}"
    assert "0.0.0+source" not in result.stdout


def test_bundle_renders_a_note_from_the_command_line(built: dict[str, Path], seed_kb: Path) -> None:
    result = _run([str(built["bundle"] / "clew"), "render", str(seed_kb), NOTE])
    assert result.returncode == 0, result.stderr
    assert "<h1" in result.stdout and "NeurIPS 2025" in result.stdout
    assert "clew:" not in result.stderr  # no fallback to plain text: the render worker process ran


def test_bundle_repairs_chinese_with_the_word_classes_from_jiebas_tables(built: dict[str, Path], seed_kb: Path,
                                                                        tmp_path: Path) -> None:
    # A fresh cache folder: the word model is built from the bundled tables, not read back.
    result = _run([str(built["bundle"] / "clew"), "render", str(seed_kb), MIS_ENCODED_NOTE],
                  extra_env={"CLEW_CACHE_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "rebuilt from lost bytes" in result.stderr
    assert (tmp_path / "models" / "words-zh.msgpack").is_file()
    assert "word classes not read" not in result.stderr
    assert "word edges not read" not in result.stderr


def test_bundle_screenshot_looks_like_the_one_from_source(built: dict[str, Path], seed_kb: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    bundled, source = tmp_path / "bundle.png", tmp_path / "source.png"
    for command, shot in (([str(built["bundle"] / "clew")], bundled), ([sys.executable, "-m", "clew"], source)):
        result = _run([*command, "--screenshot", str(shot), "--size", "1400x900", str(seed_kb), NOTE])
        assert result.returncode == 0, result.stderr
    a, b = QImage(str(bundled)), QImage(str(source))
    assert a.size() == b.size() and a.width() == 1400
    # Missing style sheets, icons or fonts would change far more than 1% of the window.
    samples = [(x, y) for y in range(0, a.height(), 4) for x in range(0, a.width(), 4)]
    differing = sum(a.pixel(x, y) != b.pixel(x, y) for x, y in samples)
    assert differing <= len(samples) // 100, f"{differing} of {len(samples)} pixels differ: {bundled} {source}"


def test_bundle_leaves_out_qt_parts_clew_does_not_use(built: dict[str, Path]) -> None:
    files = [p.relative_to(built["bundle"]).as_posix() for p in built["bundle"].rglob("*")]
    assert not [f for f in files if UNWANTED.search(f)]
    assert not [f for f in files if "/translations/" in f]
    assert any(f.endswith("platforms/libqxcb.so") for f in files)
    assert any(f.endswith("iconengines/libqsvgicon.so") for f in files)
    assert any(f.endswith("clew/resources/icons/clew.svg") for f in files)
    assert any(f.endswith("clew/resources/demo-vault/Welcome.md") for f in files)


def test_every_library_is_bundled_or_comes_from_a_package_the_deb_depends_on(built: dict[str, Path]) -> None:
    bundled = {p.name for p in built["bundle"].rglob("*.so*")}
    needed_by: dict[str, str] = {}
    for path in deb.elf_files(built["bundle"]):
        if not DESKTOP_INTEGRATION.search(str(path.relative_to(built["bundle"]))):
            for name in set(_needed(path)) - bundled:
                needed_by.setdefault(name, path.name)
    system = _system_library_paths()
    unresolved = sorted(f"{name} (needed by {user})" for name, user in needed_by.items() if name not in system)
    assert not unresolved, f"libraries found neither in the bundle nor on the system: {unresolved}"
    depends = _depends(built["deb"])
    owning = _owning_packages([system[name] for name in needed_by])
    owners = {name: owning[system[name]] for name in needed_by}
    undeclared = sorted(f"{name} from {package}" for name, package in owners.items() if package not in depends)
    assert not undeclared, f"add to packaging/linux/control Depends: {undeclared}"


def test_deb_control_fields(built: dict[str, Path]) -> None:
    fields = {name: subprocess.run(["dpkg-deb", "-f", str(built["deb"]), name], check=True,
                                   capture_output=True, text=True).stdout.strip()
              for name in ("Package", "Version", "Depends", "Recommends")}
    assert fields["Package"] == "clew"
    assert fields["Version"] == deb.debian_version(__version__)
    assert re.search(r"libc6 \(>= 2\.\d+\)", fields["Depends"])
    assert {"libxcb-cursor0", "libfontconfig1", "libgl1"} <= _depends(built["deb"])
    assert fields["Recommends"] == "fonts-noto-cjk, fonts-noto-color-emoji"


def test_deb_unpacked_has_the_app_the_command_the_menu_entry_and_icons(built: dict[str, Path]) -> None:
    root = built["scratch"] / "root"
    subprocess.run(["dpkg", "-x", str(built["deb"]), str(root)], check=True)
    app = root / "opt/clew/clew"
    assert app.is_file() and os.access(app, os.X_OK)
    assert os.readlink(root / "usr/bin/clew") == "/opt/clew/clew"

    desktop = root / "usr/share/applications/clew.desktop"
    check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
    assert check.returncode == 0 and "error" not in check.stdout, check.stdout
    entry = dict(line.split("=", 1) for line in desktop.read_text(encoding="utf-8").splitlines() if "=" in line)
    assert entry["Exec"] == "clew %f" and entry["Icon"] == "clew"
    assert {"Office", "Utility"} <= set(entry["Categories"].split(";"))
    assert {"inode/directory", "text/markdown"} <= set(entry["MimeType"].split(";"))

    icons = root / "usr/share/icons/hicolor"
    for size in ICON_SIZES:
        assert _png_size(icons / f"{size}x{size}/apps/clew.png") == (size, size)
    assert (icons / "scalable/apps/clew.svg").read_bytes() == (REPO / "resources/icons/clew.svg").read_bytes()
    copyright_file = (root / "usr/share/doc/clew/copyright").read_text(encoding="utf-8")
    assert "License: MIT" in copyright_file and "Permission is hereby granted" in copyright_file

    result = _run([str(app), "--version"])
    assert result.returncode == 0 and result.stdout.strip() == f"clew {__version__}", result.stderr


@pytest.mark.skipif(not (os.environ.get("CI") and os.geteuid() == 0 and shutil.which("apt-get")),
                    reason="installs for real only as root in CI")
def test_deb_installs_with_apt_and_runs_from_the_path(built: dict[str, Path]) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "--no-install-recommends", str(built["deb"])]
    install = subprocess.run(command, capture_output=True, text=True, env=env)
    if install.returncode != 0:  # a machine whose package lists were never fetched
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env)
        install = subprocess.run(command, capture_output=True, text=True, env=env)
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
    try:
        result = _run(["/usr/bin/clew", "--version"])
        assert result.returncode == 0 and result.stdout.strip() == f"clew {__version__}", result.stderr
        assert Path("/usr/share/icons/hicolor/16x16/apps/clew.png").is_file()
    finally:
        subprocess.run(["dpkg", "--purge", "clew"], capture_output=True, env=env)


def test_python_versions_become_debian_versions_that_sort_the_same_way() -> None:
    assert deb.debian_version("0.1.0") == "0.1.0"
    assert deb.debian_version("1.0rc1") == "1.0~rc1"
    assert deb.debian_version("1.0.0b2") == "1.0.0~b2"
    assert deb.debian_version("0.2.0.dev3") == "0.2.0~dev3"
