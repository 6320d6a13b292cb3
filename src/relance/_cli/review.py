"""``relance review``: is a drafted follow-up an empty check-in? (exit 0 passes, 1 it is).

The message is the argument, or standard input for ``-``.  Text output, for
people: the outcome in a sentence, the message with its findings highlighted
(in a terminal, or with ``--color always``), then one line per finding: its
kind, where it is (line:column), the phrase and why.  ``--format json`` for
machines: offsets are Python string indices (code points, not bytes nor
UTF-16 units).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Final, TextIO

from .._core.errors import InvalidValueError
from .._io.files import read_text
from .._words.review import KINDS, Finding, Review, review
from .output import printable, write_bytes, write_text

__all__ = ["color_wanted", "highlight", "review_json", "review_text", "run_review"]

#: The terminal colours of each kind (ANSI SGR codes).
COLORS: Final[Mapping[str, str]] = {
    "pressure": "1;31",  # bold red
    "check-in": "1;33",  # bold yellow
    "value": "32",  # green
    "reply": "36",  # cyan
    "agreed": "36",
}
_RESET: Final = "\x1b[0m"


def _paint(text: str, kind: str | None, color: bool) -> str:
    if not color or kind is None or not text:
        return text
    return f"\x1b[{COLORS[kind]}m{text}{_RESET}"


def color_wanted(choice: str, stream: TextIO | None, environ: Mapping[str, str]) -> bool:
    """Whether to colour: ``always``, ``never``, or ``auto`` (a terminal, no ``NO_COLOR``).

    Examples:
        >>> import io
        >>> color_wanted("auto", io.StringIO(), {}), color_wanted("always", None, {})
        (False, True)
    """
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def highlight(text: str, findings: Sequence[Finding], *, color: bool) -> str:
    r"""The message with its findings coloured; control characters shown escaped.

    Where findings of several kinds overlap, the first of :data:`KINDS`
    (pressure, then check-in, value, reply, agreed) gives its colour.

    Examples:
        >>> from relance._words.review import review
        >>> text = "Any news?\x1b[2J"
        >>> highlight(text, review(text).findings, color=True)
        '\x1b[1;33mAny news\x1b[0m?\\x1b[2J\n'
    """
    rank = {kind: index for index, kind in enumerate(KINDS)}
    styles: list[str | None] = [None] * len(text)
    for finding in sorted(findings, key=lambda f: -rank[f.kind]):  # the first kind wins
        styles[finding.start:finding.end] = [finding.kind] * (finding.end - finding.start)
    lines: list[str] = []
    current: list[str] = []
    start = 0
    for index in range(len(text) + 1):
        at_end = index == len(text)
        if not at_end and text[index] not in "\r\n" and (
            index == start or styles[index] == styles[start]
        ):
            continue
        piece = text[start:index].replace("\t", "    ")
        current.append(_paint(printable(piece), styles[start] if piece else None, color))
        if not at_end and text[index] in "\r\n":
            if not (text[index] == "\n" and index and text[index - 1] == "\r"):
                lines.append("".join(current))
                current = []
            start = index + 1
        else:
            start = index
    lines.append("".join(current))
    return "".join(line + "\n" for line in lines)


def _position(text: str, breaks: list[int], offset: int) -> str:
    line = bisect.bisect_right(breaks, offset - 1)
    column = offset - (breaks[line - 1] + 1 if line else 0) + 1
    return f"{line + 1}:{column}"


def review_text(text: str, result: Review, *, locale: str, color: bool) -> str:
    """The review for people: the outcome, the message highlighted (in colour), the findings."""
    out = [printable(result.render(locale)) + "\n"]
    if color:
        out.append("\n" + highlight(text, result.findings, color=True))
    if result.findings:
        out.append("\n")
    breaks = [i for i, char in enumerate(text) if char == "\n"]
    width = max(len(kind) for kind in KINDS)
    for finding in result.findings:
        kind = _paint(finding.kind.ljust(width), finding.kind, color)
        where = _position(text, breaks, finding.start).ljust(7)
        out.append(f"{kind}  {where} {printable(finding.render(locale))}\n")
    return "".join(out)


def review_json(result: Review, *, locale: str) -> dict[str, object]:
    """The review as JSON-ready data (explanations in ``locale``)."""
    return {
        "empty_check_in": result.empty_check_in,
        "passes": result.passes,
        "outcome": result.outcome,
        "language": result.language,
        "locale": locale,
        "summary": result.render(locale),
        "findings": [
            {"kind": f.kind, "code": f.code, "start": f.start, "end": f.end, "text": f.text,
             "message": f.render(locale)}
            for f in result.findings
        ],
    }


def run_review(args: argparse.Namespace) -> int:
    """``relance review``: 0 when the message passes, 1 when it is an empty check-in."""
    text = read_text("-", what="message") if args.text == "-" else args.text
    if not text.strip():
        where = "standard input" if args.text == "-" else "TEXT"
        raise InvalidValueError(f"{where}: the message is empty; nothing to review",
                                field="TEXT", value=text)
    result = review(text, language=args.language)
    locale = args.lang or result.language
    if args.format == "json":
        data = json.dumps(review_json(result, locale=locale), ensure_ascii=False, indent=2)
        write_bytes((data + "\n").encode("utf-8", "backslashreplace"), None)
    else:
        color = color_wanted(args.color, sys.stdout, os.environ)
        write_text(review_text(text, result, locale=locale, color=color), None)
    return 1 if result.empty_check_in else 0
