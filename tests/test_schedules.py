"""Weekly schedules: per weekday intervals, per channel, across DST, as data."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import oracles
from relance import (
    Account,
    Contact,
    Idea,
    InvalidValueError,
    Policy,
    Proposal,
    Schedule,
    WorkingHours,
    from_dict,
    from_json,
    plan,
    to_dict,
    to_json,
)
from relance._core.calendar import WorkCalendar
from relance._core.instants import to_us
from relance._core.schedule import week_of
from relance._io.files import load_policy
from relance._io.serialization import policy_from_toml_text
from relance.testing import _oracles, schedules
from strategies import DST_ZONES, policies

PARIS = "Europe/Paris"
IDEA = Idea(id="pilot", summary="a two-week pilot", addresses=frozenset({"onboarding"}))


def _account(hours: object = None, *, zone: str = PARIS, country: str = "FR") -> Account:
    ana = Contact(id="ana", name="Ana", role="decision_maker", timezone=zone, country=country,
                  working_hours=hours)
    return Account(id="acme", name="Acme", needs={"onboarding"}, contacts=[ana])


def _check(policy: Policy, account: Account, at: pendulum.DateTime, channel: str = "email"):  # type: ignore[no-untyped-def]
    proposal = Proposal(at=at, contact_id="ana", channel=channel, idea_id="pilot")
    return policy.check(proposal, account=account, history=[], ideas=[IDEA])


# -- examples in the field's words ----------------------------------------------------------


def test_a_friday_morning_only_schedule() -> None:
    """Friday 09:00-12:00 only: Monday waits for Friday morning, Friday noon for next Friday."""
    account = _account({"fri": ["09:00-12:00"]})
    monday = pendulum.datetime(2027, 3, 1, 10, tz=PARIS)
    verdict = _check(Policy(), account, monday)
    assert verdict.earliest == pendulum.datetime(2027, 3, 5, 9, tz=PARIS)
    (reason,) = verdict.reasons
    assert reason.code == "outside-hours"
    assert reason.params["case"] == "day-off"
    assert "none that weekday" in reason.message
    noon = pendulum.datetime(2027, 3, 5, 12, tz=PARIS)
    verdict = _check(Policy(), account, noon)
    assert verdict.earliest == pendulum.datetime(2027, 3, 12, 9, tz=PARIS)
    assert verdict.reasons[0].params["hours"] == ("09:00-12:00",)
    assert _check(Policy(), account, pendulum.datetime(2027, 3, 5, 11, 59, tz=PARIS)).allowed


def test_a_lunch_break_is_outside_the_hours_and_said_in_both_languages() -> None:
    policy = Policy(working_hours={"mon-thu": ["09:00-12:00", "14:00-18:00"],
                                   "fri": ["09:00-12:00"]})
    verdict = _check(policy, _account(), pendulum.datetime(2027, 3, 4, 12, 30, tz=PARIS))
    assert verdict.earliest == pendulum.datetime(2027, 3, 4, 14, tz=PARIS)
    reason = verdict.reasons[0]
    assert reason.params["hours"] == ("09:00-12:00", "14:00-18:00")
    assert "(09:00-12:00 and 14:00-18:00)" in reason.message
    assert "(09:00 – 12:00 et 14:00 – 18:00)" in reason.render("fr")


def test_a_channel_schedule_narrows_the_contacts_hours() -> None:
    """Calls only 10:00-12:00 and 14:00-17:00, and only while Ana works (from 11:00)."""
    policy = Policy(schedules={"phone": {"mon-fri": ["10:00-12:00", "14:00-17:00"]}})
    account = _account(("11:00", "19:00"))
    at = pendulum.datetime(2027, 3, 2, 10, 30, tz=PARIS)
    assert _check(policy, account, at, "phone").earliest == at.set(hour=11, minute=0)
    assert _check(policy, account, at, "email").earliest == at.set(hour=11, minute=0)
    late = pendulum.datetime(2027, 3, 2, 17, 30, tz=PARIS)
    assert _check(policy, account, late, "email").allowed
    verdict = _check(policy, account, late, "phone")
    assert verdict.earliest == pendulum.datetime(2027, 3, 3, 11, tz=PARIS)
    assert verdict.reasons[0].params["hours"] == ("11:00-12:00", "14:00-17:00")


def test_a_channel_whose_schedule_never_meets_the_contacts_is_never_reachable_by_it() -> None:
    policy = Policy(schedules={"phone": ("08:00", "09:00")})
    verdict = _check(policy, _account(("10:00", "18:00")),
                     pendulum.datetime(2027, 3, 2, 8, 30, tz=PARIS), "phone")
    assert verdict.earliest is None
    assert "outside-hours" in verdict.codes


def test_an_israeli_week_runs_sunday_to_thursday() -> None:
    account = _account({"sun-thu": ["08:30-17:00"]}, zone="Asia/Jerusalem", country="IL")
    thursday_evening = pendulum.datetime(2027, 3, 4, 18, tz="Asia/Jerusalem")
    verdict = _check(Policy(), account, thursday_evening)
    assert verdict.earliest == pendulum.datetime(2027, 3, 7, 8, 30, tz="Asia/Jerusalem")
    assert to_dict(account.contacts[0].working_hours) == {"sun-thu": ["08:30-17:00"]}


def test_the_country_still_closes_a_scheduled_weekend_or_holiday() -> None:
    """A Saturday in the schedule of a French contact stays a weekend; so does May 1st."""
    account = _account({"mon-sat": ["09:00-12:00"]})
    saturday = pendulum.datetime(2027, 3, 6, 10, tz=PARIS)
    verdict = _check(Policy(), account, saturday)
    assert verdict.codes == ("non-working-day",)
    assert verdict.earliest == pendulum.datetime(2027, 3, 8, 9, tz=PARIS)
    labour_day = pendulum.datetime(2026, 5, 1, 10, tz=PARIS)
    assert _check(Policy(), account, labour_day).reasons[0].params["case"] == "holiday"


def test_the_planner_keeps_each_relance_inside_its_channels_schedule() -> None:
    policy = Policy(min_gap=timedelta(days=1), max_gap=timedelta(days=1),
                    schedules={"email": {"tue": ["10:00-11:00"], "thu": ["15:00-16:00"]}})
    ideas = [Idea(id=f"i{n}", summary=f"idea {n}", addresses=frozenset({"onboarding"}))
             for n in range(4)]
    now = pendulum.datetime(2027, 3, 1, 8, tz=PARIS)
    ana = attrs.evolve(_account().contacts[0], channels={"email"})
    emails_only = attrs.evolve(_account(), contacts=[ana])
    result = plan(account=emails_only, history=[], ideas=ideas, policy=policy, now=now,
                  horizon=timedelta(weeks=3))
    assert result.relances
    for relance in result.relances:
        local = relance.at.in_tz(PARIS)
        assert (local.isoweekday(), local.hour) in {(2, 10), (4, 15)}, local
    # With the phone too, the first idea goes by phone on Monday at 09:00 rather
    # than wait for Tuesday's email slot.
    result = plan(account=_account(), history=[], ideas=ideas, policy=policy, now=now,
                  horizon=timedelta(weeks=3))
    assert (result.relances[0].channel.value, result.relances[0].at) == ("phone", now.set(hour=9))


# -- DST: an interval in a skipped hour opens after the jump; a repeated hour opens once ------


def test_an_interval_starting_in_the_skipped_hour_opens_at_the_first_instant_after_it() -> None:
    # Paris, Sunday 28 March 2027: 02:00 jumps to 03:00.
    calendar = WorkCalendar(ZoneInfo(PARIS), "FR", None,
                            week_of(Schedule(sun=["02:30-04:00"])))
    ordinal = date(2027, 3, 28).toordinal()
    ((opens, closes),) = calendar.hours(ordinal)
    assert opens == to_us(pendulum.datetime(2027, 3, 28, 3, tz=PARIS))
    assert closes == to_us(pendulum.datetime(2027, 3, 28, 4, tz=PARIS))


def test_an_interval_holding_the_repeated_hour_opens_once_and_stays_open_through_both() -> None:
    # Paris, Sunday 31 October 2027: 03:00 CEST goes back to 02:00 CET.
    calendar = WorkCalendar(ZoneInfo(PARIS), "FR", None,
                            week_of(Schedule(sun=["02:00-02:30", "02:30-03:00"])))
    windows = calendar.hours(date(2027, 10, 31).toordinal())
    assert len(windows) == 2
    first_pass = to_us(datetime(2027, 10, 31, 2, 0, tzinfo=ZoneInfo(PARIS)))  # fold=0: CEST
    after_both = to_us(datetime(2027, 10, 31, 3, 0, tzinfo=ZoneInfo(PARIS)))
    assert windows[0][0] == first_pass
    assert windows[-1][1] == after_both
    # Nothing opens a second time at the second 02:00 (CET).
    second_pass = to_us(datetime(2027, 10, 31, 2, 0, fold=1, tzinfo=ZoneInfo(PARIS)))
    assert calendar.next_in_hours(second_pass) == second_pass  # still open, not re-opened
    assert all(opens != second_pass for opens, _ in windows)


@given(schedules(), st.sampled_from(DST_ZONES), st.dates(date(2024, 1, 1), date(2030, 12, 31)))
def test_a_schedule_opens_at_the_same_local_times_every_date(
    schedule: Schedule, zone: str, day: date
) -> None:
    """Each interval opens at its start, local time, or at the first instant after it.

    Across DST: an interval never opens twice on a date, never opens before its
    local start, and when its start exists that date it opens exactly then.
    """
    tz = ZoneInfo(zone)
    calendar = WorkCalendar(tz, "FR", None, week_of(schedule))
    windows = calendar.hours(day.toordinal())
    intervals = schedule.days()[day.weekday()]
    assert len(windows) <= len(intervals)
    opened = [opens for opens, _ in windows]
    assert opened == sorted(set(opened))
    for hours in intervals:
        expected = _oracles._first_at_or_after(day, hours.start, zone)
        closes = _oracles._first_at_or_after(day, hours.end, zone)
        if oracles.us(expected) < oracles.us(closes):
            assert oracles.us(expected) in opened
            local = expected.astimezone(tz)
            assert local.date() == day
            assert local.time().replace(tzinfo=None) >= hours.start


# -- as data: JSON, TOML, the Python forms, malformed schedules --------------------------------


@given(schedules())
def test_a_schedule_round_trips_through_json_and_its_data_form(schedule: Schedule) -> None:
    policy = Policy(working_hours=schedule, schedules={"phone": schedule})
    assert from_json(Policy, to_json(policy)) == policy
    assert Schedule.of(schedule.to_data()) == schedule
    assert from_dict(Schedule, to_dict(schedule)) == schedule


def test_a_schedule_reads_from_toml(tmp_path: Path) -> None:
    text = """
