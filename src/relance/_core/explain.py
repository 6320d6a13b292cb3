"""Explanations as data: a stable code and typed parameters, no words.

Rules and the planner decide; they say *why* with an :class:`Explanation` (a
code such as ``too-soon`` and parameters such as the instant of the last
touch and the gap).  The sentences people read are rendered apart, from the
catalogs of ``relance._words``, in the reader's language, and only when read.

:data:`PARAMS` lists, for every code the library produces, its parameters
and their kinds: the contract that JSON, the JSON Schema and the catalogs
follow.  An explanation's ``case`` parameter, when present, picks one of the
code's sentences (``channel-unavailable`` is ``not-used`` or ``bounced``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Final, Literal, TypeAlias

import attrs

from .errors import InvalidValueError, RelanceError, short_repr

__all__ = [
    "CASES",
    "PARAMS",
    "Explanation",
    "ParamKind",
    "Params",
    "reader",
    "register_reader",
    "register_renderer",
    "render",
    "speaker",
    "to_params",
]

ParamKind: TypeAlias = Literal[
    "instant",  # an aware datetime, in the zone it is read in
    "date",  # a local date
    "time",  # a local time of day
    "duration",  # a timedelta: whole calendar days, or elapsed (Elapsed)
    "count",  # a whole number
    "number",  # a real number (a backoff factor)
    "name",  # a person's or an account's name
    "id",  # an id (idea, checkpoint, contact, need, code)
    "ids",  # several ids
    "quotes",  # several phrases quoted from people's words
    "text",  # free text from the data (a note, a summary, a holiday's name)
    "note",  # an optional note, said in brackets when not empty
    "zone",  # an IANA zone name
    "country",  # an ISO 3166 code
    "channel",  # a channel value
    "channels",  # several channel values
    "hours",  # intervals of local time, such as "09:00-12:00"
    "role",  # a role value
    "case",  # which sentence of the code
    "explanation",  # a nested explanation
    "explanations",  # several nested explanations
]

#: Every code the library explains with, its parameters and their kinds.
#: Parameters may be absent when the sentence (its ``case``) does not use them.
PARAMS: Final[Mapping[str, Mapping[str, ParamKind]]] = {
    # -- reasons: one per built-in rule (the rule's code) --------------------------
    "do-not-contact": {"case": "case", "contact": "name", "contact_id": "id"},
    "channel-unavailable": {
        "case": "case", "channel": "channel", "contact": "name", "uses": "channels",
    },
    "no-reply-pending": {"case": "case", "contact": "name", "arrives": "instant", "zone": "zone"},
    "checkpoint-unavailable": {
        "case": "case", "checkpoint": "id", "agreed_with": "id", "contact_id": "id",
    },
    "checkpoint-not-due": {"checkpoint": "id", "due": "instant", "zone": "zone"},
    "checkpoint-missed": {
        "checkpoint": "id", "contact": "name", "agreed": "instant", "grace": "duration",
        "zone": "zone",
    },
    "no-new-idea": {},
    "empty-check-in": {"phrases": "quotes"},
    "idea-already-shared": {"idea": "id", "account": "name"},
    "idea-not-relevant": {"idea": "id", "addresses": "ids", "account": "name", "needs": "ids"},
    "idea-not-ready": {"idea": "id", "available": "instant", "zone": "zone"},
    "idea-expired": {"idea": "id", "stale": "instant", "zone": "zone"},
    "too-soon": {
        "case": "case", "account": "name", "contact": "name", "last": "instant",
        "gap": "duration", "unanswered": "count", "spacing": "duration", "until": "instant",
        "zone": "zone",
    },
    "unanswered-limit": {"contact": "name", "unanswered": "count"},
    "cooling-off": {
        "account": "name", "declined": "instant", "cool_off": "duration", "until": "instant",
        "zone": "zone",
    },
    "frequency-cap": {
        "case": "case", "count": "count", "account": "name", "whose": "explanation",
        "window": "duration", "period": "explanation", "cap": "count", "until": "instant",
        "zone": "zone",
    },
    "whose.account": {"account": "name"},
    "whose.account-channel": {"account": "name", "channel": "channel"},
    "whose.contact": {"contact": "name"},
    "whose.contact-channel": {"contact": "name", "channel": "channel"},
    **{f"period.{name}": {} for name in ("day", "week", "month", "quarter")},
    "before-agreed-date": {
        "case": "case", "account": "name", "contact": "name", "until": "instant",
        "note": "text", "period": "id", "zone": "zone",
    },
    "tension-open": {
        "case": "case", "account": "name", "opened": "instant", "until": "instant",
        "tension": "id", "note": "text", "zone": "zone",
    },
    "contact-away": {
        "case": "case", "contact": "name", "absence": "id", "note": "text",
        "replied": "instant", "until": "instant", "settle_in": "duration", "zone": "zone",
    },
    "owner-away": {
        "case": "case", "owner": "name", "leave": "id", "note": "text", "until": "instant",
        "zone": "zone",
    },
    "outside-hours": {
        "case": "case", "at": "instant", "contact": "name", "start": "time", "end": "time",
        "hours": "hours", "when": "explanation", "zone": "zone",
    },
    "non-working-day": {
        "case": "case", "day": "date", "holiday": "text", "contact": "name",
        "country": "country", "subdivision": "id", "when": "explanation",
    },
    # -- parts of reasons ------------------------------------------------------------
    "when.until": {"until": "instant", "zone": "zone"},
    "when.never": {},
    # -- the why of a planned relance ------------------------------------------------
    "relance.reply": {
        "contact": "name", "received": "instant", "timing": "explanation", "at": "instant",
        "zone": "zone",
    },
    "relance.checkpoint": {
        "case": "case", "checkpoint": "id", "note": "note", "contact": "name",
        "agreed": "instant", "timing": "explanation", "at": "instant", "zone": "zone",
    },
    "relance.idea": {
        "case": "case", "idea": "id", "summary": "text", "priority": "count", "contact": "name",
        "target": "explanation", "ahead": "ids", "timing": "explanation", "at": "instant",
        "zone": "zone",
    },
    # who a new idea goes to
    "target.meant-for": {},
    "target.role-meant-for": {"role": "role"},
    "target.decision-maker": {},
    "target.allocates-budget": {},
    "target.answered-last": {},
    "target.reachable": {"role": "role"},
    # which rule set the instant
    "timing.right-away": {},
    "timing.first-slot": {},
    "timing.too-soon": {
        "case": "case", "gap": "duration", "unanswered": "count", "spacing": "duration",
    },
    "timing.frequency-cap": {"window": "duration", "cap": "count"},
    "timing.cap-rolling": {"cap": "count", "whose": "explanation", "window": "duration"},
    "timing.cap-period": {"cap": "count", "whose": "explanation", "period": "explanation"},
    "timing.cooling-off": {"cool_off": "duration"},
    "timing.before-agreed-date": {},
    "timing.contact-away": {},
    "timing.tension-open": {},
    "timing.owner-away": {},
    "timing.idea-not-ready": {},
    "timing.checkpoint-not-due": {},
    "timing.other": {"code": "id"},
    "timing.then-slot": {"timing": "explanation"},
    # -- presence, advice, skipped ideas -------------------------------------------------
    "idea-needed": {
        "case": "case", "need": "id", "by": "instant", "target": "explanation",
        "since": "explanation", "moved": "explanation", "zone": "zone",
    },
    "needed.for": {"contact": "name"},
    "needed.nobody": {},
    "since.silent": {},
    "since.last": {"last": "instant", "zone": "zone"},
    "advice.unanswered-limit": {
        "case": "case", "contact": "name", "unanswered": "count", "tries": "explanations",
    },
    "try.contact": {"contact": "name", "role": "role"},
    "try.channels": {"channels": "channels"},
    "try.lighter": {"idea": "id", "summary": "text"},
    "try.map": {},
    "advice.cooling-off": {
        "case": "case", "account": "name", "declined": "instant", "ends": "instant",
        "decider": "name", "zone": "zone",
    },
    "advice.checkpoint-missed": {
        "checkpoint": "id", "note": "note", "contact": "name", "agreed": "instant",
        "grace": "duration", "zone": "zone",
    },
    "waiting": {
        "case": "case", "idea": "id", "contact": "name", "until": "instant",
        "timing": "explanation", "code": "id", "flag": "id", "zone": "zone",
    },
    "advice.tension-open": {
        "case": "case", "account": "name", "opened": "instant", "ideas": "ids", "zone": "zone",
    },
    "advice.agreed-review": {
        "account": "name", "opened": "instant", "resolved": "instant", "zone": "zone",
    },
    # -- qualification: red flags and what they ask --------------------------------------
    "flag.no-decision-map": {"case": "case", "account": "name"},
    "flag.vague-budget": {"case": "case", "account": "name", "notes": "text"},
    "flag.unbacked-engagement": {"case": "case", "account": "name", "notes": "note"},
    "flag.heavy-process": {"case": "case", "account": "name", "lead_time": "duration"},
    "flag.urgency-mismatch": {
        "deadline": "instant", "lead_time": "duration", "ready": "instant", "zone": "zone",
    },
    "flag.incumbent-provider": {"case": "case", "provider": "text", "scope": "text"},
    "relance.lighter-idea": {
        "idea": "id", "summary": "text", "priority": "count", "contact": "name",
        "target": "explanation",
        "timing": "explanation", "at": "instant", "flag": "id", "zone": "zone",
    },
    "timing.flag-envelope": {"flag": "id"},
    "advice.no-decision-map": {
        "case": "case", "account": "name", "contact": "name", "before": "explanation",
    },
    "before.selling": {"idea": "id", "at": "instant", "zone": "zone"},
    "before.any": {},
    "advice.incumbent-provider": {
        "case": "case", "providers": "ids", "account": "name", "idea": "id", "summary": "text",
    },
    "advice.lighter-entry": {"flag": "id", "account": "name"},
    # -- silence: readings, the facts behind them, the actions they call for ------------
    **{f"hypothesis.{code}": {
        "case": "case", "subject": "name", "fact": "explanation", "action": "explanation",
    } for code in ("under-pressure", "needs-proof")},
    **{f"hypothesis.{code}": {
        "subject": "name", "fact": "explanation", "action": "explanation",
    } for code in ("away", "known-date", "not-received", "no-authority")},
    **{f"hypothesis.{code}": {"subject": "name", "action": "explanation"}
       for code in ("unsure", "busy-elsewhere")},
    "fact.out-of-office": {
        "case": "case", "contact": "name", "replied": "instant", "returns": "instant",
        "zone": "zone",
    },
    "fact.absence": {
        "absence": "id", "contact": "name", "start": "instant", "end": "instant", "zone": "zone",
    },
    "fact.quiet-period": {"period": "id", "until": "instant", "zone": "zone"},
    "fact.checkpoint": {"checkpoint": "id", "until": "instant", "zone": "zone"},
    "fact.bounced": {"contact": "name", "channel": "channel", "at": "instant", "zone": "zone"},
    "fact.role": {"contact": "name", "role": "role"},
    "fact.flag": {"flag": "explanation"},
    "fact.qualification": {"dimension": "explanation"},
    **{f"dimension.{name}": {} for name in (
        "value", "environment", "expectations", "decision", "urgency", "engagement")},
    "action.wait-for-date": {"until": "instant", "zone": "zone"},
    "action.give-time": {},
    "action.other-channel": {"channels": "channels"},
    "action.reach-decider": {"contact": "name"},
    "action.map-decision": {},
    "action.send-proof": {"case": "case", "idea": "id", "summary": "text"},
    "action.lighter-step": {"case": "case", "idea": "id", "summary": "text"},
    "skipped.idea-not-relevant": {"needs": "ids"},
    "skipped.idea-already-shared": {},
    "skipped.idea-expired": {"case": "case", "stale": "instant", "zone": "zone"},
    # -- the audit of a history --------------------------------------------------------
    "audit.finding": {
        "case": "case", "at": "instant", "contact": "name", "channel": "channel",
        "idea": "id", "checkpoint": "id", "zone": "zone",
    },
    "audit.silence": {
        "case": "case", "length": "duration", "start": "instant", "end": "instant",
    },
}

#: The cases of each code that has several sentences.
CASES: Final[Mapping[str, tuple[str, ...]]] = {
    "do-not-contact": ("flagged", "opted-out"),
    "channel-unavailable": ("not-used", "bounced"),
    "no-reply-pending": ("nothing-awaits", "arrives-later"),
    "checkpoint-unavailable": ("other-contact", "kept"),
    "too-soon": ("base", "grown", "spacing"),
    # "": the account's own rolling cap (cap, cap_window), said as it always was.
    "frequency-cap": ("", "rolling", "period"),
    # "": daily working hours (start, end); "schedule": the day's intervals (hours);
    # "day-off": a weekday the schedule does not work.
    "outside-hours": ("", "schedule", "day-off"),
    "before-agreed-date": ("plain", "noted", "contact", "contact-noted"),
    "contact-away": ("absence", "absence-noted", "out-of-office", "presumed"),
    "tension-open": ("open", "open-noted", "until", "until-noted"),
    "owner-away": ("plain", "noted"),
    "advice.tension-open": ("repair", "no-repair"),
    "non-working-day": ("weekend", "holiday"),
    "relance.checkpoint": ("agreed", "overdue", "moved"),
    # "": the only idea usable then; "ahead": chosen over others usable at that instant.
    "relance.idea": ("", "ahead"),
    "timing.too-soon": ("base", "grown", "spacing"),
    "idea-needed": ("any", "addressing", "any-moved", "addressing-moved"),
    "advice.unanswered-limit": ("plain", "try"),
    "advice.cooling-off": ("plain", "decider", "allocator", "map"),
    "skipped.idea-expired": ("before-plan", "on"),
    "waiting": ("later", "unreachable", "nobody", "held", "envelope"),
    "flag.no-decision-map": ("nobody", "no-allocator", "no-decider"),
    "flag.vague-budget": ("plain", "noted"),
    "flag.unbacked-engagement": ("unknown", "none", "vague"),
    "flag.heavy-process": ("plain", "lead"),
    "flag.incumbent-provider": ("plain", "scoped"),
    "advice.no-decision-map": ("nobody", "no-allocator", "no-decider"),
    "advice.incumbent-provider": ("needed", "lead"),
    "hypothesis.under-pressure": ("fact", "story"),
    "hypothesis.needs-proof": ("fact", "story"),
    "fact.out-of-office": ("plain", "returns"),
    "action.send-proof": ("idea", "none"),
    "action.lighter-step": ("idea", "none"),
    "audit.finding": ("idea", "checkpoint", "reply", "none"),
    "audit.silence": ("between", "ongoing"),
}

Param: TypeAlias = (
    "str | int | float | datetime | date | time | timedelta | tuple[str, ...] "
    "| Explanation | tuple[Explanation, ...] | None"
)


class Params(Mapping[str, object]):
    """An explanation's parameters: a read-only, hashable mapping.

    Examples:
        >>> p = Params({"idea": "pilot", "count": 2})
        >>> p["idea"], len(p), p == {"idea": "pilot", "count": 2}
        ('pilot', 2, True)
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, object] | None = None) -> None:
        # Lists become tuples and sets sorted tuples: one value, one form.
        self._items: dict[str, object] = {
            key: _frozen(value) if isinstance(value, _MUTABLE) else value
            for key, value in (items or {}).items()
        }

    @classmethod
    def of(cls, value: Mapping[str, object] | None) -> Params:
        """The value as ``Params`` (itself when it already is)."""
        if isinstance(value, Params):
            return value
        if value is None:
            return cls()
        if not isinstance(value, Mapping):
            raise InvalidValueError(
                f"params must be a mapping (got {short_repr(value)})", field="params",
                value=value,
            )
        return cls(value)

    def __getitem__(self, key: str) -> object:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, _hashable(v)) for k, v in self._items.items())))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Params):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Params({self._items!r})"


