"""Fixtures for the reporter tests; the sample data lives in report_samples.py."""

from __future__ import annotations

import pytest
from report_samples import clean_result as build_clean_result
from report_samples import sample_result

from pavedroad.core.run import RunResult


@pytest.fixture
def scan_result() -> RunResult:
    """Findings in every state, an error, a skip, a warning and a failed gate."""
    return sample_result()


@pytest.fixture
def clean_result() -> RunResult:
    """A run that found nothing and passed its gate."""
    return build_clean_result()
