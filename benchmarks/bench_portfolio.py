"""A portfolio from JSON Lines to JSON Lines: read, validate, plan, write.

    python benchmarks/bench_portfolio.py [--accounts 2000] [--jobs 1 2]

The accounts are bench_plan's (3 contacts in 3 zones, 10 ideas, 50 past
touches, a seeded generator), written once as a JSON Lines file; then
``relance.portfolio.write_plans`` plans the file for each ``--jobs`` value.
Prints the wall time, accounts per second, and the per-account split of one
process (read and validate, plan, write), measured on the same documents.

Target (issue 13): 100,000 accounts in <= 60 s on this 2-core machine.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench_plan import NOW, account

from relance import Document, Idea, from_json, plan, to_dict
from relance.portfolio import Planned, write_plans
from relance.portfolio._batch import record

HORIZON = timedelta(weeks=12)


def lines(count: int) -> list[str]:
    rng = random.Random(7)
    found = []
    for index in range(count):
        acc, history, ideas = account(rng, index)
        # A document keeps the ideas its history shared in its backlog.
        known = {i.id for i in ideas}
        shared = sorted({t.idea_id for t in history if t.idea_id and t.idea_id not in known})
        ideas = [*ideas, *(Idea(id=i, summary=f"shared {i}", addresses={sorted(acc.needs)[0]})
                           for i in shared)]
        found.append(json.dumps({"account": to_dict(acc), "history": [to_dict(t) for t in history],
                                 "ideas": [to_dict(i) for i in ideas]}))
    return found


def split(texts: list[str]) -> tuple[float, float, float]:
    """Microseconds per account to read and validate, to plan, to write its record (one process)."""
    t0 = time.perf_counter()
    docs = [from_json(Document, text) for text in texts]
    t1 = time.perf_counter()
    plans = [plan(account=d.account, history=d.history, ideas=d.ideas, policy=d.the_policy,
                  now=NOW, horizon=HORIZON) for d in docs]
    t2 = time.perf_counter()
    for index, (d, p) in enumerate(zip(docs, plans, strict=True)):
        record(Planned(index=index, account_id=d.account.id, plan=p, error=None))
    t3 = time.perf_counter()
    n = len(texts) / 1e6
    return (t1 - t0) / n, (t2 - t1) / n, (t3 - t2) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    texts = lines(args.accounts)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "accounts.jsonl"
        source.write_text("\n".join(texts) + "\n", encoding="utf-8")
        print(f"portfolio of {args.accounts:,} accounts, JSON Lines to JSON Lines")
        for jobs in args.jobs:
            out = io.StringIO()
            start = time.perf_counter()
            with source.open("rb") as handle:
                summary = write_plans(handle, out, now=NOW, horizon=HORIZON, jobs=jobs)
            wall = time.perf_counter() - start
            assert summary.errors == 0, summary
            print(f"  jobs={jobs}: {wall:6.1f} s  {args.accounts / wall:8,.0f} accounts/s  "
                  f"(100,000 would take {100_000 / (args.accounts / wall):5.0f} s)")
    sample = texts[: min(len(texts), 500)]
    read, planned, written = split(sample)
    print(f"  one process, per account: read+validate {read:,.0f} µs, plan {planned:,.0f} µs, "
          f"write {written:,.0f} µs")


if __name__ == "__main__":
    main()
