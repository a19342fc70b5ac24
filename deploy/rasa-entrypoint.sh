#!/bin/sh
# Entry point of the Tickfix Rasa image (Dockerfile.rasa).
#   no arguments:   `rasa run` in production mode, set up from the environment, secure by
#                   default: scripts/preflight.py first refuses to start without the secrets
#                   production needs (RASA_AUTH_TOKEN, each enabled channel's secrets, and
#                   SOCKETIO_JWT_SECRET since a container's socket.io is exposed) and names
#                   what is missing. Settings: ENDPOINTS (endpoints.production.yml), MODEL,
#                   RASA_PORT (5005), TICKFIX_CORS_ORIGINS (the chat page's origins, space
#                   separated; none by default: no cross-origin browser calls), CREDENTIALS
#                   (credentials.yml; with SOCKETIO_JWT_SECRET, a copy whose socket.io
#                   channel requires a JWT signed with it).
#   with arguments: `rasa ARGUMENTS`, e.g. what the Rasa Helm chart passes
#                   (`run --port 5005 ...`), `--version` or `shell`.
set -eu
if [ "$#" -eq 0 ]; then
  export TICKFIX_HOST="${TICKFIX_HOST:-0.0.0.0}"  # a container listens on all its interfaces
  app="${TICKFIX_APP:-/app}"
  python "$app/scripts/preflight.py"
  credentials="${CREDENTIALS:-credentials.yml}"
  if [ -n "${SOCKETIO_JWT_SECRET:-}" ]; then
    python "$app/scripts/jwt_credentials.py" "$credentials" "${TMPDIR:-/tmp}/credentials.jwt.yml"
    credentials="${TMPDIR:-/tmp}/credentials.jwt.yml"
  fi
  set -- --enable-api \
    --port "${RASA_PORT:-5005}" \
    --model "${MODEL:-models/tickfix.tar.gz}" \
    --credentials "$credentials" \
    --endpoints "${ENDPOINTS:-endpoints.production.yml}"
  if [ -n "${TICKFIX_CORS_ORIGINS:-}" ]; then
    # shellcheck disable=SC2086  # one argument per origin
    set -- "$@" --cors ${TICKFIX_CORS_ORIGINS}
  fi
  # `rasa run` with the token from RASA_AUTH_TOKEN, not on the command line (ps shows it)
  exec python "$app/scripts/rasa_run.py" "$@"
fi
exec rasa "$@"
