"""Whole plans and verdicts as text and as HTML, in the reader's language.

``str(plan)`` and ``str(verdict)`` are the English renderings;
``render(locale)`` gives another language; the notebook tables
(``_repr_html_``) follow :func:`set_display_locale`.
"""

from __future__ import annotations

import html
from datetime import datetime

from .._core.explain import Explanation, register_renderer
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


# Inline styles: a notebook shows them as they are, light or dark theme alike.
_TABLE = ('style="border-collapse:collapse;margin:0.2em 0 0.8em 0;font-size:0.92em;'
          'text-align:left"')
_TH = 'style="border-bottom:2px solid #888;padding:3px 8px;text-align:left"'
_TD = 'style="border-bottom:1px solid #ddd;padding:3px 8px;vertical-align:top;text-align:left"'
_CODE = 'style="font-family:monospace;font-size:0.95em"'
_DIM = 'style="opacity:0.65;font-size:0.9em"'


def _table(title: str | None, head: list[str], rows: list[list[str]]) -> str:
    """A styled table of cells already escaped; nothing when there is no row."""
    if not rows:
        return ""
    caption = f"<p style=\"margin:0.6em 0 0.1em 0\"><b>{_e(title)}</b></p>" if title else ""
    heads = "".join(f"<th {_TH}>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td {_TD}>{c}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"{caption}<table {_TABLE}><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>"


def _named(explanation: Explanation | None, key: str, fallback: str | None) -> str:
    """A name the explanation gives (``contact``), the id dimmed beside it; else the id."""
    name = None if explanation is None else explanation.params.get(key)
    if not fallback:
        return ""
    if isinstance(name, str) and name != fallback:
        return f"{_e(name)} <span {_DIM}>{_e(fallback)}</span>"
    return _e(fallback)


def _code(code: str) -> str:
    return f"<code {_CODE}>{_e(code)}</code>"


def plan_html(plan: Plan) -> str:
    """The notebook view of a plan, in the display locale: a styled table per part.

    Relances (when, who by name, channel, what they carry with the idea's
    summary, why), then the new ideas needed, advice, red flags, readings of
    a silence, and the skipped and waiting ideas, each as a table.
    """
    locale = display_locale()
    say = _speaker(locale)

    def head(*columns: str) -> list[str]:
        return [say.text(f"column.{c}") for c in columns]

    def when(value: datetime | None) -> str:
        return "" if value is None else _e(_when(value, locale))

    relances = []
    for r in plan.relances:
        what = r.idea_id or r.checkpoint_id or ""
        summary = None if r.explanation is None else r.explanation.params.get("summary")
        carries = f"{_e(say.text(f'kind.{r.kind.value}'))}: {_code(what)}" if what else _e(
            say.text(f"kind.{r.kind.value}"))
        if isinstance(summary, str):
            carries += f"<br>{_e(summary)}"
        relances.append([when(r.at), _named(r.explanation, "contact", r.contact_id),
                         _e(say.text(f"channel.{r.channel.value}")), carries,
                         _e(r.render(locale))])
    title = say.text("plan.header").format(
        account=plan.account_id, now=plan.now.isoformat(), horizon=plan.horizon.isoformat())
    parts = [f"<p><b>{_e(title)}</b></p>"]
    if relances:
        parts.append(_table(say.text("section.relances"),
                            head("when", "who", "channel", "carries", "why"), relances))
    else:
        parts.append(f"<p>{_e(say.text('plan.nothing'))}</p>")
    parts.append(_table(say.text("section.needs"), head("by", "who", "need", "why"), [
        [when(n.by), _named(n.explanation, "contact", n.contact_id), _e(n.need or ""),
         _e(n.render(locale))] for n in plan.needs]))
    parts.append(_table(say.text("section.advice"), head("when", "who", "code", "suggest", "why"), [
        [when(a.at), _named(a.explanation, "contact", a.contact_id), _code(a.code),
         _e(", ".join(x for x in (a.suggest_contact_id, a.suggest_idea_id,
                                  *(c.value for c in a.suggest_channels)) if x)),
         _e(a.render(locale))] for a in plan.advice]))
    parts.append(_table(say.text("section.flags"), head("code", "why"), [
        [_code(f.code), _e(f.render(locale))] for f in plan.flags]))
    parts.append(_table(say.text("section.hypotheses"), head("code", "support", "why"), [
        [_code(h.code), _e(say.text(f"support.{h.support}")), _e(h.render(locale))]
        for h in plan.hypotheses]))
    parts.append(_table(say.text("section.skipped"), head("idea", "code", "why"), [
        [_code(s.idea_id), _code(s.code), _e(s.render(locale))] for s in plan.skipped]))
    parts.append(_table(say.text("section.waiting"), head("idea", "code", "until", "why"), [
        [_code(w.idea_id), _code(w.code), when(w.until), _e(w.render(locale))]
        for w in plan.waiting]))
    return "".join(parts)


def verdict_html(verdict: Verdict) -> str:
    """The notebook view of a verdict, in the display locale: every reason in a styled table."""
    locale = display_locale()
    say = _speaker(locale)
    if verdict.allowed:
        assert verdict.earliest is not None
        return f"<p><b>{_e(say.text('verdict.allowed').format(at=verdict.earliest.isoformat()))}</b></p>"  # noqa: E501
    rows = [
        [_code(r.code), _e(r.render(locale)),
         _e(_when(r.lifts_at, locale)) if r.lifts_at else _e(say.text("verdict.never"))]
        for r in verdict.reasons
    ]
    when = say.text("verdict.never") if verdict.earliest is None else verdict.earliest.isoformat()
    heads = [say.text(f"column.{c}") for c in ("code", "why", "lifts")]
    return (
        f"<p><b>{_e(say.text('verdict.refused'))}</b> "
        f"{_e(say.text('verdict.earliest').format(when=when))}</p>"
        + _table(None, heads, rows)
    )


register_renderer("plan", render_plan)
register_renderer("verdict", render_verdict)
register_renderer("plan_html", plan_html)
register_renderer("verdict_html", verdict_html)
