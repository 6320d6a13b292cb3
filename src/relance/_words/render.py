"""Sentences from codes and parameters, in the reader's language.

The rules and the planner explain themselves with data
(:class:`~relance.Explanation`: a code and typed parameters); this module is
the one place that turns them into words.  The sentences live in gettext
catalogs, one per language (``locales/<lang>/LC_MESSAGES/relance.po``), read
with Babel; dates, durations, lists and numbers are formatted by Babel in the
reader's locale, holiday names by the ``holidays`` package in the reader's
language where it has them.  Adding a language is adding a catalog (see
``docs/explanations.md``).

Message ids are the explanation's code, followed by ``.<case>`` when the
explanation has a ``case`` parameter: ``too-soon.grown``.  A few formats are
messages too (``format.instant`` is the Babel pattern of an instant), so a
catalog also says how its language writes a date.
"""

from __future__ import annotations

import functools
import io
import string
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal
from zoneinfo import ZoneInfo

import babel
from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from babel.units import format_unit

if TYPE_CHECKING:
    import holidays

from .._core.errors import InvalidValueError, short_repr
from .._core.explain import CASES, PARAMS, Explanation, ParamKind, register_renderer
from .._core.instants import Elapsed, is_whole_days, micros
from .._core.models import _iana_names
from .._core.validation import to_time

__all__ = [
    "LOCALES",
    "catalog_ids",
    "language_of",
    "message_ids",
    "render_explanation",
    "translations",
]

#: Where the catalogs are.
LOCALE_DIR: Final = Path(__file__).parent / "locales"
DOMAIN: Final = "relance"

#: The languages with a catalog.
LOCALES: Final = tuple(sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir()))

#: The codes whose sentences agree in number with one of their parameters.
PLURAL_PARAM: Final[Mapping[str, str]] = {
    "unanswered-limit": "unanswered",
    "too-soon": "unanswered",
    "frequency-cap": "count",
    "timing.too-soon": "unanswered",
    "advice.unanswered-limit": "unanswered",
}

#: The formats a catalog gives (message ids that are not explanations).
FORMAT_IDS: Final = (
    "format.instant",  # a Babel datetime pattern
    "format.instant.zone",  # "{when} {zone}"
    "format.date",  # a Babel date pattern
    "format.time",  # a Babel time pattern
    "format.hours",  # an interval of local time: "{start}-{end}"
    "list.none",  # an empty list
    "format.quote",  # a phrase quoted from a message
    # whole plans and verdicts (relance._words.texts)
    "plan.header", "plan.nothing", "plan.line", "plan.needed", "plan.advice", "plan.skipped",
    "plan.waiting", "plan.flag", "plan.hypothesis", "support.fact", "support.story",
    "kind.idea", "kind.checkpoint", "kind.reply",
    "verdict.allowed", "verdict.refused", "verdict.earliest", "verdict.never",
    "column.when", "column.who", "column.channel", "column.carries", "column.why",
    "column.code", "column.lifts", "column.idea", "column.by", "column.until",
    "column.suggest", "column.support", "column.need",
    "section.relances", "section.needs", "section.advice", "section.flags",
    "section.hypotheses", "section.skipped", "section.waiting",
    # the command line's table
    "table.title", "table.nothing", "table.needed", "table.advice", "table.skipped",
    "table.waiting", "table.flag", "table.hypothesis",
    # audits (relance._words.audit, and the command line's portfolio table)
    "audit.text.header", "audit.text.clean", "audit.text.finding", "audit.text.summary",
    "audit.text.judged", "audit.text.refused", "audit.text.empty", "audit.text.too-soon",
    "audit.text.over-cap", "audit.text.outside", "audit.text.by-code", "audit.text.silence",
    "audit.text.no-silence", "audit.text.months", "audit.text.partly", "audit.text.total",
    "audit.column.account", "audit.column.judged", "audit.column.refused",
    "audit.column.empty", "audit.column.too-soon", "audit.column.over-cap",
    "audit.column.outside", "audit.column.silence",
)


