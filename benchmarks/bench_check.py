"""Median time of ``Policy.check`` against prebuilt histories.

    python benchmarks/bench_check.py [--repeat 15] [--number 2000]

For histories of 10, 1,000 and 100,000 touches (3 contacts, 10 ideas), it
prints the time to build the ``History`` once, and the median time of one
``check`` for an allowed proposal (a new idea at a working time), a refused
one (too soon, so ``earliest`` is searched) and one refused for good; then
the too-soon check again with every reason's sentence read (``message``), in
English and in French: explanations are data, rendered only when read.

Then, at 1,000 touches, the same allowed and refused checks under today's
single cap (the account's ``cap``/``cap_window``) and with five caps of
``Policy.caps`` beside it (a rolling window at the account, a call and two
emails a week per person, a monthly and a daily cap at the account).
"""

from __future__ import annotations

import argparse
import statistics
import timeit
from datetime import timedelta

import attrs
import pendulum
from floor import Facts, floor_check
from floor import to_us as floor_us

from relance import Account, Cap, Contact, History, Idea, Policy, Proposal, Reason, Touch

PARIS = "Europe/Paris"
NOW = pendulum.datetime(2026, 11, 24, 10, tz=PARIS)  # a Tuesday
OUTCOMES = ("no_answer", "replied", "meeting", "pending")


def world(size: int) -> tuple[Account, History, tuple[Idea, ...]]:
    contacts = [
        Contact(id="ana", name="Ana", role="decision_maker", timezone=PARIS, country="FR"),
        Contact(
            id="bob",
            name="Bob",
            role="champion",
            timezone="America/New_York",
            country="US",
            subdivision="NY",
        ),
        Contact(id="chloe", name="Chloé", role="user", timezone="Asia/Tokyo", country="JP"),
    ]
    account = Account(id="acme", name="Acme Media", needs={"training", "budget"}, contacts=contacts)
    ideas = tuple(  # a tuple: check keeps its index by id
        Idea(id=f"idea{i}", summary=f"Idea {i}", addresses={"training"}, priority=i % 3)
        for i in range(10)
    )
    last = NOW.subtract(days=60)
    # A touch every 3 hours; closer for a million, which would otherwise go
    # back before 1900 (the supported range): 100 years' worth at most.
    step = min(3 * 3600, 100 * 365 * 86400 // size)
    touches = []
    for i in range(size):
        at = last.subtract(seconds=step * i)
        inbound = i % 7 == 3
        touches.append(
            Touch(
                at=at,
                contact_id=contacts[i % 3].id,
                channel="email",
                direction="inbound" if inbound else "outbound",
                outcome="replied" if inbound or i == 0 else OUTCOMES[i % 4],
                idea_id=None if inbound else f"old{i}",
            )
        )
    return account, History(touches), ideas


#: Five caps as a sales team sets them, beside the account's own cap.
FIVE_CAPS = (
    Cap(count=10, window=timedelta(days=14)),  # rolling, at the account
    Cap(count=1, period="week", scope="contact", channel="phone"),
    Cap(count=2, period="week", scope="contact", channel="email"),
    Cap(count=3, period="month"),
    Cap(count=2, period="day"),
)


def with_schedule(policy: Policy) -> Policy:
    """The policy with a weekly working-time schedule, and calls on hours of their own.

    Monday to Thursday 09:00-12:30 and 14:00-18:00, Friday mornings; calls
    10:00-12:00 and 14:00-17:00.  The allowed proposal is at ``NOW``, a
    Tuesday 10:00 in Paris: open in both.
    """
    return attrs.evolve(
        policy,
        working_hours={"mon-thu": ["09:00-12:30", "14:00-18:00"], "fri": ["09:00-12:00"]},
        schedules={"phone": {"mon-fri": ["10:00-12:00", "14:00-17:00"]}},
    )


def timings_us(fn: object, repeat: int, number: int) -> tuple[float, float]:
    """(median, best) microseconds per call over ``repeat`` batches of ``number``."""
    times = timeit.repeat(fn, repeat=repeat, number=number)  # type: ignore[arg-type]
    return statistics.median(times) / number * 1e6, min(times) / number * 1e6


def median_us(fn: object, repeat: int, number: int) -> float:
    return timings_us(fn, repeat, number)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1_000, 100_000],
                        help="history lengths (1000000 takes a minute to build)")
    args = parser.parse_args()
    policy = Policy()
    calibration = median_us(lambda: None, args.repeat, 100_000) * 1000
    print(f"calibration: an empty Python call takes {calibration:.0f} ns on this machine")
    print("median (best) time of one check, per kind of proposal:")
    ratios: list[tuple[int, float, float, tuple[float, float]]] = []
    print(f"{'touches':>9} {'build History':>15} {'allowed':>17} {'too soon':>17} {'never':>17}"
          f" {'too soon+en':>17} {'too soon+fr':>17}")
    for size in args.sizes:
        build = timeit.timeit(lambda size=size: world(size), number=1)  # includes Touch models
        account, history, ideas = world(size)
        touches = history.touches
        built = min(timeit.repeat(lambda: History(touches), repeat=3, number=1))  # noqa: B023
        allowed = Proposal(at=NOW, contact_id="ana", channel="phone", idea_id="idea1")
        too_soon = Proposal(
            at=NOW.subtract(days=55), contact_id="bob", channel="email", idea_id="idea2"
        )
        never = Proposal(at=NOW, contact_id="ana", channel="phone")
        for proposal, expect in ((allowed, True), (too_soon, False), (never, False)):
            verdict = policy.check(proposal, account=account, history=history, ideas=ideas)
            assert verdict.allowed is expect, verdict
        timings = [
            timings_us(
                lambda p=p: policy.check(p, account=account, history=history, ideas=ideas),  # noqa: B023
                args.repeat,
                args.number,
            )
            for p in (allowed, too_soon, never)
        ]

        def read(locale: str) -> object:
            verdict = policy.check(too_soon, account=account, history=history, ideas=ideas)  # noqa: B023
            if locale == "en":
                return [r.message for r in verdict.reasons]
            return [r.render(locale) for r in verdict.reasons]

        timings.append(timings_us(lambda: read("en"), args.repeat, args.number))
        if hasattr(Reason, "render"):
            timings.append(timings_us(lambda: read("fr"), args.repeat, args.number))
        floors = floor_timings(account, history, ideas, policy, (allowed, too_soon), args)
        ratios.append((size, timings[0][0] / floors[0], timings[1][0] / floors[1], floors))
        print(
            f"{size:>9,} {built * 1e3:>12.1f} ms "
            + " ".join(f"{m:>7.1f} ({b:.1f}) µs" for m, b in timings)
            + f"   (world built in {build:.2f} s)"
        )

    print("the floor (benchmarks/floor.py: the same answers, only the essential work):")
    for size, allowed_ratio, refused_ratio, (allowed_us, refused_us) in ratios:
        print(f"{size:>9,}  allowed {allowed_us:6.2f} µs (check is {allowed_ratio:4.1f}x)   "
              f"too soon {refused_us:6.2f} µs (check is {refused_ratio:4.1f}x)")
    caps_line(args.repeat, args.number)


