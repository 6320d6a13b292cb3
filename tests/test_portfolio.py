"""The batch: a portfolio planned account by account, in order, errors as records."""

from __future__ import annotations

import codecs
import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings

from relance import Document, InvalidValueError, RelanceError, plan, to_dict
from relance._cli import main
from relance.portfolio import check_portfolio, plan_portfolio, write_checks, write_plans
from relance.portfolio._batch import max_jobs
from strategies import World, worlds

ROOT = Path(__file__).resolve().parent.parent
ACME = json.loads((ROOT / "examples" / "acme.json").read_text(encoding="utf-8"))
NOW = pendulum.datetime(2026, 11, 23, 8, tz="Europe/Paris")


def _text(world: World) -> str:
    """The world as a document's JSON text (written without the document's checks)."""
    return json.dumps({"account": to_dict(world.account),
                       "history": [to_dict(t) for t in world.history],
                       "ideas": [to_dict(i) for i in world.ideas],
                       "policy": to_dict(world.policy)})


@settings(max_examples=15, deadline=None)
@given(worlds(), worlds())
def test_the_batch_returns_what_plan_returns_account_by_account(a: World, b: World) -> None:
    """Each item is the plan `plan` gives that document, or the error it raises."""
    now = a.proposal.at
    items = list(plan_portfolio([_text(a), _text(b)], now=now, horizon=timedelta(weeks=6),
                                jobs=1))
    assert [item.index for item in items] == [0, 1]
    for item, world in zip(items, (a, b), strict=True):
        assert item.account_id == world.account.id
        refused: RelanceError | None = None
        try:
            # A document is consistent or refused whole (stricter than plan on
            # a history naming ideas gone from the backlog): as Document says.
            Document(account=world.account, history=world.history, ideas=world.ideas)
            expected = plan(account=world.account, history=world.history, ideas=world.ideas,
                            policy=world.policy, now=now, horizon=timedelta(weeks=6))
        except RelanceError as exc:
            refused = exc
        if refused is not None:
            assert item.plan is None
            assert item.error is not None
            # Read from JSON, paths start at the document's keys.
            assert item.error.field == refused.field.removeprefix("Document.")
        else:
            assert item.error is None
            assert item.plan == expected


def _portfolio() -> list[str]:
    good = json.dumps(ACME)
    other = dict(ACME, account=dict(ACME["account"], id="other"))
    return [good, '{"account": 5}', json.dumps(other), "not json", good] * 7


def test_worker_processes_return_the_same_items_in_the_same_order() -> None:
    lines = _portfolio()
    alone = list(plan_portfolio(lines, now=NOW, jobs=1))
    shared = list(plan_portfolio(iter(lines), now=NOW, jobs=2))
    assert shared == alone
    assert [i.index for i in shared] == list(range(len(lines)))
    assert [i.account_id for i in shared[:5]] == ["acme-media", None, "other", None, "acme-media"]
    assert shared[1].error is not None
    assert shared[1].error.field == "account"
    assert shared[3].error is not None
    assert shared[3].error.field == "$"
    assert shared[0].plan is not None
    assert shared[0].plan.relances


@pytest.mark.parametrize(("options", "field"), [
    ({"now": pendulum.naive(2026, 11, 23)}, "now"),
    ({"horizon": timedelta(0)}, "horizon"),
    ({"jobs": 0}, "jobs"),
    ({"policy": "strict"}, "policy"),
])
def test_bad_options_are_refused_before_anything_is_planned(
    options: dict[str, object], field: str
) -> None:
    arguments: dict[str, object] = {"now": NOW, **options}
    with pytest.raises(InvalidValueError) as info:
        plan_portfolio([json.dumps(ACME)], **arguments)  # type: ignore[arg-type]
    assert info.value.field == field


