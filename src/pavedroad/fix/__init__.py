"""Remediation: the smallest safe upgrades, shown as a diff and applied on request."""
