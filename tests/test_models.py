"""Bad input: one clear error naming the field and the value, never a partial object."""

from __future__ import annotations

import types
from datetime import datetime, time, timedelta, timezone

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import relance
from relance import (
    Account,
    Channel,
    Checkpoint,
    Contact,
    DuplicateIdError,
    History,
    Idea,
    InvalidValueError,
    NaiveDatetimeError,
    Outcome,
    Policy,
    Proposal,
    RelanceError,
    Role,
    Touch,
    UnknownCountryError,
    UnknownIdError,
    UnknownTimezoneError,
    WorkingHours,
)
from strategies import all_zones

PARIS = "Europe/Paris"
NOON = pendulum.datetime(2026, 11, 2, 12, tz=PARIS)


def ana(**changes: object) -> Contact:
    fields: dict[str, object] = {
        "id": "ana",
        "name": "Ana",
        "role": "decision_maker",
        "timezone": PARIS,
        "country": "FR",
    }
    fields.update(changes)
    return Contact(**fields)  # type: ignore[arg-type]


def test_models_are_frozen_slotted_and_keyword_only() -> None:
    """Models cannot be changed in place, and take keywords only."""
    contact = ana()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        contact.name = "Bob"  # type: ignore[misc]
    assert not hasattr(contact, "__dict__")
    with pytest.raises(TypeError):
        Contact("ana", "Ana", "user", PARIS, "FR")  # type: ignore[misc]
    assert attrs.evolve(contact, name="Ana M.").name == "Ana M."


def test_enum_values_are_lower_case_words() -> None:
    """Members are upper case; values are the words integrations store."""
    assert Outcome.NO_ANSWER.value == "no_answer"
    assert [r.value for r in Role] == [
        "decision_maker",
        "champion",
        "influencer",
        "gatekeeper",
        "user",
    ]
    assert [c.value for c in Channel] == ["email", "phone", "meeting", "video", "message"]
    assert str(Channel.EMAIL) == "email"
    assert ana(role="champion").role is Role.CHAMPION


