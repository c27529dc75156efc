"""How lists are stored in the database: compact JSON text, and reading it back."""

from __future__ import annotations

import functools
import json
from typing import Any

from pavedroad.vulndb.models import (
    Advisory,
    Event,
    Reference,
    SeverityVector,
    VersionRange,
    most_useful_first,
)

compact_json = json.JSONEncoder(separators=(",", ":")).encode  # one encoder: json.dumps(...) builds one per call


def encode_ranges(ranges: tuple[VersionRange, ...]) -> str:
    """Ranges as compact JSON: `[["SEMVER", [["introduced", "0"], ["fixed", "1.2"]]], ...]`."""
    return compact_json([[r.type, [[e.kind, e.version] for e in r.events]] for r in ranges])


@functools.lru_cache(maxsize=65_536)  # many entries share a range (e.g. an RPM's subpackages)
def decode_ranges(text: str) -> tuple[VersionRange, ...]:
    """The inverse of `encode_ranges`."""
    return tuple(VersionRange(kind, tuple(Event(*event) for event in events)) for kind, events in json.loads(text))


def encode_severity(vectors: tuple[SeverityVector, ...]) -> str:
    """Severity vectors as compact JSON pairs."""
    return compact_json([[v.type, v.score] for v in vectors])


EMPTY_LIST = "[]"  # most stored lists are empty: matching skips the JSON decoder for them


def decode_severity(text: str) -> tuple[SeverityVector, ...]:
    """The inverse of `encode_severity`."""
    if text == EMPTY_LIST:
        return ()
    return tuple(SeverityVector(kind, score) for kind, score in json.loads(text))


def decode_strings(text: str) -> tuple[str, ...]:
    """A stored JSON array of strings as a tuple."""
    return () if text == EMPTY_LIST else tuple(json.loads(text))


class JsonStringSet:
    """Membership in a stored JSON array of strings without decoding it: `"1.0"` is an element
    exactly when its JSON spelling, quotes included, occurs in the array's text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and compact_json(value) in self.text


def encode_facts(advisory: Advisory) -> str:
    """The list-valued facts of an advisory as one compact JSON object (see the schema)."""
    return compact_json(
        {
            "aliases": advisory.aliases,
            "related": advisory.related,
            "upstream": advisory.upstream,
            "severity": [[vector.type, vector.score] for vector in advisory.severity],
            # Stored most useful first, so a match lists them without sorting.
            "references": [[reference.type, reference.url] for reference in most_useful_first(advisory.references)],
        }
    )


def advisory_from_row(row: tuple[Any, ...]) -> Advisory:
    identifier, modified, published, withdrawn, summary, rating, facts_text = row
    facts = json.loads(facts_text)
    return Advisory(
        id=identifier,
        modified=modified,
        published=published,
        withdrawn=withdrawn,
        summary=summary,
        aliases=tuple(facts["aliases"]),
        related=tuple(facts["related"]),
        upstream=tuple(facts["upstream"]),
        severity=tuple(SeverityVector(kind, score) for kind, score in facts["severity"]),
        database_severity=rating,
        references=tuple(Reference(kind, url) for kind, url in facts["references"]),
    )
