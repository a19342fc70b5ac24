"""A small read-only Graph API client: GET with a deadline, an answer or a safe reason, never a raise.

Why: every Meta check is one or two GETs whose failures look alike (timeout, token
refused, object not visible to the token, Meta down); reading them in one place keeps
the checks to what the answer means. The business's token goes in the Authorization
header, never in a URL; the app token of ``debug_token`` must be a query parameter
(``access_token=APP_ID|APP_SECRET``), so urllib3's debug log of request lines is
filtered here (``redact``) and no URL or exception text is ever kept in a result.

Error bodies, as Meta documents them (Graph API "Handling errors"): ``{"error":
{"message", "type", "code", "error_subcode", "fbtrace_id"}}``; code 190 is an invalid
or expired access token (subcode 463 expired, 460 password changed, 458 app removed,
467 invalid), 10 and 200-299 a missing permission, 100 an unknown field or object,
4/17/32/613/80007 rate limits, 1/2 temporary errors.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Optional

import requests

from account_checks.deadline import Deadline
from account_checks.outcome import (
    BAD_ANSWER,
    NO_PERMISSION,
    NOT_FOUND,
    REFUSED,
    SERVER,
    TIMEOUT,
    UNREACHABLE,
    GraphError,
)

USER_AGENT = "Tickfix-AccountChecks/1"
TOKEN_INVALID = 190
PERMISSION_CODES = frozenset({10, 3, 200}) | frozenset(range(200, 300))
RATE_CODES = frozenset({4, 17, 32, 613, 80007, 130429})
TEMPORARY_CODES = frozenset({1, 2})
UNKNOWN_OBJECT = 100

_SECRET_PARAMS = re.compile(r"((?:access_token|input_token|client_secret)=)[^&\s\"']+", re.I)


def redact(text: Any, secrets: Iterable[Optional[str]] = ()) -> str:
    """``text`` without token query parameters or any of ``secrets``."""
    out = _SECRET_PARAMS.sub(r"\1***", str(text))
    for secret in secrets:
        if secret and len(secret) >= 4:
            out = out.replace(secret, "***")
    return out


class _RedactTokens(logging.Filter):
    """Strips token query parameters from urllib3's request lines before they are logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = _RedactTokens()
for _name in ("urllib3.connectionpool", "requests"):
    _logger = logging.getLogger(_name)
    if _FILTER not in _logger.filters:
        _logger.addFilter(_FILTER)

log = logging.getLogger(__name__)


@dataclass
class GraphReply:
    """One GET's outcome: ``ok`` with ``body``, or a ``reason`` (account_checks.outcome) and
    the Graph error when Meta sent one."""

    ok: bool
    status: Optional[int] = None
    body: Dict[str, Any] = field(default_factory=dict)
    reason: Optional[str] = None
    error: Optional[GraphError] = None
    detail: Optional[str] = None


def read_error(body: Any, secrets: Iterable[Optional[str]] = ()) -> Optional[GraphError]:
    """The Graph error of an error body, or None."""
    err = body.get("error") if isinstance(body, dict) else None
    if not isinstance(err, dict):
        return None

    def number(value: Any) -> Optional[int]:
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    return GraphError(
        code=number(err.get("code")),
        subcode=number(err.get("error_subcode")),
        type=str(err.get("type") or "") or None,
        message=redact(str(err.get("message") or ""), secrets)[:300],
    )


def reason_for(status: int, error: Optional[GraphError]) -> str:
    """Why a Graph error stopped the check (account_checks.outcome's words)."""
    code = error.code if error else None
    if code == TOKEN_INVALID or status == 401:
        return REFUSED
    if code in PERMISSION_CODES or status == 403:
        return NO_PERMISSION
    if code in RATE_CODES or code in TEMPORARY_CODES or status == 429 or status >= 500:
        return SERVER
    if code == UNKNOWN_OBJECT or status == 404:
        return NOT_FOUND
    return BAD_ANSWER


class GraphClient:
    """GETs against one Graph API base with one business token."""

    def __init__(
        self,
        base: str,
        token: Optional[str],
        session: Optional[requests.Session] = None,
        secrets: Iterable[Optional[str]] = (),
    ) -> None:
        self.base = base.rstrip("/")
        self._token = token
        self._session = session or requests.Session()
        self._secrets = tuple(s for s in (token, *secrets) if s)

    def get(
        self,
        path: str,
        params: Optional[Dict[str, Any]] = None,
        deadline: Optional[Deadline] = None,
        bearer: bool = True,
    ) -> GraphReply:
        """GET ``{base}/{path}``; never raises. ``bearer=False``: the caller puts its own
        credentials in ``params`` (debug_token's app token)."""
        deadline = deadline or Deadline()
        if deadline.expired:
            return GraphReply(ok=False, reason=TIMEOUT, detail="no time left")
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if bearer and self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        url = f"{self.base}/{path.lstrip('/')}"
        try:
            response = self._session.get(
                url, params=params or {}, headers=headers, timeout=deadline.timeout(), allow_redirects=False
            )
        except requests.Timeout:
            return self._failed(path, GraphReply(ok=False, reason=TIMEOUT, detail="timed out"))
        except requests.ConnectionError:
            return self._failed(path, GraphReply(ok=False, reason=UNREACHABLE, detail="connection failed"))
        except Exception as exc:  # invalid URL, TLS set-up: the text may hold the URL, so only the type
            return self._failed(path, GraphReply(ok=False, reason=UNREACHABLE, detail=type(exc).__name__))
        try:
            body = response.json()
        except ValueError:
            body = None
        if 200 <= response.status_code < 300 and isinstance(body, dict) and "error" not in body:
            return GraphReply(ok=True, status=response.status_code, body=body)
        error = read_error(body, self._secrets)
        if error is None and 200 <= response.status_code < 300:
            return self._failed(
                path, GraphReply(ok=False, status=response.status_code, reason=BAD_ANSWER, detail="unreadable answer")
            )
        detail = f"HTTP {response.status_code}"
        if error is not None and error.code is not None:
            detail += f", Graph error {error.code}" + (f"/{error.subcode}" if error.subcode else "")
        return self._failed(
            path,
            GraphReply(
                ok=False,
                status=response.status_code,
                reason=reason_for(response.status_code, error),
                error=error,
                body=body if isinstance(body, dict) else {},
                detail=detail,
            ),
        )

    def _failed(self, path: str, reply: GraphReply) -> GraphReply:
        what = path.split("?", 1)[0].strip("/").split("/")[-1] or "?"
        log.warning(
            "account check GET .../%s could not be read: %s (%s)",
            redact(what, self._secrets),
            reply.reason,
            reply.detail,
        )
        return reply