def to_params(value: Mapping[str, object] | None) -> Params:
    """A converter: any mapping as :class:`Params`."""
    return Params.of(value)


_MUTABLE: Final = (set, frozenset, list)


def _frozen(value: object) -> object:
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(value, key=str))
    if isinstance(value, list):
        return tuple(value)
    return value


def _hashable(value: object) -> object:
    return value


@attrs.frozen(kw_only=True)
class Explanation:
    r"""Why, as data: a stable ``code`` and typed ``params``; words on demand.

    ``render(locale)`` gives the sentence in a language of the catalogs
    (``en``, ``fr``); ``message`` is the English one.  An explanation read
    from a custom rule, or written by hand, may carry its own ``text``,
    which every rendering then gives as it is.

    Attributes:
        code: what kind of explanation (a reason code, or a planner code such
            as ``relance.idea``); the codes and their parameters are listed
            in ``docs/explanations.md``.
        params: the figures, instants, names and ids the sentence is made of.
        text: a fixed sentence, for codes the catalogs do not know.

    Examples:
        >>> e = Explanation(code="idea-already-shared",
        ...                 params={"idea": "pilot", "account": "Acme Media"})
        >>> e.message
        "idea 'pilot' was already shared with Acme Media"
        >>> e.render("fr") == "l'idée «\xa0pilot\xa0» a déjà été partagée avec Acme Media"
        True
    """

    code: str
    params: Params = attrs.field(factory=Params, converter=to_params)
    text: str | None = None

    def render(self, locale: str = "en") -> str:
        """The sentence in ``locale`` (``en``, ``fr``, or a regional variant)."""
        return render(self, locale)

    @property
    def message(self) -> str:
        """The English sentence."""
        return render(self, "en")

    def __str__(self) -> str:
        return self.message


