"""Reading input files: bytes in, strict UTF-8 text out, then a document or a policy.

An edge used by the command line.  Every file is read as bytes and decoded as
strict UTF-8, so a binary file or a file in another encoding is refused with
the position of the first bad byte rather than half-read:

* ``-`` names standard input (read as bytes);
* a UTF-8 byte order mark (``EF BB BF``, written by some Windows editors) is
  accepted and dropped; a UTF-16 or UTF-32 byte order mark is refused with a
  hint to save the file as UTF-8;
* a NUL byte means a binary file, refused.

Every error raised here is an :class:`InputFileError` (an
:class:`~relance.InvalidValueError`) whose message names the file, so the
command line prints it as it is.  Errors *inside* a well-read document (a bad
field) are the library's own, raised by :func:`~relance.from_json` or
:func:`~relance.from_dict` with their path in the document; the caller puts
:func:`describe` in front of them.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO, Literal

from .._core.errors import InvalidValueError
from .._core.policy import Policy
from .serialization import PARTIAL_BACKLOG, Document, from_dict, from_json

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "STDIN",
    "InputFileError",
    "decode",
    "describe",
    "is_stdin",
    "load_document",
    "load_policy",
    "policy_format",
    "read_bytes",
    "read_text",
]

#: The name that means standard input.
STDIN = "-"

_UTF16_32 = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16 LE, which it starts with
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)

# How a JSON text that may be valid but is not an object starts.
_JSON_NOT_OBJECT = (
    ("[", "an array"), ('"', "a string"), ("true", "true"), ("false", "false"),
    ("null", "null"), *((digit, "a number") for digit in "-0123456789"),
)


class InputFileError(InvalidValueError):
    """A file cannot be read, is not UTF-8 text, or is not TOML or JSON.

    The message names the file (``document file plan.json``, ``policy on
    standard input``); ``field`` is the ``what`` given to the reader and
    ``value`` the path as given.
    """


def is_stdin(source: str | os.PathLike[str]) -> bool:
    """Whether ``source`` names standard input (``-``)."""
    return os.fspath(source) == STDIN


def describe(source: str | os.PathLike[str], what: str) -> str:
    """How messages name a source: ``policy file strict.toml``, ``document on standard input``.

    Examples:
        >>> describe("strict.toml", "policy"), describe("-", "document")
        ('policy file strict.toml', 'document on standard input')
    """
    if is_stdin(source):
        return f"{what} on standard input"
    return f"{what} file {os.fspath(source)}"


def _fail(source: str | os.PathLike[str], what: str, message: str) -> InputFileError:
    return InputFileError(message, field=what, value=os.fspath(source))


def _stdin(source: str | os.PathLike[str], what: str, stdin: BinaryIO | None) -> BinaryIO:
    """Where ``-`` reads from: ``stdin`` if given, else ``sys.stdin.buffer``."""
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise _fail(source, what, f"cannot read {describe(source, what)}: "
                                  "there is no standard input")
    return stream


def open_lines(
    source: str | os.PathLike[str], *, what: str, stdin: BinaryIO | None = None
) -> BinaryIO:
    """A file (or standard input for ``-``) opened to be read line by line, streaming.

    Raises:
        InputFileError: the file is missing, a directory, or unreadable.
    """
    if is_stdin(source):
        return _stdin(source, what, stdin)
    path = Path(source)
    if path.is_dir():
        raise _fail(source, what, f"cannot read {describe(source, what)}: it is a directory")
    try:
        return path.open("rb")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
    except ValueError as exc:  # an embedded NUL byte in the path
        reason = str(exc)
    raise _fail(source, what, f"cannot read {describe(source, what)}: {reason}")


def read_bytes(
    source: str | os.PathLike[str], *, what: str, stdin: BinaryIO | None = None
) -> bytes:
    """The bytes of a file, or of standard input for ``-``.

    Args:
        source: a path, or ``-`` for standard input.
        what: what the file holds, for messages (``document``, ``policy``).
        stdin: where ``-`` reads from (default: ``sys.stdin.buffer``).

    Raises:
        InputFileError: the file is missing, a directory, or unreadable.
    """
    if is_stdin(source):
        stream = _stdin(source, what, stdin)
        try:
            return stream.read()
        except OSError as exc:
            raise _fail(source, what, f"cannot read {describe(source, what)}: "
                                      f"{exc.strerror or exc}") from None
    path = Path(source)
    try:
        return path.read_bytes()
    except IsADirectoryError:
        reason = "it is a directory"
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if path.is_dir():  # Windows says "Permission denied" for a directory
            reason = "it is a directory"
    except ValueError as exc:  # an embedded NUL byte in the path
        reason = str(exc)
    raise _fail(source, what, f"cannot read {describe(source, what)}: {reason}")


def _where(data: bytes, offset: int) -> str:
    """Line and column (in characters, as editors count) of a byte, and its offset."""
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return f"line {line}, column {column} (byte offset {offset})"


def decode(data: bytes, *, source: str | os.PathLike[str] = STDIN, what: str = "input") -> str:
    r"""Strict UTF-8 text from bytes; a UTF-8 byte order mark is dropped.

    Examples:
        >>> decode(b"\xef\xbb\xbf{}")
        '{}'
        >>> decode(b'{"name": "Lef\xe8vre"}', source="acme.json", what="document")
        Traceback (most recent call last):
        ...
        relance._io.files.InputFileError: document file acme.json is not UTF-8 text: byte 0xe8 ...

    Raises:
        InputFileError: a UTF-16/32 file, a binary file (a NUL byte), or bytes
            that are not UTF-8, with the position of the first bad byte.
    """
    name = describe(source, what)
    for bom, encoding in _UTF16_32:
        if data.startswith(bom):
            raise _fail(source, what, f"{name} is {encoding} text (it starts with a byte order "
                                      f"mark {bom.hex(' ').upper()}); save it as UTF-8")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    nul = data.find(b"\0")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        if 0 <= nul < exc.start:
            raise _fail(source, what, f"{name} is a binary file, not text: "
                                      f"a NUL byte at {_where(data, nul)}") from None
        raise _fail(source, what, f"{name} is not UTF-8 text: byte 0x{data[exc.start]:02x} at "
                                  f"{_where(data, exc.start)}; save it as UTF-8") from None
    if nul >= 0:
        raise _fail(source, what, f"{name} is a binary file, not text: a NUL byte at "
                                  f"{_where(data, nul)}")
    return text


def read_text(
    source: str | os.PathLike[str], *, what: str, stdin: BinaryIO | None = None
) -> str:
    """The text of a file (or of standard input for ``-``), read as bytes, strict UTF-8.

    Args:
        source: a path, or ``-`` for standard input.
        what: what the file holds, for messages (``document``, ``policy``).
        stdin: where ``-`` reads from (default: ``sys.stdin.buffer``).

    Returns:
        The text, without a UTF-8 byte order mark.

    Raises:
        InputFileError: the file cannot be read or is not UTF-8 text; the
            message names the file and, for bad bytes, their position.
    """
    return decode(read_bytes(source, what=what, stdin=stdin), source=source, what=what)


def _refuse_non_object(text: str, source: str | os.PathLike[str], what: str) -> None:
    """Refuse a JSON text that is valid but not an object, before structuring it."""
    stripped = text.lstrip(" \t\r\n")
    kind = next((kind for start, kind in _JSON_NOT_OBJECT if stripped.startswith(start)), None)
    if kind is None:  # an object, or not JSON at all: from_json says which
        return
    raise _fail(source, what, f"{describe(source, what)}: $: a JSON object is expected "
                              f"(got {kind})")


def load_document(
    source: str | os.PathLike[str], *, stdin: BinaryIO | None = None,
    partial_backlog: bool = False,
) -> Document:
    """A :class:`~relance.Document` from a JSON file (or standard input for ``-``).

    With ``partial_backlog`` (an audit's input), its touches may name ideas
    the backlog no longer holds.

    Raises:
        InputFileError: the file cannot be read, is not UTF-8 text, or is JSON
            but not an object.
        RelanceError: a bad document, as :func:`~relance.from_json` refuses it
            (its paths start at the document's first key).
    """
    text = read_text(source, what="document", stdin=stdin)
    _refuse_non_object(text, source, "document")
    token = PARTIAL_BACKLOG.set(partial_backlog)
    try:
        return from_json(Document, text)
    finally:
        PARTIAL_BACKLOG.reset(token)


def policy_format(source: str | os.PathLike[str], text: str) -> Literal["toml", "json"]:
    """The format of a policy: by suffix (``.toml``, ``.json``), else by content.

    Without a known suffix (and on standard input), a text whose first
    non-blank character is ``{`` is JSON, anything else TOML.

    Examples:
        >>> policy_format("p.TOML", "{}"), policy_format("-", ' {"cap": 2}'), policy_format("p", "")
        ('toml', 'json', 'toml')
    """
    if not is_stdin(source):
        suffix = Path(source).suffix.lower()
        if suffix == ".toml":
            return "toml"
        if suffix == ".json":
            return "json"
    return "json" if text.lstrip()[:1] == "{" else "toml"


def _policy_table(data: Mapping[str, object], name: str, source: str | os.PathLike[str]
                  ) -> Mapping[str, object]:
    """The policy's keys: the top level, or the ``[policy]`` table alone."""
    table = data.get("policy")
    if not isinstance(table, dict):
        return data
    extra = sorted(set(data) - {"policy"})
    if extra:
        raise _fail(source, "policy", f"{name}: unknown top-level keys beside [policy]: "
                                      + ", ".join(extra))
    return table


def load_policy(
    source: str | os.PathLike[str], *, stdin: BinaryIO | None = None
) -> Policy:
    """A :class:`~relance.Policy` from a TOML or JSON file (or standard input for ``-``).

    The format is decided by :func:`policy_format`.  A TOML policy gives its
    keys at the top level or in a ``[policy]`` table; a JSON policy is an
    object of the policy's keys.  Durations are ISO 8601 strings (``"P7D"``).

    Raises:
        InputFileError: the file cannot be read, is not UTF-8, is not TOML
            (the message gives the line and column), or is JSON but not an
            object.
        RelanceError: a bad policy (an unknown key, a bad value), as
            :func:`~relance.from_json` and :func:`~relance.from_dict` refuse it.
    """
    text = read_text(source, what="policy", stdin=stdin)
    name = describe(source, "policy")
    if policy_format(source, text) == "json":
        _refuse_non_object(text, source, "policy")
        return from_json(Policy, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(source, "policy", f"{name} is not TOML: {exc}") from None
    return from_dict(Policy, _policy_table(data, name, source))
