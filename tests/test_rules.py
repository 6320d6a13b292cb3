"""One readable example per reason code, on the media group of DESIGN.md §1."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import attrs
import pendulum
import pytest

from relance import (
    Absence,
    Account,
    Checkpoint,
    Code,
    Contact,
    History,
    Idea,
    InvalidValueError,
    Leave,
    Owner,
    Policy,
    Proposal,
    QuietPeriod,
    Tension,
    Touch,
    Verdict,
    plan,
)

PARIS = "Europe/Paris"


def at(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> pendulum.DateTime:
    """An instant in November 2026, Paris time (2 November is a Monday)."""
    return pendulum.datetime(2026, month, day, hour, minute, tz=PARIS)


ANA = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS, country="FR")
BOB = Contact(
    id="bob",
    name="Bob Leroy",
    role="champion",
    timezone=PARIS,
    country="FR",
    channels={"email", "phone"},
)
BUDGET = Checkpoint(
    id="budget", contact_id="ana", at=at(20, 9), hold=True, note="after the budget committee"
)
ACME = Account(id="acme", name="Acme Media", needs={"training", "budget"}, contacts=[ANA, BOB])
IDEAS = [
    Idea(id="pilot", summary="A two-week pilot with one newsroom", addresses={"training"}),
    Idea(id="case", summary="How a regional daily cut onboarding time", addresses={"training"}),
    Idea(id="crm", summary="A CRM migration", addresses={"crm"}),
    Idea(
        id="webinar",
        summary="A webinar on the new rules",
        addresses={"training"},
        available_from=at(16, 0),
        expires_at=at(30, 0),
    ),
]


def out(
    when: pendulum.DateTime,
    who: str = "ana",
    outcome: str = "no_answer",
    idea: str | None = None,
    channel: str = "email",
) -> Touch:
    return Touch(
        at=when,
        contact_id=who,
        channel=channel,
        direction="outbound",
        outcome=outcome,
        idea_id=idea,
    )


def inbound(when: pendulum.DateTime, who: str = "ana", outcome: str = "replied") -> Touch:
    return Touch(at=when, contact_id=who, channel="email", direction="inbound", outcome=outcome)


def check(
    when: pendulum.DateTime,
    history: Sequence[Touch] = (),
    *,
    who: str = "ana",
    channel: str = "phone",
    idea: str | None = "pilot",
    checkpoint: str | None = None,
    reply: bool = False,
    account: Account = ACME,
    policy: Policy | None = None,
    text: str | None = None,
) -> Verdict:
    proposal = Proposal(
        at=when,
        contact_id=who,
        channel=channel,
        idea_id=idea,
        checkpoint_id=checkpoint,
        reply=reply,
        text=text,
    )
    return (policy or Policy()).check(proposal, account=account, history=history, ideas=IDEAS)


def test_a_new_idea_at_a_working_time_is_allowed() -> None:
    """A relevant, fresh idea on Monday morning, with nothing before it, is allowed."""
    verdict = check(at(2))
    assert verdict.allowed
    assert verdict.reasons == ()
    assert verdict.earliest == at(2)
    assert str(verdict) == "allowed at 2026-11-02T10:00:00+01:00"


def test_do_not_contact() -> None:
    """A flagged contact is never contacted, even with a good idea."""
    flagged = Account(
        id="acme",
        name="Acme Media",
        needs={"training"},
        contacts=[
            Contact(
                id="ana",
                name="Ana",
                role="decision_maker",
                timezone=PARIS,
                country="FR",
                do_not_contact=True,
            )
        ],
    )
    verdict = check(at(2), account=flagged)
    assert verdict.codes == ("do-not-contact",)
    assert verdict.earliest is None


def test_opting_out_is_do_not_contact() -> None:
    """A contact who opted out is never contacted again."""
    verdict = check(at(20), [inbound(at(2), outcome="opted_out")])
    assert verdict.codes == ("do-not-contact",)
    assert verdict.reasons[0].lifts_at is None


def test_no_new_idea() -> None:
    """'Any news on our proposal?' is refused for good: no wait makes it better."""
    verdict = check(at(30), [out(at(2))], idea=None)
    assert verdict.codes == ("no-new-idea",)
    assert verdict.earliest is None
    assert "'any news?'" in verdict.reasons[0].message


def test_empty_check_in() -> None:
    """An idea in the CRM but "any news?" in the message: refused for good."""
    verdict = check(at(30), [out(at(2))], text="Hi Ana, just following up: any news?")
    assert verdict.codes == ("empty-check-in",)
    assert verdict.earliest is None
    assert verdict.reasons[0].params["phrases"]


def test_idea_already_shared_with_a_colleague() -> None:
    """Ideas are per account: what Bob heard, Ana will not hear again as 'new'."""
    verdict = check(at(30), [out(at(2), who="bob", outcome="replied", idea="pilot")])
    assert verdict.codes == ("idea-already-shared",)
    assert verdict.earliest is None


def test_a_bounced_idea_was_not_shared() -> None:
    """An email that bounced never reached anyone: its idea is still new."""
    verdict = check(at(30), [out(at(2), outcome="bounced", idea="pilot")])
    assert verdict.allowed


def test_idea_not_relevant() -> None:
    """An idea must address a stated need of the account."""
    verdict = check(at(2), idea="crm")
    assert verdict.codes == ("idea-not-relevant",)
    assert verdict.reasons[0].params["needs"] == ("budget", "training")
    assert "needs are: budget and training" in verdict.reasons[0].message
    french = verdict.reasons[0].render("fr")
    assert "les besoins du compte Acme Media sont\xa0: budget et training" in french


def test_idea_not_ready() -> None:
    """An idea available from the 16th is refused before, and lifts then."""
    verdict = check(at(3), idea="webinar")
    assert verdict.codes == ("idea-not-ready",)
    assert verdict.reasons[0].lifts_at == at(16, 0)
    assert verdict.earliest == at(16, 9)  # midnight is outside working hours


def test_idea_expired() -> None:
    """A stale idea is refused for good."""
    verdict = check(at(1, month=12), idea="webinar")
    assert verdict.codes == ("idea-expired",)
    assert verdict.earliest is None


def test_too_soon_after_one_unanswered_touch() -> None:
    """One unanswered touch doubles the 7-day gap to 14 days, for the whole account."""
    verdict = check(at(9), [out(at(2), who="bob")])
    assert verdict.codes == ("too-soon",)
    assert verdict.earliest == at(16)
    reason = verdict.reasons[0]
    assert (reason.params["gap"], reason.params["unanswered"]) == (timedelta(days=14), 1)
    assert reason.params["last"] == at(2)
    assert "the required gap is 14 days, grown by 1 unanswered touch, until " \
        "Mon 2026-11-16 10:00 Europe/Paris" in reason.message
    assert "l'écart à respecter est de 14\xa0jours, allongé par 1 relance restée sans réponse, " \
        "soit jusqu'au lun. 16 nov. 2026 à 10:00 (Europe/Paris)" in reason.render("fr")


def test_too_soon_after_an_answered_touch_is_the_minimum_gap() -> None:
    """After an answer, the gap is back to 7 days."""
    verdict = check(at(5), [out(at(2), outcome="replied")])
    assert verdict.codes == ("too-soon",)
    assert verdict.earliest == at(9)


def test_the_gap_grows_then_caps() -> None:
    """7, 14, 28, then 42 days (the cap), as answers stay away."""
    policy = Policy()
    assert [policy.required_gap(n) for n in range(5)] == [
        timedelta(days=d) for d in (7, 14, 28, 42, 42)
    ]


def test_unanswered_limit() -> None:
    """Three unanswered touches pause Ana; an answer from her lifts it."""
    history = [out(at(2)), out(at(16)), out(at(14, month=12))]
    later = at(2).add(days=120)
    verdict = check(later, history)
    assert verdict.codes == ("unanswered-limit",)
    assert verdict.earliest is None
    assert "change the approach" in verdict.reasons[0].message
    answered = check(later, [*history, inbound(at(15, month=12))])
    assert answered.allowed


def test_unanswered_limit_is_per_contact() -> None:
    """Ana's silence pauses Ana, not Bob (who may still hear a new idea)."""
    history = [out(at(2)), out(at(16)), out(at(14, month=12))]
    later = at(2).add(days=120)
    assert check(later, history, who="bob").allowed


