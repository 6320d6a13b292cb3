"""Readable examples of the planner on the media group of DESIGN.md §1."""

from __future__ import annotations

from datetime import timedelta

import pendulum
import pytest

from relance import (
    Account,
    Checkpoint,
    Contact,
    Idea,
    InvalidValueError,
    Kind,
    NaiveDatetimeError,
    Plan,
    Policy,
    Touch,
    UnknownIdError,
    plan,
)

PARIS = "Europe/Paris"
MONDAY = pendulum.datetime(2026, 11, 23, 8, tz=PARIS)  # before opening time
ANA = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS, country="FR")
BOB = Contact(id="bob", name="Bob Leroy", role="champion", timezone=PARIS, country="FR")
GUS = Contact(id="gus", name="Gus Petit", role="gatekeeper", timezone=PARIS, country="FR")
ACME = Account(id="acme", name="Acme Media", needs={"training", "budget"}, contacts=[ANA, BOB])


def idea(idea_id: str, **kw: object) -> Idea:
    fields: dict[str, object] = {"summary": idea_id, "addresses": {"training"}}
    fields.update(kw)
    return Idea(id=idea_id, **fields)  # type: ignore[arg-type]


def make(ideas: list[Idea], history: list[Touch] | None = None, account: Account = ACME,
         weeks: int = 12, policy: Policy | None = None) -> Plan:
    return plan(account=account, history=history or [], ideas=ideas,
                policy=policy or Policy(), now=MONDAY, horizon=timedelta(weeks=weeks))


def test_ideas_are_spaced_by_the_growing_gap() -> None:
    """Pessimistic: each planned relance is assumed unanswered, so the gap doubles."""
    result = make([idea("a"), idea("b"), idea("c")])
    assert [r.at for r in result.relances] == [
        pendulum.datetime(2026, 11, 23, 9, tz=PARIS),
        pendulum.datetime(2026, 12, 7, 9, tz=PARIS),  # 14 days: 1 unanswered
        pendulum.datetime(2027, 1, 4, 9, tz=PARIS),  # 28 days: 2 unanswered
    ]
    timing = result.relances[2].explanation.params["timing"]
    assert timing.code == "timing.too-soon"
    assert timing.params["gap"] == timedelta(days=28)
    assert timing.params["unanswered"] == 2
    assert "first instant after the gap of 28 days, grown by 2 unanswered touches" in (
        result.relances[2].why
    )
    assert "dès que l'écart de 28\xa0jours est respecté (allongé par 2 relances restées sans " \
        "réponse)" in result.relances[2].render("fr")
    assert all(r.kind is Kind.IDEA and r.contact_id == "ana" for r in result.relances)


def test_the_most_valuable_idea_goes_first() -> None:
    """Priority, then the one expiring first, then the oldest, then the id."""
    ideas = [
        idea("zz-low"),
        idea("expiring", priority=1, expires_at=MONDAY.add(days=60)),
        idea("lasting", priority=1),
        idea("top", priority=2, available_from=MONDAY.add(days=1)),
    ]
    result = make(ideas)
    assert [r.idea_id for r in result.relances] == ["expiring", "top", "lasting"]
    assert "as soon as the idea is available" not in result.relances[0].why


def test_ideas_aimed_at_a_contact_or_role_go_to_them() -> None:
    """An idea meant for Bob goes to Bob; one meant for the champion role, too."""
    result = make([idea("for-bob", contact_id="bob", priority=2),
                   idea("for-champions", role="champion", priority=1)])
    assert [(r.idea_id, r.contact_id) for r in result.relances] == [
        ("for-bob", "bob"), ("for-champions", "bob")]
    assert "the contact it is meant for" in result.relances[0].why