@pytest.mark.parametrize(
    ("build", "error", "fragment"),
    [
        (
            lambda: Touch(
                at=datetime(2026, 11, 2, 10),
                contact_id="ana",
                channel="email",
                direction="outbound",
                outcome="pending",
            ),
            NaiveDatetimeError,
            "Touch.at: naive datetime '2026-11-02T10:00:00'",
        ),
        (
            lambda: Proposal(at="2026-11-02T10:00+01:00", contact_id="ana", channel="email"),
            InvalidValueError,
            "Proposal.at must be an aware datetime (got '2026-11-02T10:00+01:00'",
        ),
        (
            lambda: ana(timezone="Europe/Pariss"),
            UnknownTimezoneError,
            "Contact.timezone: unknown time zone 'Europe/Pariss'",
        ),
        (lambda: ana(timezone="+02:00"), UnknownTimezoneError, "unknown time zone '+02:00'"),
        (lambda: ana(country="XX"), UnknownCountryError, "unknown country 'XX'"),
        (lambda: ana(country="US", subdivision="ZZ"), UnknownCountryError, "Contact.subdivision"),
        (lambda: ana(role="boss"), InvalidValueError, "Contact.role must be one of"),
        (lambda: ana(channels=set()), InvalidValueError, "Contact.channels must be a non-empty"),
        (lambda: ana(channels={"fax"}), InvalidValueError, "must be one of 'email'"),
        (
            lambda: ana(do_not_contact="yes"),
            InvalidValueError,
            "Contact.do_not_contact must be a bool",
        ),
        (lambda: ana(id=" "), InvalidValueError, "Contact.id must be a non-blank id"),
        (
            lambda: Account(id="a", name="A", needs="training", contacts=[ana()]),
            InvalidValueError,
            "Account.needs must be a collection of strings",
        ),
        (
            lambda: Account(id="a", name="A", needs={"x"}, contacts=[ana(), ana()]),
            DuplicateIdError,
            "Account.contacts[1].id: duplicate id 'ana'",
        ),
        (
            lambda: Account(
                id="a",
                name="A",
                needs={"x"},
                contacts=[ana()],
                checkpoints=[Checkpoint(id="c", contact_id="zoe", at=NOON)],
            ),
            UnknownIdError,
            "Account.checkpoints[0].contact_id: unknown contact id 'zoe'",
        ),
        (
            lambda: Idea(id="i", summary="s", addresses={"x"}, priority=1.5),
            InvalidValueError,
            "Idea.priority must be an int",
        ),
        (
            lambda: Idea(
                id="i", summary="s", addresses={"x"}, available_from=NOON, expires_at=NOON
            ),
            InvalidValueError,
            "must be after available_from",
        ),
        (
            lambda: Touch(
                at=NOON, contact_id="ana", channel="email", direction="inbound", outcome="bounced"
            ),
            InvalidValueError,
            "an inbound touch cannot be 'bounced'",
        ),
        (
            lambda: WorkingHours(start="18:00", end="09:00"),
            InvalidValueError,
            "start '18:00' must be before end",
        ),
        (
            lambda: WorkingHours(start="9h", end="18:00"),
            InvalidValueError,
            "WorkingHours.start must be a time of day",
        ),
        (
            lambda: WorkingHours(start=time(9, tzinfo=timezone.utc), end=time(18)),
            InvalidValueError,
            "must be a local time without an offset",
        ),
        (
            lambda: Policy(backoff=0.5),
            InvalidValueError,
            "Policy.backoff must be a finite number of at least 1",
        ),
        (lambda: Policy(backoff=float("nan")), InvalidValueError, "Policy.backoff"),
        (
            lambda: Policy(min_gap=timedelta(days=-1)),
            InvalidValueError,
            "Policy.min_gap must be zero or more",
        ),
        (lambda: Policy(min_gap=7), InvalidValueError, "Policy.min_gap must be a timedelta"),
        (
            lambda: Policy(max_gap=timedelta(days=3)),
            InvalidValueError,
            "Policy.max_gap 'P3D' must be at least min_gap 'P7D'",
        ),
        (
            lambda: Policy(max_gap=timedelta(days=10, hours=1)),
            InvalidValueError,
            "Policy.max_gap must be whole days when min_gap is",
        ),
        (lambda: Policy(cap=0), InvalidValueError, "Policy.cap must be an int of at least 1"),
        (
            lambda: Policy(cap_window=timedelta(0)),
            InvalidValueError,
            "Policy.cap_window must be positive",
        ),
        (
            lambda: Policy(cool_off=pendulum.duration(months=1)),
            InvalidValueError,
            "months and years have no fixed length",
        ),
        (
            lambda: Policy(working_hours="09:00-18:00"),
            InvalidValueError,
            "Policy.working_hours must be working hours",
        ),
    ],
)
def test_bad_input_is_one_clear_error(build, error, fragment) -> None:  # type: ignore[no-untyped-def]
    """The error is a RelanceError subclass whose message names the field and value."""
    with pytest.raises(error) as info:
        build()
    assert isinstance(info.value, RelanceError)
    assert fragment in str(info.value)
    assert info.value.field


def test_working_hours_may_be_given_as_a_pair() -> None:
    """("08:30", "17:00") is read as WorkingHours, for the policy and for a contact."""
    hours = WorkingHours(start="08:30", end="17:00")
    assert Policy(working_hours=("08:30", "17:00")).working_hours == hours
    assert ana(working_hours=(time(8, 30), time(17))).working_hours == hours
    with pytest.raises(InvalidValueError, match="start '17:00' must be before end"):
        Policy(working_hours=("17:00", "08:30"))


def test_errors_also_are_the_matching_builtins() -> None:
    """Callers catching ValueError or KeyError keep working."""
    assert issubclass(InvalidValueError, ValueError)
    assert issubclass(NaiveDatetimeError, ValueError)
    assert issubclass(UnknownIdError, KeyError)
    error = UnknownIdError("unknown contact id 'zoe'", field="contact_id", value="zoe")
    assert str(error) == "unknown contact id 'zoe'"  # not KeyError's quoted repr
    assert (error.field, error.value) == ("contact_id", "zoe")


def test_aware_stdlib_datetimes_become_pendulum() -> None:
    """An aware stdlib datetime is accepted and becomes a pendulum DateTime, same instant."""
    stdlib = datetime(2026, 11, 2, 10, tzinfo=timezone(timedelta(hours=1)))
    touch = Touch(
        at=stdlib, contact_id="ana", channel="email", direction="outbound", outcome="pending"
    )
    assert isinstance(touch.at, pendulum.DateTime)
    assert touch.at == stdlib