def test_cooling_off() -> None:
    """After a decline, the account is left alone for 30 days."""
    verdict = check(at(9), [inbound(at(2), outcome="declined")], who="bob")
    assert verdict.codes == ("cooling-off",)
    assert verdict.earliest == at(2, month=12)


def test_frequency_cap() -> None:
    """No more than 3 outbound touches in 30 days, even with answers and new ideas."""
    policy = Policy(min_gap=timedelta(days=1), max_gap=timedelta(days=1))
    history = [out(at(d), outcome="replied") for d in (2, 4, 6)]
    verdict = check(at(10), history, policy=policy)
    assert verdict.codes == ("frequency-cap",)
    assert verdict.earliest == at(2, month=12)  # the touch of 2 November leaves the window


def test_before_agreed_date() -> None:
    """'Call me after the budget committee': nobody at Acme before 20 November 09:00."""
    account = Account(
        id="acme", name="Acme Media", needs={"training"}, contacts=[ANA, BOB], checkpoints=[BUDGET]
    )
    verdict = check(at(10), who="bob", account=account)
    assert verdict.codes == ("before-agreed-date",)
    assert verdict.earliest == at(20, 9)
    assert "after the budget committee" in verdict.reasons[0].message


def test_outside_hours() -> None:
    """At 19:30 Paris time Ana has left; the next opening is 09:00 the next day."""
    verdict = check(at(3, 19, 30))
    assert verdict.codes == ("outside-hours",)
    assert verdict.earliest == at(4, 9)


