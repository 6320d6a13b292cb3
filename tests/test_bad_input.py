"""Every bad input is refused whole, with exactly one RelanceError saying where and what.

The catalogue lives in ``_bad_cases.py`` (and its data files in ``bad_inputs/``):
each case names the exception class, the field (the path of docs/errors.md),
the offending value and what the one-line message says.  The same files go
through the command line, which must exit 2 with one line on stderr.
"""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pendulum
import pytest

import _bad_cases
import relance
from _bad_cases import (
    API_CASES,
    BAD_INPUTS,
    CASES,
    CLI_CASES,
    FILE_CASES,
    GOOD_DOC,
    NOW,
    Case,
    CliCase,
    Matcher,
    same,
)
from relance import Document, InvalidValueError, Policy, RelanceError
from relance._cli import main

# ---------------------------------------------------------------------------
# Helpers


def show(value: object) -> str:
    """A repr that never fails (a 5,000-digit int cannot be repr'd) and stays short."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"<int of {len(str(abs(value)) if abs(value) < 10**4000 else 'many')} digits>"
    try:
        text = repr(value)
    except ValueError:
        return f"<{type(value).__name__}>"
    return text if len(text) <= 300 else text[:300] + "…"


def assert_refusal(exc: RelanceError, case: Case) -> None:
    """The one error a case expects: class, field, value, problems, message."""
    summary = f"{type(exc).__name__}(field={exc.field!r}, value={show(exc.value)}): {exc}"
    assert type(exc) is case.exc, f"expected {case.exc.__name__}, got {summary}"
    if isinstance(case.field, Matcher):
        assert case.field.matches(exc.field), f"field: expected {case.field!r}; {summary}"
    else:
        assert exc.field == case.field, f"field: expected {case.field!r}; {summary}"
    assert same(exc.value, case.value), f"value: expected {show(case.value)}; {summary}"

    problems = exc.problems
    assert isinstance(problems, tuple), summary
    assert problems, summary
    assert all(isinstance(p, relance.Problem) for p in problems), summary
    assert problems[0].field == exc.field, summary
    assert same(problems[0].value, exc.value) or problems[0].value is exc.value, summary
    got_fields = [p.field for p in problems]
    if case.fields is None:
        assert len(problems) == 1, f"expected one problem, got {got_fields}; {summary}"
    else:
        assert got_fields == list(case.fields), summary
    for p in problems:
        assert isinstance(p.message, str), summary
        assert p.message, summary
        assert "\n" not in p.message, summary

    message = exc.message
    assert isinstance(message, str), summary
    assert str(exc) == message
    assert "\n" not in message, f"one line: {message!r}"
    assert len(message) < 1000, f"{len(message)} characters: {message[:300]}…"
    if isinstance(case.field, str) and case.field != "$":
        assert case.field in message, f"the message names the path {case.field!r}: {message}"
    for fragment in case.says:
        assert fragment in message, f"{fragment!r} not in: {message}"
    for fragment in case.forbidden:
        assert fragment not in message, f"{fragment!r} in: {message}"


def run_cli(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command line in-process: (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse exits by itself on usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def assert_cli_refusal(code: int, out: str, err: str, *says: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr, no traceback."""
    assert "Traceback" not in err, err
    assert code == 2, f"exit {code}; stderr: {err!r}"
    assert out == "", out[:500]
    assert err.endswith("\n"), f"one line on stderr: {err!r}"
    assert err.count("\n") == 1, f"one line on stderr: {err!r}"
    assert err.startswith("relance"), err
    for fragment in says:
        assert fragment in err, f"{fragment!r} not in: {err}"


# ---------------------------------------------------------------------------
# The catalogue


def test_catalogue_is_large_and_covers_every_category() -> None:
    """At least 120 bad inputs, files and API calls, across every category."""
    assert len(CASES) + len(CLI_CASES) >= 120
    assert len(FILE_CASES) >= 60
    assert len(API_CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)
    assert {c.category for c in CASES} >= {
        "json syntax and encoding", "shapes", "types", "instants", "durations",
        "policy figures", "ids and cross-references", "several problems", "policy files",
        "python constructors", "python loaders", "python arguments", "custom rules",
        "zones and dst", "range edges", "working hours and countries",
    }


def test_data_files_match_the_catalogue() -> None:
    """bad_inputs/ holds exactly the catalogue's files, as it writes them (small ones)."""
    expected = {c.path.name: c for c in FILE_CASES}
    found = {p.name for p in BAD_INPUTS.iterdir()} - {"good.json", "good.toml"}
    assert found == set(expected), "run `python tests/_bad_cases.py` to rewrite the files"
    for name, c in expected.items():
        assert c.make is not None
        data = c.make()
        assert len(data) < 10_000, name
        assert (BAD_INPUTS / name).read_bytes() == data, name


def test_the_good_inputs_load_plan_and_check() -> None:
    """The files the bad ones are edited from are good: they load, plan and check."""
    doc = relance.from_json(Document, (BAD_INPUTS / "good.json").read_bytes())
    assert relance.to_dict(doc)["history"][0]["at"] == GOOD_DOC["history"][0]["at"]
    policy = Policy.from_toml(BAD_INPUTS / "good.toml")
    assert policy == Policy()
    now = pendulum.parse(NOW)
    assert isinstance(now, pendulum.DateTime)
    result = relance.plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                          policy=doc.the_policy, now=now, horizon=pendulum.duration(weeks=4))
    assert result.relances
    first = result.relances[0]
    verdict = doc.the_policy.check(
        relance.Proposal(at=first.at, contact_id=first.contact_id, channel=first.channel,
                         idea_id=first.idea_id, checkpoint_id=first.checkpoint_id),
        account=doc.account, history=doc.history, ideas=doc.ideas)
    assert verdict.allowed


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_with_one_clear_error(case: Case) -> None:
    """The case's one exception: its class, field, value, problems and one-line message."""
    with pytest.raises(RelanceError) as info:
        case.run()
    assert_refusal(info.value, case)


