#!/usr/bin/env bash
# Installs the chat page's widget (web/node_modules, from web/package-lock.json) with `npm ci`,
# once: a stamp holding the lock file's hash makes a second run a no-op until the lock changes.
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.tickfix-stamp
want=$(cat package.json package-lock.json | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f node_modules/rasa-webchat/lib/index.js ]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "setup_web: npm is missing (Debian: apt-get install npm)" >&2
  exit 1
fi
echo "Installing the chat widget into web/node_modules (npm ci)."
# --ignore-scripts: the page uses only the widget's prebuilt bundle; no package needs to build.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
