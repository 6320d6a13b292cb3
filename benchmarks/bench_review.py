"""The message reviewer on its labelled corpus, and its speed.

    python benchmarks/bench_review.py [--split dev|held-out|both] [--errors] [--repeat 7]

For each part of the corpus (``tests/corpus/``: the development part the
patterns were written from, and the held-out part they were not), per
language: precision and recall on empty check-ins, per label how many
messages were flagged as empty check-ins and how many got the finding their
label expects, precision and recall of pressure phrasing, and how often the
language was detected right.  ``--errors`` lists the messages it got wrong.

Then the time to review one message of 2,000 characters (made of corpus
messages, in each language): the best and the median of ``--repeat`` runs of
200 reviews, in wall-clock time and in CPU time (CPU time is steadier on a
busy machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from relance._words.review import review

# The corpus helpers live with the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import review_corpus

LENGTH = 2000
NUMBER = 200


def message_of(language: str, length: int = LENGTH) -> str:
    """A message of ``length`` characters, made of corpus messages of one language."""
    texts = [m.text for m in review_corpus.load("dev") if m.language == language]
    parts: list[str] = []
    size = index = 0
    while size < length:
        text = texts[(index * 7) % len(texts)]
        parts.append(text)
        size += len(text) + 2
        index += 1
    return "\n\n".join(parts)[:length]


def timings(text: str, repeat: int) -> tuple[list[float], list[float]]:
    """Per review, in milliseconds: wall-clock and CPU times of ``repeat`` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(NUMBER):
            review(text)
        wall.append((time.perf_counter() - w0) / NUMBER * 1000)
        cpu.append((time.process_time() - c0) / NUMBER * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "held-out", "both"), default="both")
    parser.add_argument("--errors", action="store_true", help="list the messages it got wrong")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    splits = ("dev", "held-out") if args.split == "both" else (args.split,)
    for split in splits:
        messages = review_corpus.load(split)
        print(review_corpus.report(split, review_corpus.figures(messages),
                                   show_errors=args.errors))
        print()

    print(f"== speed: one message of {LENGTH:,} characters, {NUMBER} reviews per run ==")
    for language in review_corpus.LANGUAGES:
        text = message_of(language)
        review(text)  # compile and warm up
        wall, cpu = timings(text, args.repeat)
        findings = len(review(text).findings)
        print(f"{language}: wall {min(wall):.3f} ms best, {statistics.median(wall):.3f} ms median;"
              f" CPU {min(cpu):.3f} ms best, {statistics.median(cpu):.3f} ms median"
              f" ({findings} findings)")


if __name__ == "__main__":
    main()
