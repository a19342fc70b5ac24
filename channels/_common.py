"""Plumbing shared by Tickfix's WhatsApp channels (Meta Cloud API and Twilio).

Nothing in here knows about a particular provider: settings lookup, masking for
logs, an in-memory TTL set/dict, a per-sender ordered dispatcher, HTTP sending
with retries off the event loop, text splitting and phone-number metadata.

All state kept here is per process. Several Rasa processes behind a load
balancer each have their own duplicate filter and their own memory.
"""

import asyncio
import concurrent.futures
import logging
import os
import random
import re
import time
from collections import OrderedDict
from typing import (
    Any,
    Awaitable,
    Callable,
    Dict,
    Hashable,
    Iterable,
    List,
    Optional,
    Sequence,
    Text,
    Tuple,
)

import requests

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------


def _is_unset(value: Any) -> bool:
    if value is None:
        return True
    text = str(value).strip()
    # A quoted "${VAR}" in credentials.yml is not expanded by Rasa and arrives
    # literally; treat it as "not given" so the environment fallback applies.
    return not text or "${" in text


def setting(
    credentials: Optional[Dict[Text, Any]],
    key: Text,
    env_name: Text,
    default: Optional[Text] = None,
) -> Optional[Text]:
    """A string setting: credentials.yml first, then the environment, then default."""
    value = (credentials or {}).get(key)
    if _is_unset(value):
        value = os.environ.get(env_name)
    if _is_unset(value):
        return default
    return str(value).strip()


