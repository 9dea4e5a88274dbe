"""What goes into Clew's PyInstaller bundle: one list of data, hidden imports and exclusions,
shared by the Linux, Windows and macOS specs so the three builds stay in step."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

from clew.core.text.charmodel import MODEL_LANGUAGES
from clew.core.text.word_classes import TABLES
from clew.core.text.wordmodel import EDGES_FILE

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
APP_NAME = "clew"
ENTRY_SCRIPT = PACKAGING / "entry.py"

# Names given to Markdown as strings, and the observer watchdog picks per platform: imports
# PyInstaller cannot see by reading the code.
HIDDEN_IMPORTS_FROM = ("pymdownx", "markdown.extensions", "watchdog.observers")

# Qt modules Clew does not use, and that plugins would otherwise drag in: the virtual keyboard
# plugin pulls Qt Quick and QML, the PDF image plugin pulls Qt PDF. Matched in file and
# framework names on all three platforms (libQt6Quick.so.6, Qt6Quick.dll, QtQuick.framework).
UNUSED_QT_MODULES = (
    "Quick", "Qml", "Pdf", "VirtualKeyboard", "WebEngine", "WebChannel", "WebSockets", "Network",
    "Multimedia", "Positioning", "Location", "Sensors", "Bluetooth", "Nfc", "SerialPort", "Sql",
    "Test", "Designer", "Help", "UiTools", "Labs", "Lottie", "3D", "Charts", "DataVisualization",
    "Graphs", "RemoteObjects", "Scxml", "StateMachine", "TextToSpeech", "SpatialAudio",
    "ShaderTools", "WaylandCompositor", "WaylandEglCompositor", "EglFS", "EglFs", "Concurrent",
)
# Plugins for things Clew never does (embedded displays, VNC, PDF, the virtual keyboard),
# by file-name stem. Kept: xcb, wayland, offscreen and minimal platforms, GTK and portal
# themes, compose and ibus input, the common image formats, the SVG icon engine.
UNUSED_QT_PLUGINS = (
    "qeglfs", "qlinuxfb", "qminimalegl", "qvkkhrdisplay", "qvnc", "qtvirtualkeyboardplugin",
    "qpdf", "qtuiotouchplugin", "qevdevkeyboardplugin", "qevdevmouseplugin",
    "qevdevtabletplugin", "qevdevtouchplugin",
)
UNUSED_QT_PLUGIN_DIRS = ("egldeviceintegrations", "wayland-graphics-integration-server", "qmltooling",
                         "designer", "printsupport", "sqldrivers", "tls", "networkinformation")
# Clew installs no QTranslator, so Qt's own translations would never be loaded.
UNUSED_QT_DIRS = ("translations",)

# Linux: where the system's shared libraries live (see without_system_libraries).
LINUX_SYSTEM_LIBRARY_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")

EXCLUDED_PYTHON_MODULES = (
    "tkinter", "unittest", "pydoc_data", "lib2to3",
    # Clew reads jieba's tables (_jieba_tables), never runs its code. Only wordfreq imports it,
    # to cut Chinese text into words, which Clew never asks of wordfreq (spelling_choice looks
    # up whole words in spaced languages only). Frozen, jieba's import of pkg_resources would
    # bring setuptools, pyparsing, pdb and readline (a library the .deb does not depend on),
    # PyInstaller's runtime hook importing pkg_resources at every start, and all 30 MB of
    # jieba's data.
    "jieba",
    *(f"PySide6.Qt{name}" for name in ("Network", "Qml", "Quick", "QuickWidgets", "Pdf", "PdfWidgets",
                                       "WebEngineCore", "WebEngineWidgets", "OpenGL", "OpenGLWidgets",
                                       "PrintSupport", "Sql", "Test", "UiTools", "Designer", "Help",
                                       "Concurrent", "DBus")),
)

_MODULE_RE = re.compile(
    r"(?:^|[/\\])(?:lib)?Qt6?(?:%s)\w*(?:[./\\]|$)" % "|".join(map(re.escape, UNUSED_QT_MODULES)))
_PLUGIN_RE = re.compile(
    r"[/\\]plugins[/\\](?:(?:%s)[/\\]|[^/\\]+[/\\](?:lib)?(?:%s)\.)"
    % ("|".join(map(re.escape, UNUSED_QT_PLUGIN_DIRS)), "|".join(map(re.escape, UNUSED_QT_PLUGINS))))
# PySide6/Qt/translations on Linux and macOS, PySide6/translations on Windows.
_DIR_RE = re.compile(r"PySide6[/\\](?:Qt[/\\])?(?:%s)[/\\]" % "|".join(map(re.escape, UNUSED_QT_DIRS)))


def app_version() -> str:
    """Clew's version from its package metadata: the one place the version is set (pyproject)."""
    return version(APP_NAME)


