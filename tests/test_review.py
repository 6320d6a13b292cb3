"""The message reviewer: each pattern family, hard negatives, spans, and properties."""

from __future__ import annotations

import re
import unicodedata

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relance._core.errors import InvalidValueError
from relance._words import review as module
from relance._words.render import catalog_ids
from relance._words.review import (
    CODES,
    KINDS,
    OUTCOMES,
    Finding,
    Review,
    detect_language,
    patterns,
    review,
)
from relance._words.review_patterns import ANCHORS, PAIRS, PARTS, SOURCES


def codes(text: str, kind: str | None = None, language: str | None = None) -> set[str]:
    return {f.code for f in review(text, language=language).findings
            if kind is None or f.kind == kind}


# -- arguments --------------------------------------------------------------------------

class TestArguments:
    @pytest.mark.parametrize("text", [None, 42, b"any news?", ["any news?"]])
    def test_text_must_be_a_str(self, text: object) -> None:
        """Anything but a str is refused, naming the field and the value."""
        with pytest.raises(InvalidValueError, match=r"^text must be a str") as info:
            review(text)  # type: ignore[arg-type]
        assert info.value.field == "text"
        assert info.value.value == text

    @pytest.mark.parametrize("language", ["de", "EN", "", "english", 1])
    def test_language_must_be_en_fr_or_none(self, language: object) -> None:
        """A language other than None, 'en' or 'fr' is refused, naming it."""
        with pytest.raises(InvalidValueError, match=r"^language must be 'en', 'fr' or None"
                           ) as info:
            review("Any news?", language=language)  # type: ignore[arg-type]
        assert info.value.field == "language"
        assert info.value.value == language

    def test_bad_input_is_a_value_error(self) -> None:
        """The error is also a ValueError, as the library's errors are."""
        with pytest.raises(ValueError, match="text"):
            review(3.5)  # type: ignore[arg-type]

    def test_empty_text_passes(self) -> None:
        """Nothing to read: no finding, no empty check-in, English."""
        assert review("") == Review(language="en", findings=(), empty_check_in=False)


# -- language ---------------------------------------------------------------------------

class TestLanguage:
    @pytest.mark.parametrize(("text", "language"), [
        ("Hi Paul, just following up on my last email.", "en"),
        ("I'm sure it's fine, don't worry: we'll talk when you're back.", "en"),
        ("Bonjour Paul, je me permets de revenir vers vous.", "fr"),
        ("Salut, t'as vu mon mail ?", "fr"),
        ("Hello Marc, je me permets une petite relance 🙂", "fr"),
        ("Déjà fait.", "fr"),
        ("", "en"),
        ("12345 !!!", "en"),
    ])
    def test_detected(self, text: str, language: str) -> None:
        """Stop words and accents decide; a tie is English."""
        assert detect_language(text) == language
        assert review(text).language == language

    def test_given_language_wins(self) -> None:
        """Given, the language is not detected: French patterns on a French phrase."""
        text = "Hi, des nouvelles ?"
        assert review(text).language == "en"
        assert review(text, language="fr").empty_check_in

    def test_detection_refuses_non_text(self) -> None:
        """detect_language names a bad argument like review does."""
        with pytest.raises(InvalidValueError, match=r"^text must be a str"):
            detect_language(None)  # type: ignore[arg-type]


# -- the families of patterns -----------------------------------------------------------

CHECK_INS = [
    ("en", "follow-up", "Hi Anna, just following up on my note from Monday."),
    ("en", "follow-up", "Circling back on this one."),
    ("en", "follow-up", "Hey, bumping this to the top of your inbox."),
    ("en", "resend", "Re-sending our proposal in case you missed it."),
    ("en", "resend", "I've attached the deck again for your convenience."),
    ("en", "notes-silence", "I haven't heard back from you since our call."),
    ("en", "asks-news", "Any news on your side?"),
    ("en", "asks-news", "Could you keep me posted?"),
    ("en", "asks-decision", "Have you made a decision about the renewal?"),
    ("en", "asks-decision", "Where are we on the decision?"),
    ("en", "asks-review", "Did you get a chance to look at the quote?"),
    ("en", "asks-callback", "Please give me a call back when you can."),
    ("fr", "follow-up", "Bonjour, je me permets de revenir vers vous concernant notre offre."),
    ("fr", "follow-up", "Petite relance sur mon mail de mardi."),
    ("fr", "resend", "Je vous renvoie notre devis, au cas où."),
    ("fr", "notes-silence", "N'ayant pas eu de retour de votre part, je vous écris."),
    ("fr", "asks-news", "Avez-vous des nouvelles ?"),
    ("fr", "asks-news", "Où en êtes-vous dans votre réflexion ?"),
    ("fr", "asks-decision", "Avez-vous pris une décision ?"),
    ("fr", "asks-review", "Avez-vous pu avancer sur le sujet ?"),
    ("fr", "asks-callback", "Pourriez-vous me rappeler quand vous aurez un moment ?"),
]


