"""Pins the public types: type-checked by mypy --strict in CI, never run."""

from __future__ import annotations

from datetime import timedelta

import pendulum

import relance


def _typing_checks() -> None:
    at: pendulum.DateTime = pendulum.datetime(2026, 11, 2, 10, tz="Europe/Paris")
    contact = relance.Contact(
        id="ana",
        name="Ana",
        role=relance.Role.DECISION_MAKER,
        timezone="Europe/Paris",
        country="FR",
        channels=frozenset({relance.Channel.EMAIL}),
        working_hours=relance.WorkingHours(start="09:00", end="17:00"),
    )
    account = relance.Account(
        id="acme", name="Acme", needs=frozenset({"training"}), contacts=(contact,)
    )
    idea = relance.Idea(id="pilot", summary="A pilot", addresses=frozenset({"training"}))
    touch = relance.Touch(
        at=at,
        contact_id="ana",
        channel=relance.Channel.EMAIL,
        direction=relance.Direction.OUTBOUND,
        outcome=relance.Outcome.NO_ANSWER,
    )
    history: relance.History = relance.History([touch]).with_touch(touch)
    policy = relance.Policy(min_gap=timedelta(days=7), backoff=2.0)
    verdict: relance.Verdict = policy.check(
        relance.Proposal(at=at, contact_id="ana", channel=relance.Channel.PHONE, idea_id="pilot"),
        account=account,
        history=history,
        ideas=[idea],
    )
    allowed: bool = verdict.allowed
    earliest: pendulum.DateTime | None = verdict.earliest
    codes: tuple[str, ...] = verdict.codes
    reasons: tuple[relance.Reason, ...] = verdict.reasons
    lifts: pendulum.DateTime | None = reasons[0].lifts_at
    gap: timedelta = policy.required_gap(2)
    code: str = relance.Code.TOO_SOON
    streak: int = history.unanswered_streak
    error: type[ValueError] = relance.InvalidValueError
    key_error: type[KeyError] = relance.UnknownIdError
    result: relance.Plan = relance.plan(
        account=account, history=history, ideas={"pilot": idea}, policy=policy, now=at,
        horizon=timedelta(weeks=12),
    )
    first: relance.Relance = result.relances[0]
    kind: str = first.kind
    again: relance.Proposal = first.proposal
    done: relance.Touch = first.to_touch(relance.Outcome.NO_ANSWER)
    needs: tuple[relance.IdeaNeeded, ...] = result.needs
    advice: tuple[relance.Advice, ...] = result.advice
    skipped: tuple[relance.Skipped, ...] = result.skipped
    del allowed, earliest, codes, lifts, gap, code, streak, error, key_error
    del kind, again, done, needs, advice, skipped
