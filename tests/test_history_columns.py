"""A History holds its touches as columns and shares them with the histories extended from it.

The properties: the touches read back equal those given (instant, zone,
fold, every field); every history of a tree of ``with_touch`` calls, read in
any order and from several threads, has the facts of the same history built
from scratch.
"""

from __future__ import annotations

import pickle
import threading
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from relance import (
    Account,
    Channel,
    Contact,
    History,
    Policy,
    Touch,
    audit,
)
from relance._core.history import _sort_key
from strategies import MINUTE, World, from_us, instants_near, to_us, worlds, zones


def facts(history: History) -> dict[str, Any]:
    """Everything a history says, public and internal, as plain data."""
    contacts = sorted(history.contact_ids | {"nobody"})
    per_contact = {}
    for cid in contacts:
        f = history.facts(cid)
        per_contact[cid] = (
            f.opted_out, f.streak, f.awaiting, f.awaiting_channel, f.bounced, f.responded,
            f.responded_channel, f.away, list(f.out),
            {c: list(v) for c, v in f.by_channel.items() if v},
            history.unanswered_streak_of(cid), history.awaits_reply(cid),
        )
    return {
        "touches": [(t, t.at.isoformat(), t.at.fold, t.at.timezone_name) for t in history],
        "len": len(history),
        "shared": history.shared_ideas,
        "kept": history.kept_checkpoints,
        "contacts": history.contact_ids,
        "ideas": history.idea_ids,
        "checkpoints": history.checkpoint_ids,
        "last": history.last_outbound_at,
        "last_us": history.last_outbound_us,
        "streak": history.unanswered_streak,
        "decline": (history.decline_us, history.decline_contact),
        "tension": (history.tension_windows(), history.resolutions()),
        "out": [list(history.outbound(None, c)) for c in (None, *Channel)],
        "per_contact": per_contact,
        "shares": {i: history.shares(i) for i in history.idea_ids | {"new0", "new1"}},
        "kept?": {c: history.kept(c) for c in history.checkpoint_ids},
    }


def same_touch(read: Touch, given: Touch) -> None:
    assert read == given
    assert type(read.at) is type(given.at)
    assert read.at.isoformat() == given.at.isoformat()
    assert read.at.fold == given.at.fold
    assert read.at.tzinfo is given.at.tzinfo
    assert read.text == given.text
    assert read.returns_at == given.returns_at
    assert read._us == given._us


@given(worlds())
def test_touches_read_back_as_given(world: World) -> None:
    """Each touch read from the columns equals the one given, in its own zone and fold."""
    given_ = sorted(world.history, key=_sort_key)
    history = History(world.history)
    for position, touch in enumerate(given_):
        same_touch(history[position], touch)
        same_touch(history[position - len(given_)], touch)
    assert list(history) == given_
    assert list(reversed(history)) == given_[::-1]
    assert history[1:3] == tuple(given_[1:3])
    for read, touch in zip(history.touches, given_, strict=True):
        same_touch(read, touch)
    assert pickle.loads(pickle.dumps(history)) == history


@st.composite
def near_transitions(draw: st.DrawFn) -> Touch:
    """A touch whose instant is often in a DST gap's neighbourhood or a fold, in its zone."""
    zone = draw(zones())
    at = from_us(draw(instants_near(zone)), zone)
    if draw(st.booleans()):  # the same instant given with the stdlib's zone
        at = at.in_timezone("UTC").astimezone(ZoneInfo(zone))
    if draw(st.booleans()):  # either fold, where it says which pass or changes nothing
        at = at.replace(fold=draw(st.sampled_from([0, 1])))
    return Touch(at=at, contact_id="ana", channel="email", direction="outbound",
                 outcome="no_answer")


@given(st.lists(near_transitions(), max_size=8))
def test_instants_near_transitions_read_back_in_their_fold(touches: list[Touch]) -> None:
    history = History(touches)
    for read, touch in zip(history, sorted(touches, key=_sort_key), strict=True):
        same_touch(read, touch)


def test_both_occurrences_of_a_folded_hour_read_back() -> None:
    second = pendulum.datetime(2026, 10, 25, 2, 30, tz="Europe/Paris")  # CET, fold 1
    first = second.subtract(hours=1)  # 02:30 the first time, CEST, fold 0
    fixed = pendulum.parse("2026-10-25T02:30:00-03:00")
    assert (first.fold, second.fold) == (0, 1)
    touches = [Touch(at=at, contact_id="ana", channel="email", direction="outbound",
                     outcome="no_answer") for at in (second, fixed, first)]
    history = History(touches)
    assert [t.at.isoformat() for t in history] == [
        "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00", "2026-10-25T02:30:00-03:00"]
    assert [t.at.fold for t in history] == [0, 1, 0]
    for read, touch in zip(history, sorted(touches, key=_sort_key), strict=True):
        same_touch(read, touch)