# ---------------------------------------------------------------------------
# The command line over every data file, and over bad options

DOC_FILES = [c for c in FILE_CASES if c.kind == "document"]
POLICY_FILES = [c for c in FILE_CASES if c.kind == "policy"]
GOOD = str(BAD_INPUTS / "good.json")


def _cli_says(case: Case) -> tuple[str, ...]:
    return (case.field,) if isinstance(case.field, str) and case.field != "$" else ()


@pytest.mark.parametrize("case", DOC_FILES, ids=[c.id for c in DOC_FILES])
def test_cli_plan_refuses_bad_document(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    """`relance plan BAD.json` exits 2, one line on stderr naming the path, nothing on stdout."""
    code, out, err = run_cli(["plan", str(case.path), "--now", NOW], capsys)
    assert_cli_refusal(code, out, err, *_cli_says(case))


@pytest.mark.parametrize("case", DOC_FILES, ids=[c.id for c in DOC_FILES])
def test_cli_check_refuses_bad_document(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    """`relance check BAD.json …` exits 2 too (never 1, which means "refused")."""
    code, out, err = run_cli(["check", str(case.path), "--contact", "ana", "--channel", "email",
                              "--idea", "pilot", "--at", NOW], capsys)
    assert_cli_refusal(code, out, err, *_cli_says(case))


@pytest.mark.parametrize("case", POLICY_FILES, ids=[c.id for c in POLICY_FILES])
def test_cli_refuses_bad_policy_file(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    """`--policy BAD` exits 2 with one line naming the field, whatever the suffix."""
    code, out, err = run_cli(["plan", GOOD, "--now", NOW, "--policy", str(case.path)], capsys)
    assert_cli_refusal(code, out, err, *_cli_says(case))


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_cli_refuses_bad_option(case: CliCase, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad option exits 2 with one line on stderr naming the option or the bad value."""
    code, out, err = run_cli(case.argv, capsys)
    assert_cli_refusal(code, out, err, *case.says)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("policy.txt", b"min_gap = [\n"),
        ("policy.yaml", b"min_gap: P7D\n"),
        ("policy", b"\x00\xff\xfe binary"),
        ("policy.json", b'min_gap = "P7D"\n'),
        ("policy.toml", b'{"min_gap": "P7D"}'),
        ("array.json", b"[]"),
        ("array.toml", b"[[policy]]\n"),
        ("empty.json", b""),
        ("nul.toml", b"cap = 3\x00\n"),
    ],
)
def test_cli_refuses_any_invalid_policy_file_whatever_its_suffix(
    name: str, content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invalid `--policy` file exits 2 with one line, whatever its syntax or suffix."""
    target = tmp_path / name
    target.write_bytes(content)
    code, out, err = run_cli(["plan", GOOD, "--now", NOW, "--policy", str(target)], capsys)
    assert_cli_refusal(code, out, err)


@pytest.mark.parametrize(
    "argv",
    [
        ["plan"],
        ["plan", GOOD, "--format", "xml"],
        ["check", GOOD, "--channel", "email"],
        ["frobnicate"],
        ["check", GOOD, "--contact", "ana", "--channel", "fax", "--at", NOW],
    ],
    ids=["no-file", "bad-format", "no-contact", "unknown-command", "channel-fax"],
)
def test_cli_usage_errors_exit_2_without_traceback(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Usage errors exit 2 with a message on stderr, nothing on stdout, no traceback."""
    code, out, err = run_cli(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.strip()
    assert "Traceback" not in err


def test_cli_output_that_cannot_be_written_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--output` into a missing folder or onto a folder: exit 2, one line."""
    for target in (tmp_path / "missing" / "plan.json", tmp_path):
        code, out, err = run_cli(["plan", GOOD, "--now", NOW, "--format", "json",
                                  "--output", str(target)], capsys)
        assert_cli_refusal(code, out, err)


@pytest.mark.parametrize(
    "args",
    [
        ["plan", str(BAD_INPUTS / "encoding-binary.json"), "--now", NOW],
        ["plan", GOOD, "--now", NOW, "--horizon", "99999999w"],
        ["plan", GOOD, "--now", "2026-11-23T08:00+01:00[" + "a/" * 400 + "a]"],
    ],
    ids=["binary-file", "huge-horizon", "zone-of-400-components"],
)
def test_cli_in_a_subprocess_prints_one_line(args: list[str]) -> None:
    """As a user runs it: exit 2, one line on stderr, nothing on stdout, no traceback."""
    done = subprocess.run([sys.executable, "-m", "relance", *args], capture_output=True,
                          text=True, timeout=120, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr


# ---------------------------------------------------------------------------
# Large inputs: every problem listed, the message and values stay short


def _many_touches(count: int, **changes: object) -> dict[str, object]:
    data = copy.deepcopy(GOOD_DOC)
    touch = dict(GOOD_DOC["history"][0], **changes)
    data["history"] = [dict(touch) for _ in range(count)]
    return data


def test_5000_bad_touches_are_all_listed_in_a_short_message() -> None:
    """5,000 naive instants: 5,000 problems in order, one message under 1,000 characters."""
    data = _many_touches(5000, at="2026-10-20T10:00:00")
    with pytest.raises(InvalidValueError) as info:
        relance.from_json(Document, json.dumps(data))
    exc = info.value
    assert type(exc) is relance.NaiveDatetimeError  # all of one class: that class
    assert [p.field for p in exc.problems] == [f"history[{i}].at" for i in range(5000)]
    assert exc.field == "history[0].at"
    assert exc.value == "2026-10-20T10:00:00"
    assert all(p.value == "2026-10-20T10:00:00" for p in exc.problems)
    assert exc.message.endswith("… and 4995 more"), exc.message[-200:]
    assert len(exc.message) < 1000
    assert "\n" not in exc.message


def test_5000_touches_to_unknown_contacts_are_all_listed() -> None:
    """5,000 unknown contact ids: one InvalidValueError listing all of them."""
    data = _many_touches(5000, contact_id="zoe")
    with pytest.raises(InvalidValueError) as info:
        relance.from_json(Document, json.dumps(data))
    exc = info.value
    assert type(exc) is InvalidValueError
    assert [p.field for p in exc.problems] == [f"history[{i}].contact_id" for i in range(5000)]
    assert exc.message.endswith("… and 4995 more"), exc.message[-200:]
    assert len(exc.message) < 1000


def test_5000_bad_needs_are_listed_with_their_positions() -> None:
    """A list of 5,000 numbers where strings are expected: every position is a problem."""
    data = copy.deepcopy(GOOD_DOC)
    data["account"]["needs"] = list(range(5000))
    with pytest.raises(InvalidValueError) as info:
        relance.from_dict(Document, data)
    exc = info.value
    assert [p.field for p in exc.problems] == [f"account.needs[{i}]" for i in range(5000)]
    assert exc.value == 0
    assert len(exc.message) < 1000


def test_a_huge_value_is_trimmed_in_the_error() -> None:
    """A 5,000-item list where a name is expected: the value is a short description."""
    data = copy.deepcopy(GOOD_DOC)
    data["account"]["name"] = ["x"] * 5000
    with pytest.raises(InvalidValueError) as info:
        relance.from_dict(Document, data)
    assert info.value.field == "account.name"
    assert info.value.value == "<list of 5000 items>"
    assert len(info.value.message) < 1000


def test_a_huge_top_level_array_is_not_the_value() -> None:
    """A document that is a 5,000-item array: field `$`, value `<list of 5000 items>`."""
    with pytest.raises(InvalidValueError) as info:
        relance.from_json(Document, json.dumps([GOOD_DOC["history"][0]] * 5000))
    assert info.value.field == "$"
    assert info.value.value == "<list of 5000 items>"
    assert len(info.value.message) < 1000


def test_a_huge_non_json_text_is_trimmed() -> None:
    """100 KB that is not JSON: field `$`, a value of at most 200 characters and `…`."""
    with pytest.raises(InvalidValueError) as info:
        relance.from_json(Document, "x" * 100_000)
    exc = info.value
    assert exc.field == "$"
    assert isinstance(exc.value, (str, bytes))
    assert len(exc.value) <= 203
    assert len(exc.message) < 1000


def test_a_huge_string_is_trimmed_in_value_and_message() -> None:
    """A 100,000-character time zone: the value is cut at 200 characters and `…`."""
    data = copy.deepcopy(GOOD_DOC)
    data["account"]["contacts"][0]["timezone"] = "Z" * 100_000
    with pytest.raises(relance.UnknownTimezoneError) as info:
        relance.from_dict(Document, data)
    assert info.value.value == "Z" * 200 + "…"
    assert len(info.value.message) < 1000


def test_the_document_is_never_the_value() -> None:
    """Whatever is wrong, `exc.value` is the bad leaf, never the parsed document."""
    data = copy.deepcopy(GOOD_DOC)
    data["history"][1]["at"] = "2026-11-03T09:00"
    with pytest.raises(InvalidValueError) as info:
        relance.from_dict(Document, data)
    assert info.value.value == "2026-11-03T09:00"
    assert all(not isinstance(p.value, dict) for p in info.value.problems)


# ---------------------------------------------------------------------------
# Nothing silently fixed: elapsed and calendar durations stay what they say


def _policy_json(**figures: str) -> dict[str, object]:
    return relance.to_dict(Policy.from_dict(figures))


@pytest.mark.parametrize(
    ("text", "elapsed", "parts"),
    [
        ("PT48H", True, {"hours": 48}),
        ("PT24H", True, {"hours": 24}),
        ("PT36H", True, {"hours": 36}),
        ("P2D", False, {"days": 2}),
        ("P1W", False, {"days": 7}),
        ("PT0.000001S", True, {"microseconds": 1}),
        ("PT12.345678S", True, {"seconds": 12, "microseconds": 345678}),
        ("PT1M0.000001S", True, {"minutes": 1, "microseconds": 1}),
    ],
)
def test_durations_keep_their_meaning_and_every_microsecond(
    text: str, elapsed: bool, parts: dict[str, int]
) -> None:
    """`PT…` reads as `Elapsed`, `P…D` as calendar days, and each writes back as itself."""
    expected = relance.Elapsed(**parts) if elapsed else timedelta(**parts)
    policy = Policy.from_dict({"cool_off": text})
    assert policy.cool_off == expected
    assert type(policy.cool_off) is type(expected)
    written = policy.to_dict()["cool_off"]
    assert ("T" in written) is elapsed, written
    again = Policy.from_dict({"cool_off": written})
    assert again == policy
    assert type(again.cool_off) is type(expected)
    assert again.to_dict()["cool_off"] == written


@pytest.mark.parametrize("text", ["PT48H", "PT24H", "P2D", "PT0.000001S", "PT12.345678S"])
def test_iso_durations_round_trip_verbatim(text: str) -> None:
    """`P2D` stays calendar days and `PT48H` elapsed hours, byte for byte."""
    assert Policy.from_dict({"cool_off": text}).to_dict()["cool_off"] == text


def test_elapsed_whole_days_are_written_as_hours() -> None:
    """`Elapsed(days=2)` means 48 elapsed hours: it writes `PT48H`, never `P2D`."""
    policy = Policy(cool_off=relance.Elapsed(days=2))
    assert policy.to_dict()["cool_off"] == "PT48H"
    back = Policy.from_dict(policy.to_dict())
    assert isinstance(back.cool_off, relance.Elapsed)
    assert back == policy


def test_a_plain_timedelta_keeps_its_meaning() -> None:
    """A plain timedelta: whole days are calendar days, anything else elapsed time."""
    assert Policy(cool_off=timedelta(days=2)).to_dict()["cool_off"] == "P2D"
    assert Policy(cool_off=timedelta(hours=36)).to_dict()["cool_off"] == "PT36H"
    assert Policy(cool_off=relance.Elapsed(hours=48)).to_dict()["cool_off"] == "PT48H"


def _dst_document(min_gap: str, max_gap: str) -> bytes:
    """Ana answered on Saturday 24 October 2026, the eve of the end of summer time in Paris."""
    data = {
        "account": {"id": "acme", "name": "Acme", "needs": ["onboarding"],
                    "contacts": [GOOD_DOC["account"]["contacts"][0]]},
        "history": [{"at": "2026-10-24T10:00:00+02:00[Europe/Paris]", "contact_id": "ana",
                     "channel": "email", "direction": "outbound", "outcome": "replied"}],
        "ideas": [{"id": "pilot", "summary": "A pilot", "addresses": ["onboarding"]}],
        "policy": {"min_gap": min_gap, "max_gap": max_gap, "without": ["non-working-day"]},
    }
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("min_gap", "max_gap", "allowed"),
    [("PT24H", "PT48H", True), ("P1D", "P2D", False)],
)
def test_elapsed_and_calendar_gaps_differ_across_dst(min_gap: str, max_gap: str,
                                                     allowed: bool) -> None:
    """24 elapsed hours end at 09:00 on the DST night; one calendar day ends at 10:00."""
    doc = relance.from_json(Document, _dst_document(min_gap, max_gap))
    assert json.loads(relance.to_json(doc))["policy"]["min_gap"] == min_gap
    proposal = relance.Proposal(at=pendulum.datetime(2026, 10, 25, 9, 30, tz="Europe/Paris"),
                                contact_id="ana", channel="email", idea_id="pilot")
    verdict = doc.the_policy.check(proposal, account=doc.account, history=doc.history,
                                   ideas=doc.ideas)
    assert verdict.allowed is allowed, verdict.codes


# ---------------------------------------------------------------------------
# Not bad: what check and plan accept on purpose
#
# A document is a complete record: every idea its touches name is in it.  In
# Python, check and plan let a caller leave the ideas already shared out of the
# backlog (the check docstring, _core/inputs.py), so a touch naming an idea
# that is not in the backlog is no error there.  Once bad-input cases of round
# 1; their expectation is flipped, the cases kept.

_SHARED = {
    "check-history-unknown-idea": lambda history: _bad_cases.check(history=history),
    "plan-history-unknown-idea": lambda history: _bad_cases.plan(history=history),
}


@pytest.mark.parametrize("name", sorted(_SHARED))
def test_check_and_plan_accept_shared_ideas_left_out_of_the_backlog(name: str) -> None:
    """check/plan accept a touch naming an idea not in the backlog; a Document refuses it."""
    history = [_bad_cases.touch(6, idea_id="webinar"), _bad_cases.touch(20)]
    result = _SHARED[name](history)
    assert isinstance(result, (relance.Verdict, relance.Plan))
    relance.to_json(result)

    data = copy.deepcopy(GOOD_DOC)
    data["history"][0]["idea_id"] = "webinar"
    with pytest.raises(RelanceError) as info:
        relance.from_dict(Document, data)
    exc = info.value
    assert type(exc) is relance.UnknownIdError
    assert exc.field == "history[0].idea_id"
    assert exc.value == "webinar"
    assert [p.field for p in exc.problems] == ["history[0].idea_id"]
    assert "'webinar'" in exc.message


# ---------------------------------------------------------------------------
# Standard input


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize(
    "name", ["encoding-binary", "encoding-latin1", "json-deep-array", "top-array-empty",
             "ids-touch-unknown-contact", "instant-year-9999"],
)
def test_cli_refuses_bad_standard_input(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`relance plan -` reads the document from stdin and refuses it as it would a file."""
    _stdin(monkeypatch, (BAD_INPUTS / f"{name}.json").read_bytes())
    code, out, err = run_cli(["plan", "-", "--now", NOW], capsys)
    assert_cli_refusal(code, out, err)


def test_cli_refuses_document_and_policy_both_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Standard input can be read once: `plan - --policy -` is refused with one line."""
    _stdin(monkeypatch, (BAD_INPUTS / "good.json").read_bytes())
    code, out, err = run_cli(["plan", "-", "--now", NOW, "--policy", "-"], capsys)
    assert_cli_refusal(code, out, err, "--policy")


# ---------------------------------------------------------------------------
# Round 2: what the catalogue's one-error-per-case shape cannot say


@pytest.mark.parametrize(
    ("where", "text", "iso"),
    [
        ("history[0].at", "2026-10-20T10.5+02:00", "2026-10-20T10:30:00+02:00"),
        ("history[0].at", "2026-10-20T10,5+02:00", "2026-10-20T10:30:00+02:00"),
        ("history[0].at", "2026-10-20T10:30.5+02:00", "2026-10-20T10:30:30+02:00"),
        ("account.contacts[1].working_hours.start", "08.5", "08:30"),
        ("account.contacts[1].working_hours.start", "08:30.5", "08:30:30"),
    ],
    ids=["instant-decimal-hour", "instant-decimal-hour-comma", "instant-decimal-minute",
         "hours-decimal-hour", "hours-decimal-minute"],
)
def test_decimal_fractions_are_never_misread(where: str, text: str, iso: str) -> None:
    """ISO 8601's `10.5` is half past ten: refused, or read so; never as 10:00:00.5."""
    data = _bad_cases.doc_with((where, text))
    refused: RelanceError | None = None
    try:
        doc = relance.from_dict(Document, data)
    except RelanceError as exc:
        refused = exc
    if refused is not None:
        assert isinstance(refused, InvalidValueError)
        assert refused.field == where
        assert refused.value == text
        return
    written = relance.to_dict(doc)
    for step in _bad_cases._steps(where):
        written = written[step]
    assert written == iso, f"{text!r} was read as {written!r}"


@pytest.mark.parametrize("text", ["2026-11-24T10.5+01:00", "2026-11-24T10:30.5+01:00"])
def test_cli_at_with_a_decimal_hour_is_never_misread(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--at 10.5+01:00` is refused (exit 2 naming --at), or checked as 10:30."""
    code, out, err = run_cli(["check", GOOD, "--contact", "ana", "--channel", "email",
                              "--idea", "pilot", "--at", text, "--format", "json"], capsys)
    if code == 2:
        assert_cli_refusal(code, out, err, "--at")
        return
    assert code in (0, 1), err
    assert ".500000" not in out, out


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("account.contacts[1].working_hours.start", "9:00"),
        ("account.contacts[1].working_hours.end", "24:00"),
        ("account.contacts[1].working_hours.start", "9h"),
    ],
)
def test_data_messages_name_json_types_not_python_types(where: str, value: str) -> None:
    """A message about JSON data says 'a string', never Python's 'that is a str'."""
    with pytest.raises(InvalidValueError) as info:
        relance.from_dict(Document, _bad_cases.doc_with((where, value)))
    assert info.value.field == where
    assert " str)" not in info.value.message, info.value.message
    assert "that is a str" not in info.value.message, info.value.message


# -- the edges of the supported range -----------------------------------------

EDGE_INSTANTS = ["1900-01-01T00:00:00Z", "1900-01-01T00:00:00+00:00",
                 "2199-12-31T23:59:59.999999Z", "2199-12-31T23:59:59.999999+00:00[UTC]",
                 "2200-01-01T00:59:59.999999+01:00[Europe/Paris]",
                 "2200-01-01T13:59:59.999999+14:00[Pacific/Kiritimati]",
                 "2199-12-31T11:59:59.999999-12:00[Etc/GMT+12]"]


@pytest.mark.parametrize("text", EDGE_INSTANTS)
def test_instants_at_the_edges_of_the_range_load_and_write_back(text: str) -> None:
    """The first and the last microsecond of the range are good, in any zone."""
    data = _bad_cases.doc_with(("account.checkpoints[0].at", text))
    doc = relance.from_dict(Document, data)
    assert doc.account.checkpoints[0].at == pendulum.parse(text.split("[")[0])
    again = relance.from_json(Document, relance.to_json(doc))
    assert again == doc
    assert relance.to_json(again) == relance.to_json(doc)


def _edge_world(zone: str, last: str) -> Document:
    data = _bad_cases.doc_with(("account.contacts[0].timezone", zone),
                               ("history[0].at", last))
    data["history"] = data["history"][:1]
    data["history"][0].pop("idea_id")
    data["account"]["checkpoints"] = []
    for item in data["ideas"]:
        item.pop("expires_at", None)
        item.pop("available_from", None)
    return relance.from_dict(Document, data)


HUNDRED_YEARS = {
    "calendar": {"min_gap": "P36525D", "max_gap": "P36525D", "cool_off": "P36525D",
                 "cap_window": "P36525D", "max_silence": "P36525D"},
    "elapsed": {"min_gap": "PT876600H", "max_gap": "PT876600H", "cool_off": "PT876600H",
                "cap_window": "PT876600H", "max_silence": "PT876600H"},
    "default": {},
}
LAST_MICROSECOND = pendulum.datetime(2199, 12, 31, 23, 59, 59, 999999, tz="UTC")


@pytest.mark.parametrize("zone", ["Europe/Paris", "Pacific/Kiritimati", "Etc/GMT+12"])
@pytest.mark.parametrize("figures", sorted(HUNDRED_YEARS))
@pytest.mark.parametrize("last", ["2199-12-30T10:00:00Z", "1900-01-01T00:00:00Z"])
def test_hundred_year_policies_check_and_plan_at_the_end_of_the_range(
    zone: str, figures: str, last: str
) -> None:
    """P36525D and PT876600H with a history near 2199: check and plan answer, no error."""
    doc = _edge_world(zone, last)
    policy = Policy.from_dict(HUNDRED_YEARS[figures])
    for at in (doc.history[0].at, LAST_MICROSECOND):
        verdict = policy.check(
            relance.Proposal(at=at, contact_id="ana", channel="email", idea_id="pilot"),
            account=doc.account, history=doc.history, ideas=doc.ideas)
        relance.to_json(verdict)
    result = relance.plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                          policy=policy, now=doc.history[0].at, horizon=LAST_MICROSECOND)
    assert all(r.at <= LAST_MICROSECOND for r in result.relances)
    assert relance.from_json(relance.Plan, relance.to_json(result)) == result


@pytest.mark.parametrize(("figures", "zone"), [("calendar", "Europe/Paris"),
                                               ("elapsed", "Pacific/Kiritimati"),
                                               ("default", "Etc/GMT+12")])
def test_a_verdict_near_the_end_of_the_range_writes_back(zone: str, figures: str) -> None:
    """`from_json(Verdict, to_json(v)) == v` holds for a verdict made near 2200.

    A refusal whose lift (or `earliest`) falls after 2199 writes an instant that
    the loader then refuses as out of range: the round trip docs/crm.md promises
    breaks (a lift beyond the range might be `never`, or be written so it reads back).
    """
    doc = _edge_world(zone, "2199-12-30T10:00:00Z")
    policy = Policy.from_dict(HUNDRED_YEARS[figures])
    verdict = policy.check(
        relance.Proposal(at=doc.history[0].at.add(hours=1), contact_id="ana", channel="email",
                         idea_id="pilot"),
        account=doc.account, history=doc.history, ideas=doc.ideas)
    assert not verdict.allowed
    assert relance.from_json(relance.Verdict, relance.to_json(verdict)) == verdict


# -- huge inputs: the error stays short, its value is the leaf, and it is quick ----

FIVE_MB = 5_000_000


def _timed_refusal(data: object, seconds: float = 15.0) -> RelanceError:
    import time

    start = time.perf_counter()
    with pytest.raises(RelanceError) as info:
        relance.from_json(Document, json.dumps(data, ensure_ascii=False))
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"{elapsed:.1f}s"
    exc = info.value
    assert len(exc.message) < 1000, exc.message[:300]
    assert "\n" not in exc.message
    for p in exc.problems:
        assert not isinstance(p.value, (dict, list)) or len(p.value) <= 20
        assert not isinstance(p.value, str) or len(p.value) <= 201
    return exc


def test_20000_touches_with_a_few_bad_ones_list_exactly_those() -> None:
    """20,000 touches, four bad: four problems, in order, quickly, in a short message."""
    touch = dict(GOOD_DOC["history"][0])
    del touch["idea_id"]
    start = pendulum.datetime(1990, 1, 1, tz="UTC")
    data = copy.deepcopy(GOOD_DOC)
    data["history"] = [dict(touch, at=start.add(hours=6 * i).isoformat())
                       for i in range(20_000)]
    data["history"][3]["at"] = "2026-10-20T10:00"
    data["history"][9_999]["channel"] = "fax"
    data["history"][19_998]["at"] = "2200-01-01T00:00:00Z"
    exc = _timed_refusal(data)
    assert type(exc) is InvalidValueError
    assert [p.field for p in exc.problems] == [
        "history[3].at", "history[9999].channel", "history[19998].at"]
    assert exc.field == "history[3].at"
    assert exc.value == "2026-10-20T10:00"
    assert "3 problems" in exc.message


def test_20000_touches_to_an_unknown_contact_among_good_ones() -> None:
    """20,000 touches, two naming unknown contacts: those two, as UnknownIdError's paths."""
    touch = dict(GOOD_DOC["history"][0])
    del touch["idea_id"]
    start = pendulum.datetime(1990, 1, 1, tz="UTC")
    data = copy.deepcopy(GOOD_DOC)
    data["history"] = [dict(touch, at=start.add(hours=6 * i).isoformat())
                       for i in range(20_000)]
    data["history"][15_000]["contact_id"] = "zoe"
    data["history"][19_999]["contact_id"] = "yan"
    exc = _timed_refusal(data)
    assert type(exc) is InvalidValueError
    assert [p.field for p in exc.problems] == ["history[15000].contact_id",
                                               "history[19999].contact_id"]
    assert exc.value == "zoe"


def test_20000_touches_on_the_command_line(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The same document as a file: exit 2, one short line naming the first problem."""
    touch = dict(GOOD_DOC["history"][0])
    del touch["idea_id"]
    start = pendulum.datetime(1990, 1, 1, tz="UTC")
    data = copy.deepcopy(GOOD_DOC)
    data["history"] = [dict(touch, at=start.add(hours=6 * i).isoformat())
                       for i in range(20_000)]
    data["history"][12_345]["channel"] = "fax"
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli(["plan", str(path), "--now", NOW], capsys)
    assert_cli_refusal(code, out, err, "history[12345].channel")
    assert len(err) < 700


def test_5000_ideas_load_plan_and_refuse_one_duplicate() -> None:
    """A backlog of 5,000 ideas plans; a duplicate among them is the one problem."""
    data = copy.deepcopy(GOOD_DOC)
    data["ideas"] = [{"id": f"idea-{i}", "summary": f"Idea {i}", "addresses": ["onboarding"],
                      "priority": i % 7} for i in range(5_000)]
    data["history"][0]["idea_id"] = "idea-3"
    doc = relance.from_json(Document, json.dumps(data))
    now = pendulum.parse(NOW)
    assert isinstance(now, pendulum.DateTime)
    result = relance.plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                          policy=doc.the_policy, now=now, horizon=pendulum.duration(weeks=12))
    assert result.relances
    data["ideas"][4_999]["id"] = "idea-0"
    exc = _timed_refusal(data)
    assert type(exc) is relance.DuplicateIdError
    assert exc.field == "ideas[4999].id"
    assert exc.value == "idea-0"


HUGE_LEAVES: dict[str, tuple[str, object, type[RelanceError]]] = {
    "timezone": ("account.contacts[0].timezone", "Z" * FIVE_MB, relance.UnknownTimezoneError),
    "contact-id": ("history[0].contact_id", "z" * FIVE_MB, relance.UnknownIdError),
    "country": ("account.contacts[0].country", "F" * FIVE_MB, relance.UnknownCountryError),
    "instant": ("history[0].at", "2026-10-20T10:00:00." + "1" * FIVE_MB + "+02:00",
                InvalidValueError),
    "bracketed-zone": ("history[0].at",
                       "2026-10-20T10:00:00+02:00[" + "Europe/Paris" * (FIVE_MB // 12) + "]",
                       relance.UnknownTimezoneError),
    "duration": ("policy.cool_off", "P" + "9" * FIVE_MB + "D", InvalidValueError),
    "priority": ("ideas[1].priority", "9" * FIVE_MB, InvalidValueError),
    "working-hours": ("account.contacts[1].working_hours.start", "0" * FIVE_MB,
                      InvalidValueError),
    "role": ("account.contacts[0].role", "r" * FIVE_MB, InvalidValueError),
}


@pytest.mark.parametrize("name", sorted(HUGE_LEAVES))
def test_a_5mb_string_is_refused_quickly_with_a_short_error(name: str) -> None:
    """A 5 MB string where a short one belongs: its class, its path, a cut value, quickly."""
    where, value, cls = HUGE_LEAVES[name]
    exc = _timed_refusal(_bad_cases.doc_with((where, value)), seconds=10.0)
    assert type(exc) is cls, f"{type(exc).__name__}: {exc.message[:200]}"
    assert exc.field == where
    assert isinstance(exc.value, str)
    assert len(exc.value) == 201
    assert exc.value.endswith("…")
    assert "recursion" not in exc.message


def test_a_5mb_name_is_kept_and_another_problem_stays_short() -> None:
    """A 5 MB name is a name (kept whole); a bad zone beside it is one short error."""
    data = _bad_cases.doc_with(("account.contacts[0].name", "é" * FIVE_MB))
    doc = relance.from_json(Document, json.dumps(data, ensure_ascii=False))
    assert len(doc.account.contacts[0].name) == FIVE_MB
    data["account"]["contacts"][0]["timezone"] = "Mars/Olympus"
    exc = _timed_refusal(data)
    assert type(exc) is relance.UnknownTimezoneError
    assert exc.value == "Mars/Olympus"


# -- custom rules ---------------------------------------------------------------


def test_a_custom_rule_without_refuses_is_a_relance_error() -> None:
    """A CustomRule subclass that forgot refuses(): refused when built or when used.

    Before round 2 the base class's NotImplementedError escaped from check and plan.
    """
    rule = _bad_cases._NoRefuses()
    calls: list[Callable[[], object]] = [
        lambda: _bad_cases.check(policy=Policy(rules=(rule,))),
        lambda: _bad_cases.plan(policy=Policy(rules=(rule,))),
    ]
    for call in calls:
        with pytest.raises(RelanceError) as info:
            call()
        assert "rules[0]" in info.value.field
        assert "forgot-refuses" in info.value.message


def test_a_custom_rule_may_lift_in_any_zone() -> None:
    """A lift in another zone (Tokyo, UTC, a fixed offset, zoneinfo) is the same instant."""
    from datetime import timezone as tz
    from zoneinfo import ZoneInfo

    lift = pendulum.datetime(2026, 11, 26, 15, tz="Europe/Paris")
    for shown in (lift.in_tz("Asia/Tokyo"), lift.astimezone(tz.utc),
                  lift.astimezone(tz(timedelta(hours=5, minutes=30))),
                  lift.astimezone(ZoneInfo("America/New_York"))):
        def until(at: pendulum.DateTime, shown: datetime = shown) -> object:
            return shown if at < shown else None

        rule = _bad_cases.rule_returning("until-thursday", until)
        verdict = _bad_cases.check(policy=Policy(rules=(rule,)))
        assert isinstance(verdict, relance.Verdict)
        assert verdict.earliest is not None
        assert verdict.earliest.timestamp() == lift.timestamp()
        result = _bad_cases.plan(policy=Policy(rules=(rule,)))
        assert isinstance(result, relance.Plan)
        assert all(r.at >= lift for r in result.relances)


# -- the command line ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (b'min_gap = "P9D"\nmax_gap = "P5D"\n', "max_gap"),
        (b'{"cap": -1}', "cap"),
        (b"cap = \n", "TOML"),
        (b"\xff\xfe\x00x", "UTF"),
        ((BAD_INPUTS / "good.json").read_bytes(), "account"),
    ],
    ids=["toml-gaps-reversed", "json-cap", "toml-syntax", "utf16", "the-document-itself"],
)
def test_cli_policy_on_standard_input_with_the_document_as_a_file(
    text: bytes, says: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    """`relance plan FILE --policy -` refuses a bad policy on stdin: exit 2, one line."""
    _stdin(monkeypatch, text)
    code, out, err = run_cli(["plan", GOOD, "--now", NOW, "--policy", "-"], capsys)
    assert_cli_refusal(code, out, err, "standard input", says)


@pytest.mark.parametrize(
    ("name", "content"),
    [("blank.json", b"  \n\t \n"), ("bom-only.json", b"\xef\xbb\xbf"),
     ("bom-and-blank.json", b"\xef\xbb\xbf \n")],
)
def test_cli_refuses_blank_json_files(name: str, content: bytes, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A blank `.json` file is no document and no policy: exit 2, one line naming it."""
    target = tmp_path / name
    target.write_bytes(content)
    code, out, err = run_cli(["plan", str(target), "--now", NOW], capsys)
    assert_cli_refusal(code, out, err, name)
    code, out, err = run_cli(["plan", GOOD, "--now", NOW, "--policy", str(target)], capsys)
    assert_cli_refusal(code, out, err, name)


@pytest.mark.parametrize("offset", ["+02:00", "+01:00"])
def test_cli_check_at_either_occurrence_of_a_fold(
    offset: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--at` at 02:30 on the night Paris falls back, either occurrence: a verdict."""
    code, out, err = run_cli(["check", GOOD, "--contact", "ana", "--channel", "email",
                              "--idea", "pilot", "--format", "json",
                              "--at", f"2026-10-25T02:30{offset}[Europe/Paris]"], capsys)
    assert code in (0, 1), err
    assert json.loads(out)["allowed"] is (code == 0)


def _plan_ics(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run_cli([*argv, "--format", "ics"], capsys)
    assert code == 0, err
    assert "Traceback" not in err
    return out


def test_cli_ics_of_a_plan_without_relance_is_a_valid_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No relance in the horizon: still an RFC 5545 calendar, which holds a component.

    RFC 5545 §3.6: `icalbody = calprops component`, `component = 1*(...)`; a
    VCALENDAR with no component at all is not a valid iCalendar object.
    """
    data = copy.deepcopy(GOOD_DOC)
    for contact in data["account"]["contacts"]:
        contact["do_not_contact"] = True
    path = tmp_path / "nobody.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    text = _plan_ics(["plan", str(path), "--now", NOW], capsys)
    lines = text.replace("\r\n ", "").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "END:VCALENDAR" in lines
    components = [line for line in lines if line.startswith("BEGIN:")
                  and line != "BEGIN:VCALENDAR"]
    assert components, text


def _vtimezone_offsets(text: str) -> dict[str, list[tuple[str, str, bool]]]:
    """Each VTIMEZONE's onsets: (local onset YYYYMMDDTHHMMSS, TZOFFSETTO, has RRULE)."""
    zones: dict[str, list[tuple[str, str, bool]]] = {}
    lines = text.replace("\r\n ", "").split("\r\n")
    tzid, offset, rrule = "", "", False
    onsets: list[str] = []
    for line in lines:
        if line.startswith("TZID:"):
            tzid = line[5:]
            zones[tzid] = []
        elif line in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT"):
            onsets, offset, rrule = [], "", False
        elif line.startswith("DTSTART:") and tzid:
            onsets.append(line[8:])
        elif line.startswith("RDATE"):
            onsets.extend(line.split(":", 1)[1].split(","))
        elif line.startswith("RRULE"):
            rrule = True
        elif line.startswith("TZOFFSETTO:"):
            offset = line[11:]
        elif line in ("END:STANDARD", "END:DAYLIGHT"):
            zones[tzid].extend((onset, offset, rrule) for onset in onsets)
        elif line == "END:VTIMEZONE":
            tzid = ""
    return zones


@pytest.mark.parametrize("now", ["2050-06-20T08:00+02:00", "2199-06-20T08:00+02:00",
                                 "1950-06-20T08:00+01:00"])
def test_cli_ics_time_zones_cover_the_events(now: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Each event's VTIMEZONE gives it its real offset, in 1950, 2050 or 2199 alike.

    A client that reads the VTIMEZONE (Outlook) must put the event at the
    instant of the plan; a VTIMEZONE written for 1970-2038 only does not.
    """
    data = copy.deepcopy(GOOD_DOC)
    data["history"] = []
    path = tmp_path / "fresh.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    argv = ["plan", str(path), "--now", now, "--horizon", "4w"]
    text = _plan_ics(argv, capsys)
    code, out, err = run_cli([*argv, "--format", "json"], capsys)
    assert code == 0, err
    relances = json.loads(out)["relances"]
    assert relances
    zones = _vtimezone_offsets(text)
    for item in relances:
        at = item["at"]
        stamp, zone = at[:-1].split("[")
        local = stamp[:19].replace("-", "").replace(":", "")
        offset = stamp[19:].replace(":", "")
        onsets = sorted(zones[zone])
        if any(rrule for _, _, rrule in onsets):
            continue  # open-ended rules: a client computes them itself
        before = [o for o in onsets if o[0] <= local]
        assert before, f"{zone}: no observance before {local}"
        assert before[-1][1] == offset, (
            f"{zone} at {local}: the VTIMEZONE says {before[-1][1]}, the plan {offset}")


def test_a_toml_local_time_is_a_time_of_day() -> None:
    """`start = 09:00:00` (a TOML local time, not a string) is read as 09:00."""
    import sys
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    table = tomllib.loads('[working_hours]\nstart = 09:00:00\nend = "18:00"\n')
    policy = relance.Policy.from_dict(table)
    assert policy.working_hours.start.isoformat() == "09:00:00"


def test_the_portfolio_command_gives_each_bad_document_its_error_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every one-line bad document of the catalogue, as lines of one portfolio, on two workers.

    The batch goes on past each, and each record carries the error the
    document gets alone (its class and the path of its bad value).
    """
    # Line breaks between JSON tokens are spaces; a line break inside a string
    # is bad JSON either way (the path stays "$").
    cases = [c for c in DOC_FILES if c.path.read_bytes().strip()]
    assert len(cases) >= 200

    def line(path: Path) -> bytes:
        return path.read_bytes().replace(b"\r", b" ").replace(b"\n", b" ")

    good_line = line(BAD_INPUTS / "good.json")
    source = tmp_path / "portfolio.jsonl"
    source.write_bytes(b"\n".join([good_line, *(line(c.path) for c in cases), good_line])
                       + b"\n")
    output = tmp_path / "plans.jsonl"
    code, _, err = run_cli(["portfolio", "plan", str(source), "--now", NOW, "--jobs", "2",
                            "--output", str(output)], capsys)
    assert code == 1
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [r["index"] for r in records] == list(range(len(cases) + 2))
    assert "plan" in records[0]
    assert "plan" in records[-1]
    for case, record in zip(cases, records[1:-1], strict=True):
        assert "error" in record, case.id
        error = record["error"]
        assert error["kind"] == case.exc.__name__, (case.id, error)
        expected = case.field
        if isinstance(expected, str):
            assert error["field"] == expected, (case.id, error)
        else:
            assert expected.matches(error["field"]), (case.id, error)
    assert f"errors {len(cases)}" in err
