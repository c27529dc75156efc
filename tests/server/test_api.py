"""The REST API on a real store (SQLite and PostgreSQL): what each endpoint answers."""

from __future__ import annotations

from datetime import timedelta

from server_support import STARTED, Server, make_report, secret_finding, sql_injection_finding

from pavedroad.core.findings import Severity
from pavedroad.store.deployments import DeploymentEvent, record_deployment
from pavedroad.store.schema import AlertRecord

API = "/api/v1"


def _seed_shop(server: Server) -> None:
    first = make_report([sql_injection_finding(), secret_finding(1), secret_finding(2, Severity.MEDIUM)])
    assert server.upload("shop", first, ci_run_id="100", branch="main", commit="a" * 40).status_code == 201
    # The next run fixed the medium secret.
    second = make_report([sql_injection_finding(), secret_finding(1)], STARTED + timedelta(days=1))
    assert server.upload("shop", second, ci_run_id="101", branch="main").status_code == 201


def _finding_id(server: Server, rule: str) -> int:
    items = server.get(f"{API}/findings", params={"rule": rule, "limit": 1}).json()["items"]
    return int(items[0]["id"])


def test_projects_list_counts_open_findings_by_severity(server: Server) -> None:
    _seed_shop(server)
    server.upload("billing", make_report([]))

    body = server.get(f"{API}/projects").json()

    by_name = {item["name"]: item for item in body["items"]}
    assert sorted(by_name) == ["billing", "shop"]
    assert by_name["shop"]["open_by_severity"] == {"critical": 1, "high": 1, "medium": 0, "low": 0, "info": 0}
    assert by_name["billing"]["open_by_severity"] == {"critical": 0, "high": 0, "medium": 0, "low": 0, "info": 0}


def test_project_detail_and_unknown_project(server: Server) -> None:
    _seed_shop(server)

    detail = server.get(f"{API}/projects/shop").json()
    missing = server.get(f"{API}/projects/nope")

    assert (detail["name"], detail["open_total"]) == ("shop", 2)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no project 'nope'"}


def test_scans_are_listed_newest_first_with_a_cursor(server: Server) -> None:
    _seed_shop(server)

    first_page = server.get(f"{API}/projects/shop/scans", params={"limit": 1}).json()
    second_page = server.get(
        f"{API}/projects/shop/scans", params={"limit": 1, "cursor": first_page["next_cursor"]}
    ).json()
    scan = server.get(f"{API}/scans/{first_page['items'][0]['id']}").json()

    assert [item["ci_run_id"] for item in first_page["items"] + second_page["items"]] == ["101", "100"]
    assert scan["project"] == "shop"
    assert scan["gate_outcome"] == "failed"
    assert scan["lines_by_language"] == {"python": 2000}
    assert server.get(f"{API}/scans/999999").status_code == 404


def test_findings_filters(server: Server) -> None:
    _seed_shop(server)

    def rules(**params: str) -> list[tuple[str, str, str]]:
        items = server.get(f"{API}/findings", params=params).json()["items"]
        return [(item["rule_id"], item["severity"], item["status"]) for item in items]

    assert rules(status="fixed") == [("secrets/github-pat", "medium", "fixed")]
    assert rules(severity="high") == [("sast/python-sql-injection", "high", "open")]
    assert rules(project="shop", status="open", tool="pavedroad") == [
        ("secrets/github-pat", "critical", "open"),
        ("sast/python-sql-injection", "high", "open"),
    ]
    assert rules(q="SETTINGS2") == [("secrets/github-pat", "medium", "fixed")]
    assert rules(q="%") == []  # a wildcard character is searched literally
    assert rules(triage_state="false_positive") == []
    assert server.get(f"{API}/findings", params={"project": "nope"}).status_code == 404
    assert server.get(f"{API}/findings", params={"severity": "urgent"}).status_code == 422
    assert server.get(f"{API}/findings", params={"limit": 501}).status_code == 422


def test_findings_pages_cover_every_finding_once(server: Server) -> None:
    server.upload("big", make_report([secret_finding(index) for index in range(7)]))

    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        body = server.get(f"{API}/findings", params=params).json()
        seen.extend(item["id"] for item in body["items"])
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break

    assert pages == 3
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) == 7