def message_ids() -> tuple[str, ...]:
    """Every message id the library renders (explanations, roles, channels, formats)."""
    from .._core.models import Channel, Role

    ids = [
        f"{code}.{case}" for code in PARAMS for case in CASES.get(code, ("",))
    ]
    ids = [i.rstrip(".") for i in ids]
    ids += [f"role.{r.value}" for r in Role] + [f"channel.{c.value}" for c in Channel]
    ids += list(FORMAT_IDS)
    from .review import CODES, OUTCOMES

    ids += [f"review.{code}" for codes in CODES.values() for code in codes]
    ids += [f"review.outcome.{outcome}" for outcome in OUTCOMES] + ["review.pressure-note"]
    return tuple(ids)


def language_of(locale: object) -> tuple[str, babel.Locale]:
    """The catalog language and the Babel locale of ``locale`` (``fr``, ``fr_CA``, ``en-GB``).

    Raises:
        InvalidValueError: not a locale, or one whose language has no catalog.
    """
    if not isinstance(locale, str):
        raise InvalidValueError(
            f"locale must be a str such as 'en' or 'fr' (got {short_repr(locale)})",
            field="locale", value=locale,
        )
    return _language_of(locale)


@functools.lru_cache(maxsize=64)
def _language_of(locale: str) -> tuple[str, babel.Locale]:
    try:
        parsed = babel.Locale.parse(locale.replace("-", "_"))
    except (ValueError, TypeError, babel.UnknownLocaleError):
        parsed = None
    if parsed is None or parsed.language not in LOCALES:
        raise InvalidValueError(
            f"locale {locale!r} is not available (languages: {', '.join(LOCALES)})",
            field="locale", value=locale,
        )
    return parsed.language, parsed


@functools.cache
def _catalog(language: str) -> tuple[Translations, frozenset[str]]:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    plural = frozenset(
        m.id[0] for m in catalog if m.id and isinstance(m.id, tuple)
    )
    return Translations(buffer, domain=DOMAIN), plural


def translations(locale: str) -> Translations:
    """The gettext translations of ``locale``'s language."""
    language, _ = language_of(locale)
    return _catalog(language)[0]


