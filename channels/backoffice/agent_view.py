"""The agent view: a person answers the conversations handed to them, then hands back.

Why an input channel: Rasa mounts a channel's blueprint on its own web server, next
to the agent and its tracker store, so the agent view needs no second server and
reads and writes the very conversations the bot keeps. It takes no user messages
(``on_new_message`` is never called); what it shows and decides is in agent_desk/.

credentials.yml::

    channels.backoffice.agent_view.AgentViewInput:

Rasa mounts a blueprint at ``urljoin("/webhooks/", url_prefix())``; an absolute
prefix replaces the path, so this one is at ``/agent``:

* ``GET /agent``: the page (conversations waiting for a person, newest first, with
  summary, transcript, reply box and "hand back to the bot"); ``GET
  /agent/conversations/<id>``: one conversation (the handoff notification links here);
* ``GET /agent/api/conversations`` and ``/agent/api/conversations/<id>``: JSON;
* ``POST /agent/api/conversations/<id>/reply`` ``{"text": "...", "agent": "optional name"}``;
* ``POST /agent/api/conversations/<id>/resume``: hand back to the bot.

All behind ``RASA_AUTH_TOKEN`` (the HTTP API's token): ``Authorization: Bearer
<token>``, or the sign-in form's session cookie (agent_desk/auth.py). No token:
401 and no data. When no token is set the view answers 503 and never opens.
The token is read from RASA_AUTH_TOKEN, else from ``--auth-token`` on Rasa's command
line (scripts/rasa_run.py moves it there, out of the environment).

A reply is sent to the user on the channel they last wrote on (that channel's
``get_output_channel()``, as Rasa's ``/conversations/<id>/execute`` does): WhatsApp and
Twilio through their APIs, the website widget over socket.io when the user is
connected; REST users have no push channel and see it in the conversation only.
Once sent, it is stored as a bot message marked as a person's. A reply the provider
refuses (e.g. WhatsApp's 24-hour window) is not stored: the agent sees why (502).

Here are the routes and the token check; what they do to the stored conversations
(list, read, reply, hand back) is in agent_conversations.py.
"""

import asyncio
import functools
import json
import logging
import os
import sys
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Sequence, Text, Tuple
from urllib.parse import unquote, urlsplit

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from agent_desk import (
    Conversation,
    cookie_header,
    logout_cookie_header,
    new_session,
    request_authorised,
    same_token,
)
from agent_desk import page as pages
from channels.backoffice.agent_conversations import AgentConversations
from privacy.masking import mask_id
from privacy.retention import forget, sql_engine

logger = logging.getLogger(__name__)

TOKEN_ENV = "RASA_AUTH_TOKEN"
# The page shows the last messages of each conversation; its own page shows them all.
LIST_TRANSCRIPT = 20

NEEDS_TOKEN = (
    "The agent view needs the server's token: set RASA_AUTH_TOKEN (make run generates one "
    "and prints it). Without it the agent view stays closed."
)

_PAGE_NOTICES = {
    "sent": "Reply sent.",
    "stored": "Reply saved in the conversation (this channel cannot push messages: the user sees it there).",
    "handed_back": "Handed back to the bot.",
}


def token_from(env: Mapping[str, str], argv: Sequence[str]) -> Optional[str]:
    """RASA_AUTH_TOKEN, else the value of ``--auth-token`` in ``argv``; None when neither."""
    value = (env.get(TOKEN_ENV) or "").strip()
    if value:
        return value
    for i, arg in enumerate(argv):
        if arg == "--auth-token" and i + 1 < len(argv):
            return argv[i + 1].strip() or None
        if arg.startswith("--auth-token="):
            return arg.split("=", 1)[1].strip() or None
    return None


