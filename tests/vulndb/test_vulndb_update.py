"""`db update` over HTTP against a local server serving OSV's export layout (never the internet)."""

from __future__ import annotations

import io
import json
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import match, osv, write_jsonl

from pavedroad.vulndb.errors import UpdateError
from pavedroad.vulndb.importer import import_paths
from pavedroad.vulndb.store import VulnerabilityDatabase
from pavedroad.vulndb.update import export_url, update_database


def export_zip(*records: dict[str, object]) -> bytes:
    """An OSV export: one `<id>.json` per record in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for record in records:
            archive.writestr(f"{record['id']}.json", json.dumps(record))
    return buffer.getvalue()


class ExportServer(ThreadingHTTPServer):
    """Serves `routes[path] = (status, body, truncate)` and records the paths asked for."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ExportHandler)
        self.routes: dict[str, tuple[int, bytes, bool]] = {}
        self.requested: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/osv"


class ExportHandler(BaseHTTPRequestHandler):
    server: ExportServer

    def do_GET(self) -> None:
        self.server.requested.append(self.path)
        status, body, truncate = self.server.routes.get(self.path, (404, b"not found", False))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if truncate else body)
        if truncate:
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ExportServer]:
    running = ExportServer()
    thread = threading.Thread(target=running.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()
    thread.join(timeout=10)


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    database = tmp_path / "vulndb.sqlite3"
    import_paths(database, [write_jsonl(tmp_path / "old.jsonl", [osv("OLD", "PyPI", "lib", ("introduced", "0"))])])
    return database


def ids(database: Path, *queries: tuple[str, str, str]) -> set[str]:
    with VulnerabilityDatabase(database) as db:
        return {m.id for query in queries for m in match(db, *query)}


QUERIES = (("PyPI", "lib", "1.0"), ("npm", "web", "1.0.0"), ("crates.io", "fast", "0.1.0"))


def test_update_downloads_each_ecosystems_export_and_imports_it(server: ExportServer, existing: Path) -> None:
    server.routes["/osv/npm/all.zip"] = (200, export_zip(osv("GHSA-web", "npm", "web", ("introduced", "0"))), False)
    server.routes["/osv/crates.io/all.zip"] = (
        200,
        export_zip(osv("RUSTSEC-1", "crates.io", "fast", ("introduced", "0"))),
        False,
    )
    report = update_database(existing, ["npm", "crates.io"], source_url=server.url, timeout=10)
    assert server.requested == ["/osv/npm/all.zip", "/osv/crates.io/all.zip"]
    assert [(s.name, s.location, s.records) for s in report.sources] == [
        ("OSV npm export", f"{server.url}/npm/all.zip", 1),
        ("OSV crates.io export", f"{server.url}/crates.io/all.zip", 1),
    ]
    assert ids(existing, *QUERIES) == {"OLD", "GHSA-web", "RUSTSEC-1"}
    assert not list(existing.parent.glob(".pavedroad-update-*"))


def test_the_base_url_comes_from_the_environment(
    server: ExportServer, existing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/osv/npm/all.zip"] = (200, export_zip(osv("GHSA-web", "npm", "web", ("introduced", "0"))), False)
    monkeypatch.setenv("PAVEDROAD_OSV_URL", server.url + "/")
    update_database(existing, ["npm"], timeout=10)
    assert ids(existing, *QUERIES) == {"OLD", "GHSA-web"}


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ((500, b"boom", False), "the server answered 500"),
        ((200, b"x" * 10_000, True), "truncated download"),
        ((200, b"<html>not a zip</html>", False), "is not a zip archive"),
    ],
)
def test_a_failed_download_leaves_the_previous_database(
    server: ExportServer, existing: Path, route: tuple[int, bytes, bool], message: str
) -> None:
    server.routes["/osv/npm/all.zip"] = (200, export_zip(osv("GHSA-web", "npm", "web", ("introduced", "0"))), False)
    server.routes["/osv/PyPI/all.zip"] = route  # the second download fails
    before = existing.read_bytes()
    with pytest.raises(UpdateError, match=f"{server.url}/PyPI/all.zip: .*{message}"):
        update_database(existing, ["npm", "PyPI"], source_url=server.url, timeout=10)
    assert existing.read_bytes() == before
    assert ids(existing, *QUERIES) == {"OLD"}


def test_a_truncated_zip_with_a_correct_length_leaves_the_previous_database(
    server: ExportServer, existing: Path
) -> None:
    body = export_zip(*(osv(f"GHSA-{n}", "npm", "web", ("introduced", "0")) for n in range(50)))
    server.routes["/osv/npm/all.zip"] = (200, body[:-200], False)  # the server itself sends a cut file
    before = existing.read_bytes()
    with pytest.raises(UpdateError):
        update_database(existing, ["npm"], source_url=server.url, timeout=10)
    assert existing.read_bytes() == before


def test_only_https_except_from_this_machine(existing: Path) -> None:
    with pytest.raises(UpdateError, match="only downloaded over https"):
        update_database(existing, ["npm"], source_url="http://advisories.example.invalid/osv", timeout=1)
    assert export_url("https://host/base", "Rocky Linux") == "https://host/base/Rocky%20Linux/all.zip"
