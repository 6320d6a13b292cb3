"""Tests written for the mutants that survived the suite (docs/mutation.md).

Each test pins a behaviour the docs promise that no other test pinned, and
fails for at least one mutant of ``relance._core`` (rules, policy, planner):
the codes and parameters of a refusal or of a relance's explanation, the
parameters' validation, the planner's choices in corners.  Explanations are
data (docs/explanations.md), so the tests pin codes, parameters and instants;
the words are rendered from the catalogs and tested with them.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, time, timedelta
from fractions import Fraction
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given, settings

from relance import (
    NEVER,
    Account,
    Checkpoint,
    Contact,
    CustomRule,
    Elapsed,
    Explanation,
    Idea,
    InvalidValueError,
    Kind,
    Never,
    Plan,
    Policy,
    Proposal,
    Reason,
    RelanceError,
    Situation,
    Touch,
    UnknownIdError,
    Verdict,
    plan,
)
from relance._core import policy as core_policy
from relance._core.explain import CASES, PARAMS
from relance.testing import World, worlds

PARIS = "Europe/Paris"


def at(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> pendulum.DateTime:
    """An instant in November 2026, Paris time (2 November is a Monday)."""
    return pendulum.datetime(2026, month, day, hour, minute, tz=PARIS)


ANA = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS, country="FR")
BOB = Contact(id="bob", name="Bob Leroy", role="champion", timezone=PARIS, country="FR",
              channels={"email", "phone", "message"})
ACME = Account(id="acme", name="Acme Media", needs={"training", "budget"}, contacts=[ANA, BOB])
PILOT = Idea(id="pilot", summary="A two-week pilot", addresses={"training"})
CASE = Idea(id="case", summary="A case study", addresses={"training"})
IDEAS = [PILOT, CASE]


def out(when: pendulum.DateTime, who: str = "ana", outcome: str = "no_answer",
        idea: str | None = None, channel: str = "email") -> Touch:
    return Touch(at=when, contact_id=who, channel=channel, direction="outbound",
                 outcome=outcome, idea_id=idea)


def inbound(when: pendulum.DateTime, who: str = "ana", outcome: str = "replied",
            channel: str = "email") -> Touch:
    return Touch(at=when, contact_id=who, channel=channel, direction="inbound", outcome=outcome)


def check(when: pendulum.DateTime, history: Sequence[Touch] = (), *, who: str = "ana",
          channel: str = "phone", idea: str | None = "pilot", checkpoint: str | None = None,
          reply: bool = False, account: Account = ACME, policy: Policy | None = None,
          ideas: Sequence[Idea] = IDEAS) -> Verdict:
    proposal = Proposal(at=when, contact_id=who, channel=channel, idea_id=idea,
                        checkpoint_id=checkpoint, reply=reply)
    return (policy or Policy()).check(proposal, account=account, history=history, ideas=ideas)


def explained(item: object) -> Explanation:
    """The explanation of a relance, an idea needed, advice or a skipped idea."""
    found = getattr(item, "explanation", None)
    assert isinstance(found, Explanation), item
    return found


def shape(value: object) -> object:
    """An explanation as plain data: ``(code, {param: value})``, nested ones too."""
    if isinstance(value, Explanation):
        return (value.code, shape(value.params))
    if isinstance(value, Mapping):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, tuple) and any(isinstance(v, Explanation) for v in value):
        return tuple(shape(v) for v in value)
    return value


MONDAY = pendulum.datetime(2026, 11, 23, 8, tz=PARIS)


def make(ideas: Sequence[Idea], history: Sequence[Touch] = (), *, account: Account = ACME,
         weeks: int = 12, policy: Policy | None = None,
         now: pendulum.DateTime = MONDAY) -> Plan:
    return plan(account=account, history=list(history), ideas=list(ideas),
                policy=policy or Policy(), now=now, horizon=timedelta(weeks=weeks))


# -- the policy -----------------------------------------------------------------


@pytest.mark.parametrize("bad", [-1, True, 1.0, "2", None])
def test_required_gap_refuses_what_is_not_a_count_of_touches(bad: object) -> None:
    """`required_gap` takes an int of at least 0, and says which argument is wrong."""
    with pytest.raises(InvalidValueError) as info:
        Policy().required_gap(bad)  # type: ignore[arg-type]
    assert info.value.field == "unanswered"
    assert info.value.value is bad
    assert str(info.value) == f"unanswered must be an int of at least 0 (got {bad!r})"


def test_required_gap_accepts_zero_and_large_counts() -> None:
    """Zero unanswered touches is the minimum gap; a long streak is the cap."""
    policy = Policy()
    assert policy.required_gap(0) == timedelta(days=7)
    assert policy.required_gap(10_000) == timedelta(days=42)


def test_a_policy_reads_and_writes_itself_as_data(tmp_path: Path) -> None:
    """`to_dict`, `from_dict` and `from_toml` give back the same policy (docs/crm.md)."""
    policy = Policy(min_gap=timedelta(days=5), backoff=1.5, cap=4)
    data = policy.to_dict()
    assert data["min_gap"] == "P5D"
    assert Policy.from_dict(data) == policy
    path = tmp_path / "policy.toml"
    path.write_text('min_gap = "P5D"\nbackoff = 1.5\ncap = 4\n', encoding="utf-8")
    assert Policy.from_toml(path) == policy


def test_an_unknown_checkpoint_lists_the_accounts_checkpoints() -> None:
    """The error for an unknown checkpoint id names the checkpoints there are, not contacts."""
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA],
                      checkpoints=[Checkpoint(id="budget", contact_id="ana", at=at(20, 9))])
    with pytest.raises(UnknownIdError) as info:
        check(at(20, 9), idea=None, checkpoint="review", account=account)
    assert "unknown checkpoint id 'review' (account 'acme' has: 'budget')" in str(info.value)
    assert info.value.field == "proposal.checkpoint_id"


# -- the rules' explanations ----------------------------------------------------
# A refusal is data: its code's parameters (docs/explanations.md), instants in
# the contact's zone; its sentence names who, what and until when.

BUDGET = Checkpoint(id="budget", contact_id="ana", at=at(20, 9), hold=True,
                    note="after the budget committee")
WITH_BUDGET = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA, BOB],
                      checkpoints=[BUDGET])
FLAGGED = Account(id="acme", name="Acme Media", needs={"training"},
                  contacts=[Contact(id="ana", name="Ana Martin", role="decision_maker",
                                    timezone=PARIS, country="FR", do_not_contact=True)])
HIRING = Account(id="acme", name="Acme Media", needs={"training", "budget", "hiring"},
                 contacts=[ANA])
NO_NEEDS = Account(id="acme", name="Acme Media", needs=set(), contacts=[ANA])
SPREAD = Idea(id="crm", summary="A CRM migration", addresses={"crm", "erp", "ai"})
VAGUE = Idea(id="vague", summary="?", addresses=set())
LATER = Idea(id="webinar", summary="A webinar", addresses={"training"},
             available_from=at(16, 0), expires_at=at(30, 0))
THREE_SILENT = [out(at(2)), out(at(16)), out(at(14, month=12))]
EVERY_OTHER_DAY = Policy(min_gap=timedelta(days=1), max_gap=timedelta(days=1))


def _kept_budget() -> list[Touch]:
    return [Touch(at=at(20, 9), contact_id="ana", channel="phone", direction="outbound",
                  outcome="replied", checkpoint_id="budget")]


def _until(when: pendulum.DateTime) -> tuple[str, dict[str, object]]:
    return ("when.until", {"until": when, "zone": PARIS})


P = PARIS
#: (id, the verdict, the code, its parameters)
REASONS: list[tuple[str, Callable[[], Verdict], str, dict[str, object]]] = [
    ("flagged", lambda: check(at(2), account=FLAGGED), "do-not-contact",
     {"case": "flagged", "contact": "Ana Martin", "contact_id": "ana"}),
    ("opted-out", lambda: check(at(20), [inbound(at(2), outcome="opted_out")]), "do-not-contact",
     {"case": "opted-out", "contact": "Ana Martin", "contact_id": "ana"}),
    ("channel-not-used", lambda: check(at(2), who="bob", channel="video"), "channel-unavailable",
     {"case": "not-used", "channel": "video", "contact": "Bob Leroy",
      "uses": ("email", "message", "phone")}),
    ("channel-bounced",
     lambda: check(at(20), [out(at(2), who="bob", outcome="bounced")], who="bob",
                   channel="email"),
     "channel-unavailable", {"case": "bounced", "channel": "email", "contact": "Bob Leroy",
                             "uses": ("email", "message", "phone")}),
    ("nothing-awaits", lambda: check(at(20), [out(at(2))], idea=None, reply=True),
     "no-reply-pending", {"case": "nothing-awaits", "contact": "Ana Martin"}),
    ("arrives-later", lambda: check(at(17, 9), [inbound(at(17, 15))], idea=None, reply=True),
     "no-reply-pending",
     {"case": "arrives-later", "contact": "Ana Martin", "arrives": at(17, 15), "zone": P}),
    ("checkpoint-of-another",
     lambda: check(at(20, 9), idea=None, checkpoint="budget", account=WITH_BUDGET, who="bob"),
     "checkpoint-unavailable", {"case": "other-contact", "checkpoint": "budget",
                                "agreed_with": "ana", "contact_id": "bob"}),
    ("checkpoint-kept",
     lambda: check(at(4, month=12), _kept_budget(), idea=None, checkpoint="budget",
                   account=WITH_BUDGET),
     "checkpoint-unavailable", {"case": "kept", "checkpoint": "budget"}),
    ("checkpoint-not-due",
     lambda: check(at(19, 15), idea=None, checkpoint="budget", account=WITH_BUDGET),
     "checkpoint-not-due", {"checkpoint": "budget", "due": at(20, 9), "zone": P}),
    ("no-new-idea", lambda: check(at(30), [out(at(2))], idea=None), "no-new-idea", {}),
    ("idea-already-shared",
     lambda: check(at(30), [out(at(2), who="bob", outcome="replied", idea="pilot")]),
     "idea-already-shared", {"idea": "pilot", "account": "Acme Media"}),
    ("idea-not-relevant", lambda: check(at(2), idea="crm", ideas=[SPREAD], account=HIRING),
     "idea-not-relevant", {"idea": "crm", "addresses": ("ai", "crm", "erp"),
                           "account": "Acme Media", "needs": ("budget", "hiring", "training")}),
    ("idea-addressing-nothing",
     lambda: check(at(2), idea="vague", ideas=[VAGUE], account=NO_NEEDS), "idea-not-relevant",
     {"idea": "vague", "addresses": (), "account": "Acme Media", "needs": ()}),
    ("idea-not-ready", lambda: check(at(3), idea="webinar", ideas=[LATER]), "idea-not-ready",
     {"idea": "webinar", "available": at(16, 0), "zone": P}),
    ("idea-expired", lambda: check(at(1, month=12), idea="webinar", ideas=[LATER]),
     "idea-expired", {"idea": "webinar", "stale": at(30, 0), "zone": P}),
    ("too-soon", lambda: check(at(5), [out(at(2), outcome="replied")]), "too-soon",
     {"case": "base", "account": "Acme Media", "last": at(2), "gap": timedelta(days=7),
      "unanswered": 0, "until": at(9), "zone": P}),
    ("too-soon-grown-once", lambda: check(at(9), [out(at(2), who="bob")]), "too-soon",
     {"case": "grown", "account": "Acme Media", "last": at(2), "gap": timedelta(days=14),
      "unanswered": 1, "until": at(16), "zone": P}),
    ("too-soon-grown-twice",
     lambda: check(at(20), [out(at(2), who="bob"), out(at(16), who="bob")]), "too-soon",
     {"case": "grown", "account": "Acme Media", "last": at(16), "gap": timedelta(days=28),
      "unanswered": 2, "until": at(14, month=12), "zone": P}),
    ("unanswered-limit", lambda: check(at(2).add(days=120), THREE_SILENT), "unanswered-limit",
     {"contact": "Ana Martin", "unanswered": 3}),
    ("cooling-off", lambda: check(at(9), [inbound(at(2), outcome="declined")], who="bob"),
     "cooling-off", {"account": "Acme Media", "declined": at(2), "cool_off": timedelta(days=30),
                     "until": at(2, month=12), "zone": P}),
    ("frequency-cap",
     lambda: check(at(10), [out(at(d), outcome="replied") for d in (2, 4, 6)],
                   policy=EVERY_OTHER_DAY),
     "frequency-cap", {"count": 3, "account": "Acme Media", "window": timedelta(days=30),
                       "cap": 3, "until": at(2, month=12), "zone": P}),
    ("before-agreed-date", lambda: check(at(10), who="bob", account=WITH_BUDGET),
     "before-agreed-date", {"case": "noted", "account": "Acme Media", "until": at(20, 9),
                            "note": "after the budget committee", "period": "budget",
                            "zone": P}),
    ("outside-hours", lambda: check(at(3, 19, 30)), "outside-hours",
     {"at": at(3, 19, 30), "contact": "Ana Martin", "start": time(9), "end": time(18),
      "when": _until(at(4, 9)), "zone": P}),
    ("holiday", lambda: check(at(11)), "non-working-day",
     {"case": "holiday", "day": date(2026, 11, 11), "contact": "Ana Martin", "country": "FR",
      "when": _until(at(12, 0))}),
    ("weekend", lambda: check(at(8)), "non-working-day",
     {"case": "weekend", "day": date(2026, 11, 8), "contact": "Ana Martin", "country": "FR",
      "when": _until(at(9, 0))}),
]


def _reason(verdict: Verdict, code: str) -> Reason:
    (found,) = [r for r in verdict.reasons if r.code == code]
    return found


@pytest.mark.parametrize(("case", "code", "params"), [r[1:] for r in REASONS],
                         ids=[r[0] for r in REASONS])
def test_each_refusal_is_explained_by_its_parameters(
    case: Callable[[], Verdict], code: str, params: dict[str, object]
) -> None:
    """The parameters docs/explanations.md lists, instants in the contact's zone."""
    verdict = case()
    reason = _reason(verdict, code)
    given = dict(shape(reason.params))  # type: ignore[call-overload]
    given.pop("holiday", None)  # its language is the holidays package's (see below)
    assert given == params
    for instant in (v for v in reason.params.values() if isinstance(v, pendulum.DateTime)):
        assert instant.timezone_name == PARIS
    assert_documented(verdict)