def test_non_working_day() -> None:
    """11 November is a public holiday in France."""
    verdict = check(at(11))
    assert verdict.codes == ("non-working-day",)
    assert "Armistice" in verdict.reasons[0].message
    assert verdict.earliest == at(12, 9)


def test_channel_unavailable() -> None:
    """Bob does not use video; and after a bounce, email is off for him."""
    assert check(at(2), who="bob", channel="video").codes == ("channel-unavailable",)
    bounced = [out(at(2), who="bob", outcome="bounced")]
    verdict = check(at(20), bounced, who="bob", channel="email")
    assert verdict.codes == ("channel-unavailable",)
    assert check(at(20), bounced, who="bob", channel="phone").allowed


def test_a_reply_needs_no_idea_and_ignores_spacing() -> None:
    """Answering Ana's message the next morning is presence, not pressure."""
    history = [out(at(2), idea="case"), out(at(16)), inbound(at(17, 20))]
    verdict = check(at(18, 9, 5), history, idea=None, reply=True)
    assert verdict.allowed


def test_a_reply_still_respects_working_time() -> None:
    """Even a reply waits for the contact's working hours."""
    verdict = check(at(17, 21), [inbound(at(17, 20))], idea=None, reply=True)
    assert verdict.codes == ("outside-hours",)
    assert verdict.earliest == at(18, 9)


def test_no_reply_pending() -> None:
    """Calling a follow-up a 'reply' does not make it one."""
    verdict = check(at(20), [out(at(2))], idea=None, reply=True)
    assert verdict.codes == ("no-reply-pending", "no-new-idea")


def test_a_checkpoint_needs_no_idea_at_its_time() -> None:
    """At the agreed budget checkpoint, no new idea is needed, despite a recent touch."""
    account = Account(
        id="acme", name="Acme Media", needs={"training"}, contacts=[ANA, BOB], checkpoints=[BUDGET]
    )
    history = [out(at(2)), out(at(16, 11), who="bob")]
    verdict = check(at(20, 9), history, idea=None, checkpoint="budget", account=account)
    assert verdict.allowed


def test_checkpoint_not_due() -> None:
    """Before its agreed time, a checkpoint is refused until then."""
    account = Account(
        id="acme",
        name="Acme Media",
        needs={"training"},
        contacts=[ANA],
        checkpoints=[attrs.evolve(BUDGET, hold=False)],
    )
    verdict = check(at(19, 15), idea=None, checkpoint="budget", account=account)
    assert verdict.codes == ("checkpoint-not-due",)
    assert verdict.earliest == at(20, 9)


def test_checkpoint_unavailable() -> None:
    """A checkpoint agreed with Ana is not a reason to call Bob, nor to call Ana twice."""
    account = Account(
        id="acme", name="Acme Media", needs={"training"}, contacts=[ANA, BOB], checkpoints=[BUDGET]
    )
    assert (
        "checkpoint-unavailable"
        in check(at(20, 9), idea=None, checkpoint="budget", account=account, who="bob").codes
    )
    kept = [
        Touch(
            at=at(20, 9),
            contact_id="ana",
            channel="phone",
            direction="outbound",
            outcome="replied",
            checkpoint_id="budget",
        )
    ]
    again = check(at(4, month=12), kept, idea=None, checkpoint="budget", account=account)
    assert again.codes == ("checkpoint-unavailable", "no-new-idea")


