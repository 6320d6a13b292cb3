"""Caps as sales teams set them, on field-style examples with exact instants and reasons."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pendulum

from relance import (
    Account,
    Cap,
    Contact,
    Explanation,
    Idea,
    Policy,
    Proposal,
    Reason,
    Touch,
    Verdict,
    plan,
)
from relance.testing import assert_plan_sound

PARIS = "Europe/Paris"


def _capped(verdict: Verdict) -> list[Reason]:
    """The verdict's frequency-cap reasons, in the policy's order."""
    return [r for r in verdict.reasons if r.code == "frequency-cap"]


def _sent(at: pendulum.DateTime, who: str = "ana", channel: str = "email") -> Touch:
    return Touch(at=at, contact_id=who, channel=channel, direction="outbound",
                 outcome="no_answer", idea_id=f"sent-{at.format('YYYYMMDDHH')}")


# -- a quarter under three caps ------------------------------------------------------------

ANA = Contact(id="ana", name="Ana", role="decision_maker", timezone=PARIS, country="FR",
              channels=["email", "phone"])
BOB = Contact(id="bob", name="Bob", role="champion", timezone=PARIS, country="FR",
              channels=["phone"])
ACME = Account(id="acme", name="Acme", needs={"training"}, contacts=[ANA, BOB])
BACKLOG = [Idea(id=f"{who}-{n}", summary=f"Idea {n} for {who}", addresses={"training"},
                contact_id=who) for n in range(8) for who in ("ana", "bob")]
#: One call a week per person, two emails a week per person, three touches a month at the
#: account; no gap between touches at the account (the caps do the pacing), and the
#: account's own rolling cap set high to leave it aside.
TEAM = Policy(
    min_gap=timedelta(0), max_gap=timedelta(0), max_unanswered=20, cap=100,
    caps=[Cap(count=1, period="week", scope="contact", channel="phone"),
          Cap(count=2, period="week", scope="contact", channel="email"),
          Cap(count=3, period="month")],
)
MONDAY = pendulum.datetime(2026, 10, 5, 9, tz=PARIS)  # Paris leaves summer time on 25 October
WEEK_FULL_OF_EMAIL = {"case": "period", "cap": 2, "count": 2, "account": "Acme",
                      "whose": Explanation(code="whose.contact-channel",
                                           params={"contact": "Ana", "channel": "email"}),
                      "period": Explanation(code="period.week"), "zone": PARIS}
MONTH_FULL = {"case": "period", "cap": 3, "count": 3, "account": "Acme",
              "whose": Explanation(code="whose.account", params={"account": "Acme"}),
              "period": Explanation(code="period.month"), "zone": PARIS}


def _quarter() -> list[tuple[str, str, str]]:
    result = plan(account=ACME, history=[], ideas=BACKLOG, policy=TEAM, now=MONDAY,
                  horizon=timedelta(weeks=13))
    assert_plan_sound(result, policy=TEAM, account=ACME, history=[], ideas=BACKLOG)
    return [(r.at.isoformat(), r.contact_id, r.channel.value) for r in result.relances]


def test_a_quarter_keeps_one_call_and_two_emails_a_week_per_person_three_a_month() -> None:
    """Each month opens with Ana's two emails and Bob's call; then the month is full."""
    relances = _quarter()
    assert relances == [
        ("2026-10-05T09:00:00+02:00", "ana", "email"),
        ("2026-10-05T09:00:00+02:00", "bob", "phone"),
        ("2026-10-05T13:00:00+02:00", "ana", "email"),  # 4 hours after her first
        ("2026-11-02T09:00:00+01:00", "ana", "email"),  # 1 November: a Sunday and a holiday
        ("2026-11-02T09:00:00+01:00", "bob", "phone"),
        ("2026-11-02T13:00:00+01:00", "ana", "email"),
        ("2026-12-01T09:00:00+01:00", "ana", "email"),
        ("2026-12-01T09:00:00+01:00", "bob", "phone"),
        ("2026-12-01T13:00:00+01:00", "ana", "email"),
    ]
    # Counted in Paris: by ISO week, person and channel; by calendar month.
    local = [(pendulum.parse(at).in_tz(PARIS), who, channel) for at, who, channel in relances]
    weekly = Counter((at.isocalendar()[:2], who, channel) for at, who, channel in local)
    assert all(n <= (1 if channel == "phone" else 2) for (_, _, channel), n in weekly.items())
    assert max(weekly.values()) == 2
    monthly = Counter((at.year, at.month) for at, _, _ in local)
    assert monthly == {(2026, 10): 3, (2026, 11): 3, (2026, 12): 3}


def test_after_the_first_week_each_full_cap_refuses_until_its_next_period() -> None:
    """A third email to Ana that week: her email cap and the month's, each lifting at its bound."""
    history = [_sent(MONDAY), _sent(MONDAY, "bob", "phone"), _sent(MONDAY.add(hours=4))]
    wednesday = pendulum.datetime(2026, 10, 7, 10, tz=PARIS)
    verdict = TEAM.check(Proposal(at=wednesday, contact_id="ana", channel="email",
                                  idea_id="ana-7"), account=ACME, history=history, ideas=BACKLOG)
    week, month = _capped(verdict)
    assert verdict.codes == ("frequency-cap", "frequency-cap")
    assert week.params == {**WEEK_FULL_OF_EMAIL, "until": week.lifts_at}
    assert week.lifts_at == pendulum.datetime(2026, 10, 12, tz=PARIS)  # next Monday 00:00
    assert week.lifts_at.isoformat() == "2026-10-12T00:00:00+02:00"
    assert month.params == {**MONTH_FULL, "until": month.lifts_at}
    assert month.lifts_at.isoformat() == "2026-11-01T00:00:00+01:00"  # after the change
    # The later lift, then the first working time: 1 November is a Sunday and a holiday.
    assert verdict.earliest is not None
    assert verdict.earliest.isoformat() == "2026-11-02T09:00:00+01:00"

    # A call to Ana is not held by her email cap: only the month refuses it.
    call = TEAM.check(Proposal(at=wednesday, contact_id="ana", channel="phone",
                               idea_id="ana-7"), account=ACME, history=history, ideas=BACKLOG)
    assert [r.params["period"] for r in _capped(call)] == [Explanation(code="period.month")]

    # A second call to Bob that week: his call cap, and the month.
    again = TEAM.check(Proposal(at=wednesday.add(days=1), contact_id="bob", channel="phone",
                                idea_id="bob-7"), account=ACME, history=history, ideas=BACKLOG)
    calls, month = _capped(again)
    assert calls.params["whose"] == Explanation(code="whose.contact-channel",
                                                params={"contact": "Bob", "channel": "phone"})
    assert (calls.params["cap"], calls.params["count"]) == (1, 1)
    assert calls.lifts_at.isoformat() == "2026-10-12T00:00:00+02:00"
    assert month.lifts_at.isoformat() == "2026-11-01T00:00:00+01:00"


