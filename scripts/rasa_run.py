#!/usr/bin/env python3
"""`rasa run ARGS`, with the HTTP API's token read from RASA_AUTH_TOKEN.

Why: `rasa run --auth-token TOKEN` puts the token on the command line, where `ps` shows it
to every user of the machine; the environment of a process is readable by its owner only.
The variable is taken out of the environment before Rasa starts, so nothing Rasa starts
inherits it. scripts/run.sh uses it:

    RASA_AUTH_TOKEN=... .venv/bin/python scripts/rasa_run.py --enable-api --port 5005 ...
"""

import os
import sys


def argv(args, env):
    """The `rasa` command line: `run`, ARGS, then the token when one is set. Given as
    `--auth-token=TOKEN`: a token that starts with "-" (secrets.token_urlsafe makes one in
    64) would otherwise be read by argparse as an option, and Rasa would not start."""
    token = env.pop("RASA_AUTH_TOKEN", "").strip()
    return ["rasa", "run", *args] + ([f"--auth-token={token}"] if token else [])


if __name__ == "__main__":
    sys.argv = argv(sys.argv[1:], os.environ)
    from rasa.__main__ import main

    main()
