"""Google Cloud checks for Terraform (google / google-beta providers).

Control ids: CIS Google Cloud Platform Foundations Benchmark v2.0 (`CIS-GCP-*`), CIS Google Kubernetes
Engine Benchmark v1.6 (`CIS-GKE-*`) and CIS Kubernetes v1.8 (`CIS-K8S-*`).

An absent attribute is judged by the provider default, and the message says so (an absent
`uniform_bucket_level_access` is false; an absent firewall `direction` is INGRESS).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any, NamedTuple

from pavedroad.analyzers.iac.check import Check, Evaluate, Project, Violation
from pavedroad.analyzers.iac.checks.azure import (
    ADMIN_SERVICES,
    ALL_PORTS,
    PROTOCOL_NUMBERS,
    PortRange,
    Service,
    describe,
    exposed,
    flag,
    is_absent,
    is_internet,
    is_text,
    line_of,
    listed,
    port_range,
    render_ranges,
    strings,
    value_at,
)
from pavedroad.analyzers.iac.conditions import all_of, equals, is_unknown, show
from pavedroad.analyzers.iac.model import MISSING, Resource, Unknown, lookup_all
from pavedroad.core.findings import Severity

terraform_check = partial(Check, frameworks=("terraform",))

GOOGLE_DOCS = "https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/"


def iam_kinds(*prefixes: str) -> tuple[str, ...]:
    """`google_x_iam_member`, `_binding` and `_policy` for each prefix."""
    return tuple(f"{prefix}_iam_{suffix}" for prefix in prefixes for suffix in ("member", "binding", "policy"))


HIERARCHY_IAM_KINDS = iam_kinds("google_project", "google_folder", "google_organization")
RESOURCE_IAM_KINDS = iam_kinds(
    "google_kms_crypto_key",
    "google_kms_key_ring",
    "google_bigquery_dataset",
    "google_bigquery_table",
    "google_secret_manager_secret",
    "google_service_account",
    "google_pubsub_topic",
    "google_pubsub_subscription",
)
BUCKET_ACCESS_KINDS = (
    *iam_kinds("google_storage_bucket"),
    "google_storage_bucket_acl",
    "google_storage_default_object_acl",
    "google_storage_object_acl",
    "google_storage_bucket_access_control",
    "google_storage_default_object_access_control",
    "google_storage_object_access_control",
)
COMPUTE_KINDS = (
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_region_instance_template",
)
CLUSTER = ("google_container_cluster",)

PUBLIC_PRINCIPALS = ("allUsers", "allAuthenticatedUsers", "principalSet://goog/public:all")
PUBLIC_ACLS = ("publicRead", "publicReadWrite", "authenticatedRead")
PRIMITIVE_ROLES = ("roles/owner", "roles/editor")
FULL_ACCESS_SCOPES = ("cloud-platform", "https://www.googleapis.com/auth/cloud-platform")
DEFAULT_COMPUTE_ACCOUNT = "-compute@developer.gserviceaccount.com"
ENFORCED_SSL_MODES = ("ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED")
MAX_ROTATION_SECONDS = 90 * 24 * 3600  # 7776000s
SERIAL_PORT_KEY = "serial-port-enable"


# --- small conditions ---------------------------------------------------------------------------


def enabled(path: str, missing: str, *, unless: Callable[[Resource], bool] | None = None) -> Evaluate:
    """Violation unless the boolean at `path` is true; `missing` is the message when it is absent
    (a provider default of false). `unless` exempts resources where the setting does not apply."""

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        if unless is not None and unless(resource):
            return
        value = value_at(resource.body, path)
        if is_unknown(value) or flag(value, True):
            return
        message = missing if is_absent(value) else f"{path} is {'false' if flag(value, False) else show(value)}"
        yield Violation(resource.line_at(path), message, show(value))

    return evaluate


def true_or_unknown(path: str) -> Callable[[Resource], bool]:
    """A resource predicate: the setting at `path` is true, or cannot be known (so stay silent)."""

    def holds(resource: Resource) -> bool:
        value = value_at(resource.body, path)
        return is_unknown(value) or flag(value, True)

    return holds


autopilot = true_or_unknown("enable_autopilot")


def truthy(value: Any) -> bool:
    """A metadata flag that is on: true, "TRUE", "1"."""
    return flag(value, True) or (isinstance(value, str) and value.strip() == "1") or (type(value) is int and value == 1)


# --- IAM ----------------------------------------------------------------------------------------


class Grant(NamedTuple):
    role: Any
    member: Any  # a string, or an Unknown (a member only known at apply time)
    role_line: int
    member_line: int


def role_name(role: Any) -> str:
    return role if isinstance(role, str) else show(role)


def is_public(member: Any) -> bool:
    return is_text(member, *PUBLIC_PRINCIPALS)


def iam_grants(resource: Resource, project: Project) -> Iterator[Grant]:
    """Every (role, member) an IAM `_member`, `_binding` or `_policy` resource grants.

    A policy's `policy_data` is read when it is literal JSON, a `jsonencode({...})`, or a reference to a
    `data.google_iam_policy` in the same module (its `binding` blocks); lines then point at `policy_data`.
    """
    body = resource.body
    role_line = resource.line_at("role")
    for key, values in (("member", listed(body.get("member"))), ("members", _member_list(body.get("members")))):
        for member in values:
            yield Grant(body.get("role", MISSING), member, role_line, resource.line_at(key))
    if "policy_data" in body:
        line = resource.line_at("policy_data")
        for binding in _policy_bindings(resource, project):
            for member in _member_list(binding.get("members")):
                yield Grant(binding.get("role", MISSING), member, line, line)


def _member_list(members: Any) -> list[Any]:
    """A binding's members; a list only known at apply time may be empty, so it grants nothing we can see."""
    return list(members) if isinstance(members, list) else []


