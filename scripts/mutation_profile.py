"""A pytest plugin for mutation runs (``scripts/mutation.sh``): the ``ci`` profile, fewer examples.

Every surviving mutant runs every test that reaches its code, the property
suites included, so a run costs the suite's time once per survivor.  This
plugin keeps the ``ci`` hypothesis profile of ``tests/conftest.py``
(derandomized: the same examples every run, so the same score) with fewer
examples: ``RELANCE_MUTATION_EXAMPLES`` (default 5; 100 is the ``ci`` profile
itself), also for the tests that set their own ``max_examples`` (the
exactness scan, the stateful CRM timeline), and no shrinking: a property that
fails under a mutant has killed it, and shrinking its example could take
minutes.  ``[tool.mutmut]`` in pyproject.toml loads it with
``-p mutation_profile``; the script puts this folder on ``PYTHONPATH``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import Phase, settings


def _examples() -> int:
    return int(os.environ.get("RELANCE_MUTATION_EXAMPLES", "5"))


def pytest_configure(config: pytest.Config) -> None:
    """Load the ``mutation`` profile, after tests/conftest.py has loaded ``ci``."""
    settings.register_profile(
        "mutation", settings.get_profile("ci"), max_examples=_examples(),
        phases=(Phase.explicit, Phase.generate),
    )
    settings.load_profile("mutation")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Cap the tests that choose their own number of examples (``@settings(max_examples=…)``)."""
    cap = _examples()
    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is not None and own.max_examples > cap:
            test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
                own, max_examples=cap, phases=(Phase.explicit, Phase.generate))
        case = getattr(item, "cls", None)
        machine = getattr(case, "settings", None)
        if isinstance(machine, settings) and machine.max_examples > cap:
            case.settings = settings(  # type: ignore[union-attr]
                machine, max_examples=cap, phases=(Phase.explicit, Phase.generate))
