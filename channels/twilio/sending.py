"""Posting a message with Twilio's own client (the ``twilio`` package), retried.

Why: Twilio's SDK (installed with Rasa) knows its Messages API: the URL, the form
fields, basic auth, the error bodies (``TwilioRestException``: HTTP status and Twilio
code). Two things it does not do are added here: its host is fixed
(https://api.twilio.com; ``edge``/``region`` only rename it within twilio.com), so a
``TwilioHttpClient`` subclass (twilio_api) re-bases it onto TWILIO_API_BASE (the tests'
stand-in); and its client blocks, so each try runs in the sender's thread pool, off
Rasa's event loop. (Its ``AsyncTwilioHttpClient`` needs an aiohttp session bound to
one event loop and leaks its one-off sessions on a timeout: not worth it for one POST.)
Retried: no answer (timeout, connection), 429, 5xx; never other 4xx (a wrong token).
"""

import logging
from typing import Any, Dict, Optional, Text

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from channels.common.http_sender import BlockingSender, SendResult
from channels.common.text_limits import truncate
from channels.twilio.settings import DEFAULT_API_BASE, TwilioWhatsAppConfig
from retries import Attempt
from twilio_api.client import RebasedHttpClient

# The SDK logs every request's URL and headers at INFO; the channel logs its own outcome.
SDK_LOGGER = logging.getLogger("channels.twilio.sdk")
SDK_LOGGER.setLevel(logging.WARNING)

CREATED = 201  # Twilio answers a created message 201; the SDK raises for anything but 2xx

# Twilio's form fields (what custom JSON may pass through) as the SDK's arguments.
SDK_ARGUMENTS = {
    "From": "from_",
    "To": "to",
    "Body": "body",
    "MediaUrl": "media_url",
    "ContentSid": "content_sid",
    "ContentVariables": "content_variables",
    "PersistentAction": "persistent_action",
}
_ERROR_PREFIX = "Unable to create record: "  # the SDK's words before Twilio's message


def describe_twilio_error(body: Any) -> Text:
    if isinstance(body, dict) and ("code" in body or "message" in body):
        return f"code {body.get('code')}, {truncate(str(body.get('message', '')), 200)}"
    return truncate(str(body), 200)


def is_retryable_status(status: int) -> bool:
    return status == 429 or status >= 500


class TwilioSender(BlockingSender):
    """Creates messages with the SDK's ``Client``; the auth token is kept out of logs."""

    def __init__(self, config: TwilioWhatsAppConfig, max_workers: int = 8) -> None:
        policy = config.retry_policy()
        super().__init__(policy, secrets=[config.auth_token], max_workers=max_workers, service="Twilio")
        self.config = config
        hosts = {DEFAULT_API_BASE: config.api_base or DEFAULT_API_BASE}
        self._http = RebasedHttpClient(hosts, timeout=policy.timeout, logger=SDK_LOGGER)
        self._client: Optional[Client] = None  # made on first use: the SDK refuses a channel left off

    def close(self) -> None:
        super().close()
        if self._http.session is not None:
            self._http.session.close()

    def client(self) -> Client:
        if self._client is None:
            # environment={}: the SDK must not read TWILIO_* (edge, region) from the environment
            self._client = Client(
                self.config.account_sid, self.config.auth_token, http_client=self._http, environment={}
            )
        return self._client

    async def create_message(self, fields: Dict[Text, Any], describe: Text) -> SendResult:
        """Create one message from Twilio's form fields (From, To, Body...)."""
        arguments = {SDK_ARGUMENTS[k]: v for k, v in fields.items() if k in SDK_ARGUMENTS}
        client = self.client()
        return await self.run(lambda number: self._create_once(client, number, arguments), describe)

    @staticmethod
    def _create_once(client: Client, number: int, arguments: Dict[Text, Any]) -> Attempt[SendResult]:
        try:
            message = client.messages.create(**arguments)
        except requests.RequestException as e:  # no answer (timeout, connection): try again
            return Attempt(SendResult(False, None, None, number, type(e).__name__), retry=True)
        except TwilioRestException as e:
            status = int(e.status or 0)
            body = {"code": e.code, "message": _message(e), "status": status}
            error = f"HTTP {status}: " + describe_twilio_error(body)
            return Attempt(SendResult(False, status, body, number, error), retry=is_retryable_status(status))
        return Attempt(SendResult(True, CREATED, {"sid": message.sid, "status": message.status}, number))


def _message(error: TwilioRestException) -> Optional[Text]:
    text = str(error.msg or "")
    return text[len(_ERROR_PREFIX) :] if text.startswith(_ERROR_PREFIX) else text
