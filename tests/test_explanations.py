"""Explanations as data: complete catalogs, faithful renderings, lossless JSON.

The rules and the planner explain with a code and typed parameters; the
sentences come from the catalogs (English and French).  These tests hold the
catalogs complete, every rendering filled, every parameter said, and the data
unchanged by JSON or by rendering.
"""

from __future__ import annotations

import json
import re
import string
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relance import (
    Document,
    Elapsed,
    Explanation,
    InvalidValueError,
    Plan,
    Policy,
    Reason,
    Verdict,
    from_json,
    plan,
    to_dict,
    to_json,
)
from relance._core.explain import CASES, PARAMS, ParamKind
from relance._io.schema import json_schema
from relance._words.render import LOCALES, PLURAL_PARAM, catalog_ids, message_ids
from relance.testing import worlds

LANGUAGES = ("en", "fr")


# -- the catalogs --------------------------------------------------------------------------


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_a_catalog() -> None:
    assert set(LANGUAGES) <= set(LOCALES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_id_is_translated(language: str) -> None:
    """No id missing, none empty, no id the library never asks for."""
    entries = catalog_ids(language)
    wanted = set(message_ids())
    assert wanted - entries.keys() == set(), "missing from the catalog"
    assert entries.keys() - wanted == set(), "in the catalog but never rendered"
    empty = [key for key, strings in entries.items() if not all(s.strip() for s in strings)]
    assert empty == []


def _code_of(key: str) -> str:
    return key if key in PARAMS else key.rsplit(".", 1)[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sentence_uses_only_its_codes_parameters(language: str) -> None:
    """A placeholder names a parameter of the code; the same ones in every language.

    The singular of a counted sentence may leave the count out ("the last
    touch"); the plural says it.
    """
    english = catalog_ids("en")
    for key, strings in catalog_ids(language).items():
        code = _code_of(key)
        if code not in PARAMS:
            continue
        for text in strings:
            assert _placeholders(text) <= set(PARAMS[code]) - {"case"}, (key, text)
        assert _placeholders(strings[-1]) == _placeholders(english[key][-1]), (key, strings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sentences_that_count_have_every_plural_form(language: str) -> None:
    entries = catalog_ids(language)
    plural = {key for key, strings in entries.items() if len(strings) > 1}
    assert {_code_of(key) for key in plural} == set(PLURAL_PARAM)
    assert plural == {key for key, strings in catalog_ids("en").items() if len(strings) > 1}
    assert all(len(entries[key]) == 2 for key in plural)
    for code, param in PLURAL_PARAM.items():
        assert param in PARAMS[code]


def test_every_case_is_a_case_of_its_code() -> None:
    for code, cases in CASES.items():
        assert PARAMS[code].get("case") == "case", code
        assert len(set(cases)) == len(cases) >= 2
    assert {code for code, kinds in PARAMS.items() if "case" in kinds} == set(CASES)


# -- rendering every code from generated parameters ------------------------------------------------

_ZONES = st.sampled_from(["Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC"])
_NAMES = st.text(
    alphabet=st.characters(categories=("L",), max_codepoint=0x24F), min_size=2, max_size=12
).map(lambda s: f"N{s}")


def _value(kind: ParamKind, code: str, zone: str, depth: int) -> st.SearchStrategy[Any]:
    if kind == "instant":
        return st.datetimes(
            min_value=pendulum.datetime(1990, 1, 1).naive(),
            max_value=pendulum.datetime(2150, 1, 1).naive(),
        ).map(lambda d: pendulum.instance(d, tz="UTC").in_tz(zone))
    if kind == "date":
        return st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 1, 1))
    if kind == "time":
        return st.times().map(lambda t: t.replace(second=0, microsecond=0))
    if kind == "duration":
        return st.one_of(
            st.integers(1, 36525).map(lambda d: timedelta(days=d)),
            st.integers(1, 10**12).map(lambda us: Elapsed(microseconds=us)),
        )
    if kind == "count":
        return st.integers(0, 10**6)
    if kind == "number":
        return st.floats(1, 10, allow_nan=False)
    if kind in ("name", "id", "text", "note"):
        return _NAMES
    if kind == "ids":
        return st.lists(_NAMES, max_size=4).map(tuple)
    if kind == "quotes":
        return st.lists(_NAMES, min_size=1, max_size=3).map(tuple)
    if kind == "zone":
        return st.just(zone)
    if kind == "country":
        return st.sampled_from(["FR", "US", "DE", "JP"])
    if kind == "channel":
        return st.sampled_from(["email", "phone", "meeting", "video", "message"])
    if kind == "channels":
        return st.lists(st.sampled_from(["email", "phone", "video"]), max_size=3,
                        unique=True).map(tuple)
    if kind == "role":
        return st.sampled_from(["decision_maker", "champion", "influencer", "gatekeeper", "user"])
    if kind == "case":
        return st.sampled_from(CASES[code])
    if kind == "explanation":
        return explanations(depth + 1, zone)
    if kind == "hours":
        clock = st.times().map(lambda t: t.strftime("%H:%M"))
        return st.lists(st.tuples(clock, clock).map("-".join), max_size=3).map(tuple)
    assert kind == "explanations"
    return st.lists(explanations(depth + 1, zone), max_size=3).map(tuple)


@st.composite
def explanations(draw: st.DrawFn, depth: int = 0, zone: str | None = None) -> Explanation:
    """Any code the library explains with, every parameter filled in."""
    zone = zone or draw(_ZONES)
    codes = sorted(PARAMS) if depth < 2 else sorted(c for c, k in PARAMS.items() if not any(
        kind.startswith("explanation") for kind in k.values()))
    code = draw(st.sampled_from(codes))
    params = {name: draw(_value(kind, code, zone, depth)) for name, kind in PARAMS[code].items()}
    if params.get("case") == "":  # the sentence said without a case
        del params["case"]
    return Explanation(code=code, params=params)


def _used(explanation: Explanation) -> dict[str, Any]:
    """The parameters the explanation's sentence says (its English plural form's)."""
    case = explanation.params.get("case")
    key = explanation.code if case is None else f"{explanation.code}.{case}"
    names = _placeholders(catalog_ids("en")[key][-1])
    return {name: explanation.params[name] for name in names}


def _said(explanation: Explanation) -> list[str]:
    """The names, ids and texts of an explanation that any rendering must say."""
    found = []
    kinds = PARAMS[explanation.code]
    for name, value in _used(explanation).items():
        kind = kinds[name]
        if kind in ("name", "id", "text", "note") and name != "holiday":
            found.append(str(value))
        if kind in ("ids", "quotes"):
            found += list(value)
        if kind == "explanation":
            found += _said(value)
    return found


@given(explanations(), st.sampled_from(LANGUAGES))
def test_every_code_renders_in_both_languages_with_every_name_said(
    explanation: Explanation, language: str
) -> None:
    text = explanation.render(language)
    assert text.strip()
    assert not re.search(r"\{[a-z_]*\}", text), text
    for name in _said(explanation):
        assert name in text, (name, text)


@given(explanations())
def test_instants_are_said_in_their_zone_in_both_languages(explanation: Explanation) -> None:
    kinds = PARAMS[explanation.code]
    for name, value in _used(explanation).items():
        if kinds[name] != "instant":
            continue
        assert value.format("YYYY-MM-DD HH:mm") in explanation.render("en")
        french = explanation.render("fr")
        assert value.format("HH:mm") in french
        assert str(value.year) in french


@given(explanations())
def test_an_explanation_round_trips_through_json(explanation: Explanation) -> None:
    data = json.loads(json.dumps(to_dict(explanation)))
    again = from_json(Explanation, json.dumps(data))
    assert again == explanation
    assert again.render("fr") == explanation.render("fr")


# -- verdicts and plans of generated worlds -------------------------------------------------------


@given(worlds(), st.sampled_from(LANGUAGES))
def test_a_verdict_reads_back_from_json_in_any_language(world: Any, language: str) -> None:
    verdict = world.check()
    text = to_json(verdict, locale=language)
    again = from_json(Verdict, text)
    assert again == verdict
    for reason, before in zip(again.reasons, verdict.reasons, strict=True):
        assert reason.render(language) in text
        assert reason.message == before.message


@given(worlds())
def test_rendering_changes_no_decision(world: Any) -> None:
    verdict = world.check()
    before = (verdict.allowed, verdict.earliest, [r.lifts_at for r in verdict.reasons])
    for language in LANGUAGES:
        verdict.render(language)
        for reason in verdict.reasons:
            reason.render(language)
    assert (verdict.allowed, verdict.earliest, [r.lifts_at for r in verdict.reasons]) == before


@given(worlds())
def test_every_item_of_a_plan_is_explained_in_both_languages(world: Any) -> None:
    result = plan(account=world.account, history=world.history, ideas=world.ideas,
                  policy=world.policy, now=world.now, horizon=timedelta(weeks=6))
    items = [*result.relances, *result.needs, *result.advice, *result.skipped]
    for item in items:
        assert item.explanation is not None
        assert item.explanation.code in PARAMS
        for language in LANGUAGES:
            assert item.render(language).strip()
            assert "{" not in item.render(language)
    again = from_json(Plan, to_json(result, locale="fr"))
    assert again == result
    assert again.render("fr") == result.render("fr")
    assert str(again) == str(result) == result.render("en")


# -- read aloud: one sentence per family, in both languages ------------------------------------


PARIS = "Europe/Paris"


def test_a_reason_reads_as_a_sentence_in_both_languages() -> None:
    reason = Reason(code="frequency-cap", params={
        "count": 2, "account": "Acme Media", "window": timedelta(days=7), "cap": 2,
        "until": pendulum.datetime(2026, 11, 30, 9, tz=PARIS), "zone": PARIS})
    assert reason.message == (
        "2 outbound touches at Acme Media in a window of 7 days that would hold it (cap 2): "
        "the next is possible from Mon 2026-11-30 09:00 Europe/Paris")
    assert reason.render("fr") == (
        "déjà 2 contacts avec Acme Media sur une fenêtre de 7\xa0jours qui contiendrait "
        "celui-ci (plafond\xa0: 2)\xa0: prochain contact possible le lun. 30 nov. 2026 à 09:00 "
        "(Europe/Paris)")


def test_a_public_holiday_is_named_in_the_readers_language() -> None:
    reason = Reason(code="non-working-day", params={
        "case": "holiday", "day": date(2026, 12, 25), "holiday": "Noël", "contact": "Ana",
        "country": "FR", "when": Explanation(code="when.until", params={
            "until": pendulum.datetime(2026, 12, 28, 9, tz=PARIS), "zone": PARIS})})
    assert reason.message.startswith("Fri 2026-12-25 is a public holiday (Christmas Day)")
    assert reason.render("fr").startswith(
        "le vendredi 25 décembre 2026 est férié (Noël) pour Ana (FR)\u202f; attendre le")


def test_a_plan_reads_in_french() -> None:
    doc = from_json(Document, Path("examples/acme.json").read_text(encoding="utf-8"))
    result = plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                  policy=doc.the_policy, now=pendulum.datetime(2026, 11, 23, 8, tz=PARIS),
                  horizon=timedelta(weeks=12))
    text = result.render("fr")
    assert text.startswith("plan pour acme-media du 2026-11-23T07:00:00+00:00 au ")
    assert "tient le point d'étape «\xa0budget-committee\xa0» (call me after the budget " \
        "committee on 15 January) convenu avec Claire Dubois\u202f; à l'heure convenue\u202f; " \
        "ven. 15 janv. 2027 à 14:00 (Europe/Paris)" in text
    # No "new idea needed by Saturday 19 December": the client asked for no contact
    # before the committee, and the committee call is the presence.
    assert "à prévoir" not in text
    assert "en attente — budget-phasing (unanswered-limit)\xa0: «\xa0budget-phasing\xa0» ne " \
        "peut parvenir pour l'instant à Claire Dubois, à qui elle irait (unanswered-limit)" \
        "\xa0: changer d'approche" in text
    assert "essayer Paul Gérard (prescripteur) ou un autre canal (téléphone, visio ou " \
        "rendez-vous)" in text


