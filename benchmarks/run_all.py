"""Every figure of issue 13 in one run: cold start, check and its floor, plan, portfolio, memory.

    python benchmarks/run_all.py [--quick]

Runs each benchmark in its own process, one after the other (a quiet
machine gives the figures worth quoting; ``uptime`` is printed first so a
reader knows how quiet it was).  ``--quick`` runs smaller sizes, to see that
everything still runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    runs = [
        ["bench_start.py", "--repeat", "3" if quick else "9"],
        ["bench_check.py", *(["--repeat", "3", "--number", "200", "--sizes", "10", "1000"]
                             if quick else ["--sizes", "10", "1000", "100000", "1000000"])],
        ["bench_plan.py", *(["--portfolio", "200", "--repeat", "3"] if quick else [])],
        ["bench_portfolio.py", "--accounts", "200" if quick else "5000"],
        ["bench_memory.py", "--sizes", *(["10000"] if quick else
                                         ["10000", "100000", "1000000"])],
    ]
    print(os.uname().nodename, "load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()),
          f"cores: {os.cpu_count()}", flush=True)
    for run in runs:
        print(f"\n== {' '.join(run)}", flush=True)
        subprocess.run([sys.executable, *run], cwd=HERE, check=True)


if __name__ == "__main__":
    main()