# -- boundaries and exemptions, as docs/rules/*.md state them -------------------


def test_an_idea_is_stale_from_the_very_instant_it_expires() -> None:
    """idea-expired refuses at or after `expires_at`; the microsecond before is fine."""
    assert check(at(30, 0), idea="webinar", ideas=[LATER]).codes == (
        "idea-expired", "outside-hours")
    just_before = check(at(30, 0).subtract(microseconds=1), idea="webinar", ideas=[LATER])
    assert "idea-expired" not in just_before.codes


def test_an_idea_is_ready_from_the_very_instant_it_is_available() -> None:
    """idea-not-ready refuses before `available_from` and lifts exactly then."""
    ready = Idea(id="webinar", summary="A webinar", addresses={"training"},
                 available_from=at(16, 10))
    assert check(at(16, 10), idea="webinar", ideas=[ready]).allowed
    early = check(at(16, 9, 59), idea="webinar", ideas=[ready])
    assert early.codes == ("idea-not-ready",)
    assert early.earliest == at(16, 10)


def test_a_reply_to_a_message_that_arrives_later_waits_for_it() -> None:
    """no-reply-pending lifts when the message to answer arrives, if after the proposal."""
    history = [inbound(at(17, 15))]
    verdict = check(at(17, 9), history, idea=None, reply=True)
    assert verdict.codes == ("no-reply-pending",)
    assert verdict.reasons[0].lifts_at == at(17, 15)
    assert verdict.earliest == at(17, 15)
    # At the very instant it arrives, the answer is allowed.
    assert check(at(17, 15), history, idea=None, reply=True).allowed


def test_a_checkpoint_is_due_at_its_very_instant() -> None:
    """checkpoint-not-due lifts at the agreed time exactly."""
    due = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA],
                  checkpoints=[Checkpoint(id="review", contact_id="ana", at=at(20, 11))])
    assert check(at(20, 11), idea=None, checkpoint="review", account=due).allowed
    early = check(at(20, 10, 59), idea=None, checkpoint="review", account=due)
    assert early.codes == ("checkpoint-not-due",)
    assert early.earliest == at(20, 11)


# -- the required gap (docs/rules/too-soon.md) ----------------------------------


@pytest.mark.parametrize(
    ("policy", "gaps"),
    [
        # Elapsed gaps grow and cap in elapsed time, even under a whole-days cap.
        (Policy(min_gap=timedelta(hours=36), max_gap=timedelta(hours=100)),
         [Elapsed(hours=h) for h in (36, 72, 100, 100)]),
        (Policy(min_gap=timedelta(hours=36), max_gap=timedelta(days=5)),
         [Elapsed(hours=h) for h in (36, 72, 120, 120)]),
        # One day doubles like any other gap.
        (Policy(min_gap=timedelta(days=1), max_gap=timedelta(days=10)),
         [timedelta(days=d) for d in (1, 2, 4, 8)]),
        # Whole days, rounded up: 3, 4.5, 6.75, 10.125 days.
        (Policy(min_gap=timedelta(days=3), backoff=1.5, max_gap=timedelta(days=30)),
         [timedelta(days=d) for d in (3, 5, 7, 11)]),
        # No backoff, no growth; no gap, nothing to grow.
        (Policy(backoff=1), [timedelta(days=7)] * 4),
        (Policy(min_gap=timedelta(0)), [timedelta(0)] * 4),
        # A cap equal to the minimum.
        (Policy(min_gap=timedelta(days=7), max_gap=timedelta(days=7)), [timedelta(days=7)] * 4),
    ],
    ids=["elapsed", "elapsed-under-days-cap", "one-day", "rounded-up", "no-backoff", "no-gap",
         "capped-at-once"],
)
def test_the_required_gap_grows_by_the_backoff_up_to_the_cap(
    policy: Policy, gaps: list[timedelta]
) -> None:
    """min_gap × backoff**n, whole days rounded up (or elapsed), capped at max_gap."""
    assert [policy.required_gap(n) for n in range(4)] == gaps


def test_a_gap_close_to_one_keeps_growing_over_a_long_streak() -> None:
    """With a backoff of 1.01, the gap still grows after a hundred unanswered touches."""
    policy = Policy(min_gap=timedelta(hours=1), backoff=1.01, max_gap=timedelta(hours=1000))
    hundred = policy.required_gap(100)
    expected_us = 3_600_000_000 * 1.01**100
    assert abs(hundred / timedelta(microseconds=1) - expected_us) <= 1
    assert policy.required_gap(99) < hundred < policy.required_gap(101)
    assert policy.required_gap(10_000) == timedelta(hours=1000)


# -- a bug the mutants found ----------------------------------------------------


def test_the_instant_just_before_1970_is_not_working_time_in_paris() -> None:
    """00:59:59.999999 on 1 January 1970 in Paris: a holiday, at night."""
    night = pendulum.datetime(1969, 12, 31, 23, 59, 59, 999999, tz="UTC")
    verdict = check(night)
    assert verdict.codes == ("outside-hours", "non-working-day")
    assert verdict.earliest == pendulum.datetime(1970, 1, 2, 9, tz=PARIS)


# -- the planner's why (docs/planner.md, docs/explanations.md) -------------------


def timings(result: Plan) -> list[object]:
    """Which rule set each relance's instant, as data."""
    return [shape(explained(r).params["timing"]) for r in result.relances]


