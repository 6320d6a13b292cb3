"""The core's rare corners, one readable example each.

Each test states a promise of the docs that the broader suites reach only by
luck: a calendar with no working day, a contact whose every channel bounced,
caches that must stay bounded and right, values that print and compare as
documented.  Together with the property suites they cover every branch of
``relance._core`` (see ``[tool.coverage.report]`` in pyproject.toml).
"""

from __future__ import annotations

import builtins
import pickle
from collections.abc import Iterator
from datetime import time, timedelta
from typing import Any

import pendulum
import pytest

import relance._core.calendar as calendar_module
import relance._core.instants as instants_module
from relance import (
    NEVER,
    Account,
    Checkpoint,
    Code,
    Contact,
    CustomRule,
    Elapsed,
    History,
    Idea,
    InvalidValueError,
    Kind,
    Never,
    Policy,
    Proposal,
    RelanceError,
    Touch,
    UnknownIdError,
    WorkingHours,
    plan,
)
from relance._core.calendar import calendar_of
from relance._core.errors import Problem, short_repr
from relance._core.instants import Span, describe_elapsed, show, span_of

PARIS = "Europe/Paris"


def at(day: int, hour: int = 10, minute: int = 0) -> pendulum.DateTime:
    """An instant in November 2026, Paris time (2 November is a Monday)."""
    return pendulum.datetime(2026, 11, day, hour, minute, tz=PARIS)


ANA = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS, country="FR")
ACME = Account(id="acme", name="Acme", needs={"training"}, contacts=[ANA])
PILOT = Idea(id="pilot", summary="A two-week pilot", addresses={"training"})


# -- working calendars -------------------------------------------------------


class _EveryDayAHoliday:
    """A holidays calendar in which no date is ever worked."""

    def __contains__(self, day: object) -> bool:
        return True

    def is_working_day(self, day: object) -> bool:
        return False

    def get(self, day: object) -> str:
        return "Endless holiday"


