"""Choosing a format by name, as `--format` does."""

from __future__ import annotations

import pytest
from report_samples import build_finding

from pavedroad.core.run import RunResult
from pavedroad.report import REPORTERS, render

FORMATS = ["terminal", "json", "sarif", "junit", "html", "markdown"]


def test_every_documented_format_is_registered() -> None:
    assert sorted(REPORTERS) == sorted(FORMATS)


def test_an_unknown_format_names_the_known_ones(scan_result: RunResult) -> None:
    with pytest.raises(ValueError, match=r"unknown report format 'xml'.*html, json, junit, markdown"):
        render("xml", scan_result)


@pytest.mark.parametrize("format_name", FORMATS)
def test_every_format_renders_text_that_ends_with_a_newline(format_name: str, scan_result: RunResult) -> None:
    output = render(format_name, scan_result)
    assert output.endswith("\n")
    # The run's first finding appears in every format, however it is laid out.
    assert "secrets/github-pat" in output


@pytest.mark.parametrize("format_name", FORMATS)
def test_every_format_writes_undecodable_file_names_as_utf8(format_name: str, scan_result: RunResult) -> None:
    """Paths decoded with surrogateescape must not crash the write to stdout or a file."""
    scan_result.findings.append(build_finding(path="src/bad-\udcff-name.py"))
    output = render(format_name, scan_result)
    output.encode("utf-8")
    assert "bad-" in output


@pytest.mark.parametrize("format_name", FORMATS)
def test_rendering_is_reproducible(format_name: str, scan_result: RunResult) -> None:
    """Findings arrive in pipeline order (process pool); the report must not depend on it."""
    first = render(format_name, scan_result)
    scan_result.findings.reverse()
    assert render(format_name, scan_result) == first
