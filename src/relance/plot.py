"""Pictures (need the ``plot`` extra: ``pip install -e '.[plot]'``).

:func:`timeline`: one account, one lane per contact: past touches by
outcome, planned relances by kind with their idea, agreed checkpoints, quiet
periods, absences, tensions, and where a new idea is needed.

:func:`touches_per_week`: a portfolio's touches per account and week, past
and planned, with the busiest account of each week.

:func:`comparison`: policies and baseline cadences side by side, from the
runs of :func:`relance.simulate`: one panel per figure, one bar per run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._core.errors import RelanceError
from ._core.history import History
from ._core.models import Account, Direction, Idea, Outcome, Touch
from ._core.plan import Kind, Plan

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ._simulate import Simulation

__all__ = ["comparison", "timeline", "touches_per_week"]

_COLOURS = {Kind.IDEA: "tab:blue", Kind.CHECKPOINT: "tab:green", Kind.REPLY: "tab:purple"}
_KIND_LABEL = {Kind.IDEA: "planned: a new idea", Kind.CHECKPOINT: "planned: an agreed date",
               Kind.REPLY: "planned: a reply"}
#: Past touches: (colour, filled, label) by outcome; outbound "o", inbound "v".
_OUTCOME_STYLE = {
    Outcome.NO_ANSWER: ("grey", False, "no answer"),
    Outcome.PENDING: ("grey", False, "pending"),
    Outcome.REPLIED: ("tab:green", True, "replied"),
    Outcome.MEETING: ("darkgreen", True, "meeting"),
    Outcome.DECLINED: ("tab:orange", True, "declined"),
    Outcome.OPTED_OUT: ("tab:red", True, "opted out"),
    Outcome.BOUNCED: ("black", False, "bounced"),
    Outcome.OUT_OF_OFFICE: ("tab:purple", False, "out of office"),
    Outcome.COMPLAINT: ("tab:red", False, "complaint"),
    Outcome.RESOLVED: ("tab:cyan", True, "resolved"),
}


def _short(text: str, width: int = 34) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def timeline(
    plan: Plan,
    history: History | Iterable[Touch] = (),
    *,
    account: Account | None = None,
    ideas: Iterable[Idea] = (),
    ax: Any = None,
) -> Figure:
    """Draw the plan and its history on a timeline, one lane per contact.

    Each lane is a contact, named with their role.  Past touches are circles
    (outbound) and triangles (inbound), coloured by outcome, hollow when
    unanswered; planned relances are diamonds, coloured by kind and labelled
    with the idea's summary (``ideas``) or the checkpoint.  Behind them:
    agreed checkpoints (every occurrence of a recurring one) as green
    ticks, the client's quiet periods hatched, absences and open tensions
    shaded in their contact's lane (or across all lanes for the whole
    account), and where presence would lapse, the stretch up to "a new idea
    is needed by" in red.  A black line marks now.  Every mark is in the
    legend, below the picture, where it hides nothing; the ticks fall on
    the first of each month; the title is the account's name.

    Args:
        plan: the plan to draw.
        history: the past touches to draw before it.
        account: to name the lanes and draw checkpoints, quiet periods,
            absences and tensions (optional: lanes are then contact ids).
        ideas: the backlog, to label relances with their idea's summary.
        ax: a matplotlib Axes to draw on (a new figure when None).

    Returns:
        The matplotlib Figure (save it with ``fig.savefig("plan.png")``).
    """
    plt = _pyplot()
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    touches = list(history)
    summaries = {i.id: i.summary for i in ideas}
    people = list(account.contacts) if account is not None else []
    lanes = [c.id for c in people] if people else sorted(
        {t.contact_id for t in touches} | {r.contact_id for r in plan.relances})
    names = {c.id: f"{c.name}\n({c.role.value.replace('_', ' ')})" for c in people}
    row = {contact: index for index, contact in enumerate(lanes)}
    if ax is None:
        fig, ax = plt.subplots(figsize=(12, 2.6 + 0.8 * max(1, len(lanes))))
    else:
        fig = ax.figure
    legend: dict[str, Any] = {}

    def when(value: Any) -> Any:
        return mdates.date2num(value)  # type: ignore[no-untyped-call]

    def band(start: Any, end: Any, contact: str | None, label: str, **style: Any) -> None:
        low, high = (-0.5, len(lanes) - 0.5) if contact is None or contact not in row else (
            row[contact] - 0.4, row[contact] + 0.4)
        ax.fill_between([when(start), when(end)], low, high, linewidth=0, **style)
        legend.setdefault(label, Patch(label=label, **style))

    first = min([plan.now, *(t.at for t in touches)])
    last = plan.horizon
    if account is not None:
        for quiet in account.quiet_periods:
            band(quiet.start or first, quiet.end, quiet.contact_id, "client asked for quiet",
                 facecolor="none", edgecolor="grey", hatch="///", alpha=0.5)
        for away in account.absences:
            band(away.start, away.end, away.contact_id, "away (absence)",
                 color="tab:purple", alpha=0.12)
        for tension in account.tensions:
            band(tension.opened_at, tension.resolved_at or last, tension.contact_id,
                 "tension open (repair first)", color="tab:red", alpha=0.10)
    for need in plan.needs:
        band(plan.now, need.by, None, "silence: a new idea is needed by…",
             color="tab:red", alpha=0.06)
        ax.axvline(when(need.by), color="tab:red", linewidth=1.2, linestyle="--")
    if account is not None:
        for cp in account.agreed_checkpoints:
            y = row.get(cp.contact_id)
            if y is None:
                continue
            ax.plot(when(cp.at), y - 0.33, marker="|", color="tab:green", markersize=12,
                    markeredgewidth=2, linestyle="none")
            legend.setdefault("agreed checkpoint", Line2D(
                [], [], marker="|", color="tab:green", markersize=12, markeredgewidth=2,
                linestyle="none", label="agreed checkpoint"))
    for touch in touches:
        if touch.contact_id not in row:
            continue
        colour, filled, label = _OUTCOME_STYLE[touch.outcome]
        inbound = touch.direction is Direction.INBOUND
        marker = "v" if inbound else "o"
        text = f"{'in' if inbound else 'out'}: {label}"
        # Inbound a little below the lane: a reply the same day hides no touch.
        ax.plot(when(touch.at), row[touch.contact_id] - (0.17 if inbound else 0), marker=marker,
                color=colour,
                markerfacecolor=colour if filled else "none", markersize=8, linestyle="none")
        legend.setdefault(text, Line2D([], [], marker=marker, color=colour,
                                       markerfacecolor=colour if filled else "none",
                                       linestyle="none", markersize=8, label=text))
    # A label rises a level when it would meet the one before it in its lane.
    placed: dict[str, list[tuple[float, int]]] = {}
    for relance in plan.relances:
        y = row.get(relance.contact_id)
        if y is None:
            continue
        colour = _COLOURS[relance.kind]
        ax.plot(when(relance.at), y, marker="D", color=colour, markersize=9, linestyle="none")
        label = _KIND_LABEL[relance.kind]
        legend.setdefault(label, Line2D([], [], marker="D", color=colour, linestyle="none",
                                        markersize=9, label=label))
        what = (summaries.get(relance.idea_id, relance.idea_id) if relance.idea_id
                else relance.checkpoint_id or "reply")
        x = when(relance.at)
        near = [level for at, level in placed.get(relance.contact_id, []) if x - at < 40]
        level = next(n for n in range(len(near) + 1) if n not in near) % 3
        placed.setdefault(relance.contact_id, []).append((x, level))
        ax.annotate(_short(str(what), 30), (x, y), xytext=(-4, 9 + 9 * level),
                    textcoords="offset points", ha="left", fontsize="x-small", color=colour)
    ax.axvline(when(plan.now), color="black", linewidth=1)
    legend["now"] = Line2D([], [], color="black", linewidth=1, label="now")
    ax.set_yticks(range(len(lanes)), [names.get(c, c) for c in lanes])
    ax.set_ylim(-0.6, len(lanes) - 0.4 + 0.35)
    ax.set_xlim(when(first) - 3, when(last) + 3)
    ax.xaxis.set_major_locator(mdates.MonthLocator())  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    ax.xaxis.set_minor_locator(mdates.WeekdayLocator(byweekday=mdates.MO))  # type: ignore[no-untyped-call]
    ax.grid(axis="x", which="major", color="0.9")
    ax.set_axisbelow(True)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    title = account.name if account is not None else plan.account_id
    ax.set_title(f"{title}: follow-ups planned on {plan.now.date().isoformat()}", loc="left")
    order = ["out: ", "in: ", "planned: ", "agreed", "client", "away", "tension", "silence",
             "now"]
    handles = [legend[k] for k in sorted(legend, key=lambda k: next(
        i for i, p in enumerate(order) if k.startswith(p)))]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12),
              ncol=min(4, len(handles)), fontsize="small", frameon=False)
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
    ("contacts per\naccount-month", "contacts_per_account_month", False, "lower"),
    ("empty check-ins\nper account", "empty_check_ins", True, "lower"),
    ("median longest\nsilence (days)", "longest_silence_days", False, "lower"),
    ("accounts that\nlapsed (%)", "lapsed_accounts", True, "lower"),
    ("replies\nper account", "replies", True, "higher"),
    ("meetings\nper account", "meetings", True, "higher"),
    ("declines\nper account", "declines", True, "lower"),
    ("opt-outs\nper account", "opt_outs", True, "lower"),
)


def comparison(runs: Iterable[Simulation], *, title: str | None = None) -> Figure:
    """Draw the figures of several simulation runs side by side.

    One panel per figure (contacts per account-month, empty check-ins, the
    longest silence with the runs' lapse marked when they share one, lapsed
    accounts, replies, meetings, declines, opt-outs), one bar per run in the
    same colour in every panel, its value written at its end; counts are per
    account.  Each panel says whether lower or higher is better; the title
    says when the runs differ in accounts or weeks (counts are then not per
    week).

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
    fig, axes = plt.subplots(2, 4, figsize=(15, 2.6 + 0.45 * len(items) * 2), sharey=True)
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
        lapses = {run.lapse for run in items}
        if field == "longest_silence_days" and len(lapses) == 1:  # one lapse: one line
            lapse = lapses.pop().total_seconds() / 86_400
            ax.axvline(lapse, color="tab:red", linestyle="--", linewidth=1)
            ax.text(lapse, -0.55, " lapse", color="tab:red", fontsize="small", va="bottom")
            top = max(top, lapse)
        ax.set_xlim(0, min(top * 1.3, 115) if field == "lapsed_accounts" else top * 1.3)
        ax.set_title(f"{label}\n({better} is better)", fontsize="medium")
        ax.spines[["top", "right"]].set_visible(False)
    axes[0][0].set_yticks(range(len(items)), names)
    axes[1][0].set_yticks(range(len(items)), names)
    axes[0][0].invert_yaxis()
    first = summaries[0]
    alike = len({(r.accounts, r.weeks) for r in summaries}) == 1
    fig.suptitle(title if title is not None else
                 f"{first.accounts:,} accounts played forward {first.weeks} weeks" if alike
                 else "runs of different portfolios or lengths: counts are per account, "
                      "not per week")
    fig.tight_layout()
    drawn: Figure = fig
    return drawn


