"""`pavedroad serve`: the REST API and dashboard over the findings store.

Binds to loopback by default. Listening on every interface needs `--allow-remote`, because
the server speaks plain HTTP: put it behind a TLS-terminating proxy (and pass `--https` so
cookies are Secure and HSTS is sent) before exposing it.
"""

from __future__ import annotations

import ipaddress

import click

from pavedroad.cli.store_access import store_option
from pavedroad.core.errors import UsageError
from pavedroad.store import resolve_store_url

MEGABYTE = 1024 * 1024


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@store_option
@click.option("--allow-remote", is_flag=True, help="Allow listening on a non-loopback address.")
@click.option("--https", "https", is_flag=True, help="Served over https (by a proxy): Secure cookies and HSTS.")
@click.option("--max-upload-mb", default=50, show_default=True, type=click.IntRange(1, 1024),
              help="Largest scan report accepted.")  # fmt: skip
def serve_command(
    host: str, port: int, store_url: str | None, allow_remote: bool, https: bool, max_upload_mb: int
) -> None:
    """Serve the API (/api/v1) and the dashboard. Set $PAVEDROAD_SERVER_SECRET to keep sessions across restarts."""
    if not _is_loopback(host) and not allow_remote:
        raise UsageError(f"--host {host} is not a loopback address; add --allow-remote (behind a TLS proxy)")
    import uvicorn

    from pavedroad.server.app import create_app
    from pavedroad.server.settings import ServerSettings

    settings = ServerSettings(max_upload_bytes=max_upload_mb * MEGABYTE, https=True if https else None)
    app = create_app(resolve_store_url(store_url), settings)
    uvicorn.run(app, host=host, port=port, proxy_headers=False, server_header=False, log_level="info")