@st.composite
def growths(draw: st.DrawFn) -> tuple[World, list[tuple[str, int, Touch | None]]]:
    """A world, and a program: extend version i with a touch, or read version i."""
    world = draw(worlds())
    ids = [c.id for c in world.account.contacts]
    program: list[tuple[str, int, Touch | None]] = []
    versions = 1
    last = max((to_us(t.at) for t in world.history), default=to_us(world.now))
    for _ in range(draw(st.integers(1, 12))):
        version = draw(st.integers(0, versions - 1))
        if draw(st.booleans()):
            program.append(("read", version, None))
            continue
        # Mostly after every touch (the shared path), sometimes before (a rebuild).
        minutes = draw(st.integers(-3 * 24 * 60, 5 * 24 * 60))
        direction = draw(st.sampled_from(["outbound", "inbound"]))
        outcome = draw(st.sampled_from(
            ["pending", "no_answer", "replied", "declined", "bounced", "complaint", "resolved"]
            if direction == "outbound" else ["replied", "declined", "complaint", "resolved"]))
        touch = Touch(
            at=from_us(last + minutes * MINUTE, draw(zones())),
            contact_id=draw(st.sampled_from([*ids, "zed"])),
            channel=draw(st.sampled_from(Channel)),
            direction=direction,
            outcome=outcome,
            idea_id=draw(st.sampled_from([None, "new0", "new1", *world.account.needs])),
            checkpoint_id=draw(st.sampled_from([None, "cp-a", "cp-b"])),
        )
        program.append(("extend", version, touch))
        versions += 1
    return world, program


@given(growths())
def test_every_version_of_a_tree_of_extensions_has_its_own_facts(
    case: tuple[World, list[tuple[str, int, Touch | None]]],
) -> None:
    """Versions extended from one another, read in any order, each equal a fresh build."""
    world, program = case
    versions = [History(world.history)]
    touches = [list(world.history)]
    for op, version, touch in program:
        if op == "read":
            assert facts(versions[version]) == facts(History(touches[version]))
        else:
            assert touch is not None
            versions.append(versions[version].with_touch(touch))
            touches.append([*touches[version], touch])
    for history, given_ in zip(versions, touches, strict=True):
        assert facts(history) == facts(History(given_))


def test_a_long_chain_shares_its_columns() -> None:
    """Extending the latest history reuses its columns; the one extended keeps its own."""
    start = pendulum.datetime(2026, 1, 5, 9, tz="Europe/Paris")
    chain = [History()]
    for i in range(200):
        chain.append(chain[-1].with_touch(Touch(
            at=start.add(hours=i), contact_id=("ana", "bob")[i % 2], channel="email",
            direction="outbound", outcome="no_answer", idea_id=f"i{i}")))
    assert chain[-1]._cols is chain[1]._cols  # one set of columns for the whole chain
    assert chain[-1]._stale is None
    assert chain[100]._stale is not None
    assert len(chain[100].outbound()) == 100
    assert chain[100]._stale is None
    assert chain[100]._cols is not chain[-1]._cols
    assert len(chain[-1].outbound()) == 200
    assert chain[100].unanswered_streak == 100
    assert chain[-1].unanswered_streak == 200
    assert not chain[100].shares("i150")
    assert chain[-1].shares("i150")


