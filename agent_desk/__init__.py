"""The agent view's logic: what a person taking over a conversation sees and may do.

Why a package of its own: the agent view (channels/backoffice/agent_view.py) is a thin Sanic
layer over Rasa's tracker store; what it shows and decides is plain Python over the
tracker's JSON (plain dicts), tested without Rasa. No Rasa imports here.

* ``conversation``: a stored conversation read into what an agent needs (waiting
  since, channel, language, summary, transcript, agent replies).
* ``events``: the events an agent's reply and a hand-back append (as tracker JSON).
* ``auth``: the token check (``Authorization: Bearer``, or the login form's cookie).
* ``waiting_notice``: at most one "a person will answer here soon" per few minutes.
* ``page``: the agent page's HTML, every value escaped.
"""

from agent_desk.auth import (
    COOKIE_NAME,
    bearer_token,
    cookie_header,
    logout_cookie_header,
    new_session,
    request_authorised,
    same_token,
    session_valid,
)
from agent_desk.conversation import HANDED_OFF_SLOT, Conversation, Message, Summary, read_conversation
from agent_desk.events import AGENT_MARK, agent_reply_event, clean_reply_text, is_agent_reply, resume_events
from agent_desk.waiting_notice import WaitingNotices

__all__ = [
    "AGENT_MARK",
    "COOKIE_NAME",
    "HANDED_OFF_SLOT",
    "Conversation",
    "Message",
    "Summary",
    "WaitingNotices",
    "agent_reply_event",
    "bearer_token",
    "clean_reply_text",
    "cookie_header",
    "is_agent_reply",
    "logout_cookie_header",
    "new_session",
    "read_conversation",
    "request_authorised",
    "resume_events",
    "same_token",
    "session_valid",
]
