"""AWS service checks (databases, messaging, compute, networking edges) for Terraform.

Controls: `CIS-AWS-<item>` is the CIS AWS Foundations Benchmark v3 and `CIS-EKS-<item>` the CIS
Amazon EKS Benchmark. Most services here have no CIS Foundations item; they map to the CIS
Critical Security Controls v8 safeguard they implement (`CIS-CSC-<safeguard>`, e.g. CIS-CSC-3.11
"Encrypt Sensitive Data at Rest") rather than to an unrelated benchmark item.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from pavedroad.analyzers.iac.check import Check, Evaluate, Project, Violation
from pavedroad.analyzers.iac.checks.aws import OPEN_CIDRS, open_ingress_ports, terraform_check
from pavedroad.analyzers.iac.conditions import all_of, equals, is_unknown, only_if, required
from pavedroad.analyzers.iac.model import MISSING, Node, Resource, Unknown, lookup, lookup_all, split_path
from pavedroad.core.findings import Confidence, Severity

DATABASE_PORTS = {
    1433: "SQL Server",
    1434: "SQL Server Browser",
    1521: "Oracle",
    2379: "etcd",
    2483: "Oracle",
    2484: "Oracle",
    3306: "MySQL/MariaDB",
    5432: "PostgreSQL",
    5439: "Redshift",
    5601: "Kibana/OpenSearch Dashboards",
    5984: "CouchDB",
    6379: "Redis",
    7000: "Cassandra",
    7001: "Cassandra",
    7199: "Cassandra JMX",
    7474: "Neo4j",
    7687: "Neo4j",
    8086: "InfluxDB",
    8091: "Couchbase",
    8123: "ClickHouse",
    8529: "ArangoDB",
    9042: "Cassandra",
    9160: "Cassandra",
    9200: "Elasticsearch/OpenSearch",
    9300: "Elasticsearch/OpenSearch",
    11210: "Couchbase",
    11211: "Memcached",
    26257: "CockroachDB",
    27017: "MongoDB",
    27018: "MongoDB",
    27019: "MongoDB",
    28015: "RethinkDB",
    50000: "Db2",
}

IS_FALSE = "{path} is false"

SECURITY_GROUP_KINDS = ("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule")
RDS_KINDS = ("aws_db_instance", "aws_rds_cluster")
OPENSEARCH_KINDS = ("aws_opensearch_domain", "aws_elasticsearch_domain")
LISTENER_KINDS = ("aws_lb_listener", "aws_alb_listener")
LOAD_BALANCER_KINDS = ("aws_lb", "aws_alb")

# ---------------------------------------------------------------------------------------------
# Values and paths


def _set(value: Any) -> bool:
    """Present and not empty (an Unknown counts as set: it may well hold a value)."""
    return value is not MISSING and value is not None and value not in ("", [], {})


def _is(resource: Resource, path: str, *values: Any) -> bool:
    """The value at `path` is known and one of `values` (strings case-insensitively; True matches "true")."""
    return _matches(resource.get(path), *values)


def _matches(value: Any, *values: Any) -> bool:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        value = value.lower() == "true"
    for expected in values:
        if isinstance(expected, bool) or isinstance(value, bool):
            if value is expected:
                return True
        elif isinstance(value, str) and isinstance(expected, str):
            if value.lower() == expected.lower():
                return True
        elif value == expected:
            return True
    return False


def _unknown_on_path(resource: Resource, path: str) -> bool:
    """An Unknown stands somewhere along `path` (a dynamic block whose for_each is not known).

    `lookup` answers MISSING for a path that runs through an Unknown, so `required` alone would
    report "not set" for a block that is only unknown.
    """
    value: Any = resource.body
    for step in split_path(path):
        if isinstance(value, Unknown):
            return True
        if isinstance(value, list) and isinstance(step, str):
            value = value[0] if value else MISSING
        if isinstance(value, dict) and isinstance(step, str):
            value = value.get(step, MISSING)
        elif isinstance(value, list) and isinstance(step, int):
            value = value[step] if 0 <= step < len(value) else MISSING
        else:
            return isinstance(value, Unknown)
    return isinstance(value, Unknown)


def must_be(
    path: str,
    *good: Any,
    secure_default: Callable[[Resource], bool] | None = None,
    message: str = "{path} is {value}",
    missing_message: str = "{path} is not set",
) -> Evaluate:
    """`required(path, *good)`, silent where the path runs through an Unknown, and silent for an
    absent value where `secure_default(resource)` says the default is the secure one."""
    check = required(path, *good, message=message, missing_message=missing_message)

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        if _unknown_on_path(resource, path):
            return
        if secure_default is not None and resource.get(path) in (MISSING, None) and secure_default(resource):
            return
        yield from check(resource, project)

    return evaluate


def none_set(*paths: str) -> Callable[[Resource], bool]:
    """Condition: none of `paths` is set (for `only_if`: replicas, restores...)."""
    return lambda resource: not any(_set(resource.get(path)) for path in paths)


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


# ---------------------------------------------------------------------------------------------
# Related resources


_INSTANCE_KEY = re.compile(r"\[(\"[^\"]*\"|\d+)\]$")
_MODULE_PREFIX = re.compile(r"^((?:module\.[^.]+\.)*)")


def _split_address(address: str) -> tuple[str, str, str | None]:
    """`module.a.aws_subnet.s["x"]` -> ("module.a.", "aws_subnet.s", '"x"')."""
    key = None
    match = _INSTANCE_KEY.search(address)
    if match:
        key, address = match.group(1), address[: match.start()]
    prefix = _MODULE_PREFIX.match(address)
    module = prefix.group(1) if prefix else ""
    return module, address[len(module) :], key


def _local(resource: Resource) -> str:
    """The address within its module (`aws_subnet.s["x"]`): the same whether the module's directory is
    evaluated on its own or through a call, so messages built from it deduplicate."""
    _, local, key = _split_address(resource.address)
    return f"{local}[{key}]" if key else local


def _same_module(source: Resource, target: Resource) -> bool:
    """Same module instance. Every directory is also evaluated as a root module with no address
    prefix, so two directories' `aws_x.y` differ only by their path."""
    return _split_address(source.address)[0] == _split_address(target.address)[0] and (
        PurePosixPath(source.path).parent == PurePosixPath(target.path).parent
    )


def _points_to(value: Any, source: Resource, target: Resource, identity: tuple[str, ...] = ()) -> bool:
    """`value` (an attribute of `source`) refers to `target`: by a reference in the same module
    (`aws_subnet.a.id`, `aws_subnet.s["x"].id`, `aws_subnet.s[*].id`), or by a literal equal to one
    of the target's `identity` attributes (its name, domain_name, cluster_identifier...)."""
    if not _same_module(source, target):
        return False
    _, local, key = _split_address(target.address)
    names = {name for attribute in identity if isinstance(name := target.body.get(attribute), str) and name}
    for leaf in _leaves(value):
        if isinstance(leaf, Unknown) and local in leaf.references:
            # a for_each instance: `x["a"]` names one instance; `x[*]`, `values(x)` or `for` mean all
            if key is None or f"{local}[{key}]" in leaf.expression or f'{local}["' not in leaf.expression:
                return True
        elif isinstance(leaf, str) and leaf in names:
            return True
    return False


def _targets(
    source: Resource, attribute: str, project: Project, kinds: tuple[str, ...], identity: tuple[str, ...] = ()
) -> list[Resource]:
    """Resources of `kinds` that `source`'s `attribute` points at (list attributes included)."""
    value = source.get(attribute)
    if value is MISSING or value is None:
        return []
    return [target for target in project.of_kind(*kinds) if _points_to(value, source, target, identity)]


def _pointing_at(
    target: Resource, attribute: str, project: Project, kinds: tuple[str, ...], identity: tuple[str, ...] = ()
) -> list[Resource]:
    """Resources of `kinds` whose `attribute` points at `target`."""
    return [source for source in project.of_kind(*kinds) if _points_to(source.get(attribute), source, target, identity)]


# ---------------------------------------------------------------------------------------------
# Resource policies (SQS, SNS, OpenSearch...): a statement that lets anyone call


_UNKNOWN_MARK = "__pavedroad_unknown__"
_INTERPOLATION = re.compile(r"\$\{[^{}]*\}")
# Condition keys that limit *who* can make the call (an account, organization, source or network).
_RESTRICTING_KEYS = frozenset(
    key.lower()
    for key in (
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:SourceOwner",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalServiceName",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceVpcArn",
        "aws:SourceIp",
        "aws:VpcSourceIp",
        "aws:userid",
        "aws:username",
    )
)


def _parse_policy(value: Any, source: Resource, project: Project) -> tuple[list[Any], str] | None:
    """The statements of a policy given as a JSON string, a `jsonencode` object, a heredoc with
    unknown interpolations, or a reference to a `data.aws_iam_policy_document`; None if unknowable."""
    if isinstance(value, Unknown):
        documents = [
            document
            for document in project.of_kind("data.aws_iam_policy_document")
            if value.expression.endswith(".json") and _points_to(value, source, document)
        ]
        if len(documents) == 1:
            return _document_statements(documents[0]), f" of {_local(documents[0])}"
        if "%{" in value.expression:
            return None
        value = _INTERPOLATION.sub(_UNKNOWN_MARK, value.expression)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict):
        return None
    statements = value.get("Statement", MISSING)
    if isinstance(statements, dict):
        return [statements], ""
    return (list(statements), "") if isinstance(statements, list) else None


def _document_statements(document: Resource) -> list[Any]:
    """`data.aws_iam_policy_document` statement blocks in IAM JSON form."""
    statements: list[Any] = []
    for block, _ in lookup_all(document.body, ("statement", "*")):
        if not isinstance(block, dict):
            statements.append(block)
            continue
        principal: Any = MISSING
        principals = block.get("principals", MISSING)
        if isinstance(principals, list):
            principal = {}
            for item in principals:
                kind = item.get("type") if isinstance(item, dict) else None
                if not isinstance(kind, str):
                    principal = Unknown("principals")
                    break
                if kind == "*":
                    kind = "AWS"  # `type = "*"` is IAM's `"Principal": "*"`
                principal.setdefault(kind, []).extend(_leaves(item.get("identifiers", [])))
        elif principals is not MISSING:
            principal = Unknown("principals")
        condition: Any = MISSING
        conditions = block.get("condition", MISSING)
        if isinstance(conditions, list):
            condition = {}
            for item in conditions:
                if not isinstance(item, dict):
                    condition = Unknown("condition")
                    break
                condition.setdefault(str(item.get("test")), {})[item.get("variable")] = item.get("values")
        elif conditions is not MISSING:
            condition = Unknown("condition")
        statements.append(
            {"Sid": block.get("sid", MISSING), "Effect": block.get("effect", "Allow"), "Principal": principal}
            | ({"Condition": condition} if condition is not MISSING else {})
        )
    return statements


