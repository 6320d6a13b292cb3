"""A portfolio on a Dask LocalCluster: accounts per second, per worker.

    python benchmarks/bench_dask.py [--accounts 1000] [--workers 1 2] [--files 8]
                                    [--profiler off on] [--repeat 1]

The accounts are bench_portfolio's (bench_plan's generator: 3 contacts in 3
zones, 10 ideas, 50 past touches), written once as ``--files`` JSON Lines
files.  For each ``--profiler`` and ``--workers`` value, a LocalCluster of
that many worker processes (one thread each; the workers' statistical
profiler off, or on as Dask's default config has it) reads the files itself
(``dask.bag.read_text``, one partition per file) and writes the plans: JSON
Lines from ``plan_bag`` (``to_textfiles``), Parquet from ``plan_frame``
(``to_parquet``), then the records gathered to this process (``compute``):
what moving them costs.  A warm-up job of 50 accounts first, so that the
workers have imported relance before the clock starts.  Besides the wall
time, the CPU time of the workers and of this process (the client, and the
LocalCluster's scheduler): on a machine shared with other work, the cost per
account still shows.  Then the same documents through ``write_plans`` in this
process (jobs=1, to memory), the baseline a worker is measured against.

Needs the dask extra (``pip install -e '.[dask]'``).
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import dask
import dask.bag as db
from bench_plan import NOW
from bench_portfolio import lines, split
from distributed import Client, LocalCluster

from relance.portfolio import write_plans
from relance.portfolio.dask import plan_bag, plan_frame

HORIZON = timedelta(weeks=12)


def to_jsonl(source: str, target: Path) -> None:
    records = plan_bag(db.read_text(source), now=NOW, horizon=HORIZON)
    records.map(json.dumps).to_textfiles(str(target / "*.jsonl"))


def to_parquet(source: str, target: Path) -> None:
    frame = db.read_text(source).to_dataframe(meta={"document": "string"})
    plan_frame(frame, now=NOW, horizon=HORIZON).to_parquet(str(target))


def gathered(source: str, target: Path) -> None:
    records = plan_bag(db.read_text(source), now=NOW, horizon=HORIZON).compute()
    assert len(records) > 0, target


JOBS: dict[str, Callable[[str, Path], None]] = {
    "JSON Lines": to_jsonl, "Parquet": to_parquet, "to client": gathered}


def cpu_seconds() -> float:
    """User and system CPU time of the process that runs it (a worker's, or this one's)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(client: Client, job: Callable[[str, Path], None], source: str,
        target: Path) -> tuple[float, float, float]:
    """Wall time, CPU time of all the workers, CPU time of this process (client, scheduler)."""
    workers = sum(client.run(cpu_seconds).values())
    here = cpu_seconds()
    start = time.perf_counter()
    job(source, target)
    wall = time.perf_counter() - start
    return wall, sum(client.run(cpu_seconds).values()) - workers, cpu_seconds() - here


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--files", type=int, default=8, help="files, so partitions")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each job (fastest kept)")
    parser.add_argument("--profiler", choices=["off", "on"], nargs="+", default=["off", "on"],
                        help="the workers' statistical profiler (on in Dask's default config)")
    args = parser.parse_args()
    n = args.accounts
    texts = lines(n)
    print(f"portfolio of {n:,} accounts in {args.files} JSON Lines files; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print("  (CPU: ms per account in the workers, and in this process: client and scheduler)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        (folder / "warm").mkdir()
        size = -(-n // args.files)
        for part in range(args.files):
            chunk = texts[part * size:(part + 1) * size]
            (folder / "in" / f"{part:03}.jsonl").write_text(
                "".join(t + "\n" for t in chunk), encoding="utf-8")
        (folder / "warm" / "0.jsonl").write_text("".join(t + "\n" for t in texts[:50]),
                                                 encoding="utf-8")
        source = str(folder / "in" / "*.jsonl")
        for profiler, workers in itertools.product(args.profiler, args.workers):
            print(f"  workers={workers}, profiler {profiler}:")
            settings = {"distributed.worker.profile.enabled": profiler == "on"}
            with dask.config.set(settings), LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster, Client(cluster) as client:
                assert len(client.scheduler_info()["workers"]) == workers
                run(client, to_jsonl, str(folder / "warm" / "*.jsonl"), folder / "warmed")
                for name, job in JOBS.items():
                    wall, worker_cpu, here_cpu = min(
                        run(client, job, source, folder / f"{job.__name__}-{workers}-{again}")
                        for again in range(args.repeat))
                    rate = n / wall
                    print(f"    {name:10}: {wall:5.1f} s {rate:5,.0f} accounts/s,"
                          f" {rate / workers:4,.0f} per worker; CPU {1000 * worker_cpu / n:4.1f}"
                          f" ms in workers ({n / worker_cpu:4,.0f} accounts per CPU second),"
                          f" {1000 * here_cpu / n:4.2f} ms here")
        start = time.perf_counter()
        here = cpu_seconds()
        out = io.StringIO()
        summary = write_plans(texts, out, now=NOW, horizon=HORIZON, jobs=1)
        wall = time.perf_counter() - start
        here = cpu_seconds() - here
        assert summary.errors == 0, summary
        print(f"  no Dask, write_plans(jobs=1) here, to memory: {wall:5.1f} s {n / wall:5,.0f} "
              f"accounts/s; CPU {1000 * here / n:4.1f} ms ({n / here:4,.0f} per CPU second)")
        record = len(out.getvalue().encode("utf-8")) / n
        parquet = sum(p.stat().st_size for p in (folder / f"to_parquet-{args.workers[-1]}-0")
                      .glob("*.parquet")) / n
        print(f"  a record is {record / 1000:,.1f} kB of JSON, a row {parquet / 1000:,.1f} kB "
              f"of Parquet")
    read, planned, written = split(texts[:500])
    print(f"  one process, per account: read+validate {read:,.0f} µs, plan {planned:,.0f} µs, "
          f"write {written:,.0f} µs")


if __name__ == "__main__":
    main()
