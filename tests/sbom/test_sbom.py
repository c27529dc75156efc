"""SBOMs validate with the official libraries and carry purls, hashes, licences and the graph."""

from __future__ import annotations

import json

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from spdx_tools.spdx.parser.parse_anything import parse_file
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from pavedroad.core.components import Component
from pavedroad.sbom.cyclonedx import cyclonedx_json
from pavedroad.sbom.spdx import spdx_json

COMPONENTS = [
    Component("PyPI", "django", "3.2.0", "requirements.txt", 1, purl="pkg:pypi/django@3.2.0",
              hashes=("sha256:" + "ab" * 32,), licenses=("BSD-3-Clause",), dependencies=("sqlparse", "asgiref")),
    Component("PyPI", "sqlparse", "0.4.1", "poetry.lock", 10, direct=False, dependency_path=("django", "sqlparse"),
              purl="pkg:pypi/sqlparse@0.4.1"),
    Component("PyPI", "asgiref", "3.4.1", "poetry.lock", 3, direct=False, dependency_path=("django", "asgiref"),
              purl="pkg:pypi/asgiref@3.4.1"),
    # The same package in the manifest (unpinned) and the lockfile: one SBOM entry.
    Component("PyPI", "django", "3.2.0", "poetry.lock", 5, purl="pkg:pypi/django@3.2.0"),
    Component("npm", "@acme/ui-kit", "1.4.0", "package-lock.json", 7, purl="pkg:npm/%40acme/ui-kit@1.4.0",
              hashes=("sha512-" + "q" * 86 + "==",), licenses=("not a licence id",), scope="dev"),
]  # fmt: skip


def test_cyclonedx_validates_and_holds_the_graph() -> None:
    document = cyclonedx_json("shop", COMPONENTS)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(document) is None
    bom = json.loads(document)
    assert bom["specVersion"] == "1.6"
    purls = sorted(component["purl"] for component in bom["components"])
    assert purls == ["pkg:npm/%40acme/ui-kit@1.4.0", "pkg:pypi/asgiref@3.4.1", "pkg:pypi/django@3.2.0",
                     "pkg:pypi/sqlparse@0.4.1"]  # fmt: skip
    django = next(c for c in bom["components"] if c["name"] == "django")
    assert django["hashes"] == [{"alg": "SHA-256", "content": "ab" * 32}]
    assert django["licenses"] == [{"expression": "BSD-3-Clause"}]
    edges = {entry["ref"]: sorted(entry.get("dependsOn", [])) for entry in bom["dependencies"]}
    assert edges["pkg:pypi/django@3.2.0"] == ["pkg:pypi/asgiref@3.4.1", "pkg:pypi/sqlparse@0.4.1"]
    assert edges["project:shop"] == ["pkg:npm/%40acme/ui-kit@1.4.0", "pkg:pypi/django@3.2.0"]


def test_spdx_validates_with_spdx_tools(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sbom.spdx.json"
    path.write_text(spdx_json("shop", COMPONENTS))
    document = parse_file(str(path))
    assert validate_full_spdx_document(document) == []
    names = sorted(package.name for package in document.packages)
    assert names == ["@acme/ui-kit", "asgiref", "django", "shop", "sqlparse"]
    raw = json.loads(path.read_text())
    django = next(package for package in raw["packages"] if package["name"] == "django")
    assert django["licenseDeclared"] == "BSD-3-Clause"
    assert django["externalRefs"][0]["referenceLocator"] == "pkg:pypi/django@3.2.0"
    ui_kit = next(package for package in raw["packages"] if package["name"] == "@acme/ui-kit")
    assert ui_kit["licenseDeclared"] == "NOASSERTION"  # an invalid licence id is not passed off as valid
    depends = {
        (r["spdxElementId"], r["relatedSpdxElement"])
        for r in raw["relationships"]
        if r["relationshipType"] == "DEPENDS_ON"
    }
    assert len(depends) == 4  # project → django, project → ui-kit, django → sqlparse, django → asgiref
