"""A pytest plugin for mutation runs (``scripts/mutation.sh``): the ``ci`` profile, fewer examples.

Every surviving mutant runs every test that reaches its code, the property
suites included, so a run costs the suite's time once per survivor.  This
plugin keeps the ``ci`` hypothesis profile of ``tests/conftest.py``
(derandomized: the same examples every run, so the same score) with fewer
examples: ``RELANCE_MUTATION_EXAMPLES`` (default 20; 100 is the ``ci``
profile itself), and no shrinking: a property that fails under a mutant has
killed it, and shrinking its example could take minutes.  ``[tool.mutmut]``
in pyproject.toml loads it with ``-p mutation_profile``; the script puts this
folder on ``PYTHONPATH``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import Phase, settings


def pytest_configure(config: pytest.Config) -> None:
    """Load the ``mutation`` profile, after tests/conftest.py has loaded ``ci``."""
    examples = int(os.environ.get("RELANCE_MUTATION_EXAMPLES", "20"))
    settings.register_profile(
        "mutation", settings.get_profile("ci"), max_examples=examples,
        phases=(Phase.explicit, Phase.generate),
    )
    settings.load_profile("mutation")