def _world() -> tuple[Account, list[Idea]]:
    account = Account(
        id="acme",
        name="Acme",
        needs={"training"},
        contacts=[ana()],
        checkpoints=[Checkpoint(id="cp", contact_id="ana", at=NOON)],
    )
    return account, [Idea(id="pilot", summary="s", addresses={"training"})]


@pytest.mark.parametrize(
    ("proposal", "history", "ideas", "error", "fragment"),
    [
        (
            Proposal(at=NOON, contact_id="zoe", channel="email", idea_id="pilot"),
            [],
            None,
            UnknownIdError,
            "unknown contact id 'zoe' (account 'acme' has: 'ana')",
        ),
        (
            Proposal(at=NOON, contact_id="ana", channel="email", idea_id="nope"),
            [],
            None,
            UnknownIdError,
            "proposal.idea_id: unknown idea id 'nope' (the backlog has: 'pilot')",
        ),
        (
            Proposal(at=NOON, contact_id="ana", channel="email", checkpoint_id="nope"),
            [],
            None,
            UnknownIdError,
            "unknown checkpoint id 'nope'",
        ),
        (
            Proposal(at=NOON, contact_id="ana", channel="email", idea_id="pilot"),
            [
                Touch(
                    at=NOON,
                    contact_id="ana",
                    channel="email",
                    direction="outbound",
                    outcome="pending",
                ),
                Touch(
                    at=NOON,
                    contact_id="zoe",
                    channel="email",
                    direction="outbound",
                    outcome="pending",
                ),
            ],
            None,
            UnknownIdError,
            "history[1].contact_id: unknown contact id 'zoe'",
        ),
        (
            Proposal(at=NOON, contact_id="ana", channel="email", idea_id="pilot"),
            ["touch"],
            None,
            InvalidValueError,
            "history[0] must be a Touch",
        ),
        (
            Proposal(at=NOON, contact_id="ana", channel="email", idea_id="pilot"),
            [],
            [
                Idea(id="pilot", summary="a", addresses={"x"}),
                Idea(id="pilot", summary="b", addresses={"x"}),
            ],
            DuplicateIdError,
            "ideas[1].id: duplicate id 'pilot'",
        ),
    ],
)
def test_check_refuses_inconsistent_input(proposal, history, ideas, error, fragment) -> None:  # type: ignore[no-untyped-def]
    """Unknown ids and malformed collections raise before any rule runs."""
    account, default_ideas = _world()
    with pytest.raises(error) as info:
        Policy().check(
            proposal,
            account=account,
            history=history,
            ideas=default_ideas if ideas is None else ideas,
        )
    assert fragment in str(info.value)


def test_check_refuses_arguments_of_the_wrong_kind() -> None:
    """Passing a dict where a model is expected is a clear error, not an AttributeError."""
    account, ideas = _world()
    with pytest.raises(InvalidValueError, match="proposal must be a Proposal"):
        Policy().check({"at": NOON}, account=account, history=[], ideas=ideas)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="account must be an Account"):
        Policy().check(
            Proposal(at=NOON, contact_id="ana", channel="email"),
            account={"id": "acme"},
            history=[],
            ideas=ideas,
        )  # type: ignore[arg-type]


def test_ideas_may_be_a_mapping() -> None:
    """A backlog indexed by id works as well as a list."""
    account, ideas = _world()
    proposal = Proposal(at=NOON, contact_id="ana", channel="email", idea_id="pilot")
    assert Policy().check(proposal, account=account, history=[], ideas={"pilot": ideas[0]}).allowed


@given(st.sampled_from(all_zones()))
def test_every_iana_zone_is_accepted(zone: str) -> None:
    """Any zone of the IANA database is a valid contact zone."""
    assert ana(timezone=zone).timezone == zone


