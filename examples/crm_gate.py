"""A CRM gate: a JSON document in, a verdict out, before a rep sends anything.

    python examples/crm_gate.py examples/acme.json marc email case-regional-daily \
        2027-01-18T10:00+01:00

Prints the verdict as JSON and exits 0 when allowed, 1 when refused.
"""

from __future__ import annotations

import sys
from pathlib import Path

import relance


def gate(document: str, contact: str, channel: str, idea: str | None, at: str) -> relance.Verdict:
    doc = relance.from_json(relance.Document, document)
    proposal = relance.from_dict(
        relance.Proposal,
        {"at": at, "contact_id": contact, "channel": channel, "idea_id": idea},
    )
    return doc.the_policy.check(proposal, account=doc.account, history=doc.history,
                                ideas=doc.ideas)


if __name__ == "__main__":
    path, contact, channel, idea, at = (sys.argv[1:] + [None] * 5)[:5]
    verdict = gate(
        Path(path or "examples/acme.json").read_text(encoding="utf-8"),
        contact or "marc",
        channel or "email",
        idea or "case-regional-daily",
        at or "2027-01-18T10:00+01:00",
    )
    print(relance.to_json(verdict))
    sys.exit(0 if verdict.allowed else 1)
