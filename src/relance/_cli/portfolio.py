"""``relance portfolio plan|check``: a JSON Lines portfolio planned or checked into JSON Lines."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import os
import sys
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

from .._core.errors import InvalidValueError
from .._io.files import is_stdin, load_policy, open_lines
from ..portfolio import CheckSummary, PortfolioSummary, write_checks, write_plans
from ..portfolio._batch import max_jobs
from .commands import _load, plan_window
from .options import language_from
from .output import is_stdout, say

__all__ = ["run_portfolio_check", "run_portfolio_plan"]

S = TypeVar("S", PortfolioSummary, CheckSummary)


def _jobs(text: str | None) -> int | None:
    if text is None:
        return None
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= max_jobs():
        raise InvalidValueError(
            f"--jobs: a whole number from 1 to {max_jobs()} (8 per core available; got "
            f"{text!r})", field="--jobs", value=text)
    return int(text)


class _Records:
    """Where records go: UTF-8 bytes, whatever the terminal's encoding.

    A failed write is ``--output``'s error (exit 2); a reader gone away, a
    broken pipe (exit 141).
    """

    def __init__(self, raw: IO[bytes] | IO[str], name: str) -> None:
        self._raw = raw
        self._name = name

    def write(self, text: str) -> int:
        with self._failing():
            if isinstance(self._raw, io.TextIOBase):  # a text stream without a buffer (tests)
                self._raw.write(text)
            else:
                self._raw.write(text.encode("utf-8"))  # type: ignore[arg-type]
        return len(text)

    def flush(self) -> None:
        with self._failing():
            self._raw.flush()

    @contextlib.contextmanager
    def _failing(self) -> Iterator[None]:
        try:
            yield
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise InvalidValueError(f"--output: cannot write {self._name}: {reason}",
                                    field="--output", value=self._name) from None


@contextlib.contextmanager
def _output(target: str | None, source: str) -> Iterator[IO[str]]:
    if is_stdout(target):
        sys.stdout.flush()
        records = _Records(getattr(sys.stdout, "buffer", sys.stdout), "standard output")
        yield typing.cast(IO[str], records)
        records.flush()
        return
    assert target is not None
    if not is_stdin(source) and _same_file(source, target):
        raise InvalidValueError(f"--output: {target!r} is the input file: write elsewhere",
                                field="--output", value=target)
    try:
        handle = open(target, "wb")  # noqa: SIM115
    except OSError as exc:
        raise InvalidValueError(f"--output: cannot write {target!r}: {exc.strerror}",
                                field="--output", value=target) from None
    with handle:
        records = _Records(handle, repr(target))
        yield typing.cast(IO[str], records)
        records.flush()


def _same_file(source: str, target: str) -> bool:
    try:
        return os.path.samefile(source, target)
    except (OSError, ValueError):  # the output does not exist yet
        return False


def _without_bom(lines: Iterable[bytes]) -> Iterator[bytes]:
    """The lines, a UTF-8 byte order mark dropped from the first (as every file command does)."""
    first = True
    for line in lines:
        yield line.removeprefix(codecs.BOM_UTF8) if first else line
        first = False


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
    if is_stdin(args.file) and args.policy is not None and is_stdin(args.policy):
        raise InvalidValueError(
            "--policy: standard input can be read once: give FILE or --policy as '-', not both",
            field="--policy", value=args.policy)
    policy = None if args.policy is None else _load(args.policy, "policy", load_policy)
    lang = args.lang or language_from(os.environ)
    lines = open_lines(args.file, what="portfolio")
    progress = None
    bar = None
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        # On standard error, as the summary: standard output carries the records.
        bar = Progress(SpinnerColumn(), TextColumn("{task.completed:,} accounts, "
                                                   "{task.fields[errors]:,} bad"),
                       TimeElapsedColumn(), transient=True, console=Console(stderr=True))
        task = bar.add_task(args.action, total=None, errors=0)

        def progress(done: PortfolioSummary | CheckSummary) -> None:
            bar.update(task, completed=done.accounts, errors=done.errors)

    with contextlib.ExitStack() as stack:
        if not is_stdin(args.file):
            stack.callback(lines.close)
        if bar is not None:
            stack.enter_context(bar)
        out = stack.enter_context(_output(args.output, args.file))
        return write(_without_bom(lines), out, policy=policy, jobs=jobs, locale=lang,
                     progress=progress)
