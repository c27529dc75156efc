"""JUnit XML, for CI systems that show test results but not SARIF.

One testsuite per analyzer. Each finding is its own testcase whose classname is the rule
id: Jenkins, GitLab and Azure DevOps keep only the first <failure> of a testcase, so
several findings in one testcase would hide all but one, while the classname still groups
a rule's findings together in their UIs. A clean analyzer gets one passing testcase so
"nothing found" is visible; scanner errors become <error> testcases.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from collections.abc import Sequence

from pavedroad.core.errors import ScanError
from pavedroad.core.findings import Finding
from pavedroad.core.run import RunResult
from pavedroad.report.common import analyzer_names, location_label, ordered, printable

#: The suite for scanner errors that no analyzer claimed (walking the tree, reading config).
GENERAL_SUITE = "pavedroad"


def render_junit(result: RunResult) -> str:
    """The JUnit XML document as text, with an XML declaration."""
    findings_by_analyzer: defaultdict[str, list[Finding]] = defaultdict(list)
    for finding in ordered(result.findings):
        findings_by_analyzer[finding.analyzer].append(finding)
    errors_by_analyzer: defaultdict[str, list[ScanError]] = defaultdict(list)
    for error in result.errors:
        errors_by_analyzer[error.analyzer or GENERAL_SUITE].append(error)

    suites = ElementTree.Element("testsuites", name="pavedroad")
    names = analyzer_names(result)
    if GENERAL_SUITE in errors_by_analyzer and GENERAL_SUITE not in names:
        names.append(GENERAL_SUITE)
    for name in names:
        suites.append(_testsuite(name, findings_by_analyzer[name], errors_by_analyzer[name]))
    _set_counts(suites, list(suites))
    ElementTree.indent(suites)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _testsuite(name: str, findings: Sequence[Finding], errors: Sequence[ScanError]) -> ElementTree.Element:
    suite = ElementTree.Element("testsuite", name=_text(name))
    for finding in findings:
        suite.append(_finding_testcase(finding))
    for error in errors:
        suite.append(_error_testcase(name, error))
    if not any(finding.is_active for finding in findings) and not errors:
        ElementTree.SubElement(suite, "testcase", classname=_text(name), name="no active findings")
    _set_counts(suite, [suite])
    return suite


def _finding_testcase(finding: Finding) -> ElementTree.Element:
    testcase = ElementTree.Element(
        "testcase", classname=_text(finding.rule_id), name=_text(location_label(finding.location))
    )
    if finding.is_active:
        failure = ElementTree.SubElement(
            testcase, "failure", type=finding.severity.value, message=_text(finding.title)
        )
        failure.text = _text(_failure_text(finding))
    else:
        reason = finding.suppression.reason if finding.suppression else "accepted in the baseline"
        ElementTree.SubElement(testcase, "skipped", message=_text(f"suppressed: {reason}"))
    return testcase


def _failure_text(finding: Finding) -> str:
    lines = [
        f"{location_label(finding.location, with_column=True)}: {finding.message}",
        f"rule: {finding.rule_id} ({finding.severity.value}, {finding.confidence.value} confidence)",
    ]
    if finding.location.snippet:
        lines.append(finding.location.snippet)
    if finding.fix is not None:
        lines.append(f"fix: {finding.fix.hint}")
    return "\n".join(lines)


def _error_testcase(suite_name: str, error: ScanError) -> ElementTree.Element:
    where = f"{error.path}:{error.line}" if error.line else error.path
    testcase = ElementTree.Element("testcase", classname=_text(suite_name), name=_text(f"scan error {where}"))
    failure = ElementTree.SubElement(testcase, "error", type="scan-error", message=_text(error.message))
    failure.text = _text(error.describe())
    return testcase


def _set_counts(element: ElementTree.Element, suites: Sequence[ElementTree.Element]) -> None:
    """Totals from the testcases actually written, so the header can never disagree with them."""
    testcases = [testcase for suite in suites for testcase in suite.iter("testcase")]
    element.set("tests", str(len(testcases)))
    for outcome, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        element.set(attribute, str(sum(1 for testcase in testcases if testcase.find(outcome) is not None)))


def _text(value: str) -> str:
    # ElementTree escapes markup but writes control characters verbatim, which no XML parser accepts.
    return printable(value)