def test_a_calendar_without_working_days_says_never_instead_of_searching_forever(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(calendar_module, "country_holidays", lambda *args: _EveryDayAHoliday())
    calendar_module._calendar.cache_clear()
    lonely = Contact(id="ana", name="Ana", role="decision_maker", timezone="Asia/Tokyo",
                     country="JP")
    account = Account(id="acme", name="Acme", needs={"training"}, contacts=[lonely])
    try:
        verdict = Policy().check(
            Proposal(at=at(3), contact_id="ana", channel="email", idea_id="pilot"),
            history=[], account=account, ideas=[PILOT],
        )
        cal = calendar_of(lonely, Policy().working_hours)
        start = at(3).int_timestamp * 1_000_000
        assert cal.next_open(start) >= instants_module.NEVER
        assert cal.next_working_date_start(start) >= instants_module.NEVER
    finally:
        calendar_module._calendar.cache_clear()
    assert not verdict.allowed
    assert verdict.earliest is None
    (reason,) = [r for r in verdict.reasons if r.code == Code.NON_WORKING_DAY]
    assert reason.lifts_at is None
    assert "no working day" in reason.message


def test_a_contact_keeps_a_bounded_cache_of_calendars_that_stays_right() -> None:
    contact = Contact(id="ana", name="Ana", role="decision_maker", timezone=PARIS, country="FR")
    all_hours = [WorkingHours(start=time(h, m), end=time(18)) for h in (7, 8, 9) for m in
                 range(0, 60, 2)]
    for hours in all_hours:
        cal = calendar_of(contact, hours)
        assert (cal.start, cal.end) == (hours.start, hours.end)
        assert len(contact._calendars) <= 65
    # After the cache was cleared, an early entry is rebuilt, not confused.
    first = all_hours[0]
    assert calendar_of(contact, first).start == first.start


# -- never, spans, elapsed times -----------------------------------------------


def test_never_is_one_value_that_reads_as_its_name() -> None:
    assert Never() is NEVER
    assert type(NEVER)() is NEVER
    assert repr(NEVER) == "NEVER"


def test_spans_compare_and_hash_by_their_kind_and_size() -> None:
    day = span_of(timedelta(days=1))
    assert day == Span(days=1)
    assert hash(day) == hash(Span(days=1))
    assert day != Span(us=86_400_000_000)  # a calendar day is not 24 elapsed hours
    assert day != "1 day"
    assert repr(day) == "Span(days=1, us=0)"
    assert {day, Span(days=1), Span(us=5)} == {Span(days=1), Span(us=5)}


@pytest.mark.parametrize(
    ("us", "text"),
    [(5_400_000_000, "90 min"), (7_200_000_000, "2 h"), (61_000_000, "61 s"), (1_500_000, "1.5 s")],
)
def test_elapsed_times_are_described_in_their_largest_whole_unit(us: int, text: str) -> None:
    assert describe_elapsed(us) == text


def test_elapsed_compares_with_other_values_as_a_timedelta_would() -> None:
    hour = Elapsed(hours=1)
    assert hour != "1 h"
    assert hour != 3600
    assert hour == timedelta(hours=1)
    assert pickle.loads(pickle.dumps(hour)) == hour
    assert type(pickle.loads(pickle.dumps(hour))) is Elapsed


def test_times_of_day_show_as_iso_text() -> None:
    assert show(time(9, 30)) == "'09:30:00'"


def test_calendar_day_arithmetic_stays_right_when_its_cache_is_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(instants_module, "_AFTER_SIZE", 4)
    monkeypatch.setattr(instants_module, "_AFTER", {})
    zone = pendulum.timezone(PARIS)
    for day in range(1, 12):
        anchor = at(day, 9, 15)
        expected = anchor.add(days=3)
        found = Span(days=3).after(anchor.int_timestamp * 1_000_000, zone)
        assert found == expected.int_timestamp * 1_000_000
        assert len(instants_module._AFTER) <= 4


# -- errors ----------------------------------------------------------------------


class _Unprintable:
    def __repr__(self) -> str:
        raise RuntimeError("no repr for you")


class list(builtins.list[int]):
    def __iter__(self) -> Iterator[int]:
        raise RuntimeError("no items for you")


def test_a_value_whose_repr_fails_is_named_by_its_type() -> None:
    assert short_repr(_Unprintable()).startswith("<_Unprintable instance at")
    assert short_repr(list([1, 2])) == "<list>"


def test_a_long_list_of_long_problems_keeps_the_message_short() -> None:
    words = " ".join(["word"] * 60)
    problems = [Problem(field=f"history[{i}].at", message=words, value=i) for i in range(4)]
    error = RelanceError.of(problems, what="input")
    assert error.problems == tuple(problems)
    assert len(str(error)) < 1000
    assert str(error).endswith("; … and 2 more")
    assert "history[2].at" not in str(error)


# -- models and histories -----------------------------------------------------------


def test_an_ideas_role_must_be_a_known_role() -> None:
    with pytest.raises(InvalidValueError) as caught:
        Idea(id="pilot", summary="A pilot", addresses={"training"}, role="boss")
    assert caught.value.field == "Idea.role"
    assert caught.value.value == "boss"


def test_asking_an_account_for_an_unknown_checkpoint_names_it() -> None:
    account = Account(
        id="acme", name="Acme", needs={"training"}, contacts=[ANA],
        checkpoints=[Checkpoint(id="budget", contact_id="ana", at=at(20, 9))],
    )
    assert account.checkpoint("budget").id == "budget"
    with pytest.raises(UnknownIdError) as caught:
        account.checkpoint("review")
    assert caught.value.value == "review"
    assert "budget" in str(caught.value)


def test_a_history_lists_the_ideas_and_checkpoints_its_touches_name() -> None:
    history = History([
        Touch(at=at(2), contact_id="ana", channel="email", direction="outbound",
              outcome="no_answer", idea_id="pilot"),
        Touch(at=at(3), contact_id="ana", channel="email", direction="inbound",
              outcome="replied", idea_id="case"),
        Touch(at=at(4), contact_id="ana", channel="phone", direction="outbound",
              outcome="replied", checkpoint_id="budget"),
    ])
    assert history.idea_ids == {"pilot", "case"}
    assert history.checkpoint_ids == {"budget"}
    assert history != list(history.touches)  # a history is not a list of touches
    assert history == History(reversed(history.touches))


def test_a_tuple_backlog_checked_once_is_not_checked_again() -> None:
    history = History([
        Touch(at=at(2), contact_id="ana", channel="email", direction="outbound",
              outcome="no_answer", idea_id="pilot"),
    ])
    ideas = (PILOT, Idea(id="case", summary="A case", addresses={"training"}))
    proposal = Proposal(at=at(20), contact_id="ana", channel="email", idea_id="case")
    first = Policy().check(proposal, history=history, account=ACME, ideas=ideas)
    memo = history._checked
    assert memo is not None
    assert memo[0] is ACME
    second = Policy().check(proposal, history=history, account=ACME, ideas=ideas)
    assert history._checked is memo
    assert first == second


@pytest.mark.parametrize(
    ("ideas", "field"),
    [
        ({1: PILOT}, "ideas[1]"),
        ({"pilot": "A pilot"}, 'ideas["pilot"]'),
        ({"pilot": PILOT, "case": PILOT}, 'ideas["case"]'),
    ],
)
def test_a_backlog_mapping_must_map_ids_to_their_ideas(ideas: Any, field: str) -> None:
    history = [
        Touch(at=at(2), contact_id="ghost", channel="email", direction="outbound",
              outcome="no_answer"),
    ]
    proposal = Proposal(at=at(20), contact_id="ana", channel="email", idea_id="pilot")
    with pytest.raises(RelanceError) as caught:
        Policy().check(proposal, history=history, account=ACME, ideas=ideas)
    assert field in {p.field for p in caught.value.problems}


@pytest.mark.parametrize(
    ("ideas", "field"),
    [({"pilot": "A pilot"}, 'ideas["pilot"]'), ({"pilot": PILOT.__class__(
        id="case", summary="A case", addresses={"training"})}, 'ideas["pilot"]')],
)
def test_the_proposals_idea_must_be_an_idea_under_its_own_id(ideas: Any, field: str) -> None:
    proposal = Proposal(at=at(20), contact_id="ana", channel="email", idea_id="pilot")
    with pytest.raises(InvalidValueError) as caught:
        Policy().check(proposal, history=History([]), account=ACME, ideas=ideas)
    assert caught.value.field == field


def test_required_gap_refuses_a_count_that_is_not_a_whole_number() -> None:
    for bad in (-1, 1.5, True, "2"):
        with pytest.raises(InvalidValueError) as caught:
            Policy().required_gap(bad)  # type: ignore[arg-type]
        assert caught.value.field == "unanswered"


# -- the planner's rare paths --------------------------------------------------------


def test_no_relance_goes_to_a_contact_whose_every_channel_bounced() -> None:
    mono = Contact(id="ana", name="Ana", role="decision_maker", timezone=PARIS, country="FR",
                   channels={"email"})
    account = Account(id="acme", name="Acme", needs={"training"}, contacts=[mono])
    history = [
        Touch(at=at(2), contact_id="ana", channel="email", direction="inbound",
              outcome="pending"),
        Touch(at=at(3), contact_id="ana", channel="email", direction="outbound",
              outcome="bounced"),
    ]
    result = plan(account=account, history=history, ideas=[PILOT], policy=Policy(),
                  now=at(4), horizon=timedelta(weeks=8))
    assert result.relances == ()
    assert result.needs or result.advice or result.skipped


def test_kinds_and_codes_print_as_their_values() -> None:
    assert str(Kind.REPLY) == "reply"
    assert str(Code.TOO_SOON) == "too-soon"


def test_an_allowed_verdict_shows_its_instant_in_html() -> None:
    verdict = Policy().check(
        Proposal(at=at(3), contact_id="ana", channel="email", idea_id="pilot"),
        history=[], account=ACME, ideas=[PILOT],
    )
    assert verdict.allowed
    assert verdict._repr_html_() == f"<p><b>allowed at {at(3).isoformat()}</b></p>"


def test_rules_describe_their_parameters() -> None:
    rules = {type(r).__name__: repr(r) for r in Policy(cap=2).enforced_rules}
    assert rules["TooSoon"].startswith("TooSoon(min_gap=7 days, backoff=2")
    assert rules["UnansweredLimit"] == "UnansweredLimit(limit=3)"
    assert rules["CoolingOff"].startswith("CoolingOff(cool_off=")
    assert rules["FrequencyCap"] == "FrequencyCap(cap=2, window=30 days)"


class _Weekly(CustomRule):
    code = "weekly"

    def refuses(self, situation: Any, at: pendulum.DateTime) -> None:
        return None


def test_a_custom_rule_that_keeps_the_default_explanation_reads_well() -> None:
    assert repr(_Weekly()) == "_Weekly()"


# -- explanations as data ---------------------------------------------------------------


def test_params_are_a_read_only_hashable_mapping() -> None:
    from relance import Params

    params = Params({"idea": "pilot", "needs": ["a", "b"]})
    assert Params.of(params) is params
    assert Params.of(None) == {}
    assert params == Params({"idea": "pilot", "needs": ["a", "b"]})
    assert params != 3
    assert hash(params) == hash(Params({"needs": ["a", "b"], "idea": "pilot"}))
    assert repr(Params({"n": 1})) == "Params({'n': 1})"
    with pytest.raises(InvalidValueError) as caught:
        Params.of(["idea", "pilot"])  # type: ignore[arg-type]
    assert caught.value.field == "params"


def test_an_explanation_prints_its_english_sentence() -> None:
    from relance import Explanation, Skipped

    why = Explanation(code="skipped.idea-already-shared")
    assert str(why) == why.message == "already shared with the account"
    skipped = Skipped(idea_id="pilot", code="idea-already-shared", explanation=why)
    assert skipped.why == "already shared with the account"
    assert skipped.render("fr") == "déjà partagée avec le compte"
    assert Skipped(idea_id="pilot", code="idea-already-shared").why == ""


def test_a_plan_for_an_account_without_needs_asks_for_any_new_idea() -> None:
    account = Account(id="acme", name="Acme", needs=set(), contacts=[ANA])
    result = plan(account=account, history=[], ideas=[], policy=Policy(), now=at(2, 9),
                  horizon=timedelta(weeks=8))
    (need,) = result.needs
    assert need.need is None
    assert need.explanation is not None
    assert need.explanation.params["case"] == "any"
    assert need.why.startswith("a new idea is needed by ")


def test_a_backoff_grown_over_many_touches_stays_exact() -> None:
    """Past 64 unanswered touches the growth is computed in floats, still rounded up."""
    policy = Policy(min_gap=timedelta(days=1), backoff=1.001, max_gap=timedelta(days=100))
    assert policy.required_gap(70) == timedelta(days=2)  # 1.001**70 = 1.072...
    assert policy.required_gap(64) == timedelta(days=2)


def test_a_spread_out_run_of_touches_does_not_fill_a_window() -> None:
    """Cap 2 per hour: 10:00 and 10:50 fill one window, 10:50 and 12:10 do not."""
    from relance import Elapsed

    policy = Policy(cap=2, cap_window=Elapsed(hours=1), min_gap=Elapsed(minutes=1),
                    without={"too-soon"})
    history = [
        Touch(at=at(3, h, m), contact_id="ana", channel="email", direction="outbound",
              outcome="replied")
        for h, m in ((10, 0), (10, 50), (12, 10), (12, 20))
    ]
    verdict = policy.check(Proposal(at=at(3, 11, 30), contact_id="ana", channel="email",
                                    idea_id="pilot"),
                           history=history, account=ACME, ideas=[PILOT])
    assert verdict.codes == ("frequency-cap",)
    assert verdict.reasons[0].lifts_at == at(3, 13, 10)
    assert verdict.earliest == at(3, 13, 10)
    assert policy.check(Proposal(at=at(3, 11, 5), contact_id="ana", channel="email",
                                 idea_id="pilot"),
                        history=history, account=ACME, ideas=[PILOT]).allowed


def test_one_day_spans_read_in_the_singular() -> None:
    rules = {type(r).__name__: repr(r) for r in Policy(cap_window=timedelta(days=1)).enforced_rules}
    assert rules["FrequencyCap"] == "FrequencyCap(cap=3, window=1 day)"
