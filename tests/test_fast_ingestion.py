"""The fast ingestion path accepts and refuses exactly what the strict path does.

The converter of every edge builds plain touches directly (relance._io.fast);
the strict converter (``_make_converter(fast=False)``) structures them through
cattrs and the model's own converters and validators.  On generated documents,
valid and broken touch by touch, both give the same document, or the same error
with the same message and problems.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import UserString
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relance import Document, Idea, RelanceError, Touch, from_dict, from_json, to_dict, to_json
from relance._io import serialization
from strategies import World, worlds

STRICT = serialization._make_converter(fast=False)

#: Values a touch's fields meet in the field: right, wrong, and nearly right.
ODD: list[Any] = [
    None, True, False, 0, 7, 1.5, "", " ", "\t", "x", "ana", "bob", "\ud800", "é", [], {},
    ["email"], "email", "phone", "fax", "Email", "inbound", "outbound", "sideways",
    "no_answer", "replied", "meeting", "declined", "opted_out", "bounced", "pending",
    "out_of_office", "complaint", "resolved", "NO_ANSWER", "pilot", "hello there",
    "2026-11-02T10:00:00+01:00[Europe/Paris]",
    "2026-11-02T10:00:00+02:00[Europe/Paris]",  # offset and zone disagree
    "2026-11-02T10:00:00+01:00",
    "2026-11-02T09:00:00Z",
    "2026-11-02T09:00:00Z[UTC]",
    "2026-11-02T10:00:00",  # naive
    "2026-11-02",
    "2026-11-02T10:00:00+01:00:30",  # an offset with seconds
    "2026-11-02T10:00:00.1234567+01:00",  # a seventh decimal
    "2026-11-02T10:00:00.5+01:00[Europe/Paris]",
    "2026-03-29T02:30:00+01:00[Europe/Paris]",  # in the gap
    "2026-10-25T02:30:00+02:00[Europe/Paris]",  # the fold, first pass
    "2026-10-25T02:30:00+01:00[Europe/Paris]",  # the fold, second pass
    "2026-11-02T10:00:00+01:00[Mars/Olympus]",
    "2026-11-02T10:00:00+01:00[Europe/Paris",
    "1900-01-01T00:00:00+00:00",  # out of the supported range
    "2300-01-01T00:00:00+00:00",
    "2026-11-02T10:00:00+01:00[localtime]",
]
FIELDS = ["at", "contact_id", "channel", "direction", "outcome", "idea_id", "checkpoint_id",
          "text", "returns_at", "extra"]


@contextlib.contextmanager
def strict() -> Iterator[None]:
    """Every edge on the strict converter for the time of the block."""
    fast = serialization.converter
    serialization.converter = STRICT
    try:
        yield
    finally:
        serialization.converter = fast


def _document(world: World) -> dict[str, Any]:
    return {"account": to_dict(world.account), "history": [to_dict(t) for t in world.history],
            "ideas": [to_dict(i) for i in world.ideas]}


def _read(text: str) -> tuple[str, object]:
    """What reading gives: the document written back, or the error's whole account."""
    try:
        doc = from_json(Document, text)
    except RelanceError as exc:
        return "error", (type(exc), str(exc), exc.field, repr(exc.value),
                         [(p.field, p.message) for p in exc.problems])
    return "document", (doc, to_json(doc), [(t.at.tzinfo, t.at.fold) for t in doc.history])


@st.composite
def broken(draw: st.DrawFn) -> str:
    """A generated document's JSON, with some of its touches' fields changed or removed."""
    data = _document(draw(worlds()))
    history = data["history"]
    for _ in range(draw(st.integers(0, 4)) if history else 0):
        touch = history[draw(st.integers(0, len(history) - 1))]
        field = draw(st.sampled_from(FIELDS))
        if draw(st.integers(0, 5)) == 0:
            touch.pop(field, None)
        else:
            touch[field] = draw(st.sampled_from(ODD))
    return json.dumps(data)


@settings(max_examples=150, deadline=None)
@given(broken())
def test_fast_and_strict_read_a_document_alike(text: str) -> None:
    """Same document (same instants, zones and folds), or the same error, word for word."""
    fast = _read(text)
    with strict():
        slow = _read(text)
    assert fast == slow


