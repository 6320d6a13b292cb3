"""The ``relance`` command: plan, check and schema, for a terminal (an edge).

Exit status: 0 on success (``check``: allowed), 1 when ``check`` refuses,
2 on bad input (a clear message on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pendulum

from .._core.errors import InvalidValueError, RelanceError
from .._core.models import Proposal
from .._core.plan import Plan
from .._core.planner import plan
from .._core.policy import Policy
from .._core.verdict import Verdict
from .._io.schema import shipped_schema
from .._io.serialization import Document, from_json, parse_instant, to_json

__all__ = ["main"]

_HORIZON = re.compile(r"^(\d+)([wdh])$")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except RelanceError as exc:
        print(f"relance: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"relance: error: {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relance",
        description="Plan and police sales follow-ups: always present, never pushy.",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("plan", help="plan the next follow-ups of an account")
    p.add_argument("file", type=Path, help="a JSON document: account, history, ideas, policy")
    p.add_argument("--now", help="ISO 8601 instant with offset (default: the current instant)")
    p.add_argument("--horizon", default="12w", help="12w, 30d, 36h or an ISO duration (12w)")
    p.add_argument("--policy", type=Path, help="a policy file (.toml or .json)")
    p.add_argument("--format", choices=("table", "json", "ics"), default="table")
    p.add_argument("--output", type=Path, help="write there instead of standard output")
    p.set_defaults(run=_plan)

    c = sub.add_parser("check", help="may this follow-up happen? why not, and from when?")
    c.add_argument("file", type=Path, help="a JSON document: account, history, ideas, policy")
    c.add_argument("--contact", required=True, help="the contact id")
    c.add_argument("--channel", required=True, help="email, phone, meeting, video or message")
    c.add_argument("--idea", help="the id of the idea it carries")
    c.add_argument("--checkpoint", help="the id of the agreed checkpoint it keeps")
    c.add_argument("--reply", action="store_true", help="it answers the contact's message")
    c.add_argument("--at", help="ISO 8601 instant with offset (default: the current instant)")
    c.add_argument("--policy", type=Path, help="a policy file (.toml or .json)")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.set_defaults(run=_check)

    s = sub.add_parser("schema", help="print the JSON Schema of the input document")
    s.add_argument("--plan", action="store_true", help="the schema of a plan instead")
    s.set_defaults(run=_schema)
    return parser


def _document(args: argparse.Namespace) -> tuple[Document, Policy]:
    doc = from_json(Document, args.file.read_bytes())
    policy = doc.the_policy
    if args.policy is not None:
        if args.policy.suffix == ".toml":
            policy = Policy.from_toml(args.policy)
        else:
            policy = Policy.from_dict(json.loads(args.policy.read_text(encoding="utf-8")))
    return doc, policy


def _instant(text: str | None) -> pendulum.DateTime:
    # The edge is the only place that reads the clock, and only by default.
    return pendulum.now("UTC") if text is None else parse_instant(text)


def parse_horizon(text: str) -> timedelta:
    """``12w``, ``30d``, ``36h`` or an ISO 8601 duration."""
    match = _HORIZON.match(text)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        return timedelta(**{{"w": "weeks", "d": "days", "h": "hours"}[unit]: amount})
    from .._io.serialization import parse_duration

    try:
        return parse_duration(text)
    except InvalidValueError:
        raise InvalidValueError(
            f"--horizon: expected 12w, 30d, 36h or an ISO duration (got {text!r})",
            field="horizon",
            value=text,
        ) from None


def _plan(args: argparse.Namespace) -> int:
    doc, policy = _document(args)
    result = plan(
        account=doc.account,
        history=doc.history,
        ideas=doc.ideas,
        policy=policy,
        now=_instant(args.now),
        horizon=parse_horizon(args.horizon),
    )
    if args.format == "json":
        _emit(args, to_json(result) + "\n")
    elif args.format == "ics":
        from .._io.ics import to_ics

        data = to_ics(result, doc.account)
        if args.output is None:
            sys.stdout.buffer.write(data)
        else:
            args.output.write_bytes(data)
    else:
        _emit(args, _table(result, doc))
    return 0


def _emit(args: argparse.Namespace, text: str) -> None:
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")


def _table(result: Plan, doc: Document) -> str:
    from rich.console import Console
    from rich.table import Table

    # The terminal's width when there is one; wide and stable when piped.
    width = max(100, shutil.get_terminal_size().columns) if sys.stdout.isatty() else 180
    console = Console(record=True, width=width, file=io.StringIO(), color_system=None)
    table = Table(title=f"Plan for {doc.account.name}", show_lines=False)
    for column in ("when", "who", "channel", "carries", "why"):
        table.add_column(column, overflow="fold")
    for r in result.relances:
        contact = doc.account.contact(r.contact_id)
        carries = r.idea_id or (f"checkpoint {r.checkpoint_id}" if r.checkpoint_id else "reply")
        table.add_row(
            f"{r.at.format('ddd YYYY-MM-DD HH:mm')} {r.at.timezone_name}",
            f"{contact.name} ({contact.role.value.replace('_', ' ')})",
            r.channel.value,
            carries,
            r.why,
        )
    console.print(table)
    if not result.relances:
        console.print("No relance is possible within the horizon.")
    for need in result.needs:
        console.print(f"Needed: {need.why}")
    for advice in result.advice:
        console.print(f"Advice ({advice.code}): {advice.why}")
    for skipped in result.skipped:
        console.print(f"Skipped {skipped.idea_id} ({skipped.code}): {skipped.why}")
    return console.export_text()


def _check(args: argparse.Namespace) -> int:
    doc, policy = _document(args)
    proposal = Proposal(
        at=_instant(args.at),
        contact_id=args.contact,
        channel=args.channel,
        idea_id=args.idea,
        checkpoint_id=args.checkpoint,
        reply=args.reply,
    )
    verdict: Verdict = policy.check(
        proposal, account=doc.account, history=doc.history, ideas=doc.ideas
    )
    sys.stdout.write((to_json(verdict) if args.format == "json" else str(verdict)) + "\n")
    return 0 if verdict.allowed else 1


def _schema(args: argparse.Namespace) -> int:
    sys.stdout.write(json.dumps(shipped_schema("plan" if args.plan else "document"), indent=2)
                     + "\n")
    return 0
