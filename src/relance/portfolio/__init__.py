"""Many accounts at once: plan a portfolio, streaming, on every core.

A portfolio is a sequence of documents (one account, its history, its ideas,
optionally its policy), typically a JSON Lines file, one document a line.
:func:`plan_portfolio` plans each in turn and yields one :class:`Planned`
item per document, in the input's order, whatever the number of worker
processes; memory stays bounded (a window of documents is in flight at a
time).  A document that is bad input does not stop the batch: its item
carries the error (:class:`BatchError`, the fields of the library's error)
instead of a plan.

Worker processes read their own input: they receive each document's JSON
text (a string pickles in no time, a history of objects does not), parse,
validate and plan it there.

Examples:
    >>> import pendulum
    >>> line = ('{"account": {"id": "acme", "name": "Acme", "needs": ["x"], "contacts": '
    ...         '[{"id": "ana", "name": "Ana", "role": "decision_maker", '
    ...         '"timezone": "Europe/Paris", "country": "FR"}]}, '
    ...         '"ideas": [{"id": "pilot", "summary": "A pilot", "addresses": ["x"]}]}')
    >>> items = list(plan_portfolio([line, "{}"], now=pendulum.datetime(2027, 3, 1, tz="UTC"),
    ...                             jobs=1))
    >>> items[0].account_id, [r.idea_id for r in items[0].plan.relances]
    ('acme', ['pilot'])
    >>> items[1].error.field
    'account'
"""

from ._batch import (
    BatchError,
    Checked,
    CheckSummary,
    Planned,
    PortfolioSummary,
    check_portfolio,
    plan_portfolio,
    write_checks,
    write_plans,
)

__all__ = [
    "BatchError",
    "CheckSummary",
    "Checked",
    "Planned",
    "PortfolioSummary",
    "check_portfolio",
    "plan_portfolio",
    "write_checks",
    "write_plans",
]
