#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter: Rasa 3.6 runs on 3.8-3.10 only, and the pinned
# libraries (lingua, tenacity, hypothesis, playwright) need 3.10.
# Order: $PYTHON, python3.10 on PATH, then pyenv's installed versions.
set -u

usable() {  # usable CMD -> true when CMD runs and is Python 3.10
  "$@" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

resolve() {  # prints the real interpreter path behind CMD (pyenv shims included)
  "$@" -c 'import sys; print(sys.executable)'
}

if [ -n "${PYTHON:-}" ]; then
  if usable "$PYTHON"; then resolve "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not a usable Python 3.10 interpreter." >&2
  exit 1
fi

for v in 3.10; do
  if command -v "python$v" >/dev/null 2>&1; then
    if usable "python$v"; then resolve "python$v"; exit 0; fi
    # A pyenv shim refuses to run unless pyenv selects that version: ask it to.
    if PYENV_VERSION="$v" usable "python$v" 2>/dev/null; then
      full=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v".* 2>/dev/null | sort -V | tail -n 1)
      if [ -n "$full" ] && usable "$full/bin/python$v"; then echo "$full/bin/python$v"; exit 0; fi
    fi
  fi
done

for v in 3.10; do
  for dir in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v".* 2>/dev/null | sort -Vr); do
    if usable "$dir/bin/python$v"; then echo "$dir/bin/python$v"; exit 0; fi
  done
done

cat >&2 <<'MSG'
No Python 3.10 interpreter found (Rasa 3.6 runs on 3.8-3.10 and the pinned libraries need 3.10).
Install one, for example:
  pyenv install 3.10.13          (or: apt-get install python3.10 python3.10-venv)
or point PYTHON at it:  make run PYTHON=/path/to/python3.10
MSG
exit 1
