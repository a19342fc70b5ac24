# Defaults shared by run, test and bench; every one can be overridden from the environment.
export RASA_PORT="${RASA_PORT:-5005}"
export ACTION_PORT="${ACTION_PORT:-5055}"
export WEB_PORT="${WEB_PORT:-8080}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://localhost:$ACTION_PORT/webhook}"
export TRACKER_DB="${TRACKER_DB:-tickfix.db}"
export ENDPOINTS="${ENDPOINTS:-endpoints.yml}"
export MODEL="${MODEL:-models/tickfix.tar.gz}"
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=2
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONDONTWRITEBYTECODE=1
# The project's packages (tickfix_nlu in config.yml, actions, channels) import from any
# working directory: the serving benchmark trains and serves from a temp dir.
_tickfix_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PYTHONPATH="$_tickfix_root${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning,ignore::PendingDeprecationWarning}"
# Where the servers listen (0.0.0.0 to be reachable from other machines, e.g. in a container)
# and which web origins may call Rasa from a browser (space-separated).
export TICKFIX_HOST="${TICKFIX_HOST:-127.0.0.1}"
export TICKFIX_CORS_ORIGINS="${TICKFIX_CORS_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}"
