"""relance.frames: DataFrames both ways, for pandas and polars.

The round trips are the specification: a frame written by the library reads
back to the same models, and writing those again gives the very same frame;
models written and read back are the same models.  Bad frames are refused
whole, every problem named by frame, row and column.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from relance import (
    Account,
    Contact,
    History,
    Idea,
    InvalidValueError,
    NaiveDatetimeError,
    Policy,
    Proposal,
    RelanceError,
    Touch,
    UnknownTimezoneError,
    plan,
)
from relance import testing as kit
from relance.frames import (
    audit_frames,
    contacts_frame,
    contacts_from_frame,
    history_from_frame,
    ideas_frame,
    ideas_from_frame,
    plan_frames,
    touches_frame,
    touches_from_frame,
    verdicts_frame,
)
from strategies import scaled

pl = pytest.importorskip("polars")


LIBRARIES = ("pandas", "polars")
NOW = pendulum.datetime(2026, 11, 23, 9, tz="Europe/Paris")


def equal_frames(left: object, right: object) -> None:
    if isinstance(left, pd.DataFrame):
        pd.testing.assert_frame_equal(left, right)  # type: ignore[arg-type]
    else:
        assert left.equals(right), (left, right)  # type: ignore[attr-defined]


def same_touches(left: list[Touch], right: list[Touch], *, offsets: bool = True) -> None:
    """Equal touches, instants compared as instants (PEP 495 makes == fail in a fold).

    ``offsets``: each instant is also expressed at the same offset.
    """
    assert len(left) == len(right)
    for a, b in zip(left, right, strict=True):
        assert a.at.timestamp() == b.at.timestamp()
        assert not offsets or a.at.utcoffset() == b.at.utcoffset()
        assert (a.returns_at is None) == (b.returns_at is None)
        if a.returns_at is not None and b.returns_at is not None:
            assert a.returns_at.timestamp() == b.returns_at.timestamp()
        for field in ("contact_id", "channel", "direction", "outcome", "idea_id",
                      "checkpoint_id", "text"):
            assert getattr(a, field) == getattr(b, field)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[Account, list[Touch], list[Idea]]:
    account = draw(kit.accounts())
    touches = draw(kit.histories(account=account))
    backlog = draw(kit.ideas(account=account))
    return account, touches, backlog


# -- round trips ---------------------------------------------------------------


def at_fixed_offsets(touches: list[Touch]) -> list[Touch]:
    """The touches, each instant at its own offset as a fixed zone (JSON without a zone)."""
    import attrs

    def fixed(at: pendulum.DateTime) -> pendulum.DateTime:
        offset = at.utcoffset()
        assert offset is not None
        return at.in_timezone(pendulum.fixed_timezone(int(offset.total_seconds())))

    return [attrs.evolve(t, at=fixed(t.at)) for t in touches]


@settings(max_examples=scaled(40), deadline=None)
@given(world=worlds(), library=st.sampled_from(LIBRARIES), named=st.booleans(),
       fixed=st.booleans())
def test_touches_round_trip(world: tuple[Account, list[Touch], list[Idea]], library: str,
                            named: bool, fixed: bool) -> None:
    """Touches → frame → touches keeps every field; frame → touches → frame is the same frame.

    Instants in IANA zones and at fixed offsets alike.
    """
    account, touches, _ = world
    if fixed:
        touches = at_fixed_offsets(touches)
    given_account = account if named else None
    frame = touches_frame(touches, account=given_account, library=library)  # type: ignore[arg-type]
    back = list(touches_from_frame(frame))
    same_touches(touches, back, offsets=not named)
    if named:  # expressed in each contact's own zone
        zones = {c.id: c.timezone for c in account.contacts}
        assert all(t.at.timezone_name == zones[t.contact_id] for t in back)
    again = touches_frame(back, account=given_account, library=library)  # type: ignore[arg-type]
    equal_frames(frame, again)
    assert history_from_frame(frame) == History(back)


@settings(max_examples=scaled(40), deadline=None)
@given(world=worlds(), library=st.sampled_from(LIBRARIES))
def test_contacts_and_ideas_round_trip(world: tuple[Account, list[Touch], list[Idea]],
                                       library: str) -> None:
    """Contacts and ideas → frame → models are the same models, and the same frame again."""
    account, _, backlog = world
    frame = contacts_frame(account, library=library)  # type: ignore[arg-type]
    people = contacts_from_frame(frame)
    assert people == account.contacts
    rebuilt = Account(id=account.id, name=account.name, needs=account.needs, contacts=people)
    equal_frames(frame, contacts_frame(rebuilt, library=library))  # type: ignore[arg-type]
    frame = ideas_frame(backlog, library=library)  # type: ignore[arg-type]
    back = ideas_from_frame(frame)
    assert [i.id for i in back] == [i.id for i in backlog]
    for a, b in zip(backlog, back, strict=True):
        assert attrs_equal(a, b)
    equal_frames(frame, ideas_frame(back, library=library))  # type: ignore[arg-type]


def attrs_equal(a: Idea, b: Idea) -> bool:
    """Ideas equal, instants as instants."""
    def stamp(v: datetime | None) -> float | None:
        return None if v is None else v.timestamp()

    return (
        (a.id, a.summary, a.addresses, a.priority, a.contact_id, a.role, a.first_step,
         a.repair, a.proof, a.differentiates) ==
        (b.id, b.summary, b.addresses, b.priority, b.contact_id, b.role, b.first_step,
         b.repair, b.proof, b.differentiates)
        and stamp(a.available_from) == stamp(b.available_from)
        and stamp(a.expires_at) == stamp(b.expires_at)
    )


@settings(max_examples=scaled(25), deadline=None)
@given(world=worlds(), library=st.sampled_from(LIBRARIES))
def test_plan_frames_hold_every_item(world: tuple[Account, list[Touch], list[Idea]],
                                     library: str) -> None:
    """One row per relance, need, advice, skipped, waiting idea and flag, as the plan says."""
    account, touches, backlog = world
    now = max([NOW, *(t.at.add(hours=1) for t in touches)])  # after every touch
    made = plan(account=account, history=touches, ideas=backlog, policy=Policy(), now=now,
                horizon=timedelta(weeks=8))
    frames = plan_frames(made, accounts=[account], ideas=backlog,
                         library=library)  # type: ignore[arg-type]
    for part in ("relances", "needs", "advice", "skipped", "waiting", "flags"):
        frame = getattr(frames, part)
        assert len(frame) == len(getattr(made, part)), part
        if len(frame):
            assert set(frame["account_id"]) == {account.id}
    rows = frames.relances
    if isinstance(rows, pd.DataFrame):
        rows = pl.from_pandas(rows)
    for relance, row in zip(made.relances, rows.iter_rows(named=True), strict=True):
        assert row["at"].timestamp() == relance.at.timestamp()
        assert row["local"] == relance.at.isoformat()
        assert row["zone"] == account._by_id[relance.contact_id].timezone
        assert row["contact"] == account._by_id[relance.contact_id].name
        assert row["why"] == relance.why
        if relance.idea_id is not None:
            assert row["idea"] == {i.id: i for i in backlog}[relance.idea_id].summary


# -- examples ------------------------------------------------------------------

ANA = Contact(id="ana", name="Ana Diaz", role="decision_maker", timezone="Europe/Paris",
              country="FR")
ACME = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA])


def touch_rows(**changes: object) -> pd.DataFrame:
    data: dict[str, object] = {
        "at": pd.to_datetime(["2026-11-02 10:00", "2026-11-09 10:00"]).tz_localize(
            "Europe/Paris"),
        "contact_id": ["ana", "ana"],
        "channel": ["email", "phone"],
        "direction": ["outbound", "inbound"],
        "outcome": ["no_answer", "replied"],
        "idea_id": ["pilot", None],
    }
    data.update(changes)
    return pd.DataFrame(data)


def test_a_pandas_frame_as_an_analyst_has_it() -> None:
    """Timestamps, missing values and numpy scalars read as what they mean."""
    touches = touches_from_frame(touch_rows())
    assert [t.at.isoformat() for t in touches] == [
        "2026-11-02T10:00:00+01:00", "2026-11-09T10:00:00+01:00"]
    assert touches[0].idea_id == "pilot"
    assert touches[1].idea_id is None
    ideas = ideas_from_frame(pd.DataFrame({
        "id": ["pilot", "case"], "summary": ["A pilot", "A case"],
        "addresses": [np.array(["training"]), ("training", "budget")],
        "priority": pd.array([np.int64(2), pd.NA], dtype="Int64"),
        "first_step": [np.bool_(True), False],
        "expires_at": [pd.NaT, pd.Timestamp("2027-01-01", tz="UTC")],
    }))
    assert ideas[0].priority == 2
    assert ideas[1].priority == 0
    assert ideas[0].first_step is True
    assert ideas[1].addresses == {"training", "budget"}
    assert ideas[0].expires_at is None
    assert ideas[1].expires_at == pendulum.datetime(2027, 1, 1, tz="UTC")


def test_a_polars_frame() -> None:
    frame = pl.DataFrame({
        "at": [datetime(2026, 11, 2, 9, tzinfo=timezone.utc)],
        "contact_id": ["ana"], "channel": ["email"], "direction": ["outbound"],
        "outcome": ["no_answer"], "idea_id": [None],
    })
    (touch,) = touches_from_frame(frame)
    assert touch.at == pendulum.datetime(2026, 11, 2, 9, tz="UTC")
    assert touch.idea_id is None


def test_a_naive_column_is_refused_naming_row_and_column() -> None:
    frame = touch_rows(at=pd.to_datetime(["2026-11-02 10:00", "2026-11-09 10:00"]))
    with pytest.raises(NaiveDatetimeError) as caught:
        touches_from_frame(frame)
    assert [p.field for p in caught.value.problems] == ["touches[0].at", "touches[1].at"]
    with pytest.raises(NaiveDatetimeError, match=r"touches\[0\]\.at"):
        touches_from_frame(pl.from_pandas(frame))


def test_nanoseconds_are_refused() -> None:
    at = pd.Series([pd.Timestamp("2026-11-02 10:00:00.000000001", tz="UTC"),
                    pd.Timestamp("2026-11-09 10:00", tz="UTC")])
    with pytest.raises(InvalidValueError, match="microsecond") as caught:
        touches_from_frame(touch_rows(at=at))
    assert caught.value.field == "touches[0].at"
    with pytest.raises(InvalidValueError, match="microsecond") as caught:
        touches_from_frame(pl.from_pandas(touch_rows(at=at)))
    assert caught.value.field == "touches[0].at"


def test_every_bad_cell_is_listed() -> None:
    frame = touch_rows(channel=["fax", "email"], contact_id=["ana", None])
    with pytest.raises(InvalidValueError) as caught:
        touches_from_frame(frame)
    assert {p.field for p in caught.value.problems} == {"touches[0].channel",
                                                        "touches[1].contact_id"}
    assert caught.value.value == "fax"


def test_a_string_is_not_a_set_of_needs() -> None:
    frame = pd.DataFrame({"id": ["pilot"], "summary": ["A pilot"], "addresses": ["training"]})
    with pytest.raises(InvalidValueError) as caught:
        ideas_from_frame(frame, name="backlog")
    assert caught.value.field == "backlog[0].addresses"


def test_a_float_is_not_a_priority() -> None:
    """A float column (what pandas makes of ints with a gap) is refused, not rounded."""
    frame = pd.DataFrame({"id": ["a", "b"], "summary": ["A", "B"],
                          "addresses": [["x"], ["x"]], "priority": [2.5, math.nan]})
    with pytest.raises(InvalidValueError) as caught:
        ideas_from_frame(frame)
    assert caught.value.field == "ideas[0].priority"


def test_unknown_and_duplicate_columns_are_refused() -> None:
    with pytest.raises(InvalidValueError, match="unknown column 'idea'") as caught:
        touches_from_frame(touch_rows(idea=["x", "y"]))
    assert caught.value.field == "touches.idea"
    frame = touch_rows()
    frame.columns = ["at", "contact_id", "channel", "direction", "outcome", "channel"]
    with pytest.raises(InvalidValueError, match="two columns"):
        touches_from_frame(frame)


def test_not_a_frame() -> None:
    with pytest.raises(InvalidValueError, match="pandas or polars DataFrame") as caught:
        touches_from_frame([{"at": "2026-11-02T10:00:00Z"}])
    assert caught.value.field == "touches"
    with pytest.raises(InvalidValueError, match="library"):
        touches_frame([], library="spark")  # type: ignore[arg-type]


def test_derived_columns_are_checked_not_trusted() -> None:
    frame = touches_frame(touches_from_frame(touch_rows()), account=ACME)
    assert list(frame["zone"]) == ["Europe/Paris"] * 2
    assert list(frame["contact"]) == ["Ana Diaz"] * 2
    bad = frame.copy()
    bad.loc[1, "local"] = "2026-11-09T11:00:00+01:00"
    with pytest.raises(InvalidValueError, match="not the local time") as caught:
        touches_from_frame(bad)
    assert caught.value.field == "touches[1].local"
    bad = frame.copy()
    bad.loc[0, "zone"] = "Mars/Olympus"
    with pytest.raises(UnknownTimezoneError) as caught:
        touches_from_frame(bad)
    assert caught.value.field == "touches[0].zone"


def test_a_fold_keeps_its_offset() -> None:
    """The second 02:30 of the night clocks go back in Paris reads back as the second."""
    second = pendulum.datetime(2026, 10, 25, 1, 30, tz="UTC").in_timezone("Europe/Paris")
    assert second.isoformat() == "2026-10-25T02:30:00+01:00"
    touch = Touch(at=second, contact_id="ana", channel="email", direction="outbound",
                  outcome="no_answer", idea_id="pilot")
    for library in LIBRARIES:
        frame = touches_frame([touch], account=ACME, library=library)  # type: ignore[arg-type]
        (back,) = touches_from_frame(frame)
        assert back.at.isoformat() == "2026-10-25T02:30:00+01:00"


def test_contacts_with_hours_and_channels() -> None:
    bob = Contact(id="bob", name="Bob", role="champion", timezone="America/New_York",
                  country="US", subdivision="NY", channels={"email", "phone"},
                  working_hours={"mon-thu": ["09:00-12:00", "14:00-18:00"]})
    acme = Account(id="acme", name="Acme", needs={"x"}, contacts=[ANA, bob])
    frame = contacts_frame(acme)
    assert frame.loc[1, "channels"] == ["email", "phone"]
    assert contacts_from_frame(frame) == acme.contacts
    frame.loc[1, "working_hours"] = "9 to 5"
    with pytest.raises(InvalidValueError) as caught:
        contacts_from_frame(frame)
    assert caught.value.field == "contacts[1].working_hours"


def test_verdicts_frame() -> None:
    pilot = Idea(id="pilot", summary="A pilot", addresses={"training"})
    sunday = pendulum.datetime(2026, 11, 22, 10, tz="Europe/Paris")
    verdicts = [Policy().check(Proposal(at=at, contact_id="ana", channel="phone",
                                        idea_id="pilot"), account=ACME, history=[],
                               ideas=[pilot])
                for at in (sunday, sunday.add(days=1))]
    for library in LIBRARIES:
        frame = verdicts_frame(verdicts, locale="fr", library=library)  # type: ignore[arg-type]
        rows = list(frame.iter_rows(named=True)) if library == "polars" else (
            frame.to_dict("records"))
        assert [r["allowed"] for r in rows] == [False, True]
        assert rows[0]["codes"] == ["non-working-day"]
        assert rows[1]["codes"] == []
        assert rows[0]["earliest_zone"] == "Europe/Paris"
        assert rows[0]["why"] == verdicts[0].reasons[0].render("fr")
        assert rows[1]["why"] is None or pd.isna(rows[1]["why"])  # pandas 3 strings: NaN


# -- the columnar way ------------------------------------------------------------

PLAIN = ["at", "contact_id", "channel", "direction", "outcome", "idea_id", "checkpoint_id"]
MUTATIONS = ("none", "channel", "blank-id", "inbound-no-answer", "missing-at", "naive",
             "nanosecond", "number-id", "text", "extra-column", "fixed-offset")


def mutated(frame: pd.DataFrame, how: str, row: int) -> pd.DataFrame:
    """The frame with one thing changed at ``row`` (``none``: as it is)."""
    frame = frame.copy()
    if how == "channel":
        frame.loc[row, "channel"] = "fax"
    elif how == "blank-id":
        frame.loc[row, "contact_id"] = " "
    elif how == "inbound-no-answer":
        frame.loc[row, "direction"] = "inbound"
        frame.loc[row, "outcome"] = "no_answer"
    elif how == "missing-at":
        frame.loc[row, "at"] = pd.NaT
    elif how == "naive":
        frame["at"] = frame["at"].dt.tz_localize(None)
    elif how == "nanosecond":
        frame["at"] = frame["at"].dt.as_unit("ns")
        frame.loc[row, "at"] = frame.loc[row, "at"] + pd.Timedelta(1, "ns")
    elif how == "number-id":
        frame["idea_id"] = frame["idea_id"].astype(object)
        frame.loc[row, "idea_id"] = 7
    elif how == "text":
        frame["text"] = [None] * len(frame)
        frame.loc[row, "text"] = "any news?"
    elif how == "extra-column":
        frame["note"] = "x"
    elif how == "fixed-offset":
        frame["at"] = frame["at"].dt.tz_convert(timezone(timedelta(hours=5, minutes=30)))
    return frame


def read_back(history: History) -> list[tuple[object, ...]]:
    """Every field of every touch read back, instants with their zone, offset and fold."""
    return [(t.at.timestamp(), getattr(t.at.tzinfo, "key", None), t.at.utcoffset(),
             t.at.fold, t.contact_id, t.channel, t.direction, t.outcome, t.idea_id,
             t.checkpoint_id, t.text, t.returns_at) for t in history]


@settings(max_examples=scaled(60), deadline=None)
@given(world=worlds(), zone=st.sampled_from(["UTC", "Europe/Paris", "America/New_York",
                                             "Australia/Lord_Howe", "Asia/Kolkata"]),
       how=st.sampled_from(MUTATIONS), row=st.integers(0, 30),
       library=st.sampled_from(LIBRARIES))
def test_the_columnar_way_reads_as_the_strict_way(
    world: tuple[Account, list[Touch], list[Idea]], zone: str, how: str, row: int, library: str,
) -> None:
    """history_from_frame gives the strict reader's history, or refuses with its error."""
    _, touches, _ = world
    frame = touches_frame(touches)[PLAIN]
    frame["at"] = frame["at"].dt.tz_convert(zone)
    if len(frame):
        frame = mutated(frame, how, row % len(frame))
    assume(not (library == "polars" and how == "fixed-offset"))  # polars has no such zone
    given_frame = pl.from_pandas(frame) if library == "polars" else frame
    try:
        strict = History(touches_from_frame(given_frame))
    except RelanceError as exc:
        refused: RelanceError | None = exc
    else:
        refused = None
    if refused is not None:
        with pytest.raises(type(refused)) as caught:
            history_from_frame(given_frame)
        assert caught.value.problems == refused.problems
        return
    fast = history_from_frame(given_frame)
    assert fast == strict
    assert read_back(fast) == read_back(strict)
    assert fast.last_outbound_at == strict.last_outbound_at
    assert fast.unanswered_streak == strict.unanswered_streak
    assert fast.shared_ideas == strict.shared_ideas


