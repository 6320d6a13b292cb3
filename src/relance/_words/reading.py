"""The reviewer seen by the rules: is a drafted text an empty check-in?

The ``empty-check-in`` rule decides in the core; reading people's words is
this edge's job, registered on import (the core never imports ``_words``).
"""

from __future__ import annotations

import functools

from .._core.explain import register_reader
from .review import review

__all__ = ["empty_check_in"]


@functools.lru_cache(maxsize=1024)
def empty_check_in(text: str) -> tuple[bool, tuple[str, ...]]:
    """Whether ``text`` only asks for news, and the asking phrases found in it.

    The phrases are the check-ins; a message that only presses ("I need an
    answer by Friday") is quoted by its pressure phrases.
    """
    found = review(text)
    phrases = tuple(f.text for f in found.of_kind("check-in")) or tuple(
        f.text for f in found.of_kind("pressure"))
    return found.empty_check_in, phrases


register_reader("review", empty_check_in)
