#!/bin/sh
# Entry point of the Tickfix Rasa image (Dockerfile.rasa).
#   no arguments:   `rasa run` in production mode, set up from the environment:
#                   ENDPOINTS (endpoints.production.yml), MODEL, RASA_PORT (5005),
#                   RASA_CORS (*), CREDENTIALS (credentials.yml), RASA_AUTH_TOKEN (none)
#   with arguments: `rasa ARGUMENTS`, e.g. what the Rasa Helm chart passes
#                   (`run --port 5005 ...`), `--version` or `shell`.
set -eu
if [ "$#" -eq 0 ]; then
  set -- run --enable-api \
    --port "${RASA_PORT:-5005}" \
    --cors "${RASA_CORS:-*}" \
    --model "${MODEL:-models/tickfix.tar.gz}" \
    --credentials "${CREDENTIALS:-credentials.yml}" \
    --endpoints "${ENDPOINTS:-endpoints.production.yml}"
  if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
    set -- "$@" --auth-token "$RASA_AUTH_TOKEN"
  fi
fi
exec rasa "$@"
