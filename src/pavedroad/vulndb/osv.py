"""OSV JSON ↔ `Advisory`: validate a published record and write back its compact form."""

from __future__ import annotations

from typing import Any

from pavedroad.vulndb.models import (
    EVENT_KINDS,
    Advisory,
    AffectedPackage,
    Event,
    Reference,
    SeverityVector,
    VersionRange,
    most_useful_first,
)
from pavedroad.vulndb.names import canonical_ecosystem

EVALUATED_RANGE_TYPES = frozenset({"ECOSYSTEM", "SEMVER"})
MAX_ID_LENGTH = 200


class MalformedRecordError(ValueError):
    """An OSV record that does not have the shape the schema requires."""


def _field(data: dict[str, Any], key: str, kind: type, where: str, *, required: bool = False) -> Any:
    value = data.get(key)
    if value is None:
        if required:
            raise MalformedRecordError(f"{where}missing `{key}`")
        return None
    if not isinstance(value, kind):
        raise MalformedRecordError(f"{where}`{key}` must be a {kind.__name__}, not {type(value).__name__}")
    return value


def _strings(data: dict[str, Any], key: str, where: str = "") -> tuple[str, ...]:
    values = _field(data, key, list, where) or []
    if not all(isinstance(value, str) for value in values):
        raise MalformedRecordError(f"{where}`{key}` must be a list of strings")
    return tuple(values)


def _objects(data: dict[str, Any], key: str, where: str = "") -> list[dict[str, Any]]:
    values = _field(data, key, list, where) or []
    for index, value in enumerate(values):
        if not isinstance(value, dict):
            raise MalformedRecordError(f"{where}`{key}[{index}]` must be an object")
    return values


def _severity(data: dict[str, Any], where: str) -> tuple[SeverityVector, ...]:
    entries = _objects(data, "severity", where)
    for index, entry in enumerate(entries):
        if not isinstance(entry.get("type"), str) or not isinstance(entry.get("score"), str):
            raise MalformedRecordError(f"{where}`severity[{index}]` needs string `type` and `score`")
    return tuple(SeverityVector(entry["type"], entry["score"]) for entry in entries)


def _rating(*sections: Any) -> str | None:
    """A database's own rating (`database_specific.severity` and the like), where it gives one."""
    for section in sections:
        if isinstance(section, dict) and isinstance(section.get("severity"), str):
            return str(section["severity"])
    return None


def _events(range_data: dict[str, Any], where: str) -> tuple[Event, ...]:
    events = []
    for index, event in enumerate(_objects(range_data, "events", where)):
        if len(event) != 1:
            raise MalformedRecordError(f"{where}`events[{index}]` must have exactly one key")
        ((kind, version),) = event.items()
        if kind not in EVENT_KINDS or not isinstance(version, str):
            raise MalformedRecordError(f"{where}`events[{index}]` is not an OSV event: {kind!r}")
        events.append(Event(kind, version))
    return tuple(events)


def _affected(entry: dict[str, Any], where: str) -> AffectedPackage | None:
    package = _field(entry, "package", dict, where)
    if package is None:  # GIT-only records (e.g. PSF's CPython advisories) name no package
        return None
    ecosystem = _field(package, "ecosystem", str, where + "package: ", required=True)
    name = _field(package, "name", str, where + "package: ", required=True)
    ranges = []
    for index, range_data in enumerate(_objects(entry, "ranges", where)):
        range_where = f"{where}ranges[{index}]: "
        range_type = _field(range_data, "type", str, range_where, required=True)
        events = _events(range_data, range_where)
        if range_type in EVALUATED_RANGE_TYPES:
            ranges.append(VersionRange(range_type, events))
    return AffectedPackage(
        ecosystem=canonical_ecosystem(ecosystem),
        name=name,
        ranges=tuple(ranges),
        versions=_strings(entry, "versions", where),
        severity=_severity(entry, where),
        database_severity=_rating(entry.get("ecosystem_specific"), entry.get("database_specific")),
    )


def parse_advisory(data: object) -> Advisory:
    """The facts of one OSV record; raises MalformedRecordError saying what is wrong.

    GIT ranges are dropped (evaluating them needs the repository's history); unknown fields
    are ignored, as the OSV schema allows.
    """
    if not isinstance(data, dict):
        raise MalformedRecordError(f"an OSV record must be a JSON object, not {type(data).__name__}")
    identifier = _field(data, "id", str, "", required=True)
    if not identifier.strip() or len(identifier) > MAX_ID_LENGTH:
        raise MalformedRecordError(f"`id` {identifier[:40]!r} is empty or too long")
    where = f"{identifier}: "
    affected = []
    for index, entry in enumerate(_objects(data, "affected", where)):
        package = _affected(entry, f"{where}affected[{index}]: ")
        if package is not None:
            affected.append(package)
    references = []
    for index, reference in enumerate(_objects(data, "references", where)):
        if not isinstance(reference.get("url"), str):
            raise MalformedRecordError(f"{where}`references[{index}]` has no `url`")
        references.append(Reference(str(reference.get("type") or "WEB"), reference["url"]))
    summary = (_field(data, "summary", str, where) or "").strip()
    return Advisory(
        id=identifier,
        modified=_field(data, "modified", str, where, required=True),
        published=_field(data, "published", str, where),
        withdrawn=_field(data, "withdrawn", str, where),
        summary=summary,
        aliases=_strings(data, "aliases", where),
        related=_strings(data, "related", where),
        upstream=_strings(data, "upstream", where),
        severity=_severity(data, where),
        database_severity=_rating(data.get("database_specific")),
        references=tuple(references),
        affected=tuple(affected),
    )


def _severity_json(vectors: tuple[SeverityVector, ...]) -> list[dict[str, str]]:
    return [{"type": vector.type, "score": vector.score} for vector in vectors]


def _affected_json(package: AffectedPackage) -> dict[str, Any]:
    entry: dict[str, Any] = {"package": {"ecosystem": package.ecosystem, "name": package.name}}
    if package.ranges:
        entry["ranges"] = [{"type": r.type, "events": [{e.kind: e.version} for e in r.events]} for r in package.ranges]
    if package.versions:
        entry["versions"] = list(package.versions)
    if package.severity:
        entry["severity"] = _severity_json(package.severity)
    if package.database_severity:
        entry["database_specific"] = {"severity": package.database_severity}
    return entry


def advisory_to_osv(advisory: Advisory, *, max_references: int | None = None) -> dict[str, Any]:
    """A compact, valid OSV record holding exactly the facts `parse_advisory` keeps.

    With `max_references`, only that many links are kept, the most useful first.
    """
    record: dict[str, Any] = {"id": advisory.id, "modified": advisory.modified}
    references = list(advisory.references)
    if max_references is not None:
        references = most_useful_first(references)[:max_references]
    optional: dict[str, Any] = {
        "published": advisory.published,
        "withdrawn": advisory.withdrawn,
        "summary": advisory.summary,
        "aliases": list(advisory.aliases),
        "related": list(advisory.related),
        "upstream": list(advisory.upstream),
        "severity": _severity_json(advisory.severity),
        "database_specific": {"severity": advisory.database_severity} if advisory.database_severity else None,
        "references": [{"type": r.type, "url": r.url} for r in references],
        "affected": [_affected_json(package) for package in advisory.affected],
    }
    record.update((key, value) for key, value in optional.items() if value)
    return record