def test_without_a_reachable_decision_maker_the_last_to_answer_gets_it() -> None:
    """Ana opted out: the idea goes to whoever answered most recently (Gus, not Bob)."""
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA, BOB, GUS])
    history = [
        Touch(at=MONDAY.subtract(days=60), contact_id="ana", channel="email",
              direction="inbound", outcome="opted_out"),
        Touch(at=MONDAY.subtract(days=50), contact_id="bob", channel="email",
              direction="inbound", outcome="replied"),
        Touch(at=MONDAY.subtract(days=49), contact_id="bob", channel="email",
              direction="outbound", outcome="replied"),
        Touch(at=MONDAY.subtract(days=40), contact_id="gus", channel="phone",
              direction="inbound", outcome="replied"),
        Touch(at=MONDAY.subtract(days=39), contact_id="gus", channel="phone",
              direction="outbound", outcome="replied"),
    ]
    result = make([idea("a")], history, account=account)
    assert result.relances[0].contact_id == "gus"
    assert result.relances[0].channel.value == "phone"  # where Gus last answered
    assert "answered most recently" in result.relances[0].why


def test_a_reply_comes_first_and_needs_no_idea() -> None:
    """Bob wrote on Sunday: the answer goes out Monday 09:00, before any idea."""
    history = [Touch(at=MONDAY.subtract(hours=20), contact_id="bob", channel="email",
                     direction="inbound", outcome="pending")]
    result = make([idea("a")], history)
    first = result.relances[0]
    assert (first.kind, first.contact_id, first.idea_id) == (Kind.REPLY, "bob", None)
    assert first.at == pendulum.datetime(2026, 11, 23, 9, tz=PARIS)
    assert "answering comes first" in first.why


def test_checkpoints_keep_their_agreed_time() -> None:
    """The budget review is kept at its time, even right after an idea went out."""
    review = Checkpoint(id="review", contact_id="ana", at=MONDAY.add(days=3, hours=7))
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA],
                      checkpoints=[review])
    result = make([idea("a")], account=account)
    assert [(r.kind, r.at) for r in result.relances][:2] == [
        (Kind.IDEA, pendulum.datetime(2026, 11, 23, 9, tz=PARIS)),
        (Kind.CHECKPOINT, pendulum.datetime(2026, 11, 26, 15, tz=PARIS)),
    ]
    assert "at the agreed time" in result.relances[1].why
    assert result.relances[1].channel.value == "phone"


def test_a_checkpoint_on_a_weekend_moves_to_the_next_working_slot() -> None:
    """Agreed for Saturday: moved to Monday 09:00, and the move is explained."""
    saturday = pendulum.datetime(2026, 11, 28, 11, tz=PARIS)
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ANA],
                      checkpoints=[Checkpoint(id="sat", contact_id="ana", at=saturday)])
    result = make([], account=account)
    assert result.relances[0].at == pendulum.datetime(2026, 11, 30, 9, tz=PARIS)
    assert "moved" in result.relances[0].why


def test_when_ideas_run_out_the_plan_asks_for_one() -> None:
    """One idea for twelve weeks: presence would lapse, so a new idea is needed by a date."""
    result = make([idea("only")])
    assert len(result.relances) == 1
    (need,) = result.needs
    assert need.by == result.relances[0].at.add(days=45)
    assert need.contact_id == "ana"
    assert need.need == "budget"  # the need no idea covers yet
    assert "a new idea addressing budget is needed by" in need.why


def test_no_idea_at_all_asks_for_one_from_the_start_of_a_long_silence() -> None:
    """The last contact was 60 days ago: an idea is needed now (at Ana's first slot, 09:00)."""
    history = [Touch(at=MONDAY.subtract(days=60), contact_id="ana", channel="email",
                     direction="outbound", outcome="replied")]
    result = make([], history)
    assert result.relances == ()
    assert [n.by for n in result.needs] == [MONDAY.add(hours=1)]


