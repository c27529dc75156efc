"""Time-based confirmation shared by blind SQL and command injection.

One slow response proves nothing (a busy server, a GC pause). A delay counts only when
the response time follows the injected delay: slow with D seconds, fast with 0, slower
again with 2·D, each measured against the endpoint's normal response time.
"""

from __future__ import annotations

from collections.abc import Callable

from pavedroad.dast.model import Exchange

DELAY = 1.0
_TOLERANCE = 0.8  # share of the injected delay that must show up in the response time


def confirm_delay(send: Callable[[float], Exchange], normal: float) -> tuple[Exchange, str] | None:
    """`send(seconds)` sends the payload sleeping that long; returns the evidence exchange and how it was confirmed."""
    first = send(DELAY)
    if first.elapsed < normal + DELAY * _TOLERANCE:
        return None
    control = send(0)
    if control.elapsed >= normal + DELAY * 0.5:
        return None  # the server is slow anyway: no conclusion
    second = send(2 * DELAY)
    if second.elapsed < normal + 2 * DELAY * _TOLERANCE:
        return None
    how = (
        f"response time followed the injected delay: {first.elapsed:.2f} s for {DELAY:g} s, "
        f"{control.elapsed:.2f} s for 0 s, {second.elapsed:.2f} s for {2 * DELAY:g} s "
        f"(normal {normal:.2f} s)"
    )
    return second, how
