"""Log templates mined with drain3, so that anomaly features work on free text of any program.

Each free-text message (an Event with a `message` and no `event.action` a parser recognised)
gets the id of its drain3 cluster in `template.id` and the template in `template.text`:
"Connection from <IP> port <NUM>" is one template whatever the address.

drain3 saves its whole state after every new cluster when it has a persistence handler; that
costs far more than mining, so the miner runs without one and the state is written once at
`save` (into the state directory, read back at the next start). The state file is jsonpickle:
the state directory must be as trusted as the configuration.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from drain3 import TemplateMiner  # type: ignore[import-untyped]
from drain3.masking import MaskingInstruction  # type: ignore[import-untyped]
from drain3.memory_buffer_persistence import MemoryBufferPersistence  # type: ignore[import-untyped]
from drain3.template_miner_config import TemplateMinerConfig  # type: ignore[import-untyped]

from pavedroad.monitor.model import ACTION, MESSAGE, TEMPLATE_ID, Event

TEMPLATE_TEXT = "template.text"
MAX_CLUSTERS = 5000  # least recently used clusters are forgotten beyond this: memory stays bounded
MAX_MESSAGE_CHARACTERS = 2000
STATE_FILE = "drain3-state.bin"
# Masked messages remembered with their cluster (forgotten all at once when full)
_REMEMBERED_MESSAGES = 10_000
# Parameters masked before clustering, so they never split one template into thousands. Each
# is drain3's documented pattern with its boundary groups `((?<=[^A-Za-z0-9])|^)` and
# `((?=[^A-Za-z0-9])|$)` written as the equivalent single-character lookarounds (same matches,
# same replacements; about twice as fast), and the character a match cannot do without, if any:
# a message without it is not searched at all.
_ALNUM_BEFORE, _ALNUM_AFTER = r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])"
_MASKS = (
    (r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}", "IP", "."),
    (r"[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}", "MAC", ":"),
    (r"(?:0x[a-fA-F0-9]+|[a-fA-F0-9]{16,})", "HEX", None),
    (r"[\-\+]?\d+", "NUM", None),
)


class _Mask(MaskingInstruction):  # type: ignore[misc]
    """A drain3 masking instruction that skips messages lacking a character every match holds."""

    def __init__(self, pattern: str, mask_with: str, required: str | None) -> None:
        super().__init__(_ALNUM_BEFORE + pattern + _ALNUM_AFTER, mask_with)
        self.required = required

    def mask(self, content: str, mask_prefix: str, mask_suffix: str) -> str:
        if self.required is not None and self.required not in content:
            return content
        return str(super().mask(content, mask_prefix, mask_suffix))


def _config() -> Any:
    config = TemplateMinerConfig()
    config.drain_max_clusters = MAX_CLUSTERS
    config.masking_instructions = [_Mask(pattern, mask, required) for pattern, mask, required in _MASKS]
    config.snapshot_compress_state = True
    return config


class TemplateAnnotator:
    """Adds `template.id` / `template.text` to free-text Events; keeps drain3's state across runs."""

    def __init__(self, state_directory: Path | None = None) -> None:
        self.state_path = state_directory / STATE_FILE if state_directory is not None else None
        buffer = MemoryBufferPersistence()
        if self.state_path is not None and self.state_path.exists():
            buffer.state = self.state_path.read_bytes()
            self._miner = TemplateMiner(buffer, _config())  # loads the saved clusters
            self._miner.persistence_handler = None
        else:
            self._miner = TemplateMiner(None, _config())
        self.mined = 0
        self._clusters_by_message: dict[str, int] = {}

    def annotate(self, event: Event) -> Event:
        """The event with its template fields, or unchanged when it is not free text."""
        fields = event.fields
        message = fields.get(MESSAGE)
        if not isinstance(message, str) or ACTION in fields or not message:
            return event
        miner = self._miner
        masked = miner.masker.mask(message[:MAX_MESSAGE_CHARACTERS])
        # A message seen before (once masked) goes to its cluster without a tree search: what
        # drain3 would do for an exact match (count it, mark the cluster recently used).
        known = self._clusters_by_message.get(masked)
        cluster = None if known is None else miner.drain.id_to_cluster[known]  # None once evicted
        if cluster is None:
            # TemplateMiner.add_log_message minus its masking (done) and profiler
            cluster, _ = miner.drain.add_log_message(masked)
            if len(self._clusters_by_message) >= _REMEMBERED_MESSAGES:
                self._clusters_by_message.clear()
            self._clusters_by_message[masked] = cluster.cluster_id
        else:
            cluster.size += 1
        self.mined += 1
        annotated = {**fields, TEMPLATE_ID: cluster.cluster_id, TEMPLATE_TEXT: cluster.get_template()}
        return Event(event.kind, event.timestamp, annotated, event.raw, event.origin)

    @property
    def template_count(self) -> int:
        """How many templates are known."""
        return len(self._miner.drain.clusters)

    def save(self) -> None:
        """Write drain3's state to the state directory (atomically), if there is one."""
        if self.state_path is None:
            return
        buffer = MemoryBufferPersistence()
        self._miner.persistence_handler = buffer
        try:
            self._miner.save_state("pavedroad monitor stopped")
        finally:
            self._miner.persistence_handler = None
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.state_path.with_name(STATE_FILE + ".tmp")
        temporary.write_bytes(buffer.state)
        os.replace(temporary, self.state_path)
