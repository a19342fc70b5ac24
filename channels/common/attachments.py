"""A file the user sent (a campaign export: CSV, TSV, plain text) read as text.

Why: marketers send the export of a failed campaign as the file their provider
gave them, not as a paste. The diagnosis reads exports from text
(diagnosis/campaign/export.py), so the channel turns a small text file
into the message's text, as if it had been pasted; anything else (a PDF, an
image, a file too big, a download that fails) keeps today's "I can't read this
kind of message" notice. The providers differ only in how the bytes are fetched
(Meta: the media id through the Graph API; Twilio: the MediaUrl with the
account's credentials): each channel does that, and this module holds what they
share: which files are read, the size cap, the streaming download and the
decoding.
"""

import json
import logging
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Text, Tuple

import requests

logger = logging.getLogger(__name__)

# The largest file read: an export of ~20,000 rows. Bigger files get the notice.
MAX_BYTES = 2_000_000
TIMEOUT_SECONDS = 10.0

# Text formats a campaign export comes in. Excel's own .xlsx is a zip: not read.
TEXT_TYPES = frozenset(
    {
        "text/csv",
        "text/plain",
        "text/tab-separated-values",
        "text/comma-separated-values",
        "application/csv",
    }
)
# Sent for .csv files by Windows browsers and some phones: read only with a .csv/.tsv/.txt name.
AMBIGUOUS_TYPES = frozenset({"application/vnd.ms-excel", "application/octet-stream"})
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


@dataclass(frozen=True)
class Attachment:
    """Where a file the user sent can be fetched from, and what it says it is."""

    mime_type: Text
    filename: Optional[Text] = None
    media_id: Optional[Text] = None  # Meta: fetched through the Graph API
    url: Optional[Text] = None  # Twilio: MediaUrl0


def readable(mime_type: Optional[Text], filename: Optional[Text] = None) -> bool:
    """Is this a text file worth fetching (by its type, or its name when the type is vague)?"""
    kind = (mime_type or "").split(";")[0].strip().lower()
    if kind in TEXT_TYPES:
        return True
    name = (filename or "").strip().lower()
    return kind in AMBIGUOUS_TYPES and name.endswith(TEXT_SUFFIXES)


def decode(data: bytes) -> Optional[Text]:
    """The file's text, or None when it is not text (binary, empty).

    UTF-8 (with or without Excel's BOM), UTF-16 with a BOM, else Windows-1252,
    which is what spreadsheet programs write in the Americas.
    """
    if not data:
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    else:
        if b"\x00" in data[:4096]:
            return None  # binary
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def fetch(
    session: requests.Session,
    url: Text,
    headers: Optional[Mapping[Text, Text]] = None,
    auth: Optional[Tuple[Text, Text]] = None,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT_SECONDS,
) -> Tuple[Optional[bytes], Text]:
    """(the body, "") or (None, why): streamed, and given up past ``max_bytes``.

    Blocking (requests): call it from a worker thread. Never raises.
    """
    try:
        with session.get(url, headers=dict(headers or {}), auth=auth, timeout=timeout, stream=True) as response:
            if response.status_code >= 300:
                return None, f"HTTP {response.status_code}"
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                return None, "too big"
            body = bytearray()
            for chunk in response.iter_content(chunk_size=65536):
                body.extend(chunk)
                if len(body) > max_bytes:
                    return None, "too big"
            return bytes(body), ""
    except requests.RequestException as e:
        return None, type(e).__name__
    except Exception as e:  # a bad URL and the like
        return None, type(e).__name__


def json_of(
    session: requests.Session, url: Text, headers: Mapping[Text, Text], timeout: float = TIMEOUT_SECONDS
) -> Tuple[Optional[Any], Text]:
    """A small JSON answer (e.g. Graph API's media object), or (None, why). Never raises."""
    body, why = fetch(session, url, headers=headers, max_bytes=100_000, timeout=timeout)
    if body is None:
        return None, why
    try:
        return json.loads(body.decode("utf-8")), ""
    except ValueError:
        return None, "not JSON"