@pytest.mark.parametrize(("language", "code", "text"), CHECK_INS)
def test_check_ins(language: str, code: str, text: str) -> None:
    """Each family of "any news?" is found, and alone makes an empty check-in."""
    result = review(text)
    assert result.language == language
    assert code in {f.code for f in result.of_kind("check-in")}
    assert result.empty_check_in
    assert result.outcome == "empty-check-in"


PRESSURE = [
    ("en", "deadline", "Please let me know by Friday."),
    ("en", "deadline", "By the end of the week, I need your answer."),
    ("en", "demand", "I really need an answer from you."),
    ("en", "last-chance", "This is my final follow-up on the subject."),
    ("en", "ultimatum", "If I don't hear back, I'll close your file."),
    ("en", "scarcity", "The discount is only valid until Thursday."),
    ("en", "reproach", "I've emailed you three times about this."),
    ("fr", "deadline", "Merci de me faire un retour d'ici vendredi."),
    ("fr", "demand", "J'ai absolument besoin d'une réponse."),
    ("fr", "last-chance", "Ceci est ma dernière relance."),
    ("fr", "ultimatum", "Sans retour de votre part, je considérerai que le projet est abandonné."),
    ("fr", "scarcity", "Cette offre n'est valable que jusqu'à lundi."),
    ("fr", "reproach", "C'est la troisième fois que je vous écris."),
]


@pytest.mark.parametrize(("language", "code", "text"), PRESSURE)
def test_pressure(language: str, code: str, text: str) -> None:
    """Each family of pressure is found; pressing with nothing new is an empty check-in."""
    result = review(text, language=language)
    assert code in {f.code for f in result.of_kind("pressure")}
    assert result.empty_check_in
    assert "pressure" in result.render("en")


VALUE = [
    ("en", "figure", "Their churn fell by 18% in a year."),
    ("en", "figure", "That is about €12,000 saved on 40 licences."),
    ("en", "option", "Instead of the annual licence, a 3-month pilot could work."),
    ("en", "case", "One of our clients in logistics did exactly that."),
    ("en", "resource", "Here is the checklist we use, attached."),
    ("en", "client-question", "How do your editors handle corrections today?"),
    ("en", "answer", "This solves the bottleneck you described in March."),
    ("en", "insight", "I noticed that your group is opening two new titles."),
    ("en", "novelty", "We just released an importer for WordPress archives."),
    ("fr", "figure", "Leur taux de désabonnement a baissé de 18 %."),
    ("fr", "option", "Et si on commençait par un seul site, sans engagement ?"),
    ("fr", "case", "Un de nos clients a fait exactement cela l'an dernier."),
    ("fr", "resource", "Je vous joins la grille que nous utilisons."),
    ("fr", "client-question", "Comment vos équipes gèrent-elles les corrections ?"),
    ("fr", "answer", "Cela répond à votre contrainte de calendrier."),
    ("fr", "insight", "J'ai vu que votre groupe lançait deux nouveaux titres."),
    ("fr", "novelty", "Nous venons de sortir un connecteur pour vos archives."),
]


