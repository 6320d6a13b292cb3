"""Dask: a portfolio planned on a cluster is the serial batch, account by account, in order."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("distributed")  # the dask extra

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster, get_task_stream

from relance import Document, InvalidValueError, RelanceError, plan, to_dict
from relance.portfolio import plan_portfolio
from relance.portfolio._batch import record_dict
from relance.portfolio.dask import _plan_partition, _plan_rows, _shifted, plan_bag, plan_frame
from strategies import World, worlds

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))
           for name in ("acme.json", "media.json")]
NOW = pendulum.datetime(2026, 11, 23, 8, tz="Europe/Paris")
# Bad input: not JSON, not UTF-8, a wrong type, missing fields.
BAD: list[str | bytes] = ["not json", b'{"account": "\xff"}', '{"account": 5}', "{}",
                          '{"account": {"id": "half"}}']


def _documents(count: int) -> list[str | bytes]:
    """Accounts made from the examples (their own ids, history prefixes), a bad one every 23rd."""
    found: list[str | bytes] = []
    for n in range(count):
        if n % 23 == 11:
            found.append(BAD[(n // 23) % len(BAD)])
            continue
        source = SOURCES[n % 2]
        history = source["history"][: n % (len(source["history"]) + 1)]
        account = dict(source["account"], id=f"{source['account']['id']}-{n}")
        found.append(json.dumps(dict(source, account=account, history=history)))
    return found


DOCUMENTS = _documents(300)


def _serial(documents: list[Any]) -> list[dict[str, Any]]:
    return [record_dict(item) for item in plan_portfolio(documents, now=NOW, jobs=1)]


def _row(found: dict[str, Any]) -> dict[str, Any]:
    """The row plan_frame gives for a document whose batch record is ``found``."""
    planned = found.get("plan")
    error = found.get("error") or {}
    return {"account_id": found["account_id"], "plan": planned,
            "relances": None if planned is None else len(planned["relances"]),
            "needs": None if planned is None else len(planned["needs"]),
            "error_kind": error.get("kind"), "error_field": error.get("field"),
            "error_message": error.get("message")}


def _rows_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as plain values (``<NA>`` as None, the plan's JSON read)."""
    rows = []
    for values in frame.astype(object).itertuples(index=False):
        row = {name: None if value is pd.NA else value
               for name, value in zip(frame.columns, values, strict=True)}
        row["plan"] = None if row["plan"] is None else json.loads(row["plan"])
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def serial() -> list[dict[str, Any]]:
    """The records of the serial batch (plan_portfolio, jobs=1) for DOCUMENTS."""
    return _serial(DOCUMENTS)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A real cluster on this machine: two worker processes of one thread each."""
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=":0") as cluster, Client(cluster) as opened:
        yield opened


def test_a_bag_on_the_cluster_gives_the_serial_records_in_order(
    client: Client, serial: list[dict[str, Any]]
) -> None:
    """plan_bag over 9 partitions, blank lines among them: the batch's records, in order."""
    with_blanks = [*DOCUMENTS[:100], "", *DOCUMENTS[100:200], "  \n", *DOCUMENTS[200:]]
    bag = db.from_sequence(with_blanks, npartitions=9)
    with get_task_stream(client) as tasks:
        records = plan_bag(bag, now=NOW).compute()
    assert [r["index"] for r in records] == list(range(len(DOCUMENTS)))
    assert records == serial
    assert sum("error" in r for r in records) == 13
    assert records[11]["error"]["field"] == "$"
    assert records[0]["account_id"] == "acme-media-0"
    assert records[0]["plan"]["relances"]
    # Both worker processes planned partitions.
    assert len({t["worker"] for t in tasks.data if t["key"][0].startswith("_plan_partition")}) == 2


def test_a_frame_on_the_cluster_gives_the_serial_rows_on_its_index(
    client: Client, tmp_path: Path
) -> None:
    """plan_frame over 7 partitions: one row per document, its index kept; Parquet keeps them."""
    # A column of text (the bytes document as text: a wrong type then), one document missing.
    texts: list[str | None] = [d.decode("utf-8", "replace") if isinstance(d, bytes) else d
                               for d in DOCUMENTS]
    texts[150] = None
    source = pd.DataFrame({"document": texts, "region": "eu"},
                          index=pd.Index(range(1000, 1000 + len(texts)), name="row"))
    frame = dd.from_pandas(source, npartitions=7)
    rows = plan_frame(frame, now=NOW).persist()
    found = rows.compute()
    assert list(found.index) == list(source.index)
    assert found.index.name == "row"
    assert dict(found.dtypes.astype(str)) == dict(rows.dtypes.astype(str))
    assert str(found.dtypes["relances"]) == "Int64"
    expected = _serial(texts)
    assert [r["index"] for r in expected] == list(range(len(texts)))
    assert _rows_of(found) == [_row(r) for r in expected]
    assert found["error_field"].iloc[150] == "$"
    # Parquet: written by the workers, read back the same.
    rows.to_parquet(tmp_path / "plans")
    back = pd.read_parquet(tmp_path / "plans")  # (dask's read_parquet warns under pandas 3.1)
    assert list(back.index) == list(source.index)
    assert _rows_of(back) == _rows_of(found)
    assert str(back.dtypes["relances"]) == "Int64"