def _policy_bindings(resource: Resource, project: Project) -> list[dict[str, Any]]:
    data = resource.get("policy_data")
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            return []
    if isinstance(data, dict):
        return [binding for binding in listed(data.get("bindings")) if isinstance(binding, dict)]
    if not isinstance(data, Unknown):
        return []
    prefix = resource.address[: max(resource.address.find(f"{resource.kind}."), 0)]
    wanted = {prefix + reference for reference in data.references if reference.startswith("data.google_iam_policy.")}
    return [
        binding
        for document in project.of_kind("data.google_iam_policy")
        if document.address.split("[", 1)[0] in wanted
        for binding, _ in lookup_all(document.body, ("binding", "*"))
        if isinstance(binding, dict)
    ]


def primitive_roles(resource: Resource, project: Project) -> Iterator[Violation]:
    members: dict[tuple[str, int], list[str]] = defaultdict(list)
    for grant in iam_grants(resource, project):
        if is_text(grant.role, *PRIMITIVE_ROLES):
            member = grant.member.expression if isinstance(grant.member, Unknown) else str(grant.member)
            members[(grant.role, grant.role_line)].append(member)
    for (role, line), names in members.items():
        yield Violation(line, f"{role} granted to {', '.join(names)}", f"{role}:{','.join(sorted(names))}")


def public_members(resource: Resource, project: Project) -> Iterator[Violation]:
    for grant in iam_grants(resource, project):
        if is_public(grant.member):
            yield Violation(
                grant.member_line, f"{role_name(grant.role)} granted to {grant.member}", f"{grant.role}:{grant.member}"
            )


BIGQUERY_ACCESS_KEYS = ("special_group", "iam_member", "group_by_email")
BIGQUERY_DATASET_KINDS = (
    "google_bigquery_dataset",
    "google_bigquery_dataset_access",
    *iam_kinds("google_bigquery_dataset"),
)


def bigquery_dataset_public(resource: Resource, project: Project) -> Iterator[Violation]:
    """`access` blocks of a dataset (or `google_bigquery_dataset_access`) and dataset IAM grants
    naming allUsers / allAuthenticatedUsers."""
    if resource.kind == "google_bigquery_dataset":
        entries = list(lookup_all(resource.body, ("access", "*")))
    elif resource.kind == "google_bigquery_dataset_access":
        entries = [(resource.body, resource.line)]
    else:
        yield from public_members(resource, project)
        return
    for entry, line in entries:
        if not isinstance(entry, dict):
            continue
        for key in BIGQUERY_ACCESS_KEYS:
            member = entry.get(key)
            if is_public(member):
                role = role_name(entry.get("role", "access"))
                yield Violation(line_of(entry, key, default=line), f"{role} for {key} {member}", f"{role}:{member}")


def _public_bucket_access(resource: Resource, project: Project) -> Iterator[Violation]:
    yield from public_members(resource, project)
    acl = resource.get("predefined_acl")
    if is_text(acl, *PUBLIC_ACLS):
        yield Violation(resource.line_at("predefined_acl"), f"predefined_acl is {acl}", acl)
    for entry in strings(resource.get("role_entity")):
        if is_public(entry.partition(":")[2]):
            yield Violation(resource.line_at("role_entity"), f"role_entity grants {entry}", entry)
    entity = resource.get("entity")
    if is_public(entity):
        yield Violation(
            resource.line_at("entity"), f"{role_name(resource.get('role'))} for {entity}", f"entity:{entity}"
        )


def _prevention_enforced(resource: Resource, project: Project) -> bool:
    """The bucket this grant is for enforces public access prevention (the grant cannot make it public)."""
    return any(
        is_text(bucket.get("public_access_prevention"), "enforced")
        and any(other is resource for other in project.referencing(bucket, resource.kind, attribute="bucket"))
        for bucket in project.of_kind("google_storage_bucket")
    )


def bucket_public(resource: Resource, project: Project) -> Iterator[Violation]:
    violations = list(_public_bucket_access(resource, project))
    if violations and not _prevention_enforced(resource, project):
        yield from violations


# --- firewall -----------------------------------------------------------------------------------


class OpenAllow(NamedTuple):
    line: int
    source: str
    protocol: str  # lower case, IP protocol numbers named ("6" -> "tcp")
    ranges: list[PortRange]

    @property
    def what(self) -> str:
        if self.protocol == "all":
            return "every protocol and port"
        return (
            f"{self.protocol} on every port"
            if ALL_PORTS in self.ranges
            else f"{self.protocol} {render_ranges(self.ranges)}"
        )


def internet_allows(resource: Resource) -> Iterator[OpenAllow]:
    """Each `allow` block of an enabled INGRESS (the default) rule whose `source_ranges` include a /0."""
    disabled, direction = resource.get("disabled"), resource.get("direction")
    if is_unknown(disabled) or flag(disabled, True) or not (is_absent(direction) or is_text(direction, "ingress")):
        return
    sources = [cidr for cidr in strings(resource.get("source_ranges")) if is_internet(cidr)]
    if not sources:
        return
    for block, line in lookup_all(resource.body, ("allow", "*")):
        if not isinstance(block, dict):
            continue
        protocol, ports = block.get("protocol"), block.get("ports", MISSING)
        if not isinstance(protocol, str) or is_unknown(ports):
            continue
        ranges = [ALL_PORTS] if is_absent(ports) else [span for span in map(port_range, listed(ports)) if span]
        if ranges:
            protocol = PROTOCOL_NUMBERS.get(protocol.strip().lower(), protocol.strip().lower())
            yield OpenAllow(line_of(block, "ports", "protocol", default=line), sources[0], protocol, ranges)


def firewall_open_to(services: Sequence[Service]) -> Evaluate:
    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        for allow in internet_allows(resource):
            found = exposed(services, allow.protocol, allow.ranges)
            if found:
                message = f"ingress from {allow.source} allows {allow.what}: {describe(found)}"
                yield Violation(allow.line, message, f"{allow.source}:{allow.what}")

    return evaluate


def firewall_all_ports(resource: Resource, project: Project) -> Iterator[Violation]:
    for allow in internet_allows(resource):
        every_port = any(low <= 1 and high >= 65535 for low, high in allow.ranges)
        if allow.protocol == "all" or (allow.protocol in ("tcp", "udp", "sctp") and every_port):
            what = allow.what if allow.protocol == "all" else f"{allow.protocol} on every port"
            yield Violation(
                allow.line, f"ingress from {allow.source} allows {what}", f"{allow.source}:{allow.protocol}"
            )


