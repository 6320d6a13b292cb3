"""The message reviewer: is a drafted follow-up an empty "any news?" check-in?

:func:`review` reads a message in English or French and names, with their
spans, the phrases that matter:

* ``check-in``: asking for news, a status, a decision, feedback, "just
  following up", "je me permets de revenir vers vous", re-sending the same
  thing, pointing at the client's silence;
* ``pressure``: a deadline imposed on the client, a demand for an answer, a
  "last follow-up", an ultimatum, a time-limited offer, a reproach;
* ``value``: something new and value-bearing: a figure, an option, a case, a
  resource, a question about the client's own problem, an observation, a
  novelty of the offer;
* ``reply``: the message answers the client's own message;
* ``agreed``: the message keeps a moment the client agreed to (it names the
  moment: "as agreed, I'm calling you on Tuesday at 10").

A message is an **empty check-in** when it asks (a ``check-in`` or
``pressure`` finding) and brings nothing (no ``value``), answers nothing (no
``reply``) and keeps no agreed moment (no ``agreed``).  A message that brings
something *and* asks for news is not an empty check-in, but its ask is still
a finding.

The reading is lexical: regular expressions over the text folded to lower
case without accents, written so that every one runs in linear time (only
bounded repetitions; see ``tests/test_review.py``).  No model, no network,
no dependency; the same text always gives the same review.

Why a finding was made is data: its ``code`` and its parameters (the phrase).
The sentences come from the gettext catalogs of ``relance._words``
(``review.<code>``, ``review.outcome.<outcome>``), like every explanation.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, Literal, NamedTuple

import attrs

from .._core.errors import InvalidValueError, short_repr
from .render import _speaker, language_of
from .review_patterns import ANCHORS, MAX_PAIR_GAP, PAIRS, PARTS, SOURCES

__all__ = [
    "CODES",
    "KINDS",
    "LANGUAGES",
    "OUTCOMES",
    "Finding",
    "Review",
    "detect_language",
    "patterns",
    "review",
]

Language = Literal["en", "fr"]

#: The languages the reviewer reads (and writes its explanations in).
LANGUAGES: Final = ("en", "fr")

#: The kinds of finding, in the order a highlighter gives them precedence.
KINDS: Final = ("pressure", "check-in", "value", "reply", "agreed")

#: Every finding code, by kind.  Codes are stable: integrations may store them.
CODES: Final[Mapping[str, tuple[str, ...]]] = {
    "check-in": (
        "follow-up", "resend", "notes-silence", "asks-news", "asks-decision", "asks-review",
        "asks-callback",
    ),
    "pressure": ("deadline", "demand", "last-chance", "ultimatum", "scarcity", "reproach"),
    "value": (
        "figure", "option", "case", "resource", "client-question", "answer", "insight",
        "novelty",
    ),
    "reply": ("reply",),
    "agreed": ("agreed-moment",),
}
_KIND_OF: Final = {code: kind for kind, codes in CODES.items() for code in codes}

# What a finding means (``review.<code>``, ``{phrase}`` its text), what a review
# concludes (``review.outcome.<outcome>``) and the note on pressure
# (``review.pressure-note``) are sentences of the catalogs, like every other.

#: The outcomes of a review (see :attr:`Review.outcome`).
OUTCOMES: Final = ("empty-check-in", "check-in-with-value", "check-in-excused", "no-check-in")
#: A quoted phrase longer than this is cut in explanations.
MAX_PHRASE: Final = 60


def _quote(phrase: str, locale: str) -> str:
    flat = " ".join(phrase.split())
    if len(flat) > MAX_PHRASE:
        flat = flat[: MAX_PHRASE - 1].rstrip() + "…"
    return str(_say(locale).text("format.quote").format(text=flat))


def _say(locale: object) -> Any:
    """The catalog speaker of ``locale`` (refused with field ``locale`` when unknown)."""
    language_of(locale)
    assert isinstance(locale, str)
    return _speaker(locale)


def _check_kind(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in CODES:
        raise InvalidValueError(
            f"Finding.kind must be one of {', '.join(map(repr, CODES))} (got {short_repr(value)})",
            field="Finding.kind", value=value,
        )


def _check_code(instance: Finding, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or _KIND_OF.get(value) != instance.kind:
        allowed = ", ".join(map(repr, CODES.get(instance.kind, ())))
        raise InvalidValueError(
            f"Finding.code must be one of {allowed} for kind {instance.kind!r} "
            f"(got {short_repr(value)})",
            field="Finding.code", value=value,
        )


def _check_offset(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidValueError(
            f"Finding.{attribute.name} must be an int ≥ 0 (got {short_repr(value)})",
            field=f"Finding.{attribute.name}", value=value,
        )


def _check_text(instance: Finding, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidValueError(
            f"Finding.text must be a str (got {short_repr(value)})", field="Finding.text",
            value=value,
        )
    if instance.end < instance.start:
        raise InvalidValueError(
            f"Finding.end must not be before start (got {instance.start}..{instance.end})",
            field="Finding.end", value=instance.end,
        )


@attrs.frozen(kw_only=True)
class Finding:
    r"""One phrase of a reviewed message: what kind, which code, where, and why.

    Attributes:
        kind: ``check-in``, ``pressure``, ``value``, ``reply`` or ``agreed``.
        code: the stable code of what was found (see :data:`CODES`), e.g.
            ``asks-news``, ``deadline``, ``figure``.
        start: where the phrase starts in the reviewed text (a Python string
            index: code points, not bytes nor UTF-16 units).
        end: where it ends (excluded): ``text[start:end]`` is the phrase.
        text: the phrase, as written.

    Examples:
        >>> f = Finding(kind="check-in", code="asks-news", start=0, end=9, text="Any news?")
        >>> f.message
        '“Any news?”: asks for news or a status'
        >>> f.render("fr").replace("\xa0", " ")
        "« Any news? » : demande des nouvelles ou un état d'avancement"
    """

    kind: str = attrs.field(validator=_check_kind)
    code: str = attrs.field(validator=_check_code)
    start: int = attrs.field(validator=_check_offset)
    end: int = attrs.field(validator=_check_offset)
    text: str = attrs.field(validator=_check_text)

    @property
    def params(self) -> Mapping[str, str]:
        """The parameters of the explanation: the ``phrase``."""
        return {"phrase": self.text}

    def render(self, locale: str = "en") -> str:
        """Why this phrase was found, in ``locale`` (``en`` or ``fr``).

        Raises:
            InvalidValueError: another locale (field ``locale``).
        """
        return str(_say(locale).text(f"review.{self.code}").format(
            phrase=_quote(self.text, locale)))

    @property
    def message(self) -> str:
        """Why this phrase was found, in English."""
        return self.render("en")


def _to_findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


def _check_language(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in LANGUAGES:
        raise InvalidValueError(
            f"Review.language must be one of 'en', 'fr' (got {short_repr(value)})",
            field="Review.language", value=value,
        )


@attrs.frozen(kw_only=True)
class Review:
    """What :func:`review` read in a message.

    Attributes:
        language: the message's language, ``en`` or ``fr`` (given or detected).
        findings: the phrases found, sorted by position (``start``, then ``end``).
            Findings of different kinds may overlap ("any news by Friday?" asks
            and presses); findings of one kind do not.
        empty_check_in: whether the message asks (a ``check-in`` or
            ``pressure`` finding) without bringing anything new (no ``value``),
            answering the client (no ``reply``) or keeping an agreed moment
            (no ``agreed``).

    Examples:
        >>> r = review("Hi Tom, just following up. Any news?")
        >>> r.empty_check_in, r.outcome, [f.code for f in r.findings]
        (True, 'empty-check-in', ['follow-up', 'asks-news'])
    """

    language: str = attrs.field(validator=_check_language)
    findings: tuple[Finding, ...] = attrs.field(converter=_to_findings)
    empty_check_in: bool

    @property
    def passes(self) -> bool:
        """Whether the message may be sent as it is (it is not an empty check-in)."""
        return not self.empty_check_in

    def of_kind(self, kind: str) -> tuple[Finding, ...]:
        """The findings of one kind (``check-in``, ``pressure``, ``value``...)."""
        return tuple(f for f in self.findings if f.kind == kind)

    @property
    def outcome(self) -> str:
        """The review in one stable code (see :data:`OUTCOMES`).

        ``empty-check-in``; ``check-in-with-value`` (asks, but brings
        something new); ``check-in-excused`` (asks, but replies or keeps an
        agreed moment); ``no-check-in``.
        """
        if self.empty_check_in:
            return "empty-check-in"
        kinds = {f.kind for f in self.findings}
        if not kinds & {"check-in", "pressure"}:
            return "no-check-in"
        if "value" in kinds:
            return "check-in-with-value"
        return "check-in-excused"

    def render(self, locale: str | None = None) -> str:
        """The outcome in a sentence, in ``locale`` (default: the message's language).

        Raises:
            InvalidValueError: a locale other than ``en`` or ``fr``.
        """
        say = _say(self.language if locale is None else locale)
        text = str(say.text(f"review.outcome.{self.outcome}"))
        if any(f.kind == "pressure" for f in self.findings):
            text += " " + str(say.text("review.pressure-note"))
        return text

    @property
    def message(self) -> str:
        """The outcome in a sentence, in English."""
        return self.render("en")


# -- folding: lower case, no accents, one apostrophe -----------------------------------

def _fold_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for code in range(0x80, 0x250):
        char = chr(code)
        lower = char.lower()
        base = unicodedata.normalize("NFD", lower)
        if len(lower) == 1 and base and base[0].isascii() and all(
            unicodedata.combining(c) for c in base[1:]
        ):
            table[code] = ord(base[0])
        elif len(lower) == 1 and lower != char:
            table[code] = ord(lower)
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
    for quote in "\u2019\u2018\u02bc\u00b4\u2032`":
        table[ord(quote)] = ord("'")
    for space in "\u00a0\u202f\u2009\u2007\u2002\u2003":
        table[ord(space)] = ord(" ")
    for dash in "\u2010\u2011\u2012":
        table[ord(dash)] = ord("-")
    table[ord("Œ")] = ord("œ")
    return table


_FOLD: Final = _fold_table()
_FOLD_CHAR: Final = {chr(k): chr(v) for k, v in _FOLD.items() if k >= 0x80}
_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]")
# Characters whose folding changes the length of the text: combining marks (an
# accent typed apart from its letter), and letters whose lower case is longer.
_SLOW: Final = re.compile("[\u0300-\u036f\u0130\u1e9e]")


def _fold_match(match: re.Match[str]) -> str:
    char = match.group()
    return _FOLD_CHAR.get(char, char)


def _fold(text: str) -> tuple[str, list[int] | None]:
    """The text folded for matching, and the map of its offsets (``None``: the same).

    The folded text is lower case, without accents, with one apostrophe
    (``'``), one hyphen and ordinary spaces.  When folding keeps every
    character in place (almost always), offsets in the folded text are
    offsets in the text; otherwise the map gives, for each folded character,
    the offset of the character it comes from (and one more, the end).
    """
    if text.isascii():
        return text.lower(), None
    if _SLOW.search(text) is None:
        lowered = text.lower()
        if len(lowered) == len(text):
            return _NON_ASCII.sub(_fold_match, lowered), None
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        if unicodedata.combining(char):
            continue
        folded = char.translate(_FOLD)
        if len(folded.lower()) == 1:
            folded = folded.lower()
        chars.append(folded)
        offsets.append(index)
    offsets.append(len(text))
    return "".join(chars), offsets


# -- language ---------------------------------------------------------------------------

_EN_WORDS: Final = frozenset({
    "the", "and", "to", "you", "your", "of", "is", "for", "any", "with", "have", "just",
    "i", "we", "it", "our", "this", "that", "in", "be", "are", "if", "know", "let", "hi",
    "hello", "thanks", "thank", "from", "at", "by", "my", "will", "would", "can", "could",
    "was", "has", "had", "been", "there", "what", "where", "when", "how", "please",
    "hope", "looking", "forward", "regarding", "about", "still", "did", "do", "does",
    "get", "got", "yet",
})
_FR_WORDS: Final = frozenset({
    "le", "la", "les", "de", "des", "du", "et", "vous", "votre", "vos", "je", "nous",
    "pour", "sur", "est", "une", "un", "avec", "que", "qui", "pas", "au", "aux", "ce",
    "cette", "tu", "ton", "ta", "tes", "merci", "bonjour", "salut", "en", "ne", "mon",
    "ma", "mes", "ou", "dans", "par", "notre", "nos", "te", "se", "d", "l", "j", "n",
    "qu", "c", "avez", "etes", "suis", "sommes", "ai", "bien",
    "cordialement", "si", "sans", "chez", "leur", "leurs", "aussi", "mais", "donc", "car",
    "plus", "tres",
})
_WORD: Final = re.compile(r"[a-z]{1,20}")
#: Language detection reads at most this many characters.
DETECTION_WINDOW: Final = 1000
_ACCENT: Final = re.compile("[éèêëàâçùûîïôœÉÈÊÀÇ]")


def detect_language(text: str) -> Language:
    """The language of ``text``, ``en`` or ``fr``: by stop words and accents.

    Deterministic and dependency-free: in the first
    :data:`DETECTION_WINDOW` characters, each English stop word counts one for
    English, each French one (including elided ``l'``, ``j'``, ``d'``, but not
    ``t'``, ``m'``, ``s'``, which English contractions also leave) one for
    French, and each accented letter a half for French.  A tie (no word
    at all, say) is English.

    Examples:
        >>> detect_language("Bonjour, avez-vous des nouvelles ?"), detect_language("Any news?")
        ('fr', 'en')

    Raises:
        InvalidValueError: ``text`` is not a str (field ``text``).
    """
    _check_text_argument(text)
    folded, _ = _fold(text)
    return _language_of(text, folded)


def _language_of(text: str, folded: str) -> Language:
    words = _WORD.findall(folded, 0, DETECTION_WINDOW)
    english = sum(map(_EN_WORDS.__contains__, words))
    french = sum(map(_FR_WORDS.__contains__, words))
    accents = len(_ACCENT.findall(text, 0, DETECTION_WINDOW))
    return "fr" if 2 * french + accents > 2 * english else "en"


# -- patterns -------------------------------------------------------------------------
#
# The sources (relance._words.review_patterns) are lists of alternatives per
# code.  Each kind of each language compiles into one regular expression that
# dispatches on the first letter: "a(?:...)|b(?:...)|...", every alternative in
# its own named group, so that the engine skips, at each word, all the
# alternatives but those starting with its letter.

_SPECIAL: Final = frozenset("\\()[]{}.^$*+?|")


def _class_end(source: str, index: int) -> int:
    r"""Where the character class opened at ``index`` closes."""
    j = index + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j


def _chars(source: str) -> Iterator[tuple[int, str, int]]:
    """The characters of a pattern outside classes and escapes: (index, char, depth)."""
    depth = j = 0
    while j < len(source):
        char = source[j]
        if char == "\\":
            j += 2
            continue
        if char == "[":
            j = _class_end(source, j) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        yield j, char, depth
        j += 1


def _split(source: str) -> list[str]:
    """The top-level alternatives of a pattern."""
    cuts = [j for j, char, depth in _chars(source) if char == "|" and depth == 0]
    bounds = [-1, *cuts, len(source)]
    return [source[a + 1:b] for a, b in itertools.pairwise(bounds)]


def _first_literal(alternative: str) -> str:
    r"""The literal the alternative starts with (``a``, ``\\$`` or a space), or ``""``.

    A literal followed by a quantifier (``s?``) is not one.
    """
    if alternative[:1] == "\\" and len(alternative) > 1 and not alternative[1].isalnum():
        first = alternative[:2]
    elif alternative[:1] and alternative[0] not in _SPECIAL:
        first = alternative[0]
    else:
        return ""
    return first if alternative[len(first):len(first) + 1] not in ("?", "*", "+", "{") else ""


def _first_class(alternative: str) -> str:
    r"""The character class the alternative starts with (``\\d``, ``[a-z]``), or ``""``."""
    if alternative[:2] in ("\\d", "\\w"):
        first = alternative[:2]
    elif alternative[:1] == "[":
        first = alternative[:_class_end(alternative, 0) + 1]
    else:
        return ""
    return first if alternative[len(first):len(first) + 1] not in ("?", "*", "+", "{") else ""


def _plain_start(alternative: str) -> bool:
    """Whether the engine can skip the alternative by its first character."""
    return bool(_first_literal(alternative) or _first_class(alternative)) and not (
        alternative.startswith(" ")
    )


def _leading(alternative: str) -> list[str]:
    r"""The alternative as alternatives starting with a literal character, where it can be.

    A leading ``(?:a|b)`` (or an optional ``(?:a )?``) is spread out:
    ``(?:a|b)c`` is ``ac|bc``; ``(?:a )?c`` is ``a c|c``.
    """
    if _plain_start(alternative) or not alternative.startswith("(?:"):
        return [alternative]
    end = next(j for j, char, depth in _chars(alternative) if char == ")" and depth == 0)
    inner, after = alternative[3:end], alternative[end + 1:]
    if after.startswith("?") and not after.startswith("??"):
        rest = after[1:]
        return [x for part in _split(inner) for x in _leading(part + rest)] + _leading(rest)
    if after and after[0] in "?*+{":
        return [alternative]
    return [x for part in _split(inner) for x in _leading(part + after)]


def _spaces(source: str) -> str:
    r"""A space of the sources as one to four whitespace characters (``\\s`` in a class)."""
    out: list[str] = []
    j = 0
    while j < len(source):
        char = source[j]
        if char == "\\":
            out.append(source[j:j + 2])
            j += 2
        elif char == "[":
            end = _class_end(source, j)
            out.append(source[j:end + 1].replace(" ", "\\s"))
            j = end + 1
        else:
            out.append("\\s{1,4}" if char == " " else char)
            j += 1
    return "".join(out)


def _literal(token: str) -> str:
    if token == " ":
        return "\\s{1,4}"
    return token if token.startswith("\\") else re.escape(token)


def _trie(items: Sequence[tuple[str, str]], keys: list[str], *, top: bool = True) -> str:
    r"""``(key, alternative)`` items as one alternation, branching on leading literals.

    Alternatives that start with the same literal share it: ``the a|the b|to``
    becomes ``t(?:he\\s{1,4}(?:a|b)|o)``, so the engine tries, at each
    character, only the branch of that character.  Leading groups are spread
    out at the top only (deeper, it would copy long tails for little gain).

    Each alternative ends with an empty named group, ``(?P<g7>)``: it tells
    which alternative matched (``keys[7]`` is its key, and ``lastgroup`` its
    name), and being last it leaves the alternative starting with a literal
    (a group first would make the engine enter every alternative at every
    word: several times slower).
    """
    branches: dict[str, list[tuple[str, str]]] = {}
    leaves: list[str] = []
    for key, alternative in items:
        for spread in _leading(alternative) if top else [alternative]:
            first = _first_literal(spread)
            if first and len(spread) > len(first):
                branches.setdefault(first, []).append((key, spread[len(first):]))
            else:
                keys.append(key)
                leaves.append(f"{_spaces(spread)}(?P<g{len(keys) - 1}>)")
    out: list[str] = []
    for first, rests in sorted(branches.items()):
        if len(rests) == 1:
            keys.append(rests[0][0])
            out.append(f"{_literal(first)}{_spaces(rests[0][1])}(?P<g{len(keys) - 1}>)")
        else:
            out.append(f"{_literal(first)}(?:{_trie(rests, keys, top=False)})")
    return "|".join(out + leaves)


#: Where a match may end: before a character that is not a letter or a digit, or
#: right after a space or an apostrophe ("plutôt qu'", "au lieu d'", "voici l'").
_WORD_END: Final = r"(?:(?<=[\s'])|(?!\w))"


def _dispatch(alternatives: Sequence[tuple[str, str]]) -> tuple[re.Pattern[str], list[str]]:
    """One pattern for ``(key, source)`` pairs, and the key of each of its groups."""
    for _, source in alternatives:
        if not source or "" in _leading(source):
            raise ValueError(f"an alternative may match nothing: {source!r}")
    keys: list[str] = []
    body = _trie(alternatives, keys)
    return re.compile(r"(?<!\w)(?:" + body + ")" + _WORD_END), keys


def _starts(sources: Sequence[str]) -> frozenset[str] | None:
    """How a match of one of ``sources`` may start: one or two characters (``None``: any).

    ``{"an", "th", "€"}``: a match starts with "an", "th" or "€".  Asked at a
    match of another kind, a kind whose start does not fit is not tried.
    """
    starts = set()
    for source in sources:
        for alternative in _leading(source):
            first = _first_literal(alternative)
            if not first:
                return None
            second = _first_literal(alternative[len(first):])
            char = first[-1]
            starts.add(char + second[-1] if second and second != " " else char)
    return frozenset(starts)


def _compile_kinds(
    kinds: Mapping[str, Mapping[str, Sequence[str]]],
) -> dict[str, tuple[re.Pattern[str], list[str]]]:
    return {
        kind: _dispatch([(code, source) for code, sources in codes.items() for source in sources])
        for kind, codes in kinds.items()
    }


class _Compiled(NamedTuple):
    """The patterns of one language, compiled on its first review."""

    kinds: dict[str, tuple[re.Pattern[str], list[str]]]
    parts: tuple[re.Pattern[str], list[str]]
    #: Where anything may be found: every kind's alternatives and the parts,
    #: in one pattern, whose key is "kind code" ("parts" for the parts of pairs).
    locator: tuple[re.Pattern[str], list[str]]
    anchor: re.Pattern[str]
    #: Each kind (and the parts): the characters its matches may start with,
    #: its pattern and its keys (to ask it at a match of another kind).
    others: list[tuple[str, frozenset[str] | None, re.Pattern[str], list[str]]]


@functools.cache
def _compiled(language: str) -> _Compiled:
    """Compiling costs some 0.3 s a language: done once, when first needed, not at import."""
    kinds = _compile_kinds(SOURCES[language])
    parts = _dispatch([(part, source) for part, sources in PARTS[language].items()
                       for source in sources])
    locator = _dispatch([
        *((f"{kind} {code}", source) for kind, codes in SOURCES[language].items()
          for code, sources in codes.items() for source in sources),
        *((f"parts {part}", source) for part, sources in PARTS[language].items()
          for source in sources),
    ])
    others = [
        *((kind, _starts([s for sources in SOURCES[language][kind].values() for s in sources]),
           *compiled) for kind, compiled in kinds.items()),
        ("parts", _starts([s for sources in PARTS[language].values() for s in sources]),
         *parts),
    ]
    return _Compiled(kinds, parts, locator, re.compile(ANCHORS[language]), others)


#: The end of a sentence: ".", "!", "?" or "…" (not a "." followed by a letter or
#: a digit, as in "4.2" or "example.com"), or a blank line.
_SENTENCE_END: Final = re.compile(r"[.!?…]{1,20}(?!\w)|\n[ \t]{0,20}\n")


def patterns() -> Iterator[tuple[str, str, re.Pattern[str]]]:
    """Every compiled pattern, as ``(language, what, pattern)`` (for tests and audits)."""
    for language in SOURCES:
        compiled = _compiled(language)
        for kind, (pattern, _) in compiled.kinds.items():
            yield language, kind, pattern
        yield language, "parts", compiled.parts[0]
        yield language, "locator", compiled.locator[0]
        yield language, "anchor", compiled.anchor


# -- the review -------------------------------------------------------------------------

def _check_text_argument(text: object) -> None:
    if not isinstance(text, str):
        raise InvalidValueError(
            f"text must be a str (got {short_repr(text)} that is a {type(text).__name__})",
            field="text", value=text,
        )


class _Sentences:
    """The sentences of the folded text: where each starts and ends, and which ask.

    A sentence ends at a ".", "!", "?" or "…" (a "." inside a word, as in "4.2"
    or "example.com", does not end it), or at a blank line.
    """

    def __init__(self, folded: str) -> None:
        self.starts: list[int] = [0]
        self.ends: list[int] = []
        self.questions: list[bool] = []
        for match in _SENTENCE_END.finditer(folded):
            self.ends.append(match.end())
            self.starts.append(match.end())
            self.questions.append("?" in match.group())
        self.ends.append(len(folded))
        self.questions.append(False)

    def index(self, position: int) -> int:
        """The sentence holding ``position``."""
        return bisect.bisect_right(self.starts, position) - 1

    def is_question(self, position: int) -> bool:
        """Whether the sentence holding ``position`` ends with a question mark."""
        return self.questions[self.index(position)]

    def bounds(self, position: int) -> tuple[int, int]:
        """Where the sentence holding ``position`` starts and ends."""
        where = self.index(position)
        return self.starts[where], self.ends[where]


def review(text: str, *, language: str | None = None) -> Review:
    r"""Review a drafted follow-up: is it an empty "any news?" check-in?

    Args:
        text: the message, in English or French.
        language: ``"en"`` or ``"fr"``; ``None`` (the default) detects it
            (see :func:`detect_language`).

    Returns:
        The :class:`Review`: the language, the findings (check-ins, pressure,
        value, replies, agreed moments, with their spans) and whether the
        message is an empty check-in.

    Raises:
        InvalidValueError: ``text`` is not a str (field ``text``), or
            ``language`` is not ``None``, ``"en"`` or ``"fr"`` (field
            ``language``).

    Examples:
        >>> r = review("Bonjour, je me permets de revenir vers vous. Avez-vous pu avancer ?")
        >>> r.language, r.empty_check_in
        ('fr', True)
        >>> for f in r.findings:
        ...     print(f.kind, f.code, f.start, f.end, repr(f.text))
        check-in follow-up 9 43 'je me permets de revenir vers vous'
        check-in asks-review 45 57 'Avez-vous pu'
        >>> r.findings[0].render("fr").replace("\xa0", " ")
        "« je me permets de revenir vers vous » : dit seulement que c'est une relance"

        A message that brings something new is not an empty check-in, even
        when it also asks for news (the ask is still found):

        >>> r = review("Any news? Our pilot cut onboarding time by 40% at a similar group.")
        >>> r.empty_check_in, r.outcome, [(f.kind, f.text) for f in r.findings]
        (False, 'check-in-with-value', [('check-in', 'Any news'), ('value', '40%')])
    """
    _check_text_argument(text)
    if language is not None and language not in LANGUAGES:
        raise InvalidValueError(
            f"language must be 'en', 'fr' or None (got {short_repr(language)})",
            field="language", value=language,
        )
    folded, offsets = _fold(text)
    lang: Language = _language_of(text, folded) if language is None else (
        "fr" if language == "fr" else "en"
    )
    sentences = _Sentences(folded)
    raw: list[tuple[str, str, int, int]] = []
    parts: list[tuple[str, int, int]] = []
    for kind, key, start, end in _matches(folded, lang):
        if kind == "parts":
            parts.append((key, start, end))
            continue
        if key.endswith("?") and not sentences.is_question(start):
            continue
        anchor = _compiled(lang).anchor
        if kind == "agreed" and anchor.search(folded, *sentences.bounds(start)) is None:
            continue
        if _quoted(folded, start):
            continue
        while end > start and folded[end - 1].isspace():
            end -= 1
        raw.append((kind, key.rstrip("?"), start, end))
    raw += _pairs(parts, lang, sentences)
    raw = _apart(_drop_excused_value(raw, sentences))
    findings = sorted(
        (_finding(text, offsets, kind, code, start, end) for kind, code, start, end in raw),
        key=lambda f: (f.start, f.end, KINDS.index(f.kind), f.code),
    )
    kinds = {f.kind for f in findings}
    empty = bool(kinds & {"check-in", "pressure"}) and not kinds & {"value", "reply", "agreed"}
    return Review(language=lang, findings=tuple(findings), empty_check_in=empty)


def _quoted(folded: str, start: int) -> bool:
    """Whether the phrase at ``start`` opens a quotation: mentioned, not used.

    ``the 'any news' widget``, ``le bloc « Dernières nouvelles »``.
    """
    before = folded[max(0, start - 2):start]
    return before[-1:] in ('"', "“", "«") or before == "« " or (
        before[-1:] == "'" and (len(before) < 2 or not before[0].isalnum())
    )


def _matches(folded: str, lang: Language) -> Iterator[tuple[str, str, int, int]]:
    """Every match of every kind (and of the parts): ``(kind, key, start, end)``.

    One pattern finds where anything matches; there, each other kind is
    asked whether it matches too, so that an ask that also presses gives
    both findings.  Matches of one kind may overlap (``_apart`` sorts it out).
    """
    compiled = _compiled(lang)
    locator, locator_keys = compiled.locator
    others = compiled.others
    search = locator.search
    end = len(folded)
    match = search(folded)
    while match is not None:
        start = match.start()
        kind, key = locator_keys[int(match.lastgroup[1:])].split(" ", 1)  # type: ignore[index]
        yield kind, key, start, match.end()
        two = folded[start:start + 2]
        for other, starts, pattern, keys in others:
            if other != kind and (starts is None or two in starts or two[:1] in starts):
                found = pattern.match(folded, start, end)
                if found is not None:
                    yield other, keys[int(found.lastgroup[1:])], start, found.end()  # type: ignore[index]
        match = search(folded, start + 1)


def _pairs(
    parts: list[tuple[str, int, int]], lang: Language, sentences: _Sentences
) -> list[tuple[str, str, int, int]]:
    """The findings that join two parts of a sentence ("an answer ... by Friday")."""
    found: list[tuple[str, str, int, int]] = []
    for kind, code, firsts, seconds in PAIRS[lang]:
        for index, (part, start, end) in enumerate(parts):
            if part not in firsts:
                continue
            for other, other_start, other_end in parts[index + 1:]:
                if other_start - end > MAX_PAIR_GAP:
                    break
                if other in seconds and sentences.index(other_start) == sentences.index(start):
                    found.append((kind, code, start, other_end))
                    break
    return found


def _apart(raw: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """Findings of one kind that do not overlap: the first, then the longest, wins."""
    kept: list[tuple[str, str, int, int]] = []
    last_end: dict[str, int] = {}
    for item in sorted(raw, key=lambda f: (f[2], -f[3], KINDS.index(f[0]), f[1])):
        kind, _, start, end = item
        if start >= last_end.get(kind, -1):
            kept.append(item)
            last_end[kind] = end
    return kept


def _drop_excused_value(
    raw: list[tuple[str, str, int, int]], sentences: _Sentences
) -> list[tuple[str, str, int, int]]:
    """Value that is not: a resource sent again, a question that only asks for news.

    In a sentence that re-sends something (``resend``), an attachment is the
    same thing again; in a sentence that asks for news (any ``check-in``), a
    question is that ask, not a question about the client's problem.
    """
    resent = {sentences.index(s) for kind, code, s, _ in raw if code == "resend"}
    asking = {sentences.index(s) for kind, code, s, _ in raw if kind == "check-in"}
    return [
        item for item in raw
        if not (item[1] == "resource" and sentences.index(item[2]) in resent)
        and not (item[1] == "client-question" and sentences.index(item[2]) in asking)
    ]


def _finding(
    text: str, offsets: list[int] | None, kind: str, code: str, start: int, end: int
) -> Finding:
    """A finding made by the reviewer, whose values are valid by construction.

    (The validators are for findings built by hand; skipping them keeps a
    review of a long message fast.)
    """
    if offsets is not None:
        start, end = offsets[start], offsets[end]
    finding = object.__new__(Finding)
    for name, value in (("kind", kind), ("code", code), ("start", start), ("end", end),
                        ("text", text[start:end])):
        object.__setattr__(finding, name, value)
    return finding
