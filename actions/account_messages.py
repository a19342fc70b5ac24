"""What the live account checks found, said in the user's language.

Why here: the checks (account_checks) return facts; these plain functions turn them
into the bot's sentences from the wording catalogue (wording/<lang>/account.yaml),
testable without a Rasa server. No Rasa imports. The same sentences go into the
`findings` slot, one finding per check marked ``LOOKED_UP``, so the handoff summary
lists every check the bot made.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable, Dict, List, Optional

from diagnosis.language import has, say

from account_checks import (
    CheckResult,
    HealthReport,
    NumberReport,
    TemplateReport,
    TokenReport,
    TwilioAlertsReport,
)
from account_checks.twilio_messages import TwilioMessageReport
from actions import messages

MAX_HEALTH_LINES = 3  # entities with a problem said in "check my account"
MAX_ALERT_GROUPS = 3  # error codes said from Twilio's error log
TWILIO_CHECKS = ("twilio_message", "twilio_alerts")
# Marks a finding that was looked up in the account (the `findings` slot): the handoff
# summary lists every one of them (actions/handoff.py), whatever else was found since.
LOOKED_UP = "🔎 "


def looked_up(lines: List[str]) -> str:
    """One check's lines as one finding, marked as looked up in the account; a list's
    "- " items joined with "; "."""
    out = ""
    for line in (line.strip() for line in lines if line and line.strip()):
        if line.startswith("- ") and out:
            out += (" " if out.endswith(":") else "; ") + line[2:]
        else:
            out += (" " if out else "") + line
    return LOOKED_UP + out


def is_looked_up(finding: object) -> bool:
    return isinstance(finding, str) and finding.startswith(LOOKED_UP)


def when(moment: Optional[datetime]) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "?"


def could_not_check(result: CheckResult, lang: str) -> str:
    """ "I couldn't check your account just now (it timed out), so let me ask instead." """
    return say("account.could_not_check", lang, reason=reason_text(result.reason, lang, result.check))


def reason_text(reason: Optional[str], lang: str, check: str = "") -> str:
    """Why a check could not be made; a Twilio check's in Twilio's words, not Meta's."""
    twilio = f"account.alerts.reasons.{reason}"
    if check in TWILIO_CHECKS and has(twilio):
        return say(twilio, lang)
    key = f"account.reasons.{reason}"
    return say(key, lang) if has(key) else say("account.reasons.bad_answer", lang)


# -- the template -----------------------------------------------------------------------


def template_lines(report: TemplateReport, lang: str, sent_params: Optional[int] = None) -> List[str]:
    """What the template lookup says: languages and status, rejection reason, quality, variables."""
    name, sent = report.name, report.sent_language
    if not report.exists:
        return [say("account.template.not_found", lang, name=name)]
    lines: List[str] = []
    own = report.sent_version
    if own is None and sent:
        approved = report.approved_languages
        if approved:  # the fix: send a language it is approved in
            lines.append(
                say(
                    "account.template.approved_elsewhere",
                    lang,
                    name=name,
                    languages=", ".join(approved),
                    sent=sent,
                    first=approved[0],
                )
            )
            about: List = []
        else:
            versions = ", ".join(f"{v.language} ({v.status})" for v in report.versions)
            lines.append(say("account.template.missing_language", lang, name=name, versions=versions, sent=sent))
            about = [v for v in report.versions if v.status in ("REJECTED", "PAUSED", "DISABLED")][:1]
    elif own is None and len(report.versions) > 1:  # no language sent: every version says something
        versions = ", ".join(f"{v.language} ({v.status})" for v in report.versions)
        lines.append(say("account.template.versions", lang, name=name, versions=versions))
        about = [v for v in report.versions if v.status in ("REJECTED", "PAUSED", "DISABLED")][:1]
    else:
        own = own or report.versions[0]
        lines.append(say("account.template.status", lang, name=name, language=own.language, status=own.status))
        about = [own]
    for v in about:
        if v.status == "REJECTED" and v.rejected_reason and v.rejected_reason != "NONE":
            lines.append(say("account.template.rejected", lang, reason=v.rejected_reason))
        if v.quality and v.quality not in ("UNKNOWN", "GREEN") or (v.status == "PAUSED" and v.quality):
            lines.append(say("account.template.quality", lang, quality=quality_text(v.quality, lang)))
    expected = report.param_mismatch(sent_params)
    if expected is not None:
        version = report.sent_version or report.versions[0]
        lines.append(
            say(
                "account.template.params",
                lang,
                language=version.language,
                expected=messages.variables(expected, lang),
                sent=sent_params,
            )
        )
    return lines