# --- Cloud SQL, GKE, Compute, KMS ---------------------------------------------------------------


def sql_public_network(resource: Resource, project: Project) -> Iterator[Violation]:
    ipv4 = value_at(resource.body, "settings.ip_configuration.ipv4_enabled")
    if is_unknown(ipv4) or flag(ipv4, False):
        return
    for cidr, line in lookup_all(resource.body, "settings.ip_configuration.authorized_networks.value"):
        if isinstance(cidr, str) and is_internet(cidr):
            yield Violation(line, f"authorized network {cidr} on the public IPv4 address", cidr)


def sql_ssl(resource: Resource, project: Project) -> Iterator[Violation]:
    base = "settings.ip_configuration"
    mode, require = value_at(resource.body, f"{base}.ssl_mode"), value_at(resource.body, f"{base}.require_ssl")
    if is_unknown(mode) or is_unknown(require) or is_text(mode, *ENFORCED_SSL_MODES):
        return
    if not is_absent(mode):
        yield Violation(resource.line_at(f"{base}.ssl_mode"), f"ssl_mode is {mode}", show(mode))
    elif flag(require, False):
        yield Violation(resource.line_at(f"{base}.require_ssl"), "require_ssl is false", "false")
    elif not flag(require, True):
        yield Violation(resource.line_at(base), "no ssl_mode: unencrypted connections are accepted", "missing")


def is_replica(resource: Resource) -> bool:
    master = resource.get("master_instance_name")
    return not is_absent(master) or is_text(resource.get("instance_type"), "READ_REPLICA_INSTANCE")


def advanced_datapath(resource: Resource) -> bool:
    """Dataplane V2 enforces NetworkPolicy itself; Autopilot always has it."""
    datapath = resource.get("datapath_provider")
    return autopilot(resource) or is_unknown(datapath) or is_text(datapath, "ADVANCED_DATAPATH")


def gke_workload_identity(resource: Resource, project: Project) -> Iterator[Violation]:
    if autopilot(resource):
        return
    pools = [
        value_at(resource.body, f"workload_identity_config.{key}") for key in ("workload_pool", "identity_namespace")
    ]
    if any(is_unknown(pool) or not is_absent(pool) for pool in pools):
        return
    yield Violation(
        resource.line_at("workload_identity_config"),
        "no workload_identity_config.workload_pool: pods use the node service account",
        "missing",
    )


def gke_authorized_networks(resource: Resource, project: Project) -> Iterator[Violation]:
    private_endpoint = value_at(resource.body, "private_cluster_config.enable_private_endpoint")
    config = resource.get("master_authorized_networks_config")
    if is_unknown(private_endpoint) or flag(private_endpoint, True) or is_unknown(config):
        return
    if config is MISSING or config is None or config == []:
        yield Violation(
            resource.line, "no master_authorized_networks_config: the control plane accepts any IP", "missing"
        )
        return
    for cidr, line in lookup_all(resource.body, "master_authorized_networks_config.cidr_blocks.cidr_block"):
        if isinstance(cidr, str) and is_internet(cidr):
            yield Violation(line, f"authorized network {cidr} admits any IP", cidr)


def default_account_full_access(resource: Resource, project: Project) -> Iterator[Violation]:
    for account, line in lookup_all(resource.body, ("service_account", "*")):
        if not isinstance(account, dict):
            continue
        email = account.get("email", MISSING)
        default = (
            is_absent(email)
            or is_text(email, "default")
            or (isinstance(email, str) and email.endswith(DEFAULT_COMPUTE_ACCOUNT))
        )
        scopes = [scope for scope in strings(account.get("scopes")) if scope in FULL_ACCESS_SCOPES]
        if default and scopes:
            who = "the default compute service account" if is_absent(email) else email
            yield Violation(line_of(account, "scopes", default=line), f"{who} with scope {scopes[0]}", str(email))


def serial_port(resource: Resource, project: Project) -> Iterator[Violation]:
    if resource.kind == "google_compute_project_metadata_item":
        if is_text(resource.get("key"), SERIAL_PORT_KEY) and truthy(resource.get("value")):
            yield Violation(resource.line_at("value"), f"project metadata {SERIAL_PORT_KEY} is on", "project")
        return
    path = ("metadata", SERIAL_PORT_KEY)
    value = value_at(resource.body, path)
    if truthy(value):
        yield Violation(resource.line_at(path), f"metadata {SERIAL_PORT_KEY} is on", show(value))


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")


def kms_rotation(resource: Resource, project: Project) -> Iterator[Violation]:
    purpose, imported = resource.get("purpose"), resource.get("import_only")
    if is_unknown(purpose) or is_unknown(imported) or flag(imported, True):
        return
    if not (is_absent(purpose) or is_text(purpose, "ENCRYPT_DECRYPT")):
        return  # asymmetric and MAC keys cannot rotate automatically
    period = resource.get("rotation_period")
    if is_unknown(period):
        return
    if is_absent(period):
        yield Violation(resource.line, "no rotation_period: the key is never rotated automatically", "none")
        return
    match = _DURATION.match(period) if isinstance(period, str) else None
    if match and float(match.group(1)) > MAX_ROTATION_SECONDS:
        days = float(match.group(1)) / 86400
        yield Violation(
            resource.line_at("rotation_period"), f"rotation_period is {period} ({days:.0f} days, over 90)", period
        )