def test_a_plain_frame_takes_the_columnar_way() -> None:
    """No Touch is built for a frame of plain touches (the strict reader is not called)."""
    import relance.frames as frames

    calls: list[object] = []
    strict = frames.touches_from_frame
    frames.touches_from_frame = lambda *a, **k: calls.append(a) or strict(*a, **k)  # type: ignore[assignment]
    try:
        frame = touch_rows()
        history = history_from_frame(frame)
        assert calls == []
        assert len(history) == 2
        history_from_frame(touch_rows(text=["hello", None]))  # a text: the strict way
        assert len(calls) == 1
    finally:
        frames.touches_from_frame = strict  # type: ignore[assignment]


def test_the_columnar_way_keeps_both_passes_of_a_fold() -> None:
    """02:30 twice on the night clocks go back in Paris: each pass read back as itself."""
    passes = pd.Series(pd.to_datetime(["2026-10-25 00:30", "2026-10-25 01:30"]).tz_localize(
        "UTC").tz_convert("Europe/Paris"))
    frame = touch_rows(at=passes)
    fast = history_from_frame(frame)
    strict = History(touches_from_frame(frame))
    assert [t.at.isoformat() for t in fast] == [
        "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00"]
    assert read_back(fast) == read_back(strict)


# -- what a fresh-eye attack found (each failed before its fix) ------------------


