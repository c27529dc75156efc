"""Timestamps as logs write them, to timezone-aware datetimes, fast.

strptime costs ~10 µs; logs repeat the same second many times, so each parser keeps a small
cache from the timestamp text to its datetime and the slicing below runs once per second of log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, 1)}
_CACHE_LIMIT = 4096
_MISSING = object()


class TimestampCache:
    """Memoises one timestamp parser; cleared when full (logs move forward, old keys are dead)."""

    __slots__ = ("_parse", "cache")

    def __init__(self, parse: Callable[[str], datetime | None]) -> None:
        self._parse = parse
        self.cache: dict[str, datetime | None] = {}

    def __call__(self, text: str) -> datetime | None:
        # .get, not try/except KeyError: sub-second timestamps (rsyslog's) miss on every line
        value = self.cache.get(text, _MISSING)
        if value is not _MISSING:
            return value  # type: ignore[return-value]
        if len(self.cache) >= _CACHE_LIMIT:
            self.cache.clear()
        value = self.cache[text] = self._parse(text)
        return value


def _offset(text: str) -> timezone | None:
    """`+0200` / `-07:00` / `Z` as a timezone."""
    if text in ("Z", "z", "+0000", "+00:00"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    if len(digits) != 4 or not digits.isdigit():
        return None
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def parse_clf(text: str) -> datetime | None:
    """Common Log Format time: `10/Oct/2000:13:55:36 -0700`."""
    try:
        zone = _offset(text[21:])
        if zone is None:
            return None
        return datetime(
            int(text[7:11]), MONTHS[text[3:6]], int(text[0:2]),
            int(text[12:14]), int(text[15:17]), int(text[18:20]), tzinfo=zone,
        )  # fmt: skip
    except (KeyError, ValueError, IndexError):
        return None


def parse_iso(text: str) -> datetime | None:
    """RFC 3339 / ISO 8601 (`2024-03-05T10:00:01.123456+00:00`, `...Z`); naive times are UTC."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def parse_epoch(text: str) -> datetime | None:
    """Seconds since 1970 (`1700000000.123`), as audit and many JSON logs write them."""
    try:
        return datetime.fromtimestamp(float(text), UTC)
    except (ValueError, OverflowError, OSError):
        return None


def bsd_parser(now: Callable[[], datetime]) -> Callable[[str], datetime | None]:
    """A parser of RFC 3164 times (`Oct 11 22:14:15`, `Oct  1 ...`), which carry no year nor zone.

    The year is the current one, or the previous one when that would put the line more than a
    day in the future (December lines read in January); the zone is taken as UTC.
    """

    def parse(text: str) -> datetime | None:
        try:
            month = MONTHS[text[0:3]]
            reference = now()
            value = datetime(
                reference.year, month, int(text[4:6]),
                int(text[7:9]), int(text[10:12]), int(text[13:15]), tzinfo=UTC,
            )  # fmt: skip
        except (KeyError, ValueError, IndexError):
            return None
        if value - reference > timedelta(days=1):
            value = value.replace(year=value.year - 1)
        return value

    return parse


def parse_any(value: object) -> datetime | None:
    """A timestamp of a JSON field: ISO text, or epoch seconds/milliseconds as number or text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value  # milliseconds since 1970
        return parse_epoch(str(seconds))
    if isinstance(value, str):
        if value[:1].isdigit() and value.replace(".", "", 1).isdigit():
            return parse_any(float(value))
        return parse_iso(value)
    return None
