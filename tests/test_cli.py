"""The `relance` command, driven in a subprocess as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import icalendar
import jsonschema
import pytest

from relance import Document, Plan, from_json
from relance._io.schema import json_schema, shipped_schema

ROOT = Path(__file__).resolve().parent.parent
ACME = str(ROOT / "examples" / "acme.json")
NOW = "2026-11-23T08:00:00+01:00"


def relance(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relance", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_plan_prints_a_table_then_needs_and_advice() -> None:
    """`relance plan FILE` prints a readable plan: when, who, channel, idea, why."""
    done = relance("plan", ACME, "--now", NOW)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Plan for Acme Media Group" in out
    assert "Fri 2027-01-15 14:00 Europe/Paris" in out
    assert "Claire Dubois (decision maker)" in out
    assert "checkpoint budget-committee" in out
    assert "Needed: a new idea addressing budget" in out
    assert "Advice (unanswered-limit)" in out
    assert done.stderr == ""


def test_plan_as_json_is_a_plan(tmp_path: Path) -> None:
    """`--format json --output` writes a plan that reads back and fits the schema."""
    target = tmp_path / "plan.json"
    done = relance("plan", ACME, "--now", NOW, "--horizon", "20w", "--format", "json",
                   "--output", str(target))
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    jsonschema.validate(json.loads(text), shipped_schema("plan"))
    result = from_json(Plan, text)
    assert result.relances[0].checkpoint_id == "budget-committee"
    assert str(result.horizon) > str(result.now)


def test_plan_as_ics_imports_back(tmp_path: Path) -> None:
    """`--format ics` writes an RFC 5545 calendar: one event per relance, in the contact's zone."""
    target = tmp_path / "plan.ics"
    done = relance("plan", ACME, "--now", NOW, "--format", "ics", "--output", str(target))
    assert done.returncode == 0, done.stderr
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    plan = from_json(Plan, relance("plan", ACME, "--now", NOW, "--format", "json").stdout)
    assert len(events) == len(plan.relances)
    first = events[0]
    assert first["DTSTART"].dt.isoformat() == "2027-01-15T14:00:00+01:00"
    assert first["DTSTART"].params["TZID"] == "Europe/Paris"
    assert "budget-committee" in str(first["SUMMARY"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_check_exit_status_says_allowed_or_refused() -> None:
    """0 when allowed, 1 when refused (every reason and the earliest instant printed)."""
    refused = relance("check", ACME, "--contact", "marc", "--channel", "email",
                      "--idea", "case-regional-daily", "--at", "2026-11-24T10:00+01:00")
    assert refused.returncode == 1
    assert "before-agreed-date" in refused.stdout
    assert "earliest: 2027-01-15T14:00:00+01:00" in refused.stdout
    allowed = relance("check", ACME, "--contact", "marc", "--channel", "email",
                      "--idea", "case-regional-daily", "--at", "2027-01-18T10:00+01:00",
                      "--format", "json")
    assert allowed.returncode == 0
    assert json.loads(allowed.stdout)["allowed"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", ACME, "--contact", "zoe", "--channel", "email"), "unknown contact id 'zoe'"),
        (("plan", ACME, "--now", "2026-11-23T08:00"), "naive datetime '2026-11-23T08:00'"),
        (("plan", ACME, "--horizon", "soon"), "--horizon: expected 12w"),
        (("plan", str(ROOT / "missing.json")), "No such file or directory"),
        (("plan", str(ROOT / "README.md")), "not JSON"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(args: tuple[str, ...], message: str) -> None:
    """Bad input: exit status 2, one line on stderr, no traceback."""
    done = relance(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("relance: error: ")


def test_a_policy_file_overrides_the_documents(tmp_path: Path) -> None:
    """`--policy FILE` (TOML) replaces the document's policy; typos are refused."""
    strict = tmp_path / "strict.toml"
    strict.write_text('[policy]\nmax_unanswered = 1\n', encoding="utf-8")
    done = relance("check", ACME, "--contact", "claire", "--channel", "email",
                   "--idea", "pilot-newsroom", "--at", "2027-03-01T10:00+01:00",
                   "--policy", str(strict))
    assert done.returncode == 1
    assert "unanswered-limit" in done.stdout
    typo = tmp_path / "typo.toml"
    typo.write_text('max_unanswerd = 1\n', encoding="utf-8")
    bad = relance("plan", ACME, "--policy", str(typo))
    assert bad.returncode == 2
    assert "max_unanswerd: unknown field" in bad.stderr


def test_schema_is_generated_from_the_models_and_shipped() -> None:
    """`relance schema` prints the shipped schema, which is what the models generate."""
    done = relance("schema")
    assert done.returncode == 0
    printed = json.loads(done.stdout)
    assert printed == shipped_schema("document") == json_schema(Document)
    assert shipped_schema("plan") == json_schema(Plan)
    assert json.loads(relance("schema", "--plan").stdout) == json_schema(Plan)


def test_the_examples_fit_the_schema() -> None:
    """examples/acme.json validates against the input document's schema."""
    data = json.loads(Path(ACME).read_text(encoding="utf-8"))
    jsonschema.validate(data, shipped_schema("document"))
    data["history"][0]["outcome"] = "ghosted"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, shipped_schema("document"))


def test_the_console_script_is_installed() -> None:
    """`relance` is on the PATH of the environment, next to its python."""
    script = Path(sys.executable).parent / "relance"
    done = subprocess.run([str(script), "schema"], capture_output=True, text=True, check=False,
                          timeout=120)
    assert done.returncode == 0