def object_at(*values: object) -> pd.DataFrame:
    return pd.DataFrame({"at": pd.Series(list(values), dtype=object),
                         "contact_id": "ana", "channel": "email", "direction": "outbound",
                         "outcome": "no_answer"})


def test_an_object_column_with_a_naive_value_is_refused_both_ways() -> None:
    """Arrow took the first value's zone for the column and read the naive one as UTC."""
    frame = object_at(pd.Timestamp("2026-10-05 10:00", tz="Europe/Paris"),
                      datetime(2026, 10, 19, 10))
    for read in (touches_from_frame, history_from_frame):
        with pytest.raises(NaiveDatetimeError) as caught:
            read(frame)
        assert caught.value.field == "touches[1].at"


def test_an_object_column_of_several_zones_keeps_each_zone() -> None:
    frame = object_at(pd.Timestamp("2026-10-05 10:00", tz="Europe/Paris"),
                      pd.Timestamp("2026-10-19 10:00", tz="Asia/Tokyo"))
    assert [t.at.isoformat() for t in history_from_frame(frame)] == [
        "2026-10-05T10:00:00+02:00", "2026-10-19T10:00:00+09:00"]
    assert read_back(history_from_frame(frame)) == read_back(
        History(touches_from_frame(frame)))


def test_a_dateutil_zone_is_its_iana_zone_both_ways() -> None:
    import dateutil.tz

    at = pd.Series(pd.to_datetime(["2026-10-25 00:30", "2026-10-25 01:30"]).tz_localize(
        "UTC")).dt.tz_convert(dateutil.tz.gettz("Europe/Paris"))
    frame = touch_rows(at=at)
    fast, strict = history_from_frame(frame), History(touches_from_frame(frame))
    assert [t.at.tzinfo.key for t in strict] == ["Europe/Paris"] * 2  # type: ignore[union-attr]
    assert read_back(fast) == read_back(strict)


