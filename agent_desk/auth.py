"""Who may use the agent view: whoever holds the HTTP API's token.

Why: the agent view shows whole conversations (phone numbers, what customers wrote)
and sends messages in the company's name, so it is as closed as Rasa's HTTP API and
uses the same secret, ``RASA_AUTH_TOKEN``. Tools send ``Authorization: Bearer <token>``;
a person signs in once with a form that takes the token and gets a session cookie
(HttpOnly: scripts cannot read it; SameSite=Strict: other sites cannot make the
browser use it, which is what keeps the page's forms safe from cross-site posts).
The cookie holds no token: an expiry time and its HMAC under the token, so changing
the token signs everyone out. Every comparison takes constant time.
"""

import hashlib
import hmac
import time
from typing import Any, Mapping, Optional

COOKIE_NAME = "tickfix_agent"
COOKIE_PATH = "/agent"
SESSION_SECONDS = 12 * 3600


def same_token(given: Any, expected: Optional[str]) -> bool:
    """Constant-time comparison; False when either is missing or empty."""
    if not isinstance(given, str) or not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def bearer_token(header: Any) -> Optional[str]:
    """The token of ``Authorization: Bearer <token>``, else None."""
    if not isinstance(header, str):
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def _signature(token: str, expires: int) -> str:
    return hmac.new(token.encode("utf-8"), f"tickfix-agent-session:{expires}".encode(), hashlib.sha256).hexdigest()


def new_session(token: str, now: Optional[float] = None, seconds: int = SESSION_SECONDS) -> str:
    """A session cookie's value: ``<expires>.<HMAC-SHA256 under the token>``."""
    expires = int((time.time() if now is None else now) + seconds)
    return f"{expires}.{_signature(token, expires)}"


def session_valid(value: Any, token: Optional[str], now: Optional[float] = None) -> bool:
    """True for an unexpired session made with this token."""
    if not isinstance(value, str) or not token:
        return False
    expires_text, _, signature = value.partition(".")
    if not expires_text.isdigit() or len(expires_text) > 12:
        return False
    expires = int(expires_text)
    if expires < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(signature.encode("utf-8"), _signature(token, expires).encode("utf-8"))


def request_authorised(headers: Mapping[str, Any], cookies: Mapping[str, Any], token: Optional[str]) -> bool:
    """A bearer token equal to ``token``, or a valid session cookie."""
    if not token:
        return False
    header = headers.get("authorization") or headers.get("Authorization")
    if same_token(bearer_token(header), token):
        return True
    return session_valid(cookies.get(COOKIE_NAME), token)


def cookie_header(value: str, secure: bool, max_age: int = SESSION_SECONDS, path: str = COOKIE_PATH) -> str:
    """The ``Set-Cookie`` value of a session (``path``: the pages it opens; the report uses /report)."""
    parts = [f"{COOKIE_NAME}={value}", f"Path={path}", f"Max-Age={int(max_age)}", "HttpOnly", "SameSite=Strict"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def logout_cookie_header(secure: bool, path: str = COOKIE_PATH) -> str:
    """The ``Set-Cookie`` value that ends a session."""
    return cookie_header("", secure, max_age=0, path=path)
