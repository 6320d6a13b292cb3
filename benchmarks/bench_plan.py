"""Time to plan 12 weeks for one account, and for a portfolio.

    python benchmarks/bench_plan.py [--portfolio 10000] [--repeat 15]

The account has 3 contacts in 3 zones and countries, 10 ideas and 50 past
touches.  Then the same account a year ahead with backlogs of 10 to 3,000
ideas: the time per idea of the backlog should stay flat (the cost is linear
in ideas and in relances, not ideas x steps).  The portfolio is made of such
accounts, generated with a fixed seed (zones, countries, histories and
backlogs vary).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import timeit

import pendulum

from relance import Account, Checkpoint, Contact, History, Idea, Policy, Touch, plan

NOW = pendulum.datetime(2026, 11, 23, 8, tz="UTC")
PLACES = [
    ("Europe/Paris", "FR", None),
    ("America/New_York", "US", "NY"),
    ("Asia/Tokyo", "JP", None),
    ("Europe/Berlin", "DE", "BY"),
    ("America/Sao_Paulo", "BR", None),
    ("Asia/Kolkata", "IN", None),
    ("Australia/Sydney", "AU", "NSW"),
    ("Asia/Jerusalem", "IL", None),
    ("Europe/London", "GB", None),
]
ROLES = ["decision_maker", "champion", "influencer", "gatekeeper", "user"]
NEEDS = ["onboarding", "budget", "retention", "compliance"]
OUTCOMES = ["no_answer", "replied", "meeting", "no_answer", "pending", "declined"]


def account(rng: random.Random, index: int) -> tuple[Account, History, list[Idea]]:
    contacts = []
    for n in range(3):
        zone, country, sub = rng.choice(PLACES)
        contacts.append(
            Contact(
                id=f"c{n}",
                name=f"Contact {n}",
                role=ROLES[0] if n == 0 else rng.choice(ROLES),
                timezone=zone,
                country=country,
                subdivision=sub,
            )
        )
    needs = set(rng.sample(NEEDS, 2))
    checkpoints = [
        Checkpoint(
            id="review",
            contact_id="c0",
            at=NOW.add(days=rng.randint(5, 80), hours=rng.randint(0, 10)),
        )
    ]
    acct = Account(
        id=f"acct{index}",
        name=f"Account {index}",
        needs=needs,
        contacts=contacts,
        checkpoints=checkpoints,
    )
    ideas = [
        Idea(
            id=f"idea{i}",
            summary=f"Idea {i}",
            addresses={rng.choice(sorted(needs))},
            priority=rng.randint(0, 3),
            first_step=i == 9,
            available_from=NOW.add(days=rng.randint(0, 30)) if i % 4 == 3 else None,
        )
        for i in range(10)
    ]
    touches = []
    at = NOW.subtract(days=400)
    for i in range(50):
        at = at.add(hours=rng.randint(24, 190))
        inbound = rng.random() < 0.2
        touches.append(
            Touch(
                at=at,
                contact_id=rng.choice(contacts).id,
                channel="email",
                direction="inbound" if inbound else "outbound",
                outcome="replied" if inbound else rng.choice(OUTCOMES),
                idea_id=None if inbound else f"past{i}",
            )
        )
    return acct, History(touches), ideas


def backlogs(acct: Account, history: History, policy: Policy, repeat: int) -> None:
    """A year ahead, with backlogs of growing size: the cost per relance and per idea."""
    need = sorted(acct.needs)[0]
    year = pendulum.duration(weeks=52)
    print("a year ahead, by size of the backlog (best of a few runs):")
    for size in (10, 100, 1_000, 3_000):
        ideas = [Idea(id=f"b{k}", summary=f"Idea {k}", addresses={need}, priority=k % 3)
                 for k in range(size)]
        result = plan(account=acct, history=history, ideas=ideas, policy=policy, now=NOW,
                      horizon=year)
        best = min(timeit.repeat(
            lambda ideas=ideas: plan(account=acct, history=history, ideas=ideas, policy=policy,
                                     now=NOW, horizon=year),
            repeat=max(3, repeat // 5), number=1))
        print(f"  {size:>6,} ideas: {best * 1e3:8.1f} ms, {len(result.relances)} relances, "
              f"{len(result.waiting):,} waiting, {best / size * 1e6:6.1f} µs per idea")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portfolio", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    policy = Policy()
    horizon = pendulum.duration(weeks=12)
    rng = random.Random(2026)
    acct, history, ideas = account(rng, 0)
    result = plan(
        account=acct, history=history, ideas=ideas, policy=policy, now=NOW, horizon=horizon
    )
    times = timeit.repeat(
        lambda: plan(
            account=acct, history=history, ideas=ideas, policy=policy, now=NOW, horizon=horizon
        ),
        repeat=args.repeat,
        number=20,
    )
    print(
        f"one account (3 contacts, 10 ideas, 50 touches), 12 weeks: "
        f"median {statistics.median(times) / 20 * 1e3:.2f} ms, "
        f"{len(result.relances)} relances, {len(result.needs)} needs"
    )
    backlogs(acct, history, policy, args.repeat)
    built = time.perf_counter()
    portfolio = [account(rng, i) for i in range(args.portfolio)]
    built = time.perf_counter() - built
    started = time.perf_counter()
    relances = 0
    for acct, history, ideas in portfolio:
        relances += len(
            plan(
                account=acct, history=history, ideas=ideas, policy=policy, now=NOW, horizon=horizon
            ).relances
        )
    elapsed = time.perf_counter() - started
    print(
        f"portfolio of {args.portfolio:,} accounts: {elapsed:.1f} s "
        f"({elapsed / args.portfolio * 1e3:.2f} ms per account, {relances:,} relances; "
        f"generating the accounts took {built:.1f} s more)"
    )


if __name__ == "__main__":
    main()
