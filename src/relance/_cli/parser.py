"""The ``relance`` command's options (argparse)."""

from __future__ import annotations

import argparse
from typing import Any

from .. import __version__
from .._core.models import Channel
from .._words.render import LOCALES
from .audit import run_audit
from .commands import run_check, run_plan, run_schema
from .portfolio import run_portfolio_check, run_portfolio_plan
from .review import run_review

__all__ = ["build_parser"]

_FILE_HELP = "a JSON document (account, history, ideas, policy); '-' reads standard input"
_POLICY_HELP = ("a policy file replacing the document's: TOML (.toml) or JSON (.json), "
                "else by content; '-' reads standard input")
_EPILOG = ("exit status: 0 success (check: allowed; review: passes; audit: clean), 1 check "
           "refused, review found an empty check-in or audit found touches to refuse, "
           "2 bad input, 3 internal error, 130 interrupted")


_CHECKS_EPILOG = ("exit status: 0 every proposal allowed, 1 some proposals refused or some "
                  "lines bad input (each is a record in the output), 2 bad input (the file, an "
                  "option, the policy), 3 internal error, 130 interrupted")
_PORTFOLIO_EPILOG = ("exit status: 0 every account planned, 1 some documents were bad input "
                     "(each is an error record in the output), 2 bad input (the file, an "
                     "option, the policy), 3 internal error, 130 interrupted")


def _batch_action(
    actions: Any, name: str, common: argparse.ArgumentParser, epilog: str, summary: str,
    lines: str,
) -> argparse.ArgumentParser:
    """A ``portfolio`` action reading a JSON Lines FILE."""
    parser: argparse.ArgumentParser = actions.add_parser(
        name, parents=[common], epilog=epilog, help=summary)
    parser.add_argument("file", metavar="FILE",
                        help=f"JSON Lines: {lines}; '-' reads standard input")
    return parser


def _batch_options(parser: argparse.ArgumentParser) -> None:
    """The options of every ``portfolio`` action."""
    parser.add_argument("--policy", metavar="POLICY", help="a policy file for every account, "
                        "replacing the documents' own: TOML (.toml) or JSON (.json)")
    parser.add_argument("--jobs", metavar="N",
                        help="worker processes (default: the cores available)")
    parser.add_argument("--output", metavar="PATH",
                        help="write there instead of standard output ('-': standard output)")