INSTANTS = [value for value in ODD if isinstance(value, str) and value[:2] in ("19", "20", "23")]
#: Per field, the values a touch meets most: every outcome, both directions...
PLAUSIBLE: dict[str, list[Any]] = {
    "at": [*INSTANTS, "1899-12-31T23:59:59+00:00", "1900-01-01T00:00:00+00:00",
           "2199-12-31T23:59:59+00:00", "2200-01-01T00:00:00+00:00",
           "2199-12-31T23:59:59-01:00"],
    "contact_id": ["ana", "bob", " ", "", "é", "\ud800", "x" * 300],
    "channel": ["email", "phone", "linkedin", "fax"],
    "direction": ["inbound", "outbound"],
    "outcome": ["no_answer", "replied", "meeting", "declined", "opted_out", "bounced", "pending",
                "out_of_office", "complaint", "resolved"],
    "idea_id": [None, "pilot", " ", "\ud800"],
    "checkpoint_id": [None, "q1", ""],
    "text": [None, "A pilot for your team", " "],
    "returns_at": [None, *INSTANTS],
    "extra": [None, 1],
}
BASE = {"at": "2026-11-02T10:00:00+01:00[Europe/Paris]", "contact_id": "ana",
        "channel": "email", "direction": "outbound", "outcome": "no_answer", "idea_id": "pilot"}


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any], plausible: dict[str, list[Any]],
            most: int) -> dict[str, Any]:
    """``base`` with one to ``most`` of its fields changed (plausibly or oddly) or removed."""
    data: dict[str, Any] = dict(base)
    for field in draw(st.lists(st.sampled_from(sorted(plausible)), min_size=1, max_size=most,
                               unique=True)):
        how = draw(st.sampled_from(["plausible", "plausible", "odd", "remove"]))
        if how == "plausible":
            data[field] = draw(st.sampled_from(plausible[field]))
        elif how == "odd":
            data[field] = draw(st.sampled_from(ODD))
        elif how == "remove":
            data.pop(field, None)
    return data


def assert_alike(read: Any) -> None:
    """What ``read()`` gives on the fast converter, it gives on the strict one."""
    fast = read()
    with strict():
        slow = read()
    assert fast == slow


@settings(max_examples=600, deadline=None)
@given(mutated(BASE, PLAUSIBLE, 3))
def test_fast_and_strict_read_a_touch_alike(data: dict[str, Any]) -> None:
    """Any mapping of a touch's fields, from Python (not only from JSON)."""

    def read() -> object:
        try:
            touch = from_dict(Touch, data)
        except RelanceError as exc:
            return type(exc), str(exc), [(p.field, p.message) for p in exc.problems]
        return touch, to_dict(touch), touch.at.tzinfo, touch.at.fold

    assert_alike(read)


def test_a_plain_touch_takes_the_fast_path_and_an_odd_one_the_strict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fast path is the one taken for the common touch (else it would test nothing)."""
    built: list[str] = []
    plain = serialization.fast_touch.__globals__["plain_touch"]

    def spy(*args: Any) -> Touch:
        built.append(args[1])
        return plain(*args)  # type: ignore[no-any-return]

    monkeypatch.setitem(serialization.fast_touch.__globals__, "plain_touch", spy)
    common = {"at": "2026-11-02T10:00:00+01:00[Europe/Paris]", "contact_id": "ana",
              "channel": "email", "direction": "outbound", "outcome": "no_answer",
              "idea_id": "pilot"}
    touch = from_dict(Touch, common)
    assert built == ["ana"]
    assert touch == Touch(at=touch.at, contact_id="ana", channel="email", direction="outbound",
                          outcome="no_answer", idea_id="pilot")
    # With a drafted text, the constructor builds it (and checks the text).
    from_dict(Touch, {**common, "contact_id": "bob", "text": "A pilot for your team"})
    assert built == ["ana"]
    with pytest.raises(RelanceError, match="outcome: an inbound touch cannot be"):
        from_dict(Touch, {**common, "direction": "inbound"})


#: Per field, the values an idea meets: right, wrong, nearly right.
IDEA_PLAUSIBLE: dict[str, list[Any]] = {
    "id": ["pilot", "case", " ", "", "é", "\ud800", "x" * 300],
    "summary": ["A pilot", "", " ", "\ud800", "Une étude de cas"],
    "addresses": [["training"], ["training", "budget"], [], ["training", "training"], [" "],
                  ["\ud800"], "training", ["training", 1], [None], {"training": 1}],
    "available_from": [None, *INSTANTS],
    "expires_at": [None, *INSTANTS, "2026-11-02T09:59:59+01:00[Europe/Paris]"],
    "priority": [0, 3, -2, 10**18 - 1, 10**18, True, 1.0, "1", None],
    "contact_id": [None, "ana", " ", "\ud800"],
    "role": [None, "decision_maker", "champion", "boss", "Champion", 1],
    "first_step": [True, False, 0, 1, "true", None],
    "repair": [True, False, 0, None],
    "proof": [True, False, "false"],
    "differentiates": [True, False, 1],
    "extra": [None, 1],
}
IDEA_BASE = {"id": "pilot", "summary": "A two-week pilot", "addresses": ["training"],
             "priority": 2, "available_from": "2026-11-02T10:00:00+01:00[Europe/Paris]"}


@settings(max_examples=600, deadline=None)
@given(mutated(IDEA_BASE, IDEA_PLAUSIBLE, 4))
def test_fast_and_strict_read_an_idea_alike(data: dict[str, Any]) -> None:
    """Any mapping of an idea's fields: the same idea (zones, folds), or the same error."""

    def read() -> object:
        try:
            idea = from_dict(Idea, data)
        except RelanceError as exc:
            return type(exc), str(exc), [(p.field, p.message) for p in exc.problems]
        instants = [(at, at.tzinfo, at.fold) if at is not None else None
                    for at in (idea.available_from, idea.expires_at)]
        return idea, to_dict(idea), instants, idea._from_us, idea._until_us

    assert_alike(read)