def test_a_paused_contact_gets_advice_to_change_the_approach() -> None:
    """After three unanswered touches Ana is paused: try Bob, another channel, the pilot."""
    ideas = [idea("a", contact_id="ana"), idea("b", contact_id="ana"),
             idea("c", contact_id="ana"),
             idea("pilot", first_step=True, available_from=MONDAY.add(days=200))]
    result = make(ideas, weeks=20)
    advice = [a for a in result.advice if a.code == "unanswered-limit"]
    assert [a.contact_id for a in advice] == ["ana"]
    assert advice[0].suggest_contact_id == "bob"
    assert advice[0].at == result.relances[2].at  # the third unanswered touch
    assert advice[0].suggest_idea_id == "pilot"
    assert "phone" in [c.value for c in advice[0].suggest_channels]
    assert "change the approach" in advice[0].why


def test_after_a_decline_re_engage_the_decision_maker_after_the_cool_off() -> None:
    """Bob declined: wait out the cool-off, then go to Ana with a new approach."""
    history = [Touch(at=MONDAY.subtract(days=10), contact_id="bob", channel="email",
                     direction="inbound", outcome="declined")]
    result = make([idea("a")], history)
    (advice,) = [a for a in result.advice if a.code == "cooling-off"]
    assert advice.contact_id == "bob"
    assert advice.suggest_contact_id == "ana"
    assert advice.at == MONDAY.subtract(days=10).add(days=30)
    first, *rest = result.relances
    assert first.kind is Kind.REPLY  # answering the decline is not pressure
    assert [r.kind for r in rest] == [Kind.IDEA]
    assert rest[0].at >= advice.at


def test_unusable_ideas_are_skipped_with_their_code() -> None:
    """Irrelevant, already shared and stale ideas never appear in the plan."""
    history = [Touch(at=MONDAY.subtract(days=30), contact_id="ana", channel="email",
                     direction="outbound", outcome="replied", idea_id="old")]
    ideas = [idea("crm", addresses={"crm"}), idea("old"),
             idea("stale", expires_at=MONDAY.subtract(days=1)), idea("fresh")]
    result = make(ideas, history)
    assert {(s.idea_id, s.code) for s in result.skipped} == {
        ("crm", "idea-not-relevant"), ("old", "idea-already-shared"), ("stale", "idea-expired")}
    assert [r.idea_id for r in result.relances] == ["fresh"]


def test_the_plan_reads_well_in_a_terminal() -> None:
    """str(plan): one line per relance, then needs, advice and skipped ideas."""
    text = str(make([idea("pilot"), idea("crm", addresses={"crm"})]))
    lines = text.splitlines()
    assert lines[0].startswith("plan for acme from 2026-11-23T07:00:00+00:00")
    assert lines[1].startswith("  Mon 2026-11-23 09:00 Europe/Paris  ana by email  [idea: pilot]")
    assert any(line.startswith("  needed: a new idea addressing budget") for line in lines)
    assert lines[-1].startswith("  skipped crm (idea-not-relevant)")


@pytest.mark.parametrize(
    ("changes", "error", "fragment"),
    [
        ({"now": pendulum.naive(2026, 11, 23)}, NaiveDatetimeError, "now: naive datetime"),
        ({"horizon": MONDAY.subtract(days=1)}, InvalidValueError, "must be after now"),
        ({"horizon": timedelta(0)}, InvalidValueError, "horizon must be positive"),
        ({"ideas": [idea("x", contact_id="zoe")]}, UnknownIdError, "unknown contact id 'zoe'"),
        ({"ideas": [idea("x"), idea("x")]}, InvalidValueError, "ideas[1].id: duplicate id 'x'"),
        ({"policy": "strict"}, InvalidValueError, "policy must be a Policy"),
        ({"account": None}, InvalidValueError, "account must be an Account"),
    ],
)
def test_bad_input_is_refused_whole(changes: dict[str, object], error: type[Exception],
                                    fragment: str) -> None:
    """No partial plan: one clear error naming the argument."""
    args: dict[str, object] = {"account": ACME, "history": [], "ideas": [], "policy": Policy(),
                               "now": MONDAY, "horizon": timedelta(weeks=1)}
    args.update(changes)
    with pytest.raises(error, match=None) as info:
        plan(**args)  # type: ignore[arg-type]
    assert fragment in str(info.value)