def test_history_is_sorted_and_derives_its_facts() -> None:
    """Touches arrive in any order; the history keeps them sorted."""
    later = Touch(
        at=NOON.add(days=1),
        contact_id="ana",
        channel="email",
        direction="outbound",
        outcome="no_answer",
        idea_id="b",
    )
    earlier = Touch(
        at=NOON, contact_id="ana", channel="email", direction="inbound", outcome="replied"
    )
    history = History([later, earlier])
    assert history.touches == (earlier, later)
    assert history[0] == earlier
    assert history[-1:] == (later,)
    assert len(history) == 2
    assert list(history) == [earlier, later]
    assert history.last_outbound_at == later.at
    assert history.unanswered_streak == 1
    assert history.unanswered_streak_of("ana") == 1
    assert history.unanswered_streak_of("nobody") == 0
    assert not history.awaits_reply("ana")
    assert history.shared_ideas == frozenset({"b"})
    assert history.kept_checkpoints == frozenset()
    assert history.contact_ids == frozenset({"ana"})
    assert repr(history) == "History(<2 touches>)"
    assert history == History([earlier, later])
    assert hash(history) == hash(History([earlier, later]))
    assert History([earlier]).awaits_reply("ana")


def test_with_touch_out_of_order_rebuilds() -> None:
    """Adding a touch earlier than the last one still gives the sorted history."""
    first = Touch(
        at=NOON, contact_id="ana", channel="email", direction="outbound", outcome="no_answer"
    )
    second = Touch(
        at=NOON.add(days=2),
        contact_id="ana",
        channel="email",
        direction="outbound",
        outcome="replied",
    )
    middle = Touch(
        at=NOON.add(days=1),
        contact_id="ana",
        channel="email",
        direction="outbound",
        outcome="no_answer",
    )
    grown = History([first, second]).with_touch(middle)
    assert grown == History([first, middle, second])
    assert grown.unanswered_streak == 0
    with pytest.raises(InvalidValueError):
        grown.with_touch("touch")  # type: ignore[arg-type]


def test_public_surface_is_exactly_all() -> None:
    """`__all__` lists exactly the public names, each documented."""
    public = {
        name for name in dir(relance)
        if not name.startswith("_") and not isinstance(getattr(relance, name), types.ModuleType)
    }
    assert set(relance.__all__) - {"__version__"} == public
    for name in public:
        assert getattr(relance, name).__doc__, name
    assert isinstance(relance.__version__, str)


def test_a_mapping_backlog_must_be_keyed_by_idea_id() -> None:
    """A mapping whose key is not its idea's id is refused, not trusted."""
    account, ideas = _world()
    proposal = Proposal(at=NOON, contact_id="ana", channel="email", idea_id="other")
    with pytest.raises(InvalidValueError, match="keys must be the ideas' ids"):
        Policy().check(proposal, account=account, history=[], ideas={"other": ideas[0]})


def test_a_tuple_backlog_is_indexed_once_and_still_validated() -> None:
    """Tuples are indexed once; a duplicate id in a tuple is still refused."""
    account, ideas = _world()
    backlog = tuple(ideas)
    proposal = Proposal(at=NOON, contact_id="ana", channel="email", idea_id="pilot")
    assert Policy().check(proposal, account=account, history=[], ideas=backlog).allowed
    assert Policy().check(proposal, account=account, history=[], ideas=backlog).allowed
    with pytest.raises(DuplicateIdError):
        Policy().check(proposal, account=account, history=[], ideas=(*backlog, *backlog))


def test_every_edge_that_registers_with_the_core_is_loaded_on_demand() -> None:
    """A fresh `import relance` loads no edge; the first message loads them all.

    Every module that registers with the core (renderers, readers, writers).
    """
    import subprocess
    import sys
    from pathlib import Path

    source = Path(relance.__file__).resolve().parent
    registering = sorted(
        ".".join(("relance", *path.relative_to(source).with_suffix("").parts))
        for path in source.rglob("*.py")
        if "_core" not in path.parts
        and any(f"{hook}(" in path.read_text(encoding="utf-8")
                for hook in ("register_renderer", "register_reader", "register_edge"))
    )
    assert registering  # else the test tests nothing
    code = (
        "import sys, relance\n"
        f"edges = {registering!r}\n"
        "assert not [m for m in edges if m in sys.modules], 'loaded at import'\n"
        "assert 'cattrs' not in sys.modules and 'babel' not in sys.modules\n"
        "relance.Explanation(code='when.never').message\n"
        "missing = [m for m in edges if m not in sys.modules]\n"
        "assert not missing, missing\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
