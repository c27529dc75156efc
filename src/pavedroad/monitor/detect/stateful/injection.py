"""Injection and traversal attempts in request URLs and bodies (payload families in payloads.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote_plus

from pavedroad.monitor.detect.payloads import INJECTION_FAMILIES, INJECTION_PREFILTER, PayloadFamily
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.detect.stateful.base import WindowedDetector
from pavedroad.monitor.detect.stateful.logins import WEB_KINDS
from pavedroad.monitor.model import SOURCE_IP, URL_PATH, URL_QUERY, Event

# Attackers double-encode to slip past filters; two rounds of decoding undo that.
_DECODE_ROUNDS = 2
# Request parts longer than this are cut before matching: patterns need no more context,
# and a hostile multi-megabyte body must not cost a multi-megabyte regex scan.
_MAX_SCANNED_CHARS = 4096


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


class InjectionDetector(WindowedDetector):
    """One alert group per payload family and source address."""

    name = "injection"
    kinds = WEB_KINDS

    def __init__(
        self, settings: InjectionSettings, *, group_window: float = 300.0, max_entities: int = 100_000
    ) -> None:
        super().__init__(group_window, max_entities)
        self.settings = settings
        self._prefilter = re.compile(INJECTION_PREFILTER, re.IGNORECASE)
        self._families = tuple(
            (_rule(family), re.compile("|".join(f"(?:{p})" for p in family.patterns), re.IGNORECASE))
            for family in INJECTION_FAMILIES
        )
        self._fields = (URL_PATH, URL_QUERY, *settings.fields)

    def _observe(self, event: Event, at: float, now: float) -> None:
        fields = event.fields
        parts = [value[:_MAX_SCANNED_CHARS] for name in self._fields if isinstance(value := fields.get(name), str)]
        request = "\n".join(parts)
        if not self._prefilter.search(request):
            return
        text = decoded(request)
        entity = f"ip:{fields.get(SOURCE_IP) or event.origin.source}"
        for rule, pattern in self._families:
            match = pattern.search(text)
            if match is not None:
                self.grouper.add(rule, entity, at, now, evidence=(event.raw,), details={"example": match.group()[:100]})
