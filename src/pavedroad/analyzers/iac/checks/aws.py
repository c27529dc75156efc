"""AWS checks for Terraform (and, where the same rule applies, CloudFormation)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from pavedroad.analyzers.iac.check import Check, Evaluate, Project, Violation
from pavedroad.analyzers.iac.conditions import absent_unless_related, equals
from pavedroad.analyzers.iac.model import Resource, lookup_all
from pavedroad.core.findings import Severity

terraform_check = partial(Check, frameworks=("terraform",))

OPEN_CIDRS = ("0.0.0.0/0", "::/0")
ADMIN_PORTS = {22: "SSH", 3389: "RDP", 23: "Telnet", 5985: "WinRM", 5986: "WinRM"}


def open_ingress_ports(ports: dict[int, str]) -> Evaluate:
    """Security group ingress (inline blocks or rule resources) open to the internet on `ports`."""

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        if resource.kind == "aws_security_group":
            rules = [(rule, line) for rule, line in lookup_all(resource.body, ("ingress", "*"))]
        elif resource.kind == "aws_security_group_rule":
            if str(resource.get("type")).lower() != "ingress":
                return
            rules = [(resource.body, resource.line)]
        else:  # aws_vpc_security_group_ingress_rule
            rules = [(resource.body, resource.line)]
        for rule, line in rules:
            if not isinstance(rule, dict):
                continue
            cidrs = [*_strings(rule.get("cidr_blocks")), *_strings(rule.get("ipv6_cidr_blocks"))]
            cidrs += _strings(rule.get("cidr_ipv4")) + _strings(rule.get("cidr_ipv6"))
            open_cidrs = [cidr for cidr in cidrs if cidr in OPEN_CIDRS]
            if not open_cidrs:
                continue
            low, high = _port_range(rule)
            if low is None or high is None:
                continue
            exposed = sorted(name for port, name in ports.items() if low <= port <= high)
            if exposed:
                at = getattr(rule, "line_of", None)
                where = at("cidr_blocks") if at and "cidr_blocks" in rule else at("cidr_ipv4") if at else line
                yield Violation(
                    where or line,
                    f"ingress from {open_cidrs[0]} to port(s) {low}-{high} ({', '.join(dict.fromkeys(exposed))})",
                    f"{open_cidrs[0]}:{low}-{high}",
                )

    return evaluate


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _port_range(rule: dict) -> tuple[int | None, int | None]:  # type: ignore[type-arg]
    protocol = str(rule.get("protocol", rule.get("ip_protocol", "tcp"))).lower()
    if protocol in ("-1", "all"):
        return 0, 65535
    low, high = rule.get("from_port"), rule.get("to_port")
    if isinstance(low, int) and isinstance(high, int):
        return (0, 65535) if (low, high) == (0, 0) and protocol in ("-1", "all") else (low, high)
    return None, None


CHECKS: tuple[Check, ...] = (
    terraform_check(
        id="iac/aws-s3-public-acl",
        title="S3 bucket ACL grants public access",
        severity=Severity.HIGH,
        kinds=("aws_s3_bucket", "aws_s3_bucket_acl"),
        evaluate=equals("acl", "public-read", "public-read-write", "authenticated-read", message="acl is {value}"),
        rationale="A canned ACL of public-read or public-read-write lets anyone on the internet list and read"
        " (or write) the bucket's objects; public buckets are among the most common causes of cloud data breaches.",
        fix="Remove the public ACL (use `private`, or no ACL with object ownership `BucketOwnerEnforced`) and"
        " serve public content through CloudFront with an origin access control.",
        insecure_example='resource "aws_s3_bucket_acl" "site" {\n'
        '  bucket = aws_s3_bucket.site.id\n  acl    = "public-read"\n}',
        secure_example='resource "aws_s3_bucket_acl" "site" {\n'
        '  bucket = aws_s3_bucket.site.id\n  acl    = "private"\n}',
        controls=("CIS-AWS-2.1.5", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",),
    ),
    terraform_check(
        id="iac/aws-s3-encryption-missing",
        title="S3 bucket has no server-side encryption configuration",
        severity=Severity.MEDIUM,
        kinds=("aws_s3_bucket",),
        evaluate=absent_unless_related(
            "server_side_encryption_configuration",
            ("aws_s3_bucket_server_side_encryption_configuration",),
            "no server_side_encryption_configuration inline or as a related resource",
        ),
        rationale="Without an explicit encryption configuration the bucket relies on defaults and cannot"
        " require a customer-managed KMS key; auditors (PCI DSS, HIPAA) ask for encryption at rest to be declared.",
        fix="Add an `aws_s3_bucket_server_side_encryption_configuration` for the bucket, preferably with"
        ' `sse_algorithm = "aws:kms"` and a customer-managed key.',
        insecure_example='resource "aws_s3_bucket" "data" {\n  bucket = "data"\n}',
        secure_example='resource "aws_s3_bucket_server_side_encryption_configuration" "data" {\n'
        "  bucket = aws_s3_bucket.data.id\n  rule {\n    apply_server_side_encryption_by_default {\n"
        '      sse_algorithm = "aws:kms"\n    }\n  }\n}',
        controls=("CIS-AWS-2.1.1", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html",),
    ),
    terraform_check(
        id="iac/aws-sg-admin-port-open",
        title="Security group allows SSH/RDP/remote administration from the internet",
        severity=Severity.HIGH,
        kinds=("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"),
        evaluate=open_ingress_ports(ADMIN_PORTS),
        rationale="Administration ports open to 0.0.0.0/0 are scanned and brute-forced within minutes of"
        " exposure; a leaked key or weak password then gives an attacker a shell.",
        fix="Restrict the source to a bastion, VPN or corporate range, or use SSM Session Manager instead of SSH.",
        insecure_example='ingress {\n  from_port   = 22\n  to_port     = 22\n  protocol    = "tcp"\n'
        '  cidr_blocks = ["0.0.0.0/0"]\n}',
        secure_example='ingress {\n  from_port   = 22\n  to_port     = 22\n  protocol    = "tcp"\n'
        '  cidr_blocks = ["10.20.0.0/16"]\n}',
        controls=("CIS-AWS-5.2", "CIS-AWS-5.3", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
    ),
)
