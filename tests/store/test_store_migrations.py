"""Migrations on SQLite and PostgreSQL: an empty database, a store made before migrations
existed (data kept), and the migrated schema equal to the models."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from pavedroad.core.components import Component
from pavedroad.store import open_store, record_inventory
from pavedroad.store.affected import affected
from pavedroad.store.migrate import HEAD_REVISION, MIGRATIONS
from pavedroad.store.schema import Base


def _migrate_to(url: str, revision: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_migrated_schema_is_exactly_the_models(database_url: str) -> None:
    open_store(database_url).close()
    engine = create_engine(database_url)
    with engine.connect() as connection:
        # The trigram search indexes are PostgreSQL-only and optional (they need pg_trgm), so no model has them.
        opts = {"include_object": lambda _object, name, kind, *_: not (kind == "index" and name.endswith("_trigram"))}
        differences = compare_metadata(MigrationContext.configure(connection, opts=opts), Base.metadata)
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    assert differences == []
    assert revision == HEAD_REVISION


def test_a_store_from_before_migrations_is_upgraded_with_its_data(database_url: str) -> None:
    # What pavedroad 0.1 left behind: the version-1 tables, `store_info`, no alembic_version.
    _migrate_to(database_url, "0001")
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(text("INSERT INTO store_info (key, value) VALUES ('schema_version', '1')"))
        connection.execute(
            text("INSERT INTO projects (name, root, created_at) VALUES ('legacy', '/srv/legacy', :now)"),
            {"now": "2026-11-01 10:00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO scans (project_id, started_at, finished_at, tool_version) "
                "SELECT id, :now, :now, '0.1.0' FROM projects"
            ),
            {"now": "2026-11-01 10:00:00"},
        )
        connection.execute(
            text("INSERT INTO components (ecosystem, name, version) VALUES ('PyPI', 'django', '3.2.0')")
        )
        connection.execute(
            text(
                "INSERT INTO scan_components (scan_id, component_id, source_file, direct, dependency_path) "
                "SELECT scans.id, components.id, 'requirements.txt', TRUE, '' FROM scans, components"
            )
        )
    engine.dispose()

    with open_store(database_url) as store:
        rows = affected(store, "django")
        assert [(row.project, row.version, row.source_file) for row in rows] == [
            ("legacy", "3.2.0", "requirements.txt")
        ]
        record_inventory(store, "legacy", "/srv/legacy", [Component("PyPI", "django", "4.2.0", "requirements.txt")])
        with store.transaction() as connection:
            kinds = connection.execute(text("SELECT kind FROM scans ORDER BY id")).scalars().all()
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            organisation = connection.execute(text("SELECT organisation_id FROM projects")).scalar()
    assert kinds == ["inventory", "inventory"]
    assert revision == HEAD_REVISION
    assert organisation is None  # projects made before organisations keep working


def test_text_search_is_indexed_on_postgresql(fresh_postgres_database: str) -> None:
    with open_store(fresh_postgres_database) as store, store.transaction() as connection:
        indexes = connection.execute(
            text("SELECT indexname FROM pg_indexes WHERE tablename = 'findings' AND indexname LIKE '%trigram'")
        ).scalars()
        expected = [f"ix_findings_{column}_trigram" for column in ("message", "path", "rule_id", "title")]
        assert sorted(indexes) == expected


def test_opening_twice_migrates_once(database_url: str) -> None:
    open_store(database_url).close()
    with open_store(database_url) as store, store.transaction() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
