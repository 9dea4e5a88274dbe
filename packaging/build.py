"""Build Clew's installer for the platform this runs on: icons, the PyInstaller bundle, then the
.deb (Linux), the .dmg (macOS) or the Inno Setup installer (Windows).

    python packaging/build.py [--dist DIR] [--work DIR]

Needs the `package` extra (`pip install -e '.[package]'`); on Linux also binutils (objdump) and
dpkg-deb, installed with apt-get when running as root.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
SPECS = {"linux": "linux/clew.spec", "darwin": "macos/clew.spec", "win32": "windows/clew.spec"}
# Debian packages of the tools the Linux build calls (packaging/deb.py).
LINUX_BUILD_TOOLS = {"objdump": "binutils", "dpkg-deb": "dpkg", "desktop-file-validate": "desktop-file-utils"}


class BuildError(Exception):
    """A missing tool or a failed step, said so the user knows what to install or look at."""


def ensure_linux_tools() -> None:
    """Install missing build tools with apt-get when root; otherwise say which to install."""
    missing = sorted({package for tool, package in LINUX_BUILD_TOOLS.items() if not shutil.which(tool)})
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], check=True, env=env)
        return
    raise BuildError("missing build tools; install them with: sudo apt-get install " + " ".join(missing))


def platform_key() -> str:
    return "linux" if sys.platform.startswith("linux") else sys.platform


def run_pyinstaller(dist: Path, work: Path) -> Path:
    """Build the one-folder bundle; return its folder (dist/clew, or dist/Clew.app on macOS)."""
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        raise BuildError(f"PyInstaller is not installed; run: {sys.executable} -m pip install -e '.[package]'") from None
    spec = PACKAGING / SPECS[platform_key()]
    pyinstaller.run(["--noconfirm", "--clean", "--log-level", "WARN",
                     "--distpath", str(dist), "--workpath", str(work / "pyinstaller"), str(spec)])
    return dist / ("Clew.app" if platform_key() == "darwin" else "clew")


def build_dmg(app: Path, app_version: str, dist: Path, work: Path) -> Path:
    """A compressed disk image holding Clew.app beside a link to /Applications."""
    stage = work / "dmg"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    shutil.copytree(app, stage / app.name, symlinks=True)
    (stage / "Applications").symlink_to("/Applications")
    dmg = dist / f"Clew-{app_version}.dmg"
    subprocess.run(["hdiutil", "create", "-volname", "Clew", "-srcfolder", str(stage), "-ov",
                    "-format", "UDZO", str(dmg)], check=True)
    return dmg


def build_windows_installer(bundle: Path, app_version: str, dist: Path) -> Path:
    iscc = shutil.which("iscc") or shutil.which(r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe")
    if not iscc:
        raise BuildError("Inno Setup's ISCC.exe was not found; install Inno Setup 6 (choco install innosetup)")
    subprocess.run([iscc, f"/DAppVersion={app_version}", f"/DBundleDir={bundle}", f"/DOutputDir={dist}",
                    str(PACKAGING / "windows" / "clew.iss")], check=True)
    return dist / f"clew-{app_version}-setup.exe"


def build(dist: Path, work: Path) -> list[Path]:
    """Everything for this platform; returns the files made (bundle folder first)."""
    sys.path.insert(0, str(PACKAGING))
    from icons import render_icons

    app_version = version("clew")
    if platform_key() == "linux":
        ensure_linux_tools()
    render_icons(work / "icons")
    bundle = run_pyinstaller(dist, work)
    if platform_key() == "linux":
        from deb import build_deb

        return [bundle, build_deb(bundle, work / "icons", app_version, dist, work / "deb")]
    if platform_key() == "darwin":
        return [bundle, build_dmg(bundle, app_version, dist, work)]
    return [bundle, build_windows_installer(bundle, app_version, dist)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build Clew's installer for this platform.")
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="where the results go (dist/)")
    parser.add_argument("--work", type=Path, default=REPO / "build", help="scratch folder (build/)")
    args = parser.parse_args(argv)
    try:
        made = build(args.dist.resolve(), args.work.resolve())
    except (BuildError, subprocess.CalledProcessError) as error:
        print(f"build: {error}", file=sys.stderr)
        if getattr(error, "output", None):
            print(error.output, file=sys.stderr)
        return 1
    for path in made:
        print(f"built {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
