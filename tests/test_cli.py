"""The `relance` command: in-process through `main(argv)`, and in a subprocess as a user would."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import jsonschema
import pytest

import relance
from relance import Document, InvalidValueError, Plan, from_json
from relance._cli import commands as cli_commands
from relance._cli import main
from relance._cli.output import one_line
from relance._cli.table import column_widths, width_for
from relance._io.files import InputFileError, decode, load_policy, policy_format, read_text
from relance._io.schema import json_schema, shipped_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "acme.json"
NOW = "2026-11-23T08:00:00+01:00"
# The claire/pilot-newsroom proposal: refused by a strict policy, allowed by default.
PILOT = ("--contact", "claire", "--channel", "email", "--idea", "pilot-newsroom",
         "--at", "2027-03-01T10:00+01:00")


@pytest.fixture(scope="session")
def acme(tmp_path_factory: pytest.TempPathFactory) -> str:
    """examples/acme.json, its backlog completed with the ideas its history already shared."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    known = {idea["id"] for idea in data["ideas"]}
    for touch in data["history"]:
        if touch.get("idea_id") and touch["idea_id"] not in known:
            data["ideas"].append({"id": touch["idea_id"], "summary": "already shared",
                                  "addresses": ["onboarding"]})
            known.add(touch["idea_id"])
    path = tmp_path_factory.mktemp("examples") / "acme.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return str(path)


def relance_run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
                ) -> subprocess.CompletedProcess[bytes]:
    """`python -m relance ARGS` in a subprocess; output as bytes."""
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "PYTHONIOENCODING")}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "relance", *args], input=stdin if stdin is not None else b"",
        capture_output=True, timeout=120, check=False, env=environ,
    )


