"""JSON application logs (field mapping), Kubernetes audit events and CloudTrail records."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pavedroad.monitor.model import Event, Origin
from pavedroad.monitor.parsers.base import Parser
from pavedroad.monitor.parsers.registry import ParserOptions, build_parser


def parse_file(parser: Parser, path: Path) -> list[Event | None]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parser.parse(line, Origin(path.name, str(number))) for number, line in enumerate(lines, 1)]


def test_application_json_with_default_names(logs: Path) -> None:
    first, second = parse_file(build_parser("json", "app.jsonl"), logs / "app.jsonl")
    assert first is not None and first.kind == "json"
    assert first.timestamp == datetime(2024, 3, 5, 10, 0, 1, 250000, tzinfo=UTC)
    assert first.get("source.ip") == "203.0.113.9" and first.get("user.name") == "alice"
    assert first.get("message") == "login failed" and first.get("log.level") == "warn"
    assert (
        first.get("http.status") == 401 and first.get("http.method") == "POST" and first.get("url.path") == "/api/login"
    )
    assert first.get("client_ip") == "203.0.113.9"  # the record's own names stay
    assert second is not None
    assert second.timestamp == datetime(2024, 3, 5, 10, 0, 2, tzinfo=UTC)
    assert second.get("http.status") == 201
    assert second.get("req.remote") == "192.0.2.44"  # nested objects are flattened
    assert second.get("source.ip") is None


def test_configured_field_mapping_wins(logs: Path) -> None:
    options = ParserOptions(json_fields={"source.ip": "req.remote", "user.name": "req.user.id"})
    _, second = parse_file(build_parser("json", "app.jsonl", options), logs / "app.jsonl")
    assert second is not None
    assert second.get("source.ip") == "192.0.2.44" and second.get("user.name") == "u-17"


def test_kubernetes_audit_events(logs: Path) -> None:
    listing, exec_denied = parse_file(build_parser("k8s-audit", "audit"), logs / "k8s_audit.jsonl")
    assert listing is not None and listing.kind == "k8s_audit"
    assert listing.timestamp == datetime(2024, 3, 5, 10, 0, 1, 101234, tzinfo=UTC)
    assert listing.get("user.name") == "system:serviceaccount:prod:builder"
    assert listing.get("source.ip") == "10.12.0.7"
    assert listing.get("event.action") == "list" and listing.get("objectRef.resource") == "secrets"
    assert listing.get("http.status") == 200 and listing.get("event.outcome") == "success"
    assert listing.get("url.path") == "/api/v1/namespaces/prod/secrets?limit=500"
    assert listing.get("annotations.authorization.k8s.io/decision") == "allow"
    assert exec_denied is not None
    assert exec_denied.get("objectRef.subresource") == "exec" and exec_denied.get("source.ip") == "198.51.100.7"
    assert exec_denied.get("event.outcome") == "failure" and exec_denied.get("http.status") == 403


def test_cloudtrail_record_per_line(logs: Path) -> None:
    (record,) = parse_file(build_parser("cloudtrail", "ct"), logs / "cloudtrail_lines.jsonl")
    assert record is not None and record.kind == "cloudtrail"
    assert record.get("event.action") == "PutBucketPolicy"
    assert record.get("user.name") == "build"
    assert record.get("source.ip") is None  # "ec2.amazonaws.com" is a service, not an address
    assert record.get("requestParameters.bucketName") == "backups"
    assert record.get("cloud.region") == "eu-west-1" and record.get("event.outcome") == "success"


def test_json_lines_of_another_kind_are_refused_by_a_specific_hint(logs: Path) -> None:
    parser = build_parser("cloudtrail", "x")
    assert parse_file(parser, logs / "k8s_audit.jsonl") == [None, None]
    for line in ("[1, 2]", "{not json", '"text"', "{" * 100_000 + "}" * 100_000):
        assert parser.parse(line, Origin("x")) is None