[working_hours]
mon-thu = ["09:00-12:00", "14:00-18:00"]
fri = ["09:00-12:00"]

[schedules.phone]
mon-fri = ["10:00-12:00", "14:00-17:00"]
"""
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    policy = load_policy(path)
    assert policy == Policy(
        working_hours={"mon-thu": ["09:00-12:00", "14:00-18:00"], "fri": ["09:00-12:00"]},
        schedules={"phone": {"mon-fri": ["10:00-12:00", "14:00-17:00"]}},
    )
    assert to_dict(policy)["working_hours"] == {
        "mon-thu": ["09:00-12:00", "14:00-18:00"], "fri": ["09:00-12:00"]}


def _toml(data: dict[str, object], table: str = "") -> str:
    """A small TOML writer for a policy's data: scalars and arrays, then tables."""
    def value(v: object) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v)
        assert isinstance(v, list), v
        return "[" + ", ".join(value(item) for item in v) + "]"

    def key(k: str) -> str:
        return k if all(c.isalnum() or c in "-_" for c in k) else json.dumps(k)

    lines, tables = [], []
    for k, v in data.items():
        name = f"{table}.{key(k)}" if table else key(k)
        if isinstance(v, dict):
            tables.append(f"[{name}]\n" + _toml(v, name))
        elif isinstance(v, list) and v and all(isinstance(i, dict) for i in v):
            tables.extend(f"[[{name}]]\n" + _toml(i, name) for i in v)
        else:
            lines.append(f"{key(k)} = {value(v)}")
    return "\n".join(lines) + "\n" + "".join(tables)


