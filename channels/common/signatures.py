"""Checking that a webhook call really comes from Meta or from Twilio.

Why: the webhooks are public URLs; without these checks anyone could speak
to the bot as any user. Meta signs the raw body (``X-Hub-Signature-256``),
Twilio signs the URL it called plus the form fields (``X-Twilio-Signature``),
so Twilio's check needs the public URL as Twilio saw it.
"""

import base64
import hashlib
import hmac
from typing import Dict, List, Optional, Text
from urllib.parse import urlsplit, urlunsplit

from sanic.request import Request


def meta_signature_valid(
    app_secret: Optional[Text], body: bytes, header: Optional[Text]
) -> bool:
    """``X-Hub-Signature-256``: "sha256=" + HMAC-SHA256 of the raw body."""
    if not header or not app_secret:
        return False
    expected = "sha256=" + hmac.new(
        app_secret.encode("utf-8"), body, hashlib.sha256
    ).hexdigest()
    given = header.strip().lower().encode("ascii", "replace")
    return hmac.compare_digest(expected.encode("ascii"), given)


def twilio_signature(auth_token: Text, url: Text, params: Dict[Text, List[Text]]) -> Text:
    """Twilio's X-Twilio-Signature: base64 HMAC-SHA1 of URL + sorted name/values."""
    data = url
    for name in sorted(params):
        for value in sorted(set(params[name])):  # as Twilio's own SDK does
            data += name + value
    digest = hmac.new(auth_token.encode("utf-8"), data.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def _url_variants(url: Text) -> List[Text]:
    """The URL with and without the default port (Twilio is inconsistent)."""
    parts = urlsplit(url)
    variants = [url]
    default_port = 443 if parts.scheme == "https" else 80
    host = parts.hostname or ""
    if parts.port is None:
        variants.append(urlunsplit(parts._replace(netloc=f"{parts.netloc}:{default_port}")))
    elif parts.port == default_port:
        netloc = parts.netloc.rsplit(":", 1)[0]
        variants.append(urlunsplit(parts._replace(netloc=netloc)))
    return variants if host else [url]


def twilio_signature_valid(
    auth_token: Optional[Text],
    url: Text,
    params: Dict[Text, List[Text]],
    signature: Optional[Text],
) -> bool:
    if not signature or not auth_token:
        return False
    given = signature.strip().encode("utf-8")
    return any(
        hmac.compare_digest(
            twilio_signature(auth_token, candidate, params).encode("utf-8"), given
        )
        for candidate in _url_variants(url)
    )


def public_url(request: Request, configured: Optional[Text] = None) -> Text:
    """The URL Twilio called: the configured one, else rebuilt from the request.

    The rebuilt URL honours ``X-Forwarded-Proto``/``X-Forwarded-Host`` set by
    a proxy in front of Rasa.
    """
    query = request.query_string
    if configured:
        url = configured
        if query and "?" not in url:
            url += "?" + query
        return url
    headers = request.headers
    proto = headers.get("X-Forwarded-Proto") or request.scheme or "http"
    host = headers.get("X-Forwarded-Host") or headers.get("Host") or request.host
    proto, host = proto.split(",")[0].strip(), host.split(",")[0].strip()
    url = f"{proto}://{host}{request.path}"
    return url + ("?" + query if query else "")
