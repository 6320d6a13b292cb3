"""One error model; elapsed and calendar durations kept apart; the core imports no edge."""

from __future__ import annotations

import ast
import json
from datetime import datetime, timedelta
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import relance
from relance import (
    Account,
    Contact,
    CustomRule,
    Document,
    DuplicateIdError,
    Elapsed,
    Idea,
    InvalidValueError,
    Policy,
    Problem,
    Proposal,
    RelanceError,
    Touch,
    UnknownIdError,
    from_dict,
    from_json,
    plan,
    to_dict,
    to_json,
)
from relance._core.instants import MAX_DURATION, format_duration, span_of
from relance._io.serialization import parse_duration
from relance.testing import World, worlds

SRC = Path(relance.__file__).parent
PARIS = "Europe/Paris"


def _ana() -> Contact:
    return Contact(id="ana", name="Ana", role="decision_maker", timezone=PARIS, country="FR")


def _acme() -> Account:
    return Account(id="acme", name="Acme", needs={"onboarding"}, contacts=[_ana()])


def _pilot() -> Idea:
    return Idea(id="pilot", summary="A pilot", addresses={"onboarding"})


# -- durations ---------------------------------------------------------------


def test_elapsed_is_elapsed_even_in_whole_days() -> None:
    """Across the spring-forward night, a calendar day is 23 hours; Elapsed(hours=24) is 24."""
    sent = pendulum.datetime(2026, 3, 28, 10, tz=PARIS)
    touch = Touch(at=sent, contact_id="ana", channel="email", direction="outbound",
                  outcome="replied")
    proposal = Proposal(at=sent.add(hours=1), contact_id="ana", channel="email",
                        idea_id="pilot")

    def earliest(gap: timedelta) -> str:
        policy = Policy(min_gap=gap, max_gap=gap, working_hours=("00:00", "23:59"),
                        without={"non-working-day"})
        verdict = policy.check(proposal, account=_acme(), history=[touch], ideas=[_pilot()])
        assert verdict.earliest is not None
        return verdict.earliest.isoformat()

    assert earliest(timedelta(days=1)) == "2026-03-29T10:00:00+02:00"
    assert earliest(Elapsed(hours=24)) == "2026-03-29T11:00:00+02:00"


def test_elapsed_compares_by_meaning() -> None:
    """Equal when they mean the same: 36 h either way; 24 h is not a calendar day."""
    assert Elapsed(hours=36) == timedelta(hours=36)
    assert timedelta(hours=36) == Elapsed(hours=36)
    assert Elapsed(hours=24) != timedelta(days=1)
    assert timedelta(days=1) != Elapsed(hours=24)
    assert hash(Elapsed(hours=36)) == hash(timedelta(hours=36))
    assert Policy(min_gap=Elapsed(hours=48), max_gap=Elapsed(hours=48)) != Policy(
        min_gap=timedelta(days=2), max_gap=timedelta(days=2)
    )
    assert repr(Elapsed(hours=1, microseconds=5)) == "Elapsed(hours=1, microseconds=5)"


def test_json_keeps_what_a_duration_says() -> None:
    """P2D is two calendar days, PT48H 48 elapsed hours, through a round trip."""
    policy = Policy(min_gap=Elapsed(hours=48), max_gap=Elapsed(hours=96),
                    cool_off=timedelta(days=2))
    data = policy.to_dict()
    assert (data["min_gap"], data["max_gap"], data["cool_off"]) == ("PT48H", "PT96H", "P2D")
    again = Policy.from_dict(data)
    assert again == policy
    assert isinstance(again.min_gap, Elapsed)
    assert not isinstance(again.cool_off, Elapsed)
    assert again.to_dict() == data


DURATIONS = st.one_of(
    st.integers(0, MAX_DURATION.days).map(lambda d: timedelta(days=d)),
    st.integers(0, MAX_DURATION // timedelta(microseconds=1)).map(
        lambda us: timedelta(microseconds=us)
    ),
    st.integers(0, MAX_DURATION // timedelta(microseconds=1)).map(
        lambda us: Elapsed(microseconds=us)
    ),
)


