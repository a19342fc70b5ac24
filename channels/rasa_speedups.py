"""Rasa 3.6 made cheaper per turn, without changing what it does (installed by rasa_patches).

Why: the serving benchmark (bench/SERVING.md) compares Tickfix's replies per second with
the stock ``rasa init`` bot's. Profiles of Tickfix's Rasa server showed its CPU going to
Rasa's own machinery more than to anything Tickfix asked of it. Each change below
replaces one method of Rasa's with one that gives the same results, and says what it
saved; ``rasa_patches.install()`` installs them with its own (Rasa 3.6 only):

* ``quick_check``: a fast yes for a valid action-server reply (the full check still
  runs, and alone says why, when this one does not say yes);
* ``Event.resolve_by_type`` a dictionary read for the event types seen before;
* ``Slot.__copy__``: what ``copy.copy`` does for a slot, without its generic path;
* ``DaskGraphRunner.run`` without dask: the same nodes, in an order worked out once;
* Rasa's SQL tracker store reading the data column only, writing a turn's rows in one
  INSERT, without counting again the events its turn just read.

These would make the stock bot faster too; the benchmark serves the stock bot as Rasa
ships it, and Tickfix as ``make run`` serves it, with these installed.
"""

from __future__ import annotations

import itertools
from typing import Any, Dict, List, Optional


def install() -> None:
    """Install the speed-ups (each once; the caller checked the Rasa version)."""
    _cache_event_classes()
    _quick_slot_copies()
    _plain_graph_runs()
    _lighter_sql_store()


def quick_check(spec: Dict[str, Any], cls: Any) -> Optional[Any]:
    """A faster yes for valid replies to ``spec`` (Rasa 3.6's action reply schema), or None.

    Rasa's schema checks each event against ``oneOf`` 23 event schemas. Each of them
    requires ``event`` to be its own constant, so an event that names a known type can
    only match that type's schema: checking the event against the shared properties
    plus that one schema gives the same answer, without building 22 errors per event.
    ``check(reply)`` True means valid; False means "not shown valid", and the caller
    runs the full check (which alone says why). None when the schema is not the one
    this was written for.
    """
    try:
        props = spec["properties"]
        events, responses = props["events"], props["responses"]
        item = dict(events["items"])
        alternatives = item.pop("oneOf")
        if (
            spec.get("type") != "object"
            or events.get("type") != "array"
            or set(props) != {"events", "responses"}
            or "event" not in item.get("required", ())
        ):
            return None
        per_type: Dict[str, Any] = {}
        for alternative in alternatives:
            name = alternative["properties"]["event"]["const"]
            if name in per_type:
                return None
            per_type[name] = cls({"allOf": [item, alternative]})
        responses_ok = cls(responses).is_valid
    except (KeyError, TypeError, AttributeError):
        return None

    def check(reply: Any) -> bool:
        if not isinstance(reply, dict):
            return False
        if "responses" in reply and not responses_ok(reply["responses"]):
            return False
        if "events" not in reply:
            return True
        if not isinstance(reply["events"], list):
            return False
        for event in reply["events"]:
            name = event.get("event") if isinstance(event, dict) else None
            validator = per_type.get(name) if isinstance(name, str) else None
            if validator is None or not validator.is_valid(event):
                return False
        return True

    return check


