"""relance.simulate: a portfolio played forward under a policy or a baseline cadence.

The specification: under a relance policy the run never makes a touch that
``check`` refuses; the same seed gives the same run, whatever the order of
the accounts; a baseline cadence makes the empty check-ins it is meant to
show; the response model's chances are probabilities that pressure only
makes worse.
"""

from __future__ import annotations

import random
from datetime import time, timedelta, timezone
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relance import (
    Account,
    Cadence,
    Carried,
    Checkpoint,
    Contact,
    DuplicateIdError,
    History,
    Idea,
    InvalidValueError,
    Outcome,
    Policy,
    Proposal,
    RelanceError,
    ResponseModel,
    Touch,
    UnknownIdError,
    simulate,
)
from relance import testing as kit
from strategies import policies, scaled

BASE = pendulum.datetime(2027, 1, 4, 8, tz="UTC")


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[list[tuple[Account, list[Touch], list[Idea]]],
                                         pendulum.DateTime]:
    """One to three accounts, and a start after every history.

    The kit's accounts are adversarial (opt-outs, tensions, stale ideas), so
    some are plain: drawn contacts (any zone, country, hours) and a backlog
    they need, for runs with many touches.
    """
    items = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            account = draw(kit.accounts())
            items.append((account, draw(kit.histories(account=account, around=BASE)),
                          draw(kit.ideas(account=account, around=BASE))))
            continue
        people = [draw(kit.contacts("ana")), draw(kit.contacts("bob"))]
        account = Account(id="plain", name="Plain", needs={"training"}, contacts=people)
        backlog = [Idea(id=f"p{k}", summary=f"Idea {k}", addresses={"training"},
                        priority=draw(st.integers(0, 3)))
                   for k in range(draw(st.integers(1, 10)))]
        items.append((account, [], backlog))
    ids = [a.id for a, _, _ in items]
    if len(set(ids)) != len(ids):  # the kit names every account alike: number them
        import attrs

        items = [(attrs.evolve(a, id=f"{a.id}{n}"), h, i) for n, (a, h, i) in enumerate(items)]
    last = max((t.at for _, h, _ in items for t in h), default=BASE)
    return items, max(BASE, pendulum.instance(last).add(hours=1))


def proposal_of(touch: Touch) -> Proposal:
    """The proposal a simulated touch carried out (no idea nor checkpoint: a reply)."""
    return Proposal(at=touch.at, contact_id=touch.contact_id, channel=touch.channel,
                    idea_id=touch.idea_id, checkpoint_id=touch.checkpoint_id,
                    reply=touch.idea_id is None and touch.checkpoint_id is None)


@settings(max_examples=scaled(30), deadline=None)
@given(world=portfolios(), policy=policies(), seed=st.integers(0, 2**32),
       weeks=st.integers(2, 26),
       supply=st.sampled_from([None, timedelta(days=9), timedelta(weeks=4)]))
