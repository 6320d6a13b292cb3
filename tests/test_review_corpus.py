"""The review corpus is well formed, big enough, and the reviewer holds its figures on it.

Only the development part's figures are asserted: the held-out part is
measured by ``benchmarks/bench_review.py`` and reported, never used as a
target (see ``tests/corpus/README.md``).
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

import review_corpus
from review_corpus import LABELS, LANGUAGES, load

#: The floor the development part must keep (the issue's aim, per language).
MIN_PRECISION, MIN_RECALL = 0.95, 0.9


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[review_corpus.Message]]:
    return {split: load(split) for split in review_corpus.FILES}


def test_at_least_150_messages_per_language(corpus: dict[str, list[review_corpus.Message]]
                                            ) -> None:
    """Both parts together hold at least 150 messages in each language, every label in each."""
    everything = [m for messages in corpus.values() for m in messages]
    per_language = collections.Counter(m.language for m in everything)
    assert all(per_language[language] >= 150 for language in LANGUAGES), per_language
    for split, messages in corpus.items():
        labels = collections.Counter((m.language, m.label) for m in messages)
        for language in LANGUAGES:
            for label in LABELS:
                assert labels[(language, label)] >= 8, (split, language, label)


def test_no_message_twice(corpus: dict[str, list[review_corpus.Message]]) -> None:
    """No text appears twice, within a part or across the two (no leak into held-out)."""
    texts = [" ".join(m.text.lower().split()) for ms in corpus.values() for m in ms]
    repeated = [t for t, n in collections.Counter(texts).items() if n > 1]
    assert not repeated


def test_a_bad_record_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader names the record and the field that is wrong."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[[message]]\nlabel = "spam"\nlanguage = "en"\nsplit = "dev"\ntext = "x"\n',
                   encoding="utf-8")
    monkeypatch.setitem(review_corpus.FILES, "dev", bad)
    with pytest.raises(ValueError, match=r"bad\.toml: message 1: label"):
        load("dev")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_development_figures_hold(corpus: dict[str, list[review_corpus.Message]],
                                      language: str) -> None:
    """On the development part: precision ≥ 0.95 and recall ≥ 0.9 on empty check-ins."""
    messages = [m for m in corpus["dev"] if m.language == language]
    (figures,) = review_corpus.figures(messages)
    assert figures.precision >= MIN_PRECISION, review_corpus.report("dev", [figures])
    assert figures.recall >= MIN_RECALL, review_corpus.report("dev", [figures])
    assert figures.language_right == figures.messages


def test_the_held_out_part_is_readable(corpus: dict[str, list[review_corpus.Message]]) -> None:
    """The held-out part loads and is reviewed without error (its figures are not asserted)."""
    results = review_corpus.figures(corpus["held-out"])
    assert sum(r.messages for r in results) == len(corpus["held-out"])
