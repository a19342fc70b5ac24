#!/usr/bin/env bash
# Serves Tickfix: the action server, the Rasa server (REST, socket.io, WhatsApp, Twilio, HTTP
# API) and the chat page. Ctrl-C (or the end of any server) stops them all.
#
# Secure by default:
# - the HTTP API (/conversations/..., /model/...) needs ?token=RASA_AUTH_TOKEN; when it is
#   unset, a token is generated for this run and printed here, once (never to a log);
#   the chat channels do not need it;
# - every server listens on TICKFIX_HOST (127.0.0.1; 0.0.0.0 in a container);
# - CORS allows TICKFIX_CORS_ORIGINS only (the chat page's origins);
# - SOCKETIO_JWT_SECRET set: socket.io connections must carry a JWT signed with it;
# - production mode (TICKFIX_PRODUCTION=1, or ENDPOINTS=endpoints.production.yml):
#   scripts/preflight.py refuses to start without the secrets it needs and names them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

if [ "${TICKFIX_PRODUCTION:-}" = 1 ] || [ "$(basename "$ENDPOINTS")" = endpoints.production.yml ]; then
  .venv/bin/python scripts/preflight.py
fi

token="${RASA_AUTH_TOKEN:-}"
generated=""
if [ -z "$token" ]; then
  token="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))')"
  generated=1
fi

credentials=credentials.yml
if [ -n "${SOCKETIO_JWT_SECRET:-}" ]; then
  # credentials.yml plus `jwt_key: ${SOCKETIO_JWT_SECRET}` on the socket.io channel: Rasa
  # reads the secret from the environment, the file never holds it.
  mkdir -p .run
  credentials=.run/credentials.jwt.yml
  .venv/bin/python scripts/jwt_credentials.py credentials.yml "$credentials"
fi

read -r -a cors <<< "$TICKFIX_CORS_ORIGINS"

SANIC_HOST="$TICKFIX_HOST" .venv/bin/rasa run actions --port "$ACTION_PORT" --actions actions &
actions_pid=$!
RASA_AUTH_TOKEN="$token" .venv/bin/python scripts/rasa_run.py --enable-api \
  --interface "$TICKFIX_HOST" --port "$RASA_PORT" --cors "${cors[@]}" --model "$MODEL" \
  --credentials "$credentials" --endpoints "$ENDPOINTS" &
rasa_pid=$!
.venv/bin/python scripts/serve_web.py --quiet --host "$TICKFIX_HOST" &
web_pid=$!

stop() { kill "$actions_pid" "$rasa_pid" "$web_pid" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
shown="$TICKFIX_HOST"
case "$shown" in 0.0.0.0|::|"") shown=localhost ;; 127.0.0.1) shown=localhost ;; esac
echo "Tickfix is starting on $TICKFIX_HOST: REST at http://$shown:$RASA_PORT/webhooks/rest/webhook, chat page at http://$shown:$WEB_PORT/ (Ctrl-C stops it)."
if [ -n "$generated" ]; then
  echo "HTTP API token for this run (RASA_AUTH_TOKEN was unset; shown only here): $token"
  echo "  e.g. curl -s \"http://$shown:$RASA_PORT/conversations/me/tracker?token=\$TOKEN\""
fi
wait -n "$actions_pid" "$rasa_pid" "$web_pid"