@pytest.mark.parametrize("library", LIBRARIES)
def test_fixed_offsets_round_trip(library: str) -> None:
    """A touch at a fixed offset (JSON without a zone) writes and reads back as itself."""
    from relance import from_json

    plus_two = from_json(Touch, '{"at": "2026-10-05T10:00:00+02:00", "contact_id": "ana", '
                                '"channel": "email", "direction": "outbound", '
                                '"outcome": "no_answer"}')
    zero = Touch(at=pendulum.datetime(2026, 10, 6, 9, tz=pendulum.fixed_timezone(0)),
                 contact_id="ana", channel="email", direction="outbound", outcome="no_answer")
    frame = touches_frame([plus_two, zero], library=library)  # type: ignore[arg-type]
    back = list(touches_from_frame(frame))
    same_touches([plus_two, zero], back)
    assert back[0].at.isoformat() == "2026-10-05T10:00:00+02:00"
    equal_frames(frame, touches_frame(back, library=library))  # type: ignore[arg-type]


def test_local_may_name_the_instant_in_another_iso_form() -> None:
    frame = touches_frame(touches_from_frame(touch_rows()))
    frame.loc[0, "local"] = "2026-11-02T10:00+01:00"
    assert touches_from_frame(frame)[0].at.isoformat() == "2026-11-02T10:00:00+01:00"
    frame.loc[0, "local"] = "2026-11-02T09:00:00+00:00"  # the instant, not the zone's offset
    with pytest.raises(InvalidValueError) as caught:
        touches_from_frame(frame)
    assert caught.value.field == "touches[0].local"


