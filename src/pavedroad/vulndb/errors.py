"""Errors of the vulnerability database: each names the file or URL and says what to do."""

from __future__ import annotations


class VulnDbError(Exception):
    """Base class: a one-line message fit for the user."""


class MissingDatabaseError(VulnDbError):
    """No database file where one was asked for."""


class CorruptDatabaseError(VulnDbError):
    """A file that is not a (current) pavedroad vulnerability database."""


class ImportFailedError(VulnDbError):
    """An import that could not complete; the previous database was left as it was."""


class UpdateError(ImportFailedError):
    """A download that failed or was incomplete; the previous database was left as it was."""