def test_every_refusing_rule_is_reported() -> None:
    """All reasons are given, each lifting at its own time; earliest satisfies them all."""
    history = [out(at(2), who="bob")]
    verdict = check(at(7, 11), history, idea="webinar")  # a Saturday
    assert verdict.codes == ("idea-not-ready", "too-soon", "non-working-day")
    lifts = {r.code: r.lifts_at for r in verdict.reasons}
    assert lifts["idea-not-ready"] == at(16, 0)
    assert lifts["too-soon"] == at(16)
    assert lifts["non-working-day"] == at(9, 0)  # when *it* stops refusing: Monday 00:00
    assert verdict.earliest == at(16)


@pytest.mark.parametrize("code", list(Code))
def test_every_code_has_an_example_here(code: Code) -> None:
    """Each stable code is exercised by a test in this module."""
    import inspect
    import sys

    source = inspect.getsource(sys.modules[__name__])
    assert f'"{code.value}"' in source


def test_each_working_time_rule_lifts_on_its_own() -> None:
    """Without one working-time rule, `earliest` is when the other one stops refusing."""
    sunday = at(8, 10)  # Sunday 8 November 2026, 10:00 Paris
    verdict = check(sunday, [], policy=Policy(without={"outside-hours"}))
    assert verdict.codes == ("non-working-day",)
    assert verdict.earliest == at(9, 0)  # Monday 00:00, not 09:00
    friday_evening = at(6, 19)
    verdict = check(friday_evening, [], policy=Policy(without={"non-working-day"}))
    assert verdict.codes == ("outside-hours",)
    assert verdict.earliest == at(7, 9)  # Saturday 09:00, not Monday


@pytest.mark.parametrize(
    ("country", "subdivision", "day", "working"),
    [
        ("AE", None, (2021, 12, 31), False),  # a Friday: the UAE rested Friday-Saturday then
        ("AE", None, (2022, 1, 7), True),  # a Friday after the change to Saturday-Sunday
        ("SA", None, (2013, 6, 20), False),  # a Thursday: Thursday-Friday until June 2013
        ("SA", None, (2013, 7, 4), True),  # a Thursday after the change
        ("MY", "03", (2026, 11, 6), False),  # a Friday in Kelantan (Friday-Saturday)
        ("MY", "01", (2026, 11, 6), True),  # the same Friday in Johor (Saturday-Sunday)
    ],
)
def test_weekends_follow_the_date_and_the_subdivision(
    country: str, subdivision: str | None, day: tuple[int, int, int], working: bool
) -> None:
    """A weekend is the one of that date and that state, as the holidays package knows it."""
    zone = "Asia/Dubai" if country == "AE" else "Asia/Riyadh" if country == "SA" else (
        "Asia/Kuala_Lumpur")
    contact = Contact(id="ana", name="Ana", role="decision_maker", timezone=zone,
                      country=country, subdivision=subdivision)
    account = Account(id="acme", name="Acme", needs={"training"}, contacts=[contact])
    noon = pendulum.datetime(*day, 12, tz=zone)
    verdict = Policy().check(
        Proposal(at=noon, contact_id="ana", channel="phone", idea_id="pilot"),
        account=account, history=[], ideas=IDEAS,
    )
    assert ("non-working-day" in verdict.codes) is not working


def test_a_dense_history_is_jumped_over_not_searched_touch_by_touch() -> None:
    """20,000 touches 50 minutes apart, one an hour: refused until an hour after the last."""
    start = pendulum.datetime(2024, 1, 1, tz="UTC")
    touches = [out(start.add(minutes=50 * i), outcome="replied") for i in range(20_000)]
    policy = Policy(cap=1, cap_window=timedelta(hours=1),
                    without={"too-soon", "outside-hours", "non-working-day"})
    verdict = check(start.add(minutes=10), touches, policy=policy)
    last = touches[-1].at.add(hours=1)
    assert verdict.codes == ("frequency-cap",)
    assert verdict.earliest == last
    assert verdict.reasons[0].lifts_at == last