def catalog_ids(language: str) -> dict[str, tuple[str, ...]]:
    """A catalog's entries: id to its string(s) (plural forms for plural ids)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    found: dict[str, tuple[str, ...]] = {}
    for m in catalog:
        if not m.id:
            continue
        key = str(m.id[0] if isinstance(m.id, (tuple, list)) else m.id)
        strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
        found[key] = tuple(str(text or "") for text in strings)
    return found


def needed(code: str, case: str | None) -> tuple[str, ...]:
    """The parameters the English sentence of ``code`` (and ``case``) says."""
    key = code if not case else f"{code}.{case}"
    return _needed(key)


@functools.cache
def _needed(key: str) -> tuple[str, ...]:
    strings = catalog_ids("en").get(key, ("",))
    return tuple(sorted({name for text in strings for name in _placeholders(text)}))


class _Speaker:
    """Renders for one locale."""

    def __init__(self, locale: str) -> None:
        self.language, self.locale = language_of(locale)
        self.tr, self.plural = _catalog(self.language)
        # Values already said: formatting with babel is most of rendering,
        # and a plan says the same instants, counts and durations again and again.
        self._said: dict[tuple[object, ...], str] = {}

    def text(self, msgid: str) -> str:
        found = self.tr.gettext(msgid)
        if found == msgid:  # pragma: no cover - a test checks every id is translated
            raise InvalidValueError(
                f"no {self.language!r} sentence for {msgid!r}", field="code", value=msgid
            )
        return str(found)

    def sentence(self, explanation: Explanation) -> str:
        code, params = explanation.code, explanation.params
        kinds = PARAMS.get(code)
        if kinds is None:
            raise InvalidValueError(
                f"code {code!r} has no sentence and the explanation carries no text",
                field="code", value=code,
            )
        case = params.get("case")
        msgid = code if case is None or case == "" else f"{code}.{case}"
        if msgid in self.plural:
            count = params.get(PLURAL_PARAM[code])
            template = str(self.tr.ngettext(msgid, msgid, count if isinstance(count, int) else 0))
        else:
            template = self.text(msgid)
        values = {}
        for name in _placeholders(template):
            if name not in params:
                raise InvalidValueError(
                    f"explanation {msgid!r} needs parameter {name!r}",
                    field=f"params.{name}", value=None,
                )
            values[name] = self.value(kinds.get(name, "text"), params[name], params, name, code)
        return template.format_map(values)

    def value(self, kind: ParamKind, value: object, params: Mapping[str, object],
              name: str, code: str) -> str:
        if kind in _MEMO_KINDS and isinstance(value, (datetime, date, time, timedelta, int,
                                                      float)):
            # Equal instants in two zones are equal keys: the zone and offset
            # are part of the key (and the zone the sentence is said in).
            tz = getattr(value, "tzinfo", None)
            key = (kind, type(value), value, type(tz), getattr(tz, "key", None),
                   getattr(value, "utcoffset", _none)(), getattr(value, "fold", 0),
                   params.get("zone") if kind == "instant" else None)
            found = self._said.get(key)
            if found is None:
                if len(self._said) >= _MEMO_SIZE:
                    self._said.clear()
                found = self._said[key] = self._value(kind, value, params, name, code)
            return found
        return self._value(kind, value, params, name, code)

    def _value(self, kind: ParamKind, value: object, params: Mapping[str, object],
               name: str, code: str) -> str:
        if kind == "instant" and isinstance(value, datetime):
            zone_name, tzinfo = _zone_of(value, params.get("zone"))
            when = format_datetime(value, self.text("format.instant"), tzinfo=tzinfo,
                                   locale=self.locale)
            return self.text("format.instant.zone").format(when=when, zone=zone_name)
        if kind == "date" and isinstance(value, date):
            return str(format_date(value, self.text("format.date"), locale=self.locale))
        if kind == "time" and isinstance(value, time):
            return str(format_time(value, self.text("format.time"), locale=self.locale))
        if kind == "duration" and isinstance(value, timedelta):
            return self.duration(value)
        if kind in ("count", "number") and isinstance(value, (int, float)):
            return str(format_decimal(value, locale=self.locale))
        # Alternatives ("try Bob or another channel") are joined with "or".
        style: Literal["standard", "or"] = (
            "or" if kind == "explanations" or code.startswith(("try.", "action.")) else "standard"
        )
        if kind == "quotes" and isinstance(value, (tuple, list)):
            quote = self.text("format.quote")
            return self.listing([quote.format(text=v) for v in value], style)
        if kind == "hours" and isinstance(value, (tuple, list)):
            return self.listing([self.interval(str(v)) for v in value], style)
        if kind in ("ids", "channels") and isinstance(value, (tuple, list)):
            items = [self.text(f"channel.{v}") if kind == "channels" else str(v) for v in value]
            return self.listing(items, style)
        if kind == "channel":
            return self.text(f"channel.{value}")
        if kind == "role":
            return self.text(f"role.{value}")
        if kind == "explanation" and isinstance(value, Explanation):
            return self.render(value)
        if kind == "explanations" and isinstance(value, (tuple, list)):
            return self.listing([self.render(v) for v in value], style)
        if kind == "note":
            return f" ({value})" if value else ""
        if kind == "text" and name == "holiday" and "country" in params:
            return self.holiday(params, str(value))
        return str(value)

    def interval(self, value: str) -> str:
        """``"09:00-12:00"`` in the reader's words, each time in the locale's format."""
        start, _, end = value.partition("-")
        times = [to_time(t) for t in (start, end)]
        if not all(isinstance(t, time) for t in times):
            return value
        return self.text("format.hours").format(
            start=format_time(times[0], self.text("format.time"), locale=self.locale),
            end=format_time(times[1], self.text("format.time"), locale=self.locale))

    def listing(self, items: list[str], style: Literal["standard", "or"] = "standard") -> str:
        if not items:
            return self.text("list.none")
        return str(format_list(items, style=style, locale=self.locale))

    def duration(self, value: timedelta) -> str:
        if is_whole_days(value) and not isinstance(value, Elapsed):
            return str(format_unit(value.days, "duration-day", length="long",
                                   locale=self.locale))
        us = micros(value)
        for unit, size in (("hour", 3_600_000_000), ("minute", 60_000_000)):
            if us and us % size == 0:
                return str(format_unit(us // size, f"duration-{unit}", length="short",
                                       locale=self.locale))
        return str(format_unit(us / 1_000_000, "duration-second", length="short",
                               locale=self.locale))

    def holiday(self, params: Mapping[str, object], default: str) -> str:
        day = params.get("day")
        country = params.get("country")
        subdivision = params.get("subdivision")
        if not isinstance(day, date) or not isinstance(country, str):
            return default
        try:
            supported = _supported_languages(country)
        except NotImplementedError:  # a country read from JSON that holidays does not know
            return default
        wanted = [self.language, f"{self.language}_US", f"{self.language}_GB"]
        language = next((w for w in wanted if w in supported), None)
        if language is None:
            return default
        try:
            named = _holidays_in(country, subdivision if isinstance(subdivision, str) else None,
                                 language, day.year).get(day)
        except (NotImplementedError, ValueError, KeyError):  # parameters read from JSON
            return default
        return str(named) if named else default

    def render(self, explanation: Explanation) -> str:
        if explanation.text is not None:
            return explanation.text
        return self.sentence(explanation)


@functools.lru_cache(maxsize=256)
def _supported_languages(country: str) -> tuple[str, ...]:
    import holidays

    return tuple(holidays.country_holidays(country).supported_languages)


@functools.lru_cache(maxsize=256)
def _holidays_in(
    country: str, subdivision: str | None, language: str, year: int
) -> holidays.HolidayBase:
    import holidays

    return holidays.country_holidays(country, subdiv=subdivision, language=language,
                                     years=year)


def _zone_of(value: datetime, given: object) -> tuple[str, tzinfo]:
    """The zone to say an instant in: the ``zone`` parameter, else the instant's own.

    An instant with a fixed offset (no IANA name) is said at that offset.
    """
    for name in (given, getattr(value.tzinfo, "key", None), getattr(value.tzinfo, "name", None)):
        if isinstance(name, str) and name in _iana_names():
            return name, ZoneInfo(name)
    offset = value.utcoffset() or timedelta(0)
    return (value.strftime("UTC%z") if offset else "UTC"), timezone(offset)


@functools.cache
def _placeholders(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


#: The kinds of values whose words depend on the value and the locale only.
_MEMO_KINDS: Final = frozenset({"instant", "date", "time", "duration", "count", "number"})
_MEMO_SIZE: Final = 4096


def _none() -> None:
    return None


@functools.lru_cache(maxsize=64)
def _speaker(locale: str) -> _Speaker:
    return _Speaker(locale)


def render_explanation(explanation: Explanation, locale: str = "en") -> str:
    """The sentence of ``explanation`` in ``locale``.

    Raises:
        InvalidValueError: an unknown locale (field ``locale``), a code with no
            sentence and no text (``code``), or a parameter the sentence needs
            that the explanation lacks (``params.<name>``).
    """
    language_of(locale)
    return _speaker(locale).render(explanation)


register_renderer("explanation", render_explanation)