# -- the token ----------------------------------------------------------------------------


def token_lines(report: TokenReport, lang: str, explain: bool = True) -> List[str]:
    """The token's real state: expired at ..., invalid, valid with missing permissions, or fine."""
    if not report.valid:
        if report.expired and report.expires_at:
            return [say("account.token.expired", lang, when=when(report.expires_at))]
        if report.expired:
            return [say("account.token.invalid", lang, subcode="/463")]
        sub = f"/{report.error_subcode}" if report.error_subcode else ""
        return [say("account.token.invalid", lang, subcode=sub)]
    lines = [
        say("account.token.valid_until", lang, when=when(report.expires_at))
        if report.expires_at
        else say("account.token.valid_forever", lang)
    ]
    if report.missing_scopes:
        lines.append(say("account.token.missing_scopes", lang, scopes=", ".join(report.missing_scopes)))
    if report.uncovered_scopes:
        lines.append(
            say("account.token.uncovered", lang, scopes=", ".join(report.uncovered_scopes), waba=report.waba_id)
        )
    if explain and report.debugged and not report.missing_scopes and not report.uncovered_scopes:
        lines.append(say("account.token.fine", lang))
    return lines


# -- "check my account" ---------------------------------------------------------------------


def quality_text(quality: Optional[str], lang: str) -> str:
    key = f"account.health.quality_values.{quality}"
    return say(key, lang) if has(key) else say("account.health.quality_values.UNKNOWN", lang)


def entity_name(entity_type: str, lang: str) -> str:
    key = f"account.health.entities.{entity_type}"
    return say(key, lang) if has(key) else say("account.health.entities.OTHER", lang)


def health_lines(health: Optional[HealthReport], lang: str) -> List[str]:
    """Overall can-send, then each entity that is not AVAILABLE with its errors and solutions."""
    if health is None:
        return []
    key = f"account.health.can_send.{health.can_send}"
    lines = [say(key if has(key) else "account.health.can_send.UNKNOWN", lang)]
    for entity in health.troubled[:MAX_HEALTH_LINES]:
        name = entity_name(entity.entity_type, lang)
        if entity.problems:
            for p in entity.problems[:2]:
                if p.solution:
                    lines.append(
                        say(
                            "account.health.problem",
                            lang,
                            entity=name,
                            status=entity.can_send,
                            description=p.description,
                            solution=p.solution,
                        )
                    )
                else:
                    lines.append(
                        say(
                            "account.health.problem_short",
                            lang,
                            entity=name,
                            status=entity.can_send,
                            description=p.description,
                        )
                    )
        elif entity.additional_info:
            lines.append(
                say(
                    "account.health.info",
                    lang,
                    entity=name,
                    status=entity.can_send,
                    info=" ".join(entity.additional_info[:2]),
                )
            )
        else:
            lines.append(say("account.health.status_only", lang, entity=name, status=entity.can_send))
    return lines


def merged_health(number: Optional[CheckResult], waba: Optional[CheckResult]) -> Optional[HealthReport]:
    """The number's health (it covers the WABA, business and app too), else the WABA's."""
    for result in (number, waba):
        if result is None or not result.ok:
            continue
        health = result.report.health if isinstance(result.report, NumberReport) else result.report
        if isinstance(health, HealthReport):
            return health
    return None


def number_lines(report: NumberReport, lang: str) -> List[str]:
    lines = []
    if report.registered is False:
        lines.append(say("account.health.not_registered", lang, platform=report.platform_type))
    lines.append(
        say(
            "account.health.number",
            lang,
            status=report.status or "?",
            name_status=report.name_status or "?",
            platform=report.platform_type or "?",
        )
    )
    if report.quality_rating:
        lines.append(say("account.health.quality", lang, quality=quality_text(report.quality_rating, lang)))
    if report.messaging_limit == "TIER_UNLIMITED":
        lines.append(say("account.health.limit_unlimited", lang))
    elif report.messaging_limit:
        limit = report.limit_text or ""
        if lang in ("es", "pt"):  # 2,000 is written 2.000 in Spanish and Portuguese
            limit = limit.replace(",", ".")
        lines.append(say("account.health.limit", lang, limit=limit))
    return lines


