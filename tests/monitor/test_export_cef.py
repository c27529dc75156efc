"""CEF and RFC 5424 formatting: exact lines, and escaping that keeps hostile text inside its field."""

from __future__ import annotations

from receivers import make_alert

from pavedroad.core.findings import Severity
from pavedroad.monitor.export.cef import escape_extension, escape_header, format_cef
from pavedroad.monitor.export.syslog import format_rfc5424, frame_octet_counted


def test_cef_line_for_an_ip_alert() -> None:
    alert = make_alert()
    assert format_cef(alert.to_dict()) == (
        "CEF:0|pavedroad|pavedroad|0.1.0|auth/ssh-brute-force|SSH brute force|8|"
        f"externalId={alert.id} rt=1740830700000 start=1740830400000 end=1740830700000 cnt=42 "
        "src=203.0.113.9 cs1Label=entity cs1=ip:203.0.113.9 cs2Label=mitreAttack cs2=T1110.001 "
        "msg=42 failed logins in 5 minutes"
    )


def test_header_escapes_pipe_and_backslash_and_folds_newlines() -> None:
    assert escape_header("a|b\\c\r\nd") == "a\\|b\\\\c d"


def test_extension_escapes_backslash_equals_and_newlines_but_not_pipe() -> None:
    assert escape_extension("k=v\\x\r\ny\rz|w") == "k\\=v\\\\x\\ny\\rz|w"


def test_hostile_description_cannot_forge_an_extension_field() -> None:
    alert = make_alert(description="ok suser=admin\nCEF:0|forged", title="x|8|src=1.2.3.4")
    line = format_cef(alert.to_dict())
    assert "\n" not in line
    assert line.split("|")[:5] == ["CEF:0", "pavedroad", "pavedroad", "0.1.0", "auth/ssh-brute-force"]
    assert "|x\\|8\\|src=1.2.3.4|8|" in line
    assert line.endswith("msg=ok suser\\=admin\\nCEF:0|forged")


def test_entity_kinds_map_to_cef_keys_and_severity_scale() -> None:
    user = format_cef(make_alert(entity="user:alice", severity=Severity.CRITICAL, attack=(), description="").to_dict())
    assert "|10|" in user and " suser=alice " in user and "cs2" not in user and "msg=" not in user
    v6 = format_cef(make_alert(entity="ip:2001:db8::1", severity=Severity.INFO).to_dict())
    assert "|0|" in v6 and " c6a2=2001:db8::1 " in v6 and " src=" not in v6
    assert " shost=web-1 " in format_cef(make_alert(entity="host:web-1").to_dict())


def test_rfc5424_header_and_octet_counting() -> None:
    alert = make_alert()
    message = format_rfc5424(alert.to_dict(), facility=16, hostname="sensor-1")
    # PRI 131 = facility local0 (16) * 8 + severity error (3) for a high alert.
    assert message.startswith(b"<131>1 2025-03-01T12:05:00.000000+00:00 sensor-1 pavedroad - alert - CEF:0|")
    assert frame_octet_counted(b"a\nb") == b"3 a\nb"
    assert frame_octet_counted("é".encode()) == b"2 \xc3\xa9"