def test_a_relance_explains_what_who_and_when() -> None:
    """An idea relance names the idea and its summary, its priority, the contact, why them, when."""
    (relance,) = make([PILOT], now=MONDAY.add(hours=2), weeks=1).relances
    assert shape(explained(relance)) == ("relance.idea", {
        "idea": "pilot", "summary": PILOT.summary, "priority": 0, "contact": "Ana Martin",
        "target": ("target.decision-maker", {}), "timing": ("timing.right-away", {}),
        "at": MONDAY.add(hours=2), "zone": PARIS})


def test_the_timing_says_first_slot_or_which_gap() -> None:
    """First working slot; then the gap grown by 1, then 2 unanswered touches."""
    ideas = [PILOT, CASE, Idea(id="x", summary="x", addresses={"training"})]
    assert timings(make(ideas)) == [
        ("timing.first-slot", {}),
        ("timing.too-soon", {"case": "grown", "gap": timedelta(days=14), "unanswered": 1}),
        ("timing.too-soon", {"case": "grown", "gap": timedelta(days=28), "unanswered": 2}),
    ]
    answered = make([PILOT], [out(MONDAY.subtract(days=3), outcome="replied")], weeks=2)
    assert timings(answered) == [("timing.then-slot", {"timing": (
        "timing.too-soon", {"case": "base", "gap": timedelta(days=7), "unanswered": 0})})]


def test_the_timing_names_the_cap_the_cool_off_and_the_hold() -> None:
    """Room in the window (window and cap); after the cool-off; after the client's date."""
    history = [out(MONDAY.subtract(days=d), outcome="replied") for d in (20, 10, 5)]
    assert timings(make([PILOT], history, policy=EVERY_OTHER_DAY, weeks=3)) == [
        ("timing.then-slot", {"timing": ("timing.frequency-cap",
                                         {"window": timedelta(days=30), "cap": 3})})]
    declined = make([PILOT], [inbound(MONDAY.subtract(days=10), who="bob", outcome="declined")])
    assert timings(declined)[1] == ("timing.then-slot", {"timing": (
        "timing.cooling-off", {"cool_off": timedelta(days=30)})})
    held = Account(id="acme", name="Acme Media", needs={"training"},
                   contacts=[Contact(id="ana", name="Ana Martin", role="decision_maker",
                                     timezone=PARIS, country="FR", do_not_contact=True), BOB],
                   checkpoints=[Checkpoint(id="budget", contact_id="ana",
                                           at=MONDAY.add(days=10, hours=6), hold=True)])
    result = make([PILOT], account=held, weeks=3)
    assert timings(result) == [("timing.before-agreed-date", {})]
    assert shape(explained(result.relances[0]).params["target"]) == (
        "target.reachable", {"role": "champion"})
    assert result.relances[0].at == MONDAY.add(days=10, hours=6)


class _AfterLunch(CustomRule):
    """Nothing before 14:00, Paris time."""

    code = "after-lunch"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> pendulum.DateTime | None:
        lunch = at.in_tz(PARIS).set(hour=14, minute=0, second=0, microsecond=0)
        return lunch if at < lunch else None


def test_the_timing_names_a_custom_rule_by_its_code() -> None:
    """A rule of your own that moved a relance is named by its code."""
    result = make([PILOT], now=MONDAY.add(hours=2), weeks=1,
                  policy=Policy(rules=(_AfterLunch(),)))
    assert timings(result) == [("timing.other", {"code": "after-lunch"})]
    assert result.relances[0].at == MONDAY.add(hours=6)


def test_a_reply_explains_which_message_it_answers() -> None:
    """The reply names the sender and the instant of their message."""
    history = [inbound(MONDAY.subtract(hours=20), who="bob", outcome="pending")]
    reply = make([PILOT], history).relances[0]
    assert shape(explained(reply)) == ("relance.reply", {
        "contact": "Bob Leroy", "received": MONDAY.subtract(hours=20),
        "timing": ("timing.first-slot", {}), "at": MONDAY.add(hours=1), "zone": PARIS})


def test_a_checkpoint_explains_whether_it_is_on_time_overdue_or_moved() -> None:
    """At the agreed time (with its note), overdue (kept at once), or moved (and why)."""
    review = Checkpoint(id="review", contact_id="ana", at=MONDAY.add(days=3, hours=7),
                        note="quarterly")
    late = Checkpoint(id="late", contact_id="ana", at=MONDAY.subtract(days=3))
    saturday = Checkpoint(id="sat", contact_id="ana",
                          at=pendulum.datetime(2026, 11, 28, 11, tz=PARIS), note="call back")
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA],
                      checkpoints=[review])
    common = {"contact": "Ana Martin", "zone": PARIS}
    (on_time,) = make([], account=account, weeks=1).relances
    assert shape(explained(on_time)) == ("relance.checkpoint", {
        "checkpoint": "review", "note": "quarterly", "case": "agreed", "at": review.at,
        **common})
    (overdue,) = make([], account=attrs.evolve(account, checkpoints=[late]),
                      now=MONDAY.add(hours=2), weeks=1).relances
    assert shape(explained(overdue)) == ("relance.checkpoint", {
        "checkpoint": "late", "note": "", "case": "overdue", "at": MONDAY.add(hours=2),
        **common})
    (moved,) = make([], account=attrs.evolve(account, checkpoints=[saturday]),
                    weeks=2).relances
    monday_9 = pendulum.datetime(2026, 11, 30, 9, tz=PARIS)
    assert shape(explained(moved)) == ("relance.checkpoint", {
        "checkpoint": "sat", "note": "call back", "case": "moved", "agreed": saturday.at,
        "timing": ("timing.first-slot", {}), "at": monday_9, **common})


# -- presence: the ideas needed -------------------------------------------------


def test_an_idea_needed_names_who_to_reach_and_the_last_contact() -> None:
    """By a date in the contact's zone, for whom, and since when nobody was contacted."""
    result = make([PILOT])
    (need,) = result.needs
    by = pendulum.datetime(2027, 1, 7, 9, tz=PARIS)  # the relance plus max_silence
    assert (need.by, need.by.timezone_name, need.contact_id, need.need) == (
        by, PARIS, "ana", "budget")
    assert shape(explained(need)) == ("idea-needed", {
        "case": "addressing", "need": "budget", "by": by,
        "target": ("needed.for", {"contact": "Ana Martin"}),
        "since": ("since.last", {"last": result.relances[0].at, "zone": PARIS}), "zone": PARIS})


def test_an_idea_needed_before_any_outbound_touch_says_so() -> None:
    """Nothing sent yet, nothing to send: needed by now plus max_silence (its first slot)."""
    (need,) = make([]).needs
    assert need.by == MONDAY.add(days=45, hours=1)  # 08:00 is before Ana's working hours
    assert shape(explained(need).params["since"]) == ("since.silent", {})


def test_when_nobody_can_be_reached_the_need_says_so_in_utc() -> None:
    """Every contact opted out or flagged: no contact to name, the deadline in UTC."""
    nobody = Account(id="acme", name="Acme Media", needs={"training"},
                     contacts=[Contact(id="ana", name="Ana Martin", role="decision_maker",
                                       timezone=PARIS, country="FR", do_not_contact=True)])
    result = make([PILOT], account=nobody)
    assert result.relances == ()
    (need,) = result.needs
    by = pendulum.datetime(2027, 1, 7, 7, tz="UTC")
    assert (need.contact_id, need.by, need.by.timezone_name) == (None, by, "UTC")
    assert shape(explained(need)) == ("idea-needed", {
        "case": "addressing", "need": "training", "by": by, "target": ("needed.nobody", {}),
        "since": ("since.silent", {}), "zone": "UTC"})


def test_an_account_without_needs_asks_for_any_new_idea() -> None:
    """No need stated: the idea needed addresses nothing in particular (need is None)."""
    result = make([PILOT], account=NO_NEEDS)
    assert [(s.idea_id, s.code) for s in result.skipped] == [("pilot", "idea-not-relevant")]
    (need,) = result.needs
    assert need.need is None
    assert shape(explained(need)) == ("idea-needed", {
        "case": "any-moved", "by": MONDAY.add(days=45, hours=1),
        "target": ("needed.for", {"contact": "Ana Martin"}), "since": ("since.silent", {}),
        "zone": PARIS, "moved": ("timing.first-slot", {})})


def test_the_need_asked_for_is_the_one_the_fewest_shared_ideas_addressed() -> None:
    """Two ideas addressed 'alpha', one 'zeta': the next idea should address zeta."""
    account = Account(id="acme", name="Acme Media", needs={"alpha", "zeta"}, contacts=[ANA])
    shared = [Idea(id="a1", summary="a1", addresses={"alpha"}),
              Idea(id="a2", summary="a2", addresses={"alpha"}),
              Idea(id="z1", summary="z1", addresses={"zeta"})]
    history = [out(MONDAY.subtract(days=90 - 10 * n), outcome="replied", idea=idea.id)
               for n, idea in enumerate(shared)]
    result = make(shared, history, account=account)
    assert {n.need for n in result.needs} == {"zeta"}


# -- presence: advice -----------------------------------------------------------

GUS = Contact(id="gus", name="Gus Petit", role="gatekeeper", timezone=PARIS, country="FR",
              channels={"phone"})
ANA_ALL = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS,
                  country="FR", channels={"email", "phone", "message", "video"})


