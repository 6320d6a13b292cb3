"""Whole plans and verdicts as text and as HTML, in the reader's language.

``str(plan)`` and ``str(verdict)`` are the English renderings;
``render(locale)`` gives another language; the notebook tables
(``_repr_html_``) follow :func:`set_display_locale`.
"""

from __future__ import annotations

import html
from datetime import datetime

from .._core.explain import register_renderer
from .._core.plan import Kind, Plan
from .._core.verdict import Verdict
from .render import _speaker, language_of

__all__ = [
    "context_lines",
    "display_locale",
    "render_plan",
    "render_verdict",
    "set_display_locale",
]

_DISPLAY = ["en"]


def set_display_locale(locale: str) -> None:
    """The language of the notebook tables of plans and verdicts (``en`` by default).

    The library never reads the environment to choose it: a notebook says it.

    Examples:
        >>> import relance
        >>> relance.set_display_locale("fr")
        >>> relance.set_display_locale("en")
    """
    language_of(locale)
    _DISPLAY[0] = locale


def display_locale() -> str:
    """The locale of the notebook tables."""
    return _DISPLAY[0]


def _when(value: datetime, locale: str) -> str:
    speaker = _speaker(locale)
    return speaker.value("instant", value, {}, "at", "")


def render_plan(plan: Plan, locale: str = "en") -> str:
    """A plan as lines of text: its relances, then needs, advice and skipped ideas."""
    language_of(locale)
    say = _speaker(locale)
    lines = [say.text("plan.header").format(
        account=plan.account_id, now=plan.now.isoformat(), horizon=plan.horizon.isoformat())]
    lines += ["  " + line for line in context_lines(plan, locale, "plan")]
    if not plan.relances:
        lines.append("  " + say.text("plan.nothing"))
    for r in plan.relances:
        what = (say.text("kind.reply") if r.kind is Kind.REPLY
                else f"{say.text(f'kind.{r.kind.value}')}: {r.idea_id or r.checkpoint_id}")
        lines.append("  " + say.text("plan.line").format(
            at=_when(r.at, locale), contact=r.contact_id,
            channel=say.text(f"channel.{r.channel.value}"), what=what, why=r.render(locale)))
    for need in plan.needs:
        lines.append("  " + say.text("plan.needed").format(why=need.render(locale)))
    for advice in plan.advice:
        lines.append("  " + say.text("plan.advice").format(
            code=advice.code, contact=advice.contact_id, why=advice.render(locale)))
    for skipped in plan.skipped:
        lines.append("  " + say.text("plan.skipped").format(
            idea=skipped.idea_id, code=skipped.code, why=skipped.render(locale)))
    for waiting in plan.waiting:
        lines.append("  " + say.text("plan.waiting").format(
            idea=waiting.idea_id, code=waiting.code, why=waiting.render(locale)))
    return "\n".join(lines)


def context_lines(plan: Plan, locale: str, form: str) -> list[str]:
    """The lines that say what the plan weighed: red flags, then readings of a silence."""
    say = _speaker(locale)
    lines = [say.text(f"{form}.flag").format(code=f.code, why=f.render(locale))
             for f in plan.flags]
    lines += [say.text(f"{form}.hypothesis").format(
        code=h.code, support=say.text(f"support.{h.support}"), why=h.render(locale))
        for h in plan.hypotheses]
    return lines


def render_verdict(verdict: Verdict, locale: str = "en") -> str:
    """A verdict as text: allowed at, or refused with every reason and the earliest instant."""
    language_of(locale)
    say = _speaker(locale)
    if verdict.allowed:
        assert verdict.earliest is not None
        return say.text("verdict.allowed").format(at=verdict.earliest.isoformat())
    lines = [say.text("verdict.refused")]
    lines += [f"  {r.code}: {r.render(locale)}" for r in verdict.reasons]
    when = (say.text("verdict.never") if verdict.earliest is None
            else verdict.earliest.isoformat())
    lines.append("  " + say.text("verdict.earliest").format(when=when))
    return "\n".join(lines)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def plan_html(plan: Plan) -> str:
    """The notebook table of a plan, in the display locale."""
    locale = display_locale()
    say = _speaker(locale)
    rows = "".join(
        f"<tr><td>{_e(_when(r.at, locale))}</td>"
        f"<td>{_e(r.contact_id)}</td><td>{_e(say.text(f'channel.{r.channel.value}'))}</td>"
        f"<td>{_e(say.text(f'kind.{r.kind.value}'))}: {_e(r.idea_id or r.checkpoint_id or '')}"
        f"</td><td>{_e(r.render(locale))}</td></tr>"
        for r in plan.relances
    )
    notes = "".join(f"<li>{_e(line)}</li>" for line in context_lines(plan, locale, "plan"))
    notes += "".join(
        f"<li>{_e(say.text('plan.needed').format(why=n.render(locale)))}</li>"
        for n in plan.needs
    )
    notes += "".join(
        f"<li>{_e(say.text('plan.advice').format(code=a.code, contact=a.contact_id, why=a.render(locale)))}</li>"  # noqa: E501
        for a in plan.advice
    )
    notes += "".join(
        f"<li>{_e(say.text('plan.skipped').format(idea=s.idea_id, code=s.code, why=s.render(locale)))}</li>"  # noqa: E501
        for s in plan.skipped
    )
    notes += "".join(
        f"<li>{_e(say.text('plan.waiting').format(idea=w.idea_id, code=w.code, why=w.render(locale)))}</li>"  # noqa: E501
        for w in plan.waiting
    )
    head = "".join(f"<th>{_e(say.text(f'column.{c}'))}</th>"
                   for c in ("when", "who", "channel", "carries", "why"))
    title = say.text("plan.header").format(
        account=plan.account_id, now=plan.now.isoformat(), horizon=plan.horizon.isoformat())
    return (
        f"<p><b>{_e(title)}</b></p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        + (f"<ul>{notes}</ul>" if notes else "")
    )


def verdict_html(verdict: Verdict) -> str:
    """The notebook table of a verdict, in the display locale."""
    locale = display_locale()
    say = _speaker(locale)
    if verdict.allowed:
        assert verdict.earliest is not None
        return f"<p><b>{_e(say.text('verdict.allowed').format(at=verdict.earliest.isoformat()))}</b></p>"  # noqa: E501
    rows = "".join(
        f"<tr><td><code>{_e(r.code)}</code></td><td>{_e(r.render(locale))}</td>"
        f"<td>{_e(r.lifts_at.isoformat()) if r.lifts_at else _e(say.text('verdict.never'))}"
        "</td></tr>"
        for r in verdict.reasons
    )
    when = say.text("verdict.never") if verdict.earliest is None else verdict.earliest.isoformat()
    head = "".join(f"<th>{_e(say.text(f'column.{c}'))}</th>" for c in ("code", "why", "lifts"))
    return (
        f"<p><b>{_e(say.text('verdict.refused'))}</b> "
        f"{_e(say.text('verdict.earliest').format(when=when))}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


register_renderer("plan", render_plan)
register_renderer("verdict", render_verdict)
register_renderer("plan_html", plan_html)
register_renderer("verdict_html", verdict_html)
