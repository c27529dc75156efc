"""Severity of an advisory: a CVSS base score computed from its vector, else the database's rating."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cvss import CVSS2, CVSS3, CVSS4

from pavedroad.vulndb.models import SeverityVector

LEVELS = ("critical", "high", "medium", "low", "none", "unknown")

# Words databases use for their own ratings (GHSA, Red Hat/AlmaLinux, Debian, OSS-Fuzz, Bitnami...).
_DATABASE_WORDS = {
    "critical": "critical",
    "high": "high",
    "important": "high",
    "moderate": "medium",
    "medium": "medium",
    "low": "low",
    "minor": "low",
    "negligible": "low",
    "unimportant": "low",
}
_CALCULATORS = {"CVSS_V2": CVSS2, "CVSS_V3": CVSS3, "CVSS_V4": CVSS4}
# Red Hat-style errata (AlmaLinux, Rocky) give their rating only as the summary's first word.
_ERRATA_RATING = re.compile(r"(Critical|Important|Moderate|Low): ")


@dataclass(frozen=True, slots=True)
class SeverityRating:
    """`level` is critical/high/medium/low/none/unknown; `score` and `vector` when from CVSS.

    `source` says where the level came from: the vector's type (CVSS_V3...), "database"
    for a rating the advisory database gave, or "none" when the advisory has neither.
    """

    level: str
    score: float | None = None
    vector: str | None = None
    source: str = "none"


UNKNOWN = SeverityRating("unknown")


def level_for_score(score: float) -> str:
    """The CVSS qualitative rating of a base score (the v3/v4 scale: 9.0 critical, 7.0 high...)."""
    if score >= 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    if score >= 4.0:
        return "medium"
    return "low" if score > 0 else "none"


@functools.lru_cache(maxsize=16_384)
def cvss_base_score(vector_type: str, vector: str) -> float | None:
    """The base score of a CVSS v2/v3/v4 vector, or None if the vector is malformed or unknown."""
    calculator = _CALCULATORS.get(vector_type)
    if calculator is None:
        return None
    try:
        return float(calculator(vector).base_score)
    except Exception:  # the cvss package raises several error types for bad vectors
        return None


def errata_rating(summary: str) -> str | None:
    """The rating word of an errata summary: `Important` from "Important: openssl security update"."""
    found = _ERRATA_RATING.match(summary)
    return found.group(1) if found else None


def database_level(rating: str | None) -> str | None:
    """A database's own rating word as a level (`MODERATE` → medium), or None if not recognised."""
    return _DATABASE_WORDS.get(rating.strip().lower()) if rating else None


def rate(vectors: Iterable[SeverityVector], database_ratings: Iterable[str | None] = ()) -> SeverityRating:
    """The worst severity the vectors give; the worst database rating when no vector scores."""
    best: SeverityRating | None = None
    for vector in vectors:
        score = cvss_base_score(vector.type, vector.score)
        if score is not None and (best is None or best.score is None or score > best.score):
            best = SeverityRating(level_for_score(score), score, vector.score, vector.type)
    if best is not None:
        return best
    levels = [level for level in map(database_level, database_ratings) if level]
    if levels:
        return SeverityRating(min(levels, key=LEVELS.index), source="database")
    return UNKNOWN
