"""``relance audit``: which past touches would the policy have refused? (exit 0 clean, 1 not).

Each FILE is an account document, the same as ``relance plan`` reads, except
that its touches may name ideas the backlog no longer holds (judged as ideas
carried, listed as partly judged).  One file: the findings, then the summary.
Several files, or ``--summary``: the portfolio, one line per account and a
totals line.  ``--format json`` for CRMs.  Like a linter, the exit status is
0 when every account audits clean and 1 when any touch would have been
refused; bad input (any file) is 2 and nothing is written.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .._core.audit import Audit, AuditSummary, audit
from .._core.errors import InvalidValueError, RelanceError
from .._core.models import Account
from .._io.files import describe, is_stdin, load_document, load_policy
from .._io.serialization import to_dict
from .._words.render import _speaker
from .commands import BadFile, _load
from .options import language_from, parse_option_instant
from .output import can_encode, encoding_of, is_stdout, printable, write_bytes, write_text
from .table import width_for

__all__ = ["portfolio_table", "run_audit", "totals"]

#: The summary's counts shown per account, in the order of the portfolio's columns.
_COUNTS = (("judged", "judged"), ("refused", "refused"), ("empty", "empty_check_ins"),
           ("too-soon", "too_soon"), ("over-cap", "over_cap"),
           ("outside", "outside_working_time"))


def totals(audits: Sequence[Audit]) -> dict[str, int]:
    """The portfolio's totals: each count of the summaries, summed.

    Examples:
        >>> totals([Audit(account_id="a", summary=AuditSummary(judged=3, refused=1)),
        ...         Audit(account_id="b", summary=AuditSummary(judged=2))])["judged"]
        5
    """
    found = {"accounts": len(audits)}
    found.update({name: sum(getattr(a.summary, name) for a in audits) for _, name in _COUNTS})
    # Ideas that had left the backlog: the touches carrying them were judged in part.
    found["partly_judged"] = sum(len(a.summary.partly_judged) for a in audits)
    return found


def _silence(summary: AuditSummary, locale: str) -> str:
    silence = summary.longest_silence
    if silence is None:
        return "-"
    length = silence.length
    return _speaker(locale).duration(length if not length.days else
                                     type(length)(days=length.days))


def portfolio_table(
    audits: Sequence[tuple[Account, Audit]], *, width: int, encoding: str = "utf-8",
    locale: str = "en",
) -> str:
    """The portfolio: one line per account (its counts and longest silence), then totals."""
    say = _speaker(locale)
    names = ("account", *(key for key, _ in _COUNTS), "silence")
    headers = [say.text(f"audit.column.{name}") for name in names]
    shape = box.HEAVY_HEAD if can_encode(str(box.HEAVY_HEAD), encoding) else box.ASCII
    console = Console(
        width=width, file=io.StringIO(), color_system=None, force_terminal=False,
        force_jupyter=False, force_interactive=False, legacy_windows=False, emoji=False,
        markup=False, highlight=False, soft_wrap=False,
    )
    sums = totals([a for _, a in audits])
    longest = max((a.summary.longest_silence.length for _, a in audits
                   if a.summary.longest_silence is not None), default=None)
    footer = [say.text("audit.text.total"), *(say.value("count", sums[name], {}, "count", "")
                                              for _, name in _COUNTS)]
    footer.append("-" if longest is None else say.duration(
        longest if not longest.days else type(longest)(days=longest.days)))
    rows = []
    for account, result in audits:
        row = [f"{account.name} ({account.id})" if account.name != account.id else account.id]
        row += [say.value("count", getattr(result.summary, name), {}, "count", "")
                for _, name in _COUNTS]
        row.append(_silence(result.summary, locale))
        rows.append([printable(cell) for cell in row])
    if len(audits) > 1:
        rows.append(footer)
    # Figures are never wrapped; headers wrap between words; the account takes what is left.
    available = width - (3 * len(headers) + 1)  # borders, separators and padding
    figures = [max(max(len(row[i]) for row in rows),
                   max(len(word) for word in headers[i].split()))
               for i in range(1, len(headers))]
    natural = max(len(headers[0]), *(len(row[0]) for row in rows))
    widths = [max(8, min(natural, available - sum(figures))), *figures]
    table = Table(box=shape, safe_box=False, expand=False)
    for index, (header, column_width) in enumerate(zip(headers, widths, strict=True)):
        table.add_column(Text(header), width=column_width, overflow="fold",
                         justify="right" if index else "left")
    for number, row in enumerate(rows):
        table.add_row(*(Text(cell) for cell in row),
                      end_section=len(audits) > 1 and number == len(rows) - 2)
    console.print(table)
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(printed, str)
    return printed


def _audit_one(path: str, args: argparse.Namespace, now: Any) -> tuple[Account, Audit]:
    doc = _load(path, "document",
                lambda source: load_document(source, partial_backlog=True))
    policy = doc.the_policy if args.policy_value is None else args.policy_value
    try:
        result = audit(account=doc.account, history=doc.history, ideas=doc.ideas,
                       policy=policy, now=now)
    except RelanceError as exc:
        if exc.field.startswith(("history", "ideas", "account")):
            raise BadFile(describe(path, "document"), exc) from exc
        raise
    return doc.account, result


def run_audit(args: argparse.Namespace) -> int:
    """``relance audit``: findings and summary, or the portfolio; 0 clean, 1 findings."""
    now = None if args.now is None else parse_option_instant(args.now, "--now")
    files: list[str] = list(args.files)
    read_stdin = [f for f in files if is_stdin(f)]
    if len(read_stdin) > 1 or (read_stdin and args.policy is not None
                               and is_stdin(args.policy)):
        raise InvalidValueError(
            "FILE: standard input can be read once: give '-' as one FILE or as --policy",
            field="FILE", value="-",
        )
    args.policy_value = None if args.policy is None else _load(args.policy, "policy",
                                                                load_policy)
    audits = [_audit_one(path, args, now) for path in files]
    lang = args.lang or language_from(os.environ)
    portfolio = args.summary or len(files) > 1
    if args.format == "json":
        data: Any
        if portfolio:
            entries = []
            for path, (_, result) in zip(files, audits, strict=True):
                entry = {"file": path, **to_dict(result, locale=lang)}
                if args.summary:
                    entry.pop("findings")
                entries.append(entry)
            data = {"audits": entries, "totals": totals([a for _, a in audits])}
        else:
            data = to_dict(audits[0][1], locale=lang)
        write_bytes((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
                    args.output)
    elif portfolio:
        to_terminal = is_stdout(args.output)
        write_text(portfolio_table(
            audits, width=width_for(sys.stdout if to_terminal else None),
            encoding=encoding_of(sys.stdout) if to_terminal else "utf-8", locale=lang,
        ), args.output)
    else:
        lines = audits[0][1].render(lang).splitlines()
        write_text("".join(printable(line) + "\n" for line in lines), args.output)
    return 0 if all(result.clean for _, result in audits) else 1