def test_working_hours_are_read_as_json_is() -> None:
    base = {"id": ["ana"], "name": ["Ana"], "role": ["champion"],
            "timezone": ["Europe/Paris"], "country": ["FR"]}
    deep = pd.DataFrame({**base, "working_hours": ["[" * 100_000 + "]" * 100_000]})
    with pytest.raises(InvalidValueError) as caught:
        contacts_from_frame(deep)
    assert caught.value.field == "contacts[0].working_hours"
    twice = pd.DataFrame({**base, "working_hours": [
        '{"start": "08:00", "end": "17:00", "start": "09:00"}']})
    with pytest.raises(InvalidValueError, match="duplicate") as caught:
        contacts_from_frame(twice)
    assert caught.value.field == "contacts[0].working_hours"
    good = pd.DataFrame({**base, "working_hours": ['{"start": "08:30", "end": "17:00"}']})
    assert str(contacts_from_frame(good)[0].working_hours.start) == "08:30:00"  # type: ignore[union-attr]


def test_bad_arguments_to_the_writers_are_refused_by_name() -> None:
    for call, field in (
        (lambda: ideas_frame(None), "ideas"),  # type: ignore[arg-type]
        (lambda: verdicts_frame(None), "verdicts"),  # type: ignore[arg-type]
        (lambda: touches_frame([], account="acme"), "account"),  # type: ignore[arg-type]
        (lambda: touches_frame("at"), "history"),  # type: ignore[arg-type]
        (lambda: plan_frames([], accounts=None), "accounts"),  # type: ignore[arg-type]
        (lambda: plan_frames([], ideas={"acme": Idea(id="x", summary="x", addresses={"x"})}),
         "ideas['acme']"),
    ):
        with pytest.raises(InvalidValueError) as caught:
            call()
        assert caught.value.field == field


