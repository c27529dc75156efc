"""JUnit XML as CI systems parse it."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from report_samples import build_finding

from pavedroad.core.run import RunResult
from pavedroad.report import render


def parse(result: RunResult) -> ElementTree.Element:
    return ElementTree.fromstring(render("junit", result))


def suite(root: ElementTree.Element, name: str) -> ElementTree.Element:
    found = root.find(f"testsuite[@name='{name}']")
    assert found is not None, f"no testsuite {name}"
    return found


def test_one_suite_per_analyzer(scan_result: RunResult) -> None:
    root = parse(scan_result)
    assert root.tag == "testsuites"
    assert [element.get("name") for element in root.findall("testsuite")] == [
        "secrets",
        "sast",
        "iac",
        "sca",
        "pipelines",
        "dockerfile",
    ]


def test_active_findings_fail_and_suppressed_ones_are_skipped(scan_result: RunResult) -> None:
    root = parse(scan_result)
    assert len(root.findall(".//failure")) == len(scan_result.active_findings) == 4
    assert len(root.findall(".//skipped")) == 3
    assert root.get("failures") == "4"
    assert root.get("skipped") == "3"
    assert root.get("errors") == "1"
    assert root.get("tests") == str(len(root.findall(".//testcase")))


def test_a_failure_says_where_and_why(scan_result: RunResult) -> None:
    secrets = suite(parse(scan_result), "secrets")
    failure = secrets.find("testcase[@classname='secrets/github-pat']/failure")
    assert failure is not None
    assert failure.get("type") == "critical"
    assert failure.get("message") == "GitHub personal access token"
    assert failure.text is not None
    assert "src/app/settings.py:12:16: A GitHub personal access token is committed" in failure.text
    skipped = secrets.find("testcase[@classname='secrets/generic-api-key']/skipped")
    assert skipped is not None
    assert skipped.get("message") == "suppressed: only valid against the local emulator"


def test_suite_counts_match_their_testcases(scan_result: RunResult) -> None:
    iac = suite(parse(scan_result), "iac")
    assert (iac.get("tests"), iac.get("failures"), iac.get("skipped"), iac.get("errors")) == (
        "3",
        "1",
        "1",
        "1",
    )


def test_scanner_errors_are_error_testcases(scan_result: RunResult) -> None:
    error = suite(parse(scan_result), "iac").find("testcase/error")
    assert error is not None
    assert error.get("message") == "unexpected '}' (HCL parse error)"
    assert error.text == "infra/broken.tf:3 [iac]: unexpected '}' (HCL parse error)"


def test_a_clean_analyzer_has_one_passing_testcase(scan_result: RunResult) -> None:
    dockerfile = suite(parse(scan_result), "dockerfile")
    testcases = dockerfile.findall("testcase")
    assert len(testcases) == 1
    assert list(testcases[0]) == []


def test_control_characters_from_scanned_files_keep_the_xml_parsable(clean_result: RunResult) -> None:
    clean_result.findings = [build_finding(message="bell\x07 escape\x1b[2J nul\x00 end")]
    failure = parse(clean_result).find(".//failure")
    assert failure is not None and failure.text is not None
    assert "bell\\x07 escape\\x1b[2J nul\\x00 end" in failure.text
