"""A timeline picture of a plan (needs the ``plot`` extra: ``pip install -e '.[plot]'``).

One lane per contact: past touches (hollow when unanswered), planned
relances (filled, by kind), agreed checkpoints, and the silences where a new
idea is needed (shaded up to the deadline).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._core.errors import RelanceError
from ._core.history import History
from ._core.models import Account, Direction, Outcome, Touch
from ._core.plan import Kind, Plan

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["timeline"]

_COLOURS = {Kind.IDEA: "tab:blue", Kind.CHECKPOINT: "tab:green", Kind.REPLY: "tab:purple"}


def timeline(
    plan: Plan,
    history: History | Iterable[Touch] = (),
    *,
    account: Account | None = None,
    ax: Any = None,
) -> Figure:
    """Draw the plan and its history on a timeline, one lane per contact.

    Args:
        plan: the plan to draw.
        history: the past touches to draw before it.
        account: to name the lanes and show checkpoints (optional).
        ax: a matplotlib Axes to draw on (a new figure when None).

    Returns:
        The matplotlib Figure (save it with ``fig.savefig("plan.png")``).
    """
    try:
        import matplotlib.dates as mdates
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RelanceError(
            "relance.plot needs matplotlib, the 'plot' extra (pip install -e '.[plot]' from a "
            "checkout, or the wheel with [plot])",
            field="matplotlib",
            value=None,
        ) from exc
    touches = list(history)
    lanes = [c.id for c in account.contacts] if account is not None else sorted(
        {t.contact_id for t in touches} | {r.contact_id for r in plan.relances}
    )
    names = {c.id: c.name for c in account.contacts} if account is not None else {}
    row = {contact: index for index, contact in enumerate(lanes)}
    if ax is None:
        fig, ax = plt.subplots(figsize=(11, 1.2 + 0.6 * max(1, len(lanes))))
    else:
        fig = ax.figure

    def when(value: Any) -> Any:
        return mdates.date2num(value)  # type: ignore[no-untyped-call]

    for touch in touches:
        if touch.contact_id not in row:
            continue
        answered = touch.direction is Direction.INBOUND or touch.outcome not in (
            Outcome.PENDING, Outcome.NO_ANSWER, Outcome.BOUNCED)
        marker = "v" if touch.direction is Direction.INBOUND else "o"
        ax.plot(when(touch.at), row[touch.contact_id], marker, color="grey",
                markerfacecolor="grey" if answered else "none", markersize=7)
    for relance in plan.relances:
        ax.plot(when(relance.at), row[relance.contact_id], "D", color=_COLOURS[relance.kind],
                markersize=8, label=relance.kind.value)
    if account is not None:
        for cp in account.agreed_checkpoints:
            ax.axvline(when(cp.at), color="tab:green", linestyle=":", linewidth=1)
    for need in plan.needs:
        ax.axvspan(when(plan.now), when(need.by), color="tab:red", alpha=0.08)
        ax.axvline(when(need.by), color="tab:red", linewidth=1)
    ax.axvline(when(plan.now), color="black", linewidth=1)
    ax.set_yticks(range(len(lanes)), [names.get(c, c) for c in lanes])
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))  # type: ignore[no-untyped-call]
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=False))
    if unique:
        ax.legend(unique.values(), unique.keys(), loc="upper left", fontsize="small")
    ax.set_title(f"Follow-ups for {plan.account_id}")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig
