"""agent_desk is plain Python: importing it loads no Rasa."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_agent_desk_imports_no_rasa():
    code = (
        "import sys, agent_desk, agent_desk.page, agent_desk.conversation; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk', 'sanic')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_says_why():
    for module in sorted((ROOT / "agent_desk").glob("*.py")):
        source = module.read_text()
        assert source.startswith('"""'), module.name
        doc = source.split('"""')[1]
        assert "Why" in doc, module.name
