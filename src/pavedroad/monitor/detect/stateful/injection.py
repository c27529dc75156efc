"""Injection and traversal attempts in request URLs and bodies (payload families in payloads.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote_plus

from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.payloads import (
    INJECTION_FAMILIES,
    INJECTION_PREFILTER_CHARACTERS,
    INJECTION_PREFILTER_SUBSTRINGS,
    PayloadFamily,
)
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.detect.screen import RawScreen
from pavedroad.monitor.detect.stateful.base import ConfiguredDetector
from pavedroad.monitor.detect.stateful.logins import WEB_KINDS
from pavedroad.monitor.model import SOURCE_IP, URL_PATH, URL_QUERY, Event
from pavedroad.monitor.parsers.access import ACCESS_FIELDS, REQUEST_TARGET

# Attackers double-encode to slip past filters; two rounds of decoding undo that.
_DECODE_ROUNDS = 2
# Request parts longer than this are cut before matching: patterns need no more context,
# and a hostile multi-megabyte body must not cost a multi-megabyte regex scan.
_MAX_SCANNED_CHARS = 4096
# Verdicts remembered per request text (forgotten all at once when full: memory stays bounded).
_REMEMBERED_REQUESTS = 8192
_REMEMBERED_MAX_CHARS = 512


@dataclass(frozen=True, slots=True)
class InjectionSettings:
    """`[monitor.detect.injection]`; `fields` are extra event fields to scan (request bodies)."""

    enabled: bool = True
    fields: tuple[str, ...] = ("http.request.body",)


def _rule(family: PayloadFamily) -> RuleInfo:
    return RuleInfo(f"monitor/{family.slug}", family.title, family.severity, family.attack, family.description)


def decoded(text: str) -> str:
    """`text` URL-decoded up to twice (stops early when nothing changes), in lower case."""
    for _ in range(_DECODE_ROUNDS):
        plain = unquote_plus(text)
        if plain == text:
            break
        text = plain
    return text.lower()


def _target_prefilter() -> str:
    """payloads.INJECTION_PREFILTER, looked for inside the request target of a raw access-log line."""
    # \s of Python's `re` on ASCII, less the space and the newline (a target holds neither)
    characters = re.escape(INJECTION_PREFILTER_CHARACTERS) + r"\t\x0b\x0c\r\x1c-\x1f"
    anything = "|".join([f"[{characters}]", *map(re.escape, INJECTION_PREFILTER_SUBSTRINGS)])
    # the run before stops at the first such character: one match per target, not one per character
    return REQUEST_TARGET + f'[^ "\\n{characters}]*(?:' + anything + ")"


# Kinds whose fields need not be verbatim in the raw line (JSON escapes): read event by event.
_UNSCREENED_KINDS = frozenset({"json"})


class InjectionDetector(ConfiguredDetector[InjectionSettings]):
    """One alert group per payload family and source address."""

    name = "injection"
    # access logs, and JSON application logs whose mapping gives a path, query or body
    kinds = WEB_KINDS | {"json"}

    def _start(self) -> None:
        settings = self.settings
        # payloads.INJECTION_PREFILTER in two parts: an alternation that starts with a character
        # class costs the regex engine a try of every branch at every position, while a lone
        # class and a few `in` tests are several times cheaper on ordinary requests.
        self._prefilter_characters = re.compile("[" + re.escape(INJECTION_PREFILTER_CHARACTERS) + r"\s]")
        self._prefilter_substrings = INJECTION_PREFILTER_SUBSTRINGS
        self._prefilter_substrings_pattern = re.compile(
            "|".join(map(re.escape, INJECTION_PREFILTER_SUBSTRINGS)), re.IGNORECASE
        )
        self._families = tuple(
            (_rule(family), re.compile("|".join(f"(?:{p})" for p in family.patterns), re.IGNORECASE))
            for family in INJECTION_FAMILIES
        )
        self._fields = (URL_PATH, URL_QUERY, *settings.fields)
        # Only a request whose target holds a prefilter character or substring can carry a
        # payload; in access logs the target is verbatim in the raw line, so one screen over the
        # batch finds those (unless extra fields to scan are ones access logs have elsewhere).
        self._screen = (
            RawScreen([_target_prefilter()], patterns=True) if ACCESS_FIELDS.isdisjoint(settings.fields) else None
        )
        # Sites serve the same URLs over and over: the verdict on a request text is remembered.
        self._remembered: dict[str, tuple[tuple[RuleInfo, str], ...]] = {}

    def _relevant(self, batch: EventBatch) -> Iterable[Event]:
        """Access-log events whose target may carry a payload (the screen), and the other kinds'."""
        if self._screen is None:
            return batch.of_kinds(self.kinds)
        events, present = batch.events, batch.kinds
        indexes = self._screen.hits(batch) if not present.isdisjoint(WEB_KINDS) else set()
        if not present.isdisjoint(_UNSCREENED_KINDS):
            indexes |= {index for index, event in enumerate(events) if event.kind in _UNSCREENED_KINDS}
        kinds = self.kinds
        return [events[index] for index in sorted(indexes) if events[index].kind in kinds]

    def _observe(self, event: Event, at: float, now: float) -> None:
        fields = event.fields
        # Joined as a URL is ("?"), not with whitespace, which payload patterns treat as a separator:
        # "/api/union" + "select=name" must not read as "union select". (A loop, not a list
        # comprehension: this runs for every web request.)
        joined: str | None = None
        for name in self._fields:
            value = fields.get(name)
            if isinstance(value, str):
                part = value[:_MAX_SCANNED_CHARS]
                joined = part if joined is None else f"{joined}?{part}"
        request = joined or ""
        found = self._remembered.get(request)
        if found is None:
            found = self._payloads_in(request)
            if len(request) <= _REMEMBERED_MAX_CHARS:
                if len(self._remembered) >= _REMEMBERED_REQUESTS:
                    self._remembered.clear()
                self._remembered[request] = found
        if found:
            entity = f"ip:{fields.get(SOURCE_IP) or event.origin.source}"
            for rule, example in found:
                self.grouper.add(rule, entity, at, now, evidence=(event.raw,), details={"example": example})

    def _payloads_in(self, request: str) -> tuple[tuple[RuleInfo, str], ...]:
        """The payload families `request` carries, each with its first match (trimmed)."""
        if not self._may_carry_payload(request):
            return ()
        text = decoded(request)
        found = []
        for rule, pattern in self._families:
            match = pattern.search(text)
            if match is not None:
                found.append((rule, match.group()[:100]))
        return tuple(found)

    def _may_carry_payload(self, request: str) -> bool:
        """payloads.INJECTION_PREFILTER: does the raw request hold anything a payload needs?"""
        if self._prefilter_characters.search(request) is not None:
            return True
        if request.isascii():
            # on ASCII text lower-casing is exactly what IGNORECASE does (not so for e.g. U+0130)
            lowered = request.lower()
            for substring in self._prefilter_substrings:  # noqa: SIM110 - a loop, not a generator, per request
                if substring in lowered:
                    return True
            return False
        return self._prefilter_substrings_pattern.search(request) is not None
