"""The `empty-check-in` rule: the idea must be in the message, not only in the CRM."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relance import (
    Account,
    Checkpoint,
    Code,
    Contact,
    Idea,
    Policy,
    Proposal,
    Touch,
    Verdict,
    from_json,
    to_json,
)
from relance.testing import worlds

PARIS = "Europe/Paris"
AT = pendulum.datetime(2026, 11, 24, 10, tz=PARIS)  # a Tuesday
ANA = Contact(id="ana", name="Ana Martin", role="decision_maker", timezone=PARIS, country="FR")
ACME = Account(
    id="acme", name="Acme Media", needs={"training"}, contacts=[ANA],
    checkpoints=[Checkpoint(id="review", contact_id="ana", at=AT)],
)
PILOT = Idea(id="pilot", summary="A two-week pilot with one newsroom", addresses={"training"})

EMPTY = (
    "Just following up on my last email. Any news?",
    "Hi Ana, just checking in to see where things stand on our proposal.",
    "Je me permets de revenir vers vous concernant notre proposition. Avez-vous pu avancer ?",
    "Bonjour Ana, des nouvelles de votre côté ?",
)
VALUED = (
    "Ana, a regional daily cut its onboarding from six weeks to nine days with a two-week "
    "pilot in one newsroom; here is how they scoped it. Would that fit your January intake?",
    "Bonjour Ana, voici le retour d'expérience d'un quotidien régional : l'intégration des "
    "journalistes est passée de six semaines à neuf jours. Un pilote de deux semaines dans "
    "une rédaction vous aiderait-il pour la rentrée de janvier ?",
)


def check(text: str | None, **changes: Any) -> Verdict:
    proposal = Proposal(at=AT, contact_id="ana", channel="email", idea_id="pilot", text=text)
    if changes:
        proposal = attrs.evolve(proposal, **changes)
    history = [Touch(at=AT.subtract(days=20), contact_id="ana", channel="email",
                     direction="inbound", outcome="pending")]
    return Policy().check(proposal, account=ACME, history=history, ideas=[PILOT])


@pytest.mark.parametrize("text", EMPTY)
def test_an_empty_check_in_is_refused_even_with_an_idea(text: str) -> None:
    verdict = check(text)
    assert verdict.codes == (Code.EMPTY_CHECK_IN,)
    assert verdict.earliest is None
    (reason,) = verdict.reasons
    assert reason.lifts_at is None
    assert reason.params["phrases"]
    for phrase in reason.params["phrases"]:
        assert phrase in text
    assert "the idea must be in the message" in reason.message
    assert "l'idée doit être dans le message" in reason.render("fr")


@pytest.mark.parametrize("text", VALUED)
def test_a_message_that_brings_the_idea_passes(text: str) -> None:
    assert check(text).allowed


@pytest.mark.parametrize("text", EMPTY)
def test_a_reply_and_an_agreed_checkpoint_are_judged_by_what_they_are(text: str) -> None:
    assert check(text, idea_id=None, reply=True).allowed
    assert check(text, idea_id=None, checkpoint_id="review").allowed


def test_without_text_there_is_nothing_to_read() -> None:
    assert check(None).allowed


def test_a_policy_may_drop_the_rule() -> None:
    proposal = Proposal(at=AT, contact_id="ana", channel="email", idea_id="pilot", text=EMPTY[0])
    verdict = Policy(without={"empty-check-in"}).check(
        proposal, account=ACME, history=[], ideas=[PILOT])
    assert verdict.allowed


@given(worlds())
def test_no_text_changes_nothing(world: Any) -> None:
    """The rule reads words only: a proposal without text gets the verdict it always had."""
    verdict = world.check(text=None)
    assert Code.EMPTY_CHECK_IN not in verdict.codes
    without = attrs.evolve(world.policy, without=world.policy.without | {"empty-check-in"})
    assert verdict == without.check(world.proposal, account=world.account,
                                     history=world.history, ideas=world.ideas)


@given(worlds(), st.sampled_from(EMPTY))
def test_an_empty_outbound_follow_up_is_refused_for_good(world: Any, text: str) -> None:
    """Whatever else holds, an empty check-in that is no reply nor checkpoint never passes."""
    verdict = world.check(text=text, reply=False, checkpoint_id=None)
    if "empty-check-in" in world.policy.without:
        assert Code.EMPTY_CHECK_IN not in verdict.codes
    else:
        assert Code.EMPTY_CHECK_IN in verdict.codes
        assert not verdict.allowed
        assert verdict.earliest is None


@given(worlds(), st.sampled_from(EMPTY + VALUED))
def test_the_words_never_move_earliest(world: Any, text: str) -> None:
    """A text adds a refusal or nothing: it never moves an allowed instant."""
    plain = world.check(text=None)
    worded = world.check(text=text)
    if Code.EMPTY_CHECK_IN not in worded.codes:
        assert worded == plain


def test_texts_travel_in_json() -> None:
    touch = Touch(at=AT, contact_id="ana", channel="email", direction="outbound",
                  outcome="no_answer", idea_id="pilot", text=VALUED[0])
    assert from_json(Touch, to_json(touch)) == touch
    proposal = Proposal(at=AT, contact_id="ana", channel="email", text=EMPTY[2])
    assert from_json(Proposal, to_json(proposal)) == proposal
