"""A rule's page, in Markdown, from its metadata: used by `rules show` and docs/rules."""

from __future__ import annotations

from pavedroad.core.findings import Rule


def rule_page(rule: Rule) -> str:
    lines = [
        f"# {rule.id}: {rule.title}",
        "",
        f"- Severity: **{rule.severity.value}**, confidence: {rule.confidence.value}",
    ]
    if rule.cwe:
        lines.append(f"- CWE: {', '.join(rule.cwe)}")
    if rule.controls:
        lines.append(f"- Controls: {', '.join(rule.controls)}")
    if rule.tags:
        lines.append(f"- Tags: {', '.join(rule.tags)}")
    lines += ["", "## Why it matters", "", rule.rationale, "", "## How to fix", "", rule.fix]
    if rule.example:
        heading = "## Example (insecure)" if rule.secure_example else "## Example"
        lines += ["", heading, "", "```", rule.example, "```"]
    if rule.secure_example:
        lines += ["", "## Use instead", "", "```", rule.secure_example, "```"]
    if rule.references:
        lines += ["", "## References", ""] + [f"- {reference}" for reference in rule.references]
    lines += ["", f"Suppress one occurrence with `pavedroad: ignore[{rule.id}] <reason>` in a comment."]
    return "\n".join(lines) + "\n"
