"""The catalogue of bad inputs: what each one is, and the one error it must raise.

Every case names the exception class, the field (the path of docs/errors.md),
the offending value and fragments the one-line message must hold.  File cases
are also data files in ``tests/bad_inputs/`` (written from this module, so the
two never drift: ``python tests/_bad_cases.py`` rewrites them), which the
command line is run over.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pendulum

import relance
from relance import (
    NEVER,
    Account,
    Checkpoint,
    Contact,
    CustomRule,
    Document,
    DuplicateIdError,
    Idea,
    InvalidValueError,
    NaiveDatetimeError,
    Policy,
    Proposal,
    RelanceError,
    Situation,
    Touch,
    UnknownCountryError,
    UnknownIdError,
    UnknownTimezoneError,
    WorkingHours,
)

HERE = Path(__file__).resolve().parent
BAD_INPUTS = HERE / "bad_inputs"
ROOT = HERE.parent
ACME = ROOT / "examples" / "acme.json"
POLICY_TOML = ROOT / "examples" / "policy.toml"
#: The instant the command line plans and checks the data files from.
NOW = "2026-11-23T08:00:00+01:00"

# ---------------------------------------------------------------------------
# Matchers for values and fields that a literal cannot express


class Matcher:
    """Something an expected value or field may be instead of a literal."""

    def matches(self, actual: object) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class OneOf(Matcher):
    """Any of these literals (for the few cases docs/errors.md leaves open)."""

    options: tuple[object, ...]

    def matches(self, actual: object) -> bool:
        return any(same(actual, option) for option in self.options)

    def __repr__(self) -> str:
        return f"one of {self.options!r}"


@dataclass(frozen=True)
class Anything(Matcher):
    """Any value (the case asserts other things)."""

    def matches(self, actual: object) -> bool:
        return True

    def __repr__(self) -> str:
        return "anything"


@dataclass(frozen=True)
class Short(Matcher):
    """A value small enough to show: never the whole document."""

    def matches(self, actual: object) -> bool:
        if isinstance(actual, bool) or actual is None:
            return True
        if isinstance(actual, int):
            return abs(actual) < 10**30  # a 5,000-digit int cannot even be repr'd
        if isinstance(actual, (str, bytes)):
            return len(actual) <= 201 or (isinstance(actual, bytes) and len(actual) <= 203)
        if isinstance(actual, (list, tuple, dict, set, frozenset)):
            return len(actual) <= 20 and len(repr(actual)) <= 400
        return len(repr(actual)) <= 400

    def __repr__(self) -> str:
        return "a short value"


@dataclass(frozen=True)
class IsNaN(Matcher):
    """A float NaN (which equals nothing)."""

    def matches(self, actual: object) -> bool:
        return isinstance(actual, float) and math.isnan(actual)

    def __repr__(self) -> str:
        return "nan"


@dataclass(frozen=True)
class Mentions(Matcher):
    """A field that matches this regular expression (custom rules: ``rules[0]``…)."""

    pattern: str

    def matches(self, actual: object) -> bool:
        return isinstance(actual, str) and re.search(self.pattern, actual) is not None

    def __repr__(self) -> str:
        return f"a field matching {self.pattern!r}"


ANY = Anything()
SHORT = Short()
NAN = IsNaN()


def same(actual: object, expected: object) -> bool:
    """``expected`` matched, or equal with the same type (``1 != True`` here)."""
    if isinstance(expected, Matcher):
        return expected.matches(actual)
    if isinstance(expected, (list, dict)) or isinstance(actual, (list, dict)):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, (bool, int, float, str)) and type(actual) is not type(expected):
        return False
    return actual == expected


# ---------------------------------------------------------------------------
# The case record

#: What a data message never says: Python reprs, internals, tracebacks.
PYTHON_WORDS = ("timedelta(", "datetime.", "DateTime(", "Duration(", "pendulum", "Traceback",
                "<class", "frozenset(", "ZoneInfo")


@dataclass(frozen=True)
class Case:
    """One bad input and the one error it must raise."""

    id: str
    category: str
    exc: type[RelanceError]
    field: str | Matcher
    value: object
    says: tuple[str, ...] = ()
    #: Fragments the message must not hold (defaults to Python words for data).
    never: tuple[str, ...] | None = None
    #: The fields of every problem, in order, when there are several.
    fields: tuple[str, ...] | None = None
    #: A Python call (API cases); file cases have ``make`` instead.
    call: Callable[[], object] | None = None
    #: The bytes of a data file (file cases).
    make: Callable[[], bytes] | None = None
    #: ``document`` (JSON input document), ``policy`` (a policy file: .toml or .json).
    kind: str = "document"
    suffix: str = ".json"

    @property
    def is_file(self) -> bool:
        return self.make is not None

    @property
    def path(self) -> Path:
        return BAD_INPUTS / f"{self.id}{self.suffix}"

    @property
    def forbidden(self) -> tuple[str, ...]:
        if self.never is not None:
            return self.never
        return PYTHON_WORDS if self.is_file else ("Traceback",)

    def run(self) -> object:
        """Load the file through the public API, or make the Python call."""
        if self.call is not None:
            return self.call()
        if self.kind == "policy" and self.suffix == ".toml":
            return Policy.from_toml(self.path)
        if self.kind == "policy":
            return relance.from_json(Policy, self.path.read_bytes())
        return relance.from_json(Document, self.path.read_bytes())


# ---------------------------------------------------------------------------
# A small valid document and policy, and edits of them

GOOD_DOC: dict[str, Any] = {
    "account": {
        "id": "acme",
        "name": "Acme",
        "needs": ["budget", "onboarding"],
        "contacts": [
            {
                "id": "ana",
                "name": "Ana Díaz",
                "role": "decision_maker",
                "timezone": "Europe/Paris",
                "country": "FR",
            },
            {
                "id": "bob",
                "name": "Bob Martin",
                "role": "champion",
                "timezone": "America/New_York",
                "country": "US",
                "subdivision": "NY",
                "channels": ["email", "phone"],
                "working_hours": {"start": "08:30", "end": "17:00"},
            },
        ],
        "checkpoints": [
            {
                "id": "committee",
                "contact_id": "ana",
                "at": "2027-01-15T14:00:00+01:00[Europe/Paris]",
                "hold": False,
                "note": "after the budget committee",
            }
        ],
    },
    "history": [
        {
            "at": "2026-10-20T10:00:00+02:00[Europe/Paris]",
            "contact_id": "ana",
            "channel": "email",
            "direction": "outbound",
            "outcome": "no_answer",
            "idea_id": "case-study",
        },
        {
            "at": "2026-11-03T09:00:00-05:00",
            "contact_id": "bob",
            "channel": "email",
            "direction": "inbound",
            "outcome": "replied",
        },
    ],
    "ideas": [
        {"id": "case-study", "summary": "A case study", "addresses": ["onboarding"]},
        {
            "id": "pilot",
            "summary": "A two-week pilot",
            "addresses": ["onboarding"],
            "priority": 2,
            "expires_at": "2027-03-01T00:00:00+01:00",
        },
        {
            "id": "phasing",
            "summary": "Phase the programme over two budget years",
            "addresses": ["budget"],
            "available_from": "2026-12-01T09:00:00+01:00",
            "contact_id": "ana",
            "role": "decision_maker",
        },
    ],
    "policy": {"min_gap": "P7D", "max_gap": "P42D", "cap": 3},
}

GOOD_TOML = """\
[policy]
min_gap = "P7D"
backoff = 2.0
max_gap = "P42D"
max_unanswered = 3
cool_off = "P30D"
cap = 3
cap_window = "P30D"
max_silence = "P45D"

[policy.working_hours]
start = "09:00"
end = "18:00"
"""

DELETE = object()
_STEP = re.compile(r"\.?([A-Za-z_][A-Za-z_0-9]*)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for name, index in _STEP.findall(path):
        steps.append(int(index) if index else name)
    return steps


def doc_with(*edits: tuple[str, object], base: Any = None) -> dict[str, Any]:
    """A deep copy of the good document with ``(path, value)`` edits (``DELETE`` removes)."""
    data = copy.deepcopy(GOOD_DOC if base is None else base)
    for path, value in edits:
        steps = _steps(path)
        node = data
        for step in steps[:-1]:
            node = node[step]
        last = steps[-1]
        if value is DELETE:
            del node[last]
        elif isinstance(last, int) and last == len(node):
            node.append(copy.deepcopy(value))
        else:
            node[last] = copy.deepcopy(value)
    return data


def jbytes(data: object) -> bytes:
    """JSON bytes as a user would write them (UTF-8, non-ASCII kept)."""
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def doc_file(*edits: tuple[str, object]) -> Callable[[], bytes]:
    return lambda: jbytes(doc_with(*edits))


def raw(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def good_bytes() -> bytes:
    return jbytes(GOOD_DOC)


def replace_in_good(old: str, new: str) -> Callable[[], bytes]:
    """The good document's text with one piece replaced (for what json.dumps cannot write)."""

    def make() -> bytes:
        text = good_bytes().decode("utf-8")
        assert old in text, old
        return text.replace(old, new, 1).encode("utf-8")

    return make


def replace_bytes_in_good(old: bytes, new: bytes) -> Callable[[], bytes]:
    def make() -> bytes:
        data = good_bytes()
        assert old in data, old
        return data.replace(old, new, 1)

    return make


def toml(text: str) -> Callable[[], bytes]:
    return lambda: text.encode("utf-8")


def toml_with(old: str, new: str) -> Callable[[], bytes]:
    def make() -> bytes:
        assert old in GOOD_TOML, old
        return GOOD_TOML.replace(old, new, 1).encode("utf-8")

    return make


