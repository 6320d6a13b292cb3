"""Fuzzing the loaders and the command line: only RelanceError escapes, and what loads works.

Generated JSON values, and mutations of ``examples/acme.json`` and
``examples/policy.toml`` (fields deleted, types swapped, extreme numbers and
dates, odd Unicode, duplicate keys and ids, broken bytes) go through
``from_json``/``from_dict``/``Policy.from_toml`` and the command line.  Whatever
is refused is refused with a :class:`~relance.RelanceError`; whatever loads
plans and checks without error, and writes back as a fixed point.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import relance
from _bad_cases import GOOD_DOC
from relance import (
    Account,
    Checkpoint,
    Contact,
    Document,
    Idea,
    Policy,
    Proposal,
    RelanceError,
    Touch,
    WorkingHours,
)
from relance._cli import main
from strategies import World, worlds

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
ACME_BYTES = (ROOT / "examples" / "acme.json").read_bytes()
ACME = json.loads(ACME_BYTES)
POLICY_TEXT = (ROOT / "examples" / "policy.toml").read_text(encoding="utf-8")
BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs"
#: The documents mutations start from: the example, and the catalogue's good document.
BASES = [ACME, GOOD_DOC]

#: The supported range of instants (docs/errors.md).
LOW = datetime(1900, 1, 1, tzinfo=timezone.utc)
LIMIT = datetime(2200, 1, 1, tzinfo=timezone.utc)
DEFAULT_NOW = pendulum.datetime(2026, 11, 23, 8, tz="Europe/Paris")

_EXAMPLES = settings().max_examples
#: Tests that plan or run the command line get fewer examples (same ratio when heavy).
SOME = settings(max_examples=max(10, _EXAMPLES // 2),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
FEW = settings(max_examples=max(8, _EXAMPLES // 4),
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.filter_too_much])

# ---------------------------------------------------------------------------
# Values: extremes that have broken or could break the loaders

INSTANT_EXTREMES = [
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T23:00:00-05:00",
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00+05:00",
    "1899-12-31T23:59:59Z",
    "1900-01-01T00:00:00Z",
    "1900-01-01T00:30:00+01:00",
    "2199-12-31T23:59:59Z",
    "2199-12-31T00:00:00+00:00[UTC]",
    "2200-01-01T00:00:00Z",
    "2026-03-29T02:30:00+01:00[Europe/Paris]",
    "2026-10-25T02:30:00+01:00[Europe/Paris]",
    "2026-10-25T02:30:00+02:00[Europe/Paris]",
    "2011-12-30T10:00:00+14:00[Pacific/Apia]",
    "2026-11-02T10:00",
    "2026-11-02",
    "2026-11-02T10:00:00.1234567+01:00",
    "2026-11-02T10:00:00.000001+01:00",
    "2026-11-02T10:00:00+14:00",
    "2026-11-02T10:00:00-12:00[Etc/GMT+12]",
    "2026-11-02T10:00:00Z[Zulu]",
    "2026-11-02T10:00:00+01:00[europe/paris]",
    "2026-11-02T10:00:00+01:00[Europe/Paris",
    "2026-11-02T10:00:00+01:00[]",
    "2026-11-02T10:00:00+01:00[Mars/Olympus]",
    "２０２６-11-02T10:00:00+01:00",
    "2026-12-31T23:59:60Z",
    # round 2: zones with odd offsets or odd DST, gaps and folds, the range's edges
    "2026-10-04T02:15:00+10:30[Australia/Lord_Howe]",
    "2026-10-04T02:45:00+11:00[Australia/Lord_Howe]",
    "2026-04-05T01:45:00+11:00[Australia/Lord_Howe]",
    "2026-04-05T01:45:00+10:30[Australia/Lord_Howe]",
    "2026-09-06T00:30:00-04:00[America/Santiago]",
    "2026-09-06T01:00:00-03:00[America/Santiago]",
    "2026-04-04T23:30:00-03:00[America/Santiago]",
    "2026-04-04T23:30:00-04:00[America/Santiago]",
    "2026-11-02T10:00:00+14:00[Pacific/Kiritimati]",
    "2026-11-02T10:00:00+14:00[Etc/GMT-14]",
    "2026-11-02T10:00:00-14:00[Etc/GMT+14]",
    "2026-11-02T10:00:00+00:00[GMT]",
    "2026-11-02T10:00:00+01:00[UTC]",
    "2026-11-02T10:00:00+01:00[Europe/Paris ]",
    "2026-11-02T10:00:00+01:00[+01:00]",
    "2199-12-31T23:59:59.999999Z",
    "2200-01-01T00:59:59.999999+01:00[Europe/Paris]",
    "2200-01-01T13:59:59.999999+14:00[Pacific/Kiritimati]",
    "1900-01-01T13:59:59.999999+14:00",
    "1899-12-31T23:59:59.999999Z",
]
DURATION_EXTREMES = [
    "P0D", "PT0S", "P1D", "PT24H", "PT48H", "P36525D", "P36526D", "P999999999D",
    "PT876600H", "PT876601H", "PT0.000001S", "PT0.0000001S", "PT12.345678S", "P1M", "P1Y",
    "-P1D", "P", "PT", "P1W", "P5218W", "P1DT1H", "PT1e3S", "P７D", "PT٣٦H",
    "PT99999999999999999999H", "P1.5D", "PT1.5H", "p7d", " P7D", "P7D\n",
    "PT3155760000S", "PT3155760000.000001S", "PT52596000M", "PT876599H59M60S", "P5217W6D",
]
NUMBER_EXTREMES: list[object] = [
    0, -1, 1, 2, 3, 2**31, 2**53 + 1, 2**63, -(2**63), 10**18 - 1, 10**18, 10**19, -(10**19),
    1e308, -1e308, 5e-324, 0.5, 1.0, 2.5, -0.0, math.nan, math.inf, -math.inf, True, False,
    None,
]
STRING_EXTREMES = [
    "", " ", "\t", "\x00", "\ud800", "\udc00", "\udc00\ud800", "\u202eevil", "e\u0301",
    "\U0001f469\u200d\U0001f4bb", "\ufeff", "x" * 300, "Europe/Paris", "Mars/Olympus",
    "Etc/GMT+12", "UTC", "localtime", "../../etc/passwd", "Z" * 1000, "FR", "XX", "US", "fr",
    "email", "fax", "EMAIL", "decision_maker", "no-new-idea", "too-soon", "no_answer",
    "inbound", "outbound", "bounced", "09:00", "24:00", "18:00", "09:00+01:00", "claire",
    "marc", "zoe", "budget-committee", "pilot-newsroom", "budget", "onboarding", "null",
    "true", "１２", "٣",
    # round 2
    "Pacific/Kiritimati", "Australia/Lord_Howe", "America/Santiago", "Etc/GMT-14",
    "Etc/GMT+14", "Zulu", "GMT", "europe/paris", "Europe/Paris ", "9:00", "09:00:00.5",
    "08:30:00.000001", "ny", "NY", "FRA", "UK",
]
KEYS = [
    "id", "name", "role", "timezone", "country", "subdivision", "channels", "do_not_contact",
    "working_hours", "start", "end", "needs", "contacts", "checkpoints", "contact_id", "at",
    "hold", "note", "channel", "direction", "outcome", "idea_id", "checkpoint_id", "summary",
    "addresses", "available_from", "expires_at", "priority", "role", "first_step", "account",
    "history", "ideas", "policy", "min_gap", "backoff", "max_gap", "max_unanswered",
    "cool_off", "cap", "cap_window", "max_silence", "without", "rules",
]


def odd_text() -> st.SearchStrategy[str]:
    """Text with what breaks encoders: surrogates, controls, combining marks, long runs."""
    return st.one_of(
        st.text(max_size=20),
        st.text(st.characters(), max_size=8),
        st.lists(st.one_of(st.characters(), st.characters(categories=["Cs"])),
                 max_size=6).map("".join),
        st.sampled_from(STRING_EXTREMES),
    )


def extreme_leaves() -> st.SearchStrategy[object]:
    return st.one_of(
        st.sampled_from(INSTANT_EXTREMES),
        st.sampled_from(DURATION_EXTREMES),
        st.sampled_from(NUMBER_EXTREMES),
        st.sampled_from(STRING_EXTREMES),
    )


def json_leaves() -> st.SearchStrategy[object]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**25), max_value=10**25),
        st.floats(allow_nan=True, allow_infinity=True),
        odd_text(),
        extreme_leaves(),
    )


def json_values() -> st.SearchStrategy[object]:
    """Any JSON value (NaN and Infinity included), keyed mostly by the model's own names."""
    keys = st.one_of(st.sampled_from(KEYS), odd_text())
    return st.recursive(
        json_leaves(),
        lambda children: st.one_of(
            st.lists(children, max_size=5),
            st.dictionaries(keys, children, max_size=6),
        ),
        max_leaves=25,
    )


