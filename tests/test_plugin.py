"""The pytest plugin never breaks anyone's pytest, with or without hypothesis."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Put first on PYTHONPATH, this makes every ``import hypothesis`` (and of its
# submodules) fail as it does where hypothesis is not installed.
NO_HYPOTHESIS = '''
import sys


class _NoHypothesis:
    """A meta-path finder for which hypothesis is not installed."""

    def find_spec(self, name, path=None, target=None):
        if name == "hypothesis" or name.startswith("hypothesis."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _NoHypothesis())
'''

USER_TESTS = '''
import sys

import pendulum
import pytest


def test_hypothesis_does_not_import():
    """The environment is one without hypothesis."""
    with pytest.raises(ImportError):
        import hypothesis  # noqa: F401
    assert "hypothesis" not in sys.modules


def test_the_plugin_is_loaded(request):
    """relance's pytest11 entry point was loaded, not skipped."""
    assert "relance._pytest_plugin" in sys.modules
    assert request.config.pluginmanager.hasplugin("relance")


def test_the_fixtures_need_no_hypothesis(relance_now, relance_account, relance_ideas,
                                         relance_policy):
    """The fixtures work, and the plan they make is the documented one."""
    from relance import plan

    assert relance_now == pendulum.datetime(2026, 11, 23, 8, tz="Europe/Paris")
    result = plan(account=relance_account, history=[], ideas=relance_ideas,
                  policy=relance_policy, now=relance_now, horizon=pendulum.duration(weeks=12))
    assert result.relances
'''


def _pytest_in(
    tmp_path: Path, files: dict[str, str], *, block_hypothesis: bool
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m pytest`` on ``files`` in ``tmp_path``, as a user's project would."""
    project = tmp_path / "project"
    project.mkdir()
    for name, text in files.items():
        (project / name).write_text(textwrap.dedent(text), encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST_", "HYPOTHESIS_")) and k not in {"PYTHONPATH", "CI"}}
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA"]
    if block_hypothesis:
        blocker = tmp_path / "blocker"
        blocker.mkdir()
        (blocker / "sitecustomize.py").write_text(NO_HYPOTHESIS, encoding="utf-8")
        env["PYTHONPATH"] = str(blocker)
        # Where hypothesis is not installed, neither is its own pytest plugin.
        args += ["-p", "no:hypothesispytest"]
    return subprocess.run(args, cwd=project, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def test_the_entry_point_names_a_module_that_does_not_need_hypothesis() -> None:
    """pytest11 points at relance._pytest_plugin, outside the hypothesis-importing package."""
    points = importlib.metadata.entry_points(group="pytest11")
    assert [p.value for p in points if p.name == "relance"] == ["relance._pytest_plugin"]


def test_pytest_runs_without_hypothesis(tmp_path: Path) -> None:
    """Where hypothesis does not import, pytest still runs and the fixtures work."""
    done = _pytest_in(tmp_path, {"test_users_own.py": USER_TESTS}, block_hypothesis=True)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "Error while loading plugin" not in report
    assert "3 passed" in done.stdout, report
    for name in ("test_hypothesis_does_not_import", "test_the_plugin_is_loaded",
                 "test_the_fixtures_need_no_hypothesis"):
        assert f"PASSED test_users_own.py::{name}" in done.stdout, report


def _python_without_hypothesis(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    """``python -c code`` in a child process where importing hypothesis fails."""
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(NO_HYPOTHESIS, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(blocker))
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def test_the_blocker_really_blocks(tmp_path: Path) -> None:
    """Sanity: under the blocker, importing hypothesis fails in a child process."""
    done = _python_without_hypothesis(tmp_path, "import hypothesis.strategies")
    assert done.returncode == 1
    assert "ModuleNotFoundError: No module named 'hypothesis'" in done.stderr


USERS_CONFTEST = """
from hypothesis import settings

settings.load_profile("relance")
"""

USERS_PROPERTY = """
from hypothesis import given, settings, strategies as st


@given(st.integers())
def test_a_property_under_the_relance_profile(n):
    assert settings.default.derandomize is True
    assert settings.default.deadline is None
"""


def test_a_users_conftest_loads_the_relance_profile(tmp_path: Path) -> None:
    """With hypothesis installed, a conftest.py can load `relance` at import time."""
    done = _pytest_in(tmp_path, {"conftest.py": USERS_CONFTEST, "test_prop.py": USERS_PROPERTY},
                      block_hypothesis=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout, done.stdout


def test_importing_relance_imports_neither_hypothesis_nor_pytest() -> None:
    """`import relance` pulls in no test tool (nor an optional extra)."""
    code = (
        "import sys, relance\n"
        "relance.simulate, relance.Cadence, relance.ResponseModel\n"
        "heavy = {'hypothesis', 'pytest', '_pytest', 'matplotlib', 'pandas', 'polars',\n"
        "         'pyarrow', 'numpy'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_the_relance_profile_is_registered_when_hypothesis_imports() -> None:
    """With hypothesis installed, the plugin registers the `relance` profile."""
    from hypothesis import HealthCheck, settings

    profile = settings.get_profile("relance")
    assert profile.deadline is None
    assert profile.derandomize is True
    assert HealthCheck.too_slow in profile.suppress_health_check


def test_the_former_plugin_address_still_gives_the_fixtures() -> None:
    """Installs whose entry point names relance.testing._plugin keep their fixtures."""
    from relance import _pytest_plugin
    from relance.testing import _plugin

    for name in ("relance_now", "relance_account", "relance_ideas", "relance_policy"):
        assert getattr(_plugin, name) is getattr(_pytest_plugin, name)


@pytest.mark.parametrize("name", ["relance_now", "relance_policy"])
def test_the_fixtures_are_served_here(name: str, request: pytest.FixtureRequest) -> None:
    """In this suite too, the plugin's fixtures are available by name."""
    assert request.getfixturevalue(name) is not None


def test_the_documented_example_project_passes(tmp_path: Path) -> None:
    """docs/testing.md's `conftest.py` and test file, as a user's project, pass."""
    page = (Path(__file__).resolve().parent.parent / "docs" / "testing.md").read_text("utf-8")
    files = dict(re.findall(r'```python title="([\w.]+)"\n(.*?)```', page, re.S))
    assert set(files) == {"conftest.py", "test_our_plan.py"}
    files["test_profile_loaded.py"] = (
        "from hypothesis import settings\n\n"
        "def test_loaded():\n"
        "    assert settings.default.derandomize is True\n"
    )
    done = _pytest_in(tmp_path, files, block_hypothesis=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout, done.stdout


def test_relance_testing_without_hypothesis_names_the_extra(tmp_path: Path) -> None:
    """`import relance.testing` without hypothesis: an ImportError that names the extra."""
    done = _python_without_hypothesis(tmp_path, "import relance.testing")
    assert done.returncode == 1
    assert "ImportError: relance.testing needs hypothesis" in done.stderr
    assert "'testing' extra" in done.stderr
