#!/usr/bin/env bash
# Serves Tickfix: the action server and the Rasa server (REST, socket.io, HTTP API).
# Ctrl-C (or the end of either server) stops both; nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

auth=()
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then auth=(--auth-token "$RASA_AUTH_TOKEN"); fi

.venv/bin/rasa run actions --port "$ACTION_PORT" --actions actions &
actions_pid=$!
.venv/bin/rasa run --enable-api --cors "*" --port "$RASA_PORT" --model "$MODEL" \
  --credentials credentials.yml --endpoints "$ENDPOINTS" "${auth[@]}" &
rasa_pid=$!
.venv/bin/python scripts/serve_web.py --quiet &
web_pid=$!

stop() { kill "$actions_pid" "$rasa_pid" "$web_pid" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
echo "Tickfix is starting: REST at http://localhost:$RASA_PORT/webhooks/rest/webhook, chat page at http://localhost:$WEB_PORT/ (Ctrl-C stops it)."
wait -n "$actions_pid" "$rasa_pid" "$web_pid"