def test_a_verdict_reads_in_both_languages() -> None:
    verdict = Verdict(allowed=False, reasons=(Reason(code="no-new-idea"),), earliest=None)
    assert str(verdict) == (
        "refused:\n  no-new-idea: a follow-up needs a new idea (an option, an insight, a "
        "lighter first step, a relevant case): 'any news?' is pressure, not presence\n"
        "  earliest: never by time alone")
    assert verdict.render("fr").splitlines()[0] == "refusé\xa0:"
    assert "«\xa0des nouvelles\u202f?\xa0» met la pression" in verdict.render("fr")


def test_a_custom_rules_own_words_are_kept_in_every_language() -> None:
    reason = Reason(code="gatekeeper-weekly", message="one call a week at most")
    assert reason.render("fr") == reason.message == "one call a week at most"
    again = from_json(Reason, to_json(reason, locale="fr"))
    assert again == reason


# -- bad locales and bad parameters ----------------------------------------------------------------


@pytest.mark.parametrize("locale", ["de", "xx", "", "fr_XX_bad!", 3, None])
def test_an_unknown_locale_is_refused_by_name(locale: Any) -> None:
    reason = Reason(code="no-new-idea")
    with pytest.raises(InvalidValueError) as caught:
        reason.render(locale)
    assert caught.value.field == "locale"
    with pytest.raises(InvalidValueError):
        to_json(reason, locale=locale)