class AgentViewInput(AgentConversations, InputChannel):
    """The agent view at ``/agent`` (see the module's doc)."""

    @classmethod
    def name(cls) -> Text:
        return "agent_view"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "AgentViewInput":
        # The token is a secret: from the environment (or Rasa's command line) only.
        return cls()

    def __init__(self, token: Optional[Text] = None) -> None:
        self._token = token

    def url_prefix(self) -> Text:
        return "/agent"

    def token(self) -> Optional[Text]:
        return self._token or token_from(os.environ, sys.argv)

    # -- HTTP ------------------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("tickfix_agent_view", __name__)
        view = self

        def html(body: Text, status: int = 200, headers: Optional[Dict[Text, Text]] = None) -> HTTPResponse:
            return response.html(body, status=status, headers={**pages.SECURITY_HEADERS, **(headers or {})})

        def api_json(body: Any, status: int = 200) -> HTTPResponse:
            return response.json(body, status=status, headers={"Cache-Control": "no-store"})

        def see_other(location: Text, cookie: Optional[Text] = None) -> HTTPResponse:
            headers = dict(pages.SECURITY_HEADERS)
            if cookie:
                headers["Set-Cookie"] = cookie
            return response.redirect(location, headers=headers, status=303)

        def refused(request: Request, api: bool) -> Optional[HTTPResponse]:
            """503 without a token, 401 without the right one, the bot not loaded: 503."""
            token = view.token()
            if not token:
                if api:
                    return api_json({"error": NEEDS_TOKEN}, 503)
                return html(pages.message_page("closed", NEEDS_TOKEN), 503)
            if not request_authorised(request.headers, request.cookies, token):
                if api:
                    res = api_json({"error": "unauthorised: send Authorization: Bearer <RASA_AUTH_TOKEN>"}, 401)
                    res.headers["WWW-Authenticate"] = 'Bearer realm="tickfix-agent"'
                    return res
                return html(pages.login_page(), 401)
            agent = view._agent(request)
            if agent is None or getattr(agent, "tracker_store", None) is None:
                message = "the bot is not loaded yet; try again in a moment"
                return api_json({"error": message}, 503) if api else html(pages.message_page("starting", message), 503)
            return None

        def cross_site(request: Request) -> bool:
            """A form post from another site (the SameSite cookie already stops most).

            Browsers say where a request comes from in Sec-Fetch-Site; the page's
            no-referrer policy makes Chromium send "Origin: null" on its own forms, so
            Origin decides only for browsers that do not send Sec-Fetch-Site.
            """
            fetch_site = request.headers.get("sec-fetch-site")
            if fetch_site:
                return fetch_site not in ("same-origin", "none")
            origin = request.headers.get("origin")
            if not origin or origin == "null":
                return bool(origin)
            return urlsplit(origin).netloc != request.host

        def secure(request: Request) -> bool:
            return request.scheme == "https"

        def show_numbers(request: Request) -> bool:
            return request.args.get("numbers") == "show"

        async def api_body(request: Request) -> Tuple[Optional[Dict[Text, Any]], Optional[Text]]:
            try:
                body = json.loads((request.body or b"{}").decode("utf-8") or "{}")
            except (UnicodeDecodeError, ValueError, RecursionError):
                return None, "the body must be JSON"
            if not isinstance(body, dict):
                return None, "the body must be a JSON object"
            return body, None

        def listed(conversation: Conversation, transcript: bool) -> Dict[Text, Any]:
            return conversation.to_dict(transcript=transcript, display_id=mask_id(conversation.id))

        def guarded(api: bool, form: bool = False) -> Callable[[Any], Any]:
            """A route behind the token (401/503 otherwise), its conversation id unquoted
            (Sanic hands path parameters over still quoted), a page form refused from
            another site."""

            def wrap(handler: Any) -> Any:
                @functools.wraps(handler)
                async def route(request: Request, conversation_id: Optional[Text] = None) -> HTTPResponse:
                    no = refused(request, api=api)
                    if no is not None:
                        return no
                    if form and cross_site(request):
                        return html(pages.message_page("refused", "A form from another site cannot act here."), 403)
                    if conversation_id is None:
                        return await handler(request)
                    return await handler(request, unquote(conversation_id))

                return route

            return wrap

        # -- the page ----------------------------------------------------------------

        @bp.route("/", methods=["GET"])
        @guarded(api=False)
        async def page(request: Request) -> HTTPResponse:
            conversations = await view.waiting(view._agent(request))
            notice = _PAGE_NOTICES.get(request.args.get("done", ""))
            return html(pages.list_page(conversations, show_numbers(request), notice, None, LIST_TRANSCRIPT))

        @bp.route("/conversations/<conversation_id:str>", methods=["GET"])
        @guarded(api=False)
        async def conversation_page(request: Request, conversation_id: Text) -> HTTPResponse:
            conversation = await view.conversation(view._agent(request), conversation_id)
            if conversation is None:
                return html(pages.message_page("not found", "There is no such conversation."), 404)
            notice = _PAGE_NOTICES.get(request.args.get("done", ""))
            return html(pages.conversation_page(conversation, show_numbers(request), notice))

        @bp.route("/conversations/<conversation_id:str>/reply", methods=["POST"])
        @guarded(api=False, form=True)
        async def page_reply(request: Request, conversation_id: Text) -> HTTPResponse:
            status, body = await view.reply(request, conversation_id, request.form.get("text", ""))
            done = "sent" if body.get("delivered_via") else "stored"
            return await after_form(request, conversation_id, status, body, done)

        @bp.route("/conversations/<conversation_id:str>/resume", methods=["POST"])
        @guarded(api=False, form=True)
        async def page_resume(request: Request, conversation_id: Text) -> HTTPResponse:
            status, body = await view.resume(request, conversation_id)
            if status == 200:
                return see_other("/agent?done=handed_back")
            return await after_form(request, conversation_id, status, body, "")

        async def after_form(
            request: Request, conversation_id: Text, status: int, body: Dict[Text, Any], done: Text
        ) -> HTTPResponse:
            path = pages.conversation_path(conversation_id)
            if status == 200:
                return see_other(f"{path}?done={done}")
            conversation = await view.conversation(view._agent(request), conversation_id)
            if conversation is None:
                return html(pages.message_page("not found", "There is no such conversation."), 404)
            return html(pages.conversation_page(conversation, show_numbers(request), None, body.get("error")), status)

        # -- signing in and out ------------------------------------------------------

        @bp.route("/login", methods=["GET"])
        async def login_form(request: Request) -> HTTPResponse:
            if not view.token():
                return html(pages.message_page("closed", NEEDS_TOKEN), 503)
            return html(pages.login_page())

        @bp.route("/login", methods=["POST"])
        async def login(request: Request) -> HTTPResponse:
            token = view.token()
            if not token:
                return html(pages.message_page("closed", NEEDS_TOKEN), 503)
            if not same_token(request.form.get("token", ""), token):
                logger.warning("Agent view: sign-in with a wrong token refused.")
                return html(pages.login_page("That is not the token."), 401)
            return see_other("/agent", cookie_header(new_session(token), secure(request)))

        @bp.route("/logout", methods=["POST"])
        async def logout(request: Request) -> HTTPResponse:
            return see_other("/agent/login", logout_cookie_header(secure(request)))

        # -- the API -----------------------------------------------------------------

        @bp.route("/api/conversations", methods=["GET"])
        @guarded(api=True)
        async def api_list(request: Request) -> HTTPResponse:
            transcript = request.args.get("transcript", "true") != "false"
            conversations = await view.waiting(view._agent(request))
            return api_json({"conversations": [listed(c, transcript) for c in conversations]})

        @bp.route("/api/conversations/<conversation_id:str>", methods=["GET"])
        @guarded(api=True)
        async def api_get(request: Request, conversation_id: Text) -> HTTPResponse:
            conversation = await view.conversation(view._agent(request), conversation_id)
            if conversation is None:
                return api_json({"error": "no such conversation"}, 404)
            return api_json(conversation.to_dict(transcript=True))

        @bp.route("/api/conversations/<conversation_id:str>/reply", methods=["POST"])
        @guarded(api=True)
        async def api_reply(request: Request, conversation_id: Text) -> HTTPResponse:
            body, problem = await api_body(request)
            if body is None:
                return api_json({"error": problem}, 400)
            status, result = await view.reply(request, conversation_id, body.get("text"), body.get("agent"))
            return api_json(result, status)

        @bp.route("/api/conversations/<conversation_id:str>/resume", methods=["POST"])
        @guarded(api=True)
        async def api_resume(request: Request, conversation_id: Text) -> HTTPResponse:
            status, result = await view.resume(request, conversation_id)
            return api_json(result, status)

        @bp.route("/api/conversations/<conversation_id:str>", methods=["DELETE"])
        @guarded(api=True)
        async def api_forget(request: Request, conversation_id: Text) -> HTTPResponse:
            """Erase a conversation (a person's request for their data): `make forget`'s API."""
            agent = view._agent(request)
            engine = sql_engine(agent.tracker_store)
            if engine is None:
                return api_json({"error": "the conversation store is not SQL: erase it there"}, 501)
            async with agent.lock_store.lock(conversation_id):
                loop = asyncio.get_running_loop()
                removed = await loop.run_in_executor(None, forget, engine, conversation_id)
            logger.info("Agent view: conversation %s erased (%d events).", mask_id(conversation_id), removed)
            return api_json({"forgotten": True, "events_removed": removed})

        return bp
