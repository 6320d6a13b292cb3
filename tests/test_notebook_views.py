"""What a notebook shows: HTML tables, records for pandas, a timeline picture."""

from __future__ import annotations

import html
from pathlib import Path

import matplotlib
import pandas as pd
import pendulum
import pytest

from relance import Document, Policy, Proposal, RelanceError, from_json, plan
from relance.plot import timeline

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parent.parent
NOW = pendulum.datetime(2026, 11, 23, 8, tz="Europe/Paris")


def _acme():  # type: ignore[no-untyped-def]
    doc = from_json(Document, (ROOT / "examples" / "acme.json").read_text(encoding="utf-8"))
    result = plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                  policy=doc.the_policy, now=NOW, horizon=pendulum.duration(weeks=12))
    return doc, result


def test_plan_renders_as_an_html_table() -> None:
    """_repr_html_: styled tables: relances (names, summaries), needs, advice, skipped, waiting."""
    doc, result = _acme()
    page = result._repr_html_()
    relances = page.split("<b>Relances</b>", 1)[1].split("</table>", 1)[0]
    assert relances.count("<tr>") == len(result.relances) + 1
    assert "Claire Dubois" in relances  # names, the id beside
    summaries = {i.id: i.summary for i in doc.ideas}
    for relance in result.relances:
        if relance.idea_id is not None:
            assert html.escape(summaries[relance.idea_id], quote=True) in relances
    assert "call me after the budget committee" in page
    for section, items in (("Advice", result.advice), ("Skipped ideas", result.skipped),
                           ("Ideas waiting", result.waiting)):
        table = page.split(f"<b>{section}</b>", 1)[1].split("</table>", 1)[0]
        assert table.count("<tr>") == len(items) + 1, section
    assert "budget-phasing" in page.split("<b>Ideas waiting</b>", 1)[1]
    assert "border-collapse" in page
    assert "<script" not in page


def test_the_html_tables_follow_the_display_locale() -> None:
    """set_display_locale("fr"): the notebook tables speak French; English again after."""
    import relance

    _, result = _acme()
    relance.set_display_locale("fr")
    try:
        page = result._repr_html_()
    finally:
        relance.set_display_locale("en")
    assert ">pourquoi</th>" in page
    assert "<b>Idées en attente</b>" in page
    assert "tient le point d&#x27;étape «\xa0budget-committee\xa0»" in page
    assert ">why</th>" in result._repr_html_()


def test_verdict_renders_as_an_html_table() -> None:
    """_repr_html_ of a refused verdict lists codes and lift instants."""
    doc, _ = _acme()
    verdict = Policy().check(
        Proposal(at=NOW, contact_id="marc", channel="email", idea_id="pilot-newsroom"),
        account=doc.account, history=doc.history, ideas=doc.ideas)
    page = verdict._repr_html_()
    assert ">before-agreed-date</code>" in page
    assert "refused" in page
    assert page.count("<tr>") == len(verdict.reasons) + 1


def test_records_make_a_dataframe() -> None:
    """Plan.to_records() rows load into pandas as they are."""
    _, result = _acme()
    frame = pd.DataFrame(result.to_records())
    assert list(frame["kind"]) == [r.kind.value for r in result.relances]
    assert set(frame.columns) >= {"at", "contact_id", "channel", "idea_id", "why"}


def test_timeline_renders_to_png(tmp_path: Path) -> None:
    """relance.plot.timeline draws one lane per contact and saves as PNG."""
    doc, result = _acme()
    figure = timeline(result, doc.history, account=doc.account)
    target = tmp_path / "plan.png"
    figure.savefig(target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["Claire Dubois\n(decision maker)", "Marc Lefèvre\n(champion)",
                      "Paul Gérard\n(influencer)"]


def test_the_timeline_says_what_every_mark_is(tmp_path: Path) -> None:
    """Every kind of mark drawn is in the legend, below the axes; ticks on month starts."""
    import matplotlib.dates as mdates

    doc, result = _acme()
    figure = timeline(result, doc.history, account=doc.account, ideas=doc.ideas)
    ax = figure.axes[0]
    legend = ax.get_legend()
    entries = [t.get_text() for t in legend.get_texts()]
    outcomes = {("in: " if t.direction.value == "inbound" else "out: ")
                + t.outcome.value.replace("_", " ") for t in doc.history}
    assert outcomes <= set(entries)
    assert {f"planned: {k}" for k in ("a new idea", "an agreed date")} <= set(entries)
    assert {"agreed checkpoint", "client asked for quiet", "now"} <= set(entries)
    figure.savefig(tmp_path / "timeline.png")
    box, axes_box = legend.get_window_extent(), ax.get_window_extent()
    assert box.y1 <= axes_box.y0  # below the axes: it hides no mark
    assert ax.get_title(loc="left").startswith(doc.account.name)
    days = [mdates.num2date(x).day for x in ax.get_xticks()]
    assert set(days) == {1}
    summaries = {i.id: i.summary for i in doc.ideas}
    texts = {t.get_text() for t in ax.texts}
    for relance in result.relances:
        if relance.idea_id is not None:
            assert any(summaries[relance.idea_id].startswith(t.rstrip("…")) for t in texts)


def test_touches_per_week_counts_every_touch_once(tmp_path: Path) -> None:
    """The bars add up to the past touches in the weeks drawn and every planned relance."""
    from relance.plot import touches_per_week

    doc, result = _acme()
    figure = touches_per_week([result], {doc.account.id: doc.history}, weeks_back=52)
    figure.savefig(tmp_path / "weeks.png")
    ax = figure.axes[0]
    heights = [bar.get_height() for bar in ax.patches]
    weeks = len(heights) // 3
    past_out, planned, past_in = (heights[:weeks], heights[weeks:2 * weeks],
                                  heights[2 * weeks:])
    shown = [t for t in doc.history if result.now.subtract(weeks=53) <= t.at < result.now]
    assert round(sum(past_out)) == sum(1 for t in shown if t.direction.value == "outbound")
    assert round(sum(past_in)) == sum(1 for t in shown if t.direction.value == "inbound")
    assert round(sum(planned)) == len(result.relances)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["past: outbound", "past: inbound", "planned relances"]
    with pytest.raises(RelanceError):
        touches_per_week([])
    with pytest.raises(RelanceError) as caught:
        touches_per_week([result], weeks_back=-1)
    assert caught.value.field == "weeks_back"