def test_a_paused_contact_gets_advice_on_who_what_and_how_to_try_next() -> None:
    """Three unanswered ideas for Ana: try Bob, another channel, the lighter first step."""
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA, BOB, GUS])
    ideas = [*(Idea(id=i, summary=i, addresses={"training"}, contact_id="ana") for i in "abc"),
             Idea(id="pilot", summary="A pilot", addresses={"training"}, first_step=True,
                  available_from=MONDAY.add(days=300))]
    result = make(ideas, account=account, weeks=20)
    (advice,) = result.advice
    assert (advice.contact_id, advice.code) == ("ana", "unanswered-limit")
    assert advice.at == result.relances[2].at
    assert advice.suggest_contact_id == "bob"
    assert [c.value for c in advice.suggest_channels] == ["phone", "video", "message", "meeting"]
    assert advice.suggest_idea_id == "pilot"
    assert shape(explained(advice)) == ("advice.unanswered-limit", {
        "case": "try", "contact": "Ana Martin", "unanswered": 3, "tries": (
            ("try.contact", {"contact": "Bob Leroy", "role": "champion"}),
            ("try.channels", {"channels": ("phone", "video", "message", "meeting")}),
            ("try.lighter", {"idea": "pilot", "summary": "A pilot"}))})


def test_advice_counts_the_current_run_of_unanswered_touches_only() -> None:
    """Bounces do not count, other contacts' touches do not break it; the third one pauses.

    The channels suggested are those Ana uses that the run did not try and that did not
    bounce.
    """
    history = [out(MONDAY.subtract(days=100), channel="phone"),
               out(MONDAY.subtract(days=90), who="bob"),
               out(MONDAY.subtract(days=80), outcome="bounced"),
               out(MONDAY.subtract(days=60), channel="message"),
               out(MONDAY.subtract(days=40), channel="phone")]
    account = Account(id="acme", name="Acme Media", needs={"training"},
                      contacts=[ANA_ALL, BOB, GUS])
    (advice,) = make([], history, account=account, weeks=2).advice
    assert advice.contact_id == "ana"
    assert advice.at == MONDAY.subtract(days=40)
    assert advice.at.timezone_name == PARIS
    assert advice.suggest_channels == ("video",)
    assert advice.suggest_idea_id is None
    assert shape(explained(advice).params["tries"]) == (
        ("try.contact", {"contact": "Bob Leroy", "role": "champion"}),
        ("try.channels", {"channels": ("video",)}))


@pytest.mark.parametrize("breaker", [
    out(MONDAY.subtract(days=35), outcome="replied"),
    out(MONDAY.subtract(days=35), outcome="meeting"),
    inbound(MONDAY.subtract(days=35)),
], ids=["replied", "meeting", "inbound"])
def test_an_answer_ends_the_run_of_unanswered_touches(breaker: Touch) -> None:
    """Two unanswered touches after an answer are not three (max_unanswered=3)."""
    history = [out(MONDAY.subtract(days=50)), breaker, out(MONDAY.subtract(days=20)),
               out(MONDAY.subtract(days=10))]
    assert make([], history, weeks=1).advice == ()


def test_advice_without_anything_to_try_only_says_to_step_back() -> None:
    """One contact, one channel, no lighter step: nothing to suggest."""
    solo = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS,
                   country="FR", channels={"email"})
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[solo])
    history = [out(MONDAY.subtract(days=d)) for d in (90, 60, 30)]
    (advice,) = make([], history, account=account, weeks=1).advice
    assert (advice.suggest_contact_id, advice.suggest_channels, advice.suggest_idea_id) == (
        None, (), None)
    assert shape(explained(advice)) == ("advice.unanswered-limit", {
        "case": "plain", "contact": "Ana Martin", "unanswered": 3, "tries": ()})


def test_the_contact_suggested_can_be_reached_and_ranks_first() -> None:
    """Not flagged, not opted out, not paused; who decides first, then by id."""
    def champion(cid: str, **kw: object) -> Contact:
        return Contact(id=cid, name=cid.title(), role="champion", timezone=PARIS, country="FR",
                       **kw)  # type: ignore[arg-type]

    contacts = [ANA, GUS, champion("zoe"), champion("amy"), champion("flo", do_not_contact=True),
                champion("abe"), champion("bea")]
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=contacts)
    paused = [out(MONDAY.subtract(days=d)) for d in (90, 60, 30)]
    silent_abe = [out(MONDAY.subtract(days=d), who="abe") for d in (89, 59, 29)]
    opted_out = [inbound(MONDAY.subtract(days=100), who="amy", outcome="opted_out")]
    result = make([], paused + silent_abe + opted_out, account=account, weeks=1)
    advice = {a.contact_id: a for a in result.advice}
    assert set(advice) == {"ana", "abe"}
    assert advice["ana"].suggest_contact_id == "bea"
    assert advice["abe"].suggest_contact_id == "bea"


def test_after_a_decision_makers_decline_the_advice_may_come_back_to_them() -> None:
    """The decliner decides: after the cool-off, re-engage them with a new approach."""
    history = [inbound(MONDAY.subtract(days=10), outcome="declined")]
    (advice,) = [a for a in make([PILOT], history).advice if a.code == "cooling-off"]
    assert advice.contact_id == "ana"
    assert advice.suggest_contact_id == "ana"
    assert advice.at == MONDAY.subtract(days=10).add(days=30)
    assert shape(explained(advice)) == ("advice.cooling-off", {
        "case": "decider", "account": "Acme Media", "declined": MONDAY.subtract(days=10),
        "ends": MONDAY.subtract(days=10).add(days=30), "decider": "Ana Martin", "zone": PARIS})


def test_after_a_decline_with_nobody_to_turn_to_the_advice_names_nobody() -> None:
    """Bob declined and Ana is flagged: no decider to suggest."""
    account = Account(id="acme", name="Acme Media", needs={"training"},
                      contacts=[Contact(id="ana", name="Ana Martin", role="decision_maker",
                                        timezone=PARIS, country="FR", do_not_contact=True), BOB])
    history = [inbound(MONDAY.subtract(days=10), who="bob", outcome="declined")]
    (advice,) = [a for a in make([PILOT], history, account=account).advice
                 if a.code == "cooling-off"]
    assert (advice.contact_id, advice.suggest_contact_id) == ("bob", None)
    assert shape(explained(advice)) == ("advice.cooling-off", {
        "case": "plain", "account": "Acme Media", "declined": MONDAY.subtract(days=10),
        "ends": MONDAY.subtract(days=10).add(days=30), "zone": PARIS})


# -- exemptions and the rolling window ------------------------------------------


def test_a_follow_up_while_a_message_awaits_is_still_a_follow_up() -> None:
    """Only a proposal marked reply=True is exempt from spacing: an idea still waits."""
    history = [out(at(2)), inbound(at(3), outcome="pending")]
    follow_up = check(at(4), history)
    assert follow_up.codes == ("too-soon",)
    assert follow_up.earliest == at(9)
    assert check(at(4), history, idea=None, reply=True).allowed


def test_keeping_a_held_checkpoint_is_refused_only_as_not_due() -> None:
    """The held checkpoint itself is exempt from before-agreed-date (it is the date)."""
    early = check(at(19, 15), idea=None, checkpoint="budget", account=WITH_BUDGET)
    assert early.codes == ("checkpoint-not-due",)
    assert early.earliest == at(20, 9)


def test_a_hold_without_a_note_says_nothing_more() -> None:
    """before-agreed-date gives the checkpoint's note only when it has one (case plain)."""
    bare = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA, BOB],
                   checkpoints=[Checkpoint(id="budget", contact_id="ana", at=at(20, 9),
                                           hold=True)])
    reason = _reason(check(at(10), who="bob", account=bare), "before-agreed-date")
    assert shape(reason.params) == {"case": "plain", "account": "Acme Media",
                                    "until": at(20, 9), "period": "budget", "zone": PARIS}


ALONE = Policy(cap=1, cap_window=timedelta(hours=1),
               without={"too-soon", "outside-hours", "non-working-day"})


def test_a_touch_fills_an_elapsed_window_to_the_microsecond() -> None:
    """Cap 1 an hour: a touch at 10:00 refuses until 11:00 exactly, not a microsecond more."""
    history = [out(at(3, 10), outcome="replied")]
    last = check(at(3, 11).subtract(microseconds=1), history, policy=ALONE)
    assert last.codes == ("frequency-cap",)
    assert last.earliest == at(3, 11)
    assert check(at(3, 11), history, policy=ALONE).allowed


def test_a_later_touch_refuses_a_proposal_that_would_share_its_window() -> None:
    """A touch at 11:00: a proposal after 10:00 would share an hour with it; 10:00 would not."""
    history = [out(at(3, 11), outcome="replied")]
    verdict = check(at(3, 10).add(microseconds=1), history, policy=ALONE)
    assert verdict.codes == ("frequency-cap",)
    assert verdict.earliest == at(3, 12)
    assert check(at(3, 10), history, policy=ALONE).allowed


def test_a_touch_stays_in_a_calendar_window_until_the_same_local_time() -> None:
    """Cap 1 in 30 days: a touch on 2 November at 10:00 counts until 2 December at 10:00."""
    policy = Policy(cap=1, without={"too-soon"})
    history = [out(at(2), outcome="replied")]
    verdict = check(at(1, month=12), history, policy=policy)
    assert verdict.codes == ("frequency-cap",)
    assert verdict.earliest == at(2, month=12)


def test_the_built_in_rules_are_named_in_order() -> None:
    """`enforced_rules` lists the rules by name and parameters, in the order of reasons."""
    assert [repr(r) for r in Policy().enforced_rules] == [
        "DoNotContact()", "ChannelUnavailable()", "ReplyPending()", "CheckpointUnavailable()",
        "CheckpointNotDue()", "NoNewIdea()", "EmptyCheckIn()", "IdeaAlreadyShared()",
        "IdeaNotRelevant()", "IdeaNotReady()", "IdeaExpired()", "CheckpointMissed(grace=7 days)",
        "TooSoon(min_gap=7 days, backoff=2, max_gap=42 days, spacing=4 h)",
        "UnansweredLimit(limit=3)", "CoolingOff(cool_off=30 days)",
        "FrequencyCap(cap=3, window=30 days)", "BeforeAgreedDate()",
        "ContactAway(settle_in=1 day, presumed_away=7 days)", "OwnerAway()", "TensionOpen()",
        "OutsideHours()", "NonWorkingDay()"]


