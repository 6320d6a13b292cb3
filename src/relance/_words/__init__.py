"""Speaks and reads: sentences from the catalogs, and the message reviewer.

Depends on ``relance._core`` only; the core never imports it.
"""
