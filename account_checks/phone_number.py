"""The business phone number: registered? quality? messaging limit? can it send?

Why: messaging_limit, spam_rate_limit, account_restricted and number_not_registered all
turn on the number's own state, which the bot otherwise asks about ("what tier are
you on?", "what quality does the number show?"). One GET answers them.

Request, as Meta documents it (WhatsApp Business Management API, "Phone numbers";
GET /{PHONE_NUMBER_ID}?fields=...): status (CONNECTED, PENDING, FLAGGED, RESTRICTED,
DISCONNECTED, BANNED...), quality_rating (GREEN, YELLOW, RED, UNKNOWN/NA), name_status
(APPROVED, PENDING_REVIEW, DECLINED, NONE...), code_verification_status (VERIFIED,
NOT_VERIFIED, EXPIRED), platform_type (CLOUD_API, ON_PREMISE, NOT_APPLICABLE: not
registered), throughput ({"level": STANDARD|HIGH|NOT_APPLICABLE}),
whatsapp_business_manager_messaging_limit (TIER_250, TIER_2K...; it replaced the
deprecated messaging_limit_tier) and health_status (account_checks.health). Sources read:
developers.facebook.com "Messaging limits" and "Health status", the PhoneNumber JSON schema
in api-evangelist/whatsapp. Each TIER_ value's limit, and the messaging_tier answer it
gives, are platform facts (`messaging_limit` in diagnosis/knowledge_base/platform.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from diagnosis.platform import platform

from account_checks.deadline import Deadline
from account_checks.graph import GraphClient
from account_checks.health import HealthReport, read_health
from account_checks.outcome import NOT_CONFIGURED, CheckResult
from account_checks.settings import AccountSettings

CHECK = "phone_number"
FIELDS = (
    "status,quality_rating,name_status,code_verification_status,platform_type,throughput,"
    "whatsapp_business_manager_messaging_limit,health_status"
)
_API_VALUES = platform().tier_api_values
# Messaging limit tier -> unique customers a day outside the service window ("2,000").
TIER_LIMIT = {name: "unlimited" if limit is None else f"{limit:,}" for name, limit in _API_VALUES.items()}
# The tier -> the answer to the bot's messaging_tier question ("1k").
TIER_ANSWER = {name: platform().tier_of(limit).choice for name, limit in _API_VALUES.items()}
QUALITY_ANSWER = {"GREEN": "high", "YELLOW": "medium", "RED": "low"}


@dataclass
class NumberReport:
    status: Optional[str] = None
    quality_rating: Optional[str] = None
    name_status: Optional[str] = None
    code_verification_status: Optional[str] = None
    platform_type: Optional[str] = None
    throughput: Optional[str] = None
    messaging_limit: Optional[str] = None
    health: Optional[HealthReport] = None

    @property
    def registered(self) -> Optional[bool]:
        """Registered on Cloud API (or On-Premises)? None when the answer did not say."""
        if self.platform_type is None:
            return None
        return self.platform_type in ("CLOUD_API", "ON_PREMISE")

    @property
    def limit_text(self) -> Optional[str]:
        return TIER_LIMIT.get(self.messaging_limit or "", self.messaging_limit)


def _upper(value: object) -> Optional[str]:
    return str(value).upper() if isinstance(value, str) and value else None


def check_phone_number(
    settings: AccountSettings, deadline: Optional[Deadline] = None, client: Optional[GraphClient] = None
) -> CheckResult:
    """Read the number's fields and health; never raises."""
    if not settings.can_check_number:
        return CheckResult.failed(CHECK, NOT_CONFIGURED)
    client = client or GraphClient(settings.graph_base, settings.access_token, secrets=settings.secrets())
    reply = client.get(str(settings.phone_number_id), {"fields": FIELDS}, deadline)
    if not reply.ok:
        return CheckResult.failed(CHECK, reply.reason or "bad_answer", reply.detail)
    body = reply.body
    throughput = body.get("throughput")
    return CheckResult(
        CHECK,
        True,
        NumberReport(
            status=_upper(body.get("status")),
            quality_rating=_upper(body.get("quality_rating")),
            name_status=_upper(body.get("name_status")),
            code_verification_status=_upper(body.get("code_verification_status")),
            platform_type=_upper(body.get("platform_type")),
            throughput=_upper(throughput.get("level")) if isinstance(throughput, dict) else None,
            messaging_limit=_upper(body.get("whatsapp_business_manager_messaging_limit")),
            health=read_health(body.get("health_status")),
        ),
    )