def test_a_policy_run_makes_only_touches_check_allows(
    world: tuple[list[tuple[Account, list[Touch], list[Idea]]], pendulum.DateTime],
    policy: Policy, seed: int, weeks: int, supply: timedelta | None,
) -> None:
    """Every touch of a run under a policy is allowed at its instant, given all before it."""
    items, start = world
    run = simulate(items, policy=policy, start=start, weeks=weeks, seed=seed,
                   new_ideas=supply)
    assert [r.account_id for r in run.accounts] == [a.id for a, _, _ in items]
    for (account, history, backlog), played in zip(items, run.accounts, strict=True):
        ideas = [*backlog, *played.new_ideas]
        if supply is not None:
            assert len(played.new_ideas) == -(-timedelta(weeks=weeks) // supply) - 1
            assert all(i.available_from is not None and i.available_from >= start
                       for i in played.new_ideas)
        before = History(history)
        for touch in played.touches:
            assert start <= touch.at < start + timedelta(weeks=weeks)
            verdict = policy.check(proposal_of(touch), account=account, history=before,
                                   ideas=ideas)
            assert verdict.allowed, (touch, verdict.codes)
            before = before.with_touch(touch)
        assert played.empty_check_ins == 0


@settings(max_examples=scaled(20), deadline=None)
@given(world=portfolios(), seed=st.integers(0, 2**32),
       cadence=st.sampled_from([Cadence(), Cadence(every=1, steps=3), Cadence(with_ideas=True)]),
       under=st.sampled_from(["policy", "cadence"]))
def test_the_same_seed_gives_the_same_run_in_any_order(
    world: tuple[list[tuple[Account, list[Touch], list[Idea]]], pendulum.DateTime],
    seed: int, cadence: Cadence, under: str,
) -> None:
    """A run depends on the seed and each account, not on the portfolio's order."""
    items, start = world
    played: Policy | Cadence = Policy() if under == "policy" else cadence
    first = simulate(items, policy=played, start=start, weeks=8, seed=seed)
    assert simulate(items, policy=played, start=start, weeks=8, seed=seed) == first
    backwards = simulate(items[::-1], policy=played, start=start, weeks=8, seed=seed)
    assert backwards.accounts == first.accounts[::-1]


@settings(max_examples=scaled(20), deadline=None)
@given(world=portfolios(), seed=st.integers(0, 2**32))
def test_a_check_in_cadence_makes_the_empty_check_ins_policy_refuses(
    world: tuple[list[tuple[Account, list[Touch], list[Idea]]], pendulum.DateTime], seed: int,
) -> None:
    """Without ideas every step is an empty check-in, and check calls it no-new-idea.

    (That a cadence does make them, where its contact has working time, the
    examples below show: a contact whose only hours fall on days off gets none.)
    """
    items, start = world
    run = simulate(items, policy=Cadence(), start=start, weeks=6, seed=seed)
    policy = Policy()
    total = 0
    for (account, history, ideas), played in zip(items, run.accounts, strict=True):
        before = History(history)
        empty = 0
        for touch in played.touches:
            assert touch.idea_id is None
            if before.facts(touch.contact_id).awaiting is None:  # else it answers them
                empty += 1
                verdict = policy.check(
                    Proposal(at=touch.at, contact_id=touch.contact_id, channel=touch.channel),
                    account=account, history=before, ideas=ideas)
                assert "no-new-idea" in verdict.codes
            before = before.with_touch(touch)
        assert played.empty_check_ins == empty
        total += empty
    assert run.summary().empty_check_ins == total


@given(carried=st.sampled_from(list(Carried)), pressure=st.integers(0, 60),
       answer=st.floats(0, 1), decline=st.floats(0, 1), opt_out=st.floats(0, 1),
       damping=st.floats(0.01, 1), growth=st.floats(1, 1e200))
def test_chances_are_probabilities_that_pressure_makes_worse(
    carried: Carried, pressure: int, answer: float, decline: float, opt_out: float,
    damping: float, growth: float,
) -> None:
    model = ResponseModel(answer_idea=answer, answer_empty=answer, answer_checkpoint=answer,
                          answer_reply=answer, decline=decline, opt_out=opt_out,
                          pressure_damping=damping, decline_growth=growth,
                          opt_out_growth=growth)
    now = model.chances(carried, pressure=pressure)
    later = model.chances(carried, pressure=pressure + 1)
    assert all(0 <= c <= 1 for c in now)
    assert sum(now) <= 1 + 1e-9
    assert later[0] <= now[0] + 1e-12  # answers only fall with pressure
    assert later[2] >= now[2] - 1e-12  # opt-outs only rise


def test_the_default_model_favours_ideas_over_check_ins() -> None:
    model = ResponseModel()
    assert model.chances(Carried.IDEA, pressure=0)[0] == 5 * model.chances(
        Carried.EMPTY, pressure=0)[0]
    assert model.chances(Carried.CHECKPOINT, pressure=0)[0] > model.chances(
        Carried.IDEA, pressure=0)[0]


# -- examples ------------------------------------------------------------------

ANA = Contact(id="ana", name="Ana", role="decision_maker", timezone="Europe/Paris", country="FR")
BOB = Contact(id="bob", name="Bob", role="champion", timezone="Europe/Paris", country="FR")
ACME = Account(id="acme", name="Acme", needs={"training"}, contacts=[ANA, BOB])
BACKLOG = [Idea(id=f"idea{i}", summary=f"Idea {i}", addresses={"training"}) for i in range(8)]


class Always:
    """A responder that always gives one outcome."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome

    def respond(self, touch: Touch, *, carried: Carried, pressure: int,
                rng: random.Random) -> Outcome:
        return self.outcome


def test_the_response_model_is_replaceable() -> None:
    run = simulate([(ACME, [], BACKLOG)], policy=Policy(), start=BASE, weeks=12,
                   responses=Always(Outcome.MEETING))
    outcomes = {t.outcome for t in run.accounts[0].touches}
    assert outcomes == {Outcome.MEETING}
    assert run.summary().meetings == len(run.accounts[0].touches)


def test_a_cadence_stops_at_an_opt_out_and_turns_to_the_next_contact() -> None:
    run = simulate([(ACME, [], BACKLOG)], policy=Cadence(), start=BASE, weeks=12,
                   responses=Always(Outcome.OPTED_OUT))
    touches = run.accounts[0].touches
    assert [t.contact_id for t in touches] == ["ana", "bob"]  # the decision maker first
    assert touches[1].at - touches[0].at == timedelta(days=14)  # after the rest


def test_cadence_steps_fall_on_working_days() -> None:
    run = simulate([(ACME, [], BACKLOG)], policy=Cadence(every=2, steps=8), start=BASE,
                   weeks=4, responses=Always(Outcome.NO_ANSWER))
    touches = run.accounts[0].touches
    assert len(touches) == 8
    assert all(t.at.in_timezone("Europe/Paris").isoweekday() <= 5 for t in touches)
    assert all(t.at.in_timezone("Europe/Paris").hour == 10 for t in touches)
    assert touches[0].at == pendulum.datetime(2027, 1, 4, 10, tz="Europe/Paris")
    assert touches[1].at == pendulum.datetime(2027, 1, 6, 10, tz="Europe/Paris")


def test_a_summary_tells_the_story() -> None:
    """On the same accounts and assumption, the policy is less pushy than a sequence."""
    rng = random.Random(7)
    accounts = []
    for n in range(30):
        account = Account(id=f"a{n}", name=f"Account {n}", needs={"training"},
                          contacts=[ANA, BOB])
        ideas = [Idea(id=f"i{k}", summary=f"Idea {k}", addresses={"training"},
                      priority=rng.randint(0, 3)) for k in range(rng.randint(2, 8))]
        accounts.append((account, [], ideas))
    ours = simulate(accounts, policy=Policy(), start=BASE, weeks=26, seed=1).summary()
    theirs = simulate(accounts, policy=Cadence(), start=BASE, weeks=26, seed=1).summary()
    assert ours.empty_check_ins == 0 < theirs.empty_check_ins
    assert ours.contacts_per_account_month < theirs.contacts_per_account_month
    assert ours.opt_outs <= theirs.opt_outs
    assert ours.as_dict()["name"] == "policy"


def test_bad_arguments_are_refused_by_name() -> None:
    def refused(field: str, **changes: object) -> None:
        arguments: dict[str, object] = {"policy": Policy(), "start": BASE, "weeks": 4}
        arguments.update(changes)
        with pytest.raises(InvalidValueError) as caught:
            simulate([(ACME, [], BACKLOG)], **arguments)  # type: ignore[arg-type]
        assert caught.value.field == field

    refused("weeks", weeks=0)
    refused("weeks", weeks=True)
    refused("policy", policy="never pushy")
    refused("seed", seed="x")
    refused("lapse", lapse=timedelta(0))
    refused("new_ideas", new_ideas=timedelta(hours=1))
    refused("responses", responses=object())
    refused("responses", responses=Always("replied"))  # type: ignore[arg-type]
    late = Touch(at=BASE.add(days=1), contact_id="ana", channel="email",
                 direction="outbound", outcome="no_answer", idea_id="old")
    with pytest.raises(InvalidValueError) as caught:
        simulate([(ACME, [late], BACKLOG)], policy=Policy(), start=BASE, weeks=4)
    assert caught.value.field == "portfolio[0].history[0].at"
    with pytest.raises(InvalidValueError) as caught:
        simulate([ACME], policy=Policy(), start=BASE, weeks=4)  # type: ignore[list-item]
    assert caught.value.field == "portfolio[0]"
    with pytest.raises(InvalidValueError, match="probability"):
        ResponseModel(decline=-0.1)
    with pytest.raises(InvalidValueError, match=r"Cadence\.channel"):
        Cadence(channel="fax")


def test_the_comparison_picture(tmp_path: Path) -> None:
    """relance.plot.comparison: eight panels, one bar per run, labelled, saved as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from relance.plot import comparison

    accounts = [(Account(id=f"a{n}", name=f"A{n}", needs={"training"}, contacts=[ANA, BOB]),
                 [], BACKLOG) for n in range(5)]
    runs = [simulate(accounts, policy=Policy(), start=BASE, weeks=12, name="never pushy"),
            simulate(accounts, policy=Cadence(), start=BASE, weeks=12)]
    figure = comparison(runs)
    target = tmp_path / "comparison.png"
    figure.savefig(target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(figure.axes) == 8
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["never pushy", Cadence().name]
    empty = figure.axes[1]
    assert "empty check-ins" in empty.get_title()
    widths = [bar.get_width() for bar in empty.patches]
    assert widths[0] == 0
    assert widths[1] == runs[1].summary().empty_check_ins / 5
    with pytest.raises(RelanceError):
        comparison([])
    with pytest.raises(RelanceError) as caught:
        comparison([runs[0], "x"])  # type: ignore[list-item]
    assert caught.value.field == "runs[1]"


def test_a_supply_of_ideas_keeps_the_policy_present() -> None:
    """With a new idea every four weeks, the policy uses them and no account lapses."""
    small = [(Account(id=f"a{n}", name=f"A{n}", needs={"training"}, contacts=[ANA, BOB]), [],
              BACKLOG[:1]) for n in range(5)]
    dry = simulate(small, policy=Policy(), start=BASE, weeks=26, seed=2).summary()
    fed = simulate(small, policy=Policy(), start=BASE, weeks=26, seed=2,
                   new_ideas=timedelta(weeks=4))
    assert dry.lapsed_accounts == 5
    assert fed.summary().lapsed_accounts == 0
    for run in fed.accounts:
        used = {t.idea_id for t in run.touches}
        early = {i.id for i in run.new_ideas
                 if i.available_from is not None and i.available_from <= BASE.add(weeks=16)}
        assert len(early) == 4  # weeks 4, 8, 12 and 16
        assert early <= used  # each new idea goes out within the longest gap


# -- what a fresh-eye attack found (each failed before its fix) ------------------


def test_a_weekly_review_costs_the_same_per_relance_whatever_the_run() -> None:
    """Each plan of a run looks a few weeks ahead (it was the whole run: quadratic)."""
    import relance._simulate as sim

    review = Checkpoint(id="wk", contact_id="ana", at=BASE.add(hours=2),
                        recurrence="FREQ=WEEKLY;COUNT=520")
    account = Account(id="a", name="A", needs={"training"}, contacts=[ANA, BOB],
                      checkpoints=[review])
    reaches: list[timedelta] = []
    real = sim.plan

    def spy(**kwargs: object) -> object:
        reaches.append(kwargs["horizon"] - kwargs["now"])  # type: ignore[operator]
        return real(**kwargs)  # type: ignore[arg-type]

    sim.plan = spy  # type: ignore[assignment]
    try:
        run = simulate([(account, [], [])], policy=Policy(), start=BASE, weeks=104,
                       responses=Always(Outcome.REPLIED))
    finally:
        sim.plan = real
    assert len(run.accounts[0].touches) == 104  # every review kept
    assert max(reaches) <= timedelta(weeks=8)


def test_the_portfolio_is_checked_whole_before_anything_is_played() -> None:
    import relance._simulate as sim

    ghost = Touch(at=BASE.subtract(days=3), contact_id="ghost", channel="email",
                  direction="outbound", outcome="no_answer")
    played: list[object] = []
    real = sim._under_policy
    sim._under_policy = lambda *a: played.append(a)  # type: ignore[assignment]
    try:
        for mode in (Policy(), Cadence()):
            with pytest.raises(UnknownIdError) as caught:
                simulate([(ACME, [], BACKLOG), (ACME, [ghost], BACKLOG)], policy=mode,
                         start=BASE, weeks=4)
            assert caught.value.field == "portfolio[1].history[0].contact_id"
        twice = [*BACKLOG, BACKLOG[0]]
        with pytest.raises(DuplicateIdError) as caught:
            simulate([(ACME, [], twice)], policy=Cadence(), start=BASE, weeks=4)
        assert caught.value.field.startswith("portfolio[0].ideas")
        with pytest.raises(DuplicateIdError) as caught:
            simulate([(ACME, [], BACKLOG), (ACME, [], BACKLOG)], policy=Policy(), start=BASE,
                     weeks=4)
        assert caught.value.field == "portfolio[1].account.id"
    finally:
        sim._under_policy = real
    assert played == []


def test_no_other_exception_escapes() -> None:
    for bad, field in ((None, "portfolio"), ([(ACME, None, BACKLOG)], "portfolio[0].history"),
                       ([(ACME, [], 5)], "portfolio[0].ideas")):
        with pytest.raises(InvalidValueError) as caught:
            simulate(bad, policy=Policy(), start=BASE, weeks=4)  # type: ignore[arg-type]
        assert caught.value.field == field
    with pytest.raises(InvalidValueError) as caught:
        simulate([(ACME, [], BACKLOG)], policy=Policy(), start=BASE.naive(), weeks=4)
    assert caught.value.field == "start"
    with pytest.raises(InvalidValueError) as caught:
        simulate([(ACME, [], BACKLOG)], policy=Policy(),
                 start=pendulum.datetime(2195, 1, 1, tz="UTC"), weeks=520)
    assert caught.value.field == "weeks"
    wild = ResponseModel(opt_out_growth=1e200, decline_growth=1e200, opt_out=0.0)
    run = simulate([(ACME, [], BACKLOG)], policy=Cadence(every=1, steps=20), start=BASE,
                   weeks=8, responses=wild)
    assert run.accounts[0].touches
    for bad_cadence in ({"every": 10**7}, {"steps": 10**6}, {"rest": timedelta(hours=5)},
                        {"at": time(10, tzinfo=timezone.utc)}):
        with pytest.raises(InvalidValueError):
            Cadence(**bad_cadence)  # type: ignore[arg-type]


def test_pressure_never_helps() -> None:
    with pytest.raises(InvalidValueError, match="pressure_damping"):
        ResponseModel(pressure_damping=1.5)
    for field in ("decline_growth", "opt_out_growth"):
        with pytest.raises(InvalidValueError, match=field):
            ResponseModel(**{field: 0.5})  # type: ignore[arg-type]


def test_a_run_ends_before_its_end() -> None:
    """The planner's horizon is included; the run's end is not (a touch at it was made)."""
    start = pendulum.datetime(2027, 1, 4, 9, tz="Europe/Paris")
    run = simulate([(ACME, [], BACKLOG)], policy=Policy(), start=start, weeks=1,
                   responses=Always(Outcome.REPLIED))
    assert run.accounts[0].touches
    assert all(t.at < run.end for t in run.accounts[0].touches)


def test_working_is_a_cadence_s_and_sets_its_lapse() -> None:
    with pytest.raises(InvalidValueError) as caught:
        simulate([(ACME, [], BACKLOG)], policy=Policy(max_silence=timedelta(days=10)),
                 start=BASE, weeks=4, working=Policy())
    assert caught.value.field == "working"
    run = simulate([(ACME, [], BACKLOG)], policy=Cadence(), start=BASE, weeks=4,
                   working=Policy(max_silence=timedelta(days=10)))
    assert run.lapse == timedelta(days=10)


def test_a_responder_s_own_pressure_window_is_used() -> None:
    pressures: list[int] = []

    class Short:
        pressure_window = timedelta(days=2)

        def respond(self, touch: Touch, *, carried: Carried, pressure: int,
                    rng: random.Random) -> Outcome:
            pressures.append(pressure)
            return Outcome.NO_ANSWER

    simulate([(ACME, [], BACKLOG)], policy=Cadence(every=1, steps=6), start=BASE, weeks=2,
             responses=Short())
    # One touch a working day: one in the 2 days before, none after a weekend.
    assert pressures[:6] == [0, 1, 1, 1, 1, 0]


def test_a_rest_is_counted_in_calendar_days_across_a_clock_change() -> None:
    start = pendulum.datetime(2028, 3, 20, 8, tz="Europe/Paris")
    run = simulate([(ACME, [], BACKLOG)], policy=Cadence(every=1, steps=1), start=start,
                   weeks=3, responses=Always(Outcome.NO_ANSWER))
    paris = [t.at.in_timezone("Europe/Paris") for t in run.accounts[0].touches]
    assert [(a.date().isoformat(), a.hour) for a in paris[:2]] == [
        ("2028-03-20", 10), ("2028-04-03", 10)]


def test_a_step_keeps_its_spacing_when_hours_close_before_ten() -> None:
    early = Contact(id="ana", name="Ana", role="decision_maker", timezone="Europe/Paris",
                    country="FR", working_hours=("08:00", "09:30"))
    account = Account(id="e", name="E", needs={"training"}, contacts=[early])
    run = simulate([(account, [], BACKLOG)], policy=Cadence(every=2, steps=3), start=BASE,
                   weeks=2, responses=Always(Outcome.NO_ANSWER))
    days = [t.at.in_timezone("Europe/Paris") for t in run.accounts[0].touches]
    assert [(d.date().isoformat(), d.hour) for d in days] == [
        ("2027-01-04", 9), ("2027-01-06", 8), ("2027-01-08", 8)]  # 9: the start, 09:00


def test_a_cadence_asks_no_calendar_past_the_run() -> None:
    """A contact with no working time: no step, and no holidays of years the run never reaches.

    (The search walked ten years of dates, and the holidays package warns
    past the years it knows: found by the heavy profile.)
    """
    import warnings

    never = Contact(id="ana", name="Ana", role="decision_maker", timezone="Asia/Kolkata",
                    country="IN", working_hours={"sun": ["00:00-01:00"]})
    account = Account(id="n", name="N", needs={"training"}, contacts=[never])
    start = pendulum.datetime(2034, 6, 5, 8, tz="UTC")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = simulate([(account, [], BACKLOG)], policy=Cadence(every=260), start=start,
                       weeks=4)
    assert run.accounts[0].touches == ()
