"""Facts and stories about a silence: the plan's hypotheses (issue 12)."""

from __future__ import annotations

from datetime import datetime

import attrs
import pendulum
from hypothesis import given

from relance import (
    Absence,
    Account,
    Assessment,
    Contact,
    Explanation,
    History,
    Idea,
    Plan,
    Policy,
    Qualification,
    QuietPeriod,
    Touch,
    plan,
    red_flags,
)
from relance._core.silence import MAX_READINGS, PRESSURE_FLAGS, silent_run, unanswered
from strategies import worlds

NOW = pendulum.datetime(2026, 12, 1, 10, tz="Europe/Paris")
CLAIRE = Contact(id="claire", name="Claire", role="champion", timezone="Europe/Paris",
                 country="FR", channels={"email", "phone"})
PAUL = Contact(id="paul", name="Paul", role="decision_maker", timezone="Europe/Paris",
               country="FR")
ACME = Account(id="acme", name="Acme", needs={"training"}, contacts=[CLAIRE, PAUL])
IDEAS = [Idea(id="case", summary="A case study", addresses={"training"}, proof=True),
         Idea(id="pilot", summary="A pilot", addresses={"training"}, first_step=True)]


def _out(days_ago: int, outcome: str = "no_answer", who: str = "claire",
         channel: str = "email", **more: object) -> Touch:
    return Touch(at=NOW.subtract(days=days_ago), contact_id=who, channel=channel,
                 direction="outbound", outcome=outcome, **more)  # type: ignore[arg-type]


def _plan(account: Account = ACME, history: list[Touch] | None = None) -> Plan:
    return plan(account=account, history=history or [], ideas=IDEAS, policy=Policy(), now=NOW,
                horizon=pendulum.duration(weeks=8))


def test_an_out_of_office_reply_is_a_fact_that_says_wait_for_the_date() -> None:
    back = NOW.add(days=5)
    history = [
        _out(30),
        Touch(at=NOW.subtract(days=30, hours=-1), contact_id="claire", channel="email",
              direction="inbound", outcome="out_of_office", returns_at=back),
    ]
    readings = _plan(history=history).hypotheses
    away = readings[0]
    assert (away.code, away.support, away.action) == ("away", "fact", "wait-for-date")
    assert away.contact_id is None  # the account's silence
    assert away.until == back
    assert "Claire sent an out-of-office reply" in away.why
    assert "réponse d'absence" in away.render("fr")


def test_a_bounce_is_a_fact_that_calls_for_another_channel() -> None:
    history = [_out(40), _out(25, outcome="bounced")]
    readings = {h.code: h for h in _plan(history=history).hypotheses}
    bounced = readings["not-received"]
    assert bounced.support == "fact"
    assert bounced.action == "other-channel"
    assert bounced.suggest_channels == ("phone",)


def test_someone_without_authority_points_to_who_decides() -> None:
    history = [_out(60), _out(45), _out(25)]
    readings = _plan(history=history).hypotheses
    authority = next(h for h in readings if h.code == "no-authority")
    assert authority.support == "fact"
    assert (authority.action, authority.suggest_contact_id) == ("reach-decider", "paul")
    assert authority.explanation is not None
    assert authority.explanation.params["fact"] == Explanation(
        code="fact.role", params={"contact": "Claire", "role": "champion"})


def test_with_no_fact_the_readings_are_stories_and_few() -> None:
    history = [_out(40, who="paul"), _out(25, who="paul")]
    readings = _plan(history=history).hypotheses
    assert readings
    assert len(readings) <= MAX_READINGS
    assert {h.support for h in readings} == {"story"}
    assert all("a story" in h.why for h in readings)
    assert all("une supposition" in h.render("fr") for h in readings)
    # "unsure" would suggest the same lighter step as "under-pressure": left out.
    assert [h.code for h in readings] == ["under-pressure", "needs-proof", "busy-elsewhere"]
    assert readings[0].suggest_idea_id == "pilot"


def test_the_qualification_turns_stories_into_facts() -> None:
    vague = attrs.evolve(ACME, qualification=Qualification(
        budget="vague", value=Assessment(state="partly")))
    history = [_out(40, who="paul"), _out(25, who="paul")]
    readings = {h.code: h for h in _plan(vague, history).hypotheses}
    assert readings["under-pressure"].support == "fact"
    assert readings["needs-proof"].support == "fact"
    assert readings["needs-proof"].suggest_idea_id == "case"


def test_a_date_the_client_gave_is_a_fact() -> None:
    quiet = attrs.evolve(ACME, quiet_periods=[QuietPeriod(
        id="committee", start=NOW.subtract(days=10), end=NOW.add(days=20))])
    readings = _plan(quiet, [_out(30, who="paul")]).hypotheses
    assert readings[0].code == "known-date"
    assert readings[0].until == NOW.add(days=20)


def test_an_absence_over_the_silence_is_a_fact() -> None:
    away = attrs.evolve(ACME, absences=[Absence(
        id="leave", contact_id="paul", start=NOW.subtract(days=20), end=NOW.add(days=3))])
    readings = _plan(away, [_out(30, who="paul")]).hypotheses
    assert (readings[0].code, readings[0].support) == ("away", "fact")