def test_an_idea_is_needed_for_the_need_least_covered_before_the_plan_too() -> None:
    """A budget idea shared in September covers budget: the need asked for is onboarding."""
    ana = Contact(id="ana", name="Ana", role="decision_maker", timezone="Europe/Paris",
                  country="FR")
    account = Account(id="acme", name="Acme", needs={"budget", "onboarding"}, contacts=[ana])
    ideas = [Idea(id="b1", summary="Phase the budget", addresses={"budget"})]
    history = [Touch(at=pendulum.datetime(2026, 9, 1, 10, tz="Europe/Paris"), contact_id="ana",
                     channel="email", direction="outbound", outcome="no_answer", idea_id="b1")]
    result = plan(account=account, history=history, ideas=ideas, policy=Policy(),
                  now=pendulum.datetime(2026, 11, 2, 8, tz="Europe/Paris"),
                  horizon=pendulum.duration(weeks=12))
    assert result.needs
    assert {n.need for n in result.needs} == {"onboarding"}


CLAIRE = Contact(id="claire", name="Claire Dubois", role="user", timezone=PARIS, country="FR",
                 allocates_budget=True)


def test_after_a_champions_decline_the_next_idea_goes_to_who_holds_the_budget() -> None:
    """Marc (champion) declined; Claire allocates the budget: the advice and the idea go to her."""
    marc = Contact(id="marc", name="Marc Lefèvre", role="champion", timezone=PARIS, country="FR")
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[marc, CLAIRE])
    history = [Touch(at=MONDAY.subtract(days=10), contact_id="marc", channel="email",
                     direction="outbound", outcome="declined")]
    result = make([idea("a")], history, account=account)
    (advice,) = result.advice
    assert advice.suggest_contact_id == "claire"
    assert advice.explanation is not None
    assert advice.explanation.params["case"] == "allocator"
    assert "Claire Dubois, who allocates the budget" in advice.why
    assert "decision-maker" not in advice.why  # Claire allocates; she is not said to decide
    (relance,) = result.relances
    assert relance.contact_id == "claire"
    assert "who allocates the budget" in relance.why


def test_after_a_decline_with_nobody_who_decides_map_them_and_do_not_go_back() -> None:
    """Nobody at the account decides: the advice says to map who does; not back to Marc."""
    marc = Contact(id="marc", name="Marc Lefèvre", role="champion", timezone=PARIS, country="FR")
    lea = Contact(id="lea", name="Léa Roux", role="influencer", timezone=PARIS, country="FR")
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[marc, lea])
    history = [Touch(at=MONDAY.subtract(days=10), contact_id="marc", channel="email",
                     direction="outbound", outcome="declined")]
    result = make([idea("a")], history, account=account)
    (advice,) = result.advice
    assert advice.explanation is not None
    assert advice.explanation.params["case"] == "map"
    assert advice.suggest_contact_id is None
    assert "map who decides and who allocates the budget" in advice.why
    assert [r.contact_id for r in result.relances] == ["lea"]


def test_an_idea_for_a_decision_maker_out_of_reach_waits_and_says_why() -> None:
    """Ana (decision maker) opted out: the idea meant for her role is not lost silently."""
    history = [Touch(at=MONDAY.subtract(days=30), contact_id="ana", channel="email",
                     direction="inbound", outcome="opted_out")]
    result = make([idea("for-ana", role="decision_maker"), idea("a")], history)
    assert [r.idea_id for r in result.relances] == ["a"]
    (waiting,) = result.waiting
    assert (waiting.idea_id, waiting.code, waiting.contact_id) == (
        "for-ana", "do-not-contact", "ana")
    assert waiting.until is None
    assert "cannot reach Ana Martin, whom it would go to, for now" in waiting.why


