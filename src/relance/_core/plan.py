"""What the planner returns: relances, the ideas needed, advice."""

from __future__ import annotations

import html
from enum import Enum

import attrs
import pendulum

from .models import Channel, Direction, Outcome, Proposal, Touch

__all__ = ["Advice", "IdeaNeeded", "Kind", "Plan", "Relance", "Skipped"]


class Kind(str, Enum):
    """Why a relance may happen: it carries an idea, keeps a checkpoint, or replies.

    Examples:
        >>> Kind.CHECKPOINT == "checkpoint"
        True
    """

    IDEA = "idea"
    CHECKPOINT = "checkpoint"
    REPLY = "reply"

    def __str__(self) -> str:
        return str(self.value)


@attrs.frozen(kw_only=True)
class Relance:
    """A planned follow-up: when, to whom, how, carrying what, and why then.

    Attributes:
        at: when, in the contact's zone.
        contact_id: to whom.
        channel: how.
        idea_id: the new idea it carries (``kind == "idea"``).
        checkpoint_id: the agreed checkpoint it keeps (``kind == "checkpoint"``).
        kind: ``idea``, ``checkpoint`` or ``reply``.
        why: one sentence: why this idea, this person, this moment.
    """

    at: pendulum.DateTime
    contact_id: str
    channel: Channel
    idea_id: str | None = None
    checkpoint_id: str | None = None
    kind: Kind = Kind.IDEA
    why: str = ""

    @property
    def proposal(self) -> Proposal:
        """The same contact as a :class:`~relance.Proposal`, to ``check`` it again."""
        return Proposal(
            at=self.at,
            contact_id=self.contact_id,
            channel=self.channel,
            idea_id=self.idea_id,
            checkpoint_id=self.checkpoint_id,
            reply=self.kind is Kind.REPLY,
        )

    def to_touch(self, outcome: Outcome | str = Outcome.PENDING) -> Touch:
        """The touch to record once this relance is carried out.

        Examples:
            >>> import pendulum
            >>> r = Relance(at=pendulum.datetime(2026, 11, 24, 9, tz="Europe/Paris"),
            ...             contact_id="ana", channel="email", idea_id="pilot")
            >>> r.to_touch("no_answer").outcome
            <Outcome.NO_ANSWER: 'no_answer'>
        """
        return Touch(
            at=self.at,
            contact_id=self.contact_id,
            channel=self.channel,
            direction=Direction.OUTBOUND,
            outcome=outcome,
            idea_id=self.idea_id,
            checkpoint_id=self.checkpoint_id,
        )


@attrs.frozen(kw_only=True)
class IdeaNeeded:
    """Presence would lapse: a new idea is needed by ``by``.

    Attributes:
        by: the deadline, in the contact's zone (or UTC when nobody can be
            reached).
        contact_id: who it should go to, or ``None`` when nobody can be reached.
        need: the account need it should address (the least covered one).
        why: the sentence for the seller.
    """

    by: pendulum.DateTime
    contact_id: str | None
    need: str | None
    why: str


@attrs.frozen(kw_only=True)
class Advice:
    """Change the approach: what to try instead, drawn from the account.

    Attributes:
        contact_id: the contact concerned (paused, or who declined).
        code: the rule behind it: ``unanswered-limit`` or ``cooling-off``.
        at: from when it applies (when the contact is paused; when the
            cool-off ends).
        why: the sentence for the seller.
        suggest_contact_id: another contact, who decides if possible.
        suggest_channels: other channels the contact uses.
        suggest_idea_id: an unused lighter first step from the backlog.
    """

    contact_id: str
    code: str
    at: pendulum.DateTime
    why: str
    suggest_contact_id: str | None = None
    suggest_channels: tuple[Channel, ...] = ()
    suggest_idea_id: str | None = None


@attrs.frozen(kw_only=True)
class Skipped:
    """An idea of the backlog the plan does not use, and the rule that bars it."""

    idea_id: str
    code: str
    why: str