def _anyone(principal: Any) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        for kind, identifiers in principal.items():
            if isinstance(kind, str) and kind.upper() == "AWS":
                items = identifiers if isinstance(identifiers, list) else [identifiers]
                if "*" in items:
                    return True
    return False


def _restricts_caller(condition: Any) -> bool:
    """A Condition limits who can call; anything not understood is assumed to limit it."""
    if condition is MISSING or condition is None or condition in ({}, []):
        return False
    if not isinstance(condition, dict):
        return True
    for clauses in condition.values():
        if not isinstance(clauses, dict):
            return True
        for key in clauses:
            if not isinstance(key, str) or _UNKNOWN_MARK in key or key.lower() in _RESTRICTING_KEYS:
                return True
    return False


def public_statements(value: Any, source: Resource, project: Project) -> list[str]:
    """Labels (Sid or position) of the Allow statements open to Principal "*" with no condition on
    the caller, in a policy (JSON string, dict, heredoc or aws_iam_policy_document reference)."""
    parsed = _parse_policy(value, source, project)
    if parsed is None:
        return []
    statements, where = parsed
    found = []
    for index, statement in enumerate(statements):
        if not isinstance(statement, dict):
            continue
        effect = statement.get("Effect", MISSING)
        if not (isinstance(effect, str) and effect.lower() == "allow"):
            continue
        if _anyone(statement.get("Principal", MISSING)) and not _restricts_caller(statement.get("Condition", MISSING)):
            sid = statement.get("Sid", MISSING)
            found.append(f"{sid!r}{where}" if isinstance(sid, str) and sid else f"#{index + 1}{where}")
    return found


def public_policy(path: str, *, applies: Callable[[Resource, Project], bool] | None = None) -> Evaluate:
    """Violation for each statement of the policy at `path` that lets anyone call."""

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        value = resource.get(path)
        if value is MISSING or value is None or (applies is not None and not applies(resource, project)):
            return
        for label in public_statements(value, resource, project):
            yield Violation(
                resource.line_at(path),
                f'statement {label} allows Principal "*" with no condition limiting the caller',
                f"principal-star:{label}",
            )

    return evaluate


# ---------------------------------------------------------------------------------------------
# Security groups


def _ipv6_lines(evaluate: Evaluate) -> Evaluate:
    """Points an IPv6 finding of `open_ingress_ports` at the IPv6 attribute.

    The helper places every finding on `cidr_blocks` (or `cidr_ipv4`), so a rule open only through
    `ipv6_cidr_blocks`/`cidr_ipv6` was reported on the rule's first line or on its IPv4 list.
    """

    def fixed(resource: Resource, project: Project) -> Iterator[Violation]:
        rules: list[Node] = [resource.body]
        if resource.kind == "aws_security_group":
            rules = [rule for rule, _ in lookup_all(resource.body, ("ingress", "*")) if isinstance(rule, Node)]
        for violation in evaluate(resource, project):
            if violation.evidence.startswith("::/0"):
                for rule in rules:
                    key = next((key for key in ("ipv6_cidr_blocks", "cidr_ipv6") if key in rule), None)
                    if key and violation.line in (rule.line, rule.line_of("cidr_blocks"), rule.line_of("cidr_ipv4")):
                        violation = replace(violation, line=rule.line_of(key))
                        break
            yield violation

    return fixed


# ---------------------------------------------------------------------------------------------
# RDS


def _rds_copy(resource: Resource) -> bool:
    """A replica, restore or secondary whose settings come from its source."""
    return not none_set(
        "replicate_source_db",
        "snapshot_identifier",
        "restore_to_point_in_time",
        "replication_source_identifier",
        "global_cluster_identifier",
        "s3_import",
    )(resource)


def _serverless_v1(resource: Resource) -> bool:
    return resource.kind == "aws_rds_cluster" and _is(resource, "engine_mode", "serverless")


def _iam_auth_engine(resource: Resource) -> bool:
    """The engine supports IAM database authentication (MySQL, MariaDB, PostgreSQL, Aurora)."""
    engine = resource.get("engine")
    if engine is MISSING and resource.kind == "aws_rds_cluster":
        return True  # the cluster default engine is Aurora MySQL
    return isinstance(engine, str) and engine.lower().startswith(("mysql", "mariadb", "postgres", "aurora"))


def _backup_retention_short(resource: Resource, project: Project) -> Iterator[Violation]:
    value = resource.get("backup_retention_period")
    if value is MISSING or value is None:
        yield Violation(resource.line, "backup_retention_period is not set (the default keeps 1 day)", "missing")
    elif isinstance(value, int) and not isinstance(value, bool) and 0 < value < 7:
        yield Violation(
            resource.line_at("backup_retention_period"), f"backup_retention_period is {value} day(s)", str(value)
        )


def _public_subnet(resource: Resource, project: Project) -> Iterator[Violation]:
    """The DB subnet group holds a subnet that assigns public IPs (only when all of it is in the code)."""
    for group in _targets(resource, "db_subnet_group_name", project, ("aws_db_subnet_group",), ("name",)):
        for subnet in _targets(group, "subnet_ids", project, ("aws_subnet",)):
            if _is(subnet, "map_public_ip_on_launch", True):
                yield Violation(
                    resource.line_at("db_subnet_group_name"),
                    f"subnet group {_local(group)} includes {_local(subnet)}, a public subnet"
                    " (map_public_ip_on_launch = true)",
                    _local(subnet),
                )
                return


# ---------------------------------------------------------------------------------------------
# Redshift, ElastiCache, OpenSearch


def _redshift_logging(resource: Resource, project: Project) -> Iterator[Violation]:
    inline = resource.get("logging.enable")
    if is_unknown(inline) or _unknown_on_path(resource, "logging.enable") or _matches(inline, True):
        return
    loggings = _pointing_at(
        resource, "cluster_identifier", project, ("aws_redshift_logging",), identity=("cluster_identifier",)
    )
    if loggings:
        return
    if inline is MISSING:
        yield Violation(resource.line, "no audit logging (no logging block, no aws_redshift_logging)", "absent")
    else:
        yield Violation(
            resource.line_at("logging.enable"), "logging.enable is false and no aws_redshift_logging", "off"
        )


def _elasticache_auth(resource: Resource, project: Project) -> Iterator[Violation]:
    if _set(resource.get("auth_token")) or _set(resource.get("user_group_ids")):
        return
    yield Violation(resource.line, "neither auth_token nor user_group_ids: any client that reaches it is in", "absent")


def _opensearch_domain(resource: Resource, project: Project) -> Resource | None:
    """The domain itself, or the domain an *_domain_policy resource attaches to (None if unknown)."""
    if resource.kind in OPENSEARCH_KINDS:
        return resource
    domains = _targets(resource, "domain_name", project, OPENSEARCH_KINDS, ("domain_name",))
    return domains[0] if len(domains) == 1 else None


def _opensearch_open_to_internet(resource: Resource, project: Project) -> bool:
    """The domain has a public endpoint and no fine-grained access control in front of it."""
    domain = _opensearch_domain(resource, project)
    if domain is None or _unknown_on_path(domain, "vpc_options.subnet_ids") or _set(domain.get("vpc_options")):
        return False
    security = domain.get("advanced_security_options.enabled")
    return not (is_unknown(security) or _unknown_on_path(domain, "advanced_security_options.enabled")) and not (
        _matches(security, True)
    )


# ---------------------------------------------------------------------------------------------
# EKS


def _eks_public_endpoint(resource: Resource, project: Project) -> Iterator[Violation]:
    if _unknown_on_path(resource, "vpc_config.endpoint_public_access"):
        return
    public = resource.get("vpc_config.endpoint_public_access")
    if public is not MISSING and not _matches(public, True):
        return  # false, or unknown
    cidrs = resource.get("vpc_config.public_access_cidrs")
    if cidrs is MISSING:
        yield Violation(
            resource.line_at("vpc_config.endpoint_public_access"),
            "public API endpoint with no public_access_cidrs (the default allows 0.0.0.0/0)",
            "default",
        )
    elif isinstance(cidrs, list) and any(cidr in OPEN_CIDRS for cidr in cidrs):
        yield Violation(
            resource.line_at("vpc_config.public_access_cidrs"),
            "public API endpoint open to 0.0.0.0/0 (public_access_cidrs)",
            "0.0.0.0/0",
        )


def _eks_secrets_encryption(resource: Resource, project: Project) -> Iterator[Violation]:
    if _unknown_on_path(resource, "encryption_config.resources"):
        return
    resources = [value for value, _ in lookup_all(resource.body, "encryption_config.resources")]
    if any(is_unknown(value) or (isinstance(value, list) and any(map(is_unknown, value))) for value in resources):
        return
    if not any(isinstance(value, list) and "secrets" in value for value in resources):
        yield Violation(
            resource.line_at("encryption_config"), 'no encryption_config with a KMS key for "secrets"', "absent"
        )


def _eks_log_types(resource: Resource, project: Project) -> Iterator[Violation]:
    types = resource.get("enabled_cluster_log_types")
    if is_unknown(types) or (isinstance(types, list) and any(map(is_unknown, types))):
        return
    present = {str(item).lower() for item in types} if isinstance(types, list) else set()
    missing = [name for name in ("api", "audit") if name not in present]
    if missing:
        yield Violation(
            resource.line_at("enabled_cluster_log_types"),
            f"control plane log type(s) not enabled: {', '.join(missing)}",
            ",".join(missing),
        )


# ---------------------------------------------------------------------------------------------
# Lambda

