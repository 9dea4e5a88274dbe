"""clew.core is laid out by stage: no module sits directly in it, and each sub-package imports
only the packages its docstring's "May import:" names (the directions of the plan)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "src" / "clew" / "core"
PACKAGES = sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").is_file())


def allowed_imports(package: str) -> set[str]:
    """The clew.core packages ``package`` may import, as its docstring says."""
    doc = ast.get_docstring(ast.parse((CORE / package / "__init__.py").read_text(encoding="utf-8"))) or ""
    said = doc.partition("May import:")[2]
    assert said, f"clew.core.{package} does not say what it may import"
    if "any of clew.core" in said:
        return set(PACKAGES)
    return set(re.findall(r"clew\.core\.(\w+)", said)) | {package}


def core_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else (
            [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
        found |= {name.split(".")[2] for name in names if name.startswith("clew.core.")}
    return found


def test_no_module_sits_directly_in_core():
    assert [p.name for p in CORE.glob("*.py")] == ["__init__.py"]


def test_each_package_imports_only_what_its_docstring_allows():
    wrong = []
    for package in PACKAGES:
        allowed = allowed_imports(package)
        for path in sorted((CORE / package).rglob("*.py")):
            wrong += [f"{path.relative_to(CORE)} imports clew.core.{other}" for other in core_imports(path) - allowed]
    assert wrong == []
