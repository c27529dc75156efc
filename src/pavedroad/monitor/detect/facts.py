"""What several detectors derive from the same Event, derived once per Event.

The runtime hands every Event to each detector in turn. Sigma and most stateful detections
need the event's time as POSIX seconds, and brute force, credential stuffing and new-location
detections all ask whether the event is a login attempt. `build_detectors` gives every
detector it builds one shared `EventFacts`; it remembers the answers for the event it was
last asked about, so the second detector onwards gets them for an identity comparison.
A detector built on its own gets a private instance and works the same, only without the
sharing.
"""

from __future__ import annotations

from pavedroad.monitor.detect.payloads import LOGIN_PATHS
from pavedroad.monitor.detect.stateful.logins import LoginAttempt, login_attempt
from pavedroad.monitor.model import Event

# Stands for "no event yet": never `is` a real Event.
_NO_EVENT = object()


class EventFacts:
    """Per-event facts (time in seconds, login attempt), remembered for the latest event.

    Holding the latest event keeps it alive, so an identity test cannot mistake a new event
    for a freed one at the same address.
    """

    __slots__ = ("_login", "_login_event", "_seconds", "_time_event", "login_paths")

    def __init__(self, login_paths: tuple[str, ...] = LOGIN_PATHS) -> None:
        self.login_paths = login_paths
        self._time_event: object = _NO_EVENT
        self._seconds: float | None = None
        self._login_event: object = _NO_EVENT
        self._login: LoginAttempt | None = None

    def seconds(self, event: Event) -> float | None:
        """The event's timestamp as POSIX seconds, or None when the line carried no time."""
        if event is not self._time_event:
            timestamp = event.timestamp
            self._seconds = None if timestamp is None else timestamp.timestamp()
            self._time_event = event
        return self._seconds

    def login(self, event: Event) -> LoginAttempt | None:
        """The login attempt the event records (see logins.py), or None."""
        if event is not self._login_event:
            self._login = login_attempt(event, self.login_paths)
            self._login_event = event
        return self._login