def test_threads_extending_one_history_each_get_their_own() -> None:
    """Eight threads extend the same history at once: each result is a fresh build's."""
    start = pendulum.datetime(2026, 3, 29, 1, tz="Europe/Paris")  # a DST night
    base = [Touch(at=start.add(minutes=7 * i), contact_id="ana", channel="email",
                  direction="outbound", outcome="no_answer", idea_id=f"i{i}") for i in range(50)]
    history = History(base)
    results: dict[int, History] = {}
    later = {k: Touch(at=start.add(hours=9, minutes=k), contact_id=f"c{k}", channel="phone",
                      direction="outbound", outcome="replied", idea_id=f"t{k}")
             for k in range(8)}
    barrier = threading.Barrier(8)

    def grow(k: int) -> None:
        barrier.wait()
        grown = history
        for _ in range(20):
            grown = grown.with_touch(later[k])
            grown.outbound()
        results[k] = grown

    threads = [threading.Thread(target=grow, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for k, grown in results.items():
        assert facts(grown) == facts(History([*base, *[later[k]] * 20]))
    assert facts(history) == facts(History(base))


def _weekly(count: int, outcome: str = "replied") -> list[Touch]:
    base = pendulum.datetime(2026, 1, 5, 10, tz="Europe/Paris")
    return [Touch(at=base.add(days=7 * i), contact_id="ana", channel="email",
                  direction="outbound", outcome=outcome) for i in range(count)]


def test_a_history_read_by_another_thread_is_never_extended_in_place() -> None:
    """Read by a second thread, a history is published: extending it copies its columns."""
    touches = _weekly(20)
    history = History(touches)
    later = Touch(at=touches[-1].at.add(days=7), contact_id="ana", channel="email",
                  direction="outbound", outcome="no_answer")
    mine = history.with_touch(later)  # its own thread, unread elsewhere: shared
    assert mine._cols is history._cols
    other = History(touches)
    seen: list[int] = []
    reader = threading.Thread(target=lambda: seen.append(len(other.outbound())))
    reader.start()
    reader.join()
    assert seen == [20]
    assert other._published
    grown = other.with_touch(later)  # a copy: the reader may still hold the columns
    assert grown._cols is not other._cols
    assert len(other.outbound()) == 20
    assert facts(grown) == facts(History([*touches, later]))


def test_equal_zones_are_one_entry_and_any_number_of_them_fit() -> None:
    """70,000 touches, each with its own FixedTimezone object: one zone in the table."""
    base = pendulum.datetime(2026, 1, 5, 10, tz="UTC")
    touches = [Touch(at=base.add(minutes=i).in_timezone(pendulum.FixedTimezone(3600)),
                     contact_id="ana", channel="email", direction="outbound",
                     outcome="no_answer") for i in range(70_000)]
    history = History(touches)
    assert len(history._cols.zones) == 1
    assert history[69_999] == touches[-1]
    assert history[69_999].at.isoformat() == touches[-1].at.isoformat()


def test_the_fold_reads_back_as_given_outside_folds_too() -> None:
    """Pendulum gives fold=1 to ordinary times; read back, it stays, and replace agrees."""
    at = pendulum.datetime(2026, 6, 1, 10, tz="Europe/Paris")
    touch = Touch(at=at, contact_id="ana", channel="email", direction="outbound",
                  outcome="no_answer")
    read = History([touch])[0]
    assert read.at.fold == touch.at.fold == at.fold
    moved = {"month": 10, "day": 25, "hour": 2, "minute": 30}
    assert read.at.replace(**moved).isoformat() == touch.at.replace(**moved).isoformat()


def test_the_order_given_never_matters_even_for_texts_and_return_dates() -> None:
    """Two out-of-office replies at one instant, back on different days: one history."""
    at = pendulum.datetime(2026, 11, 2, 10, tz="Europe/Paris")
    sent = Touch(at=at.subtract(days=1), contact_id="ana", channel="email",
                 direction="outbound", outcome="no_answer", idea_id="pilot")
    soon, late = (Touch(at=at, contact_id="ana", channel="email", direction="inbound",
                        outcome="out_of_office", returns_at=at.add(days=days))
                  for days in (3, 40))
    first, second = History([sent, soon, late]), History([sent, late, soon])
    assert first == second
    assert hash(first) == hash(second)
    assert first.facts("ana").away == second.facts("ana").away
    texts = [Touch(at=at, contact_id="ana", channel="email", direction="outbound",
                   outcome="no_answer", text=text) for text in ("A pilot", "A case")]
    assert History(texts) == History(texts[::-1])


def test_a_touch_of_a_subclass_reads_back_as_given() -> None:
    @attrs.frozen(kw_only=True)
    class CrmTouch(Touch):
        crm_id: str = "x"

    touch = CrmTouch(at=pendulum.datetime(2026, 11, 2, 10, tz="UTC"), contact_id="ana",
                     channel="email", direction="outbound", outcome="no_answer", crm_id="42")
    assert History([touch])[0] is touch


def test_an_audit_leaves_the_history_as_compact_as_it_was() -> None:
    """The audit reads every touch, but does not leave them built on the caller's history."""
    ana = Contact(id="ana", name="Ana", role="decision_maker", timezone="Europe/Paris",
                  country="FR")
    acme = Account(id="acme", name="Acme", needs={"n"}, contacts=[ana])
    history = History(_weekly(30, "no_answer"))
    audit(account=acme, history=history, ideas=[], policy=Policy())
    assert history._tuple is None