@given(DURATIONS)
@example(timedelta(microseconds=1))
@example(timedelta(seconds=1, microseconds=1))
@example(timedelta(seconds=12, microseconds=345678))
@example(Elapsed(days=2))
@example(MAX_DURATION)
def test_durations_round_trip_to_the_microsecond(duration: timedelta) -> None:
    """Every duration in range is written in ISO 8601 and read back with its meaning."""
    text = format_duration(duration)
    back = parse_duration(text)
    assert back == duration
    assert span_of(back) == span_of(duration)
    assert format_duration(back) == text
    assert "e" not in text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("P1DT12H", "days and hours do not mix"),
        ("P\u0661D", "not an ISO 8601 duration"),  # an Arabic-Indic one
        ("PT\uff11H", "not an ISO 8601 duration"),  # a full-width one
        ("P999999999D", "out of range"),
        ("PT0.0000001S", "not an ISO 8601 duration"),  # finer than a microsecond
        ("P1M", "months and years"),
        ("-P1D", "not an ISO 8601 duration"),
        ("P", "not an ISO 8601 duration"),
        ("PT", "not an ISO 8601 duration"),
        ("p1d", "not an ISO 8601 duration"),
    ],
)
def test_bad_durations_are_refused(text: str, fragment: str) -> None:
    """Nothing outside the documented duration syntax and range is read."""
    with pytest.raises(InvalidValueError, match=fragment) as info:
        from_dict(Policy, {"cool_off": text})
    assert info.value.field == "cool_off"
    assert info.value.value == text


def test_months_are_refused_by_plan() -> None:
    """plan(horizon=duration(months=3)) is refused, as Policy refuses months."""
    with pytest.raises(InvalidValueError, match="months") as info:
        plan(account=_acme(), history=[], ideas=[], policy=Policy(),
             now=pendulum.datetime(2026, 11, 2, tz=PARIS), horizon=pendulum.duration(months=3))
    assert info.value.field == "horizon"


# -- the error itself ---------------------------------------------------------


def test_every_problem_is_listed_then_summed_up() -> None:
    """Fifty bad touches: fifty problems, a message of five and '… and 45 more'."""
    touches = [
        {"at": f"2026-11-{d:02d}T10:00", "contact_id": "ana", "channel": "email",
         "direction": "outbound", "outcome": "no_answer"}
        for d in range(1, 26)
    ] * 2
    document = {"account": to_dict(_acme()), "history": touches}
    with pytest.raises(InvalidValueError) as info:
        from_json(Document, json.dumps(document))
    error = info.value
    assert len(error.problems) == 50
    assert all(isinstance(p, Problem) for p in error.problems)
    assert [p.field for p in error.problems[:2]] == ["history[0].at", "history[1].at"]
    assert error.field == "history[0].at"
    assert error.value == "2026-11-01T10:00"
    assert str(error).endswith("… and 45 more")
    assert "\n" not in str(error)


def test_the_value_is_the_leaf_and_huge_values_are_trimmed() -> None:
    """exc.value is the bad leaf, never the document; a long string is cut."""
    name = "x" * 5000
    with pytest.raises(InvalidValueError) as info:
        from_dict(Document, {"account": {**to_dict(_acme()), "name": 5}, "history": []})
    assert info.value.field == "account.name"
    assert info.value.value == 5
    with pytest.raises(InvalidValueError) as info:
        from_dict(Policy, {"without": [name]})
    value = info.value.value
    assert isinstance(value, str)
    assert len(value) == 201
    assert value.endswith("…")


def test_top_level_policy_errors_keep_their_field() -> None:
    """`cap: -3` in a policy file is field `cap`, not `$` or an empty string."""
    with pytest.raises(InvalidValueError) as info:
        Policy.from_dict({"cap": -3})
    assert info.value.field == "cap"
    assert info.value.value == -3
    assert str(info.value) == "invalid Policy: cap: must be an int of at least 1 (got -3)"


