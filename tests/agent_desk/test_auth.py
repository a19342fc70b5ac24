"""The token check: Bearer header or the sign-in form's session cookie."""

from __future__ import annotations

from agent_desk import (
    COOKIE_NAME,
    bearer_token,
    cookie_header,
    logout_cookie_header,
    new_session,
    request_authorised,
    same_token,
    session_valid,
)

TOKEN = "s3cret-agent-token"


def test_same_token():
    assert same_token(TOKEN, TOKEN)
    assert not same_token("s3cret-agent-tokeN", TOKEN)
    assert not same_token("", TOKEN) and not same_token(None, TOKEN) and not same_token(TOKEN, None)
    assert not same_token("", "")  # no token set never means open
    assert same_token("tökén", "tökén")


def test_bearer_header():
    assert bearer_token(f"Bearer {TOKEN}") == TOKEN
    assert bearer_token(f"bearer   {TOKEN} ") == TOKEN
    assert bearer_token(f"Basic {TOKEN}") is None
    assert bearer_token("Bearer") is None and bearer_token(None) is None


def test_session_cookie_holds_no_token_and_expires():
    value = new_session(TOKEN, now=1000.0, seconds=60)
    assert TOKEN not in value
    assert session_valid(value, TOKEN, now=1059.0)
    assert not session_valid(value, TOKEN, now=1061.0)  # expired
    assert not session_valid(value, "another-token", now=1000.0)  # a new token signs everyone out
    expires, _, signature = value.partition(".")
    assert not session_valid(f"{int(expires) + 3600}.{signature}", TOKEN, now=1000.0)  # extended by hand
    for junk in ("", "abc", "1.2.3", ".", None, "9" * 40 + ".x"):
        assert not session_valid(junk, TOKEN, now=1000.0)


def test_request_authorised():
    cookie = {COOKIE_NAME: new_session(TOKEN)}
    assert request_authorised({"authorization": f"Bearer {TOKEN}"}, {}, TOKEN)
    assert request_authorised({"Authorization": f"Bearer {TOKEN}"}, {}, TOKEN)
    assert request_authorised({}, cookie, TOKEN)
    assert not request_authorised({}, {}, TOKEN)
    assert not request_authorised({"authorization": "Bearer wrong"}, {}, TOKEN)
    assert not request_authorised({"authorization": f"Bearer {TOKEN}"}, cookie, None)  # no token: closed


def test_cookie_attributes():
    header = cookie_header("v", secure=False)
    assert header.startswith(f"{COOKIE_NAME}=v;")
    for part in ("Path=/agent", "HttpOnly", "SameSite=Strict", "Max-Age=43200"):
        assert part in header
    assert "Secure" not in header and "; Secure" in cookie_header("v", secure=True)
    assert "Max-Age=0" in logout_cookie_header(secure=False)