def nested(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


CASES: list[Case] = []


def case(
    id: str,
    category: str,
    exc: type[RelanceError],
    field: str | Matcher,
    value: object,
    *says: str,
    **options: Any,
) -> None:
    """Add a case to the catalogue."""
    CASES.append(Case(id=id, category=category, exc=exc, field=field, value=value, says=says,
                      **options))


IVE = InvalidValueError

# ---------------------------------------------------------------------------
# JSON syntax and encoding: the document as a whole is wrong (field "$")

SYNTAX = "json syntax and encoding"
case("syntax-empty", SYNTAX, IVE, "$", SHORT, "JSON", make=raw(b""))
case("syntax-whitespace", SYNTAX, IVE, "$", SHORT, "JSON", make=raw(b"  \n\t \n"))
case("syntax-truncated", SYNTAX, IVE, "$", SHORT, "JSON", "line",
     make=lambda: good_bytes()[:300])
case("syntax-trailing-comma", SYNTAX, IVE, "$", SHORT, "JSON", "line",
     make=replace_in_good('"cap": 3\n', '"cap": 3,\n'))
case("syntax-single-quotes", SYNTAX, IVE, "$", SHORT, "JSON",
     make=raw(b"{'account': {'id': 'acme'}}"))
case("syntax-comment", SYNTAX, IVE, "$", SHORT, "JSON",
     make=lambda: b"// exported from the CRM\n" + good_bytes())
case("syntax-two-documents", SYNTAX, IVE, "$", SHORT, "JSON",
     make=lambda: good_bytes() + b"\n" + good_bytes())
case("encoding-binary", SYNTAX, IVE, "$", SHORT, "UTF-8", make=raw(bytes(range(256))))
case("encoding-png", SYNTAX, IVE, "$", SHORT, "UTF-8",
     make=raw(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + b"\xff" * 40))
case("encoding-latin1", SYNTAX, IVE, "$", SHORT, "UTF-8",
     make=lambda: good_bytes().decode("utf-8").encode("latin-1"))
case("encoding-utf16", SYNTAX, IVE, "$", SHORT, "UTF-8",
     make=lambda: good_bytes().decode("utf-8").encode("utf-16"))
case("encoding-surrogate-bytes", SYNTAX, IVE, "$", SHORT, "UTF-8",
     make=replace_bytes_in_good(b"Bob Martin", b"Bob \xed\xa0\x80Martin"))
case("encoding-truncated-utf8", SYNTAX, IVE, "$", SHORT, "UTF-8",
     make=replace_bytes_in_good("Díaz".encode(), b"D\xc3az"))
case("json-nan", SYNTAX, IVE, OneOf(("$", "ideas[1].priority")), SHORT, "NaN",
     make=replace_in_good('"priority": 2', '"priority": NaN'))
case("json-infinity", SYNTAX, IVE, OneOf(("$", "ideas[1].priority")), SHORT, "Infinity",
     make=replace_in_good('"priority": 2', '"priority": Infinity'))
case("json-minus-infinity", SYNTAX, IVE, OneOf(("$", "ideas[1].priority")), SHORT,
     "Infinity", make=replace_in_good('"priority": 2', '"priority": -Infinity'))
case("json-float-overflow", SYNTAX, IVE, OneOf(("$", "ideas[1].priority")), SHORT,
     make=replace_in_good('"priority": 2', '"priority": 1e400'))
case("json-5000-digits", SYNTAX, IVE, OneOf(("$", "ideas[1].priority")), SHORT, "digits",
     make=replace_in_good('"priority": 2', '"priority": ' + "9" * 5000))
case("json-19-digits", SYNTAX, IVE, OneOf(("$", "ideas[1].priority")),
     OneOf((1234567890123456789, SHORT)), "digits",
     make=replace_in_good('"priority": 2', '"priority": 1234567890123456789'))
case("json-deep-array", SYNTAX, IVE, "$", SHORT, "64", make=raw(nested(4000).encode()))
case("json-deep-object", SYNTAX, IVE, "$", SHORT, "64",
     make=raw(('{"a":' * 1500 + "1" + "}" * 1500).encode()))
case("json-deep-65-in-note", SYNTAX, IVE, Mentions(r"^(\$|account\.checkpoints\[0\]\.note)"),
     SHORT,
     "64", make=replace_in_good('"after the budget committee"', nested(65)))
case("json-duplicate-top-key", SYNTAX, IVE, OneOf(("$", "history")), SHORT, "duplicate",
     "history", make=replace_in_good('"history": [', '"history": [],\n "history": ['))
case("json-duplicate-nested-key", SYNTAX, IVE,
     OneOf(("$", "account.contacts[0].timezone")), SHORT, "duplicate", "timezone",
     make=replace_in_good('"timezone": "Europe/Paris",',
                          '"timezone": "Europe/Paris", "timezone": "Asia/Tokyo",'))
case("json-duplicate-policy-key", SYNTAX, IVE, OneOf(("$", "policy.cap")), SHORT,
     "duplicate", "cap", make=replace_in_good('"cap": 3', '"cap": 3, "cap": 30'))
case("json-lone-high-surrogate", SYNTAX, IVE, OneOf(("$", "account.contacts[1].name")),
     SHORT, "surrogate", make=replace_in_good("Bob Martin", "Bob \\ud800Martin"))
case("json-lone-low-surrogate", SYNTAX, IVE, OneOf(("$", "ideas[0].summary")), SHORT,
     "surrogate", make=replace_in_good("A case study", "A case study \\udc00"))
case("json-reversed-surrogates", SYNTAX, IVE, OneOf(("$", "account.name")), SHORT,
     "surrogate", make=replace_in_good('"name": "Acme"', '"name": "Acme \\udc00\\ud800"'))
case("json-surrogate-in-key", SYNTAX, IVE, OneOf(("$", ANY)), SHORT, "surrogate",
     make=replace_in_good('"policy": {', '"policy": {"\\ud800": 1, '))
case("top-array-empty", SYNTAX, IVE, "$", [], "object", make=raw(b"[]"))
case("top-array-of-document", SYNTAX, IVE, "$", SHORT, "object",
     make=lambda: b"[" + good_bytes() + b"]")
case("top-string", SYNTAX, IVE, "$", "acme", "object", make=raw(b'"acme"'))
case("top-number", SYNTAX, IVE, "$", 42, "object", make=raw(b"42"))
case("top-null", SYNTAX, IVE, "$", None, "object", make=raw(b"null"))
case("top-true", SYNTAX, IVE, "$", True, "object", make=raw(b"true"))

# ---------------------------------------------------------------------------
# Shapes: an array, an object or a scalar where another is expected

SHAPE = "shapes"
TOUCH0 = GOOD_DOC["history"][0]
case("shape-missing-account", SHAPE, IVE, "account", None, "missing",
     make=doc_file(("account", DELETE)))
case("shape-account-string", SHAPE, IVE, "account", "acme", "'acme'",
     make=doc_file(("account", "acme")))
case("shape-account-array", SHAPE, IVE, "account", [], make=doc_file(("account", [])))
case("shape-history-object", SHAPE, IVE, "history", {"0": TOUCH0},
     make=doc_file(("history", {"0": TOUCH0})))
case("shape-history-string", SHAPE, IVE, "history", "none", "'none'",
     make=doc_file(("history", "none")))
case("shape-history-null", SHAPE, IVE, "history", None, "null",
     make=doc_file(("history", None)))
case("shape-ideas-object", SHAPE, IVE, "ideas", SHORT,
     make=doc_file(("ideas", {"pilot": GOOD_DOC["ideas"][1]})))
case("shape-ideas-number", SHAPE, IVE, "ideas", 3, make=doc_file(("ideas", 3)))
case("shape-needs-string", SHAPE, IVE, "account.needs", "budget", "'budget'",
     never=(*PYTHON_WORDS, "'b'", "'u'"), make=doc_file(("account.needs", "budget")))
case("shape-needs-object", SHAPE, IVE, "account.needs", {"budget": True},
     make=doc_file(("account.needs", {"budget": True})))
case("shape-addresses-string", SHAPE, IVE, "ideas[1].addresses", "onboarding", "'onboarding'",
     make=doc_file(("ideas[1].addresses", "onboarding")))
case("shape-addresses-object", SHAPE, IVE, "ideas[1].addresses", {"onboarding": 1},
     make=doc_file(("ideas[1].addresses", {"onboarding": 1})))
case("shape-channels-string", SHAPE, IVE, "account.contacts[1].channels", "email", "'email'",
     make=doc_file(("account.contacts[1].channels", "email")))
case("shape-channels-empty", SHAPE, IVE, "account.contacts[1].channels", [], "empty",
     make=doc_file(("account.contacts[1].channels", [])))
case("shape-contacts-object", SHAPE, IVE, "account.contacts", SHORT,
     make=doc_file(("account.contacts", {"ana": GOOD_DOC["account"]["contacts"][0]})))
case("shape-checkpoints-string", SHAPE, IVE, "account.checkpoints", "committee",
     make=doc_file(("account.checkpoints", "committee")))
case("shape-without-string", SHAPE, IVE, "policy.without", "no-new-idea", "'no-new-idea'",
     never=(*PYTHON_WORDS, "'n'", "'o'"), make=doc_file(("policy.without", "no-new-idea")))
case("shape-without-object", SHAPE, IVE, "policy.without", {"no-new-idea": True},
     make=doc_file(("policy.without", {"no-new-idea": True})))
case("shape-policy-array", SHAPE, IVE, "policy", [], make=doc_file(("policy", [])))
case("shape-policy-string", SHAPE, IVE, "policy", "strict", make=doc_file(("policy", "strict")))
case("shape-touch-string", SHAPE, IVE, "history[0]", "2026-10-20",
     make=doc_file(("history[0]", "2026-10-20")))
case("shape-touch-null", SHAPE, IVE, "history[1]", None, make=doc_file(("history[1]", None)))
case("shape-touch-array", SHAPE, IVE, "history[0]", ["ana", "email"],
     make=doc_file(("history[0]", ["ana", "email"])))
case("shape-working-hours-string", SHAPE, IVE, "account.contacts[1].working_hours",
     "08:30-17:00", make=doc_file(("account.contacts[1].working_hours", "08:30-17:00")))
case("shape-working-hours-triple", SHAPE, IVE, "account.contacts[1].working_hours",
     ["08:30", "12:00", "17:00"],
     make=doc_file(("account.contacts[1].working_hours", ["08:30", "12:00", "17:00"])))
case("shape-unknown-top-key", SHAPE, IVE, "colour", OneOf(("red", "colour")), "unknown",
     make=doc_file(("colour", "red")))
case("shape-unknown-key-huge", SHAPE, IVE, ANY, OneOf((1, SHORT)), "unknown",
     make=doc_file(("policy." + "Z" * 1000, 1)))
case("shape-unknown-touch-key", SHAPE, IVE, "history[0].notes", OneOf(("called", "notes")),
     "unknown", make=doc_file(("history[0].notes", "called")))
case("shape-unknown-policy-key", SHAPE, IVE, "policy.min_gapp", OneOf(("P5D", "min_gapp")),
     "unknown", make=doc_file(("policy.min_gapp", "P5D")))
case("shape-policy-rules", SHAPE, IVE, "policy.rules", ANY, make=doc_file(("policy.rules", [])))
case("shape-missing-touch-at", SHAPE, IVE, "history[0].at", None, "missing",
     make=doc_file(("history[0].at", DELETE)))
case("shape-missing-timezone", SHAPE, IVE, "account.contacts[0].timezone", None, "missing",
     make=doc_file(("account.contacts[0].timezone", DELETE)))
case("shape-missing-summary", SHAPE, IVE, "ideas[0].summary", None, "missing",
     make=doc_file(("ideas[0].summary", DELETE)))
case("shape-missing-needs", SHAPE, IVE, "account.needs", None, "missing",
     make=doc_file(("account.needs", DELETE)))

# ---------------------------------------------------------------------------
# Types: a scalar of the wrong type or outside its set of values

TYPES = "types"
case("type-account-id-number", TYPES, IVE, "account.id", 42, "42",
     make=doc_file(("account.id", 42)))
case("type-name-null", TYPES, IVE, "account.contacts[0].name", None, "null",
     never=(*PYTHON_WORDS, "None"), make=doc_file(("account.contacts[0].name", None)))
case("type-priority-string", TYPES, IVE, "ideas[1].priority", "2", "2",
     make=doc_file(("ideas[1].priority", "2")))
case("type-priority-float", TYPES, IVE, "ideas[1].priority", 2.5, "2.5",
     make=doc_file(("ideas[1].priority", 2.5)))
case("type-priority-bool", TYPES, IVE, "ideas[1].priority", True, "true",
     never=(*PYTHON_WORDS, "True"), make=doc_file(("ideas[1].priority", True)))
case("type-do-not-contact-string", TYPES, IVE, "account.contacts[0].do_not_contact", "false",
     "false", make=doc_file(("account.contacts[0].do_not_contact", "false")))
case("type-do-not-contact-int", TYPES, IVE, "account.contacts[0].do_not_contact", 0,
     make=doc_file(("account.contacts[0].do_not_contact", 0)))
case("type-first-step-null", TYPES, IVE, "ideas[0].first_step", None, "null",
     make=doc_file(("ideas[0].first_step", None)))
case("type-hold-string", TYPES, IVE, "account.checkpoints[0].hold", "yes", "yes",
     make=doc_file(("account.checkpoints[0].hold", "yes")))
case("type-role-unknown", TYPES, IVE, "account.contacts[0].role", "ceo", "'ceo'",
     "decision_maker", make=doc_file(("account.contacts[0].role", "ceo")))

# The relationship's windows and series (issue 11)
RELATION = "the relationship"
case("relation-quiet-reversed", RELATION, IVE, "account.quiet_periods[0].end",
     "2027-01-01T00:00:00+01:00", "must be after start",
     make=doc_file(("account.quiet_periods", [{"id": "q", "start": "2027-02-01T00:00:00+01:00",
                                               "end": "2027-01-01T00:00:00+01:00"}])))
case("relation-absence-unknown-contact", RELATION, UnknownIdError,
     "account.absences[0].contact_id", "zed", "unknown contact id 'zed'",
     make=doc_file(("account.absences", [{"id": "a", "contact_id": "zed",
                                          "start": "2027-01-01T00:00:00+01:00",
                                          "end": "2027-01-08T00:00:00+01:00"}])))
case("relation-returns-at-not-out-of-office", RELATION, IVE, "history[0].returns_at",
     "2027-01-08T00:00:00+01:00", "only an out-of-office reply",
     make=doc_file(("history[0].returns_at", "2027-01-08T00:00:00+01:00")))
case("relation-recurrence-endless", RELATION, IVE, "account.checkpoints[0].recurrence",
     "FREQ=WEEKLY", "give COUNT or UNTIL",
     make=doc_file(("account.checkpoints[0].recurrence", "FREQ=WEEKLY")))
case("relation-tension-reversed", RELATION, IVE, "account.tensions[0].resolved_at",
     "2027-01-01T00:00:00+01:00", "must be after opened_at",
     make=doc_file(("account.tensions", [{"id": "t", "opened_at": "2027-02-01T00:00:00+01:00",
                                          "resolved_at": "2027-01-01T00:00:00+01:00"}])))

# The qualification (issue 12)
QUALIFY = "the qualification"
case("qualify-budget-unknown-state", QUALIFY, IVE, "account.qualification.budget", "fuzzy",
     "'fuzzy'", "vague", make=doc_file(("account.qualification", {"budget": "fuzzy"})))
case("qualify-assessment-string", QUALIFY, IVE, "account.qualification.value", "known",
     make=doc_file(("account.qualification", {"value": "known"})))
case("qualify-state-unknown", QUALIFY, IVE, "account.qualification.decision.state", "sure",
     "'sure'", make=doc_file(("account.qualification", {"decision": {"state": "sure"}})))
case("qualify-incumbents-string", QUALIFY, IVE, "account.qualification.incumbents", "FormaPlus",
     make=doc_file(("account.qualification", {"incumbents": "FormaPlus"})))
case("qualify-incumbent-twice", QUALIFY, DuplicateIdError,
     "account.qualification.incumbents[1].name", "X", "listed twice",
     make=doc_file(("account.qualification", {"incumbents": [{"name": "X"}, {"name": "X"}]})))
case("qualify-lead-time-zero", QUALIFY, IVE, "account.qualification.process_lead_time", "P0D",
     "positive", make=doc_file(("account.qualification", {"process_lead_time": "P0D"})))
case("qualify-deadline-naive", QUALIFY, NaiveDatetimeError, "account.qualification.deadline",
     "2027-01-15T00:00:00", make=doc_file(("account.qualification",
                                           {"deadline": "2027-01-15T00:00:00"})))
case("qualify-extra-key", QUALIFY, IVE, "account.qualification.budjet", "budjet", "a typo",
     make=doc_file(("account.qualification", {"budjet": "vague"})))
case("type-role-case", TYPES, IVE, "account.contacts[0].role", "Decision_Maker",
     "'Decision_Maker'", make=doc_file(("account.contacts[0].role", "Decision_Maker")))
case("type-channel-unknown", TYPES, IVE, "history[0].channel", "fax", "'fax'", "email",
     make=doc_file(("history[0].channel", "fax")))
case("type-direction-unknown", TYPES, IVE, "history[0].direction", "out", "'out'",
     make=doc_file(("history[0].direction", "out")))
case("type-outcome-unknown", TYPES, IVE, "history[0].outcome", "ignored", "'ignored'",
     make=doc_file(("history[0].outcome", "ignored")))
case("type-inbound-no-answer", TYPES, IVE, "history[1].outcome", "no_answer", "'no_answer'",
     make=doc_file(("history[1].outcome", "no_answer")))
case("type-inbound-bounced", TYPES, IVE, "history[1].outcome", "bounced", "'bounced'",
     make=doc_file(("history[1].outcome", "bounced")))
case("type-idea-role-unknown", TYPES, IVE, "ideas[2].role", "boss", "'boss'",
     make=doc_file(("ideas[2].role", "boss")))
case("type-id-blank", TYPES, IVE, "account.id", "   ", make=doc_file(("account.id", "   ")))
case("type-id-empty", TYPES, IVE, "ideas[1].id", "", make=doc_file(("ideas[1].id", "")))
case("type-needs-item-number", TYPES, IVE, "account.needs[1]", 1,
     make=doc_file(("account.needs", ["budget", 1])))
case("type-needs-item-blank", TYPES, IVE, "account.needs[1]", "",
     make=doc_file(("account.needs", ["budget", "", "onboarding"])))
case("type-addresses-item-null", TYPES, IVE, "ideas[0].addresses[0]", None,
     make=doc_file(("ideas[0].addresses", [None])))
case("type-channels-item-unknown", TYPES, IVE, "account.contacts[1].channels[1]", "fax",
     "'fax'", make=doc_file(("account.contacts[1].channels", ["email", "fax"])))
case("type-timezone-number", TYPES, IVE, "account.contacts[0].timezone", 1,
     make=doc_file(("account.contacts[0].timezone", 1)))
case("type-timezone-unknown", TYPES, UnknownTimezoneError, "account.contacts[0].timezone",
     "Mars/Olympus", "'Mars/Olympus'", make=doc_file(("account.contacts[0].timezone",
                                                       "Mars/Olympus")))
case("type-timezone-blank", TYPES, UnknownTimezoneError, "account.contacts[0].timezone", "",
     make=doc_file(("account.contacts[0].timezone", "")))
case("type-timezone-offset", TYPES, UnknownTimezoneError, "account.contacts[0].timezone",
     "+01:00", make=doc_file(("account.contacts[0].timezone", "+01:00")))
case("type-timezone-huge", TYPES, UnknownTimezoneError, "account.contacts[0].timezone",
     "Z" * 200 + "…", make=doc_file(("account.contacts[0].timezone", "Z" * 3000)))
case("type-timezone-localtime", TYPES, UnknownTimezoneError, "account.contacts[0].timezone",
     "localtime", "'localtime'", make=doc_file(("account.contacts[0].timezone", "localtime")))
case("type-timezone-posixrules", TYPES, UnknownTimezoneError, "account.contacts[0].timezone",
     "posixrules", make=doc_file(("account.contacts[0].timezone", "posixrules")))
case("type-timezone-right-utc", TYPES, UnknownTimezoneError, "account.contacts[0].timezone",
     "right/UTC", make=doc_file(("account.contacts[0].timezone", "right/UTC")))
case("type-timezone-posix-paris", TYPES, UnknownTimezoneError, "account.contacts[0].timezone",
     "posix/Europe/Paris", make=doc_file(("account.contacts[0].timezone", "posix/Europe/Paris")))
case("type-needs-duplicate", TYPES, IVE, "account.needs[1]", "budget", "'budget'",
     make=doc_file(("account.needs", ["budget", "budget", "onboarding"])))
case("type-channels-duplicate", TYPES, IVE, "account.contacts[1].channels[1]", "email",
     make=doc_file(("account.contacts[1].channels", ["email", "email"])))
case("type-country-unknown", TYPES, UnknownCountryError, "account.contacts[0].country", "XX",
     "'XX'", make=doc_file(("account.contacts[0].country", "XX")))
case("type-subdivision-unknown", TYPES, UnknownCountryError,
     "account.contacts[1].subdivision", "ZZ", "'ZZ'",
     make=doc_file(("account.contacts[1].subdivision", "ZZ")))
case("type-working-hours-reversed", TYPES, IVE, "account.contacts[1].working_hours.end",
     "08:30", "'17:30'", "'08:30'",
     make=doc_file(("account.contacts[1].working_hours", {"start": "17:30", "end": "08:30"})))
case("type-working-hours-text", TYPES, IVE, "account.contacts[1].working_hours.start", "9h",
     "'9h'", make=doc_file(("account.contacts[1].working_hours.start", "9h")))
case("type-working-hours-24", TYPES, IVE, "account.contacts[1].working_hours.end", "24:00",
     make=doc_file(("account.contacts[1].working_hours.end", "24:00")))
case("type-working-hours-offset", TYPES, IVE, "account.contacts[1].working_hours.start",
     "08:30+01:00", make=doc_file(("account.contacts[1].working_hours.start", "08:30+01:00")))
case("type-working-hours-number", TYPES, IVE, "account.contacts[1].working_hours.start", 9,
     make=doc_file(("account.contacts[1].working_hours.start", 9)))
case("type-note-number", TYPES, IVE, "account.checkpoints[0].note", 5,
     make=doc_file(("account.checkpoints[0].note", 5)))
case("type-name-long-list", TYPES, IVE, "account.contacts[0].name", "<list of 50 items>",
     make=doc_file(("account.contacts[0].name", list(range(50)))))

# ---------------------------------------------------------------------------
# Instants

INSTANTS = "instants"
case("instant-naive", INSTANTS, NaiveDatetimeError, "history[0].at", "2026-10-20T10:00:00",
     "'2026-10-20T10:00:00'", make=doc_file(("history[0].at", "2026-10-20T10:00:00")))
case("instant-date-only", INSTANTS, NaiveDatetimeError, "history[0].at", "2026-10-20",
     "'2026-10-20'", make=doc_file(("history[0].at", "2026-10-20")))
case("instant-words", INSTANTS, IVE, "history[0].at", "yesterday", "'yesterday'",
     make=doc_file(("history[0].at", "yesterday")))
case("instant-number", INSTANTS, IVE, "history[0].at", 1792000000, "1792000000",
     make=doc_file(("history[0].at", 1792000000)))
case("instant-null", INSTANTS, IVE, "history[0].at", None, "null",
     make=doc_file(("history[0].at", None)))
case("instant-offset-and-zone-disagree", INSTANTS, IVE, "history[0].at",
     "2026-10-20T10:00:00+05:00[Europe/Paris]", "Europe/Paris",
     make=doc_file(("history[0].at", "2026-10-20T10:00:00+05:00[Europe/Paris]")))
case("instant-unknown-zone", INSTANTS, UnknownTimezoneError, "history[0].at",
     "2026-10-20T10:00:00+02:00[Mars/Olympus]", "Mars/Olympus",
     make=doc_file(("history[0].at", "2026-10-20T10:00:00+02:00[Mars/Olympus]")))
case("instant-unclosed-zone", INSTANTS, IVE, "history[0].at",
     "2026-10-20T10:00:00+02:00[Europe/Paris",
     make=doc_file(("history[0].at", "2026-10-20T10:00:00+02:00[Europe/Paris")))
case("instant-year-9999", INSTANTS, IVE, "history[0].at", "9999-12-31T23:59:59+00:00",
     "2200", make=doc_file(("history[0].at", "9999-12-31T23:59:59+00:00")))
case("instant-year-9999-west", INSTANTS, IVE, "history[0].at", "9999-12-31T23:00:00-05:00",
     "2200", make=doc_file(("history[0].at", "9999-12-31T23:00:00-05:00")))
case("instant-year-1-east", INSTANTS, IVE, "history[0].at", "0001-01-01T00:00:00+05:00",
     "1900", make=doc_file(("history[0].at", "0001-01-01T00:00:00+05:00")))
case("instant-2200", INSTANTS, IVE, "history[0].at", "2200-01-01T00:00:00+00:00", "2200",
     make=doc_file(("history[0].at", "2200-01-01T00:00:00+00:00")))
case("instant-1899", INSTANTS, IVE, "history[0].at", "1899-12-31T23:59:59Z", "1900",
     make=doc_file(("history[0].at", "1899-12-31T23:59:59Z")))
case("instant-1900-east", INSTANTS, IVE, "history[0].at", "1900-01-01T00:30:00+01:00",
     "1900", make=doc_file(("history[0].at", "1900-01-01T00:30:00+01:00")))
case("instant-nanoseconds", INSTANTS, IVE, "history[0].at",
     "2026-10-20T10:00:00.1234567+02:00",
     make=doc_file(("history[0].at", "2026-10-20T10:00:00.1234567+02:00")))
case("instant-fullwidth-digits", INSTANTS, IVE, "history[0].at",
     "２０２６-10-20T10:00:00+02:00",
     make=doc_file(("history[0].at", "２０２６-10-20T10:00:00+02:00")))
case("instant-leap-second", INSTANTS, IVE, "history[0].at", "2026-12-31T23:59:60Z",
     make=doc_file(("history[0].at", "2026-12-31T23:59:60Z")))
case("instant-huge-string", INSTANTS, IVE, "history[0].at", "Z" * 200 + "…",
     make=doc_file(("history[0].at", "Z" * 1000)))
case("instant-checkpoint-naive", INSTANTS, NaiveDatetimeError, "account.checkpoints[0].at",
     "2027-01-15T14:00", make=doc_file(("account.checkpoints[0].at", "2027-01-15T14:00")))
case("instant-expiry-before-availability", INSTANTS, IVE, "ideas[2].expires_at",
     "2026-11-01T00:00:00+01:00", "2026-11-01T00:00:00+01:00",
     make=doc_file(("ideas[2].expires_at", "2026-11-01T00:00:00+01:00")))
case("instant-available-9999", INSTANTS, IVE, "ideas[2].available_from",
     "9999-01-01T00:00:00+00:00", "2200",
     make=doc_file(("ideas[2].available_from", "9999-01-01T00:00:00+00:00")))

# ---------------------------------------------------------------------------
# Durations (in the document's policy)

DURATIONS = "durations"
case("duration-999999999-days", DURATIONS, IVE, "policy.cool_off", "P999999999D",
     "'P999999999D'", make=doc_file(("policy.cool_off", "P999999999D")))
case("duration-just-over-100-years", DURATIONS, IVE, "policy.max_silence", "P36526D",
     "'P36526D'", make=doc_file(("policy.max_silence", "P36526D")))
case("duration-huge-hours", DURATIONS, IVE, "policy.max_silence", "PT99999999999H",
     make=doc_file(("policy.max_silence", "PT99999999999H")))
case("duration-months", DURATIONS, IVE, "policy.cool_off", "P1M", "'P1M'", "month",
     make=doc_file(("policy.cool_off", "P1M")))
case("duration-years", DURATIONS, IVE, "policy.cool_off", "P1Y", "'P1Y'",
     make=doc_file(("policy.cool_off", "P1Y")))
case("duration-negative", DURATIONS, IVE, "policy.cool_off", "-P5D", "'-P5D'",
     make=doc_file(("policy.cool_off", "-P5D")))
case("duration-bare-p", DURATIONS, IVE, "policy.cool_off", "P", make=doc_file(
    ("policy.cool_off", "P")))
case("duration-bare-pt", DURATIONS, IVE, "policy.cool_off", "PT", make=doc_file(
    ("policy.cool_off", "PT")))
case("duration-words", DURATIONS, IVE, "policy.cool_off", "5 days", "'5 days'",
     make=doc_file(("policy.cool_off", "5 days")))
case("duration-null", DURATIONS, IVE, "policy.cool_off", None, "null",
     never=(*PYTHON_WORDS, "None"), make=doc_file(("policy.cool_off", None)))
case("duration-number", DURATIONS, IVE, "policy.cool_off", 7, make=doc_file(
    ("policy.cool_off", 7)))
case("duration-fullwidth-digits", DURATIONS, IVE, "policy.cool_off", "P７D",
     make=doc_file(("policy.cool_off", "P７D")))
case("duration-arabic-indic-digits", DURATIONS, IVE, "policy.cool_off", "PT٣٦H",
     make=doc_file(("policy.cool_off", "PT٣٦H")))
case("duration-fraction-of-day", DURATIONS, IVE, "policy.cool_off", "P1.5D",
     make=doc_file(("policy.cool_off", "P1.5D")))
case("duration-nanoseconds", DURATIONS, IVE, "policy.cool_off", "PT0.0000001S",
     make=doc_file(("policy.cool_off", "PT0.0000001S")))
case("duration-days-and-hours", DURATIONS, IVE, "policy.cool_off", "P1DT12H", "'P1DT12H'",
     make=doc_file(("policy.cool_off", "P1DT12H")))
case("duration-zero-window", DURATIONS, IVE, "policy.cap_window", "PT0S", "'PT0S'",
     make=doc_file(("policy.cap_window", "PT0S")))
case("duration-gaps-reversed", DURATIONS, IVE, "policy.max_gap", "P5D", "'P5D'", "'P9D'",
     make=doc_file(("policy.min_gap", "P9D"), ("policy.max_gap", "P5D")))
case("duration-cap-in-hours", DURATIONS, IVE, "policy.max_gap", "PT1000H", "'PT1000H'",
     make=doc_file(("policy.max_gap", "PT1000H")))

# ---------------------------------------------------------------------------
# Policy figures (in the document's policy)

POLICY = "policy figures"
case("policy-cap-zero", POLICY, IVE, "policy.cap", 0, make=doc_file(("policy.cap", 0)))
case("policy-cap-negative", POLICY, IVE, "policy.cap", -3, "-3",
     make=doc_file(("policy.cap", -3)))
case("policy-cap-string", POLICY, IVE, "policy.cap", "3", make=doc_file(("policy.cap", "3")))
case("policy-cap-float", POLICY, IVE, "policy.cap", 3.0, make=doc_file(("policy.cap", 3.0)))
case("policy-cap-repeated", POLICY, IVE, "policy.caps[1]", Anything(), "same cap as caps[0]",
     make=doc_file(("policy.caps", [{"count": 2, "period": "week"},
                                    {"count": 2, "period": "week"}])))
case("policy-backoff-half", POLICY, IVE, "policy.backoff", 0.5, "0.5",
     make=doc_file(("policy.backoff", 0.5)))
case("policy-backoff-string", POLICY, IVE, "policy.backoff", "2",
     make=doc_file(("policy.backoff", "2")))
case("policy-backoff-bool", POLICY, IVE, "policy.backoff", True, "true",
     make=doc_file(("policy.backoff", True)))
case("policy-max-unanswered-null", POLICY, IVE, "policy.max_unanswered", None, "null",
     make=doc_file(("policy.max_unanswered", None)))
case("policy-without-unknown-code", POLICY, IVE, "policy.without[1]", "no-such-rule",
     "'no-such-rule'", make=doc_file(("policy.without", ["too-soon", "no-such-rule"])))

# ---------------------------------------------------------------------------
# Ids and cross-references: loading checks what check and plan would

IDS = "ids and cross-references"
ANA = GOOD_DOC["account"]["contacts"][0]
case("ids-duplicate-contact", IDS, DuplicateIdError, "account.contacts[2].id", "ana", "'ana'",
     make=doc_file(("account.contacts[2]", ANA)))
case("ids-duplicate-idea", IDS, DuplicateIdError, "ideas[3].id", "pilot", "'pilot'",
     make=doc_file(("ideas[3]", GOOD_DOC["ideas"][1])))
case("ids-duplicate-checkpoint", IDS, DuplicateIdError, "account.checkpoints[1].id",
     "committee", "'committee'",
     make=doc_file(("account.checkpoints[1]", GOOD_DOC["account"]["checkpoints"][0])))
case("ids-touch-unknown-contact", IDS, UnknownIdError, "history[0].contact_id", "zoe", "'zoe'",
     make=doc_file(("history[0].contact_id", "zoe")))
case("ids-touch-unknown-contact-case", IDS, UnknownIdError, "history[0].contact_id", "Ana",
     "'Ana'", make=doc_file(("history[0].contact_id", "Ana")))
case("ids-touch-unknown-idea", IDS, UnknownIdError, "history[0].idea_id", "webinar",
     "'webinar'", make=doc_file(("history[0].idea_id", "webinar")))
case("ids-touch-unknown-checkpoint", IDS, UnknownIdError, "history[0].checkpoint_id",
     "kickoff", "'kickoff'", make=doc_file(("history[0].checkpoint_id", "kickoff")))
case("ids-huge-unknown-contact", IDS, UnknownIdError, "history[0].contact_id", "Z" * 200 + "…",
     make=doc_file(("history[0].contact_id", "Z" * 1000)))
case("ids-checkpoint-unknown-contact", IDS, UnknownIdError, "account.checkpoints[0].contact_id",
     "zoe", "'zoe'", make=doc_file(("account.checkpoints[0].contact_id", "zoe")))
case("ids-idea-unknown-contact", IDS, UnknownIdError, "ideas[2].contact_id", "zoe", "'zoe'",
     make=doc_file(("ideas[2].contact_id", "zoe")))
case("ids-two-unknown-contacts", IDS, IVE, "history[0].contact_id", "zoe", "'zoe'", "'yan'",
     fields=("history[0].contact_id", "history[1].contact_id"),
     make=doc_file(("history[0].contact_id", "zoe"), ("history[1].contact_id", "yan")))
# In input order (docs/errors.md): the history comes before the ideas.
case("ids-duplicate-and-unknown", IDS, IVE, "history[0].contact_id", "zoe", "'pilot'",
     fields=("history[0].contact_id", "ideas[3].id"),
     make=doc_file(("ideas[3]", GOOD_DOC["ideas"][1]), ("history[0].contact_id", "zoe")))

# ---------------------------------------------------------------------------
# Several problems at once: all listed, in input order

MULTI = "several problems"
case("multi-touch-and-idea", MULTI, IVE, "history[0].at", "2026-10-20T10:00", "3 problems",
     fields=("history[0].at", "history[0].channel", "ideas[1].priority"),
     make=doc_file(("history[0].at", "2026-10-20T10:00"), ("history[0].channel", "fax"),
                   ("ideas[1].priority", "high")))
# Round 2: a bad value and an unknown id in two different touches.  Before round
# 2 only the value was reported: the unknown contact appeared once it was fixed.
case("multi-value-and-unknown-contact", MULTI, IVE, "history[0].channel", "fax", "'zoe'",
     fields=("history[0].channel", "history[1].contact_id"),
     make=doc_file(("history[0].channel", "fax"), ("history[1].contact_id", "zoe")))
case("multi-zone-and-unknown-idea", MULTI, IVE, "account.contacts[0].timezone",
     "Mars/Olympus", "'webinar'",
     fields=("account.contacts[0].timezone", "history[0].idea_id"),
     make=doc_file(("account.contacts[0].timezone", "Mars/Olympus"),
                   ("history[0].idea_id", "webinar")))
case("multi-account-and-policy", MULTI, IVE, "account.contacts[0].timezone", "Mars/Olympus",
     fields=("account.contacts[0].timezone", "policy.cap"),
     make=doc_file(("account.contacts[0].timezone", "Mars/Olympus"), ("policy.cap", -3)))

# ---------------------------------------------------------------------------
# Policy files: TOML (top level or a [policy] table) and JSON

TOML = "policy files"


def pcase(id: str, exc: type[RelanceError], field: str | Matcher, value: object, *says: str,
          make: Callable[[], bytes], suffix: str = ".toml", **options: Any) -> None:
    case(id, TOML, exc, field, value, *says, make=make, kind="policy", suffix=suffix, **options)


pcase("toml-syntax", IVE, "$", SHORT, "TOML", make=toml("min_gap = \n"))
pcase("toml-binary", IVE, "$", SHORT, make=raw(bytes(range(256))))
pcase("toml-latin1", IVE, "$", SHORT, "UTF-8",
      make=lambda: ("# délai minimal\n" + GOOD_TOML).encode("latin-1"))
pcase("toml-duplicate-key", IVE, OneOf(("$", "cap")), SHORT, make=toml("cap = 3\ncap = 4\n"))
pcase("toml-bad-escape", IVE, "$", SHORT, make=toml('min_gap = "\\ud800"\n'))
pcase("toml-cap-negative", IVE, "cap", -3, "cap", "-3", never=(*PYTHON_WORDS, "$:"),
      make=toml("cap = -3\n"))
pcase("toml-cap-zero", IVE, "cap", 0, make=toml_with("cap = 3", "cap = 0"))
pcase("toml-cap-19-digits", IVE, "cap", OneOf((9999999999999999999, SHORT)),
      make=toml("cap = 9999999999999999999\n"))
pcase("toml-backoff-nan", IVE, "backoff", NAN, "nan", make=toml_with("backoff = 2.0",
                                                                      "backoff = nan"))
pcase("toml-backoff-inf", IVE, "backoff", math.inf, "inf", make=toml("backoff = inf\n"))
pcase("toml-backoff-string", IVE, "backoff", "2", make=toml('backoff = "2"\n'))
pcase("toml-min-gap-integer", IVE, "min_gap", 7, "P7D", make=toml("min_gap = 7\n"))
pcase("toml-min-gap-datetime", IVE, "min_gap", ANY, "1979-05-27",
      make=toml("min_gap = 1979-05-27T07:32:00Z\n"))
pcase("toml-min-gap-months", IVE, "min_gap", "P3M", "'P3M'", "month",
      make=toml_with('min_gap = "P7D"', 'min_gap = "P3M"'))
pcase("toml-max-silence-over-range", IVE, "max_silence", "P36526D", "'P36526D'",
      make=toml_with('max_silence = "P45D"', 'max_silence = "P36526D"'))
pcase("toml-gaps-reversed", IVE, "max_gap", "P5D", "'P5D'", "'P9D'",
      make=toml('min_gap = "P9D"\nmax_gap = "P5D"\n'))
pcase("toml-cool-off-fullwidth", IVE, "cool_off", "P３０D",
      make=toml_with('cool_off = "P30D"', 'cool_off = "P３０D"'))
pcase("toml-without-string", IVE, "without", "no-new-idea", "'no-new-idea'",
      never=(*PYTHON_WORDS, "'n'", "'o'"), make=toml('without = "no-new-idea"\n'))
pcase("toml-without-unknown", IVE, "without[0]", "no-such-rule", "'no-such-rule'",
      make=toml('without = ["no-such-rule"]\n'))
pcase("toml-without-table", IVE, "without", {"no-new-idea": True},
      make=toml("[without]\nno-new-idea = true\n"))
pcase("toml-unknown-key", IVE, "min_gapp", OneOf(("P5D", "min_gapp")), "unknown",
      make=toml('min_gapp = "P5D"\n'))
pcase("toml-key-beside-table", IVE, "cap", OneOf((3, "cap")), "unknown",
      make=lambda: ("cap = 3\n" + GOOD_TOML).encode())
pcase("toml-policy-array-of-tables", IVE, "policy", SHORT, "table",
      make=toml("[[policy]]\ncap = 3\n"))
pcase("toml-policy-string", IVE, "policy", "strict", make=toml('policy = "strict"\n'))
pcase("toml-working-hours-string", IVE, "working_hours", "09:00-18:00",
      make=toml('working_hours = "09:00-18:00"\n'))
pcase("toml-working-hours-reversed", IVE, "working_hours.end", "09:00", "'18:00'", "'09:00'",
      make=toml('[working_hours]\nstart = "18:00"\nend = "09:00"\n'))
pcase("toml-rules", IVE, "rules", ANY, make=toml('rules = ["gatekeeper-weekly"]\n'))
pcase("toml-several", IVE, "min_gap", "P1M", "3 problems",
      fields=("min_gap", "backoff", "cap"),
      make=toml('min_gap = "P1M"\nbackoff = 0.5\ncap = -3\n'))
pcase("policy-json-array", IVE, "$", [], "object", suffix=".json", make=raw(b"[]"))
pcase("policy-json-string", IVE, "$", "strict", suffix=".json", make=raw(b'"strict"'))
pcase("policy-json-syntax", IVE, "$", SHORT, "JSON", suffix=".json", make=raw(b'{"cap": }'))
pcase("policy-json-cap-negative", IVE, "cap", -3, "-3", never=(*PYTHON_WORDS, "$:"),
      suffix=".json", make=raw(b'{"cap": -3}'))
pcase("policy-json-gaps-reversed", IVE, "max_gap", "P5D", "'P5D'", "'P9D'", suffix=".json",
      make=raw(b'{"min_gap": "P9D", "max_gap": "P5D"}'))
pcase("policy-json-duplicate", IVE, OneOf(("$", "cap")), SHORT, "duplicate", suffix=".json",
      make=raw(b'{"cap": 3, "cap": 4}'))
pcase("policy-json-nan", IVE, OneOf(("$", "backoff")), SHORT, "NaN", suffix=".json",
      make=raw(b'{"backoff": NaN}'))

# ---------------------------------------------------------------------------
# Zones and DST: a gap or a fold, an offset the bracketed zone does not have,
# names that are not IANA zones (round 2)

ZONES = "zones and dst"


def at_case(id: str, exc: type[RelanceError], text: str, *says: str,
            value: object = None, path: str = "history[0].at", **options: Any) -> None:
    """An instant in the document that is refused (its value is the text, unless told)."""
    case(id, ZONES, exc, path, text if value is None else value, *says,
         make=doc_file((path, text)), **options)


def zone_case(id: str, exc: type[RelanceError], name: str, *says: str,
              value: object = None, **options: Any) -> None:
    """A contact's time zone that is refused (its value is the name, unless told)."""
    case(id, ZONES, exc, "account.contacts[0].timezone", name if value is None else value,
         *says, make=doc_file(("account.contacts[0].timezone", name)), **options)


at_case("zone-gap-paris-winter-offset", IVE, "2026-03-29T02:30:00+01:00[Europe/Paris]",
        "Europe/Paris", "disagree")
at_case("zone-gap-paris-summer-offset", IVE, "2026-03-29T02:30:00+02:00[Europe/Paris]",
        "Europe/Paris", "disagree")
at_case("zone-fold-paris-no-such-offset", IVE, "2026-10-25T02:30:00+03:00[Europe/Paris]",
        "Europe/Paris")
at_case("zone-gap-lord-howe-half-hour", IVE, "2026-10-04T02:15:00+10:30[Australia/Lord_Howe]",
        "Australia/Lord_Howe")
at_case("zone-lord-howe-wrong-offset", IVE, "2026-10-20T10:00:00+10:30[Australia/Lord_Howe]",
        "Australia/Lord_Howe")
at_case("zone-gap-santiago-midnight", IVE, "2026-09-06T00:30:00-04:00[America/Santiago]",
        "America/Santiago")
at_case("zone-kiritimati-wrong-offset", IVE, "2026-10-20T10:00:00-10:00[Pacific/Kiritimati]",
        "Pacific/Kiritimati")
at_case("zone-utc-with-an-offset", IVE, "2026-10-20T10:00:00+01:00[UTC]", "UTC")
at_case("zone-zulu-with-an-offset", IVE, "2026-10-20T10:00:00+01:00[Zulu]", "Zulu")
at_case("zone-etc-gmt-plus-14-bracket", UnknownTimezoneError,
        "2026-10-20T10:00:00-14:00[Etc/GMT+14]", "'Etc/GMT+14'")
at_case("zone-fixed-offset-in-bracket", UnknownTimezoneError,
        "2026-10-20T10:00:00+02:00[+02:00]", "'+02:00'")
at_case("zone-utc-plus-2-in-bracket", UnknownTimezoneError,
        "2026-10-20T10:00:00+02:00[UTC+2]", "'UTC+2'")
at_case("zone-lower-case-bracket", UnknownTimezoneError,
        "2026-10-20T10:00:00+02:00[europe/paris]", "'europe/paris'")
at_case("zone-trailing-space-bracket", UnknownTimezoneError,
        "2026-10-20T10:00:00+02:00[Europe/Paris ]", "'Europe/Paris '")
at_case("zone-two-brackets", UnknownTimezoneError,
        "2026-10-20T10:00:00+02:00[Europe/Paris][u-ca=iso8601]")
at_case("zone-space-before-bracket", IVE, "2026-10-20T10:00:00+02:00 [Europe/Paris]")
at_case("zone-bracket-without-offset", NaiveDatetimeError, "2026-10-20T10:00:00[Europe/Paris]",
        "naive")
at_case("zone-offset-24-hours", IVE, "2026-10-20T10:00:00+24:00")
# System files that are not IANA zones: refused for a contact (round 1), and
# refused in brackets too, where they would make a document mean something
# else on another machine ('localtime' is the machine's own zone).
at_case("zone-localtime-bracket", UnknownTimezoneError,
        "2026-10-20T10:00:00+00:00[localtime]", "'localtime'")
at_case("zone-posixrules-bracket", UnknownTimezoneError,
        "2026-10-20T10:00:00-04:00[posixrules]", "'posixrules'")
at_case("zone-right-utc-bracket", UnknownTimezoneError,
        "2026-10-20T10:00:00+00:00[right/UTC]", "'right/UTC'")
at_case("zone-posix-paris-bracket", UnknownTimezoneError,
        "2026-10-20T10:00:00+02:00[posix/Europe/Paris]", "'posix/Europe/Paris'")
at_case("zone-factory-bracket", UnknownTimezoneError, "2026-10-20T10:00:00+00:00[Factory]",
        "'Factory'")
# A zone name of 400 path components: the zone lookup recursed until Python gave up.
at_case("zone-400-components-bracket", UnknownTimezoneError,
        "2026-10-20T10:00:00+02:00[" + "a/" * 400 + "a]", "unknown time zone",
        value=SHORT, never=(*PYTHON_WORDS, "recursion"))
at_case("zone-checkpoint-gap", IVE, "2027-03-28T02:30:00+01:00[Europe/Paris]", "Europe/Paris",
        path="account.checkpoints[0].at")
at_case("zone-idea-expiry-fold-offset", IVE, "2026-10-25T02:30:00+03:00[Europe/Paris]",
        path="ideas[1].expires_at")
zone_case("zone-contact-etc-gmt-plus-14", UnknownTimezoneError, "Etc/GMT+14", "'Etc/GMT+14'")
zone_case("zone-contact-lower-case", UnknownTimezoneError, "europe/paris", "'europe/paris'")
zone_case("zone-contact-upper-case", UnknownTimezoneError, "EUROPE/PARIS", "'EUROPE/PARIS'")
zone_case("zone-contact-trailing-space", UnknownTimezoneError, "Europe/Paris ",
          "'Europe/Paris '")
zone_case("zone-contact-leading-space", UnknownTimezoneError, " Europe/Paris",
          "' Europe/Paris'")
zone_case("zone-contact-newline", UnknownTimezoneError, "Europe/Paris\n")
zone_case("zone-contact-utc-plus-2", UnknownTimezoneError, "UTC+2", "'UTC+2'")
zone_case("zone-contact-factory", UnknownTimezoneError, "Factory", "'Factory'")
zone_case("zone-contact-dot-dot", UnknownTimezoneError, "Europe/../Europe/Paris")
zone_case("zone-contact-trailing-slash", UnknownTimezoneError, "Europe/Paris/")
zone_case("zone-contact-zone-tab", UnknownTimezoneError, "zone.tab", "'zone.tab'")
zone_case("zone-contact-400-components", UnknownTimezoneError, "a/" * 400 + "a", value=SHORT)

# ---------------------------------------------------------------------------
# The edges of the supported range: one microsecond outside is refused

EDGES = "range edges"


def edge_case(id: str, text: str, path: str = "history[0].at", **options: Any) -> None:
    case(id, EDGES, IVE, path, text, "out of range", make=doc_file((path, text)), **options)


edge_case("edge-2200-with-microseconds", "2200-01-01T00:00:00.000000Z")
edge_case("edge-1899-last-microsecond", "1899-12-31T23:59:59.999999Z")
edge_case("edge-2199-last-microsecond-west", "2199-12-31T23:59:59.999999-00:01")
edge_case("edge-1900-first-hour-east", "1900-01-01T00:59:59.999999+01:00")
edge_case("edge-2200-in-paris", "2200-01-01T01:00:00+01:00[Europe/Paris]")
edge_case("edge-1900-in-kiritimati", "1900-01-01T13:59:59.999999+14:00")
edge_case("edge-checkpoint-2200", "2200-01-01T00:00:00Z", path="account.checkpoints[0].at")
edge_case("edge-idea-expiry-2200", "2200-01-01T00:00:00Z", path="ideas[1].expires_at")
edge_case("edge-idea-available-1899", "1899-12-31T23:00:00Z", path="ideas[2].available_from")
case("edge-duration-100-years-and-a-day", EDGES, IVE, "policy.max_gap", "P36526D", "'P36526D'",
     make=doc_file(("policy.max_gap", "P36526D")))
case("edge-duration-100-years-and-an-hour", EDGES, IVE, "policy.cool_off", "PT876601H",
     "'PT876601H'", make=doc_file(("policy.cool_off", "PT876601H")))
case("edge-duration-100-years-and-a-microsecond", EDGES, IVE, "policy.cool_off",
     "PT3155760000.000001S", "'PT3155760000.000001S'",
     make=doc_file(("policy.cool_off", "PT3155760000.000001S")))
case("edge-duration-weeks-over-100-years", EDGES, IVE, "policy.cap_window", "P5218W",
     "'P5218W'", make=doc_file(("policy.cap_window", "P5218W")))

# ---------------------------------------------------------------------------
# Working hours, countries and subdivisions as people type them

LOCAL = "working hours and countries"
HOURS = "account.contacts[1].working_hours"


def hours_case(id: str, which: str, text: object, *says: str, **options: Any) -> None:
    case(id, LOCAL, IVE, f"{HOURS}.{which}", text, *says,
         make=doc_file((f"{HOURS}.{which}", text)), **options)


hours_case("hours-start-24", "start", "24:00", "'24:00'")
hours_case("hours-single-digit-hour", "start", "9:00", "'9:00'")
hours_case("hours-minute-60", "start", "08:60", "'08:60'")
hours_case("hours-hour-25", "end", "25:00", "'25:00'")
hours_case("hours-second-60", "end", "17:00:60", "'17:00:60'")
hours_case("hours-utc-z", "start", "08:30Z")
hours_case("hours-offset-on-end", "end", "17:00+01:00")
hours_case("hours-trailing-space", "start", "08:30 ", "'08:30 '")
hours_case("hours-empty", "start", "", "''")
hours_case("hours-am-pm", "end", "5:00 PM", "'5:00 PM'")
hours_case("hours-fullwidth", "start", "０８:30")
hours_case("hours-zero-width-space", "start", "08:30\u200b")
hours_case("hours-null", "end", None, "null", never=(*PYTHON_WORDS, "None"))
hours_case("hours-bool", "start", True, "true", never=(*PYTHON_WORDS, "True"))
# Read silently as something else before round 2: more than six digits of a
# second (instants refuse them), and a run of digits read as hhmmss.ffffff.
hours_case("hours-seven-fraction-digits", "start", "08:30:00.1234567")
hours_case("hours-eight-zeros", "start", "00000000")
hours_case("hours-eight-ones", "start", "11111111")
hours_case("hours-end-equals-start", "end", "08:30", "'08:30'")
case("country-lower-case", LOCAL, UnknownCountryError, "account.contacts[0].country", "fr",
     "'fr'", make=doc_file(("account.contacts[0].country", "fr")))
case("country-mixed-case", LOCAL, UnknownCountryError, "account.contacts[0].country", "Fr",
     "'Fr'", make=doc_file(("account.contacts[0].country", "Fr")))
case("country-trailing-space", LOCAL, UnknownCountryError, "account.contacts[0].country",
     "FR ", "'FR '", make=doc_file(("account.contacts[0].country", "FR ")))
case("country-eu", LOCAL, UnknownCountryError, "account.contacts[0].country", "EU", "'EU'",
     make=doc_file(("account.contacts[0].country", "EU")))
case("country-empty", LOCAL, IVE, "account.contacts[0].country", "", "''",
     make=doc_file(("account.contacts[0].country", "")))
case("country-null", LOCAL, IVE, "account.contacts[0].country", None, "null",
     make=doc_file(("account.contacts[0].country", None)))
case("subdivision-lower-case", LOCAL, UnknownCountryError, "account.contacts[1].subdivision",
     "ny", "'ny'", make=doc_file(("account.contacts[1].subdivision", "ny")))
case("subdivision-with-country-prefix", LOCAL, UnknownCountryError,
     "account.contacts[1].subdivision", "US-NY", "'US-NY'",
     make=doc_file(("account.contacts[1].subdivision", "US-NY")))
case("subdivision-of-another-country", LOCAL, UnknownCountryError,
     "account.contacts[1].subdivision", "BY", "'BY'",
     make=doc_file(("account.contacts[1].subdivision", "BY")))
case("subdivision-department-number", LOCAL, UnknownCountryError,
     "account.contacts[0].subdivision", "75", "'75'",
     make=doc_file(("account.contacts[0].subdivision", "75")))
case("subdivision-array", LOCAL, IVE, "account.contacts[1].subdivision", ["NY"],
     make=doc_file(("account.contacts[1].subdivision", ["NY"])))
case("subdivision-empty", LOCAL, IVE, "account.contacts[1].subdivision", "",
     make=doc_file(("account.contacts[1].subdivision", "")))
pcase("toml-working-hours-24", IVE, "working_hours.end", "24:00", "'24:00'",
      make=toml('[working_hours]\nstart = "09:00"\nend = "24:00"\n'))
pcase("toml-working-hours-single-digit", IVE, "working_hours.start", "9:00", "'9:00'",
      make=toml('[working_hours]\nstart = "9:00"\nend = "18:00"\n'))
# A TOML local time (start = 09:00:00) is a time of day: accepted, see test_bad_input.
pcase("toml-working-hours-seven-digits", IVE, "working_hours.start", "09:00:00.1234567",
      make=toml('[working_hours]\nstart = "09:00:00.1234567"\nend = "18:00"\n'))
pcase("toml-working-hours-offset", IVE, "working_hours.start", "09:00+01:00",
      make=toml('[working_hours]\nstart = "09:00+01:00"\nend = "18:00"\n'))
pcase("toml-min-gap-100-years-and-a-day", IVE, "min_gap", "P36526D", "'P36526D'",
      make=toml('min_gap = "P36526D"\nmax_gap = "P36526D"\n'), fields=("min_gap", "max_gap"))
pcase("policy-json-working-hours-24", IVE, "working_hours.end", "24:00", suffix=".json",
      make=raw(b'{"working_hours": {"start": "09:00", "end": "24:00"}}'))


# Weekly schedules (issue 16): the day's intervals, the days, the channels.

def schedule_case(id: str, week: object, field: str, value: object, *says: str) -> None:
    case(id, LOCAL, IVE, field, value, *says, make=doc_file((HOURS, week)))


schedule_case("schedule-overlap", {"mon-thu": ["09:00-12:00"], "fri": ["09:00-12:00",
              "11:00-13:00"]}, f"{HOURS}.fri", ["09:00-12:00", "11:00-13:00"], "overlap")
schedule_case("schedule-reversed", {"mon": ["12:00-09:00"]}, f"{HOURS}.mon[0]", "12:00-09:00",
              "'12:00'", "'09:00'")
schedule_case("schedule-crosses-midnight", {"fri": ["22:00-02:00"]}, f"{HOURS}.fri[0]",
              "22:00-02:00", "midnight")
schedule_case("schedule-unknown-day", {"mun": ["09:00-12:00"]}, HOURS,
              {"mun": ["09:00-12:00"]}, "'mun'", "mon-fri")
schedule_case("schedule-day-twice", {"mon-fri": ["09:00-12:00"], "wed": ["14:00-15:00"]},
              f"{HOURS}.wed", ["14:00-15:00"], "twice")
schedule_case("schedule-day-string", {"mon": "09:00-12:00"}, f"{HOURS}.mon", "09:00-12:00",
              "list of intervals")
schedule_case("schedule-interval-pair", {"mon": [["09:00", "12:00"]]}, f'{HOURS}["mon"][0]',
              ["09:00", "12:00"], "09:00-12:00")
schedule_case("schedule-empty", {"mon": []}, HOURS, {"mon": []}, "at least one interval")
pcase("toml-schedule-unknown-channel", IVE, "schedules", OneOf(("fax", {"fax": {
      "mon": ["09:00-12:00"]}})), "'fax'", make=toml('[schedules.fax]\nmon = ["09:00-12:00"]\n'))
pcase("toml-schedule-overlap", IVE, "schedules.phone.mon", ["10:00-12:00", "11:00-17:00"],
      "overlap", make=toml('[schedules.phone]\nmon = ["10:00-12:00", "11:00-17:00"]\n'))
pcase("toml-schedule-bad-interval", IVE, "working_hours.tue[0]", "9-12", "'9-12'",
      make=toml('[working_hours]\nmon = ["09:00-18:00"]\ntue = ["9-12"]\n'))

FILE_CASES = [c for c in CASES if c.is_file]

# ---------------------------------------------------------------------------
# Python: a small world for the API cases

PARIS = "Europe/Paris"


def at(day: int, hour: int = 10, month: int = 11) -> pendulum.DateTime:
    return pendulum.datetime(2026, month, day, hour, tz=PARIS)


def ana() -> Contact:
    return Contact(id="ana", name="Ana", role="decision_maker", timezone=PARIS, country="FR")


def bob() -> Contact:
    return Contact(id="bob", name="Bob", role="champion", timezone="America/New_York",
                   country="US")


def account() -> Account:
    cp = Checkpoint(id="committee", contact_id="ana", at=pendulum.datetime(2027, 1, 15, 14,
                                                                           tz=PARIS))
    return Account(id="acme", name="Acme", needs={"budget", "onboarding"},
                   contacts=[ana(), bob()], checkpoints=[cp])


def pilot() -> Idea:
    return Idea(id="pilot", summary="A pilot", addresses={"onboarding"}, priority=2)


def case_study() -> Idea:
    return Idea(id="case-study", summary="A case study", addresses={"onboarding"})


def ideas() -> tuple[Idea, ...]:
    return (case_study(), pilot())


def touch(day: int, *, contact_id: str = "ana", idea_id: str | None = None,
          month: int = 10, **more: Any) -> Touch:
    return Touch(at=at(day, month=month), contact_id=contact_id, channel="email",
                 direction="outbound", outcome="no_answer", idea_id=idea_id, **more)


def history() -> list[Touch]:
    return [touch(6, idea_id="case-study"), touch(20)]


NOW_PY = at(23, 8)


def proposal(**changes: Any) -> Proposal:
    fields: dict[str, Any] = {"at": at(24), "contact_id": "ana", "channel": "email",
                              "idea_id": "pilot"}
    fields.update(changes)
    return Proposal(**fields)


def check(**changes: Any) -> object:
    """``Policy().check`` on the small world, with some arguments changed."""
    args: dict[str, Any] = {"account": account(), "history": history(), "ideas": ideas()}
    prop = changes.pop("proposal", None) or proposal()
    policy = changes.pop("policy", None) or Policy()
    args.update(changes)
    return policy.check(prop, **args)


def plan(**changes: Any) -> object:
    """``relance.plan`` on the small world, with some arguments changed."""
    args: dict[str, Any] = {"account": account(), "history": history(), "ideas": ideas(),
                            "policy": Policy(), "now": NOW_PY,
                            "horizon": pendulum.duration(weeks=4)}
    args.update(changes)
    return relance.plan(**args)


def contact(**changes: Any) -> Contact:
    fields: dict[str, Any] = {"id": "ana", "name": "Ana", "role": "decision_maker",
                              "timezone": PARIS, "country": "FR"}
    fields.update(changes)
    return Contact(**fields)


def idea(**changes: Any) -> Idea:
    fields: dict[str, Any] = {"id": "pilot", "summary": "A pilot", "addresses": {"onboarding"}}
    fields.update(changes)
    return Idea(**fields)


def new_touch(**changes: Any) -> Touch:
    fields: dict[str, Any] = {"at": at(20, month=10), "contact_id": "ana", "channel": "email",
                              "direction": "outbound", "outcome": "no_answer"}
    fields.update(changes)
    return Touch(**fields)


class _Gate(CustomRule):
    code = "gate"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> Any:
        return None


def rule_returning(code: str, answer: Callable[[pendulum.DateTime], object]) -> CustomRule:
    """A custom rule that refuses every proposal with ``answer(at)`` as its lift."""

    class Returning(CustomRule):
        def refuses(self, situation: Situation, at: pendulum.DateTime) -> Any:
            return answer(at)

    Returning.code = code
    return Returning()


UTC = timezone.utc
Y9999 = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
Y1800 = datetime(1800, 1, 1, tzinfo=UTC)

CONSTRUCTORS = "python constructors"


def py(id: str, category: str, exc: type[RelanceError], field: str | Matcher, value: object,
       *says: str, call: Callable[[], object], **options: Any) -> None:
    case(id, category, exc, field, value, *says, call=call, **options)


py("py-contact-timezone", CONSTRUCTORS, UnknownTimezoneError, "Contact.timezone",
   "Mars/Olympus", "'Mars/Olympus'", call=lambda: contact(timezone="Mars/Olympus"))
py("py-contact-timezone-localtime", CONSTRUCTORS, UnknownTimezoneError, "Contact.timezone",
   "localtime", "'localtime'", call=lambda: contact(timezone="localtime"))
py("py-contact-country", CONSTRUCTORS, UnknownCountryError, "Contact.country", "XX", "'XX'",
   call=lambda: contact(country="XX"))
py("py-contact-subdivision", CONSTRUCTORS, UnknownCountryError, "Contact.subdivision", "ZZ",
   "'ZZ'", call=lambda: contact(country="US", timezone="America/New_York", subdivision="ZZ"))
py("py-contact-channels-string", CONSTRUCTORS, IVE, "Contact.channels", "email", "'email'",
   call=lambda: contact(channels="email"))
py("py-contact-channels-dict", CONSTRUCTORS, IVE, "Contact.channels", {"email": True},
   call=lambda: contact(channels={"email": True}))
py("py-contact-name-surrogate", CONSTRUCTORS, IVE, "Contact.name", "Ana \ud800",
   "surrogate", call=lambda: contact(name="Ana \ud800"))
py("py-contact-role", CONSTRUCTORS, IVE, "Contact.role", "ceo", "'ceo'",
   call=lambda: contact(role="ceo"))
py("py-contact-id-int", CONSTRUCTORS, IVE, "Contact.id", 1, call=lambda: contact(id=1))
py("py-contact-do-not-contact", CONSTRUCTORS, IVE, "Contact.do_not_contact", "no",
   call=lambda: contact(do_not_contact="no"))
py("py-contact-hours-reversed", CONSTRUCTORS, IVE,
   OneOf(("Contact.working_hours.end", "WorkingHours.end")), ANY,
   call=lambda: contact(working_hours=("18:00", "09:00")))
py("py-account-needs-string", CONSTRUCTORS, IVE, "Account.needs", "budget", "'budget'",
   call=lambda: Account(id="acme", name="Acme", needs="budget", contacts=[ana()]))
py("py-account-needs-dict", CONSTRUCTORS, IVE, "Account.needs", {"budget": 1},
   call=lambda: Account(id="acme", name="Acme", needs={"budget": 1}, contacts=[ana()]))
py("py-account-contacts-single", CONSTRUCTORS, IVE, "Account.contacts", ANY,
   call=lambda: Account(id="acme", name="Acme", needs={"budget"}, contacts=ana()))
py("py-account-contacts-duplicate", CONSTRUCTORS, DuplicateIdError, "Account.contacts[1].id",
   "ana", "'ana'",
   call=lambda: Account(id="acme", name="Acme", needs={"budget"}, contacts=[ana(), ana()]))
py("py-account-contacts-foreign", CONSTRUCTORS, IVE, "Account.contacts[0]", "ana",
   "a Contact", call=lambda: Account(id="acme", name="Acme", needs={"budget"},
                                     contacts=["ana"]))
py("py-account-checkpoint-unknown-contact", CONSTRUCTORS, UnknownIdError,
   "Account.checkpoints[0].contact_id", "zoe", "'zoe'",
   call=lambda: Account(id="acme", name="Acme", needs={"budget"}, contacts=[ana()],
                        checkpoints=[Checkpoint(id="c", contact_id="zoe", at=at(30))]))
py("py-idea-addresses-string", CONSTRUCTORS, IVE, "Idea.addresses", "budget", "'budget'",
   call=lambda: idea(addresses="budget"))
py("py-idea-priority-bool", CONSTRUCTORS, IVE, "Idea.priority", True,
   call=lambda: idea(priority=True))
py("py-idea-priority-19-digits", CONSTRUCTORS, IVE, "Idea.priority", -(10**18), "digits",
   call=lambda: idea(priority=-(10**18)))
py("py-idea-expiry-before-availability", CONSTRUCTORS, IVE, "Idea.expires_at", ANY,
   call=lambda: idea(available_from=at(20), expires_at=at(10)))
py("py-idea-available-9999", CONSTRUCTORS, IVE, "Idea.available_from", Y9999,
   call=lambda: idea(available_from=Y9999))
py("py-touch-naive", CONSTRUCTORS, NaiveDatetimeError, "Touch.at", datetime(2026, 10, 20, 10),
   call=lambda: new_touch(at=datetime(2026, 10, 20, 10)))
py("py-touch-string-at", CONSTRUCTORS, IVE, "Touch.at", "2026-10-20T10:00:00+02:00",
   call=lambda: new_touch(at="2026-10-20T10:00:00+02:00"))
py("py-touch-year-9999", CONSTRUCTORS, IVE, "Touch.at", Y9999, "2200",
   call=lambda: new_touch(at=Y9999))
py("py-touch-year-1800", CONSTRUCTORS, IVE, "Touch.at", Y1800, "1900",
   call=lambda: new_touch(at=Y1800))
py("py-touch-date", CONSTRUCTORS, IVE, "Touch.at", date(2026, 10, 20),
   call=lambda: new_touch(at=date(2026, 10, 20)))
py("py-touch-inbound-bounced", CONSTRUCTORS, IVE, "Touch.outcome", ANY, "'bounced'",
   call=lambda: new_touch(direction="inbound", outcome="bounced"))
py("py-touch-channel", CONSTRUCTORS, IVE, "Touch.channel", "fax", "'fax'",
   call=lambda: new_touch(channel="fax"))
py("py-checkpoint-naive", CONSTRUCTORS, NaiveDatetimeError, "Checkpoint.at", ANY,
   call=lambda: Checkpoint(id="c", contact_id="ana", at=datetime(2027, 1, 15, 14)))
py("py-proposal-reply-string", CONSTRUCTORS, IVE, "Proposal.reply", "yes",
   call=lambda: proposal(reply="yes"))
py("py-proposal-naive", CONSTRUCTORS, NaiveDatetimeError, "Proposal.at", ANY,
   call=lambda: proposal(at=datetime(2026, 11, 24, 10)))
py("py-working-hours-reversed", CONSTRUCTORS, IVE, "WorkingHours.end", ANY,
   call=lambda: WorkingHours(start="18:00", end="09:00"))
py("py-working-hours-aware", CONSTRUCTORS, IVE, "WorkingHours.start", ANY,
   call=lambda: WorkingHours(start=time(9, tzinfo=UTC), end="18:00"))
py("py-policy-cap-negative", CONSTRUCTORS, IVE, "Policy.cap", -3, "-3",
   call=lambda: Policy(cap=-3))
py("py-policy-cap-19-digits", CONSTRUCTORS, IVE, "Policy.cap", 10**18, "digits",
   call=lambda: Policy(cap=10**18))
py("py-policy-max-unanswered-19-digits", CONSTRUCTORS, IVE, "Policy.max_unanswered", 10**18,
   "digits", call=lambda: Policy(max_unanswered=10**18))
py("py-policy-without-string", CONSTRUCTORS, IVE, "Policy.without", "no-new-idea",
   "'no-new-idea'", never=("Traceback", "'n'", "'o'"),
   call=lambda: Policy(without="no-new-idea"))
py("py-policy-without-unknown", CONSTRUCTORS, IVE, "Policy.without",
   OneOf(("no-such-rule", frozenset({"no-such-rule"}))), "'no-such-rule'",
   call=lambda: Policy(without={"no-such-rule"}))
py("py-policy-months", CONSTRUCTORS, IVE, "Policy.min_gap", ANY, "month",
   call=lambda: Policy(min_gap=pendulum.duration(months=1)))
py("py-policy-over-range", CONSTRUCTORS, IVE, "Policy.max_silence", timedelta(days=36526),
   call=lambda: Policy(max_silence=timedelta(days=36526)))
py("py-policy-gaps-reversed", CONSTRUCTORS, IVE, "Policy.max_gap", timedelta(days=5),
   call=lambda: Policy(min_gap=timedelta(days=9), max_gap=timedelta(days=5)))
py("py-policy-backoff-nan", CONSTRUCTORS, IVE, "Policy.backoff", NAN,
   call=lambda: Policy(backoff=float("nan")))
py("py-policy-min-gap-int", CONSTRUCTORS, IVE, "Policy.min_gap", 7,
   call=lambda: Policy(min_gap=7))
py("py-policy-rules-single", CONSTRUCTORS, IVE, "Policy.rules", ANY,
   call=lambda: Policy(rules=_Gate()))
py("py-policy-rules-function", CONSTRUCTORS, IVE, "Policy.rules[0]", ANY, "CustomRule",
   call=lambda: Policy(rules=(lambda situation, at: None,)))
py("py-policy-rules-blank-code", CONSTRUCTORS, IVE, "Policy.rules[0].code", "",
   call=lambda: Policy(rules=(rule_returning("", lambda at: None),)))
py("py-policy-rules-taken-code", CONSTRUCTORS, IVE, "Policy.rules[0].code", "too-soon",
   "'too-soon'", call=lambda: Policy(rules=(rule_returning("too-soon", lambda at: None),)))
py("py-policy-hours-reversed", CONSTRUCTORS, IVE,
   OneOf(("Policy.working_hours.end", "WorkingHours.end")), ANY,
   call=lambda: Policy(working_hours=("18:00", "09:00")))
py("py-to-json-policy-with-rules", CONSTRUCTORS, IVE, "Policy.rules", ANY, "code",
   call=lambda: relance.to_json(Policy(rules=(_Gate(),))))

# ---------------------------------------------------------------------------
# Python: arguments of from_json / from_dict / Policy.from_*

LOADERS = "python loaders"
py("api-touch-doc-example", LOADERS, IVE, "at", "2026-11-02T10:00", "2 problems",
   fields=("at", "channel"),
   call=lambda: relance.from_json(
       Touch, '{"at": "2026-11-02T10:00", "contact_id": "ana", "channel": "fax", '
              '"direction": "outbound", "outcome": "no_answer"}'))
py("api-from-json-int", LOADERS, IVE, OneOf(("$", "text")), 42,
   call=lambda: relance.from_json(Document, 42))  # type: ignore[arg-type]
py("api-from-json-none", LOADERS, IVE, OneOf(("$", "text")), None,
   call=lambda: relance.from_json(Document, None))  # type: ignore[arg-type]
py("api-from-dict-list", LOADERS, IVE, "$", [], "object",
   call=lambda: relance.from_dict(Document, []))
py("api-from-dict-none", LOADERS, IVE, "$", None, call=lambda: relance.from_dict(Document, None))
py("api-from-dict-needs-string", LOADERS, IVE, "account.needs", "budget",
   call=lambda: relance.from_dict(Document, doc_with(("account.needs", "budget"))))
py("api-from-dict-addresses-string", LOADERS, IVE, "ideas[1].addresses", "onboarding",
   call=lambda: relance.from_dict(Document, doc_with(("ideas[1].addresses", "onboarding"))))
py("api-policy-from-dict-list", LOADERS, IVE, "$", [], call=lambda: Policy.from_dict([]))
py("api-policy-from-dict-string", LOADERS, IVE, "$", "P5D",
   call=lambda: Policy.from_dict("P5D"))  # type: ignore[arg-type]
py("api-policy-from-dict-cap", LOADERS, IVE, "cap", -3, "-3", never=("Traceback", "$:"),
   call=lambda: Policy.from_dict({"cap": -3}))
py("api-policy-from-dict-gaps", LOADERS, IVE, "max_gap", "P5D", "'P5D'", "'P9D'",
   never=PYTHON_WORDS, call=lambda: Policy.from_dict({"min_gap": "P9D", "max_gap": "P5D"}))
py("api-policy-from-toml-missing", LOADERS, IVE, "path", ANY, "no-such-policy.toml",
   call=lambda: Policy.from_toml(BAD_INPUTS / "no-such-policy.toml"))
py("api-policy-from-toml-directory", LOADERS, IVE, "path", ANY, "bad_inputs",
   call=lambda: Policy.from_toml(BAD_INPUTS))
py("api-policy-from-toml-float", LOADERS, IVE, "path", 3.5,
   call=lambda: Policy.from_toml(3.5))  # type: ignore[arg-type]

# ---------------------------------------------------------------------------
# Python: arguments of check and plan

ARGS = "python arguments"
py("check-proposal-string", ARGS, IVE, "proposal", "x", call=lambda: check(proposal="x"))
py("check-account-none", ARGS, IVE, "account", None, call=lambda: check(account=None))
py("check-history-none", ARGS, IVE, "history", None, call=lambda: check(history=None))
py("check-history-touch", ARGS, IVE, "history", ANY, "Touch",
   call=lambda: check(history=touch(6)))
py("check-history-string", ARGS, IVE, "history", "x", call=lambda: check(history="x"))
py("check-history-item", ARGS, IVE, "history[1]", "x", "a Touch",
   call=lambda: check(history=[touch(6), "x"]))
py("check-history-mapping", ARGS, IVE, "history", ANY,
   call=lambda: check(history={"t": touch(6)}))
py("check-ideas-string", ARGS, IVE, "ideas", "pilot", call=lambda: check(ideas="pilot"))
py("check-ideas-none", ARGS, IVE, "ideas", None, call=lambda: check(ideas=None))
py("check-ideas-item", ARGS, IVE, "ideas[0]", ANY, "an Idea", never=("a Idea",),
   call=lambda: check(ideas=[ana(), pilot()]))
py("check-ideas-duplicate", ARGS, DuplicateIdError, "ideas[2].id", "pilot", "'pilot'",
   call=lambda: check(ideas=[case_study(), pilot(), pilot()]))
py("check-ideas-mapping-key", ARGS, IVE, 'ideas["other"]', ANY,
   call=lambda: check(ideas={"other": pilot(), "case-study": case_study()},
                      proposal=proposal(idea_id="case-study")))
py("check-unknown-contact", ARGS, UnknownIdError, "proposal.contact_id", "zoe", "'zoe'",
   call=lambda: check(proposal=proposal(contact_id="zoe")))
py("check-unknown-idea", ARGS, UnknownIdError, "proposal.idea_id", "webinar", "'webinar'",
   call=lambda: check(proposal=proposal(idea_id="webinar")))
py("check-unknown-checkpoint", ARGS, UnknownIdError, "proposal.checkpoint_id", "kickoff",
   call=lambda: check(proposal=proposal(idea_id=None, checkpoint_id="kickoff")))
py("check-history-unknown-contact", ARGS, UnknownIdError, "history[1].contact_id", "zoe",
   call=lambda: check(history=[touch(6), touch(20, contact_id="zoe")]))
py("check-idea-unknown-contact", ARGS, UnknownIdError, "ideas[1].contact_id", "zoe",
   call=lambda: check(ideas=[case_study(), idea(contact_id="zoe")]))
py("plan-account-string", ARGS, IVE, "account", "acme", call=lambda: plan(account="acme"))
py("plan-policy-none", ARGS, IVE, "policy", None, call=lambda: plan(policy=None))
py("plan-policy-dict", ARGS, IVE, "policy", {"cap": 3}, call=lambda: plan(policy={"cap": 3}))
py("plan-history-none", ARGS, IVE, "history", None, call=lambda: plan(history=None))
py("plan-history-touch", ARGS, IVE, "history", ANY, call=lambda: plan(history=touch(6)))
py("plan-history-after-now", ARGS, IVE, "history[2].at", at(24), "now",
   call=lambda: plan(history=[touch(6), touch(20), touch(24, month=11)]))
py("plan-history-after-now-unsorted", ARGS, IVE, "history[0].at", at(30), "now",
   call=lambda: plan(history=[touch(30, month=11), touch(6)]))
py("plan-ideas-string", ARGS, IVE, "ideas", "pilot", call=lambda: plan(ideas="pilot"))
py("plan-ideas-none", ARGS, IVE, "ideas", None, call=lambda: plan(ideas=None))
py("plan-ideas-item", ARGS, IVE, "ideas[1]", ANY, "an Idea", never=("a Idea",),
   call=lambda: plan(ideas=[case_study(), ana()]))
py("plan-ideas-duplicate", ARGS, DuplicateIdError, "ideas[2].id", "pilot",
   call=lambda: plan(ideas=[case_study(), pilot(), pilot()]))
py("plan-idea-unknown-contact", ARGS, UnknownIdError, "ideas[1].contact_id", "zoe",
   call=lambda: plan(ideas=[case_study(), idea(contact_id="zoe")]))
py("plan-now-naive", ARGS, NaiveDatetimeError, "now", datetime(2026, 11, 23, 8),
   call=lambda: plan(now=datetime(2026, 11, 23, 8)))
py("plan-now-string", ARGS, IVE, "now", NOW, call=lambda: plan(now=NOW))
py("plan-now-none", ARGS, IVE, "now", None, call=lambda: plan(now=None))
py("plan-now-9999", ARGS, IVE, "now", Y9999, "2200", call=lambda: plan(now=Y9999))
py("plan-now-1800", ARGS, IVE, "now", Y1800, "1900", call=lambda: plan(now=Y1800))
py("plan-horizon-months", ARGS, IVE, "horizon", ANY, "month",
   call=lambda: plan(horizon=pendulum.duration(months=3)))
py("plan-horizon-years", ARGS, IVE, "horizon", ANY, "year",
   call=lambda: plan(horizon=pendulum.duration(years=1)))
py("plan-horizon-negative", ARGS, IVE, "horizon", timedelta(days=-1),
   call=lambda: plan(horizon=timedelta(days=-1)))
py("plan-horizon-zero", ARGS, IVE, "horizon", timedelta(0), call=lambda: plan(horizon=timedelta(0)))
py("plan-horizon-99999999-days", ARGS, IVE, "horizon", timedelta(days=99999999),
   call=lambda: plan(horizon=timedelta(days=99999999)))
py("plan-horizon-over-range", ARGS, IVE, "horizon", timedelta(days=36526),
   call=lambda: plan(horizon=timedelta(days=36526)))
py("plan-horizon-int", ARGS, IVE, "horizon", 7, call=lambda: plan(horizon=7))
py("plan-horizon-string", ARGS, IVE, "horizon", "12w", call=lambda: plan(horizon="12w"))
py("plan-horizon-naive", ARGS, NaiveDatetimeError, "horizon", datetime(2026, 12, 23),
   call=lambda: plan(horizon=datetime(2026, 12, 23)))
py("plan-horizon-before-now", ARGS, IVE, "horizon", at(1),
   call=lambda: plan(horizon=at(1)))
py("plan-horizon-9999", ARGS, IVE, "horizon", Y9999, "2200", call=lambda: plan(horizon=Y9999))

# ---------------------------------------------------------------------------
# Custom rules that answer something else than None, NEVER or a later instant

RULES = "custom rules"
RULE_FIELD = Mentions(r"rules")
_BAD_ANSWERS: dict[str, Callable[[pendulum.DateTime], object]] = {
    "naive": lambda at: at.naive().add(days=1),
    "string": lambda at: at.add(days=1).isoformat(),
    "same-instant": lambda at: at,
    "earlier": lambda at: at.subtract(days=1),
    "int": lambda at: 42,
    "date": lambda at: at.add(days=1).date(),
    "true": lambda at: True,
    "never-class": lambda at: type(NEVER),
    "year-9999": lambda at: Y9999,
}
for _name, _answer in _BAD_ANSWERS.items():
    _code = f"returns-{_name}"
    py(f"rule-{_name}-check", RULES, IVE, RULE_FIELD, ANY, f"'{_code}'",
       call=lambda c=_code, a=_answer: check(policy=Policy(rules=(rule_returning(c, a),))))
    py(f"rule-{_name}-plan", RULES, IVE, RULE_FIELD, ANY, f"'{_code}'",
       call=lambda c=_code, a=_answer: plan(policy=Policy(rules=(rule_returning(c, a),))))



class _Rolling(CustomRule):
    """Refuses at every instant, each time "for one more minute": its lifts are not lifts."""

    code = "rolling"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> Any:
        return at.add(minutes=1)


py("rule-rolling-lift-check", RULES, IVE, RULE_FIELD, ANY, "'rolling'",
   call=lambda: check(policy=Policy(rules=(_Rolling(),))))
py("rule-rolling-lift-plan", RULES, IVE, RULE_FIELD, ANY, "'rolling'",
   call=lambda: plan(policy=Policy(rules=(_Rolling(),))))


class _TwentyFiveHours(tzinfo):
    """A broken tzinfo: its offset is out of Python's own range."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=25)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return "broken"


Y2199_DEC = datetime(2199, 12, 1, tzinfo=UTC)


# ---------------------------------------------------------------------------
# Round 2: custom rules that answer with the wrong kind of thing, or explain badly


class _NoRefuses(CustomRule):
    """A subclass that forgot to implement refuses()."""

    code = "forgot-refuses"


class _ExplainsWithANumber(CustomRule):
    """Refuses for good, and explains with an int instead of a sentence."""

    code = "explains-with-a-number"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> Any:
        return NEVER

    def explain(self, situation: Situation, at: pendulum.DateTime,
                lifts_at: pendulum.DateTime | None) -> Any:
        return 42


_MORE_BAD_ANSWERS: dict[str, Callable[[pendulum.DateTime], object]] = {
    "pendulum-duration": lambda at: pendulum.duration(days=1),
    "timedelta": lambda at: timedelta(days=1),
    "pendulum-date": lambda at: pendulum.date(2030, 1, 1),
    "float-nan": lambda at: float("nan"),
    "exactly-2200": lambda at: datetime(2200, 1, 1, tzinfo=UTC),
    "at-in-utc": lambda at: at.in_tz("UTC"),
    "huge-list": lambda at: list(range(10_000)),
}
for _name, _answer in _MORE_BAD_ANSWERS.items():
    _code = f"returns-{_name}"
    py(f"rule-{_name}-check", RULES, IVE, RULE_FIELD, SHORT, f"'{_code}'",
       call=lambda c=_code, a=_answer: check(policy=Policy(rules=(rule_returning(c, a),))))
    py(f"rule-{_name}-plan", RULES, IVE, RULE_FIELD, SHORT, f"'{_code}'",
       call=lambda c=_code, a=_answer: plan(policy=Policy(rules=(rule_returning(c, a),))))
py("rule-explains-with-a-number-check", RULES, IVE, RULE_FIELD, ANY,
   "'explains-with-a-number'", call=lambda: check(policy=Policy(rules=(_ExplainsWithANumber(),))))
py("rule-needs-unknown", RULES, IVE, "Policy.rules[0].needs", "ideas", "'ideas'",
   call=lambda: Policy(rules=(type("NeedsIdeas", (_Gate,), {"code": "needs-ideas",
                                                             "needs": "ideas"})(),)))
py("rule-code-int", RULES, IVE, "Policy.rules[0].code", 5,
   call=lambda: Policy(rules=(type("CodeInt", (_Gate,), {"code": 5})(),)))

# ---------------------------------------------------------------------------
# Round 2: zones, DST and the edges of the range, from Python

py("py-contact-timezone-lower-case", ZONES, UnknownTimezoneError, "Contact.timezone",
   "europe/paris", "'europe/paris'", call=lambda: contact(timezone="europe/paris"))
py("py-contact-timezone-etc-gmt-plus-14", ZONES, UnknownTimezoneError, "Contact.timezone",
   "Etc/GMT+14", call=lambda: contact(timezone="Etc/GMT+14"))
py("py-contact-timezone-trailing-space", ZONES, UnknownTimezoneError, "Contact.timezone",
   "Europe/Paris ", call=lambda: contact(timezone="Europe/Paris "))
py("py-contact-timezone-zoneinfo-object", ZONES, IVE, "Contact.timezone", ANY,
   call=lambda: contact(timezone=ZoneInfo("Europe/Paris")))
py("py-contact-country-lower-case", LOCAL, UnknownCountryError, "Contact.country", "fr",
   "'fr'", call=lambda: contact(country="fr"))
py("py-contact-subdivision-lower-case", LOCAL, UnknownCountryError, "Contact.subdivision",
   "ny", call=lambda: contact(country="US", timezone="America/New_York", subdivision="ny"))
py("py-working-hours-single-digit", LOCAL, IVE, "WorkingHours.start", "9:00", "'9:00'",
   call=lambda: WorkingHours(start="9:00", end="18:00"))
py("py-working-hours-24", LOCAL, IVE, "WorkingHours.end", "24:00", "'24:00'",
   call=lambda: WorkingHours(start="09:00", end="24:00"))
py("py-working-hours-seven-digits", LOCAL, IVE, "WorkingHours.start", "09:00:00.1234567",
   call=lambda: WorkingHours(start="09:00:00.1234567", end="18:00"))
py("py-working-hours-eight-zeros", LOCAL, IVE, "WorkingHours.start", "00000000",
   call=lambda: WorkingHours(start="00000000", end="18:00"))
py("py-working-hours-offset", LOCAL, IVE, "WorkingHours.start", ANY, "offset",
   call=lambda: WorkingHours(start="09:00+01:00", end="18:00"))
py("py-touch-broken-tzinfo", EDGES, IVE, "Touch.at", ANY,
   call=lambda: new_touch(at=datetime(2026, 10, 20, 10, tzinfo=_TwentyFiveHours())))
py("py-touch-2200-edge", EDGES, IVE, "Touch.at", datetime(2200, 1, 1, tzinfo=UTC), "2200",
   call=lambda: new_touch(at=datetime(2200, 1, 1, tzinfo=UTC)))
py("py-checkpoint-1899", EDGES, IVE, "Checkpoint.at", ANY, "1900",
   call=lambda: Checkpoint(id="c", contact_id="ana",
                           at=datetime(1899, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)))
py("py-proposal-2200-in-kiritimati", EDGES, IVE, "Proposal.at", ANY, "2200",
   call=lambda: proposal(at=pendulum.datetime(2200, 1, 1, 14, tz="Pacific/Kiritimati")))
py("py-policy-100-years-and-a-microsecond", EDGES, IVE, "Policy.max_silence",
   relance.Elapsed(days=36525, microseconds=1),
   call=lambda: Policy(max_silence=relance.Elapsed(days=36525, microseconds=1)))
py("plan-horizon-reaches-2200", EDGES, IVE, "horizon", timedelta(days=31), "2200",
   call=lambda: plan(now=Y2199_DEC, history=[], horizon=timedelta(days=31)))
py("plan-horizon-elapsed-reaches-2200", EDGES, IVE, "horizon", relance.Elapsed(days=31),
   call=lambda: plan(now=Y2199_DEC, history=[], horizon=relance.Elapsed(days=31)))
py("plan-horizon-instant-2200", EDGES, IVE, "horizon", datetime(2200, 1, 1, tzinfo=UTC),
   call=lambda: plan(now=Y2199_DEC, history=[], horizon=datetime(2200, 1, 1, tzinfo=UTC)))
py("plan-horizon-100-years-and-a-microsecond", EDGES, IVE, "horizon", ANY,
   call=lambda: plan(horizon=pendulum.duration(days=36525, microseconds=1)))
py("plan-horizon-timedelta-max", EDGES, IVE, "horizon", timedelta.max,
   call=lambda: plan(horizon=timedelta.max))
py("plan-now-datetime-min", EDGES, IVE, "now", ANY, "1900",
   call=lambda: plan(now=datetime.min.replace(tzinfo=UTC)))
# The second 02:30 of the night Paris leaves summer time is an hour after the
# first: a touch then is after a "now" at the first (Python's == would say equal).
py("plan-history-in-the-later-fold", EDGES, IVE, "history[0].at", ANY, "now",
   call=lambda: plan(now=datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=ZoneInfo(PARIS)),
                     history=[new_touch(at=datetime(2026, 10, 25, 2, 30, fold=1,
                                                    tzinfo=ZoneInfo(PARIS)))]))


# ---------------------------------------------------------------------------
# Simulations (relance.simulate) and DataFrames (relance.frames)

SIMULATION = "simulations"
FRAMES = "data frames"
START = pendulum.datetime(2027, 1, 4, 8, tz="UTC")


def simulate_with(**changes: Any) -> object:
    arguments: dict[str, Any] = {"policy": Policy(), "start": START, "weeks": 4}
    arguments.update(changes)
    portfolio = arguments.pop("portfolio", [(account(), [], ideas())])
    return relance.simulate(portfolio, **arguments)


def touches_frame_of(**columns: Any) -> object:
    import pandas as pd

    data: dict[str, Any] = {
        "at": pd.to_datetime(["2026-11-02 10:00"]).tz_localize(PARIS),
        "contact_id": ["ana"], "channel": ["email"], "direction": ["outbound"],
        "outcome": ["no_answer"]}
    data.update(columns)
    return pd.DataFrame(data)


def read_touches(frame: object) -> object:
    from relance.frames import touches_from_frame

    return touches_from_frame(frame)


py("simulate-weeks-zero", SIMULATION, IVE, "weeks", 0, "weeks", "1 to 520",
   call=lambda: simulate_with(weeks=0))
py("simulate-weeks-past-2200", SIMULATION, IVE, "weeks", 520, "weeks",
   call=lambda: simulate_with(start=pendulum.datetime(2195, 1, 1, tz="UTC"), weeks=520))
py("simulate-start-naive", SIMULATION, relance.NaiveDatetimeError, "start", ANY, "start",
   call=lambda: simulate_with(start=datetime(2027, 1, 4, 8)))
py("simulate-policy-text", SIMULATION, IVE, "policy", "str", "Policy or a Cadence",
   call=lambda: simulate_with(policy="never pushy"))
py("simulate-portfolio-none", SIMULATION, IVE, "portfolio", "NoneType", "portfolio",
   call=lambda: simulate_with(portfolio=None))
py("simulate-unknown-contact", SIMULATION, relance.UnknownIdError,
   "portfolio[0].history[0].contact_id", "zoe", "'zoe'",
   call=lambda: simulate_with(portfolio=[(account(), [touch(3, contact_id="zoe")], ideas())]))
py("simulate-touch-after-start", SIMULATION, IVE, "portfolio[0].history[0].at", ANY,
   "after the start",
   call=lambda: simulate_with(start=at(1, month=10),
                              portfolio=[(account(), [touch(3)], ideas())]))
py("simulate-lapse-zero", SIMULATION, IVE, "lapse", timedelta(0), "lapse",
   call=lambda: simulate_with(lapse=timedelta(0)))
py("cadence-every-zero", SIMULATION, IVE, "Cadence.every", 0, "1 to 260",
   call=lambda: relance.Cadence(every=0))
py("cadence-channel-fax", SIMULATION, IVE, "Cadence.channel", "fax", "'fax'",
   call=lambda: relance.Cadence(channel="fax"))
py("response-model-damping-above-one", SIMULATION, IVE, "ResponseModel.pressure_damping", 1.5,
   "1.5", call=lambda: relance.ResponseModel(pressure_damping=1.5))
py("frames-not-a-frame", FRAMES, IVE, "touches", "list", "DataFrame",
   call=lambda: read_touches([{"at": NOW}]))
py("frames-naive-column", FRAMES, relance.NaiveDatetimeError, "touches[0].at", ANY, "naive",
   call=lambda: read_touches(touches_frame_of(at=[datetime(2026, 11, 2, 10)])))
py("frames-unknown-column", FRAMES, IVE, "touches.idea", "idea", "'idea'", "idea_id",
   call=lambda: read_touches(touches_frame_of(idea=["pilot"])))
py("frames-bad-channel", FRAMES, IVE, "touches[0].channel", "fax", "'fax'",
   call=lambda: read_touches(touches_frame_of(channel=["fax"])))


API_CASES = [c for c in CASES if not c.is_file]

# ---------------------------------------------------------------------------
# The command line: bad options (the data files are run separately)


@dataclass(frozen=True)
class CliCase:
    """A command line that must exit 2 with one line on stderr naming what is wrong."""

    id: str
    argv: Sequence[str]
    says: tuple[str, ...] = field(default=())


def _acme() -> str:
    return str(BAD_INPUTS / "good.json")


PLAN = ("plan", str(BAD_INPUTS / "good.json"), "--now", NOW)
CHECK = ("check", str(BAD_INPUTS / "good.json"), "--contact", "ana", "--channel", "email",
         "--idea", "pilot", "--at", NOW)

CLI_CASES = [
    CliCase("horizon-99999999w", (*PLAN, "--horizon", "99999999w"), ("--horizon",)),
    CliCase("horizon-142857143w", (*PLAN, "--horizon", "142857143w"), ("--horizon",)),
    CliCase("horizon-1000000000d", (*PLAN, "--horizon", "1000000000d"), ("--horizon",)),
    CliCase("horizon-24000000000h", (*PLAN, "--horizon", "24000000000h"), ("--horizon",)),
    CliCase("horizon-iso-1000000000d", (*PLAN, "--horizon", "P1000000000D"), ("--horizon",)),
    CliCase("horizon-36526d", (*PLAN, "--horizon", "36526d"), ("--horizon",)),
    CliCase("horizon-zero", (*PLAN, "--horizon", "0w"), ("--horizon",)),
    CliCase("horizon-words", (*PLAN, "--horizon", "soon"), ("--horizon", "soon")),
    CliCase("horizon-months", (*PLAN, "--horizon", "P3M"), ("--horizon", "P3M")),
    CliCase("horizon-negative", (*PLAN, "--horizon=-5d"), ("--horizon",)),
    CliCase("horizon-fullwidth", (*PLAN, "--horizon", "１２w"), ("--horizon",)),
    CliCase("horizon-empty", (*PLAN, "--horizon", ""), ("--horizon",)),
    CliCase("horizon-huge-iso", (*PLAN, "--horizon", "P999999999D"), ("--horizon",)),
    CliCase("now-naive", ("plan", _acme(), "--now", "2026-11-23T08:00"), ("--now",)),
    CliCase("now-words", ("plan", _acme(), "--now", "tomorrow"), ("--now", "tomorrow")),
    CliCase("now-9999", ("plan", _acme(), "--now", "9999-12-31T23:59:59+00:00"), ("--now",)),
    CliCase("now-before-history", ("plan", _acme(), "--now", "2026-01-01T00:00:00+00:00"),
            ("history[",)),
    CliCase("at-words", (*CHECK[:-1], "whenever"), ("--at", "whenever")),
    CliCase("at-naive", (*CHECK[:-1], "2026-11-24T10:00"), ("--at",)),
    CliCase("at-9999", (*CHECK[:-1], "9999-12-31T23:59:59+00:00"), ("--at",)),
    CliCase("check-unknown-contact", ("check", _acme(), "--contact", "zoe", "--channel",
                                      "email", "--at", NOW), ("zoe",)),
    CliCase("check-unknown-idea", ("check", _acme(), "--contact", "ana", "--channel", "email",
                                   "--idea", "webinar", "--at", NOW), ("webinar",)),
    CliCase("check-unknown-checkpoint", ("check", _acme(), "--contact", "ana", "--channel",
                                         "email", "--checkpoint", "kickoff", "--at", NOW),
            ("kickoff",)),
    CliCase("file-missing", ("plan", str(BAD_INPUTS / "no-such-file.json"), "--now", NOW),
            ("no-such-file.json",)),
    CliCase("file-directory", ("plan", str(BAD_INPUTS), "--now", NOW), ("bad_inputs",)),
    CliCase("policy-missing", (*PLAN, "--policy", str(BAD_INPUTS / "no-such-policy.toml")),
            ("no-such-policy.toml",)),
    CliCase("policy-directory", (*PLAN, "--policy", str(BAD_INPUTS)), ("bad_inputs",)),
    # Round 2: zones, folds and gaps in --at/--now, blank ids, the range's edges
    CliCase("at-in-a-gap", (*CHECK[:-1], "2026-03-29T02:30+01:00[Europe/Paris]"),
            ("--at", "Europe/Paris")),
    CliCase("at-fold-no-such-offset", (*CHECK[:-1], "2026-10-25T02:30+03:00[Europe/Paris]"),
            ("--at",)),
    CliCase("at-lower-case-zone", (*CHECK[:-1], "2026-11-24T10:00+01:00[europe/paris]"),
            ("--at", "europe/paris")),
    CliCase("at-localtime-zone", (*CHECK[:-1], "2026-11-24T10:00+00:00[localtime]"),
            ("--at", "localtime")),
    CliCase("at-400-component-zone", (*CHECK[:-1], "2026-11-24T10:00+01:00[" + "a/" * 400
                                      + "a]"), ("--at", "unknown time zone")),
    CliCase("now-400-component-zone", ("plan", _acme(), "--now",
                                       "2026-11-23T08:00+01:00[" + "a/" * 400 + "a]"),
            ("--now", "unknown time zone")),
    CliCase("now-posix-zone", ("plan", _acme(), "--now",
                               "2026-11-23T08:00+01:00[posix/Europe/Paris]"),
            ("--now", "posix/Europe/Paris")),
    CliCase("at-2200", (*CHECK[:-1], "2200-01-01T00:00:00Z"), ("--at", "2200")),
    CliCase("at-1899-last-microsecond", (*CHECK[:-1], "1899-12-31T23:59:59.999999Z"),
            ("--at", "1900")),
    CliCase("now-last-microsecond-horizon-1h", ("plan", _acme(), "--now",
                                                "2199-12-31T23:59:59.999999Z", "--horizon",
                                                "1h"), ("--horizon",)),
    CliCase("now-2199-horizon-1w", ("plan", _acme(), "--now", "2199-12-30T00:00:00Z",
                                    "--horizon", "1w"), ("--horizon", "2200")),
    CliCase("horizon-876601h", (*PLAN, "--horizon", "876601h"), ("--horizon",)),
    CliCase("horizon-5218w", (*PLAN, "--horizon", "5218w"), ("--horizon",)),
    CliCase("idea-blank", ("check", _acme(), "--contact", "ana", "--channel", "email",
                           "--idea", "", "--at", NOW), ("--idea",)),
    CliCase("contact-blank", ("check", _acme(), "--contact", "", "--channel", "email",
                              "--at", NOW), ("--contact",)),
    CliCase("checkpoint-blank", ("check", _acme(), "--contact", "ana", "--channel", "email",
                                 "--checkpoint", " ", "--at", NOW), ("--checkpoint",)),
    CliCase("contact-wrong-case", ("check", _acme(), "--contact", "Ana", "--channel", "email",
                                   "--at", NOW), ("'Ana'",)),
    CliCase("contact-control-characters", ("check", _acme(), "--contact", "zoe\n\x1b[31m",
                                           "--channel", "email", "--at", NOW), ("\\x1b",)),
    CliCase("contact-huge", ("check", _acme(), "--contact", "z" * 100_000, "--channel",
                             "email", "--at", NOW), ("…",)),
    CliCase("idea-of-another-case", ("check", _acme(), "--contact", "ana", "--channel",
                                     "email", "--idea", "Pilot", "--at", NOW), ("'Pilot'",)),
    CliCase("checkpoint-unknown-with-idea", ("check", _acme(), "--contact", "ana", "--channel",
                                             "email", "--idea", "pilot", "--checkpoint",
                                             "kickoff", "--at", NOW), ("kickoff",)),
    CliCase("output-empty", (*PLAN, "--output", ""), ("--output",)),
    CliCase("output-missing-folder-ics", (*PLAN, "--format", "ics", "--output",
                                          str(BAD_INPUTS / "no-such-folder" / "plan.ics")),
            ("--output", "no-such-folder")),
]

__all__ = [
    "ANY",
    "API_CASES",
    "BAD_INPUTS",
    "CASES",
    "CLI_CASES",
    "FILE_CASES",
    "GOOD_DOC",
    "GOOD_TOML",
    "NOW",
    "Case",
    "CliCase",
    "same",
]


def write_files() -> None:
    """(Re)write the data files of the catalogue, and the good ones beside them."""
    BAD_INPUTS.mkdir(exist_ok=True)
    (BAD_INPUTS / "good.json").write_bytes(good_bytes())
    (BAD_INPUTS / "good.toml").write_bytes(GOOD_TOML.encode())
    for c in FILE_CASES:
        assert c.make is not None
        c.path.write_bytes(c.make())


if __name__ == "__main__":
    write_files()