@pytest.mark.parametrize("locale", ["fr_FR", "fr-CA", "en_GB", "en-US"])
def test_a_regional_locale_speaks_its_language(locale: str) -> None:
    reason = Reason(code="no-new-idea")
    assert reason.render(locale) == reason.render(locale[:2])


def test_a_sentence_missing_a_parameter_names_it() -> None:
    with pytest.raises(InvalidValueError) as caught:
        Reason(code="idea-already-shared", params={"idea": "pilot"}).render("fr")
    assert caught.value.field == "params.account"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"idea": "pilot", "account": 3}, "reasons[0].params.account"),
        ({"idea": "pilot", "acount": "Acme"}, "reasons[0].params.acount"),
        ({"idea": "pilot", "available": "tomorrow"}, "reasons[0].params.available"),
        ("pilot", "reasons[0].params"),
    ],
)
def test_bad_parameters_in_json_are_refused_with_their_path(params: Any, field: str) -> None:
    data = {"allowed": False, "earliest": None,
            "reasons": [{"code": "idea-not-ready", "params": params, "lifts_at": None}]}
    with pytest.raises(InvalidValueError) as caught:
        from_json(Verdict, json.dumps(data))
    assert field in {p.field for p in caught.value.problems}


def test_the_schema_documents_every_codes_parameters() -> None:
    defs = json_schema(Verdict)["$defs"]
    for code, kinds in PARAMS.items():
        assert set(defs[f"params.{code}"]["properties"]) == set(kinds)
    assert defs["params.too-soon"]["properties"]["case"] == {"enum": ["base", "grown", "spacing"]}


