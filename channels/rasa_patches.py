"""Every change Tickfix makes to Rasa 3.6's own objects, in one module.

Why: Rasa 3.6 offers no hook for the three things below, so Tickfix replaces a
method or a callback of Rasa's. Kept here, together, so that what differs from
stock Rasa is read in one place; each change keeps Rasa's behaviour and adds to it.

Installed from two named calls, nowhere else:

* ``install()``, process-wide and once: called by ``GuardedRestInput.from_credentials``
  (channels/guarded/rest.py). Rasa builds every channel listed in credentials.yml
  (the REST channel is always listed) before it loads the agent or serves a message.
  It makes Rasa's check of action-server replies build its validator once (below), and
  installs the speed-ups of channels/rasa_speedups.py (same results, less CPU per turn).
* ``watch_agent(agent)``, per agent: called by never_silent at the start of every user
  message (channels/common/never_silent.py), because Rasa creates its agent (tracker
  store, processor) only after the channels, and test servers bring their own. Each
  hook is put on an agent once:

  - the tracker store's errors, which Rasa's ``FailSafeTrackerStore`` swallows, are
    reported to the turn being handled (``TURN_ERRORS``), so never_silent can tell the
    user the message was not kept;
  - a tripped circuit breaker logs the ``action_listen`` Rasa skips, so the
    conversation is not stuck for good (``listen_after_circuit_break``).

The action-reply check: after every call to the action server, Rasa 3.6 runs
``jsonschema.validate(reply, schema)``, which checks the large events schema against
the JSON Schema meta-schema and builds a new validator each time: about 10-20 ms of
CPU per call, two thirds of Tickfix's whole turn (bench/SERVING.md). The check
itself is unchanged: the same schema, the same best-matching error, the same message;
a reply that ``rasa_speedups.quick_check`` shows valid skips the slower full walk.
Rasa 3.6 only.
"""

from __future__ import annotations

import contextvars
import logging
from typing import Any, Dict, List, Optional

from channels import rasa_speedups
from privacy.masking import mask_id, scrub

logger = logging.getLogger(__name__)

# The tracker store errors of the turn being handled (one list per task; never_silent sets it).
TURN_ERRORS: "contextvars.ContextVar[Optional[List[BaseException]]]" = contextvars.ContextVar(
    "tickfix_turn_errors", default=None
)


# -- process-wide ----------------------------------------------------------------------


def install() -> bool:
    """Replace RemoteAction._validate_action_result and install the speed-ups; False when
    Rasa is not 3.6."""
    import jsonschema
    import rasa
    from jsonschema import exceptions
    from rasa.core.actions import action as rasa_action

    if not rasa.__version__.startswith("3.6."):
        logger.warning("Rasa %s: action reply validation left as it is.", rasa.__version__)
        return False
    rasa_speedups.install()
    remote = rasa_action.RemoteAction
    if getattr(remote._validate_action_result, "tickfix_cached", False):
        return True
    validators: Dict[type, Any] = {}
    quick_checks: Dict[type, Any] = {}

    def _validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
        validator = validators.get(type(self))
        if validator is None:
            spec = self.action_response_format_spec()
            cls = jsonschema.validators.validator_for(spec)
            cls.check_schema(spec)
            validator = validators[type(self)] = cls(spec)
            quick_checks[type(self)] = rasa_speedups.quick_check(spec, cls)
        quick = quick_checks[type(self)]
        if quick is not None and quick(result):
            return True
        error = exceptions.best_match(validator.iter_errors(result))
        if error is not None:
            error.message += (
                ". Failed to validate Action server response from API, make sure your "
                "response from the Action endpoint is valid. For more information about "
                f"the format visit {rasa_action.DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    _validate_action_result.tickfix_cached = True  # type: ignore[attr-defined]
    remote._validate_action_result = _validate_action_result
    return True


# -- per agent -------------------------------------------------------------------------


def watch_agent(agent: Any) -> None:
    """Put the tracker-store and circuit-breaker hooks on ``agent`` (once each; None: nothing)."""
    _watch_tracker_store(agent)
    _watch_processor(agent)


def _watch_tracker_store(agent: Any) -> None:
    """Make Rasa's FailSafeTrackerStore report its errors to the current turn.

    The fail-safe store swallows every error of the real store (it logs it and
    returns no tracker, or saves to memory). Its ``on_tracker_store_error``
    callback is the one place that hears of them; ours records the error for
    the turn running in this task and logs it as Rasa would.
    """
    store = getattr(agent, "tracker_store", None)
    if store is None or not hasattr(store, "_on_tracker_store_error"):
        return
    if getattr(store, "_tickfix_watched", False):
        return
    previous = store._on_tracker_store_error
    real_store = type(getattr(store, "_tracker_store", store)).__name__

    def on_error(error: Exception) -> None:
        errors = TURN_ERRORS.get()
        if errors is not None:
            errors.append(error)
        if previous is not None:
            previous(error)
        else:
            # The first line only: SQLAlchemy appends the SQL and its parameters
            # (sender ids, i.e. phone numbers); digit runs are masked too.
            first_line = (str(error).strip().splitlines() or [""])[0]
            logger.error(
                "The tracker store (%s) failed: %s: %s. Rasa carries on with an "
                "in-memory tracker; the user is asked to send the message again.",
                real_store,
                type(error).__name__,
                scrub(first_line[:300]),
            )

    store._on_tracker_store_error = on_error
    store._tickfix_watched = True


def listen_after_circuit_break(tracker: Any, output_channel: Any = None, nlg: Any = None) -> None:
    """Log the ``action_listen`` that Rasa skips when its circuit breaker trips.

    Rasa stops predicting after 10 actions in a row without listening (for
    instance when every custom action fails because the action server is down),
    but logs no ``action_listen``. It counts actions back to the last listen, so
    every later message of that conversation trips the breaker at once: the
    conversation stays stuck even after the action server is back. With the
    listen logged, the next message is handled normally.
    """
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import ActionExecuted

    logger.warning(
        "Rasa's circuit breaker tripped for %s (10 actions without listening); "
        "listening again so the conversation is not stuck.",
        mask_id(getattr(tracker, "sender_id", "")),
    )
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME))


def _watch_processor(agent: Any) -> None:
    """Give Rasa's processor our circuit-breaker callback (it has none by default)."""
    processor = getattr(agent, "processor", None)
    if processor is not None and getattr(processor, "on_circuit_break", "absent") is None:
        processor.on_circuit_break = listen_after_circuit_break
