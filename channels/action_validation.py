"""Rasa 3.6's check of action-server replies, with its validator built once.

Why: after every call to the action server, Rasa 3.6 runs
`jsonschema.validate(reply, schema)`, which checks the large events schema against
the JSON Schema meta-schema and builds a new validator each time: about 10-20 ms of
CPU per call, two thirds of Tickfix's whole turn (bench/SERVING.md). The check
itself is unchanged: the same schema, the same best-matching error, the same message.
Installed when Rasa loads the channels package (credentials.yml), Rasa 3.6 only.
"""
from __future__ import annotations

import logging
from typing import Any, Dict

logger = logging.getLogger(__name__)


def install() -> bool:
    """Replace RemoteAction._validate_action_result; False when Rasa is not 3.6."""
    import jsonschema
    import rasa
    from jsonschema import exceptions
    from rasa.core.actions import action as rasa_action

    if not rasa.__version__.startswith("3.6."):
        logger.warning("Rasa %s: action reply validation left as it is.", rasa.__version__)
        return False
    remote = rasa_action.RemoteAction
    if getattr(remote._validate_action_result, "tickfix_cached", False):
        return True
    validators: Dict[type, Any] = {}

    def _validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
        validator = validators.get(type(self))
        if validator is None:
            spec = self.action_response_format_spec()
            cls = jsonschema.validators.validator_for(spec)
            cls.check_schema(spec)
            validator = validators[type(self)] = cls(spec)
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