def test_the_policy_does_not_decide_in_words() -> None:
    """A refused check builds no sentence: the message is rendered when read."""
    import relance._core.explain as explain

    calls = []
    original = explain._SPEAKERS["explanation"]
    explain._SPEAKERS["explanation"] = lambda e, locale: calls.append(e) or original(e, locale)
    try:
        from relance import Account, Contact, Idea, Proposal

        ana = Contact(id="ana", name="Ana", role="decision_maker", timezone=PARIS, country="FR")
        verdict = Policy().check(
            Proposal(at=pendulum.datetime(2026, 11, 28, 10, tz=PARIS), contact_id="ana",
                     channel="email"),
            account=Account(id="a", name="A", needs={"x"}, contacts=[ana]), history=[],
            ideas=[Idea(id="i", summary="s", addresses={"x"})])
        assert not verdict.allowed
        assert calls == []
        assert verdict.reasons[0].message
        assert len(calls) == 1
    finally:
        explain._SPEAKERS["explanation"] = original


def test_times_keep_their_minutes() -> None:
    reason = Reason(code="outside-hours", params={
        "at": pendulum.datetime(2026, 11, 2, 20, 5, tz=PARIS), "contact": "Ana",
        "start": time(9, 30), "end": time(18), "zone": PARIS,
        "when": Explanation(code="when.never")})
    assert "(09:30-18:00)" in reason.message
    assert "(09:30 – 18:00)" in reason.render("fr")


# -- what a fresh-eye trial found -------------------------------------------------------------