def test_data_errors_quote_iso_values_not_python_reprs() -> None:
    """A TOML or JSON author reads 'P5D', never datetime.timedelta(days=5)."""
    with pytest.raises(InvalidValueError) as info:
        Policy.from_dict({"min_gap": "P9D", "max_gap": "P5D"})
    assert "'P5D'" in str(info.value)
    assert "timedelta" not in str(info.value)
    assert info.value.value == "P5D"


# -- what check and plan accept ---------------------------------------------


def _inconsistent(world: World, how: str) -> World:
    """The world with one inconsistency ``plan`` must refuse."""
    if how == "touch-checkpoint":
        touch = Touch(at=world.proposal.at.subtract(days=1), contact_id=world.proposal.contact_id,
                      channel="email", direction="outbound", outcome="no_answer",
                      checkpoint_id="nowhere")
        return attrs.evolve(world, history=(*world.history, touch))
    if how == "touch-contact":
        touch = Touch(at=world.proposal.at.subtract(days=1), contact_id="nobody",
                      channel="email", direction="outbound", outcome="no_answer")
        return attrs.evolve(world, history=(touch, *world.history))
    if how == "idea-contact":
        idea = Idea(id="aimed", summary="s", addresses=world.account.needs, contact_id="nobody")
        return attrs.evolve(world, ideas=(*world.ideas, idea))
    twin = Idea(id="twin", summary="s", addresses=world.account.needs)
    return attrs.evolve(world, ideas=(*world.ideas, twin, twin))


@given(worlds(), st.sampled_from(["touch-checkpoint", "touch-contact", "idea-contact", "twin"]))
def test_check_never_allows_what_plan_refuses(world: World, how: str) -> None:
    """The same inconsistent input gets the same error class from check and from plan."""
    bad = _inconsistent(world, how)
    expected = DuplicateIdError if how == "twin" else UnknownIdError
    with pytest.raises(expected) as checked:
        bad.check()
    with pytest.raises(expected) as planned:
        plan(account=bad.account, history=bad.history, ideas=bad.ideas, policy=bad.policy,
             now=bad.now, horizon=timedelta(weeks=2))
    assert checked.value.field == planned.value.field


@given(worlds(), st.integers(1, 40 * 24))
def test_plan_refuses_a_touch_after_now(world: World, hours: int) -> None:
    """A touch after `now` has not happened: refused, naming its position in the history."""
    history = (*world.history, Touch(at=world.now.add(hours=hours),
                                     contact_id=world.proposal.contact_id, channel="email",
                                     direction="outbound", outcome="no_answer"))
    with pytest.raises(InvalidValueError, match="is after now") as info:
        plan(account=world.account, history=history, ideas=world.ideas, policy=world.policy,
             now=world.now, horizon=timedelta(weeks=2))
    assert info.value.field == f"history[{len(history) - 1}].at"


@pytest.mark.parametrize(
    ("history", "fragment"),
    [
        (None, "history must be a sequence of Touch objects (got None)"),
        ("abc", "history must be a sequence of Touch objects (got 'abc', a string)"),
        ("touch", "not a single Touch (wrap it in a list)"),
        ([1], "history[0] must be a Touch (got 1, an integer)"),
    ],
)
def test_history_must_be_a_sequence_of_touches(history: object, fragment: str) -> None:
    """None, a string or a lone Touch is refused by check and by plan, naming `history`."""
    touch = Touch(at=pendulum.datetime(2026, 11, 2, 10, tz=PARIS), contact_id="ana",
                  channel="email", direction="outbound", outcome="no_answer")
    given_history = touch if history == "touch" else history
    proposal = Proposal(at=pendulum.datetime(2026, 11, 20, 10, tz=PARIS), contact_id="ana",
                        channel="email", idea_id="pilot")
    with pytest.raises(InvalidValueError) as checked:
        Policy().check(proposal, account=_acme(), history=given_history,  # type: ignore[arg-type]
                       ideas=[_pilot()])
    assert fragment in str(checked.value)
    with pytest.raises(InvalidValueError) as planned:
        plan(account=_acme(), history=given_history, ideas=[_pilot()],  # type: ignore[arg-type]
             policy=Policy(), now=proposal.at, horizon=timedelta(weeks=2))
    assert checked.value.field == planned.value.field


