"""The agent page: server-rendered HTML, every value escaped, no script.

Why server-rendered: the page needs nothing a browser's forms cannot do (reply, hand
back, sign in and out), so it works without JavaScript and its Content-Security-Policy
can forbid scripts entirely; what a customer wrote cannot run in the agent's browser.
Every text from a conversation goes through ``html.escape``; conversation ids in links
are URL-quoted. Phone numbers (the WhatsApp and Twilio conversation ids) are masked
with privacy/masking.py unless the agent asks to see them (``?numbers=show``), so a
screenshot of the list does not leak them.
"""

import html
from datetime import datetime, timezone
from typing import Iterable, Optional, Sequence
from urllib.parse import quote

from agent_desk.conversation import Conversation, Message
from agent_desk.events import MAX_REPLY_CHARS
from privacy.masking import mask_id

BASE = "/agent"

# Headers of every agent page: no scripts, no framing, nothing cached or leaked.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1f23}
header{background:#123;color:#fff;padding:.6em 1em;display:flex;gap:1em;align-items:center}
header h1{font-size:1.1em;margin:0;flex:1}header a,header button{color:#fff}
main{max-width:60em;margin:1em auto;padding:0 1em}
section.conv{background:#fff;border-radius:6px;padding:1em;margin-bottom:1.2em;box-shadow:0 1px 2px #0002}
.meta{color:#555;font-size:.9em}.summary{background:#eef3fb;padding:.5em .8em;border-radius:4px}
ol.transcript{list-style:none;padding:0}ol.transcript li{margin:.4em 0;padding:.4em .6em;border-radius:4px;
white-space:pre-wrap}li.user{background:#e8f5e9}li.bot{background:#f1f1f1}li.agent{background:#fff3e0}
.who{font-weight:600;font-size:.85em;display:block}textarea{width:100%;min-height:4em;box-sizing:border-box}
.actions{display:flex;gap:.6em;margin-top:.5em}.notice{background:#fffbe6;padding:.5em;border-radius:4px}
.error{background:#fdecea;padding:.5em;border-radius:4px}
"""

_WHO = {"user": "Customer", "bot": "Tickfix (bot)", "agent": "Person"}


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def conversation_path(conversation_id: str, action: str = "") -> str:
    path = f"{BASE}/conversations/{quote(str(conversation_id), safe='')}"
    return f"{path}/{action}" if action else path


def shown_id(conversation_id: str, show_numbers: bool) -> str:
    """The id as shown: phone numbers masked unless asked for."""
    return str(conversation_id) if show_numbers else mask_id(conversation_id)


def when(timestamp: Optional[float]) -> str:
    if timestamp is None:
        return "unknown"
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _layout(title: str, body: str, signed_in: bool = True) -> str:
    sign_out = (
        f'<form method="post" action="{BASE}/logout"><button type="submit">Sign out</button></form>'
        if signed_in
        else ""
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<meta name="referrer" content="no-referrer"><title>{esc(title)}</title><style>{_STYLE}</style></head>'
        f"<body><header><h1>Tickfix: {esc(title)}</h1>{sign_out}</header><main>{body}</main></body></html>\n"
    )


def _message(message: Message) -> str:
    who = _WHO.get(message.role, message.role)
    if message.role == "agent" and message.agent:
        who = f"Person ({message.agent})"
    return (
        f'<li class="{esc(message.role)}"><span class="who">{esc(who)} · {esc(when(message.at))}</span>'
        f"{esc(message.text)}</li>"
    )


def _summary(conversation: Conversation) -> str:
    summary = conversation.summary
    lines = [f"<li>Problem reported: {esc(summary.problem or 'not given')}</li>"]
    if summary.causes_tried:
        causes = ", ".join(esc(c.get("title") or c.get("id")) for c in summary.causes_tried)
        lines.append(f"<li>Causes checked: {causes}</li>")
    lines += [f"<li>{esc(finding)}</li>" for finding in summary.findings]
    return f'<div class="summary"><strong>Summary</strong><ul>{"".join(lines)}</ul></div>'


def conversation_section(
    conversation: Conversation, show_numbers: bool = False, transcript_limit: Optional[int] = None
) -> str:
    """One conversation: who, summary, transcript, reply box, hand back."""
    messages: Sequence[Message] = list(conversation.transcript)
    cut = ""
    if transcript_limit is not None and len(messages) > transcript_limit:
        cut = (
            f'<p class="meta">{len(messages) - transcript_limit} earlier messages: '
            f'<a href="{esc(conversation_path(conversation.id))}">open the whole conversation</a></p>'
        )
        messages = messages[-transcript_limit:]
    state = "waiting for a person" if conversation.waiting else "with the bot"
    anchor = "c-" + quote(conversation.id, safe="")
    return (
        f'<section class="conv" id="{esc(anchor)}"><h2><a href="{esc(conversation_path(conversation.id))}">'
        f"{esc(shown_id(conversation.id, show_numbers))}</a></h2>"
        f'<p class="meta">{esc(state)} since {esc(when(conversation.waiting_since))} · channel '
        f"{esc(conversation.channel or 'unknown')} · language {esc(conversation.language or 'unknown')}</p>"
        f"{_summary(conversation)}{cut}"
        f'<ol class="transcript">{"".join(_message(m) for m in messages)}</ol>'
        f'<form method="post" action="{esc(conversation_path(conversation.id, "reply"))}">'
        f'<label>Reply to the customer<textarea name="text" required maxlength="{MAX_REPLY_CHARS}"></textarea></label>'
        f'<div class="actions"><button type="submit">Send reply</button></div></form>'
        f'<form method="post" action="{esc(conversation_path(conversation.id, "resume"))}">'
        f'<div class="actions"><button type="submit">Hand back to the bot</button></div></form>'
        "</section>"
    )


def _flash(notice: Optional[str], error: Optional[str]) -> str:
    out = ""
    if notice:
        out += f'<p class="notice" role="status">{esc(notice)}</p>'
    if error:
        out += f'<p class="error" role="alert">{esc(error)}</p>'
    return out


def _numbers_toggle(show_numbers: bool, path: str) -> str:
    if show_numbers:
        return f'<a href="{esc(path)}">Hide phone numbers</a>'
    return f'<a href="{esc(path)}?numbers=show">Show phone numbers</a>'


def list_page(
    conversations: Iterable[Conversation],
    show_numbers: bool = False,
    notice: Optional[str] = None,
    error: Optional[str] = None,
    transcript_limit: int = 20,
) -> str:
    """The conversations waiting for a person, in the order given (newest first)."""
    items = list(conversations)
    head = (
        f'{_flash(notice, error)}<p class="meta">{len(items)} conversation(s) waiting for a person · '
        f'<a href="{BASE}">Refresh</a> · {_numbers_toggle(show_numbers, BASE)}</p>'
    )
    if not items:
        body = head + "<p>Nobody is waiting for a person right now.</p>"
    else:
        body = head + "".join(conversation_section(c, show_numbers, transcript_limit) for c in items)
    return _layout("waiting for a person", body)


def conversation_page(
    conversation: Conversation,
    show_numbers: bool = False,
    notice: Optional[str] = None,
    error: Optional[str] = None,
) -> str:
    """One conversation, its whole transcript."""
    path = conversation_path(conversation.id)
    body = (
        f'{_flash(notice, error)}<p class="meta"><a href="{BASE}">All waiting conversations</a> · '
        f"{_numbers_toggle(show_numbers, path)}</p>" + conversation_section(conversation, show_numbers)
    )
    return _layout("conversation", body)


def login_page(error: Optional[str] = None) -> str:
    body = (
        f"{_flash(None, error)}<p>Sign in with the server's token (<code>RASA_AUTH_TOKEN</code>).</p>"
        f'<form method="post" action="{BASE}/login"><label>Token '
        '<input type="password" name="token" required autocomplete="current-password"></label> '
        '<button type="submit">Sign in</button></form>'
    )
    return _layout("sign in", body, signed_in=False)


def message_page(title: str, text: str) -> str:
    """A page that only says something (the view is off, a conversation is gone...)."""
    return _layout(title, f'<p>{esc(text)}</p><p><a href="{BASE}">Back</a></p>', signed_in=False)
