"""Package and container registries: publish tokens and the config files that hold them."""

from __future__ import annotations

from pavedroad.analyzers.secrets.detector import Detector, InTestPaths
from pavedroad.analyzers.secrets.detectors._structure_a import (
    decode_base64,
    decodes_to_user_and_password,
    has_letters_and_digits,
    random_enough,
)
from pavedroad.analyzers.secrets.validators import npm_token_valid, pypi_token_valid
from pavedroad.core.findings import Severity

_ASSIGN = r"[\"']?\s{0,4}(?::=|=>|:|=)\s{0,4}[\"']?"

# Tokens with a prefix of their own are reported by their own detector, not as a config value.
_NOT_A_PREFIXED_TOKEN = r"(?!npm_|gh[pousr]_|github_pat_|glpat-|gldt-|AKCp|cmVmdGtu|dckr_|pypi-)"

_PUBLISH_FIX = (
    "Revoke the token in the registry now, check the package's recent releases for ones you did not"
    " publish, and publish from CI with trusted publishing (OIDC) or a short-lived, package-scoped token."
)


def _test_pypi_token_valid(token: str) -> bool:
    decoded = decode_base64(token.removeprefix("pypi-"))
    return decoded is not None and b"test.pypi.org" in decoded


def _jfrog_reference_token_valid(token: str) -> bool:
    decoded = decode_base64(token)
    return decoded is not None and decoded.startswith(b"reftkn:")


