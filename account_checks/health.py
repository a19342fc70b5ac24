"""Messaging health: can this number (and the WABA, the business, the app) send at all?

Why: "check my account" and "is it me or everyone?" are answered by Meta's own
summary. ``health_status.can_send_message`` is AVAILABLE, LIMITED (it sends, with a
limitation: ``additional_info``) or BLOCKED (it cannot: ``errors`` with error_code,
error_description and possible_solution), overall and per entity (PHONE_NUMBER,
WABA, BUSINESS, APP, MESSAGE_TEMPLATE). The WABA's
``disable_marketing_messages_on_cloud_api`` says marketing templates are refused on
Cloud API (sent through the Marketing Messages API instead); older API versions do not
know the field, and then it is left out.

Shapes as Meta documents them: developers.facebook.com "Messaging and Calling Health
Status" (GET /<NODE_ID>?fields=health_status) and 360dialog's "Messaging Health
Status" page (the overall status is the worst of the entities').
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional

from account_checks.deadline import Deadline
from account_checks.graph import UNKNOWN_OBJECT, GraphClient
from account_checks.outcome import BAD_ANSWER, NOT_CONFIGURED, CheckResult
from account_checks.settings import AccountSettings

CHECK = "waba_health"
AVAILABLE, LIMITED, BLOCKED = "AVAILABLE", "LIMITED", "BLOCKED"
_RANK = {AVAILABLE: 0, LIMITED: 1, BLOCKED: 2}


@dataclass
class HealthProblem:
    code: Optional[int] = None
    description: str = ""
    solution: str = ""


@dataclass
class EntityHealth:
    entity_type: str
    id: Optional[str]
    can_send: str
    problems: List[HealthProblem] = field(default_factory=list)
    additional_info: List[str] = field(default_factory=list)


@dataclass
class HealthReport:
    can_send: str  # AVAILABLE, LIMITED, BLOCKED (UNKNOWN when absent)
    entities: List[EntityHealth] = field(default_factory=list)
    marketing_disabled_on_cloud_api: Optional[bool] = None  # WABA only, when known

    @property
    def troubled(self) -> List[EntityHealth]:
        """Entities that are not AVAILABLE, the worst first."""
        bad = [e for e in self.entities if e.can_send != AVAILABLE]
        return sorted(bad, key=lambda e: -_RANK.get(e.can_send, 1))


def _problems(items: Any) -> List[HealthProblem]:
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            code = item.get("error_code")
            out.append(
                HealthProblem(
                    code=int(code) if isinstance(code, (int, str)) and str(code).isdigit() else None,
                    description=str(item.get("error_description") or "").strip(),
                    solution=str(item.get("possible_solution") or "").strip(),
                )
            )
    return out


def _info(value: Any) -> List[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return []


def read_health(status: Any) -> Optional[HealthReport]:
    """A ``health_status`` object, read; None when it is not one."""
    if not isinstance(status, dict):
        return None
    entities = []
    for e in status.get("entities") or []:
        if isinstance(e, dict):
            entities.append(
                EntityHealth(
                    entity_type=str(e.get("entity_type") or "?").upper(),
                    id=str(e["id"]) if e.get("id") is not None else None,
                    can_send=str(e.get("can_send_message") or "UNKNOWN").upper(),
                    problems=_problems(e.get("errors")),
                    additional_info=_info(e.get("additional_info")),
                )
            )
    return HealthReport(can_send=str(status.get("can_send_message") or "UNKNOWN").upper(), entities=entities)


def check_waba_health(
    settings: AccountSettings, deadline: Optional[Deadline] = None, client: Optional[GraphClient] = None
) -> CheckResult:
    """The WABA's health_status and its marketing-on-Cloud-API switch; never raises."""
    if not settings.can_check_waba:
        return CheckResult.failed(CHECK, NOT_CONFIGURED)
    client = client or GraphClient(settings.graph_base, settings.access_token, secrets=settings.secrets())
    deadline = deadline or Deadline()
    path = str(settings.business_account_id)
    reply = client.get(path, {"fields": "health_status,disable_marketing_messages_on_cloud_api"}, deadline)
    if (
        not reply.ok
        and reply.error is not None
        and reply.error.code == UNKNOWN_OBJECT
        and "disable_marketing" in reply.error.message
    ):
        reply = client.get(path, {"fields": "health_status"}, deadline)  # a version without the field
    if not reply.ok:
        return CheckResult.failed(CHECK, reply.reason or BAD_ANSWER, reply.detail)
    report = read_health(reply.body.get("health_status"))
    if report is None:
        return CheckResult.failed(CHECK, BAD_ANSWER, "no health_status")
    flag = reply.body.get("disable_marketing_messages_on_cloud_api")
    report.marketing_disabled_on_cloud_api = flag if isinstance(flag, bool) else None
    return CheckResult(CHECK, True, report)