def test_a_cap_lifts_at_the_first_period_with_room_whatever_the_touches_instants() -> None:
    """Every touch counts: with October and November full, an October email waits for December."""
    history = [_sent(MONDAY), _sent(MONDAY, "bob", "phone"), _sent(MONDAY.add(hours=4)),
               _sent(MONDAY.add(weeks=4)), _sent(MONDAY.add(weeks=4), "bob", "phone"),
               _sent(MONDAY.add(weeks=4, hours=4))]
    verdict = TEAM.check(Proposal(at=pendulum.datetime(2026, 10, 7, 10, tz=PARIS),
                                  contact_id="ana", channel="email", idea_id="ana-7"),
                         account=ACME, history=history, ideas=BACKLOG)
    week, month = _capped(verdict)
    assert week.lifts_at.isoformat() == "2026-10-12T00:00:00+02:00"
    assert month.lifts_at.isoformat() == "2026-12-01T00:00:00+01:00"
    assert month.params["count"] == 3  # in the month that would hold the proposal


# -- a calendar month across DST ---------------------------------------------------------


def _one_a(period: str, zone: str, country: str) -> tuple[Policy, Account]:
    policy = Policy(min_gap=timedelta(0), max_gap=timedelta(0), cap=100,
                    caps=[Cap(count=1, period=period)])
    zoe = Contact(id="zoe", name="Zoé", role="decision_maker", timezone=zone, country=country)
    return policy, Account(id="globex", name="Globex", needs={"x"}, contacts=[zoe])


def _lift(policy: Policy, account: Account, history: list[Touch],
          at: pendulum.DateTime) -> pendulum.DateTime | None:
    """The cap's own lift for an email to Zoé at ``at`` (None: the cap allows it)."""
    verdict = policy.check(Proposal(at=at, contact_id="zoe", channel="email", idea_id="new"),
                           account=account, history=history,
                           ideas=[Idea(id="new", summary="New", addresses={"x"})])
    capped = _capped(verdict)
    assert len(capped) <= 1
    return capped[0].lifts_at if capped else None


def test_a_month_cap_lifts_at_local_midnight_after_paris_changes_its_offset() -> None:
    """October's bound is 1 November 00:00 at +01:00; March's, 1 April 00:00 at +02:00."""
    policy, globex = _one_a("month", PARIS, "FR")
    october = [_sent(pendulum.datetime(2026, 10, 20, 10, tz=PARIS), "zoe")]
    lift = _lift(policy, globex, october, pendulum.datetime(2026, 10, 28, 10, tz=PARIS))
    assert lift is not None
    assert lift.isoformat() == "2026-11-01T00:00:00+01:00"
    assert lift.in_tz("UTC").isoformat() == "2026-10-31T23:00:00+00:00"  # 25 hours after 23:00Z
    assert _lift(policy, globex, october, lift.subtract(microseconds=1)) == lift
    assert _lift(policy, globex, october, lift) is None

    march = [_sent(pendulum.datetime(2026, 3, 10, 10, tz=PARIS), "zoe")]
    lift = _lift(policy, globex, march, pendulum.datetime(2026, 3, 30, 10, tz=PARIS))
    assert lift is not None
    assert lift.isoformat() == "2026-04-01T00:00:00+02:00"
    assert lift.in_tz("UTC").isoformat() == "2026-03-31T22:00:00+00:00"


