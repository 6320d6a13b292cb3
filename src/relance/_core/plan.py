"""What the planner returns: relances, the ideas needed, advice."""

from __future__ import annotations

from enum import Enum

import attrs
import pendulum

from .explain import Explanation, render, speaker
from .models import Channel, Direction, Outcome, Proposal, Touch

__all__ = [
    "Advice",
    "Hypothesis",
    "IdeaNeeded",
    "Kind",
    "Plan",
    "RedFlag",
    "Relance",
    "Skipped",
    "Waiting",
]


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


class _Explained:
    """What a plan item says: its explanation rendered, or the text it was given."""

    __slots__ = ()
    explanation: Explanation | None
    _text: str | None

    @property
    def why(self) -> str:
        """The sentence, in English (``render(locale)`` for another language)."""
        return _said(self.explanation, self._text, "en")

    def render(self, locale: str = "en") -> str:
        """The sentence in ``locale`` (``en``, ``fr``)."""
        return _said(self.explanation, self._text, locale)


@attrs.frozen(kw_only=True)
class Relance(_Explained):
    """A planned follow-up: when, to whom, how, carrying what, and why then.

    Attributes:
        at: when, in the contact's zone.
        contact_id: to whom.
        channel: how.
        idea_id: the new idea it carries (``kind == "idea"``).
        checkpoint_id: the agreed checkpoint it keeps (``kind == "checkpoint"``).
        kind: ``idea``, ``checkpoint`` or ``reply``.
        explanation: why this idea, this person, this moment, as data (a
            code such as ``relance.idea`` and its parameters).
        why: the English sentence of the explanation (``render(locale)``
            for another language).  Given to the constructor, a text is kept
            as it is.
    """

    at: pendulum.DateTime
    contact_id: str
    channel: Channel
    idea_id: str | None = None
    checkpoint_id: str | None = None
    kind: Kind = Kind.IDEA
    explanation: Explanation | None = None
    _text: str | None = attrs.field(default=None, alias="why")


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
class IdeaNeeded(_Explained):
    """Presence would lapse: a new idea is needed by ``by``.

    Attributes:
        by: the deadline, in the contact's zone (or UTC when nobody can be
            reached).
        contact_id: who it should go to, or ``None`` when nobody can be reached.
        need: the account need it should address (the least covered one).
        explanation: the same, as data (code ``idea-needed``).
        why: the English sentence for the seller.
    """

    by: pendulum.DateTime
    contact_id: str | None
    need: str | None
    explanation: Explanation | None = None
    _text: str | None = attrs.field(default=None, alias="why")



@attrs.frozen(kw_only=True)
class Advice(_Explained):
    """Change the approach: what to try instead, drawn from the account.

    Attributes:
        contact_id: the contact concerned (paused, or who declined).
        code: the rule behind it: ``unanswered-limit``, ``cooling-off`` or
            ``checkpoint-missed``.
        at: from when it applies (when the contact is paused; when the
            cool-off ends; when the checkpoint's grace period ended).
        explanation: the advice as data (code ``advice.<code>``).
        why: the English sentence for the seller.
        suggest_contact_id: another contact, who decides if possible.
        suggest_channels: other channels the contact uses.
        suggest_idea_id: an unused lighter first step from the backlog.
    """

    contact_id: str
    code: str
    at: pendulum.DateTime
    explanation: Explanation | None = None
    _text: str | None = attrs.field(default=None, alias="why")
    suggest_contact_id: str | None = None
    suggest_channels: tuple[Channel, ...] = ()
    suggest_idea_id: str | None = None



@attrs.frozen(kw_only=True)
class Skipped(_Explained):
    """An idea of the backlog the plan does not use, and the rule that bars it.

    Attributes:
        idea_id: the idea.
        code: the rule that bars it.
        explanation: why, as data (code ``skipped.<rule code>``).
        why: the English sentence.
    """

    idea_id: str
    code: str
    explanation: Explanation | None = None
    _text: str | None = attrs.field(default=None, alias="why")



