"""The history of an account, and the facts derived from it once.

A history holds its touches as columns of integers (instants, and indices
into small tables of ids, zones and enum members), not as one object per
touch: a million touches take tens of megabytes, not hundreds.  Touches are
built back, equal to the ones given, when they are read.

Histories are immutable, yet :meth:`History.with_touch` does not copy: a
history and the one extended from it share their columns, which only ever
grow at the end.  The history extended keeps the length it had (a few
counts, taken when it is extended) and, if it is read again, takes a copy of
its part of them then, once.  Extending the latest history of a chain, as the
planner does relance after relance, costs the same at ten touches as at a
million.

Only the thread that made a history extends it in place, and only while no
other thread has read it: a history another thread reads is *published*, and
extending it copies its columns (once) instead, so that no reader ever sees
columns grow under it.
"""

from __future__ import annotations

import bisect
import threading
from _thread import get_ident
from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import tzinfo
from typing import Any, overload

import pendulum

from .errors import InvalidValueError
from .instants import NEVER, local, to_us
from .models import Channel, Direction, Outcome, Touch, plain_touch
from .validation import require_items

__all__ = ["History"]

# Members as module constants: the loop that absorbs touches reads them often.
_OPTED_OUT, _COMPLAINT, _RESOLVED, _OOO, _BOUNCED, _DECLINED = (
    Outcome.OPTED_OUT, Outcome.COMPLAINT, Outcome.RESOLVED, Outcome.OUT_OF_OFFICE,
    Outcome.BOUNCED, Outcome.DECLINED)
_INBOUND = Direction.INBOUND
_UNANSWERED = frozenset({Outcome.PENDING, Outcome.NO_ANSWER})
_ENGAGED = frozenset({Outcome.REPLIED, Outcome.MEETING})
_DIRECTION_ORDER = {Direction.INBOUND: 0, Direction.OUTBOUND: 1}

# A touch's channel, direction and outcome, packed in the low byte of its kind
# (the instant's fold is bit 8).
_CHANNELS: tuple[Channel, ...] = tuple(Channel)
_OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)
_DIRECTIONS: tuple[Direction, ...] = (Direction.OUTBOUND, Direction.INBOUND)
_CHANNEL_IX = {c: i for i, c in enumerate(_CHANNELS)}
_OUTCOME_IX = {o: i for i, o in enumerate(_OUTCOMES)}
assert len(_OUTCOMES) <= 16
assert len(_CHANNELS) <= 7
_KIND = {
    (c, d, o): (_CHANNEL_IX[c] << 5) | (i << 4) | _OUTCOME_IX[o]
    for c in _CHANNELS
    for i, d in enumerate(_DIRECTIONS)
    for o in _OUTCOMES
}
_UNKIND = {code: key for key, code in _KIND.items()}

# Extending a history in place (its columns shared with the one extended) is
# one step for one thread at a time.
_LOCK = threading.Lock()


def _sort_key(touch: Touch) -> tuple[int, int, str, str, str, str, str, int, str]:
    # A total order on every field: the facts (streaks, last outbound, when
    # the contact is back) do not depend on the order in which touches arrive.
    # At the same instant an inbound message sorts first: an outbound touch
    # then answers it.
    back = touch.returns_at
    return (
        touch._us,
        _DIRECTION_ORDER[touch.direction],
        touch.contact_id,
        touch.channel.value,
        touch.outcome.value,
        touch.idea_id or "",
        touch.checkpoint_id or "",
        -NEVER if back is None else to_us(back),
        touch.text or "",
    )


