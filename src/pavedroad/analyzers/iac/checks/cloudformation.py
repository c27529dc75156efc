"""CloudFormation checks: each AWS resource's Properties, with intrinsics already resolved.

`!Ref` to a parameter with a Default reads as the default; a parameter without one, `Fn::If`,
`!GetAtt` and anything else only known at deploy time is an Unknown and never reported, also
when it stands for a whole block (`VersioningConfiguration: !If [...]`). Settings that are
absent are reported at the resource's logical id, where CloudFormation's default applies.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from pavedroad.analyzers.iac.check import Check, Evaluate, Project, Violation
from pavedroad.analyzers.iac.checks.aws import ADMIN_PORTS, OPEN_CIDRS
from pavedroad.analyzers.iac.conditions import equals, only_if, show
from pavedroad.analyzers.iac.model import MISSING, Node, NodeList, Resource, Unknown, lookup, lookup_all, split_path
from pavedroad.core.findings import Severity

cfn_check = partial(Check, frameworks=("cloudformation",))

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def value_at(body: Any, path: str) -> Any:
    """The value at `path`; an Unknown met on the way is returned (model.lookup would say MISSING)."""
    value = body
    for step in split_path(path):
        if isinstance(value, Unknown):
            return value
        value = lookup(value, (step,))
        if value is MISSING:
            return MISSING
    return value


def absent_line(resource: Resource, path: str) -> int:
    """Where an absent setting is reported: its deepest existing parent, else the logical id."""
    return resource.line_at(path) if split_path(path)[0] in resource.body else resource.line


def _same(value: Any, expected: Any) -> bool:
    if isinstance(expected, bool):
        return is_true(value) if expected else is_false(value)
    return isinstance(value, str) and value.lower() == str(expected).lower()


def setting(
    path: str,
    *expected: Any,
    message: str = "{path} is {value}",
    missing_message: str = "{path} is not set",
) -> Evaluate:
    """Violation unless the value at `path` is one of `expected` (any non-empty value when none given).

    An absent value is a violation (CloudFormation's default is the insecure one); Unknown never is.
    """

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        value = value_at(resource.body, path)
        if isinstance(value, Unknown):
            return
        if value is MISSING or value is None or value in ("", [], {}):
            yield Violation(absent_line(resource, path), missing_message.format(path=path), "missing")
        elif expected and not any(_same(value, good) for good in expected):
            yield Violation(resource.line_at(path), message.format(path=path, value=show(value)), show(value))

    return evaluate


def none_set(*properties: str) -> Callable[[Resource], bool]:
    """A resource condition: none of `properties` is set."""
    return lambda resource: all(name not in resource.body for name in properties)


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str)]


# ---------------------------------------------------------------------------------------------
# S3
# ---------------------------------------------------------------------------------------------

PUBLIC_ACCESS_FLAGS = ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")


def public_access_block_disabled(resource: Resource, project: Project) -> Iterator[Violation]:
    config = resource.get("PublicAccessBlockConfiguration")
    if not isinstance(config, Node):
        return  # absent: iac/cfn-s3-public-access-block-missing; Unknown: cannot tell
    unset = [flag for flag in PUBLIC_ACCESS_FLAGS if flag not in config]
    for flag in PUBLIC_ACCESS_FLAGS:
        if is_false(config.get(flag)):
            yield Violation(config.line_of(flag), f"{flag} is false", flag)
    if unset:
        yield Violation(
            resource.line_at("PublicAccessBlockConfiguration"),
            f"{', '.join(unset)} not set: false when the configuration is given",
            ",".join(unset),
        )


def public_access_block_missing(resource: Resource, project: Project) -> Iterator[Violation]:
    if "PublicAccessBlockConfiguration" not in resource.body:
        yield Violation(resource.line, "no PublicAccessBlockConfiguration", "missing")


def _is_log_bucket(bucket: Resource, project: Project) -> bool:
    """A bucket that receives access logs (logging it too would log the logging)."""
    if str(bucket.get("AccessControl")).lower() == "logdeliverywrite":
        return True
    name = bucket.get("BucketName")
    for other in project.of_kind("AWS::S3::Bucket", "AWS::S3::BucketPolicy"):
        if other.path != bucket.path:
            continue
        if other.kind == "AWS::S3::Bucket":
            destination = value_at(other.body, "LoggingConfiguration.DestinationBucketName")
            if (isinstance(destination, Unknown) and bucket.name in destination.references) or (
                isinstance(name, str) and destination == name
            ):
                return True
        else:
            target = other.get("Bucket")
            points_here = (isinstance(target, Unknown) and bucket.name in target.references) or (
                isinstance(name, str) and target == name
            )
            if points_here and "logging.s3.amazonaws.com" in json.dumps(other.body, default=str):
                return True
    return False


def access_logging_missing(resource: Resource, project: Project) -> Iterator[Violation]:
    if "LoggingConfiguration" in resource.body or _is_log_bucket(resource, project):
        return
    yield Violation(resource.line, "no LoggingConfiguration: requests to the bucket are not logged", "missing")


# ---------------------------------------------------------------------------------------------
# Security groups
# ---------------------------------------------------------------------------------------------


def _ports(rule: Node) -> tuple[int, int] | None:
    protocol = rule.get("IpProtocol")
    if isinstance(protocol, Unknown):
        return None
    if str(protocol).lower() in ("-1", "all"):
        return 0, 65535
    if str(protocol).lower() not in ("tcp", "6", "udp", "17"):
        return None  # icmp and other protocols have no ports
    low, high = _port(rule.get("FromPort")), _port(rule.get("ToPort"))
    if low is None or high is None:
        return None  # Unknown or absent
    return (0, 65535) if (low, high) == (-1, -1) else (low, high)


def _port(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        return int(value)
    except ValueError:
        return None


def ingress_rules(resource: Resource) -> Iterator[tuple[Any, int]]:
    if resource.kind == "AWS::EC2::SecurityGroup":
        yield from lookup_all(resource.body, "SecurityGroupIngress.*")
    else:
        yield resource.body, resource.line


def admin_ports_open(resource: Resource, project: Project) -> Iterator[Violation]:
    for rule, line in ingress_rules(resource):
        if not isinstance(rule, Node):
            continue
        for key in ("CidrIp", "CidrIpv6"):
            cidr = rule.get(key)
            ports = _ports(rule) if cidr in OPEN_CIDRS else None
            if ports is None:
                continue
            low, high = ports
            exposed = sorted({name for port, name in ADMIN_PORTS.items() if low <= port <= high})
            if (low, high) == (0, 65535):
                yield Violation(rule.line_of(key), f"ingress from {cidr} on every port", f"{cidr}:all")
            elif exposed:
                where = f"port {low}" if low == high else f"ports {low}-{high}"
                yield Violation(
                    rule.line_of(key) or line,
                    f"ingress from {cidr} to {where} ({', '.join(exposed)})",
                    f"{cidr}:{low}-{high}",
                )


# ---------------------------------------------------------------------------------------------
# IAM
# ---------------------------------------------------------------------------------------------


def _documents(resource: Resource, key: str) -> Iterator[tuple[Any, int]]:
    if key == "PolicyDocument" and resource.kind not in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        yield from lookup_all(resource.body, "Policies.*.PolicyDocument")
    else:
        yield from lookup_all(resource.body, key)


def statements(resource: Resource, key: str) -> Iterator[tuple[dict[str, Any], Callable[[str], int]]]:
    """Every statement of the policy documents at `key` (a JSON string document too), with a line finder."""
    for document, line in _documents(resource, key):
        if isinstance(document, str):
            try:
                document = json.loads(document)
            except ValueError:
                continue
        found = document.get("Statement") if isinstance(document, dict) else None
        items = found if isinstance(found, list) else [found]
        for index, statement in enumerate(items):
            if isinstance(statement, dict):
                item_line = found.line_of(index) if isinstance(found, NodeList) else line
                yield statement, _line_finder(statement, item_line or line)


def _line_finder(statement: dict[str, Any], default: int) -> Callable[[str], int]:
    return lambda key: statement.line_of(key) if isinstance(statement, Node) and key in statement else default


def _allows(statement: dict[str, Any]) -> bool:
    effect = statement.get("Effect")
    return isinstance(effect, str) and effect.lower() == "allow"


def admin_policy(resource: Resource, project: Project) -> Iterator[Violation]:
    for statement, line_of in statements(resource, "PolicyDocument"):
        actions, targets = _strings(statement.get("Action")), _strings(statement.get("Resource"))
        if _allows(statement) and any(a in ("*", "*:*") for a in actions) and "*" in targets:
            yield Violation(line_of("Action"), "a statement allows Action * on Resource *", "*:*")


def trusts_anyone(resource: Resource, project: Project) -> Iterator[Violation]:
    for statement, line_of in statements(resource, "AssumeRolePolicyDocument"):
        principal = statement.get("Principal")
        everyone = principal == "*" or (isinstance(principal, dict) and "*" in _strings(principal.get("AWS")))
        if _allows(statement) and everyone and "Condition" not in statement:
            yield Violation(line_of("Principal"), "any AWS principal may assume the role (Principal *)", "*")


# ---------------------------------------------------------------------------------------------
# Other services
# ---------------------------------------------------------------------------------------------


def _rotatable_key(resource: Resource) -> bool:
    spec, origin = resource.get("KeySpec"), resource.get("Origin")
    symmetric = spec is MISSING or (isinstance(spec, str) and spec.upper() == "SYMMETRIC_DEFAULT")
    generated = origin is MISSING or (isinstance(origin, str) and origin.upper() == "AWS_KMS")
    return symmetric and generated  # imported, HSM-backed, asymmetric and HMAC keys cannot auto-rotate


def eks_public_endpoint(resource: Resource, project: Project) -> Iterator[Violation]:
    config = resource.get("ResourcesVpcConfig")
    if not isinstance(config, Node):
        return
    public = config.get("EndpointPublicAccess", True)  # the API default
    cidrs = config.get("PublicAccessCidrs", MISSING)
    if isinstance(public, Unknown) or is_false(public) or isinstance(cidrs, Unknown):
        return
    if cidrs is not MISSING and "0.0.0.0/0" not in _strings(cidrs):
        return  # public, but only to the listed ranges
    line = (
        config.line_of("EndpointPublicAccess")
        if "EndpointPublicAccess" in config
        else resource.line_at("ResourcesVpcConfig")
    )
    how = (
        "EndpointPublicAccess is true" if "EndpointPublicAccess" in config else "EndpointPublicAccess defaults to true"
    )
    yield Violation(line, f"{how} and PublicAccessCidrs allows 0.0.0.0/0", "public")


def sqs_encryption_disabled(resource: Resource, project: Project) -> Iterator[Violation]:
    if is_false(resource.get("SqsManagedSseEnabled")) and "KmsMasterKeyId" not in resource.body:
        yield Violation(
            resource.line_at("SqsManagedSseEnabled"), "SqsManagedSseEnabled is false and no KmsMasterKeyId", "false"
        )


def http_listener(resource: Resource, project: Project) -> Iterator[Violation]:
    protocol, actions = resource.get("Protocol"), resource.get("DefaultActions")
    if not isinstance(protocol, str) or protocol.upper() != "HTTP" or not isinstance(actions, list):
        return
    redirects = []
    for action in actions:
        kind = action.get("Type") if isinstance(action, Node) else action
        target = value_at(action, "RedirectConfig.Protocol")
        if not isinstance(action, Node) or isinstance(kind, Unknown) or isinstance(target, Unknown):
            return
        # A redirect's Protocol defaults to #{protocol}: the same, plain HTTP.
        redirects.append(str(kind).lower() == "redirect" and str(target).upper() == "HTTPS")
    if not all(redirects):
        message = "an HTTP listener serves traffic instead of redirecting to HTTPS"
        yield Violation(resource.line_at("Protocol"), message, "HTTP")


def imds_v1_allowed(resource: Resource, project: Project) -> Iterator[Violation]:
    path = "LaunchTemplateData.MetadataOptions" if resource.kind == "AWS::EC2::LaunchTemplate" else "MetadataOptions"
    options = value_at(resource.body, path)
    if isinstance(options, Unknown):
        return
    if not isinstance(options, Node):
        yield Violation(
            absent_line(resource, path), "no MetadataOptions: HttpTokens defaults to optional (IMDSv1)", "missing"
        )
        return
    endpoint, tokens = options.get("HttpEndpoint"), options.get("HttpTokens", MISSING)
    if isinstance(endpoint, Unknown) or isinstance(tokens, Unknown) or str(endpoint).lower() == "disabled":
        return
    if tokens is MISSING:
        yield Violation(resource.line_at(path), "HttpTokens is not set: it defaults to optional (IMDSv1)", "missing")
    elif str(tokens).lower() != "required":
        yield Violation(options.line_of("HttpTokens"), f"HttpTokens is {tokens}: IMDSv1 is allowed", str(tokens))


# ---------------------------------------------------------------------------------------------
# The rows
# ---------------------------------------------------------------------------------------------

RDS_CLUSTER_MEMBER = ("DBClusterIdentifier",)  # Aurora instances take these settings from their cluster
RDS_INHERITED_STORAGE = ("DBClusterIdentifier", "SourceDBInstanceIdentifier", "DBSnapshotIdentifier")
RDS_CLUSTER_INHERITED_STORAGE = ("SnapshotIdentifier", "SourceDBClusterIdentifier")


def _rds_storage_own(resource: Resource) -> bool:
    if resource.kind == "AWS::RDS::DBCluster":
        mode = resource.get("EngineMode")
        maybe_serverless = isinstance(mode, Unknown) or str(mode).lower() == "serverless"  # v1 is always encrypted
        return not maybe_serverless and none_set(*RDS_CLUSTER_INHERITED_STORAGE)(resource)
    engine = resource.get("Engine")
    aurora = isinstance(engine, str) and engine.lower().startswith("aurora")
    return not aurora and none_set(*RDS_INHERITED_STORAGE)(resource)


CHECKS: tuple[Check, ...] = (
    cfn_check(
        id="iac/cfn-s3-public-acl",
        title="S3 bucket AccessControl grants public access",
        severity=Severity.HIGH,
        kinds=("AWS::S3::Bucket",),
        evaluate=equals(
            "AccessControl", "PublicRead", "PublicReadWrite", "AuthenticatedRead", message="AccessControl is {value}"
        ),
        rationale="PublicRead lets anyone on the internet list and download every object, PublicReadWrite lets"
        " them upload and overwrite too, and AuthenticatedRead means any AWS account, not just yours. Public"
        " buckets are among the most common causes of cloud data breaches.",
        fix="Remove AccessControl (or use Private), set ObjectOwnership BucketOwnerEnforced, and serve public"
        " content through CloudFront with an origin access control.",
        insecure_example="Assets:\n  Type: AWS::S3::Bucket\n  Properties:\n    AccessControl: PublicRead",
        secure_example="Assets:\n  Type: AWS::S3::Bucket\n  Properties:\n    OwnershipControls:\n      Rules:\n"
        "        - ObjectOwnership: BucketOwnerEnforced",
        controls=("CIS-AWS-2.1.4", "PCI-DSS-4.0-1.4.4", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",),
    ),
    cfn_check(
        id="iac/cfn-s3-encryption-missing",
        title="S3 bucket declares no BucketEncryption",
        severity=Severity.LOW,
        kinds=("AWS::S3::Bucket",),
        evaluate=setting(
            "BucketEncryption", missing_message="no BucketEncryption: only the S3 default (SSE-S3) applies"
        ),
        rationale="Since 2023 S3 encrypts new objects with S3-managed keys by default, so the data is not stored"
        " in clear; but without BucketEncryption you cannot require a customer-managed KMS key, whose key"
        " policy is a second access control and whose use is logged in CloudTrail, and auditors ask for"
        " encryption at rest to be declared.",
        fix="Add BucketEncryption with SSEAlgorithm aws:kms and a customer-managed key (with BucketKeyEnabled to"
        " keep KMS costs down).",
        insecure_example="Data:\n  Type: AWS::S3::Bucket",
        secure_example="Data:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketEncryption:\n"
        "      ServerSideEncryptionConfiguration:\n        - ServerSideEncryptionByDefault:\n"
        "            SSEAlgorithm: aws:kms\n            KMSMasterKeyID: !Ref DataKey\n          BucketKeyEnabled: true",
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",),
    ),
    cfn_check(
        id="iac/cfn-s3-public-access-block-disabled",
        title="S3 bucket turns off Block Public Access",
        severity=Severity.MEDIUM,
        kinds=("AWS::S3::Bucket",),
        evaluate=public_access_block_disabled,
        rationale="Block Public Access is the guard rail that keeps a mistaken ACL or bucket policy from making"
        " data public. A flag set to false (or left out of a PublicAccessBlockConfiguration that is given,"
        " where it defaults to false) switches that guard off for this bucket.",
        fix="Set all four flags (BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets) to"
        " true; serve public content through CloudFront instead.",
        insecure_example="Site:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n"
        "      BlockPublicAcls: false\n      BlockPublicPolicy: false",
        secure_example="Site:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n"
        "      BlockPublicAcls: true\n      BlockPublicPolicy: true\n      IgnorePublicAcls: true\n"
        "      RestrictPublicBuckets: true",
        controls=("CIS-AWS-2.1.4", "PCI-DSS-4.0-1.4.4", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",),
    ),
    cfn_check(
        id="iac/cfn-s3-public-access-block-missing",
        title="S3 bucket does not declare Block Public Access",
        severity=Severity.LOW,
        kinds=("AWS::S3::Bucket",),
        evaluate=public_access_block_missing,
        rationale="New buckets get Block Public Access by default (since April 2023), so this is not public by"
        " itself; declaring it keeps the protection explicit, survives drift and console changes, and"
        " documents intent for reviewers and auditors.",
        fix="Add a PublicAccessBlockConfiguration with all four flags set to true.",
        insecure_example="Data:\n  Type: AWS::S3::Bucket",
        secure_example="Data:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n"
        "      BlockPublicAcls: true\n      BlockPublicPolicy: true\n      IgnorePublicAcls: true\n"
        "      RestrictPublicBuckets: true",
        controls=("CIS-AWS-2.1.4", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",),
    ),
    cfn_check(
        id="iac/cfn-s3-versioning-disabled",
        title="S3 bucket versioning is not enabled",
        severity=Severity.LOW,
        kinds=("AWS::S3::Bucket",),
        evaluate=setting(
            "VersioningConfiguration.Status",
            "Enabled",
            message="versioning Status is {value}",
            missing_message="versioning is not enabled ({path} is not set)",
        ),
        rationale="Without versioning an overwrite or delete (a bug, a mistaken sync, ransomware with stolen"
        " credentials) destroys the only copy of an object; with it, every previous version can be restored.",
        fix="Set VersioningConfiguration Status to Enabled and add a lifecycle rule expiring old noncurrent"
        " versions to control cost.",
        insecure_example="Data:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n"
        "      Status: Suspended",
        secure_example="Data:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n"
        "      Status: Enabled",
        controls=("CIS-AWS-2.1.2", "CIS-CSC-11.2", "SOC2-A1.2", "NIST-800-53-CP-9"),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",),
    ),
    cfn_check(
        id="iac/cfn-s3-access-logging-missing",
        title="S3 bucket has no server access logging",
        severity=Severity.LOW,
        kinds=("AWS::S3::Bucket",),
        evaluate=access_logging_missing,
        rationale="Server access logs record who read, wrote or deleted which object; without them (or CloudTrail"
        " data events) an investigation cannot tell what data was taken. Buckets that receive access logs"
        " (LogDeliveryWrite, another bucket's log destination) are not reported.",
        fix="Add LoggingConfiguration with a DestinationBucketName (a dedicated log bucket) and a LogFilePrefix.",
        insecure_example="Data:\n  Type: AWS::S3::Bucket",
        secure_example="Data:\n  Type: AWS::S3::Bucket\n  Properties:\n    LoggingConfiguration:\n"
        "      DestinationBucketName: !Ref AccessLogs\n      LogFilePrefix: data/",
        controls=("CIS-AWS-3.4", "CIS-CSC-8.2", "PCI-DSS-4.0-10.2.1", "SOC2-CC7.2", "NIST-800-53-AU-2"),
        cwe=("CWE-778",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",),
    ),
    cfn_check(
        id="iac/cfn-sg-admin-port-open",
        title="Security group allows SSH/RDP or all traffic from the internet",
        severity=Severity.HIGH,
        kinds=("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"),
        evaluate=admin_ports_open,
        rationale="Administration ports (SSH, RDP, WinRM, Telnet) open to 0.0.0.0/0 or ::/0 are scanned and"
        " brute-forced within minutes of exposure, and IpProtocol -1 opens every port, including databases"
        " and internal admin consoles. A leaked key, weak password or unpatched service then gives an"
        " attacker a foothold.",
        fix="Restrict CidrIp to a bastion, VPN or corporate range (or a SourceSecurityGroupId), and prefer SSM"
        " Session Manager to SSH.",
        insecure_example="Ssh:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n"
        "    GroupId: !Ref AppSg\n    IpProtocol: tcp\n    FromPort: 22\n    ToPort: 22\n    CidrIp: 0.0.0.0/0",
        secure_example="Ssh:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n"
        "    GroupId: !Ref AppSg\n    IpProtocol: tcp\n    FromPort: 22\n    ToPort: 22\n    CidrIp: 10.20.0.0/16",
        controls=("CIS-AWS-5.2", "CIS-AWS-5.3", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",),
    ),
    cfn_check(
        id="iac/cfn-rds-public",
        title="RDS database is publicly accessible",
        severity=Severity.CRITICAL,
        kinds=("AWS::RDS::DBInstance", "AWS::RDS::DBCluster"),
        evaluate=equals("PubliclyAccessible", True, message="PubliclyAccessible is true"),
        rationale="A publicly accessible database gets a public DNS name and IP; one permissive security group"
        " rule away from the internet, it faces credential stuffing, brute force and database exploits"
        " directly, and holds exactly the data attackers want.",
        fix="Set PubliclyAccessible to false, keep the database in private subnets, and reach it through the"
        " application, a bastion or SSM port forwarding.",
        insecure_example="Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres\n"
        "    PubliclyAccessible: true",
        secure_example="Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres\n"
        "    PubliclyAccessible: false\n    DBSubnetGroupName: !Ref PrivateSubnets",
        controls=("CIS-AWS-2.3.3", "PCI-DSS-4.0-1.4.4", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-668",),
        references=(
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html",
        ),
    ),
    cfn_check(
        id="iac/cfn-rds-storage-unencrypted",
        title="RDS storage is not encrypted",
        severity=Severity.MEDIUM,
        kinds=("AWS::RDS::DBInstance", "AWS::RDS::DBCluster"),
        evaluate=only_if(
            _rds_storage_own,
            setting("StorageEncrypted", True, missing_message="StorageEncrypted is not set (defaults to false)"),
        ),
        rationale="StorageEncrypted defaults to false: the database files, automated backups, snapshots and read"
        " replicas are stored unencrypted, and an unencrypted snapshot can be shared or copied out of the"
        " account. Encryption cannot be turned on later without a restore. Aurora instances (encrypted at"
        " the cluster), replicas and restores inherit their source's setting and are not reported.",
        fix="Set StorageEncrypted: true (with a KmsKeyId for a customer-managed key). For an existing database,"
        " restore an encrypted copy of a snapshot.",
        insecure_example="Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres",
        secure_example="Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres\n"
        "    StorageEncrypted: true\n    KmsKeyId: !Ref DbKey",
        controls=("CIS-AWS-2.3.1", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",),
    ),
    cfn_check(
        id="iac/cfn-rds-deletion-protection-disabled",
        title="RDS database has no deletion protection",
        severity=Severity.LOW,
        kinds=("AWS::RDS::DBInstance", "AWS::RDS::DBCluster"),
        evaluate=only_if(
            none_set(*RDS_CLUSTER_MEMBER),
            setting("DeletionProtection", True, missing_message="DeletionProtection is not set (defaults to false)"),
        ),
        rationale="Without deletion protection a stack update that replaces the resource, a mistaken stack"
        " delete or an attacker with modify rights can drop the database in one call. Aurora instances are"
        " protected through their cluster and are not reported.",
        fix="Set DeletionProtection: true (and a DeletionPolicy/UpdateReplacePolicy of Snapshot on the resource).",
        insecure_example="Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres",
        secure_example="Db:\n  Type: AWS::RDS::DBInstance\n  DeletionPolicy: Snapshot\n  Properties:\n"
        "    Engine: postgres\n    DeletionProtection: true",
        controls=("CIS-CSC-11.3", "SOC2-A1.2", "NIST-800-53-SI-12"),
        references=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html",),
    ),
    cfn_check(
        id="iac/cfn-iam-admin-policy",
        title="IAM policy allows every action on every resource",
        severity=Severity.CRITICAL,
        kinds=("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"),
        evaluate=admin_policy,
        rationale="Allow Action * on Resource * is full administrator access: whoever holds the role, user or"
        " group (or steals its credentials, or compromises the workload using it) can read all data, create"
        " users and keys, and delete the account's resources and logs.",
        fix="Grant only the actions and resources the principal needs (IAM Access Analyzer can generate a policy"
        " from CloudTrail activity); keep break-glass admin access to a few, MFA-protected roles.",
        insecure_example="Policy:\n  Type: AWS::IAM::ManagedPolicy\n  Properties:\n    PolicyDocument:\n"
        '      Version: "2012-10-17"\n      Statement:\n        - Effect: Allow\n          Action: "*"\n'
        '          Resource: "*"',
        secure_example="Policy:\n  Type: AWS::IAM::ManagedPolicy\n  Properties:\n    PolicyDocument:\n"
        '      Version: "2012-10-17"\n      Statement:\n        - Effect: Allow\n'
        '          Action: [s3:GetObject, s3:PutObject]\n          Resource: !Sub "${Uploads.Arn}/*"',
        controls=("CIS-AWS-1.16", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.3", "NIST-800-53-AC-6"),
        cwe=("CWE-269",),
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",),
    ),
    cfn_check(
        id="iac/cfn-iam-role-trusts-anyone",
        title="IAM role can be assumed by any AWS principal",
        severity=Severity.CRITICAL,
        kinds=("AWS::IAM::Role",),
        evaluate=trusts_anyone,
        rationale="A trust policy with Principal * (or AWS: *) and no Condition lets any AWS account in the world"
        " call sts:AssumeRole and get the role's permissions. Statements restricted by a Condition (an"
        " organization id, an external id) are not reported.",
        fix="Name the trusted accounts, roles or services in Principal, or keep Principal * only together with"
        " a Condition such as aws:PrincipalOrgID or sts:ExternalId.",
        insecure_example="Role:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument:\n"
        '      Statement:\n        - Effect: Allow\n          Principal: {AWS: "*"}\n'
        "          Action: sts:AssumeRole",
        secure_example="Role:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument:\n"
        '      Statement:\n        - Effect: Allow\n          Principal: {AWS: "arn:aws:iam::111122223333:root"}\n'
        "          Action: sts:AssumeRole\n          Condition:\n"
        "            StringEquals: {sts:ExternalId: !Ref ExternalId}",
        controls=("CIS-AWS-1.20", "CIS-CSC-6.8", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",),
    ),
    cfn_check(
        id="iac/cfn-kms-rotation-disabled",
        title="KMS key rotation is not enabled",
        severity=Severity.LOW,
        kinds=("AWS::KMS::Key",),
        evaluate=only_if(
            _rotatable_key,
            setting("EnableKeyRotation", True, missing_message="EnableKeyRotation is not set (defaults to false)"),
        ),
        rationale="Without automatic rotation a symmetric key's material is used forever, so more data depends on"
        " one key and compliance cryptoperiods are exceeded. Asymmetric, HMAC, imported and custom-key-store"
        " keys, which cannot rotate automatically, are not reported.",
        fix="Set EnableKeyRotation: true (optionally RotationPeriodInDays).",
        insecure_example="DataKey:\n  Type: AWS::KMS::Key\n  Properties:\n    KeyPolicy: ...",
        secure_example="DataKey:\n  Type: AWS::KMS::Key\n  Properties:\n    EnableKeyRotation: true\n"
        "    KeyPolicy: ...",
        controls=("CIS-AWS-3.6", "PCI-DSS-4.0-3.7.4", "SOC2-CC6.1", "NIST-800-53-SC-12"),
        cwe=("CWE-324",),
        references=("https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",),
    ),
    cfn_check(
        id="iac/cfn-cloudtrail-single-region",
        title="CloudTrail trail covers a single region",
        severity=Severity.MEDIUM,
        kinds=("AWS::CloudTrail::Trail",),
        evaluate=setting(
            "IsMultiRegionTrail", True, missing_message="IsMultiRegionTrail is not set (defaults to false)"
        ),
        rationale="A single-region trail records nothing in the other regions, and attackers with stolen keys"
        " deliberately work in regions nobody watches (crypto-mining fleets, persistence in unused regions).",
        fix="Set IsMultiRegionTrail: true (and IncludeGlobalServiceEvents: true), ideally as an organization trail.",
        insecure_example="Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n"
        "    S3BucketName: !Ref TrailBucket",
        secure_example="Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n"
        "    IsMultiRegionTrail: true\n    IncludeGlobalServiceEvents: true\n    S3BucketName: !Ref TrailBucket",
        controls=("CIS-AWS-3.1", "PCI-DSS-4.0-10.2.1", "SOC2-CC7.2", "NIST-800-53-AU-12"),
        cwe=("CWE-778",),
        references=(
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
        ),
    ),
    cfn_check(
        id="iac/cfn-cloudtrail-log-validation-disabled",
        title="CloudTrail log file validation is not enabled",
        severity=Severity.LOW,
        kinds=("AWS::CloudTrail::Trail",),
        evaluate=setting(
            "EnableLogFileValidation", True, missing_message="EnableLogFileValidation is not set (defaults to false)"
        ),
        rationale="Without log file validation there is no signed digest to prove that delivered CloudTrail logs"
        " were not modified or deleted, so an attacker who reaches the log bucket can cover their tracks"
        " undetected.",
        fix="Set EnableLogFileValidation: true and check digests with `aws cloudtrail validate-logs` during"
        " investigations.",
        insecure_example="Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n"
        "    IsMultiRegionTrail: true\n    S3BucketName: !Ref TrailBucket",
        secure_example="Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n"
        "    IsMultiRegionTrail: true\n    EnableLogFileValidation: true\n    S3BucketName: !Ref TrailBucket",
        controls=("CIS-AWS-3.2", "PCI-DSS-4.0-10.3.4", "SOC2-CC7.2", "NIST-800-53-AU-9"),
        cwe=("CWE-353",),
        references=(
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
        ),
    ),
    cfn_check(
        id="iac/cfn-ebs-unencrypted",
        title="EBS volume is not encrypted",
        severity=Severity.MEDIUM,
        kinds=("AWS::EC2::Volume",),
        evaluate=only_if(
            none_set("SnapshotId"),
            setting(
                "Encrypted", True, missing_message="Encrypted is not set (unencrypted unless the account default is on)"
            ),
        ),
        rationale="An unencrypted volume's snapshots are unencrypted too, and an unencrypted snapshot can be"
        " shared with another account or made public by mistake, exposing the whole disk. Volumes restored"
        " from a snapshot inherit its encryption and are not reported.",
        fix="Set Encrypted: true (with a KmsKeyId for a customer-managed key), and enable EBS encryption by"
        " default for the account and region.",
        insecure_example="Data:\n  Type: AWS::EC2::Volume\n  Properties:\n    Size: 100\n"
        '    AvailabilityZone: !Select [0, !GetAZs ""]',
        secure_example="Data:\n  Type: AWS::EC2::Volume\n  Properties:\n    Size: 100\n    Encrypted: true\n"
        '    AvailabilityZone: !Select [0, !GetAZs ""]',
        controls=("CIS-AWS-2.2.1", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",),
    ),
    cfn_check(
        id="iac/cfn-eks-public-endpoint",
        title="EKS API endpoint is open to the internet",
        severity=Severity.MEDIUM,
        kinds=("AWS::EKS::Cluster",),
        evaluate=eks_public_endpoint,
        rationale="EndpointPublicAccess defaults to true with PublicAccessCidrs 0.0.0.0/0: the Kubernetes API"
        " server is reachable from anywhere, so leaked kubeconfigs or tokens work from the attacker's laptop"
        " and API-server vulnerabilities are exposed to the whole internet. A public endpoint restricted to"
        " listed ranges is not reported.",
        fix="Set EndpointPrivateAccess: true and EndpointPublicAccess: false (reach the API over VPN or a"
        " bastion), or restrict PublicAccessCidrs to your egress ranges.",
        insecure_example="Cluster:\n  Type: AWS::EKS::Cluster\n  Properties:\n    RoleArn: !GetAtt ClusterRole.Arn\n"
        "    ResourcesVpcConfig:\n      SubnetIds: !Ref Subnets",
        secure_example="Cluster:\n  Type: AWS::EKS::Cluster\n  Properties:\n    RoleArn: !GetAtt ClusterRole.Arn\n"
        "    ResourcesVpcConfig:\n      SubnetIds: !Ref Subnets\n      EndpointPrivateAccess: true\n"
        "      EndpointPublicAccess: false",
        controls=("CIS-EKS-5.4.1", "CIS-EKS-5.4.2", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-668",),
        references=("https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",),
    ),
    cfn_check(
        id="iac/cfn-lambda-url-public",
        title="Lambda function URL requires no authentication",
        severity=Severity.HIGH,
        kinds=("AWS::Lambda::Url",),
        evaluate=equals("AuthType", "NONE", message="AuthType is NONE: anyone with the URL can invoke the function"),
        rationale="A function URL with AuthType NONE is a public HTTPS endpoint: anyone who finds it can invoke"
        " the function with any input, run up cost, and reach whatever its execution role can (databases,"
        " buckets, other APIs), unless the code itself authenticates every request.",
        fix="Use AuthType AWS_IAM (callers sign requests with SigV4), or put the function behind API Gateway or"
        " CloudFront with an authorizer; if it must be public, authenticate inside the handler (e.g. verify a"
        " webhook signature) and keep the role minimal.",
        insecure_example="Url:\n  Type: AWS::Lambda::Url\n  Properties:\n    TargetFunctionArn: !GetAtt Fn.Arn\n"
        "    AuthType: NONE",
        secure_example="Url:\n  Type: AWS::Lambda::Url\n  Properties:\n    TargetFunctionArn: !GetAtt Fn.Arn\n"
        "    AuthType: AWS_IAM",
        controls=("CIS-CSC-3.3", "CIS-CSC-6.3", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-306",),
        references=("https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",),
    ),
    cfn_check(
        id="iac/cfn-sqs-encryption-disabled",
        title="SQS queue turns off server-side encryption",
        severity=Severity.LOW,
        kinds=("AWS::SQS::Queue",),
        evaluate=sqs_encryption_disabled,
        rationale="New queues are encrypted with SQS-managed keys by default; SqsManagedSseEnabled: false without"
        " a KmsMasterKeyId opts out, so message bodies (often customer data or tokens) are stored unencrypted."
        " Queues that set neither property keep the default encryption and are not reported.",
        fix="Remove SqsManagedSseEnabled: false, or set KmsMasterKeyId to a customer-managed key.",
        insecure_example="Jobs:\n  Type: AWS::SQS::Queue\n  Properties:\n    SqsManagedSseEnabled: false",
        secure_example="Jobs:\n  Type: AWS::SQS::Queue\n  Properties:\n    KmsMasterKeyId: !Ref QueueKey",
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=(
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
        ),
    ),
    cfn_check(
        id="iac/cfn-sns-unencrypted",
        title="SNS topic is not encrypted with KMS",
        severity=Severity.LOW,
        kinds=("AWS::SNS::Topic",),
        evaluate=setting("KmsMasterKeyId", missing_message="no KmsMasterKeyId: messages are stored without SSE"),
        rationale="Without KmsMasterKeyId SNS does not apply server-side encryption to stored messages, and there"
        " is no key policy or CloudTrail record controlling who can read them.",
        fix="Set KmsMasterKeyId to a customer-managed key (or alias/aws/sns) whose policy allows the publishers"
        " and subscribers.",
        insecure_example="Alerts:\n  Type: AWS::SNS::Topic\n  Properties:\n    TopicName: alerts",
        secure_example="Alerts:\n  Type: AWS::SNS::Topic\n  Properties:\n    TopicName: alerts\n"
        "    KmsMasterKeyId: !Ref TopicKey",
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",),
    ),
    cfn_check(
        id="iac/cfn-alb-http-listener",
        title="Load balancer listener serves plain HTTP",
        severity=Severity.MEDIUM,
        kinds=("AWS::ElasticLoadBalancingV2::Listener",),
        evaluate=http_listener,
        rationale="An HTTP listener that forwards traffic sends sessions, credentials and personal data in clear"
        " text, where anyone on the path can read or modify them. An HTTP listener whose default action"
        " redirects to HTTPS is the normal pattern and is not reported.",
        fix="Serve on HTTPS (Protocol HTTPS with a Certificates entry and a modern SslPolicy) and make the HTTP"
        " listener's default action a redirect to HTTPS.",
        insecure_example="Http:\n  Type: AWS::ElasticLoadBalancingV2::Listener\n  Properties:\n"
        "    LoadBalancerArn: !Ref Alb\n    Port: 80\n    Protocol: HTTP\n    DefaultActions:\n"
        "      - Type: forward\n        TargetGroupArn: !Ref Web",
        secure_example="Http:\n  Type: AWS::ElasticLoadBalancingV2::Listener\n  Properties:\n"
        "    LoadBalancerArn: !Ref Alb\n    Port: 80\n    Protocol: HTTP\n    DefaultActions:\n"
        '      - Type: redirect\n        RedirectConfig:\n          Protocol: HTTPS\n          Port: "443"\n'
        "          StatusCode: HTTP_301",
        controls=("CIS-CSC-3.10", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=(
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html",
        ),
    ),
    cfn_check(
        id="iac/cfn-imdsv1-allowed",
        title="Instances allow IMDSv1 (HttpTokens not required)",
        severity=Severity.MEDIUM,
        kinds=("AWS::EC2::LaunchTemplate", "AWS::AutoScaling::LaunchConfiguration"),
        evaluate=imds_v1_allowed,
        rationale="With HttpTokens optional, any server-side request forgery in software on the instance can read"
        " http://169.254.169.254/ and steal the instance role's credentials (the technique behind the Capital"
        " One breach). IMDSv2's session token blocks that. Templates that disable the metadata endpoint are"
        " not reported.",
        fix="Set MetadataOptions HttpTokens: required (and HttpPutResponseHopLimit: 1, or 2 for containers).",
        insecure_example="Template:\n  Type: AWS::EC2::LaunchTemplate\n  Properties:\n    LaunchTemplateData:\n"
        "      ImageId: !Ref AmiId\n      MetadataOptions:\n        HttpTokens: optional",
        secure_example="Template:\n  Type: AWS::EC2::LaunchTemplate\n  Properties:\n    LaunchTemplateData:\n"
        "      ImageId: !Ref AmiId\n      MetadataOptions:\n        HttpTokens: required\n"
        "        HttpPutResponseHopLimit: 1",
        controls=("CIS-AWS-5.6", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-306",),
        references=("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",),
    ),
)
