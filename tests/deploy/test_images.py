"""The container images hold every package their code imports.

Why: the images are built from explicit COPY lines (Dockerfile.rasa, Dockerfile.actions),
while the code grows new packages (a channel importing agent_desk/, an action importing
chatwoot/). Nothing runs the images in CI, so a missing COPY would only show when a
business deploys. This test follows the imports from each image's entry packages and
fails when one of the repository's packages is not copied into the final stage.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Set

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCAL = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()} | {"scripts"}


def imported_packages(package: str) -> Set[str]:
    """The repository's top-level packages a package's modules import."""
    found: Set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found |= {n.split(".")[0] for n in names if n.split(".")[0] in LOCAL}
    return found


def closure(entries: Set[str]) -> Set[str]:
    todo, seen = list(entries), set()
    while todo:
        package = todo.pop()
        if package in seen or not (ROOT / package).is_dir():
            continue
        seen.add(package)
        todo += sorted(imported_packages(package) - seen)
    return seen


def copied_in_final_stage(dockerfile: str) -> Set[str]:
    text = (ROOT / dockerfile).read_text(encoding="utf-8")
    final = re.split(r"(?m)^FROM ", text)[-1]
    copied: Set[str] = set()
    for line in re.findall(r"(?m)^COPY (?!--from)(.+)$", final):
        copied |= {part.strip("/") for part in line.split()[:-1]}
    return copied


@pytest.mark.parametrize(
    "dockerfile, entries",
    [
        ("Dockerfile.rasa", {"channels", "stores", "tickfix_nlu"}),  # credentials.yml, endpoints, config.yml
        ("Dockerfile.actions", {"actions"}),
    ],
)
def test_every_imported_package_is_in_the_image(dockerfile: str, entries: Set[str]) -> None:
    needed = closure(entries) - {"tests"}
    missing = needed - copied_in_final_stage(dockerfile)
    assert not missing, f"{dockerfile} does not COPY {sorted(missing)}, which its code imports"


# A module's import name -> the distribution pip installs it from, where they differ.
DISTRIBUTIONS = {
    "yaml": "PyYAML",
    "lingua": "lingua-language-detector",
    "babel": "Babel",
    "sqlalchemy": "SQLAlchemy",
    "rasa_sdk": "rasa-sdk",
}


def third_party_imports(packages: Set[str]) -> Set[str]:
    """The top-level modules outside the repository and the standard library that
    these packages import."""
    import sys

    found: Set[str] = set()
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                found |= {n.split(".")[0] for n in names}
    return {m for m in found if m not in LOCAL and m not in sys.stdlib_module_names}


def test_the_action_image_installs_every_library_its_code_imports() -> None:
    # The action server's image installs only ACTION_PACKAGES, not all of requirements.txt:
    # the diagnosis (lingua, Babel), the account checks (twilio) and the failure watch
    # (SQLAlchemy) were missing from it, so the action server could not have started.
    text = (ROOT / "Dockerfile.actions").read_text(encoding="utf-8")
    listed = {p.lower() for p in re.search(r'ARG ACTION_PACKAGES="([^"]+)"', text).group(1).split()}
    needed = {DISTRIBUTIONS.get(m, m).lower() for m in third_party_imports(closure({"actions"}) - {"tests"})}
    assert not needed - listed, f"Dockerfile.actions ACTION_PACKAGES lacks {sorted(needed - listed)}"
