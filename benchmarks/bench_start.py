"""Cold start: ``import relance``, and the first ``check`` of a fresh process.

    python benchmarks/bench_start.py [--repeat 9]

Each figure is measured in a new interpreter (``python -c``), so nothing is
warm but the operating system's file cache; the median and the best of
``--repeat`` runs are printed.  Bytecode is allowed to be written and read
(``PYTHONDONTWRITEBYTECODE`` is unset for the children): a first run compiles
the sources, the others measure what users see.

Targets (issue 13): ``import relance`` <= 60 ms; the first check, including
the holidays of its contact's country only, <= 150 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

IMPORT = """
import time
t = time.perf_counter()
import relance
print((time.perf_counter() - t) * 1e3)
"""

FIRST_CHECK = """
import time
t = time.perf_counter()
import pendulum
from relance import Account, Contact, Idea, Policy, Proposal
ana = Contact(id="ana", name="Ana", role="decision_maker", timezone="Europe/Paris",
              country="FR")
account = Account(id="acme", name="Acme", needs={"training"}, contacts=[ana])
pilot = Idea(id="pilot", summary="A pilot", addresses={"training"})
verdict = Policy().check(
    Proposal(at=pendulum.datetime(2027, 3, 2, 10, tz="Europe/Paris"), contact_id="ana",
             channel="email", idea_id="pilot"),
    account=account, history=[], ideas=[pilot])
assert verdict.allowed
print((time.perf_counter() - t) * 1e3)
"""


def run(code: str, repeat: int) -> tuple[float, float]:
    """(median, best) milliseconds of ``code`` in fresh interpreters."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
    times = [
        float(subprocess.run([sys.executable, "-c", code], check=True, env=env,
                             capture_output=True, text=True).stdout)
        for _ in range(repeat)
    ]
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    print("cold start, fresh interpreters: median (best)")
    for name, code, target in (("import relance", IMPORT, 60),
                               ("first check (import included)", FIRST_CHECK, 150)):
        median, best = run(code, args.repeat)
        print(f"{name:>30} {median:7.1f} ({best:.1f}) ms   target <= {target} ms")


if __name__ == "__main__":
    main()
