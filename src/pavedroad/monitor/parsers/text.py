"""Free text: the whole line is the message (for `--format-hint text`; drain3 gives it a template)."""

from __future__ import annotations

from pavedroad.monitor.model import MESSAGE, Event, Origin


class TextParser:
    """Every non-blank line becomes an Event of kind "text" without a timestamp."""

    name = "text"

    def parse(self, line: str, origin: Origin) -> Event | None:
        """An Event holding the line as its message, or None for a blank line."""
        if not line.strip():
            return None
        return Event(self.name, None, {MESSAGE: line}, line, origin)
