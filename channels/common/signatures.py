"""Checking that a webhook call really comes from Meta or from Twilio.

Why: the webhooks are public URLs; without these checks anyone could speak
to the bot as any user. Meta signs the raw body (``X-Hub-Signature-256``),
Twilio signs the URL it called plus the form fields (``X-Twilio-Signature``),
so Twilio's check needs the public URL as Twilio saw it; it is Twilio's own SDK
validator (the `twilio` package comes with Rasa), not a copy of its algorithm.
"""

import hashlib
import hmac
from typing import Dict, List, Optional, Text

from sanic.request import Request
from twilio.request_validator import RequestValidator


def meta_signature_valid(app_secret: Optional[Text], body: bytes, header: Optional[Text]) -> bool:
    """``X-Hub-Signature-256``: "sha256=" + HMAC-SHA256 of the raw body."""
    if not header or not app_secret:
        return False
    expected = "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    given = header.strip().lower().encode("ascii", "replace")
    return hmac.compare_digest(expected.encode("ascii"), given)


class _Form(dict):
    """Form fields as name -> [values], read the way Twilio's validator reads a MultiDict."""

    def getall(self, name: Text) -> List[Text]:
        return list(self[name])


def twilio_signature(auth_token: Text, url: Text, params: Dict[Text, List[Text]]) -> Text:
    """Twilio's X-Twilio-Signature for this URL and form (the SDK's own computation)."""
    return RequestValidator(auth_token).compute_signature(url, _Form(params))


def twilio_signature_valid(
    auth_token: Optional[Text],
    url: Text,
    params: Dict[Text, List[Text]],
    signature: Optional[Text],
) -> bool:
    """Twilio's SDK validator: the URL with and without its default port (Twilio signs
    either), the fields sorted, compared in constant time. Never raises."""
    if not signature or not auth_token:
        return False
    try:
        return bool(RequestValidator(auth_token).validate(url, _Form(params), signature.strip()))
    except Exception:  # an odd URL or field from a forged request
        return False


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
