"""A throw-away redis-server on a free loopback port, for tests of what the channels
share across instances (channels/shared_redis.py); and a tiny stand-in client.

Why both: the real server proves the commands (SET NX EX, the GET+DEL transaction)
do what the channels rely on; it is Debian's redis-server, which `scripts/services.sh`
installs for the production tests, so on a machine without it those tests skip. The
stand-in (``FakeRedis``) runs everywhere and can be switched off to play an outage.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import redis

from tests.support.servers import free_port


class RedisServer:
    """`redis-server` in the foreground, nothing on disk; ``url`` once started."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("redis-server")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return self
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def running_redis(workdir: Path) -> Iterator[RedisServer]:
    """For a fixture: a started server (pytest.skip when redis-server is missing)."""
    import pytest

    try:
        server = RedisServer(workdir).start()
    except FileNotFoundError:
        pytest.skip("redis-server is not installed (scripts/services.sh installs it)")
    try:
        yield server
    finally:
        server.stop()


class FakeRedis:
    """The few commands the channels use, in a dict; ``down = True`` plays an outage."""

    def __init__(self) -> None:
        self.data: Dict[str, Tuple[bytes, Optional[int]]] = {}
        self.down = False
        self.calls: List[str] = []

    def _check(self, command: str) -> None:
        self.calls.append(command)
        if self.down:
            raise redis.exceptions.ConnectionError("Connection refused (fake)")

    @staticmethod
    def _bytes(value: Any) -> bytes:
        return value if isinstance(value, bytes) else str(value).encode("utf-8")

    def set(self, key: str, value: Any, nx: bool = False, ex: Optional[int] = None) -> Optional[bool]:
        self._check("SET")
        if nx and key in self.data:
            return None
        self.data[key] = (self._bytes(value), ex)
        return True

    def get(self, key: str) -> Optional[bytes]:
        self._check("GET")
        item = self.data.get(key)
        return None if item is None else item[0]

    def delete(self, key: str) -> int:
        self._check("DEL")
        return 1 if self.data.pop(key, None) is not None else 0

    def pipeline(self, transaction: bool = True) -> "_FakePipeline":
        return _FakePipeline(self)


class _FakePipeline:
    def __init__(self, client: FakeRedis) -> None:
        self.client, self.queued = client, []

    def __enter__(self) -> "_FakePipeline":
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def get(self, key: str) -> "_FakePipeline":
        self.queued.append(("get", key))
        return self

    def delete(self, key: str) -> "_FakePipeline":
        self.queued.append(("delete", key))
        return self

    def execute(self) -> List[Any]:
        self.client._check("EXEC")
        return [getattr(self.client, name)(key) for name, key in self.queued]
