"""drain3 templates: free-text messages get a template id; recognised auth events do not need one."""

from __future__ import annotations

import random
import re
from pathlib import Path

from pavedroad.monitor.model import Event, Origin
from pavedroad.monitor.parsers.text import TextParser
from pavedroad.monitor.templates import TemplateAnnotator


def text_event(message: str) -> Event:
    event = TextParser().parse(message, Origin("app.log"))
    assert event is not None
    return event


def test_messages_differing_only_in_parameters_share_a_template() -> None:
    templates = TemplateAnnotator()
    first = templates.annotate(text_event("Connection from 203.0.113.9 port 50022 on 10.0.0.1 port 22"))
    second = templates.annotate(text_event("Connection from 198.51.100.7 port 41000 on 10.0.0.1 port 22"))
    other = templates.annotate(text_event("Disk /dev/sda1 is 95% full"))
    assert first.get("template.id") == second.get("template.id") == 1
    assert other.get("template.id") == 2
    assert second.get("template.text") == "Connection from <IP> port <NUM> on <IP> port <NUM>"
    assert templates.template_count == 2 and templates.mined == 3


def test_events_a_parser_understood_are_left_alone() -> None:
    event = Event("sshd", None, {"message": "Failed password", "event.action": "ssh_login"}, "raw")
    assert TemplateAnnotator().annotate(event) is event


def test_templates_survive_a_restart_through_the_state_directory(tmp_path: Path) -> None:
    before = TemplateAnnotator(tmp_path)
    before.annotate(text_event("worker 1 started"))
    before.annotate(text_event("cache miss for key abc"))
    before.save()
    after = TemplateAnnotator(tmp_path)
    again = after.annotate(text_event("cache miss for key xyz"))
    assert after.template_count == 2
    assert again.get("template.id") == 2


def test_repeated_messages_get_what_drain3_itself_gives() -> None:
    from drain3 import TemplateMiner  # type: ignore[import-untyped]

    from pavedroad.monitor.templates import _config

    rng = random.Random(11)
    shapes = (
        "Started session-{n}.scope - Session {n} of User deploy.",
        "Connection from 10.0.{a}.{b} port {n} on 10.0.0.1 port 22",
        "worker {a} finished job {n} in {b} ms",
        "worker {a} failed job {n}: timeout after {b} ms",
        "cache hit ratio {a}% for shard {b}",
        "user alice logged out",
        "user bob logged out",
    )
    messages = [
        rng.choice(shapes).format(n=rng.randrange(50), a=rng.randrange(3), b=rng.randrange(4)) for _ in range(600)
    ]
    templates, plain = TemplateAnnotator(), TemplateMiner(None, _config())
    for message in messages:
        ours = templates.annotate(text_event(message))
        theirs = plain.add_log_message(message)
        assert (ours.get("template.id"), ours.get("template.text")) == (theirs["cluster_id"], theirs["template_mined"])
    sizes = {cluster.cluster_id: cluster.size for cluster in plain.drain.clusters}
    assert {cluster.cluster_id: cluster.size for cluster in templates._miner.drain.clusters} == sizes


# drain3's documented masking patterns, as the miner used them before they were rewritten
DRAIN3_DOCUMENTED_MASKS = (
    (r"((?<=[^A-Za-z0-9])|^)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})((?=[^A-Za-z0-9])|$)", "IP"),
    (r"((?<=[^A-Za-z0-9])|^)([0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5})((?=[^A-Za-z0-9])|$)", "MAC"),
    (r"((?<=[^A-Za-z0-9])|^)(0x[a-fA-F0-9]+|[a-fA-F0-9]{16,})((?=[^A-Za-z0-9])|$)", "HEX"),
    (r"((?<=[^A-Za-z0-9])|^)([\-\+]?\d+)((?=[^A-Za-z0-9])|$)", "NUM"),
)


def test_masks_replace_exactly_what_drain3_s_documented_patterns_replace() -> None:
    from pavedroad.monitor.templates import _MASKS, _Mask

    masks = [_Mask(*mask) for mask in _MASKS]
    assert [mask.mask_with for mask in masks] == [name for _, name in DRAIN3_DOCUMENTED_MASKS]
    rng = random.Random(2)
    alphabet = "ab0123456789xX.:-+ fF\n"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 50)))
        documented = text
        for pattern, name in DRAIN3_DOCUMENTED_MASKS:
            documented = re.sub(pattern, f"<{name}>", documented)
        ours = text
        for mask in masks:
            ours = mask.mask(ours, "<", ">")
        assert ours == documented, text
