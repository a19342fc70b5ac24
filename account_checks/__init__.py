"""Live account checks: look it up in the business's account instead of asking.

Why: the bot used to ask what the account can answer (is the template approved, in
which language? is the token valid? what is the messaging limit?). When the business
gives Tickfix read access (README, "Live account checks"), the action server checks
Meta's Graph API and Twilio's REST API, says what it checked, and only asks what it
cannot see. Plain Python with no Rasa imports: the actions translate.

* ``AccountSettings.from_env()`` (settings), ``resolver().resolve(conversation_id)``
  (accounts): the account a conversation's checks read; None: the checks are off.
* ``check_template``, ``check_phone_number``, ``check_waba_health``, ``check_token``,
  ``check_twilio_message``, ``check_twilio_alerts`` (Twilio's Monitor API): each returns a
  ``CheckResult`` (outcome) and never raises.
* ``run_within(checks, seconds)`` (deadline): several checks in parallel, all done
  within 5 s; whatever is late is "timed out".
"""

from account_checks.accounts import AccountResolver, EnvironmentAccount, resolver, use_resolver
from account_checks.deadline import TOTAL_SECONDS, Deadline, run_within
from account_checks.health import AVAILABLE, BLOCKED, LIMITED, HealthReport, check_waba_health
from account_checks.outcome import REASONS, CheckResult, GraphError
from account_checks.phone_number import NumberReport, check_phone_number
from account_checks.settings import DEFAULT_GRAPH_BASE, DEFAULT_TWILIO_BASE, AccountSettings
from account_checks.templates import TemplateReport, TemplateVersion, check_template
from account_checks.token import TokenReport, check_token
from account_checks.twilio_alerts import AlertGroup, TwilioAlertsReport, check_twilio_alerts
from account_checks.twilio_messages import TwilioMessageReport, check_twilio_message, message_sids

__all__ = [
    "AVAILABLE",
    "AlertGroup",
    "BLOCKED",
    "DEFAULT_GRAPH_BASE",
    "DEFAULT_TWILIO_BASE",
    "LIMITED",
    "REASONS",
    "TOTAL_SECONDS",
    "AccountResolver",
    "AccountSettings",
    "CheckResult",
    "Deadline",
    "EnvironmentAccount",
    "GraphError",
    "HealthReport",
    "NumberReport",
    "TemplateReport",
    "TemplateVersion",
    "TokenReport",
    "TwilioAlertsReport",
    "TwilioMessageReport",
    "check_phone_number",
    "check_template",
    "check_token",
    "check_twilio_alerts",
    "check_twilio_message",
    "check_waba_health",
    "message_sids",
    "resolver",
    "run_within",
    "use_resolver",
]