def test_a_short_silence_is_no_silence_yet() -> None:
    assert _plan(history=[_out(10)]).hypotheses == ()
    answered = [_out(40), Touch(at=NOW.subtract(days=30), contact_id="claire",
                                channel="email", direction="inbound", outcome="replied")]
    assert _plan(history=answered).hypotheses == ()


def test_a_paused_contact_gets_readings_of_its_own() -> None:
    # Claire left three touches unanswered; Paul answered since: the account is not silent.
    history = [_out(90), _out(60), _out(40),
               _out(20, outcome="replied", who="paul")]
    readings = _plan(history=history).hypotheses
    assert readings
    assert {h.contact_id for h in readings} == {"claire"}


def test_nobody_reads_the_silence_of_someone_not_to_contact() -> None:
    flagged = attrs.evolve(ACME, contacts=[attrs.evolve(CLAIRE, do_not_contact=True), PAUL])
    history = [_out(40), _out(25, outcome="bounced")]
    assert _plan(flagged, history).hypotheses == ()


def test_a_value_nobody_assessed_is_no_fact() -> None:
    bare = attrs.evolve(ACME, qualification=Qualification(process="light"))
    readings = {h.code: h for h in _plan(bare, [_out(40, who="paul")]).hypotheses}
    assert readings["needs-proof"].support == "story"


# -- the property -----------------------------------------------------------------------
def _supported(fact: Explanation, account: Account, history: History, now: int) -> bool:
    """Whether the account or its history holds the fact a reading names.

    Instants are compared as instants: ``==`` on aware datetimes says an
    instant in a DST fold differs from the same instant in another zone.
    """
    p = fact.params

    def same(a: object, b: object) -> bool:
        return (isinstance(a, datetime) and isinstance(b, datetime)
                and a.timestamp() == b.timestamp())

    names = {c.name: c for c in account.contacts}
    if fact.code == "fact.out-of-office":
        return any(t.outcome.value == "out_of_office" and same(t.at, p["replied"])
                   and account.contact(t.contact_id).name == p["contact"] for t in history)
    if fact.code == "fact.absence":
        return any(a.id == p["absence"] and same(a.end, p["end"]) and same(a.start, p["start"])
                   for a in account.absences)
    if fact.code == "fact.quiet-period":
        return any(q.id == p["period"] and same(q.end, p["until"]) for q in account.quiet_periods)
    if fact.code == "fact.checkpoint":
        return any(c.id == p["checkpoint"] and same(c.at, p["until"])
                   and c.at.timestamp() * 1e6 > now
                   for c in (*account.agreed_checkpoints, *account.checkpoints))
    if fact.code == "fact.bounced":
        return any(t.outcome.value == "bounced" and same(t.at, p["at"])
                   and t.channel.value == p["channel"] for t in history)
    if fact.code == "fact.role":
        contact = names[str(p["contact"])]
        return not contact.has_authority and contact.role.value == p["role"]
    if fact.code == "fact.flag":
        flag = p["flag"]
        return any(f.explanation == flag and f.code in PRESSURE_FLAGS
                   for f in red_flags(account, now=pendulum.from_timestamp(now / 1e6)))
    if fact.code == "fact.qualification":
        q = account.qualification
        return q is not None and q.value.state.value == "partly"
    return False


@given(worlds())
def test_a_fact_is_never_claimed_that_the_history_does_not_hold(world) -> None:  # type: ignore[no-untyped-def]
    """Fact-backed readings name a fact of the account or its history; stories name none."""
    result = plan(account=world.account, history=world.history, ideas=world.ideas,
                  policy=world.policy, now=world.now, horizon=world.now.add(weeks=4))
    history = History(world.history)
    now = int(world.now.timestamp() * 1_000_000)
    paused = {c.id for c in world.account.contacts
              if len(unanswered(silent_run(history, c.id))) >= world.policy.max_unanswered}
    subjects: dict[str | None, list[str]] = {}
    for reading in result.hypotheses:
        assert reading.explanation is not None
        fact = reading.explanation.params.get("fact")
        if reading.support == "fact":
            assert isinstance(fact, Explanation)
            assert _supported(fact, world.account, history, now), reading
        else:
            assert reading.support == "story"
            assert fact is None
        assert reading.contact_id is None or reading.contact_id in paused
        if reading.contact_id is not None:  # never the silence of someone not to contact
            contact = world.account.contact(reading.contact_id)
            assert not contact.do_not_contact
            assert not history.facts(contact.id).opted_out
        suggested = reading.suggest_idea_id  # an idea the plan could still use
        assert suggested is None or suggested not in {s.idea_id for s in result.skipped}
        subjects.setdefault(reading.contact_id, []).append(reading.support)
        assert reading.render("en")
        assert reading.render("fr")
    for supports in subjects.values():
        assert len(supports) <= MAX_READINGS
        assert supports == sorted(supports)  # "fact" before "story"