def test_every_problem_is_listed_whatever_its_kind() -> None:
    frame = touch_rows(at=pd.to_datetime(["2026-11-02 10:00", "2026-11-09 10:00"]),
                       channel=["fax", "email"], note=["x", "y"], extra=[1, 2])
    with pytest.raises(InvalidValueError) as caught:
        touches_from_frame(frame)
    assert [p.field for p in caught.value.problems] == [
        "touches.note", "touches.extra", "touches[0].at", "touches[0].channel",
        "touches[1].at"]
    ns = pl.from_pandas(touch_rows()).with_columns(
        pl.col("at").dt.cast_time_unit("ns") + pl.duration(nanoseconds=7))
    with pytest.raises(InvalidValueError) as caught:
        touches_from_frame(ns)
    assert [p.field for p in caught.value.problems] == ["touches[0].at", "touches[1].at"]
    assert "09:00:00.000000007 UTC" in caught.value.problems[0].message


def test_a_datetime_is_not_text() -> None:
    """Only instant columns read datetimes; in an id or a text they are refused."""
    stamp = pd.Timestamp("2026-01-01", tz="UTC")
    with pytest.raises(InvalidValueError) as caught:
        touches_from_frame(touch_rows(idea_id=[stamp, None]))
    assert caught.value.field == "touches[0].idea_id"
    frame = touch_rows(idea_id=pd.Series([np.datetime64("2026-10-05T10:00"), None],
                                         dtype=object))
    with pytest.raises(InvalidValueError) as caught:
        touches_from_frame(frame)
    assert caught.value.field == "touches[0].idea_id"
    assert not isinstance(caught.value, NaiveDatetimeError)


