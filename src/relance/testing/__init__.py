"""A testing kit for teams who unit-test their own follow-up policies.

Hypothesis strategies for accounts, contacts, ideas, histories, policies,
proposals and instants (many IANA zones, favouring DST transitions), and
ready assertions that a policy is never pushy.  Needs the ``testing`` extra
(the ``testing`` extra: ``pip install -e '.[testing]'`` from a checkout).

Example:
    >>> from hypothesis import given, settings
    >>> from relance import Policy
    >>> from relance.testing import assert_never_pushy
    >>> assert_never_pushy(Policy(max_unanswered=2), max_examples=5)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pendulum

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "relance.testing needs hypothesis, which the 'testing' extra installs: "
        "pip install -e '.[testing]' from a checkout (or the wheel with [testing])"
    ) from exc

from .._core.models import Account, Contact, Idea, Proposal, Touch
from .._core.qualification import Qualification
from ._assertions import (
    NeverPushyError,
    assert_never_pushy,
    assert_plan_sound,
    assert_verdict_exact,
)
from ._strategies import (
    World,
    account_of,
    caps,
    from_us,
    idea_backlogs,
    instants_near,
    policies,
    proposals_for,
    schedules,
    to_us,
    touch_histories,
    worlds,
    zones,
)
from ._strategies import contacts as _contacts
from ._strategies import (
    qualifications as _qualifications,
)

__all__ = [
    "NeverPushyError",
    "World",
    "accounts",
    "assert_never_pushy",
    "assert_plan_sound",
    "assert_verdict_exact",
    "caps",
    "contacts",
    "histories",
    "ideas",
    "instants",
    "policies",
    "proposals",
    "qualifications",
    "schedules",
    "worlds",
    "zones",
]


def _narrow(
    zones: Iterable[str] | None, countries: Iterable[str | tuple[str, str | None]] | None
) -> dict[str, Any]:
    pairs = None
    if countries is not None:
        pairs = tuple(c if isinstance(c, tuple) else (c, None) for c in countries)
    return {
        "zone_names": None if zones is None else tuple(zones),
        "countries": pairs,
    }


def contacts(
    contact_id: str = "ana",
    *,
    zones: Iterable[str] | None = None,
    countries: Iterable[str | tuple[str, str | None]] | None = None,
) -> st.SearchStrategy[Contact]:
    """Contacts with drawn roles, zones, countries, channels and hours.

    Args:
        contact_id: the id they get.
        zones: IANA zones to draw from (all, favouring DST quirks, when None).
        countries: country codes, or (country, subdivision) pairs, to draw from.
    """
    return _contacts(contact_id, **_narrow(zones, countries))


def accounts(
    *,
    zones: Iterable[str] | None = None,
    countries: Iterable[str | tuple[str, str | None]] | None = None,
) -> st.SearchStrategy[Account]:
    """Accounts of one to three contacts, with needs, agreed dates and, for some, a qualification.

    ``zones`` and ``countries`` narrow the contacts as in :func:`contacts`.
    """
    return account_of(**_narrow(zones, countries)).map(lambda pair: pair[0])


@st.composite
def _around(draw: st.DrawFn, account: Account, around: datetime | None) -> int:
    if around is not None:
        return to_us(around)
    return draw(instants_near(account.contacts[0].timezone))


def ideas(*, account: Account, around: datetime | None = None) -> st.SearchStrategy[list[Idea]]:
    """Idea backlogs for ``account``: mostly relevant, some not ready yet, some stale."""
    return _around(account, around).flatmap(
        lambda base: idea_backlogs(needs=account.needs, base=base)
    )


def qualifications(*, around: datetime | None = None) -> st.SearchStrategy[Qualification]:
    """Qualifications (V-E-N-D-U-E) whose facts raise any set of red flags near ``around``.

    Examples:
        >>> from hypothesis import given, settings
        >>> from relance import Account, Contact, red_flags
        >>> @settings(max_examples=5)
        ... @given(qualifications())
        ... def test_flags(q):
        ...     ana = Contact(id="ana", name="Ana", role="champion",
        ...                   timezone="Europe/Paris", country="FR")
        ...     acme = Account(id="acme", name="Acme", needs={"x"}, contacts=[ana],
        ...                    qualification=q)
        ...     assert all(f.why for f in red_flags(acme, now=pendulum.now("UTC")))
        >>> test_flags()
    """
    base = st.just(to_us(around)) if around is not None else instants_near("UTC")
    return base.flatmap(lambda us: _qualifications(base=us))


def histories(
    *, account: Account, around: datetime | None = None, idea_ids: Any = ()
) -> st.SearchStrategy[list[Touch]]:
    """Touches of ``account`` in the 90 days before ``around`` (answers, silences, bounces)."""
    return _around(account, around).flatmap(
        lambda base: touch_histories(account=account, base=base, idea_ids=list(idea_ids))
    )


def proposals(
    *, account: Account, around: datetime | None = None, idea_ids: Any = ()
) -> st.SearchStrategy[Proposal]:
    """Proposals to the account's contacts, near ``around`` or a DST change of their zone."""
    return _around(account, around).flatmap(
        lambda base: proposals_for(account=account, base=base, idea_ids=list(idea_ids))
    )


def instants(zones: Any = None) -> st.SearchStrategy[pendulum.DateTime]:
    """Aware instants, expressed in a drawn zone, often within hours of its DST change.

    Args:
        zones: zone names to draw from (every IANA zone, favouring DST quirks,
            when None).
    """
    names = globals()["zones"]() if zones is None else st.sampled_from(list(zones))
    return names.flatmap(lambda zone: instants_near(zone).map(lambda us: from_us(us, zone)))
