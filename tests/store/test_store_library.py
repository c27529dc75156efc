"""The store's library API: recording, version selection per ecosystem, schema bookkeeping."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from pavedroad.core.components import Component
from pavedroad.store import InvalidSelectionError, Store, StoreError, affected, open_store, record_inventory
from pavedroad.store.migrate import HEAD_REVISION
from pavedroad.store.schema import Component as ComponentRow
from pavedroad.store.schema import ScanComponent


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")


INVENTORY = [
    Component("crates.io", "Serde_JSON", "1.0.90", "Cargo.lock"),
    Component("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", "pom.xml"),
    Component("RubyGems", "Rails", "6.1.7.3", "Gemfile.lock"),
    Component("Debian:12", "openssl", "3.0.11-1~deb12u2", "var/lib/dpkg/status"),
    Component("Hackage", "aeson", "2.1.2.1", "cabal.project.freeze"),
    Component("SomeNewEcosystem", "widget", "build-7", "widgets.lock"),
    Component("npm", "left-pad", "not-a-version", "package-lock.json"),
]


@pytest.mark.parametrize(
    ("package", "selection", "ecosystem", "found"),
    [
        ("serde-json", ">=1.0.0, <1.0.91", None, True),  # crates.io: case and -/_ folded
        ("serde_json", ">1.0.90", None, False),
        ("org.apache.logging.log4j:log4j-core", ">=2.0-beta9,<2.15.0", "Maven", True),
        ("org.apache.logging.log4j:log4j-core", "<2.0", "Maven", False),
        ("rails", ">=6.1.0,<6.1.7.4", "RubyGems", True),
        ("rails", "6.1.7.3", None, True),
        ("openssl", "<3.0.11-1~deb12u3", "Debian", True),  # Debian's ~ sorts before anything
        ("openssl", ">=3.0.11-1", "Debian", False),
        ("aeson", ">=2.1,<2.2", "Hackage", True),
        ("widget", "==build-7", None, True),  # no known order: equality still works
        ("widget", "!=build-7", None, False),
        ("widget", "build-8", None, False),
    ],
)
def test_selection_uses_each_ecosystems_order(
    store: Store, package: str, selection: str, ecosystem: str | None, found: bool
) -> None:
    record_inventory(store, "polyglot", "/src/polyglot", INVENTORY)
    assert bool(affected(store, package, selection, ecosystem)) is found


def test_unreadable_recorded_version_is_undetermined_not_hidden(store: Store) -> None:
    record_inventory(store, "polyglot", "/src/polyglot", INVENTORY)
    [row] = affected(store, "left-pad", "<2.0.0")
    assert (row.version, row.undetermined) == ("not-a-version", True)
    assert affected(store, "left-pad", "not-a-version")[0].undetermined is False


@pytest.mark.parametrize(
    ("selection", "ecosystem"),
    [("<build-7", "SomeNewEcosystem"), ("~1.0", "Maven"), (">=1.0, <", "Maven"), ("1.0.0 - 2.0.0", "npm")],
)
def test_unreadable_selection_raises(store: Store, selection: str, ecosystem: str) -> None:
    with pytest.raises(InvalidSelectionError):
        affected(store, "anything", selection, ecosystem)


def test_components_are_stored_once_and_occurrences_per_scan(store: Store) -> None:
    first = [Component("PyPI", "Django", "4.2.1", "requirements.txt"), Component("PyPI", "django", "4.2.1", "a.txt")]
    record_inventory(store, "one", "/one", first, commit="a" * 40, branch="main")
    record_inventory(store, "two", "/two", [Component("PyPI", "DJANGO", "4.2.1", "requirements.txt")])
    record_inventory(store, "two", "/two", [Component("PyPI", "django", None, "pyproject.toml", specifier=">=4")])
    record_inventory(store, "three", "/three", [Component("PyPI", "django", None, "pyproject.toml")])
    with store.transaction() as connection:
        assert connection.execute(select(func.count()).select_from(ComponentRow)).scalar() == 2
        assert connection.execute(select(func.count()).select_from(ScanComponent)).scalar() == 5
    rows = affected(store, "django", all_scans=True)
    assert [(row.project, row.scan_id, row.version) for row in rows] == [
        ("one", 1, "4.2.1"),
        ("one", 1, "4.2.1"),
        ("three", 4, None),
        ("two", 3, None),
        ("two", 2, "4.2.1"),
    ]
    assert (rows[0].commit, rows[0].branch, rows[2].commit) == ("a" * 40, "main", None)


def test_store_keeps_its_schema_revision_and_refuses_a_newer_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    with open_store(url) as store, store.transaction() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD_REVISION
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(StoreError, match="store schema revision 0099 is newer"):
        open_store(url)


def test_tilde_in_sqlite_url_is_the_home_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    with open_store("sqlite:///~/inventories.sqlite3") as store:
        record_inventory(store, "p", "/p", [Component("npm", "a", "1.0.0", "package.json")])
    assert (tmp_path / "inventories.sqlite3").is_file()


def test_default_store_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("PAVEDROAD_STORE_URL", raising=False)
    monkeypatch.delenv("PAVEDROAD_DATABASE_URL", raising=False)
    with open_store() as store:
        assert store.url == f"sqlite:///{tmp_path}/.local/share/pavedroad/store.sqlite3"
        with store.transaction() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert (tmp_path / ".local/share/pavedroad/store.sqlite3").is_file()


def test_the_earlier_store_variable_is_still_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAVEDROAD_DATABASE_URL", raising=False)
    monkeypatch.setenv("PAVEDROAD_STORE_URL", f"sqlite:///{tmp_path / 'old-name.sqlite3'}")
    with open_store() as store:
        assert store.url.endswith("old-name.sqlite3")
    monkeypatch.setenv("PAVEDROAD_DATABASE_URL", f"sqlite:///{tmp_path / 'new-name.sqlite3'}")
    with open_store() as store:
        assert store.url.endswith("new-name.sqlite3")  # the new name wins when both are set
