"""Verdicts: allowed or not, why, and from when."""

from __future__ import annotations

from enum import Enum

import attrs
import pendulum

from .explain import Explanation, Params, render, speaker, to_params

__all__ = ["Code", "Reason", "Verdict"]


class Code(str, Enum):
    """The stable reason codes of the built-in rules.

    Integrations store these strings; they never change meaning.  A member
    compares equal to its string: ``Code.TOO_SOON == "too-soon"``.

    ==========================  =====================================================
    code                        refuses when
    ==========================  =====================================================
    ``do-not-contact``          the contact is flagged or opted out (never lifts)
    ``channel-unavailable``     the contact does not use the channel, or the last
                                touch on it bounced (never lifts by time)
    ``no-reply-pending``        ``reply=True`` but no inbound message of the contact
                                awaits an answer (lifts when the message arrives, if
                                it is later than the proposal)
    ``checkpoint-unavailable``  the checkpoint was agreed with another contact, or
                                was already kept (never)
    ``checkpoint-not-due``      the checkpoint's agreed time has not come (lifts then)
    ``checkpoint-missed``       the checkpoint's agreed time passed longer ago than the
                                policy's ``checkpoint_grace`` (never: agree a new date)
    ``no-new-idea``             an outbound follow-up carries no idea and is neither
                                a reply nor at a checkpoint: "any news?" (never)
    ``empty-check-in``          an outbound follow-up whose text only asks for news,
                                a status or a decision, idea attached or not (never)
    ``idea-already-shared``     the idea already went to someone at the account (never)
    ``idea-not-relevant``       the idea addresses none of the account's needs (never)
    ``idea-not-ready``          the idea is not available yet (lifts when it is)
    ``idea-expired``            the idea is stale (never)
    ``too-soon``                the account's last outbound touch is closer than the
                                required gap (lifts at last outbound + gap)
    ``unanswered-limit``        the contact left the last N outbound touches
                                unanswered (an inbound touch lifts it, not time)
    ``cooling-off``             the account declined recently (lifts after cool-off)
    ``frequency-cap``           N outbound touches already in the rolling window
                                (lifts when the oldest that matters leaves it)
    ``before-agreed-date``      a quiet period the client asked for covers the
                                proposal: the whole account's, or the contact's
                                (lifts at its end)
    ``contact-away``            the contact is away: an absence, or an out-of-office
                                reply (lifts at the return plus a settle-in delay)
    ``tension-open``            a tension with the client is open and the idea is
                                not a repair action (lifts when it is resolved)
    ``owner-away``              the seller who owns the account is on leave and
                                nobody covers (lifts at their return)
    ``outside-hours``           outside the contact's working hours (lifts at the
                                next opening)
    ``non-working-day``         a weekend day or public holiday of the contact's
                                country (lifts at the next opening)
    ==========================  =====================================================

    Examples:
        >>> Code("too-soon") is Code.TOO_SOON
        True
    """

    DO_NOT_CONTACT = "do-not-contact"
    CHANNEL_UNAVAILABLE = "channel-unavailable"
    NO_REPLY_PENDING = "no-reply-pending"
    CHECKPOINT_UNAVAILABLE = "checkpoint-unavailable"
    CHECKPOINT_NOT_DUE = "checkpoint-not-due"
    CHECKPOINT_MISSED = "checkpoint-missed"
    NO_NEW_IDEA = "no-new-idea"
    EMPTY_CHECK_IN = "empty-check-in"
    IDEA_ALREADY_SHARED = "idea-already-shared"
    IDEA_NOT_RELEVANT = "idea-not-relevant"
    IDEA_NOT_READY = "idea-not-ready"
    IDEA_EXPIRED = "idea-expired"
    TOO_SOON = "too-soon"
    UNANSWERED_LIMIT = "unanswered-limit"
    COOLING_OFF = "cooling-off"
    FREQUENCY_CAP = "frequency-cap"
    BEFORE_AGREED_DATE = "before-agreed-date"
    CONTACT_AWAY = "contact-away"
    TENSION_OPEN = "tension-open"
    OWNER_AWAY = "owner-away"
    OUTSIDE_HOURS = "outside-hours"
    NON_WORKING_DAY = "non-working-day"

    def __str__(self) -> str:
        return str(self.value)


@attrs.frozen(kw_only=True)
class Reason:
    r"""One rule's refusal, as data: its code, its parameters, when it lifts.

    The sentence is rendered when read, from the catalogs: ``message`` in
    English, ``render("fr")`` in French.  A CRM can store ``code`` and
    ``params`` and render later, in the reader's language.

    Attributes:
        code: the stable reason code (see :class:`Code`).
        params: the figures of the refusal (instants in the contact's zone,
            durations, names, counts, ids), listed per code in
            ``docs/explanations.md``.
        lifts_at: when this rule alone would stop refusing, in the contact's
            zone, or ``None`` when no passage of time lifts it.
        message: the English sentence.  Given to the constructor (a custom
            rule's own words, or a text written by hand), it is kept as it is
            and every rendering gives it.

    Examples:
        >>> r = Reason(code="idea-already-shared",
        ...            params={"idea": "pilot", "account": "Acme Media"})
        >>> r.message
        "idea 'pilot' was already shared with Acme Media"
        >>> r.render("fr") == "l'idée «\xa0pilot\xa0» a déjà été partagée avec Acme Media"
        True
    """

    code: str
    lifts_at: pendulum.DateTime | None = None
    params: Params = attrs.field(factory=Params, converter=to_params)
    _text: str | None = attrs.field(default=None, alias="message")

    @property
    def explanation(self) -> Explanation:
        """The code and parameters as an :class:`~relance.Explanation`."""
        return Explanation(code=self.code, params=self.params, text=self._text)

    @property
    def message(self) -> str:
        """The English sentence."""
        return render(self.explanation, "en")

    def render(self, locale: str = "en") -> str:
        """The sentence in ``locale`` (``en``, ``fr``)."""
        return render(self.explanation, locale)


@attrs.frozen(kw_only=True)
class Verdict:
    """The answer to a proposal.

    Attributes:
        allowed: whether the proposal may happen at its instant.
        reasons: every rule that refuses it (empty when allowed).
        earliest: the earliest instant at or after the proposal's at which
            the same proposal is allowed, in the contact's zone; ``None``
            when no passage of time helps.
    """

    allowed: bool
    reasons: tuple[Reason, ...] = ()
    earliest: pendulum.DateTime | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes alone, in the order of the rules."""
        return tuple(r.code for r in self.reasons)

    def render(self, locale: str = "en") -> str:
        """The verdict as text in ``locale`` (``en``, ``fr``): ``str(verdict)`` in English."""
        return speaker("verdict")(self, locale)

    def _repr_html_(self) -> str:
        """An HTML table for Jupyter, in the display locale (``relance.set_display_locale``)."""
        return speaker("verdict_html")(self)

    def __str__(self) -> str:
        return speaker("verdict")(self, "en")
