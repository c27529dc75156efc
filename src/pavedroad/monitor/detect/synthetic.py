"""Deterministic synthetic traffic: benign replays and attack scenarios, built as Events.

Used by the acceptance tests, the anomaly precision/recall measurement and benchmarks, so
that all three replay the same, documented traffic. Every generator takes a seed or is
fixed; none reads a clock.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from pavedroad.monitor.model import (
    ACTION,
    HOST,
    HTTP_BYTES,
    HTTP_METHOD,
    HTTP_STATUS,
    HTTP_VHOST,
    MESSAGE,
    OUTCOME,
    PROGRAM,
    SOURCE_IP,
    SOURCE_PORT,
    URL_PATH,
    URL_QUERY,
    USER,
    USER_AGENT,
    Event,
    Origin,
)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SITE_PATHS = tuple(
    ["/", "/products", "/cart", "/checkout", "/about", "/contact", "/search", "/static/app.js", "/static/app.css"]
    + [f"/products/{n}" for n in range(1, 22)]
)


def web_event(
    at: datetime,
    ip: str,
    path: str,
    status: int = 200,
    *,
    method: str = "GET",
    query: str = "",
    size: int = 5120,
    agent: str = BROWSER,
    user: str | None = None,
    vhost: str = "shop.example.com",
) -> Event:
    """One nginx access-log Event with its combined-format raw line."""
    target = f"{path}?{query}" if query else path
    stamp = at.strftime("%d/%b/%Y:%H:%M:%S +0000")
    raw = f'{ip} - {user or "-"} [{stamp}] "{method} {target} HTTP/1.1" {status} {size} "-" "{agent}"'
    fields: dict[str, Any] = {
        SOURCE_IP: ip,
        HTTP_METHOD: method,
        URL_PATH: path,
        HTTP_STATUS: status,
        HTTP_BYTES: size,
        USER_AGENT: agent,
        HTTP_VHOST: vhost,
    }
    if query:
        fields[URL_QUERY] = query
    if user:
        fields[USER] = user
    return Event("nginx", at, fields, raw, Origin("/var/log/nginx/access.log"))


def ssh_login(at: datetime, ip: str, user: str, *, success: bool, host: str = "bastion-1") -> Event:
    """One sshd password login, accepted or failed."""
    verdict = "Accepted" if success else "Failed"
    message = f"{verdict} password for {user} from {ip} port 52144 ssh2"
    raw = f"{at.strftime('%b %d %H:%M:%S')} {host} sshd[4121]: {message}"
    fields = {
        PROGRAM: "sshd",
        ACTION: "ssh_login",
        OUTCOME: "success" if success else "failure",
        USER: user,
        SOURCE_IP: ip,
        SOURCE_PORT: 52144,
        HOST: host,
        MESSAGE: message,
    }
    return Event("sshd", at, fields, raw, Origin("/var/log/auth.log"))


def sudo(at: datetime, user: str, *, success: bool, command: str = "/usr/bin/systemctl restart nginx") -> Event:
    """One sudo attempt by `user`."""
    if success:
        message = f"{user} : TTY=pts/0 ; PWD=/home/{user} ; USER=root ; COMMAND={command}"
    else:
        message = f"{user} : 3 incorrect password attempts ; TTY=pts/0 ; USER=root ; COMMAND={command}"
    raw = f"{at.strftime('%b %d %H:%M:%S')} bastion-1 sudo: {message}"
    fields = {
        PROGRAM: "sudo",
        ACTION: "sudo",
        OUTCOME: "success" if success else "failure",
        USER: user,
        HOST: "bastion-1",
        MESSAGE: message,
    }
    return Event("auth", at, fields, raw, Origin("/var/log/auth.log"))


def cloudtrail(at: datetime, fields: Mapping[str, Any]) -> Event:
    """One CloudTrail record (already flattened with dots, as the parser does)."""
    raw = "{" + ", ".join(f'"{key}": "{value}"' for key, value in sorted(fields.items())) + "}"
    return Event("cloudtrail", at, dict(fields), raw, Origin("cloudtrail"))


def console_login(at: datetime, *, root: bool, mfa: bool, ip: str, user: str = "alice") -> Event:
    """An AWS console sign-in."""
    identity = (
        {"userIdentity.type": "Root", "userIdentity.arn": "arn:aws:iam::123456789012:root"}
        if root
        else {
            "userIdentity.type": "IAMUser",
            "userIdentity.userName": user,
            "userIdentity.arn": f"arn:aws:iam::123456789012:user/{user}",
        }
    )
    return cloudtrail(
        at,
        {
            "eventName": "ConsoleLogin",
            "eventSource": "signin.amazonaws.com",
            **identity,
            "additionalEventData.MFAUsed": "Yes" if mfa else "No",
            "responseElements.ConsoleLogin": "Success",
            "sourceIPAddress": ip,
            SOURCE_IP: ip,
        },
    )


def benign_replay(start: datetime, minutes: int = 30, seed: int = 7) -> list[Event]:
    """Half an hour of ordinary operations: shoppers, admins, a mistyped password, cloud work."""
    rng = random.Random(seed)
    events: list[Event] = []
    shoppers = [f"198.51.100.{n}" for n in range(10, 40)]
    for second in range(minutes * 60):
        at = start + timedelta(seconds=second)
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            ip = rng.choice(shoppers)
            path = rng.choice(SITE_PATHS)
            status = rng.choices((200, 304, 404, 500), weights=(90, 7, 2, 1))[0]
            query = f"q={rng.choice(('shoes', 'red+shirt', 'caf%C3%A9', 'size 42'))}" if path == "/search" else ""
            events.append(web_event(at, ip, path, status, query=query, size=rng.randint(800, 9000)))
        if second % 97 == 0:
            events.append(web_event(at, rng.choice(shoppers), "/login", 302, method="POST", size=0))
        if second % 301 == 0:
            events.append(web_event(at, rng.choice(shoppers), "/login", 401, method="POST", size=120))
    base = start + timedelta(minutes=2)
    events.append(ssh_login(base, "192.0.2.10", "deploy", success=True))
    events.append(ssh_login(base + timedelta(minutes=5), "192.0.2.11", "carol", success=False))
    events.append(ssh_login(base + timedelta(minutes=5, seconds=9), "192.0.2.11", "carol", success=True))
    events.append(sudo(base + timedelta(minutes=6), "carol", success=False))
    events.append(sudo(base + timedelta(minutes=6, seconds=20), "carol", success=True))
    events.append(console_login(base + timedelta(minutes=8), root=False, mfa=True, ip="192.0.2.20"))
    events.append(
        Event(
            "k8s_audit",
            base + timedelta(minutes=9),
            {
                "verb": "list",
                "objectRef.resource": "secrets",
                "user.username": "system:serviceaccount:kube-system:cert-manager",
            },
            '{"verb":"list","objectRef":{"resource":"secrets"}}',
        )
    )
    events.sort(key=lambda event: event.timestamp or start)
    return events


def ssh_brute_force_then_success(start: datetime, ip: str = "203.0.113.66", failures: int = 25) -> list[Event]:
    """`failures` failed root passwords two seconds apart, then an accepted one."""
    events = [ssh_login(start + timedelta(seconds=2 * n), ip, "root", success=False) for n in range(failures)]
    events.append(ssh_login(start + timedelta(seconds=2 * failures), ip, "root", success=True))
    return events


SCANNER_PATHS = tuple(
    f"/{name}"
    for name in (
        "admin",
        "administrator",
        "backup.zip",
        "db.sql",
        "old",
        "test",
        "phpmyadmin",
        "wp-admin",
        "server-info",
        "config.bak",
        "install.php",
        "setup.php",
        "debug",
        "console",
        "manager/html",
        "cgi-bin/test.cgi",
        "api/v1/users",
        "uploads",
        "tmp",
        "logs",
        "private",
        "staging",
        "dev",
        "portal",
        "webdav",
        "jmx-console",
        "solr",
        "jenkins",
        "owa",
        "shell.php",
    )
)


def nikto_scan(start: datetime, ip: str = "203.0.113.77") -> list[Event]:
    """A Nikto run: 30 probes for paths that do not exist, 0.2 s apart."""
    agent = "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000123)"
    return [
        web_event(start + timedelta(milliseconds=200 * n), ip, path, 404, size=153, agent=agent)
        for n, path in enumerate(SCANNER_PATHS)
    ]


INJECTION_PAYLOADS: tuple[tuple[str, str], ...] = (
    ("/products", "id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--"),
    ("/products", "id=1' OR '1'='1"),
    ("/search", "q=%3Cscript%3Ealert(document.cookie)%3C/script%3E"),
    ("/download", "file=../../../../etc/passwd"),
    ("/download", "file=%252e%252e%252f%252e%252e%252fetc%252fpasswd"),
    ("/ping", "host=127.0.0.1;cat%20/etc/shadow"),
    ("/greet", "name={{7*7}}"),
    ("/fetch", "url=http://169.254.169.254/latest/meta-data/iam/"),
)


def injection_burst(start: datetime, ip: str = "203.0.113.88") -> list[Event]:
    """One probe per payload family (SQLi twice, traversal twice), a second apart."""
    return [
        web_event(start + timedelta(seconds=n), ip, path, 400, query=query, size=310)
        for n, (path, query) in enumerate(INJECTION_PAYLOADS)
    ]


def normal_window(rng: random.Random, start: datetime, ip: str, width: float = 60.0) -> Iterator[Event]:
    """One entity's ordinary minute of browsing (the anomaly baseline's unit)."""
    requests = max(1, int(rng.gauss(20, 4)))
    for _ in range(requests):
        at = start + timedelta(seconds=rng.uniform(0, width - 0.001))
        status = rng.choices((200, 304, 404, 500), weights=(88, 8, 3, 1))[0]
        yield web_event(at, ip, rng.choice(SITE_PATHS), status, size=max(200, int(rng.gauss(5000, 900))))


ANOMALY_KINDS = ("flood", "enumeration", "errors", "exfiltration")


def anomalous_window(rng: random.Random, start: datetime, ip: str, kind: str, width: float = 60.0) -> Iterator[Event]:
    """One entity's minute that an analyst would call abnormal, of one of ANOMALY_KINDS."""
    if kind == "flood":
        for _ in range(400):
            yield web_event(start + timedelta(seconds=rng.uniform(0, width - 0.001)), ip, rng.choice(SITE_PATHS))
    elif kind == "enumeration":
        for n in range(120):
            at = start + timedelta(seconds=rng.uniform(0, width - 0.001))
            yield web_event(at, ip, f"/guess-{n}", 404, size=153)
    elif kind == "errors":
        for _ in range(25):
            at = start + timedelta(seconds=rng.uniform(0, width - 0.001))
            yield web_event(at, ip, "/checkout", 500, size=400)
    elif kind == "exfiltration":
        for _ in range(20):
            at = start + timedelta(seconds=rng.uniform(0, width - 0.001))
            yield web_event(at, ip, "/export", 200, size=rng.randint(2_000_000, 4_000_000))
    else:
        raise ValueError(f"unknown anomaly kind {kind!r}")
