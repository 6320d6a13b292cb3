"""Collection of the whole checkout: a module needing an extra that is absent is not collected.

``pytest`` collects ``src`` for its doctests; ``relance.portfolio.dask`` needs
the ``dask`` extra and says so when imported without it, which is right for
a user and wrong for the collection of a checkout installed without extras.
"""

import importlib.util

collect_ignore = (
    [] if importlib.util.find_spec("distributed") else ["src/relance/portfolio/dask.py"]
)
