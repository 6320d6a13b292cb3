"""Audits as text, in the reader's language (the core's ``audit`` speakers).

``str(audit)`` is the English rendering; ``Audit.render(locale)`` another
language.  Every sentence comes from the catalogs (``audit.*`` message ids).
"""

from __future__ import annotations

from datetime import timedelta

from .._core.audit import Audit, AuditFinding, AuditSummary, SilentStretch
from .._core.explain import Explanation, register_renderer
from .render import _speaker, language_of

__all__ = ["render_audit", "render_finding", "render_silence", "summary_lines"]


def render_silence(silence: SilentStretch, locale: str = "en") -> str:
    """The longest silence as a phrase: its length, from when to when.

    Examples:
        >>> import pendulum
        >>> start = pendulum.datetime(2026, 10, 5, 10, tz="Europe/Paris")
        >>> render_silence(SilentStretch(start=start, end=start.add(days=35)))
        '35 days, from Mon 2026-10-05 10:00 Europe/Paris to Mon 2026-11-09 10:00 Europe/Paris'
    """
    language_of(locale)
    return _speaker(locale).render(Explanation(code="audit.silence", params={
        "case": "ongoing" if silence.ongoing else "between", "length": _days(silence),
        "start": silence.start, "end": silence.end,
    }))


def _days(silence: SilentStretch) -> timedelta:
    """A silence's length as said: whole days (rounded down) from one day on."""
    length = silence.length
    return timedelta(days=length.days) if length.days else length


def render_finding(finding: AuditFinding, locale: str = "en") -> str:
    """A finding as text: the touch and its codes, then one line per reason."""
    language_of(locale)
    say = _speaker(locale)
    what = (say.render(finding.explanation) if finding.explanation is not None
            else finding.touch.at.isoformat())
    lines = [say.text("audit.text.finding").format(what=what, codes=", ".join(finding.codes))]
    lines += [f"  {r.code}: {r.render(locale)}" for r in finding.reasons]
    return "\n".join(lines)


def summary_lines(summary: AuditSummary, locale: str = "en") -> list[str]:
    """The summary, one line per number (the language's own number format)."""
    language_of(locale)
    say = _speaker(locale)

    def count(value: int) -> str:
        return say.value("count", value, {}, "count", "")

    lines = [say.text(f"audit.text.{key}").format(count=count(value)) for key, value in (
        ("judged", summary.judged), ("refused", summary.refused),
        ("empty", summary.empty_check_ins), ("too-soon", summary.too_soon),
        ("over-cap", summary.over_cap), ("outside", summary.outside_working_time),
    )]
    if summary.by_code:
        lines.append(say.text("audit.text.by-code").format(codes=", ".join(
            f"{code} {count(n)}" for code, n in summary.by_code.items())))
    if summary.longest_silence is None:
        lines.append(say.text("audit.text.no-silence"))
    else:
        lines.append(say.text("audit.text.silence").format(
            silence=render_silence(summary.longest_silence, locale)))
    if summary.per_month:
        lines.append(say.text("audit.text.months").format(months=", ".join(
            f"{month} {count(n)}" for month, n in summary.per_month.items())))
    if summary.partly_judged:
        lines.append(say.text("audit.text.partly").format(
            ideas=say.listing(list(summary.partly_judged))))
    return lines


def render_audit(audit: Audit, locale: str = "en") -> str:
    """An audit as lines of text: each finding with its reasons, then the summary."""
    language_of(locale)
    say = _speaker(locale)
    lines = [say.text("audit.text.header").format(account=audit.account_id)]
    if audit.clean:
        lines.append("  " + say.text("audit.text.clean"))
    for finding in audit.findings:
        lines += ["  " + line for line in render_finding(finding, locale).splitlines()]
    lines.append(say.text("audit.text.summary"))
    lines += ["  " + line for line in summary_lines(audit.summary, locale)]
    return "\n".join(lines)


register_renderer("audit", render_audit)
register_renderer("audit_finding", render_finding)