def _reason_json(params: dict[str, Any], code: str = "idea-not-ready") -> str:
    return json.dumps({"code": code, "params": params, "lifts_at": None})


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"idea": "x", "available": "2026-12-01T10:00:00+01:00[Europe/Paris]",
          "zone": "Mars/X"}, "params.zone"),
        ({"idea": "x", "available": "2026-12-01T10:00:00+01:00", "zone": ""}, "params.zone"),
        ({"idea": "x"}, "params.available"),
    ],
)
def test_an_unsayable_reason_is_refused_when_read(params: dict[str, Any], field: str) -> None:
    """Refused at load with its path, not later when the sentence is read."""
    with pytest.raises(InvalidValueError) as caught:
        from_json(Reason, _reason_json(params))
    assert caught.value.field == field


def test_a_case_role_or_channel_the_code_does_not_have_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        from_json(Reason, _reason_json({"case": "bogus"}, code="too-soon"))
    assert caught.value.field == "params.case"
    bad_role = {"code": "try.contact", "params": {"contact": "Bob", "role": "ceo"}}
    with pytest.raises(InvalidValueError) as caught:
        from_json(Explanation, json.dumps(bad_role))
    assert caught.value.field == "params.role"


def test_an_instant_without_a_zone_name_is_said_at_its_offset() -> None:
    reason = from_json(Reason, _reason_json(
        {"idea": "x", "available": "2026-12-01T10:00:00+01:00"}))
    assert reason.message == "idea 'x' is available from Tue 2026-12-01 10:00 UTC+0100"
    assert "10:00 (UTC+0100)" in reason.render("fr")


def test_paths_inside_plan_items_have_one_dot() -> None:
    doc = from_json(Document, Path("examples/acme.json").read_text(encoding="utf-8"))
    result = plan(account=doc.account, history=doc.history, ideas=doc.ideas,
                  policy=doc.the_policy, now=pendulum.datetime(2026, 11, 23, 8, tz=PARIS),
                  horizon=timedelta(weeks=12))
    data = to_dict(result)
    data["relances"][0]["explanation"]["params"]["case"] = "bogus"
    with pytest.raises(InvalidValueError) as caught:
        from_json(Plan, json.dumps(data))
    assert caught.value.field == "relances[0].explanation.params.case"


def test_sets_in_parameters_read_as_lists() -> None:
    reason = Reason(code="idea-not-relevant", params={
        "idea": "crm", "addresses": frozenset({"crm"}), "account": "Acme",
        "needs": {"training", "budget"}})
    assert reason.params["needs"] == ("budget", "training")
    assert "needs are: budget and training" in reason.message
    assert from_json(Reason, to_json(reason)) == reason


def test_a_reasons_own_words_survive_json_whatever_its_code() -> None:
    reason = Reason(code="no-new-idea", message="written by hand")
    again = from_json(Reason, to_json(reason, locale="fr"))
    assert again == reason
    assert again.render("fr") == "written by hand"


def test_a_custom_rule_cannot_take_an_explanation_code() -> None:
    from relance import CustomRule

    class Silent(CustomRule):
        code = "since.silent"

        def refuses(self, situation: Any, at: Any) -> None:
            return None

    with pytest.raises(InvalidValueError) as caught:
        Policy(rules=(Silent(),))
    assert caught.value.field == "Policy.rules[0].code"


def test_a_blank_draft_is_refused_not_ignored() -> None:
    from relance import Proposal

    with pytest.raises(InvalidValueError) as caught:
        Proposal(at=pendulum.datetime(2026, 11, 24, 10, tz=PARIS), contact_id="ana",
                 channel="email", text="   ")
    assert caught.value.field == "Proposal.text"


def test_one_instant_is_said_in_each_zone_it_is_given_in_even_once_remembered() -> None:
    """The speaker remembers what it said; equal instants in two zones stay two sentences."""
    from relance import Explanation

    paris = pendulum.datetime(2026, 10, 25, 2, 30, tz="Europe/Paris")  # the fold's first pass
    said = [
        Explanation(code="idea-not-ready", params={
            "idea": "pilot", "available": when, "zone": when.timezone_name}).render("en")
        for when in (paris, paris.in_tz("Asia/Tokyo"), paris.add(hours=1), paris)
    ]
    assert len(set(said[:3])) == 3, said  # the second pass of 02:30 is another instant
    assert said[3] == said[0]
    assert "Europe/Paris" in said[0]
    assert "Asia/Tokyo" in said[1]
