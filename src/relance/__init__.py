"""relance: plan and police sales follow-ups — always present, never pushy.

A follow-up is allowed only when it carries a new, value-bearing idea (or
keeps an agreed checkpoint, or answers the client); spacing grows while
answers stay away; every local rule follows the contact's own zone, working
hours and holidays.  Every refusal comes with a stable code.
"""

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
from ._io.serialization import Document, from_dict, from_json, to_dict, to_json
from ._words import audit as _audit_words  # noqa: F401 - registers how an audit speaks
from ._words import reading as _reading  # noqa: F401 - registers the reviewer the rules read with
from ._words import render as _render  # noqa: F401 - registers the renderer the core speaks through
from ._words.review import Finding, Review, review
from ._words.texts import set_display_locale

__version__: str
"""The installed version, as the package metadata says (read when first asked)."""


def __getattr__(name: str) -> str:
    # The version is read from the package metadata when asked, not at import
    # (importlib.metadata costs some 40 ms of a cold start).
    if name == "__version__":
        import importlib.metadata as metadata

        try:
            return metadata.version("relance")
        except metadata.PackageNotFoundError:  # pragma: no cover - a source tree
            return "0.0.0"
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
    "Cap",
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
    "Review",
    "Role",
    "Schedule",
    "Scope",
    "SilentStretch",
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
    "to_dict",
    "to_json",
]
