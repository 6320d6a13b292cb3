#!/usr/bin/env bash
# Mutation testing of the rules, the policy and the planner (mutmut; not in CI).
#
#   scripts/mutation.sh            a fresh run: every mutant, then the score
#   scripts/mutation.sh --resume   continue an interrupted run (keeps mutants/)
#   scripts/mutation.sh --score    only print the score of the last run
#
# What is mutated and which tests run is configured in pyproject.toml
# ([tool.mutmut]).  The tests run with the `ci` hypothesis profile
# (derandomized, so two runs on the same code give the same score) with
# fewer examples: scripts/mutation_profile.py.
# Environment: VENV (default .venv; created with the `test` extra if missing),
# JOBS (parallel mutants, default: the number of CPUs),
# RELANCE_MUTATION_EXAMPLES (hypothesis examples per property, default 5).
# See docs/mutation.md for the score and the triage of the survivors.
set -euo pipefail
cd "$(dirname "$0")/.."

MUTMUT_VERSION=3.8.1 # mutant names (and so docs/mutation.md) depend on the version
VENV=${VENV:-.venv}
mode=${1:-run}

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e '.[test]'
fi
if [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("mutmut"))' \
    2>/dev/null)" != "$MUTMUT_VERSION" ]; then
    "$VENV/bin/python" -m pip install --quiet "mutmut==$MUTMUT_VERSION"
fi

# The `ci` hypothesis profile (tests/conftest.py): the same examples every run;
# scripts/mutation_profile.py (loaded by [tool.mutmut]) keeps fewer of them.
export CI=true
export PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}"

case "$mode" in
    run)
        rm -rf mutants
        ;&
    --resume)
        started=$(date +%s)
        # mutmut checks on its own that a forced failure is caught, i.e. that the
        # tests import the mutated copy (mutants/src), not the checkout's src/.
        # Progress every 100 mutants, and mutmut's own messages.
        "$VENV/bin/mutmut" run --max-children "${JOBS:-$(nproc)}" 2>&1 | awk -v RS='[\r\n]+' '
            / [0-9]+\/[0-9]+ / { if (++n % 100 == 0) { print; fflush() } last = $0; next }
            /Generating mutants|Running stats|Running clean tests|Running forced fail test|Listing all tests/ { next }
            NF { print; fflush() }
            END { if (last != "") print last }'
        echo "mutmut ran in $(( ($(date +%s) - started) / 60 )) min"
        ;;
    --score) ;;
    *)
        echo "usage: $0 [--resume | --score]" >&2
        exit 2
        ;;
esac

"$VENV/bin/python" - <<'PY'
"""The score: killed / total per module, then every survivor."""
import json
import sys
from pathlib import Path

from mutmut.stats import status_by_exit_code

metas = sorted(Path("mutants/src").rglob("*.py.meta"))
if not metas:
    sys.exit("no results in mutants/: run scripts/mutation.sh first")
rows, survivors, unchecked = [], [], 0
for meta in metas:
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    statuses = [status_by_exit_code[code] for code in codes.values()]
    killed = sum(s in ("killed", "timeout") for s in statuses)
    unchecked += statuses.count("not checked")
    rows.append((meta.name.removesuffix(".meta"), killed, len(statuses)))
    survivors += sorted(
        f"{name}: {status}"
        for name, code in codes.items()
        if (status := status_by_exit_code[code]) not in ("killed", "timeout")
    )
killed, total = sum(r[1] for r in rows), sum(r[2] for r in rows)
print("\nmutation score (killed or timed out / all mutants)")
for name, k, t in rows:
    print(f"  {name:12} {k:5} / {t:<5} {100 * k / t:5.1f} %")
print(f"  {'all':12} {killed:5} / {total:<5} {100 * killed / total:5.1f} %")
print(f"\nnot killed ({len(survivors)}; see docs/mutation.md for the triage):")
for line in survivors:
    print("  " + line)
if unchecked:
    print(f"\n{unchecked} mutants not checked yet: the run was interrupted (--resume)")
PY