@pytest.mark.parametrize(("language", "code", "text"), VALUE)
def test_value(language: str, code: str, text: str) -> None:
    """Each family of value is found; a message with value is no empty check-in."""
    result = review(text, language=language)
    assert code in {f.code for f in result.of_kind("value")}
    assert not result.empty_check_in


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Any news? Meanwhile, our benchmark shows a 20% drop in onboarding time."),
    ("en", "Just checking in. One idea: we could start with your sports desk only."),
    ("fr", "Des nouvelles ? Entre-temps, nous avons ajouté une option sans engagement."),
    ("fr", "Je me permets de vous relancer. Je vous joins un cas client proche du vôtre."),
])
def test_mixed_is_not_an_empty_check_in_but_the_ask_is_found(language: str, text: str) -> None:
    """Value plus "any news?": passes, with a check-in finding and the advice to drop it."""
    result = review(text)
    assert result.language == language
    assert not result.empty_check_in
    assert result.of_kind("check-in")
    assert result.of_kind("value")
    assert result.outcome == "check-in-with-value"
    assert "drop the ask" in result.render("en")
    assert "retirez la demande" in result.render("fr")


@pytest.mark.parametrize(("kind", "text"), [
    ("reply", "Thanks for your question: yes, the licence covers freelancers. Any thoughts?"),
    ("reply", "Merci pour votre message. Vous avez raison : des nouvelles suivront."),
    ("agreed", "As agreed, I'm calling you on Tuesday at 10 after your committee. Any news?"),
    ("agreed", "Comme convenu, je vous appelle jeudi à 14 h. Avez-vous du nouveau ?"),
    ("agreed", "Just confirming our quarterly review on 14 January at 3pm."),
])
def test_replies_and_agreed_moments_excuse_the_ask(kind: str, text: str) -> None:
    """Answering the client, or keeping a moment they agreed to, is not an empty check-in."""
    result = review(text)
    assert result.of_kind(kind)
    assert not result.empty_check_in


def test_an_agreed_moment_must_be_named() -> None:
    """'As discussed' without a moment is not an agreed checkpoint."""
    assert "agreed-moment" not in codes("As discussed, I'm following up on the proposal.")
    assert review("As discussed, I'm following up on the proposal.").empty_check_in
    assert "agreed-moment" in codes("As discussed, I'll call you on Friday at 9.")
    assert "agreed-moment" not in codes("Comme évoqué, je reviens vers vous.")
    assert "agreed-moment" in codes("Comme convenu, je vous rappelle demain à 9 h.")


