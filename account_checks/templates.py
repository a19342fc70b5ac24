"""The template lookup: which languages a template exists in, in which status, and why.

Why: "template name does not exist in the translation" (132001) and "expected 2 params"
(132000) are answered by the account itself: the template's versions per language, their
status (APPROVED, PENDING, REJECTED, PAUSED, DISABLED...), rejection reason, quality and
how many variables each component takes. The bot then names the approved languages
("order_update is APPROVED in en_GB only; you sent en_US") instead of asking.

Request, as Meta documents it (WhatsApp Business Management API, "Message templates";
GET /{WABA_ID}/message_templates): ``name`` filters by name (the match may be partial,
so the exact name is kept here), ``fields`` picks name, status, language, category,
quality_score ({"score": GREEN|YELLOW|RED|UNKNOWN}), rejected_reason and components
(HEADER/BODY/FOOTER/BUTTONS, with their text holding {{1}} or {{name}} variables); the
answer is ``{"data": [...], "paging": {...}}``. Sources read: developers.facebook.com
WhatsApp message template docs and the template JSON schema in api-evangelist/whatsapp.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from account_checks.deadline import Deadline
from account_checks.graph import GraphClient
from account_checks.outcome import BAD_ANSWER, NOT_CONFIGURED, CheckResult
from account_checks.settings import AccountSettings

CHECK = "template"
FIELDS = "name,status,language,category,quality_score,rejected_reason,components"
# Template status -> the answer to the bot's template_status question.
STATUS_ANSWER = {
    "APPROVED": "approved",
    "PENDING": "pending",
    "IN_APPEAL": "pending",
    "PENDING_DELETION": "not_found",
    "DELETED": "not_found",
    "REJECTED": "rejected",
    "PAUSED": "paused",
    "DISABLED": "disabled",
    "LIMIT_EXCEEDED": "disabled",
}
_VARIABLE = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


def variables_in(text: Any) -> int:
    """How many distinct variables ({{1}}, {{name}}) a text holds."""
    return len(set(_VARIABLE.findall(text))) if isinstance(text, str) else 0


def parameter_counts(components: Any) -> Dict[str, int]:
    """Variables per component type (HEADER, BODY, BUTTONS), only those that take any."""
    counts: Dict[str, int] = {}
    for comp in components if isinstance(components, list) else []:
        if not isinstance(comp, dict):
            continue
        kind = str(comp.get("type") or "").upper()
        n = variables_in(comp.get("text"))
        if kind == "BUTTONS":
            n = sum(
                variables_in(b.get("url")) + variables_in(b.get("text"))
                for b in comp.get("buttons") or []
                if isinstance(b, dict)
            )
        if n:
            counts[kind] = counts.get(kind, 0) + n
    return counts


@dataclass
class TemplateVersion:
    """One language of a template."""

    language: str
    status: str
    category: Optional[str] = None
    quality: Optional[str] = None  # GREEN, YELLOW, RED, UNKNOWN
    rejected_reason: Optional[str] = None  # NONE when not rejected
    params: Dict[str, int] = field(default_factory=dict)

    @property
    def approved(self) -> bool:
        return self.status == "APPROVED"


@dataclass
class TemplateReport:
    """What the account says about one template name."""

    name: str
    versions: List[TemplateVersion]
    sent_language: Optional[str] = None

    @property
    def exists(self) -> bool:
        return bool(self.versions)

    @property
    def approved_languages(self) -> List[str]:
        return [v.language for v in self.versions if v.approved]

    def version(self, language: Optional[str]) -> Optional[TemplateVersion]:
        """The version in exactly this language code (en_US and en are different)."""
        for v in self.versions:
            if language and v.language == language:
                return v
        return None

    @property
    def sent_version(self) -> Optional[TemplateVersion]:
        return self.version(self.sent_language)

    @property
    def language_missing(self) -> bool:
        """It exists, but not in the language that was sent."""
        return self.exists and bool(self.sent_language) and self.sent_version is None

    def status_answer(self) -> str:
        """The answer to "what status does the template show?" for what was sent.

        The sent language's own status when it exists; "approved" when it is approved only
        in other languages (the fix: send one of those); otherwise the best status there is.
        """
        if not self.exists:
            return "not_found"
        own = self.sent_version
        if own is not None:
            return STATUS_ANSWER.get(own.status, "not_found")
        if self.approved_languages:
            return "approved"
        for status in ("PENDING", "IN_APPEAL", "PAUSED", "REJECTED", "DISABLED"):
            if any(v.status == status for v in self.versions):
                return STATUS_ANSWER[status]
        return "not_found"

    def param_mismatch(self, sent: Optional[int], language: Optional[str] = None) -> Optional[int]:
        """The BODY's variable count when ``sent`` differs from it, else None."""
        version = self.version(language or self.sent_language) or (self.versions[0] if self.versions else None)
        if version is None or sent is None:
            return None
        expected = version.params.get("BODY", 0)
        return expected if expected != sent else None


def read_versions(body: Dict[str, Any], name: str) -> List[TemplateVersion]:
    """The versions of exactly ``name`` in a message_templates answer."""
    out = []
    for item in body.get("data") or []:
        if not isinstance(item, dict) or item.get("name") != name:
            continue
        quality = item.get("quality_score")
        out.append(
            TemplateVersion(
                language=str(item.get("language") or ""),
                status=str(item.get("status") or "").upper(),
                category=item.get("category"),
                quality=quality.get("score") if isinstance(quality, dict) else None,
                rejected_reason=item.get("rejected_reason"),
                params=parameter_counts(item.get("components")),
            )
        )
    return out


def check_template(
    settings: AccountSettings,
    name: str,
    sent_language: Optional[str] = None,
    deadline: Optional[Deadline] = None,
    client: Optional[GraphClient] = None,
) -> CheckResult:
    """Look ``name`` up in the WABA's templates; never raises."""
    if not settings.can_check_templates:
        return CheckResult.failed(CHECK, NOT_CONFIGURED)
    name = (name or "").strip()
    if not name:
        return CheckResult.failed(CHECK, BAD_ANSWER, "no template name")
    client = client or GraphClient(settings.graph_base, settings.access_token, secrets=settings.secrets())
    reply = client.get(
        f"{settings.business_account_id}/message_templates", {"name": name, "fields": FIELDS, "limit": 100}, deadline
    )
    if not reply.ok:
        return CheckResult.failed(CHECK, reply.reason or BAD_ANSWER, reply.detail)
    if not isinstance(reply.body.get("data"), list):
        return CheckResult.failed(CHECK, BAD_ANSWER, "no data list")
    return CheckResult(CHECK, True, TemplateReport(name, read_versions(reply.body, name), sent_language))
