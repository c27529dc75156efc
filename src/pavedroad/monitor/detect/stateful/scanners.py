"""Scanners and enumeration against web servers: offensive tool user agents and 404 bursts."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pavedroad.core.findings import Severity
from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.payloads import SCANNER_USER_AGENTS
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.detect.screen import RawScreen
from pavedroad.monitor.detect.stateful.base import ConfiguredDetector
from pavedroad.monitor.detect.stateful.logins import WEB_KINDS
from pavedroad.monitor.detect.stateful.window import BoundedMap, SlidingCount
from pavedroad.monitor.model import HTTP_STATUS, SOURCE_IP, USER_AGENT, Event

# A site sees few distinct User-Agent strings, each on many requests: the tool an agent names
# is remembered for this many of them (least recently used forgotten), so the scan over the
# agent list runs about once per agent instead of once per request.
_REMEMBERED_AGENTS = 4096
_NOT_FOUND = 404

SCANNER_USER_AGENT = RuleInfo(
    "monitor/scanner-user-agent",
    "Offensive scanner user agent",
    Severity.MEDIUM,
    ("T1595.002",),
    "Requests whose User-Agent names a known vulnerability scanner or brute force tool.",
)
NOT_FOUND_BURST = RuleInfo(
    "monitor/web-enumeration",
    "Burst of 404 responses (content enumeration)",
    Severity.MEDIUM,
    ("T1595.003",),
    "Many requests for paths that do not exist from one source address within the window.",
)


@dataclass(frozen=True, slots=True)
class ScannerSettings:
    """`[monitor.detect.scanners]`; `user_agents` adds to the built-in list."""

    enabled: bool = True
    window: float = 60.0
    not_found: int = 20
    user_agents: tuple[str, ...] = ()


class _Source:
    __slots__ = ("not_found", "recent")

    def __init__(self) -> None:
        self.not_found = SlidingCount()
        self.recent: deque[str] = deque(maxlen=5)


class ScannerDetector(ConfiguredDetector[ScannerSettings]):
    """Known scanner user agents and 404 bursts, per source address."""

    name = "scanners"
    kinds = WEB_KINDS

    def _start(self) -> None:
        agents = (*SCANNER_USER_AGENTS, *(str(agent).lower() for agent in self.settings.user_agents))
        # One alternation instead of a loop over substrings: one C-level pass per request.
        search = re.compile("|".join(re.escape(agent) for agent in agents)).search

        @lru_cache(maxsize=_REMEMBERED_AGENTS)
        def tool_named_by(agent: str) -> str | None:
            match = search(agent.lower())
            return None if match is None else match.group()

        self._tool_named_by = tool_named_by
        # A request can only come from a tool on the list if its raw line names one, and can only
        # be a 404 if its line holds "404" (the status is copied verbatim: VERBATIM_FIELDS).
        self._screen = RawScreen((*agents, str(_NOT_FOUND)))
        self._sources: BoundedMap[str, _Source] = BoundedMap(_Source, self.max_entities)

    def _relevant(self, batch: EventBatch) -> Iterable[Event]:
        """Web events whose line may be a 404 or name a scanner (the others cannot count)."""
        events, kinds = batch.events, self.kinds
        return [events[index] for index in sorted(self._screen.hits(batch)) if events[index].kind in kinds]

    def _observe(self, event: Event, at: float, now: float) -> None:
        fields = event.fields
        source = fields.get(SOURCE_IP)
        if source is None:
            return
        agent = fields.get(USER_AGENT)
        if agent:
            tool = self._tool_named_by(agent)
            if tool is not None:
                details = {"tool": tool}
                self.grouper.add(SCANNER_USER_AGENT, f"ip:{source}", at, now, evidence=(event.raw,), details=details)
        if fields.get(HTTP_STATUS) != _NOT_FOUND:
            return
        state = self._sources.get(source)
        window = self.settings.window
        count = state.not_found.add(at, now, window)
        state.recent.append(event.raw)
        if count >= self.settings.not_found:
            self._exceeded(
                NOT_FOUND_BURST, f"ip:{source}", at, now, total=count, window=window, evidence=tuple(state.recent)
            )
