"""Rules of your own: a public base class, adapted to the core's rule protocol."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Final

import pendulum

from .errors import InvalidValueError, short_repr
from .explain import Explanation
from .instants import NEVER as _NEVER_US
from .instants import in_range, to_datetime, to_us
from .rules import Context, Rule
from .validation import RANGE_TEXT

__all__ = ["NEVER", "CustomRule", "Never", "Situation"]

#: What a rule sees of a proposal: the account, its history, the contact, the
#: channel, the idea and checkpoint carried (or None), whether it is a reply,
#: and whether it is a valid reply (``replying``) or keeps a checkpoint
#: (``at_checkpoint``).
Situation = Context


class Never:
    """The answer of a rule that no passage of time lifts (use :data:`NEVER`)."""

    _instance: ClassVar[Never | None] = None

    def __new__(cls) -> Never:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NEVER"


#: Return it from :meth:`CustomRule.refuses` when waiting does not help.
NEVER: Final = Never()


class CustomRule:
    """Base class of a rule of your own, added to a policy with ``Policy(rules=...)``.

    Give it a stable ``code`` and implement :meth:`refuses`: ``None`` when the
    proposal is allowed at ``at``; else the instant the refusal lifts, or
    :data:`NEVER`.  The lift must be exact: the rule refuses at every instant
    from ``at`` up to it.  ``needs`` says what a proposal must carry for the
    rule to apply (``"idea"``, ``"checkpoint"``, ``"reply"``, or None for all).
    The planner honours custom rules as it does the built-in ones.

    Examples:
        >>> import pendulum
        >>> from relance import Role
        >>> class OneGatekeeperCallAWeek(CustomRule):
        ...     code = "gatekeeper-weekly"
        ...     def refuses(self, situation, at):
        ...         if situation.contact.role is not Role.GATEKEEPER:
        ...             return None
        ...         calls = [t.at for t in situation.history
        ...                  if t.contact_id == situation.contact.id and t.channel == "phone"]
        ...         if calls and at < max(calls).add(days=7):
        ...             return max(calls).add(days=7)
        ...         return None
        >>> from relance import Policy
        >>> Policy(rules=(OneGatekeeperCallAWeek(),)).enforced_rules[-1]
        CustomRule('gatekeeper-weekly')
    """

    code: ClassVar[str] = ""
    needs: ClassVar[str | None] = None

    def refuses(
        self, situation: Situation, at: pendulum.DateTime
    ) -> datetime | Never | None:
        """``None`` if allowed at ``at``; else when it lifts, or :data:`NEVER`."""
        raise NotImplementedError

    def explain(
        self, situation: Situation, at: pendulum.DateTime, lifts_at: pendulum.DateTime | None
    ) -> str:
        """A sentence for people; override it to say more."""
        when = "never by time alone" if lifts_at is None else f"until {lifts_at.isoformat()}"
        return f"refused by rule {self.code!r}, {when}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Adapted(Rule):
    """A custom rule seen through the core's integer-instant protocol."""

    def __init__(self, custom: CustomRule, index: int = 0) -> None:
        self.custom = custom
        self.field = f"Policy.rules[{index}]"
        self.code = custom.code  # type: ignore[misc]
        self.needs = custom.needs  # type: ignore[misc]

    def refuses(self, ctx: Context, at: int) -> int | None:
        found = self.custom.refuses(ctx, to_datetime(at, ctx.contact.zone))
        if found is None:
            return None
        if isinstance(found, Never):
            return _NEVER_US
        if not isinstance(found, datetime) or found.utcoffset() is None:
            what = "a naive datetime" if isinstance(found, datetime) else short_repr(found)
            raise InvalidValueError(
                f"{self.field}: custom rule {self.code!r} returned {what}; refuses() must "
                "return None, NEVER or an aware datetime after the instant it refuses",
                field=self.field,
                value=found,
            )
        lift = to_us(found)
        if lift <= at:
            raise InvalidValueError(
                f"{self.field}: custom rule {self.code!r} refused at "
                f"{to_datetime(at, ctx.contact.zone).isoformat()} but lifts at "
                f"{found.isoformat()}, not later: a lift must be after the instant refused",
                field=self.field,
                value=found,
            )
        if not in_range(found):
            raise InvalidValueError(
                f"{self.field}: custom rule {self.code!r} lifts at {found.isoformat()}, out of "
                f"range ({RANGE_TEXT}); return NEVER when waiting does not help",
                field=self.field,
                value=found,
            )
        return lift

    def explain(self, ctx: Context, at: int, lift: int) -> Explanation:
        zone = ctx.contact.zone
        lifts_at = None if lift >= _NEVER_US else to_datetime(lift, zone)
        text = self.custom.explain(ctx, to_datetime(at, zone), lifts_at)
        if not isinstance(text, str):
            raise InvalidValueError(
                f"{self.field}: custom rule {self.code!r} explained itself with "
                f"{short_repr(text)}; explain() must return a str",
                field=self.field,
                value=text,
            )
        return Explanation(code=self.code, text=text)

    def __repr__(self) -> str:
        return f"CustomRule({self.code!r})"
