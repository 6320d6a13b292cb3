"""Every Python example of the docs site runs (each page in one namespace, in order)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "```python" in p.read_text(encoding="utf-8"))


def test_the_pages_with_examples_are_found() -> None:
    """Getting started, CRM and testing pages carry runnable examples."""
    assert {p.name for p in PAGES} >= {"index.md", "crm.md", "testing.md"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_examples_run(page: Path) -> None:
    """The page's python blocks run top to bottom without error."""
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for block in blocks:
        exec(compile(block, str(page), "exec"), namespace)


def test_every_reason_code_has_its_page() -> None:
    """docs/rules/<code>.md exists for every stable code, and the site's nav lists it."""
    from relance import Code

    nav = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    for code in Code:
        assert (DOCS / "rules" / f"{code.value}.md").is_file(), code
        assert f"rules/{code.value}.md" in nav


def test_every_red_flag_code_has_its_page() -> None:
    """docs/flags/<code>.md exists for every red flag code, and the site's nav lists it."""
    from relance._core.flags import FLAGS

    nav = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    for code in FLAGS:
        assert (DOCS / "flags" / f"{code}.md").is_file(), code
        assert f"flags/{code}.md" in nav, code
