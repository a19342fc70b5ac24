"""The scripted conversations the serving benchmark sends to each bot.

Why: both bots are measured on conversations that exercise what they do; each turn
carries a piece the reply must contain, to catch a bot that answers fast because it
went off the rails. nlu_cost.py parses the same user turns.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

# Each turn: (what the user says, a piece the reply must contain or None).
Turn = Tuple[str, Optional[str]]

STOCK_CONVERSATIONS: List[List[Turn]] = [
    [("hello", "How are you"), ("I am feeling great", "carry on"), ("bye", "Bye")],
    [("hi", "How are you"), ("I am sad", "cheer you up"), ("yes", "carry on")],
    [("hey there", "How are you"), ("my day was horrible", "Did that help"), ("no", "Bye")],
    [("good morning", "How are you"), ("are you a bot?", "I am a bot"), ("amazing", "carry on"), ("goodbye", "Bye")],
    [("hey", "How are you"), ("not good", "cheer you up"), ("of course", "carry on"), ("see you later", "Bye")],
]

TICKFIX_CONVERSATIONS: List[List[Turn]] = [
    # closed 24-hour window, fixed, rated
    [
        ("hi", None),
        ("(#131047) Re-engagement message", "when did"),
        ("3 days ago", "closed"),
        ("yes it worked", "rating"),
        ("5", "5/5"),
    ],
    # open window, then thanks and bye
    [
        ("hello", None),
        ("Twilio error 63016: outside the allowed window", None),
        ("2 hours ago", "still open"),
        ("thanks", None),
        ("bye", None),
    ],
    # template status, did not help -> next cause, then a person
    [
        ("(#132001) Template name does not exist in the translation", None),
        ("approved", None),
        ("no, still failing", "next most likely"),
        ("talk to a person", None),
    ],
    # phone number in the wrong form, corrected, rated
    [
        ("(#100) Invalid parameter: the 'to' phone number is not a valid number", None),
        ("+91 98765 43210", "919876543210"),
        ("yes it worked", "rating"),
        ("4", "4/5"),
    ],
    # media too large
    [
        ("what can you do?", None),
        ("Media size exceeds limit", None),
        ("a video of 20 MB", "16 MB"),
        ("yes", None),
        ("5", "5/5"),
    ],
    # number without country code: the country is asked
    [
        ("Phone number format error", None),
        ("(415) 555-1234", "country"),
        ("United States", "14155551234"),
        ("thank you", None),
    ],
]
