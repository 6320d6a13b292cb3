"""Pictures (need the ``plot`` extra: ``pip install -e '.[plot]'``).

:func:`timeline`: one lane per contact: past touches (hollow when
unanswered), planned relances (filled, by kind), agreed checkpoints, and the
silences where a new idea is needed (shaded up to the deadline).

:func:`comparison`: policies and baseline cadences side by side, from the
runs of :func:`relance.simulate`: one panel per figure, one bar per run.
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

    from ._simulate import Simulation

__all__ = ["comparison", "timeline"]

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
    plt = _pyplot()
    import matplotlib.dates as mdates

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
    drawn: Figure = fig
    return drawn


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RelanceError(
            "relance.plot needs matplotlib, the 'plot' extra (pip install -e '.[plot]' from a "
            "checkout, or the wheel with [plot])",
            field="matplotlib",
            value=None,
        ) from exc
    return plt


#: The panels of a comparison: (title, the figure per account or as it is, better when).
_PANELS = (
    ("contacts per account-month", "contacts_per_account_month", False, "lower"),
    ("empty check-ins per account", "empty_check_ins", True, "lower"),
    ("median longest silence (days)", "longest_silence_days", False, "lower"),
    ("accounts with a presence lapse (%)", "lapsed_accounts", True, "lower"),
    ("replies per account", "replies", True, "higher"),
    ("meetings per account", "meetings", True, "higher"),
    ("declines per account", "declines", True, "lower"),
    ("opt-outs per account", "opt_outs", True, "lower"),
)


def comparison(runs: Iterable[Simulation], *, title: str | None = None) -> Figure:
    """Draw the figures of several simulation runs side by side.

    One panel per figure (contacts per account-month, empty check-ins, the
    longest silence with the run's lapse marked, lapsed accounts, replies,
    meetings, declines, opt-outs), one bar per run in the same colour in every
    panel, its value written at its end; counts are per account so that runs
    over different portfolios compare.  Each panel says whether lower or
    higher is better.

    Args:
        runs: the runs of :func:`relance.simulate` to compare (their names
            label the bars).
        title: the figure's title (the number of accounts and weeks when
            ``None``).

    Returns:
        The matplotlib Figure.

    Raises:
        RelanceError: no run, or an item that is not a ``Simulation``.
    """
    from ._simulate import Simulation

    plt = _pyplot()
    items = list(runs)
    if not items:
        raise RelanceError("runs: nothing to compare (give one Simulation or more)",
                           field="runs", value=items)
    for index, item in enumerate(items):
        if not isinstance(item, Simulation):
            raise RelanceError(f"runs[{index}]: expected a Simulation (got "
                               f"{type(item).__name__})", field=f"runs[{index}]",
                               value=type(item).__name__)
    summaries = [run.summary() for run in items]
    names = [s.name for s in summaries]
    colours = [f"C{i % 10}" for i in range(len(items))]
    fig, axes = plt.subplots(2, 4, figsize=(15, 2.2 + 0.45 * len(items) * 2), sharey=True)
    for ax, (label, field, per_account, better) in zip(axes.flat, _PANELS, strict=True):
        values = []
        for summary in summaries:
            value = float(getattr(summary, field))
            if per_account:
                value /= max(1, summary.accounts)
                if field == "lapsed_accounts":
                    value *= 100
            values.append(value)
        rows = range(len(items))
        ax.barh(rows, values, color=colours)
        top = max(values) if max(values) > 0 else 1.0
        for row, value in zip(rows, values, strict=True):
            ax.text(value + top * 0.02, row, f"{value:.3g}", va="center", fontsize="small")
        if field == "longest_silence_days":
            lapse = items[0].lapse.total_seconds() / 86_400
            ax.axvline(lapse, color="tab:red", linestyle="--", linewidth=1)
            ax.text(lapse, len(items) - 0.4, " lapse", color="tab:red", fontsize="small",
                    va="bottom")
            top = max(top, lapse)
        ax.set_xlim(0, top * 1.3)
        ax.set_title(f"{label}\n({better} is better)", fontsize="medium")
        ax.spines[["top", "right"]].set_visible(False)
    axes[0][0].set_yticks(range(len(items)), names)
    axes[1][0].set_yticks(range(len(items)), names)
    axes[0][0].invert_yaxis()
    first = summaries[0]
    fig.suptitle(title if title is not None else
                 f"{first.accounts:,} accounts played forward {first.weeks} weeks")
    fig.tight_layout()
    drawn: Figure = fig
    return drawn
