"""Where Clew's shipped files are: the demo vault, style sheets, the icon."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources`` folder: inside the installed package, or beside ``src/`` in a source
    checkout (an editable install does not copy it into the package)."""
    packaged = Path(str(files("clew"))) / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[4] / "resources"


def demo_vault() -> Path:
    return resources_dir() / "demo-vault"


def style_sheet_template() -> str:
    """The widget style sheet with the theme's colours left as ``$names`` (clew.ui.setup.theme)."""
    path = resources_dir() / "styles" / "app.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def icon_path() -> Path:
    return resources_dir() / "icons" / "clew.svg"
