"""relance: plan and police sales follow-ups — always present, never pushy.

A follow-up is allowed only when it carries a new, value-bearing idea (or
keeps an agreed checkpoint, or answers the client); spacing grows while
answers stay away; every local rule follows the contact's own zone, working
hours and holidays.  Every refusal comes with a stable code.
"""

import typing as _typing

from ._core.audit import Audit, AuditFinding, AuditSummary, SilentStretch, audit
from ._core.caps import Cap, Period, Scope
from ._core.custom import NEVER, CustomRule, Never, Situation
from ._core.errors import (
    DuplicateIdError,
    InvalidValueError,
    NaiveDatetimeError,
    Problem,
    RelanceError,
    UnknownCountryError,
    UnknownIdError,
    UnknownTimezoneError,
)
from ._core.explain import Explanation, Params
from ._core.explain import register_loader as _register_loader
from ._core.flags import red_flags
from ._core.history import History
from ._core.instants import Elapsed
from ._core.models import (
    Absence,
    Account,
    Channel,
    Checkpoint,
    Contact,
    Direction,
    Idea,
    Leave,
    Outcome,
    Owner,
    Proposal,
    QuietPeriod,
    Role,
    Schedule,
    Tension,
    Touch,
    WorkingHours,
)
from ._core.plan import (
    Advice,
    Hypothesis,
    IdeaNeeded,
    Kind,
    Plan,
    RedFlag,
    Relance,
    Skipped,
    Waiting,
)
from ._core.planner import plan
from ._core.policy import Policy
from ._core.qualification import (
    Assessment,
    Budget,
    Incumbent,
    Knowledge,
    Process,
    Qualification,
)
from ._core.verdict import Code, Reason, Verdict

if _typing.TYPE_CHECKING:  # imported when first used: see _EDGE_NAMES
    from ._io.serialization import Document, from_dict, from_json, to_dict, to_json
    from ._simulate import (
        Cadence,
        Carried,
        Responder,
        ResponseModel,
        SimulatedAccount,
        Simulation,
        SimulationSummary,
        simulate,
    )
    from ._words.review import Finding, Review, review
    from ._words.texts import set_display_locale

__version__: str
"""The installed version, as the package metadata says (read when first asked)."""


def _load_edges() -> None:
    """Import the edges, which register how the core writes, speaks and reads words."""
    # serialization: Policy.to_dict, from_dict, from_toml; audit: how an audit
    # speaks; reading: the reviewer the rules read drafts with; render: the
    # renderer the core speaks through; texts: how verdicts and plans read.
    from ._io import serialization  # noqa: F401
    from ._words import audit, reading, render, texts  # noqa: F401


# A cold start loads neither cattrs nor babel: the edges come when first
# needed (a message read, a policy written, a public name below asked for).
_register_loader(_load_edges)

#: Public names that live in an edge: (module, name), imported when first asked.
_EDGE_NAMES = {
    **{name: ("._io.serialization", name)
       for name in ("Document", "from_dict", "from_json", "to_dict", "to_json")},
    **{name: ("._words.review", name) for name in ("Finding", "Review", "review")},
    "set_display_locale": ("._words.texts", "set_display_locale"),
    **{name: ("._simulate", name)
       for name in ("Cadence", "Carried", "Responder", "ResponseModel", "SimulatedAccount",
                    "Simulation", "SimulationSummary", "simulate")},
}


def __dir__() -> list[str]:
    return sorted({*globals(), *_EDGE_NAMES})


def __getattr__(name: str) -> _typing.Any:
    # The version is read from the package metadata when asked, not at import
    # (importlib.metadata costs some 40 ms of a cold start).
    if name == "__version__":
        import importlib.metadata as metadata

        try:
            return metadata.version("relance")
        except metadata.PackageNotFoundError:  # pragma: no cover - a source tree
            return "0.0.0"
    where = _EDGE_NAMES.get(name)
    if where is not None:
        import importlib

        value = getattr(importlib.import_module(where[0], __name__), where[1])
        globals()[name] = value  # asked once
        return value
    raise AttributeError(f"module 'relance' has no attribute {name!r}")

__all__ = [
    "NEVER",
    "Absence",
    "Account",
    "Advice",
    "Assessment",
    "Audit",
    "AuditFinding",
    "AuditSummary",
    "Budget",
    "Cadence",
    "Cap",
    "Carried",
    "Channel",
    "Checkpoint",
    "Code",
    "Contact",
    "CustomRule",
    "Direction",
    "Document",
    "DuplicateIdError",
    "Elapsed",
    "Explanation",
    "Finding",
    "History",
    "Hypothesis",
    "Idea",
    "IdeaNeeded",
    "Incumbent",
    "InvalidValueError",
    "Kind",
    "Knowledge",
    "Leave",
    "NaiveDatetimeError",
    "Never",
    "Outcome",
    "Owner",
    "Params",
    "Period",
    "Plan",
    "Policy",
    "Problem",
    "Process",
    "Proposal",
    "Qualification",
    "QuietPeriod",
    "Reason",
    "RedFlag",
    "Relance",
    "RelanceError",
    "Responder",
    "ResponseModel",
    "Review",
    "Role",
    "Schedule",
    "Scope",
    "SilentStretch",
    "SimulatedAccount",
    "Simulation",
    "SimulationSummary",
    "Situation",
    "Skipped",
    "Tension",
    "Touch",
    "UnknownCountryError",
    "UnknownIdError",
    "UnknownTimezoneError",
    "Verdict",
    "Waiting",
    "WorkingHours",
    "__version__",
    "audit",
    "from_dict",
    "from_json",
    "plan",
    "red_flags",
    "review",
    "set_display_locale",
    "simulate",
    "to_dict",
    "to_json",
]
