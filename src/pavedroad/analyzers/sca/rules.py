"""The SCA rules' metadata, in one place."""

from __future__ import annotations

from pavedroad.core.findings import Confidence, Rule, Severity

VULNERABLE_DEPENDENCY = Rule(
    id="sca/vulnerable-dependency",
    title="Dependency with a known vulnerability",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    rationale="A published advisory says this exact package version is vulnerable. Attackers scan for"
    " known-vulnerable components first: the advisory is also their recipe. The finding's severity is"
    " the advisory's (its CVSS base score, or the database's own rating).",
    fix="Upgrade to the suggested version: the smallest one that no known advisory for the package"
    " affects. If it is a transitive dependency, upgrade the direct dependency that brings it in, or"
    " pin/override the transitive version in your lockfile.",
    cwe=("CWE-1395",),
    # CWE-1395 postdates OWASP's 2021 CWE lists, so the Top 10 category is cited explicitly.
    controls=("OWASP-A06:2021", "PCI-DSS-4.0-6.3.3", "NIST-800-53-RA-5", "NIST-800-53-SI-2", "SOC2-CC7.1"),
    tags=("sca", "dependencies"),
    references=("https://ossf.github.io/osv-schema/",),
)

LICENSE_POLICY = Rule(
    id="sca/license-policy",
    title="Dependency licence not allowed by policy",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    rationale="Shipping a component under a licence the organisation does not accept (strong copyleft"
    " in a proprietary product, a non-commercial licence...) is a legal risk that grows with every release.",
    fix="Replace the component, obtain it under another licence, or record an exception with a reason"
    " in [[suppress]] after legal review.",
    tags=("sca", "licenses"),
)

RULES = (VULNERABLE_DEPENDENCY, LICENSE_POLICY)
