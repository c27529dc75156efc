"""docker-compose checks: one resource per service, read as Compose reads it.

Values holding `${VAR}` / `$VAR` interpolation are only known when Compose runs, so they are
treated as unknown and never reported. Short and long syntax of `volumes` and `ports`, list
and mapping forms of `environment` are all understood.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from pavedroad.analyzers.iac.check import Check, Evaluate, Project, Violation
from pavedroad.analyzers.iac.checks.dockerfile import image_reference, is_literal_secret, is_secret_name
from pavedroad.analyzers.iac.conditions import all_of, equals
from pavedroad.analyzers.iac.model import Node, NodeList, Resource, lookup_all
from pavedroad.core.findings import Confidence, Severity

compose_check = partial(Check, frameworks=("compose",), kinds=("service",))

COMPOSE_REFERENCE = "https://docs.docker.com/reference/compose-file/services/"


def interpolated(value: Any) -> bool:
    """True when Compose substitutes a variable into the value (`$$` is a literal dollar)."""
    return isinstance(value, str) and re.search(r"\$(?:\{|[A-Za-z_])", value.replace("$$", "")) is not None


def items(resource: Resource, path: str) -> Iterator[tuple[Any, int]]:
    """Every item of the list at `path`, with the item's line."""
    yield from lookup_all(resource.body, (*path.split("."), "*"))


def host_namespace(key: str, what: str) -> Evaluate:
    return equals(key, "host", message=f"{key}: host shares the host's {what}")


# --- docker.sock --------------------------------------------------------------------------------

_SOCKETS = ("docker.sock", "containerd.sock", "podman.sock", "crio.sock", "docker_engine")
_SOCKET_DIRECTORIES = ("/var/run", "/run", "/var/run/docker", "/run/docker", "/run/containerd")


def _volume_source(volume: Any) -> str | None:
    if isinstance(volume, dict):
        source = volume.get("source")
        return source if isinstance(source, str) else None
    if not isinstance(volume, str):
        return None
    parts = volume.split(":")
    if len(parts) > 1 and len(parts[0]) == 1 and parts[0].isalpha():  # C:\... on Windows
        return f"{parts[0]}:{parts[1]}"
    return parts[0] if len(parts) > 1 else None


def runtime_socket_mounted(resource: Resource, project: Project) -> Iterator[Violation]:
    for volume, line in items(resource, "volumes"):
        source = _volume_source(volume)
        if source is None or interpolated(source):
            continue
        path = source.rstrip("/") or "/"
        line = volume.line_of("source") if isinstance(volume, Node) else line
        if path.endswith(_SOCKETS):
            yield Violation(line, f"mounts the container runtime socket {source}", source)
        elif path in _SOCKET_DIRECTORIES:
            yield Violation(line, f"mounts {source}, which holds the Docker socket", source)


# --- capabilities and security options ---------------------------------------------------------

DANGEROUS_CAPABILITIES = {
    "ALL": "every capability",
    "SYS_ADMIN": "mount, namespaces, BPF... (close to root on the host)",
    "NET_ADMIN": "reconfigure host-visible networking, sniff and redirect traffic",
    "SYS_MODULE": "load kernel modules",
    "SYS_PTRACE": "trace and inject into other processes",
    "SYS_RAWIO": "raw I/O on devices and memory",
    "DAC_READ_SEARCH": "read any file by handle (the 'shocker' escape)",
    "BPF": "load BPF programs",
}


def dangerous_capabilities(resource: Resource, project: Project) -> Iterator[Violation]:
    for capability, line in items(resource, "cap_add"):
        if not isinstance(capability, str) or interpolated(capability):
            continue
        name = capability.upper().removeprefix("CAP_")
        if name in DANGEROUS_CAPABILITIES:
            yield Violation(line, f"cap_add {capability}: {DANGEROUS_CAPABILITIES[name]}", name)


_UNCONFINED = {
    "seccomp:unconfined": "turns off the seccomp syscall filter",
    "apparmor:unconfined": "turns off the AppArmor profile",
    "label:disable": "turns off SELinux labelling",
    "systempaths:unconfined": "unmasks /proc and /sys paths",
}


def security_profile_disabled(resource: Resource, project: Project) -> Iterator[Violation]:
    for option, line in items(resource, "security_opt"):
        if not isinstance(option, str):
            continue
        normal = re.sub(r"\s+", "", option).lower().replace("=", ":", 1)
        if normal in _UNCONFINED:
            yield Violation(line, f"security_opt {option} {_UNCONFINED[normal]}", normal)


