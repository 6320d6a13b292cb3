"""The command line (an edge, on _io): ``relance`` and ``python -m relance``."""

from .main import main

__all__ = ["main"]
