"""JSON in and out: lossless round trips, one input document, whole refusals with paths."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest
from hypothesis import given

from relance import (
    Account,
    Document,
    History,
    Idea,
    InvalidValueError,
    Plan,
    Policy,
    Proposal,
    Touch,
    Verdict,
    from_dict,
    from_json,
    plan,
    to_dict,
    to_json,
)
from strategies import World, policies, worlds

ROOT = Path(__file__).resolve().parent.parent


def _same_json(value: object, cls: type) -> None:
    """Lossless: back from JSON, it is equal, and writes the very same JSON again."""
    text = to_json(value)
    back = from_json(cls, text)
    assert back == value
    assert to_json(back) == text


@given(worlds())
def test_models_round_trip_through_json(world: World) -> None:
    """Account, touches, ideas, proposal and the whole document survive JSON unchanged."""
    _same_json(world.account, Account)
    _same_json(world.proposal, type(world.proposal))
    for touch in world.history:
        _same_json(touch, Touch)
    for idea in world.ideas:
        _same_json(idea, Idea)
    # A document is a complete record: the ideas its touches carried are in it.
    known = {i.id for i in world.ideas}
    shared = sorted({t.idea_id for t in world.history if t.idea_id} - known)
    ideas = (*world.ideas, *(Idea(id=i, summary="shared", addresses=world.account.needs)
                             for i in shared))
    _same_json(Document(account=world.account, history=world.history, ideas=ideas,
                        policy=world.policy), Document)


@given(policies())
def test_policies_round_trip_through_dicts(policy: Policy) -> None:
    """Policy.to_dict and Policy.from_dict are inverses."""
    assert Policy.from_dict(policy.to_dict()) == policy


@given(worlds())
def test_verdicts_and_plans_round_trip(world: World) -> None:
    """What the library answers can be stored and read back unchanged."""
    _same_json(world.check(), Verdict)
    result = plan(account=world.account, history=world.history, ideas=world.ideas,
                  policy=world.policy, now=world.now,
                  horizon=pendulum.duration(weeks=6))
    _same_json(result, Plan)


def test_instants_keep_their_offset_and_zone() -> None:
    """ISO 8601 with offset plus the IANA zone in brackets; the bracket is optional in."""
    touch = Touch(at=pendulum.datetime(2026, 11, 2, 10, tz="Europe/Paris"), contact_id="ana",
                  channel="email", direction="outbound", outcome="no_answer")
    data = to_dict(touch)
    assert data["at"] == "2026-11-02T10:00:00+01:00[Europe/Paris]"
    data["at"] = "2026-11-02T09:00:00+00:00"
    assert from_dict(Touch, data).at == touch.at
    data["at"] = "2026-11-02T10:00:00+02:00[Europe/Paris]"
    with pytest.raises(InvalidValueError, match="offset and zone disagree"):
        from_dict(Touch, data)


def test_durations_are_iso_8601() -> None:
    """Policy durations read and write as P7D, PT36H."""
    data = Policy(min_gap=pendulum.duration(hours=36), max_gap=pendulum.duration(days=3)).to_dict()
    assert (data["min_gap"], data["max_gap"], data["cool_off"]) == ("PT36H", "P3D", "P30D")
    assert Policy.from_dict({"min_gap": "PT36H", "max_gap": "P3D"}).min_gap.total_seconds() == (
        36 * 3600
    )
    with pytest.raises(InvalidValueError, match="months and years have no fixed length"):
        Policy.from_dict({"cool_off": "P1M"})


def test_bad_input_is_refused_whole_with_every_path() -> None:
    """Every bad field is named by its JSON path; nothing is half-built."""
    doc = json.loads((ROOT / "examples" / "acme.json").read_text(encoding="utf-8"))
    doc["history"][3]["at"] = "2026-11-02T10:00"
    doc["account"]["contacts"][1]["timezone"] = "Europe/Pariss"
    doc["ideas"][0]["priority"] = "high"
    doc["account"]["contacts"][0]["do_not_contact"] = "false"
    doc["policy"] = {"min_gapp": "P7D"}
    with pytest.raises(InvalidValueError) as info:
        from_dict(Document, doc)
    message = str(info.value)
    for expected in (
        "history[3].at: naive datetime '2026-11-02T10:00'",
        "account.contacts[1].timezone: unknown time zone 'Europe/Pariss'",
        "ideas[0].priority: expected an integer (got 'high')",
        "account.contacts[0].do_not_contact: expected a boolean (got 'false')",
        "policy.min_gapp: unknown field (a typo?)",
    ):
        assert expected in message
    assert info.value.field == "account.contacts[0].do_not_contact"


def test_missing_and_foreign_fields() -> None:
    """A required field missing, or an unknown one, is refused."""
    with pytest.raises(InvalidValueError, match=r"account: required field missing"):
        from_dict(Document, {"history": []})
    with pytest.raises(InvalidValueError, match=r"colour: unknown field"):
        from_dict(Idea, {"id": "x", "summary": "s", "addresses": ["a"], "colour": "red"})
    with pytest.raises(InvalidValueError, match="not valid JSON"):
        from_json(Document, "{")


def test_the_example_document_plans() -> None:
    """examples/acme.json: the media group of DESIGN.md §1, ready to plan."""
    doc = from_json(Document, (ROOT / "examples" / "acme.json").read_text(encoding="utf-8"))
    assert {c.role.value for c in doc.account.contacts} == {
        "decision_maker", "champion", "influencer"}
    assert [c.id for c in doc.account.contacts if c.allocates_budget] == ["paul"]
    assert any(i.first_step for i in doc.ideas)
    assert any(i.repair for i in doc.ideas)
    assert [q.id for q in doc.account.quiet_periods] == ["until-the-committee"]
    assert any(cp.recurrence for cp in doc.account.checkpoints)
    # The story: a refusal by a champion, a recovery through the decision maker, a
    # complaint repaired and turned into an agreed quarterly review.
    assert [t.outcome.value for t in doc.history] == [
        "meeting", "declined", "meeting", "complaint", "replied", "meeting", "resolved",
        "replied"]
    assert isinstance(doc.the_history, History)
    result = plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                  policy=doc.the_policy, now=pendulum.datetime(2026, 11, 23, 8, tz="UTC"),
                  horizon=pendulum.duration(weeks=12))
    assert result.relances[0].checkpoint_id == "budget-committee"
    assert [s.idea_id for s in result.skipped if s.code == "idea-not-relevant"] == [
        "crm-connector"]


def test_the_example_history_followed_its_own_policy() -> None:
    """Every outbound touch of examples/acme.json was allowed when it happened."""
    doc = from_json(Document, (ROOT / "examples" / "acme.json").read_text(encoding="utf-8"))
    for k, touch in enumerate(doc.history):
        if touch.direction.value != "outbound":
            continue
        proposal = Proposal(at=touch.at, contact_id=touch.contact_id, channel=touch.channel,
                            idea_id=touch.idea_id, reply=touch.idea_id is None)
        verdict = doc.the_policy.check(proposal, account=doc.account, history=doc.history[:k],
                                       ideas=doc.ideas)
        assert verdict.allowed, (touch, verdict.codes)


def test_policy_from_toml(tmp_path: Path) -> None:
    """The documented example file loads; a typo in a key is refused, not defaulted."""
    assert Policy.from_toml(ROOT / "examples" / "policy.toml") == Policy()
    typo = tmp_path / "typo.toml"
    typo.write_text('[policy]\nmin_gap = "P7D"\ncool_of = "P10D"\n', encoding="utf-8")
    with pytest.raises(InvalidValueError, match=r"cool_of: unknown field"):
        Policy.from_toml(typo)
    flat = tmp_path / "flat.toml"
    flat.write_text('cap = 5\ncap_window = "P14D"\n', encoding="utf-8")
    assert Policy.from_toml(flat).cap == 5
    with pytest.raises(InvalidValueError, match="cannot read"):
        Policy.from_toml(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("cap = = 5", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="is not TOML"):
        Policy.from_toml(broken)
