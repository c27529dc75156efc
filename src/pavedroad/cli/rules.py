"""`pavedroad rules list|show|docs`: everything from the rules' own metadata."""

from __future__ import annotations

from pathlib import Path

import click

from pavedroad.analyzers.registry import all_analyzers
from pavedroad.core.findings import Rule
from pavedroad.core.suppress import MISSING_REASON_RULE
from pavedroad.rules_docs import rule_page


def known_rules() -> dict[str, Rule]:
    # Image checks and DAST run outside the analyzer registry (they do not scan a work tree).
    from pavedroad.dast.rules import RULES as DAST_RULES
    from pavedroad.image.rules import RULES as IMAGE_RULES

    rules = {rule.id: rule for analyzer in all_analyzers() for rule in analyzer.rules}
    rules.update((rule.id, rule) for rule in (*IMAGE_RULES, *DAST_RULES))
    rules[MISSING_REASON_RULE.id] = MISSING_REASON_RULE
    return dict(sorted(rules.items()))


@click.group("rules")
def rules_group() -> None:
    """The rules pavedroad applies."""


@rules_group.command("list")
@click.option("--family", help="Only rules whose id starts with FAMILY/ (e.g. secrets).")
def list_command(family: str | None) -> None:
    """One line per rule: id, severity, title."""
    for rule in known_rules().values():
        if family and not rule.id.startswith(family.rstrip("/") + "/"):
            continue
        click.echo(f"{rule.id:45} {rule.severity.value:9} {rule.title}")


@rules_group.command("show")
@click.argument("rule_id")
def show_command(rule_id: str) -> None:
    """Everything about one rule: why it matters and how to fix it."""
    rules = known_rules()
    if rule_id not in rules:
        raise click.BadParameter(f"no rule {rule_id!r}; see `pavedroad rules list`", param_hint="RULE_ID")
    click.echo(rule_page(rules[rule_id]))


@rules_group.command("docs")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/rules"))
def docs_command(output: Path) -> None:
    """Write one Markdown page per rule, and an index, from the rule metadata."""
    rules = known_rules()
    output.mkdir(parents=True, exist_ok=True)
    index = ["# Rules", "", "| id | severity | title |", "|---|---|---|"]
    for rule in rules.values():
        page = output / (rule.id.replace("/", "--") + ".md")
        page.write_text(rule_page(rule), encoding="utf-8")
        index.append(f"| [{rule.id}]({page.name}) | {rule.severity.value} | {rule.title} |")
    (output / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    click.echo(f"wrote {len(rules)} rule pages to {output}")
