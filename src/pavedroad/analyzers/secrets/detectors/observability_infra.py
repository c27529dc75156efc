"""Observability, delivery and infrastructure platforms: the keys to logs, pipelines and hosts.

(Atlassian and Sourcegraph tokens live with the source-hosting detectors.)
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Collection

from pavedroad.analyzers.secrets.detector import Detector, InTestPaths
from pavedroad.analyzers.secrets.detectors._structure_b import (
    TOKEN_END as _END,
)
from pavedroad.analyzers.secrets.detectors._structure_b import (
    TOKEN_START as _START,
)
from pavedroad.analyzers.secrets.detectors._structure_b import (
    UUID as _UUID,
)
from pavedroad.analyzers.secrets.detectors._structure_b import (
    keyed_value,
    looks_random,
    random_after_prefix,
    random_value,
    vendor_key,
)
from pavedroad.core.findings import Confidence, Severity

_B64_END = r"(?![A-Za-z0-9_+/=-])"
_UUID_ANY_CASE = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

_DATADOG_DOCS = ("https://docs.datadoghq.com/account_management/api-app-keys/",)
_NEW_RELIC_DOCS = ("https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/",)
_SENTRY_DOCS = ("https://docs.sentry.io/account/auth-tokens/",)
_VAULT_DOCS = ("https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes",)
_DIGITALOCEAN_DOCS = ("https://docs.digitalocean.com/reference/api/create-personal-access-token/",)
_CLOUDFLARE_DOCS = ("https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/",)
_GRAFANA_DOCS = (
    "https://grafana.com/docs/grafana-cloud/account-management/authentication-and-permissions/access-policies/",
)
_DOPPLER_DOCS = ("https://docs.doppler.com/reference/auth-token-formats",)
_SONAR_DOCS = ("https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/",)


# --- structure checks ------------------------------------------------------------------


def _decode_json_object(segment: str) -> dict[str, object] | None:
    """A base64 or base64url segment that decodes to a JSON object."""
    padded = segment.rstrip("=") + "=" * (-len(segment.rstrip("=")) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        decoded = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return decoded if isinstance(decoded, dict) else None


def _embedded_json_with(keys: Collection[str], start: int, separator: str | None = None) -> Callable[[str], bool]:
    """Tokens that carry base64 JSON after a fixed prefix (and before `separator`, if given)."""

    def validate(token: str) -> bool:
        segment = token[start:]
        if separator is not None:
            segment = segment.split(separator, 1)[0]
        decoded = _decode_json_object(segment)
        return decoded is not None and all(key in decoded for key in keys)

    return validate


_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _bech32_checksum_valid(value: str) -> bool:
    """BIP-173 bech32: the polymod over the expanded prefix and the data part is 1."""
    lowered = value.lower()
    prefix, separator, data = lowered.rpartition("1")
    if not separator or not prefix or len(data) < 6 or any(c not in _BECH32_CHARSET for c in data):
        return False
    values = [ord(c) >> 5 for c in prefix] + [0] + [ord(c) & 31 for c in prefix]
    values += [_BECH32_CHARSET.index(c) for c in data]
    checksum = 1
    for value_5bit in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value_5bit
        for index, generator in enumerate(_BECH32_GENERATOR):
            if (top >> index) & 1:
                checksum ^= generator
    return checksum == 1


def _notion_token_valid(token: str) -> bool:
    """Notion's `secret_` bodies are random base62: letters of both cases and digits."""
    body = token.split("_", 1)[1]
    return (
        any(c.isupper() for c in body)
        and any(c.islower() for c in body)
        and any(c.isdigit() for c in body)
        and looks_random(body, 4.0)
    )


def _prefixed(
    slug: str,
    title: str,
    severity: Severity,
    prefix: str,
    body: str,
    rationale: str,
    references: tuple[str, ...],
    min_entropy: float = 3.0,
    category: str = "infrastructure",
) -> Detector:
    """A row for a token that starts with a fixed, vendor-specific prefix."""
    return Detector(
        slug=slug,
        title=title,
        category=category,
        severity=severity,
        keywords=(prefix.lower().replace("\\", ""),),
        pattern=rf"{_START}(?P<secret>{prefix}{body}){_END}",
        validator=random_after_prefix(len(prefix.replace("\\", "")), min_entropy),
        rationale=rationale,
        references=references,
    )