def touches_per_week(
    plans: Iterable[Plan],
    histories: Mapping[str, History | Iterable[Touch]] | None = None,
    *,
    weeks_back: int = 12,
    title: str | None = None,
) -> Figure:
    """Draw a portfolio's touches per account and week: the past, and what is planned.

    One bar per week (weeks start on Monday, UTC), in touches per account:
    past outbound touches in grey and inbound messages in green, from
    ``histories`` (by account id, ``weeks_back`` weeks before the plans'
    ``now``); planned relances in blue, up to the plans' horizon.  A dotted
    line follows the busiest account of each week: the average can hide one
    account called every day.  A black line marks now.

    Args:
        plans: the portfolio's plans (one per account, made at one ``now``).
        histories: each account's touches, by account id (none drawn if None).
        weeks_back: how many weeks of the past to draw.
        title: the figure's title (the number of accounts when ``None``).

    Returns:
        The matplotlib Figure.

    Raises:
        RelanceError: no plan, an item that is not a ``Plan``, or a bad ``weeks_back``.
    """
    import datetime as dt

    plt = _pyplot()
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    items = list(plans)
    if not items:
        raise RelanceError("plans: nothing to draw (give one Plan or more)", field="plans",
                           value=items)
    for index, item in enumerate(items):
        if not isinstance(item, Plan):
            raise RelanceError(f"plans[{index}]: expected a Plan (got {type(item).__name__})",
                               field=f"plans[{index}]", value=type(item).__name__)
    if isinstance(weeks_back, bool) or not isinstance(weeks_back, int) or weeks_back < 0:
        raise RelanceError(f"weeks_back must be a whole number of at least 0 (got "
                           f"{weeks_back!r})", field="weeks_back", value=weeks_back)
    now = min(p.now for p in items)
    end = max(p.horizon for p in items)

    def monday(value: dt.datetime) -> dt.date:
        day = value.astimezone(dt.timezone.utc).date()
        return day - dt.timedelta(days=day.weekday())

    first = monday(now) - dt.timedelta(weeks=weeks_back)
    weeks: list[dt.date] = []
    day = first
    while day <= monday(end):
        weeks.append(day)
        day += dt.timedelta(weeks=1)
    slot = {w: i for i, w in enumerate(weeks)}
    past_out = [0] * len(weeks)
    past_in = [0] * len(weeks)
    planned = [0] * len(weeks)
    busiest = [0] * len(weeks)
    for plan_ in items:
        mine = [0] * len(weeks)
        touches = list((histories or {}).get(plan_.account_id, ()))
        for touch in touches:
            week = slot.get(monday(touch.at))
            if week is None or touch.at >= now:
                continue
            if touch.direction is Direction.INBOUND:
                past_in[week] += 1
            else:
                past_out[week] += 1
                mine[week] += 1
        for relance in plan_.relances:
            week = slot.get(monday(relance.at))
            if week is not None:
                planned[week] += 1
                mine[week] += 1
        busiest = [max(a, b) for a, b in zip(busiest, mine, strict=True)]
    count = len(items)
    xs = [mdates.date2num(dt.datetime(w.year, w.month, w.day)) + 3.5 for w in weeks]  # type: ignore[no-untyped-call]
    fig, ax = plt.subplots(figsize=(12, 4.2))
    per = [v / count for v in past_out]
    ax.bar(xs, per, width=6, color="0.6")
    ax.bar(xs, [v / count for v in planned], width=6, bottom=per, color="tab:blue")
    ax.bar(xs, [v / count for v in past_in], width=6,
           bottom=[a + b / count for a, b in zip(per, planned, strict=True)],
           color="tab:green", alpha=0.6)
    tops = [(a + b + c) / count for a, b, c in zip(past_out, planned, past_in, strict=True)]
    ax.set_ylim(0, max(max(tops), 0.1) * 1.15)
    twin = ax.twinx()
    twin.plot(xs, busiest, linestyle=":", marker=".", color="tab:red")
    twin.set_ylabel("busiest account (touches)", color="tab:red")
    twin.set_ylim(0, max(1, max(busiest)) * 1.25)
    ax.axvline(mdates.date2num(now), color="black", linewidth=1)  # type: ignore[no-untyped-call]
    ax.set_ylabel("touches per account")
    ax.xaxis.set_major_locator(mdates.MonthLocator())  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    ax.xaxis.set_minor_locator(mdates.WeekdayLocator(byweekday=mdates.MO))  # type: ignore[no-untyped-call]
    ax.set_title(title if title is not None else
                 f"{count:,} accounts: touches per account and week", loc="left")
    # Only marks that are drawn: a portfolio without inbound touches shows none.
    handles = [Patch(color="0.6", label="past: outbound"),
               *([Patch(color="tab:green", alpha=0.6, label="past: inbound")]
                 if any(past_in) else []),
               Patch(color="tab:blue", label="planned relances"),
               Line2D([], [], linestyle=":", marker=".", color="tab:red",
                      label="busiest account (right axis)"),
               Line2D([], [], color="black", label="now")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=5,
              frameon=False, fontsize="small")
    ax.spines["top"].set_visible(False)
    twin.spines["top"].set_visible(False)
    fig.tight_layout()
    drawn: Figure = fig
    return drawn
