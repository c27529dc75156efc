"""Keys under which two findings, from two tools, describe the same problem.

The store deduplicates an imported finding against pavedroad's own when they share any
key. Code findings match on place and weakness; dependency findings on package and on
any id of the vulnerability, since tools disagree on whether to lead with the CVE, GHSA
or PYSEC id.
"""

from __future__ import annotations

from pavedroad.core.findings import Finding
from pavedroad.importers.purl import purl_type_and_name


def equivalence_keys(finding: Finding) -> frozenset[tuple[str, ...]]:
    """Every key a finding can be matched by.

    - ("fingerprint", fp): the very same finding (a re-import).
    - ("code", path, start_line, CWE): one per CWE, for findings with a file location.
    - ("code-rule", path, start_line, rule_id): the same rule at the same place, for findings without a CWE.
    - ("package", purl type, normalised name, id): one per vulnerability id or alias.
    """
    keys: set[tuple[str, ...]] = {("fingerprint", finding.fingerprint)}
    if finding.package is not None:
        package = purl_type_and_name(finding.package.purl)
        if package:
            keys.update(("package", *package, identifier.upper()) for identifier in finding.vulnerability)
        return frozenset(keys)
    path = finding.location.path
    if path:
        line = str(finding.location.start_line)
        keys.update(("code", path, line, cwe.upper()) for cwe in finding.cwe)
        if not finding.cwe:
            keys.add(("code-rule", path, line, finding.rule_id))
    return frozenset(keys)


def dedupe_key(finding: Finding) -> tuple[str, ...]:
    """One representative key (the sorted first of equivalence_keys), for simple grouping."""
    return min(equivalence_keys(finding))
