"""``relance portfolio plan|check``: a JSON Lines portfolio planned or checked into JSON Lines."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

from .._core.errors import InvalidValueError
from .._io.files import is_stdin, load_policy, open_lines
from ..portfolio import CheckSummary, PortfolioSummary, write_checks, write_plans
from .commands import _load, plan_window
from .options import language_from
from .output import is_stdout, say

__all__ = ["run_portfolio_check", "run_portfolio_plan"]

S = TypeVar("S", PortfolioSummary, CheckSummary)


def _jobs(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.isdigit() or int(text) < 1:
        raise InvalidValueError(f"--jobs: a whole number of at least 1 (got {text!r})",
                                field="--jobs", value=text)
    return int(text)


@contextlib.contextmanager
def _output(target: str | None) -> Iterator[IO[str]]:
    if is_stdout(target):
        yield sys.stdout
        return
    assert target is not None
    try:
        handle = open(target, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as exc:
        raise InvalidValueError(f"--output: cannot write {target!r}: {exc.strerror}",
                                field="--output", value=target) from None
    with handle:
        yield handle


def _summary(summary: PortfolioSummary) -> str:
    return (f"accounts {summary.accounts:,}  planned {summary.planned:,}  relances "
            f"{summary.relances:,}  needs {summary.needs:,}  errors {summary.errors:,}")


def _check_summary(summary: CheckSummary) -> str:
    return (f"accounts {summary.accounts:,}  checked {summary.checked:,}  allowed "
            f"{summary.allowed:,}  refused {summary.refused:,}  errors {summary.errors:,}")


def run_portfolio_plan(args: argparse.Namespace) -> int:
    """Plan every document of a JSON Lines file; 0 when all are planned, 1 when some are bad."""
    now, horizon = plan_window(args)

    def write(lines: Iterable[bytes], out: IO[str], **options: Any) -> PortfolioSummary:
        return write_plans(lines, out, now=now, horizon=horizon, **options)

    summary = _run(args, write)
    say(_summary(summary))
    return 0 if summary.errors == 0 else 1


def run_portfolio_check(args: argparse.Namespace) -> int:
    """Check every account's proposals; 0 when all are allowed, 1 when some are refused or bad."""
    summary = _run(args, write_checks)
    say(_check_summary(summary))
    return 0 if summary.errors == 0 and summary.refused == 0 else 1


def _run(args: argparse.Namespace, write: Callable[..., S]) -> S:
    """The options every portfolio command has, a progress line on a terminal, the batch."""
    jobs = _jobs(args.jobs)
    policy = None if args.policy is None else _load(args.policy, "policy", load_policy)
    lang = args.lang or language_from(os.environ)
    lines = open_lines(args.file, what="portfolio")
    progress = None
    bar = None
    if sys.stderr.isatty():
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        bar = Progress(SpinnerColumn(), TextColumn("{task.completed:,} accounts, "
                                                   "{task.fields[errors]:,} bad"),
                       TimeElapsedColumn(), transient=True)
        task = bar.add_task(args.action, total=None, errors=0)

        def progress(done: PortfolioSummary | CheckSummary) -> None:
            bar.update(task, completed=done.accounts, errors=done.errors)

    with contextlib.ExitStack() as stack:
        if not is_stdin(args.file):
            stack.callback(lines.close)
        if bar is not None:
            stack.enter_context(bar)
        out = stack.enter_context(_output(args.output))
        return write(lines, out, policy=policy, jobs=jobs, locale=lang, progress=progress)
