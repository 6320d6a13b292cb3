"""The plan as a table people read in a terminal (rich), fitted to its width.

* Width: the terminal's when standard output is one, else ``COLUMNS`` when
  set, else 100 (kept between 40 and 500).
* Cells wrap between words; a word is cut only when it alone is wider than
  its column.  The ``why`` column gets the most room.
* Box-drawing characters when the output encoding has them, ``+-|`` otherwise.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .._core.models import Account
from .._core.plan import Plan
from .._words.render import _speaker
from .._words.texts import context_lines
from .output import can_encode, printable

__all__ = ["DEFAULT_WIDTH", "MAX_WIDTH", "MIN_WIDTH", "column_widths", "plan_table", "width_for"]

#: The width when neither a terminal nor ``COLUMNS`` says.
DEFAULT_WIDTH = 100
#: The narrowest and widest tables drawn.
MIN_WIDTH, MAX_WIDTH = 40, 500

_HEADERS = ("when", "who", "channel", "carries", "why")
# How much more room a column gets when space is short: the sentence first.
_WEIGHTS = (1.0, 1.0, 1.0, 1.0, 2.5)


def width_for(stream: TextIO | None, environ: Mapping[str, str] | None = None) -> int:
    """The width to draw at: the terminal's, else ``COLUMNS``, else 100.

    Examples:
        >>> import io
        >>> width_for(io.StringIO(), {"COLUMNS": "132"}), width_for(io.StringIO(), {})
        (132, 100)
        >>> width_for(None, {"COLUMNS": "nonsense"}), width_for(None, {"COLUMNS": "12"})
        (100, 40)
    """
    env = os.environ if environ is None else environ
    width: int | None = None
    try:
        if stream is not None and stream.isatty():
            width = os.get_terminal_size(stream.fileno()).columns or None
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        width = None
    if width is None:
        columns = env.get("COLUMNS", "").strip()
        if columns.isdigit() and len(columns) < 6 and int(columns) > 0:
            width = int(columns)
    return min(MAX_WIDTH, max(MIN_WIDTH, width or DEFAULT_WIDTH))


def _natural(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def column_widths(rows: Sequence[Sequence[str]], available: int,
                  weights: Sequence[float] | None = None) -> list[int]:
    """Widths that fit ``available`` characters, cutting no word while possible.

    Each column starts at its natural width (its longest line); while the
    total is too wide, the column widest for its weight (default: all 1)
    gives one character, down to its longest word; only then are words cut.

    Examples:
        >>> rows = [("when", "why"), ("Mon 09:00", "a long sentence here")]
        >>> column_widths(rows, 40), column_widths(rows, 20), column_widths(rows, 14)
        ([9, 20], [9, 11], [6, 8])
        >>> column_widths(rows, 20, weights=(1, 3))
        [5, 15]
    """
    count = len(rows[0])
    weights = weights if weights is not None else (1.0,) * count
    natural = [max(1, *(_natural(row[i]) for row in rows)) for i in range(count)]
    floor = [min(natural[i], max(1, *(_longest_word(row[i]) for row in rows)))
             for i in range(count)]
    widths = list(natural)
    excess = sum(widths) - available
    for limit in (floor, [1] * count):
        while excess > 0:
            shrinkable = [i for i in range(count) if widths[i] > limit[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: (widths[i] / weights[i], i))
            widths[widest] -= 1
            excess -= 1
    return widths


def _cells(
    result: Plan, account: Account, locale: str
) -> list[tuple[str, str, str, str, str]]:
    say = _speaker(locale)
    rows = []
    for r in result.relances:
        contact = account.contact(r.contact_id)
        if r.idea_id:
            carries = r.idea_id
        elif r.checkpoint_id:
            carries = f"{say.text('kind.checkpoint')} {r.checkpoint_id}"
        else:
            carries = say.text("kind.reply")
        rows.append((
            say.value("instant", r.at, {}, "at", ""),
            f"{contact.name} ({say.text(f'role.{contact.role.value}')})",
            say.text(f"channel.{r.channel.value}"),
            carries,
            r.render(locale),
        ))
    return rows


def plan_table(
    result: Plan, account: Account, *, width: int, encoding: str = "utf-8", locale: str = "en"
) -> str:
    """The plan as text: a table of relances, then needs, advice and skipped ideas.

    Args:
        result: the plan.
        account: its account (for names and roles).
        width: the width to fit, in characters.
        encoding: the encoding the text will be written in; without
            box-drawing characters, the table is drawn in ASCII.
        locale: the language of the words (``en``, ``fr``).
    """
    say = _speaker(locale)
    headers = tuple(say.text(f"column.{name}") for name in _HEADERS)
    shape = box.HEAVY_HEAD if can_encode(str(box.HEAVY_HEAD), encoding) else box.ASCII
    console = Console(
        width=width, file=io.StringIO(), color_system=None, force_terminal=False,
        force_jupyter=False, force_interactive=False, legacy_windows=False, emoji=False,
        markup=False, highlight=False, soft_wrap=False,
    )
    rows = _cells(result, account, locale)
    available = width - (3 * len(headers) + 1)  # borders, separators and padding
    widths = column_widths([headers, *rows], max(len(headers), available), _WEIGHTS)
    title = say.text("table.title").format(account=printable(account.name))
    table = Table(title=Text(title), box=shape, safe_box=False, expand=False)
    for header, column_width in zip(headers, widths, strict=True):
        table.add_column(Text(header), width=column_width, overflow="fold")
    for row in rows:
        table.add_row(*(Text(printable(cell)) for cell in row))
    console.print(table)
    lines: list[str] = context_lines(result, locale, "table")
    if not result.relances:
        lines.append(say.text("table.nothing"))
    lines += [say.text("table.needed").format(why=need.render(locale)) for need in result.needs]
    lines += [say.text("table.advice").format(code=a.code, why=a.render(locale))
              for a in result.advice]
    lines += [say.text("table.skipped").format(idea=s.idea_id, code=s.code, why=s.render(locale))
              for s in result.skipped]
    lines += [say.text("table.waiting").format(idea=w.idea_id, code=w.code, why=w.render(locale))
              for w in result.waiting]
    for line in lines:
        console.print(Text(printable(line)), overflow="fold")
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(printed, str)
    return "".join(line.rstrip() + "\n" for line in printed.splitlines())
