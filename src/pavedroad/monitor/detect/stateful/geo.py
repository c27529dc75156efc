"""Logins from a country or network (ASN) a user has not logged in from before.

Locations come from a `GeoLookup`: a MaxMind database file read with the `maxminddb`
package when one is configured and the package is installed, otherwise the detection is
off and says so. Tests and offline setups use `StaticGeoLookup` (a table of networks).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pavedroad.core.findings import Severity
from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.facts import EventFacts
from pavedroad.monitor.detect.payloads import LOGIN_PATHS
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.detect.stateful.base import WindowedDetector
from pavedroad.monitor.detect.stateful.logins import LOGIN_KINDS
from pavedroad.monitor.detect.stateful.window import BoundedMap
from pavedroad.monitor.model import Event

NEW_COUNTRY = RuleInfo(
    "monitor/login-new-country",
    "Login from a new country",
    Severity.MEDIUM,
    ("T1078",),
    "A user logged in successfully from a country they had not logged in from before.",
)
NEW_NETWORK = RuleInfo(
    "monitor/login-new-asn",
    "Login from a new network (ASN)",
    Severity.LOW,
    ("T1078",),
    "A user logged in successfully from an autonomous system they had not used before (same country).",
)

# A user's history keeps this many countries/networks; the oldest is forgotten beyond it.
_MAX_PLACES_PER_USER = 32


@dataclass(frozen=True, slots=True)
class Place:
    """Where an address is: ISO country code and autonomous system number (either may be unknown)."""

    country: str | None
    asn: int | None


class GeoLookup(Protocol):
    """Anything that places an IP address."""

    def lookup(self, address: str) -> Place | None: ...


class StaticGeoLookup:
    """Places from a fixed table of networks (CIDR → Place); the most specific network wins."""

    def __init__(self, table: Mapping[str, Place]) -> None:
        networks = [(ipaddress.ip_network(cidr, strict=False), place) for cidr, place in table.items()]
        self._networks = sorted(networks, key=lambda item: item[0].prefixlen, reverse=True)

    def lookup(self, address: str) -> Place | None:
        """The place of the most specific network holding `address`."""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return None
        for network, place in self._networks:
            if ip.version == network.version and ip in network:
                return place
        return None


class MaxMindGeoLookup:
    """Places from a MaxMind (GeoLite2/GeoIP2 Country, City or ASN) database file."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    @classmethod
    def open(cls, path: Path) -> MaxMindGeoLookup:
        """Open `path`; raises ImportError without `maxminddb`, OSError/ValueError on a bad file."""
        import maxminddb  # type: ignore[import-not-found,unused-ignore]  # optional dependency

        return cls(maxminddb.open_database(str(path)))

    def lookup(self, address: str) -> Place | None:
        """The country and ASN the database records for `address`."""
        try:
            record = self._reader.get(address)
        except ValueError:
            return None
        if not isinstance(record, dict):
            return None
        country = record.get("country", {}).get("iso_code") if isinstance(record.get("country"), dict) else None
        asn = record.get("autonomous_system_number")
        return Place(country, asn if isinstance(asn, int) else None)


@dataclass(frozen=True, slots=True)
class GeoSettings:
    """`[monitor.detect.geo]`: `database` is the path of a MaxMind .mmdb file."""

    enabled: bool = True
    database: str = ""


class _History:
    __slots__ = ("asns", "countries")

    def __init__(self) -> None:
        self.countries: dict[str, None] = {}
        self.asns: dict[int, None] = {}


def _remember(seen: dict[Any, None], value: Any) -> None:
    seen[value] = None
    if len(seen) > _MAX_PLACES_PER_USER:
        del seen[next(iter(seen))]


class NewLocationDetector(WindowedDetector):
    """Successful logins from a new country, else from a new ASN, per user.

    A user's first successful login only teaches the detector where they are.
    """

    name = "geo"
    kinds = LOGIN_KINDS

    def __init__(
        self,
        lookup: GeoLookup,
        *,
        login_paths: tuple[str, ...] = LOGIN_PATHS,
        group_window: float = 300.0,
        max_entities: int = 100_000,
        facts: EventFacts | None = None,
    ) -> None:
        super().__init__(group_window, max_entities, facts if facts is not None else EventFacts(login_paths))
        self.lookup = lookup
        self.login_paths = self.facts.login_paths
        self._users: BoundedMap[str, _History] = BoundedMap(_History, max_entities)

    def _relevant(self, batch: EventBatch) -> Iterable[Event]:
        return self.facts.login_events(batch)

    def _observe(self, event: Event, at: float, now: float) -> None:
        attempt = self.facts.login(event)
        if attempt is None or not attempt.success or not attempt.source or not attempt.user:
            return
        place = self.lookup.lookup(attempt.source)
        if place is None:
            return
        history = self._users.get(attempt.user)
        known = bool(history.countries or history.asns)
        rule = None
        if known and place.country is not None and place.country not in history.countries:
            rule = NEW_COUNTRY
        elif known and place.asn is not None and place.asn not in history.asns:
            rule = NEW_NETWORK
        if rule is not None:
            details = {
                "source": attempt.source,
                "country": place.country,
                "asn": place.asn,
                "known_countries": sorted(history.countries),
                "known_asns": sorted(history.asns),
            }
            self.grouper.add(rule, f"user:{attempt.user}", at, now, evidence=(event.raw,), details=details)
        if place.country is not None:
            _remember(history.countries, place.country)
        if place.asn is not None:
            _remember(history.asns, place.asn)