# Packages that read files of their own at run time: the maths renderer's fonts and symbol table.
PACKAGES_WITH_DATA = ("ziamath", "ziafont", "latex2mathml")
_WORDLIST_RE = re.compile(r"(?:large|small)_([a-z]{2,3}(?:-[A-Za-z]+)?)\.msgpack\.gz$")


def _wordfreq_data() -> list[tuple[str, str]]:
    """wordfreq's data less the word lists of languages the mojibake repair never models
    (58 MB in all; the lists it needs and the Chinese tokenizer's dictionary stay)."""
    kept = []
    for source, dest in collect_data_files("wordfreq"):
        found = _WORDLIST_RE.search(Path(source).name)
        if found is None or found.group(1) in MODEL_LANGUAGES:
            kept.append((source, dest))
    return kept


def _jieba_tables() -> list[tuple[str, str]]:
    """The tables of jieba's taggers the mojibake repair reads (word_classes), not the rest of
    jieba (40 MB). Their jieba folder holds no code: word_classes finds it all the same, as a
    namespace package."""
    return collect_data_files("jieba", include_py_files=True, includes=list(TABLES))


def datas() -> list[tuple[str, str]]:
    """Resources at ``clew/resources`` (where ``clew.ui.setup.resources`` looks), the data files some
    dependencies read at run time, and the package metadata so ``clew --version`` knows the
    version."""
    return [(str(REPO / "resources"), f"{APP_NAME}/resources"),
            *(entry for package in PACKAGES_WITH_DATA for entry in collect_data_files(package)),
            *_wordfreq_data(), *_jieba_tables(), (str(EDGES_FILE), f"{APP_NAME}/core/text"),
            *copy_metadata(APP_NAME)]


def app_icon_png(workpath: str) -> str:
    """The 512 px icon rendered from the SVG into PyInstaller's work folder; PyInstaller turns it
    into the .ico (Windows) or .icns (macOS) with Pillow."""
    from icons import render_icons

    return str(next(p for p in render_icons(Path(workpath) / "icons") if "512x512" in str(p)))


def hidden_imports() -> list[str]:
    return [name for package in HIDDEN_IMPORTS_FROM for name in collect_submodules(package)]


def analysis_options() -> dict:
    """Keyword arguments for the specs' ``Analysis``."""
    return {
        "scripts": [str(ENTRY_SCRIPT)],
        "pathex": [str(REPO / "src")],
        "datas": datas(),
        "hiddenimports": hidden_imports(),
        "excludes": list(EXCLUDED_PYTHON_MODULES),
    }


def is_unused_qt(dest: str) -> bool:
    """True for a bundled file (by its path inside the bundle) of a Qt part Clew does not use."""
    path = "/" + dest
    return bool(_MODULE_RE.search(path) or _PLUGIN_RE.search(path) or _DIR_RE.search(path))


def without_unused_qt(toc: list) -> list:
    """``toc`` (Analysis binaries or datas) less the unused Qt parts."""
    return [entry for entry in toc if not is_unused_qt(entry[0])]


def without_system_libraries(binaries: list) -> list:
    """Linux: ``binaries`` less the shared libraries PyInstaller took from the system's library
    folders (X11, xcb, GL, glib, fontconfig, libstdc++, OpenSSL...). The .deb depends on their
    packages instead, so the desktop's own copies are used: a bundled older libstdc++ or
    fontconfig breaks the system's GL drivers and font configuration."""
    return [entry for entry in binaries
            if not (entry[2] == "BINARY" and entry[1].startswith(LINUX_SYSTEM_LIBRARY_DIRS))]
