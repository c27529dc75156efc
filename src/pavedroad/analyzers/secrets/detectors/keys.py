"""Private keys: PEM, OpenSSH, PGP; encrypted or not."""

from pavedroad.analyzers.secrets.detector import Detector
from pavedroad.analyzers.secrets.validators import pem_body_valid
from pavedroad.core.findings import Severity

DETECTORS = (
    Detector(
        slug="private-key-rsa",
        title="RSA private key",
        category="private-key",
        severity=Severity.CRITICAL,
        keywords=("-----begin rsa private key-----",),
        pattern=r"(?P<secret>-----BEGIN RSA PRIVATE KEY-----[\s\S]{64,8192}?-----END RSA PRIVATE KEY-----)",
        validator=pem_body_valid,
        placeholder_check=False,
        multiline=True,
        cwe=("CWE-798", "CWE-321"),
    ),
)
