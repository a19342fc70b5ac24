#!/usr/bin/env python3
"""Write credentials.yml with the socket.io channel requiring a JWT (SOCKETIO_JWT_SECRET).

    python scripts/jwt_credentials.py credentials.yml .run/credentials.jwt.yml

Why: Rasa's socket.io channel checks a JWT only when its credentials carry `jwt_key`;
the secret must not be written into a file, so the generated file holds
`${SOCKETIO_JWT_SECRET}`, which Rasa fills in from the environment when it reads it.
Used by scripts/run.sh and the container's entry point (deploy/rasa-entrypoint.sh).
"""

import sys

import yaml


def with_jwt(channels: dict) -> dict:
    out = dict(channels)
    for name, settings in channels.items():
        if "socketio" in name.lower():
            out[name] = {**(settings or {}), "jwt_key": "${SOCKETIO_JWT_SECRET}", "jwt_method": "HS256"}
    return out


def main(source: str, target: str) -> int:
    with open(source, encoding="utf-8") as f:
        channels = yaml.safe_load(f) or {}
    with open(target, "w", encoding="utf-8") as out:
        out.write(f"# Generated from {source} (SOCKETIO_JWT_SECRET set): do not edit.\n")
        yaml.safe_dump(with_jwt(channels), out, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