def test_a_month_cap_lifts_at_the_first_instant_of_a_month_whose_midnight_is_skipped() -> None:
    """Asunción skipped 1 October 2023 00:00-01:00: October (and Q4) began at 01:00 -03:00."""
    for period in ("month", "quarter"):
        policy, globex = _one_a(period, "America/Asuncion", "PY")
        september = [_sent(pendulum.datetime(2023, 9, 15, 10, tz="America/Asuncion"), "zoe")]
        lift = _lift(policy, globex, september,
                     pendulum.datetime(2023, 9, 28, 10, tz="America/Asuncion"))
        assert lift is not None
        assert lift.isoformat() == "2023-10-01T01:00:00-03:00"
        assert lift.in_tz("UTC").isoformat() == "2023-10-01T04:00:00+00:00"
        last = lift.subtract(microseconds=1)  # 30 September 23:59:59.999999 -04:00
        assert last.isoformat() == "2023-09-30T23:59:59.999999-04:00"
        assert _lift(policy, globex, september, last) == lift
        assert _lift(policy, globex, september, lift) is None


def test_a_day_or_week_whose_midnight_is_skipped_begins_at_its_first_instant() -> None:
    """Santiago skips Sunday 6 September 2026 00:00; Tehran skipped Monday 22 March 2021 00:00."""
    policy, globex = _one_a("day", "America/Santiago", "CL")
    saturday = [_sent(pendulum.datetime(2026, 9, 5, 10, tz="America/Santiago"), "zoe")]
    lift = _lift(policy, globex, saturday,
                 pendulum.datetime(2026, 9, 5, 15, tz="America/Santiago"))
    assert lift is not None
    assert lift.isoformat() == "2026-09-06T01:00:00-03:00"
    assert lift.subtract(microseconds=1).isoformat() == "2026-09-05T23:59:59.999999-04:00"

    policy, globex = _one_a("week", "Asia/Tehran", "IR")
    wednesday = [_sent(pendulum.datetime(2021, 3, 17, 10, tz="Asia/Tehran"), "zoe")]
    lift = _lift(policy, globex, wednesday, pendulum.datetime(2021, 3, 20, 10, tz="Asia/Tehran"))
    assert lift is not None
    assert lift.isoformat() == "2021-03-22T01:00:00+04:30"


# -- the account's own cap beside the list ------------------------------------------------


def test_the_accounts_own_cap_and_a_listed_cap_each_refuse_with_their_own_lift() -> None:
    """Two in 30 days at the account, and one a month per person: two reasons, the later wins."""
    policy = Policy(min_gap=timedelta(0), max_gap=timedelta(0), cap=2,
                    cap_window=timedelta(days=30),
                    caps=[Cap(count=1, period="month", scope="contact")])
    history = [_sent(pendulum.datetime(2026, 10, 14, 10, tz=PARIS)),
               _sent(pendulum.datetime(2026, 10, 20, 10, tz=PARIS), "bob", "phone")]
    verdict = policy.check(Proposal(at=pendulum.datetime(2026, 10, 22, 10, tz=PARIS),
                                    contact_id="ana", channel="email", idea_id="ana-1"),
                           account=ACME, history=history, ideas=BACKLOG)
    own, monthly = _capped(verdict)
    assert verdict.codes == ("frequency-cap", "frequency-cap")
    # The account's own cap keeps its parameters (no case): 30 calendar days from 14 October.
    assert own.params == {"count": 2, "account": "Acme", "window": timedelta(days=30), "cap": 2,
                          "until": own.lifts_at, "zone": PARIS}
    assert own.lifts_at.isoformat() == "2026-11-13T10:00:00+01:00"  # 10:00 local, after DST
    assert monthly.params == {
        "case": "period", "cap": 1, "count": 1, "account": "Acme",
        "whose": Explanation(code="whose.contact", params={"contact": "Ana"}),
        "period": Explanation(code="period.month"), "until": monthly.lifts_at, "zone": PARIS,
    }
    assert monthly.lifts_at.isoformat() == "2026-11-01T00:00:00+01:00"
    assert verdict.earliest == own.lifts_at  # the later of the two, a working Friday morning
    # Bob's call counts for the account's cap, not for Ana's own monthly one.
    alone = policy.check(Proposal(at=pendulum.datetime(2026, 10, 22, 10, tz=PARIS),
                                  contact_id="ana", channel="email", idea_id="ana-1"),
                         account=ACME, history=history[1:], ideas=BACKLOG)
    assert alone.allowed