def test_finding_detail_has_trace_fix_sightings_and_history(server: Server) -> None:
    _seed_shop(server)
    finding_id = _finding_id(server, "sast/python-sql-injection")

    detail = server.get(f"{API}/findings/{finding_id}").json()

    assert detail["data"]["fix"]["hint"] == "Pass user input as a bound parameter."
    assert [step["message"] for step in detail["data"]["trace"]] == ["source: request.args", "sink: cursor.execute"]
    assert len(detail["sightings"]) == 2
    assert detail["severity_history"] == []
    assert detail["audit"] == []
    assert server.get(f"{API}/findings/2147483647").status_code == 404


def test_triage_is_applied_and_audited(server: Server) -> None:
    _seed_shop(server)
    finding_id = _finding_id(server, "sast/python-sql-injection")

    answer = server.post(
        f"{API}/findings/{finding_id}/triage",
        "triager",
        json={"state": "false_positive", "justification": "test fixture"},
    )
    detail = server.get(f"{API}/findings/{finding_id}").json()

    assert answer.status_code == 200
    assert answer.json()["triage_state"] == "false_positive"
    assert [
        (event["actor"], event["action"], event["after"]["triage_state"], event["note"]) for event in detail["audit"]
    ] == [("token:triager-token", "triage", "false_positive", "test fixture")]
    # Dismissed findings no longer count as open risk.
    assert server.get(f"{API}/projects/shop").json()["open_by_severity"]["high"] == 0


def test_triage_rules_are_enforced(server: Server) -> None:
    _seed_shop(server)
    finding_id = _finding_id(server, "sast/python-sql-injection")

    no_reason = server.post(f"{API}/findings/{finding_id}/triage", "triager", json={"state": "false_positive"})
    unknown = server.post(f"{API}/findings/2147483647/triage", "triager", json={"state": "confirmed"})
    naive_time = server.post(
        f"{API}/findings/{finding_id}/triage",
        "triager",
        json={"state": "accepted_risk", "justification": "x", "owner": "me", "expires_at": "2030-01-01T00:00:00"},
    )

    assert (no_reason.status_code, no_reason.json()) == (422, {"detail": "false_positive needs a justification"})
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "no finding 2147483647"})
    assert naive_time.status_code == 422


def test_metrics_match_the_metrics_document(server: Server) -> None:
    _seed_shop(server)

    everything = server.get(f"{API}/metrics", params={"weeks": 4}).json()
    shop = server.get(f"{API}/metrics", params={"project": "shop"}).json()

    assert everything["window_weeks"] == 4
    assert len(everything["weeks"]) == 4
    assert shop["project"] == "shop"
    assert shop["open_by_severity"]["critical"] == 1
    assert server.get(f"{API}/metrics", params={"project": "nope"}).status_code == 404
    assert server.get(f"{API}/metrics", params={"weeks": 0}).status_code == 422


def test_compliance_frameworks_and_posture(server: Server) -> None:
    _seed_shop(server)

    frameworks = [item["name"] for item in server.get(f"{API}/compliance").json()["items"]]
    posture = server.get(f"{API}/compliance/cwe-top25", params={"project": "shop"}).json()
    failing = {control["id"] for control in posture["controls"] if control["state"] == "failing"}

    assert "owasp-top10" in frameworks
    assert posture["framework"]["name"] == "cwe-top25"
    assert "CWE-89" in failing
    assert server.get(f"{API}/compliance/no-such-framework").status_code == 404


def test_inventory_alerts_and_deployments(server: Server) -> None:
    _seed_shop(server)
    record_deployment(server.store, DeploymentEvent("shop", STARTED, "production", "1.2.3"))
    with server.store.transaction() as connection:
        connection.execute(
            AlertRecord.__table__.insert().values(
                id="alert-1",
                project_id=None,
                rule_id="monitor/brute-force",
                title="Brute force",
                severity="high",
                entity="10.0.0.1",
                window_start=STARTED,
                window_end=STARTED,
                count=3,
                received_at=STARTED,
                data={},
            )
        )

    inventory = server.get(f"{API}/projects/shop/inventory").json()
    alerts = server.get(f"{API}/alerts").json()["items"]
    deployments = server.get(f"{API}/projects/shop/deployments").json()["items"]
    posted = server.post(f"{API}/projects/shop/deployments", json={"environment": "staging", "version": "1.2.4"})

    assert inventory == {"scan_id": None, "components": []}  # uploads carry no inventory
    assert [(alert["id"], alert["count"]) for alert in alerts] == [("alert-1", 3)]
    assert [(item["environment"], item["version"]) for item in deployments] == [("production", "1.2.3")]
    assert posted.status_code == 201
    assert posted.json()["project"] == "shop"


def test_health_is_public(server: Server) -> None:
    assert server.client.get(f"{API}/health").json() == {"status": "ok"}