def test_the_cap_lifts_when_it_stops_refusing_even_with_later_touches() -> None:
    """Touches at 09:00 and 12:00, one a day: a 10:00 proposal's cap lifts at 12:00 tomorrow."""
    policy = Policy(cap=1, cap_window=timedelta(days=1), without={"too-soon"})
    history = [out(at(3, 9)), out(at(3, 12))]
    verdict = check(at(3, 10), history, policy=policy)
    lift = next(r.lifts_at for r in verdict.reasons if r.code == "frequency-cap")
    assert lift == at(4, 12)
    assert "frequency-cap" not in check(lift, history, policy=policy).codes


def test_the_cap_counts_a_touch_after_the_proposal() -> None:
    """One a day, a touch at 12:00: a proposal at 11:00 the same day is refused (FINDINGS)."""
    policy = Policy(cap=1, cap_window=timedelta(days=1), without={"too-soon"})
    verdict = check(at(3, 11), [out(at(3, 12))], policy=policy)
    assert "frequency-cap" in verdict.codes
    lift = next(r.lifts_at for r in verdict.reasons if r.code == "frequency-cap")
    assert lift == at(4, 12)  # when the 12:00 touch leaves every window that can hold it


def test_an_agreed_checkpoint_is_kept_whatever_later_holds_say() -> None:
    """January's committee call was agreed; "talk again in September" holds everything else."""
    january = Checkpoint(id="committee", contact_id="ana", at=pendulum.datetime(
        2027, 1, 15, 10, tz=PARIS), hold=True, note="after the budget committee")
    september = Checkpoint(id="september", contact_id="ana", at=pendulum.datetime(
        2027, 9, 1, 10, tz=PARIS), hold=True, note="talk again in September")
    account = attrs.evolve(ACME, checkpoints=[january, september])
    kept = check(january.at, checkpoint="committee", idea=None, account=account)
    assert kept.allowed
    idea = check(january.at.add(days=5), account=account)
    assert idea.codes == ("before-agreed-date",)
    assert idea.earliest == september.at


def test_quiet_periods_block_their_own_window_only() -> None:
    """A committee quiet period in January and "not before September" leave spring free."""
    committee = QuietPeriod(id="committee", start=at(4, 0, month=1).add(years=1),
                            end=at(15, 0, month=1).add(years=1), note="budget committee")
    summer = QuietPeriod(id="summer", start=at(1, 0, month=6).add(years=1),
                         end=at(1, 0, month=9).add(years=1))
    account = attrs.evolve(ACME, quiet_periods=[committee, summer])
    during = check(at(11, month=1).add(years=1), account=account)
    assert during.codes == ("before-agreed-date",)
    assert during.earliest == at(15, 9, month=1).add(years=1)
    assert during.reasons[0].params["period"] == "committee"
    assert "budget committee" in during.reasons[0].message
    assert check(at(16, month=3).add(years=1), account=account).allowed  # between them
    assert check(at(15, month=7).add(years=1), account=account).earliest == at(
        1, 9, month=9).add(years=1)


def test_a_quiet_period_of_one_contact_leaves_colleagues_free() -> None:
    """Ana asked for no contact before the 20th; Bob can still hear of a new idea."""
    account = attrs.evolve(ACME, quiet_periods=[
        QuietPeriod(id="closing", contact_id="ana", end=at(20, 0), note="closing the quarter")])
    ana = check(at(10), account=account)
    assert ana.codes == ("before-agreed-date",)
    assert ana.reasons[0].params["case"] == "contact-noted"
    assert ana.earliest == at(20, 9)
    assert check(at(10), who="bob", account=account).allowed


def test_contact_away() -> None:
    """Bob is on leave until 30 November: back and settled in a day later; Ana is free."""
    leave = Absence(id="leave", contact_id="bob", start=at(16, 0), end=at(30, 0))
    account = attrs.evolve(ACME, absences=[leave])
    verdict = check(at(20), who="bob", account=account)
    assert verdict.codes == ("contact-away",)
    assert verdict.reasons[0].lifts_at == at(1, 0, month=12)  # 30 November + settle_in 1 day
    assert verdict.earliest == at(1, 9, month=12)
    assert check(at(20), account=account).allowed


