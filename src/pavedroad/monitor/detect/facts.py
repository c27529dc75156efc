"""What several detectors derive from the same events, derived once per batch.

Brute force, credential stuffing and new-location detections all read login attempts: which
events of a batch are attempts, and who tried to log in to what from where (logins.py).
`build_detectors` gives every detector it builds one shared `EventFacts`, which recognises
the attempts of the batch it was last asked about and hands the same answer to the next
detector asking about that batch. A detector built on its own gets a private instance and
works the same, only without the sharing.
"""

from __future__ import annotations

from collections.abc import Sequence

from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.payloads import LOGIN_PATHS
from pavedroad.monitor.detect.stateful.logins import LOGIN_GATES, LOGIN_KINDS, LoginAttempt, login_attempt
from pavedroad.monitor.model import Event


class EventFacts:
    """The login attempts of the latest batch, recognised with `login_paths`.

    Holding the latest batch keeps its events alive, so their ids in `_attempts` cannot be
    taken by other objects while the answers are in use.
    """

    __slots__ = ("_attempts", "_batch", "_login_events", "login_paths")

    def __init__(self, login_paths: tuple[str, ...] = LOGIN_PATHS) -> None:
        self.login_paths = login_paths
        self._batch: EventBatch | None = None
        self._login_events: Sequence[Event] = ()
        self._attempts: dict[int, LoginAttempt] = {}

    def login_events(self, batch: EventBatch) -> Sequence[Event]:
        """The events of `batch` that record a login attempt, in order."""
        if batch is not self._batch:
            attempts: dict[int, LoginAttempt] = {}
            events: list[Event] = []
            paths = self.login_paths
            gates = LOGIN_GATES
            for event in batch.of_kinds(LOGIN_KINDS):
                field, values = gates[event.kind]
                if event.fields.get(field) not in values:
                    continue  # nearly every event: not even a candidate
                attempt = login_attempt(event, paths)
                if attempt is not None:
                    attempts[id(event)] = attempt
                    events.append(event)
            self._batch, self._login_events, self._attempts = batch, events, attempts
        return self._login_events

    def login(self, event: Event) -> LoginAttempt | None:
        """The login attempt `event` records (see logins.py), or None."""
        attempt = self._attempts.get(id(event))
        if attempt is not None:
            return attempt
        return login_attempt(event, self.login_paths)
