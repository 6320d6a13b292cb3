"""The commands: ``plan``, ``check`` and ``schema``, each from parsed options to output.

A command reads its options first (cheap, and named in errors), then its
files, computes, and writes its output whole at the end: on bad input nothing
is written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import pendulum

from .._core.errors import InvalidValueError, RelanceError
from .._core.instants import MAX_INSTANT
from .._core.models import Proposal
from .._core.planner import plan
from .._core.policy import Policy
from .._io.files import (
    InputFileError,
    describe,
    is_stdin,
    load_document,
    load_policy,
    read_text,
)
from .._io.ics import to_ics
from .._io.schema import shipped_schema
from .._io.serialization import Document, to_json
from .options import clock_or, language_from, parse_horizon
from .output import encoding_of, is_stdout, printable, write_bytes, write_text
from .table import plan_table, width_for

__all__ = ["BadFile", "plan_window", "run_check", "run_plan", "run_schema"]

T = TypeVar("T")


class BadFile(Exception):
    """A library error about a file's content, with the file it comes from.

    Attributes:
        where: how the file is named (``policy file strict.toml``).
        error: the library's error, whose paths start at the file's first key.
    """

    def __init__(self, where: str, error: RelanceError) -> None:
        super().__init__(f"{where}: {error}")
        self.where = where
        self.error = error


def _load(source: str, what: str, loader: Callable[[str], T]) -> T:
    try:
        return loader(source)
    except InputFileError:
        raise  # its message already names the file
    except RelanceError as exc:
        raise BadFile(describe(source, what), exc) from exc


def _inputs(args: argparse.Namespace) -> tuple[Document, Policy]:
    if args.policy is not None and is_stdin(args.policy) and is_stdin(args.file):
        raise InvalidValueError(
            "--policy: standard input can be read once: give FILE or --policy as '-', not both",
            field="--policy", value=args.policy,
        )
    doc = _load(args.file, "document", load_document)
    if args.policy is None:
        return doc, doc.the_policy
    return doc, _load(args.policy, "policy", load_policy)


def plan_window(args: argparse.Namespace) -> tuple[pendulum.DateTime, timedelta]:
    """``--now`` and ``--horizon``, the plan ending within the supported range."""
    now = clock_or(args.now, "--now")
    horizon = parse_horizon(args.horizon)
    if now + horizon >= MAX_INSTANT:
        raise InvalidValueError(
            f"--horizon: the plan would end after the supported range, before "
            f"2200-01-01T00:00:00Z (got {args.horizon!r} from {now.isoformat()})",
            field="--horizon", value=args.horizon,
        )
    return now, horizon


def run_plan(args: argparse.Namespace) -> int:
    """``relance plan``: the plan as a table, JSON or an iCalendar file."""
    now, horizon = plan_window(args)
    doc, policy = _inputs(args)
    try:
        result = plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                      policy=policy, now=now, horizon=horizon)
    except RelanceError as exc:
        if exc.field.startswith(("history", "ideas", "account")):
            raise BadFile(describe(args.file, "document"), exc) from exc
        raise
    lang = args.lang or language_from(os.environ)
    if args.format == "json":
        write_bytes((to_json(result, locale=lang) + "\n").encode("utf-8"), args.output)
    elif args.format == "ics":
        write_bytes(to_ics(result, doc.account, history=doc.history), args.output)
    else:
        to_terminal = is_stdout(args.output)
        text = plan_table(
            result, doc.account,
            width=width_for(sys.stdout if to_terminal else None),
            encoding=encoding_of(sys.stdout) if to_terminal else "utf-8",
            locale=lang,
        )
        write_text(text, args.output)
    return 0


_OPTIONS = {"Proposal.contact_id": "--contact", "Proposal.idea_id": "--idea",
            "Proposal.checkpoint_id": "--checkpoint", "Proposal.channel": "--channel",
            "Proposal.text": "--text"}


def run_check(args: argparse.Namespace) -> int:
    """``relance check``: the verdict; 0 when allowed, 1 when refused."""
    at = clock_or(args.at, "--at")
    if args.text is not None and is_stdin(args.text) and (
        is_stdin(args.file) or (args.policy is not None and is_stdin(args.policy))
    ):
        raise InvalidValueError(
            "--text: standard input can be read once: give FILE, --policy or --text as '-', "
            "not two of them", field="--text", value=args.text,
        )
    doc, policy = _inputs(args)
    if args.text is not None and is_stdin(args.text):
        args.text = read_text("-", what="message")
    try:
        text = args.text
        proposal = Proposal(at=at, contact_id=args.contact, channel=args.channel,
                            idea_id=args.idea, checkpoint_id=args.checkpoint, reply=args.reply,
                            text=text)
    except RelanceError as exc:  # an option's value: name the option
        option = _OPTIONS.get(exc.field, exc.field)
        raise InvalidValueError(
            f"{option}: {exc.problems[0].message}", field=option, value=exc.value
        ) from None
    verdict = policy.check(proposal, account=doc.account, history=doc.history, ideas=doc.ideas)
    lang = args.lang or language_from(os.environ)
    if args.format == "json":
        write_bytes((to_json(verdict, locale=lang) + "\n").encode("utf-8"), None)
    else:
        # Document data (names, ids) in the reasons: shown, never sent as escapes.
        lines = verdict.render(lang).splitlines()
        write_text("".join(printable(line) + "\n" for line in lines), None)
    return 0 if verdict.allowed else 1


def run_schema(args: argparse.Namespace) -> int:
    """``relance schema``: the JSON Schema of the input document (or of a plan, an audit)."""
    schema = shipped_schema("plan" if args.plan else "audit" if args.audit else "document")
    write_bytes((json.dumps(schema, indent=2) + "\n").encode("utf-8"), None)
    return 0
