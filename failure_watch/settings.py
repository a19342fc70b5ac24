"""Where the failure watch keeps its data, and for how long (TICKFIX_WATCH_* settings).

Why: one place reads the environment, so the webhook writer, the report page and the
offline reader agree. A SQLite file by default (no server to install), next to the
tracker's SQLite database when ``TRACKER_DB`` is set, else ``.run/failures.db``; in
production a PostgreSQL URL (the production database: scripts/services.sh's
POSTGRES_* give it when ``TICKFIX_WATCH_DB_URL`` is not set and
``TICKFIX_PRODUCTION`` is).

* ``TICKFIX_WATCH``: "off" turns the watch off (statuses are only logged, as before);
* ``TICKFIX_WATCH_DB_URL``: any SQLAlchemy URL (postgresql://user:pw@host:5432/db);
* ``TICKFIX_WATCH_DB``: the SQLite file, when no URL is given;
* ``TICKFIX_WATCH_RETENTION_DAYS``: days kept (default 30), older ones are deleted;
* ``TICKFIX_WATCH_QUEUE``: webhook bodies waiting to be written (default 20000); when
  full, the webhook answers 503 and the provider delivers again later;
* ``TICKFIX_WATCH_BATCH``: events written per transaction (default 500).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import quote

DEFAULT_RETENTION_DAYS = 30
DEFAULT_QUEUE = 20000
DEFAULT_BATCH = 500


def _number(env: Mapping[str, str], name: str, default: float, minimum: float) -> float:
    try:
        value = float(env.get(name, "") or default)
    except ValueError:
        return default
    return max(minimum, value)


@dataclass
class WatchSettings:
    url: str
    retention_days: float = DEFAULT_RETENTION_DAYS
    queue_size: int = DEFAULT_QUEUE
    batch_size: int = DEFAULT_BATCH
    enabled: bool = True

    @property
    def sqlite_path(self) -> Optional[Path]:
        prefix = "sqlite:///"
        if self.url.startswith(prefix) and self.url != "sqlite:///:memory:":
            return Path(self.url[len(prefix) :])
        return None

    def describe(self) -> str:
        """The URL without its password, for logs."""
        if "@" in self.url and "://" in self.url:
            scheme, rest = self.url.split("://", 1)
            return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
        return self.url


def production_url(env: Mapping[str, str]) -> Optional[str]:
    """The production PostgreSQL (POSTGRES_* as endpoints.production.yml reads them)."""
    host = env.get("POSTGRES_HOST")
    if not host or not env.get("POSTGRES_DB"):
        return None
    user = quote(env.get("POSTGRES_USER", ""), safe="")
    password = quote(env.get("POSTGRES_PASSWORD", ""), safe="")
    auth = f"{user}:{password}@" if user else ""
    port = env.get("POSTGRES_PORT") or "5432"
    return f"postgresql://{auth}{host}:{port}/{env['POSTGRES_DB']}"


def from_env(env: Optional[Mapping[str, str]] = None, root: Optional[Path] = None) -> WatchSettings:
    env = os.environ if env is None else env
    root = root or Path.cwd()
    url = (env.get("TICKFIX_WATCH_DB_URL") or "").strip()
    if not url and env.get("TICKFIX_PRODUCTION"):
        url = production_url(env) or ""
    if not url:
        path = (env.get("TICKFIX_WATCH_DB") or "").strip()
        if not path:
            tracker = (env.get("TRACKER_DB") or "").strip()
            if tracker and tracker != ":memory:":
                tracker_path = Path(tracker)
                path = str(tracker_path.with_name(tracker_path.stem + "-failures.db"))
            else:
                path = str(root / ".run" / "failures.db")
        url = "sqlite:///" + str(Path(path).expanduser().absolute())
    return WatchSettings(
        url=url,
        retention_days=_number(env, "TICKFIX_WATCH_RETENTION_DAYS", DEFAULT_RETENTION_DAYS, 0.001),
        queue_size=int(_number(env, "TICKFIX_WATCH_QUEUE", DEFAULT_QUEUE, 1)),
        batch_size=int(_number(env, "TICKFIX_WATCH_BATCH", DEFAULT_BATCH, 1)),
        enabled=(env.get("TICKFIX_WATCH") or "on").strip().lower() not in ("0", "off", "false", "no"),
    )
