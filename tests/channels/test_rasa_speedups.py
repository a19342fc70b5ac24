"""The speed-ups of Rasa (channels/rasa_speedups.py, installed by rasa_patches.install()):
each gives what Rasa's own code gives."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from channels import rasa_patches, rasa_speedups


@pytest.fixture
def action():
    assert rasa_patches.install()
    return RemoteAction("action_diagnose", EndpointConfig("http://localhost:5055/webhook"))


# -- the quick yes for valid action replies -------------------------------------------


def _validators():
    import jsonschema

    spec = RemoteAction.action_response_format_spec()
    cls = jsonschema.validators.validator_for(spec)
    return cls(spec), rasa_speedups.quick_check(spec, cls)


VALID_REPLIES = [
    {},
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "cause", "value": {"codes": ["131047"]}, "timestamp": None}],
        "responses": [{"text": "hi", "buttons": [{"title": "Yes", "payload": "yes"}]}],
    },
    {
        "events": [
            {
                "event": "user",
                "text": "hi",
                "parse_data": {
                    "intent": {"name": "greet", "confidence": 0.9},
                    "entities": [{"entity": "e", "value": 1}],
                    "response_selector": {"all_retrieval_intents": []},
                },
            }
        ]
    },
    {
        "events": [
            {"event": "action", "name": "x", "policy": None, "confidence": 1},
            {"event": "active_loop", "name": None},
            {"event": "followup", "name": "x"},
            {"event": "bot", "text": "x", "metadata": {"a": 1}},
            {"event": "pause"},
        ]
    },
]

INVALID_REPLIES = [
    None,
    [],
    "x",
    {"events": {}},
    {"responses": [1]},
    {"responses": {}},
    {"events": [{"name": "cause"}]},  # no event type
    {"events": [{"event": "nope"}]},  # unknown type
    {"events": [{"event": 3}]},
    {"events": ["slot"]},
    {"events": [{"event": "slot", "name": "x"}]},  # no value
    {"events": [{"event": "slot", "name": 3, "value": 1}]},
    {"events": [{"event": "bot", "timestamp": "now"}]},
    {"events": [{"event": "bot", "timestamp": True}]},
    {"events": [{"event": "bot", "metadata": []}]},
    {"events": [{"event": "entities"}]},
    {"events": [{"event": "action", "confidence": "1"}]},
    {"events": [{"event": "user", "parse_data": {"entities": [{"entity": "x"}]}}]},
    {"events": [{"event": "user", "parse_data": {"response_selector": {"all_retrieval_intents": 3}}}]},
]


def test_the_quick_check_says_valid_only_of_what_rasas_schema_accepts():
    full, quick = _validators()
    assert quick is not None
    for reply in VALID_REPLIES:
        assert full.is_valid(reply) and quick(reply), reply
    for reply in INVALID_REPLIES:
        assert not full.is_valid(reply) and not quick(reply), reply
    mixed = {"events": VALID_REPLIES[2]["events"] + INVALID_REPLIES[6]["events"]}
    assert not full.is_valid(mixed) and not quick(mixed)


def test_an_invalid_event_among_valid_ones_still_fails_with_rasas_message(action):
    reply = {"events": [{"event": "slot", "name": "cause", "value": "x"}, {"event": "nope"}]}
    with pytest.raises(ValidationError) as error:
        action._validate_action_result(reply)
    assert "Failed to validate Action server response" in str(error.value)


def test_a_schema_it_was_not_written_for_gets_no_quick_check():
    import jsonschema

    spec = {"type": "object", "properties": {"events": {"type": "array"}}}
    assert rasa_speedups.quick_check(spec, jsonschema.validators.validator_for(spec)) is None


# -- event classes, slot copies ---------------------------------------------------------


def test_event_classes_are_found_as_rasa_finds_them(action):
    from rasa.shared.core.events import ActiveLoop, BotUttered, Event, SlotSet

    assert Event.resolve_by_type("slot") is SlotSet and Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("active_loop") is ActiveLoop
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=BotUttered) is BotUttered
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")

    class LaterEvent(SlotSet):
        type_name = "tickfix_test_later_event"

    assert Event.resolve_by_type("tickfix_test_later_event") is LaterEvent


def test_a_copied_slot_is_a_new_slot_with_the_same_state(action):
    import copy

    from rasa.shared.core.slots import TextSlot

    slot = TextSlot("cause", mappings=[{"type": "custom"}], influence_conversation=False)
    slot.value = "rate_limit"
    copied = copy.copy(slot)
    assert copied is not slot and type(copied) is TextSlot and copied.__dict__ == slot.__dict__
    copied.value = "other"
    assert slot.value == "rate_limit"

    class OwnWay(TextSlot):
        def __reduce_ex__(self, protocol):
            return (OwnWay, ("own", []), None)

    assert copy.copy(OwnWay("x", [])).name == "own"


# -- the graph run without dask ---------------------------------------------------------


def _runner(fail: bool = False):
    from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
    from rasa.engine.runner.dask import DaskGraphRunner

    class Add(GraphComponent):
        @classmethod
        def create(cls, config, model_storage, resource, execution_context):
            return cls(config)

        def __init__(self, config):
            self.n = config["n"]
            self.fail = config.get("fail", False)

        def add(self, first=0, second=0):
            if self.fail:
                raise RuntimeError("boom")
            return first + second + self.n

    def node(needs, n, **extra):
        return SchemaNode(needs=needs, uses=Add, constructor_name="create", fn="add", config=dict(n=n, **extra))

    schema = GraphSchema(
        {
            "a": node({"first": "__number__"}, 1),
            "b": node({"first": "a"}, 10),
            "c": node({"first": "a", "second": "b"}, 100, fail=fail),
            "unused": node({"first": "c"}, 1000),
        }
    )
    return DaskGraphRunner(schema, model_storage=None, execution_context=ExecutionContext(schema, "test"))


def test_the_graph_gives_what_dask_gives(action):
    from rasa.engine.runner.dask import DaskGraphRunner

    runner = _runner()
    dask_run = DaskGraphRunner.run.dask_run
    for targets in (["c"], ["b", "c"], ["a"], ["unused"]):
        got = runner.run(inputs={"__number__": 5}, targets=targets)
        assert got == dask_run(runner, inputs={"__number__": 5}, targets=targets), targets
        assert runner.run(inputs={"__number__": 5}, targets=targets) == got  # planned once
    assert runner.run(inputs={"__number__": 5}, targets=["c"]) == {"c": 6 + 16 + 100}


def test_graph_errors_are_rasas(action):
    from rasa.engine.exceptions import GraphComponentException, GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    runner = _runner(fail=True)
    for run in (runner.run, lambda **kw: DaskGraphRunner.run.dask_run(runner, **kw)):
        with pytest.raises(GraphComponentException):  # a failing component, as Rasa wraps it
            run(inputs={"__number__": 5}, targets=["c"])
    with pytest.raises(GraphRunError):  # an input named like a node
        _runner().run(inputs={"__number__": "a"}, targets=["c"])


# -- saving a turn without counting the stored events again ---------------------------


def test_a_turn_read_from_the_sql_store_is_saved_whole_and_once(action, tmp_path):
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_yaml(
        "slots:\n  cause:\n    type: text\n    influence_conversation: false\n    mappings:\n    - type: custom\n"
    )
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "t.db"))

    def stored(sender):
        with store.session_scope() as session:
            return [row.type_name for row in store._event_query(session, sender, True).all()]

    async def scenario():
        new = DialogueStateTracker.from_events(
            "u", [ActionExecuted("action_session_start"), SessionStarted(), UserUttered("hi")], slots=domain.slots
        )
        await store.save(new)  # never read: counted as Rasa does
        tracker = await store.retrieve("u")
        with store.session_scope() as session:  # what Rasa's count would have said
            counted = store._event_query(session, "u", False).count()
        assert tracker._tickfix_stored_events == ("u", counted) == ("u", len(tracker.events))
        tracker.update(SlotSet("cause", "rate_limit"))
        tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)
        assert stored("u") == ["action", "session_started", "user", "slot", "action"]
        await store.save(tracker)  # a second save of the same tracker: counted, nothing new
        assert len(stored("u")) == 5
        again = await store.retrieve("u")
        with store.session_scope() as session:  # deleted meanwhile (make forget)
            session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == "u").delete()
            session.commit()
        again.update(UserUttered("still there?"))
        await store.save(again)
        assert stored("u") == ["user"]  # only the new event, not the forgotten ones

    asyncio.run(scenario())


def test_the_rows_written_and_the_tracker_read_are_rasas(action, tmp_path):
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_yaml(
        "intents:\n- greet\nslots:\n  cause:\n    type: text\n    influence_conversation: false\n"
        "    mappings:\n    - type: custom\n"
    )
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    rasa_retrieve, rasa_save = SQLTrackerStore.save.rasas
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered(
            "hi",
            {"name": "greet", "confidence": 0.9},
            parse_data={"intent": {"name": "greet", "confidence": 0.9}, "entities": [], "text": "hi"},
        ),
        SlotSet("cause", {"codes": ["131047"]}),
        BotUttered("Hello", {"buttons": [{"title": "x"}]}),
        ActionExecuted("action_listen"),
    ]

    def rows(sender):
        with store.session_scope() as session:
            return [
                (r.type_name, r.timestamp, r.intent_name, r.action_name, r.data)
                for r in store._event_query(session, sender, True).all()
            ]

    async def scenario():
        for sender, save in (("ours", SQLTrackerStore.save), ("rasas", rasa_save)):
            tracker = DialogueStateTracker.from_events(sender, events, slots=domain.slots)
            await save(store, tracker)
        assert rows("ours") == rows("rasas") and len(rows("ours")) == len(events)
        ours, theirs = await store.retrieve("ours"), await rasa_retrieve(store, "rasas", False)
        assert [e.as_dict() for e in ours.events] == [e.as_dict() for e in theirs.events]
        assert ours.current_slot_values() == theirs.current_slot_values()
        assert await store.retrieve("nobody") is None

    asyncio.run(scenario())
