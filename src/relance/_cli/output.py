"""Where the command line writes: standard output or a file, and one-line messages.

* Machine formats (JSON, iCalendar) are bytes: UTF-8 whatever the terminal.
* Text for people (tables, verdicts) is encoded in the encoding of the
  stream it goes to; a character the stream cannot encode becomes ``?``
  rather than a ``UnicodeEncodeError``.
* Messages on standard error are one line, at most about 500 characters.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import TextIO

from .._core.errors import InvalidValueError

__all__ = [
    "MAX_MESSAGE",
    "can_encode",
    "encoding_of",
    "is_stdout",
    "one_line",
    "say",
    "write_bytes",
    "write_text",
]

#: Messages longer than this are cut (and end with "…").
MAX_MESSAGE = 500

_MORE = re.compile(r"… and \d+ more\W{0,3}$")


def is_stdout(target: str | None) -> bool:
    """Whether ``--output`` means standard output (absent, or ``-``)."""
    return target is None or target == "-"


def encoding_of(stream: object) -> str:
    """The encoding a text stream writes in (``utf-8`` when it does not say)."""
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str) or not encoding:
        return "utf-8"
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return "ascii"


def can_encode(text: str, encoding: str) -> bool:
    """Whether every character of ``text`` exists in ``encoding``.

    Examples:
        >>> can_encode("┏━┓", "utf-8"), can_encode("┏━┓", "latin-1")
        (True, False)
    """
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


# Bidirectional overrides and isolates reorder what a terminal shows.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _escape_controls(text: str) -> str:
    """Control characters (escape sequences, bidi overrides…) shown, not sent to the terminal."""
    return "".join(
        ch if unicodedata.category(ch) != "Cc" and ch not in _BIDI else f"\\x{ord(ch):02x}"
        if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
        for ch in text
    )


def printable(text: str) -> str:
    r"""Text from a document, safe to print: control characters (line breaks too) escaped.

    Examples:
        >>> print(printable("Evil\x1b[2J Corp\r\nInjected"))
        Evil\x1b[2J Corp\x0d\x0aInjected
    """
    return _escape_controls(text)


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    r"""A message on one line: line breaks become spaces; cut to about ``limit`` characters.

    A cut message ends with ``…``; a message that ends with "… and N more"
    (the library's list of problems) keeps that tail.

    Examples:
        >>> one_line("first line\nsecond line")
        'first line second line'
        >>> cut = one_line("x: bad; " * 100 + "… and 95 more", limit=60)
        >>> len(cut) <= 60, cut.endswith("… and 95 more")
        (True, True)
        >>> one_line("word " * 30, limit=20)
        'word word word word…'
    """
    flat = _escape_controls(" ".join(text.splitlines()).replace("\t", " ")).strip()
    if len(flat) <= limit:
        return flat
    more = _MORE.search(flat)
    tail = more.group(0) if more is not None and len(more.group(0)) < limit // 2 else "…"
    room = limit - len(tail) - (1 if tail != "…" else 0)
    head = flat[:room]
    space = head.rfind(" ")
    if space > room * 2 // 3 and flat[room:room + 1] != " ":  # cut between words
        head = head[:space]
    head = head.rstrip(" ;,:")
    return f"{head} {tail}" if tail != "…" else head + tail


def _safe_for(text: str, stream: object) -> str:
    encoding = encoding_of(stream)
    return text.encode(encoding, "backslashreplace").decode(encoding, "replace")


def say(line: str, stream: TextIO | None = None) -> None:
    """Write one line on standard error, whatever its encoding can show."""
    target = stream if stream is not None else sys.stderr
    if target is None:  # pythonw: no console at all
        return
    target.write(_safe_for(line, target) + "\n")
    target.flush()


def _write_stdout(data: bytes) -> None:
    out = sys.stdout
    try:
        if out is None:
            raise OSError("standard output is closed")
        buffer = getattr(out, "buffer", None)
        if buffer is None:  # replaced by a plain text stream (tests, notebooks)
            out.write(data.decode("utf-8", "replace"))
            out.flush()
            return
        out.flush()
        buffer.write(data)
        buffer.flush()
    except BrokenPipeError:
        raise  # exit 141: the reader went away, nothing to report
    except (OSError, ValueError) as exc:  # a full disk, a closed stream
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InvalidValueError(
            f"--output: cannot write standard output: {reason}", field="--output", value="-"
        ) from None


def _write_file(data: bytes, target: str) -> None:
    try:
        Path(target).write_bytes(data)
    except IsADirectoryError:
        reason = "it is a directory"
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if os.path.isdir(target):
            reason = "it is a directory"
    except ValueError as exc:  # an embedded NUL byte in the path
        reason = str(exc)
    else:
        return
    raise InvalidValueError(f"--output: cannot write {target}: {reason}", field="--output",
                            value=target)


def write_bytes(data: bytes, target: str | None) -> None:
    """Bytes to standard output (``None`` or ``-``) or to the file ``target``.

    Raises:
        InvalidValueError: the file cannot be written (field ``--output``).
    """
    if is_stdout(target):
        _write_stdout(data)
    else:
        assert target is not None
        _write_file(data, target)


def write_text(text: str, target: str | None) -> None:
    """Text for people: in the encoding of standard output, or UTF-8 in a file.

    A character standard output cannot encode is written as ``?``.

    Raises:
        InvalidValueError: the file cannot be written (field ``--output``).
    """
    if is_stdout(target):
        encoding = encoding_of(sys.stdout)
        _write_stdout(text.encode(encoding, "replace").decode(encoding).encode("utf-8")
                      if getattr(sys.stdout, "buffer", None) is None
                      else text.encode(encoding, "replace"))
    else:
        assert target is not None
        _write_file(text.encode("utf-8"), target)