_SECRET_WORDS = ("password", "passwd", "passphrase", "pwd", "secret", "token", "apikey", "credential", "credentials")
_SECRET_PAIRS = ("api_key", "private_key", "access_key", "secret_key", "signing_key", "encryption_key", "auth_key")
# a last word that says the variable holds a pointer to the secret or a setting about it
_NOT_SECRET_LAST = frozenset(
    (
        *("arn", "name", "id", "ids", "path", "param", "parameter", "ssm", "url", "uri", "endpoint", "file"),
        *("ttl", "expiry", "expiration", "seconds", "minutes", "length", "header", "type", "mode", "enabled"),
        *("region", "version", "issuer", "audience", "prefix", "suffix", "field", "location"),
    )
)


def _secret_name(name: str) -> bool:
    words = re.findall(r"[a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower())
    if not words or words[-1] in _NOT_SECRET_LAST:
        return False
    joined = "_".join(words)
    return any(word.endswith(_SECRET_WORDS) for word in words) or any(pair in joined for pair in _SECRET_PAIRS)


_CREDENTIAL_URL = re.compile(r"^[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.IGNORECASE)


def _literal_secret(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    text = value.strip()
    if len(text) < 4 or text.isdigit() or text.lower() in ("true", "false", "null", "none"):
        return False
    if text.startswith(("arn:", "/", "{{resolve:")):
        return False  # a pointer to Secrets Manager or Parameter Store, not the secret
    return not (re.match(r"^https?://", text) and "@" not in text)


def _lambda_env_secrets(resource: Resource, project: Project) -> Iterator[Violation]:
    for variables, _ in lookup_all(resource.body, "environment.variables"):
        if not isinstance(variables, dict):
            continue
        for name, value in variables.items():
            url_password = isinstance(value, str) and _CREDENTIAL_URL.match(value.strip()) is not None
            if url_password or (_secret_name(name) and _literal_secret(value)):
                line_of = getattr(variables, "line_of", None)
                yield Violation(
                    line_of(name) if line_of else resource.line,
                    f"environment variable {name} holds a literal "
                    + ("URL with a password" if url_password else "secret"),
                    value,
                    sensitive=True,
                )


def _lambda_permission_public(resource: Resource, project: Project) -> Iterator[Violation]:
    if not _is(resource, "principal", "*"):
        return
    if any(_set(resource.get(key)) for key in ("source_arn", "source_account", "principal_org_id")):
        return
    yield Violation(
        resource.line_at("principal"), 'principal "*" with no source_arn, source_account or principal_org_id', "*"
    )


# ---------------------------------------------------------------------------------------------
# Load balancers

_OUTDATED_ELB_POLICY = re.compile(
    r"^ELBSecurityPolicy-(?:20\d\d-\d\d|FS-2018-06|TLS-1-[01]-|FS-1-1-|TLS13-1-[01]-)", re.IGNORECASE
)


def _load_balancer(listener: Resource, project: Project) -> Resource | None:
    found = _targets(listener, "load_balancer_arn", project, LOAD_BALANCER_KINDS)
    return found[0] if len(found) == 1 else None


def _application_lb(resource: Resource) -> bool:
    kind = resource.get("load_balancer_type")
    return kind is MISSING or _matches(kind, "application")


def _redirects_to_https(action: Any) -> bool | None:
    """True/False for a known default_action, None when it cannot be told."""
    if not isinstance(action, dict):
        return None
    kind = action.get("type")
    protocol = lookup(action, "redirect.protocol")
    if not isinstance(kind, str) or is_unknown(protocol):
        return None
    return kind.lower() == "redirect" and isinstance(protocol, str) and protocol.upper() == "HTTPS"


def _http_listener(resource: Resource, project: Project) -> Iterator[Violation]:
    protocol = resource.get("protocol")
    balancer = _load_balancer(resource, project)
    if protocol is MISSING:
        if balancer is None or not _application_lb(balancer):
            return  # an ALB listener defaults to HTTP; other kinds cannot be told
    elif not _matches(protocol, "HTTP"):
        return
    if (
        balancer is not None
        and not _matches(balancer.get("internal"), False)
        and balancer.get("internal") is not MISSING
    ):
        return  # internal (or unknown): not reachable from the internet
    actions = resource.get("default_action")
    if not isinstance(actions, list):
        return
    verdicts = [_redirects_to_https(action) for action in actions]
    if None in verdicts or any(verdicts):
        return
    types = {str(action.get("type")).lower() for action in actions if isinstance(action, dict)}
    rules = _pointing_at(resource, "listener_arn", project, ("aws_lb_listener_rule", "aws_alb_listener_rule"))
    if types == {"fixed-response"} and not rules:
        return  # answers a fixed page and forwards nothing
    yield Violation(
        resource.line_at("protocol"), "plain HTTP listener whose default action does not redirect to HTTPS", "HTTP"
    )


def _listener_tls_policy(resource: Resource, project: Project) -> Iterator[Violation]:
    if not _is(resource, "protocol", "HTTPS", "TLS"):
        return
    policy = resource.get("ssl_policy")
    if policy is MISSING or policy is None:
        yield Violation(
            resource.line_at("protocol"),
            "ssl_policy is not set: the API default ELBSecurityPolicy-2016-08 accepts TLS 1.0 and 1.1",
            "default",
        )
    elif isinstance(policy, str) and _OUTDATED_ELB_POLICY.match(policy):
        yield Violation(resource.line_at("ssl_policy"), f"ssl_policy {policy} accepts TLS 1.0/1.1", policy)


# ---------------------------------------------------------------------------------------------
# API Gateway and CloudFront


def _rest_method_without_auth(resource: Resource, project: Project) -> Iterator[Violation]:
    method = resource.get("http_method")
    if not _is(resource, "authorization", "NONE") or not isinstance(method, str) or method.upper() == "OPTIONS":
        return  # OPTIONS: CORS preflight, unauthenticated by design
    api_key = resource.get("api_key_required")
    if is_unknown(api_key) or _matches(api_key, True):
        return
    for api in _targets(resource, "rest_api_id", project, ("aws_api_gateway_rest_api",)):
        types = api.get("endpoint_configuration.types")
        if is_unknown(types) or _unknown_on_path(api, "endpoint_configuration.types"):
            return
        if isinstance(types, list) and any(_matches(item, "PRIVATE") for item in types):
            return  # reachable only through a VPC endpoint
    yield Violation(
        resource.line_at("authorization"), f"{method} method with authorization NONE and no API key", method
    )


def _http_route_without_auth(resource: Resource, project: Project) -> Iterator[Violation]:
    kind = resource.get("authorization_type")
    route = resource.get("route_key")
    if not (kind is MISSING or _matches(kind, "NONE")) or not isinstance(route, str):
        return
    apis = _targets(resource, "api_id", project, ("aws_apigatewayv2_api",))
    protocol = apis[0].get("protocol_type") if len(apis) == 1 else MISSING
    if " " in route:  # HTTP API: "GET /items"
        if route.split()[0].upper() == "OPTIONS":
            return
    elif route == "$default":
        if not _matches(protocol, "HTTP"):
            return  # a WebSocket $default route cannot have an authorizer
    elif route != "$connect":
        return  # other WebSocket routes are authorized at $connect
    yield Violation(resource.line_at("authorization_type"), f"route {route!r} has authorization_type NONE", route)


_OUTDATED_CLOUDFRONT_TLS = ("SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019")


def _cloudfront_tls(resource: Resource, project: Project) -> Iterator[Violation]:
    if _unknown_on_path(resource, "viewer_certificate.minimum_protocol_version"):
        return
    certificate = resource.get("viewer_certificate")
    if not isinstance(certificate, list) or not certificate or not isinstance(certificate[0], dict):
        return
    block = certificate[0]
    if not (_set(block.get("acm_certificate_arn")) or _set(block.get("iam_certificate_id"))):
        return  # the *.cloudfront.net certificate: its TLS floor cannot be changed
    version = block.get("minimum_protocol_version", MISSING)
    if version is MISSING or version is None:
        yield Violation(
            resource.line_at("viewer_certificate"),
            "minimum_protocol_version is not set (the default is TLSv1)",
            "default",
        )
    elif isinstance(version, str) and version in _OUTDATED_CLOUDFRONT_TLS:
        yield Violation(
            resource.line_at("viewer_certificate.minimum_protocol_version"),
            f"minimum_protocol_version is {version} (below TLSv1.2_2021)",
            version,
        )


# ---------------------------------------------------------------------------------------------

CHECKS: tuple[Check, ...] = (
    terraform_check(
        id="iac/aws-sg-database-port-open",
        title="Security group exposes a database or cache port to the internet",
        severity=Severity.HIGH,
        kinds=SECURITY_GROUP_KINDS,
        evaluate=_ipv6_lines(open_ingress_ports(DATABASE_PORTS)),
        rationale="Databases, caches and search clusters reachable from 0.0.0.0/0 or ::/0 are found by internet-wide"
        " scanners within hours. Redis, Memcached, MongoDB and Elasticsearch are routinely deployed without"
        " authentication and are wiped for ransom in automated campaigns; the others face password spraying and"
        " engine CVEs. Memcached on 11211 also serves as a DDoS amplifier.",
        fix="Allow the port only from the application's security group (`source_security_group_id` /"
        " `referenced_security_group_id`) or a private CIDR; reach the database from outside through a bastion,"
        " VPN or SSM port forwarding.",
        insecure_example='ingress {\n  from_port   = 5432\n  to_port     = 5432\n  protocol    = "tcp"\n'
        '  cidr_blocks = ["0.0.0.0/0"]\n}',
        secure_example='ingress {\n  from_port       = 5432\n  to_port         = 5432\n  protocol        = "tcp"\n'
        "  security_groups = [aws_security_group.app.id]\n}",
        controls=(
            "CIS-CSC-4.4",
            "CIS-CSC-12.2",
            "PCI-DSS-4.0-1.3.1",
            "PCI-DSS-4.0-1.4.4",
            "SOC2-CC6.6",
            "NIST-800-53-SC-7",
        ),
        cwe=("CWE-284", "CWE-668"),
        references=("https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",),
    ),
    # ------------------------------------------------------------------ RDS / Aurora
    terraform_check(
        id="iac/aws-rds-public-access",
        title="RDS database instance is publicly accessible",
        severity=Severity.CRITICAL,
        kinds=("aws_db_instance", "aws_rds_cluster_instance"),
        evaluate=equals("publicly_accessible", True, message="publicly_accessible is true: it gets a public endpoint"),
        rationale="A publicly accessible instance gets a DNS name that resolves to a public IP, so the only thing"
        " between the internet and the database is its security group and password. One permissive rule, a"
        " default or leaked password, or an engine vulnerability is then enough to read or destroy the data.",
        fix="Set `publicly_accessible = false`, place the instance in private subnets and connect through the"
        " application tier, a bastion, or SSM port forwarding.",
        insecure_example='resource "aws_db_instance" "main" {\n  engine              = "postgres"\n'
        "  publicly_accessible = true\n}",
        secure_example='resource "aws_db_instance" "main" {\n  engine               = "postgres"\n'
        "  publicly_accessible  = false\n  db_subnet_group_name = aws_db_subnet_group.private.name\n}",
        controls=("CIS-AWS-2.3.3", "PCI-DSS-4.0-1.4.4", "SOC2-CC6.6", "NIST-800-53-SC-7", "NIST-800-53-AC-3"),
        cwe=("CWE-668", "CWE-284"),
        references=(
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html",
        ),
    ),
    terraform_check(
        id="iac/aws-rds-encryption-disabled",
        title="RDS instance or Aurora cluster storage is not encrypted",
        severity=Severity.MEDIUM,
        kinds=RDS_KINDS,
        evaluate=only_if(
            lambda resource: not _rds_copy(resource) and not _serverless_v1(resource),
            must_be(
                "storage_encrypted",
                True,
                message=IS_FALSE,
                missing_message="storage_encrypted is not set (unencrypted by default)",
            ),
        ),
        rationale="Without storage encryption the volumes, automated backups, snapshots and read replicas hold the"
        " data in clear; a snapshot shared by mistake or copied by a compromised identity is readable anywhere."
        " Encryption cannot be switched on later: an existing database has to be migrated through an encrypted"
        " snapshot copy.",
        fix="Set `storage_encrypted = true` (and `kms_key_id` for a customer-managed key) when creating the"
        " database; for an existing one, restore an encrypted copy of a snapshot.",
        insecure_example='resource "aws_db_instance" "main" {\n  engine            = "mysql"\n'
        "  storage_encrypted = false\n}",
        secure_example='resource "aws_db_instance" "main" {\n  engine            = "mysql"\n'
        "  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}",
        controls=("CIS-AWS-2.3.1", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",),
    ),
    terraform_check(
        id="iac/aws-rds-backups-disabled",
        title="RDS automated backups are disabled",
        severity=Severity.MEDIUM,
        kinds=RDS_KINDS,
        evaluate=only_if(
            none_set("replicate_source_db"),
            equals("backup_retention_period", 0, message="backup_retention_period is 0: no automated backups"),
        ),
        rationale="A retention period of 0 turns off automated backups and point-in-time recovery: a bad migration,"
        " an accidental DELETE or a ransomware actor with database credentials leaves nothing to restore from.",
        fix="Set `backup_retention_period` to at least 7 days (up to 35), longer where policy requires it, and"
        " copy backups to another account or Region with AWS Backup.",
        insecure_example='resource "aws_db_instance" "main" {\n  backup_retention_period = 0\n}',
        secure_example='resource "aws_db_instance" "main" {\n  backup_retention_period = 14\n}',
        controls=("CIS-CSC-11.2", "SOC2-A1.2", "NIST-800-53-CP-9"),
        references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",),
    ),
    terraform_check(
        id="iac/aws-rds-backup-retention-short",
        title="RDS backups are kept for less than 7 days",
        severity=Severity.LOW,
        kinds=RDS_KINDS,
        evaluate=only_if(none_set("replicate_source_db"), _backup_retention_short),
        rationale="Corruption or a silent deletion is often noticed after days; with the default of 1 day (or any"
        " window under a week) the last clean restore point is gone before anyone looks for it.",
        fix="Set `backup_retention_period` to 7 days or more.",
        insecure_example='resource "aws_rds_cluster" "main" {\n  engine = "aurora-postgresql"\n}',
        secure_example='resource "aws_rds_cluster" "main" {\n  engine                  = "aurora-postgresql"\n'
        "  backup_retention_period = 7\n}",
        controls=("CIS-CSC-11.2", "SOC2-A1.2", "NIST-800-53-CP-9"),
        references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",),
    ),
    terraform_check(
        id="iac/aws-rds-deletion-protection-disabled",
        title="RDS database has no deletion protection",
        severity=Severity.LOW,
        kinds=RDS_KINDS,
        evaluate=only_if(
            none_set("replicate_source_db"),
            must_be(
                "deletion_protection",
                True,
                message=IS_FALSE,
                missing_message="deletion_protection is not set (off by default)",
            ),
        ),
        rationale="Without deletion protection one `terraform destroy`, a renamed resource that forces replacement,"
        " or a compromised identity with rds:DeleteDBInstance removes the database (and, with"
        " skip_final_snapshot, its backups) in one call.",
        fix="Set `deletion_protection = true`; turn it off deliberately in a separate change before a planned removal.",
        insecure_example='resource "aws_db_instance" "main" {\n  deletion_protection = false\n}',
        secure_example='resource "aws_db_instance" "main" {\n  deletion_protection = true\n}',
        controls=("CIS-CSC-11.3", "SOC2-A1.2", "NIST-800-53-CP-9", "NIST-800-53-CM-3"),
        references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html",),
    ),
    terraform_check(
        id="iac/aws-rds-iam-auth-disabled",
        title="RDS database does not enable IAM authentication",
        severity=Severity.LOW,
        kinds=RDS_KINDS,
        evaluate=only_if(
            lambda resource: _iam_auth_engine(resource) and not _rds_copy(resource),
            must_be("iam_database_authentication_enabled", True, message=IS_FALSE),
        ),
        rationale="With password-only authentication, application and human access relies on long-lived shared"
        " database passwords that end up in config files and are rarely rotated; IAM authentication issues"
        " 15-minute tokens tied to an IAM identity and logged in CloudTrail.",
        fix="Set `iam_database_authentication_enabled = true` and grant `rds-db:connect` to the roles that need"
        " it (keep the master password in Secrets Manager with `manage_master_user_password = true`).",
        insecure_example='resource "aws_db_instance" "main" {\n  engine = "postgres"\n}',
        secure_example='resource "aws_db_instance" "main" {\n  engine                              = "postgres"\n'
        "  iam_database_authentication_enabled = true\n}",
        controls=("CIS-CSC-6.7", "PCI-DSS-4.0-8.3.1", "SOC2-CC6.1", "NIST-800-53-IA-2"),
        references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html",),
    ),
    terraform_check(
        id="iac/aws-rds-auto-minor-upgrade-disabled",
        title="RDS automatic minor version upgrades are disabled",
        severity=Severity.LOW,
        kinds=("aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance"),
        evaluate=equals("auto_minor_version_upgrade", False, message=IS_FALSE),
        rationale="Minor engine versions carry the security fixes; with automatic upgrades off a database stays on"
        " a vulnerable version until someone schedules the upgrade by hand.",
        fix="Leave `auto_minor_version_upgrade` at its default (true) and pick a `maintenance_window`.",
        insecure_example='resource "aws_db_instance" "main" {\n  auto_minor_version_upgrade = false\n}',
        secure_example='resource "aws_db_instance" "main" {\n  auto_minor_version_upgrade = true\n'
        '  maintenance_window         = "sun:03:00-sun:04:00"\n}',
        controls=("CIS-AWS-2.3.2", "PCI-DSS-4.0-6.3.3", "SOC2-CC7.1", "NIST-800-53-SI-2"),
        cwe=("CWE-1104",),
        references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html",),
    ),
    terraform_check(
        id="iac/aws-rds-public-subnet",
        title="RDS database is placed in a public subnet",
        severity=Severity.MEDIUM,
        kinds=RDS_KINDS,
        evaluate=_public_subnet,
        rationale="A DB subnet group with a subnet that assigns public IPs (a subnet meant to be public, normally"
        " routed to an internet gateway) lets the database land there: a single change of `publicly_accessible`"
        " (or a restore that sets it) then exposes it directly, with only its security group in the way.",
        fix="Use a DB subnet group made only of private subnets (no `map_public_ip_on_launch`, no route to an"
        " internet gateway).",
        insecure_example='resource "aws_subnet" "public" {\n  map_public_ip_on_launch = true\n}\n\n'
        'resource "aws_db_subnet_group" "db" {\n  subnet_ids = [aws_subnet.public.id]\n}',
        secure_example='resource "aws_db_subnet_group" "db" {\n'
        "  subnet_ids = [aws_subnet.private_a.id, aws_subnet.private_b.id]\n}",
        controls=("CIS-CSC-12.2", "PCI-DSS-4.0-1.4.4", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-668",),
        references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.Scenarios.html",),
        confidence=Confidence.MEDIUM,
    ),
    # ------------------------------------------------------------------ Redshift
    terraform_check(
        id="iac/aws-redshift-public-access",
        title="Redshift cluster is publicly accessible",
        severity=Severity.CRITICAL,
        kinds=("aws_redshift_cluster",),
        evaluate=equals("publicly_accessible", True, message="publicly_accessible is true: it gets a public endpoint"),
        rationale="A publicly accessible cluster gets a public endpoint: the warehouse, usually the largest"
        " concentration of business data, is then one security group rule or one weak password away from the"
        " internet. (AWS provider versions before 6.0 default `publicly_accessible` to true: set it explicitly.)",
        fix="Set `publicly_accessible = false` and use a subnet group of private subnets; query through a VPC"
        " endpoint or the Redshift Data API.",
        insecure_example='resource "aws_redshift_cluster" "dwh" {\n  publicly_accessible = true\n}',
        secure_example='resource "aws_redshift_cluster" "dwh" {\n  publicly_accessible       = false\n'
        "  cluster_subnet_group_name = aws_redshift_subnet_group.private.name\n}",
        controls=("CIS-CSC-12.2", "PCI-DSS-4.0-1.4.4", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-668", "CWE-284"),
        references=("https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html",),
    ),
    terraform_check(
        id="iac/aws-redshift-encryption-disabled",
        title="Redshift cluster encryption is turned off",
        severity=Severity.MEDIUM,
        kinds=("aws_redshift_cluster",),
        evaluate=equals("encrypted", False, message=IS_FALSE),
        rationale="An unencrypted cluster keeps data blocks, backups and snapshots in clear. AWS now encrypts new"
        " clusters by default, so an explicit `encrypted = false` describes an old unencrypted cluster or asks to"
        " opt out.",
        fix="Set `encrypted = true` with a customer-managed `kms_key_id`; an existing cluster can be encrypted in"
        " place (it becomes read-only during the migration).",
        insecure_example='resource "aws_redshift_cluster" "dwh" {\n  encrypted = false\n}',
        secure_example='resource "aws_redshift_cluster" "dwh" {\n  encrypted  = true\n'
        "  kms_key_id = aws_kms_key.redshift.arn\n}",
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html",),
    ),
    terraform_check(
        id="iac/aws-redshift-audit-logging-disabled",
        title="Redshift cluster has no audit logging",
        severity=Severity.LOW,
        kinds=("aws_redshift_cluster",),
        evaluate=_redshift_logging,
        rationale="Without audit logging there is no record of connections, user changes or queries: data"
        " exfiltration or privilege changes in the warehouse cannot be detected or investigated.",
        fix="Add an `aws_redshift_logging` resource for the cluster (CloudWatch or S3 destination); provider v5"
        " also accepts an inline `logging { enable = true }` block.",
        insecure_example='resource "aws_redshift_cluster" "dwh" {\n  cluster_identifier = "dwh"\n}',
        secure_example='resource "aws_redshift_logging" "dwh" {\n'
        "  cluster_identifier   = aws_redshift_cluster.dwh.id\n"
        '  log_destination_type = "cloudwatch"\n'
        '  log_exports          = ["connectionlog", "userlog", "useractivitylog"]\n}',
        controls=("CIS-CSC-8.2", "PCI-DSS-4.0-10.2.1", "SOC2-CC7.2", "NIST-800-53-AU-2", "NIST-800-53-AU-12"),
        cwe=("CWE-778",),
        references=("https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html",),
    ),
    # ------------------------------------------------------------------ ElastiCache
    terraform_check(
        id="iac/aws-elasticache-at-rest-encryption-disabled",
        title="ElastiCache replication group is not encrypted at rest",
        severity=Severity.MEDIUM,
        kinds=("aws_elasticache_replication_group",),
        evaluate=must_be(
            "at_rest_encryption_enabled",
            True,
            message=IS_FALSE,
            secure_default=lambda resource: _is(resource, "engine", "valkey"),
            missing_message="at_rest_encryption_enabled is not set (off by default for Redis)",
        ),
        rationale="Cached sessions, tokens and query results are written to disk during syncs, swaps and backups;"
        " unencrypted, those files and the exported snapshots are readable. The setting cannot be changed after"
        " creation.",
        fix="Set `at_rest_encryption_enabled = true` (with `kms_key_id` for a customer-managed key) and recreate"
        " the group.",
        insecure_example='resource "aws_elasticache_replication_group" "cache" {\n  engine = "redis"\n}',
        secure_example='resource "aws_elasticache_replication_group" "cache" {\n'
        '  engine                     = "redis"\n  at_rest_encryption_enabled = true\n}',
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/at-rest-encryption.html",),
    ),
    terraform_check(
        id="iac/aws-elasticache-transit-encryption-disabled",
        title="ElastiCache replication group does not encrypt traffic",
        severity=Severity.MEDIUM,
        kinds=("aws_elasticache_replication_group",),
        evaluate=must_be(
            "transit_encryption_enabled",
            True,
            message=IS_FALSE,
            missing_message="transit_encryption_enabled is not set (plaintext by default)",
        ),
        rationale="Without TLS every command and value, including AUTH passwords and cached session data, crosses"
        " the network in clear for anyone able to capture VPC traffic; Redis AUTH tokens also require in-transit"
        " encryption.",
        fix='Set `transit_encryption_enabled = true` (with `transit_encryption_mode = "preferred"` first for a'
        " live migration) and make clients connect with TLS.",
        insecure_example='resource "aws_elasticache_replication_group" "cache" {\n'
        "  transit_encryption_enabled = false\n}",
        secure_example='resource "aws_elasticache_replication_group" "cache" {\n  transit_encryption_enabled = true\n}',
        controls=("CIS-CSC-3.10", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=("https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/in-transit-encryption.html",),
    ),
    terraform_check(
        id="iac/aws-elasticache-auth-disabled",
        title="ElastiCache replication group requires no authentication",
        severity=Severity.MEDIUM,
        kinds=("aws_elasticache_replication_group",),
        evaluate=_elasticache_auth,
        rationale="A Redis/Valkey group without an AUTH token or RBAC user group accepts every command from"
        " anything that can reach its port: a compromised pod or an SSRF bug can read all keys, FLUSHALL, or"
        " rewrite sessions.",
        fix="Set `auth_token` (from a secret, with transit encryption on) or, better, `user_group_ids` with"
        " RBAC users that have only the commands they need.",
        insecure_example='resource "aws_elasticache_replication_group" "cache" {\n'
        "  transit_encryption_enabled = true\n}",
        secure_example='resource "aws_elasticache_replication_group" "cache" {\n'
        "  transit_encryption_enabled = true\n  user_group_ids             = [aws_elasticache_user_group.app.id]\n}",
        controls=("CIS-CSC-6.7", "PCI-DSS-4.0-8.3.1", "SOC2-CC6.1", "NIST-800-53-IA-2"),
        cwe=("CWE-306",),
        references=("https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html",),
    ),
    # ------------------------------------------------------------------ OpenSearch / Elasticsearch
    terraform_check(
        id="iac/aws-opensearch-encryption-at-rest-disabled",
        title="OpenSearch domain is not encrypted at rest",
        severity=Severity.MEDIUM,
        kinds=OPENSEARCH_KINDS,
        evaluate=must_be(
            "encrypt_at_rest.enabled",
            True,
            message=IS_FALSE,
            missing_message="encrypt_at_rest is not enabled",
        ),
        rationale="Indices, logs and automated snapshots of an unencrypted domain are stored in clear; search"
        " clusters often hold copies of application logs with tokens and personal data.",
        fix="Add `encrypt_at_rest { enabled = true }` (optionally with `kms_key_id`).",
        insecure_example='resource "aws_opensearch_domain" "search" {\n  domain_name = "search"\n}',
        secure_example='resource "aws_opensearch_domain" "search" {\n  encrypt_at_rest {\n    enabled = true\n  }\n}',
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",),
    ),
    terraform_check(
        id="iac/aws-opensearch-node-to-node-encryption-disabled",
        title="OpenSearch domain does not encrypt node-to-node traffic",
        severity=Severity.MEDIUM,
        kinds=OPENSEARCH_KINDS,
        evaluate=must_be(
            "node_to_node_encryption.enabled",
            True,
            message=IS_FALSE,
            missing_message="node_to_node_encryption is not enabled",
        ),
        rationale="Without node-to-node encryption, shard replication and queries between data nodes cross the"
        " VPC in clear; fine-grained access control also requires it.",
        fix="Add `node_to_node_encryption { enabled = true }`.",
        insecure_example='resource "aws_opensearch_domain" "search" {\n  node_to_node_encryption {\n'
        "    enabled = false\n  }\n}",
        secure_example='resource "aws_opensearch_domain" "search" {\n  node_to_node_encryption {\n'
        "    enabled = true\n  }\n}",
        controls=("CIS-CSC-3.10", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=("https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html",),
    ),
    terraform_check(
        id="iac/aws-opensearch-https-not-enforced",
        title="OpenSearch domain accepts plain HTTP",
        severity=Severity.MEDIUM,
        kinds=OPENSEARCH_KINDS,
        evaluate=only_if(
            lambda resource: not _unknown_on_path(resource, "domain_endpoint_options.enforce_https"),
            all_of(
                required(
                    "domain_endpoint_options",
                    missing_message="no domain_endpoint_options: the API default does not enforce HTTPS",
                ),
                equals("domain_endpoint_options.enforce_https", False, message=IS_FALSE),
            ),
        ),
        rationale="When HTTPS is not enforced, clients can send queries, documents and credentials (basic auth"
        " with fine-grained access control, signed requests' payloads) over plain HTTP.",
        fix="Add `domain_endpoint_options` with `enforce_https = true` and"
        ' `tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"`.',
        insecure_example='resource "aws_opensearch_domain" "search" {\n  domain_endpoint_options {\n'
        "    enforce_https = false\n  }\n}",
        secure_example='resource "aws_opensearch_domain" "search" {\n  domain_endpoint_options {\n'
        '    enforce_https       = true\n    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"\n  }\n}',
        controls=("CIS-CSC-3.10", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=(
            "https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html",
        ),
    ),
    terraform_check(
        id="iac/aws-opensearch-tls-outdated",
        title="OpenSearch domain accepts TLS 1.0 and 1.1",
        severity=Severity.LOW,
        kinds=OPENSEARCH_KINDS,
        evaluate=only_if(
            lambda resource: not _unknown_on_path(resource, "domain_endpoint_options.tls_security_policy"),
            all_of(
                required(
                    "domain_endpoint_options.tls_security_policy",
                    missing_message="tls_security_policy is not set (the default, Policy-Min-TLS-1-0-2019-07,"
                    " accepts TLS 1.0)",
                ),
                equals("domain_endpoint_options.tls_security_policy", "Policy-Min-TLS-1-0-2019-07"),
            ),
        ),
        rationale="TLS 1.0 and 1.1 are deprecated (RFC 8996) and allow weak CBC/SHA-1 cipher suites; a domain that"
        " accepts them lets a downgraded client connection be attacked.",
        fix='Set `tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"` in `domain_endpoint_options`.',
        insecure_example="domain_endpoint_options {\n  enforce_https       = true\n"
        '  tls_security_policy = "Policy-Min-TLS-1-0-2019-07"\n}',
        secure_example="domain_endpoint_options {\n  enforce_https       = true\n"
        '  tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"\n}',
        controls=("CIS-CSC-3.10", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8", "NIST-800-53-SC-13"),
        cwe=("CWE-326",),
        references=(
            "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html",
        ),
    ),
    terraform_check(
        id="iac/aws-opensearch-public-endpoint",
        title="OpenSearch domain has a public endpoint",
        severity=Severity.MEDIUM,
        kinds=OPENSEARCH_KINDS,
        evaluate=must_be("vpc_options", missing_message="no vpc_options: the domain gets an internet-facing endpoint"),
        rationale="A domain without `vpc_options` is reachable from the internet and protected only by its access"
        " policy (and fine-grained access control, if enabled); one permissive policy statement exposes every"
        " index. Domains cannot be moved into a VPC later.",
        fix="Create the domain with `vpc_options` (private subnets and a security group) and reach it through the"
        " VPC, a VPN or a proxy.",
        insecure_example='resource "aws_opensearch_domain" "search" {\n  domain_name = "search"\n}',
        secure_example='resource "aws_opensearch_domain" "search" {\n  vpc_options {\n'
        "    subnet_ids         = [aws_subnet.private_a.id]\n    security_group_ids = [aws_security_group.search.id]\n"
        "  }\n}",
        controls=("CIS-CSC-12.2", "PCI-DSS-4.0-1.4.4", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-668",),
        references=("https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html",),
    ),
    terraform_check(
        id="iac/aws-opensearch-policy-public",
        title="Public OpenSearch domain's access policy allows anyone",
        severity=Severity.CRITICAL,
        kinds=(*OPENSEARCH_KINDS, "aws_opensearch_domain_policy", "aws_elasticsearch_domain_policy"),
        evaluate=public_policy("access_policies", applies=_opensearch_open_to_internet),
        rationale='An access policy that allows Principal "*" with no condition on an internet-facing domain'
        " without fine-grained access control lets anyone on the internet read, write and delete every index;"
        " open Elasticsearch clusters are a leading source of mass data leaks.",
        fix="Name the IAM roles that may call the domain in the policy, restrict by `aws:SourceIp`, or enable"
        " fine-grained access control (`advanced_security_options`) and, better, move the domain into a VPC.",
        insecure_example='access_policies = jsonencode({\n  Statement = [{\n    Effect    = "Allow"\n'
        '    Principal = "*"\n    Action    = "es:*"\n'
        '    Resource  = "arn:aws:es:eu-west-1:111122223333:domain/search/*"\n  }]\n})',
        secure_example='access_policies = jsonencode({\n  Statement = [{\n    Effect    = "Allow"\n'
        '    Principal = { AWS = aws_iam_role.indexer.arn }\n    Action    = "es:ESHttp*"\n'
        '    Resource  = "arn:aws:es:eu-west-1:111122223333:domain/search/*"\n  }]\n})',
        controls=("CIS-CSC-3.3", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3", "NIST-800-53-AC-6"),
        cwe=("CWE-284", "CWE-306"),
        references=("https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html",),
    ),
    # ------------------------------------------------------------------ DynamoDB
    terraform_check(
        id="iac/aws-dynamodb-pitr-disabled",
        title="DynamoDB table has no point-in-time recovery",
        severity=Severity.LOW,
        kinds=("aws_dynamodb_table",),
        evaluate=must_be(
            "point_in_time_recovery.enabled",
            True,
            message=IS_FALSE,
            missing_message="point_in_time_recovery is not enabled",
        ),
        rationale="Without point-in-time recovery, a faulty deployment or a compromised credential that overwrites"
        " or deletes items cannot be undone; on-demand backups only cover the moments someone took them.",
        fix="Add `point_in_time_recovery { enabled = true }`.",
        insecure_example='resource "aws_dynamodb_table" "orders" {\n  name     = "orders"\n  hash_key = "id"\n}',
        secure_example='resource "aws_dynamodb_table" "orders" {\n  name     = "orders"\n  hash_key = "id"\n'
        "  point_in_time_recovery {\n    enabled = true\n  }\n}",
        controls=("CIS-CSC-11.2", "SOC2-A1.2", "NIST-800-53-CP-9"),
        references=("https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",),
    ),
    terraform_check(
        id="iac/aws-dynamodb-cmk-missing",
        title="DynamoDB table is not encrypted with a customer-managed KMS key",
        severity=Severity.INFO,
        kinds=("aws_dynamodb_table",),
        evaluate=must_be(
            "server_side_encryption.kms_key_arn",
            missing_message="no server_side_encryption.kms_key_arn: encrypted with an AWS-owned or AWS-managed key",
        ),
        rationale="Tables are always encrypted, but with an AWS-owned key you cannot restrict decryption with a key"
        " policy, audit key use in CloudTrail, or revoke access by disabling the key; compliance regimes that"
        " require customer key control flag this.",
        fix="Add `server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.dynamodb.arn }` for tables"
        " with sensitive data.",
        insecure_example='resource "aws_dynamodb_table" "orders" {\n  name = "orders"\n}',
        secure_example='resource "aws_dynamodb_table" "orders" {\n  server_side_encryption {\n    enabled     = true\n'
        "    kms_key_arn = aws_kms_key.dynamodb.arn\n  }\n}",
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-3.6.1", "SOC2-CC6.1", "NIST-800-53-SC-12"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",),
    ),
    # ------------------------------------------------------------------ SNS / SQS / Kinesis / EFS
    terraform_check(
        id="iac/aws-sns-topic-unencrypted",
        title="SNS topic is not encrypted",
        severity=Severity.LOW,
        kinds=("aws_sns_topic",),
        evaluate=must_be(
            "kms_master_key_id", missing_message="kms_master_key_id is not set: messages are stored unencrypted"
        ),
        rationale="SNS stores messages until they are delivered; without server-side encryption notifications that"
        " carry order data, alerts or tokens are kept in clear, and publishing cannot be tied to a key policy.",
        fix='Set `kms_master_key_id` to a customer-managed key (or `"alias/aws/sns"`); grant the publishing'
        " services kms:GenerateDataKey and kms:Decrypt on it.",
        insecure_example='resource "aws_sns_topic" "events" {\n  name = "events"\n}',
        secure_example='resource "aws_sns_topic" "events" {\n  name              = "events"\n'
        "  kms_master_key_id = aws_kms_key.sns.id\n}",
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",),
    ),
    terraform_check(
        id="iac/aws-sns-policy-public",
        title="SNS topic policy allows anyone",
        severity=Severity.HIGH,
        kinds=("aws_sns_topic", "aws_sns_topic_policy"),
        evaluate=public_policy("policy"),
        rationale='A topic policy that allows Principal "*" with no condition on the source lets any AWS account'
        " publish to the topic (spoofed events to every subscriber) or subscribe its own endpoint and receive"
        " every message.",
        fix="Name the publishing principals, or keep `Service` principals and add an `aws:SourceArn` /"
        " `aws:SourceAccount` condition.",
        insecure_example='policy = jsonencode({\n  Statement = [{\n    Effect    = "Allow"\n    Principal = "*"\n'
        '    Action    = "sns:Publish"\n    Resource  = aws_sns_topic.events.arn\n  }]\n})',
        secure_example='policy = jsonencode({\n  Statement = [{\n    Effect    = "Allow"\n'
        '    Principal = { Service = "s3.amazonaws.com" }\n    Action    = "sns:Publish"\n'
        "    Resource  = aws_sns_topic.events.arn\n"
        '    Condition = { ArnLike = { "aws:SourceArn" = aws_s3_bucket.uploads.arn } }\n  }]\n})',
        controls=("CIS-CSC-3.3", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html",),
    ),
    terraform_check(
        id="iac/aws-sqs-queue-unencrypted",
        title="SQS queue has server-side encryption turned off",
        severity=Severity.LOW,
        kinds=("aws_sqs_queue",),
        evaluate=only_if(
            none_set("kms_master_key_id"),
            equals(
                "sqs_managed_sse_enabled",
                False,
                message="sqs_managed_sse_enabled is false and no kms_master_key_id: messages are stored unencrypted",
            ),
        ),
        rationale="Queues keep messages for up to 14 days; with SSE turned off they are stored in clear. New queues"
        " get SQS-managed encryption by default, so this flags queues that opt out.",
        fix="Remove `sqs_managed_sse_enabled = false`, or set `kms_master_key_id` to a customer-managed key.",
        insecure_example='resource "aws_sqs_queue" "jobs" {\n  sqs_managed_sse_enabled = false\n}',
        secure_example='resource "aws_sqs_queue" "jobs" {\n  kms_master_key_id = aws_kms_key.sqs.id\n}',
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=(
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
        ),
    ),
    terraform_check(
        id="iac/aws-sqs-policy-public",
        title="SQS queue policy allows anyone",
        severity=Severity.HIGH,
        kinds=("aws_sqs_queue", "aws_sqs_queue_policy"),
        evaluate=public_policy("policy"),
        rationale='A queue policy that allows Principal "*" with no condition on the source lets any AWS account'
        " send messages (injecting jobs that consumers trust) or receive and delete them.",
        fix="Name the producer and consumer principals, or keep a `Service` principal and add an `aws:SourceArn`"
        " condition.",
        insecure_example='policy = jsonencode({\n  Statement = [{\n    Effect    = "Allow"\n    Principal = "*"\n'
        '    Action    = "sqs:SendMessage"\n    Resource  = aws_sqs_queue.jobs.arn\n  }]\n})',
        secure_example='policy = jsonencode({\n  Statement = [{\n    Effect    = "Allow"\n'
        '    Principal = { Service = "sns.amazonaws.com" }\n    Action    = "sqs:SendMessage"\n'
        "    Resource  = aws_sqs_queue.jobs.arn\n"
        '    Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.events.arn } }\n  }]\n})',
        controls=("CIS-CSC-3.3", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284",),
        references=(
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html",
        ),
    ),
    terraform_check(
        id="iac/aws-kinesis-stream-unencrypted",
        title="Kinesis data stream is not encrypted",
        severity=Severity.MEDIUM,
        kinds=("aws_kinesis_stream",),
        evaluate=must_be("encryption_type", "KMS", missing_message="encryption_type is not set (NONE by default)"),
        rationale="Kinesis streams keep records for 24 hours up to a year and have no encryption by default;"
        " clickstreams, events and logs in them are then stored in clear.",
        fix='Set `encryption_type = "KMS"` with `kms_key_id` (a customer-managed key or `"alias/aws/kinesis"`).',
        insecure_example='resource "aws_kinesis_stream" "events" {\n  name        = "events"\n  shard_count = 1\n}',
        secure_example='resource "aws_kinesis_stream" "events" {\n  encryption_type = "KMS"\n'
        "  kms_key_id      = aws_kms_key.kinesis.id\n}",
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html",),
    ),
    terraform_check(
        id="iac/aws-efs-unencrypted",
        title="EFS file system is not encrypted",
        severity=Severity.MEDIUM,
        kinds=("aws_efs_file_system",),
        evaluate=must_be(
            "encrypted",
            True,
            message=IS_FALSE,
            missing_message="encrypted is not set (unencrypted by default)",
        ),
        rationale="EFS file systems are shared by many instances and hold application data and home directories;"
        " without encryption at rest data and backups are stored in clear, and encryption cannot be enabled on an"
        " existing file system.",
        fix="Set `encrypted = true` (and `kms_key_id` for a customer-managed key); migrate existing data with"
        " AWS DataSync.",
        insecure_example='resource "aws_efs_file_system" "shared" {\n  creation_token = "shared"\n}',
        secure_example='resource "aws_efs_file_system" "shared" {\n  creation_token = "shared"\n'
        "  encrypted      = true\n}",
        controls=("CIS-AWS-2.4.1", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/efs/latest/ug/encryption.html",),
    ),
    # ------------------------------------------------------------------ EKS
    terraform_check(
        id="iac/aws-eks-public-endpoint",
        title="EKS API server endpoint is open to the internet",
        severity=Severity.HIGH,
        kinds=("aws_eks_cluster",),
        evaluate=_eks_public_endpoint,
        rationale="EKS enables the public API endpoint by default and allows 0.0.0.0/0. Anyone can then reach the"
        " Kubernetes API: leaked kubeconfigs and tokens work from anywhere, and API server vulnerabilities are"
        " exposed to the whole internet.",
        fix="Set `endpoint_private_access = true` and `endpoint_public_access = false`, or keep the public"
        " endpoint with `public_access_cidrs` limited to your office/VPN ranges.",
        insecure_example='resource "aws_eks_cluster" "main" {\n  vpc_config {\n    subnet_ids = var.subnets\n  }\n}',
        secure_example='resource "aws_eks_cluster" "main" {\n  vpc_config {\n'
        "    subnet_ids              = var.subnets\n    endpoint_private_access = true\n"
        "    endpoint_public_access  = false\n  }\n}",
        controls=("CIS-EKS-5.4.1", "CIS-EKS-5.4.2", "PCI-DSS-4.0-1.4.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-668",),
        references=("https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",),
    ),
    terraform_check(
        id="iac/aws-eks-secrets-encryption-missing",
        title="EKS cluster does not envelope-encrypt Kubernetes secrets with KMS",
        severity=Severity.MEDIUM,
        kinds=("aws_eks_cluster",),
        evaluate=_eks_secrets_encryption,
        rationale="Without an `encryption_config` for secrets, Kubernetes Secrets in etcd are protected only by"
        " AWS-controlled encryption (disk encryption, plus AWS-owned-key envelope encryption from Kubernetes"
        " 1.28): you cannot restrict, audit or revoke the key that guards service-account tokens, database"
        " passwords and TLS keys, and a leaked etcd backup or snapshot is not bound to a key you control.",
        fix='Add `encryption_config { resources = ["secrets"] provider { key_arn = aws_kms_key.eks.arn } }`.',
        insecure_example='resource "aws_eks_cluster" "main" {\n  name = "main"\n}',
        secure_example='resource "aws_eks_cluster" "main" {\n  encryption_config {\n    resources = ["secrets"]\n'
        "    provider {\n      key_arn = aws_kms_key.eks.arn\n    }\n  }\n}",
        controls=("CIS-EKS-5.3.1", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28", "NIST-800-53-SC-12"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html",),
    ),
    terraform_check(
        id="iac/aws-eks-control-plane-logging-incomplete",
        title="EKS control plane api/audit logs are not enabled",
        severity=Severity.LOW,
        kinds=("aws_eks_cluster",),
        evaluate=_eks_log_types,
        rationale="Control plane logs are off by default. Without the audit and api logs there is no record of"
        " who read secrets, created privileged pods or changed RBAC, which is what incident response needs first.",
        fix='Set `enabled_cluster_log_types = ["api", "audit", "authenticator"]` (add controllerManager and'
        " scheduler as needed).",
        insecure_example='resource "aws_eks_cluster" "main" {\n  name = "main"\n}',
        secure_example='resource "aws_eks_cluster" "main" {\n'
        '  enabled_cluster_log_types = ["api", "audit", "authenticator"]\n}',
        controls=("CIS-EKS-2.1.1", "PCI-DSS-4.0-10.2.1", "SOC2-CC7.2", "NIST-800-53-AU-2", "NIST-800-53-AU-12"),
        cwe=("CWE-778",),
        references=("https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html",),
    ),
    # ------------------------------------------------------------------ Lambda
    terraform_check(
        id="iac/aws-lambda-function-url-public",
        title="Lambda function URL requires no authentication",
        severity=Severity.HIGH,
        kinds=("aws_lambda_function_url",),
        evaluate=equals("authorization_type", "NONE", message="authorization_type is NONE: anyone can invoke it"),
        rationale="A function URL with authorization NONE is a public HTTPS endpoint: anyone who finds it can invoke"
        " the function with any payload, run up cost, and reach whatever its execution role can. It is right only"
        " for functions that authenticate every request themselves (e.g. verify webhook signatures).",
        fix='Use `authorization_type = "AWS_IAM"` and sign callers\' requests, or put the function behind API'
        " Gateway or CloudFront with an authorizer.",
        insecure_example='resource "aws_lambda_function_url" "api" {\n'
        '  function_name      = aws_lambda_function.api.function_name\n  authorization_type = "NONE"\n}',
        secure_example='resource "aws_lambda_function_url" "api" {\n'
        '  function_name      = aws_lambda_function.api.function_name\n  authorization_type = "AWS_IAM"\n}',
        controls=("CIS-CSC-6.3", "PCI-DSS-4.0-8.3.1", "SOC2-CC6.1", "NIST-800-53-AC-3", "NIST-800-53-IA-2"),
        cwe=("CWE-306",),
        references=("https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",),
        confidence=Confidence.MEDIUM,
    ),
    terraform_check(
        id="iac/aws-lambda-permission-public",
        title="Lambda permission lets any principal invoke the function",
        severity=Severity.HIGH,
        kinds=("aws_lambda_permission",),
        evaluate=_lambda_permission_public,
        rationale='A resource policy statement for principal "*" without source_arn, source_account or'
        " principal_org_id lets every AWS account invoke the function (or, for a service principal left open,"
        " lets another account's bucket or topic trigger it: the confused-deputy problem).",
        fix="Grant a specific principal (a service such as `s3.amazonaws.com`, or an account) and always set"
        " `source_arn` (and `source_account`) for service principals.",
        insecure_example='resource "aws_lambda_permission" "any" {\n  action        = "lambda:InvokeFunction"\n'
        '  function_name = aws_lambda_function.worker.function_name\n  principal     = "*"\n}',
        secure_example='resource "aws_lambda_permission" "s3" {\n  action        = "lambda:InvokeFunction"\n'
        '  function_name = aws_lambda_function.worker.function_name\n  principal     = "s3.amazonaws.com"\n'
        "  source_arn    = aws_s3_bucket.uploads.arn\n}",
        controls=("CIS-CSC-3.3", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3", "NIST-800-53-AC-6"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",),
    ),
    terraform_check(
        id="iac/aws-lambda-env-secret",
        title="Lambda environment variable holds a literal secret",
        severity=Severity.HIGH,
        kinds=("aws_lambda_function",),
        evaluate=_lambda_env_secrets,
        rationale="A password, token or API key written as an environment variable value sits in the repository,"
        " the Terraform state and the function configuration, where anyone with lambda:GetFunctionConfiguration"
        " or read access to the code can copy it; it is also never rotated.",
        fix="Store the secret in Secrets Manager or SSM Parameter Store and pass only its ARN or name (read it at"
        " start-up or with the Parameters and Secrets Lambda extension); rotate the exposed value.",
        insecure_example='environment {\n  variables = {\n    DB_PASSWORD = "Example-Passw0rd-1"\n  }\n}',
        secure_example="environment {\n  variables = {\n    DB_PASSWORD_SECRET_ARN = aws_secretsmanager_secret.db.arn\n"
        "  }\n}",
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-8.6.2", "SOC2-CC6.1", "NIST-800-53-IA-5(7)"),
        cwe=("CWE-798", "CWE-526"),
        references=("https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html",),
    ),
    # ------------------------------------------------------------------ Load balancers
    terraform_check(
        id="iac/aws-lb-http-listener",
        title="Internet-facing load balancer serves plain HTTP",
        severity=Severity.MEDIUM,
        kinds=LISTENER_KINDS,
        evaluate=_http_listener,
        rationale="An HTTP listener that forwards to the application sends cookies, credentials and responses in"
        " clear over the internet, where they can be read or altered on the path (public Wi-Fi, hostile networks).",
        fix='Serve HTTPS on 443 and make the port-80 listener\'s default action a `redirect` with `protocol = "HTTPS"`'
        ' and `status_code = "HTTP_301"`.',
        insecure_example='resource "aws_lb_listener" "http" {\n  port     = 80\n  protocol = "HTTP"\n'
        '  default_action {\n    type             = "forward"\n    target_group_arn = aws_lb_target_group.app.arn\n'
        "  }\n}",
        secure_example='resource "aws_lb_listener" "http" {\n  port     = 80\n  protocol = "HTTP"\n  default_action {\n'
        '    type = "redirect"\n    redirect {\n      port        = "443"\n      protocol    = "HTTPS"\n'
        '      status_code = "HTTP_301"\n    }\n  }\n}',
        controls=("CIS-CSC-3.10", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=(
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html",
        ),
    ),
    terraform_check(
        id="iac/aws-lb-tls-policy-outdated",
        title="Load balancer TLS listener accepts TLS 1.0/1.1",
        severity=Severity.MEDIUM,
        kinds=LISTENER_KINDS,
        evaluate=_listener_tls_policy,
        rationale="TLS 1.0 and 1.1 are deprecated (RFC 8996) and PCI DSS forbids them for cardholder data. Without"
        " `ssl_policy` an API-created listener gets ELBSecurityPolicy-2016-08, which still negotiates them along"
        " with CBC/SHA-1 suites.",
        fix='Set `ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"` (or a newer TLS 1.2+ / post-quantum policy).',
        insecure_example='resource "aws_lb_listener" "https" {\n  protocol   = "HTTPS"\n'
        '  ssl_policy = "ELBSecurityPolicy-2016-08"\n}',
        secure_example='resource "aws_lb_listener" "https" {\n  protocol   = "HTTPS"\n'
        '  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n}',
        controls=("CIS-CSC-3.10", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8", "NIST-800-53-SC-13"),
        cwe=("CWE-326", "CWE-327"),
        references=("https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",),
    ),
    terraform_check(
        id="iac/aws-lb-invalid-headers-not-dropped",
        title="Application load balancer forwards invalid HTTP header fields",
        severity=Severity.LOW,
        kinds=LOAD_BALANCER_KINDS,
        evaluate=only_if(
            _application_lb,
            must_be(
                "drop_invalid_header_fields",
                True,
                message=IS_FALSE,
                missing_message="drop_invalid_header_fields is not set (invalid headers are forwarded)",
            ),
        ),
        rationale="Headers with invalid names are passed to the targets, where back ends that parse them"
        " differently from the load balancer open the door to request smuggling and header injection.",
        fix="Set `drop_invalid_header_fields = true` on application load balancers.",
        insecure_example='resource "aws_lb" "web" {\n  load_balancer_type = "application"\n}',
        secure_example='resource "aws_lb" "web" {\n  load_balancer_type         = "application"\n'
        "  drop_invalid_header_fields = true\n}",
        controls=("CIS-CSC-13.10", "PCI-DSS-4.0-6.4.1", "SOC2-CC6.6", "NIST-800-53-SI-10"),
        cwe=("CWE-444",),
        references=(
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html",
        ),
    ),
    terraform_check(
        id="iac/aws-elb-http-listener",
        title="Internet-facing classic load balancer has a plain HTTP listener",
        severity=Severity.MEDIUM,
        kinds=("aws_elb",),
        evaluate=only_if(
            lambda resource: resource.get("internal") is MISSING or _is(resource, "internal", False),
            equals("listener.lb_protocol", "http", message="listener lb_protocol is {value}"),
        ),
        rationale="A classic load balancer listener on HTTP carries requests and responses, session cookies and"
        " credentials included, in clear over the internet.",
        fix="Use an `https` listener with an ACM certificate (and migrate to an Application Load Balancer, which can"
        " redirect HTTP to HTTPS).",
        insecure_example='listener {\n  lb_port           = 80\n  lb_protocol       = "http"\n'
        '  instance_port     = 8080\n  instance_protocol = "http"\n}',
        secure_example='listener {\n  lb_port            = 443\n  lb_protocol        = "https"\n'
        '  instance_port      = 8080\n  instance_protocol  = "http"\n'
        "  ssl_certificate_id = aws_acm_certificate.web.arn\n}",
        controls=("CIS-CSC-3.10", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=("https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-listener-config.html",),
    ),
    # ------------------------------------------------------------------ API Gateway
    terraform_check(
        id="iac/aws-apigateway-method-no-auth",
        title="API Gateway method has no authorization",
        severity=Severity.MEDIUM,
        kinds=("aws_api_gateway_method",),
        evaluate=_rest_method_without_auth,
        rationale="A method with authorization NONE and no API key can be called by anyone on the internet; the"
        " back end then has to authenticate every request itself, and abuse (scraping, cost) cannot be throttled"
        " per client. CORS preflight (OPTIONS) methods and private APIs are not reported.",
        fix='Use `authorization = "AWS_IAM"`, `"COGNITO_USER_POOLS"` or `"CUSTOM"` with an authorizer; for'
        " deliberately public endpoints require an API key with a usage plan.",
        insecure_example='resource "aws_api_gateway_method" "get" {\n  http_method   = "GET"\n'
        '  authorization = "NONE"\n}',
        secure_example='resource "aws_api_gateway_method" "get" {\n  http_method   = "GET"\n'
        '  authorization = "COGNITO_USER_POOLS"\n  authorizer_id = aws_api_gateway_authorizer.users.id\n}',
        controls=("CIS-CSC-6.3", "PCI-DSS-4.0-8.3.1", "SOC2-CC6.1", "NIST-800-53-AC-3", "NIST-800-53-IA-2"),
        cwe=("CWE-306",),
        references=(
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
        ),
        confidence=Confidence.MEDIUM,
    ),
    terraform_check(
        id="iac/aws-apigateway-access-logging-disabled",
        title="API Gateway stage has no access logging",
        severity=Severity.LOW,
        kinds=("aws_api_gateway_stage", "aws_apigatewayv2_stage"),
        evaluate=must_be(
            "access_log_settings.destination_arn", missing_message="no access_log_settings: requests are not logged"
        ),
        rationale="Without access logs there is no record of who called which route from where and with what"
        " result, so credential stuffing, enumeration or data scraping through the API goes unseen.",
        fix="Add `access_log_settings` with a CloudWatch Logs group ARN and a format that includes the request id,"
        " caller IP, identity, route and status.",
        insecure_example='resource "aws_api_gateway_stage" "prod" {\n  stage_name = "prod"\n}',
        secure_example='resource "aws_api_gateway_stage" "prod" {\n  stage_name = "prod"\n  access_log_settings {\n'
        "    destination_arn = aws_cloudwatch_log_group.api.arn\n"
        '    format          = jsonencode({ requestId = "$context.requestId", ip = "$context.identity.sourceIp" })\n'
        "  }\n}",
        controls=("CIS-CSC-8.2", "PCI-DSS-4.0-10.2.1", "SOC2-CC7.2", "NIST-800-53-AU-2", "NIST-800-53-AU-12"),
        cwe=("CWE-778",),
        references=("https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",),
    ),
    terraform_check(
        id="iac/aws-apigatewayv2-route-no-auth",
        title="API Gateway v2 route has no authorization",
        severity=Severity.MEDIUM,
        kinds=("aws_apigatewayv2_route",),
        evaluate=_http_route_without_auth,
        rationale="HTTP API routes (and a WebSocket API's $connect route) default to authorization NONE: anyone can"
        " call them. OPTIONS routes and WebSocket message routes, which cannot carry an authorizer, are not"
        " reported.",
        fix='Set `authorization_type = "JWT"` (with an `aws_apigatewayv2_authorizer`), `"AWS_IAM"` or `"CUSTOM"`.',
        insecure_example='resource "aws_apigatewayv2_route" "orders" {\n  api_id    = aws_apigatewayv2_api.http.id\n'
        '  route_key = "GET /orders"\n}',
        secure_example='resource "aws_apigatewayv2_route" "orders" {\n'
        "  api_id             = aws_apigatewayv2_api.http.id\n"
        '  route_key          = "GET /orders"\n  authorization_type = "JWT"\n'
        "  authorizer_id      = aws_apigatewayv2_authorizer.users.id\n}",
        controls=("CIS-CSC-6.3", "PCI-DSS-4.0-8.3.1", "SOC2-CC6.1", "NIST-800-53-AC-3", "NIST-800-53-IA-2"),
        cwe=("CWE-306",),
        references=("https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html",),
        confidence=Confidence.MEDIUM,
    ),
    # ------------------------------------------------------------------ CloudFront
    terraform_check(
        id="iac/aws-cloudfront-allows-http",
        title="CloudFront distribution serves viewers over plain HTTP",
        severity=Severity.MEDIUM,
        kinds=("aws_cloudfront_distribution",),
        evaluate=all_of(
            equals("default_cache_behavior.viewer_protocol_policy", "allow-all"),
            equals("ordered_cache_behavior.viewer_protocol_policy", "allow-all"),
        ),
        rationale="With `allow-all` viewers can use HTTP: content, cookies and tokens travel in clear and can be"
        " modified in transit (script injection into pages served over HTTP).",
        fix='Set `viewer_protocol_policy = "redirect-to-https"` (or `"https-only"`) on every cache behavior.',
        insecure_example='default_cache_behavior {\n  viewer_protocol_policy = "allow-all"\n}',
        secure_example='default_cache_behavior {\n  viewer_protocol_policy = "redirect-to-https"\n}',
        controls=("CIS-CSC-3.10", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=(
            "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html",
        ),
    ),
    terraform_check(
        id="iac/aws-cloudfront-tls-outdated",
        title="CloudFront distribution accepts outdated TLS versions",
        severity=Severity.MEDIUM,
        kinds=("aws_cloudfront_distribution",),
        evaluate=_cloudfront_tls,
        rationale="A minimum protocol version below TLSv1.2_2021 lets viewers negotiate TLS 1.0/1.1 or weak CBC"
        " cipher suites; with a custom certificate and no `minimum_protocol_version` the default is TLSv1."
        " (Distributions on the default *.cloudfront.net certificate cannot raise the floor and are not reported.)",
        fix='Set `minimum_protocol_version = "TLSv1.2_2021"` (or newer) with `ssl_support_method = "sni-only"`.',
        insecure_example="viewer_certificate {\n  acm_certificate_arn      = aws_acm_certificate.site.arn\n"
        '  ssl_support_method       = "sni-only"\n  minimum_protocol_version = "TLSv1"\n}',
        secure_example="viewer_certificate {\n  acm_certificate_arn      = aws_acm_certificate.site.arn\n"
        '  ssl_support_method       = "sni-only"\n  minimum_protocol_version = "TLSv1.2_2021"\n}',
        controls=("CIS-CSC-3.10", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8", "NIST-800-53-SC-13"),
        cwe=("CWE-326", "CWE-327"),
        references=(
            "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html",
        ),
    ),
    terraform_check(
        id="iac/aws-cloudfront-no-waf",
        title="CloudFront distribution has no WAF web ACL",
        severity=Severity.LOW,
        kinds=("aws_cloudfront_distribution",),
        evaluate=must_be("web_acl_id", missing_message="web_acl_id is not set: no AWS WAF in front of the origin"),
        rationale="Without a web ACL every request reaches the origin unfiltered: no managed rules against common"
        " exploits (SQL injection, known bad inputs), bots or request floods, and no rate limiting per client.",
        fix="Attach an AWS WAFv2 web ACL (scope CLOUDFRONT) with the AWS managed core rule set and a rate-based rule"
        " through `web_acl_id`.",
        insecure_example='resource "aws_cloudfront_distribution" "site" {\n  enabled = true\n}',
        secure_example='resource "aws_cloudfront_distribution" "site" {\n  enabled    = true\n'
        "  web_acl_id = aws_wafv2_web_acl.edge.arn\n}",
        controls=("CIS-CSC-13.10", "PCI-DSS-4.0-6.4.2", "SOC2-CC6.6", "NIST-800-53-SC-7", "NIST-800-53-SI-4"),
        cwe=("CWE-693",),
        references=("https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-web-awswaf.html",),
        confidence=Confidence.MEDIUM,
    ),
)
