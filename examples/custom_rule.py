"""A rule of your own: never call a gatekeeper twice in a week.

    python examples/custom_rule.py

Prints a verdict refused by the custom rule, then a plan that honours it.
"""

from __future__ import annotations

from datetime import datetime

import pendulum

from relance import (
    Account,
    Channel,
    Contact,
    CustomRule,
    Idea,
    Never,
    Policy,
    Proposal,
    Role,
    Situation,
    Touch,
    plan,
)


class GatekeeperOnceAWeek(CustomRule):
    """Never call a gatekeeper twice within seven calendar days (in their zone)."""

    code = "gatekeeper-weekly"

    def refuses(self, situation: Situation, at: pendulum.DateTime) -> datetime | Never | None:
        if situation.contact.role is not Role.GATEKEEPER or situation.channel is not Channel.PHONE:
            return None
        calls = [
            t.at
            for t in situation.history
            if t.contact_id == situation.contact.id
            and t.channel is Channel.PHONE
            and t.direction.value == "outbound"
        ]
        if not calls:
            return None
        last = max(calls, key=lambda d: d.timestamp()).in_tz(situation.contact.timezone)
        lifts = last.add(days=7)
        return lifts if at.timestamp() < lifts.timestamp() else None

    def explain(
        self, situation: Situation, at: pendulum.DateTime, lifts_at: pendulum.DateTime | None
    ) -> str:
        return f"{situation.contact.name} is a gatekeeper: one call a week at most"


POLICY = Policy(
    min_gap=pendulum.duration(days=1),
    max_gap=pendulum.duration(days=2),
    rules=(GatekeeperOnceAWeek(),),
)

if __name__ == "__main__":
    paris = "Europe/Paris"
    gus = Contact(
        id="gus",
        name="Gus Petit",
        role="gatekeeper",
        timezone=paris,
        country="FR",
        channels={"phone"},
    )
    acme = Account(id="acme", name="Acme", needs={"onboarding"}, contacts=[gus])
    ideas = [Idea(id=f"idea{n}", summary=f"Idea {n}", addresses={"onboarding"}) for n in range(4)]
    history = [
        Touch(
            at=pendulum.datetime(2026, 11, 23, 10, tz=paris),
            contact_id="gus",
            channel="phone",
            direction="outbound",
            outcome="replied",
        )
    ]
    verdict = POLICY.check(
        Proposal(
            at=pendulum.datetime(2026, 11, 25, 10, tz=paris),
            contact_id="gus",
            channel="phone",
            idea_id="idea1",
        ),
        account=acme,
        history=history,
        ideas=ideas,
    )
    print(verdict)
    print(
        plan(
            account=acme,
            history=history,
            ideas=ideas,
            policy=POLICY,
            now=pendulum.datetime(2026, 11, 24, 8, tz=paris),
            horizon=pendulum.duration(weeks=4),
        )
    )
