"""How current the advisory data is, and the loud warnings a scan shows when it is not."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Dates outside this window are placeholders (Go's 0001-01-01) or typos (PYSEC's 2027 records).
_EARLIEST_REAL_DATE = datetime(1990, 1, 1, tzinfo=UTC)
_CLOCK_SKEW = timedelta(days=1)
SECONDS_PER_DAY = 86_400


def parse_timestamp(text: str | None) -> datetime | None:
    """An RFC 3339 timestamp as an aware datetime (UTC when no offset), or None if unreadable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def trustworthy(text: str | None, now: datetime | None = None) -> datetime | None:
    """The timestamp if it is plausible as a data date: not a placeholder, not in the future."""
    moment = parse_timestamp(text)
    current = now or datetime.now(UTC)
    if moment is None or moment < _EARLIEST_REAL_DATE or moment > current + _CLOCK_SKEW:
        return None
    return moment


def age_in_days(data_date: str | None, now: datetime | None = None) -> float | None:
    """Days between `data_date` and now (never negative), or None when there is no date."""
    moment = parse_timestamp(data_date)
    if moment is None:
        return None
    return max(0.0, ((now or datetime.now(UTC)) - moment).total_seconds() / SECONDS_PER_DAY)


def freshness_message(
    path: Path, advisories: int, data_date: str | None, max_age_days: float, now: datetime | None = None
) -> str | None:
    """The warning for a database that is empty, undated or older than `max_age_days`; None if fresh."""
    if advisories == 0:
        return (
            f"the vulnerability database {path} holds no advisories: dependencies were NOT checked for "
            "vulnerabilities; run `pavedroad db update` (or `pavedroad db import PATH` offline)"
        )
    age = age_in_days(data_date, now)
    if age is None:
        return (
            f"the vulnerability database {path} has no dated advisories, so its age is unknown; "
            "run `pavedroad db update` to be sure it is current"
        )
    if age > max_age_days:
        newest = data_date[:10] if data_date else "?"
        return (
            f"the vulnerability database is {int(age)} days old (newest advisory {newest}; "
            f"limit {max_age_days:g} days): vulnerabilities published since then were NOT checked; "
            "run `pavedroad db update`"
        )
    return None


def coverage_warnings(covered: Iterable[str], ecosystems: Iterable[str]) -> list[str]:
    """One warning per scanned ecosystem for which the database has no advisories at all.

    `covered` is `db.covered_ecosystems()`; an ecosystem counts as covered when the database has
    it exactly or, for a bare name such as `AlmaLinux`, with any release suffix.
    """
    known = set(covered)
    bases = {name.partition(":")[0] for name in known}
    warnings = []
    for ecosystem in sorted(set(ecosystems)):
        if ecosystem in known or (":" not in ecosystem and ecosystem in bases):
            continue
        warnings.append(
            f"no advisories for {ecosystem} in the vulnerability database: {ecosystem} packages were NOT "
            f"checked for vulnerabilities; run `pavedroad db update --ecosystem {ecosystem.partition(':')[0]}`"
        )
    return warnings
