"""The README and the docs tell the truth: names, paths, install commands, output."""

from __future__ import annotations

import io
import re
import shlex
import sys
from pathlib import Path

import pytest

import relance

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
# The pages people read: the README, the changelog, every page of the docs site.
PAGES = [README, ROOT / "CHANGELOG.md", *sorted(DOCS.rglob("*.md"))]

# The width of the terminal the README's pasted output was made in.
COLUMNS = "100"

# A path into the repository, as prose or a link mentions it.
_REPO_PATH = re.compile(r"(?<![\w./-])((?:examples|docs|tests|benchmarks|src)/[\w./<>-]*\w)")
# A relative link target of a markdown link: [text](target).
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_PIP_RELANCE = re.compile(r"""pip install\s+(?:-\S+\s+)*["']?relance\b""")


def _rel(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("name", relance.__all__)
def test_every_public_name_is_in_the_api_reference(name: str) -> None:
    """docs/api.md has a mkdocstrings entry for each name of `relance.__all__`."""
    api = (DOCS / "api.md").read_text(encoding="utf-8")
    assert re.search(rf"^::: relance\.{re.escape(name)}$", api, re.M), (
        f"docs/api.md lacks '::: relance.{name}'"
    )


@pytest.mark.parametrize("module", ["relance.testing", "relance.plot", "relance.frames"])
def test_the_public_modules_are_in_the_api_reference(module: str) -> None:
    """docs/api.md documents the testing kit and the plot module."""
    api = (DOCS / "api.md").read_text(encoding="utf-8")
    assert re.search(rf"^::: {re.escape(module)}$", api, re.M)


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_every_repository_path_mentioned_exists(page: Path) -> None:
    """A path such as `examples/...` or `docs/...` names a file or folder of the repository."""
    text = page.read_text(encoding="utf-8")
    missing = [p for p in _REPO_PATH.findall(text) if "<" not in p and not (ROOT / p).exists()]
    assert not missing, f"{_rel(page)} mentions paths that do not exist: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_every_relative_link_resolves(page: Path) -> None:
    """A markdown link to a local file points at one that exists."""
    text = page.read_text(encoding="utf-8")
    missing = []
    for target in _LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # a URL or an anchor of the same page
        path = target.split("#", 1)[0]
        if path and not (page.parent / path).exists():
            missing.append(target)
    assert not missing, f"{_rel(page)} links to files that do not exist: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_no_page_installs_relance_from_a_registry(page: Path) -> None:
    """The package is unpublished: no `pip install relance` nor `pip install 'relance[...]'`."""
    text = page.read_text(encoding="utf-8")
    found = [m.group(0) for m in _PIP_RELANCE.finditer(text)]
    assert not found, f"{_rel(page)} installs relance from a registry: {found}"


def test_the_ci_test_command_is_the_one_expected() -> None:
    """.ci/run runs the README's only `python3 -m venv ... pytest` line."""
    lines = re.findall(r"^python3 -m venv .* pytest.*$", README.read_text(encoding="utf-8"), re.M)
    assert lines == [
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    ]


def test_the_readme_states_the_supported_python_versions() -> None:
    """Each `Programming Language :: Python :: 3.X` classifier is named in the README."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    versions = [c.rsplit(" :: ", 1)[1] for c in project["classifiers"]
                if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    assert versions, "pyproject.toml lists no Python 3.X classifier"
    assert project["requires-python"] == f">={versions[0]}"
    readme = README.read_text(encoding="utf-8")
    for version in versions:
        assert re.search(rf"\b{re.escape(version)}\b", readme), version


def test_the_license_file_matches_pyproject() -> None:
    """LICENSE is the MIT license of the relance developers that pyproject declares."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 The relance developers" in text
    assert {"name": "The relance developers"} in project["authors"]


def test_the_readme_python_example_runs() -> None:
    """The README's python blocks run top to bottom."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks
    namespace: dict[str, object] = {"__name__": "readme"}
    for block in blocks:
        exec(compile(block, str(README), "exec"), namespace)


class _Terminal(io.TextIOWrapper):
    """Standard output as a terminal (whose width only ``COLUMNS`` tells)."""

    def isatty(self) -> bool:
        return True


def _readme_main_job() -> tuple[list[str], str]:
    """The README's `relance plan ...` command (its arguments) and the output pasted under it."""
    readme = README.read_text(encoding="utf-8")
    command = re.search(r"^python3 -m venv .*?\.venv/bin/relance (plan .+)$", readme, re.M)
    assert command, "the README's main job (`.venv/bin/relance plan ...`) is missing"
    pasted = re.search(r"```text\n(.*?)```", readme[command.end():], re.S)
    assert pasted, "the README shows no output (a ```text block) under its main job"
    return shlex.split(command.group(1)), pasted.group(1)


def _normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def test_the_readme_main_job_does_not_depend_on_the_day() -> None:
    """The README's command passes `--now`, so its output is the same any day."""
    args, _ = _readme_main_job()
    assert "--now" in args


def test_the_readme_shows_what_the_main_job_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the README's `relance plan` command: it prints exactly the pasted output."""
    from relance._cli import main

    args, pasted = _readme_main_job()
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", COLUMNS)
    monkeypatch.delenv("LINES", raising=False)
    raw = io.BytesIO()
    terminal = _Terminal(raw, encoding="utf-8", newline="\n")
    monkeypatch.setattr(sys, "stdout", terminal)
    status = main(args)
    terminal.flush()
    monkeypatch.undo()
    printed = raw.getvalue().decode("utf-8")
    assert status == 0
    assert _normalised(printed) == _normalised(pasted), (
        f"README.md's output under `relance {shlex.join(args)}` is stale; with "
        f"COLUMNS={COLUMNS} the command now prints:\n{printed}"
    )