@pytest.mark.parametrize(
    ("returned", "fragment"),
    [
        (datetime(2030, 1, 1), "returned a naive datetime"),
        ("tomorrow", "returned 'tomorrow'"),
        (pendulum.datetime(2020, 1, 1, tz="UTC"), "not later"),
    ],
)
def test_custom_rules_must_return_an_aware_later_instant(returned: object, fragment: str) -> None:
    """A rule returning a naive datetime, a string or an earlier instant is named in one error."""

    class Odd(CustomRule):
        code = "odd-rule"

        def refuses(self, situation: object, at: pendulum.DateTime) -> object:  # type: ignore[override]
            return returned

    proposal = Proposal(at=pendulum.datetime(2026, 11, 20, 10, tz=PARIS), contact_id="ana",
                        channel="email", idea_id="pilot")
    with pytest.raises(InvalidValueError, match=fragment) as info:
        Policy(rules=[Odd()]).check(proposal, account=_acme(), history=[], ideas=[_pilot()])
    assert info.value.field == "Policy.rules[0]"
    assert "'odd-rule'" in str(info.value)


def test_lone_surrogates_never_load() -> None:
    """A lone surrogate in JSON text is refused with its path, not written out later."""
    text = '{"id": "x", "summary": "bad \\ud800", "addresses": ["a"]}'
    with pytest.raises(InvalidValueError) as info:
        from_json(Idea, text)
    assert info.value.field == "summary"


def test_a_loaded_document_writes_back_identically() -> None:
    """The example document is a fixed point of from_json and to_json."""
    text = (Path(__file__).parent.parent / "examples" / "acme.json").read_text("utf-8")
    once = to_json(from_json(Document, text))
    assert to_json(from_json(Document, once)) == once


# -- the shape of the code ----------------------------------------------------

EDGES = ("_io", "_cli", "_words", "portfolio", "plot", "frames", "simulate", "_simulate",
         "testing")
IO_MODULES = {"json", "os", "sys", "io", "pathlib", "shutil", "subprocess", "tomllib", "socket"}