@attrs.frozen(kw_only=True)
class Waiting(_Explained):
    """A usable idea of the backlog the plan does not place, and what holds it.

    Nothing in a backlog disappears: every idea is planned, skipped (it can
    never be used) or waiting.  An idea waits when the horizon comes before
    the earliest moment it could go out (``until``, with the rule that sets
    it), or when nobody can receive it for now (``until`` is ``None``; the
    ``code`` is the rule that bars the contact it would go to).

    Attributes:
        idea_id: the idea.
        code: the rule that holds it back.
        until: when it could go out (after the horizon), or ``None``.
        contact_id: who it would go to.
        explanation: why, as data (code ``waiting``).
        why: the English sentence.
    """

    idea_id: str
    code: str
    until: pendulum.DateTime | None = None
    contact_id: str | None = None
    explanation: Explanation | None = None
    _text: str | None = attrs.field(default=None, alias="why")


@attrs.frozen(kw_only=True)
class RedFlag(_Explained):
    """A red flag of the account's qualification (see ``docs/qualification.md``).

    Attributes:
        code: a stable code: ``no-decision-map``, ``vague-budget``,
            ``unbacked-engagement``, ``heavy-process``, ``urgency-mismatch``
            or ``incumbent-provider``.
        explanation: what was read, as data (code ``flag.<code>``).
        why: the English sentence.
    """

    code: str
    explanation: Explanation | None = None
    _text: str | None = attrs.field(default=None, alias="why")


@attrs.frozen(kw_only=True)
class Hypothesis(_Explained):
    """One reading of a silence, whether a fact supports it, and what it calls for.

    Silence is data, not an insult: the same fact (no answer) fits many
    stories.  A hypothesis is ``fact`` when something in the account or its
    history supports it (an out-of-office reply, a bounce, the contact's
    role, the qualification), else ``story``; either way, it names the
    action it calls for.  See ``docs/silence.md``.

    Attributes:
        code: what the silence may mean: ``away``, ``known-date``,
            ``not-received``, ``no-authority``, ``needs-proof``,
            ``under-pressure``, ``unsure``, ``busy-elsewhere``.
        contact_id: the silent contact (``None``: the whole account).
        support: ``fact`` or ``story``.
        action: what it calls for: ``wait-for-date``, ``other-channel``,
            ``reach-decider``, ``map-decision``, ``send-proof``,
            ``lighter-step`` or ``give-time``.
        until: the known date to wait for (``wait-for-date``).
        suggest_contact_id: who decides, to turn to.
        suggest_idea_id: a proof or a lighter first step from the backlog.
        suggest_channels: other channels the contact uses.
        explanation: the hypothesis as data (code ``hypothesis.<code>``; a
            fact-backed one names its fact in the ``fact`` parameter).
        why: the English sentence.
    """

    code: str
    contact_id: str | None
    support: str
    action: str
    until: pendulum.DateTime | None = None
    suggest_contact_id: str | None = None
    suggest_idea_id: str | None = None
    suggest_channels: tuple[Channel, ...] = ()
    explanation: Explanation | None = None
    _text: str | None = attrs.field(default=None, alias="why")


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
        waiting: usable backlog ideas the plan does not place, with what holds
            them back (after the horizon, or nobody to receive them for now).
        flags: the red flags of the account's qualification, which the plan
            weighs (``Policy.flag_weight``).
        hypotheses: readings of a silence (a paused contact, an account
            silent past ``Policy.silence_tolerance``), facts first.
    """

    account_id: str
    now: pendulum.DateTime
    horizon: pendulum.DateTime
    relances: tuple[Relance, ...] = ()
    needs: tuple[IdeaNeeded, ...] = ()
    advice: tuple[Advice, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    waiting: tuple[Waiting, ...] = ()
    flags: tuple[RedFlag, ...] = ()
    hypotheses: tuple[Hypothesis, ...] = ()

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

    def render(self, locale: str = "en") -> str:
        """The plan as text in ``locale`` (``en``, ``fr``): what ``str(plan)`` gives in English."""
        return speaker("plan")(self, locale)

    def _repr_html_(self) -> str:
        """An HTML table for Jupyter, in the display locale (``relance.set_display_locale``)."""
        return speaker("plan_html")(self)

    def __str__(self) -> str:
        return speaker("plan")(self, "en")


def _said(explanation: Explanation | None, text: str | None, locale: str) -> str:
    if text is not None:
        return text
    return "" if explanation is None else render(explanation, locale)


