"""actions/case_history.py: the user's own words in this case, for the handoff summary."""

from __future__ import annotations

from actions.case_history import user_words
from actions.handoff import _summary

from .conftest import make_tracker


def _said(*texts):
    return [{"event": "user", "text": t} for t in texts]


def test_the_first_report_and_the_details_without_buttons_or_yes(domain):
    tracker = make_tracker(domain, "ok", slots={"language": "es"})
    tracker.events = (
        _said("hola, lo de ayer")
        + [{"event": "action", "name": "action_start_over"}]
        + _said(
            "no le llegan las plantillas a nadie desde ayer",
            "template",
            "sí",
            "serán unos 5 por minuto, es atención al cliente normal",
            "no, still failing",
        )
    )
    assert user_words(tracker) == [
        "no le llegan las plantillas a nadie desde ayer",
        "serán unos 5 por minuto, es atención al cliente normal",
    ]


def test_the_summary_opens_with_the_first_report_and_lists_the_cause_worked_on(domain):
    slots = {
        "language": "es",
        "cause": "rate_limit",
        "tried_causes": ["meta_outage"],
        "problem_text": "serán unos 5 por minuto",
    }
    tracker = make_tracker(domain, "no", slots=slots)
    tracker.events = _said("todos los mensajes fallan con 131000 desde la mañana", "serán unos 5 por minuto")
    summary = _summary(tracker, "es")
    assert "Problema reportado: todos los mensajes fallan con 131000" in summary
    assert "También dijo: serán unos 5 por minuto" in summary
    assert "Causas revisadas:" in summary and "," in summary.split("Causas revisadas:")[1].splitlines()[0]
