"""Talking to Chatwoot's Application API as the agent bot: replies, private notes, status.

Why: a reply or a handoff that fails silently is a user left waiting, and a client
that raises breaks the turn or the action. So every call is tried again with backoff
(the shared retry loop, ``retries``) when trying again can help (connection errors,
timeouts, 429, 5xx), never when it cannot (other 4xx: a wrong token, a conversation that
does not exist), and ends in an ``Outcome`` instead of an exception. The bot's token travels only in the
``api_access_token`` header and is scrubbed from every log line and error text.

Calls are synchronous (``requests``): the input channel runs them in a thread pool,
the action server runs the handoff off its event loop.

Endpoints (Chatwoot's documented Application API, developers.chatwoot.com,
api-reference/messages/create-new-message and api-reference/conversations/toggle-status):

* ``POST {url}/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages``
  with ``{"content", "message_type": "outgoing", "private", "content_type",
  "content_attributes"}``; a private note is ``"private": true``;
* ``POST {url}/api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_status``
  with ``{"status": "open" | "resolved" | "pending" | "snoozed"}``.
"""

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional

import requests

from chatwoot.conversation import ConversationRef
from chatwoot.settings import ChatwootSettings
from privacy.masking import scrub
from retries import Attempt, RetryPolicy
from retries import call as retry_call

logger = logging.getLogger(__name__)

STATUSES = ("open", "resolved", "pending", "snoozed")
USER_AGENT = "Tickfix-Chatwoot/1"


@dataclass
class Outcome:
    """What came of one API call, after all its tries."""

    ok: bool
    status: Optional[int] = None  # the last HTTP status, if any answer came
    attempts: int = 0
    error: Optional[str] = None  # short and safe to log: no token
    body: Any = field(default=None, repr=False)  # Chatwoot's answer (may hold a user's text)
    seconds: float = 0.0


def _retryable(status: int) -> bool:
    return status == 429 or 500 <= status <= 599


def _body(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text[:300]


def _describe_error(body: Any) -> str:
    if isinstance(body, dict):
        for key in ("message", "error", "errors"):
            if body.get(key):
                return str(body[key])[:200]
    return str(body or "")[:200]


class ChatwootClient:
    """The API calls Tickfix makes, with retries; none of them raises."""

    def __init__(
        self,
        settings: ChatwootSettings,
        session: Optional[requests.Session] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._session = session or requests.Session()
        self._sleep = sleep

    def close(self) -> None:
        self._session.close()

    def conversation_url(self, ref: ConversationRef) -> str:
        return f"{self.settings.url}/api/v1/accounts/{ref.account_id}/conversations/{ref.conversation_id}"

    # -- the calls -----------------------------------------------------------------

    def send_message(
        self,
        ref: ConversationRef,
        content: str,
        private: bool = False,
        content_type: Optional[str] = None,
        content_attributes: Optional[Dict[str, Any]] = None,
    ) -> Outcome:
        """Post a message the contact sees (``private=False``) or a note only agents see."""
        body: Dict[str, Any] = {"content": content, "message_type": "outgoing", "private": bool(private)}
        if content_type:
            body["content_type"] = content_type
        if content_attributes is not None:
            body["content_attributes"] = content_attributes
        what = "private note" if private else (content_type or "text") + " message"
        return self._post(f"{self.conversation_url(ref)}/messages", body, f"{what} to conversation {_name(ref)}")

    def send_note(self, ref: ConversationRef, text: str) -> Outcome:
        return self.send_message(ref, text, private=True)

    def set_status(self, ref: ConversationRef, status: str) -> Outcome:
        """Set the conversation's status; "open" hands it to the team's agents."""
        if status not in STATUSES:
            return Outcome(ok=False, error=f"unknown status {status!r}")
        return self._post(
            f"{self.conversation_url(ref)}/toggle_status",
            {"status": status},
            f"status {status} of conversation {_name(ref)}",
        )

    # -- sending with retries ----------------------------------------------------------

    def policy(self) -> RetryPolicy:
        """The settings' tries and backoff (jittered), as the shared retry policy."""
        s = self.settings
        # a base above the cap waits the cap, as min(cap, base * 2**n) always did
        return RetryPolicy(
            attempts=s.max_attempts,
            base_delay=min(s.retry_base_delay, s.retry_max_delay),
            max_delay=s.retry_max_delay,
            timeout=s.request_timeout,
        )

    def _post(self, url: str, body: Dict[str, Any], describe: str) -> Outcome:
        settings = self.settings
        headers = {
            "api_access_token": settings.bot_token,
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
        }
        start = time.monotonic()
        result = Outcome(ok=False)

        def attempt(number: int) -> Attempt[Outcome]:
            result.attempts = number
            try:
                response = self._session.post(
                    url, json=body, headers=headers, timeout=settings.request_timeout, allow_redirects=False
                )
            except requests.Timeout:
                result.status, result.error = None, "timed out"
                return Attempt(result, retry=True)
            except requests.ConnectionError:
                result.status, result.error = None, "connection failed"
                return Attempt(result, retry=True)
            except Exception as exc:  # an invalid URL and the like: another try will not help
                result.status, result.error = None, f"request failed: {type(exc).__name__}"
                return Attempt(result)
            result.status, result.body = response.status_code, _body(response)
            if 200 <= response.status_code < 300:
                result.ok, result.error = True, None
                return Attempt(result)
            result.error = f"HTTP {response.status_code}: {_describe_error(result.body)}"
            if not _retryable(response.status_code):
                return Attempt(result)
            return Attempt(result, retry=True, retry_after=_retry_after(response))

        def on_retry(failed: Attempt[Outcome], number: int, delay: float) -> None:
            logger.warning(
                "Chatwoot: %s failed on try %d/%d (%s); retrying in %.2fs.",
                describe,
                number,
                settings.max_attempts,
                self._safe(result.error),
                delay,
            )

        retry_call(attempt, self.policy(), on_retry, sleep=self._sleep)
        result.seconds = time.monotonic() - start
        if result.ok:
            if result.attempts > 1:
                logger.info("Chatwoot: %s sent on try %d.", describe, result.attempts)
            return result
        result.error = self._safe(result.error or "not sent")
        logger.error(
            "Chatwoot: %s NOT sent after %d %s: %s",
            describe,
            result.attempts,
            "try" if result.attempts == 1 else "tries",
            result.error,
        )
        return result

    def _safe(self, text: Optional[str]) -> str:
        return scrub(text or "", self.settings.secrets)


def _retry_after(response: requests.Response) -> Optional[float]:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


def _name(ref: ConversationRef) -> str:
    return f"{ref.account_id}/{ref.conversation_id}"