def test_ideas_left_at_the_horizon_wait_with_the_date_they_could_go() -> None:
    """Three ideas in four weeks: the third waits for the grown gap, after the horizon."""
    result = make([idea("a"), idea("b"), idea("c")], weeks=4)
    assert [r.idea_id for r in result.relances] == ["a", "b"]
    (waiting,) = result.waiting
    assert (waiting.idea_id, waiting.code) == ("c", "too-soon")
    assert waiting.until == pendulum.datetime(2027, 1, 4, 9, tz=PARIS)


def test_after_a_complaint_answer_then_repair_then_propose_an_agreed_review() -> None:
    """The seeds' story: answer the complaint, repair first, then an agreed review.

    Repair comes before any selling; once resolved, the advice is an agreed
    regular review, until one is agreed.
    """
    complaint = Touch(at=MONDAY.subtract(days=3), contact_id="ana", channel="email",
                      direction="inbound", outcome="complaint")
    ideas = [idea("sell", priority=5), idea("session", repair=True),
             idea("gesture", repair=True, priority=1)]
    result = make(ideas, [complaint], weeks=10)
    kinds = [(r.kind, r.idea_id) for r in result.relances]
    assert kinds[0] == (Kind.REPLY, None)  # acknowledged at the first working slot
    assert [i for _, i in kinds[1:]] == ["gesture", "session"]  # repair, and no selling
    assert [w.idea_id for w in result.waiting] == ["sell"]
    (advice,) = [a for a in result.advice if a.code == "tension-open"]
    assert advice.explanation is not None
    assert advice.explanation.params["ideas"] == ("gesture", "session")
    resolved = Touch(at=MONDAY.add(days=20), contact_id="ana", channel="phone",
                     direction="inbound", outcome="resolved")
    later = plan(account=ACME, history=[complaint, resolved], ideas=ideas, policy=Policy(),
                 now=MONDAY.add(days=21), horizon=timedelta(weeks=10))
    (review,) = [a for a in later.advice if a.code == "agreed-review"]
    assert review.at == MONDAY.add(days=20)
    assert "propose an agreed regular review" in review.why
    assert not [a for a in later.advice if a.code == "tension-open"]
    agreed = Checkpoint(id="review", contact_id="ana", at=MONDAY.add(days=60, hours=2),
                        recurrence="FREQ=MONTHLY;INTERVAL=3;COUNT=4")
    with_review = plan(account=Account(id="acme", name="Acme Media", needs={"training"},
                                       contacts=[ANA, BOB], checkpoints=[agreed]),
                       history=[complaint, resolved], ideas=ideas, policy=Policy(),
                       now=MONDAY.add(days=21), horizon=timedelta(weeks=10))
    assert not [a for a in with_review.advice if a.code == "agreed-review"]
    assert "review@2027-01-22" in {r.checkpoint_id for r in with_review.relances}


def test_an_expiring_idea_for_a_flagged_contact_waits_rather_than_expires() -> None:
    """Meant for Ana, who opted out: it waits (do-not-contact), it did not go stale."""
    history = [Touch(at=MONDAY.subtract(days=30), contact_id="ana", channel="email",
                     direction="inbound", outcome="opted_out")]
    result = make([idea("for-ana", contact_id="ana", expires_at=MONDAY.add(days=20))], history)
    assert result.skipped == ()
    (waiting,) = result.waiting
    assert (waiting.idea_id, waiting.code) == ("for-ana", "do-not-contact")


