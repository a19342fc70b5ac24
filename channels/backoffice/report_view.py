"""The failure report at ``/report``: what failed, why, and whom to retry.

Why an input channel: Rasa mounts a channel's blueprint on its own web server, so the
report needs no second server (as the agent view, channels/backoffice/agent_view.py). It takes no
user messages. What it shows is built by failure_watch (plain Python) from the store
the webhooks fill (channels/common/failure_ingest.py).

credentials.yml::

    channels.backoffice.report_view.ReportViewInput:

* ``GET /report``: the page: failures over time by cause (an SVG chart drawn on the
  server), the top causes with their fix in one line, account events (templates paused,
  quality dropped), recipients by retry advice. ``?days=1|7|30`` (default 7),
  ``?lang=en|es|pt``, ``?numbers=show`` to see the numbers unmasked;
* ``GET /report/retry.csv?advice=now|later|never``: those recipients as CSV (masked
  unless ``numbers=show``);
* ``GET /report/api/summary``: the counts as JSON (no numbers).

Behind the agent view's token (``RASA_AUTH_TOKEN``, agent_desk/auth.py): ``Authorization:
Bearer <token>``, or the sign-in form's session cookie. No token: 401 and no data; no
token set on the server: 503, closed. The queries run in a worker thread, off the chat's
event loop.
"""

import asyncio
import logging
import os
import sys
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from agent_desk import cookie_header, logout_cookie_header, new_session, request_authorised, same_token
from channels.backoffice.agent_view import NEEDS_TOKEN, token_from
from failure_watch import page as pages
from failure_watch import queries, report, settings
from failure_watch.events import ADVICES
from failure_watch.store import Store

logger = logging.getLogger(__name__)

PATH = "/report"
RANGES = {"1": 1, "7": 7, "30": 30}
CSV_LIMIT = 200000


class ReportViewInput(InputChannel):
    """The failure report at ``/report`` (see the module's doc)."""

    @classmethod
    def name(cls) -> Text:
        return "report_view"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "ReportViewInput":
        return cls()  # the token is a secret: from the environment (or Rasa's command line) only

    def __init__(self, token: Optional[Text] = None, store: Optional[Store] = None) -> None:
        self._token = token
        self._store = store

    def url_prefix(self) -> Text:
        return PATH

    def token(self) -> Optional[Text]:
        return self._token or token_from(os.environ, sys.argv)

    def store(self) -> Store:
        if self._store is None:
            self._store = Store.from_settings(settings.from_env())
        return self._store

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("tickfix_report_view", __name__)
        view = self

        def html(body: Text, status: int = 200, headers: Optional[Dict[Text, Text]] = None) -> HTTPResponse:
            return response.html(body, status=status, headers={**pages.SECURITY_HEADERS, **(headers or {})})

        def refused(request: Request, kind: Text = "page") -> Optional[HTTPResponse]:
            token = view.token()
            if not token:
                if kind == "page":
                    return html(pages.message_page("Closed", NEEDS_TOKEN), 503)
                return response.json({"error": NEEDS_TOKEN}, status=503)
            if request_authorised(request.headers, request.cookies, token):
                return None
            if kind == "page":
                return html(pages.login_page(), 401)
            res = response.json({"error": "unauthorised: send Authorization: Bearer <RASA_AUTH_TOKEN>"}, status=401)
            res.headers["WWW-Authenticate"] = 'Bearer realm="tickfix-report"'
            return res

        def window(request: Request) -> Dict[Text, Any]:
            days = RANGES.get(request.args.get("days", "7"), 7)
            end = int(time.time()) + 1
            return {"start": end - days * queries.DAY, "end": end, "lang": request.args.get("lang", "en")}

        async def off_loop(fn: Callable[..., Any], *args: Any) -> Any:
            return await asyncio.get_running_loop().run_in_executor(None, fn, *args)

        def show_numbers(request: Request) -> bool:
            return request.args.get("numbers") == "show"

        @bp.route("/", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            no = refused(request)
            if no is not None:
                return no
            w = window(request)
            built = await off_loop(lambda: report.build(view.store(), w["start"], w["end"], lang=w["lang"], fast=True))
            params = {k: request.args.get(k, "") for k in ("days", "lang")}
            return html(pages.report_page(built, show_numbers(request), params))

        @bp.route("/retry.csv", methods=["GET"])
        async def retry_csv(request: Request) -> HTTPResponse:
            no = refused(request, "api")
            if no is not None:
                return no
            advice = request.args.get("advice", "now")
            if advice not in ADVICES:
                return response.json({"error": "advice must be now, later or never"}, status=400)
            w = window(request)

            def rows() -> Any:
                view.store().ensure_schema()
                return queries.retry_table(view.store(), advice, w["start"], w["end"], limit=CSV_LIMIT)

            body = pages.retry_csv(await off_loop(rows), show_numbers(request), w["lang"])
            return response.text(
                body,
                content_type="text/csv; charset=utf-8",
                headers={
                    "Content-Disposition": f'attachment; filename="retry-{advice}.csv"',
                    "Cache-Control": "no-store",
                },
            )

        @bp.route("/api/summary", methods=["GET"])
        async def summary(request: Request) -> HTTPResponse:
            no = refused(request, "api")
            if no is not None:
                return no
            w = window(request)
            built = await off_loop(
                lambda: report.build(view.store(), w["start"], w["end"], lang=w["lang"], rows_per_advice=0, fast=True)
            )
            return response.json(
                {
                    "start": built.start,
                    "end": built.end,
                    "total": built.total,
                    "causes": [
                        {"cause": c.cause, "failures": c.failures, "title": c.title, "fix": c.fix, "advice": c.advice}
                        for c in built.causes
                    ],
                    "retry": {a: {"failures": f} for a, (f, _) in built.retry_totals.items()},
                    "account_events": [
                        {k: e[k] for k in ("at", "kind", "subject", "event", "detail")} for e in built.account_events
                    ],
                },
                headers={"Cache-Control": "no-store"},
            )

        @bp.route("/login", methods=["GET"])
        async def login_form(request: Request) -> HTTPResponse:
            if not view.token():
                return html(pages.message_page("Closed", NEEDS_TOKEN), 503)
            return html(pages.login_page())

        @bp.route("/login", methods=["POST"])
        async def login(request: Request) -> HTTPResponse:
            token = view.token()
            if not token:
                return html(pages.message_page("Closed", NEEDS_TOKEN), 503)
            if not same_token(request.form.get("token", ""), token):
                logger.warning("Report: sign-in with a wrong token refused.")
                return html(pages.login_page("That is not the token."), 401)
            cookie = cookie_header(new_session(token), request.scheme == "https", path=PATH)
            return response.redirect(PATH, headers={**pages.SECURITY_HEADERS, "Set-Cookie": cookie}, status=303)

        @bp.route("/logout", methods=["POST"])
        async def logout(request: Request) -> HTTPResponse:
            cookie = logout_cookie_header(request.scheme == "https", path=PATH)
            return response.redirect(
                PATH + "/login", headers={**pages.SECURITY_HEADERS, "Set-Cookie": cookie}, status=303
            )

        return bp
