"""The tree stays readable: every package is in the README's map, and no module is too long.

Why: the README's "What is where" table is how a newcomer finds their way; a package
missing from it is a room nobody is told about. A module over 400 lines holds several
ideas; it is split (issue 12).
"""

import os
import re
from pathlib import Path
from typing import List, Set

REPO = Path(__file__).resolve().parents[1]
MAX_LINES = 400
SKIPPED_DIRS = {".git", ".venv", "node_modules", "models", "results", "__pycache__", ".rasa", ".run"}
# Data written as Python (tables of texts), not code.
DATA_MODULES = {"bench/real/entries.py"}


def _walk_python(top: Path) -> List[Path]:
    found = []
    for root, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        found += [Path(root) / f for f in files if f.endswith(".py")]
    return found


def _table_paths() -> Set[str]:
    """The paths named in the first column of the README's "What is where" table."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## What is where", 1)[1].split("\n## ", 1)[0]
    paths: Set[str] = set()
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            first_cell = line.split("|")[1]
            paths |= {p.rstrip("/") for p in re.findall(r"`([^`]+)`", first_cell)}
    return paths


def _packages() -> List[str]:
    """Top-level folders holding Python, and channels/' sub-packages."""
    top = sorted(
        d.name
        for d in REPO.iterdir()
        if d.is_dir() and d.name not in SKIPPED_DIRS and not d.name.startswith(".") and _walk_python(d)
    )
    channels = sorted(f"channels/{d.name}" for d in (REPO / "channels").iterdir() if (d / "__init__.py").is_file())
    return top + channels


def test_every_package_is_in_the_readme_table() -> None:
    named = _table_paths()
    missing = [p for p in _packages() if p not in named]
    assert not missing, f"add these to README.md's 'What is where' table: {missing}"


def test_the_channel_packages_are_found() -> None:
    assert {"channels", "channels/meta", "channels/twilio", "channels/common"} <= set(_packages())


def test_no_module_outside_tests_and_data_is_over_400_lines() -> None:
    too_long = {}
    for path in _walk_python(REPO):
        relative = path.relative_to(REPO).as_posix()
        if relative.startswith("tests/") or relative in DATA_MODULES:
            continue
        with open(path, encoding="utf-8") as f:
            lines = sum(1 for _ in f)
        if lines > MAX_LINES:
            too_long[relative] = lines
    assert not too_long, f"split these modules (at most {MAX_LINES} lines each): {too_long}"
