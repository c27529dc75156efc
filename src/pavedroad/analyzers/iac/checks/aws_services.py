"""AWS service checks (databases, messaging, compute, networking edges) for Terraform."""

from __future__ import annotations

from pavedroad.analyzers.iac.check import Check

CHECKS: tuple[Check, ...] = ()
