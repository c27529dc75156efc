"""`build_sinks` configuration errors: one clear message naming the key; secrets never echoed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pavedroad.core.errors import UsageError
from pavedroad.monitor.export import build_sinks


@pytest.mark.parametrize(
    ("export", "message"),
    [
        ({"type": "kafka"},
         "monitor.export[0].type: expected one of syslog, splunk_hec, elasticsearch, webhook, got 'kafka'"),
        ({"type": "syslog"}, "monitor.export[0].host: required"),
        ({"type": "syslog", "host": "h", "port": "514"},
         "monitor.export[0].port: expected an integer from 1 to 65535, got '514'"),
        ({"type": "syslog", "host": "h", "protocol": "tls"},
         "monitor.export[0].protocol: expected one of tcp, udp, got 'tls'"),
        ({"type": "syslog", "host": "h", "flush_second": 1}, "monitor.export[0].flush_second: unknown key"),
        ({"type": "webhook", "url": "ftp://x"},
         "monitor.export[0].url: expected an http:// or https:// URL, got 'ftp://x'"),
        ({"type": "webhook", "url": "http://h", "batch_size": 0},
         "monitor.export[0].batch_size: expected an integer from 1 to 10000, got 0"),
        ({"type": "webhook", "url": "http://h", "max_retries": True},
         "monitor.export[0].max_retries: expected an integer from 0 to 100, got True"),
        ({"type": "splunk_hec", "url": "http://h"}, "monitor.export[0].token_env: required"),
        ({"type": "splunk_hec", "url": "http://h", "token_env": "PAVEDROAD_TEST_UNSET"},
         "monitor.export[0].token_env: environment variable PAVEDROAD_TEST_UNSET is not set"),
        ({"type": "elasticsearch", "url": "http://h", "username": "u", "api_key_env": "K"},
         "monitor.export[0]: use either username/password_env or api_key_env, not both"),
        ({"type": "webhook", "url": "http://h", "headers": {"X": 1}},
         "monitor.export[0].headers: expected a table of strings, got {'X': 1}"),
        ("syslog", "monitor.export[0]: expected a table, got str"),
    ],
)  # fmt: skip
def test_invalid_exporter_tables_name_the_key(export: Any, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAVEDROAD_TEST_UNSET", raising=False)
    with pytest.raises(UsageError) as raised:
        build_sinks({"export": [export]}, background=False)
    assert str(raised.value).startswith(message)


def test_credentials_in_a_url_are_refused_without_echoing_them() -> None:
    with pytest.raises(UsageError) as raised:
        build_sinks({"export": [{"type": "webhook", "url": "https://admin:hunter2@siem.example/"}]}, background=False)
    assert str(raised.value) == "monitor.export[0].url: credentials in the URL are not allowed; use the *_env keys"


def test_two_exporters_of_one_type_need_names(tmp_path: Path) -> None:
    hooks = [{"type": "webhook", "url": "http://a.example"}, {"type": "webhook", "url": "http://b.example"}]
    with pytest.raises(UsageError, match=r"^monitor\.export\[0\]\.name: 'webhook' is used by two exporters"):
        build_sinks({"export": hooks}, background=False)
    named = [dict(hooks[0], name="a", queue_dir=str(tmp_path)), dict(hooks[1], name="b", queue_dir=str(tmp_path))]
    sinks = build_sinks({"export": named}, background=False)
    assert [sink.name for sink in sinks] == ["a", "b"]
    assert sorted(path.name for path in tmp_path.glob("*.sqlite3")) == ["a.sqlite3", "b.sqlite3"]
    for sink in sinks:
        sink.close()


def test_no_export_key_means_no_sinks() -> None:
    assert build_sinks({}, background=False) == []
