#!/usr/bin/env bash
# Creates .venv with the pinned requirements, once: a stamp holding the requirements'
# hash makes a second run a no-op until requirements.txt or requirements.lock change.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv
want=$(cat requirements.txt requirements.lock | sha256sum | cut -c1-16)
if [ -f "$venv/.stamp" ] && [ "$(cat "$venv/.stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; then
  exit 0
fi
py=$(scripts/find_python.sh)
echo "Setting up $venv with $py ($("$py" --version 2>&1)); the first time takes a few minutes."
if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info[:2] <= (3, 10) else 1)'; then
  rm -rf "$venv"
fi
[ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.0"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt -c requirements.lock
echo "$want" > "$venv/.stamp"
echo "$venv is ready."