def test_the_command_writes_one_record_a_document_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "accounts.jsonl"
    source.write_text("\n".join(_portfolio()[:5]) + "\n\n", encoding="utf-8")
    output = tmp_path / "plans.jsonl"
    status = main(["portfolio", "plan", str(source), "--now", "2026-11-23T08:00:00+01:00",
                   "--jobs", "2", "--output", str(output)])
    assert status == 1  # two documents are bad input: their records say why
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [r["index"] for r in records] == [0, 1, 2, 3, 4]
    assert [("plan" in r, "error" in r) for r in records] == [
        (True, False), (False, True), (True, False), (False, True), (True, False)]
    assert records[1]["error"]["field"] == "account"
    assert records[0]["plan"]["relances"]
    summary = capsys.readouterr().err
    assert "accounts 5  planned 3" in summary
    assert "errors 2" in summary


def test_the_command_says_all_planned_with_status_0_and_bad_files_with_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "accounts.jsonl"
    source.write_text(json.dumps(ACME) + "\n", encoding="utf-8")
    assert main(["portfolio", "plan", str(source), "--now", "2026-11-23T08:00:00+01:00",
                 "--jobs", "1", "--output", str(tmp_path / "out.jsonl")]) == 0
    assert main(["portfolio", "plan", str(tmp_path / "missing.jsonl")]) == 2
    assert main(["portfolio", "plan", str(source), "--jobs", "two"]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_a_line_that_is_not_utf8_is_an_error_record() -> None:
    (item,) = plan_portfolio([b'{"account": "\xff"}'], now=NOW, jobs=1)
    assert item.plan is None
    assert item.error is not None
    assert (item.error.kind, item.error.field) == ("InvalidValueError", "$")
    assert "not UTF-8" in item.error.message


# -- checking many accounts' proposals ---------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(worlds(), worlds())
def test_the_batch_check_returns_what_check_returns_proposal_by_proposal(
    a: World, b: World
) -> None:
    """Each account's verdicts are Policy.check's, in order, or the error it raises."""
    items = [json.dumps({"document": json.loads(_text(w)), "proposals": [to_dict(w.proposal)]})
             for w in (a, b)]
    checked = list(check_portfolio(items, jobs=1))
    assert [item.index for item in checked] == [0, 1]
    for item, world in zip(checked, (a, b), strict=True):
        refused: RelanceError | None = None
        try:
            Document(account=world.account, history=world.history, ideas=world.ideas)
            expected = world.policy.check(world.proposal, account=world.account,
                                          history=world.history, ideas=world.ideas)
        except RelanceError as exc:
            refused = exc
        if refused is not None:
            assert item.verdicts is None
            assert item.error is not None
            # Read from JSON, paths start inside the line's document or proposal.
            inside = refused.field.removeprefix("Document.").removeprefix("proposal.")
            assert item.error.field in (f"document.{inside}", f"proposals[0].{inside}")
        else:
            assert item.error is None
            assert item.verdicts == (expected,)


def _checks() -> list[str]:
    ana = ACME["account"]["contacts"][0]["id"]
    at = "2026-11-24T10:00:00+01:00[Europe/Paris]"
    ask = {"at": at, "contact_id": ana, "channel": "email"}
    return [
        json.dumps({"document": ACME, "proposals": [ask, {**ask, "channel": "phone"}]}),
        json.dumps({"document": ACME, "proposals": [ask, {**ask, "contact_id": "nobody"}]}),
        json.dumps({"document": {"account": 5}, "proposals": []}),
        json.dumps({"document": ACME}),
        json.dumps({"document": ACME, "proposals": "all of them"}),
    ] * 5


def test_batch_checks_name_the_bad_field_inside_the_line_and_workers_keep_order() -> None:
    lines = _checks()
    alone = list(check_portfolio(lines, jobs=1))
    assert list(check_portfolio(iter(lines), jobs=2)) == alone
    first, unknown, bad_doc, no_proposals, not_a_list = alone[:5]
    assert first.verdicts is not None
    assert len(first.verdicts) == 2
    assert [e.field if e else None for e in (unknown.error, bad_doc.error, no_proposals.error,
                                             not_a_list.error)] == [
        "proposals[1].contact_id", "document.account", "$", "proposals"]
    assert unknown.account_id == "acme-media"
    assert bad_doc.account_id is None


def test_the_check_command_writes_verdicts_and_says_refusals_with_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "checks.jsonl"
    source.write_text(_checks()[0] + "\n", encoding="utf-8")
    output = tmp_path / "verdicts.jsonl"
    assert main(["portfolio", "check", str(source), "--jobs", "1", "--output",
                 str(output), "--lang", "fr"]) == 1  # no idea: refused
    (record,) = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [v["allowed"] for v in record["verdicts"]] == [False, False]
    assert record["verdicts"][0]["reasons"][0]["code"] == "no-new-idea"
    assert "idée nouvelle" in record["verdicts"][0]["reasons"][0]["message"]
    assert "accounts 1  checked 1  allowed 0  refused 2  errors 0" in capsys.readouterr().err
    assert main(["portfolio", "check", str(tmp_path / "missing.jsonl")]) == 2


def test_bad_batch_check_options_are_refused_before_anything_is_read() -> None:
    with pytest.raises(InvalidValueError) as info:
        check_portfolio(iter(()), jobs=0)
    assert info.value.field == "jobs"
    with pytest.raises(InvalidValueError) as info:
        check_portfolio(iter(()), policy="strict")  # type: ignore[arg-type]
    assert info.value.field == "policy"


# -- what a fresh-eye trial found: the command's edges ------------------------------------------


def _source(tmp_path: Path, data: bytes | None = None) -> Path:
    source = tmp_path / "accounts.jsonl"
    source.write_bytes(data if data is not None else json.dumps(ACME).encode() + b"\n")
    return source


NOW_OPTION = ["--now", "2026-11-23T08:00:00+01:00"]


def test_the_progress_line_never_touches_the_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal, the progress line is drawn on standard error, as the summary."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["portfolio", "plan", str(_source(tmp_path)), *NOW_OPTION, "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert [json.loads(line)["index"] for line in out.splitlines()] == [0]
    assert out.endswith("}\n")


def test_records_are_utf8_whatever_the_terminal_says(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "relance", "portfolio", "plan", str(_source(tmp_path)),
         *NOW_OPTION, "--jobs", "1", "--lang", "fr"],
        capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"}, check=False)
    assert done.returncode == 0, done.stderr
    assert "é" in done.stdout.decode("utf-8")


def test_the_output_cannot_be_the_input_nor_stdin_read_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _source(tmp_path)
    before = source.read_bytes()
    assert main(["portfolio", "plan", str(source), *NOW_OPTION, "--output", str(source)]) == 2
    assert source.read_bytes() == before
    assert "is the input file" in capsys.readouterr().err
    assert main(["portfolio", "plan", "-", "--policy", "-", *NOW_OPTION]) == 2
    assert "read once" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_a_bad_output_not_a_bug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["portfolio", "plan", str(_source(tmp_path)), *NOW_OPTION,
                 "--output", "/dev/full"]) == 2
    assert "--output: cannot write" in capsys.readouterr().err


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    source = _source(tmp_path, codecs.BOM_UTF8 + json.dumps(ACME).encode() + b"\n")
    output = tmp_path / "plans.jsonl"
    assert main(["portfolio", "plan", str(source), *NOW_OPTION, "--output", str(output)]) == 0
    assert "plan" in json.loads(output.read_text(encoding="utf-8"))


@pytest.mark.parametrize("jobs", ["²", "٢", "0", "-1", "two", "99999999999999999999",
                                  str(max_jobs() + 1)])
def test_jobs_are_ascii_digits_within_reason(
    jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["portfolio", "plan", str(_source(tmp_path)), *NOW_OPTION, "--jobs", jobs]) == 2
    assert "--jobs" in capsys.readouterr().err


@pytest.mark.parametrize(("options", "field"), [
    ({"horizon": timedelta(days=365 * 150)}, "horizon"),
    ({"jobs": max_jobs() + 1}, "jobs"),
    ({"jobs": 10**20}, "jobs"),
])
def test_the_batch_refuses_what_no_document_can_fix_before_reading_any(
    options: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValueError) as info:
        plan_portfolio(iter(()), now=NOW, **options)  # type: ignore[arg-type]
    assert info.value.field == field


def test_an_unknown_language_is_refused_before_anything_is_written() -> None:
    for write, options in ((write_plans, {"now": NOW}), (write_checks, {})):
        with pytest.raises(InvalidValueError) as info:
            write([], io.StringIO(), locale="de", **options)  # type: ignore[operator]
        assert info.value.field == "locale"
