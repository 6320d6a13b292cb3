"""Verdicts for a sample account: a media group, a proposal left unanswered.

Run it with ``python examples/quickstart.py``.
"""

from __future__ import annotations

import pendulum

from relance import Account, Checkpoint, Contact, History, Idea, Policy, Proposal, Touch

PARIS = "Europe/Paris"


def at(month: int, day: int, hour: int = 10) -> pendulum.DateTime:
    return pendulum.datetime(2026, month, day, hour, tz=PARIS)


ana = Contact(
    id="ana", name="Ana Martin (CEO)", role="decision_maker", timezone=PARIS, country="FR"
)
bob = Contact(
    id="bob",
    name="Bob Leroy (training manager)",
    role="champion",
    timezone=PARIS,
    country="FR",
    channels={"email", "phone"},
)
acme = Account(
    id="acme-media",
    name="Acme Media",
    needs={"onboarding", "budget"},
    contacts=[ana, bob],
    checkpoints=[
        Checkpoint(
            id="committee",
            contact_id="ana",
            at=at(12, 15, 9),
            note="call me after the budget committee",
        )
    ],
)
ideas = [
    Idea(
        id="pilot",
        summary="A two-week pilot with one newsroom",
        addresses={"onboarding"},
        priority=2,
    ),
    Idea(
        id="case", summary="How a regional daily halved onboarding time", addresses={"onboarding"}
    ),
    Idea(id="crm", summary="Our new CRM connector", addresses={"crm"}),
]
history = History(
    [
        Touch(
            at=at(10, 5),
            contact_id="bob",
            channel="meeting",
            direction="outbound",
            outcome="meeting",
            idea_id="case",
        ),
        Touch(
            at=at(11, 2),
            contact_id="bob",
            channel="email",
            direction="outbound",
            outcome="no_answer",
        ),
    ]
)

policy = Policy()
proposals = {
    "any news, Bob?": Proposal(at=at(11, 24), contact_id="bob", channel="phone"),
    "the pilot, to Bob, a week later": Proposal(
        at=at(11, 9), contact_id="bob", channel="phone", idea_id="pilot"
    ),
    "the case study, to Ana": Proposal(
        at=at(11, 24), contact_id="ana", channel="email", idea_id="case"
    ),
    "the pilot, to Bob, Tuesday": Proposal(
        at=at(11, 24), contact_id="bob", channel="phone", idea_id="pilot"
    ),
    "the CRM connector": Proposal(at=at(12, 16), contact_id="ana", channel="email", idea_id="crm"),
    "the budget checkpoint": Proposal(
        at=at(12, 15, 9), contact_id="ana", channel="phone", checkpoint_id="committee"
    ),
    "the pilot, to Ana, Sunday": Proposal(
        at=at(12, 20), contact_id="ana", channel="email", idea_id="pilot"
    ),
}
for label, proposal in proposals.items():
    verdict = policy.check(proposal, account=acme, history=history, ideas=ideas)
    print(f"== {label}")
    print(verdict)
    print()
