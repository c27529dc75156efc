"""Installed Python distributions: `*.dist-info/METADATA` and `*.egg-info/PKG-INFO` in a site-packages dir.

Each file describes one installed distribution. Whether the project asked for it
directly is not recorded there, so every one is `direct=False`; its Requires-Dist names
(those not behind an `extra ==` marker) become its dependencies.
"""

from __future__ import annotations

import re
from email.parser import HeaderParser

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._lines import LineFinder
from pavedroad.analyzers.sca.parsers._source import ManifestError, ManifestFile
from pavedroad.core.components import PYPI, Component

# Trove licence classifiers and the SPDX ids they stand for.
LICENSE_CLASSIFIERS: dict[str, str] = {
    "License :: OSI Approved :: MIT License": "MIT",
    "License :: OSI Approved :: MIT No Attribution License (MIT-0)": "MIT-0",
    "License :: OSI Approved :: BSD License": "BSD-3-Clause",
    "License :: OSI Approved :: Apache Software License": "Apache-2.0",
    "License :: OSI Approved :: ISC License (ISCL)": "ISC",
    "License :: OSI Approved :: Python Software Foundation License": "PSF-2.0",
    "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "License :: OSI Approved :: GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
    "License :: OSI Approved :: GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
    "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
    "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
    "License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)": "LGPL-2.0-only",
    "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
    "License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
    "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
    "License :: OSI Approved :: GNU Affero General Public License v3": "AGPL-3.0-only",
    "License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
    "License :: OSI Approved :: The Unlicense (Unlicense)": "Unlicense",
    "License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "CC0-1.0",
}
# A free-text License field longer than this is the licence's text, not its name.
MAX_LICENSE_NAME_LENGTH = 64
UNKNOWN_LICENSES = frozenset({"", "unknown", "none", "n/a"})

_HEADER_LINE = re.compile(r"^Name:", re.MULTILINE)


def parse_installed_metadata(file: ManifestFile) -> list[Component]:
    """The one distribution a METADATA or PKG-INFO file describes."""
    headers = HeaderParser().parsestr(file.text, headersonly=True)
    name, version = headers.get("Name"), headers.get("Version")
    if not name or not version:
        raise ManifestError("no Name or Version header in package metadata", 1)
    requires = [_runtime_requirement(text) for text in headers.get_all("Requires-Dist") or []]
    graph = PackageGraph(has_graph=False)
    graph.add(
        "installed",
        Package(
            name=str(canonicalize_name(name.strip())),
            version=version.strip(),
            line=LineFinder(file.text).find(_HEADER_LINE),
            licenses=_licenses(
                headers.get("License-Expression"), headers.get_all("Classifier") or [], headers.get("License")
            ),
            required_names=[name for name in requires if name],
        ),
    )
    return build_components(file, PYPI, graph)


def _runtime_requirement(text: str) -> str | None:
    """The normalised name of a Requires-Dist entry, or None when it only applies to an extra."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    if requirement.marker is not None and "extra" in str(requirement.marker):
        return None
    return str(canonicalize_name(requirement.name))


def _licenses(expression: str | None, classifiers: list[str], free_text: str | None) -> list[str]:
    if expression and expression.strip():
        return [expression.strip()]
    from_classifiers = [
        LICENSE_CLASSIFIERS[value.strip()] for value in classifiers if value.strip() in LICENSE_CLASSIFIERS
    ]
    if from_classifiers:
        return list(dict.fromkeys(from_classifiers))
    if free_text is not None:
        text = free_text.strip()
        if text.lower() not in UNKNOWN_LICENSES and "\n" not in text and len(text) <= MAX_LICENSE_NAME_LENGTH:
            return [text]
    return []
