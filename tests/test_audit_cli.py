"""`relance audit`: findings and summary, JSON, the portfolio, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from relance import Audit, from_json
from relance._cli import main
from relance._io.schema import json_schema, shipped_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "acme.json"


def _touch(at: str, **fields: Any) -> dict[str, Any]:
    return {"at": at, "contact_id": "marc", "channel": "email", "direction": "outbound",
            "outcome": "no_answer", **fields}


def _document(account: str, history: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "account": {"id": account, "name": account.title(), "needs": ["training"],
                    "contacts": [{"id": "marc", "name": "Marc", "role": "decision_maker",
                                  "timezone": "Europe/Paris", "country": "FR"}]},
        "history": history,
        "ideas": [{"id": "pilot", "summary": "A pilot", "addresses": ["training"]}],
    }


PUSHY = _document("pushy", [
    _touch("2026-11-04T10:00+01:00"),  # any news?
    _touch("2026-11-04T11:00+01:00", idea_id="pilot"),  # an hour later
    _touch("2026-11-07T10:00+01:00", idea_id="webinar-2025"),  # a Saturday, gone from the backlog
])
CLEAN = _document("calm", [_touch("2026-11-04T10:00+01:00", idea_id="pilot")])


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    found = {}
    for name, data in (("pushy", PUSHY), ("calm", CLEAN)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        found[name] = str(path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"account": {"id": "x"}, "history": [}', encoding="utf-8")
    found["bad"] = str(bad)
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps(_document("acme", [_touch("2026-11-04T10:00+01:00",
                                                           contact_id="zoe")])),
                       encoding="utf-8")
    found["unknown"] = str(unknown)
    return found


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_findings_then_summary_and_exit_1(files: dict[str, str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Like a linter: findings are exit status 1."""
    code, out, err = run(capsys, "audit", files["pushy"])
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == "audit of account pushy"
    assert lines[1] == ("  Wed 2026-11-04 10:00 Europe/Paris, email to Marc without an idea: "
                        "no-new-idea")
    assert "  empty check-ins: 1" in lines
    assert "  too soon: 2" in lines
    assert any(line.startswith("  ideas no longer in the backlog") and "webinar-2025" in line
               for line in lines)


def test_a_clean_account_is_exit_0(files: dict[str, str],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", files["calm"])
    assert code == 0
    assert "the policy would have refused none of these touches" in out


def test_in_french(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", files["pushy"], "--lang", "fr")
    assert code == 1
    assert out.startswith("audit du compte pushy\n")
    assert "  relances à vide\xa0: 1\n" in out


def test_json_for_crms(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", files["pushy"], "--format", "json", "--lang", "fr")
    assert code == 1
    data = json.loads(out)
    assert data["summary"]["refused"] == 3
    reason = data["findings"][0]["reasons"][0]
    assert set(reason) == {"code", "params", "message", "lifts_at"}
    assert reason["message"].startswith("une relance doit apporter une idée nouvelle")
    assert from_json(Audit, out).summary.partly_judged == ("webinar-2025",)
    jsonschema.validate(data, shipped_schema("audit"))


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert shipped_schema("audit") == json_schema(Audit)


def test_several_files_make_a_portfolio(files: dict[str, str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", files["pushy"], files["calm"], "--now",
                       "2026-12-31T12:00+01:00")
    assert code == 1
    rows = [line for line in out.splitlines() if "Pushy" in line or "Calm" in line
            or "total" in line]
    assert len(rows) == 3
    pushy = rows[0].replace("│", " ").replace("|", " ").split()
    assert pushy[:9] == ["Pushy", "(pushy)", "3", "3", "1", "2", "0", "1", "54"]
    total = rows[2].replace("│", " ").replace("|", " ").split()
    assert total[:7] == ["total", "4", "3", "1", "2", "0", "1"]


def test_summary_for_one_file_and_in_json(files: dict[str, str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", files["calm"], "--summary")
    assert code == 0
    assert "Calm (calm)" in out
    code, out, _ = run(capsys, "audit", files["pushy"], files["calm"], "--summary",
                       "--format", "json")
    data = json.loads(out)
    assert [a["file"] for a in data["audits"]] == [files["pushy"], files["calm"]]
    assert "findings" not in data["audits"][0]
    assert data["totals"] == {"accounts": 2, "judged": 4, "refused": 3, "empty_check_ins": 1,
                              "too_soon": 2, "over_cap": 0, "outside_working_time": 1,
                              "partly_judged": 1}


@pytest.mark.parametrize("name", ["bad", "unknown"])
def test_a_malformed_file_is_a_clean_error_exit_2(
    files: dict[str, str], name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad input in any file: one line on standard error, status 2, nothing written."""
    code, out, err = run(capsys, "audit", files["calm"], files[name])
    assert (code, out) == (2, "")
    assert err.startswith(f"relance: error: document file {files[name]}: ")
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1


def test_a_touch_after_now_is_bad_input(files: dict[str, str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "audit", files["pushy"], "--now", "2026-11-05T00:00+01:00")
    assert code == 2
    assert "history[2].at" in err


def test_a_missing_file_and_a_bad_option(files: dict[str, str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "audit", "/nonexistent.json")[0] == 2
    assert run(capsys, "audit", files["calm"], "--now", "tomorrow")[0] == 2
    assert run(capsys, "audit", "-", "-")[0] == 2


def test_the_example_audits(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", str(EXAMPLE))
    assert code in (0, 1)
    assert out.startswith("audit of account acme-media\n")
    assert "outbound touches per month: 2026-05 1" in out