def test_owner_away() -> None:
    """Julie, who owns the account, skis from 16 to 30 November: nothing goes out meanwhile."""
    ski = Leave(id="ski", start=at(16, 0), end=at(30, 0), note="skiing")
    account = attrs.evolve(ACME, owner=Owner(id="julie", name="Julie Moreau", leaves=[ski]))
    verdict = check(at(20), account=account)
    assert verdict.codes == ("owner-away",)
    assert verdict.reasons[0].lifts_at == at(30, 0)
    assert verdict.reasons[0].params["case"] == "noted"
    assert "Julie Moreau, who owns the account, is on leave" in verdict.reasons[0].message
    assert verdict.earliest == at(30, 9)
    # A reply does not wait: whoever writes it is there.  Before the leave, all is well.
    question = Touch(at=at(19), contact_id="ana", channel="email", direction="inbound",
                     outcome="replied")
    assert check(at(20), [question], account=account, reply=True, idea=None).allowed
    assert check(at(13), account=account).allowed
    # A colleague covers: the leave pauses nothing.
    covered = attrs.evolve(account, owner=Owner(id="julie", name="Julie Moreau", leaves=[
        attrs.evolve(ski, covered_by="marc")]))
    assert check(at(20), account=covered).allowed


def test_chained_leaves_name_the_leave_in_force_and_lift_at_the_last_return() -> None:
    """Skiing, then a conference right after: the ski leave is named, the return is the 30th."""
    ski = Leave(id="ski", start=at(16, 0), end=at(23, 0), note="skiing")
    conference = Leave(id="conf", start=at(22, 0), end=at(30, 0), note="conference")
    account = attrs.evolve(ACME, owner=Owner(id="julie", name="Julie Moreau",
                                             leaves=[ski, conference]))
    (reason,) = check(at(17), account=account).reasons
    assert (reason.params["leave"], reason.params["note"]) == ("ski", "skiing")
    assert reason.lifts_at == at(30, 0)
    assert check(at(24), account=account).reasons[0].params["leave"] == "conf"


def test_a_leave_covered_by_the_owner_is_refused() -> None:
    with pytest.raises(InvalidValueError) as info:
        Owner(id="julie", name="Julie", leaves=[Leave(id="ski", start=at(16, 0),
                                                      end=at(30, 0), covered_by="julie")])
    assert info.value.field == "Owner.leaves[0].covered_by"


def test_the_plan_pauses_around_the_owners_leave_and_resumes() -> None:
    """Two weeks of leave: the next relance waits for the return, then the plan goes on."""
    ski = Leave(id="ski", start=at(16, 0), end=at(30, 0))
    account = attrs.evolve(ACME, owner=Owner(id="julie", name="Julie Moreau", leaves=[ski]))
    result = plan(account=account, history=[out(at(10))], ideas=IDEAS, policy=Policy(),
                  now=at(12), horizon=pendulum.duration(weeks=8))
    assert result.relances
    assert all(not (at(16, 0) <= r.at < at(30, 0)) for r in result.relances)
    assert result.relances[0].at == at(30, 9)
    assert "back from leave" in result.relances[0].why


def test_an_out_of_office_reply_is_neither_an_answer_nor_a_silence() -> None:
    """Ana's auto-reply says she is back on 23 November: away until then, streak unchanged."""
    reply = Touch(at=at(9), contact_id="ana", channel="email", direction="outbound",
                  outcome="out_of_office", idea_id="case", returns_at=at(23, 0))
    history = [out(at(2)), reply]
    h = History(history)
    assert h.unanswered_streak == 1
    assert h.unanswered_streak_of("ana") == 1
    verdict = check(at(17), history)
    assert verdict.codes == ("too-soon", "contact-away")  # the gap grew by one touch, not two
    assert verdict.reasons[0].lifts_at == at(23)  # 14 days after 9 November
    assert verdict.reasons[1].params["case"] == "out-of-office"
    assert verdict.earliest == at(24, 9)  # back on the 23rd, settled in a day later
    # Bob is not away, and an inbound auto-reply awaits no answer.
    assert "contact-away" not in check(at(17), history, who="bob").codes
    auto = Touch(at=at(9), contact_id="ana", channel="email", direction="inbound",
                 outcome="out_of_office")
    assert not History([auto]).awaits_reply("ana")
    presumed = check(at(12), [auto])
    assert presumed.reasons[0].params["case"] == "presumed"
    assert presumed.earliest == at(17, 10)  # 7 days presumed + 1 day settle-in, at 10:00
    # An answer says she is back.
    assert check(at(12), [auto, inbound(at(11))]).codes == ()