HARD_NEGATIVES = [
    "Our newsroom tools now support live blogs for your sports desk.",
    "Following the committee's decision, here is the new timeline for phase two.",
    "The latest update fixes the export bug your team reported.",
    "Our follow-up module reminds trainees who have not finished their course.",
    "The check-in desk app for your events can reuse your badge data.",
    "Any news agency can plug into the syndication API; here is a sandbox key.",
    "The status page shows uptime for each of your sites.",
    "We've heard back from the regulator: the rule will not apply to B2B titles.",
    "Les nouvelles fonctionnalités permettent de publier sur vos trois titres.",
    "Voici des nouvelles de notre équipe produit : l'export PDF est corrigé.",
    "La relance automatique des factures réduit vos délais de paiement.",
    "Le suivi des abonnements est disponible dans votre tableau de bord.",
    "Suite à la décision de votre direction, voici le planning révisé.",
    "Nous revenons vers vous avec la version corrigée du cahier des charges.",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives(text: str) -> None:
    """Words that look like a check-in, used in another sense: no check-in, no failure."""
    result = review(text)
    assert not result.of_kind("check-in"), result.findings
    assert not result.empty_check_in


@pytest.mark.parametrize("text", [
    "The 'any news' widget of your homepage could be personalised.",
    'Your readers click the "any update" button twice as often on mobile.',
    "Le bloc « des nouvelles ? » de votre page d'accueil peut changer de place.",
])
def test_a_quoted_phrase_is_mentioned_not_used(text: str) -> None:
    """An ask in quotes is the name of something, not an ask."""
    assert not review(text).of_kind("check-in")


def test_a_resent_attachment_is_not_value() -> None:
    """Attaching the same thing again brings nothing new."""
    result = review("I've attached the proposal again (v3, 12 pages). Any thoughts?")
    assert not result.of_kind("value")
    assert result.empty_check_in
    assert review("I've attached our benchmark of 30 titles. Any thoughts?").passes


def test_a_question_that_asks_for_news_is_not_a_client_question() -> None:
    """'How are things going with the evaluation?' asks for news, not about their problem."""
    result = review("How are things going with the evaluation?")
    assert not result.of_kind("value")
    assert result.empty_check_in


@pytest.mark.parametrize(("text", "phrase"), [
    ("Je vous propose de tester l'outil avec deux collègues.", "vous propose de"),
    ("Plutôt qu'un abonnement annuel, un paiement à l'usage.", "Plutôt qu'"),
    ("Au lieu d'une licence globale, une licence par site.", "Au lieu d'"),
    ("Voici l'étude dont je vous parlais.", "Voici l'"),
    ("J'ai vu l'annonce de votre nouveau site.", "J'ai vu l'"),
    ("Combien d'heures vos équipes y passent-elles ?", "Combien d'"),
])
def test_a_phrase_may_end_with_an_elision(text: str, phrase: str) -> None:
    """A pattern ending in "d'", "l'", "qu'" or a space still matches (a bug once)."""
    assert phrase in [f.text for f in review(text, language="fr").of_kind("value")]


def test_a_promise_to_get_back_later_is_not_a_check_in() -> None:
    """Future tense: 'je reviendrai vers vous en septembre' answers, it does not chase."""
    assert not review("Merci, je reviendrai vers vous en septembre.").of_kind("check-in")


# -- findings, reviews, explanations -----------------------------------------------------

class TestFinding:
    def test_explanations_in_both_languages(self) -> None:
        """The why is a code and a phrase, rendered in English and French."""
        finding = review("Any news on the quote?").findings[0]
        assert finding.params == {"phrase": finding.text}
        assert finding.message == finding.render("en") == (
            "“Any news”: asks for news or a status"
        )
        assert finding.render("fr") == (
            "«\xa0Any news\xa0»\xa0: demande des nouvelles ou un état d'avancement"
        )

    def test_a_long_phrase_is_cut(self) -> None:
        """Explanations quote at most about 60 characters of the phrase."""
        text = "Please send your answer, whatever it is and however short it may be, by Friday."
        finding = next(f for f in review(text).findings if f.code == "deadline")
        assert len(finding.text) > 60
        assert finding.render("en").startswith("“answer, whatever")
        assert "…”: sets the client a deadline" in finding.render("en")

    @pytest.mark.parametrize("locale", ["de", None, "xx_YY", 3])
    def test_unknown_locale(self, locale: object) -> None:
        """Only the catalogs' languages are spoken; another locale is named in the error."""
        finding = review("Any news?").findings[0]
        with pytest.raises(InvalidValueError, match=r"^locale ") as info:
            finding.render(locale)  # type: ignore[arg-type]
        assert info.value.field == "locale"

    @pytest.mark.parametrize(("changes", "field"), [
        ({"kind": "news"}, "Finding.kind"),
        ({"code": "figure"}, "Finding.code"),
        ({"start": -1}, "Finding.start"),
        ({"end": "9"}, "Finding.end"),
        ({"text": None}, "Finding.text"),
        ({"start": 5, "end": 2}, "Finding.end"),
    ])
    def test_validated_when_built_by_hand(self, changes: dict[str, object], field: str) -> None:
        """A finding built by hand is checked, each error naming its field."""
        values: dict[str, object] = {
            "kind": "check-in", "code": "asks-news", "start": 0, "end": 8, "text": "any news",
        }
        values.update(changes)
        with pytest.raises(InvalidValueError) as info:
            Finding(**values)  # type: ignore[arg-type]
        assert info.value.field == field

    def test_frozen_and_equal_by_value(self) -> None:
        """Findings are values: frozen, equal by their fields, hashable."""
        one = review("Any news?").findings[0]
        two = Finding(kind=one.kind, code=one.code, start=one.start, end=one.end, text=one.text)
        assert one == two
        assert hash(one) == hash(two)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            one.code = "figure"  # type: ignore[misc]


class TestReview:
    def test_outcomes_and_their_sentences(self) -> None:
        """Each outcome code has a sentence in each language."""
        assert review("Any news?").outcome == "empty-check-in"
        assert review("Any news? A 3-month pilot could help.").outcome == "check-in-with-value"
        assert review("Thanks for your reply! Any news?").outcome == "check-in-excused"
        assert review("A 3-month pilot could help.").outcome == "no-check-in"
        assert review("Hello").outcome == "no-check-in"
        entries = {language: catalog_ids(language) for language in ("en", "fr")}
        for outcome in OUTCOMES:
            for language in ("en", "fr"):
                assert entries[language][f"review.outcome.{outcome}"][0].strip(), outcome
        assert review("Des nouvelles ?").render().startswith("Relance à vide")
        assert review("Des nouvelles ?").message.startswith("Empty check-in")

    def test_language_must_be_known(self) -> None:
        """A review built by hand has a known language."""
        with pytest.raises(InvalidValueError, match=r"Review\.language"):
            Review(language="de", findings=(), empty_check_in=False)

    def test_of_kind(self) -> None:
        """of_kind filters the findings, keeping their order."""
        result = review("Any news? If I don't hear back, I'll close your file. 40% saved.")
        assert [(f.kind, f.text) for f in result.findings] == [
            ("check-in", "Any news"), ("pressure", "If I don't hear back"),
            ("check-in", "hear back"), ("pressure", "I'll close your file"), ("value", "40%"),
        ]
        assert result.of_kind("pressure") == (result.findings[1], result.findings[3])


# -- spans ------------------------------------------------------------------------------

class TestSpans:
    def test_accents_typed_apart_keep_their_spans(self) -> None:
        """A decomposed accent (NFD) is read like a composed one; spans cover the original."""
        composed = "Bonjour, où en êtes-vous ? Je reste à votre disposition."
        decomposed = unicodedata.normalize("NFD", composed)
        assert len(decomposed) > len(composed)
        one, two = review(composed), review(decomposed)
        assert [f.code for f in one.findings] == [f.code for f in two.findings]
        for finding in two.findings:
            assert decomposed[finding.start:finding.end] == finding.text
            assert unicodedata.normalize("NFC", finding.text) in composed

    def test_letters_whose_lower_case_is_longer(self) -> None:
        """A dotted capital I (its lower case is two characters) does not shift spans."""
        text = "İstanbul team: any news on the quote?"
        finding = review(text).findings[0]
        assert text[finding.start:finding.end] == finding.text == "any news"

    def test_typographic_apostrophes_and_spaces(self) -> None:
        """’ reads as ', a non-breaking space as a space."""
        text = "Je n’ai pas eu de retour.\u00a0Où en êtes\u2011vous\u202f?"
        found = review(text)
        assert {"notes-silence", "asks-news"} <= {f.code for f in found.findings}
        for finding in found.findings:
            assert text[finding.start:finding.end] == finding.text

    def test_line_breaks_inside_a_phrase(self) -> None:
        """A phrase wrapped over two lines of an email is still read."""
        assert "follow-up" in codes("Hi Tom,\r\njust circling\r\nback on the quote.")


# -- the patterns themselves ----------------------------------------------------------

def _outside_classes(source: str) -> str:
    """The pattern with its escapes and character classes removed."""
    out, j = [], 0
    while j < len(source):
        if source[j] == "\\":
            j += 2
        elif source[j] == "[":
            j = module._class_end(source, j) + 1
        else:
            out.append(source[j])
            j += 1
    return "".join(out)


ALL_SOURCES = [
    (language, kind, code, source)
    for language, kinds in SOURCES.items() for kind, by_code in kinds.items()
    for code, sources in by_code.items() for source in sources
] + [
    (language, "parts", part, source)
    for language, parts in PARTS.items() for part, sources in parts.items() for source in sources
]


class TestPatterns:
    def test_linear_by_construction(self) -> None:
        """Bounded repetitions only, no capturing group: matching stays linear in the text."""
        for language, kind, code, source in ALL_SOURCES:
            bare = _outside_classes(source)
            where = (language, kind, code, source)
            assert "*" not in bare, where
            assert "+" not in bare, where
            assert not re.search(r"\{\d*,\}", bare), where
            assert re.compile(module._spaces(source)).groups == 0, where

    def test_each_alternative_starts_with_a_letter_or_a_class(self) -> None:
        """So the engine can skip it by its first character (what keeps reviews fast)."""
        for language, kind, code, source in ALL_SOURCES:
            for alternative in module._leading(source):
                assert module._plain_start(alternative), (language, kind, code, alternative)

    def test_every_code_is_known_and_explained(self) -> None:
        """Codes used by the patterns are the documented ones, each with en and fr words."""
        used = {(kind, code.rstrip("?")) for kinds in SOURCES.values()
                for kind, by_code in kinds.items() for code in by_code}
        used |= {(kind, code) for pairs in PAIRS.values() for kind, code, _, _ in pairs}
        assert used == {(kind, code) for kind, codes_ in CODES.items() for code in codes_}
        for language in ("en", "fr"):
            entries = catalog_ids(language)
            for code in (code for codes_ in CODES.values() for code in codes_):
                assert "{phrase}" in entries[f"review.{code}"][0], (language, code)
        assert set(KINDS) == set(CODES)

    def test_compiled_patterns_are_listed(self) -> None:
        """patterns() lists every compiled pattern, for audits."""
        listed = list(patterns())
        assert {what for _, what, _ in listed} == {*CODES, "parts", "anchor", "locator"}
        assert set(ANCHORS) == {language for language, _, _ in listed}

    def test_a_pattern_that_matches_nothing_is_refused(self) -> None:
        """An alternative that may match the empty string would find everything."""
        with pytest.raises(ValueError, match="may match nothing"):
            module._dispatch([("x", "(?:a )?")])


def test_huge_inputs_finish() -> None:
    """A megabyte of adversarial text is reviewed (linear patterns; not timed here)."""
    chunk = (
        "1 1,000 2.5 " + " " * 30 + "... ??? " + "any news " + "je vous relance "
        + "e\u0301" * 5 + "«" + "'" + "a " * 20 + "by friday know " + "\n" * 3 + "é"
    )
    text = (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000]
    result = review(text)
    assert result.empty_check_in is False or result.findings
    for finding in result.findings[:50]:
        assert text[finding.start:finding.end] == finding.text


# -- properties -------------------------------------------------------------------------

FRAGMENTS = [
    "any news", "any update", "just following up", "circling back", "by friday", "know",
    "je me permets de revenir vers vous", "des nouvelles", "où en êtes-vous", "d'ici vendredi",
    "attached", "again", "ci-joint", "à nouveau", "40%", "3 000 €", "as agreed", "tuesday",
    "comme convenu", "mardi", "thanks for your reply", "merci pour votre retour", "?", ".",
    "!", "\n\n", "\n", " ", "  ", "'", "«", "“", "e\u0301", "İ", "\u00a0", "-", "—", "5",
    "how do your editors", "comment vos équipes", "one of our clients", "newsroom",
]
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=30).map(
        "".join
    ),
)
VALUE_SENTENCES = {
    "en": ["One of our clients cut onboarding time by 30% with a 6-week pilot.",
           "Here is a benchmark of 40 regional titles, attached."],
    "fr": ["Un de nos clients a réduit de 30 % ses délais grâce à un pilote de 6 semaines.",
           "Je vous joins un comparatif de 40 titres régionaux."],
}