@given(policies())
def test_a_policy_with_caps_and_schedules_round_trips_through_toml(policy: Policy) -> None:
    """Written as TOML (its data form) and read back: the same policy, losslessly."""
    text = _toml(to_dict(policy))
    assert policy_from_toml_text(text) == policy


def test_the_old_forms_keep_working() -> None:
    assert Policy(working_hours=("08:30", "17:00")).working_hours == WorkingHours(
        start="08:30", end="17:00")
    assert to_dict(Policy())["working_hours"] == {"start": "09:00", "end": "18:00"}
    assert from_dict(Policy, {"working_hours": {"start": "08:00", "end": "16:00"}}) == Policy(
        working_hours=("08:00", "16:00"))
    assert Schedule(mon=["09:00-10:00"]) == Schedule.of({"mon": [("09:00", "10:00")]})


@pytest.mark.parametrize(("days", "field", "fragment"), [
    ({"mon": ["09:00-12:00", "11:00-13:00"]}, "Policy.working_hours.mon", "overlap"),
    ({"mon": ["12:00-09:00"]}, "Policy.working_hours.mon[0]", "must be before end"),
    ({"mon": ["22:00-02:00"]}, "Policy.working_hours.mon[0]", "does not cross midnight"),
    ({"mun": ["09:00-12:00"]}, "Policy.working_hours", "unknown day 'mun'"),
    ({"mon-mon": ["09:00-12:00"]}, "Policy.working_hours", "unknown day"),
    ({"Mon": ["09:00-12:00"]}, "Policy.working_hours", "unknown day"),
    ({"mon-fri": ["09:00-12:00"], "wed": []}, "Policy.working_hours.wed", "named twice"),
    ({"mon": "09:00-12:00"}, "Policy.working_hours.mon", "a list of intervals"),
    ({"mon": ["9-12"]}, "Policy.working_hours.mon[0]", "'09:00-12:00'"),
    ({"mon": ["09:00-24:00"]}, "Policy.working_hours.mon[0]", "a time of day"),
    ({"mon": []}, "Policy.working_hours", "at least one interval"),
    ({}, "Policy.working_hours", "at least one interval"),
    ({"mon-tue": ["09:00-10:00", "09:30-11:00"]}, 'Policy.working_hours["mon-tue"]', "overlap"),
])
def test_a_malformed_schedule_is_refused_naming_the_day(
    days: dict[str, object], field: str, fragment: str
) -> None:
    with pytest.raises(InvalidValueError) as info:
        Policy(working_hours=days)
    assert info.value.field == field
    assert fragment in str(info.value)