def _lighter_sql_store() -> None:
    """Rasa's SQL tracker store: the same rows read and written, with less work per turn.

    Why: each turn reads the conversation (``_retrieve``) and writes its new events
    (``save``), about a third of a Tickfix turn, and Tickfix writes 14 events a turn:

    * the read asks for the ``data`` column only (the same query, filter and order), not
      a whole ORM object per row, of which Rasa reads nothing else;
    * the write inserts the new rows with one multi-row INSERT, not one ORM object and
      one flush step per event; the rows are the ones Rasa writes, in the same order;
    * which events are new: Rasa counts the conversation's stored events since its last
      session start with a second query (a SELECT count over a subquery). The turn's
      tracker was read with that same query a moment before, under the conversation's
      lock, so a tracker read here carries how many rows it was made from, and its next
      save uses that (once) instead of counting. A tracker not read that way (a new
      conversation, a copy, a second save, one whose events were not all kept, as Rasa
      drops the old "topic" event) is counted as before. When something deleted stored
      events in between (``make forget``, the event cap), this saves the turn's new events
      only, where the count would have saved old ones a second time.
    """
    import json

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.nlu.constants import INTENT_NAME_KEY

    if getattr(SQLTrackerStore.save, "tickfix_lighter", False):
        return
    count_new = SQLTrackerStore._additional_events
    rasas = (SQLTrackerStore._retrieve, SQLTrackerStore.save)  # kept for the tests

    async def _retrieve(self: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        with self.session_scope() as session:
            rows = (
                self._event_query(session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions)
                .with_entities(self.SQLEvent.data)
                .all()
            )
            events = [json.loads(data) for (data,) in rows]
        if not (self.domain and events):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if (
            not fetch_events_from_all_sessions
            and getattr(tracker, "_max_event_history", None) is None
            and len(tracker.events) == len(events)
        ):
            tracker._tickfix_stored_events = (sender_id, len(events))
        return tracker

    def _additional_events(self: Any, session: Any, tracker: Any) -> Any:
        stored = tracker.__dict__.pop("_tickfix_stored_events", None)
        if stored is None or stored[0] != tracker.sender_id or stored[1] > len(tracker.events):
            return count_new(self, session, tracker)
        return itertools.islice(tracker.events, stored[1], len(tracker.events))

    async def save(self: Any, tracker: Any) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                rows.append(
                    {
                        "sender_id": tracker.sender_id,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()

    save.tickfix_lighter = True  # type: ignore[attr-defined]
    save.rasas = rasas  # type: ignore[attr-defined]
    SQLTrackerStore._retrieve = _retrieve  # type: ignore[assignment]
    SQLTrackerStore._additional_events = _additional_events  # type: ignore[assignment]
    SQLTrackerStore.save = save  # type: ignore[assignment]


def _plain_graph_runs() -> None:
    """Run Rasa's model graph (NLU, then the policies, each turn) without dask.

    Why: ``DaskGraphRunner.run`` prunes the graph schema again and hands it to
    ``dask.get`` on every call (a turn makes two to four): dask's scheduling, not the
    components, was about 7 % of a Tickfix turn. dask's synchronous scheduler runs each
    node once, after the nodes it needs, in this thread; so does this, in an order
    worked out once per set of targets: each node is called with its needs' results, in
    the schema's order, an input placeholder with ``(name, value)`` as Rasa passes it,
    and a name that is neither a node nor an input as the plain string (as dask does).
    The results and errors are Rasa's (a RuntimeError becomes its GraphRunError).
    """
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    if getattr(DaskGraphRunner.run, "tickfix_plain", False):
        return

    def plan(runner: Any, targets: List[str]) -> List[Any]:
        plans = runner.__dict__.setdefault("_tickfix_plans", {})
        key = tuple(targets)
        if key not in plans:
            nodes = runner._graph_schema.minimal_graph_schema(targets).nodes
            order: List[str] = []

            def visit(name: str) -> None:
                if name in order or name not in nodes:
                    return
                for need in nodes[name].needs.values():
                    visit(need)
                order.append(name)

            for target in targets:
                visit(target)
            plans[key] = [(name, runner._instantiated_nodes[name], tuple(nodes[name].needs.values())) for name in order]
        return plans[key]

    def run(self: Any, inputs: Optional[Dict[str, Any]] = None, targets: Optional[List[str]] = None) -> Dict[str, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        steps = plan(self, run_targets)
        results: Dict[str, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and any(value == step[0] for step in steps):
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure that none "
                    f"of the input names passed to the `run` method are the same as node "
                    f"names in the graph schema."
                )
            results[name] = (name, value)
        try:
            for name, node, needs in steps:
                results[name] = node(*[results.get(need, need) for need in needs])
            return dict(results[target] for target in run_targets)
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e

    run.tickfix_plain = True  # type: ignore[attr-defined]
    run.dask_run = DaskGraphRunner.run  # type: ignore[attr-defined]  # Rasa's, for the tests
    DaskGraphRunner.run = run  # type: ignore[assignment]


def _quick_slot_copies() -> None:
    """Give Rasa's ``Slot`` a ``__copy__`` that does what ``copy.copy`` does for it.

    Every tracker Rasa makes (a turn makes about ten: forms' temporary trackers, the
    rule policy's prior trackers) copies each slot of the domain with ``copy.copy``,
    whose generic path (``__reduce_ex__``, ``copy._reconstruct``) is four times slower
    than making the object and copying its ``__dict__``, which is what it amounts to
    for a slot. A slot class that changes how it is copied or pickled keeps its way.
    """
    import copy

    from rasa.shared.core.slots import Slot

    if "__copy__" in Slot.__dict__:
        return

    def __copy__(self: Any) -> Any:
        cls = type(self)
        if (
            cls.__reduce_ex__ is not object.__reduce_ex__
            or cls.__reduce__ is not object.__reduce__
            or getattr(cls, "__getstate__", None) is not None
        ):
            return copy._reconstruct(self, None, *self.__reduce_ex__(4))  # type: ignore[attr-defined]
        new = cls.__new__(cls)
        new.__dict__.update(self.__dict__)
        return new

    Slot.__copy__ = __copy__  # type: ignore[attr-defined]


def _cache_event_classes() -> None:
    """Make ``Event.resolve_by_type`` a dictionary read for the type names seen before.

    Why: every stored event read back (each turn reads the whole conversation) and every
    event an action returns is turned into its class by ``Event.resolve_by_type``, which
    walks all of Event's subclasses and asks ``inspect.isabstract`` of each: about a
    third of a tracker read. The classes found are kept by type name; a name not kept yet
    is looked up the old way (so classes defined later are still found), and the
    unknown-name and ``default`` rules are Rasa's.
    """
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    if getattr(original, "tickfix_cached", False):
        return
    found: Dict[str, type] = {}

    def resolve_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
        cls = found.get(type_name)
        if cls is not None:
            return cls
        try:
            cls = original(type_name)
        except ValueError:  # unknown name: Rasa's default, or Rasa's error
            if default is not None:
                return default
            raise
        if cls is not None:  # None: the old "topic" event, which Rasa skips
            found[type_name] = cls
        return cls

    resolve_by_type.tickfix_cached = True  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[assignment]
