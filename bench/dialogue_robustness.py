"""Dialogue robustness check: off-script turns from every state of the dialogue.

    .venv/bin/python bench/dialogue_robustness.py            # every state (~2-3 min)
    .venv/bin/python bench/dialogue_robustness.py --quick    # a sample of the states
    make test-dialogue

Why: the scripted tests pass while people who answer in their own words do not
(issue 9). This starts the real action server and Rasa server (tests/support/servers.py),
brings a fresh conversation to each state of the dialogue, in English, Spanish and
Portuguese, plays one item of a pool of off-script turns there, and checks every
reply. One conversation per (state, language, pool item), so items don't disturb
each other.

States
  question       each follow-up question of each cause (causes/<cause>.yaml `questions:`),
                 reached with a real error text for the cause and valid answers to the
                 earlier questions; plus recipient_country (a number without country code).
                 --quick keeps one path per distinct question id, the shortest.
  triage         the two narrowing questions after a vague symptom ("message failed red
                 icon" / "mi mensaje no llega" / "mensagem não chega").
  after_fix      the fix has been given and the bot asks "did that solve it?".
  after_handoff  the user asked for a person and got the summary.
  unplaceable    after the narrowing found nothing and the bot asked for the exact error.
  Each state's setup is verified on the tracker (requested_slot / awaiting / handed_off);
  a state that is not reached is reported as a setup failure (and fails the run).

Pool (per language; the same for every state)
  other_lang  a sentence in another language (en->es, es->pt, pt->en)
  ok          "ok"
  no_idea_x3  "no idea" / "ni idea" / "não faço ideia", three turns in a row
  question    "what is the 24-hour window?" / "¿qué es la ventana de 24 horas?" /
              "o que é a janela de 24 horas?"
  gibberish   "asdkj qwe"
  new_error   "(#131026) Message undeliverable"
  fixed       "it's fixed" / "ya funciona" / "resolveu"

Properties, checked on every pool turn (the setup turns are history only)
  silent     the turn got no message at all.
  too_many   the turn got more than MAX_MESSAGES (3) messages.
  repeat     a question asked a third time in a row. Two precise rules, either one flags:
             (a) text: a question sentence (a sentence of a bot message ending in "?",
                 compared after case-folding, dropping "¿", "*", "_" and collapsing
                 whitespace) occurs in the bot's replies of this turn and of each of the
                 two turns before it (setup turns count as history);
             (b) id: the same question id is asked in this turn and in each of the two
                 turns before it, i.e. asked and then re-asked twice. Read from the
                 tracker's events after that turn's user event: a form question is asked
                 when `requested_slot` is set to its id and a bot message follows (a form
                 asking or re-asking it); the questions outside the forms are the slot
                 `awaiting` ("awaiting:fix_outcome" = "did that solve it?",
                 "awaiting:error" = "paste the exact error"), asked in a turn that sets
                 `awaiting` or counts a miss (`misses`), poses something (a bot message
                 with a "?" or with buttons), and ends with `awaiting` still set; a turn
                 that only says it will wait ("No rush: tell me how it went") asks nothing.
  language   a reply in another language than the user's. Each message's text, and the
             turn's button titles joined as one text, are judged separately with
             diagnosis.language.detect.scores (lingua, on the text's own words: pasted
             codes, quotes and JSON are left out), only when they have at least
             MIN_JUDGED_WORDS own words. A text is in the wrong language when another
             language scores higher than the expected one by at least LANG_MARGIN. The
             expected language is the language of the conversation's user turns, except
             on the other_lang turn, where the bot is expected to switch to that language.
  cause      after the question turn, the tracker's `cause` slot differs from before it
             (a cause concluded from a question about WhatsApp).

Output: a table per state kind and language (turns and violations per property), a
table per pool item, the violations with what the bot said, and the exit status 1 when
anything was violated or a state could not be reached. --json writes every transcript.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import List, Optional

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.dialogue import LANGS, POOL, build_states, report, run_all  # noqa: E402


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="one path per question id")
    ap.add_argument("--langs", default=",".join(LANGS), help="comma-separated, default en,es,pt")
    ap.add_argument("--items", default=",".join(POOL), help="pool items to play")
    ap.add_argument("--states", default="", help="only states whose name contains this")
    ap.add_argument("--workers", type=int, default=4, help="conversations played at once")
    ap.add_argument("--by-state", action="store_true", help="also print state x pool item")
    ap.add_argument("--max-details", type=int, default=200)
    ap.add_argument("--json", type=Path, help="write every transcript here")
    ap.add_argument("--base", help="use a running Rasa server (http://host:port) instead")
    args = ap.parse_args(argv)

    langs = [x for x in args.langs.split(",") if x]
    items = [x for x in args.items.split(",") if x]
    unknown = [x for x in items if x not in POOL]
    if unknown:
        ap.error(f"unknown pool items {unknown}; known: {list(POOL)}")
    states = [s for s in build_states(args.quick, langs) if args.states in s.name]
    started = time.monotonic()
    servers = []
    try:
        base = args.base
        if not base:
            from tests.support.servers import MODEL, action_server, rasa_server

            if not MODEL.exists():
                print(f"no trained model at {MODEL}: run `make train` first", file=sys.stderr)
                return 2
            workdir = Path(tempfile.mkdtemp(prefix="dialogue-robustness-"))
            actions = action_server(workdir).start()
            servers.append(actions)
            rasa = rasa_server(
                workdir, actions.health_url.replace("/health", "/webhook"), workdir / "conversations.db"
            ).start()
            servers.append(rasa)
            base = rasa.health_url.rsplit("/", 1)[0]
            print(f"servers up in {time.monotonic() - started:.0f} s (logs in {workdir})")
        t0 = time.monotonic()
        print(
            f"playing {len(states)} states x {len(items)} pool items "
            f"({len(states) * len(items)} conversations, {args.workers} at once)...",
            flush=True,
        )
        convs = run_all(base, states, items, args.workers)
        played = time.monotonic() - t0
    finally:
        for server in reversed(servers):
            server.stop()
    turns = sum(len(c.turns) for c in convs)
    print(
        f"played {len(convs)} conversations, {turns} turns in {played:.0f} s "
        f"({1000 * played / max(turns, 1):.0f} ms/turn wall); total {time.monotonic() - started:.0f} s\n"
    )
    if args.json:
        args.json.write_text(json.dumps([asdict(c) for c in convs], ensure_ascii=False, indent=1))
    problems = report(convs, by_state=args.by_state, max_details=args.max_details)
    print(
        f"\n{'FAIL' if problems else 'OK'}: {problems} problem(s). Definitions: bench/dialogue_robustness.py docstring."
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