def text(done: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    return done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


class Run:
    """The outcome of one in-process call of `main`."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


class Cli:
    """`main(argv)` in this process, its output captured."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> Run:
        code = main(list(args))
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.delenv("COLUMNS", raising=False)
    return Cli(capsys)


def assert_one_line_error(run: Run, status: int = 2) -> str:
    """Exit status, nothing on stdout, one line on stderr, no traceback; the line."""
    assert run.code == status, run.err
    assert run.out == ""
    assert run.err.endswith("\n")
    assert run.err.count("\n") == 1, run.err
    assert "Traceback" not in run.err
    return run.err.rstrip("\n")


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# -- the commands, as a user runs them ----------------------------------------------------------


def test_plan_prints_a_table_then_needs_and_advice(acme: str) -> None:
    """`relance plan FILE` prints a readable plan: when, who, channel, idea, why."""
    done = relance_run("plan", acme, "--now", NOW, env={"COLUMNS": "200"})
    out, err = text(done)
    assert done.returncode == 0, err
    assert "Plan for Acme Media Group" in out
    assert "Fri 2027-01-15 14:00 Europe/Paris" in out
    assert "Claire Dubois (decision maker)" in out
    assert "checkpoint budget-committee" in out
    assert "Advice (unanswered-limit)" in out
    assert "Waiting budget-phasing (unanswered-limit)" in out
    assert err == ""


def test_plan_as_json_is_a_plan(acme: str, tmp_path: Path) -> None:
    """`--format json --output` writes a plan that reads back and fits the schema."""
    target = tmp_path / "plan.json"
    done = relance_run("plan", acme, "--now", NOW, "--horizon", "20w", "--format", "json",
                       "--output", str(target))
    assert done.returncode == 0, done.stderr
    content = target.read_text(encoding="utf-8")
    jsonschema.validate(json.loads(content), shipped_schema("plan"))
    result = from_json(Plan, content)
    assert result.relances[0].checkpoint_id == "budget-committee"
    assert str(result.horizon) > str(result.now)


def test_plan_as_ics_imports_back(acme: str, tmp_path: Path) -> None:
    """`--format ics` writes an RFC 5545 calendar: one event per relance, in the contact's zone."""
    target = tmp_path / "plan.ics"
    done = relance_run("plan", acme, "--now", NOW, "--format", "ics", "--output", str(target))
    assert done.returncode == 0, done.stderr
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    plan = from_json(Plan, relance_run("plan", acme, "--now", NOW, "--format", "json").stdout)
    # One event per relance, and the quarterly review's series (RRULE) they override.
    series = [e for e in events if "RRULE" in e]
    assert [e["RRULE"].to_ical().decode() for e in series] == [
        "FREQ=MONTHLY;COUNT=4;INTERVAL=3"]
    assert len(events) == len(plan.relances) + 1
    events = [e for e in events if "RRULE" not in e]
    first = events[0]
    assert first["DTSTART"].dt.isoformat() == "2027-01-15T14:00:00+01:00"
    assert first["DTSTART"].params["TZID"] == "Europe/Paris"
    assert "budget-committee" in str(first["SUMMARY"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    overrides = [e for e in events if "RECURRENCE-ID" in e]
    assert {str(e["UID"]) for e in overrides} == {str(series[0]["UID"])}
    assert len({str(e["UID"]) for e in events}) == len(events) - len(overrides) + 1


def test_check_exit_status_says_allowed_or_refused(acme: str) -> None:
    """0 when allowed, 1 when refused (every reason and the earliest instant printed)."""
    refused = relance_run("check", acme, "--contact", "marc", "--channel", "email",
                          "--idea", "case-regional-daily", "--at", "2026-11-24T10:00+01:00")
    assert refused.returncode == 1
    assert b"before-agreed-date" in refused.stdout
    assert b"earliest: 2027-01-15T14:00:00+01:00" in refused.stdout
    allowed = relance_run("check", acme, "--contact", "marc", "--channel", "email",
                          "--idea", "case-regional-daily", "--at", "2027-01-18T10:00+01:00",
                          "--format", "json")
    assert allowed.returncode == 0
    assert json.loads(allowed.stdout)["allowed"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "ACME", "--contact", "zoe", "--channel", "email"), "'zoe'"),
        (("plan", "ACME", "--now", "2026-11-23T08:00"), "naive datetime '2026-11-23T08:00'"),
        (("plan", "ACME", "--horizon", "soon"), "--horizon: expected 12w"),
        (("plan", str(ROOT / "missing.json")), "No such file or directory"),
        (("plan", str(ROOT / "README.md")), "JSON"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(acme: str, args: tuple[str, ...],
                                                message: str) -> None:
    """Bad input: exit status 2, one line on stderr, no traceback."""
    done = relance_run(*(acme if a == "ACME" else a for a in args))
    out, err = text(done)
    assert done.returncode == 2
    assert message in err
    assert "Traceback" not in err
    assert err.startswith("relance: error: ")
    assert err.count("\n") == 1
    assert out == ""


def test_a_policy_file_overrides_the_documents(acme: str, tmp_path: Path) -> None:
    """`--policy FILE` (TOML) replaces the document's policy; typos are refused."""
    strict = tmp_path / "strict.toml"
    strict.write_text("[policy]\nmin_gap = \"P200D\"\nmax_gap = \"P200D\"\n", encoding="utf-8")
    done = relance_run("check", acme, *PILOT, "--policy", str(strict))
    assert done.returncode == 1
    assert b"too-soon" in done.stdout
    typo = tmp_path / "typo.toml"
    typo.write_text("max_unanswerd = 1\n", encoding="utf-8")
    bad = relance_run("plan", acme, "--policy", str(typo))
    assert bad.returncode == 2
    assert b"max_unanswerd" in bad.stderr
    assert b"typo.toml" in bad.stderr


def test_schema_is_generated_from_the_models_and_shipped() -> None:
    """`relance schema` prints the shipped schema, which is what the models generate."""
    done = relance_run("schema")
    assert done.returncode == 0
    printed = json.loads(done.stdout)
    assert printed == shipped_schema("document") == json_schema(Document)
    assert shipped_schema("plan") == json_schema(Plan)
    assert json.loads(relance_run("schema", "--plan").stdout) == json_schema(Plan)


def test_the_examples_fit_the_schema() -> None:
    """examples/acme.json validates against the input document's schema."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    jsonschema.validate(data, shipped_schema("document"))
    data["history"][0]["outcome"] = "ghosted"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, shipped_schema("document"))


def test_the_console_script_is_installed() -> None:
    """`relance` is on the PATH of the environment, next to its python."""
    script = Path(sys.executable).parent / "relance"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0
    assert done.stdout == f"relance {relance.__version__}\n"


# -- exit statuses -------------------------------------------------------------------------------


def test_success_is_0_and_a_refusal_1(cli: Cli, acme: str, tmp_path: Path) -> None:
    """plan: 0; check: 0 when allowed, 1 when refused; both write stdout only."""
    planned = cli("plan", acme, "--now", NOW)
    assert (planned.code, planned.err) == (0, "")
    assert "Plan for Acme Media Group" in planned.out
    allowed = cli("check", acme, *PILOT)
    assert (allowed.code, allowed.err) == (0, "")
    assert allowed.out.startswith("allowed at ")
    strict = tmp_path / "strict.toml"
    strict.write_text("min_gap = \"P200D\"\nmax_gap = \"P200D\"\n", encoding="utf-8")
    refused = cli("check", acme, *PILOT, "--policy", str(strict))
    assert (refused.code, refused.err) == (1, "")
    assert "too-soon" in refused.out


def test_an_internal_error_is_3_and_one_line(cli: Cli, acme: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Any other exception is a bug: status 3, one line that says so, no traceback."""
    def broken(**_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli_commands, "plan", broken)
    line = assert_one_line_error(cli("plan", acme, "--now", NOW), status=3)
    assert line.startswith("relance: internal error: ZeroDivisionError: division by zero; ")
    assert "this is a bug, please report it" in line
    assert "--debug" in line


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(cli: Cli, acme: str, monkeypatch: pytest.MonkeyPatch,
                                   where: str) -> None:
    """`--debug` (before or after the command) prints the traceback, then the same line."""
    def broken(**_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli_commands, "plan", broken)
    args = ["plan", acme, "--now", NOW]
    run = cli(*(["--debug", *args] if where == "before" else [*args, "--debug"]))
    assert run.code == 3
    assert run.out == ""
    assert run.err.startswith("Traceback (most recent call last):")
    assert "ZeroDivisionError: division by zero" in run.err
    last = run.err.rstrip("\n").splitlines()[-1]
    assert last.startswith("relance: internal error: ZeroDivisionError")


def test_debug_also_traces_bad_input(cli: Cli, acme: str) -> None:
    """With `--debug`, bad input shows where it was raised too; still status 2."""
    run = cli("--debug", "plan", acme, "--horizon", "soon")
    assert run.code == 2
    assert "Traceback" in run.err
    assert run.err.rstrip("\n").splitlines()[-1].startswith("relance: error: --horizon")


def test_ctrl_c_is_130_without_a_traceback(cli: Cli, acme: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """KeyboardInterrupt: status 130, one short line, no traceback (even with --debug)."""
    def interrupted(**_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_commands, "plan", interrupted)
    for debug in ([], ["--debug"]):
        run = cli(*debug, "plan", acme, "--now", NOW)
        assert (run.code, run.out, run.err) == (130, "", "relance: interrupted\n")


def test_usage_errors_are_2(cli: Cli, acme: str) -> None:
    """Usage errors (unknown option, missing argument): argparse's message, status 2."""
    for args in (["plan", acme, "--bogus"], ["check", acme], [], ["frobnicate"]):
        run = cli(*args)
        assert run.code == 2
        assert run.out == ""
        assert "usage: relance" in run.err
        assert "Traceback" not in run.err


def test_a_broken_pipe_is_quiet(acme: str) -> None:
    """`relance plan x | head -0`: no traceback, no message, status 141."""
    process = subprocess.Popen(
        [sys.executable, "-m", "relance", "plan", acme, "--now", NOW, "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # the reader is gone before anything is written
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == 141
    assert err == b""


# -- --version, --help ---------------------------------------------------------------------------


def test_version(cli: Cli) -> None:
    """`--version` prints `relance X.Y.Z` and exits 0."""
    run = cli("--version")
    assert (run.code, run.out, run.err) == (0, f"relance {relance.__version__}\n", "")
    assert re.fullmatch(r"relance \d+\.\d+\.\d+\S*\n", run.out)


def test_help_lists_the_choices(cli: Cli) -> None:
    """`--channel` and `--format` show their choices in `--help`; the channels are Channel's."""
    check = cli("check", "--help")
    assert check.code == 0
    channels = ",".join(c.value for c in relance.Channel)
    assert "{" + channels + "}" in check.out
    assert "{text,json}" in check.out
    plan = cli("plan", "--help")
    assert "{table,json,ics}" in plan.out
    top = cli("--help")
    for fragment in ("--version", "--debug", "exit status"):
        assert fragment in top.out


@pytest.mark.parametrize(("args", "fragment"), [
    (("check", "ACME", "--contact", "claire", "--channel", "fax"), "invalid choice: 'fax'"),
    (("plan", "ACME", "--format", "pdf"), "invalid choice: 'pdf'"),
    (("check", "ACME", "--contact", "claire", "--channel", "email", "--format", "ics"),
     "invalid choice: 'ics'"),
])
def test_other_choices_are_refused(cli: Cli, acme: str, args: tuple[str, ...],
                                   fragment: str) -> None:
    """A channel or format outside the choices: argparse's message, status 2."""
    run = cli(*(acme if a == "ACME" else a for a in args))
    assert run.code == 2
    assert fragment in run.err
    assert run.out == ""


# -- standard input and output -------------------------------------------------------------------


def test_dash_reads_the_document_from_stdin(cli: Cli, acme: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`plan -` reads the document as bytes from standard input."""
    feed_stdin(monkeypatch, Path(acme).read_bytes())
    run = cli("plan", "-", "--now", NOW, "--format", "json")
    assert (run.code, run.err) == (0, "")
    assert from_json(Plan, run.out).relances[0].checkpoint_id == "budget-committee"


def test_dash_reads_the_policy_from_stdin(cli: Cli, acme: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """`--policy -` reads the policy from standard input; its format comes from its content."""
    for policy in (b'min_gap = "P200D"\nmax_gap = "P200D"\n',
                   b'{"min_gap": "P200D", "max_gap": "P200D"}'):
        feed_stdin(monkeypatch, policy)
        run = cli("check", acme, *PILOT, "--policy", "-")
        assert (run.code, run.err) == (1, "")
        assert "too-soon" in run.out


def test_only_one_dash(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """FILE and `--policy` cannot both be standard input."""
    feed_stdin(monkeypatch, b"{}")
    line = assert_one_line_error(cli("plan", "-", "--policy", "-"))
    assert "--policy" in line
    assert "'-'" in line


def test_stdin_and_stdout_in_a_subprocess(acme: str) -> None:
    """`relance plan - --output -`: document piped in, plan piped out."""
    done = relance_run("plan", "-", "--now", NOW, "--format", "ics", "--output", "-",
                       stdin=Path(acme).read_bytes())
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert icalendar.Calendar.from_ical(done.stdout).walk("VEVENT")
    bad = relance_run("plan", "-", stdin=b"\xff\xfe{\x00}\x00")
    assert bad.returncode == 2
    assert bad.stderr.decode().startswith("relance: error: document on standard input is UTF-16")


def test_output_dash_is_stdout_and_a_path_a_file(cli: Cli, acme: str, tmp_path: Path) -> None:
    """`--output -` and no `--output` write standard output; a path, that file only."""
    to_dash = cli("plan", acme, "--now", NOW, "--format", "json", "--output", "-")
    default = cli("plan", acme, "--now", NOW, "--format", "json")
    assert to_dash.out == default.out != ""
    target = tmp_path / "plan.txt"
    to_file = cli("plan", acme, "--now", NOW, "--output", str(target))
    assert (to_file.code, to_file.out, to_file.err) == (0, "", "")
    assert "Plan for Acme Media Group" in target.read_text(encoding="utf-8")


def test_an_unwritable_output_is_bad_input(cli: Cli, acme: str, tmp_path: Path) -> None:
    """`--output` naming a directory or a missing folder: status 2, one line."""
    for target in (tmp_path, tmp_path / "missing" / "plan.json"):
        line = assert_one_line_error(cli("plan", acme, "--now", NOW, "--format", "json",
                                         "--output", str(target)))
        assert line.startswith("relance: error: --output: cannot write ")


# -- reading files -------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "fragments"), [
    (b'{"account": "Lef\xe8vre"}', ("not UTF-8", "byte 0xe8", "line 1, column 17",
                                     "byte offset 16")),
    (b'{\n  "a": "\xc3"\n}', ("not UTF-8", "byte 0xc3", "line 2, column 9")),
    (b'{\n  "\xc3\xa9t\xc3\xa9": "\xff"\n}', ("byte 0xff", "line 2, column 11",
                                                   "byte offset 14")),
    (b'{"a": 1}\x00\x00\x00', ("binary", "NUL", "line 1, column 9")),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("not UTF-8", "byte 0x89", "byte offset 0")),
    (b"\xff\xfe{\x00}\x00", ("UTF-16", "FF FE", "save it as UTF-8")),
    (b"\x00\x00\xfe\xff", ("UTF-32",)),
])
def test_a_file_that_is_not_utf8_is_refused(cli: Cli, tmp_path: Path, content: bytes,
                                            fragments: tuple[str, ...]) -> None:
    """Binary or non-UTF-8 bytes: one line naming the file and where the bad byte is."""
    path = tmp_path / "doc.json"
    path.write_bytes(content)
    line = assert_one_line_error(cli("plan", str(path), "--now", NOW))
    assert str(path) in line
    for fragment in fragments:
        assert fragment in line


def test_a_utf8_bom_is_accepted(cli: Cli, acme: str, tmp_path: Path) -> None:
    """A UTF-8 byte order mark (some Windows editors write one) is dropped, in any file."""
    doc = tmp_path / "bom.json"
    doc.write_bytes(b"\xef\xbb\xbf" + Path(acme).read_bytes())
    policy = tmp_path / "bom.toml"
    policy.write_bytes(b'\xef\xbb\xbfmin_gap = "P200D"\nmax_gap = "P200D"\n')
    run = cli("check", str(doc), *PILOT, "--policy", str(policy))
    assert (run.code, run.err) == (1, "")
    assert decode(b"\xef\xbb\xbf\xef\xbb\xbf{}") == "\ufeff{}"  # only one is a mark


@pytest.mark.parametrize("kind", ["missing", "directory", "unreadable"])
def test_a_file_that_cannot_be_read_is_bad_input(cli: Cli, acme: str, tmp_path: Path,
                                                 kind: str) -> None:
    """Missing, a directory, no permission: status 2, one line naming the file."""
    path = tmp_path / "input.json"
    if kind == "directory":
        path.mkdir()
    elif kind == "unreadable":
        if os.name != "posix" or os.geteuid() == 0:
            pytest.skip("needs a POSIX user that permissions apply to")
        path.write_text("{}", encoding="utf-8")
        path.chmod(0)
    for args in (("plan", str(path)), ("plan", acme, "--policy", str(path))):
        line = assert_one_line_error(cli(*args, "--now", NOW))
        assert line.startswith("relance: error: cannot read ")
        assert str(path) in line
        assert {"missing": "No such file", "directory": "directory",
                "unreadable": "Permission denied"}[kind] in line


def test_read_text_names_what_it_reads(tmp_path: Path) -> None:
    """The reader's errors are InvalidValueErrors naming what the file holds and where it is."""
    with pytest.raises(InputFileError) as info:
        read_text(tmp_path / "nope.toml", what="policy")
    assert isinstance(info.value, InvalidValueError)
    assert str(info.value).startswith("cannot read policy file ")
    assert read_text("-", what="document", stdin=io.BytesIO(b"caf\xc3\xa9")) == "café"


def test_a_document_that_is_json_but_not_an_object(cli: Cli, tmp_path: Path) -> None:
    """`[]`, `"x"`, `3`, `null` as a document: bad input with `$`, never a crash."""
    path = tmp_path / "doc.json"
    for content in ("[]", ' "x"', "3", "null", "-1"):
        path.write_text(content, encoding="utf-8")
        line = assert_one_line_error(cli("plan", str(path), "--now", NOW))
        assert "$" in line
        assert "object" in line


# -- policy files --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content"), [
    ("strict.toml", 'min_gap = "P200D"\nmax_gap = "P200D"\n'),
    ("strict.toml", '[policy]\nmin_gap = "P200D"\nmax_gap = "P200D"\n'),
    ("strict.json", '{"min_gap": "P200D", "max_gap": "P200D"}'),
    ("strict.policy", 'min_gap = "P200D"\nmax_gap = "P200D"\n'),
    ("strict", '\n  {"min_gap": "P200D", "max_gap": "P200D"}'),
    ("STRICT.TOML", 'min_gap = "P200D"\nmax_gap = "P200D"\n'),
])
def test_policy_formats(cli: Cli, acme: str, tmp_path: Path, name: str, content: str) -> None:
    """TOML or JSON by suffix, else by content (`{` first: JSON); `[policy]` table or not."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    run = cli("check", acme, *PILOT, "--policy", str(path))
    assert (run.code, run.err) == (1, "")
    assert "too-soon" in run.out


def test_policy_format_rules() -> None:
    """The suffix wins over the content; without one, `{` means JSON."""
    assert policy_format("p.json", "cap = 1") == "json"
    assert policy_format("p.toml", "{}") == "toml"
    assert policy_format("p.txt", "  \n{") == "json"
    assert policy_format("-", "cap = 1") == "toml"
    assert load_policy("-", stdin=io.BytesIO(b"")) == relance.Policy()


@pytest.mark.parametrize(("name", "content", "fragments"), [
    ("bad.toml", "cap = 1\nmin_gap = \n", ("not TOML", "line 2, column")),
    ("bad.toml", 'cap = 1\n"unterminated\n', ("not TOML", "line 2")),
    ("bad.json", '{"cap": 1,\n "min_gap" "P7D"}', ("JSON", "line 2 column")),
    ("bad.json", "[1, 2]", ("$", "object", "array")),
    ("bad.json", '"cap"', ("$", "object")),
    ("bad.toml", "[policy]\ncap = 1\n[other]\nx = 1\n", ("unknown top-level keys", "other")),
    ("bad.toml", "cap = 'three'\n", ("cap",)),
    ("bad.toml", "min_gap = 2026-01-01\n", ("min_gap",)),
])
def test_bad_policies_are_one_line(cli: Cli, acme: str, tmp_path: Path, name: str,
                                   content: str, fragments: tuple[str, ...]) -> None:
    """Syntax errors give line and column; a JSON policy must be an object; bad keys named."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    line = assert_one_line_error(cli("plan", acme, "--now", NOW, "--policy", str(path)))
    assert line.startswith("relance: error: policy file ")
    assert str(path) in line
    for fragment in fragments:
        assert fragment in line


# -- options -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "99999999w", "99999999999999999999d", "1" + "0" * 5000 + "h", "P99999999999W",
    "P99999W", "5300w", "0w", "PT0S", "soon", "12", "-3w", "P1Y", "１２w", "", "12 w",
])
def test_a_bad_horizon_is_bad_input(cli: Cli, acme: str, value: str) -> None:
    """Out of range, zero, overflowing or unreadable: status 2 naming --horizon and the value."""
    line = assert_one_line_error(cli("plan", acme, "--now", NOW, f"--horizon={value}"))
    assert line.startswith("relance: error: --horizon: ")
    assert repr(value[:40]).rstrip("'") in line


def test_horizons_people_type(cli: Cli, acme: str) -> None:
    """`12w`, `30d`, `36h` and ISO 8601 durations are accepted."""
    for value in ("12w", "30d", "36h", "P12W", "P30D", "PT36H"):
        assert cli("plan", acme, "--now", NOW, "--horizon", value, "--format", "json").code == 0


def test_a_plan_ending_beyond_the_range_is_bad_input(cli: Cli, acme: str) -> None:
    """`--now` near 2200 plus a long horizon: status 2, not an overflow."""
    line = assert_one_line_error(cli("plan", acme, "--now", "2199-12-01T00:00Z",
                                     "--horizon", "500w"))
    assert "--horizon" in line
    assert "'500w'" in line


@pytest.mark.parametrize("option", ["--now", "--at"])
@pytest.mark.parametrize("value", [
    "tomorrow", "2026-11-23T08:00", "2026-13-01T00:00Z", "0001-01-01T00:00Z",
    "9999-12-31T23:59:59+00:00", "2026-11-23T08:00+01:00[Mars/Base]", "",
])
def test_bad_instants_name_their_option(cli: Cli, acme: str, option: str, value: str) -> None:
    """`--now` and `--at`: a bad value is status 2, one line naming the option and the value."""
    command = ["plan", acme] if option == "--now" else ["check", acme, "--contact", "claire",
                                                        "--channel", "email"]
    line = assert_one_line_error(cli(*command, f"{option}={value}"))
    assert line.startswith(f"relance: error: {option}: ")
    assert repr(value) in line or value in line


# -- tables --------------------------------------------------------------------------------------


def table_lines(run: Run) -> list[str]:
    return [line for line in run.out.splitlines() if line[:1] in "|│┃"]


def column_text(lines: list[str], column: int) -> str:
    cells = [re.split(r"[|│┃]", line)[column + 1].strip() for line in lines[1:]]
    return " ".join(cell for cell in cells if cell)


@pytest.mark.parametrize("columns", [None, "60", "80", "132", "200"])
def test_the_table_fits_the_width(cli: Cli, acme: str, monkeypatch: pytest.MonkeyPatch,
                                  columns: str | None) -> None:
    """Not a terminal: COLUMNS if set, else 100; no line is wider."""
    if columns is not None:
        monkeypatch.setenv("COLUMNS", columns)
    run = cli("plan", acme, "--now", NOW)
    assert run.code == 0
    width = int(columns or 100)
    assert max(len(line) for line in run.out.splitlines()) <= width
    assert max(len(line) for line in run.out.splitlines()) >= width - 10  # it uses the room
    assert all(line == line.rstrip() for line in run.out.splitlines())


@pytest.mark.parametrize("columns", ["100", "132"])
def test_cells_wrap_between_words(cli: Cli, acme: str, monkeypatch: pytest.MonkeyPatch,
                                  columns: str) -> None:
    """Read back column by column, the cells are the plan's words, none cut in two."""
    monkeypatch.setenv("COLUMNS", columns)
    planned = from_json(Plan, cli("plan", acme, "--now", NOW, "--format", "json").out)
    lines = table_lines(cli("plan", acme, "--now", NOW))
    assert column_text(lines, 4) == " ".join(" ".join(r.why.split()) for r in planned.relances)
    assert column_text(lines, 0) == " ".join(
        f"{r.at.format('ddd YYYY-MM-DD HH:mm')} {r.at.timezone_name}" for r in planned.relances)


def test_column_widths_cut_words_only_when_one_is_wider_than_its_column() -> None:
    """Shrinking stops at each column's longest word; below that, words are cut."""
    rows = [("when", "why"), ("Mon 2026-11-23", "supercalifragilistic and more")]
    assert column_widths(rows, 100, (1.0, 2.5)) == [14, 29]
    assert column_widths(rows, 34, (1.0, 2.5)) == [10, 24]  # "2026-11-23" stays whole
    assert column_widths(rows, 30, (1.0, 2.5)) == [10, 20]  # both at their longest word
    assert sum(column_widths(rows, 12, (1.0, 2.5))) == 12


def test_the_terminal_width_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal its width, whatever COLUMNS says; kept between 40 and 500."""
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

        def fileno(self) -> int:
            return 1

    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((87, 24)))
    assert width_for(Terminal(), {"COLUMNS": "132"}) == 87
    assert width_for(io.StringIO(), {"COLUMNS": "132"}) == 132
    assert width_for(io.StringIO(), {"COLUMNS": "99999999"}) == 100
    assert width_for(io.StringIO(), {"COLUMNS": "5000"}) == 500
    assert width_for(None, {}) == 100


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_on_a_real_terminal_its_width_wins(acme: str) -> None:
    """In a 72-column pseudo-terminal the table is 72 wide, whatever COLUMNS says."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 72, 0, 0))
    environ = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen([sys.executable, "-m", "relance", "plan", acme, "--now", NOW],
                               stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               env=environ)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    _, err = process.communicate(timeout=120)
    assert (process.returncode, err) == (0, b"")
    lines = b"".join(chunks).decode("utf-8").splitlines()
    assert "Plan for Acme Media Group" in lines[0]
    assert max(len(line) for line in lines) == 72


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_ascii_boxes_where_the_encoding_has_no_box_drawing(
        cli: Cli, acme: str, monkeypatch: pytest.MonkeyPatch, encoding: str) -> None:
    """An ASCII or latin-1 stdout: an ASCII table, other characters replaced, never a crash."""
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding=encoding))
    run = cli("plan", acme, "--now", NOW)
    assert (run.code, run.err) == (0, "")
    out = raw.getvalue().decode(encoding)
    assert "+-" in out
    assert "| when" in out
    assert "┃" not in out
    assert "━" not in out
    assert ("Paul Gérard" in out) == (encoding != "ascii")
    assert out.isascii() == (encoding == "ascii")


def test_ascii_fallback_in_a_subprocess(acme: str) -> None:
    """PYTHONIOENCODING=ascii: the table comes out in ASCII, status 0."""
    done = relance_run("plan", acme, "--now", NOW, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii()
    assert b"+---" in done.stdout
    unicode = relance_run("plan", acme, "--now", NOW, env={"PYTHONIOENCODING": "utf-8"})
    assert "┏" in unicode.stdout.decode("utf-8")


def test_markup_in_the_data_is_printed_as_it_is(cli: Cli, acme: str, tmp_path: Path) -> None:
    """Brackets in names or ideas are text, not rich markup."""
    data = json.loads(Path(acme).read_text(encoding="utf-8"))
    data["account"]["name"] = "Acme [bold]Media[/bold] :smile:"
    path = tmp_path / "markup.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    run = cli("plan", str(path), "--now", NOW)
    assert "Plan for Acme [bold]Media[/bold] :smile:" in run.out


# -- error messages ------------------------------------------------------------------------------


def test_a_huge_error_is_one_short_line(cli: Cli, acme: str, tmp_path: Path) -> None:
    """Hundreds of bad touches: one line of about 500 characters, ending with `…` or its tally."""
    data = json.loads(Path(acme).read_text(encoding="utf-8"))
    data["history"] = [
        {"at": f"2026-11-{1 + i % 28:02d}T10:00", "contact_id": "marc", "channel": "fax",
         "direction": "outbound", "outcome": "no_answer"} for i in range(300)
    ]
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    line = assert_one_line_error(cli("plan", str(path), "--now", NOW))
    assert len(line) <= 520
    assert "history[0]" in line
    assert line.endswith("…") or re.search(r"… and \d+ more$", line)


def test_newlines_in_messages_become_spaces(cli: Cli, acme: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A message with line breaks (or escape sequences) is still one line on a terminal."""
    def bad(**_: object) -> None:
        raise InvalidValueError("first line\nsecond line\r\nthird \x1b[31mred", field="x")

    monkeypatch.setattr(cli_commands, "plan", bad)
    line = assert_one_line_error(cli("plan", acme, "--now", NOW))
    assert line.startswith("relance: error: first line second line")
    assert line.endswith("third \\x1b[31mred")
    assert "\r" not in line
    assert "\x1b" not in line


def test_one_line_keeps_the_tally() -> None:
    """Cut messages end with `…`, or keep the library's "… and N more"."""
    many = "; ".join(f"history[{i}].at: naive datetime '2026-11-02T10:00'" for i in range(5))
    tally = one_line(f"invalid Document: {many} … and 295 more")
    assert len(tally) <= 500
    assert tally.endswith("… and 295 more")
    plain = one_line("x" * 2000)
    assert len(plain) == 500
    assert plain.endswith("…")
    assert one_line("short") == "short"


# -- output that cannot be written, data that must not drive the terminal ----------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_standard_output_is_bad_output_not_a_bug() -> None:
    """Writing to a full device: exit 2 and one line naming standard output, not exit 3."""
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "relance", "plan", str(EXAMPLE), "--now", NOW],
            stdout=full, stderr=subprocess.PIPE, timeout=120, check=False,
        )
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2, err
    assert err.count("\n") == 1
    assert "cannot write standard output" in err


def test_a_closed_standard_output_is_bad_output(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No standard output at all (a closed descriptor): exit 2 with one line."""
    monkeypatch.setattr(sys, "stdout", None)
    run = cli("schema")
    assert run.code == 2
    assert "cannot write standard output" in run.err


def test_control_characters_of_a_document_are_shown_not_sent(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Escape sequences, line breaks and bidi overrides in names and ids are printed escaped."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["account"]["name"] = "\x1b]0;pwned\x07Evil [bold]Corp\x1b[0m"
    data["account"]["contacts"][0]["name"] = "Cl\u202eaire\r\nInjected: yes"
    path = tmp_path / "ansi.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "200")
    for args in (("plan", str(path), "--now", NOW),
                 ("check", str(path), "--contact", data["account"]["contacts"][0]["id"],
                  "--channel", "email", "--at", "2026-11-23T10:00:00+01:00")):
        run = cli(*args)
        assert run.code in (0, 1), run.err
        for raw in ("\x1b", "\x07", "\u202e", "\r"):
            assert raw not in run.out, (args[0], raw)
        assert "\\x1b" in run.out or "\\u202e" in run.out


# -- the language of the explanations -------------------------------------------------------------


def test_plan_speaks_french_when_asked(cli: Cli, acme: str) -> None:
    """--lang fr: the table, its headers and every sentence in French."""
    run = cli("plan", acme, "--now", "2026-11-23T08:00:00+01:00", "--lang", "fr")
    assert run.code == 0
    assert "Plan pour Acme Media Group" in run.out
    assert "pourquoi" in run.out
    assert "En attente — budget-phasing (unanswered-limit)\xa0:" in run.out
    assert "Needed" not in run.out


def test_the_language_defaults_from_the_environment(
    cli: Cli, acme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LC_ALL, then LC_MESSAGES, then LANG; a language without a catalog gives English."""
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert "Plan pour" in cli("plan", acme, "--now", "2026-11-23T08:00:00+01:00").out
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert "Plan for" in cli("plan", acme, "--now", "2026-11-23T08:00:00+01:00").out
    assert "Plan for" in cli("plan", acme, "--now", "2026-11-23T08:00:00+01:00",
                             "--lang", "en").out


def test_check_and_json_speak_the_language_asked(cli: Cli, acme: str) -> None:
    args = ("check", acme, "--contact", "marc", "--channel", "email", "--idea",
            "case-regional-daily", "--at", "2026-11-24T10:00+01:00")
    french = cli(*args, "--lang", "fr")
    assert french.code == 1
    assert french.out.startswith("refusé\xa0:\n")
    assert "a demandé à ne pas être sollicité avant le" in french.out
    data = json.loads(cli(*args, "--lang", "fr", "--format", "json").out)
    (reason,) = data["reasons"]
    assert reason["code"] == "before-agreed-date"
    assert reason["params"]["until"].startswith("2027-01-15T14:00:00+01:00")
    assert "a demandé à ne pas être sollicité" in reason["message"]


def test_check_reads_the_drafted_text(cli: Cli, acme: str) -> None:
    """--text: an empty check-in is refused (exit 1) even with an idea attached."""
    args = ("check", acme, "--contact", "marc", "--channel", "email", "--idea",
            "case-regional-daily", "--at", "2027-01-18T10:00+01:00")
    assert cli(*args).code == 0
    empty = cli(*args, "--text", "Hi Marc, just checking in: any news on our proposal?")
    assert empty.code == 1
    assert "empty-check-in" in empty.out
    valued = cli(*args, "--text", "Marc, a regional daily cut onboarding from six weeks to "
                 "nine days with a two-week pilot; here is how they scoped it.")
    assert valued.code == 0


def test_text_and_document_cannot_both_read_standard_input(cli: Cli) -> None:
    run = cli("check", "-", "--contact", "marc", "--channel", "email", "--text", "-")
    assert "--text: standard input can be read once" in assert_one_line_error(run)