def test_a_missing_item_of_a_collection_is_a_null() -> None:
    frame = pd.DataFrame({"id": ["a"], "summary": ["A"], "addresses": [["x", None]]})
    with pytest.raises(InvalidValueError) as caught:
        ideas_from_frame(frame)
    assert caught.value.field.startswith("ideas[0].addresses")
    assert "object at 0x" not in caught.value.message


def test_plan_frames_have_the_same_columns_whatever_is_known() -> None:
    pilot = Idea(id="pilot", summary="A pilot", addresses={"training"})
    made = plan(account=ACME, history=[], ideas=[pilot], policy=Policy(), now=NOW,
                horizon=timedelta(weeks=4))
    bare, named = plan_frames(made), plan_frames(made, accounts=[ACME], ideas=[pilot])
    for part in ("relances", "needs", "advice", "skipped", "waiting", "flags"):
        assert list(getattr(bare, part).columns) == list(getattr(named, part).columns), part
    assert {"account", "contact", "role", "idea"} <= set(bare.relances.columns)


@pytest.mark.parametrize("library", LIBRARIES)
def test_audit_frames(library: str) -> None:
    """One row per finding, with its codes and sentences; one summary row per audit."""
    from relance import audit

    touches = [Touch(at=pendulum.datetime(2026, 11, d, 10, tz="Europe/Paris"), contact_id="ana",
                     channel="email", direction="outbound", outcome="no_answer")
               for d in (2, 3, 4)]
    audits = [audit(account=ACME, history=touches, ideas=[], policy=Policy()),
              audit(account=ACME, history=[], ideas=[], policy=Policy())]
    frames = audit_frames(audits, locale="fr", library=library)  # type: ignore[arg-type]
    findings = frames.findings
    rows = (list(findings.iter_rows(named=True)) if library == "polars"
            else findings.to_dict("records"))
    assert len(rows) == len(audits[0].findings) == 3
    for row, finding in zip(rows, audits[0].findings, strict=True):
        assert row["index"] == finding.index
        assert row["codes"] == list(finding.codes)
        assert row["why"] == "; ".join(r.render("fr") for r in finding.reasons)
        assert row["zone"] == "Europe/Paris"
    summary = frames.summary
    assert list(summary["refused"]) == [3, 0]
    assert list(summary["empty_check_ins"]) == [audits[0].summary.empty_check_ins, 0]
    with pytest.raises(InvalidValueError) as caught:
        audit_frames(["x"])  # type: ignore[list-item]
    assert caught.value.field == "audits[0]"


def test_without_the_extra_the_import_error_names_it() -> None:
    """Without pyarrow, `import relance.frames` says which extra to install."""
    import subprocess
    import sys

    code = ("import sys\nsys.modules['pyarrow'] = None\n"
            "try:\n    import relance.frames\nexcept ImportError as exc:\n    print(exc)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert "relance[frames]" in done.stdout
