"""Source hosting: GitHub, GitLab, Bitbucket."""

from pavedroad.analyzers.secrets.detector import Detector, InTestPaths
from pavedroad.analyzers.secrets.validators import github_token_valid
from pavedroad.core.findings import Severity

_GITHUB_DOCS = ("https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats",)  # noqa: E501

DETECTORS = (
    Detector(
        slug="github-pat",
        title="GitHub personal access token (classic)",
        category="source-hosting",
        severity=Severity.CRITICAL,
        keywords=("ghp_",),
        pattern=r"\b(?P<secret>ghp_[A-Za-z0-9]{36})\b",
        validator=github_token_valid,
        placeholder_check=False,
        in_test_paths=InTestPaths.REPORT,
        rationale="A classic GitHub token acts as its owner on every repository and organisation"
        " the owner can reach, with the scopes it was given.",
        references=_GITHUB_DOCS,
    ),
)