def encode(text: str, how: str) -> str | bytes:
    """The JSON text as a str, or as bytes (lone surrogates become invalid UTF-8)."""
    if how == "str":
        return text
    return text.encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------------------
# Mutations of a JSON tree

Path_ = tuple[str | int, ...]


def _nodes(node: object, path: Path_ = ()) -> Iterator[tuple[Path_, object]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, (*path, index))


def _get(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def _set(data: Any, path: Path_, value: object) -> Any:
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


OPS = ["delete", "extreme", "random", "wrap", "unwrap", "as-object", "as-string",
       "duplicate", "unknown-key", "swap", "null"]


@st.composite
def mutated_tree(draw: st.DrawFn, base: object, *, most: int = 3) -> object:
    """``base`` with one to ``most`` random edits."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, most))):
        nodes = list(_nodes(data))
        path, node = draw(st.sampled_from(nodes))
        op = draw(st.sampled_from(OPS))
        if op == "delete" and path:
            parent = _get(data, path[:-1])
            del parent[path[-1]]
        elif op == "extreme":
            data = _set(data, path, draw(extreme_leaves()))
        elif op == "random":
            data = _set(data, path, draw(json_values()))
        elif op == "wrap":
            data = _set(data, path, [node])
        elif op == "unwrap" and isinstance(node, list) and node:
            data = _set(data, path, node[0])
        elif op == "unwrap" and isinstance(node, dict) and node:
            data = _set(data, path, next(iter(node.values())))
        elif op == "as-object":
            value = ({str(i): v for i, v in enumerate(node)} if isinstance(node, list)
                     else {"value": node})
            data = _set(data, path, value)
        elif op == "as-string":
            data = _set(data, path, node if isinstance(node, str)
                        else json.dumps(node, allow_nan=True))
        elif op == "duplicate" and isinstance(node, list) and node:
            node.append(copy.deepcopy(draw(st.sampled_from(node))))
        elif op == "unknown-key" and isinstance(node, dict):
            node[draw(st.one_of(st.sampled_from(KEYS), odd_text()))] = draw(json_leaves())
        elif op == "swap":
            _, other = draw(st.sampled_from(nodes))
            data = _set(data, path, copy.deepcopy(other))
        elif op == "null":
            data = _set(data, path, None)
    return data


@st.composite
def json_text_of(draw: st.DrawFn, data: object) -> str | bytes:
    """``data`` as JSON text, sometimes with a duplicate key or a broken byte."""
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), allow_nan=True,
                      indent=draw(st.sampled_from([None, 2])))
    twist = draw(st.sampled_from(["none", "none", "none", "duplicate-key", "byte"]))
    if twist == "duplicate-key":
        present = [k for k in KEYS if f'"{k}": ' in text]
        if present:
            key = draw(st.sampled_from(present))
            again = json.dumps(draw(json_leaves()), allow_nan=True)
            text = text.replace(f'"{key}": ', f'"{key}": {again}, "{key}": ', 1)
    raw = encode(text, draw(st.sampled_from(["str", "bytes"])))
    if twist == "byte":
        data_bytes = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
        at = draw(st.integers(0, len(data_bytes)))
        byte = bytes([draw(st.integers(0, 255))])
        cut = draw(st.sampled_from([0, 1]))
        raw = data_bytes[:at] + byte + data_bytes[at + cut:]
    return raw


# ---------------------------------------------------------------------------
# What loads must work


def _instants(doc: Document) -> tuple[pendulum.DateTime, datetime]:
    """An instant after every touch (within the supported range), and a horizon after it."""
    ats = [t.at for t in doc.history]
    if not ats:
        now: datetime = DEFAULT_NOW
    else:
        latest = max(ats)
        now = latest + timedelta(minutes=1)
        if now >= LIMIT - timedelta(hours=1):
            now = latest
    horizon = min(now + timedelta(weeks=4), LIMIT - timedelta(microseconds=1))
    return pendulum.instance(now), horizon


def assert_works(doc: Document) -> None:
    """A loaded document plans, checks and writes back as a fixed point."""
    assert_fixed_point(doc)
    now, horizon = _instants(doc)
    if horizon <= now:  # pragma: no cover - a touch in the last microsecond of 2199
        return
    policy = doc.the_policy
    result = relance.plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                          policy=policy, now=now, horizon=horizon)
    relance.to_json(result)
    proposals = [
        Proposal(at=r.at, contact_id=r.contact_id, channel=r.channel, idea_id=r.idea_id,
                 checkpoint_id=r.checkpoint_id, reply=r.kind.value == "reply")
        for r in result.relances[:3]
    ]
    for contact in doc.account.contacts[:3]:
        for channel in sorted(contact.channels)[:1]:
            proposals.append(Proposal(at=now, contact_id=contact.id, channel=channel))
            proposals.extend(
                Proposal(at=now, contact_id=contact.id, channel=channel, idea_id=idea.id)
                for idea in doc.ideas[:3]
            )
    proposals.extend(
        Proposal(at=cp.at, contact_id=cp.contact_id, channel="phone", checkpoint_id=cp.id)
        for cp in doc.account.agreed_checkpoints[:2]
    )
    for proposal in proposals:
        verdict = policy.check(proposal, account=doc.account, history=doc.history,
                               ideas=doc.ideas)
        relance.to_json(verdict)


def assert_fixed_point(doc: Document) -> None:
    """to_json(from_json(to_json(doc))) == to_json(doc), byte for byte, and models equal."""
    first = relance.to_json(doc)
    first.encode("utf-8")  # writable: no lone surrogate
    again = relance.from_json(Document, first)
    assert again == doc
    assert relance.to_json(again) == first


def load_or_refuse(cls: type[Any], text: str | bytes) -> Any:
    """The loaded value, or None when refused with a RelanceError (anything else fails)."""
    try:
        loaded = relance.from_json(cls, text)
    except RelanceError as exc:
        assert_well_formed(exc)
        event(f"refused: {type(exc).__name__}")
        return None
    event("loaded")
    return loaded


def assert_well_formed(exc: RelanceError) -> None:
    """The error model: a field, problems whose first is the field, one short line."""
    assert isinstance(exc.field, str)
    assert exc.problems
    assert exc.problems[0].field == exc.field
    assert "\n" not in exc.message
    assert len(exc.message) < 1000


MODELS: list[type[Any]] = [Document, Policy, Account, Contact, Idea, Touch, Checkpoint,
                           WorkingHours, Proposal, relance.Plan, relance.Verdict]


# ---------------------------------------------------------------------------
# Loaders


@given(value=json_values(), cls=st.sampled_from(MODELS), how=st.sampled_from(["str", "bytes"]))
def test_any_json_value_loads_or_is_refused_with_a_relance_error(
    value: object, cls: type[Any], how: str
) -> None:
    """from_json and from_dict on any JSON value: a model, or a RelanceError."""
    text = encode(json.dumps(value, allow_nan=True, ensure_ascii=False), how)
    loaded = load_or_refuse(cls, text)
    try:
        relance.from_dict(cls, value)
    except RelanceError as exc:
        assert_well_formed(exc)
    if isinstance(loaded, Document):
        assert_works(loaded)


@SOME
@given(text=st.sampled_from(BASES).flatmap(mutated_tree).flatmap(json_text_of))
def test_mutated_documents_load_and_work_or_are_refused(text: str | bytes) -> None:
    """acme.json with fields deleted, types swapped, extremes: refused, or it plans and checks."""
    doc = load_or_refuse(Document, text)
    if doc is not None:
        assert_works(doc)


@SOME
@given(text=st.sampled_from(BASES).flatmap(lambda b: mutated_tree(b, most=1))
       .flatmap(json_text_of))
def test_documents_with_one_edit_load_and_work_or_are_refused(text: str | bytes) -> None:
    """One edit at a time, so that more mutants load and reach plan and check."""
    doc = load_or_refuse(Document, text)
    if doc is not None:
        assert_works(doc)


def test_the_examples_load_and_work() -> None:
    """The documents the mutations start from are good inputs."""
    assert_works(relance.from_json(Document, ACME_BYTES))
    assert_works(relance.from_dict(Document, GOOD_DOC))
    assert Policy.from_toml(ROOT / "examples" / "policy.toml") == Policy()


@SOME
@given(world=worlds())
def test_generated_worlds_write_a_fixed_point(world: World) -> None:
    """Whatever the kit generates writes JSON that reads back equal, byte for byte."""
    ideas = list(world.ideas)
    known = {idea.id for idea in ideas}
    for touch in world.history:  # the kit leaves shared ideas out; a document keeps them
        if touch.idea_id is not None and touch.idea_id not in known:
            known.add(touch.idea_id)
            ideas.append(Idea(id=touch.idea_id, summary="shared earlier",
                              addresses=world.account.needs or {"x"}))
    doc = Document(account=world.account, history=world.history, ideas=tuple(ideas),
                   policy=world.policy if not world.policy.rules else None)
    assert_fixed_point(doc)


@given(data=mutated_tree(Policy().to_dict()))
def test_mutated_policy_data_loads_or_is_refused(data: object) -> None:
    """A policy as data with edits: a Policy, or a RelanceError, through both doors."""
    for load in (lambda: relance.from_dict(Policy, data),
                 lambda: Policy.from_dict(data)):  # type: ignore[arg-type]
        try:
            policy = load()
        except RelanceError as exc:
            assert_well_formed(exc)
        else:
            assert relance.from_dict(Policy, policy.to_dict()) == policy
            assert Policy.from_dict(policy.to_dict()).to_dict() == policy.to_dict()


def durations(*, positive: bool = False) -> st.SearchStrategy[timedelta]:
    """Calendar days and elapsed times over the whole supported range, edges included."""
    low = 1 if positive else 0
    return st.one_of(
        st.integers(low, 36525).map(lambda d: timedelta(days=d)),
        st.integers(low, 36525 * 86_400_000_000).map(
            lambda us: relance.Elapsed(microseconds=us)),
        st.integers(low, 36525 * 86_400_000_000).map(lambda us: timedelta(microseconds=us)),
        st.sampled_from([timedelta(days=36525), relance.Elapsed(days=36525),
                         timedelta(microseconds=1), relance.Elapsed(hours=24)]),
    )


@SOME
@given(
    min_gap=durations(), max_gap=durations(), cool_off=durations(),
    cap_window=durations(positive=True), max_silence=durations(positive=True),
    backoff=st.one_of(st.floats(1, 1e308), st.integers(1, 10**18)),
    max_unanswered=st.integers(1, 10**18), cap=st.integers(1, 10**18),
    without=st.frozensets(st.sampled_from([c.value for c in relance.Code])),
)
def test_any_policy_that_builds_writes_back_plans_and_checks(
    min_gap: timedelta, max_gap: timedelta, cool_off: timedelta, cap_window: timedelta,
    max_silence: timedelta, backoff: float, max_unanswered: int, cap: int,
    without: frozenset[str],
) -> None:
    """Every policy the constructor accepts round-trips as data and plans without error."""
    try:
        policy = Policy(min_gap=min_gap, max_gap=max_gap, cool_off=cool_off,
                        cap_window=cap_window, max_silence=max_silence, backoff=backoff,
                        max_unanswered=max_unanswered, cap=cap, without=without)
    except RelanceError as exc:
        assert_well_formed(exc)
        event("refused")
        return
    event("built")
    assert Policy.from_dict(policy.to_dict()) == policy
    assert Policy.from_dict(policy.to_dict()).to_dict() == policy.to_dict()
    doc = relance.from_dict(Document, GOOD_DOC)
    assert_works(Document(account=doc.account, history=doc.history, ideas=doc.ideas,
                          policy=policy))


# ---------------------------------------------------------------------------
# TOML policies

TOML_LITERALS = [
    '"P7D"', '"PT36H"', '"PT48H"', '"P0D"', '"PT0S"', '"P999999999D"', '"P36526D"', '"P1M"',
    '"PT0.000001S"', '"PT0.0000001S"', '"P７D"', '""', '"\\ud800"', '"\\u0000"', "7", "-3", "0",
    "1", "nan", "+nan", "inf", "-inf", "1e400", "0.5", "2.0", "9999999999999999999",
    "99999999999999999999999", "0x7fffffffffffffff", "true", '"true"', "[]", "[1, 2]",
    '["no-new-idea"]', '"no-new-idea"', '["no-such-rule"]', "{}",
    '{ start = "18:00", end = "09:00" }', '{ start = "09:00" }', "1979-05-27T07:32:00Z",
    "1979-05-27T07:32:00", "07:32:00", "1979-05-27", '"09:00"', "'literal'", '"""multi\nline"""',
]


@st.composite
def toml_literals(draw: st.DrawFn) -> str:
    return draw(st.one_of(
        st.sampled_from(TOML_LITERALS),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        odd_text().map(lambda s: json.dumps(s)),
    ))


@st.composite
def mutated_toml(draw: st.DrawFn) -> bytes:
    """policy.toml with lines edited, deleted, repeated or broken."""
    lines = POLICY_TEXT.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        op = draw(st.sampled_from(["value", "value", "delete", "repeat", "key", "header",
                                   "insert", "garbage"]))
        if op == "value" and "=" in line:
            key = line.split("=", 1)[0]
            lines[index] = f"{key}= {draw(toml_literals())}"
        elif op == "delete":
            del lines[index]
            if not lines:
                lines = [""]
        elif op == "repeat":
            lines.insert(index, line)
        elif op == "key" and "=" in line:
            key = draw(st.sampled_from([*KEYS, "min_gapp", "policy", "Cap", "cap "]))
            lines[index] = f"{key} = {line.split('=', 1)[1]}"
        elif op == "header":
            lines[index] = draw(st.sampled_from(
                ["[policy]", "[[policy]]", "[policy.working_hours]", "[working_hours]",
                 "[policy.without]", "[other]", "[policy", "policy = 3"]))
        elif op == "insert":
            key = draw(st.sampled_from([*KEYS, "min_gapp"]))
            lines.insert(index, f"{key} = {draw(toml_literals())}")
        elif op == "garbage":
            lines[index] = draw(odd_text())
    text = "\n".join(lines) + "\n"
    return text.encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for generated files (module-scoped, so hypothesis may use it)."""
    return tmp_path_factory.mktemp("fuzz")


@SOME
@given(content=mutated_toml(), suffix=st.sampled_from([".toml", ".toml", ".TOML", ""]))
def test_mutated_policy_toml_loads_and_works_or_is_refused(
    scratch: Path, content: bytes, suffix: str
) -> None:
    """policy.toml with edits: refused with a RelanceError, or a policy that plans acme."""
    path = scratch / f"policy{suffix}"
    path.write_bytes(content)
    try:
        policy = Policy.from_toml(path)
    except RelanceError as exc:
        assert_well_formed(exc)
        return
    assert Policy.from_dict(policy.to_dict()) == policy
    doc = relance.from_dict(Document, GOOD_DOC)
    assert_works(Document(account=doc.account, history=doc.history, ideas=doc.ideas,
                          policy=policy))


def test_the_toml_mutations_start_from_a_valid_file() -> None:
    """policy.toml parses, so its mutants are near-misses rather than noise."""
    assert tomllib.loads(POLICY_TEXT)["policy"]["cap"] == 3


# ---------------------------------------------------------------------------
# The command line, in-process


def run_cli(argv: list[str]) -> tuple[int, str, str, bool]:
    """(exit code, stdout, stderr, whether argparse exited by itself)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.StringIO()
    exited = False
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            exited = True
            code = exc.code if isinstance(exc.code, int) else 2
    out.flush()
    return code, out.buffer.getvalue().decode("utf-8", "replace"), err.getvalue(), exited


NOW_OPTIONS = [
    "2026-11-23T08:00:00+01:00", "2026-11-23T08:00:00+01:00[Europe/Paris]", "2027-06-01T12:00Z",
    "2026-11-23T08:00", "tomorrow", "", "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00Z",
    "2026-01-01T00:00:00Z", "2199-12-31T23:00:00Z", "1900-01-01T00:00:00Z",
    "2026-11-23T08:00:00+01:00[Mars/Olympus]", "２０２６-11-23T08:00:00+01:00",
]
HORIZON_OPTIONS = [
    "12w", "1w", "30d", "36h", "0w", "0d", "99999999w", "36525d", "36526d", "-5d", "12W",
    "１２w", "P12W", "P3M", "PT36H", "P999999999D", "", "soon", "1.5w", "1e3d", "12 w",
]
CHANNELS = ["email", "phone", "meeting", "video", "message", "fax", "EMAIL", ""]
CONTACTS = ["claire", "marc", "ana", "bob", "zoe", ""]
IDEAS = ["pilot-newsroom", "case-regional-daily", "budget-phasing", "crm-connector", "pilot",
         "case-study", "phasing", "webinar", "discovery"]


@st.composite
def cli_files(draw: st.DrawFn, scratch: Path) -> str:
    choice = draw(st.sampled_from(["acme", "good", "mutant", "mutant", "bad", "missing"]))
    if choice == "acme":
        return str(ROOT / "examples" / "acme.json")
    if choice == "good":
        return str(BAD_INPUTS / "good.json")
    if choice == "mutant":
        path = scratch / "mutant.json"
        base = draw(st.sampled_from(BASES))
        text = draw(mutated_tree(base, most=1).flatmap(json_text_of))
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8",
                                                                          "surrogatepass"))
        return str(path)
    if choice == "bad":
        files = sorted(p for p in BAD_INPUTS.glob("*.json"))
        return str(draw(st.sampled_from(files)))
    return str(scratch / "no-such-file.json")


@st.composite
def cli_policies(draw: st.DrawFn, scratch: Path) -> list[str]:
    choice = draw(st.sampled_from(["none", "none", "example", "mutant", "bad"]))
    if choice == "none":
        return []
    if choice == "example":
        return ["--policy", str(ROOT / "examples" / "policy.toml")]
    if choice == "mutant":
        suffix = draw(st.sampled_from([".toml", ".json", ".txt"]))
        path = scratch / f"cli-policy{suffix}"
        path.write_bytes(draw(mutated_toml()))
        return ["--policy", str(path)]
    files = sorted(p for p in BAD_INPUTS.iterdir() if p.name.startswith(("toml-", "policy-")))
    return ["--policy", str(draw(st.sampled_from(files)))]


@st.composite
def command_lines(draw: st.DrawFn, scratch: Path) -> list[str]:
    command = draw(st.sampled_from(["plan", "check"]))
    argv = [command, draw(cli_files(scratch))]
    argv += draw(cli_policies(scratch))
    when = draw(st.one_of(st.sampled_from(NOW_OPTIONS),
                          st.sampled_from(INSTANT_EXTREMES)))
    if command == "plan":
        argv += [f"--now={when}"]
        if draw(st.booleans()):
            horizon = draw(st.one_of(
                st.sampled_from(HORIZON_OPTIONS),
                st.builds(lambda n, u: f"{n}{u}", st.integers(0, 10**12),
                          st.sampled_from("wdh"))))
            argv += [f"--horizon={horizon}"]
        argv += ["--format", draw(st.sampled_from(["table", "json", "ics"]))]
    else:
        argv += ["--contact", draw(st.sampled_from(CONTACTS)),
                 f"--channel={draw(st.sampled_from(CHANNELS))}", f"--at={when}"]
        if draw(st.booleans()):
            argv += [f"--idea={draw(st.sampled_from(IDEAS))}"]
        if draw(st.booleans()):
            checkpoint = draw(st.sampled_from(["budget-committee", "committee", "kickoff"]))
            argv += [f"--checkpoint={checkpoint}"]
        if draw(st.booleans()):
            argv += ["--reply"]
        argv += ["--format", draw(st.sampled_from(["text", "json"]))]
    return argv


@FEW
@given(data=st.data())
def test_the_command_line_never_crashes(scratch: Path, data: st.DataObject) -> None:
    """Exit 0, 1 or 2, never a traceback; on 2, one line on stderr and nothing on stdout."""
    argv = data.draw(command_lines(scratch), label="argv")
    code, out, err, exited = run_cli(argv)
    assert "Traceback" not in err, err
    assert code in (0, 1, 2), (code, err)
    if exited or err.startswith("usage:"):  # an argparse usage error, several lines
        assert code == 2
        assert out == ""
        return
    if code == 2:
        assert out == "", out[:300]
        assert err.endswith("\n"), err
        assert err.count("\n") == 1, err
    else:
        assert out, err
        assert argv[0] == "check" or code == 0


# ---------------------------------------------------------------------------
# Round 2: zones and DST, custom rules' answers, the edges of the range

import zoneinfo  # noqa: E402

#: The zones a contact may have (IANA names only), odd ones first in the list.
ODD_ZONES = ["Pacific/Kiritimati", "Etc/GMT-14", "Etc/GMT+12", "Australia/Lord_Howe",
             "America/Santiago", "Pacific/Apia", "Asia/Kathmandu", "Antarctica/Troll",
             "Africa/Casablanca", "America/St_Johns", "Asia/Jerusalem", "Europe/Dublin",
             "UTC", "GMT", "Zulu", "Europe/Paris"]
ALL_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "posixrules", "Factory"})
ZONES_FIRST = st.one_of(st.sampled_from(ODD_ZONES), st.sampled_from(ALL_ZONES))
RANGE_US = (0, int((LIMIT - LOW).total_seconds()) * 1_000_000 - 1)


def instants_in_range() -> st.SearchStrategy[datetime]:
    """Any instant of the range in UTC, its edges and DST nights more often."""
    edges = [LOW, LIMIT - timedelta(microseconds=1),
             datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc),
             datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc),
             datetime(2026, 10, 3, 15, 45, tzinfo=timezone.utc),
             datetime(2026, 9, 6, 3, 30, tzinfo=timezone.utc)]
    return st.one_of(
        st.sampled_from(edges),
        st.integers(*RANGE_US).map(lambda us: LOW + timedelta(microseconds=us)),
    )


@given(instant=instants_in_range(), zone=ZONES_FIRST,
       shift=st.sampled_from([0, 0, 0, 1800, -1800, 3600, -3600, 1]))
def test_bracketed_zones_load_exactly_when_the_offset_is_the_zones(
    instant: datetime, zone: str, shift: int
) -> None:
    """`…+HH:MM[Zone]` loads iff the offset is the zone's then; it keeps the instant."""
    local = pendulum.instance(instant).in_tz(zone)
    offset = local.utcoffset()
    assert offset is not None
    told = offset + timedelta(seconds=shift)
    stamp = (local.naive() + timedelta(seconds=shift)).isoformat()
    sign = "-" if told < timedelta(0) else "+"
    minutes, seconds = divmod(abs(int(told.total_seconds())), 60)
    text = f"{stamp}{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    if seconds:
        text += f":{seconds:02d}"
    text += f"[{zone}]"
    data = copy.deepcopy(GOOD_DOC)
    data["account"]["checkpoints"][0]["at"] = text
    refused: RelanceError | None = None
    try:
        doc = relance.from_dict(Document, data)
    except RelanceError as exc:
        refused = exc
    if refused is not None:
        assert_well_formed(refused)
        assert refused.field == "account.checkpoints[0].at", refused.message
        assert shift != 0, refused.message  # the zone's own offset always loads
        event("refused")
        return
    event("loaded")
    at = doc.account.checkpoints[0].at
    assert at.utcoffset() == told
    assert at.timestamp() == (instant - timedelta(0)).timestamp() or shift != 0
    assert_fixed_point(doc)


def _lift_answers(at_limit: datetime) -> st.SearchStrategy[object]:
    """What a custom rule may answer, good and bad: instants in any zone, and other things."""
    shifted = st.builds(
        lambda zone, delta: pendulum.instance(at_limit).in_tz(zone) + delta,
        ZONES_FIRST,
        st.sampled_from([timedelta(0), timedelta(microseconds=1), timedelta(hours=1),
                         -timedelta(microseconds=1), timedelta(days=400)]),
    )
    return st.one_of(
        shifted, st.just(None), st.just(relance.NEVER), st.just(at_limit.replace(tzinfo=None)),
        st.sampled_from([pendulum.duration(days=1), timedelta(days=1), 0, 1.5, "soon",
                         pendulum.date(2030, 1, 1), True, float("nan"), ()]),
    )


@SOME
@given(data=st.data(), zone=ZONES_FIRST)
def test_custom_rules_answers_are_used_or_refused_with_a_relance_error(
    data: st.DataObject, zone: str
) -> None:
    """A rule that refuses until some instant, answering anything: a verdict or a RelanceError."""
    until = data.draw(instants_in_range().filter(
        lambda d: datetime(2026, 11, 1, tzinfo=timezone.utc) < d
        < datetime(2027, 6, 1, tzinfo=timezone.utc)) | st.just(
        datetime(2026, 11, 26, 14, tzinfo=timezone.utc)), label="until")
    answer = data.draw(_lift_answers(until), label="answer")

    class Until(relance.CustomRule):
        code = "until"

        def refuses(self, situation: Any, at: pendulum.DateTime) -> Any:
            return answer if at < until else None

    doc = relance.from_dict(Document, GOOD_DOC)
    contacts = tuple(
        Contact(id=c.id, name=c.name, role=c.role, timezone=zone, country=c.country,
                subdivision=c.subdivision, channels=c.channels,
                working_hours=c.working_hours)
        for c in doc.account.contacts)
    account = Account(id=doc.account.id, name=doc.account.name, needs=doc.account.needs,
                      contacts=contacts, checkpoints=doc.account.checkpoints)
    policy = Policy(rules=(Until(),))
    for call in (
        lambda: policy.check(Proposal(at=DEFAULT_NOW.add(days=1), contact_id="ana",
                                      channel="email", idea_id="pilot"),
                             account=account, history=doc.history, ideas=doc.ideas),
        lambda: relance.plan(account=account, history=doc.history, ideas=doc.ideas,
                             policy=policy, now=DEFAULT_NOW, horizon=timedelta(weeks=12)),
    ):
        refused: RelanceError | None = None
        try:
            result = call()
        except RelanceError as exc:
            refused = exc
        if refused is not None:
            assert_well_formed(refused)
            assert "rules[0]" in refused.field
            event("refused")
        else:
            relance.to_json(result)
            event("used")


@FEW
@given(
    zone=ZONES_FIRST,
    last=instants_in_range(),
    figures=st.sampled_from([
        {"min_gap": "P36525D", "max_gap": "P36525D", "cap_window": "P36525D",
         "max_silence": "P36525D", "cool_off": "P36525D"},
        {"min_gap": "PT876600H", "max_gap": "PT876600H", "cap_window": "PT876600H",
         "max_silence": "PT876600H", "cool_off": "PT876600H"},
        {"min_gap": "PT0.000001S", "max_gap": "P36525D", "backoff": 1e308},
        {}]),
    later=st.integers(0, 10**6),
)
def test_check_and_plan_work_anywhere_in_the_range_in_any_zone(
    zone: str, last: datetime, figures: dict[str, object], later: int
) -> None:
    """Odd zones, 100-year figures, a history anywhere in the range: answers, no crash."""
    data = copy.deepcopy(GOOD_DOC)
    data["account"]["contacts"][0]["timezone"] = zone
    data["account"]["checkpoints"] = []
    data["history"] = [dict(GOOD_DOC["history"][1], at=last.isoformat(), contact_id="ana")]
    for idea in data["ideas"]:
        idea.pop("expires_at", None)
        idea.pop("available_from", None)
    doc = relance.from_dict(Document, data)
    policy = Policy.from_dict(figures)
    now = pendulum.instance(min(last + timedelta(seconds=later),
                                LIMIT - timedelta(microseconds=2)))
    for at in (now, pendulum.instance(LIMIT - timedelta(microseconds=1))):
        verdict = policy.check(Proposal(at=at, contact_id="ana", channel="email",
                                        idea_id="pilot"),
                               account=doc.account, history=doc.history, ideas=doc.ideas)
        relance.to_json(verdict)
    horizon = min(now + timedelta(weeks=8), LIMIT - timedelta(microseconds=1))
    if now < last or horizon <= now:  # a touch in the last microseconds of 2199
        return
    result = relance.plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                          policy=policy, now=now, horizon=horizon)
    assert all(now <= r.at <= horizon for r in result.relances)
    assert relance.from_json(relance.Plan, relance.to_json(result)) == result