@settings(max_examples=150, deadline=None)
@given(worlds(), st.data())
def test_fast_and_strict_read_a_document_with_broken_ideas_alike(world: World,
                                                                   data: st.DataObject) -> None:
    doc = _document(world)
    for idea in doc["ideas"]:
        if data.draw(st.booleans()):
            field = data.draw(st.sampled_from(sorted(IDEA_PLAUSIBLE)))
            idea[field] = data.draw(st.sampled_from(IDEA_PLAUSIBLE[field] + ODD))
    text = json.dumps(doc)
    assert_alike(lambda: _read(text))


def test_a_plain_idea_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is the one taken for the common idea (else it would test nothing)."""
    built: list[str] = []
    plain = serialization.fast_idea.__globals__["plain_idea"]

    def spy(**fields: Any) -> Idea:
        built.append(fields["id"])
        return plain(**fields)  # type: ignore[no-any-return]

    monkeypatch.setitem(serialization.fast_idea.__globals__, "plain_idea", spy)
    idea = from_dict(Idea, IDEA_BASE)
    assert built == ["pilot"]
    assert idea == Idea(id="pilot", summary="A two-week pilot", addresses={"training"},
                        priority=2, available_from=idea.available_from)
    assert idea._from_us == Idea(id="pilot", summary="s", addresses={"x"},
                                 available_from=idea.available_from)._from_us
    with pytest.raises(RelanceError, match="duplicate item"):
        from_dict(Idea, {**IDEA_BASE, "addresses": ["training", "training"]})
    assert built == ["pilot"]


def _depth_by_text(text: str) -> int:
    """The deepest bracket nesting outside strings (the oracle: the text itself)."""
    strings = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
    depth = deepest = 0
    for char in strings.sub("", text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(inner, max_size=3),
                     st.dictionaries(st.text("[{a", max_size=3), inner, max_size=3))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text("[]{}\"\\ab", max_size=6),
    _containers, max_leaves=12,
)


@st.composite
def nested_json(draw: st.DrawFn) -> Any:
    """A JSON value, sometimes wrapped in arrays and objects up to around the depth limit."""
    value = draw(_JSON)
    for _ in range(draw(st.sampled_from([0, 0, 60, 62, 63, 64, 65, 70]))):
        value = [value] if draw(st.booleans()) else {"k[": value}
    return value


@given(nested_json())
def test_the_depth_of_the_parsed_value_is_the_depth_of_its_text(value: Any) -> None:
    """Counted level by level on the value, the depth is the text's bracket nesting."""
    text = json.dumps(value)
    too_deep = serialization._too_deep(text, json.loads(text))
    assert too_deep == (_depth_by_text(text) > serialization.MAX_DEPTH)


@pytest.mark.parametrize(("kind", "data"), [
    (Idea, {UserString("id"): "pilot", "summary": "s", "addresses": ["training"]}),
    (Idea, {**IDEA_BASE, UserString("role"): "champion"}),
    (Touch, {UserString("at"): BASE["at"], **{k: v for k, v in BASE.items() if k != "at"}}),
])
def test_a_key_that_is_not_a_plain_string_is_refused_on_both_paths(kind: type,
                                                                    data: dict[Any, Any]) -> None:
    """A key equal to a field's name but not a str: the strict path's error, on both paths."""

    def read() -> object:
        try:
            return from_dict(kind, data)
        except RelanceError as exc:
            return type(exc), str(exc), exc.field

    assert_alike(read)
    assert "keys must be strings" in str(read())