def test_two_touches_to_one_person_keep_the_spacing() -> None:
    """Two checkpoints agreed for one instant: the second waits `spacing` (4 h)."""
    first = Checkpoint(id="review", contact_id="ana", at=at(20, 10))
    second = Checkpoint(id="demo", contact_id="ana", at=at(20, 10))
    account = attrs.evolve(ACME, checkpoints=[first, second])
    kept = Touch(at=at(20, 10), contact_id="ana", channel="phone", direction="outbound",
                 outcome="replied", checkpoint_id="review")
    verdict = check(at(20, 10), [kept], idea=None, checkpoint="demo", account=account)
    assert verdict.codes == ("too-soon",)
    assert verdict.reasons[0].params["case"] == "spacing"
    assert verdict.earliest == at(20, 14)
    # Bob is another person: only the account's gap applies to him.
    assert verdict.reasons[0].params["contact"] == "Ana Martin"


def test_checkpoint_missed() -> None:
    """A call agreed for 2 November and never made: kept within a week, then missed."""
    review = Checkpoint(id="review", contact_id="ana", at=at(2), note="after the committee")
    account = attrs.evolve(ACME, checkpoints=[review])
    assert check(at(6), idea=None, checkpoint="review", account=account).allowed  # in grace
    verdict = check(at(9, 10), idea=None, checkpoint="review", account=account)
    assert verdict.codes == ("checkpoint-missed",)
    assert verdict.earliest is None
    assert verdict.reasons[0].params["agreed"] == at(2)
    assert check(at(9, 9, 59), idea=None, checkpoint="review", account=account).allowed
    p = plan(account=account, history=[], ideas=IDEAS, policy=Policy(), now=at(20),
             horizon=timedelta(weeks=2))
    assert "review" not in {r.checkpoint_id for r in p.relances}
    (advice,) = [a for a in p.advice if a.code == "checkpoint-missed"]
    assert advice.contact_id == "ana"
    assert advice.at == at(9)
    assert "agree a new date" in advice.why


def test_an_idea_is_needed_by_a_moment_the_client_can_be_reached() -> None:
    """Not "by Sat 19 December" when the client asked for no contact before 15 January."""
    quiet = QuietPeriod(id="january", end=pendulum.datetime(2027, 1, 15, tz=PARIS))
    account = attrs.evolve(ACME, quiet_periods=[quiet])
    history = [out(at(4), idea="pilot"), out(at(4), idea="case", who="bob")]
    p = plan(account=account, history=history, ideas=IDEAS[:2], policy=Policy(),
             now=at(1, month=12), horizon=timedelta(weeks=12))
    assert p.relances == ()
    (need,) = p.needs
    assert need.by == pendulum.datetime(2027, 1, 15, 9, tz=PARIS)  # a working slot after it
    assert need.explanation is not None
    assert need.explanation.params["case"] == "addressing-moved"
    assert "the first moment it can reach its recipient" in need.why


def test_tension_open() -> None:
    """Ana complained on 5 November: selling waits; a working session to fix it does not."""
    complaint = Touch(at=at(5, 16), contact_id="ana", channel="email", direction="inbound",
                      outcome="complaint", text="If this is not fixed we will end it.")
    session = Idea(id="session", summary="A working session to build the fix together",
                   addresses={"training"}, repair=True)
    ideas = [*IDEAS, session]

    def propose(idea: str, history: Sequence[Touch]) -> Verdict:
        return Policy().check(Proposal(at=at(10), contact_id="ana", channel="email",
                                       idea_id=idea), account=ACME, history=history, ideas=ideas)

    selling = propose("pilot", [complaint])
    assert selling.codes == ("tension-open",)
    assert selling.earliest is None  # never by time alone: resolving it lifts it
    assert selling.reasons[0].params["opened"] == at(5, 16)
    assert propose("session", [complaint]).allowed  # repair goes out
    resolved = Touch(at=at(9, 11), contact_id="ana", channel="phone", direction="inbound",
                     outcome="resolved")
    assert propose("pilot", [complaint, resolved]).allowed
    # Given as data, resolved on the 12th: selling waits until then.
    tension = Tension(id="outage", opened_at=at(5, 16), resolved_at=at(12, 10), note="outage")
    account = attrs.evolve(ACME, tensions=[tension])
    verdict = Policy().check(Proposal(at=at(10), contact_id="bob", channel="email",
                                      idea_id="pilot"), account=account, history=[], ideas=ideas)
    assert verdict.codes == ("tension-open",)
    assert verdict.reasons[0].params["case"] == "until-noted"
    assert verdict.earliest == at(12, 10)


