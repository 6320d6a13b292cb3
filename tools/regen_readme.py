"""Paste into README.md what its main job prints now (what tests/test_docs_truth.py checks).

Run after a change to the plan's words: ``.venv/bin/python tools/regen_readme.py``.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


class _Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


def main() -> None:
    """Run the README's `relance plan ...` command and paste its output under it."""
    from relance._cli import main as relance

    readme = README.read_text(encoding="utf-8")
    command = re.search(r"^python3 -m venv .*?\.venv/bin/relance (plan .+)$", readme, re.M)
    assert command
    block = re.compile(r"```text\n(.*?)```", re.S)
    pasted = block.search(readme, command.end())
    assert pasted
    os.chdir(ROOT)
    os.environ["COLUMNS"] = "100"
    os.environ.pop("LINES", None)
    raw = io.BytesIO()
    terminal = _Terminal(raw, encoding="utf-8", newline="\n")
    saved, sys.stdout = sys.stdout, terminal
    try:
        status = relance(shlex.split(command.group(1)))
        terminal.flush()
    finally:
        sys.stdout = saved
    assert status == 0
    printed = "\n".join(line.rstrip() for line in raw.getvalue().decode().strip("\n").splitlines())
    start, end = pasted.span(1)
    README.write_text(readme[:start] + printed + "\n" + readme[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