@pytest.mark.parametrize(("data", "field"), [
    ({"working_hours": {"mon": [["09:00", "10:00"]]}}, 'working_hours["mon"][0]'),
    ({"working_hours": {"mon": ["18:00-09:00"]}}, "working_hours.mon[0]"),
    ({"working_hours": {"start": "08:00"}}, "working_hours.end"),
    ({"working_hours": "09:00-18:00"}, "working_hours"),
    ({"schedules": {"fax": {"mon": ["09:00-12:00"]}}}, "schedules"),
    ({"schedules": {"phone": {"mon": ["9-12"]}}}, "schedules.phone.mon[0]"),
    ({"schedules": ["phone"]}, "schedules"),
])
def test_a_malformed_schedule_in_json_is_one_error_with_its_path(
    data: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValueError) as info:
        from_dict(Policy, data)
    assert info.value.field == field


@given(policies())
def test_a_policy_pickles_copies_and_hashes_with_its_caps_and_schedules(policy: Policy) -> None:
    """Worker processes receive policies by pickle; caches key on them."""
    import copy
    import pickle

    again = pickle.loads(pickle.dumps(policy))
    assert again == policy
    assert hash(again) == hash(policy)
    assert copy.deepcopy(policy) == policy


def test_a_time_with_a_fraction_of_a_second_is_refused_where_it_could_not_be_written() -> None:
    """to_dict writes times to the second: a fraction would not read back, so it is refused."""
    from datetime import time

    with pytest.raises(InvalidValueError) as info:
        WorkingHours(start=time(9, 0, 0, 250000), end="18:00")
    assert info.value.field == "WorkingHours.start"
    assert "fraction of a second" in str(info.value)
    with pytest.raises(InvalidValueError) as info:
        Schedule(mon=[(time(9, 0, 0, 5), time(10))])
    assert info.value.field == "Schedule.mon[0]"
    assert from_json(Policy, to_json(Policy(working_hours={"mon": ["09:00:30-10:00"]}))) == Policy(
        working_hours={"mon": ["09:00:30-10:00"]})
