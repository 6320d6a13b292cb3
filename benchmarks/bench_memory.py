"""What a History costs in memory per touch, and what adding one touch costs in time.

    python benchmarks/bench_memory.py [--sizes 10000 100000 1000000]

For each size, the touches are built first; ``tracemalloc`` measures what
they take, what ``History(touches)`` allocates on top (its columns and the
derived facts), and what the history holds once the touches are let go (a
History keeps columns of integers, not the touches: this is the figure of
the target).  Then the median time of ``with_touch`` for a touch after the
last, as the planner adds each relance it places (the new history shares and
extends the columns), and of a second ``with_touch`` from the same history
(a branch: the history extended takes a copy of its part of the columns).

Target (issue 13): <= 80 bytes per touch at 1M touches, and ``with_touch``
not proportional to the history's length.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc

import pendulum

from relance import History, Touch

START = pendulum.datetime(2020, 1, 6, 9, tz="Europe/Paris")
OUTCOMES = ("no_answer", "replied", "meeting", "no_answer")


def touches(count: int) -> list[Touch]:
    return [
        Touch(at=START.add(minutes=10 * i), contact_id=("ana", "bob", "chloe")[i % 3],
              channel="email", direction="outbound", outcome=OUTCOMES[i % 4],
              idea_id=f"idea{i % 500}")
        for i in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    print("memory per touch, and with_touch (median of 9)")
    print(f"{'touches':>10} {'the touches':>14} {'History(touches)':>17} {'History alone':>14}"
          f" {'with_touch':>12} {'a branch':>12}")
    for size in args.sizes:
        gc.collect()
        tracemalloc.start()
        made = touches(size)
        held = tracemalloc.get_traced_memory()[0]
        history = History(made)
        total = tracemalloc.get_traced_memory()[0]
        del made
        gc.collect()
        alone = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        later = [Touch(at=START.add(minutes=10 * (size + k)), contact_id="ana", channel="phone",
                       direction="outbound", outcome="pending", idea_id=f"new{k}")
                 for k in range(9)]
        chain, branch = [], []
        latest = history
        for touch in later:
            t0 = time.perf_counter()
            latest = latest.with_touch(touch)  # the latest, extended: shared columns
            t1 = time.perf_counter()
            history.with_touch(touch)  # the same history again: a branch, a copy
            t2 = time.perf_counter()
            chain.append(t1 - t0)
            branch.append(t2 - t1)
        print(f"{size:>10,} {held / size:>9.0f} B/t {(total - held) / size:>12.0f} B/t "
              f"{alone / size:>9.0f} B/t {statistics.median(chain) * 1e3:>9.3f} ms "
              f"{statistics.median(branch) * 1e3:>9.2f} ms")
        del history, latest
    contacts_line()


def contacts_line() -> None:
    """with_touch on the latest history when every touch has a contact of its own."""
    print("with_touch when every touch has its own contact (median of 9)")
    for count in (1_000, 10_000, 100_000):
        history = History([Touch(at=START.add(minutes=10 * i), contact_id=f"c{i}",
                                 channel="email", direction="outbound", outcome="no_answer")
                           for i in range(count)])
        times = []
        for k in range(9):
            touch = Touch(at=START.add(minutes=10 * (count + k)), contact_id="c1",
                          channel="email", direction="outbound", outcome="no_answer")
            t0 = time.perf_counter()
            history = history.with_touch(touch)
            times.append(time.perf_counter() - t0)
        print(f"{count:>10,} contacts {statistics.median(times) * 1e3:>9.3f} ms")


if __name__ == "__main__":
    main()
