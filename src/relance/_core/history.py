"""The history of an account, and the facts derived from it once."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

import pendulum

from .errors import InvalidValueError
from .instants import NEVER, to_us
from .models import Channel, Direction, Outcome, Touch
from .validation import require_items

__all__ = ["History"]

_UNANSWERED = frozenset({Outcome.PENDING, Outcome.NO_ANSWER})
_ENGAGED = frozenset({Outcome.REPLIED, Outcome.MEETING})
_DIRECTION_ORDER = {Direction.INBOUND: 0, Direction.OUTBOUND: 1}


def _sort_key(touch: Touch) -> tuple[int, int, str, str, str, str, str]:
    # A total order on every field: the facts (streaks, last outbound) do not
    # depend on the order in which touches arrive.  At the same instant an
    # inbound message sorts first: an outbound touch then answers it.
    return (
        touch._us,
        _DIRECTION_ORDER[touch.direction],
        touch.contact_id,
        touch.channel.value,
        touch.outcome.value,
        touch.idea_id or "",
        touch.checkpoint_id or "",
    )


class ContactFacts:
    """What the history says about one contact (internal)."""

    __slots__ = (
        "awaiting",
        "awaiting_channel",
        "away",
        "bounced",
        "by_channel",
        "opted_out",
        "out",
        "responded",
        "responded_channel",
        "streak",
    )

    def __init__(self) -> None:
        self.opted_out = False
        self.streak = 0
        self.awaiting: int | None = None
        self.awaiting_channel: Channel | None = None
        self.bounced: frozenset[Channel] = frozenset()
        # The latest answer from this contact (inbound, or an answered outcome).
        self.responded: int | None = None
        self.responded_channel: Channel | None = None
        # The latest out-of-office reply not followed by an answer: when it
        # came, and when it says the contact is back (None: it did not say).
        self.away: tuple[int, int | None] | None = None
        # The instants of the outbound touches to this contact that got through.
        self.out: list[int] = []
        # The same, by channel.
        self.by_channel: dict[Channel, list[int]] = {}

    def copy(self) -> ContactFacts:
        """An independent copy."""
        new = ContactFacts()
        for name in ContactFacts.__slots__:
            setattr(new, name, getattr(self, name))
        new.out = list(self.out)
        new.by_channel = {c: list(v) for c, v in self.by_channel.items()}
        return new


_NO_FACTS = ContactFacts()


class History:
    """The touches of one account, and the facts derived from them once.

    Touches may arrive in any order; they are kept sorted by instant (ties
    broken by every other field, so the order given never matters).  The facts
    the rules need are computed once, here, so that ``Policy.check`` against a
    prebuilt history does not grow with its length:

    * the account's outbound touches (instants, for spacing and the cap) and
      its streak of unanswered outbound touches (for the backoff);
    * each contact's streak, whether they opted out, whether an inbound
      message of theirs awaits our answer, and which channels bounced;
    * the ideas already shared and the checkpoints already kept;
    * the latest decline, unless the account re-engaged since.

    A ``bounced`` outbound touch never reached anyone: it is not counted as a
    contact (no spacing, cap, streak or shared idea), but makes its channel
    unavailable for that contact until a later touch on it gets through.

    An ``out_of_office`` reply is neither an answer nor a silence: an outbound
    touch that got one counts as a contact (spacing, cap, shared idea) but
    leaves the streaks as they were; recorded as an inbound touch it awaits no
    answer.  Either says the contact is away until they answer again.

    Examples:
        >>> import pendulum
        >>> from relance import Touch
        >>> at = pendulum.datetime(2026, 11, 2, 10, tz="Europe/Paris")
        >>> h = History([
        ...     Touch(at=at.add(days=7), contact_id="ana", channel="email",
        ...           direction="outbound", outcome="no_answer", idea_id="case"),
        ...     Touch(at=at, contact_id="ana", channel="email",
        ...           direction="outbound", outcome="no_answer", idea_id="pilot"),
        ... ])
        >>> h.unanswered_streak, sorted(h.shared_ideas)
        (2, ['case', 'pilot'])
        >>> h.last_outbound_at.isoformat()
        '2026-11-09T10:00:00+01:00'
    """

    __slots__ = (
        "_by_channel",
        "_checked",
        "_contacts",
        "_decline",
        "_decline_contact",
        "_last_outbound",
        "_named_checkpoints",
        "_named_ideas",
        "_out",
        "_shared",
        "_streak",
        "_tension",
        "_touches",
        "_used",
    )

    def __init__(self, touches: Iterable[Touch] = ()) -> None:
        items = list(require_items(touches, Touch, "history"))
        items.sort(key=_sort_key)
        self._touches: tuple[Touch, ...] = tuple(items)
        self._out: list[int] = []
        self._by_channel: dict[Channel, list[int]] = {}
        self._last_outbound: Touch | None = None
        self._streak = 0
        self._shared: set[str] = set()
        self._used: set[str] = set()
        self._decline: int | None = None
        self._decline_contact: str | None = None
        self._contacts: dict[str, ContactFacts] = {}
        self._named_ideas: set[str] = set()
        self._named_checkpoints: set[str] = set()
        # Complaints and resolutions, in time order: (instant, opens?).
        self._tension: list[tuple[int, bool]] = []
        # The (account, backlog) this history was last found consistent with.
        self._checked: tuple[object, object] | None = None
        for touch in self._touches:
            self._absorb(touch)

    def _absorb(self, touch: Touch) -> None:
        if touch.idea_id is not None:
            self._named_ideas.add(touch.idea_id)
        if touch.checkpoint_id is not None:
            self._named_checkpoints.add(touch.checkpoint_id)
        facts = self._contacts.get(touch.contact_id)
        if facts is None:
            facts = self._contacts[touch.contact_id] = ContactFacts()
        if touch.outcome is Outcome.OPTED_OUT:
            facts.opted_out = True
        if touch.outcome is Outcome.COMPLAINT or touch.outcome is Outcome.RESOLVED:
            self._tension.append((touch._us, touch.outcome is Outcome.COMPLAINT))
        if touch.outcome is Outcome.OUT_OF_OFFICE:
            back = touch.returns_at
            facts.away = (touch._us, None if back is None else to_us(back))
            if touch.direction is Direction.INBOUND:
                return
        elif touch.outcome is not Outcome.BOUNCED and (
            touch.direction is Direction.INBOUND or touch.outcome not in _UNANSWERED
        ):
            facts.away = None  # they answered: they are back
        if touch.direction is Direction.INBOUND:
            self._streak = 0
            facts.streak = 0
            facts.awaiting = touch._us
            facts.awaiting_channel = touch.channel
            facts.responded = touch._us
            facts.responded_channel = touch.channel
            facts.bounced = facts.bounced - {touch.channel}
            self._set_decline(touch if touch.outcome is Outcome.DECLINED else None)
            return
        if touch.outcome is Outcome.BOUNCED:
            facts.bounced = facts.bounced | {touch.channel}
            return
        facts.bounced = facts.bounced - {touch.channel}
        facts.awaiting = None
        facts.out.append(touch._us)
        self._out.append(touch._us)
        facts.by_channel.setdefault(touch.channel, []).append(touch._us)
        self._by_channel.setdefault(touch.channel, []).append(touch._us)
        self._last_outbound = touch
        if touch.idea_id is not None:
            self._shared.add(touch.idea_id)
        if touch.checkpoint_id is not None:
            self._used.add(touch.checkpoint_id)
        if touch.outcome is Outcome.OUT_OF_OFFICE:
            return
        if touch.outcome in _UNANSWERED:
            self._streak += 1
            facts.streak += 1
        else:
            self._streak = 0
            facts.streak = 0
            facts.responded = touch._us
            facts.responded_channel = touch.channel
            if touch.outcome is Outcome.DECLINED:
                self._set_decline(touch)
            elif touch.outcome in _ENGAGED:
                self._set_decline(None)

    def _set_decline(self, touch: Touch | None) -> None:
        self._decline = None if touch is None else touch._us
        self._decline_contact = None if touch is None else touch.contact_id

    def with_touch(self, touch: Touch) -> History:
        """A new history with one more touch (cheap when it is the latest).

        Examples:
            >>> import pendulum
            >>> from relance import Touch
            >>> h = History().with_touch(Touch(
            ...     at=pendulum.datetime(2026, 11, 2, 10, tz="UTC"), contact_id="ana",
            ...     channel="phone", direction="outbound", outcome="pending"))
            >>> len(h), h.unanswered_streak
            (1, 1)
        """
        if not isinstance(touch, Touch):
            raise InvalidValueError(
                f"with_touch needs a Touch (got {touch!r})", field="touch", value=touch
            )
        if self._touches and _sort_key(touch) < _sort_key(self._touches[-1]):
            return History((*self._touches, touch))
        new = History.__new__(History)
        new._touches = (*self._touches, touch)
        new._out = list(self._out)
        new._by_channel = {c: list(v) for c, v in self._by_channel.items()}
        new._last_outbound = self._last_outbound
        new._streak = self._streak
        new._shared = set(self._shared)
        new._used = set(self._used)
        new._decline = self._decline
        new._decline_contact = self._decline_contact
        new._contacts = dict(self._contacts)
        new._named_ideas = set(self._named_ideas)
        new._named_checkpoints = set(self._named_checkpoints)
        new._tension = list(self._tension)
        new._checked = None
        facts = new._contacts.get(touch.contact_id)
        if facts is not None:
            new._contacts[touch.contact_id] = facts.copy()
        new._absorb(touch)
        return new

    def _extend(self, touch: Touch) -> None:
        """Add the latest touch in place (a replay that owns this history; internal).

        ``with_touch`` copies the facts so that the history it starts from
        stays as it was; a replay that holds the only reference to a history
        (the audit, touch after touch) extends it instead, in time linear in
        the number of touches overall.
        """
        assert not self._touches or _sort_key(touch) >= _sort_key(self._touches[-1])
        self._touches = (*self._touches, touch)
        self._checked = None
        self._absorb(touch)

    # -- the sequence of touches -------------------------------------------
    @property
    def touches(self) -> tuple[Touch, ...]:
        """The touches, sorted by instant."""
        return self._touches

    def __len__(self) -> int:
        return len(self._touches)

    def __iter__(self) -> Iterator[Touch]:
        return iter(self._touches)

    @overload
    def __getitem__(self, index: int) -> Touch: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Touch, ...]: ...
    def __getitem__(self, index: int | slice) -> Touch | tuple[Touch, ...]:
        return self._touches[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return self._touches == other._touches

    def __hash__(self) -> int:
        return hash(self._touches)

    def __repr__(self) -> str:
        return f"History(<{len(self._touches)} touches>)"

    # -- facts -------------------------------------------------------------
    @property
    def last_outbound_at(self) -> pendulum.DateTime | None:
        """The instant of the account's last outbound touch that got through."""
        return None if self._last_outbound is None else self._last_outbound.at

    @property
    def unanswered_streak(self) -> int:
        """The account's consecutive outbound touches with no answer since."""
        return self._streak

    def unanswered_streak_of(self, contact_id: str) -> int:
        """The contact's consecutive outbound touches with no answer since."""
        return self._contacts.get(contact_id, _NO_FACTS).streak

    def awaits_reply(self, contact_id: str) -> bool:
        """Whether an inbound message of this contact awaits our answer."""
        return self._contacts.get(contact_id, _NO_FACTS).awaiting is not None

    @property
    def shared_ideas(self) -> frozenset[str]:
        """The ideas already shared with someone at the account."""
        return frozenset(self._shared)

    @property
    def kept_checkpoints(self) -> frozenset[str]:
        """The checkpoints already kept (an outbound touch carried them)."""
        return frozenset(self._used)

    @property
    def contact_ids(self) -> frozenset[str]:
        """The contacts the touches involve."""
        return frozenset(self._contacts)

    @property
    def idea_ids(self) -> frozenset[str]:
        """The ideas the touches name (shared or not: bounced, inbound…)."""
        return frozenset(self._named_ideas)

    @property
    def checkpoint_ids(self) -> frozenset[str]:
        """The checkpoints the touches name."""
        return frozenset(self._named_checkpoints)

    # -- internal fast access ----------------------------------------------
    def facts(self, contact_id: str) -> ContactFacts:
        """The facts of a contact (internal)."""
        return self._contacts.get(contact_id, _NO_FACTS)

    def outbound(self, contact_id: str | None = None,
                 channel: Channel | None = None) -> Sequence[int]:
        """Outbound instants that got through, sorted (internal).

        The account's (``contact_id`` None) or a contact's, on every channel
        (``channel`` None) or one.
        """
        if contact_id is None:
            return self._out if channel is None else self._by_channel.get(channel, [])
        facts = self.facts(contact_id)
        return facts.out if channel is None else facts.by_channel.get(channel, [])

    def outbound_between(self, low: int, high: int) -> Sequence[int]:
        """Outbound instants in ``(low, high]`` (internal)."""
        out = self._out
        return out[bisect.bisect_right(out, low) : bisect.bisect_right(out, high)]

    def count_outbound_between(self, low: int, high: int) -> int:
        """How many outbound instants lie in ``(low, high]`` (internal)."""
        out = self._out
        return bisect.bisect_right(out, high) - bisect.bisect_right(out, low)

    @property
    def last_outbound_us(self) -> int | None:
        """The last outbound instant, as an int (internal)."""
        return None if self._last_outbound is None else self._last_outbound._us

    @property
    def decline_us(self) -> int | None:
        """The latest decline not followed by re-engagement (internal)."""
        return self._decline

    @property
    def decline_contact(self) -> str | None:
        """Who declined, for :attr:`decline_us` (internal)."""
        return self._decline_contact

    def shares(self, idea_id: str) -> bool:
        """Whether the idea was shared already (internal, no copy)."""
        return idea_id in self._shared

    def resolutions(self) -> list[int]:
        """The instants of the ``resolved`` touches, in order (internal)."""
        return [at for at, opens in self._tension if not opens]

    def tension_windows(self) -> list[tuple[int, int]]:
        """The tensions the touches open and resolve, as ``[start, end)`` (internal).

        A complaint opens one (unless one is open); a resolution closes it;
        never resolved, it ends at ``NEVER``.  At one instant a complaint comes
        before a resolution, whatever order the touches sort in.
        """
        found: list[tuple[int, int]] = []
        opened: int | None = None
        for at, opens in sorted(self._tension, key=lambda event: (event[0], not event[1])):
            if opens and opened is None:
                opened = at
            elif not opens and opened is not None:
                if at > opened:
                    found.append((opened, at))
                opened = None
        if opened is not None:
            found.append((opened, NEVER))
        return found

    def kept(self, checkpoint_id: str) -> bool:
        """Whether the checkpoint was kept already (internal, no copy)."""
        return checkpoint_id in self._used
