"""The audit of a history: what the policy would have refused, and the numbers."""

from __future__ import annotations

import json
from datetime import timedelta

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracles
from oracles import us
from relance import (
    Account,
    Audit,
    Checkpoint,
    Contact,
    Direction,
    Idea,
    InvalidValueError,
    NaiveDatetimeError,
    Policy,
    Proposal,
    Touch,
    UnknownIdError,
    audit,
    from_json,
    plan,
    to_dict,
    to_json,
)
from relance._io.schema import json_schema
from strategies import World, worlds

PARIS = "Europe/Paris"
MARC = Contact(id="marc", name="Marc", role="decision_maker", timezone=PARIS, country="FR",
               channels={"email", "phone"})
ACME = Account(id="acme", name="Acme", needs={"training"}, contacts=[MARC])
PILOT = Idea(id="pilot", summary="A two-week pilot", addresses={"training"})
CASE = Idea(id="case", summary="A case study", addresses={"training"})


def at(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> pendulum.DateTime:
    """An instant of 2026 in Paris (2 November 2026 is a Monday)."""
    return pendulum.datetime(2026, month, day, hour, minute, tz=PARIS)


def out(when: pendulum.DateTime, **fields: object) -> Touch:
    """An unanswered outbound email to Marc."""
    values: dict[str, object] = {"contact_id": "marc", "channel": "email",
                                 "direction": "outbound", "outcome": "no_answer"}
    values.update(fields)
    return Touch(at=when, **values)  # type: ignore[arg-type]


def inbound(when: pendulum.DateTime, **fields: object) -> Touch:
    """A message from Marc."""
    values: dict[str, object] = {"contact_id": "marc", "channel": "email",
                                 "direction": "inbound", "outcome": "replied"}
    values.update(fields)
    return Touch(at=when, **values)  # type: ignore[arg-type]


def run(history: list[Touch], ideas: tuple[Idea, ...] = (PILOT, CASE), **changes: object
        ) -> Audit:
    args: dict[str, object] = {"account": ACME, "history": history, "ideas": ideas,
                               "policy": Policy()}
    args.update(changes)
    return audit(**args)  # type: ignore[arg-type]


# -- the examples a manager asks about -------------------------------------------------------


def test_an_any_news_email_without_an_idea_is_an_empty_check_in() -> None:
    """"Any news?" with no idea: no-new-idea, counted as an empty check-in."""
    result = run([out(at(4))])
    assert [(f.index, f.codes) for f in result.findings] == [(0, ("no-new-idea",))]
    assert result.summary.empty_check_ins == 1
    assert str(result.findings[0]).startswith(
        "Wed 2026-11-04 10:00 Europe/Paris, email to Marc without an idea: no-new-idea")


def test_an_idea_in_words_that_only_ask_for_news_is_an_empty_check_in() -> None:
    """The text is judged too: an idea attached to "any news?" is still empty."""
    result = run([out(at(4), idea_id="pilot", text="Any news on our proposal?")])
    assert result.findings[0].codes == ("empty-check-in",)
    assert result.summary.empty_check_ins == 1


def test_two_emails_an_hour_apart_the_second_is_too_soon() -> None:
    result = run([out(at(4), idea_id="pilot"), out(at(4, 11), idea_id="case")])
    assert [(f.index, f.codes) for f in result.findings] == [(1, ("too-soon",))]
    assert result.summary.too_soon == 1
    assert result.findings[0].reasons[0].lifts_at == at(18)  # 14 days: one unanswered


def test_a_saturday_email_is_on_a_non_working_day() -> None:
    result = run([out(at(7), idea_id="pilot")])
    assert result.findings[0].codes == ("non-working-day",)
    assert result.summary.outside_working_time == 1


def test_a_late_evening_call_is_outside_hours() -> None:
    result = run([out(at(4, 21), channel="phone", idea_id="pilot")])
    assert result.findings[0].codes == ("outside-hours",)
    assert result.summary.outside_working_time == 1


def test_the_fourth_touch_in_thirty_days_is_over_the_cap() -> None:
    policy = Policy(min_gap=timedelta(days=1), backoff=1)
    ideas = tuple(Idea(id=f"i{n}", summary="x", addresses={"training"}) for n in range(4))
    touches = [out(at(2 + n), idea_id=f"i{n}", outcome="replied") for n in range(4)]
    result = run(touches, ideas=ideas, policy=policy)
    assert [(f.index, f.codes) for f in result.findings] == [(3, ("frequency-cap",))]
    assert result.summary.over_cap == 1


def test_a_touch_carrying_an_idea_no_longer_in_the_backlog_is_judged() -> None:
    """No UnknownIdError: judged as an idea carried, listed as partly judged."""
    result = run([out(at(4), idea_id="webinar-2025"), out(at(4, 11), idea_id="webinar-2025")])
    assert [(f.index, f.codes) for f in result.findings] == [
        (1, ("idea-already-shared", "too-soon"))]
    assert result.summary.partly_judged == ("webinar-2025",)
    assert "webinar-2025" in str(result)


def test_an_idea_no_longer_in_the_backlog_is_not_called_irrelevant() -> None:
    """Its relevance is unknown, even at an account with no stated needs."""
    account = attrs.evolve(ACME, needs=frozenset())
    result = run([out(at(4), idea_id="old")], ideas=(), account=account)
    assert result.clean
    assert result.summary.partly_judged == ("old",)


def test_an_answer_to_the_clients_message_is_a_reply() -> None:
    """An outbound touch just after an inbound message answers it: allowed, no idea needed."""
    result = run([out(at(3), idea_id="pilot"), inbound(at(3, 15)), out(at(3, 16))])
    assert result.clean
    assert result.summary.judged == 2


def test_a_kept_checkpoint_needs_no_idea() -> None:
    review = Checkpoint(id="budget", contact_id="marc", at=at(10))
    account = attrs.evolve(ACME, checkpoints=[review])
    result = run([out(at(9), idea_id="pilot"), out(at(10), checkpoint_id="budget")],
                 account=account)
    assert result.clean


def test_the_order_given_does_not_matter_and_index_is_the_position_given() -> None:
    touches = [out(at(4, 11), idea_id="case"), out(at(4), idea_id="pilot")]
    result = run(touches)
    assert [(f.index, f.touch) for f in result.findings] == [(0, touches[0])]
    assert run(touches[::-1]).findings[0].index == 1


# -- the summary -------------------------------------------------------------------------------


def test_the_summary_counts_what_a_manager_asks() -> None:
    history = [
        out(at(2), idea_id="pilot"),               # fine
        out(at(3)),                                # any news: empty and too soon
        out(at(7), idea_id="case"),                # Saturday, too soon
        inbound(at(20)),
        out(at(21, month=12), idea_id="late"),     # a Monday, an idea gone from the backlog
    ]
    summary = run(history, now=at(15, month=1).add(years=1)).summary
    assert (summary.judged, summary.refused) == (4, 2)
    assert summary.empty_check_ins == 1
    assert summary.too_soon == 2
    assert summary.outside_working_time == 1
    assert summary.over_cap == 0
    assert dict(summary.by_code) == {"no-new-idea": 1, "too-soon": 2, "non-working-day": 1}
    assert dict(summary.per_month) == {"2026-11": 3, "2026-12": 1}
    assert summary.partly_judged == ("late",)
    silence = summary.longest_silence
    assert silence is not None
    assert not silence.ongoing
    assert (silence.start, silence.end) == (at(7), at(21, month=12))


def test_the_longest_silence_runs_to_now_when_given() -> None:
    history = [out(at(2), idea_id="pilot"), out(at(16), idea_id="case")]
    assert run(history).summary.longest_silence.length == timedelta(days=14)  # type: ignore[union-attr]
    silence = run(history, now=at(1, month=12).add(months=2)).summary.longest_silence
    assert silence is not None
    assert silence.ongoing
    assert silence.start == at(16)
    assert "until now" in str(run(history, now=at(1, month=12).add(months=2)))


def test_a_bounce_is_judged_but_breaks_no_silence() -> None:
    history = [out(at(2), idea_id="pilot"), out(at(9), idea_id="case", outcome="bounced"),
               out(at(30), channel="phone", idea_id="x")]
    summary = run(history).summary
    assert summary.judged == 3
    assert summary.longest_silence is not None
    assert summary.longest_silence.start == at(2)


def test_months_without_a_touch_are_listed_at_zero() -> None:
    history = [out(at(2), idea_id="pilot"), out(at(1, month=12).add(months=2), idea_id="case")]
    assert dict(run(history).summary.per_month) == {
        "2026-11": 1, "2026-12": 0, "2027-01": 0, "2027-02": 1}


def test_a_touch_is_counted_in_the_month_of_its_contacts_zone() -> None:
    """23:30 on 31 October in New York is November in Paris: Marc's month."""
    when = pendulum.datetime(2026, 10, 31, 19, tz="America/New_York")
    assert dict(run([out(when, idea_id="pilot")]).summary.per_month) == {"2026-11": 1}


def test_nothing_to_judge() -> None:
    result = run([])
    assert result.clean
    assert result.summary.judged == 0
    assert result.summary.longest_silence is None
    assert "nothing to measure" in str(result)


# -- bad input is refused as plan and check refuse it ------------------------------------------


def test_an_unknown_contact_is_refused_with_its_path() -> None:
    with pytest.raises(UnknownIdError) as caught:
        run([out(at(4), idea_id="pilot"), out(at(5), contact_id="zoe")])
    assert caught.value.field == "history[1].contact_id"


def test_an_unknown_checkpoint_is_refused() -> None:
    with pytest.raises(UnknownIdError):
        run([out(at(4), checkpoint_id="budget")])


@pytest.mark.parametrize(("changes", "field"), [
    ({"history": "touches"}, "history"),
    ({"ideas": None}, "ideas"),
    ({"policy": {"cap": 2}}, "policy"),
    ({"account": "acme"}, "account"),
    ({"now": "2026-11-30"}, "now"),
])
def test_arguments_of_the_wrong_type_are_refused(changes: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"account": ACME, "history": [out(at(4))], "ideas": (),
                               "policy": Policy(), **changes}
    with pytest.raises(InvalidValueError) as caught:
        audit(**args)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        run([out(at(4))], now=at(4).naive())


def test_a_touch_after_now_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        run([out(at(4)), out(at(20))], now=at(10))
    assert caught.value.field == "history[1].at"


def test_two_ideas_with_one_id_are_refused() -> None:
    with pytest.raises(InvalidValueError):
        run([out(at(4))], ideas=(PILOT, PILOT))


# -- speaking and JSON -------------------------------------------------------------------------


def test_the_audit_reads_in_french() -> None:
    text = run([out(at(4)), out(at(7), idea_id="webinar-2025")]).render("fr")
    assert text.splitlines()[0] == "audit du compte acme"
    assert "mer. 4 nov. 2026 à 10:00 (Europe/Paris), e-mail à Marc sans idée nouvelle\xa0: " \
           "no-new-idea" in text
    assert "avec l'idée «\xa0webinar-2025\xa0»\xa0: too-soon, non-working-day" in text
    assert "relances à vide\xa0: 1" in text
    assert "plus long silence\xa0: 3\xa0jours, du mer. 4 nov. 2026" in text


def test_the_audit_round_trips_through_json_with_every_reason() -> None:
    result = run([out(at(4)), out(at(7), idea_id="old")], now=at(30))
    data = json.loads(to_json(result, locale="fr"))
    reason = data["findings"][0]["reasons"][0]
    assert set(reason) == {"code", "params", "message", "lifts_at"}
    assert reason["code"] == "no-new-idea"
    assert data["findings"][0]["what"].startswith("mer. 4 nov. 2026")
    assert data["summary"]["by_code"] == {"no-new-idea": 1, "non-working-day": 1,
                                          "too-soon": 1}
    assert data["summary"]["per_month"] == {"2026-11": 2}
    assert data["summary"]["longest_silence"]["ongoing"] is True
    assert from_json(Audit, to_json(result)) == result
    assert to_dict(result)["summary"]["partly_judged"] == ["old"]


def test_the_audit_schema_describes_its_json() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = run([out(at(4)), out(at(7), idea_id="old")], now=at(30))
    jsonschema.validate(to_dict(result), json_schema(Audit))


# -- properties ---------------------------------------------------------------------------------


@st.composite
def planned(draw: st.DrawFn) -> tuple[World, tuple[Touch, ...]]:
    """A world and the touches of its plan, carried out as planned (and unanswered)."""
    world = draw(worlds())
    weeks = draw(st.integers(1, 12))
    result = plan(account=world.account, history=world.history, ideas=world.ideas,
                  policy=world.policy, now=world.now, horizon=world.now.add(weeks=weeks))
    return world, tuple(r.to_touch("no_answer") for r in result.relances)


@settings(max_examples=60)
@given(planned())
def test_a_plan_carried_out_as_planned_audits_clean(case: tuple[World, tuple[Touch, ...]]) -> None:
    """No finding concerns a planned touch, whatever the history before it held."""
    world, touches = case
    history = (*world.history, *touches)
    result = audit(account=world.account, history=history, ideas=world.ideas,
                   policy=world.policy)
    planned_at = range(len(world.history), len(history))
    assert [f for f in result.findings if f.index in planned_at] == []
    assert result.summary.judged == sum(
        t.direction is Direction.OUTBOUND for t in history)


def _with_every_idea(world: World) -> tuple[Idea, ...]:
    """The backlog plus an idea for every id the history names (all in the backlog)."""
    known = {i.id for i in world.ideas}
    missing = sorted({t.idea_id for t in world.history if t.idea_id and t.idea_id not in known})
    return (*world.ideas, *(Idea(id=i, summary=i, addresses={"other"}) for i in missing))


@settings(max_examples=60)
@given(worlds())
def test_the_audit_reports_exactly_the_touches_check_refuses(world: World) -> None:
    """An independent replay: each outbound touch checked against the touches before it."""
    ideas = _with_every_idea(world)
    touches = list(world.history)  # never two at one instant
    expected = {}
    for index, touch in enumerate(touches):
        if touch.direction is not Direction.OUTBOUND:
            continue
        before = [t for t in touches if us(t.at) < us(touch.at)]
        reply = (touch.checkpoint_id is None
                 and oracles.awaiting(before, touch.contact_id) is not None)
        verdict = world.policy.check(
            Proposal(at=touch.at, contact_id=touch.contact_id, channel=touch.channel,
                     idea_id=touch.idea_id, checkpoint_id=touch.checkpoint_id, reply=reply,
                     text=touch.text),
            account=world.account, history=before, ideas=ideas)
        if not verdict.allowed:
            expected[index] = verdict.reasons
    result = audit(account=world.account, history=touches, ideas=ideas, policy=world.policy)
    assert {f.index: f.reasons for f in result.findings} == expected
    assert result.summary.refused == len(expected)
    assert result.summary.partly_judged == ()
    assert from_json(Audit, to_json(result, locale="fr")) == result


def test_a_repair_action_gone_from_the_backlog_is_not_called_selling() -> None:
    """The acme story audits clean; dropping its repair session from the backlog keeps it so."""
    from pathlib import Path

    from relance import Document, from_json

    doc = from_json(Document, (Path(__file__).resolve().parent.parent / "examples" / "acme.json")
                    .read_text(encoding="utf-8"))
    full = audit(account=doc.account, history=doc.history, ideas=doc.ideas, policy=Policy())
    assert full.clean
    dropped = [i for i in doc.ideas if not i.repair]
    assert len(dropped) < len(doc.ideas)
    partial = audit(account=doc.account, history=doc.history, ideas=dropped, policy=Policy())
    assert partial.clean
    assert set(partial.summary.partly_judged) == {i.id for i in doc.ideas if i.repair}
