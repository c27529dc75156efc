"""A POM's effective model, as far as the scanned tree holds it: parents, active profiles, imported BOMs.

Maven builds the versions a POM uses from its parent chain, its active profiles and the BOMs
its `<dependencyManagement>` imports (`<scope>import</scope><type>pom</type>`). Here:

- parents are followed where the scan holds them (`<relativePath>`, by default ../pom.xml),
  with coordinates that match what the child names;
- profiles with `<activation><activeByDefault>true` count; others are inactive (their
  triggers — a JDK, an OS, a `-P` flag — are facts of a build, not of the source tree);
- an imported BOM is resolved when it is a module of the reactor in the scan (found through
  the `<modules>` of the POM's parents and of the directory above); its managed versions are
  interpolated with its own properties. Directly managed versions win over imported ones, and
  the first import wins among imports, as in Maven. A BOM not in the scan is recorded so
  that a version it would have supplied is reported as unknown, never guessed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field

from pavedroad.analyzers.sca.parsers._source import ManifestError, ManifestFile
from pavedroad.analyzers.sca.parsers._xml import child, child_text, local_tag, parse_xml

MAX_PARENT_DEPTH = 5
MAX_IMPORT_DEPTH = 5
MAX_REACTOR_POMS = 500
MAX_INTERPOLATION_PASSES = 10

_PROPERTY = re.compile(r"\$\{([^}]+)\}")


@dataclass(slots=True)
class Pom:
    """One POM read from the scan."""

    path: str
    root: ElementTree.Element


@dataclass(slots=True)
class EffectiveModel:
    """What a POM's dependencies resolve against.

    `managed` maps `group:artifact` to its version: raw for the POM's own chain (interpolated
    later with the POM's properties), already interpolated for entries a BOM supplied.
    `missing_boms` are the imports not in the scan, as (importing POM path, coordinates).
    """

    properties: dict[str, str] = field(default_factory=dict)
    managed: dict[str, str] = field(default_factory=dict)
    imported: set[str] = field(default_factory=set)
    missing_boms: list[tuple[str, str]] = field(default_factory=list)


def interpolate(value: str, properties: dict[str, str]) -> str:
    """`${name}` references filled from `properties`; unknown ones left as they are."""
    for _ in range(MAX_INTERPOLATION_PASSES):
        replaced = _PROPERTY.sub(lambda match: properties.get(match.group(1), match.group(0)), value)
        if replaced == value:
            break
        value = replaced
    return value


def has_property_reference(value: str) -> bool:
    """Whether `value` still holds a `${...}` reference."""
    return _PROPERTY.search(value) is not None


def active_profiles(root: ElementTree.Element) -> list[ElementTree.Element]:
    """The `<profile>`s active by default."""
    return [
        profile
        for profile in child(root, "profiles") or []
        if local_tag(profile) == "profile"
        and (child_text(child(profile, "activation"), "activeByDefault") or "").lower() == "true"
    ]


def sections(root: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    """The POM's own `<name>` element and those of its active profiles (profiles apply after the POM)."""
    found = [child(holder, name) for holder in (root, *active_profiles(root))]
    return [element for element in found if element is not None]