# -- explanations carry their documented parameters (docs/explanations.md) -------


def _explanations(value: object) -> list[Explanation]:
    """Every explanation in a verdict or a plan, nested ones included."""
    if isinstance(value, Verdict):
        found = [Explanation(code=r.code, params=r.params) for r in value.reasons]
    elif isinstance(value, Plan):
        found = [explained(item) for item in (*value.relances, *value.needs, *value.advice,
                                              *value.skipped)]
    else:
        assert isinstance(value, Explanation)
        found = [value]
    nested = []
    for explanation in found:
        for param in explanation.params.values():
            if isinstance(param, Explanation):
                nested += _explanations(param)
            elif isinstance(param, tuple):
                nested += [e for p in param if isinstance(p, Explanation)
                           for e in _explanations(p)]
    return found + nested


def assert_documented(value: object) -> None:
    """Each explanation names only its code's parameters; its instants are in its zone."""
    for explanation in _explanations(value):
        kinds = PARAMS[explanation.code]
        assert set(explanation.params) <= set(kinds), explanation
        if "case" in kinds:  # "" among the cases: the sentence said without one
            assert explanation.params.get("case", "") in CASES[explanation.code], explanation
        instants = [v for k, v in explanation.params.items() if kinds[k] == "instant"]
        if instants and "zone" in kinds:
            zone = explanation.params["zone"]
            assert all(isinstance(i, pendulum.DateTime) and i.timezone_name == zone
                       for i in instants), explanation


@settings(max_examples=50)
@given(worlds())
def test_every_explanation_of_a_plan_or_verdict_is_documented(world: World) -> None:
    """Whatever the world, plans and verdicts explain with documented parameters."""
    assert_documented(world.check())
    result = plan(account=world.account, history=world.history, ideas=world.ideas,
                  policy=world.policy, now=world.now, horizon=timedelta(weeks=10))
    assert_documented(result)


def test_a_regional_holiday_names_the_subdivision() -> None:
    """Good Friday is a holiday in Moselle only: the reason carries the subdivision."""
    moselle = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS,
                      country="FR", subdivision="57")
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[moselle])
    verdict = check(pendulum.datetime(2027, 3, 26, 10, tz=PARIS), account=account)
    (reason,) = verdict.reasons
    assert (reason.code, reason.params["subdivision"]) == ("non-working-day", "57")
    assert reason.params["case"] == "holiday"
    assert verdict.earliest == pendulum.datetime(2027, 3, 30, 9, tz=PARIS)  # after Easter Monday


_HOLIDAY_SCRIPT = """
import pendulum
from relance import Account, Contact, Idea, Policy, Proposal
ana = Contact(id="ana", name="Ana", role="decision_maker", timezone="Europe/Paris", country="FR")
acme = Account(id="acme", name="Acme", needs={"t"}, contacts=[ana])
verdict = Policy().check(
    Proposal(at=pendulum.datetime(2026, 11, 11, 10, tz="Europe/Paris"), contact_id="ana",
             channel="phone", idea_id="p"),
    account=acme, history=[], ideas=[Idea(id="p", summary="p", addresses={"t"})])
print(verdict.reasons[0].params["holiday"])
"""


def test_a_holidays_name_in_the_data_does_not_depend_on_the_locale_variables() -> None:
    """The same check gives the same parameters whatever LANG says."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    names = {
        subprocess.run([sys.executable, "-c", _HOLIDAY_SCRIPT], env={**base, **extra},
                       capture_output=True, text=True, check=True).stdout.strip()
        for extra in ({"LANG": "C.UTF-8"}, {})
    }
    assert len(names) == 1, names


# -- the planner's choices: which idea, to whom, on which channel ----------------


def test_among_equal_ideas_the_oldest_goes_first_then_by_id() -> None:
    """Same priority, no expiry: always-available first, then oldest `available_from`, then id."""
    def aged(idea_id: str, days: int | None) -> Idea:
        since = None if days is None else MONDAY.subtract(days=days)
        return Idea(id=idea_id, summary=idea_id, addresses={"training"}, available_from=since)

    ideas = [aged("b-new", 2), aged("a-old", 20), aged("z-none", None), aged("c-new", 2)]
    result = make(ideas, weeks=30)
    assert [r.idea_id for r in result.relances] == ["z-none", "a-old", "b-new", "c-new"]


def test_an_idea_goes_on_the_channel_the_contact_last_answered_on() -> None:
    """Bob answered by phone: the idea meant for him goes by phone, not email."""
    history = [out(MONDAY.subtract(days=30), who="bob", channel="phone", outcome="replied")]
    idea = Idea(id="p", summary="p", addresses={"training"}, contact_id="bob")
    (relance,) = make([idea], history, weeks=2).relances
    assert (relance.contact_id, relance.channel.value) == ("bob", "phone")


def test_a_reply_goes_on_the_channel_of_the_message() -> None:
    """Bob wrote by message: he is answered by message."""
    history = [inbound(MONDAY.subtract(days=1), who="bob", outcome="pending", channel="message")]
    (relance,) = make([], history, weeks=1).relances
    assert (relance.kind, relance.channel.value) == (Kind.REPLY, "message")


def test_an_idea_skips_the_channels_a_contact_does_not_use_or_that_bounced() -> None:
    """Gus only uses the phone; Ana's email bounced: both are reached by phone."""
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA, BOB, GUS])
    for_gus = Idea(id="g", summary="g", addresses={"training"}, contact_id="gus")
    (relance,) = make([for_gus], account=account, weeks=1).relances
    assert (relance.contact_id, relance.channel.value) == ("gus", "phone")
    bounced = [out(MONDAY.subtract(days=30), outcome="bounced")]
    (relance,) = make([PILOT], bounced, weeks=1).relances
    assert (relance.contact_id, relance.channel.value) == ("ana", "phone")


def _person(cid: str, role: str, zone: str = PARIS) -> Contact:
    return Contact(id=cid, name=cid.title(), role=role, timezone=zone, country="FR")


def test_an_idea_for_a_role_goes_to_whoever_of_that_role_is_reached_first() -> None:
    """Two champions reachable at once: by id; a role nobody holds is ignored."""
    account = Account(id="acme", name="Acme Media", needs={"training"},
                      contacts=[ANA, _person("zoe", "champion"), _person("amy", "champion")])
    for_champions = Idea(id="c", summary="c", addresses={"training"}, role="champion")
    (relance,) = make([for_champions], account=account, weeks=1).relances
    assert relance.contact_id == "amy"
    assert shape(explained(relance).params["target"]) == (
        "target.role-meant-for", {"role": "champion"})
    for_nobody = Idea(id="i", summary="i", addresses={"training"}, role="influencer")
    (relance,) = make([for_nobody], account=account, weeks=1).relances
    assert relance.contact_id == "ana"
    assert shape(explained(relance).params["target"]) == ("target.decision-maker", {})


def test_the_decision_maker_reached_first_gets_the_idea() -> None:
    """At 08:00 in Paris it is 16:00 in Tokyo: Dan, in Tokyo, is reached before Ana."""
    account = Account(id="acme", name="Acme Media", needs={"training"},
                      contacts=[ANA, _person("dan", "decision_maker", "Asia/Tokyo")])
    (relance,) = make([PILOT], account=account, weeks=1).relances
    assert (relance.contact_id, relance.at) == ("dan", MONDAY)
    twins = Account(id="acme", name="Acme Media", needs={"training"},
                    contacts=[_person("dan", "decision_maker"), ANA])
    (relance,) = make([PILOT], account=twins, weeks=1).relances
    assert relance.contact_id == "ana"


def test_without_a_decision_maker_the_order_of_fallbacks_beats_the_earliest_slot() -> None:
    """Nobody decides: the last to answer gets the idea, even if someone else is reached sooner.

    Zoe (in Tokyo) could be reached at once; Bob answered last, so Bob, at 09:00 in Paris.
    """
    account = Account(id="acme", name="Acme Media", needs={"training"},
                      contacts=[BOB, _person("zoe", "champion", "Asia/Tokyo")])
    history = [out(MONDAY.subtract(days=30), who="bob", outcome="replied")]
    (relance,) = make([PILOT], history, account=account, weeks=1).relances
    assert (relance.contact_id, relance.at) == ("bob", MONDAY.add(hours=1))
    assert shape(explained(relance).params["target"]) == ("target.answered-last", {})


def test_an_idea_nobody_can_get_before_it_goes_stale_is_skipped_as_expired() -> None:
    """The required gap outlasts the idea: skipped as stale, with the instant it went stale."""
    history = [out(MONDAY.subtract(days=1))]
    brief = Idea(id="brief", summary="brief", addresses={"training"},
                 expires_at=MONDAY.add(days=5))
    result = make([brief], history, weeks=4)
    assert result.relances == ()
    (skipped,) = result.skipped
    assert (skipped.idea_id, skipped.code) == ("brief", "idea-expired")
    assert shape(explained(skipped)) == ("skipped.idea-expired", {
        "case": "on", "stale": MONDAY.add(days=5), "zone": PARIS})


def test_skipped_ideas_say_why() -> None:
    """Irrelevant (with the needs), already shared, stale before the plan starts."""
    history = [out(MONDAY.subtract(days=30), outcome="replied", idea="old")]
    ideas = [Idea(id="crm", summary="crm", addresses={"crm"}),
             Idea(id="old", summary="old", addresses={"training"}),
             Idea(id="stale", summary="stale", addresses={"training"}, expires_at=MONDAY)]
    why = {s.idea_id: shape(explained(s)) for s in make(ideas, history, weeks=1).skipped}
    assert why == {
        "crm": ("skipped.idea-not-relevant", {"needs": ("budget", "training")}),
        "old": ("skipped.idea-already-shared", {}),
        "stale": ("skipped.idea-expired", {"case": "before-plan"}),
    }


