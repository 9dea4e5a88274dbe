"""Assemble the Linux .deb from the PyInstaller bundle with dpkg-deb: the bundle under /opt/clew,
/usr/bin/clew, the .desktop entry and the hicolor icons. No maintainer scripts: dpkg's file
triggers (hicolor-icon-theme, desktop-file-utils) refresh the icon cache and menu."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
CONTROL_TEMPLATE = PACKAGING / "linux" / "control"
DESKTOP_FILE = REPO / "resources" / "clew.desktop"
INSTALL_DIR = "opt/clew"
_GLIBC_RE = re.compile(rb"GLIBC_(\d+)\.(\d+)")
_PEP440_PRE_RE = re.compile(r"(?<=\d)\.?((?:a|b|rc|dev)\d*)")


def debian_version(version: str) -> str:
    """A PEP 440 version as dpkg orders it: pre-releases and dev builds sort before the
    release ("1.0rc1" -> "1.0~rc1")."""
    return _PEP440_PRE_RE.sub(r"~\1", version)


def debian_architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True,
                          text=True).stdout.strip()


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def glibc_needed(folder: Path) -> str:
    """The newest GLIBC symbol version any program or library in ``folder`` asks for (objdump,
    from binutils): the lowest libc6 the package can run on."""
    newest = (2, 17)
    for path in elf_files(folder):
        headers = subprocess.run(["objdump", "-p", str(path)], check=True, capture_output=True).stdout
        newest = max([newest, *((int(a), int(b)) for a, b in _GLIBC_RE.findall(headers))])
    return "%d.%d" % newest


def _installed_size_kib(root: Path) -> int:
    return sum(-(-p.lstat().st_size // 1024) for p in root.rglob("*") if not p.is_dir()) or 1


def validate_desktop_file(path: Path) -> None:
    """desktop-file-validate (desktop-file-utils) prints errors and hints; errors fail the build."""
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    if result.returncode != 0 or "error:" in result.stdout:
        raise subprocess.CalledProcessError(result.returncode or 1, result.args, result.stdout)


def build_deb(bundle: Path, icons: Path, version: str, out_dir: Path, work: Path) -> Path:
    """Build ``out_dir/clew_VERSION_ARCH.deb`` from the one-folder ``bundle`` and the rendered
    ``icons`` tree (packaging/icons.py); ``work`` is a scratch folder, emptied first."""
    shutil.rmtree(work, ignore_errors=True)
    root = work / "root"
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    os.symlink(f"/{INSTALL_DIR}/clew", root / "usr/bin/clew")
    applications = root / "usr/share/applications"
    applications.mkdir(parents=True)
    shutil.copyfile(DESKTOP_FILE, applications / "clew.desktop")
    validate_desktop_file(applications / "clew.desktop")
    shutil.copytree(icons / "hicolor", root / "usr/share/icons/hicolor")
    doc = root / "usr/share/doc/clew"
    doc.mkdir(parents=True)
    # Debian's machine-readable copyright format, with the licence text itself.
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    (doc / "copyright").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: Clew\n\nFiles: *\nCopyright: 2026 the Clew developers\nLicense: MIT\n"
        + "".join(f" {line}\n" if line.strip() else " .\n" for line in licence.splitlines()[2:]),
        encoding="utf-8")

    architecture = debian_architecture()
    control = CONTROL_TEMPLATE.read_text(encoding="utf-8").format(
        version=debian_version(version), architecture=architecture,
        installed_size=_installed_size_kib(root), glibc=glibc_needed(root / INSTALL_DIR))
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN/control").write_text(control, encoding="utf-8")
    for path in [root, *root.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)

    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"clew_{debian_version(version)}_{architecture}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zzstd", "--build", str(root), str(deb)],
                   check=True, stdout=subprocess.DEVNULL)
    return deb