_SPEAKERS: dict[str, Callable[..., str]] = {}
#: What loads the edges the core speaks, reads and writes through, when first
#: needed (``relance`` registers it): a cold ``import relance`` need not load
#: babel and cattrs for a program that only checks.
_LOADERS: list[Callable[[], object]] = []


def register_loader(function: Callable[[], object]) -> None:
    """What imports the edges that register renderers, readers and writers (internal)."""
    _LOADERS.append(function)


def load_edges() -> None:
    """Run the registered loaders once (internal): the edges register themselves."""
    while _LOADERS:
        _LOADERS.pop()()


def register_renderer(name: str, function: Callable[..., str]) -> None:
    """Where sentences come from (``relance._words`` registers itself; internal).

    ``explanation`` renders an :class:`Explanation`, ``plan`` a whole plan,
    ``verdict`` a verdict: the core decides, the edge speaks.
    """
    _SPEAKERS[name] = function


def speaker(name: str) -> Callable[..., str]:
    """The registered renderer ``name`` (internal)."""
    found = _SPEAKERS.get(name)
    if found is None:
        load_edges()
        found = _SPEAKERS.get(name)
    if found is None:  # pragma: no cover - relance's loader imports _words, which registers
        raise RelanceError(f"no {name} renderer registered: import relance first")
    return found


def register_reader(name: str, function: Callable[..., object]) -> None:
    """What reads people's words for the rules (``relance._words`` registers the reviewer)."""
    _READERS[name] = function


def reader(name: str) -> Callable[..., object] | None:
    """The registered reader ``name``, or ``None`` (internal)."""
    if name not in _READERS:
        load_edges()
    return _READERS.get(name)


_READERS: dict[str, Callable[..., object]] = {}


def render(explanation: Explanation, locale: str = "en") -> str:
    """The sentence of an explanation in ``locale``, through the registered renderer."""
    if explanation.text is not None:
        return explanation.text
    return speaker("explanation")(explanation, locale)