def _keyed(
    slug: str,
    title: str,
    severity: Severity,
    keywords: tuple[str, ...],
    context: str,
    value: str,
    rationale: str,
    references: tuple[str, ...],
    min_entropy: float = 3.0,
    category: str = "infrastructure",
) -> Detector:
    """A row for an unprefixed value that is a credential only under a key naming the vendor."""
    return Detector(
        slug=slug,
        title=title,
        category=category,
        severity=severity,
        keywords=keywords,
        pattern=keyed_value(context, value),
        validator=random_value(min_entropy),
        confidence=Confidence.MEDIUM,
        rationale=rationale,
        references=references,
    )


DETECTORS = (
    # --- observability ---------------------------------------------------------------
    _keyed(
        "datadog-api-key",
        "Datadog API key",
        Severity.HIGH,
        ("datadog", "dd_api_key", "dd-api-key"),
        r"datadog(?:[\w.-]|::){0,20}?api[_.-]?key|dd[_-]api[_-]key",
        r"[a-f0-9]{32}",
        "A Datadog API key submits metrics, logs and events to the organisation: enough to"
        " flood it, forge alerts or, with an application key, read everything.",
        _DATADOG_DOCS,
        category="observability",
    ),
    _keyed(
        "datadog-app-key",
        "Datadog application key",
        Severity.HIGH,
        ("datadog", "dd_app", "dd-app"),
        r"datadog(?:[\w.-]|::){0,20}?app(?:lication)?[_.-]?key|dd[_-]app(?:lication)?[_-]key",
        r"[a-f0-9]{40}",
        "An application key, with an API key, reads and changes dashboards, monitors and the"
        " logs the organisation collected, with its owner's permissions.",
        _DATADOG_DOCS,
        category="observability",
    ),
    _prefixed(
        "newrelic-user-api-key",
        "New Relic user API key",
        Severity.HIGH,
        "NRAK-",
        r"[A-Z0-9]{27}",
        "A user key queries all the account's telemetry through NerdGraph and changes its"
        " configuration with the user's permissions.",
        _NEW_RELIC_DOCS,
        category="observability",
    ),
    _prefixed(
        "newrelic-insert-key",
        "New Relic Insights insert key",
        Severity.MEDIUM,
        "NRII-",
        r"[A-Za-z0-9_-]{32}",
        "An insert key writes custom events into the account: forged data and ingest bills.",
        _NEW_RELIC_DOCS,
        category="observability",
    ),
    _prefixed(
        "newrelic-browser-key",
        "New Relic browser key",
        Severity.LOW,
        "NRJS-",
        r"[a-f0-9]{19}",
        "Browser keys ship in web pages; committed elsewhere they only let others send"
        " browser telemetry to the account.",
        _NEW_RELIC_DOCS,
        category="observability",
    ),
    _prefixed(
        "newrelic-admin-key",
        "New Relic admin API key (legacy)",
        Severity.CRITICAL,
        "NRAA-",
        r"[a-f0-9]{27}",
        "A legacy admin key manages the account's applications, alert policies and users.",
        _NEW_RELIC_DOCS,
        category="observability",
    ),
    Detector(
        slug="newrelic-license-key",
        title="New Relic license (ingest) key",
        category="observability",
        severity=Severity.MEDIUM,
        keywords=("nral",),
        pattern=rf"{_START}(?P<secret>(?:eu01xx[a-f0-9]{{30}}|[a-f0-9]{{36}})NRAL){_END}",
        validator=random_value(3.0),
        rationale="A license key reports data into the account from anywhere: forged telemetry and ingest charges.",
        references=_NEW_RELIC_DOCS,
    ),
    Detector(
        slug="sentry-dsn",
        title="Sentry DSN",
        category="observability",
        severity=Severity.LOW,
        keywords=("sentry.io",),
        pattern=r"https?://(?P<secret>[0-9a-f]{32}(?::[0-9a-f]{32})?)@(?:[a-z0-9-]{1,63}\.){0,4}sentry\.io/\d{1,16}",
        validator=random_value(3.0),
        confidence=Confidence.MEDIUM,
        rationale="A DSN only lets others send events to the project, so browser SDKs ship it;"
        " in a server repository it still invites event spam and quota exhaustion. DSNs with a"
        " second (secret) key are the legacy private form.",
        references=("https://docs.sentry.io/concepts/key-terms/dsn-explainer/",),
    ),
    Detector(
        slug="sentry-org-token",
        title="Sentry organisation auth token",
        category="observability",
        severity=Severity.HIGH,
        keywords=("sntrys_",),
        pattern=rf"{_START}(?P<secret>sntrys_eyJ[A-Za-z0-9+/]{{20,600}}={{0,2}}_[A-Za-z0-9+/]{{43}}){_B64_END}",
        validator=_embedded_json_with(("iat",), 7, "_"),
        in_test_paths=InTestPaths.REPORT,
        rationale="An organisation token uploads source maps and releases, and reads the"
        " organisation's projects and their events.",
        references=_SENTRY_DOCS,
    ),
    _prefixed(
        "sentry-user-token",
        "Sentry user auth token",
        Severity.HIGH,
        "sntryu_",
        r"[a-f0-9]{64}",
        "A user token acts as its owner on every Sentry organisation they belong to.",
        _SENTRY_DOCS,
        category="observability",
    ),
    _prefixed(
        "dynatrace-token",
        "Dynatrace API token",
        Severity.HIGH,
        r"dt0c01\.",
        r"[A-Z0-9]{24}\.[A-Z0-9]{64}",
        "A Dynatrace token reads monitoring data and, with its scopes, changes settings or installs extensions.",
        ("https://docs.dynatrace.com/docs/dynatrace-api/basics/dynatrace-api-authentication",),
        category="observability",
    ),
    Detector(
        slug="grafana-cloud-token",
        title="Grafana Cloud access policy token",
        category="observability",
        severity=Severity.HIGH,
        keywords=("glc_",),
        pattern=rf"{_START}(?P<secret>glc_eyJ[A-Za-z0-9+/]{{32,600}}={{0,2}}){_B64_END}",
        validator=_embedded_json_with(("k",), 4),
        in_test_paths=InTestPaths.REPORT,
        rationale="A Grafana Cloud token reads or writes the stack's metrics, logs and traces"
        " with the scopes of its access policy.",
        references=_GRAFANA_DOCS,
    ),
    _prefixed(
        "grafana-service-account-token",
        "Grafana service account token",
        Severity.HIGH,
        "glsa_",
        r"[A-Za-z0-9]{32}_[a-f0-9]{8}",
        "A service account token calls the Grafana HTTP API with the account's role, often Admin.",
        ("https://grafana.com/docs/grafana/latest/administration/service-accounts/",),
        category="observability",
    ),
    Detector(
        slug="grafana-api-key",
        title="Grafana API key (legacy)",
        category="observability",
        severity=Severity.HIGH,
        keywords=("eyjrijoi",),
        pattern=rf"{_START}(?P<secret>eyJrIjoi[A-Za-z0-9+/]{{30,400}}={{0,2}}){_B64_END}",
        validator=_embedded_json_with(("k", "n"), 0),
        in_test_paths=InTestPaths.REPORT,
        rationale="Legacy API keys call the Grafana HTTP API with the key's role.",
        references=("https://grafana.com/docs/grafana/latest/administration/service-accounts/migrate-api-keys/",),
    ),
    _keyed(
        "pagerduty-api-key",
        "PagerDuty API key",
        Severity.HIGH,
        ("pagerduty", "pd_api_key", "pd_token", "pd-api-key"),
        vendor_key("pagerduty", r"pd[_-]api[_-]key", "pd_token"),
        r"u\+[A-Za-z0-9_+-]{18}|[A-Za-z0-9_+-]{20}|[a-f0-9]{32}",
        "A PagerDuty REST key reads and changes incidents, schedules and escalation policies;"
        " an integration key triggers and resolves incidents.",
        ("https://support.pagerduty.com/main/docs/api-access-keys",),
        category="observability",
    ),
    # --- secrets managers and infrastructure as code ---------------------------------
    _prefixed(
        "vault-service-token",
        "HashiCorp Vault service token",
        Severity.CRITICAL,
        r"hvs\.",
        r"[A-Za-z0-9_-]{24,400}",
        "A Vault service token reads and writes every secret its policies allow, and can often create child tokens.",
        _VAULT_DOCS,
        min_entropy=3.5,
    ),
    _prefixed(
        "vault-batch-token",
        "HashiCorp Vault batch token",
        Severity.HIGH,
        r"hvb\.",
        r"[A-Za-z0-9_-]{24,600}",
        "A batch token is short-lived but reads every secret its policies allow until it expires.",
        _VAULT_DOCS,
        min_entropy=3.5,
    ),
    _prefixed(
        "vault-recovery-token",
        "HashiCorp Vault recovery token",
        Severity.CRITICAL,
        r"hvr\.",
        r"[A-Za-z0-9_-]{24,400}",
        "A recovery token operates on Vault's storage in recovery mode, below every policy.",
        _VAULT_DOCS,
        min_entropy=3.5,
    ),
    _keyed(
        "vault-legacy-token",
        "HashiCorp Vault token (pre-1.10 format)",
        Severity.CRITICAL,
        ("vault",),
        r"vault(?:[\w.-]|::){0,20}?token",
        r"s\.[A-Za-z0-9]{24}",
        "Tokens from Vault before 1.10 (`s.` and 24 characters) read every secret their policies allow.",
        _VAULT_DOCS,
        min_entropy=3.5,
    ),
    Detector(
        slug="terraform-cloud-token",
        title="Terraform Cloud / Enterprise API token",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("atlasv1",),
        pattern=rf"{_START}(?P<secret>[A-Za-z0-9]{{14}}\.atlasv1\.[A-Za-z0-9_-]{{60,70}}){_END}",
        validator=random_value(4.0),
        rationale="A Terraform Cloud token runs plans and applies against every workspace it can"
        " reach, and reads their state files and variables, which hold cloud credentials.",
        references=("https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens",),
    ),
    Detector(
        slug="doppler-personal-token",
        title="Doppler personal token",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("dp.pt.",),
        pattern=rf"{_START}(?P<secret>dp\.pt\.[A-Za-z0-9]{{40,44}}){_END}",
        validator=random_after_prefix(6, 4.0),
        rationale="A personal token reads every secret of every project its owner can see.",
        references=_DOPPLER_DOCS,
    ),
    Detector(
        slug="doppler-service-token",
        title="Doppler service token",
        category="infrastructure",
        severity=Severity.HIGH,
        keywords=("dp.st.",),
        pattern=rf"{_START}(?P<secret>dp\.st\.(?:[a-z0-9_-]{{2,35}}\.)?[A-Za-z0-9]{{40,44}}){_END}",
        validator=random_after_prefix(6, 3.5),
        rationale="A service token reads all secrets of one config, typically production.",
        references=_DOPPLER_DOCS,
    ),
    Detector(
        slug="doppler-service-account-token",
        title="Doppler service account token",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("dp.sa.",),
        pattern=rf"{_START}(?P<secret>dp\.sa\.[A-Za-z0-9]{{40,44}}){_END}",
        validator=random_after_prefix(6, 4.0),
        rationale="A service account token reads and writes secrets across the projects the account was granted.",
        references=_DOPPLER_DOCS,
    ),
    Detector(
        slug="doppler-cli-token",
        title="Doppler CLI token",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("dp.ct.",),
        pattern=rf"{_START}(?P<secret>dp\.ct\.[A-Za-z0-9]{{40,44}}){_END}",
        validator=random_after_prefix(6, 4.0),
        rationale="A CLI token is a logged-in user's session: every secret the user can read.",
        references=_DOPPLER_DOCS,
    ),
    _prefixed(
        "pulumi-access-token",
        "Pulumi access token",
        Severity.CRITICAL,
        "pul-",
        r"[a-f0-9]{40}",
        "A Pulumi token reads stack state (with its decrypted secrets) and runs updates.",
        ("https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/",),
    ),
    Detector(
        slug="age-secret-key",
        title="age encryption secret key",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("age-secret-key-1",),
        pattern=rf"{_START}(?P<secret>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{{58}}){_END}",
        validator=_bech32_checksum_valid,
        in_test_paths=InTestPaths.REPORT,
        rationale="An age secret key decrypts every file encrypted to it, such as SOPS-encrypted"
        " secrets committed next to it.",
        references=("https://github.com/C2SP/C2SP/blob/main/age.md",),
    ),
    Detector(
        slug="onepassword-service-account-token",
        title="1Password service account token",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("ops_eyj",),
        pattern=rf"{_START}(?P<secret>ops_eyJ[A-Za-z0-9+/_-]{{100,4000}}={{0,2}}){_B64_END}",
        validator=_embedded_json_with(("signInAddress",), 4),
        in_test_paths=InTestPaths.REPORT,
        rationale="A service account token reads every item in the vaults the account was granted.",
        references=("https://developer.1password.com/docs/service-accounts/",),
    ),
    _prefixed(
        "infracost-api-key",
        "Infracost API key",
        Severity.MEDIUM,
        "ico-",
        r"[A-Za-z0-9]{32}",
        "An Infracost key uploads and reads the organisation's cost estimates.",
        ("https://www.infracost.io/docs/integrations/infracost_api/",),
        min_entropy=3.5,
    ),
    # --- hosting platforms --------------------------------------------------------------
    Detector(
        slug="heroku-api-key",
        title="Heroku API key",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("hrku-",),
        pattern=rf"{_START}(?P<secret>HRKU-(?:AA[A-Za-z0-9_-]{{58}}|{_UUID})){_END}",
        validator=random_after_prefix(5, 3.0),
        rationale="A Heroku API key deploys code, reads config vars (the app's secrets) and"
        " scales or deletes apps on the account.",
        references=("https://devcenter.heroku.com/articles/authentication",),
    ),
    _keyed(
        "heroku-legacy-api-key",
        "Heroku API key (UUID format)",
        Severity.CRITICAL,
        ("heroku",),
        vendor_key("heroku"),
        _UUID_ANY_CASE,
        "Older Heroku API keys are UUIDs; they deploy code and read the apps' config vars.",
        ("https://devcenter.heroku.com/articles/authentication",),
    ),
    _prefixed(
        "digitalocean-pat",
        "DigitalOcean personal access token",
        Severity.CRITICAL,
        "dop_v1_",
        r"[a-f0-9]{64}",
        "A DigitalOcean token creates and destroys droplets, databases and Kubernetes clusters.",
        _DIGITALOCEAN_DOCS,
    ),
    _prefixed(
        "digitalocean-oauth-token",
        "DigitalOcean OAuth access token",
        Severity.CRITICAL,
        "doo_v1_",
        r"[a-f0-9]{64}",
        "An OAuth token acts on the authorising user's DigitalOcean resources.",
        _DIGITALOCEAN_DOCS,
    ),
    _prefixed(
        "digitalocean-refresh-token",
        "DigitalOcean OAuth refresh token",
        Severity.HIGH,
        "dor_v1_",
        r"[a-f0-9]{64}",
        "A refresh token mints new OAuth access tokens for the user's resources.",
        _DIGITALOCEAN_DOCS,
    ),
    Detector(
        slug="cloudflare-api-token",
        title="Cloudflare API token",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("cfut_", "cfat_"),
        pattern=rf"{_START}(?P<secret>cf(?:ut|at)_[A-Za-z0-9]{{40}}[0-9a-f]{{8}}){_END}",
        validator=random_after_prefix(5, 4.0),
        rationale="A Cloudflare token changes DNS, WAF and Workers for the zones it covers:"
        " enough to redirect or intercept a site's traffic.",
        references=_CLOUDFLARE_DOCS,
    ),
    Detector(
        slug="cloudflare-global-api-key",
        title="Cloudflare global API key",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("cfk_",),
        pattern=rf"{_START}(?P<secret>cfk_[A-Za-z0-9]{{40}}[0-9a-f]{{8}}){_END}",
        validator=random_after_prefix(4, 4.0),
        rationale="The global key has every permission of the user on every account and zone.",
        references=_CLOUDFLARE_DOCS,
    ),
    _keyed(
        "cloudflare-legacy-api-token",
        "Cloudflare API token (unprefixed format)",
        Severity.CRITICAL,
        ("cloudflare", "cf_api_token", "cf_token"),
        vendor_key("cloudflare", r"cf_(?:api_)?token"),
        r"[A-Za-z0-9_-]{40}",
        "Tokens created before the prefixed format change DNS, WAF and Workers for their zones.",
        _CLOUDFLARE_DOCS,
        min_entropy=4.0,
    ),
    _keyed(
        "cloudflare-legacy-global-api-key",
        "Cloudflare global API key (unprefixed format)",
        Severity.CRITICAL,
        ("cloudflare", "cf_api_key", "cf_key", "x-auth-key"),
        vendor_key("cloudflare", r"cf_(?:api_)?key", "x-auth-key"),
        r"[a-f0-9]{37}",
        "The global key has every permission of the user on every account and zone.",
        _CLOUDFLARE_DOCS,
    ),
    _prefixed(
        "cloudflare-origin-ca-key",
        "Cloudflare Origin CA key",
        Severity.HIGH,
        r"v1\.0-",
        r"[a-f0-9]{24}-[a-f0-9]{146}",
        "An Origin CA key issues and revokes origin certificates trusted by Cloudflare for the zones.",
        ("https://developers.cloudflare.com/fundamentals/api/get-started/ca-keys/",),
    ),
    _prefixed(
        "netlify-access-token",
        "Netlify personal access token",
        Severity.CRITICAL,
        "nfp_",
        r"[A-Za-z0-9]{36}",
        "A Netlify token deploys to every site of the user and reads their environment variables.",
        ("https://docs.netlify.com/api/get-started/#authentication",),
        min_entropy=4.0,
    ),
    _keyed(
        "netlify-legacy-token",
        "Netlify access token (unprefixed format)",
        Severity.CRITICAL,
        ("netlify",),
        vendor_key("netlify"),
        r"[A-Za-z0-9_-]{43,45}",
        "Older Netlify tokens deploy sites and read their environment variables.",
        ("https://docs.netlify.com/api/get-started/#authentication",),
        min_entropy=4.0,
    ),
    Detector(
        slug="vercel-token",
        title="Vercel access token or API key",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("vcp_", "vci_", "vca_", "vcr_", "vck_"),
        pattern=rf"{_START}(?P<secret>vc[pikar]_[A-Za-z0-9]{{24,120}}){_END}",
        validator=random_after_prefix(4, 4.0),
        confidence=Confidence.MEDIUM,
        rationale="A Vercel token deploys projects and reads their environment variables, which"
        " hold every backend key of the application.",
        references=("https://vercel.com/changelog/new-token-formats-and-secret-scanning",),
    ),
    _keyed(
        "vercel-legacy-token",
        "Vercel access token (unprefixed format)",
        Severity.CRITICAL,
        ("vercel",),
        vendor_key("vercel"),
        r"[A-Za-z0-9]{24}",
        "Older Vercel tokens deploy projects and read their environment variables.",
        ("https://vercel.com/docs/rest-api#creating-an-access-token",),
        min_entropy=4.0,
    ),
    _keyed(
        "fastly-api-token",
        "Fastly API token",
        Severity.HIGH,
        ("fastly",),
        vendor_key("fastly"),
        r"[A-Za-z0-9_-]{32}",
        "A Fastly token purges caches and changes service configuration: traffic can be redirected.",
        ("https://www.fastly.com/documentation/reference/api/auth-tokens/",),
        min_entropy=4.0,
    ),
    _prefixed(
        "render-api-key",
        "Render API key",
        Severity.CRITICAL,
        "rnd_",
        r"[A-Za-z0-9]{28,40}",
        "A Render key deploys services and reads their environment variables.",
        ("https://render.com/docs/api#1-create-an-api-key",),
        min_entropy=4.0,
    ),
    Detector(
        slug="flyio-macaroon-token",
        title="Fly.io API token (macaroon)",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("fm1_", "fm2_"),
        pattern=rf"{_START}(?P<secret>fm[12][a-z]?_[A-Za-z0-9+/=_,-]{{100,4096}}){_B64_END}",
        validator=random_after_prefix(4, 4.5),
        rationale="A Fly.io token deploys apps, reads their secrets and opens SSH into machines"
        " of the organisation or app it is scoped to.",
        references=("https://fly.io/docs/security/tokens/",),
    ),
    _prefixed(
        "flyio-oauth-token",
        "Fly.io OAuth token",
        Severity.CRITICAL,
        "fo1_",
        r"[A-Za-z0-9_-]{43}",
        "An OAuth token acts as the user on every Fly.io organisation they belong to.",
        ("https://fly.io/docs/security/tokens/",),
        min_entropy=4.0,
    ),
    _prefixed(
        "supabase-access-token",
        "Supabase personal access token",
        Severity.CRITICAL,
        "sbp_",
        r"[a-f0-9]{40}",
        "A Supabase management token controls every project of the user: database passwords, API keys, edge functions.",
        ("https://supabase.com/docs/reference/api/introduction",),
    ),
    _prefixed(
        "supabase-secret-key",
        "Supabase secret API key",
        Severity.CRITICAL,
        "sb_secret_",
        r"[A-Za-z0-9_-]{20,80}",
        "A secret key bypasses row-level security: full read and write access to the database.",
        ("https://supabase.com/docs/guides/api/api-keys",),
        min_entropy=4.0,
    ),
    Detector(
        slug="planetscale-token",
        title="PlanetScale service or OAuth token",
        category="infrastructure",
        severity=Severity.CRITICAL,
        keywords=("pscale_tkn_", "pscale_oauth_"),
        pattern=rf"{_START}(?P<secret>pscale_(?:tkn|oauth)_[A-Za-z0-9_.-]{{32,64}}){_END}",
        validator=random_value(4.0),
        rationale="A PlanetScale token manages databases, branches and their passwords.",
        references=("https://planetscale.com/docs/concepts/service-tokens",),
    ),
    _prefixed(
        "planetscale-password",
        "PlanetScale database password",
        Severity.CRITICAL,
        "pscale_pw_",
        r"[A-Za-z0-9_.-]{32,64}",
        "A branch password connects to the database with the role it was created for.",
        ("https://planetscale.com/docs/concepts/connection-strings",),
        min_entropy=4.0,
    ),
    _prefixed(
        "databricks-token",
        "Databricks personal access token",
        Severity.CRITICAL,
        "dapi",
        r"[a-f0-9]{32}(?:-\d)?",
        "A Databricks token runs jobs and notebooks and reads the workspace's tables with the user's permissions.",
        ("https://docs.databricks.com/en/dev-tools/auth/pat.html",),
    ),
    _prefixed(
        "tailscale-key",
        "Tailscale auth or API key",
        Severity.CRITICAL,
        "tskey-",
        r"(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{6,24}-[A-Za-z0-9]{20,64}",
        "An auth key joins new devices to the tailnet; an API key manages its devices and ACLs.",
        ("https://tailscale.com/kb/1085/auth-keys",),
    ),
    # --- developer and collaboration SaaS -----------------------------------------------
    _prefixed(
        "linear-api-key",
        "Linear API key",
        Severity.HIGH,
        "lin_api_",
        r"[A-Za-z0-9]{40}",
        "A Linear key reads and changes every issue and project the user can see.",
        ("https://linear.app/developers/graphql#personal-api-keys",),
        min_entropy=4.0,
    ),
    _keyed(
        "okta-api-token",
        "Okta API token",
        Severity.CRITICAL,
        ("okta",),
        vendor_key("okta"),
        r"00[A-Za-z0-9_-]{40}",
        "An Okta token manages users, groups and applications of the org with its creator's"
        " admin role: account takeover of every SSO user.",
        ("https://developer.okta.com/docs/guides/create-an-api-token/main/",),
        min_entropy=4.0,
    ),
    _prefixed(
        "postman-api-key",
        "Postman API key",
        Severity.HIGH,
        "PMAK-",
        r"[a-f0-9]{24}-[a-f0-9]{34}",
        "A Postman key reads the workspaces' collections and environments, which hold API secrets.",
        ("https://learning.postman.com/docs/developer/postman-api/authentication/",),
    ),
    _keyed(
        "snyk-token",
        "Snyk API token",
        Severity.HIGH,
        ("snyk",),
        vendor_key("snyk"),
        _UUID,
        "A Snyk token reads the organisation's projects and their vulnerability reports.",
        ("https://docs.snyk.io/snyk-api/authentication-for-api",),
    ),
    _keyed(
        "algolia-admin-key",
        "Algolia admin API key",
        Severity.HIGH,
        ("algolia",),
        r"algolia(?:[\w.-]|::){0,20}?admin",
        r"[a-f0-9]{32}",
        "The admin key changes and deletes indices and creates API keys; search-only keys are public.",
        ("https://www.algolia.com/doc/guides/security/api-keys/",),
    ),
    Detector(
        slug="mapbox-secret-token",
        title="Mapbox secret access token",
        category="infrastructure",
        severity=Severity.HIGH,
        keywords=("sk.eyj",),
        pattern=rf"{_START}(?P<secret>sk\.eyJ[A-Za-z0-9_-]{{10,400}}\.[A-Za-z0-9_-]{{20,40}}){_END}",
        validator=_embedded_json_with(("u",), 3, "."),
        in_test_paths=InTestPaths.REPORT,
        rationale="Secret (`sk.`) Mapbox tokens carry write scopes: uploads, styles, datasets,"
        " token management. Public `pk.` tokens are meant for clients.",
        references=("https://docs.mapbox.com/accounts/guides/tokens/",),
    ),
    _prefixed(
        "airtable-pat",
        "Airtable personal access token",
        Severity.HIGH,
        "pat",
        r"[A-Za-z0-9]{14}\.[a-f0-9]{64}",
        "An Airtable token reads and writes the bases it was granted.",
        ("https://airtable.com/developers/web/guides/personal-access-tokens",),
    ),
    Detector(
        slug="notion-integration-token",
        title="Notion integration token",
        category="infrastructure",
        severity=Severity.HIGH,
        keywords=("secret_", "ntn_"),
        pattern=rf"{_START}(?P<secret>secret_[A-Za-z0-9]{{43}}|ntn_[0-9]{{11}}[A-Za-z0-9]{{35}}){_END}",
        validator=_notion_token_valid,
        rationale="An integration token reads and edits every page shared with the integration.",
        references=("https://developers.notion.com/docs/authorization",),
    ),
    _prefixed(
        "figma-pat",
        "Figma personal access token",
        Severity.HIGH,
        "figd_",
        r"[A-Za-z0-9_-]{40}",
        "A Figma token reads the user's files and comments with the scopes it was given.",
        ("https://www.figma.com/developers/api#access-tokens",),
        min_entropy=4.0,
    ),
    _prefixed(
        "contentful-pat",
        "Contentful personal access token",
        Severity.HIGH,
        "CFPAT-",
        r"[A-Za-z0-9_-]{43}",
        "A Contentful management token changes and publishes content in every space of the user.",
        ("https://www.contentful.com/developers/docs/references/authentication/",),
        min_entropy=4.0,
    ),
    _keyed(
        "launchdarkly-api-key",
        "LaunchDarkly API access token",
        Severity.HIGH,
        ("launchdarkly", "ld_api", "ld-api", "ld_access", "ld-access"),
        r"launchdarkly|ld[_-](?:api|access)",
        rf"api-{_UUID}",
        "An access token changes feature flags in every environment it can reach.",
        ("https://launchdarkly.com/docs/home/account/api",),
    ),
    _keyed(
        "launchdarkly-sdk-key",
        "LaunchDarkly server-side SDK key",
        Severity.MEDIUM,
        ("launchdarkly", "ld_sdk", "ld-sdk"),
        r"launchdarkly|ld[_-]sdk",
        rf"sdk-{_UUID}",
        "An SDK key reads every flag rule and segment of its environment, including targeted user keys.",
        ("https://launchdarkly.com/docs/sdk/concepts/client-side-server-side#keys",),
    ),
    # --- CI and code quality ----------------------------------------------------------
    _prefixed(
        "buildkite-token",
        "Buildkite API access token",
        Severity.HIGH,
        "bkua_",
        r"[a-f0-9]{40}",
        "A Buildkite token triggers builds and reads build logs and artifacts of the organisation.",
        ("https://buildkite.com/docs/apis/managing-api-tokens",),
    ),
    _prefixed(
        "circleci-token",
        "CircleCI personal API token",
        Severity.HIGH,
        "CCIPAT_",
        r"[A-Za-z0-9]{22}_[a-f0-9]{40}",
        "A CircleCI token triggers pipelines and reads (and with them, exfiltrates) project"
        " environment variables through crafted jobs.",
        ("https://circleci.com/docs/managing-api-tokens/",),
    ),
    _keyed(
        "circleci-legacy-token",
        "CircleCI API token (unprefixed format)",
        Severity.HIGH,
        ("circleci", "circle_ci", "circle-ci", "circle_token", "circle-token"),
        vendor_key("circle[_-]?ci", r"circle[_-]token"),
        r"[a-f0-9]{40}",
        "Older CircleCI tokens trigger pipelines and read project settings.",
        ("https://circleci.com/docs/managing-api-tokens/",),
    ),
    _keyed(
        "travis-token",
        "Travis CI API token",
        Severity.HIGH,
        ("travis",),
        vendor_key("travis"),
        r"[A-Za-z0-9_-]{22}",
        "A Travis token triggers builds and changes repository settings and environment variables.",
        ("https://docs.travis-ci.com/user/triggering-builds/",),
        min_entropy=3.8,
    ),
    _keyed(
        "codecov-token",
        "Codecov upload token",
        Severity.MEDIUM,
        ("codecov",),
        vendor_key("codecov"),
        _UUID,
        "An upload token lets anyone publish coverage reports for the repository.",
        ("https://docs.codecov.com/docs/codecov-tokens",),
    ),
    _prefixed(
        "sonarqube-user-token",
        "SonarQube user token",
        Severity.HIGH,
        "squ_",
        r"[a-f0-9]{40}",
        "A user token acts as the user: reads source code and issues of every project they can see.",
        _SONAR_DOCS,
    ),
    _prefixed(
        "sonarqube-project-token",
        "SonarQube project analysis token",
        Severity.MEDIUM,
        "sqp_",
        r"[a-f0-9]{40}",
        "A project analysis token uploads analyses for one project and reads its results.",
        _SONAR_DOCS,
    ),
    _prefixed(
        "sonarqube-global-token",
        "SonarQube global analysis token",
        Severity.HIGH,
        "sqa_",
        r"[a-f0-9]{40}",
        "A global analysis token uploads analyses for every project of the instance.",
        _SONAR_DOCS,
    ),
    _prefixed(
        "prefect-api-key",
        "Prefect Cloud API key",
        Severity.HIGH,
        "pnu_",
        r"[A-Za-z0-9]{36}",
        "A Prefect key runs and changes flows and reads their blocks, which store credentials.",
        ("https://docs.prefect.io/v3/manage/cloud/manage-users/api-keys",),
        min_entropy=4.0,
    ),
)
