"""clew.core and clew.ui are laid out by stage: no module sits directly in them (but the ui's
entry modules), and each sub-package imports only the packages its docstring's "May import:"
names (the directions of the plan)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

CLEW = Path(__file__).resolve().parents[1] / "src" / "clew"
# Modules that may sit directly in a layer: the package face, and the window's entry points.
DIRECT = {"core": {"__init__.py"},
          "ui": {"__init__.py", "app.py", "main_window.py", "actions.py", "settings.py"}}


def packages(layer: str) -> list[str]:
    return sorted(p.name for p in (CLEW / layer).iterdir() if (p / "__init__.py").is_file())


def allowed_imports(layer: str, package: str) -> set[str]:
    """The clew.<layer> names ``package`` may import, as its docstring says (a package, or one of
    the layer's direct modules)."""
    init = CLEW / layer / package / "__init__.py"
    said = (ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or "").partition("May import:")[2]
    assert said, f"clew.{layer}.{package} does not say what it may import"
    everything = set(packages(layer)) | {name.removesuffix(".py") for name in DIRECT[layer]}
    if f"any of clew.{layer}" in said:
        but = set(re.findall(rf"but clew\.{layer}\.(\w+)", said))
        return everything - but
    return set(re.findall(rf"clew\.{layer}\.(\w+)", said)) | {package}


def layer_imports(layer: str, path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else (
            [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
        found |= {name.split(".")[2] for name in names if name.startswith(f"clew.{layer}.")}
    return found


@pytest.mark.parametrize("layer", ["core", "ui"])
def test_no_module_sits_directly_in_a_layer_but_its_entries(layer):
    assert {p.name for p in (CLEW / layer).glob("*.py")} <= DIRECT[layer]


@pytest.mark.parametrize("layer", ["core", "ui"])
def test_each_package_imports_only_what_its_docstring_allows(layer):
    wrong = []
    for package in packages(layer):
        allowed = allowed_imports(layer, package)
        for path in sorted((CLEW / layer / package).rglob("*.py")):
            wrong += [f"{path.relative_to(CLEW)} imports clew.{layer}.{other}"
                      for other in layer_imports(layer, path) - allowed]
    assert wrong == []


def test_the_core_allows_what_it_says():
    """A package saying "any of clew.core" may import every core package."""
    assert allowed_imports("core", "offload") >= {"render"}