def test_the_last_to_answer_wins_even_by_a_microsecond_at_the_epoch() -> None:
    """Ann answered at 1970-01-01T00:00:00Z, Zed a microsecond later: Zed gets the idea."""
    epoch = pendulum.datetime(1970, 1, 1, tz="UTC")
    account = Account(id="acme", name="Acme Media", needs={"training"},
                      contacts=[_person("ann", "champion"), _person("zed", "champion")])
    history = [out(epoch, who="ann", outcome="replied"),
               out(epoch.add(microseconds=1), who="zed", outcome="replied")]
    result = plan(account=account, history=history, ideas=[PILOT], policy=Policy(),
                  now=pendulum.datetime(1970, 1, 12, 8, tz=PARIS), horizon=timedelta(weeks=1))
    assert [r.contact_id for r in result.relances] == ["zed"]


def test_simultaneous_replies_and_checkpoints_go_out_by_id() -> None:
    """Two answers due at 09:00, two checkpoints at the same time: by id, whatever the order."""
    same_time = MONDAY.add(days=2, hours=2)
    account = Account(
        id="acme", name="Acme Media", needs={"training"},
        contacts=[_person("zoe", "champion"), _person("amy", "champion")],
        checkpoints=[Checkpoint(id="z-call", contact_id="zoe", at=same_time),
                     Checkpoint(id="a-call", contact_id="amy", at=same_time)])
    history = [inbound(MONDAY.subtract(hours=20), who="zoe", outcome="pending"),
               inbound(MONDAY.subtract(hours=19), who="amy", outcome="pending")]
    result = make([], history, account=account, weeks=1)
    assert [(r.kind, r.contact_id) for r in result.relances] == [
        (Kind.REPLY, "amy"), (Kind.REPLY, "zoe"),
        (Kind.CHECKPOINT, "amy"), (Kind.CHECKPOINT, "zoe")]


def test_a_cool_off_in_days_ends_at_the_same_local_time_across_dst() -> None:
    """Declined on 10 October (summer time): the cool-off ends 9 November, same wall time."""
    declined = pendulum.datetime(2026, 10, 10, 11, tz=PARIS)
    history = [inbound(declined, who="bob", outcome="declined")]
    (advice,) = [a for a in make([PILOT], history).advice if a.code == "cooling-off"]
    assert advice.at == pendulum.datetime(2026, 11, 9, 11, tz=PARIS)
    assert advice.at - declined == timedelta(days=30, hours=1)


def test_a_paused_decision_maker_is_passed_over_for_another_one() -> None:
    """Ana left three touches unanswered: the idea goes to Dan, who also decides."""
    account = Account(id="acme", name="Acme Media", needs={"training"},
                      contacts=[ANA, _person("dan", "decision_maker"), BOB])
    paused = [out(MONDAY.subtract(days=d)) for d in (120, 90, 60)]
    (relance,) = make([PILOT], paused, account=account, weeks=1).relances
    assert relance.contact_id == "dan"
    assert shape(explained(relance).params["target"]) == ("target.decision-maker", {})


def test_a_silence_of_exactly_max_silence_needs_no_idea() -> None:
    """Presence lapses after more than max_silence: a relance exactly then is in time."""
    policy = Policy(min_gap=timedelta(days=14), max_gap=timedelta(days=14),
                    max_silence=timedelta(days=14))
    history = [out(pendulum.datetime(2026, 11, 9, 10, tz=PARIS), outcome="replied")]
    result = make([PILOT], history, policy=policy, weeks=4)
    assert [r.at for r in result.relances] == [pendulum.datetime(2026, 11, 23, 10, tz=PARIS)]
    assert [n.by for n in result.needs] == [pendulum.datetime(2026, 12, 7, 10, tz=PARIS)]


class _PilotFromDecember(CustomRule):
    """The pilot only from December (a rule that looks at the idea)."""

    code = "pilot-from-december"
    needs = "idea"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> pendulum.DateTime | None:
        december = pendulum.datetime(2026, 12, 1, tz=PARIS)
        idea = situation.idea
        return december if idea is not None and idea.id == "pilot" and at < december else None


def test_a_custom_rule_that_looks_at_the_idea_is_asked_for_each_idea() -> None:
    """The pilot (more valuable) must wait for December; the case study need not."""
    pilot = Idea(id="pilot", summary="A pilot", addresses={"training"}, priority=1)
    result = make([pilot, CASE], policy=Policy(rules=(_PilotFromDecember(),)), weeks=8)
    assert [(r.idea_id, r.at) for r in result.relances][:1] == [("case", MONDAY.add(hours=1))]
    assert "pilot" in [r.idea_id for r in result.relances]


# -- second run (on 98e98bb): the planner's ties and corners ---------------------


def test_among_equal_priorities_the_idea_that_expires_first_goes_first() -> None:
    """Same priority: the idea that goes stale first is placed first, whatever its id."""
    lasting = Idea(id="a-lasting", summary="a", addresses={"training"})
    expiring = Idea(id="b-expiring", summary="b", addresses={"training"},
                    expires_at=MONDAY.add(days=200))
    result = make([lasting, expiring], weeks=4)
    assert [r.idea_id for r in result.relances] == ["b-expiring", "a-lasting"]


def test_a_contact_who_cannot_be_answered_does_not_stop_the_other_replies() -> None:
    """Amy's only channel bounced: no reply to her, but Zoe, after her, is answered."""
    amy = Contact(id="amy", name="Amy", role="champion", timezone=PARIS, country="FR",
                  channels={"email"})
    account = Account(id="acme", name="Acme Media", needs={"training"},
                      contacts=[amy, _person("zoe", "champion")])
    history = [out(MONDAY.subtract(days=30), who="amy", outcome="bounced"),
               inbound(MONDAY.subtract(days=2), who="zoe", outcome="pending"),
               inbound(MONDAY.subtract(days=1), who="amy", outcome="pending", channel="phone")]
    result = make([], history, account=account, weeks=1)
    assert [(r.kind, r.contact_id) for r in result.relances] == [(Kind.REPLY, "zoe")]


def test_a_reply_goes_before_a_checkpoint_at_the_same_instant() -> None:
    """Bob's answer and Ana's checkpoint are both due at 09:00: the reply first, whatever ids."""
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA, BOB],
                      checkpoints=[Checkpoint(id="a-call", contact_id="ana",
                                              at=MONDAY.add(hours=1))])
    history = [inbound(MONDAY.subtract(hours=20), who="bob", outcome="pending")]
    result = make([], history, account=account, weeks=1)
    assert [(r.kind, r.contact_id, r.at) for r in result.relances] == [
        (Kind.REPLY, "bob", MONDAY.add(hours=1)), (Kind.CHECKPOINT, "ana", MONDAY.add(hours=1))]


def test_a_checkpoint_goes_before_an_idea_at_the_same_instant() -> None:
    """Ana's checkpoint and an idea for her are both possible at 09:00: the checkpoint first."""
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA],
                      checkpoints=[Checkpoint(id="review", contact_id="ana",
                                              at=MONDAY.add(hours=1))])
    idea = Idea(id="a-idea", summary="a", addresses={"training"})
    result = make([idea], account=account, weeks=4)
    first = result.relances[0]
    assert (first.kind, first.at) == (Kind.CHECKPOINT, MONDAY.add(hours=1))
    assert [r.idea_id for r in result.relances if r.kind is Kind.IDEA] == ["a-idea"]


def test_a_relance_exactly_at_the_horizon_is_in_the_plan() -> None:
    """The horizon is inclusive: a relance allowed at that very instant is planned."""
    result = plan(account=ACME, history=[], ideas=[PILOT], policy=Policy(), now=MONDAY,
                  horizon=MONDAY.add(hours=1))
    assert [r.at for r in result.relances] == [MONDAY.add(hours=1)]


def test_an_idea_meant_for_someone_unreachable_waits_even_if_others_could_get_it() -> None:
    """Meant for flagged Ana, with an expiry: it waits (do-not-contact), it is not stale.

    That Bob could get ideas says nothing of this one: it is meant for Ana.  An
    idea whose own recipient could get it only after it goes stale is skipped.
    """
    flagged = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS,
                      country="FR", do_not_contact=True)
    idea = Idea(id="for-ana", summary="x", addresses={"training"}, contact_id="ana",
                expires_at=MONDAY.add(days=60))
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[flagged, BOB])
    result = make([idea], account=account, weeks=4)
    assert result.relances == ()
    assert result.skipped == ()
    assert [(w.idea_id, w.code) for w in result.waiting] == [("for-ana", "do-not-contact")]
    soon = Idea(id="for-bob", summary="x", addresses={"training"}, contact_id="bob",
                expires_at=MONDAY.add(hours=1, minutes=30))
    busy = [Touch(at=MONDAY.subtract(days=1), contact_id="bob", channel="email",
                  direction="outbound", outcome="replied")]
    stale = make([soon], busy, account=account, weeks=4)
    assert [(s.idea_id, s.code) for s in stale.skipped] == [("for-bob", "idea-expired")]
    assert explained(stale.skipped[0]).params["case"] == "on"


def test_the_need_is_for_whoever_ideas_could_reach_first_not_whoever_awaits_an_answer() -> None:
    """Zed declined (and awaits our answer); the cool-off holds ideas for every decider alike.

    The need at the start of the plan names Ana (first by id among equals): Zed's pending
    answer exempts a reply from the cool-off, not an idea.  (The plan ends before the reply.)
    """
    account = Account(id="acme", name="Acme Media", needs={"training"},
                      contacts=[ANA, _person("zed", "decision_maker")])
    history = [out(MONDAY.subtract(days=60), outcome="replied"),
               inbound(MONDAY.subtract(days=10), who="zed", outcome="declined")]
    result = plan(account=account, history=history, ideas=[], policy=Policy(), now=MONDAY,
                  horizon=timedelta(minutes=30))
    assert result.relances == ()
    assert [n.contact_id for n in result.needs] == ["ana"]


