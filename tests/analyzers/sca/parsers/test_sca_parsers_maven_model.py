"""Maven profiles active by default and BOM imports resolved inside a multi-module project."""

from __future__ import annotations

from pathlib import Path

from maven_reactor import LEDGER_POM, PLATFORM_BOM_POM, write_reactor
from sca_parser_fixtures import Parsed, sibling_reader

from pavedroad.analyzers.sca.parsers import parse_manifest
from pavedroad.core.components import ParseProblem

MICROMETER = """    <dependency>
      <groupId>io.micrometer</groupId>
      <artifactId>micrometer-core</artifactId>
    </dependency>
  </dependencies>

  <profiles>"""


def _parse(root: Path, relpath: str = "ledger/pom.xml") -> Parsed:
    return parse_manifest(relpath, (root / relpath).read_bytes(), sibling_reader(root))


def _facts(parsed: Parsed) -> set[tuple[str, str | None, str | None, int | None]]:
    return {(c.name, c.version, c.scope, c.line) for c in parsed[0]}


def test_bom_versions_and_active_profile_are_applied(tmp_path: Path) -> None:
    parsed = _parse(write_reactor(tmp_path))

    assert parsed[1] == []
    assert _facts(parsed) == {
        # Managed by the platform BOM module, its own ${netty.version} filled from the BOM's properties.
        ("io.netty:netty-handler", "4.1.77.Final", None, 35),
        ("org.yaml:snakeyaml", "1.30", None, 39),
        # Its own version wins over the BOM's 1.9.
        ("org.apache.commons:commons-text", "1.10.0", None, 43),
        # ${h2.version} comes from the profile active by default.
        ("com.h2database:h2", "2.1.210", "dev", 49),
        # The active profile's dependency is included; the inactive "oracle" profile's ojdbc8 is not.
        ("org.postgresql:postgresql", "42.3.3", None, 67),
    }


def test_a_directly_managed_version_wins_over_the_bom(tmp_path: Path) -> None:
    pinned = LEDGER_POM.replace(
        "  <dependencyManagement>\n    <dependencies>\n",
        "  <dependencyManagement>\n    <dependencies>\n      <dependency>\n        <groupId>org.yaml</groupId>\n"
        "        <artifactId>snakeyaml</artifactId>\n        <version>2.0</version>\n      </dependency>\n",
        1,
    )
    parsed = _parse(write_reactor(tmp_path, {"ledger/pom.xml": pinned}))

    assert parsed[1] == []
    assert ("org.yaml:snakeyaml", "2.0", None, 44) in _facts(parsed)


def test_a_version_only_a_missing_bom_could_give_is_a_note_naming_pom_and_bom(tmp_path: Path) -> None:
    ledger = LEDGER_POM.replace("  </dependencies>\n\n  <profiles>", MICROMETER, 1)
    parsed = _parse(write_reactor(tmp_path, {"ledger/pom.xml": ledger}))

    micrometer = [c for c in parsed[0] if c.name == "io.micrometer:micrometer-core"]
    assert [(c.version, c.specifier) for c in micrometer] == [(None, None)]  # unpinned, never guessed
    assert parsed[1] == [
        ParseProblem(
            "ledger/pom.xml",
            "no version for io.micrometer:micrometer-core: it may come from BOM "
            "org.springframework.boot:spring-boot-dependencies:2.7.0 imported in ledger/pom.xml, "
            "which is not in the scan",
            55,
            note=True,  # something to know, not a file that could not be read: no exit code 2
        )
    ]


def test_bom_outside_the_scanned_tree_leaves_its_versions_unknown(tmp_path: Path) -> None:
    write_reactor(tmp_path)
    (tmp_path / "platform-bom" / "pom.xml").unlink()
    components, problems = _parse(tmp_path)

    netty = next(c for c in components if c.name == "io.netty:netty-handler")
    assert netty.version is None
    local = "com.example.bank:platform-bom:3.1.0"
    spring = "org.springframework.boot:spring-boot-dependencies:2.7.0"
    assert [(p.line, p.message) for p in problems] == [
        (
            line,
            f"no version for {name}: it may come from BOM {bom} imported in ledger/pom.xml, which is not in the scan",
        )
        for line, name in ((35, "io.netty:netty-handler"), (39, "org.yaml:snakeyaml"))
        for bom in (local, spring)
    ]
    assert all(problem.note for problem in problems)


def test_bom_with_a_different_version_is_not_taken(tmp_path: Path) -> None:
    other = PLATFORM_BOM_POM.replace(
        "<artifactId>platform-bom</artifactId>", "<artifactId>platform-bom</artifactId>\n  <version>4.0.0</version>"
    )
    components, problems = _parse(write_reactor(tmp_path, {"platform-bom/pom.xml": other}))

    assert next(c for c in components if c.name == "org.yaml:snakeyaml").version is None
    assert {p.message.split(":")[0] for p in problems} == {"no version for org.yaml", "no version for io.netty"}


def test_profile_not_active_by_default_adds_nothing(tmp_path: Path) -> None:
    inactive = LEDGER_POM.replace("<activeByDefault>true</activeByDefault>", "<activeByDefault>false</activeByDefault>")
    components, problems = _parse(write_reactor(tmp_path, {"ledger/pom.xml": inactive}))

    assert "org.postgresql:postgresql" not in {c.name for c in components}
    h2 = next(c for c in components if c.name == "com.h2database:h2")
    assert (h2.version, h2.specifier) == (None, "${h2.version}")
    assert problems == [ParseProblem("ledger/pom.xml", "cannot resolve '${h2.version}' for com.h2database:h2", 49)]


def test_a_missing_bom_is_a_warning_of_the_scan_not_a_scanner_error(tmp_path: Path) -> None:
    from helpers import scan_json

    write_reactor(tmp_path)
    (tmp_path / "platform-bom" / "pom.xml").unlink()
    code, document = scan_json(str(tmp_path), "--analyzers", "sca")
    assert code == 0 and document["errors"] == []
    assert any("which is not in the scan" in warning["message"] for warning in document["warnings"])