def test_a_repair_action_goes_out_even_during_a_cool_off() -> None:
    """Bob declined on the 2nd; Ana complained on the 3rd: the fix session is not held back."""
    session = Idea(id="session", summary="A working session", addresses={"training"},
                   repair=True)
    history = [out(at(2), who="bob", outcome="declined"),
               Touch(at=at(3, 9), contact_id="ana", channel="email", direction="outbound",
                     outcome="complaint")]
    def propose(idea: str) -> Verdict:
        return Policy().check(Proposal(at=at(10), contact_id="ana", channel="email",
                                       idea_id=idea), account=ACME, history=history,
                              ideas=[*IDEAS, session])

    assert propose("session").allowed  # a week after the last touch, in the cool-off
    assert set(propose("pilot").codes) == {"cooling-off", "tension-open"}


def test_a_tension_stops_selling_whatever_carries_it_and_only_while_open() -> None:
    """A tension stops selling whatever carries it, and only while it is open.

    A reply carrying a sale still sells; a resolved touch closes a tension given
    as data; outside a tension a repair idea is held by the cool-off like any other.
    """
    session = Idea(id="session", summary="A working session", addresses={"training"},
                   repair=True)
    ideas = [*IDEAS, session]
    complaint = inbound(at(5, 9), outcome="complaint")
    reply = Policy().check(Proposal(at=at(5, 11), contact_id="ana", channel="email",
                                    idea_id="pilot", reply=True),
                           account=ACME, history=[complaint], ideas=ideas)
    assert reply.codes == ("tension-open",)
    opened = attrs.evolve(ACME, tensions=[Tension(id="outage", opened_at=at(2, 9))])
    closed = [inbound(at(9, 11), outcome="resolved")]
    later = Policy().check(Proposal(at=at(16), contact_id="ana", channel="email",
                                    idea_id="pilot"), account=opened, history=closed,
                           ideas=ideas)
    assert later.allowed
    declined = [out(at(2), who="bob", outcome="declined")]
    held = Policy().check(Proposal(at=at(16), contact_id="ana", channel="email",
                                   idea_id="session"), account=ACME, history=declined,
                          ideas=ideas)
    assert held.codes == ("cooling-off",)


@pytest.mark.parametrize(("complainer", "channel"), [("ana", "email"), ("bob", "phone")])
def test_a_complaint_resolved_at_the_same_instant_leaves_no_tension(
    complainer: str, channel: str
) -> None:
    """Whatever the touches' order of sorting, a resolution at the complaint's instant closes it."""
    touches = [Touch(at=at(5, 10), contact_id=complainer, channel=channel, direction="inbound",
                     outcome="complaint"),
               Touch(at=at(5, 10), contact_id="ana", channel="email", direction="inbound",
                     outcome="resolved")]
    verdict = Policy().check(Proposal(at=at(16), contact_id="ana", channel="email",
                                      idea_id="pilot"), account=ACME, history=touches,
                             ideas=IDEAS)
    assert "tension-open" not in verdict.codes


def test_without_non_working_day_a_sunday_is_working_time_for_the_hours() -> None:
    """Dropping `non-working-day` leaves the hours: a gap ending on Saturday night lifts on Sunday.

    (The jump to the calendar's next opening, which skips the days off, is
    only for when both working-time rules hold.)
    """
    before = Touch(at=at(31, 20, month=10), contact_id="ana", channel="email",
                   direction="outbound", outcome="no_answer", idea_id="case")
    ask = Proposal(at=at(5), contact_id="ana", channel="phone", idea_id="pilot")
    hours_only = Policy(without={"non-working-day"}).check(ask, account=ACME, history=[before],
                                                           ideas=IDEAS)
    assert hours_only.codes == ("too-soon",)
    assert hours_only.earliest == at(15, 9)  # Sunday, after Saturday 20:00 (14 days)
    both = Policy().check(ask, account=ACME, history=[before], ideas=IDEAS)
    assert both.earliest == at(16, 9)  # Monday