def test_a_monthly_cap_chooses_by_priority_and_says_which_ideas_it_went_before() -> None:
    """One touch a month: when the month turns, the most valuable idea goes, and says so."""
    from relance import Cap

    ideas = [idea("webinar", priority=0), idea("pilot", priority=2), idea("case", priority=1),
             idea("checklist", priority=0)]
    policy = Policy(min_gap=timedelta(days=1), max_gap=timedelta(days=1),
                    caps=[Cap(count=1, period="month")])
    result = make(ideas, policy=policy, weeks=14)
    sent = [(r.at.in_tz(PARIS).strftime("%Y-%m-%d %H:%M"), r.idea_id) for r in result.relances]
    assert sent[:3] == [("2026-11-23 09:00", "pilot"), ("2026-12-01 09:00", "case"),
                        ("2027-01-04 09:00", "checklist")]
    first, second = result.relances[0], result.relances[1]
    assert first.explanation is not None
    assert second.explanation is not None
    assert "case" not in first.explanation.params  # the plan's first slot: no cap involved
    assert second.explanation.params["case"] == "ahead"
    assert second.explanation.params["ahead"] == ("checklist", "webinar")
    assert "chosen before checklist and webinar by the priority order" in second.why
    assert "par période (mois civil)" in second.render("fr")


def test_a_cap_names_the_next_ideas_of_a_crowded_backlog_by_rank() -> None:
    """Twelve ideas aimed alike: each relance names the three that come next, no more."""
    from relance import Cap

    ideas = [idea(f"tip{n:02}", priority=n % 2) for n in range(12)]
    policy = Policy(min_gap=timedelta(days=1), max_gap=timedelta(days=1),
                    caps=[Cap(count=1, period="month")])
    result = make(ideas, policy=policy, weeks=14)
    # By value: priority 1 first (tip01, tip03…), then priority 0, each by id.
    order = [f"tip{n:02}" for n in range(1, 12, 2)] + [f"tip{n:02}" for n in range(0, 12, 2)]
    assert [r.idea_id for r in result.relances] == order[: len(result.relances)]
    second = result.relances[1]
    assert second.explanation is not None
    assert second.explanation.params["ahead"] == tuple(order[2:5])


def test_a_waiting_idea_names_the_cap_that_holds_it() -> None:
    """A month cap full until after the horizon: the waiting ideas say which cap."""
    from relance import Cap

    policy = Policy(min_gap=timedelta(days=1), max_gap=timedelta(days=1), cap=100,
                    caps=[Cap(count=1, period="month", scope="contact")])
    result = make([idea("pilot", priority=1), idea("case")], policy=policy, weeks=1)
    assert [r.idea_id for r in result.relances] == ["pilot"]
    (waiting,) = result.waiting
    assert waiting.code == "frequency-cap"
    assert waiting.explanation is not None
    timing = waiting.explanation.params["timing"]
    assert timing.code == "timing.then-slot"
    assert timing.params["timing"].code == "timing.cap-period"
    assert "the cap of 1 to Ana Martin per calendar month" in waiting.render("en")


def test_a_full_email_cap_sends_the_idea_by_phone_instead_of_waiting() -> None:
    """Two emails a week to a person: the third idea goes by phone that afternoon."""
    from relance import Cap

    ana = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS,
                  country="FR", channels={"email", "phone"})
    account = Account(id="acme", name="Acme Media", needs={"training"}, contacts=[ana])
    history = [Touch(at=MONDAY.set(hour=h), contact_id="ana", channel="email",
                     direction="outbound", outcome="no_answer", idea_id=f"sent{h}")
               for h in (9, 13)]
    policy = Policy(min_gap=timedelta(hours=1), max_gap=timedelta(hours=1), max_unanswered=9,
                    caps=[Cap(count=2, period="week", scope="contact", channel="email")])
    result = plan(account=account, history=history,
                  ideas=[idea("sent9"), idea("sent13"), idea("pilot")], policy=policy,
                  now=MONDAY.set(hour=13, minute=1), horizon=timedelta(weeks=1))
    (first,) = result.relances
    assert (first.channel.value, first.at) == ("phone", MONDAY.set(hour=17))