def test_policy_reads_and_writes_through_the_registered_edge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The core calls the serialization edge registered under each name; without it, it says so."""
    monkeypatch.setattr(core_policy, "_EDGES", {})
    with pytest.raises(RelanceError) as info:
        Policy().to_dict()
    assert info.value.field == "Policy.to_dict"
    assert "import relance first" in str(info.value)
    core_policy.register_edge("to_dict", lambda policy: {"edge": "to_dict"})
    assert Policy().to_dict() == {"edge": "to_dict"}


def test_plan_names_what_is_wrong_with_the_horizon_and_the_history() -> None:
    """Months are no fixed length; a horizon at `now`; past the range; a touch after `now`."""
    def fails(**given: object) -> str:
        args: dict[str, object] = {"account": ACME, "history": [], "ideas": [PILOT],
                                   "policy": Policy(), "now": MONDAY,
                                   "horizon": timedelta(weeks=1), **given}
        with pytest.raises(InvalidValueError) as info:
            plan(**args)  # type: ignore[arg-type]
        return str(info.value)

    assert fails(horizon=pendulum.duration(months=1)).endswith(
        "; give weeks, days or hours, or an instant")
    assert fails(horizon=MONDAY) == (
        "horizon 2026-11-23T08:00:00+01:00 must be after now 2026-11-23T08:00:00+01:00")
    late = pendulum.datetime(2199, 12, 31, tz="UTC")
    assert fails(now=late, horizon=timedelta(days=2)) == (
        "horizon: now '2199-12-31T00:00:00+00:00' plus 'P2D' goes beyond the supported range "
        "(the supported range is 1900-01-01T00:00:00Z to before 2200-01-01T00:00:00Z)")
    assert fails(history=[out(MONDAY.add(hours=1))]) == (
        "history[0].at: '2026-11-23T09:00:00+01:00' is after now ('2026-11-23T08:00:00+01:00'): "
        "a plan is made from now, and a touch after it has not happened yet")


def test_a_history_given_as_an_iterator_is_read_once_and_kept() -> None:
    """`history` may be any iterable: a generator's touches still space the plan."""
    touches = [out(MONDAY.subtract(days=3))]
    from_list = make([PILOT], touches, weeks=3)
    from_iterator = plan(account=ACME, history=iter(touches), ideas=[PILOT], policy=Policy(),
                         now=MONDAY, horizon=timedelta(weeks=3))
    assert from_iterator == from_list
    assert from_list.relances[0].at == pendulum.datetime(2026, 12, 4, 9, tz=PARIS)


def test_the_cap_counts_a_touch_a_window_minus_a_microsecond_before() -> None:
    """Cap 2 an hour, touches at 10:00 and 10:30: at 10:59:59.999999 the window holds both."""
    policy = Policy(cap=2, cap_window=timedelta(hours=1), without={"too-soon"})
    history = [out(at(3, 10), outcome="replied"), out(at(3, 10, 30), outcome="replied")]
    verdict = check(at(3, 11).subtract(microseconds=1), history, policy=policy)
    assert verdict.codes == ("frequency-cap",)
    assert _reason(verdict, "frequency-cap").params["count"] == 2
    assert verdict.earliest == at(3, 11)


@pytest.mark.parametrize(
    ("cap", "minutes", "count"),
    [
        # A window that starts after the proposal does not hold it: not 3, but 2.
        (2, (30, 59, 61), 2),
        # A window that ends exactly at the proposal does not hold it: not 2, but 1.
        (1, (-60, -30), 1),
        # A touch exactly at a window's end is outside it: not 2, but 1.
        (1, (-30, 30), 1),
    ],
    ids=["starts-after", "ends-at-proposal", "touch-at-window-end"],
)
def test_the_cap_counts_the_busiest_window_that_holds_the_proposal(
    cap: int, minutes: tuple[int, ...], count: int
) -> None:
    """`count` is the most outbound touches in one window of an hour that contains the proposal."""
    policy = Policy(cap=cap, cap_window=timedelta(hours=1), without={"too-soon"})
    history = [out(at(3, 10).add(minutes=m), outcome="replied") for m in minutes]
    verdict = check(at(3, 10), history, policy=policy)
    assert "frequency-cap" in verdict.codes
    assert _reason(verdict, "frequency-cap").params["count"] == count


def test_the_cap_counts_calendar_days_in_the_contacts_zone_across_dst() -> None:
    """30 days from 1 October 10:00 (summer time) end 31 October 10:00 (winter time), local.

    At 09:30 on 31 October both touches are in that window; in UTC it would already be over.
    """
    policy = Policy(cap=2, without={"too-soon"})
    first = pendulum.datetime(2026, 10, 1, 10, tz=PARIS)
    history = [out(first, outcome="replied"),
               out(pendulum.datetime(2026, 10, 31, 9, 15, tz=PARIS), outcome="replied")]
    verdict = check(pendulum.datetime(2026, 10, 31, 9, 30, tz=PARIS), history, policy=policy)
    reason = _reason(verdict, "frequency-cap")
    assert reason.params["count"] == 2
    assert reason.lifts_at == pendulum.datetime(2026, 10, 31, 10, tz=PARIS)


def test_check_names_the_account_it_was_given_when_it_is_not_one() -> None:
    """`account="acme"` (an id, not an Account) is refused with the value given."""
    proposal = Proposal(at=at(3), contact_id="ana", channel="phone", idea_id="pilot")
    with pytest.raises(InvalidValueError) as info:
        Policy().check(proposal, account="acme", history=[], ideas=IDEAS)  # type: ignore[arg-type]
    assert (info.value.field, info.value.value) == ("account", "acme")
    assert "'acme'" in str(info.value)


def test_a_touch_almost_an_hour_later_shares_the_proposals_window() -> None:
    """Cap 1 an hour, a touch at 10:59:59.999998: the hour from 10:00 holds both."""
    touch = at(3, 11).subtract(microseconds=2)
    verdict = check(at(3, 10), [out(touch, outcome="replied")], policy=ALONE)
    assert verdict.codes == ("frequency-cap",)
    assert verdict.earliest == touch.add(hours=1)


def test_touches_no_window_can_hold_together_do_not_reach_the_cap() -> None:
    """Cap 2 an hour, touches 50 minutes before and after: no hour holds both, nor the proposal."""
    policy = Policy(cap=2, cap_window=timedelta(hours=1), without={"too-soon"})
    history = [out(at(3, 10).add(minutes=m), outcome="replied") for m in (-50, 50)]
    assert check(at(3, 10), history, policy=policy).allowed


def test_a_later_touch_holds_a_calendar_window_in_the_contacts_zone_across_dst() -> None:
    """Cap 1 in 30 days: a touch on 19 November 09:30 refuses 20 October 10:00 (summer time).

    The 30 days from 20 October 10:00 end on 19 November 10:00, local time; counted in UTC
    they would end an hour earlier, before the touch.
    """
    policy = Policy(cap=1, without={"too-soon"})
    touch = pendulum.datetime(2026, 11, 19, 9, 30, tz=PARIS)
    verdict = check(pendulum.datetime(2026, 10, 20, 10, tz=PARIS), [out(touch, outcome="replied")],
                    policy=policy)
    assert verdict.codes == ("frequency-cap",)
    assert verdict.earliest == pendulum.datetime(2026, 12, 21, 9, tz=PARIS)  # after 19 Dec: Sat
    assert _reason(verdict, "frequency-cap").lifts_at == pendulum.datetime(
        2026, 12, 19, 9, 30, tz=PARIS)


class _OneMoreMinute(CustomRule):
    """Refuses at every instant "for one more minute": a lift that is no lift."""

    code = "one-more-minute"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> pendulum.DateTime | None:
        return at.add(minutes=1)


def test_a_custom_rule_that_breaks_its_promise_is_named_with_its_object() -> None:
    """The error names the rule's field and carries the rule itself as its value."""
    rule = _OneMoreMinute()
    with pytest.raises(InvalidValueError) as info:
        check(at(3), policy=Policy(rules=(rule,)))
    assert info.value.value is rule
    assert info.value.field == "Policy.rules[0]"
    assert str(info.value).startswith("Policy.rules[0]: custom rule 'one-more-minute' refuses at ")
    assert str(info.value).endswith("refuses() must return when the refusal ends, or NEVER")
    with pytest.raises(InvalidValueError) as second:
        check(at(3), policy=Policy(rules=(_AfterLunch(), rule)))
    assert second.value.field == "Policy.rules[1]"


def test_the_gap_is_exact_up_to_64_unanswered_touches() -> None:
    """14,465 s × 1.02**64, rounded up to the microsecond: exactly, not as binary floats give it."""
    policy = Policy(min_gap=timedelta(seconds=14465), backoff=1.02, max_gap=timedelta(days=60))
    exact = math.ceil(14465 * 10**6 * Fraction(102, 100) ** 64)
    assert exact == 51_372_349_764  # binary floats say ...765
    assert policy.required_gap(64) == timedelta(microseconds=exact)


class _OnMinuteParity(CustomRule):
    """Refuses in even (or odd) minutes, until the next minute: each lift is kept."""

    def __init__(self, parity: int) -> None:
        self.parity = parity
        self.code = f"minute-parity-{parity}"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> pendulum.DateTime | None:
        minute = at.in_tz("UTC").start_of("minute")
        return minute.add(minutes=1) if minute.minute % 2 == self.parity else None


def test_rules_that_take_turns_forever_end_in_an_error_not_a_loop() -> None:
    """Two rules of one's own that keep their word but never agree: an error after 10,000 jumps."""
    policy = Policy(rules=(_OnMinuteParity(0), _OnMinuteParity(1)))
    with pytest.raises(RelanceError) as info:
        check(at(3), policy=policy)
    assert (str(info.value), info.value.field) == (
        "no settled earliest instant after 10000 jumps", "earliest")
    assert info.value.value is not None


