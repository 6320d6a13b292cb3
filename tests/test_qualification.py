"""Qualification, red flags and how they weigh on the plan (issue 12)."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relance import (
    Account,
    Assessment,
    Contact,
    Idea,
    Incumbent,
    InvalidValueError,
    Kind,
    NaiveDatetimeError,
    Plan,
    Policy,
    Qualification,
    from_json,
    plan,
    red_flags,
    to_json,
)
from relance.testing._strategies import qualifications
from strategies import worlds

NOW = pendulum.datetime(2026, 12, 1, 10, tz="Europe/Paris")

# -- the post-mortem, as data ------------------------------------------------------------
# A media group: a keen director, a training manager who mentions constraints,
# another trainer already engaged on the same teams, a heavy process.
DIRECTOR = Contact(id="helene", name="Hélène Marchal", role="champion",
                   timezone="Europe/Paris", country="FR")
MANAGER = Contact(id="marc", name="Marc Petit", role="influencer",
                  timezone="Europe/Paris", country="FR")
POST_MORTEM = Qualification(
    value=Assessment(state="known", notes="faster onboarding of journalists"),
    environment=Assessment(state="partly", notes="another trainer on the same teams"),
    decision=Assessment(state="unknown"),
    engagement=Assessment(state="known", notes="the director wants to start in January"),
    budget="vague",
    budget_notes="ce n'est pas tant une question de coût, mais il y a des contraintes",
    incumbents=[Incumbent(name="FormaPlus", scope="the same editorial teams")],
    process="heavy",
    process_lead_time=timedelta(days=90),
    deadline=pendulum.datetime(2027, 1, 15, tz="Europe/Paris"),
)
MEDIA = Account(id="media", name="Groupe Média", needs={"training"},
                contacts=[DIRECTOR, MANAGER], qualification=POST_MORTEM)
IDEAS = [
    Idea(id="programme", summary="The full training programme", addresses={"training"},
         priority=3),
    Idea(id="workshop", summary="A half-day workshop with one editorial team",
         addresses={"training"}, first_step=True),
    Idea(id="case", summary="How a regional daily cut onboarding by half",
         addresses={"training"}, proof=True),
]


def _plan(account: Account = MEDIA, policy: Policy | None = None, **changes: object) -> Plan:
    args: dict[str, object] = {"account": account, "history": [], "ideas": IDEAS,
                               "policy": policy or Policy(), "now": NOW,
                               "horizon": pendulum.duration(weeks=12)}
    args.update(changes)
    return plan(**args)  # type: ignore[arg-type]


def test_the_post_mortem_raises_its_red_flags() -> None:
    flags = red_flags(MEDIA, now=NOW)
    assert [f.code for f in flags] == [
        "no-decision-map", "vague-budget", "unbacked-engagement", "heavy-process",
        "urgency-mismatch", "incumbent-provider",
    ]
    by_code = {f.code: f for f in flags}
    assert by_code["no-decision-map"].explanation.params["case"] == "nobody"
    assert "pas tant une question de coût" in by_code["vague-budget"].why
    assert by_code["incumbent-provider"].why == (
        "another provider is already engaged: FormaPlus, on the same editorial teams "
        "(Environnement)")
    mismatch = by_code["urgency-mismatch"].explanation.params
    assert mismatch["ready"] == pendulum.datetime(2027, 3, 1, 10, tz="Europe/Paris")
    assert "\u00ab\u00a0ce n'est pas tant" in by_code["vague-budget"].render("fr")


def test_the_post_mortem_plan_offers_the_lighter_entry_first_and_asks_who_allocates() -> None:
    result = _plan()
    first = result.relances[0]
    assert (first.kind, first.idea_id) == (Kind.IDEA, "workshop")
    assert first.explanation is not None
    assert first.explanation.code == "relance.lighter-idea"
    assert "first because of the red flag vague-budget" in first.why
    # Without the flags, the most valuable idea would have gone first.
    unflagged = _plan(attrs.evolve(MEDIA, qualification=None))
    assert unflagged.relances[0].idea_id == "programme"
    advice = {a.code: a for a in result.advice}
    mapping = advice["no-decision-map"]
    assert "who decides and who allocates it" in mapping.why
    selling = next(r for r in result.relances if r.idea_id == "programme")
    assert mapping.explanation is not None
    assert mapping.explanation.params["before"].params["at"] == selling.at
    assert "FormaPlus" in advice["incumbent-provider"].why
    assert [f.code for f in result.flags] == [f.code for f in red_flags(MEDIA, now=NOW)]


def test_a_decision_map_clears_its_flag_and_its_advice() -> None:
    mapped = attrs.evolve(MEDIA, contacts=[
        attrs.evolve(DIRECTOR, role="decision_maker"),
        attrs.evolve(MANAGER, allocates_budget=True)])
    result = _plan(mapped)
    assert "no-decision-map" not in {f.code for f in result.flags}
    assert "no-decision-map" not in {a.code for a in result.advice}


def test_report_lists_flags_and_changes_nothing_else() -> None:
    report = _plan(policy=Policy(flag_weight="report"))
    unflagged = _plan(attrs.evolve(MEDIA, qualification=None))
    assert report.flags
    assert report.relances == unflagged.relances
    assert report.advice == unflagged.advice


def test_hold_sends_lighter_first_steps_only_while_a_flag_stands() -> None:
    held = _plan(policy=Policy(flag_weight="hold"))
    assert {r.idea_id for r in held.relances} == {"workshop"}
    waiting = {w.idea_id: w for w in held.waiting}
    # Named by the flag about the budget, which calls for the lighter step.
    assert waiting["programme"].code == "vague-budget"
    assert "lighter first steps only" in waiting["programme"].why


def test_no_lighter_step_in_the_backlog_is_advice() -> None:
    selling = [i for i in IDEAS if not i.first_step]
    result = _plan(ideas=selling)
    lighter = next(a for a in result.advice if a.code == "lighter-entry")
    assert "Idea.first_step" in lighter.why
    assert "premier pas" in lighter.render("fr")


def test_a_differentiating_idea_is_what_the_incumbent_advice_leads_with() -> None:
    different = Idea(id="newsroom", summary="Training inside the newsroom, on live stories",
                     addresses={"training"}, differentiates=True)
    advice = {a.code: a for a in _plan(ideas=[*IDEAS, different]).advice}
    assert advice["incumbent-provider"].suggest_idea_id == "newsroom"


def test_an_account_without_qualification_has_no_flags() -> None:
    bare = attrs.evolve(MEDIA, qualification=None)
    assert red_flags(bare, now=NOW) == ()
    assert _plan(bare).flags == ()


@pytest.mark.parametrize(("change", "code"), [
    ({"budget": "vague"}, "vague-budget"),
    ({"engagement": Assessment(state="known"), "budget": "none"}, "unbacked-engagement"),
    ({"engagement": Assessment(state="known")}, "unbacked-engagement"),
    ({"process": "heavy"}, "heavy-process"),
    ({"incumbents": [Incumbent(name="X")]}, "incumbent-provider"),
    ({"process_lead_time": timedelta(days=30),
      "deadline": pendulum.datetime(2026, 12, 20, tz="UTC")}, "urgency-mismatch"),
])
def test_each_fact_raises_its_flag(change: dict[str, object], code: str) -> None:
    mapped = attrs.evolve(MEDIA, contacts=[attrs.evolve(DIRECTOR, role="decision_maker",
                                                        allocates_budget=True)])
    quiet = attrs.evolve(mapped, qualification=Qualification())
    assert red_flags(quiet, now=NOW) == ()
    flagged = attrs.evolve(mapped, qualification=Qualification(**change))  # type: ignore[arg-type]
    assert [f.code for f in red_flags(flagged, now=NOW)] == [code]


def test_a_deadline_the_process_can_meet_is_no_flag() -> None:
    meets = Qualification(process_lead_time=timedelta(days=30),
                          deadline=NOW.add(days=30))
    account = attrs.evolve(MEDIA, qualification=meets)
    assert "urgency-mismatch" not in {f.code for f in red_flags(account, now=NOW)}
    late = attrs.evolve(account, qualification=attrs.evolve(
        meets, deadline=NOW.add(days=30, microseconds=-1)))
    assert "urgency-mismatch" in {f.code for f in red_flags(late, now=NOW)}


@pytest.mark.parametrize(("changes", "field"), [
    ({"budget": "maybe"}, "Qualification.budget"),
    ({"process": 3}, "Qualification.process"),
    ({"value": "known"}, "Qualification.value"),
    ({"process_lead_time": timedelta(0)}, "Qualification.process_lead_time"),
    ({"incumbents": [Incumbent(name="X"), Incumbent(name="X")]},
     "Qualification.incumbents[1].name"),
    ({"incumbents": "FormaPlus"}, "Qualification.incumbents"),
    ({"incumbents": [Incumbent(name="FormaPlus"), Incumbent(name=" formaplus")]},
     "Qualification.incumbents[1].name"),
])
def test_a_bad_qualification_is_refused_by_name(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Qualification(**changes)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        red_flags(MEDIA, now=NOW.naive())


def test_bad_qualification_in_json_names_its_path() -> None:
    text = to_json(MEDIA).replace('"vague"', '"fuzzy"')
    with pytest.raises(InvalidValueError) as caught:
        from_json(Account, text)
    assert "qualification.budget" in str(caught.value.field)


@given(worlds())
def test_a_qualification_round_trips_through_json(world) -> None:  # type: ignore[no-untyped-def]
    assert from_json(Account, to_json(world.account)) == world.account


# -- properties -----------------------------------------------------------------------------
#: Facts that each add a red flag (or leave it standing), never remove one.
FLAG_FACTS = st.sampled_from([
    {"budget": "vague"},
    {"process": "heavy"},
    {"incumbents": [Incumbent(name="Incumbent", scope="the same teams")]},
    {"engagement": Assessment(state="known"), "budget": "unknown"},
    {"process_lead_time": timedelta(days=400), "deadline": None},
])


def _more_flags(q: Qualification | None, fact: dict[str, object]) -> Qualification:
    q = q or Qualification()
    changes = dict(fact)
    if "incumbents" in changes:
        changes["incumbents"] = [*q.incumbents, *changes["incumbents"]]  # type: ignore[misc]
    if "deadline" in changes:  # a lead time that no stated deadline can meet
        changes["deadline"] = q.deadline
        if q.deadline is None:
            changes["process_lead_time"] = q.process_lead_time
    if changes.get("budget") == "unknown" and q.budget not in ("unknown", "none"):
        changes["budget"] = q.budget  # keep the budget flags it raised
    if changes.get("budget") == "vague" and q.budget == "none":
        changes["budget"] = q.budget  # engagement without any budget stays flagged
    return attrs.evolve(q, **changes)  # type: ignore[arg-type]


@given(worlds(), FLAG_FACTS, st.sampled_from(["report", "steer", "hold"]), st.integers(1, 12))
def test_a_red_flag_never_makes_a_plan_more_aggressive(  # type: ignore[no-untyped-def]
    world, fact, weight, weeks
) -> None:
    """No more relances, and none sooner, with one more red flag."""
    policy = attrs.evolve(world.policy, flag_weight=weight)
    before_q = world.account.qualification
    after_q = _more_flags(before_q, fact)
    before = attrs.evolve(world.account, qualification=before_q)
    after = attrs.evolve(world.account, qualification=after_q)
    now = world.now
    codes_before = {f.code for f in red_flags(before, now=now)}
    codes_after = {f.code for f in red_flags(after, now=now)}
    assert codes_before <= codes_after
    kwargs = {"history": world.history, "ideas": world.ideas, "policy": policy, "now": now,
              "horizon": now.add(weeks=weeks)}
    calm = plan(account=before, **kwargs)  # type: ignore[arg-type]
    flagged = plan(account=after, **kwargs)  # type: ignore[arg-type]
    assert len(flagged.relances) <= len(calm.relances)
    for late, early in zip(flagged.relances, calm.relances, strict=False):
        assert late.at >= early.at


@given(worlds(), st.sampled_from(["steer", "hold"]))
def test_lighter_first_steps_go_first_at_the_same_instant(world, weight) -> None:  # type: ignore[no-untyped-def]
    """With a budget or scope flag, no selling idea goes when a first step could go instead."""
    q = attrs.evolve(world.account.qualification or Qualification(), budget="vague")
    account = attrs.evolve(world.account, qualification=q)
    result = plan(account=account, history=world.history, ideas=world.ideas,
                  policy=attrs.evolve(world.policy, flag_weight=weight), now=world.now,
                  horizon=world.now.add(weeks=8))
    ideas = {i.id: i for i in world.ideas}
    for relance in result.relances:
        if relance.kind is Kind.IDEA and relance.idea_id is not None:
            carried = ideas[relance.idea_id]
            assert relance.explanation is not None
            lighter = relance.explanation.code == "relance.lighter-idea"
            assert lighter == carried.first_step, (result.flags, relance.why)
            if weight == "hold":
                assert carried.first_step or carried.repair


@given(st.data())
def test_every_flag_speaks_both_languages(data: st.DataObject) -> None:
    world = data.draw(worlds())
    q = data.draw(qualifications(base=int(world.now.timestamp() * 1_000_000)))
    account = attrs.evolve(world.account, qualification=q)
    for flag in red_flags(account, now=world.now):
        assert flag.render("en")
        assert flag.render("fr")
        assert flag.explanation is not None
        assert flag.explanation.code == f"flag.{flag.code}"
