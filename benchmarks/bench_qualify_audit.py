"""What red flags cost a plan, and how the audit of a history grows with it.

    python benchmarks/bench_qualify_audit.py [--repeat 5]

Prints the median time of one ``plan`` of the media group of
``examples/media.json`` (3 ideas, 12 weeks, no history) without a
qualification, and with its six red flags under each ``Policy.flag_weight``
(``steer`` and ``hold`` plan twice: the envelope is the plan without flags);
then the time of ``audit`` over histories of 1,000 and 10,000 touches (a touch
every 72 hours, two contacts, ideas no longer in the backlog), per touch.
"""

from __future__ import annotations

import argparse
import statistics
import timeit
from pathlib import Path

import attrs
import pendulum

from relance import Document, Policy, Touch, audit, from_json, plan

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "media.json"
NOW = pendulum.datetime(2026, 12, 1, 10, tz="Europe/Paris")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    doc = from_json(Document, EXAMPLE.read_text(encoding="utf-8"))
    ideas = tuple(doc.ideas)
    bare = attrs.evolve(doc.account, qualification=None)
    cases = [("no qualification", bare, Policy())] + [
        (f"six flags, {weight}", doc.account, Policy(flag_weight=weight))
        for weight in ("report", "steer", "hold")
    ]
    for name, account, policy in cases:
        def once(account=account, policy=policy) -> None:  # type: ignore[no-untyped-def]
            plan(account=account, history=(), ideas=ideas, policy=policy, now=NOW,
                 horizon=pendulum.duration(weeks=12))
        times = [t / 200 for t in timeit.repeat(once, number=200, repeat=args.repeat)]
        print(f"plan, {name:<20} {statistics.median(times) * 1e3:8.3f} ms")
    for size in (1_000, 10_000):
        history = [
            Touch(at=NOW.subtract(hours=72 * i + 1), contact_id="helene" if i % 2 else "marc",
                  channel="email", direction="outbound", outcome="no_answer", idea_id=f"old{i}")
            for i in range(size)
        ]
        took = min(timeit.repeat(
            lambda history=history: audit(account=doc.account, history=history, ideas=ideas,
                                          policy=Policy()),
            number=1, repeat=max(1, args.repeat // 2)))
        print(f"audit, {size:>6} touches     {took:8.2f} s  ({took / size * 1e6:.0f} µs per touch)")


if __name__ == "__main__":
    main()
