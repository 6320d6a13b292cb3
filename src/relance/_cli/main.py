"""The ``relance`` command: plan, check, review, audit and schema, for a terminal (an edge).

Exit status:

==== =====================================================================
0    success (``check``: the follow-up is allowed; ``review``: the message passes;
     ``audit``: every account audits clean)
1    ``check``: the follow-up is refused; ``review``: an empty check-in;
     ``audit``: some past touch would have been refused
2    bad input: a bad document, policy or option, an unreadable file
3    internal error: a bug in relance (``--debug`` shows the traceback)
130  interrupted (Ctrl-C)
141  standard output closed early (``relance plan x.json | head``)
==== =====================================================================

Errors are one line on standard error, never a traceback unless ``--debug``.
"""

from __future__ import annotations

import io
import os
import sys
import traceback
from collections.abc import Sequence

from .._core.errors import RelanceError
from .commands import BadFile
from .output import MAX_MESSAGE, one_line, say
from .parser import build_parser

__all__ = ["main"]

#: Exit statuses.
OK, REFUSED, BAD_INPUT, INTERNAL, BROKEN_PIPE, INTERRUPTED = 0, 1, 2, 3, 141, 130

_REPORT = "this is a bug, please report it"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (see the module's table).

    Args:
        argv: the arguments after the program name (default: ``sys.argv[1:]``).

    Returns:
        0 success, 1 ``check`` refused, ``review`` found an empty check-in or
        ``audit`` found touches the policy would have refused,
        2 bad input, 3 internal error,
        130 interrupted, 141 standard output closed early.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(arguments)
        except SystemExit as exc:  # --help, --version, or a usage error (status 2)
            return _status(exc.code)
        debug = bool(args.debug)
        return int(args.run(args))
    except KeyboardInterrupt:
        say("relance: interrupted")
        return INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE
    except (RelanceError, BadFile) as exc:
        if debug:
            traceback.print_exc()
        say("relance: error: " + one_line(str(exc)))
        return BAD_INPUT
    except Exception as exc:
        if debug:
            traceback.print_exc()
        say(_internal(exc, debug))
        return INTERNAL


def _status(code: object) -> int:
    if code is None:
        return OK
    if isinstance(code, int):
        return code
    say("relance: error: " + one_line(str(code)))
    return BAD_INPUT


def _internal(exc: BaseException, debug: bool) -> str:
    hint = _REPORT if debug else f"{_REPORT} (run again with --debug for the traceback)"
    what = one_line(f"{type(exc).__name__}: {exc}".rstrip(": "),
                    limit=MAX_MESSAGE - len(hint) - 30)
    return f"relance: internal error: {what}; {hint}"


def _silence_stdout() -> None:
    """After a broken pipe, send what is left to /dev/null (no message at exit)."""
    stdout = sys.stdout
    if stdout is not sys.__stdout__ or stdout is None:  # a stream in memory: nothing to do
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        pass
