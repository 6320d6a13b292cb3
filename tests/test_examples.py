"""The examples and the README's Python snippet run, and say what they claim."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_example(name: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run examples/<name> as a user would, in a subprocess."""
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / name), *args],
        capture_output=True,
        text=True,
        check=check,
        timeout=120,
    )


def test_quickstart_prints_verdicts() -> None:
    """examples/quickstart.py runs and prints a refusal and an allowance."""
    done = run_example("quickstart.py")
    assert "no-new-idea" in done.stdout
    assert "too-soon" in done.stdout
    assert "allowed at 2026-11-24T10:00:00+01:00" in done.stdout
    assert done.stderr == ""


def test_readme_snippet_runs_and_prints_what_its_comments_say() -> None:
    """The README's Python example runs; its printed codes match its comments."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"```python\n(.*?)```", readme, re.S)
    assert snippet is not None
    done = subprocess.run(
        [sys.executable, "-c", snippet.group(1)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    lines = done.stdout.splitlines()
    assert lines[:4] == [
        "('too-soon',)",
        "2026-11-16 10:00:00+01:00",
        "2026-11-16 10:00:00+01:00 pilot",
        "14",
    ]
    assert lines[4].startswith("dernier contact avec Acme Media le lun. 2 nov. 2026")
    assert len(lines) == 5


def test_readme_test_command_is_what_ci_runs() -> None:
    """.ci/run runs the README's test command, found by the same pattern."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^python3 -m venv .* pytest$", readme, re.M)
    assert "grep -m1 -E '^python3 -m venv .* pytest' README.md" in ci


def test_crm_gate_prints_a_verdict_and_exits_with_it() -> None:
    """examples/crm_gate.py: a JSON document in, a verdict out, exit 0 or 1."""
    acme = str(ROOT / "examples" / "acme.json")
    allowed = run_example(
        "crm_gate.py",
        acme,
        "marc",
        "email",
        "case-regional-daily",
        "2027-01-18T10:00+01:00",
        check=False,
    )
    assert allowed.returncode == 0, allowed.stderr
    assert '"allowed": true' in allowed.stdout
    refused = run_example(
        "crm_gate.py",
        acme,
        "marc",
        "email",
        "case-regional-daily",
        "2026-11-24T10:00+01:00",
        check=False,
    )
    assert refused.returncode == 1
    assert '"code": "before-agreed-date"' in refused.stdout


def _pictures(notebook: object) -> list[object]:
    return [o for cell in notebook.cells if cell.cell_type == "code"  # type: ignore[attr-defined]
            for o in cell.outputs if "image/png" in o.get("data", {})]


def test_the_portfolio_notebook_is_stored_with_its_outputs() -> None:
    """examples/portfolio.ipynb is stored run: every code cell has its output, each figure once."""
    import nbformat

    notebook = nbformat.read(ROOT / "examples" / "portfolio.ipynb", as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.outputs for c in code), "a code cell is stored without its output"
    assert len(_pictures(notebook)) == 3  # weeks, timeline, comparison: once each
    text = "".join(o.get("text", "") for c in code for o in c.outputs)
    assert "1,000 accounts" in text


def test_the_portfolio_notebook_runs() -> None:
    """examples/portfolio.ipynb executes top to bottom: no error, each figure once, a plan table."""
    import nbclient
    import nbformat

    notebook = nbformat.read(ROOT / "examples" / "portfolio.ipynb", as_version=4)
    nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "examples")}},
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert len(_pictures(notebook)) == 3
    pages = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<b>Relances</b>" in page for page in pages)  # the plan's own table


def _custom_rule_module():  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "custom_rule", ROOT / "examples" / "custom_rule.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_custom_rule_runs() -> None:
    """examples/custom_rule.py prints a refusal by its own code and a plan."""
    done = run_example("custom_rule.py")
    assert "gatekeeper-weekly: Gus Petit is a gatekeeper" in done.stdout
    assert "once gatekeeper-weekly lifts" in done.stdout


def test_the_example_custom_rule_keeps_its_promise() -> None:
    """Property: plans never call a gatekeeper twice in a week; the policy is never pushy."""
    import pendulum
    from hypothesis import given, settings

    from relance import Role, plan
    from relance.testing import World, assert_never_pushy, worlds

    policy = _custom_rule_module().POLICY
    assert_never_pushy(policy, max_examples=30)

    @settings(max_examples=40, deadline=None)
    @given(worlds(policy=policy))
    def prop(world: World) -> None:
        result = plan(
            account=world.account,
            history=world.history,
            ideas=world.ideas,
            policy=policy,
            now=world.now,
            horizon=pendulum.duration(weeks=8),
        )
        calls: dict[str, list[float]] = {}
        for r in result.relances:
            contact = world.account.contact(r.contact_id)
            if contact.role is Role.GATEKEEPER and r.channel.value == "phone":
                calls.setdefault(contact.id, []).append(r.at.timestamp())
        for times in calls.values():
            assert all(b - a >= 6 * 86400 for a, b in itertools.pairwise(times))

    prop()
