"""The store's tables, in one module so Alembic migrations can be generated from them later.

Inventories: `projects` have `scans`; a scan lists its `scan_components`, each pointing at a
deduplicated `components` row (ecosystem, name normalised per ecosystem, version). The
`affected` query walks components by name (index `uq_components_name_ecosystem_version`)
and then their occurrences (index `ix_scan_components_component_id_scan_id`). Rechecks keep
what they found in `recheck_findings` so the next one can say what is new.

Constraint names follow a fixed convention so migrations can refer to them on every
database. Bump SCHEMA_VERSION with every migration.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA_VERSION = 1
SCHEMA_VERSION_KEY = "schema_version"
DEPENDENCY_PATH_SEPARATOR = " > "

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None and value.tzinfo else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class Base(DeclarativeBase):
    """Every table of the store shares this metadata (and its naming convention)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class StoreInfo(Base):
    """Key/value facts about the store itself, starting with its schema version."""

    __tablename__ = "store_info"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Project(Base):
    """A project whose inventories are recorded, by a unique name."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    root: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Scan(Base):
    """One recorded inventory of a project; the highest id per project is its latest."""

    __tablename__ = "scans"
    __table_args__ = (Index(None, "project_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime] = mapped_column(UtcDateTime())
    commit_sha: Mapped[str | None] = mapped_column(String(64))
    branch: Mapped[str | None] = mapped_column(String(255))
    tool_version: Mapped[str] = mapped_column(String(64))


class Component(Base):
    """A package at a version, stored once however many scans contain it.

    `name` is normalised per ecosystem (PEP 503 for PyPI...); `version` is as the file
    spells it, NULL for an unpinned manifest requirement. NULLs never collide in a unique
    constraint, so unpinned packages get their own partial unique index.
    """

    __tablename__ = "components"
    __table_args__ = (
        UniqueConstraint("name", "ecosystem", "version"),
        Index(
            "uq_components_unpinned",
            "name",
            "ecosystem",
            unique=True,
            sqlite_where=text("version IS NULL"),
            postgresql_where=text("version IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ecosystem: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(512))
    version: Mapped[str | None] = mapped_column(String(256))
    purl: Mapped[str | None] = mapped_column(Text)


class ScanComponent(Base):
    """One occurrence of a component in a scan: the file, and how it is brought in.

    `dependency_path` is the path from a direct dependency down to the package, joined with
    DEPENDENCY_PATH_SEPARATOR ("" when the file gives none).
    """

    __tablename__ = "scan_components"
    __table_args__ = (Index(None, "component_id", "scan_id"), Index(None, "scan_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"))
    component_id: Mapped[int] = mapped_column(ForeignKey("components.id"))
    source_file: Mapped[str] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    direct: Mapped[bool] = mapped_column(Boolean)
    dependency_path: Mapped[str] = mapped_column(Text)
    specifier: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(String(32))


class Recheck(Base):
    """One run of `recheck`: when, and against which vulnerability database."""

    __tablename__ = "rechecks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    database: Mapped[str | None] = mapped_column(Text)


class RecheckFinding(Base):
    """A (project, component, advisory) a recheck found; `aliases` are space-separated ids."""

    __tablename__ = "recheck_findings"
    __table_args__ = (Index(None, "recheck_id", "project_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recheck_id: Mapped[int] = mapped_column(ForeignKey("rechecks.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"))
    component_id: Mapped[int] = mapped_column(ForeignKey("components.id"))
    advisory_id: Mapped[str] = mapped_column(String(128))
    aliases: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(16))


def join_dependency_path(path: tuple[str, ...]) -> str:
    """The stored text of a dependency path."""
    return DEPENDENCY_PATH_SEPARATOR.join(path)


def split_dependency_path(text: str) -> tuple[str, ...]:
    """The dependency path stored as `text`."""
    return tuple(text.split(DEPENDENCY_PATH_SEPARATOR)) if text else ()