# --- secrets in environment --------------------------------------------------------------------


def environment(resource: Resource, path: str) -> Iterator[tuple[str, Any, int]]:
    """(name, value, line) of an environment/args block in list (`K=v`) or mapping form."""
    block = resource.get(path)
    if isinstance(block, Node):
        for name, value in block.items():
            yield str(name), value, block.line_of(name)
    elif isinstance(block, NodeList):
        for index, item in enumerate(block):
            if isinstance(item, str) and "=" in item:
                name, _, value = item.partition("=")
                yield name.strip(), value, block.line_of(index)


def secret_in_environment(resource: Resource, project: Project) -> Iterator[Violation]:
    for path, what in (("environment", "environment variable"), ("build.args", "build arg")):
        for name, value, line in environment(resource, path):
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                continue
            text = str(value)
            if is_secret_name(name) and not interpolated(text) and is_literal_secret(text):
                yield Violation(line, f"{what} {name} is set to a literal value", text, sensitive=True)


# --- ports -------------------------------------------------------------------------------------

DATABASE_PORTS = {
    5432: "PostgreSQL",
    3306: "MySQL/MariaDB",
    1433: "SQL Server",
    1521: "Oracle",
    27017: "MongoDB",
    27018: "MongoDB",
    6379: "Redis",
    11211: "Memcached",
    9200: "Elasticsearch",
    9300: "Elasticsearch",
    5984: "CouchDB",
    9042: "Cassandra",
    8086: "InfluxDB",
    2379: "etcd",
    26257: "CockroachDB",
    7687: "Neo4j",
    8123: "ClickHouse",
    9000: "ClickHouse",
}


def _port_range(text: str) -> range | None:
    low, _, high = text.partition("-")
    if not low.isdigit() or not (high or low).isdigit():
        return None
    return range(int(low), int(high or low) + 1)


def _published(port: Any) -> tuple[str | None, range] | None:
    """(host address or None for all interfaces, container ports) of a published port; None if unknown."""
    if isinstance(port, int) and not isinstance(port, bool):
        return None, range(port, port + 1)
    if isinstance(port, dict):
        target, host_ip = str(port.get("target")), port.get("host_ip")
        if interpolated(host_ip) or not target.isdigit():
            return None
        return (str(host_ip) if host_ip else None), range(int(target), int(target) + 1)
    if not isinstance(port, str) or interpolated(port):
        return None
    spec = port.split("/", 1)[0]
    parts = spec.rsplit(":", 2)
    container = _port_range(parts[-1])
    if container is None:
        return None
    address = parts[0].strip("[]") if len(parts) == 3 else None
    return address, container


def database_port_exposed(resource: Resource, project: Project) -> Iterator[Violation]:
    for port, line in items(resource, "ports"):
        published = _published(port)
        if published is None:
            continue
        address, container = published
        if address and address not in ("0.0.0.0", "::"):
            continue  # bound to one address: loopback or a chosen private interface
        exposed = sorted({name for number, name in DATABASE_PORTS.items() if number in container})
        if exposed:
            text = f"target {port.get('target')}" if isinstance(port, dict) else str(port)
            yield Violation(line, f"{', '.join(exposed)} port {text} is published on all interfaces", text)


# --- image, user, read-only ----------------------------------------------------------------------


def image_unpinned(resource: Resource, project: Project) -> Iterator[Violation]:
    image = resource.get("image")
    if not isinstance(image, str) or interpolated(image) or "build" in resource.body:
        return  # with `build`, `image` names the image Compose builds
    reference = image_reference(image)
    if reference.digest is None and (reference.tag is None or reference.tag.lower() == "latest"):
        yield Violation(resource.line_at("image"), f"image {image} is not pinned to a version", image)


def runs_as_root(resource: Resource, project: Project) -> Iterator[Violation]:
    user = resource.get("user")
    if isinstance(user, bool) or not isinstance(user, str | int) or interpolated(user):
        return
    if str(user).split(":", 1)[0].strip().lower() in ("root", "0"):
        yield Violation(resource.line_at("user"), f"user: {user} runs the container as root", str(user))