@pytest.mark.parametrize("path", sorted((SRC / "_core").glob("*.py")), ids=lambda p: p.name)
def test_the_core_imports_no_edge_and_does_no_io(path: Path) -> None:
    """Nothing in relance._core imports an edge, an I/O module, or calls open()."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            assert not (node.level >= 2 and module.split(".")[0] in EDGES), (path, module)
            assert not module.startswith(tuple(f"relance.{e}" for e in EDGES)), (path, module)
            assert module.split(".")[0] not in IO_MODULES, (path, module)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                assert alias.name.split(".")[0] not in IO_MODULES, (path, alias.name)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "open", path


def test_policy_io_names_keep_working() -> None:
    """Policy.from_dict, from_toml and to_dict work, with the edge registered by relance."""
    policy = Policy.from_dict({"cap": 2})
    assert policy.to_dict()["cap"] == 2
    assert issubclass(InvalidValueError, RelanceError)


def test_problems_come_in_input_order_with_unknown_ids_among_them() -> None:
    """A naive instant and an unknown idea are both listed at once, in reading order."""
    data = json.loads((Path(__file__).parent.parent / "examples" / "acme.json").read_text("utf-8"))
    data["history"][0]["idea_id"] = "nope"
    data["history"][1]["at"] = "2026-01-01T10:00"
    data["policy"] = {"cap": -1, "min_gap": "x"}
    with pytest.raises(InvalidValueError) as info:
        from_dict(Document, data)
    assert [p.field for p in info.value.problems] == [
        "history[0].idea_id", "history[1].at", "policy.cap", "policy.min_gap",
    ]


@pytest.mark.parametrize(
    "text",
    ["2026-09-22 11:00:00+02:00", "2026-W39-2T11:00:00+02:00", "20260922T110000+0200",
     "2026-09-22t11:00:00Z"],
)
def test_instants_are_rfc_3339_only(text: str) -> None:
    """Shapes fromisoformat would take but the schema refuses are refused: read = written."""
    with pytest.raises(InvalidValueError, match="not an ISO 8601 instant") as info:
        from_dict(Touch, {"at": text, "contact_id": "ana", "channel": "email",
                          "direction": "outbound", "outcome": "no_answer"})
    assert info.value.field == "at"


def test_python_messages_stay_short_whatever_the_value() -> None:
    """A 100,000-item list where a string is expected: a short message, the value kept."""
    with pytest.raises(InvalidValueError) as info:
        Touch(at=pendulum.datetime(2026, 11, 2, 10, tz=PARIS), contact_id=list(range(100_000)),
              channel="email", direction="outbound", outcome="no_answer")  # type: ignore[arg-type]
    assert len(str(info.value)) < 300
    assert info.value.value == "<list of 100000 items>"


def test_huge_integers_are_refused_without_crashing() -> None:
    """10**5000 (more digits than str() converts) is refused by name, not by a ValueError."""
    for build in (lambda: Policy(cap=10**5000), lambda: Policy(backoff=10**5000),
                  lambda: Policy(cap=-(10**5000))):
        with pytest.raises(InvalidValueError, match="Policy"):
            build()


def test_sub_second_offsets_are_refused_not_truncated() -> None:
    """An offset of 1 h and 5 µs would be cut by the conversion: refused, in Python and JSON."""
    from datetime import timezone

    odd = timezone(timedelta(hours=1, microseconds=5))
    with pytest.raises(InvalidValueError, match="fraction of a second") as info:
        Touch(at=datetime(2026, 1, 1, tzinfo=odd), contact_id="ana", channel="email",
              direction="outbound", outcome="pending")
    assert info.value.field == "Touch.at"
    with pytest.raises(InvalidValueError, match="not an ISO 8601 instant"):
        from_dict(Touch, {"at": "2026-01-01T10:00:00+01:00:00.5", "contact_id": "ana",
                          "channel": "email", "direction": "outbound", "outcome": "pending"})


def test_check_refuses_a_touch_naming_an_unknown_checkpoint() -> None:
    """Checkpoints are the account's own: check and plan refuse a touch naming another."""
    touch = Touch(at=pendulum.datetime(2026, 11, 2, 10, tz=PARIS), contact_id="ana",
                  channel="email", direction="outbound", outcome="no_answer",
                  checkpoint_id="ghost")
    proposal = Proposal(at=pendulum.datetime(2026, 11, 20, 10, tz=PARIS), contact_id="ana",
                        channel="email", idea_id="pilot")
    with pytest.raises(UnknownIdError) as checked:
        Policy().check(proposal, account=_acme(), history=[touch], ideas=[_pilot()])
    with pytest.raises(UnknownIdError) as planned:
        plan(account=_acme(), history=[touch], ideas=[_pilot()], policy=Policy(),
             now=proposal.at, horizon=timedelta(weeks=2))
    assert checked.value.field == planned.value.field == "history[0].checkpoint_id"


def test_an_elapsed_gap_grows_by_the_decimal_backoff_exactly() -> None:
    """1 h with a backoff of 1.1: 4,356 s after two unanswered touches, not 4,356.000001 s."""
    policy = Policy(min_gap=timedelta(hours=1), max_gap=timedelta(hours=10), backoff=1.1)
    assert policy.required_gap(2) == timedelta(seconds=4356)
    assert policy.required_gap(3) == timedelta(seconds=4791, microseconds=600000)


def test_plan_holds_now_to_what_a_model_holds_an_instant_to() -> None:
    """Plan's `now` goes through the models' one instant check: a broken tzinfo is named."""
    from datetime import tzinfo

    class Broken(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta:
            return timedelta(hours=25)

    with pytest.raises(InvalidValueError, match="no valid UTC offset") as info:
        plan(account=_acme(), history=[], ideas=[], policy=Policy(),
             now=datetime(2026, 11, 2, 10, tzinfo=Broken()), horizon=timedelta(weeks=2))
    assert info.value.field == "now"