DETECTORS: tuple[Detector, ...] = (
    # --- npm --------------------------------------------------------------------------------
    Detector(
        slug="npm-token",
        title="npm access token",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("npm_",),
        pattern=r"(?<![A-Za-z0-9_])(?P<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])",
        validator=npm_token_valid,
        placeholder_check=False,
        in_test_paths=InTestPaths.REPORT,
        rationale="A publish-capable npm token pushes new versions of every package its owner maintains:"
        " the classic route for a supply-chain compromise.",
        fix=_PUBLISH_FIX,
        references=("https://docs.npmjs.com/about-access-tokens",),
    ),
    Detector(
        slug="npmrc-auth-token",
        title="Registry token in .npmrc / .yarnrc.yml",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("_authtoken", "npmauthtoken"),
        pattern=r"(?:_authToken|npmAuthToken)"
        + _ASSIGN
        + _NOT_A_PREFIXED_TOKEN
        + r"(?P<secret>[A-Za-z0-9._~+/=-]{20,2048})",
        validator=random_enough,
        rationale="An `_authToken` line authenticates to an npm-compatible registry (npmjs, Artifactory,"
        " Nexus, GitHub Packages) and usually allows publishing.",
        fix="Revoke the token, replace the line with `_authToken=${NPM_TOKEN}` and provide the"
        " variable from the CI secret store.",
        references=("https://docs.npmjs.com/cli/configuring-npm/npmrc#auth-related-configuration",),
    ),
    Detector(
        slug="npmrc-basic-auth",
        title="Basic-auth credentials in .npmrc (_auth)",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("_auth",),
        pattern=r"(?<![A-Za-z0-9])_auth" + _ASSIGN + r"(?P<secret>[A-Za-z0-9+/]{8,1024}={0,2})(?![A-Za-z0-9+/=])",
        validator=decodes_to_user_and_password,
        rationale="`_auth` is base64 of `user:password` for the registry: decoding it reveals a"
        " reusable account password.",
        fix="Change the account's password, replace `_auth` with a scoped token read from an environment variable.",
        references=("https://docs.npmjs.com/cli/configuring-npm/npmrc#auth-related-configuration",),
    ),
    # --- PyPI -------------------------------------------------------------------------------
    Detector(
        slug="pypi-token",
        title="PyPI API token",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("pypi-ageichlwas5vcmc",),
        pattern=r"(?<![A-Za-z0-9_-])(?P<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1024})(?![A-Za-z0-9_-])",
        validator=pypi_token_valid,
        placeholder_check=False,
        in_test_paths=InTestPaths.REPORT,
        rationale="A PyPI token uploads new releases of the projects it is scoped to (or of all the user's projects).",
        fix=_PUBLISH_FIX,
        references=("https://pypi.org/help/#apitoken",),
    ),
    Detector(
        slug="test-pypi-token",
        title="TestPyPI API token",
        category="registry",
        severity=Severity.MEDIUM,
        keywords=("pypi-agendgvzdc5wexbplm9yzw",),
        pattern=r"(?<![A-Za-z0-9_-])(?P<secret>pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,1024})"
        r"(?![A-Za-z0-9_-])",
        validator=_test_pypi_token_valid,
        placeholder_check=False,
        in_test_paths=InTestPaths.REPORT,
        rationale="A TestPyPI token only uploads to the test index, but people copy install commands"
        " from it and the same password habits often apply to the real index.",
        fix=_PUBLISH_FIX,
        references=("https://packaging.python.org/en/latest/guides/using-testpypi/",),
    ),
    Detector(
        slug="pypirc-password",
        title="Password in .pypirc",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("[pypi]", "[testpypi]"),
        pattern=r"\[(?:pypi|testpypi)\][ \t]*\r?\n(?:[ \t]*(?:(?:repository|username)[ \t]*[:=]|[#;])"
        r"[^\r\n]{0,200}\r?\n){0,6}[ \t]*password[ \t]*[:=][ \t]*(?!pypi-)(?P<secret>[^\s]{6,200})",
        multiline=True,
        min_entropy=3.0,
        rationale="A .pypirc password uploads releases to the index as that account.",
        fix="Change the account password, then use a project-scoped API token or trusted publishing.",
        references=("https://packaging.python.org/en/latest/specifications/pypirc/",),
    ),
    # --- Other language registries -------------------------------------------------------------
    Detector(
        slug="rubygems-api-key",
        title="RubyGems API key",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("rubygems_",),
        pattern=r"(?<![A-Za-z0-9_])(?P<secret>rubygems_[a-f0-9]{48})(?![A-Za-z0-9_])",
        validator=has_letters_and_digits,
        rationale="A RubyGems key with push scope publishes and yanks versions of the owner's gems.",
        fix=_PUBLISH_FIX,
        references=("https://guides.rubygems.org/api-key-scopes/",),
    ),
    Detector(
        slug="nuget-api-key",
        title="NuGet API key",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("oy2",),
        pattern=r"(?<![A-Za-z0-9])(?P<secret>oy2[a-z2-7]{43})(?![A-Za-z0-9])",
        min_entropy=3.5,
        rationale="A nuget.org API key pushes new versions of (or unlists) the packages in its glob.",
        fix=_PUBLISH_FIX,
        references=("https://learn.microsoft.com/en-us/nuget/nuget-org/scoped-api-keys",),
    ),
    Detector(
        slug="crates-io-token",
        title="crates.io API token",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("cio",),
        pattern=r"(?<![A-Za-z0-9])(?P<secret>cio[A-Za-z0-9]{32})(?![A-Za-z0-9])",
        min_entropy=3.5,
        rationale="A crates.io token publishes and yanks versions of the owner's crates.",
        fix=_PUBLISH_FIX,
        references=("https://doc.rust-lang.org/cargo/reference/config.html#credentials",),
    ),
    Detector(
        slug="packagist-token",
        title="Private Packagist token",
        category="registry",
        severity=Severity.HIGH,
        keywords=("packagist_",),
        pattern=r"(?<![A-Za-z0-9_])(?P<secret>packagist_[a-z]{3}_[a-f0-9]{68})(?![A-Za-z0-9_])",
        validator=has_letters_and_digits,
        rationale="A Private Packagist token downloads the organisation's private packages; update"
        " tokens also change package sources.",
        fix="Revoke the token in Private Packagist (Settings > Tokens) and store the new one as a CI secret.",
        references=("https://packagist.com/docs/composer-authentication",),
    ),
    Detector(
        slug="hex-api-key",
        title="Hex.pm API key",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("hex_api_key", "hex-api-key", "hexpm"),
        pattern=r"(?i:hex[_-]?(?:pm[_-]?)?api[_-]?key|hexpm[_-]?(?:key|secret))"
        + _ASSIGN
        + r"(?P<secret>[a-f0-9]{32})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        rationale="A Hex API key with write permission publishes and retires versions of the owner's"
        " Elixir and Erlang packages.",
        fix=_PUBLISH_FIX,
        references=("https://hex.pm/docs/publish",),
    ),
    Detector(
        slug="clojars-token",
        title="Clojars deploy token",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("clojars_",),
        pattern=r"(?<![A-Za-z0-9_])(?P<secret>CLOJARS_[a-z0-9]{60})(?![A-Za-z0-9_])",
        min_entropy=3.5,
        rationale="A Clojars deploy token publishes artifacts to the groups its owner can deploy to.",
        fix=_PUBLISH_FIX,
        references=("https://github.com/clojars/clojars-web/wiki/Deploy-Tokens",),
    ),
    # --- JVM: Maven, Gradle, Sonatype, JFrog --------------------------------------------------
    Detector(
        slug="maven-settings-password",
        title="Plain-text password in Maven settings.xml",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("<server>",),
        pattern=r"<server>\s{0,200}(?:<(?P<tag>id|username|privateKey|passphrase|filePermissions|"
        r"directoryPermissions)>[^<]{0,300}</(?P=tag)>\s{0,200}){0,6}"
        r"<password>(?P<secret>[^<${\s][^<\s]{5,300})</password>",
        multiline=True,
        min_entropy=3.0,
        rationale="A `<server>` password authenticates deploys to Maven Central, Nexus or Artifactory:"
        " publish rights to every artifact of the repository.",
        fix="Rotate the password or user token, and reference it as `${env.MAVEN_PASSWORD}` or encrypt"
        " it with `mvn --encrypt-password`.",
        references=("https://maven.apache.org/guides/mini/guide-encryption.html",),
    ),
    Detector(
        slug="sonatype-password",
        title="Sonatype / Maven Central publishing password",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=(
            "ossrhpassword",
            "ossrh_password",
            "ossrh-password",
            "sonatypepassword",
            "sonatype_password",
            "sonatype-password",
            "mavencentralpassword",
            "maven_central_password",
            "nexuspassword",
            "nexus_password",
        ),
        pattern=r"(?i:ossrh[_-]?password|sonatype[_-]?(?:nexus[_-]?)?password|maven[_-]?central[_-]?password"
        r"|nexus[_-]?password)" + _ASSIGN + r"(?P<secret>[^\s\"'$]{8,200})",
        min_entropy=3.0,
        rationale="The Sonatype (OSSRH, Central Portal) or Nexus credential publishes artifacts under"
        " the project's group id: every downstream build trusts them.",
        fix="Revoke the user token in the Central Portal (or change the Nexus password) and provide it"
        " as ORG_GRADLE_PROJECT_* or a Maven environment variable from the CI secret store.",
        references=("https://central.sonatype.org/publish/generate-portal-token/",),
    ),
    Detector(
        slug="gradle-plugin-portal-secret",
        title="Gradle Plugin Portal publishing secret",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("gradle.publish.secret", "gradle_publish_secret"),
        pattern=r"(?i:gradle[._]publish[._]secret)" + _ASSIGN + r"(?P<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9])",
        min_entropy=3.5,
        rationale="The publish key and secret upload new versions of the owner's Gradle plugins.",
        fix=_PUBLISH_FIX,
        references=("https://docs.gradle.org/current/userguide/publishing_gradle_plugins.html",),
    ),
    Detector(
        slug="jfrog-api-key",
        title="JFrog Artifactory API key",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("akcp",),
        pattern=r"(?<![A-Za-z0-9])(?P<secret>AKCp[A-Za-z0-9]{69})(?![A-Za-z0-9])",
        min_entropy=4.0,
        rationale="An Artifactory API key acts as its user: download and deploy artifacts in every"
        " repository the user can reach.",
        fix="Revoke the API key in the JFrog user profile and move to scoped access tokens.",
        references=("https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens",),
    ),
    Detector(
        slug="jfrog-reference-token",
        title="JFrog access (reference) token",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("cmvmdgtu",),
        pattern=r"(?<![A-Za-z0-9])(?P<secret>cmVmdGtu[A-Za-z0-9]{56})(?![A-Za-z0-9])",
        validator=_jfrog_reference_token_valid,
        rationale="A JFrog reference token acts as its user or service on Artifactory and the rest of"
        " the platform, with the token's scope.",
        fix="Revoke the token in the JFrog Platform (Administration > User Management > Access Tokens).",
        references=("https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens",),
    ),
    # --- Containers -------------------------------------------------------------------------
    Detector(
        slug="dockerhub-pat",
        title="Docker Hub personal access token",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("dckr_pat_",),
        pattern=r"(?<![A-Za-z0-9_])(?P<secret>dckr_pat_[A-Za-z0-9_-]{27})(?![A-Za-z0-9_-])",
        min_entropy=3.5,
        rationale="A Docker Hub token with write scope pushes images over the user's tags: everyone"
        " pulling them runs the attacker's code.",
        fix="Delete the token in Docker Hub > Account settings > Personal access tokens and use a"
        " read-only or organisation access token where pushing is not needed.",
        references=("https://docs.docker.com/security/access-tokens/",),
    ),
    Detector(
        slug="dockerhub-org-access-token",
        title="Docker Hub organization access token",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=("dckr_oat_",),
        pattern=r"(?<![A-Za-z0-9_])(?P<secret>dckr_oat_[A-Za-z0-9_-]{24,64})(?![A-Za-z0-9_-])",
        min_entropy=3.5,
        rationale="An organization access token pulls or pushes the organisation's repositories it is"
        " scoped to, without any user.",
        fix="Delete the token in the Docker Admin Console > Access tokens.",
        references=("https://docs.docker.com/security/access-tokens/organization-access-tokens/",),
    ),
    Detector(
        slug="docker-config-auth",
        title="Registry credentials in Docker config.json",
        category="registry",
        severity=Severity.CRITICAL,
        keywords=('"auth"',),
        pattern=r"\"auth\"\s{0,4}:\s{0,4}\"(?P<secret>[A-Za-z0-9+/]{8,1024}={0,2})\"",
        validator=decodes_to_user_and_password,
        rationale="`auths.<registry>.auth` is base64 of `user:password` (or token); decoding it gives"
        " push and pull access to that registry.",
        fix="Change the registry password or token, and use a credential helper (`credsStore`) so"
        " config.json holds no secrets.",
        references=("https://docs.docker.com/reference/cli/docker/login/#credential-stores",),
    ),
)
