"""Azure checks for Terraform (azurerm provider).

Control ids: CIS Microsoft Azure Foundations Benchmark v2.1 (`CIS-AZURE-*`), CIS Azure Kubernetes
Service Benchmark v1.7 (`CIS-AKS-*`) and CIS Kubernetes v1.8 (`CIS-K8S-*`).

An absent attribute is judged by the azurerm v3/v4 default, and the message says so: an absent
`allow_nested_items_to_be_public` is true (reported), an absent `min_tls_version` is TLS1_2 (fine).

The generic helpers at the top (`value_at`, `flag`, port ranges, internet sources) are shared with
gcp.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from ipaddress import IPv4Address, ip_network
from typing import Any, NamedTuple

from pavedroad.analyzers.iac.check import Check, Evaluate, Project, Violation
from pavedroad.analyzers.iac.conditions import all_of, equals, is_unknown, required, show
from pavedroad.analyzers.iac.model import MISSING, Path, Resource, Unknown, lookup, lookup_all, split_path
from pavedroad.core.findings import Severity

terraform_check = partial(Check, frameworks=("terraform",))

AZURERM_DOCS = "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/"


# --- shared helpers (also used by gcp.py) -------------------------------------------------------


def value_at(value: Any, path: str | Path) -> Any:
    """The value at `path` like `model.lookup`, except that an Unknown met on the way is the answer.

    `lookup` answers MISSING when a step lands on an Unknown (a `dynamic` block whose `for_each`
    cannot be evaluated), which would make a "setting is absent" check report a block it cannot see.
    """
    for step in split_path(path):
        if isinstance(value, Unknown):
            return value
        value = lookup(value, (step,))
        if value is MISSING:
            return MISSING
    return value


def is_absent(value: Any) -> bool:
    """Not set at all: absent, null, or an empty string/list/block."""
    return value is MISSING or value is None or (isinstance(value, str | list | dict) and not value)


def flag(value: Any, expected: bool) -> bool:
    """`value` is the boolean `expected` (a bool, or "true"/"false" in any case)."""
    if isinstance(value, bool):
        return value is expected
    return isinstance(value, str) and value.strip().lower() == ("true" if expected else "false")


def is_text(value: Any, *texts: str) -> bool:
    """`value` is a string equal to one of `texts`, ignoring case."""
    return isinstance(value, str) and value.strip().lower() in {text.lower() for text in texts}


def listed(value: Any) -> list[Any]:
    """A list as is, a scalar as a one-item list, absent/null as no items."""
    if value is MISSING or value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def strings(value: Any) -> list[str]:
    """The known strings in a scalar or list value (Unknown items left out)."""
    return [item for item in listed(value) if isinstance(item, str)]


def line_of(node: Any, *keys: str, default: int) -> int:
    """The line of the first of `keys` present in `node`, else the node's own line, else `default`."""
    if isinstance(node, dict):
        key_line = getattr(node, "line_of", None)
        for key in keys:
            if key in node and key_line is not None:
                return int(key_line(key)) or default
    return int(getattr(node, "line", 0)) or default


def is_internet(source: str) -> bool:
    """An address prefix meaning "anywhere": `*`, `Internet`, `Any`, or any /0 (0.0.0.0/0, ::/0)."""
    text = source.strip().lower()
    if text in ("*", "internet", "any"):
        return True
    try:
        return ip_network(text, strict=False).prefixlen == 0
    except ValueError:
        return False


ALL_PORTS = (0, 65535)
PortRange = tuple[int, int]