def account_parts(results: Dict[str, CheckResult], lang: str) -> List[List[str]]:
    """ "check my account", per part (health, number, WABA, token, what could not be checked):
    the lines of each, so each part is one finding for the handoff summary."""
    number, waba, token = results.get("phone_number"), results.get("waba_health"), results.get("token")
    parts = [health_lines(merged_health(number, waba), lang)]
    if number is not None and number.ok:
        parts.append(number_lines(number.report, lang))
    if waba is not None and waba.ok and waba.report.marketing_disabled_on_cloud_api:
        parts.append([say("account.health.marketing_off", lang)])
    if token is not None and token.ok:
        parts.append(token_lines(token.report, lang, explain=False)[:2])
    for name in ("phone_number", "waba_health", "token"):
        result = results.get(name)
        if result is not None and not result.ok:
            parts.append([could_not(result, lang, name)])
    return [part for part in parts if part]


def account_report(results: Dict[str, CheckResult], lang: str) -> List[str]:
    """ "check my account": health, quality, messaging limit, the token, in a few lines."""
    return [say("account.health.heading", lang)] + [line for part in account_parts(results, lang) for line in part]


def could_not(result: CheckResult, lang: str, name: Optional[str] = None) -> str:
    """ "The number: I couldn't check (it didn't answer in time)." ``name``: the check's."""
    name = name or result.check
    return say(
        "account.health.could_not",
        lang,
        what=say(f"account.health.what.{name}", lang),
        reason=reason_text(result.reason, lang, name),
    )


# -- Twilio ---------------------------------------------------------------------------------


def twilio_line(report: TwilioMessageReport, lang: str) -> str:
    if report.error_code:
        return say("account.twilio.found", lang, sid=report.sid, status=report.status, code=report.error_code)
    return say("account.twilio.no_error", lang, sid=report.sid, status=report.status)


def clock(moment: Optional[datetime], now: datetime) -> str:
    """A moment in the user's zone (``now``'s): "14:05" today, "05/12 14:05" another day."""
    if moment is None:
        return "?"
    local = moment.astimezone(now.tzinfo or timezone.utc)
    text = local.strftime("%H:%M" if local.date() == now.date() else "%d/%m %H:%M")
    return text + " UTC" if local.utcoffset() == timedelta(0) else text


def alerts_lines(
    report: TwilioAlertsReport, lang: str, period: str, now: datetime, cause_of: Callable[[int], Optional[str]]
) -> List[str]:
    """Twilio's error log for a period (today, yesterday, week, day): how many errors, the
    most frequent codes with their cause (``cause_of``: a Twilio code's cause ID or None)."""
    when = say(f"account.alerts.period.{period}", lang)
    if not report.groups:
        return [say("account.alerts.none", lang, period=when)]
    key = "account.alerts.head" if report.complete else "account.alerts.head_at_least"
    lines = [say(key, lang, count=report.total, period=when)]
    for group in report.groups[:MAX_ALERT_GROUPS]:
        last = clock(group.last, now)
        cause = cause_of(group.code) if group.code is not None else None
        if group.code is None:
            lines.append(say("account.alerts.group_no_code", lang, count=group.count, last=last))
        elif cause:
            lines.append(
                say(
                    "account.alerts.group",
                    lang,
                    count=group.count,
                    code=group.code,
                    last=last,
                    cause=say(f"causes.{cause}.short", lang),
                )
            )
        else:
            lines.append(say("account.alerts.group_unknown", lang, count=group.count, code=group.code, last=last))
    if len(report.groups) > MAX_ALERT_GROUPS:
        lines.append(say("account.alerts.more", lang, count=len(report.groups) - MAX_ALERT_GROUPS))
    lines.append(say("account.alerts.hint", lang))
    return lines