def number_setting(
    credentials: Optional[Dict[Text, Any]],
    key: Text,
    env_name: Text,
    default: float,
    minimum: float = 0.0,
) -> float:
    """A numeric setting; a bad value logs a warning and falls back to default."""
    raw = setting(credentials, key, env_name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except (TypeError, ValueError):
        logger.warning(
            "Setting %s / %s is not a number (%r); using %s.",
            key,
            env_name,
            raw,
            default,
        )
        return default
    return max(minimum, value)


# ---------------------------------------------------------------------------
# Masking for logs
# ---------------------------------------------------------------------------

_LONG_DIGITS = re.compile(r"\+?\d{7,16}")


def mask_id(value: Any) -> Text:
    """Mask a phone number or user id for logs: 919812345610 -> 9198******10."""
    text = str(value or "")
    prefix = ""
    for known in ("whatsapp:", "+"):  # in this order: "whatsapp:+1415..."
        if text.startswith(known):
            prefix += known
            text = text[len(known) :]
    n = len(text)
    if n == 0:
        return prefix
    if n <= 4:
        return prefix + "*" * n
    if n <= 8:
        return prefix + text[:2] + "*" * (n - 4) + text[-2:]
    return prefix + text[:4] + "*" * (n - 6) + text[-2:]


def scrub(text: Any, secrets: Iterable[Optional[Text]] = ()) -> Text:
    """Remove secrets and mask long digit runs (phone numbers) in a log text."""
    out = str(text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            out = out.replace(secret, "***")
    return _LONG_DIGITS.sub(lambda m: mask_id(m.group(0)), out)


# ---------------------------------------------------------------------------
# Bounded in-memory TTL containers
# ---------------------------------------------------------------------------


class TTLDict:
    """A small bounded mapping whose entries expire; oldest entries go first."""

    def __init__(
        self,
        ttl_seconds: float,
        max_items: int = 10000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = float(ttl_seconds)
        self.max_items = max(1, int(max_items))
        self._clock = clock
        self._data: "OrderedDict[Hashable, Tuple[float, Any]]" = OrderedDict()

    def _purge(self) -> None:
        now = self._clock()
        while self._data:
            key, (expires, _) = next(iter(self._data.items()))
            if expires > now:
                break
            self._data.popitem(last=False)

    def set(self, key: Hashable, value: Any) -> None:
        self._purge()
        self._data.pop(key, None)
        self._data[key] = (self._clock() + self.ttl, value)
        while len(self._data) > self.max_items:
            self._data.popitem(last=False)

    def get(self, key: Hashable, default: Any = None) -> Any:
        self._purge()
        item = self._data.get(key)
        return default if item is None else item[1]

    def pop(self, key: Hashable, default: Any = None) -> Any:
        self._purge()
        item = self._data.pop(key, None)
        return default if item is None else item[1]

    def __contains__(self, key: Hashable) -> bool:
        self._purge()
        return key in self._data

    def __len__(self) -> int:
        self._purge()
        return len(self._data)


class TTLSet(TTLDict):
    """Remembers keys for a while; ``add_if_new`` says whether a key is new."""

    def add_if_new(self, key: Hashable) -> bool:
        if key in self:
            return False
        self.set(key, True)
        return True


# ---------------------------------------------------------------------------
# Per-sender ordered processing
# ---------------------------------------------------------------------------


class OrderedDispatcher:
    """Runs jobs in the background, one sender at a time, in arrival order.

    Each sender with pending work has one worker task draining its queue; the
    worker ends as soon as the queue is empty, so idle senders cost nothing.
    Different senders are processed concurrently.
    """

    def __init__(
        self,
        handler: Callable[[Any], Awaitable[Any]],
        describe: Callable[[Hashable], Text] = str,
    ) -> None:
        self._handler = handler
        self._describe = describe
        self._queues: Dict[Hashable, "asyncio.Queue[Any]"] = {}
        self._workers: Dict[Hashable, "asyncio.Future[Any]"] = {}

    def submit(self, key: Hashable, job: Any) -> None:
        """Queue a job; must be called from the event loop's thread."""
        queue = self._queues.get(key)
        if queue is None:
            queue = asyncio.Queue()
            self._queues[key] = queue
            self._workers[key] = asyncio.ensure_future(self._drain(key, queue))
        queue.put_nowait(job)

    async def _drain(self, key: Hashable, queue: "asyncio.Queue[Any]") -> None:
        try:
            while True:
                try:
                    job = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                try:
                    await self._handler(job)
                except asyncio.CancelledError:
                    raise
                except Exception as e:  # never let one message kill the worker
                    logger.error(
                        "Handling a message from %s failed: %s",
                        self._describe(key),
                        type(e).__name__,
                    )
                    logger.debug("Handler failure details", exc_info=True)
        finally:
            # No await between the empty queue and this cleanup, so no job can
            # slip in unseen: a later submit() starts a fresh worker.
            if self._queues.get(key) is queue:
                del self._queues[key]
                del self._workers[key]

    @property
    def pending_senders(self) -> int:
        return len(self._workers)

    async def join(self, timeout: Optional[float] = None) -> bool:
        """Wait until all queued work is done; False when the timeout hit."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._workers:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            done, _ = await asyncio.wait(
                list(self._workers.values()), timeout=remaining
            )
            if not done and remaining is not None:
                return False
        return True


# ---------------------------------------------------------------------------
# HTTP sending with retries, off the event loop
# ---------------------------------------------------------------------------


class RetryPolicy:
    def __init__(
        self,
        attempts: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 8.0,
        timeout: float = 10.0,
    ) -> None:
        self.attempts = max(1, int(attempts))
        self.base_delay = max(0.0, float(base_delay))
        self.max_delay = max(self.base_delay, float(max_delay))
        self.timeout = max(0.1, float(timeout))

    def delay(self, attempt: int, retry_after: Optional[float] = None) -> float:
        """Delay before the next try, after ``attempt`` (1-based) failed."""
        if retry_after is not None and retry_after >= 0:
            return min(self.max_delay, retry_after)
        backoff = self.base_delay * (2 ** (attempt - 1))
        # Full jitter in [50%, 100%] so parallel senders do not retry in step.
        return min(self.max_delay, backoff) * (0.5 + random.random() / 2)


class SendResult:
    def __init__(
        self,
        ok: bool,
        status: Optional[int] = None,
        body: Any = None,
        attempts: int = 0,
        error: Optional[Text] = None,
    ) -> None:
        self.ok = ok
        self.status = status
        self.body = body
        self.attempts = attempts
        self.error = error

    def __repr__(self) -> Text:
        return (
            f"SendResult(ok={self.ok}, status={self.status}, "
            f"attempts={self.attempts}, error={self.error!r})"
        )


def _json_or_text(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text[:500]


def _retry_after(response: requests.Response) -> Optional[float]:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return None


class HttpSender:
    """Sends HTTP requests with ``requests`` in a thread pool, with retries.

    ``is_retryable(response, body)`` decides which failed answers are tried
    again (connection errors and timeouts always are). ``describe_error(body)``
    turns an error body into a short log text. Secrets in ``secrets`` never
    reach the logs; digit runs that look like phone numbers are masked.
    """

    def __init__(
        self,
        policy: RetryPolicy,
        is_retryable: Callable[[requests.Response, Any], bool],
        describe_error: Callable[[Any], Text],
        secrets: Sequence[Optional[Text]] = (),
        max_workers: int = 8,
        service: Text = "API",
    ) -> None:
        self.policy = policy
        self._is_retryable = is_retryable
        self._describe_error = describe_error
        self._secrets = [s for s in secrets if s]
        self._session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(
            pool_connections=max_workers, pool_maxsize=max_workers
        )
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix=f"tickfix-{service}"
        )
        self.service = service

    def close(self) -> None:
        self._executor.shutdown(wait=False)
        self._session.close()

    def _log_text(self, value: Any) -> Text:
        return scrub(value, self._secrets)

    async def send(
        self, method: Text, url: Text, describe: Text, **kwargs: Any
    ) -> SendResult:
        """Send one request; never raises (except on cancellation)."""
        loop = asyncio.get_event_loop()
        kwargs.setdefault("timeout", self.policy.timeout)
        last_error = "not sent"
        last_status: Optional[int] = None
        last_body: Any = None
        for attempt in range(1, self.policy.attempts + 1):
            retry_after = None
            try:
                response = await loop.run_in_executor(
                    self._executor,
                    lambda: self._session.request(method, url, **kwargs),
                )
            except requests.RequestException as e:
                retryable = True
                last_status, last_body = None, None
                last_error = type(e).__name__
            except Exception as e:  # bad arguments and the like: do not retry
                logger.error(
                    "%s: %s could not be sent: %s",
                    self.service,
                    describe,
                    self._log_text(type(e).__name__),
                )
                return SendResult(False, None, None, attempt, type(e).__name__)
            else:
                body = _json_or_text(response)
                if response.status_code < 300:
                    if attempt > 1:
                        logger.info(
                            "%s: %s sent on try %d.", self.service, describe, attempt
                        )
                    return SendResult(True, response.status_code, body, attempt)
                last_status, last_body = response.status_code, body
                last_error = f"HTTP {response.status_code}: " + self._describe_error(
                    body
                )
                retryable = self._is_retryable(response, body)
                retry_after = _retry_after(response)
            if not retryable:
                logger.error(
                    "%s: %s rejected, not retrying (%s).",
                    self.service,
                    describe,
                    self._log_text(last_error),
                )
                return SendResult(False, last_status, last_body, attempt, last_error)
            if attempt < self.policy.attempts:
                delay = self.policy.delay(attempt, retry_after)
                logger.warning(
                    "%s: %s failed on try %d/%d (%s); retrying in %.2fs.",
                    self.service,
                    describe,
                    attempt,
                    self.policy.attempts,
                    self._log_text(last_error),
                    delay,
                )
                await asyncio.sleep(delay)
        logger.error(
            "%s: giving up on %s after %d tries (%s).",
            self.service,
            describe,
            self.policy.attempts,
            self._log_text(last_error),
        )
        return SendResult(False, last_status, last_body, self.policy.attempts, last_error)


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------


def truncate(text: Text, limit: int) -> Text:
    """Cut to ``limit`` characters, marking the cut with an ellipsis."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    if limit <= 1:
        return text[:limit]
    return text[: limit - 1].rstrip() + "\u2026"


def unique_labels(labels: Sequence[Text], limit: int) -> List[Text]:
    """Truncate labels to ``limit`` and make them unique (providers require it)."""
    result: List[Text] = []
    seen = set()
    for label in labels:
        candidate = truncate(label, limit) or "-"
        n = 2
        while candidate.casefold() in seen:
            suffix = f" ({n})"
            candidate = truncate(label, max(1, limit - len(suffix))) + suffix
            n += 1
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def split_text(text: Text, limit: int) -> List[Text]:
    """Split text into chunks of at most ``limit`` characters.

    Prefers paragraph breaks, then line breaks, then sentence ends, then
    spaces, as long as the chunk stays at least half full; cuts hard otherwise.
    """
    text = (text or "").strip()
    chunks: List[Text] = []
    while len(text) > limit:
        cut, skip = limit, 0
        for sep, keep in (("\n\n", 0), ("\n", 0), (". ", 1), (" ", 0)):
            i = text.rfind(sep, 0, limit - keep + 1)
            if i >= limit // 2:
                cut, skip = i + keep, len(sep) - keep
                break
        chunk = text[:cut].rstrip()
        if chunk:
            chunks.append(chunk)
        text = text[cut + skip :].lstrip()
    if text:
        chunks.append(text)
    return chunks


# ---------------------------------------------------------------------------
# Replies for messages the bot cannot read
# ---------------------------------------------------------------------------

CANNOT_READ_REPLIES: Dict[Text, Text] = {
    "image": (
        "I can't read images yet: please paste the error text, "
        "or type what you see."
    ),
    "sticker": (
        "I can't read stickers: please type your question, "
        "or paste the error text you got."
    ),
    "document": (
        "I can't open documents yet: please copy the error message from it "
        "and paste it here."
    ),
    "audio": (
        "I can't listen to voice messages yet: please type your question, "
        "or paste the error text."
    ),
    "video": (
        "I can't watch videos yet: please paste the error text, "
        "or type what you see."
    ),
    "location": (
        "Thanks, but I don't need a location: please paste the error message "
        "you got, or describe which message failed."
    ),
    "contacts": (
        "I can't read contact cards: please type the phone number you were "
        "trying to message, with its country code."
    ),
    "reaction": (
        "Thanks! If you need more help, type your question or paste the "
        "error text."
    ),
    "default": (
        "I can only read text messages: please type your question, "
        "or paste the error text."
    ),
}

CAPTION_NOTE = (
    "I can't see attachments, so I'll only read the text you sent with it."
)

FAILURE_REPLY = (
    "Sorry, something went wrong on my side. Please try again in a minute."
)


def cannot_read_reply(kind: Text) -> Text:
    return CANNOT_READ_REPLIES.get(kind) or CANNOT_READ_REPLIES["default"]


def media_kind_from_content_type(content_type: Optional[Text]) -> Text:
    """Map a MIME type (Twilio's MediaContentType0) to a message kind."""
    ct = (content_type or "").lower()
    if ct == "image/webp":
        return "sticker"
    for kind in ("image", "audio", "video"):
        if ct.startswith(kind + "/"):
            return kind
    if ct in ("text/vcard", "text/x-vcard"):
        return "contacts"
    if ct:
        return "document"
    return "default"


# ---------------------------------------------------------------------------
# Phone-number metadata
# ---------------------------------------------------------------------------


def phone_metadata(number: Optional[Text]) -> Dict[Text, Any]:
    """Best guess of country and time zone(s) from an international number.

    Needs ``phonenumbers``; returns {} without it or for unparsable input.
    """
    digits = re.sub(r"\D", "", str(number or ""))
    if len(digits) < 6:
        return {}
    try:
        import phonenumbers
        from phonenumbers import timezone as pn_timezone
    except ImportError:  # optional dependency
        return {}
    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return {}
    region = phonenumbers.region_code_for_number(
        parsed
    ) or phonenumbers.region_code_for_country_code(parsed.country_code)
    zones = [
        z
        for z in pn_timezone.time_zones_for_number(parsed)
        if z and z != "Etc/Unknown"
    ]
    meta: Dict[Text, Any] = {"calling_code": parsed.country_code}
    if region and region not in ("ZZ", "001"):
        meta["country_code"] = region
    if zones:
        meta["time_zone"] = zones[0]
        meta["time_zones"] = zones
    return meta


def drop_empty(data: Dict[Text, Any]) -> Dict[Text, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}
