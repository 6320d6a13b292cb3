"""The testing kit bites: pushy policies are caught, the default one passes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pendulum
import pytest
from hypothesis import given

from relance import Account, CustomRule, Never, Policy, Situation, plan
from relance.testing import (
    NeverPushyError,
    accounts,
    assert_never_pushy,
    assert_plan_sound,
    contacts,
    histories,
    ideas,
    instants,
    proposals,
)


def test_the_default_policy_is_never_pushy() -> None:
    """The built-in rules pass every invariant."""
    assert_never_pushy(Policy(), max_examples=60)


@pytest.mark.parametrize(
    "policy",
    [
        Policy(min_gap=timedelta(hours=36), max_gap=timedelta(days=10), backoff=1.5),
        Policy(min_gap=timedelta(0), max_gap=timedelta(0), cap=1,
               cap_window=timedelta(hours=72)),
        Policy(max_unanswered=1, cool_off=timedelta(days=90), working_hours=("00:00", "02:30")),
    ],
)
def test_other_policies_of_built_in_rules_are_never_pushy(policy: Policy) -> None:
    """Whatever its parameters, a policy of built-in rules passes."""
    assert_never_pushy(policy, max_examples=40)


def test_empty_check_ins_are_caught() -> None:
    """Dropping `no-new-idea` lets "any news?" through: caught and named."""
    with pytest.raises(NeverPushyError) as info:
        assert_never_pushy(Policy(without={"no-new-idea"}), max_examples=200)
    assert info.value.invariant == "no-empty-follow-up"


class ShrinkingGap(CustomRule):
    """A backoff that shrinks: the more unanswered touches, the shorter the wait."""

    code = "too-soon"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> datetime | Never | None:
        last = situation.history.last_outbound_at
        if last is None:
            return None
        days = max(1, 7 - 2 * situation.history.unanswered_streak)
        lift = last.add(days=days)
        return lift if at.timestamp() < lift.timestamp() else None


def test_a_shrinking_backoff_is_caught() -> None:
    """Replacing `too-soon` by a gap that shrinks breaks the required gap."""
    with pytest.raises(NeverPushyError) as info:
        assert_never_pushy(Policy(without={"too-soon"}, rules=(ShrinkingGap(),)),
                           max_examples=300)
    assert info.value.invariant == "required-gap"


class LooseCap(CustomRule):
    """The frequency cap, off by one."""

    code = "frequency-cap"

    def __init__(self, cap: int, window: timedelta) -> None:
        self.cap, self.window = cap, window

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> datetime | Never | None:
        recent = sorted(
            (t.at for t in situation.history
             if t.direction.value == "outbound" and t.outcome.value != "bounced"
             and t.at.timestamp() <= at.timestamp()
             and at.timestamp() < (t.at + self.window).timestamp()),
            key=lambda d: d.timestamp(),
        )
        if len(recent) > self.cap:  # should be >=
            return recent[len(recent) - self.cap - 1] + self.window
        return None


def test_a_cap_off_by_one_is_caught() -> None:
    """A cap that allows one touch too many is caught."""
    policy = Policy(min_gap=timedelta(0), max_gap=timedelta(0), cap=1,
                    cap_window=timedelta(hours=72), without={"frequency-cap"},
                    rules=(LooseCap(1, timedelta(hours=72)),))
    with pytest.raises(NeverPushyError) as info:
        assert_never_pushy(policy, max_examples=300)
    assert info.value.invariant == "frequency-cap"


@given(accounts().flatmap(lambda a: ideas(account=a).map(lambda i: (a, i))))
def test_strategies_compose(pair: tuple[Account, list]) -> None:  # type: ignore[type-arg]
    """Ideas drawn for an account have unique ids; most address its needs."""
    _, backlog = pair
    assert len({i.id for i in backlog}) == len(backlog)


@given(accounts().flatmap(lambda a: histories(account=a).map(lambda h: (a, h))))
def test_histories_belong_to_their_account(pair: tuple[Account, list]) -> None:  # type: ignore[type-arg]
    """Every drawn touch names a contact of the account, and a policy can check against it."""
    account, touches = pair
    assert {t.contact_id for t in touches} <= {c.id for c in account.contacts}


@given(accounts().flatmap(lambda a: proposals(account=a).map(lambda p: (a, p))))
def test_proposals_target_the_account(pair: tuple[Account, object]) -> None:
    """Drawn proposals are to one of the account's contacts, on a channel they use."""
    account, proposal = pair
    contact = account.contact(proposal.contact_id)  # type: ignore[attr-defined]
    assert proposal.channel in contact.channels  # type: ignore[attr-defined]


@given(instants(zones=["Europe/Paris", "Australia/Lord_Howe"]))
def test_instants_are_aware_and_in_the_zones_asked(at: pendulum.DateTime) -> None:
    """Instants are aware and expressed in one of the zones given."""
    assert at.utcoffset() is not None
    assert at.timezone_name in {"Europe/Paris", "Australia/Lord_Howe"}


@given(contacts("zoe"))
def test_contacts_are_valid(contact: object) -> None:
    """Drawn contacts carry the id asked for."""
    assert contact.id == "zoe"  # type: ignore[attr-defined]


def test_the_pytest_plugin_provides_fixtures(relance_now: pendulum.DateTime,  # type: ignore[no-untyped-def]
                                             relance_account: Account,
                                             relance_ideas, relance_policy: Policy) -> None:
    """The plugin's fixtures plan together; the plan is sound."""
    result = plan(account=relance_account, history=[], ideas=relance_ideas,
                  policy=relance_policy, now=relance_now, horizon=timedelta(weeks=12))
    assert result.relances
    assert_plan_sound(result, policy=relance_policy, account=relance_account, history=[],
                      ideas=relance_ideas)


@given(accounts(zones=["Asia/Tokyo"], countries=[("US", "CA"), "JP"]))
def test_strategies_narrow_to_the_zones_and_countries_asked(account: Account) -> None:
    """accounts(zones=..., countries=...) draws contacts only from those."""
    for contact in account.contacts:
        assert contact.timezone == "Asia/Tokyo"
        assert (contact.country, contact.subdivision) in {("US", "CA"), ("JP", None)}
