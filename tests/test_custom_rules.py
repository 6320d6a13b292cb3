"""Rules of your own: added to a policy, explained, honoured by check and by the planner."""

from __future__ import annotations

from datetime import datetime

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relance import (
    NEVER,
    Account,
    Contact,
    CustomRule,
    Idea,
    InvalidValueError,
    Never,
    Policy,
    Proposal,
    RelanceError,
    Role,
    Situation,
    Touch,
    plan,
    to_dict,
)

PARIS = "Europe/Paris"
GUS = Contact(id="gus", name="Gus", role="gatekeeper", timezone=PARIS, country="FR")
ANA = Contact(id="ana", name="Ana", role="decision_maker", timezone=PARIS, country="FR")
ACME = Account(id="acme", name="Acme", needs={"training"}, contacts=[ANA, GUS])
IDEAS = [Idea(id=f"i{n}", summary=f"idea {n}", addresses={"training"}) for n in range(6)]
MONDAY = pendulum.datetime(2026, 11, 23, 10, tz=PARIS)


class GatekeeperOncePerFortnight(CustomRule):
    """Never call a gatekeeper twice within 14 days."""

    code = "gatekeeper-fortnight"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> datetime | Never | None:
        if situation.contact.role is not Role.GATEKEEPER:
            return None
        last = max((t.at for t in situation.history if t.contact_id == situation.contact.id
                    and t.direction.value == "outbound"), default=None, key=lambda d: d.timestamp())
        if last is not None and at.timestamp() < last.add(days=14).timestamp():
            return last.add(days=14)
        return None

    def explain(self, situation: Situation, at: pendulum.DateTime,
                lifts_at: pendulum.DateTime | None) -> str:
        return f"{situation.contact.name} is a gatekeeper: once per fortnight"


class NoPublicSectorInQuarterEnd(CustomRule):
    """Never in the last week of a quarter (for accounts named 'Gov')."""

    code = "quarter-end"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> datetime | Never | None:
        if not situation.account.name.startswith("Gov"):
            return None
        end = at.last_of("quarter").start_of("day").add(days=1)
        if at.timestamp() >= end.subtract(days=7).timestamp():
            return end
        return None


class Forever(CustomRule):
    code = "forever"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> datetime | Never | None:
        return NEVER


def test_a_custom_rule_refuses_explains_and_lifts() -> None:
    """The reason carries the custom code, the message and the lift; earliest honours it."""
    policy = Policy(min_gap=pendulum.duration(days=1), max_gap=pendulum.duration(days=1),
                    rules=(GatekeeperOncePerFortnight(),))
    history = [Touch(at=MONDAY.subtract(days=3), contact_id="gus", channel="phone",
                     direction="outbound", outcome="replied")]
    verdict = policy.check(Proposal(at=MONDAY, contact_id="gus", channel="phone", idea_id="i1"),
                           account=ACME, history=history, ideas=IDEAS)
    assert verdict.codes == ("gatekeeper-fortnight",)
    assert verdict.reasons[0].message == "Gus is a gatekeeper: once per fortnight"
    assert verdict.earliest == MONDAY.subtract(days=3).add(days=14)
    assert policy.check(Proposal(at=MONDAY, contact_id="ana", channel="phone", idea_id="i1"),
                        account=ACME, history=history, ideas=IDEAS).allowed


def test_never_means_never() -> None:
    """A custom NEVER makes earliest None."""
    verdict = Policy(rules=(Forever(),)).check(
        Proposal(at=MONDAY, contact_id="ana", channel="email", idea_id="i1"),
        account=ACME, history=[], ideas=IDEAS)
    assert verdict.codes == ("forever",)
    assert verdict.earliest is None
    assert "never by time alone" in verdict.reasons[0].message


@given(st.integers(0, 120))
def test_the_planner_honours_custom_rules(days: int) -> None:
    """No plan on a 'Gov' account puts a relance in the last week of a quarter."""
    gov = Account(id="gov", name="Gov Agency", needs={"training"}, contacts=[ANA])
    now = MONDAY.add(days=days)
    result = plan(account=gov, history=[], ideas=IDEAS,
                  policy=Policy(rules=(NoPublicSectorInQuarterEnd(),)), now=now,
                  horizon=pendulum.duration(weeks=26))
    assert result.relances
    for relance in result.relances:
        end = relance.at.last_of("quarter")
        assert relance.at.timestamp() < end.start_of("day").subtract(days=6).timestamp()


def test_built_in_rules_can_be_replaced_not_shadowed() -> None:
    """A custom code may not take a built-in's code unless the built-in is dropped."""

    class MyGap(CustomRule):
        code = "too-soon"

        def refuses(self, situation: Situation, at: pendulum.DateTime) -> None:
            return None

    with pytest.raises(InvalidValueError, match="code: 'too-soon' is already taken"):
        Policy(rules=(MyGap(),))
    policy = Policy(rules=(MyGap(),), without={"too-soon"})
    assert [r.code for r in policy.enforced_rules].count("too-soon") == 1
    with pytest.raises(InvalidValueError, match="unknown reason code 'to-soon'"):
        Policy(without={"to-soon"})
    with pytest.raises(InvalidValueError, match="must be a CustomRule"):
        Policy(rules=("gatekeeper",))  # type: ignore[arg-type]


def test_a_lift_that_is_not_later_is_a_bug_reported_clearly() -> None:
    """A custom rule lifting at or before the refused instant is refused loudly."""

    class Broken(CustomRule):
        code = "broken"

        def refuses(self, situation: Situation, at: pendulum.DateTime) -> datetime:
            return at

    with pytest.raises(RelanceError, match="a lift must be after the instant refused"):
        Policy(rules=(Broken(),)).check(
            Proposal(at=MONDAY, contact_id="ana", channel="email", idea_id="i1"),
            account=ACME, history=[], ideas=IDEAS)


def test_custom_rules_are_code_not_data() -> None:
    """Writing a policy with custom rules as JSON is refused; without them it works."""
    with pytest.raises(InvalidValueError, match="custom rules are code"):
        to_dict(Policy(rules=(Forever(),)))
    assert "rules" not in to_dict(Policy())