def floor_timings(
    account: Account, history: History, ideas: tuple[Idea, ...], policy: Policy,
    proposals: tuple[Proposal, ...], args: argparse.Namespace,
) -> tuple[float, float]:
    """Median µs of the floor for each proposal, after checking it answers as the library."""
    answered = {"replied", "meeting"}
    facts = Facts([(floor_us(t.at), t.contact_id, t.direction.value == "outbound",
                    t.outcome.value in answered or t.direction.value == "inbound", t.idea_id)
                   for t in history])
    found = []
    for proposal in proposals:
        contact = account.contact(proposal.contact_id)
        args_ = (facts, floor_us(proposal.at), contact.id, contact.zone, contact.country,
                 proposal.idea_id, True)
        allowed, earliest = floor_check(*args_)
        verdict = policy.check(proposal, account=account, history=history, ideas=ideas)
        assert (allowed, earliest) == (
            verdict.allowed, None if verdict.earliest is None else floor_us(verdict.earliest)
        ), (proposal, allowed, earliest, verdict)
        found.append(median_us(lambda a=args_: floor_check(*a), args.repeat, args.number))
    return found[0], found[1]


def caps_line(repeat: int, number: int, size: int = 1_000) -> None:
    """Allowed and refused checks: the account's cap alone, five caps beside it, and a schedule."""
    account, history, ideas = world(size)
    allowed = Proposal(at=NOW, contact_id="ana", channel="phone", idea_id="idea1")
    # Five days after the dense history ends (a touch every 3 hours before).
    refused = Proposal(at=NOW.subtract(days=55), contact_id="bob", channel="email",
                       idea_id="idea2")
    print(f"with caps, {size:,} touches: median (best) time of one check")
    print(f"{'policy':>26} {'allowed':>17} {'refused':>17}")
    for name, policy in (("the account's cap", Policy()),
                         ("+ five caps", Policy(caps=FIVE_CAPS)),
                         ("+ five caps and a schedule", with_schedule(Policy(caps=FIVE_CAPS)))):
        verdicts = [policy.check(p, account=account, history=history, ideas=ideas)
                    for p in (allowed, refused)]
        assert verdicts[0].allowed, verdicts[0]
        assert not verdicts[1].allowed, verdicts[1]
        # Beside too-soon: the account's cap, then the rolling and the monthly caps.
        assert verdicts[1].codes.count("frequency-cap") == (3 if policy.caps else 1), verdicts[1]
        timings = [
            timings_us(
                lambda p=p: policy.check(p, account=account, history=history, ideas=ideas),  # noqa: B023
                repeat,
                number,
            )
            for p in (allowed, refused)
        ]
        print(f"{name:>26} " + " ".join(f"{m:>7.1f} ({b:.1f}) µs" for m, b in timings))


if __name__ == "__main__":
    main()
