"""The access token: valid? expired when? which permissions, for which WABAs?

Why: an auth error (190) is fixed differently when the token expired (generate a
system user token), was revoked, lacks whatsapp_business_messaging, or does not cover
this WABA. ``debug_token`` says which, without the user pasting the token anywhere.

Request, as Meta documents it (Graph API reference "Debug-Token /debug_token";
WhatsApp "Permissions"): GET /debug_token?input_token=<the token>, authenticated with
the app token APP_ID|APP_SECRET. The answer is ``{"data": {"app_id", "type" (USER,
SYSTEM_USER, PAGE, APP), "application", "is_valid", "expires_at" (unix time, 0 =
never), "data_access_expires_at", "scopes": [...], "granular_scopes": [{"scope",
"target_ids": [WABA IDs]}], "error": {"code", "subcode", "message"} when invalid}}``.
Without the app's ID and secret, the token is probed instead: a GET of the phone
number with the token itself; a 190 error (subcode 463: expired) tells the same story
more roughly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Dict, List, Optional

from account_checks.deadline import Deadline
from account_checks.graph import TOKEN_INVALID, GraphClient
from account_checks.outcome import BAD_ANSWER, NOT_CONFIGURED, CheckResult
from account_checks.settings import AccountSettings

CHECK = "token"
NEEDED_SCOPES = ("whatsapp_business_management", "whatsapp_business_messaging")
EXPIRED_SUBCODE = 463


@dataclass
class TokenReport:
    valid: bool
    kind: Optional[str] = None  # USER, SYSTEM_USER, PAGE, APP
    expires_at: Optional[datetime] = None  # None: never (or not said)
    scopes: List[str] = field(default_factory=list)
    targets: Dict[str, List[str]] = field(default_factory=dict)  # scope -> WABA ids
    error_code: Optional[int] = None
    error_subcode: Optional[int] = None
    error_message: str = ""
    waba_id: Optional[str] = None  # the WABA the checks use, for covers_waba
    debugged: bool = True  # False: a probe, not debug_token (no scopes known)

    @property
    def expired(self) -> bool:
        if self.error_subcode == EXPIRED_SUBCODE:
            return True
        return not self.valid and self.expires_at is not None and self.expires_at <= datetime.now(timezone.utc)

    @property
    def missing_scopes(self) -> List[str]:
        if not self.debugged:
            return []
        return [s for s in NEEDED_SCOPES if s not in self.scopes]

    @property
    def uncovered_scopes(self) -> List[str]:
        """Needed scopes granted, but not for this WABA (granular_scopes' target_ids)."""
        if not self.debugged or not self.waba_id:
            return []
        return [
            s for s in NEEDED_SCOPES if s in self.scopes and s in self.targets and self.waba_id not in self.targets[s]
        ]

    @property
    def token_type_answer(self) -> Optional[str]:
        """The answer to the bot's token_type question, when the kind says it."""
        if self.kind == "SYSTEM_USER":
            return "system_user"
        if self.kind == "USER" and self.expires_at is not None:
            return "temporary"
        return None


def _when(value: object) -> Optional[datetime]:
    try:
        seconds = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc) if seconds > 0 else None


def read_debug(data: Dict, waba_id: Optional[str] = None) -> TokenReport:
    """debug_token's ``data``, read."""
    error = data.get("error") if isinstance(data.get("error"), dict) else {}
    targets: Dict[str, List[str]] = {}
    for item in data.get("granular_scopes") or []:
        if isinstance(item, dict) and item.get("scope"):
            ids = item.get("target_ids")
            targets[str(item["scope"])] = [str(i) for i in ids] if isinstance(ids, list) else []

    def number(v: object) -> Optional[int]:
        try:
            return int(v)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None

    return TokenReport(
        valid=bool(data.get("is_valid")),
        kind=str(data.get("type") or "").upper() or None,
        expires_at=_when(data.get("expires_at")),
        scopes=[str(s) for s in data.get("scopes") or []],
        targets=targets,
        error_code=number(error.get("code")),
        error_subcode=number(error.get("subcode") or error.get("error_subcode")),
        error_message=str(error.get("message") or "")[:300],
        waba_id=waba_id,
    )


def check_token(
    settings: AccountSettings, deadline: Optional[Deadline] = None, client: Optional[GraphClient] = None
) -> CheckResult:
    """The business token's state; never raises."""
    if not settings.can_check_token:
        return CheckResult.failed(CHECK, NOT_CONFIGURED)
    client = client or GraphClient(settings.graph_base, settings.access_token, secrets=settings.secrets())
    if settings.can_debug_token:
        reply = client.get(
            "debug_token",
            {
                "input_token": settings.access_token,
                "access_token": f"{settings.app_id}|{settings.app_secret}",
            },
            deadline,
            bearer=False,
        )
        if not reply.ok:
            return CheckResult.failed(CHECK, reply.reason or BAD_ANSWER, reply.detail)
        data = reply.body.get("data")
        if not isinstance(data, dict):
            return CheckResult.failed(CHECK, BAD_ANSWER, "no data")
        report = read_debug(data, settings.business_account_id)
        report.error_message = client_redacted(report.error_message, settings)
        return CheckResult(CHECK, True, report)
    # No app credentials: probe the number with the token itself.
    reply = client.get(str(settings.phone_number_id), {"fields": "id"}, deadline)
    if reply.ok:
        return CheckResult(CHECK, True, TokenReport(valid=True, debugged=False))
    if reply.error is not None and reply.error.code == TOKEN_INVALID:
        return CheckResult(
            CHECK,
            True,
            TokenReport(
                valid=False,
                debugged=False,
                error_code=TOKEN_INVALID,
                error_subcode=reply.error.subcode,
                error_message=reply.error.message,
            ),
        )
    return CheckResult.failed(CHECK, reply.reason or BAD_ANSWER, reply.detail)


def client_redacted(text: str, settings: AccountSettings) -> str:
    from account_checks.graph import redact

    return redact(text, settings.secrets())
