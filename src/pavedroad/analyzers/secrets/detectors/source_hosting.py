"""Source hosting: GitHub, GitLab, Bitbucket and Atlassian, Gitea/Forgejo, Sourcegraph."""

from __future__ import annotations

from pavedroad.analyzers.secrets.detector import Detector, InTestPaths
from pavedroad.analyzers.secrets.detectors._structure_a import has_letters_and_digits
from pavedroad.analyzers.secrets.validators import github_token_valid
from pavedroad.core.findings import Severity

_GITHUB_DOCS = (
    "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats",
)
_GITLAB_DOCS = ("https://docs.gitlab.com/security/tokens/#token-prefixes",)
_GITLAB_FIX = (
    "Revoke the token in GitLab (or rotate it through the API), check the audit events for its use,"
    " and keep the new one in masked, protected CI/CD variables or a secret manager."
)

# GitLab tokens: the classic random part, or a routable token (payload, version, checksum).
_GITLAB_BODY = r"(?:[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}\.[0-9a-z]{7,10}|[A-Za-z0-9_-]{20})"
_ASSIGN = r"[\"']?\s{0,4}(?::=|=>|:|=)\s{0,4}[\"']?"


def _gitlab(
    slug: str, title: str, prefix: str, severity: Severity, rationale: str, body: str = _GITLAB_BODY
) -> Detector:
    """GitLab prefixes every token kind the same way; only the prefix and the stakes differ."""
    return Detector(
        slug=slug,
        title=title,
        category="source-hosting",
        severity=severity,
        keywords=(prefix.lower(),),
        pattern=rf"(?<![A-Za-z0-9_-])(?P<secret>{prefix}{body})(?![A-Za-z0-9_-])",
        rationale=rationale,
        fix=_GITLAB_FIX,
        references=_GITLAB_DOCS,
    )


