"""Errors of the inventory store: one line each, naming the store URL (password hidden)."""

from __future__ import annotations


class StoreError(Exception):
    """The store could not be opened, read or written; the message names its URL."""


class InvalidSelectionError(ValueError):
    """A `PACKAGE@VERSION` or `PACKAGE@RANGE` query that cannot be read in an ecosystem's syntax."""
