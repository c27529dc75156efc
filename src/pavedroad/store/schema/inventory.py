"""Component inventories: deduplicated `components` and their occurrences per scan.

A scan lists its `scan_components`, each pointing at a deduplicated `components` row
(ecosystem, name normalised per ecosystem, version). The `affected` query walks components
by name (index `uq_components_name_ecosystem_version`) and then their occurrences (index
`ix_scan_components_component_id_scan_id`). Rechecks keep what they found in
`recheck_findings` so the next one can say what is new.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from pavedroad.store.schema.base import Base, UtcDateTime

DEPENDENCY_PATH_SEPARATOR = " > "


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
