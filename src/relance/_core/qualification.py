"""What is known of a deal, V-E-N-D-U-E, and the facts red flags are read from.

A deal can be lost with a keen sponsor when nobody mapped who allocates the
budget, which providers are already engaged, how heavy the internal process
is, and whether the urgency fits it.  A :class:`Qualification` holds that
knowledge as data: one :class:`Assessment` per dimension of the French
checklist V-E-N-D-U-E (*Valeur, Environnement, Niveau d'attente, Décision,
Urgence, Engagement*; the API names them in English, the rendered text in the
reader's language), plus the facts the red flags are read from
(``relance.red_flags``).

These are models only: they import nothing from the rest of the core, so
``Account`` can hold one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

import attrs
import pendulum

from .errors import DuplicateIdError, InvalidValueError
from .validation import (
    StrEnum,
    check_enum,
    check_id,
    check_optional_aware,
    check_positive_duration,
    check_str,
    field_name,
    instance_of,
    plain_duration,
    to_enum,
    to_optional_instant,
)

__all__ = [
    "DIMENSIONS",
    "Assessment",
    "Budget",
    "Incumbent",
    "Knowledge",
    "Process",
    "Qualification",
]


class Knowledge(StrEnum):
    """How much is known of one dimension of the deal.

    Examples:
        >>> Knowledge("partly")
        <Knowledge.PARTLY: 'partly'>
    """

    KNOWN = "known"
    PARTLY = "partly"
    UNKNOWN = "unknown"


class Budget(StrEnum):
    """Where the budget stands: the engagement a deal needs to close.

    ``vague`` is the budget nobody names ("it's not so much a question of
    cost, but there are constraints"); ``planned`` is set aside for this
    kind of work; ``committed`` is allocated to this deal.

    Examples:
        >>> Budget("vague").value
        'vague'
    """

    UNKNOWN = "unknown"
    NONE = "none"
    VAGUE = "vague"
    PLANNED = "planned"
    COMMITTED = "committed"


class Process(StrEnum):
    """How heavy the client's internal buying process is.

    Examples:
        >>> Process("heavy") is Process.HEAVY
        True
    """

    UNKNOWN = "unknown"
    LIGHT = "light"
    STANDARD = "standard"
    HEAVY = "heavy"


def _to_knowledge(value: Knowledge | str) -> Knowledge:
    return to_enum(Knowledge)(value)  # type: ignore[no-any-return]


def _to_budget(value: Budget | str) -> Budget:
    return to_enum(Budget)(value)  # type: ignore[no-any-return]


def _to_process(value: Process | str) -> Process:
    return to_enum(Process)(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True)
class Assessment:
    """What is known of one dimension: ``known``, ``partly`` or ``unknown``, with notes.

    Attributes:
        state: how much is known (default ``unknown``).
        notes: what is known, in a few words (the client's own, when quoted).

    Examples:
        >>> Assessment(state="known", notes="cuts onboarding from 6 to 2 weeks").state
        <Knowledge.KNOWN: 'known'>
    """

    state: Knowledge = attrs.field(
        default=Knowledge.UNKNOWN, converter=_to_knowledge, validator=check_enum(Knowledge)
    )
    notes: str = attrs.field(default="", validator=check_str)


@attrs.frozen(kw_only=True)
class Incumbent:
    """A provider already engaged at the account.

    Attributes:
        name: who (a company, a trainer).
        scope: on what: the teams or the work they already cover.
        note: anything else worth knowing.

    Examples:
        >>> Incumbent(name="FormaPlus", scope="the same trainers").scope
        'the same trainers'
    """

    name: str = attrs.field(validator=check_id)
    scope: str = attrs.field(default="", validator=check_str)
    note: str = attrs.field(default="", validator=check_str)


def _to_incumbents(value: Any) -> Any:
    # A lone mapping or string must not be read as a sequence of items.
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


def _check_incumbents(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    name = field_name(instance, attribute)
    if not isinstance(value, tuple):
        raise InvalidValueError(
            f"{name} must be a sequence of Incumbent (got {type(value).__name__})",
            field=name, value=value,
        )
    seen: set[str] = set()
    for index, item in enumerate(value):
        if not isinstance(item, Incumbent):
            raise InvalidValueError(
                f"{name}[{index}] must be an Incumbent (got {type(item).__name__})",
                field=f"{name}[{index}]", value=item,
            )
        # "FormaPlus", "formaplus " and "FORMAPLUS" are one provider.
        key = " ".join(item.name.split()).casefold()
        if key in seen:
            raise DuplicateIdError(
                f"{name}[{index}].name: {item.name!r} is listed twice",
                field=f"{name}[{index}].name", value=item.name,
            )
        seen.add(key)


def _check_lead_time(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_positive_duration(instance, attribute, value)


@attrs.frozen(kw_only=True)
class Qualification:
    """What is known of the deal along V-E-N-D-U-E, and the facts red flags read.

    Attributes:
        value: *Valeur*: the value the client expects, in their terms.
        environment: *Environnement*: the providers, tools and teams around the deal.
        expectations: *Niveau d'attente*: what they expect of us, and how much.
        decision: *Décision*: who decides, who allocates the budget, how.
        urgency: *Urgence*: why now, and by when.
        engagement: *Engagement*: what they have committed to (people, time, money).
        budget: where the budget stands: ``unknown``, ``none``, ``vague``,
            ``planned`` or ``committed``.
        budget_notes: how the budget is allocated, or the client's own words
            about it.
        incumbents: providers already engaged at the account.
        process: how heavy their buying process is: ``unknown``, ``light``,
            ``standard`` or ``heavy``.
        process_lead_time: how long that process takes to reach a decision.
        deadline: the date the client needs it by, if they stated one.

    Who decides and who allocates the budget are the account's contacts
    (``Contact.role``, ``Contact.allocates_budget``): the decision map is
    read from them.

    Examples:
        >>> q = Qualification(budget="vague", process="heavy",
        ...                   budget_notes="not so much a question of cost")
        >>> q.budget, q.decision.state
        (<Budget.VAGUE: 'vague'>, <Knowledge.UNKNOWN: 'unknown'>)
    """

    value: Assessment = attrs.field(factory=Assessment, validator=instance_of(Assessment))
    environment: Assessment = attrs.field(factory=Assessment, validator=instance_of(Assessment))
    expectations: Assessment = attrs.field(factory=Assessment, validator=instance_of(Assessment))
    decision: Assessment = attrs.field(factory=Assessment, validator=instance_of(Assessment))
    urgency: Assessment = attrs.field(factory=Assessment, validator=instance_of(Assessment))
    engagement: Assessment = attrs.field(factory=Assessment, validator=instance_of(Assessment))
    budget: Budget = attrs.field(
        default=Budget.UNKNOWN, converter=_to_budget, validator=check_enum(Budget)
    )
    budget_notes: str = attrs.field(default="", validator=check_str)
    incumbents: tuple[Incumbent, ...] = attrs.field(
        default=(), converter=_to_incumbents, validator=_check_incumbents
    )
    process: Process = attrs.field(
        default=Process.UNKNOWN, converter=_to_process, validator=check_enum(Process)
    )
    process_lead_time: timedelta | None = attrs.field(
        default=None, converter=plain_duration, validator=_check_lead_time
    )
    deadline: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=check_optional_aware
    )

    def assessment(self, dimension: str) -> Assessment:
        """The assessment of one dimension, by its name (``"value"``…``"engagement"``)."""
        if dimension not in DIMENSIONS:
            raise InvalidValueError(
                f"dimension must be one of {', '.join(DIMENSIONS)} (got {dimension!r})",
                field="dimension", value=dimension,
            )
        found: Assessment = getattr(self, dimension)
        return found


#: The six dimensions, in the order of V-E-N-D-U-E.
DIMENSIONS: Final = ("value", "environment", "expectations", "decision", "urgency", "engagement")
