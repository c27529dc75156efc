"""Package URLs for dependency findings, and the package name a purl names."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

# Trivy's result Type (lockfile or OS package kind) → purl type, for entries without a PURL.
TRIVY_TYPE_TO_PURL = {
    "pip": "pypi", "pipenv": "pypi", "poetry": "pypi", "uv": "pypi", "python-pkg": "pypi",
    "npm": "npm", "yarn": "npm", "pnpm": "npm", "node-pkg": "npm", "bun": "npm",
    "gomod": "golang", "gobinary": "golang", "cargo": "cargo", "rustbinary": "cargo",
    "composer": "composer", "bundler": "gem", "gemspec": "gem", "nuget": "nuget",
    "dotnet-core": "nuget", "jar": "maven", "pom": "maven", "gradle": "maven",
    "alpine": "apk", "debian": "deb", "ubuntu": "deb", "redhat": "rpm", "centos": "rpm",
}  # fmt: skip

_PEP503 = re.compile(r"[-_.]+")


def make_purl(purl_type: str, name: str, version: str) -> str:
    """pkg:type/name@version, the name percent-encoded except for a Maven group/artifact slash."""
    encoded = "/".join(quote(part, safe="") for part in name.replace(":", "/").split("/"))
    return f"pkg:{purl_type}/{encoded}@{quote(version, safe='')}" if version else f"pkg:{purl_type}/{encoded}"


def purl_type_and_name(purl: str) -> tuple[str, str] | None:
    """("pypi", "jinja2") from "pkg:pypi/Jinja2@2.4.1", name normalised; None if not a purl.

    Names are lower-cased (PyPI also folds runs of - _ . per PEP 503) so that a
    package named two ways by two tools compares equal.
    """
    if not purl.startswith("pkg:"):
        return None
    body = purl[4:].split("?", 1)[0].split("#", 1)[0]
    purl_type, _, rest = body.partition("/")
    name = unquote(rest.rsplit("@", 1)[0] if "@" in rest else rest).lower()
    if purl_type.lower() == "pypi":
        name = _PEP503.sub("-", name)
    return (purl_type.lower(), name) if purl_type and name else None
