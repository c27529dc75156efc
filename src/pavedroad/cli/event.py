"""`pavedroad event deploy`: record a deployment, for the deployment-frequency KPI."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from pavedroad.cli.store_access import opened_store, store_option
from pavedroad.core.errors import UsageError
from pavedroad.store.deployments import DeploymentEvent, record_deployment


@click.group("event")
def event_group() -> None:
    """Record delivery events the KPIs need."""


def _moment(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise UsageError(f"--at {text!r}: not an ISO 8601 date and time ({error})") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@event_group.command("deploy")
@click.option("--project", "project_name", required=True, help="The project deployed.")
@click.option("--environment", default="production", show_default=True)
@click.option("--version", "version_name", help="The version or release deployed.")
@click.option("--commit", help="The commit deployed.")
@click.option("--at", "moment", metavar="ISO-8601", help="When (default: now; no zone means UTC).")
@store_option
def deploy_command(
    project_name: str,
    environment: str,
    version_name: str | None,
    commit: str | None,
    moment: str | None,
    store_url: str | None,
) -> None:
    """Record that PROJECT was deployed."""
    event = DeploymentEvent(project_name, _moment(moment), environment, version_name, commit)
    with opened_store(store_url) as store:
        deployment_id = record_deployment(store, event)
    click.echo(
        f"recorded deployment {deployment_id} of {project_name!r} to {environment} "
        f"at {event.deployed_at:%Y-%m-%d %H:%M} UTC"
    )