def _debug_option(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument("--debug", action="store_true", default=default,
                        help="show the traceback of an error (to report a bug)")


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``relance [--version] [--debug] COMMAND ...``."""
    parser = argparse.ArgumentParser(
        prog="relance",
        description="Plan and police sales follow-ups: always present, never pushy.",
        epilog=_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"relance {__version__}")
    _debug_option(parser, default=False)
    parser.add_argument("--lang", choices=LOCALES, default=None,
                        help="the language of the explanations (also after the command)")
    # --debug is accepted after the command too; SUPPRESS keeps the global value.
    common = argparse.ArgumentParser(add_help=False)
    _debug_option(common, default=argparse.SUPPRESS)
    common.add_argument("--lang", choices=LOCALES, default=argparse.SUPPRESS,
                        help="the language of the explanations (default: from LC_ALL, "
                             "LC_MESSAGES or LANG when it is one of these, else en)")
    sub = parser.add_subparsers(required=True, metavar="COMMAND", dest="command")

    p = sub.add_parser("plan", parents=[common], epilog=_EPILOG,
                       help="plan the next follow-ups of an account")
    p.add_argument("file", metavar="FILE", help=_FILE_HELP)
    p.add_argument("--now", metavar="ISO",
                   help="ISO 8601 instant with offset (default: the current instant)")
    p.add_argument("--horizon", default="12w",
                   help="12w, 30d, 36h or an ISO 8601 duration, up to 100 years (default: 12w)")
    p.add_argument("--policy", metavar="POLICY", help=_POLICY_HELP)
    p.add_argument("--format", choices=("table", "json", "ics"), default="table",
                   help="a table for people, JSON, or an iCalendar file (default: table)")
    p.add_argument("--output", metavar="PATH",
                   help="write there instead of standard output ('-': standard output)")
    p.set_defaults(run=run_plan)

    portfolio = sub.add_parser("portfolio", help="many accounts at once (JSON Lines)")
    portfolio_sub = portfolio.add_subparsers(required=True, metavar="ACTION", dest="action")
    p = _batch_action(portfolio_sub, "plan", common, _PORTFOLIO_EPILOG,
                      "plan every account of a JSON Lines file into JSON Lines",
                      "one document (account, history, ideas, policy) a line")
    p.add_argument("--now", metavar="ISO",
                   help="ISO 8601 instant with offset (default: the current instant)")
    p.add_argument("--horizon", default="12w",
                   help="12w, 30d, 36h or an ISO 8601 duration, up to 100 years (default: 12w)")
    _batch_options(p)
    p.set_defaults(run=run_portfolio_plan)
    p = _batch_action(portfolio_sub, "check", common, _CHECKS_EPILOG,
                      "check many accounts' proposals (JSON Lines) into verdicts (JSON Lines)",
                      'one {"document": ..., "proposals": [...]} a line')
    _batch_options(p)
    p.set_defaults(run=run_portfolio_check)

    c = sub.add_parser("check", parents=[common], epilog=_EPILOG,
                       help="may this follow-up happen? why not, and from when?")
    c.add_argument("file", metavar="FILE", help=_FILE_HELP)
    c.add_argument("--contact", required=True, metavar="ID", help="the contact id")
    c.add_argument("--channel", required=True, choices=[channel.value for channel in Channel],
                   help="how the contact is made")
    c.add_argument("--idea", metavar="ID", help="the id of the idea it carries")
    c.add_argument("--checkpoint", metavar="ID", help="the id of the agreed checkpoint it keeps")
    c.add_argument("--reply", action="store_true", help="it answers the contact's message")
    c.add_argument("--text", metavar="TEXT",
                   help="the drafted message, read for an empty check-in; '-' reads standard "
                        "input")
    c.add_argument("--at", metavar="ISO",
                   help="ISO 8601 instant with offset (default: the current instant)")
    c.add_argument("--policy", metavar="POLICY", help=_POLICY_HELP)
    c.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for people or JSON (default: text)")
    c.set_defaults(run=run_check)

    r = sub.add_parser("review", parents=[common], epilog=_EPILOG,
                       help="is this drafted follow-up an empty 'any news?' check-in?")
    r.add_argument("text", metavar="TEXT",
                   help="the message, in English or French; '-' reads standard input")
    r.add_argument("--language", choices=("en", "fr"),
                   help="the message's language (default: detected)")
    r.add_argument("--locale", dest="lang", choices=LOCALES, default=argparse.SUPPRESS,
                   help="the same as --lang (default here: the message's language)")
    r.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for people or JSON (default: text)")
    r.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="highlight the findings: in a terminal (auto, unless NO_COLOR is "
                        "set), always or never (default: auto)")
    r.set_defaults(run=run_review)

    a = sub.add_parser("audit", parents=[common], epilog=_EPILOG,
                       help="which past touches would the policy have refused?")
    a.add_argument("files", metavar="FILE", nargs="+",
                   help=_FILE_HELP + "; its touches may name ideas no longer in the backlog. "
                        "Several files: the portfolio summary")
    a.add_argument("--policy", metavar="POLICY", help=_POLICY_HELP)
    a.add_argument("--now", metavar="ISO",
                   help="ISO 8601 instant with offset: the longest silence may then run "
                        "until it (default: measured between touches only)")
    a.add_argument("--summary", action="store_true",
                   help="the portfolio summary (one line per account, totals) even for one "
                        "file; in JSON, the audits without their findings")
    a.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for people or JSON (default: text)")
    a.add_argument("--output", metavar="PATH",
                   help="write there instead of standard output ('-': standard output)")
    a.set_defaults(run=run_audit)

    s = sub.add_parser("schema", parents=[common], epilog=_EPILOG,
                       help="print the JSON Schema of the input document")
    s.add_argument("--plan", action="store_true", help="the schema of a plan instead")
    s.add_argument("--audit", action="store_true", help="the schema of an audit instead")
    s.set_defaults(run=run_schema)
    return parser