class ModelBuilder:
    """Effective models of the POM being parsed and of the BOMs it imports; reads go through `file`."""

    def __init__(self, file: ManifestFile) -> None:
        self.file = file
        self._reactor: list[Pom] | None = None

    def model(self, pom: Pom, depth: int = 0) -> EffectiveModel:
        """The properties and managed versions of `pom`, parents, profiles and BOMs applied."""
        chain = self.chain(pom)
        model = EffectiveModel(properties=self.properties(pom))
        imports: list[tuple[Pom, ElementTree.Element]] = []
        for member in reversed(chain):
            for block in sections(member.root, "dependencyManagement"):
                for element in child(block, "dependencies") or []:
                    if _is_import(element):
                        imports.append((member, element))
                    elif coordinate := _versioned(element):
                        model.managed[coordinate[0]] = coordinate[1]
        for member, element in imports:
            self._import(model, member, element, depth)
        return model

    def chain(self, pom: Pom) -> list[Pom]:
        """`pom` and the parents the scan holds, child first."""
        chain = [pom]
        seen = {pom.path}
        while len(chain) <= MAX_PARENT_DEPTH:
            current = chain[-1]
            parent = child(current.root, "parent")
            if parent is None:
                break
            relative = child_text(parent, "relativePath") or "../pom.xml"
            found = self._read(current.path, relative if relative.endswith(".xml") else f"{relative}/pom.xml")
            if found is None or found.path in seen:
                break
            wanted = (child_text(parent, "groupId"), child_text(parent, "artifactId"))
            if _group_and_artifact(found.root) != wanted:
                break
            seen.add(found.path)
            chain.append(found)
        return chain

    def _import(self, model: EffectiveModel, importer: Pom, element: ElementTree.Element, depth: int) -> None:
        tags = ("groupId", "artifactId", "version")
        group, artifact, version = (interpolate(child_text(element, tag) or "", model.properties) for tag in tags)
        coordinates = f"{group}:{artifact}:{version}"
        bom = self._find_in_reactor(group, artifact, version) if depth < MAX_IMPORT_DEPTH else None
        if bom is None:
            model.missing_boms.append((importer.path, coordinates))
            return
        imported = self.model(bom, depth + 1)
        model.missing_boms.extend(imported.missing_boms)
        for name, raw in imported.managed.items():
            if name not in model.managed:
                model.managed[name] = interpolate(raw, imported.properties) if name not in imported.imported else raw
                model.imported.add(name)

    def _find_in_reactor(self, group: str, artifact: str, version: str) -> Pom | None:
        for pom in self._reactor_poms():
            coordinates = _coordinates(pom.root)
            if (coordinates.get("project.groupId"), coordinates.get("project.artifactId")) != (group, artifact):
                continue
            if interpolate(coordinates.get("project.version", ""), self.properties(pom)) == version:
                return pom
        return None

    def properties(self, pom: Pom) -> dict[str, str]:
        """The properties of `pom`, its parents' and its active profiles'; the child's win."""
        properties: dict[str, str] = {}
        for member in reversed(self.chain(pom)):
            properties.update(_coordinates(member.root))
            for block in sections(member.root, "properties"):
                properties.update({local_tag(e): (e.text or "").strip() for e in block})
        return properties

    def _reactor_poms(self) -> list[Pom]:
        """The POMs reachable through `<modules>` from the parsed POM's parents and the directory above."""
        if self._reactor is None:
            start = Pom(self.file.path, parse_xml(self.file.text))
            roots = self.chain(start)
            above = self._read(self.file.path, "../pom.xml")
            if above is not None:
                roots.append(above)
            self._reactor = list(self._walk_modules(roots))
        return self._reactor

    def _walk_modules(self, roots: list[Pom]) -> Iterator[Pom]:
        queue = list(roots)
        seen = {pom.path for pom in roots}
        while queue and len(seen) <= MAX_REACTOR_POMS:
            pom = queue.pop(0)
            yield pom
            for block in sections(pom.root, "modules"):
                for module in block:
                    name = (module.text or "").strip()
                    found = self._read(pom.path, name if name.endswith(".xml") else f"{name}/pom.xml") if name else None
                    if found is not None and found.path not in seen:
                        seen.add(found.path)
                        queue.append(found)

    def _read(self, from_path: str, relative: str) -> Pom | None:
        found = self.file.derived(from_path, "").read_relative(relative)
        if found is None:
            return None
        try:
            return Pom(found[0], parse_xml(found[1]))
        except ManifestError:
            return None  # that POM reports its own syntax error when it is parsed


def _is_import(element: ElementTree.Element) -> bool:
    return (child_text(element, "scope") or "") == "import" and (child_text(element, "type") or "") == "pom"


def _versioned(element: ElementTree.Element) -> tuple[str, str] | None:
    group, artifact, version = (child_text(element, tag) for tag in ("groupId", "artifactId", "version"))
    return (f"{group}:{artifact}", version) if group and artifact and version else None


def _group_and_artifact(root: ElementTree.Element) -> tuple[str | None, str | None]:
    return child_text(root, "groupId") or child_text(child(root, "parent"), "groupId"), child_text(root, "artifactId")


def _coordinates(root: ElementTree.Element) -> dict[str, str]:
    parent = child(root, "parent")
    values = {
        "project.groupId": child_text(root, "groupId") or child_text(parent, "groupId"),
        "project.artifactId": child_text(root, "artifactId"),
        "project.version": child_text(root, "version") or child_text(parent, "version"),
        "project.parent.groupId": child_text(parent, "groupId"),
        "project.parent.version": child_text(parent, "version"),
    }
    aliases = {f"pom.{key[8:]}": value for key, value in values.items()}
    return {key: value for key, value in {**values, **aliases, "version": values["project.version"]}.items() if value}