DETECTORS: tuple[Detector, ...] = (
    # --- GitHub: prefix, 30 random characters, base62 CRC32 ---------------------------------
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
    Detector(
        slug="github-oauth-token",
        title="GitHub OAuth access token",
        category="source-hosting",
        severity=Severity.CRITICAL,
        keywords=("gho_",),
        pattern=r"\b(?P<secret>gho_[A-Za-z0-9]{36})\b",
        validator=github_token_valid,
        placeholder_check=False,
        in_test_paths=InTestPaths.REPORT,
        rationale="An OAuth app token (the GitHub CLI stores one) acts as the user who authorised the"
        " app, with its granted scopes, often `repo` and `workflow`.",
        references=_GITHUB_DOCS,
    ),
    Detector(
        slug="github-user-to-server-token",
        title="GitHub App user access token",
        category="source-hosting",
        severity=Severity.HIGH,
        keywords=("ghu_",),
        pattern=r"\b(?P<secret>ghu_[A-Za-z0-9]{36})\b",
        validator=github_token_valid,
        placeholder_check=False,
        in_test_paths=InTestPaths.REPORT,
        rationale="A user-to-server token acts as a user through a GitHub App, limited to what both the"
        " user and the app may do, for eight hours.",
        references=_GITHUB_DOCS,
    ),
    Detector(
        slug="github-server-to-server-token",
        title="GitHub App installation access token",
        category="source-hosting",
        severity=Severity.HIGH,
        keywords=("ghs_",),
        pattern=r"\b(?P<secret>ghs_[A-Za-z0-9]{36})\b",
        validator=github_token_valid,
        placeholder_check=False,
        in_test_paths=InTestPaths.REPORT,
        rationale="An installation token (GITHUB_TOKEN in Actions is one) acts as the app on the"
        " installation's repositories for an hour: push code, change workflows, read secrets metadata.",
        references=_GITHUB_DOCS,
    ),
    Detector(
        slug="github-refresh-token",
        title="GitHub App refresh token",
        category="source-hosting",
        severity=Severity.HIGH,
        keywords=("ghr_",),
        pattern=r"\b(?P<secret>ghr_[A-Za-z0-9]{36})\b",
        validator=github_token_valid,
        placeholder_check=False,
        in_test_paths=InTestPaths.REPORT,
        rationale="A refresh token, with the app's client secret, mints new user access tokens for six months.",
        references=_GITHUB_DOCS,
    ),
    Detector(
        slug="github-fine-grained-pat",
        title="GitHub fine-grained personal access token",
        category="source-hosting",
        severity=Severity.CRITICAL,
        keywords=("github_pat_",),
        pattern=r"\b(?P<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
        min_entropy=4.0,
        rationale="A fine-grained token acts as its owner on the repositories and permissions it was"
        " given, which commonly include contents write and workflows.",
        references=_GITHUB_DOCS,
    ),
    # --- GitLab -----------------------------------------------------------------------------
    _gitlab(
        "gitlab-pat",
        "GitLab personal, project or group access token",
        "glpat-",
        Severity.CRITICAL,
        "An access token acts as its user or bot on the GitLab API, git and the registries, with its"
        " scopes; `api` scope means full read-write access.",
    ),
    _gitlab(
        "gitlab-deploy-token",
        "GitLab deploy token",
        "gldt-",
        Severity.HIGH,
        "A deploy token clones the project and pulls or pushes its container and package registries without a user.",
    ),
    _gitlab(
        "gitlab-runner-token",
        "GitLab runner authentication token",
        "glrt-",
        Severity.HIGH,
        "With a runner token an attacker registers a rogue runner that picks up jobs, and with them"
        " the project's CI/CD variables and source.",
        body=r"(?:t\d_)?" + _GITLAB_BODY,
    ),
    _gitlab(
        "gitlab-runner-registration-token",
        "GitLab runner registration token (legacy)",
        "GR1348941",
        Severity.HIGH,
        "A registration token adds new runners to a project, group or instance, which then receive"
        " jobs and their secrets.",
        body=r"[A-Za-z0-9_-]{20}",
    ),
    _gitlab(
        "gitlab-pipeline-trigger-token",
        "GitLab pipeline trigger token",
        "glptt-",
        Severity.HIGH,
        "A trigger token starts pipelines on any branch as the token's owner, with variables the attacker chooses.",
        body=r"[A-Za-z0-9_-]{40}",
    ),
    _gitlab(
        "gitlab-oauth-app-secret",
        "GitLab OAuth application secret",
        "gloas-",
        Severity.HIGH,
        "The application secret lets an attacker impersonate the OAuth application and exchange"
        " authorisation codes for user tokens.",
        body=r"[A-Za-z0-9_-]{64}",
    ),
    _gitlab(
        "gitlab-feed-token",
        "GitLab feed token",
        "glft-",
        Severity.MEDIUM,
        "A feed token reads the user's RSS and calendar feeds: issue and merge request titles of private projects.",
    ),
    _gitlab(
        "gitlab-incoming-mail-token",
        "GitLab incoming email token",
        "glimt-",
        Severity.MEDIUM,
        "The incoming email token lets anyone create issues and merge requests by email as the user.",
        body=r"[A-Za-z0-9_-]{25}",
    ),
    _gitlab(
        "gitlab-agent-token",
        "GitLab agent for Kubernetes token",
        "glagent-",
        Severity.HIGH,
        "An agent token connects a rogue agent in place of the cluster's, intercepting deployments"
        " and the CI/CD tunnel.",
        body=r"[A-Za-z0-9_-]{50}",
    ),
    _gitlab(
        "gitlab-scim-token",
        "GitLab SCIM OAuth token",
        "glsoat-",
        Severity.HIGH,
        "A SCIM token provisions and deprovisions users of the group: an attacker can add an account of theirs.",
    ),
    _gitlab(
        "gitlab-ci-job-token",
        "GitLab CI/CD job token",
        "glcbt-",
        Severity.MEDIUM,
        "A job token acts for the running job's user on the projects in its allowlist until the job"
        " ends; printed in a log it can be replayed while the job runs.",
        body=r"[0-9a-f]{1,5}_[A-Za-z0-9_-]{20}",
    ),
    _gitlab(
        "gitlab-feature-flags-client-token",
        "GitLab feature flags client token",
        "glffct-",
        Severity.LOW,
        "The feature flags client token reads the project's feature flag configuration.",
    ),
    # --- Atlassian / Bitbucket ---------------------------------------------------------------
    Detector(
        slug="bitbucket-app-password",
        title="Bitbucket app password",
        category="source-hosting",
        severity=Severity.CRITICAL,
        keywords=("atbb",),
        pattern=r"(?<![A-Za-z0-9])(?P<secret>ATBB[A-Za-z0-9]{28,40})(?![A-Za-z0-9])",
        min_entropy=3.5,
        rationale="An app password, with the username, acts as the user on Bitbucket's API and git with"
        " the permissions chosen when it was made, typically repository write.",
        fix="Revoke it in Personal Bitbucket settings > App passwords and move to an API token or a"
        " repository access token with only the scopes needed.",
        references=("https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/",),
    ),
    Detector(
        slug="bitbucket-access-token",
        title="Bitbucket repository, project or workspace access token",
        category="source-hosting",
        severity=Severity.CRITICAL,
        keywords=("atctt3xffgn0",),
        pattern=r"(?<![A-Za-z0-9_-])(?P<secret>ATCTT3xFfGN0[A-Za-z0-9_=-]{100,300})(?![A-Za-z0-9_=-])",
        min_entropy=4.0,
        rationale="An access token acts on its repository, project or workspace with its scopes, without any user.",
        fix="Revoke the token under the repository, project or workspace settings > Access tokens.",
        references=("https://support.atlassian.com/bitbucket-cloud/docs/access-tokens/",),
    ),
    Detector(
        slug="atlassian-api-token",
        title="Atlassian API token",
        category="source-hosting",
        severity=Severity.CRITICAL,
        keywords=("atatt3xffgf0",),
        pattern=r"(?<![A-Za-z0-9_-])(?P<secret>ATATT3xFfGF0[A-Za-z0-9_=-]{100,300})(?![A-Za-z0-9_=-])",
        min_entropy=4.0,
        rationale="An Atlassian API token, with the account email, acts as the user on Bitbucket,"
        " Jira and Confluence Cloud within its scopes.",
        fix="Revoke it at id.atlassian.com > Security > API tokens and issue a scoped, expiring one.",
        references=(
            "https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/",
        ),
    ),
    # --- Self-hosted forges and code search ----------------------------------------------------
    Detector(
        slug="gitea-token",
        title="Gitea / Forgejo access token",
        category="source-hosting",
        severity=Severity.HIGH,
        keywords=("gitea", "forgejo", "codeberg"),
        pattern=r"(?i:gitea|forgejo|codeberg)[A-Za-z_-]{0,20}(?i:token|pat|password)"
        + _ASSIGN
        + r"(?P<secret>[a-f0-9]{40})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        rationale="A Gitea or Forgejo access token acts as its user on the API and git over HTTPS with"
        " the scopes it was given.",
        fix="Delete the token in Settings > Applications and create a new one with minimal scopes.",
        references=("https://docs.gitea.com/development/api-usage",),
    ),
    Detector(
        slug="sourcegraph-access-token",
        title="Sourcegraph access token",
        category="source-hosting",
        severity=Severity.HIGH,
        keywords=("sgp_",),
        pattern=r"(?<![A-Za-z0-9_])(?P<secret>sgp_(?:[a-f0-9]{16}_)?[a-f0-9]{40})(?![A-Za-z0-9_])",
        rationale="A Sourcegraph token searches all code the user can see, including private"
        " repositories of every connected code host.",
        fix="Delete the token under Settings > Access tokens.",
        references=("https://sourcegraph.com/docs/cli/how-tos/creating_an_access_token",),
    ),
)