@pytest.mark.parametrize(("options", "field"), [
    ({"now": pendulum.naive(2026, 11, 23)}, "now"),
    ({"horizon": timedelta(0)}, "horizon"),
    ({"policy": "strict"}, "policy"),
    ({"locale": "xx"}, "locale"),
])
def test_bad_options_are_refused_before_anything_is_built(
    options: dict[str, object], field: str
) -> None:
    """The batch's checks, with its fields, when the function is called (no cluster needed)."""
    arguments: dict[str, object] = {"now": NOW, **options}
    bag = db.from_sequence(DOCUMENTS[:3])
    frame = dd.from_pandas(pd.DataFrame({"document": DOCUMENTS[:3]}), npartitions=1)
    with pytest.raises(InvalidValueError) as info:
        plan_bag(bag, **arguments)  # type: ignore[arg-type]
    assert info.value.field == field
    with pytest.raises(InvalidValueError) as info:
        plan_frame(frame, **arguments)  # type: ignore[arg-type]
    assert info.value.field == field


def test_what_is_not_a_bag_a_frame_or_a_column_is_refused() -> None:
    """A list is not a bag, a pandas frame not a Dask one, and the column must exist."""
    frame = dd.from_pandas(pd.DataFrame({"text": ["{}"]}), npartitions=1)
    with pytest.raises(InvalidValueError, match=r"dask\.bag\.Bag") as info:
        plan_bag(["{}"], now=NOW)  # type: ignore[arg-type]
    assert info.value.field == "bag"
    with pytest.raises(InvalidValueError, match=r"dask\.dataframe\.DataFrame") as info:
        plan_frame(frame.compute(), now=NOW)
    assert info.value.field == "frame"
    with pytest.raises(InvalidValueError, match="its columns: text") as info:
        plan_frame(frame, now=NOW)
    assert info.value.field == "column"


def _text(world: World) -> str:
    return json.dumps({"account": to_dict(world.account),
                       "history": [to_dict(t) for t in world.history],
                       "ideas": [to_dict(i) for i in world.ideas],
                       "policy": to_dict(world.policy)})


@settings(max_examples=10, deadline=None)
@given(st.lists(worlds(), min_size=1, max_size=4), st.sampled_from(["en", "fr"]), st.data())
def test_partitions_plan_what_plan_plans_account_by_account(
    found: list[World], locale: str, data: st.DataObject
) -> None:
    """Cut anywhere, numbered on: each record and row is `plan`'s plan or the document's refusal."""
    now = found[0].proposal.at
    horizon = timedelta(weeks=6)
    texts = [_text(w) for w in found]
    cuts = sorted(data.draw(st.lists(st.integers(0, len(texts)), max_size=3), label="cuts"))
    parts = [texts[a:b] for a, b in zip([0, *cuts], [*cuts, len(texts)], strict=True)]
    records: list[dict[str, Any]] = []
    for part in parts:
        records += _shifted(_plan_partition(part, now, horizon, None, locale), len(records))
    rows = _rows_of(_plan_rows(pd.Series(texts), now, horizon, None, locale))
    assert [r["index"] for r in records] == list(range(len(texts)))
    for found_record, row, world in zip(records, rows, found, strict=True):
        assert row == _row(found_record)
        assert found_record["account_id"] == world.account.id
        refused: RelanceError | None = None
        try:
            # A document is consistent or refused whole, as Document says.
            Document(account=world.account, history=world.history, ideas=world.ideas)
            expected = plan(account=world.account, history=world.history, ideas=world.ideas,
                            policy=world.policy, now=now, horizon=horizon)
        except RelanceError as exc:
            refused = exc
        if refused is not None:
            assert "plan" not in found_record
            assert found_record["error"]["field"] == refused.field.removeprefix("Document.")
        else:
            assert found_record["plan"] == to_dict(expected, locale=locale)


def test_the_page_s_local_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/dask.md's first example (its own LocalCluster) writes the batch's records and rows."""
    page = (ROOT / "docs" / "dask.md").read_text(encoding="utf-8")
    example = re.findall(r"```py\n(.*?)```", page, re.S)[0]
    (tmp_path / "accounts").mkdir()
    texts = [d for d in DOCUMENTS if isinstance(d, str)][:30]  # a bad one among them
    for n in range(3):
        (tmp_path / "accounts" / f"part-{n}.jsonl").write_text(
            "".join(d + "\n" for d in texts[n * 10:(n + 1) * 10]), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "docs/dask.md", "exec"), {"__name__": "__main__"})
    written = sorted((tmp_path / "plans").glob("*.jsonl"))
    records = [json.loads(line) for path in written for line in path.read_text().splitlines()]
    assert records == _serial(texts)
    rows = pd.read_parquet(tmp_path / "plans.parquet")
    assert _rows_of(rows) == [_row(r) for r in records]
    assert rows["error_kind"].notna().sum() == 1


def test_relance_imports_no_dask_and_without_it_the_module_says_which_extra() -> None:
    """`import relance.portfolio` leaves Dask alone; without Dask, the module names the extra."""
    code = (
        "import sys\n"
        "import relance, relance.portfolio\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]\n"
        "sys.modules['dask'] = None\n"
        "try:\n"
        "    import relance.portfolio.dask\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "relance[dask]" in result.stdout
    assert "pip install -e '.[dask]'" in result.stdout
