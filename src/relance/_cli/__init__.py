"""The command line (an edge, on _io)."""

from .main import main

__all__ = ["main"]
