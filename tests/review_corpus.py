"""The review corpus (``tests/corpus/*.toml``): loading it, and the reviewer's figures on it.

Shared by ``tests/test_review_corpus.py`` and ``benchmarks/bench_review.py``.
The labels and the conventions are in ``tests/corpus/README.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final

import attrs

from relance._words.review import Review, review

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CORPUS: Final = Path(__file__).resolve().parent / "corpus"
#: The file of each split.
FILES: Final = {"dev": CORPUS / "dev.toml", "held-out": CORPUS / "held_out.toml"}
LANGUAGES: Final = ("en", "fr")
LABELS: Final = ("empty-check-in", "value", "mixed", "reply", "confirmation", "hard-negative")
#: The kind of finding a message of each label should get (hard negatives: none
#: is expected; they must only not be empty check-ins).
EXPECTED_KIND: Final[Mapping[str, str]] = {
    "empty-check-in": "check-in",
    "value": "value",
    "mixed": "check-in",
    "reply": "reply",
    "confirmation": "agreed",
}
_FIELDS: Final = {"text", "language", "label", "split", "pressure"}


@attrs.frozen(kw_only=True)
class Message:
    """One labelled message of the corpus."""

    text: str
    language: str
    label: str
    split: str
    pressure: bool = False


def load(split: str) -> list[Message]:
    """The messages of one split, checked (a bad record raises ``ValueError``)."""
    path = FILES[split]
    with path.open("rb") as handle:
        records = tomllib.load(handle)["message"]
    messages = []
    for index, record in enumerate(records):
        where = f"{path.name}: message {index + 1}"
        unknown = set(record) - _FIELDS
        if unknown:
            raise ValueError(f"{where}: unknown fields {sorted(unknown)}")
        if not isinstance(record.get("text"), str) or not record["text"].strip():
            raise ValueError(f"{where}: text must be a non-empty string")
        if record.get("language") not in LANGUAGES:
            raise ValueError(f"{where}: language must be one of {LANGUAGES}")
        if record.get("label") not in LABELS:
            raise ValueError(f"{where}: label must be one of {LABELS}")
        if record.get("split") != split:
            raise ValueError(f"{where}: split must be {split!r} in {path.name}")
        if not isinstance(record.get("pressure", False), bool):
            raise ValueError(f"{where}: pressure must be true or false")
        messages.append(Message(**record))
    return messages


def ratio(part: int, whole: int) -> float:
    """``part / whole``, 1.0 when there is nothing to measure."""
    return part / whole if whole else 1.0


@attrs.frozen(kw_only=True)
class LanguageFigures:
    """The reviewer's figures on the messages of one language of one split."""

    language: str
    messages: int
    #: Empty check-ins found (true positives), wrongly found, missed.
    true_positives: int
    false_positives: int
    false_negatives: int
    #: Per label: (messages, flagged as empty check-ins, with the expected finding).
    per_label: Mapping[str, tuple[int, int, int]]
    #: Pressure phrasing: found where labelled, found where not, missed.
    pressure: tuple[int, int, int]
    #: Messages whose language was detected right.
    language_right: int
    #: The messages the reviewer got wrong (label, text, outcome), for reports.
    errors: tuple[tuple[str, str, str], ...]

    @property
    def precision(self) -> float:
        """Of the messages flagged as empty check-ins, the share that are."""
        return ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        """Of the empty check-ins, the share flagged."""
        return ratio(self.true_positives, self.true_positives + self.false_negatives)


def figures(messages: Iterable[Message], *, language_given: bool = False) -> list[LanguageFigures]:
    """The figures per language (the language detected, unless ``language_given``)."""
    by_language: dict[str, list[tuple[Message, Review]]] = {lang: [] for lang in LANGUAGES}
    for message in messages:
        result = review(message.text, language=message.language if language_given else None)
        by_language[message.language].append((message, result))
    return [_figures(language, pairs) for language, pairs in by_language.items() if pairs]


def _figures(language: str, pairs: Sequence[tuple[Message, Review]]) -> LanguageFigures:
    tp = fp = fn = 0
    per_label: dict[str, list[int]] = {label: [0, 0, 0] for label in LABELS}
    pressure = [0, 0, 0]
    language_right = 0
    errors = []
    for message, result in pairs:
        gold = message.label == "empty-check-in"
        kinds = {f.kind for f in result.findings}
        tp += gold and result.empty_check_in
        fp += (not gold) and result.empty_check_in
        fn += gold and not result.empty_check_in
        counts = per_label[message.label]
        counts[0] += 1
        counts[1] += result.empty_check_in
        expected = EXPECTED_KIND.get(message.label)
        counts[2] += expected in kinds if expected else "check-in" not in kinds
        found = "pressure" in kinds
        pressure[0] += message.pressure and found
        pressure[1] += (not message.pressure) and found
        pressure[2] += message.pressure and not found
        language_right += result.language == message.language
        if gold != result.empty_check_in:
            errors.append((message.label, message.text, result.outcome))
    return LanguageFigures(
        language=language, messages=len(pairs), true_positives=tp, false_positives=fp,
        false_negatives=fn, per_label={k: (v[0], v[1], v[2]) for k, v in per_label.items()},
        pressure=(pressure[0], pressure[1], pressure[2]), language_right=language_right,
        errors=tuple(errors),
    )


def report(split: str, results: Sequence[LanguageFigures], *, show_errors: bool = True) -> str:
    """The figures of one split as text (what the benchmark prints)."""
    lines = [f"== {split} =="]
    for r in results:
        tp_fp = r.true_positives + r.false_positives
        tp_fn = r.true_positives + r.false_negatives
        lines.append(
            f"{r.language}: {r.messages} messages; empty check-ins: precision "
            f"{r.precision:.3f} ({r.true_positives}/{tp_fp}), recall {r.recall:.3f} "
            f"({r.true_positives}/{tp_fn}); language detected right {r.language_right}/"
            f"{r.messages}"
        )
        lines.append(f"  {'label':<15} {'n':>4} {'flagged empty':>14} {'expected finding':>17}")
        for label, (n, flagged, expected) in r.per_label.items():
            if n:
                what = EXPECTED_KIND.get(label, "no check-in")
                lines.append(f"  {label:<15} {n:>4} {flagged:>8} ({flagged / n:4.0%})"
                             f" {expected:>6}/{n:<3} ({what})")
        found, wrong, missed = r.pressure
        lines.append(f"  pressure phrasing: precision {ratio(found, found + wrong):.3f} "
                     f"({found}/{found + wrong}), recall {ratio(found, found + missed):.3f} "
                     f"({found}/{found + missed})")
        if show_errors:
            for label, text, outcome in r.errors:
                flat = " ".join(text.split())
                lines.append(f"  MISS {label} -> {outcome}: {flat[:150]}")
    return "\n".join(lines)