@given(texts)
def test_never_raises_and_spans_are_slices(text: str) -> None:
    """Any str: no error, deterministic, spans valid, sorted, one kind never overlapping."""
    result = review(text)
    assert result == review(text)
    assert result.language in ("en", "fr")
    previous = (-1, -1)
    last_end: dict[str, int] = {}
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
        assert (finding.start, finding.end) >= previous
        previous = (finding.start, finding.end)
        assert finding.start >= last_end.get(finding.kind, 0)
        last_end[finding.kind] = finding.end
        assert finding.code in CODES[finding.kind]


@given(texts)
def test_the_verdict_follows_from_the_findings(text: str) -> None:
    """An empty check-in asks and brings nothing; giving the detected language changes nothing."""
    result = review(text)
    kinds = {f.kind for f in result.findings}
    assert result.empty_check_in == (
        bool(kinds & {"check-in", "pressure"}) and not kinds & {"value", "reply", "agreed"}
    )
    assert review(text, language=result.language) == result


@given(texts, st.sampled_from(["en", "fr"]), st.data())
def test_adding_a_value_sentence_never_leaves_an_empty_check_in(
    text: str, language: str, data: st.DataObject,
) -> None:
    """A value-bearing sentence, after a blank line, makes any message pass."""
    sentence = data.draw(st.sampled_from(VALUE_SENTENCES[language]))
    assert review(sentence, language=language).of_kind("value")
    assert review(text + "\n\n" + sentence, language=language).passes