@attrs.frozen(kw_only=True)
class Plan:
    """The relances a policy allows over a horizon, and what it takes to stay present.

    Attributes:
        account_id: the account planned.
        now: the instant the plan was made for.
        horizon: the end of the plan.
        relances: the follow-ups, in time order.
        needs: where presence would lapse: the new ideas needed, and by when.
        advice: contacts to approach differently.
        skipped: backlog ideas that cannot be used, with their reason code.
    """

    account_id: str
    now: pendulum.DateTime
    horizon: pendulum.DateTime
    relances: tuple[Relance, ...] = ()
    needs: tuple[IdeaNeeded, ...] = ()
    advice: tuple[Advice, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    def to_records(self) -> list[dict[str, object]]:
        """Plain rows, one per relance, that ``pandas.DataFrame`` accepts.

        Examples:
            >>> Plan(account_id="acme", now=pendulum.datetime(2026, 11, 23, tz="UTC"),
            ...      horizon=pendulum.datetime(2027, 2, 15, tz="UTC")).to_records()
            []
        """
        return [
            {
                "account_id": self.account_id,
                "at": r.at,
                "contact_id": r.contact_id,
                "channel": r.channel.value,
                "kind": r.kind.value,
                "idea_id": r.idea_id,
                "checkpoint_id": r.checkpoint_id,
                "why": r.why,
            }
            for r in self.relances
        ]

    def _repr_html_(self) -> str:
        """An HTML table for Jupyter: relances, then needs and advice."""
        rows = "".join(
            f"<tr><td>{_e(r.at.format('ddd YYYY-MM-DD HH:mm'))} {_e(r.at.timezone_name or '')}</td>"
            f"<td>{_e(r.contact_id)}</td><td>{_e(r.channel.value)}</td>"
            f"<td>{_e(r.kind.value)}: {_e(r.idea_id or r.checkpoint_id or '')}</td>"
            f"<td>{_e(r.why)}</td></tr>"
            for r in self.relances
        )
        notes = "".join(f"<li>Needed: {_e(n.why)}</li>" for n in self.needs)
        notes += "".join(f"<li>Advice ({_e(a.code)}): {_e(a.why)}</li>" for a in self.advice)
        notes += "".join(
            f"<li>Skipped {_e(s.idea_id)} ({_e(s.code)}): {_e(s.why)}</li>" for s in self.skipped
        )
        return (
            f"<p><b>Plan for {_e(self.account_id)}</b> from {_e(self.now.isoformat())} "
            f"to {_e(self.horizon.isoformat())}</p>"
            "<table><thead><tr><th>when</th><th>who</th><th>channel</th><th>carries</th>"
            f"<th>why</th></tr></thead><tbody>{rows}</tbody></table>"
            + (f"<ul>{notes}</ul>" if notes else "")
        )

    def __str__(self) -> str:
        lines = [
            f"plan for {self.account_id} from {self.now.isoformat()} "
            f"to {self.horizon.isoformat()}"
        ]
        if not self.relances:
            lines.append("  no relance possible")
        for r in self.relances:
            what = f"{r.kind.value}: {r.idea_id or r.checkpoint_id}" if r.kind is not Kind.REPLY \
                else "reply"
            lines.append(
                f"  {r.at.format('ddd YYYY-MM-DD HH:mm')} {r.at.timezone_name}  {r.contact_id} "
                f"by {r.channel.value}  [{what}]  {r.why}"
            )
        for need in self.needs:
            lines.append(f"  needed: {need.why}")
        for advice in self.advice:
            lines.append(f"  advice ({advice.code}, {advice.contact_id}): {advice.why}")
        for skipped in self.skipped:
            lines.append(f"  skipped {skipped.idea_id} ({skipped.code}): {skipped.why}")
        return "\n".join(lines)


def _e(text: str) -> str:
    return html.escape(text, quote=True)