def root_filesystem_writable(resource: Resource, project: Project) -> Iterator[Violation]:
    value = resource.get("read_only")
    if "read_only" not in resource.body:  # at the service's name, not its first key
        yield Violation(resource.line, "read_only is not set: the root filesystem is writable", "missing")
    elif not interpolated(value) and not (value is True or str(value).lower() == "true"):
        yield Violation(resource.line_at("read_only"), f"read_only is {value}", str(value))


# --- the rows ----------------------------------------------------------------------------------

CHECKS: tuple[Check, ...] = (
    compose_check(
        id="iac/compose-privileged",
        title="Service runs privileged",
        severity=Severity.HIGH,
        evaluate=equals("privileged", True, message="privileged: true"),
        rationale="A privileged container gets every capability, all host devices and no seccomp/AppArmor"
        " confinement: root in the container is root on the host (mount the host disk, load kernel modules)."
        " Any compromise of the service is a compromise of the machine.",
        fix="Remove `privileged: true`; grant only the specific capability (`cap_add`) or device (`devices`)"
        " the service needs.",
        insecure_example="services:\n  agent:\n    image: example/agent:1.4\n    privileged: true",
        secure_example="services:\n  agent:\n    image: example/agent:1.4\n    cap_add: [NET_BIND_SERVICE]\n"
        "    cap_drop: [ALL]",
        controls=("CIS-DOCKER-5.4", "PCI-DSS-4.0-2.2.6", "SOC2-CC6.1", "NIST-800-53-AC-6"),
        cwe=("CWE-250",),
        references=(COMPOSE_REFERENCE + "#privileged",),
    ),
    compose_check(
        id="iac/compose-host-network",
        title="Service uses the host's network namespace",
        severity=Severity.MEDIUM,
        evaluate=host_namespace("network_mode", "network stack"),
        rationale="`network_mode: host` removes network isolation: the service can bind any host port, reach"
        " services listening only on the host's localhost (Docker API on tcp, cloud metadata proxies, admin"
        " consoles) and see all host interfaces; published-port and firewall rules no longer apply to it.",
        fix="Use a bridge network and publish only the ports the service needs (`ports:`), bound to a"
        " specific address where possible.",
        insecure_example="services:\n  web:\n    image: nginx:1.25\n    network_mode: host",
        secure_example='services:\n  web:\n    image: nginx:1.25\n    ports:\n      - "127.0.0.1:8080:80"',
        controls=("CIS-DOCKER-5.9", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-653",),
        references=(COMPOSE_REFERENCE + "#network_mode",),
    ),
    compose_check(
        id="iac/compose-host-namespace",
        title="Service shares the host's PID, IPC, UTS or user namespace",
        severity=Severity.MEDIUM,
        evaluate=all_of(
            host_namespace("pid", "process table"),
            host_namespace("ipc", "shared memory and semaphores"),
            host_namespace("uts", "hostname"),
            host_namespace("userns_mode", "user namespace (no user remapping)"),
        ),
        rationale="`pid: host` shows the container every host process (and their environment and command"
        " lines, often holding secrets) and lets it signal or, with ptrace, inject into them; `ipc: host`"
        " exposes host shared memory; `uts: host` lets it change the host name; `userns_mode: host` undoes"
        " user-namespace remapping so container root is host root.",
        fix="Remove the `pid`/`ipc`/`uts`/`userns_mode: host` settings; share a namespace with one specific"
        ' container (`pid: "service:app"`) when a sidecar really needs it.',
        insecure_example="services:\n  monitor:\n    image: example/monitor:2.1\n    pid: host\n    ipc: host",
        secure_example='services:\n  monitor:\n    image: example/monitor:2.1\n    pid: "service:app"',
        controls=("CIS-DOCKER-5.15", "CIS-DOCKER-5.16", "CIS-DOCKER-5.20", "CIS-DOCKER-5.30", "NIST-800-53-SC-39"),
        cwe=("CWE-653",),
        references=(COMPOSE_REFERENCE + "#pid",),
    ),
    compose_check(
        id="iac/compose-docker-socket",
        title="Service mounts the Docker socket",
        severity=Severity.CRITICAL,
        evaluate=runtime_socket_mounted,
        rationale="Whoever can talk to /var/run/docker.sock controls the Docker daemon, which runs as root:"
        " one `docker run -v /:/host --privileged` later they own the host. A read-only (`:ro`) mount does"
        " not help, since the API is reached by connecting to the socket, not writing the file. Mounting"
        " /var/run or /run exposes the socket too; containerd, CRI-O and Podman sockets are equivalent.",
        fix="Do not mount the socket. If a tool must use the Docker API, put a filtering proxy (e.g."
        " docker-socket-proxy allowing only read endpoints) in front of it, or use rootless Docker.",
        insecure_example="services:\n  ci-agent:\n    image: example/agent:3.2\n    volumes:\n"
        "      - /var/run/docker.sock:/var/run/docker.sock",
        secure_example="services:\n  ci-agent:\n    image: example/agent:3.2\n    environment:\n"
        "      DOCKER_HOST: tcp://socket-proxy:2375\n  socket-proxy:\n    image: tecnativa/docker-socket-proxy:0.1\n"
        "    environment:\n      CONTAINERS: 1\n      POST: 0",
        controls=("CIS-DOCKER-5.31", "PCI-DSS-4.0-2.2.6", "SOC2-CC6.1", "NIST-800-53-AC-6"),
        cwe=("CWE-250", "CWE-668"),
        references=("https://docs.docker.com/engine/security/#docker-daemon-attack-surface",),
    ),
    compose_check(
        id="iac/compose-dangerous-capabilities",
        title="Service adds a dangerous Linux capability",
        severity=Severity.HIGH,
        evaluate=dangerous_capabilities,
        rationale="SYS_ADMIN, SYS_MODULE, SYS_PTRACE, DAC_READ_SEARCH, NET_ADMIN or ALL hand the container"
        " most of root's power over the kernel: known container escapes (cgroup release_agent, module"
        " loading, open_by_handle_at) need exactly these. Harmless ones such as NET_BIND_SERVICE and"
        " `cap_drop` entries are not reported.",
        fix="Drop the capability; add only narrow ones the service needs (usually none, or NET_BIND_SERVICE)"
        " and start from `cap_drop: [ALL]`.",
        insecure_example="services:\n  vpn:\n    image: example/vpn:1.0\n    cap_add:\n      - SYS_ADMIN",
        secure_example="services:\n  vpn:\n    image: example/vpn:1.0\n    cap_drop: [ALL]\n"
        "    cap_add: [NET_BIND_SERVICE]",
        controls=("CIS-DOCKER-5.3", "PCI-DSS-4.0-2.2.6", "SOC2-CC6.1", "NIST-800-53-AC-6"),
        cwe=("CWE-250",),
        references=("https://man7.org/linux/man-pages/man7/capabilities.7.html",),
    ),
    compose_check(
        id="iac/compose-security-profile-disabled",
        title="Service turns off seccomp, AppArmor or SELinux",
        severity=Severity.MEDIUM,
        evaluate=security_profile_disabled,
        rationale="`seccomp:unconfined`, `apparmor:unconfined` and `label:disable` remove the kernel-level"
        " filters that block most container-escape techniques (dangerous syscalls such as keyctl, unshare or"
        " mount, writes to sensitive /proc and /sys files); a bug in the service then meets no second line"
        " of defence. Custom profiles and `no-new-privileges` are not reported.",
        fix="Remove the option; if the default profile blocks a syscall the service needs, write a custom"
        " seccomp profile that allows just that syscall (`seccomp:./profile.json`).",
        insecure_example="services:\n  app:\n    image: example/app:2.0\n    security_opt:\n      - seccomp:unconfined",
        secure_example="services:\n  app:\n    image: example/app:2.0\n    security_opt:\n"
        "      - no-new-privileges:true\n      - seccomp:./seccomp-app.json",
        controls=("CIS-DOCKER-5.1", "CIS-DOCKER-5.2", "CIS-DOCKER-5.21", "SOC2-CC6.8", "NIST-800-53-SC-39"),
        cwe=("CWE-693",),
        references=("https://docs.docker.com/engine/security/seccomp/",),
    ),
    compose_check(
        id="iac/compose-secret-in-environment",
        title="Secret written into the Compose file",
        severity=Severity.HIGH,
        evaluate=secret_in_environment,
        rationale="A literal password, token or key in `environment` or `build.args` is committed to the"
        " repository, visible to everyone with read access and kept in git history; `docker inspect` shows it"
        " on every host, and build args are recorded in the image history. Values interpolated from"
        " `${VARIABLES}` and `*_FILE` paths are not reported.",
        fix="Use `${VAR}` interpolation from an untracked .env file or the CI secret store, or Compose"
        " `secrets:` (mounted as files, with `*_FILE` variables); rotate the exposed credential.",
        insecure_example="services:\n  db:\n    image: postgres:16\n    environment:\n"
        "      POSTGRES_PASSWORD: changeme",
        secure_example="services:\n  db:\n    image: postgres:16\n    environment:\n"
        "      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets: [db_password]\nsecrets:\n"
        "  db_password:\n    file: ./db_password.txt",
        controls=("PCI-DSS-4.0-8.6.2", "SOC2-CC6.1", "NIST-800-53-IA-5"),
        cwe=("CWE-798",),
        references=("https://docs.docker.com/compose/how-tos/use-secrets/",),
    ),
    compose_check(
        id="iac/compose-database-port-exposed",
        title="Database port published on all interfaces",
        severity=Severity.LOW,
        evaluate=database_port_exposed,
        rationale='`"5432:5432"` publishes the database on every interface of the host, and Docker\'s'
        " iptables rules bypass host firewalls such as ufw: on a laptop on public Wi-Fi or a cloud VM the"
        " database is reachable by anyone, often with development credentials. Ports bound to 127.0.0.1"
        " (or another specific address) and `expose:` are not reported.",
        fix='Bind to loopback (`"127.0.0.1:5432:5432"`), or drop `ports:` and reach the database over the'
        " Compose network from the other services.",
        insecure_example='services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"',
        secure_example='services:\n  db:\n    image: postgres:16\n    ports:\n      - "127.0.0.1:5432:5432"',
        controls=("CIS-DOCKER-5.13", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-668",),
        references=(COMPOSE_REFERENCE + "#ports",),
    ),
    compose_check(
        id="iac/compose-image-latest",
        title="Service image uses the latest tag or no tag",
        severity=Severity.LOW,
        evaluate=image_unpinned,
        rationale="`image: redis` or `redis:latest` runs whatever the tag points to when the host pulls:"
        " environments drift apart, an upgrade (or a hijacked tag) arrives unreviewed, and a rollback cannot"
        " restore the previous version. Services that `build:` their image are not reported.",
        fix="Pin a version tag (`redis:7.2.4-alpine`), ideally with its digest, and update it deliberately.",
        insecure_example="services:\n  cache:\n    image: redis",
        secure_example="services:\n  cache:\n    image: redis:7.2.4-alpine",
        controls=("CIS-DOCKER-4.2", "SOC2-CC8.1", "NIST-800-53-CM-2"),
        cwe=("CWE-1357",),
        references=(COMPOSE_REFERENCE + "#image",),
    ),
    compose_check(
        id="iac/compose-user-root",
        title="Service explicitly runs as root",
        severity=Severity.LOW,
        evaluate=runs_as_root,
        rationale="`user: root` (or `0`) overrides a non-root USER the image may set, so a compromise of the"
        " service is root inside the container, with an easier path to the host through any mount or"
        " capability.",
        fix='Remove the override or set an unprivileged uid (`user: "10001:10001"`); fix file ownership in'
        " the image or volume instead of running as root.",
        insecure_example="services:\n  app:\n    image: example/app:2.0\n    user: root",
        secure_example='services:\n  app:\n    image: example/app:2.0\n    user: "10001:10001"',
        controls=("CIS-DOCKER-4.1", "SOC2-CC6.3", "NIST-800-53-AC-6"),
        cwe=("CWE-250",),
        references=(COMPOSE_REFERENCE + "#user",),
    ),
    compose_check(
        id="iac/compose-writable-root-filesystem",
        title="Service root filesystem is writable",
        severity=Severity.INFO,
        confidence=Confidence.MEDIUM,
        evaluate=root_filesystem_writable,
        rationale="With a writable root filesystem an attacker who gets code execution can modify the"
        " application, drop tools and persist across process restarts. `read_only: true` (with tmpfs or"
        " volumes for the paths that must be written) removes that option; many images need some work"
        " to run this way, hence informational.",
        fix="Set `read_only: true` and give writable paths their own `tmpfs:` or volume entries.",
        insecure_example="services:\n  api:\n    image: example/api:1.8",
        secure_example="services:\n  api:\n    image: example/api:1.8\n    read_only: true\n    tmpfs:\n      - /tmp",
        controls=("CIS-DOCKER-5.12", "NIST-800-53-CM-7"),
        cwe=("CWE-732",),
        references=(COMPOSE_REFERENCE + "#read_only",),
    ),
)
