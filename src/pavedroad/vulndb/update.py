"""`db update`: download OSV's per-ecosystem exports and import them, all or nothing.

Each ecosystem's export (`<base>/<ecosystem>/all.zip`, one JSON file per advisory) is
streamed to a temporary file beside the database with a timeout and a size limit, checked
against its Content-Length, and only when every download is complete are they imported in
one atomic step. A server error, a timeout or a truncated download leaves the previous
database as it was. Only HTTPS is used, except for a server on this machine (tests).
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Sequence
from pathlib import Path

from pavedroad import __version__
from pavedroad.vulndb.errors import UpdateError
from pavedroad.vulndb.importer import ImportSource, Progress, import_paths
from pavedroad.vulndb.report import ImportReport

DEFAULT_OSV_BASE_URL = "https://osv-vulnerabilities.storage.googleapis.com"
OSV_BASE_URL_ENV = "PAVEDROAD_OSV_URL"
# The ecosystems pavedroad's dependency parsers produce components for.
DEFAULT_ECOSYSTEMS = ("PyPI", "npm", "Go", "crates.io", "RubyGems", "Packagist", "Maven", "NuGet")
MAX_DOWNLOAD_BYTES = 4 * 1024**3
_CHUNK = 1024 * 1024


def base_url(configured: str | None = None) -> str:
    """The export base URL: the argument, else `$PAVEDROAD_OSV_URL`, else OSV's public bucket."""
    return (configured or os.environ.get(OSV_BASE_URL_ENV) or DEFAULT_OSV_BASE_URL).rstrip("/")


def export_url(base: str, ecosystem: str) -> str:
    """Where OSV publishes one ecosystem's export: `<base>/<ecosystem>/all.zip`."""
    return f"{base}/{urllib.parse.quote(ecosystem)}/all.zip"


def _check_scheme(url: str) -> None:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme == "https":
        return
    host = parsed.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parsed.scheme != "http" or not loopback:
        raise UpdateError(f"{url}: advisories are only downloaded over https (plain http only from this machine)")


def download(url: str, destination: Path, *, timeout: float) -> int:
    """Stream `url` to `destination`; the number of bytes. UpdateError if incomplete or refused."""
    _check_scheme(url)
    request = urllib.request.Request(url, headers={"User-Agent": f"pavedroad/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, open(destination, "wb") as output:
            expected = response.headers.get("Content-Length")
            received = 0
            while chunk := response.read(_CHUNK):
                received += len(chunk)
                if received > MAX_DOWNLOAD_BYTES:
                    raise UpdateError(f"{url}: larger than {MAX_DOWNLOAD_BYTES // 1024**3} GiB; refused")
                output.write(chunk)
    except urllib.error.HTTPError as error:
        raise UpdateError(f"{url}: the server answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise UpdateError(f"{url}: download failed ({type(error).__name__}: {reason})") from error
    if expected is not None and expected.isdigit() and received != int(expected):
        raise UpdateError(f"{url}: truncated download ({received} of {expected} bytes)")
    return received


def update_database(
    database: Path,
    ecosystems: Sequence[str] = DEFAULT_ECOSYSTEMS,
    *,
    source_url: str | None = None,
    timeout: float = 60.0,
    progress: Progress | None = None,
) -> ImportReport:
    """Download each ecosystem's OSV export and import them all into `database` atomically.

    Advisories already in the database from other sources stay; those imported again are
    replaced by the downloaded version.
    """
    base = base_url(source_url)
    database.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pavedroad-update-", dir=database.parent) as scratch:
        sources: list[ImportSource] = []
        for ecosystem in ecosystems:
            url = export_url(base, ecosystem)
            target = Path(scratch) / f"{len(sources)}.zip"
            if progress is not None:
                progress(f"downloading {url}")
            download(url, target, timeout=timeout)
            if not zipfile.is_zipfile(target):
                raise UpdateError(f"{url}: the download is not a zip archive (truncated or wrong URL)")
            sources.append(ImportSource(target, name=f"OSV {ecosystem} export", location=url))
        return import_paths(database, sources, progress=progress)
