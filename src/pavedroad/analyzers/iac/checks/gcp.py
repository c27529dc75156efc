"""gcp checks."""

from __future__ import annotations

from pavedroad.analyzers.iac.check import Check

CHECKS: tuple[Check, ...] = ()
