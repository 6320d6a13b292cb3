"""Red flags: what the qualification says could lose the deal, as codes.

Each flag is read from the account's :class:`~relance.Qualification` and its
contacts, with a stable code and an explanation as data.  An account without
a qualification has no flags: the library does not guess what nobody wrote
down.  The flags weigh on the plan (``Policy.flag_weight``): lighter first
steps first with a budget or scope flag, a decision map before the next
selling idea, a differentiating idea against an incumbent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from .explain import Explanation
from .instants import span_of, to_datetime, to_us
from .models import Account, Role
from .plan import RedFlag
from .qualification import Budget, Knowledge, Process
from .validation import require, require_instant

__all__ = [
    "BUDGET_FLAGS",
    "FLAGS",
    "SCOPE_FLAGS",
    "red_flags",
]

#: Every red flag code, in the order the plan lists them.
FLAGS: Final = (
    "no-decision-map",
    "vague-budget",
    "unbacked-engagement",
    "heavy-process",
    "urgency-mismatch",
    "incumbent-provider",
)
#: Flags about the budget: a lighter first step is easier to fund.
BUDGET_FLAGS: Final = frozenset({"vague-budget", "unbacked-engagement"})
#: Flags about the scope the process can carry: a lighter first step passes faster.
SCOPE_FLAGS: Final = frozenset({"heavy-process", "urgency-mismatch"})

_UNBACKED: Final = (Budget.UNKNOWN, Budget.NONE, Budget.VAGUE)


def red_flags(account: Account, *, now: datetime) -> tuple[RedFlag, ...]:
    """The account's red flags at ``now``, in the order of :data:`FLAGS`.

    * ``no-decision-map``: nobody at the account is known to decide
      (``role="decision_maker"``) or to allocate the budget
      (``allocates_budget``);
    * ``vague-budget``: the budget is ``vague``;
    * ``unbacked-engagement``: the client says it is engaged
      (``engagement`` is ``known``) while the budget is ``unknown``, ``none``
      or ``vague``;
    * ``heavy-process``: the buying process is ``heavy``;
    * ``urgency-mismatch``: from ``now``, the process's lead time ends after
      the stated deadline (lead times in whole days count calendar days in
      the first contact's zone);
    * ``incumbent-provider``: one flag per provider already engaged.

    Examples:
        >>> import pendulum
        >>> from relance import Account, Contact, Qualification
        >>> ana = Contact(id="ana", name="Ana", role="champion",
        ...               timezone="Europe/Paris", country="FR")
        >>> media = Account(id="media", name="Media", needs={"training"}, contacts=[ana],
        ...                 qualification=Qualification(budget="vague"))
        >>> [f.code for f in red_flags(media, now=pendulum.datetime(2026, 12, 1, tz="UTC"))]
        ['no-decision-map', 'vague-budget']
    """
    require(account, Account, "account")
    at = to_us(require_instant(now, "now"))
    q = account.qualification
    if q is None:
        return ()
    first = account.contacts[0]
    zone = first.timezone
    found: list[RedFlag] = []

    def flag(code: str, **params: object) -> None:
        found.append(RedFlag(code=code, explanation=Explanation(code=f"flag.{code}",
                                                                params=params)))

    decides = any(c.role is Role.DECISION_MAKER for c in account.contacts)
    allocates = any(c.allocates_budget for c in account.contacts)
    if not (decides and allocates):
        case = "nobody" if not (decides or allocates) else (
            "no-allocator" if decides else "no-decider")
        flag("no-decision-map", case=case, account=account.name)
    if q.budget is Budget.VAGUE:
        flag("vague-budget", case="noted" if q.budget_notes else "plain",
             account=account.name, notes=q.budget_notes)
    if q.engagement.state is Knowledge.KNOWN and q.budget in _UNBACKED:
        flag("unbacked-engagement", case=q.budget.value, account=account.name,
             notes=q.engagement.notes)
    if q.process is Process.HEAVY:
        if q.process_lead_time is None:
            flag("heavy-process", case="plain", account=account.name)
        else:
            flag("heavy-process", case="lead", account=account.name,
                 lead_time=q.process_lead_time)
    if q.deadline is not None and q.process_lead_time is not None:
        ready = span_of(q.process_lead_time).after(at, first.zone)
        if ready > to_us(q.deadline):
            flag("urgency-mismatch", deadline=q.deadline.in_tz(zone),
                 lead_time=q.process_lead_time, ready=to_datetime(ready, first.zone), zone=zone)
    for incumbent in q.incumbents:
        flag("incumbent-provider", case="scoped" if incumbent.scope else "plain",
             provider=incumbent.name, scope=incumbent.scope)
    return tuple(found)
