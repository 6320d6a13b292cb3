"""The fixtures of the pytest plugin, under their former address.

The plugin itself is ``relance._pytest_plugin`` (entry point ``pytest11``):
it moved out of ``relance.testing``, whose package imports hypothesis, so that
pytest runs where hypothesis is not installed.  This module stays so that
``-p relance.testing._plugin`` and installs made before the move (whose
entry point still names it) keep working.
"""

from __future__ import annotations

from .._pytest_plugin import relance_account, relance_ideas, relance_now, relance_policy

__all__ = ["relance_account", "relance_ideas", "relance_now", "relance_policy"]