class ContactFacts:
    """What the history says about one contact (internal)."""

    __slots__ = (
        "awaiting",
        "awaiting_channel",
        "away",
        "bounced",
        "by_channel",
        "counts",
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
        self.out: array[int] = array("q")
        # The same, by channel.
        self.by_channel: dict[Channel, array[int]] = {}
        # How many of those instants are these facts' (None: all channels):
        # the arrays are shared with the histories extended from this one and
        # may hold more; these facts never change once their history is built.
        self.counts: dict[Channel | None, int] = {}

    def copy(self, out: array[int] | None = None,
             by_channel: dict[Channel, array[int]] | None = None) -> ContactFacts:
        """A copy of the facts; it shares the instants unless others are given."""
        new = ContactFacts.__new__(ContactFacts)
        for name in ContactFacts.__slots__:
            setattr(new, name, getattr(self, name))
        new.out = self.out if out is None else out
        new.by_channel = dict(self.by_channel) if by_channel is None else by_channel
        new.counts = dict(self.counts)
        return new

    def cut(self) -> ContactFacts:
        """A copy on instants of its own, as many as these facts count."""
        counts = self.counts
        return self.copy(self.out[: counts.get(None, 0)],
                         {c: v[: counts[c]] for c, v in self.by_channel.items() if c in counts})


_NO_FACTS = ContactFacts()


class _Columns:
    """The touches of a history and its extensions, as columns (append-only)."""

    __slots__ = ("at", "checkpoint", "idea", "kind", "name_ix", "names", "special", "who",
                 "zone", "zone_ix", "zones")

    def __init__(self) -> None:
        self.at: array[int] = array("q")
        self.kind: array[int] = array("H")  # channel, direction, outcome; 256: fold
        self.who: array[int] = array("I")
        self.idea: array[int] = array("i")  # -1: none
        self.checkpoint: array[int] = array("i")  # -1: none
        self.zone: array[int] = array("I")
        # The ids the touches name, and the zones of their instants: tables
        # that only grow, shared by every history of the lineage.
        self.names: list[str] = []
        self.name_ix: dict[str, int] = {}
        self.zones: list[tzinfo] = []
        # By the zone itself: equal zones (two FixedTimezone(3600)) are one entry.
        self.zone_ix: dict[tzinfo, int] = {}
        # The touches with a text or a return date, kept as given, by position.
        self.special: dict[int, Touch] = {}

    def name(self, value: str) -> int:
        found = self.name_ix.get(value)
        if found is None:
            found = self.name_ix[value] = len(self.names)
            self.names.append(value)
        return found

    def append(self, touch: Touch) -> None:
        at = touch.at
        zone = at.tzinfo
        assert zone is not None
        z = self.zone_ix.get(zone)
        if z is None:
            z = self.zone_ix[zone] = len(self.zones)
            self.zones.append(zone)
        self.at.append(touch._us)
        self.kind.append(_KIND[touch.channel, touch.direction, touch.outcome] | (at.fold << 8))
        self.who.append(self.name(touch.contact_id))
        idea = touch.idea_id
        self.idea.append(-1 if idea is None else self.name(idea))
        checkpoint = touch.checkpoint_id
        self.checkpoint.append(-1 if checkpoint is None else self.name(checkpoint))
        self.zone.append(z)
        if touch.text is not None or touch.returns_at is not None or type(touch) is not Touch:
            self.special[len(self.at) - 1] = touch  # kept as given

    def append_row(self, row: _Row, zone: int) -> None:
        """A plain touch's fields (no text, no return date), its zone's index already known."""
        self.at.append(row._us)
        self.kind.append(_KIND[row.channel, row.direction, row.outcome] | (row.fold << 8))
        self.who.append(self.name(row.contact_id))
        idea = row.idea_id
        self.idea.append(-1 if idea is None else self.name(idea))
        checkpoint = row.checkpoint_id
        self.checkpoint.append(-1 if checkpoint is None else self.name(checkpoint))
        self.zone.append(zone)

    def touch(self, i: int) -> Touch:
        """The touch at position ``i``, built back from the columns."""
        found = self.special.get(i)
        if found is not None:
            return found
        us = self.at[i]
        zone = self.zones[self.zone[i]]
        wall = local(us, zone)
        kind = self.kind[i]
        # The fold as given: in a fold it says which pass (the wall agrees);
        # elsewhere it changes no instant but what ``replace`` would give.
        at = pendulum.DateTime(wall.year, wall.month, wall.day, wall.hour, wall.minute,
                               wall.second, wall.microsecond, tzinfo=zone, fold=kind >> 8)
        channel, direction, outcome = _UNKIND[kind & 0xFF]
        names = self.names
        idea, checkpoint = self.idea[i], self.checkpoint[i]
        return plain_touch(at, names[self.who[i]], channel, direction, outcome,
                           None if idea < 0 else names[idea],
                           None if checkpoint < 0 else names[checkpoint])

    def cut(self, n: int) -> _Columns:
        """A private copy of the first ``n`` touches (the tables are shared: they only grow)."""
        new = _Columns.__new__(_Columns)
        new.at, new.kind, new.who = self.at[:n], self.kind[:n], self.who[:n]
        new.idea, new.checkpoint, new.zone = self.idea[:n], self.checkpoint[:n], self.zone[:n]
        new.names, new.name_ix, new.zones, new.zone_ix = (
            self.names, self.name_ix, self.zones, self.zone_ix)
        new.special = {i: t for i, t in self.special.items() if i < n}
        return new


class _Row:
    """A plain touch's fields, read as a :class:`Touch` is by the sort and the facts."""

    __slots__ = ("_us", "channel", "checkpoint_id", "contact_id", "direction", "fold",
                 "idea_id", "outcome")
    returns_at = None
    text = None

    def __init__(self, us: int, fold: int, contact_id: str, channel: Channel,
                 direction: Direction, outcome: Outcome, idea_id: str | None,
                 checkpoint_id: str | None) -> None:
        self._us = us
        self.fold = fold
        self.contact_id = contact_id
        self.channel = channel
        self.direction = direction
        self.outcome = outcome
        self.idea_id = idea_id
        self.checkpoint_id = checkpoint_id


class _Lengths:
    """How long a history's shared columns and lists were when it was extended."""

    __slots__ = ("by_channel", "out", "tension")

    def __init__(self, history: History) -> None:
        # A contact's facts count their own instants (see ContactFacts.counts).
        self.out = len(history._out)
        self.by_channel = {c: len(v) for c, v in history._by_channel.items()}
        self.tension = len(history._tension)


def _before(found: dict[str, int], n: int) -> dict[str, int]:
    return {key: at for key, at in found.items() if at < n}


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

    The touches are held as columns of integers (about 60 bytes a touch, the
    facts included), not as the objects given: reading them (``touches``,
    iterating, indexing) builds touches equal to those given, each instant in
    the zone it was given in.  ``touches`` builds the whole tuple once and
    keeps it.

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
        >>> h[0].idea_id, h[-1].at == at.add(days=7)
        ('pilot', True)
    """

    __slots__ = (
        "_by_channel",
        "_checked",
        "_cols",
        "_contacts",
        "_decline",
        "_decline_contact",
        "_last_out",
        "_n",
        "_named_checkpoints",
        "_named_ideas",
        "_out",
        "_owner",
        "_published",
        "_shared",
        "_stale",
        "_streak",
        "_tension",
        "_tensions",
        "_tuple",
        "_used",
    )

    def __init__(self, touches: Iterable[Touch] = ()) -> None:
        items = list(require_items(touches, Touch, "history"))
        items.sort(key=_sort_key)
        self._start()
        for touch in items:
            self._cols.append(touch)
            self._absorb(touch)
            self._n += 1

    @classmethod
    def _of_columns(
        cls,
        at: Sequence[int],
        zone: tzinfo,
        contact_id: Sequence[str],
        channel: Sequence[Channel],
        direction: Sequence[Direction],
        outcome: Sequence[Outcome],
        idea_id: Sequence[str | None],
        checkpoint_id: Sequence[str | None],
    ) -> History:
        """The history of plain touches given as columns, all instants in one zone (internal).

        For readers of columnar data (frames), which have checked every value
        as :class:`Touch` checks it: no ``Touch`` is built, and the history is
        the one ``History`` gives for the same touches, each instant in
        ``zone`` (a pendulum zone, as the JSON reader gives).
        """
        rows = [
            _Row(us, local(us, zone).fold, who, ch, way, out, idea, checkpoint)
            for us, who, ch, way, out, idea, checkpoint in zip(
                at, contact_id, channel, direction, outcome, idea_id, checkpoint_id,
                strict=True)
        ]
        rows.sort(key=_sort_key)  # type: ignore[arg-type]  # a _Row reads as a Touch
        self = cls.__new__(cls)
        self._start()
        cols = self._cols
        if rows:
            cols.zone_ix[zone] = 0
            cols.zones.append(zone)
        absorb = self._absorb
        for row in rows:
            cols.append_row(row, 0)
            absorb(row)  # type: ignore[arg-type]
            self._n += 1
        return self

    def _start(self) -> None:
        self._cols = _Columns()
        self._n = 0
        self._out: array[int] = array("q")
        self._by_channel: dict[Channel, array[int]] = {}
        self._last_out = -1  # the position of the last outbound touch that got through
        self._streak = 0
        # Ids, by the position of the touch that first named them.
        self._shared: dict[str, int] = {}
        self._used: dict[str, int] = {}
        self._named_ideas: dict[str, int] = {}
        self._named_checkpoints: dict[str, int] = {}
        self._decline: int | None = None
        self._decline_contact: str | None = None
        self._contacts: dict[str, ContactFacts] = {}
        # Complaints and resolutions, in time order: (instant, opens?).
        self._tension: list[tuple[int, bool]] = []
        # The (account, backlog) this history was last found consistent with.
        self._checked: tuple[object, object] | None = None
        # Set once another history extends this one's columns: its lengths then.
        self._stale: _Lengths | None = None
        # The thread that made it; read by another thread, it is published.
        self._owner = get_ident()
        self._published = False
        self._tuple: tuple[Touch, ...] | None = None
        # The tension windows of (an account, this history), kept by the rules.
        self._tensions: tuple[object, object] | None = None

    def _absorb(self, touch: Touch) -> None:
        """Derive the facts of the touch at position ``self._n`` (columns appended)."""
        position = self._n
        if touch.idea_id is not None:
            self._named_ideas.setdefault(touch.idea_id, position)
        if touch.checkpoint_id is not None:
            self._named_checkpoints.setdefault(touch.checkpoint_id, position)
        facts = self._contacts.get(touch.contact_id)
        if facts is None:
            facts = self._contacts[touch.contact_id] = ContactFacts()
        outcome = touch.outcome
        if outcome is _OPTED_OUT:
            facts.opted_out = True
        direction = touch.direction
        if outcome is _COMPLAINT or outcome is _RESOLVED:
            self._tension.append((touch._us, outcome is _COMPLAINT))
        if outcome is _OOO:
            back = touch.returns_at
            facts.away = (touch._us, None if back is None else to_us(back))
            if direction is _INBOUND:
                return
        elif outcome is not _BOUNCED and (
            direction is _INBOUND or outcome not in _UNANSWERED
        ):
            facts.away = None  # they answered: they are back
        if direction is _INBOUND:
            self._streak = 0
            facts.streak = 0
            facts.awaiting = touch._us
            facts.awaiting_channel = touch.channel
            facts.responded = touch._us
            facts.responded_channel = touch.channel
            if touch.channel in facts.bounced:
                facts.bounced = facts.bounced - {touch.channel}
            self._set_decline(touch if outcome is _DECLINED else None)
            return
        if outcome is _BOUNCED:
            facts.bounced = facts.bounced | {touch.channel}
            return
        if touch.channel in facts.bounced:
            facts.bounced = facts.bounced - {touch.channel}
        facts.awaiting = None
        us = touch._us
        facts.out.append(us)
        self._out.append(us)
        mine = facts.by_channel.get(touch.channel)
        if mine is None:
            mine = facts.by_channel[touch.channel] = array("q")
        mine.append(us)
        counts = facts.counts
        counts[None] = counts.get(None, 0) + 1
        counts[touch.channel] = counts.get(touch.channel, 0) + 1
        ours = self._by_channel.get(touch.channel)
        if ours is None:
            ours = self._by_channel[touch.channel] = array("q")
        ours.append(us)
        self._last_out = position
        if touch.idea_id is not None:
            self._shared.setdefault(touch.idea_id, position)
        if touch.checkpoint_id is not None:
            self._used.setdefault(touch.checkpoint_id, position)
        if outcome is _OOO:
            return
        if outcome in _UNANSWERED:
            self._streak += 1
            facts.streak += 1
        else:
            self._streak = 0
            facts.streak = 0
            facts.responded = us
            facts.responded_channel = touch.channel
            if outcome is _DECLINED:
                self._set_decline(touch)
            elif outcome in _ENGAGED:
                self._set_decline(None)

    def _set_decline(self, touch: Touch | None) -> None:
        self._decline = None if touch is None else touch._us
        self._decline_contact = None if touch is None else touch.contact_id

    def _own(self) -> None:
        """Take a private copy of this history's part of columns another one extended."""
        with _LOCK:
            lengths = self._stale
            if lengths is None:
                return
            n = self._n
            self._cols = self._cols.cut(n)
            self._out = self._out[: lengths.out]
            self._by_channel = {c: self._by_channel[c][:k] for c, k in lengths.by_channel.items()}
            self._contacts = {cid: facts.cut() for cid, facts in self._contacts.items()}
            self._tension = self._tension[: lengths.tension]
            self._shared = _before(self._shared, n)
            self._used = _before(self._used, n)
            self._named_ideas = _before(self._named_ideas, n)
            self._named_checkpoints = _before(self._named_checkpoints, n)
            self._stale = None

    def _ready(self) -> History:
        if self._stale is not None or (not self._published and get_ident() != self._owner):
            self._read_by_another()
        return self

    def _read_by_another(self) -> None:
        """Before handing out columns: a copy if it was extended, and published if shared."""
        if self._stale is not None:
            self._own()
        if get_ident() != self._owner:
            with _LOCK:  # after an extension in progress, before any to come
                self._published = True
            if self._stale is not None:  # extended just before it was published
                self._own()

    def with_touch(self, touch: Touch) -> History:
        """A new history with one more touch (cheap when it is the latest).

        A touch after every other one costs the same whatever the history's
        length: the new history shares this one's columns and extends them.
        A touch that sorts earlier rebuilds the history.

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
        self._ready()
        if self._n and _sort_key(touch) < _sort_key(self[-1]):
            return History((*self, touch))
        with _LOCK:
            if self._stale is None and not self._published and get_ident() == self._owner:
                return self._extended(touch)
        # Published (or extended meanwhile): the new history gets columns of its own.
        return self._copy()._extended(touch)

    def _copy(self) -> History:
        """A history equal to this one, on columns of its own (the same thread's)."""
        self._ready()
        new = History.__new__(History)
        for name in History.__slots__:
            setattr(new, name, getattr(self, name))
        new._stale = _Lengths(self)  # the columns' part that is this history's
        new._published = False
        new._owner = get_ident()
        new._own()
        return new

    def _extended(self, touch: Touch) -> History:
        # Under _LOCK, from the latest history of its columns.
        self._stale = _Lengths(self)
        new = History.__new__(History)
        # Columns, instants, tension events and ids by position are shared (the
        # positions and lengths tell them apart); the mappings new ones may
        # enter are copied.
        for name in History.__slots__:
            setattr(new, name, getattr(self, name))
        new._contacts = dict(self._contacts)
        facts = new._contacts.get(touch.contact_id)
        if facts is not None:
            new._contacts[touch.contact_id] = facts.copy()
        new._by_channel = dict(self._by_channel)
        new._checked = None
        new._stale = None
        new._tuple = None
        new._tensions = None
        new._owner = get_ident()
        new._published = False
        new._cols.append(touch)
        new._absorb(touch)
        new._n += 1
        return new

    def _extend(self, touch: Touch) -> None:
        """Add the latest touch in place (a replay that owns this history; internal).

        ``with_touch`` leaves the history it starts from as it was; a replay
        that holds the only reference to a history (the audit, touch after
        touch) extends it instead.
        """
        self._ready()
        assert not self._n or _sort_key(touch) >= _sort_key(self[-1])
        assert len(self._cols.at) == self._n
        self._checked = None
        self._tuple = None
        self._tensions = None
        self._cols.append(touch)
        self._absorb(touch)
        self._n += 1

    # -- the sequence of touches -------------------------------------------
    @property
    def touches(self) -> tuple[Touch, ...]:
        """The touches, sorted by instant (built from the columns once, then kept)."""
        if self._tuple is None:
            self._ready()
            touch = self._cols.touch
            self._tuple = tuple(touch(i) for i in range(self._n))
        return self._tuple

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[Touch]:
        if self._tuple is not None:
            return iter(self._tuple)
        return self._built(range(self._n))

    def __reversed__(self) -> Iterator[Touch]:
        if self._tuple is not None:
            return reversed(self._tuple)
        return self._built(range(self._n - 1, -1, -1))

    def backwards(self) -> Iterator[tuple[int, str, Direction, Outcome]]:
        """Position, contact, direction and outcome of each touch, latest first (internal).

        Read from the columns, without building the touches.
        """
        self._ready()
        cols = self._cols
        names, who, kind = cols.names, cols.who, cols.kind
        for i in range(self._n - 1, -1, -1):
            _, direction, outcome = _UNKIND[kind[i] & 0xFF]
            yield i, names[who[i]], direction, outcome

    def _built(self, positions: range) -> Iterator[Touch]:
        self._ready()
        cols = self._cols  # the columns of this history, even if extended meanwhile
        for i in positions:
            yield cols.touch(i)

    @overload
    def __getitem__(self, index: int) -> Touch: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Touch, ...]: ...
    def __getitem__(self, index: int | slice) -> Touch | tuple[Touch, ...]:
        if self._tuple is not None:
            return self._tuple[index]
        self._ready()
        if isinstance(index, slice):
            return tuple(self._cols.touch(i) for i in range(self._n)[index])
        return self._cols.touch(range(self._n)[index])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return self is other or (self._n == other._n and self.touches == other.touches)

    def __hash__(self) -> int:
        return hash(self.touches)

    def __repr__(self) -> str:
        return f"History(<{self._n} touches>)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (History, (self.touches,))

    # -- facts -------------------------------------------------------------
    @property
    def last_outbound_at(self) -> pendulum.DateTime | None:
        """The instant of the account's last outbound touch that got through."""
        return None if self._last_out < 0 else self[self._last_out].at

    @property
    def unanswered_streak(self) -> int:
        """The account's consecutive outbound touches with no answer since."""
        return self._streak

    def unanswered_streak_of(self, contact_id: str) -> int:
        """The contact's consecutive outbound touches with no answer since."""
        return self.facts(contact_id).streak

    def awaits_reply(self, contact_id: str) -> bool:
        """Whether an inbound message of this contact awaits our answer."""
        return self.facts(contact_id).awaiting is not None

    @property
    def shared_ideas(self) -> frozenset[str]:
        """The ideas already shared with someone at the account."""
        return frozenset(self._ready()._shared)

    @property
    def kept_checkpoints(self) -> frozenset[str]:
        """The checkpoints already kept (an outbound touch carried them)."""
        return frozenset(self._ready()._used)

    @property
    def contact_ids(self) -> frozenset[str]:
        """The contacts the touches involve."""
        return frozenset(self._ready()._contacts)

    @property
    def idea_ids(self) -> frozenset[str]:
        """The ideas the touches name (shared or not: bounced, inbound…)."""
        return frozenset(self._ready()._named_ideas)

    @property
    def checkpoint_ids(self) -> frozenset[str]:
        """The checkpoints the touches name."""
        return frozenset(self._ready()._named_checkpoints)

    # -- internal fast access ----------------------------------------------
    def facts(self, contact_id: str) -> ContactFacts:
        """The facts of a contact (internal)."""
        return self._ready()._contacts.get(contact_id, _NO_FACTS)

    def outbound(self, contact_id: str | None = None,
                 channel: Channel | None = None) -> Sequence[int]:
        """Outbound instants that got through, sorted (internal).

        The account's (``contact_id`` None) or a contact's, on every channel
        (``channel`` None) or one.
        """
        self._ready()
        if contact_id is None:
            return self._out if channel is None else self._by_channel.get(channel, _EMPTY)
        facts = self._contacts.get(contact_id, _NO_FACTS)
        return facts.out if channel is None else facts.by_channel.get(channel, _EMPTY)

    def outbound_between(self, low: int, high: int) -> Sequence[int]:
        """Outbound instants in ``(low, high]`` (internal)."""
        out = self.outbound()
        return out[bisect.bisect_right(out, low) : bisect.bisect_right(out, high)]

    def count_outbound_between(self, low: int, high: int) -> int:
        """How many outbound instants lie in ``(low, high]`` (internal)."""
        out = self.outbound()
        return bisect.bisect_right(out, high) - bisect.bisect_right(out, low)

    @property
    def last_outbound_us(self) -> int | None:
        """The last outbound instant, as an int (internal)."""
        return None if self._last_out < 0 else self._cols.at[self._last_out]

    @property
    def last_us(self) -> int | None:
        """The instant of the latest touch, as an int (internal)."""
        return self._cols.at[self._n - 1] if self._n else None

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
        found = self._shared.get(idea_id)
        return found is not None and found < self._n

    def kept(self, checkpoint_id: str) -> bool:
        """Whether the checkpoint was kept already (internal, no copy)."""
        found = self._used.get(checkpoint_id)
        return found is not None and found < self._n

    def resolutions(self) -> list[int]:
        """The instants of the ``resolved`` touches, in order (internal)."""
        return [at for at, opens in self._ready()._tension if not opens]

    def tension_windows(self) -> list[tuple[int, int]]:
        """The tensions the touches open and resolve, as ``[start, end)`` (internal).

        A complaint opens one (unless one is open); a resolution closes it;
        never resolved, it ends at ``NEVER``.  At one instant a complaint comes
        before a resolution, whatever order the touches sort in.
        """
        found: list[tuple[int, int]] = []
        opened: int | None = None
        events = self._ready()._tension
        for at, opens in sorted(events, key=lambda event: (event[0], not event[1])):
            if opens and opened is None:
                opened = at
            elif not opens and opened is not None:
                if at > opened:
                    found.append((opened, at))
                opened = None
        if opened is not None:
            found.append((opened, NEVER))
        return found


_EMPTY: array[int] = array("q")