def port_range(value: Any) -> PortRange | None:
    """ "22" -> (22, 22), "1000-2000" -> (1000, 2000), "*" -> every port; None when unknown or malformed."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (value, value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text == "*":
        return ALL_PORTS
    low, separator, high = text.partition("-")
    try:
        first, last = int(low), int(high) if separator else int(low)
    except ValueError:
        return None
    return (first, last) if 0 <= first <= last <= 65535 else None


def render_ranges(ranges: Sequence[PortRange]) -> str:
    return ", ".join(
        "*" if span == ALL_PORTS else str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}" for span in ranges
    )


TCP = frozenset({"tcp"})
TCP_UDP = frozenset({"tcp", "udp"})
ANY_PROTOCOL = ("*", "all")
PROTOCOL_NUMBERS = {"6": "tcp", "17": "udp", "132": "sctp"}


class Service(NamedTuple):
    port: int
    name: str
    protocols: frozenset[str] = TCP


ADMIN_SERVICES = (
    Service(22, "SSH"),
    Service(3389, "RDP", TCP_UDP),
    Service(23, "Telnet"),
    Service(5985, "WinRM"),
    Service(5986, "WinRM"),
)
DATABASE_SERVICES = (
    Service(1433, "SQL Server"),
    Service(3306, "MySQL"),
    Service(5432, "PostgreSQL"),
    Service(1521, "Oracle"),
    Service(27017, "MongoDB"),
    Service(6379, "Redis"),
    Service(9200, "Elasticsearch"),
    Service(9042, "Cassandra"),
    Service(5984, "CouchDB"),
    Service(11211, "Memcached", TCP_UDP),
)


def exposed(services: Iterable[Service], protocol: str, ranges: Sequence[PortRange]) -> list[Service]:
    """The services reachable over `protocol` ("*"/"all" for any, or an IP protocol number) on `ranges`."""
    protocol = PROTOCOL_NUMBERS.get(protocol.strip().lower(), protocol.strip().lower())
    return [
        service
        for service in services
        if (protocol in ANY_PROTOCOL or protocol in service.protocols)
        and any(low <= service.port <= high for low, high in ranges)
    ]


def describe(services: Iterable[Service]) -> str:
    return ", ".join(dict.fromkeys(service.name for service in services))


def by_kind(rows: Mapping[str, Evaluate]) -> Evaluate:
    """One evaluate per resource kind (the same setting has a different name on each kind)."""

    def evaluate(resource: Resource, project: Project) -> Iterable[Violation]:
        part = rows.get(resource.kind)
        return part(resource, project) if part is not None else ()

    return evaluate


# --- Azure-specific conditions ------------------------------------------------------------------


def network_default_deny(block: str, *, related: tuple[str, ...] = ()) -> Evaluate:
    """Public network access on (the default) with no `<block>.default_action = "Deny"`, inline or in a
    related resource (`azurerm_storage_account_network_rules`)."""
    path = f"{block}.default_action"

    def denies(value: Any) -> bool:  # Unknown counts: it cannot be shown to allow
        return is_unknown(value) or is_text(value, "deny")

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        public = resource.get("public_network_access_enabled")
        if is_unknown(public) or flag(public, False):
            return
        action = value_at(resource.body, path)
        others = project.referencing(resource, *related)
        if denies(action) or any(denies(other.get("default_action")) for other in others):
            return
        where = resource.line_at("public_network_access_enabled")
        if not is_absent(action):
            where, message = resource.line_at(path), f"{path} is {show(action)} with public network access enabled"
        elif others:
            message = f"{others[0].address} has default_action {show(others[0].get('default_action'))}"
        else:
            message = f"public network access with no {block} block: every network may connect"
        yield Violation(where, message, show(action))

    return evaluate


def nested_items_public(resource: Resource, project: Project) -> Iterator[Violation]:
    """`allow_nested_items_to_be_public` (v3+, default true) or the v2 `allow_blob_public_access` true."""
    for path in ("allow_nested_items_to_be_public", "allow_blob_public_access"):
        value = resource.get(path)
        if is_unknown(value) or flag(value, False):
            return
        if flag(value, True):
            yield Violation(resource.line_at(path), f"{path} is true", "true")
            return
    yield Violation(
        resource.line, "allow_nested_items_to_be_public is not set (azurerm v3+ defaults to true)", "default-true"
    )


def _nsg_rules(resource: Resource) -> list[Any]:
    if resource.kind == "azurerm_network_security_group":
        return [rule for rule, _ in lookup_all(resource.body, ("security_rule", "*")) if isinstance(rule, dict)]
    return [resource.body]


def nsg_inbound_open(services: Sequence[Service]) -> Evaluate:
    """NSG rules (inline `security_rule` blocks or `azurerm_network_security_rule`) that allow inbound
    traffic from the internet to one of `services`."""

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        for rule in _nsg_rules(resource):
            if not (is_text(rule.get("direction"), "inbound") and is_text(rule.get("access"), "allow")):
                continue
            prefixes = [*strings(rule.get("source_address_prefix")), *strings(rule.get("source_address_prefixes"))]
            sources = [prefix for prefix in prefixes if is_internet(prefix)]
            protocol = rule.get("protocol", "*")
            if not sources or not isinstance(protocol, str):
                continue
            specs = [*listed(rule.get("destination_port_range")), *listed(rule.get("destination_port_ranges"))]
            ranges = [span for span in map(port_range, specs) if span is not None]
            found = exposed(services, protocol, ranges)
            if found:
                where = line_of(rule, "source_address_prefix", "source_address_prefixes", default=resource.line)
                yield Violation(
                    where,
                    f"inbound Allow from {sources[0]} to port(s) {render_ranges(ranges)}: {describe(found)}",
                    f"{sources[0]}:{render_ranges(ranges)}",
                )

    return evaluate


def _ip(value: Any) -> IPv4Address | None:
    try:
        return IPv4Address(value.strip()) if isinstance(value, str) else None
    except ValueError:
        return None


AZURE_SERVICES = IPv4Address("0.0.0.0")
INTERNET_WIDE = 2**31  # a start-end range holding at least half of IPv4 is "the internet"


def firewall_range(*, azure_services: bool) -> Evaluate:
    """Database firewall rules: the whole internet (`azure_services=False`) or the special
    0.0.0.0-0.0.0.0 rule that admits every Azure-hosted address (`azure_services=True`)."""

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        start, end = _ip(resource.get("start_ip_address")), _ip(resource.get("end_ip_address"))
        if start is None or end is None:
            return
        where = resource.line_at("start_ip_address")
        if start == end == AZURE_SERVICES:
            if azure_services:
                yield Violation(
                    where, "0.0.0.0-0.0.0.0 allows every Azure-hosted address (Allow Azure services)", "azure"
                )
        elif not azure_services and (size := int(end) - int(start) + 1) >= INTERNET_WIDE:
            share = "every IPv4 address" if size == 2**32 else f"{size / 2**32:.0%} of all IPv4 addresses"
            yield Violation(where, f"allows {start}-{end}: {share}", f"{start}-{end}")

    return evaluate


def aks_network_policy(resource: Resource, project: Project) -> Iterator[Violation]:
    policy = value_at(resource.body, "network_profile.network_policy")
    plugin = value_at(resource.body, "network_profile.network_plugin")
    if is_unknown(policy) or is_unknown(plugin) or not is_absent(policy) or is_text(plugin, "none"):
        return  # `none`: bring-your-own CNI, whose policy support cannot be seen here
    where = resource.line_at("network_profile")
    if is_absent(value_at(resource.body, "network_profile")):
        yield Violation(where, "no network_profile: kubenet without a network policy engine", "no-profile")
    else:
        yield Violation(where, "network_profile.network_policy is not set", "missing")


def aks_api_server_public(resource: Resource, project: Project) -> Iterator[Violation]:
    private = resource.get("private_cluster_enabled")
    if is_unknown(private) or flag(private, True):
        return
    for path in ("api_server_access_profile.authorized_ip_ranges", "api_server_authorized_ip_ranges"):
        ranges = value_at(resource.body, path)
        if is_unknown(ranges):
            return
        if is_absent(ranges):
            continue
        open_ranges = [cidr for cidr in strings(ranges) if is_internet(cidr)]
        if open_ranges:
            yield Violation(resource.line_at(path), f"{path} includes {open_ranges[0]}", open_ranges[0])
        return
    profile = "api_server_access_profile" if "api_server_access_profile" in resource.body else "private_cluster_enabled"
    yield Violation(
        resource.line_at(profile),
        "public API server with no authorized_ip_ranges and private_cluster_enabled not true",
        "unrestricted",
    )


APP_SERVICE_KINDS = (
    "azurerm_app_service",
    "azurerm_app_service_slot",
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_linux_web_app_slot",
    "azurerm_windows_web_app_slot",
    "azurerm_function_app",
    "azurerm_function_app_slot",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_linux_function_app_slot",
    "azurerm_windows_function_app_slot",
)
DATABASE_FIREWALL_KINDS = (
    "azurerm_mssql_firewall_rule",
    "azurerm_sql_firewall_rule",
    "azurerm_postgresql_firewall_rule",
    "azurerm_postgresql_flexible_server_firewall_rule",
    "azurerm_mysql_firewall_rule",
    "azurerm_mysql_flexible_server_firewall_rule",
    "azurerm_mariadb_firewall_rule",
    "azurerm_synapse_firewall_rule",
)
NSG_KINDS = ("azurerm_network_security_group", "azurerm_network_security_rule")
OLD_TLS = ("1.0", "1.1", 1.0, 1.1)
SINGLE_SERVER_TLS = all_of(
    equals("ssl_enforcement_enabled", False, message="{path} is false"),
    equals("ssl_minimal_tls_version_enforced", "TLS1_0", "TLS1_1", "TLSEnforcementDisabled"),
)
DATABASE_TLS: dict[str, Evaluate] = {
    "azurerm_mssql_server": equals("minimum_tls_version", *OLD_TLS, "Disabled"),
    "azurerm_postgresql_server": SINGLE_SERVER_TLS,
    "azurerm_mysql_server": SINGLE_SERVER_TLS,
    "azurerm_mariadb_server": SINGLE_SERVER_TLS,
}

PASSWORD_AUTH = "disable_password_authentication"
VM_PASSWORD_AUTH: dict[str, Evaluate] = {  # every one defaults to true (keys only)
    kind: equals(path, False, message="{path} is false: the VM accepts SSH password logins")
    for kind, path in (
        ("azurerm_linux_virtual_machine", PASSWORD_AUTH),
        ("azurerm_linux_virtual_machine_scale_set", PASSWORD_AUTH),
        ("azurerm_orchestrated_virtual_machine_scale_set", f"os_profile.linux_configuration.{PASSWORD_AUTH}"),
        ("azurerm_virtual_machine", f"os_profile_linux_config.{PASSWORD_AUTH}"),
    )
}
SINGLE_SERVER_PUBLIC = required(  # azurerm_postgresql_server / azurerm_mysql_server default to true
    "public_network_access_enabled",
    False,
    message="public_network_access_enabled is true",
    missing_message="public_network_access_enabled is not set (defaults to true)",
)
FLEXIBLE_SERVER_PUBLIC = equals("public_network_access_enabled", True, message="{path} is true")
DATABASE_PUBLIC_ACCESS: dict[str, Evaluate] = {
    "azurerm_postgresql_server": SINGLE_SERVER_PUBLIC,
    "azurerm_mysql_server": SINGLE_SERVER_PUBLIC,
    "azurerm_postgresql_flexible_server": FLEXIBLE_SERVER_PUBLIC,
    "azurerm_mysql_flexible_server": all_of(  # azurerm v4 names it `public_network_access = "Enabled"`
        FLEXIBLE_SERVER_PUBLIC, equals("public_network_access", "Enabled", message="{path} is {value}")
    ),
}

CHECKS: tuple[Check, ...] = (
    terraform_check(
        id="iac/azure-storage-public-blob-access",
        title="Storage account lets blob containers be made public",
        severity=Severity.MEDIUM,
        kinds=("azurerm_storage_account",),
        evaluate=nested_items_public,
        rationale="With allow_nested_items_to_be_public (allow_blob_public_access before azurerm v3) on, any"
        " container in the account can be switched to anonymous read by one API call or one Terraform line,"
        " and its blobs can then be listed and downloaded by anyone with the URL. The provider defaults it to"
        " true, so an account that says nothing is open to that mistake.",
        fix="Set `allow_nested_items_to_be_public = false` on the account; keep files that must be public in a"
        " dedicated account or serve them through Azure Front Door/CDN.",
        insecure_example='resource "azurerm_storage_account" "data" {\n  name                     = "companydata"\n'
        '  account_tier             = "Standard"\n  account_replication_type = "GRS"\n}',
        secure_example='resource "azurerm_storage_account" "data" {\n'
        '  name                            = "companydata"\n  account_tier                    = "Standard"\n'
        '  account_replication_type        = "GRS"\n'
        "  allow_nested_items_to_be_public = false\n}",
        controls=("CIS-AZURE-3.17", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284",),
        references=(
            AZURERM_DOCS + "storage_account#allow_nested_items_to_be_public",
            "https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-prevent",
        ),
    ),
    terraform_check(
        id="iac/azure-storage-https-disabled",
        title="Storage account accepts unencrypted HTTP",
        severity=Severity.MEDIUM,
        kinds=("azurerm_storage_account",),
        evaluate=all_of(
            equals("enable_https_traffic_only", False, message="{path} is false"),
            equals("https_traffic_only_enabled", False, message="{path} is false"),
        ),
        rationale="With secure transfer off, the account serves blob, file, queue and table requests over plain"
        " HTTP (and SMB without encryption): shared-key signatures, SAS tokens and the data itself cross the"
        " network in clear text, readable and modifiable by anyone on the path.",
        fix="Remove the setting or set `https_traffic_only_enabled = true` (`enable_https_traffic_only` before"
        " azurerm v4); clients must then use https:// endpoints.",
        insecure_example='resource "azurerm_storage_account" "data" {\n  # ...\n'
        "  https_traffic_only_enabled = false\n}",
        secure_example='resource "azurerm_storage_account" "data" {\n  # ...\n  https_traffic_only_enabled = true\n}',
        controls=("CIS-AZURE-3.1", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=(
            AZURERM_DOCS + "storage_account#https_traffic_only_enabled",
            "https://learn.microsoft.com/en-us/azure/storage/common/storage-require-secure-transfer",
        ),
    ),
    terraform_check(
        id="iac/azure-storage-tls-outdated",
        title="Storage account allows TLS 1.0/1.1",
        severity=Severity.MEDIUM,
        kinds=("azurerm_storage_account",),
        evaluate=equals("min_tls_version", "TLS1_0", "TLS1_1"),
        rationale="TLS 1.0 and 1.1 are deprecated (RFC 8996) and allow downgrade and CBC padding attacks;"
        " accepting them lets a client (or an attacker forcing a downgrade) talk to the account with broken"
        " cryptography. azurerm v3+ defaults to TLS1_2, so only an explicit older value is reported.",
        fix='Set `min_tls_version = "TLS1_2"` (or remove it) after checking that no client still needs TLS 1.0/1.1.',
        insecure_example='resource "azurerm_storage_account" "data" {\n  # ...\n  min_tls_version = "TLS1_0"\n}',
        secure_example='resource "azurerm_storage_account" "data" {\n  # ...\n  min_tls_version = "TLS1_2"\n}',
        controls=("CIS-AZURE-3.15", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8", "NIST-800-53-SC-13"),
        cwe=("CWE-326", "CWE-327"),
        references=(
            AZURERM_DOCS + "storage_account#min_tls_version",
            "https://learn.microsoft.com/en-us/azure/storage/common/transport-layer-security-configure-minimum-version",
        ),
    ),
    terraform_check(
        id="iac/azure-storage-network-unrestricted",
        title="Storage account accepts connections from every network",
        severity=Severity.MEDIUM,
        kinds=("azurerm_storage_account",),
        evaluate=network_default_deny("network_rules", related=("azurerm_storage_account_network_rules",)),
        rationale="With public network access on and no network rule denying by default, the account's"
        " endpoints answer the whole internet: a leaked account key or SAS token is usable from anywhere, and"
        " the account is exposed to password-spray style key and token guessing.",
        fix='Add `network_rules { default_action = "Deny" }` with the `ip_rules` / `virtual_network_subnet_ids`'
        " that need access (or an `azurerm_storage_account_network_rules` resource), or set"
        " `public_network_access_enabled = false` and use private endpoints.",
        insecure_example='resource "azurerm_storage_account" "data" {\n  # ...\n  network_rules {\n'
        '    default_action = "Allow"\n  }\n}',
        secure_example='resource "azurerm_storage_account" "data" {\n  # ...\n  network_rules {\n'
        '    default_action             = "Deny"\n    bypass                     = ["AzureServices"]\n'
        "    virtual_network_subnet_ids = [azurerm_subnet.app.id]\n  }\n}",
        controls=("CIS-AZURE-3.7", "CIS-AZURE-3.8", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            AZURERM_DOCS + "storage_account#network_rules",
            "https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security",
        ),
    ),
    terraform_check(
        id="iac/azure-storage-container-public",
        title="Storage container allows anonymous read access",
        severity=Severity.HIGH,
        kinds=("azurerm_storage_container",),
        evaluate=equals("container_access_type", "blob", "container", message="container_access_type is {value}"),
        rationale='container_access_type "blob" lets anyone read any blob whose name they know or guess;'
        ' "container" also lets them list the container, handing over every object. Public containers are a'
        " recurring cause of leaked backups, exports and customer files.",
        fix='Set `container_access_type = "private"` (the default) and share individual files with short-lived'
        " user-delegation SAS tokens or through a CDN.",
        insecure_example='resource "azurerm_storage_container" "exports" {\n  name                  = "exports"\n'
        '  storage_account_id    = azurerm_storage_account.data.id\n  container_access_type = "container"\n}',
        secure_example='resource "azurerm_storage_container" "exports" {\n  name                  = "exports"\n'
        '  storage_account_id    = azurerm_storage_account.data.id\n  container_access_type = "private"\n}',
        controls=("CIS-AZURE-3.17", "PCI-DSS-4.0-1.3.1", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284", "CWE-732"),
        references=(
            AZURERM_DOCS + "storage_container#container_access_type",
            "https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-configure",
        ),
    ),
    terraform_check(
        id="iac/azure-nsg-admin-port-open",
        title="Network security group allows SSH/RDP/remote administration from the internet",
        severity=Severity.HIGH,
        kinds=NSG_KINDS,
        evaluate=nsg_inbound_open(ADMIN_SERVICES),
        rationale="An inbound Allow rule from * / Internet / 0.0.0.0/0 to SSH, RDP, Telnet or WinRM exposes the"
        " VM's login service to continuous internet-wide scanning and brute force; RDP and SSH exposure is the"
        " most common initial access route for ransomware crews.",
        fix="Restrict `source_address_prefix(es)` to a VPN, bastion or corporate range, or remove the rule and use"
        " Azure Bastion or just-in-time VM access.",
        insecure_example='security_rule {\n  name                       = "ssh"\n  priority                   = 100\n'
        '  direction                  = "Inbound"\n  access                     = "Allow"\n'
        '  protocol                   = "Tcp"\n  source_port_range          = "*"\n'
        '  destination_port_range     = "22"\n  source_address_prefix      = "*"\n'
        '  destination_address_prefix = "*"\n}',
        secure_example='security_rule {\n  name                       = "ssh"\n  priority                   = 100\n'
        '  direction                  = "Inbound"\n  access                     = "Allow"\n'
        '  protocol                   = "Tcp"\n  source_port_range          = "*"\n'
        '  destination_port_range     = "22"\n  source_address_prefix      = "10.20.0.0/24"\n'
        '  destination_address_prefix = "*"\n}',
        controls=("CIS-AZURE-6.1", "CIS-AZURE-6.2", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            AZURERM_DOCS + "network_security_group",
            "https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview",
        ),
    ),
    terraform_check(
        id="iac/azure-nsg-database-port-open",
        title="Network security group allows database ports from the internet",
        severity=Severity.HIGH,
        kinds=NSG_KINDS,
        evaluate=nsg_inbound_open(DATABASE_SERVICES),
        rationale="Database and cache ports (SQL Server, MySQL, PostgreSQL, MongoDB, Redis, Elasticsearch...)"
        " reachable from the internet are found by scanners within hours; weak or default credentials, and"
        " services such as Redis or Elasticsearch that run without authentication, lead straight to data theft"
        " or ransom.",
        fix="Allow the database port only from the application subnets or application security groups that need"
        " it, and reach it from outside through a VPN or private endpoint.",
        insecure_example='resource "azurerm_network_security_rule" "sql" {\n  direction                  = "Inbound"\n'
        '  access                     = "Allow"\n  protocol                   = "Tcp"\n'
        '  destination_port_range     = "1433"\n  source_address_prefix      = "Internet"\n  # ...\n}',
        secure_example='resource "azurerm_network_security_rule" "sql" {\n  direction                  = "Inbound"\n'
        '  access                     = "Allow"\n  protocol                   = "Tcp"\n'
        '  destination_port_range     = "1433"\n  source_address_prefix      = "10.1.2.0/24"\n  # ...\n}',
        controls=("CIS-AZURE-4.1.2", "PCI-DSS-4.0-1.3.1", "PCI-DSS-4.0-1.4.2", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            AZURERM_DOCS + "network_security_rule",
            "https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview",
        ),
    ),
    terraform_check(
        id="iac/azure-db-firewall-open-to-internet",
        title="Database firewall rule allows the whole internet",
        severity=Severity.CRITICAL,
        kinds=DATABASE_FIREWALL_KINDS,
        evaluate=firewall_range(azure_services=False),
        rationale="A server-level firewall rule from 0.0.0.0 to 255.255.255.255 (or any range covering at least"
        " half of IPv4) lets every host on the internet reach the database's login endpoint; only the password stands"
        " between an attacker and the data, and exposed Azure SQL/PostgreSQL/MySQL servers are brute-forced"
        " constantly.",
        fix="Replace the rule with the specific egress IPs of the clients that need access, or disable public"
        " network access and connect through a private endpoint or VNet rule.",
        insecure_example='resource "azurerm_mssql_firewall_rule" "all" {\n  name             = "all"\n'
        '  server_id        = azurerm_mssql_server.main.id\n  start_ip_address = "0.0.0.0"\n'
        '  end_ip_address   = "255.255.255.255"\n}',
        secure_example='resource "azurerm_mssql_firewall_rule" "office" {\n  name             = "office"\n'
        '  server_id        = azurerm_mssql_server.main.id\n  start_ip_address = "203.0.113.10"\n'
        '  end_ip_address   = "203.0.113.10"\n}',
        controls=("CIS-AZURE-4.1.2", "PCI-DSS-4.0-1.3.1", "PCI-DSS-4.0-1.4.2", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            AZURERM_DOCS + "mssql_firewall_rule",
            "https://learn.microsoft.com/en-us/azure/azure-sql/database/firewall-configure",
        ),
    ),
    terraform_check(
        id="iac/azure-db-firewall-allows-azure-services",
        title='Database firewall rule "Allow Azure services" admits every Azure-hosted address',
        severity=Severity.MEDIUM,
        kinds=DATABASE_FIREWALL_KINDS,
        evaluate=firewall_range(azure_services=True),
        rationale='The special 0.0.0.0-0.0.0.0 rule does not mean "nothing": it allows connections from any'
        " Azure-hosted address, including VMs and functions in other customers' subscriptions. Anyone with an"
        " Azure account can reach the login endpoint, so the rule is much wider than it looks.",
        fix="Delete the rule and allow your own workloads explicitly: VNet rules/service endpoints, private"
        " endpoints, or the specific outbound IPs of the App Service or function that connects.",
        insecure_example='resource "azurerm_postgresql_firewall_rule" "azure" {\n  name             = "azure"\n'
        '  start_ip_address = "0.0.0.0"\n  end_ip_address   = "0.0.0.0"\n  # ...\n}',
        secure_example='resource "azurerm_postgresql_virtual_network_rule" "app" {\n  name      = "app"\n'
        "  subnet_id = azurerm_subnet.app.id\n  # ...\n}",
        controls=("CIS-AZURE-4.3.7", "CIS-AZURE-4.1.2", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            AZURERM_DOCS + "postgresql_firewall_rule",
            "https://learn.microsoft.com/en-us/azure/azure-sql/database/firewall-configure"
            "#connections-from-inside-azure",
        ),
    ),
    terraform_check(
        id="iac/azure-keyvault-purge-protection-disabled",
        title="Key Vault can be purged (purge protection off)",
        severity=Severity.MEDIUM,
        kinds=("azurerm_key_vault",),
        evaluate=all_of(
            required(
                "purge_protection_enabled",
                True,
                message="purge_protection_enabled is false",
                missing_message="purge_protection_enabled is not set (defaults to false)",
            ),
            equals("soft_delete_enabled", False, message="soft_delete_enabled is false"),
        ),
        rationale="Without purge protection, anyone holding (or having stolen) the vault's delete and purge"
        " permissions can permanently destroy it and its keys during the soft-delete window. Data encrypted with"
        " a purged customer-managed key (storage, SQL TDE, disks) becomes unrecoverable: a one-step ransomware"
        " or sabotage move.",
        fix="Set `purge_protection_enabled = true` (it cannot be turned off again) and keep"
        " `soft_delete_retention_days` at 90 unless you need a shorter window.",
        insecure_example='resource "azurerm_key_vault" "main" {\n  name     = "main-kv"\n  sku_name = "standard"\n'
        "  # ...\n}",
        secure_example='resource "azurerm_key_vault" "main" {\n  name                       = "main-kv"\n'
        '  sku_name                   = "standard"\n  purge_protection_enabled   = true\n'
        "  soft_delete_retention_days = 90\n  # ...\n}",
        controls=("CIS-AZURE-8.5", "SOC2-A1.2", "NIST-800-53-CP-9", "NIST-800-53-SC-12"),
        cwe=("CWE-693",),
        references=(
            AZURERM_DOCS + "key_vault#purge_protection_enabled",
            "https://learn.microsoft.com/en-us/azure/key-vault/general/soft-delete-overview",
        ),
    ),
    terraform_check(
        id="iac/azure-keyvault-network-unrestricted",
        title="Key Vault accepts connections from every network",
        severity=Severity.LOW,
        kinds=("azurerm_key_vault",),
        evaluate=network_default_deny("network_acls"),
        rationale="A vault with public network access and no network ACL denying by default answers the whole"
        " internet; a leaked service-principal secret or token can then read secrets and use keys from"
        " anywhere instead of only from your networks. Identity still gates access, hence the low severity.",
        fix='Add `network_acls { default_action = "Deny"  bypass = "AzureServices" }` with the `ip_rules` and'
        " `virtual_network_subnet_ids` that need the vault, or set `public_network_access_enabled = false` and"
        " use a private endpoint.",
        insecure_example='resource "azurerm_key_vault" "main" {\n  # ...\n  network_acls {\n'
        '    default_action = "Allow"\n    bypass         = "AzureServices"\n  }\n}',
        secure_example='resource "azurerm_key_vault" "main" {\n  # ...\n  network_acls {\n'
        '    default_action             = "Deny"\n    bypass                     = "AzureServices"\n'
        "    virtual_network_subnet_ids = [azurerm_subnet.app.id]\n  }\n}",
        controls=("CIS-AZURE-8.7", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            AZURERM_DOCS + "key_vault#network_acls",
            "https://learn.microsoft.com/en-us/azure/key-vault/general/network-security",
        ),
    ),
    terraform_check(
        id="iac/azure-aks-rbac-disabled",
        title="AKS cluster has Kubernetes RBAC disabled",
        severity=Severity.HIGH,
        kinds=("azurerm_kubernetes_cluster",),
        evaluate=all_of(
            equals("role_based_access_control_enabled", False, message="{path} is false"),
            equals("role_based_access_control.enabled", False, message="{path} is false"),
        ),
        rationale="Without RBAC the API server authorises every authenticated request: any user, pod service"
        " account or leaked kubeconfig can read every secret and run privileged workloads on every node. RBAC"
        " cannot be turned on later without recreating the cluster.",
        fix="Set `role_based_access_control_enabled = true` (the default) and bind users through Entra ID"
        " groups with `azure_active_directory_role_based_access_control`.",
        insecure_example='resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n'
        "  role_based_access_control_enabled = false\n}",
        secure_example='resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n'
        "  role_based_access_control_enabled = true\n  azure_active_directory_role_based_access_control {\n"
        "    azure_rbac_enabled = true\n  }\n}",
        controls=("CIS-AKS-5.5.1", "CIS-K8S-1.2.8", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.3", "NIST-800-53-AC-3"),
        cwe=("CWE-285",),
        references=(
            AZURERM_DOCS + "kubernetes_cluster#role_based_access_control_enabled",
            "https://learn.microsoft.com/en-us/azure/aks/concepts-identity",
        ),
    ),
    terraform_check(
        id="iac/azure-aks-network-policy-missing",
        title="AKS cluster has no network policy engine",
        severity=Severity.LOW,
        kinds=("azurerm_kubernetes_cluster",),
        evaluate=aks_network_policy,
        rationale="Without a network policy engine (azure, calico or cilium) Kubernetes NetworkPolicy objects are"
        " accepted but ignored, so every pod can reach every other pod and service: one compromised workload can"
        " move laterally to databases and internal APIs. The engine must be chosen at cluster creation.",
        fix='Set `network_profile { network_plugin = "azure"  network_policy = "azure" }` (or `calico`/`cilium`)'
        " and add NetworkPolicies that deny by default.",
        insecure_example='resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  network_profile {\n'
        '    network_plugin = "azure"\n  }\n}',
        secure_example='resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  network_profile {\n'
        '    network_plugin = "azure"\n    network_policy = "calico"\n  }\n}',
        controls=("CIS-AKS-5.4.4", "CIS-K8S-5.3.1", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            AZURERM_DOCS + "kubernetes_cluster#network_policy",
            "https://learn.microsoft.com/en-us/azure/aks/use-network-policies",
        ),
    ),
    terraform_check(
        id="iac/azure-aks-api-server-public",
        title="AKS API server is reachable from any IP address",
        severity=Severity.MEDIUM,
        kinds=("azurerm_kubernetes_cluster",),
        evaluate=aks_api_server_public,
        rationale="A non-private cluster without authorized IP ranges exposes the Kubernetes API server to the"
        " whole internet: stolen kubeconfigs and tokens work from anywhere, and API server vulnerabilities can"
        " be exploited by anyone who finds the endpoint.",
        fix="Set `private_cluster_enabled = true`, or list your CI and admin egress ranges in"
        " `api_server_access_profile { authorized_ip_ranges = [...] }`.",
        insecure_example='resource "azurerm_kubernetes_cluster" "main" {\n  name       = "main"\n'
        '  dns_prefix = "main"\n  # ...\n}',
        secure_example='resource "azurerm_kubernetes_cluster" "main" {\n  name       = "main"\n'
        '  dns_prefix = "main"\n  api_server_access_profile {\n'
        '    authorized_ip_ranges = ["203.0.113.0/24"]\n  }\n  # ...\n}',
        controls=("CIS-AKS-5.4.1", "CIS-AKS-5.4.2", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            AZURERM_DOCS + "kubernetes_cluster#api_server_access_profile",
            "https://learn.microsoft.com/en-us/azure/aks/api-server-authorized-ip-ranges",
        ),
    ),
    terraform_check(
        id="iac/azure-aks-local-accounts-enabled",
        title="AKS cluster keeps local (non-Entra ID) admin accounts",
        severity=Severity.LOW,
        kinds=("azurerm_kubernetes_cluster",),
        evaluate=required(
            "local_account_disabled",
            True,
            message="local_account_disabled is false",
            missing_message="local_account_disabled is not set (local accounts stay enabled)",
        ),
        rationale="Local accounts give a static cluster-admin credential (`az aks get-credentials --admin`) that"
        " bypasses Entra ID: no MFA, no conditional access, no per-user audit trail, and it keeps working for"
        " people who have left until the cluster certificates are rotated.",
        fix="Enable Entra ID integration (`azure_active_directory_role_based_access_control`) and set"
        " `local_account_disabled = true`.",
        insecure_example='resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n}',
        secure_example='resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  local_account_disabled = true\n'
        "  azure_active_directory_role_based_access_control {\n    azure_rbac_enabled = true\n  }\n}",
        controls=("CIS-AKS-5.5.1", "PCI-DSS-4.0-8.2.2", "SOC2-CC6.1", "NIST-800-53-IA-2", "NIST-800-53-AC-2"),
        cwe=("CWE-287",),
        references=(
            AZURERM_DOCS + "kubernetes_cluster#local_account_disabled",
            "https://learn.microsoft.com/en-us/azure/aks/manage-local-accounts-managed-azure-ad",
        ),
    ),
    terraform_check(
        id="iac/azure-app-service-https-only-disabled",
        title="App Service accepts plain HTTP",
        severity=Severity.MEDIUM,
        kinds=APP_SERVICE_KINDS,
        evaluate=required(
            "https_only",
            True,
            message="https_only is false",
            missing_message="https_only is not set (defaults to false)",
        ),
        rationale="Without https_only the app answers on http:// too: session cookies, bearer tokens and form"
        " data sent there cross the network in clear text, and an attacker on the path can strip the upgrade"
        " to HTTPS.",
        fix="Set `https_only = true` so App Service redirects every HTTP request to HTTPS.",
        insecure_example='resource "azurerm_linux_web_app" "web" {\n  # ...\n  site_config {}\n}',
        secure_example='resource "azurerm_linux_web_app" "web" {\n  # ...\n  https_only = true\n  site_config {}\n}',
        controls=("CIS-AZURE-9.2", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=(
            AZURERM_DOCS + "linux_web_app#https_only",
            "https://learn.microsoft.com/en-us/azure/app-service/configure-ssl-bindings#enforce-https",
        ),
    ),
    terraform_check(
        id="iac/azure-app-service-tls-outdated",
        title="App Service allows TLS 1.0/1.1",
        severity=Severity.MEDIUM,
        kinds=APP_SERVICE_KINDS,
        evaluate=all_of(
            *(
                equals(f"site_config.{name}", *OLD_TLS)
                for name in ("minimum_tls_version", "scm_minimum_tls_version", "min_tls_version")
            )
        ),
        rationale="TLS 1.0 and 1.1 are deprecated (RFC 8996) and vulnerable to downgrade and CBC attacks; an app"
        " (or its Kudu/SCM deployment endpoint) that still accepts them lets clients and attackers negotiate"
        " broken encryption. The provider default is 1.2, so only explicit older values are reported.",
        fix='Set `site_config { minimum_tls_version = "1.2" }` and `scm_minimum_tls_version = "1.2"` (or remove them);'
        " the legacy azurerm_app_service and azurerm_function_app call it `min_tls_version`.",
        insecure_example='resource "azurerm_windows_web_app" "web" {\n  # ...\n  site_config {\n'
        '    minimum_tls_version = "1.0"\n  }\n}',
        secure_example='resource "azurerm_windows_web_app" "web" {\n  # ...\n  site_config {\n'
        '    minimum_tls_version = "1.2"\n  }\n}',
        controls=("CIS-AZURE-9.3", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8", "NIST-800-53-SC-13"),
        cwe=("CWE-326", "CWE-327"),
        references=(
            AZURERM_DOCS + "linux_web_app#minimum_tls_version",
            "https://learn.microsoft.com/en-us/azure/app-service/overview-tls",
        ),
    ),
    terraform_check(
        id="iac/azure-app-service-ftp-enabled",
        title="App Service allows plain FTP deployments",
        severity=Severity.MEDIUM,
        kinds=APP_SERVICE_KINDS,
        evaluate=equals("site_config.ftps_state", "AllAllowed"),
        rationale='ftps_state "AllAllowed" accepts unencrypted FTP: the deployment credentials and the code'
        " uploaded with them cross the network in clear text, and whoever captures them can replace the"
        " application.",
        fix='Set `site_config { ftps_state = "Disabled" }` (or "FtpsOnly" if you really deploy over FTP) and'
        " deploy with zip deploy, GitHub Actions or another authenticated pipeline.",
        insecure_example='resource "azurerm_linux_web_app" "web" {\n  # ...\n  site_config {\n'
        '    ftps_state = "AllAllowed"\n  }\n}',
        secure_example='resource "azurerm_linux_web_app" "web" {\n  # ...\n  site_config {\n'
        '    ftps_state = "Disabled"\n  }\n}',
        controls=("CIS-AZURE-9.9", "PCI-DSS-4.0-4.2.1", "PCI-DSS-4.0-2.2.7", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=(
            AZURERM_DOCS + "linux_web_app#ftps_state",
            "https://learn.microsoft.com/en-us/azure/app-service/deploy-ftp",
        ),
    ),
    terraform_check(
        id="iac/azure-db-tls-not-enforced",
        title="Azure database server accepts unencrypted or TLS 1.0/1.1 connections",
        severity=Severity.MEDIUM,
        kinds=tuple(DATABASE_TLS),
        evaluate=by_kind(DATABASE_TLS),
        rationale="A SQL Server whose minimum TLS version is 1.0/1.1 or Disabled, or a PostgreSQL/MySQL/MariaDB"
        " server without SSL enforcement, lets clients send credentials and query results with weak or no"
        " encryption; a misconfigured client silently falls back to it.",
        fix='Set `minimum_tls_version = "1.2"` on azurerm_mssql_server; on single servers set'
        ' `ssl_enforcement_enabled = true` and `ssl_minimal_tls_version_enforced = "TLS1_2"`.',
        insecure_example='resource "azurerm_mssql_server" "main" {\n  # ...\n  minimum_tls_version = "1.0"\n}',
        secure_example='resource "azurerm_mssql_server" "main" {\n  # ...\n  minimum_tls_version = "1.2"\n}',
        controls=(
            "CIS-AZURE-4.3.1",
            "CIS-AZURE-4.4.1",
            "CIS-AZURE-4.4.2",
            "PCI-DSS-4.0-4.2.1",
            "SOC2-CC6.7",
            "NIST-800-53-SC-8",
        ),
        cwe=("CWE-319", "CWE-326"),
        references=(
            AZURERM_DOCS + "mssql_server#minimum_tls_version",
            AZURERM_DOCS + "postgresql_server#ssl_enforcement_enabled",
            "https://learn.microsoft.com/en-us/azure/azure-sql/database/connectivity-settings#minimum-tls-version",
        ),
    ),
    terraform_check(
        id="iac/azure-mssql-public-network-access",
        title="Azure SQL server has public network access enabled",
        severity=Severity.MEDIUM,
        kinds=("azurerm_mssql_server",),
        evaluate=required(
            "public_network_access_enabled",
            False,
            message="public_network_access_enabled is true",
            missing_message="public_network_access_enabled is not set (defaults to true)",
        ),
        rationale="With public network access on, the server's endpoint is reachable from the internet and only"
        " its firewall rules decide who gets to the login prompt; one broad rule (see"
        " iac/azure-db-firewall-open-to-internet) is then enough to expose it. Private endpoints remove the"
        " exposure entirely.",
        fix="Set `public_network_access_enabled = false` and connect through a private endpoint"
        " (`azurerm_private_endpoint` with the `sqlServer` subresource).",
        insecure_example='resource "azurerm_mssql_server" "main" {\n  # ...\n  public_network_access_enabled = true\n}',
        secure_example='resource "azurerm_mssql_server" "main" {\n  # ...\n  public_network_access_enabled = false\n}',
        controls=("CIS-AZURE-4.1.2", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            AZURERM_DOCS + "mssql_server#public_network_access_enabled",
            "https://learn.microsoft.com/en-us/azure/azure-sql/database/connectivity-settings#deny-public-network-access",
        ),
    ),
    terraform_check(
        id="iac/azure-vm-password-authentication",
        title="Linux VM allows SSH password authentication",
        severity=Severity.HIGH,
        kinds=tuple(VM_PASSWORD_AUTH),
        evaluate=by_kind(VM_PASSWORD_AUTH),
        rationale="With password authentication on, the VM's SSH daemon accepts the admin password, which"
        " internet-wide bots spray and brute-force from the moment a public IP or a too-broad NSG rule exposes"
        " port 22; a guessed or leaked password (it is also stored in the Terraform state) is a root-capable"
        " shell. SSH keys cannot be guessed. The provider defaults to keys only, so only an explicit false is"
        " reported.",
        fix="Remove `disable_password_authentication = false` (or set it to true), drop `admin_password`, and"
        " give the admin user an `admin_ssh_key`; better, log in with Entra ID (the AADSSHLoginForLinux"
        " extension) through Azure Bastion.",
        insecure_example='resource "azurerm_linux_virtual_machine" "app" {\n  # ...\n'
        '  admin_username                  = "azureuser"\n  admin_password                  = var.admin_password\n'
        "  disable_password_authentication = false\n}",
        secure_example='resource "azurerm_linux_virtual_machine" "app" {\n  # ...\n  admin_username = "azureuser"\n'
        '  admin_ssh_key {\n    username   = "azureuser"\n    public_key = file("~/.ssh/id_ed25519.pub")\n  }\n}',
        controls=("SOC2-CC6.1", "NIST-800-53-IA-2", "NIST-800-53-IA-5(2)"),
        cwe=("CWE-309",),
        references=(
            AZURERM_DOCS + "linux_virtual_machine#disable_password_authentication",
            "https://learn.microsoft.com/en-us/azure/virtual-machines/linux/mac-create-ssh-keys",
        ),
    ),
    terraform_check(
        id="iac/azure-postgresql-public-network-access",
        title="Azure PostgreSQL/MySQL server has public network access enabled",
        severity=Severity.MEDIUM,
        kinds=tuple(DATABASE_PUBLIC_ACCESS),
        evaluate=by_kind(DATABASE_PUBLIC_ACCESS),
        rationale="With public network access on, the server's login endpoint is on the internet and only its"
        " firewall rules decide who reaches it; one broad rule (see iac/azure-db-firewall-open-to-internet) or"
        ' the "Allow Azure services" rule then exposes the database to password spraying and to exploits of'
        " the engine itself. Single servers default to public access, so an absent setting is reported there;"
        ' flexible servers are reported only when the setting is explicitly true (or "Enabled").',
        fix="Set `public_network_access_enabled = false` and connect through a private endpoint; for flexible"
        " servers deploy into a delegated subnet (`delegated_subnet_id` with `private_dns_zone_id`) or use a"
        ' private endpoint, with `public_network_access = "Disabled"` on MySQL flexible servers.',
        insecure_example='resource "azurerm_postgresql_flexible_server" "main" {\n  # ...\n'
        "  public_network_access_enabled = true\n}",
        secure_example='resource "azurerm_postgresql_flexible_server" "main" {\n  # ...\n'
        "  delegated_subnet_id           = azurerm_subnet.db.id\n"
        "  private_dns_zone_id           = azurerm_private_dns_zone.db.id\n"
        "  public_network_access_enabled = false\n}",
        controls=("CIS-CSC-12.2", "PCI-DSS-4.0-1.3.1", "PCI-DSS-4.0-1.4.2", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=(
            AZURERM_DOCS + "postgresql_server#public_network_access_enabled",
            AZURERM_DOCS + "postgresql_flexible_server#public_network_access_enabled",
            AZURERM_DOCS + "mysql_flexible_server#public_network_access",
            "https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-networking-public",
        ),
    ),
)