CHECKS: tuple[Check, ...] = (
    terraform_check(
        id="iac/gcp-storage-uniform-access-disabled",
        title="Cloud Storage bucket uses per-object ACLs (uniform bucket-level access off)",
        severity=Severity.MEDIUM,
        kinds=("google_storage_bucket",),
        evaluate=enabled(
            "uniform_bucket_level_access",
            "uniform_bucket_level_access is not set (defaults to false)",
            unless=true_or_unknown("bucket_policy_only"),
        ),
        rationale="Without uniform bucket-level access every object carries its own ACL, so a single upload"
        " with `--predefined-acl publicRead` or a legacy tool can make files public while the bucket's IAM looks"
        " private; access is also impossible to review from IAM alone.",
        fix='Set `uniform_bucket_level_access = true` (and `public_access_prevention = "enforced"`), then grant'
        " access with google_storage_bucket_iam_* only.",
        insecure_example='resource "google_storage_bucket" "data" {\n  name     = "company-data"\n  location = "EU"\n}',
        secure_example='resource "google_storage_bucket" "data" {\n  name                        = "company-data"\n'
        '  location                    = "EU"\n  uniform_bucket_level_access = true\n'
        '  public_access_prevention    = "enforced"\n}',
        controls=("CIS-GCP-5.2", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-732",),
        references=(
            GOOGLE_DOCS + "storage_bucket#uniform_bucket_level_access",
            "https://cloud.google.com/storage/docs/uniform-bucket-level-access",
        ),
    ),
    terraform_check(
        id="iac/gcp-storage-bucket-public",
        title="Cloud Storage bucket or object is readable by allUsers / allAuthenticatedUsers",
        severity=Severity.CRITICAL,
        kinds=BUCKET_ACCESS_KINDS,
        evaluate=bucket_public,
        rationale="A grant to allUsers makes the bucket (or object) readable by anyone on the internet;"
        " allAuthenticatedUsers means any Google account at all, which is no restriction. Public buckets are"
        " indexed by scanners and routinely leak backups, exports and credentials.",
        fix="Remove the allUsers/allAuthenticatedUsers member or public ACL, grant named principals instead,"
        ' and set `public_access_prevention = "enforced"` on the bucket. Serve public assets through Cloud CDN'
        " with signed URLs or a backend bucket if they must be public.",
        insecure_example='resource "google_storage_bucket_iam_member" "public" {\n'
        "  bucket = google_storage_bucket.data.name\n"
        '  role   = "roles/storage.objectViewer"\n  member = "allUsers"\n}',
        secure_example='resource "google_storage_bucket_iam_member" "reader" {\n'
        "  bucket = google_storage_bucket.data.name\n"
        '  role   = "roles/storage.objectViewer"\n  member = "group:analysts@example.com"\n}',
        controls=("CIS-GCP-5.1", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284", "CWE-732"),
        references=(
            GOOGLE_DOCS + "storage_bucket_iam",
            "https://cloud.google.com/storage/docs/public-access-prevention",
        ),
    ),
    terraform_check(
        id="iac/gcp-firewall-admin-port-open",
        title="VPC firewall allows SSH/RDP/remote administration from the internet",
        severity=Severity.HIGH,
        kinds=("google_compute_firewall",),
        evaluate=firewall_open_to(ADMIN_SERVICES),
        rationale="An ingress rule from 0.0.0.0/0 to SSH, RDP, Telnet or WinRM exposes every targeted VM's login"
        " service to internet-wide scanning and brute force; a weak password, leaked key or unpatched daemon"
        " then gives an attacker a shell inside the VPC.",
        fix="Limit `source_ranges` to a VPN or office range, or allow only Identity-Aware Proxy"
        ' (`source_ranges = ["35.235.240.0/20"]`) and connect with `gcloud compute ssh --tunnel-through-iap`.',
        insecure_example='resource "google_compute_firewall" "ssh" {\n  name    = "allow-ssh"\n'
        '  network = "default"\n  allow {\n    protocol = "tcp"\n    ports    = ["22"]\n  }\n'
        '  source_ranges = ["0.0.0.0/0"]\n}',
        secure_example='resource "google_compute_firewall" "ssh" {\n  name    = "allow-ssh-from-iap"\n'
        '  network = "default"\n  allow {\n    protocol = "tcp"\n    ports    = ["22"]\n  }\n'
        '  source_ranges = ["35.235.240.0/20"]\n}',
        controls=("CIS-GCP-3.6", "CIS-GCP-3.7", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            GOOGLE_DOCS + "compute_firewall",
            "https://cloud.google.com/iap/docs/using-tcp-forwarding",
        ),
    ),
    terraform_check(
        id="iac/gcp-firewall-all-ports-open",
        title="VPC firewall allows every port from the internet",
        severity=Severity.CRITICAL,
        kinds=("google_compute_firewall",),
        evaluate=firewall_all_ports,
        rationale='An ingress rule from 0.0.0.0/0 with protocol "all", or tcp/udp with no ports, puts every'
        " service on the targeted VMs on the internet: databases, admin consoles, debug endpoints and"
        " metrics exporters that were only ever meant to be reached from inside the VPC.",
        fix="Allow only the ports the service needs (for example tcp 443 on a load balancer's backends) and keep"
        " everything else to internal `source_ranges` or service-account targets.",
        insecure_example='resource "google_compute_firewall" "all" {\n  name    = "allow-all"\n'
        '  network = "default"\n  allow {\n    protocol = "all"\n  }\n  source_ranges = ["0.0.0.0/0"]\n}',
        secure_example='resource "google_compute_firewall" "https" {\n  name    = "allow-https"\n'
        '  network = "default"\n  allow {\n    protocol = "tcp"\n    ports    = ["443"]\n  }\n'
        '  source_ranges = ["0.0.0.0/0"]\n  target_tags   = ["web"]\n}',
        controls=(
            "CIS-GCP-3.6",
            "CIS-GCP-3.7",
            "PCI-DSS-4.0-1.3.1",
            "PCI-DSS-4.0-1.4.2",
            "SOC2-CC6.6",
            "NIST-800-53-SC-7",
        ),
        cwe=("CWE-284",),
        references=(
            GOOGLE_DOCS + "compute_firewall",
            "https://cloud.google.com/firewall/docs/firewalls",
        ),
    ),
    terraform_check(
        id="iac/gcp-sql-public-authorized-network",
        title="Cloud SQL instance authorizes 0.0.0.0/0 on its public IP",
        severity=Severity.CRITICAL,
        kinds=("google_sql_database_instance",),
        evaluate=sql_public_network,
        rationale="An authorized network of 0.0.0.0/0 on an instance with a public IPv4 address lets every host"
        " on the internet reach the database engine; only the database password protects the data, and exposed"
        " MySQL/PostgreSQL/SQL Server instances are brute-forced continuously.",
        fix="Remove the 0.0.0.0/0 network: connect through the Cloud SQL Auth Proxy or connectors, use private IP"
        " (`ipv4_enabled = false` with `private_network`), or authorize only specific client addresses.",
        insecure_example="settings {\n  ip_configuration {\n    ipv4_enabled = true\n    authorized_networks {\n"
        '      name  = "anyone"\n      value = "0.0.0.0/0"\n    }\n  }\n}',
        secure_example="settings {\n  ip_configuration {\n    ipv4_enabled    = false\n"
        "    private_network = google_compute_network.vpc.id\n  }\n}",
        controls=(
            "CIS-GCP-6.5",
            "CIS-GCP-6.6",
            "PCI-DSS-4.0-1.3.1",
            "PCI-DSS-4.0-1.4.2",
            "SOC2-CC6.6",
            "NIST-800-53-SC-7",
        ),
        cwe=("CWE-284",),
        references=(
            GOOGLE_DOCS + "sql_database_instance#authorized_networks",
            "https://cloud.google.com/sql/docs/mysql/authorize-networks",
        ),
    ),
    terraform_check(
        id="iac/gcp-sql-ssl-not-enforced",
        title="Cloud SQL instance accepts unencrypted connections",
        severity=Severity.MEDIUM,
        kinds=("google_sql_database_instance",),
        evaluate=sql_ssl,
        rationale="Unless ssl_mode is ENCRYPTED_ONLY (or require_ssl on older providers) the default"
        " ALLOW_UNENCRYPTED_AND_ENCRYPTED lets clients connect in clear text: passwords and query results can be"
        " read or altered on the network path, and a misconfigured client silently falls back to it.",
        fix='Set `settings { ip_configuration { ssl_mode = "ENCRYPTED_ONLY" } }` (or'
        ' "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"); clients using the Cloud SQL Auth Proxy are already encrypted.',
        insecure_example='settings {\n  ip_configuration {\n    ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"\n  }\n}',
        secure_example='settings {\n  ip_configuration {\n    ssl_mode = "ENCRYPTED_ONLY"\n  }\n}',
        controls=("CIS-GCP-6.4", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=(
            GOOGLE_DOCS + "sql_database_instance#ssl_mode",
            "https://cloud.google.com/sql/docs/mysql/configure-ssl-instance",
        ),
    ),
    terraform_check(
        id="iac/gcp-sql-backups-disabled",
        title="Cloud SQL instance has automated backups disabled",
        severity=Severity.MEDIUM,
        kinds=("google_sql_database_instance",),
        evaluate=enabled(
            "settings.backup_configuration.enabled",
            "no settings.backup_configuration: automated backups are off",
            unless=is_replica,
        ),
        rationale="Without automated backups (and point-in-time recovery) a dropped table, a bad migration or an"
        " attacker holding database credentials destroys data for good: there is nothing to restore from."
        " Read replicas, which cannot have backups, are not reported.",
        fix="Set `settings { backup_configuration { enabled = true  point_in_time_recovery_enabled = true } }`"
        " (binary_log_enabled for MySQL) and choose a retention that matches your recovery objectives.",
        insecure_example='resource "google_sql_database_instance" "main" {\n  # ...\n  settings {\n'
        '    tier = "db-custom-2-7680"\n  }\n}',
        secure_example='resource "google_sql_database_instance" "main" {\n  # ...\n  settings {\n'
        '    tier = "db-custom-2-7680"\n    backup_configuration {\n      enabled                        = true\n'
        "      point_in_time_recovery_enabled = true\n    }\n  }\n}",
        controls=("CIS-GCP-6.7", "SOC2-A1.2", "NIST-800-53-CP-9"),
        references=(
            GOOGLE_DOCS + "sql_database_instance#backup_configuration",
            "https://cloud.google.com/sql/docs/mysql/backup-recovery/backups",
        ),
    ),
    terraform_check(
        id="iac/gcp-gke-private-nodes-disabled",
        title="GKE cluster nodes have public IP addresses",
        severity=Severity.MEDIUM,
        kinds=CLUSTER,
        evaluate=enabled(
            "private_cluster_config.enable_private_nodes",
            "no private_cluster_config: nodes get public IP addresses",
        ),
        rationale="Nodes with public IPs can be reached directly from the internet: the kubelet, NodePort"
        " services and any hostPort or host-network pod are one firewall mistake away from exposure, and nodes"
        " can exfiltrate without passing through Cloud NAT controls.",
        fix='Set `private_cluster_config { enable_private_nodes = true  master_ipv4_cidr_block = "..." }` and'
        " give the nodes egress through Cloud NAT.",
        insecure_example='resource "google_container_cluster" "main" {\n  name     = "main"\n'
        '  location = "europe-west1"\n}',
        secure_example='resource "google_container_cluster" "main" {\n  name     = "main"\n'
        '  location = "europe-west1"\n  private_cluster_config {\n    enable_private_nodes    = true\n'
        '    enable_private_endpoint = false\n    master_ipv4_cidr_block  = "172.16.0.0/28"\n  }\n}',
        controls=("CIS-GKE-5.6.5", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            GOOGLE_DOCS + "container_cluster#enable_private_nodes",
            "https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters",
        ),
    ),
    terraform_check(
        id="iac/gcp-gke-legacy-abac-enabled",
        title="GKE cluster has legacy ABAC authorization enabled",
        severity=Severity.HIGH,
        kinds=CLUSTER,
        evaluate=equals("enable_legacy_abac", True, message="enable_legacy_abac is true"),
        rationale="Legacy ABAC grants broad, static permissions outside Kubernetes RBAC: with it on, service"
        " accounts and users get access that RBAC policies do not show and cannot take away, which lets a"
        " compromised pod read secrets across namespaces.",
        fix="Remove `enable_legacy_abac` (it defaults to false) and grant access with RBAC Roles and RoleBindings.",
        insecure_example='resource "google_container_cluster" "main" {\n  # ...\n  enable_legacy_abac = true\n}',
        secure_example='resource "google_container_cluster" "main" {\n  # ...\n  enable_legacy_abac = false\n}',
        controls=("CIS-GKE-5.8.3", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.3", "NIST-800-53-AC-3"),
        cwe=("CWE-285",),
        references=(
            GOOGLE_DOCS + "container_cluster#enable_legacy_abac",
            "https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#leave_abac_disabled",
        ),
    ),
    terraform_check(
        id="iac/gcp-gke-workload-identity-disabled",
        title="GKE cluster does not use Workload Identity",
        severity=Severity.MEDIUM,
        kinds=CLUSTER,
        evaluate=gke_workload_identity,
        rationale="Without Workload Identity every pod can fetch the node's service-account token from the"
        " metadata server; one compromised container (or an SSRF in any app) gets the node's cloud permissions,"
        " often the default compute account with Editor on the project.",
        fix='Add `workload_identity_config { workload_pool = "${var.project}.svc.id.goog" }`, set'
        ' `workload_metadata_config { mode = "GKE_METADATA" }` on node pools, and bind Kubernetes service'
        " accounts to dedicated Google service accounts.",
        insecure_example='resource "google_container_cluster" "main" {\n  name     = "main"\n'
        '  location = "europe-west1"\n}',
        secure_example='resource "google_container_cluster" "main" {\n  name     = "main"\n'
        '  location = "europe-west1"\n  workload_identity_config {\n'
        '    workload_pool = "my-project.svc.id.goog"\n  }\n}',
        controls=("CIS-GKE-5.2.2", "CIS-GKE-5.4.1", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.3", "NIST-800-53-AC-6"),
        cwe=("CWE-250",),
        references=(
            GOOGLE_DOCS + "container_cluster#workload_identity_config",
            "https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity",
        ),
    ),
    terraform_check(
        id="iac/gcp-gke-master-authorized-networks-missing",
        title="GKE control plane endpoint accepts connections from any IP",
        severity=Severity.MEDIUM,
        kinds=CLUSTER,
        evaluate=gke_authorized_networks,
        rationale="Without master authorized networks the public Kubernetes API endpoint answers the whole"
        " internet: leaked kubeconfigs and tokens work from anywhere and API server vulnerabilities are exposed"
        " to everyone who finds the IP.",
        fix='Add `master_authorized_networks_config { cidr_blocks { cidr_block = "203.0.113.0/24" } }` with your'
        " admin and CI ranges, or make the endpoint private (`enable_private_endpoint = true`).",
        insecure_example='resource "google_container_cluster" "main" {\n  name     = "main"\n'
        '  location = "europe-west1"\n}',
        secure_example='resource "google_container_cluster" "main" {\n  name     = "main"\n'
        '  location = "europe-west1"\n  master_authorized_networks_config {\n    cidr_blocks {\n'
        '      cidr_block   = "203.0.113.0/24"\n      display_name = "office"\n    }\n  }\n}',
        controls=("CIS-GKE-5.6.3", "CIS-GKE-5.6.4", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            GOOGLE_DOCS + "container_cluster#master_authorized_networks_config",
            "https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks",
        ),
    ),
    terraform_check(
        id="iac/gcp-gke-network-policy-disabled",
        title="GKE cluster does not enforce NetworkPolicy",
        severity=Severity.LOW,
        kinds=CLUSTER,
        evaluate=enabled(
            "network_policy.enabled",
            "no network_policy block and no Dataplane V2: NetworkPolicies are not enforced",
            unless=advanced_datapath,
        ),
        rationale="Without network policy enforcement (Calico via `network_policy`, or Dataplane V2)"
        " NetworkPolicy objects are accepted but ignored: every pod can reach every other pod, so one"
        " compromised workload can move laterally to databases and internal APIs.",
        fix='Create the cluster with `datapath_provider = "ADVANCED_DATAPATH"` (Dataplane V2), or set'
        ' `network_policy { enabled = true  provider = "CALICO" }` with the matching addon, then add'
        " deny-by-default NetworkPolicies.",
        insecure_example='resource "google_container_cluster" "main" {\n  name     = "main"\n'
        '  location = "europe-west1"\n}',
        secure_example='resource "google_container_cluster" "main" {\n  name              = "main"\n'
        '  location          = "europe-west1"\n  datapath_provider = "ADVANCED_DATAPATH"\n}',
        controls=("CIS-K8S-5.3.1", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            GOOGLE_DOCS + "container_cluster#network_policy",
            "https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy",
        ),
    ),
    terraform_check(
        id="iac/gcp-gke-legacy-metadata-endpoints",
        title="GKE nodes serve the legacy (v0.1/v1beta1) metadata endpoints",
        severity=Severity.MEDIUM,
        kinds=("google_container_cluster", "google_container_node_pool"),
        evaluate=all_of(
            equals("node_config.metadata.disable-legacy-endpoints", "false", False, message="{path} is false"),
            equals(
                "node_pool.node_config.metadata.disable-legacy-endpoints", "false", False, message="{path} is false"
            ),
        ),
        rationale='The legacy metadata endpoints answer without the "Metadata-Flavor: Google" header, so any'
        " SSRF bug in a pod (which can only make a plain GET) can fetch the node's service-account token and"
        " kube-env bootstrap credentials. GKE disables them by default; setting the flag to false turns them"
        " back on.",
        fix='Remove `disable-legacy-endpoints = "false"` from the node metadata (or set it to "true") and use'
        " Workload Identity so pods never see node credentials.",
        insecure_example='node_config {\n  metadata = {\n    disable-legacy-endpoints = "false"\n  }\n}',
        secure_example='node_config {\n  metadata = {\n    disable-legacy-endpoints = "true"\n  }\n}',
        controls=("CIS-GKE-5.4.1", "PCI-DSS-4.0-2.2.4", "SOC2-CC6.1", "NIST-800-53-AC-6"),
        cwe=("CWE-668",),
        references=(
            GOOGLE_DOCS + "container_node_pool#metadata",
            "https://cloud.google.com/kubernetes-engine/docs/how-to/protecting-cluster-metadata",
        ),
    ),
    terraform_check(
        id="iac/gcp-iam-primitive-role",
        title="IAM grants the primitive Owner or Editor role",
        severity=Severity.HIGH,
        kinds=HIERARCHY_IAM_KINDS,
        evaluate=primitive_roles,
        rationale="roles/owner and roles/editor give write access to almost every service in the project,"
        " folder or organization (Editor alone can read most data, create keys and deploy code). A compromised"
        " holder, especially a service account whose key or token leaks, takes over the whole project.",
        fix="Grant the predefined or custom roles the principal actually needs (roles/storage.objectAdmin,"
        " roles/run.developer...) and keep Owner to a break-glass group.",
        insecure_example='resource "google_project_iam_member" "ci" {\n  project = "my-project"\n'
        '  role    = "roles/editor"\n  member  = "serviceAccount:ci@my-project.iam.gserviceaccount.com"\n}',
        secure_example='resource "google_project_iam_member" "ci" {\n  project = "my-project"\n'
        '  role    = "roles/run.developer"\n  member  = "serviceAccount:ci@my-project.iam.gserviceaccount.com"\n}',
        controls=("CIS-GCP-1.5", "PCI-DSS-4.0-7.2.1", "PCI-DSS-4.0-7.2.2", "SOC2-CC6.3", "NIST-800-53-AC-6"),
        cwe=("CWE-269",),
        references=(
            GOOGLE_DOCS + "google_project_iam",
            "https://cloud.google.com/iam/docs/understanding-roles#basic",
        ),
    ),
    terraform_check(
        id="iac/gcp-iam-public-member",
        title="IAM grants a role to allUsers or allAuthenticatedUsers",
        severity=Severity.CRITICAL,
        kinds=(*HIERARCHY_IAM_KINDS, *RESOURCE_IAM_KINDS),
        evaluate=public_members,
        rationale="allUsers is anyone on the internet and allAuthenticatedUsers is anyone with any Google"
        " account: a role granted to either on a project, KMS key, BigQuery dataset, secret, service account"
        " or Pub/Sub topic hands that access to the world (decrypting with your keys, reading datasets and"
        " secrets, impersonating the service account).",
        fix="Replace the public principal with the specific users, groups or service accounts that need the"
        " role, and enforce the `iam.allowedPolicyMemberDomains` organization policy.",
        insecure_example='resource "google_kms_crypto_key_iam_member" "decrypt" {\n'
        "  crypto_key_id = google_kms_crypto_key.key.id\n"
        '  role          = "roles/cloudkms.cryptoKeyDecrypter"\n  member        = "allAuthenticatedUsers"\n}',
        secure_example='resource "google_kms_crypto_key_iam_member" "decrypt" {\n'
        "  crypto_key_id = google_kms_crypto_key.key.id\n"
        '  role          = "roles/cloudkms.cryptoKeyDecrypter"\n'
        '  member        = "serviceAccount:app@my-project.iam.gserviceaccount.com"\n}',
        controls=("CIS-GCP-1.9", "CIS-GCP-7.1", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284", "CWE-732"),
        references=(
            GOOGLE_DOCS + "google_project_iam",
            "https://cloud.google.com/iam/docs/overview#all-users",
        ),
    ),
    terraform_check(
        id="iac/gcp-bigquery-dataset-public",
        title="BigQuery dataset is readable by allUsers / allAuthenticatedUsers",
        severity=Severity.CRITICAL,
        kinds=BIGQUERY_DATASET_KINDS,
        evaluate=bigquery_dataset_public,
        rationale="An access entry or IAM grant for allUsers lets anyone on the internet query the dataset's"
        " tables; allAuthenticatedUsers is any Google account, which is no restriction either. Datasets hold"
        " analytics exports, audit logs and customer records, and a public one is copied out with a single"
        " query. Dataset IAM grants are also reported by iac/gcp-iam-public-member; this check adds the"
        " dataset's own `access` blocks and google_bigquery_dataset_access.",
        fix="Remove the allUsers/allAuthenticatedUsers entry and grant named users, groups or service accounts;"
        " publish data meant for the public through an authorized view or Analytics Hub listing, and enforce the"
        " `iam.allowedPolicyMemberDomains` organization policy.",
        insecure_example='resource "google_bigquery_dataset" "analytics" {\n  dataset_id = "analytics"\n'
        '  access {\n    role          = "READER"\n    special_group = "allAuthenticatedUsers"\n  }\n}',
        secure_example='resource "google_bigquery_dataset" "analytics" {\n  dataset_id = "analytics"\n'
        '  access {\n    role           = "READER"\n    group_by_email = "analysts@example.com"\n  }\n}',
        controls=("CIS-GCP-7.1", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284", "CWE-732"),
        references=(
            GOOGLE_DOCS + "bigquery_dataset#access",
            GOOGLE_DOCS + "bigquery_dataset_access",
            "https://cloud.google.com/bigquery/docs/control-access-to-resources-iam",
        ),
    ),
    terraform_check(
        id="iac/gcp-compute-default-sa-full-access",
        title="VM uses the default compute service account with full Cloud API access",
        severity=Severity.HIGH,
        kinds=COMPUTE_KINDS,
        evaluate=default_account_full_access,
        rationale="The default compute service account is usually granted Editor on the project; with the"
        " cloud-platform scope, anyone who gets code execution on the VM (or an SSRF to the metadata server) gets"
        " an Editor token for the whole project.",
        fix="Attach a dedicated service account with only the roles the workload needs"
        ' (`service_account { email = google_service_account.app.email  scopes = ["cloud-platform"] }`), or keep'
        " the default account with narrow scopes.",
        insecure_example='service_account {\n  scopes = ["cloud-platform"]\n}',
        secure_example="service_account {\n  email  = google_service_account.app.email\n"
        '  scopes = ["cloud-platform"]\n}',
        controls=("CIS-GCP-4.2", "CIS-GCP-4.1", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.3", "NIST-800-53-AC-6"),
        cwe=("CWE-250",),
        references=(
            GOOGLE_DOCS + "compute_instance#service_account",
            "https://cloud.google.com/compute/docs/access/service-accounts#default_service_account",
        ),
    ),
    terraform_check(
        id="iac/gcp-compute-ip-forwarding",
        title="VM can forward packets (IP forwarding enabled)",
        severity=Severity.LOW,
        kinds=COMPUTE_KINDS,
        evaluate=equals("can_ip_forward", True, message="can_ip_forward is true"),
        rationale="can_ip_forward lets the VM send and receive packets for addresses that are not its own, so it"
        " can act as a router between networks and spoof source addresses; a compromised instance can then"
        " bypass firewall rules that are written per instance. It is needed only for NAT, VPN and network"
        " appliances.",
        fix="Remove `can_ip_forward` (it defaults to false) unless the instance is a NAT, VPN or firewall"
        " appliance; use Cloud NAT and Cloud VPN for those roles where possible.",
        insecure_example='resource "google_compute_instance" "app" {\n  # ...\n  can_ip_forward = true\n}',
        secure_example='resource "google_compute_instance" "app" {\n  # ...\n  can_ip_forward = false\n}',
        controls=("CIS-GCP-4.6", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-441",),
        references=(
            GOOGLE_DOCS + "compute_instance#can_ip_forward",
            "https://cloud.google.com/vpc/docs/using-routes#canipforward",
        ),
    ),
    terraform_check(
        id="iac/gcp-compute-serial-port-enabled",
        title="Interactive serial console access is enabled",
        severity=Severity.MEDIUM,
        kinds=(*COMPUTE_KINDS, "google_compute_project_metadata", "google_compute_project_metadata_item"),
        evaluate=serial_port,
        rationale="serial-port-enable opens the VM's interactive serial console through"
        " ssh-serialport.googleapis.com, reachable from any IP address: VPC firewall rules do not apply to it,"
        " so anyone holding a valid key and the IAM permission can log in to the console, bypassing network"
        " controls. Set in project metadata it applies to every VM.",
        fix='Remove `serial-port-enable` from instance and project metadata (or set it to "false"); enable it'
        " temporarily when debugging a boot problem, and enforce the compute.disableSerialPortAccess"
        " organization policy.",
        insecure_example='resource "google_compute_instance" "app" {\n  # ...\n  metadata = {\n'
        '    serial-port-enable = "true"\n  }\n}',
        secure_example='resource "google_compute_instance" "app" {\n  # ...\n  metadata = {\n'
        '    block-project-ssh-keys = "true"\n  }\n}',
        controls=("CIS-GCP-4.5", "PCI-DSS-4.0-2.2.4", "SOC2-CC6.6", "NIST-800-53-CM-7", "NIST-800-53-AC-17"),
        cwe=("CWE-284",),
        references=(
            GOOGLE_DOCS + "compute_instance#metadata",
            "https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-using-serial-console",
        ),
    ),
    terraform_check(
        id="iac/gcp-compute-shielded-vm-disabled",
        title="Shielded VM vTPM or integrity monitoring is turned off",
        severity=Severity.LOW,
        kinds=COMPUTE_KINDS,
        evaluate=all_of(
            equals("shielded_instance_config.enable_vtpm", False, message="{path} is false"),
            equals("shielded_instance_config.enable_integrity_monitoring", False, message="{path} is false"),
        ),
        rationale="The virtual TPM and integrity monitoring let Google measure the boot sequence and alert when"
        " the bootloader or kernel changes; turning them off removes the only signal of a boot-level rootkit"
        " or tampered image on the VM.",
        fix="Keep `enable_vtpm` and `enable_integrity_monitoring` at their default true, and add"
        " `enable_secure_boot = true` where the image's drivers are signed.",
        insecure_example="shielded_instance_config {\n  enable_vtpm                 = false\n"
        "  enable_integrity_monitoring = false\n}",
        secure_example="shielded_instance_config {\n  enable_secure_boot          = true\n"
        "  enable_vtpm                 = true\n  enable_integrity_monitoring = true\n}",
        controls=("CIS-GCP-4.8", "PCI-DSS-4.0-2.2.1", "SOC2-CC6.8", "NIST-800-53-SI-7"),
        cwe=("CWE-693",),
        references=(
            GOOGLE_DOCS + "compute_instance#shielded_instance_config",
            "https://cloud.google.com/compute/shielded-vm/docs/shielded-vm",
        ),
    ),
    terraform_check(
        id="iac/gcp-kms-rotation-period",
        title="Cloud KMS key is not rotated at least every 90 days",
        severity=Severity.LOW,
        kinds=("google_kms_crypto_key",),
        evaluate=kms_rotation,
        rationale="A symmetric key without automatic rotation (or with a period over 90 days) encrypts an"
        " ever-growing amount of data under one key version, so a single leaked or cryptanalysed version"
        " exposes all of it; PCI DSS and CIS expect a defined, short cryptoperiod.",
        fix='Set `rotation_period = "7776000s"` (90 days) or shorter on ENCRYPT_DECRYPT keys; old versions stay'
        " available for decryption.",
        insecure_example='resource "google_kms_crypto_key" "data" {\n  name     = "data"\n'
        "  key_ring = google_kms_key_ring.main.id\n}",
        secure_example='resource "google_kms_crypto_key" "data" {\n  name            = "data"\n'
        '  key_ring        = google_kms_key_ring.main.id\n  rotation_period = "7776000s"\n}',
        controls=("CIS-GCP-1.10", "PCI-DSS-4.0-3.7.4", "SOC2-CC6.1", "NIST-800-53-SC-12"),
        cwe=("CWE-324",),
        references=(
            GOOGLE_DOCS + "kms_crypto_key#rotation_period",
            "https://cloud.google.com/kms/docs/key-rotation",
        ),
    ),
)
