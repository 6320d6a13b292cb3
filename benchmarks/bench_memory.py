"""What a History costs in memory per touch, and what adding one touch costs in time.

    python benchmarks/bench_memory.py [--sizes 10000 100000 1000000]

For each size, the touches are built first (a caller holds them anyway);
then ``tracemalloc`` measures what ``History(touches)`` allocates on top
(its sorted copy and the derived facts), and what the touches themselves
took.  Then the median time of ``with_touch`` for a touch after the last,
as the planner adds each relance it places.

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
        Touch(at=START.add(hours=2 * i), contact_id=("ana", "bob", "chloe")[i % 3],
              channel="email", direction="outbound", outcome=OUTCOMES[i % 4],
              idea_id=f"idea{i % 500}")
        for i in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    print("memory per touch, and with_touch (median of 9)")
    print(f"{'touches':>10} {'History':>14} {'the touches':>14} {'with_touch':>12}")
    for size in args.sizes:
        gc.collect()
        tracemalloc.start()
        made = touches(size)
        held = tracemalloc.get_traced_memory()[0]
        history = History(made)
        total = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        later = Touch(at=START.add(hours=2 * size + 1), contact_id="ana", channel="phone",
                      direction="outbound", outcome="pending", idea_id="new")
        times = []
        for _ in range(9):
            t0 = time.perf_counter()
            history.with_touch(later)
            times.append(time.perf_counter() - t0)
        print(f"{size:>10,} {(total - held) / size:>9.0f} B/t {held / size:>9.0f} B/t "
              f"{statistics.median(times) * 1e3:>9.2f} ms")
        del made, history


if __name__ == "__main__":
    main()