def test_when_two_rules_lift_at_once_the_first_in_order_explains_the_timing() -> None:
    """The gap and the cool-off both end on Friday 27 November 10:00: too-soon, listed first."""
    policy = Policy(min_gap=timedelta(days=7), backoff=1, cool_off=timedelta(days=14))
    declined = pendulum.datetime(2026, 11, 13, 10, tz=PARIS)
    history = [inbound(declined, who="bob", outcome="declined"),
               out(declined.add(days=7), who="bob")]
    result = make([PILOT], history, policy=policy, weeks=2)
    assert [r.at for r in result.relances] == [declined.add(days=14)]
    assert timings(result) == [
        ("timing.too-soon", {"case": "grown", "gap": timedelta(days=7), "unanswered": 1})]


def test_a_check_in_phrase_with_something_new_is_not_an_empty_check_in() -> None:
    """"Any news? I attached a case study…" asks for news but brings a case: allowed."""
    text = "Any news on this? I attached a case study showing a 20% cost cut for teams like yours."
    proposal = Proposal(at=at(3), contact_id="ana", channel="email", idea_id="pilot", text=text)
    assert Policy().check(proposal, account=ACME, history=[], ideas=IDEAS).allowed


def test_a_paused_contact_is_still_met_at_an_agreed_checkpoint() -> None:
    """Three unanswered touches pause Ana, but not the checkpoint she agreed to."""
    review = Checkpoint(id="review", contact_id="ana", at=at(4, 10, month=12))
    account = attrs.evolve(ACME, checkpoints=[review])
    silent = [out(at(2)), out(at(9)), out(at(16))]
    assert check(review.at, silent, idea=None, checkpoint="review", account=account).allowed
    assert "unanswered-limit" in check(review.at, silent, account=account).codes


def test_a_cool_off_in_days_ends_at_the_same_local_time_for_check_across_dst() -> None:
    """Declined 10 October 11:00 (summer time): refused until 9 November 11:00 (winter time)."""
    declined = pendulum.datetime(2026, 10, 10, 11, tz=PARIS)
    verdict = check(pendulum.datetime(2026, 11, 9, 10, 30, tz=PARIS),
                    [inbound(declined, who="bob", outcome="declined")])
    assert verdict.codes == ("cooling-off",)
    assert verdict.earliest == pendulum.datetime(2026, 11, 9, 11, tz=PARIS)


def test_a_whole_days_gap_cannot_be_capped_in_hours() -> None:
    """min_gap in days, max_gap with an hour more: refused, naming max_gap and its value."""
    with pytest.raises(InvalidValueError) as info:
        Policy(min_gap=timedelta(days=7), max_gap=timedelta(days=10, hours=1))
    assert (info.value.field, info.value.value) == ("Policy.max_gap", timedelta(days=10, hours=1))
    assert str(info.value) == (
        "Policy.max_gap must be whole days when min_gap is (got 'PT241H'): a gap counted in "
        "calendar days cannot be capped in hours")


class _NoReplies(CustomRule):
    """Refuses every reply: a rule of one's own reads `situation.reply`."""

    code = "no-replies"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> Never | None:
        return NEVER if situation.reply else None


def test_a_custom_rule_sees_whether_the_proposal_is_a_reply() -> None:
    """`Situation.reply` is the proposal's `reply` flag."""
    policy = Policy(rules=(_NoReplies(),))
    history = [inbound(at(2, 15))]
    assert check(at(3), history, idea=None, reply=True, policy=policy).codes == ("no-replies",)
    assert check(at(10), history, policy=policy).allowed


def test_unknown_codes_in_without_are_all_named() -> None:
    """Two unknown codes: both, sorted, in the plural."""
    with pytest.raises(InvalidValueError) as info:
        Policy(without={"too-sooon", "cap"})
    assert str(info.value) == (
        "Policy.without: unknown reason codes 'cap', 'too-sooon' (see relance.Code)")


class _Silent(CustomRule):
    """Forgets to implement refuses()."""

    code = "silent"


def test_a_custom_rule_without_refuses_is_refused_with_the_rule_itself() -> None:
    """The error carries the rule object that does not say when it refuses."""
    rule = _Silent()
    with pytest.raises(InvalidValueError) as info:
        Policy(rules=(rule,))
    assert (info.value.field, info.value.value) == ("Policy.rules[0]", rule)
    assert str(info.value) == (
        "Policy.rules[0]: custom rule 'silent' (_Silent) does not implement refuses(); "
        "a custom rule says when it refuses")


def test_a_kept_or_unreachable_checkpoint_does_not_hide_the_next_one() -> None:
    """Amy's checkpoint was kept, Bea's email bounced: Zoe's checkpoint is still planned."""
    def person(cid: str) -> Contact:
        return Contact(id=cid, name=cid.title(), role="champion", timezone=PARIS, country="FR",
                       channels={"email"})

    when = MONDAY.add(days=2, hours=2)
    account = Account(id="acme", name="Acme Media", needs={"training"},
                      contacts=[person("amy"), person("bea"), person("zoe")],
                      checkpoints=[Checkpoint(id="a-kept", contact_id="amy", at=MONDAY),
                                   Checkpoint(id="b-bounced", contact_id="bea", at=when),
                                   Checkpoint(id="z-call", contact_id="zoe", at=when)])
    history = [Touch(at=MONDAY.subtract(hours=1), contact_id="amy", channel="email",
                     direction="outbound", outcome="replied", checkpoint_id="a-kept"),
               out(MONDAY.subtract(days=20), who="bea", outcome="bounced")]
    result = make([], history, account=account, weeks=1)
    assert [(r.kind, r.checkpoint_id) for r in result.relances] == [(Kind.CHECKPOINT, "z-call")]


class _Mine(CustomRule):
    """A rule of one's own that never refuses."""

    code = "mine"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> pendulum.DateTime | None:
        return None


class _Explaining(_Mine):
    code = "timing.other"


class _ForCheckpoints(_Mine):
    code = "mine-at-checkpoints"
    needs = "checkpoint"


class _ForReplies(_Mine):
    code = "mine-in-replies"
    needs = "reply"


@pytest.mark.parametrize(
    ("rules", "field", "value", "message"),
    [
        ((_Mine(), _Mine()), "Policy.rules[1].code", "mine",
         "Policy.rules[1].code: 'mine' is already taken (drop the built-in rule with `without` "
         "to replace it)"),
        ((_Explaining(),), "Policy.rules[0].code", "timing.other",
         "Policy.rules[0].code: 'timing.other' is one of the library's explanation codes "
         "(see docs/explanations.md): choose another"),
    ],
    ids=["taken", "explanation-code"],
)
def test_a_custom_rule_needs_a_code_of_its_own(
    rules: tuple[CustomRule, ...], field: str, value: str, message: str
) -> None:
    """Two rules with one code, or a code of the explanations: refused, naming the code."""
    with pytest.raises(InvalidValueError) as info:
        Policy(rules=rules)
    assert (info.value.field, info.value.value, str(info.value)) == (field, value, message)


def test_a_custom_rule_may_apply_to_checkpoints_or_replies_only() -> None:
    """`needs = "checkpoint"` and `needs = "reply"` are accepted."""
    assert [r.needs for r in Policy(rules=(_ForCheckpoints(), _ForReplies())).rules] == [
        "checkpoint", "reply"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"cap": "2"}, "Policy.cap must be an int of at least 1 (got '2')"),
        ({"cap": True}, "Policy.cap must be an int of at least 1 (got True)"),
        ({"cap": 10**18}, "Policy.cap must have at most 18 digits (got 1000000000000000000)"),
        ({"backoff": "2"}, "Policy.backoff must be a finite number of at least 1 (and of at most "
                           "18 digits): the gap may grow, never shrink (got '2')"),
        ({"backoff": True}, "Policy.backoff must be a finite number of at least 1 (and of at "
                            "most 18 digits): the gap may grow, never shrink (got True)"),
        ({"backoff": 10**18}, "Policy.backoff must be a finite number of at least 1 (and of at "
                              "most 18 digits): the gap may grow, never shrink "
                              "(got 1000000000000000000)"),
        ({"min_gap": 7}, "Policy.min_gap must be a timedelta such as timedelta(days=7) "
                         "(got 7, an integer)"),
        ({"min_gap": pendulum.duration(months=1)},
         "Policy.min_gap: months and years have no fixed length (got Duration(months=1)); "
         "give days, hours or minutes"),
        ({"min_gap": pendulum.duration(years=1)},
         "Policy.min_gap: months and years have no fixed length (got Duration(years=1)); "
         "give days, hours or minutes"),
    ],
    ids=["cap-str", "cap-bool", "cap-19-digits", "backoff-str", "backoff-bool",
         "backoff-19-digits", "min-gap-int", "min-gap-months", "min-gap-years"],
)
def test_a_policy_says_what_is_wrong_with_its_parameters(
    arguments: dict[str, object], message: str
) -> None:
    """Booleans and strings are no counts, 19 digits are too many, months have no length."""
    with pytest.raises(InvalidValueError) as info:
        Policy(**arguments)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_a_policy_takes_18_digits() -> None:
    """The largest cap and backoff accepted have 18 digits."""
    largest = 10**18 - 1
    assert (Policy(cap=largest).cap, Policy(backoff=largest).backoff) == (largest, largest)


class _Days(timedelta):
    """A timedelta subclass of one's own (no months, no years)."""


def test_a_policy_keeps_durations_as_plain_timedeltas() -> None:
    """Pendulum durations and timedelta subclasses become plain timedeltas (Elapsed stays)."""
    for duration in (pendulum.duration(days=2, hours=3, microseconds=5),
                     _Days(days=2, hours=3, microseconds=5)):
        policy = Policy(min_gap=duration)
        assert type(policy.min_gap) is timedelta
        assert policy.min_gap == timedelta(days=2, hours=3, microseconds=5)
    assert type(Policy(min_gap=Elapsed(hours=48)).min_gap) is Elapsed
