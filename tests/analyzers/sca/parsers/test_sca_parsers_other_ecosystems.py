"""Go, Rust, Ruby, PHP, Java and .NET manifests and lockfiles."""

from __future__ import annotations

import json

from sca_parser_fixtures import by_name, facts, fixture_bytes, parse_fixture, truncated

from pavedroad.analyzers.sca.parsers import parse_manifest
from pavedroad.core.components import CRATES_IO, GO, MAVEN, NUGET, PACKAGIST, RUBYGEMS, ParseProblem

NO_PATH: tuple[str, ...] = ()


def no_siblings(_: str) -> bytes | None:
    return None


# --- Go ------------------------------------------------------------------------------------


def test_go_mod_requires_indirect_and_replacements() -> None:
    components, problems = parse_fixture("go/go.mod")

    assert problems == []
    assert {(c.name, c.version, c.direct, c.line, c.specifier) for c in components} == {
        ("github.com/gin-gonic/gin", "v1.9.1", True, 6, None),
        # Replaced by a local fork: unpinned, pointing at the replace line.
        ("github.com/golang-jwt/jwt/v4", None, True, 22, "=> ../forks/jwt"),
        ("golang.org/x/crypto", "v0.14.0", True, 8, None),
        ("gopkg.in/yaml.v3", "v3.0.1", True, 9, None),
        ("github.com/bytedance/sonic", "v1.9.1", False, 13, None),
        ("github.com/gin-contrib/sse", "v0.1.0", False, 14, None),
        # Replaced by another version: what the build uses.
        ("golang.org/x/net", "v0.19.0", False, 20, None),
        ("golang.org/x/sys", "v0.13.0", False, 16, None),
    }
    assert all(c.ecosystem == GO and c.dependency_path == NO_PATH for c in components)
    assert by_name(components, "github.com/gin-gonic/gin").purl == "pkg:golang/github.com/gin-gonic/gin@v1.9.1"


def test_go_sum_modules_with_code_hashes_and_direct_from_go_mod() -> None:
    components, problems = parse_fixture("go/go.sum")

    assert problems == []
    assert {(c.name, c.version, c.direct) for c in components} == {
        ("github.com/bytedance/sonic", "v1.9.1", False),
        ("github.com/gin-contrib/sse", "v0.1.0", False),
        ("github.com/gin-gonic/gin", "v1.9.1", True),
        ("golang.org/x/crypto", "v0.14.0", True),
        ("golang.org/x/net", "v0.19.0", False),
        ("golang.org/x/sys", "v0.13.0", False),
        ("gopkg.in/yaml.v3", "v3.0.1", True),
    }
    sonic = by_name(components, "github.com/bytedance/sonic")
    assert sonic.line == 1
    assert len(sonic.hashes) == 1 and sonic.hashes[0].startswith("h1:")


def test_go_mod_bad_lines_are_reported_and_the_rest_read() -> None:
    data = (
        b"module example.com/app\n\ngo 1.22\n\n"
        b"require (\n\texample.com/ok v1.0.0\n\texample.com/bad v1.2\n\texample.com/half\n)\n"
        b"replcae example.com/x => example.com/y v1.0.0\n"
    )
    components, problems = parse_manifest("svc/go.mod", data, no_siblings)

    assert {(c.name, c.version) for c in components} == {("example.com/ok", "v1.0.0"), ("example.com/bad", "v1.2")}
    assert sorted((p.path, p.line) for p in problems) == [("svc/go.mod", 7), ("svc/go.mod", 8), ("svc/go.mod", 10)]
    assert any("'v1.2'" in p.message for p in problems)


# --- Rust ----------------------------------------------------------------------------------


def test_cargo_lock_graph_from_the_workspace_crate() -> None:
    components, problems = parse_fixture("cargo/Cargo.lock")

    assert problems == []
    assert facts(components) == {
        ("clap", "2.34.0", True, ("clap",), None),
        ("serde", "1.0.188", True, ("serde",), None),
        ("tokio", "1.32.0", True, ("tokio",), None),
        ("bitflags", "1.3.2", False, ("clap", "bitflags"), None),
        ("textwrap", "0.11.0", False, ("clap", "textwrap"), None),
        ("serde_derive", "1.0.188", False, ("serde", "serde_derive"), None),
        ("bitflags", "2.4.0", False, ("tokio", "bitflags"), None),
        ("num-traits", "0.2.16", False, ("tokio", "num-traits"), None),
        ("autocfg", "1.1.0", False, ("tokio", "num-traits", "autocfg"), None),
    }
    clap = by_name(components, "clap")
    assert clap.line == 24
    assert clap.purl == "pkg:cargo/clap@2.34.0"
    assert clap.hashes[0].startswith("sha256:") and len(clap.hashes[0]) == 71
    assert clap.dependencies == ("bitflags", "textwrap")
    assert all(c.ecosystem == CRATES_IO for c in components)


def test_cargo_lock_v1_metadata_checksums_and_source_suffixes() -> None:
    data = b"""[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "itoa 0.4.8 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "itoa"
version = "0.4.8"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum itoa 0.4.8 (registry+https://github.com/rust-lang/crates.io-index)" = "CHECKSUM"
""".replace(b"CHECKSUM", b"b71991ff56294aa922b450139ee08b3bfc70982c6b2c7562771375cf73542dd4")
    [component], problems = parse_manifest("Cargo.lock", data, no_siblings)

    assert problems == []
    assert (component.name, component.version, component.direct, component.hashes) == (
        "itoa",
        "0.4.8",
        True,
        ("sha256:b71991ff56294aa922b450139ee08b3bfc70982c6b2c7562771375cf73542dd4",),
    )


def test_cargo_lock_unknown_version_and_bad_version() -> None:
    data = fixture_bytes("cargo/Cargo.lock").replace(b"version = 3\n", b"version = 9\n", 1)
    data = data.replace(b'name = "textwrap"\nversion = "0.11.0"', b'name = "textwrap"\nversion = "0.11"')
    components, problems = parse_fixture("cargo/Cargo.lock", data=data)

    assert [(p.path, p.line) for p in problems] == [("Cargo.lock", 1), ("Cargo.lock", 67)]
    assert len(components) == 9


def test_truncated_cargo_lock() -> None:
    whole = fixture_bytes("cargo/Cargo.lock")
    data = whole[: whole.index(b'name = "serde"') + 10]
    components, problems = parse_fixture("cargo/Cargo.lock", data=data)

    assert len(problems) == 1 and problems[0].message.startswith("invalid TOML")
    assert {c.name for c in components} == {"autocfg", "bitflags", "clap", "num-traits"}


# --- Ruby ------------------------------------------------------------------------------------


def test_gemfile_lock_specs_nesting_paths_and_direct() -> None:
    components, problems = parse_fixture("ruby/Gemfile.lock")

    assert problems == []
    assert facts(components) == {
        ("devise", "4.9.2", True, ("devise",), None),
        ("nokogiri", "1.14.2", True, ("nokogiri",), None),
        ("railties", "7.0.4", True, ("railties",), None),
        ("rspec-core", "3.12.1", True, ("rspec-core",), None),
        # Needed by the project's own engine (a PATH gem): direct too.
        ("money", "6.16.0", True, ("money",), None),
        ("bcrypt", "3.1.18", False, ("devise", "bcrypt"), None),
        ("racc", "1.6.2", False, ("nokogiri", "racc"), None),
        ("actionpack", "7.0.4", False, ("railties", "actionpack"), None),
        ("rack", "2.2.6.2", False, ("railties", "actionpack", "rack"), None),
        ("i18n", "1.12.0", False, ("money", "i18n"), None),
        ("concurrent-ruby", "1.1.10", False, ("money", "i18n", "concurrent-ruby"), None),
    }
    assert by_name(components, "devise").line == 6
    assert by_name(components, "money").line == 25
    assert by_name(components, "nokogiri").purl == "pkg:gem/nokogiri@1.14.2"
    assert len(by_name(components, "nokogiri").hashes) == 2
    assert by_name(components, "actionpack").hashes[0].startswith("sha256:")
    assert all(c.ecosystem == RUBYGEMS for c in components)


def test_gemfile_lock_bad_spec_line_is_reported() -> None:
    data = fixture_bytes("ruby/Gemfile.lock").replace(b"    bcrypt (3.1.18)\n", b"    bcrypt 3.1.18\n")
    components, problems = parse_fixture("ruby/Gemfile.lock", data=data)

    assert [(p.path, p.line) for p in problems] == [("Gemfile.lock", 21)]
    assert len(components) == 10


# --- PHP ---------------------------------------------------------------------------------------


def test_composer_lock_packages_dev_graph_and_direct_from_composer_json() -> None:
    components, problems = parse_fixture("composer/composer.lock")

    assert problems == []
    assert facts(components) == {
        ("guzzlehttp/guzzle", "7.5.0", True, ("guzzlehttp/guzzle",), None),
        ("guzzlehttp/promises", "1.5.2", False, ("guzzlehttp/guzzle", "guzzlehttp/promises"), None),
        ("guzzlehttp/psr7", "2.4.3", False, ("guzzlehttp/guzzle", "guzzlehttp/psr7"), None),
        ("psr/http-client", "1.0.1", False, ("guzzlehttp/guzzle", "psr/http-client"), None),
        ("psr/http-message", "1.0.1", False, ("guzzlehttp/guzzle", "guzzlehttp/psr7", "psr/http-message"), None),
        ("monolog/monolog", "3.3.1", True, ("monolog/monolog",), None),
        ("psr/log", "3.0.0", False, ("monolog/monolog", "psr/log"), None),
        ("phpunit/phpunit", "10.0.14", True, ("phpunit/phpunit",), "dev"),
        ("sebastian/diff", "5.0.0", False, ("phpunit/phpunit", "sebastian/diff"), "dev"),
    }
    guzzle = by_name(components, "guzzlehttp/guzzle")
    assert guzzle.purl == "pkg:composer/guzzlehttp/guzzle@7.5.0"
    assert guzzle.licenses == ("MIT",)
    assert len(guzzle.hashes) == 1 and guzzle.hashes[0].startswith("sha1:")
    assert by_name(components, "psr/log").hashes == ()  # an empty shasum is no hash
    assert by_name(components, "guzzlehttp/psr7").line == 60
    assert by_name(components, "sebastian/diff").line == 204
    assert all(c.ecosystem == PACKAGIST for c in components)


def test_composer_lock_without_composer_json_marks_nothing_direct() -> None:
    components, _ = parse_fixture("composer/composer.lock", siblings=False)

    assert not any(c.direct for c in components)
    assert all(c.dependency_path == NO_PATH for c in components)


def test_truncated_composer_lock() -> None:
    data = truncated("composer/composer.lock", 0.3)
    components, problems = parse_fixture("composer/composer.lock", data=data)

    assert components == []
    assert [(p.path, p.line) for p in problems] == [("composer.lock", data.count(b"\n") + 1)]


# --- Java ---------------------------------------------------------------------------------------


def test_pom_properties_management_and_scopes() -> None:
    components, problems = parse_fixture("maven/pom.xml")

    assert problems == []
    assert {(c.name, c.version, c.specifier, c.scope) for c in components} == {
        ("org.apache.logging.log4j:log4j-core", "2.14.1", None, None),
        ("com.fasterxml.jackson.core:jackson-databind", "2.13.2", None, None),
        ("org.junit.jupiter:junit-jupiter", "5.8.2", None, "dev"),
        ("javax.servlet:javax.servlet-api", "4.0.1", None, "peer"),
        ("com.example.shop:shop-common", "1.4.0", None, None),
        ("com.google.guava:guava", None, "[30.0-jre,32.0-jre)", "optional"),
    }
    assert all(c.direct and c.ecosystem == MAVEN for c in components)
    log4j = by_name(components, "org.apache.logging.log4j:log4j-core")
    assert log4j.purl == "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
    assert log4j.line == 44
    # Declared twice (managed, then used): the line is the use.
    assert by_name(components, "com.fasterxml.jackson.core:jackson-databind").line == 49


def test_child_pom_inherits_parent_properties_and_management() -> None:
    components, problems = parse_fixture("maven/service/pom.xml")

    assert problems == []
    assert {(c.name, c.version) for c in components} == {
        # The parent manages jackson-databind at ${jackson.version}; the child overrides the property.
        ("com.fasterxml.jackson.core:jackson-databind", "2.13.4"),
        ("org.apache.logging.log4j:log4j-api", "2.14.1"),
    }


def test_unresolvable_pom_property_is_reported_and_left_unpinned() -> None:
    unresolvable = (
        b"    <dependency>\n      <groupId>io.example</groupId>\n      <artifactId>metrics-client</artifactId>\n"
        b"      <version>${metrics.version}</version>\n    </dependency>\n  </dependencies>"
    )
    data = fixture_bytes("maven/service/pom.xml").replace(b"  </dependencies>", unresolvable)
    components, problems = parse_fixture("maven/service/pom.xml", data=data)

    assert by_name(components, "io.example:metrics-client").specifier == "${metrics.version}"
    assert by_name(components, "io.example:metrics-client").version is None
    assert len(components) == 3
    message = "cannot resolve '${metrics.version}' for io.example:metrics-client"
    assert problems == [ParseProblem("service/pom.xml", message, 33)]


def test_pom_with_a_doctype_is_refused() -> None:
    data = b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n<project><dependencies/></project>\n'
    components, problems = parse_manifest("pom.xml", data, no_siblings)

    assert components == []
    assert len(problems) == 1 and "DOCTYPE" in problems[0].message


def test_malformed_pom_names_its_line() -> None:
    data = fixture_bytes("maven/pom.xml").replace(b"</version>\n    </dependency>", b"</versoin>\n    </dependency>", 1)
    components, problems = parse_fixture("maven/pom.xml", data=data)

    assert components == []
    assert [(p.path, p.line) for p in problems] == [("pom.xml", 45)]


def test_gradle_lockfile_modules_and_test_only_configurations() -> None:
    components, problems = parse_fixture("gradle/gradle.lockfile")

    assert problems == []
    assert facts(components) == {
        ("com.fasterxml.jackson.core:jackson-annotations", "2.13.2", False, NO_PATH, None),
        ("com.fasterxml.jackson.core:jackson-databind", "2.13.2.2", False, NO_PATH, None),
        ("org.apache.logging.log4j:log4j-api", "2.17.1", False, NO_PATH, None),
        ("org.junit.jupiter:junit-jupiter-api", "5.8.2", False, NO_PATH, "dev"),
        ("org.opentest4j:opentest4j", "1.2.0", False, NO_PATH, "dev"),
    }
    assert by_name(components, "org.apache.logging.log4j:log4j-api").line == 6


# --- .NET -----------------------------------------------------------------------------------


def test_packages_lock_json_merges_frameworks_with_graph() -> None:
    components, problems = parse_fixture("dotnet/Shop.Api/packages.lock.json")

    assert problems == []
    logging = "Microsoft.Extensions.Logging"
    injection = "Microsoft.Extensions.DependencyInjection"
    assert facts(components) == {
        (logging, "6.0.0", True, (logging,), None),
        (injection, "6.0.0", False, (logging, injection), None),
        (f"{injection}.Abstractions", "6.0.0", False, (logging, injection, f"{injection}.Abstractions"), None),
        (f"{logging}.Abstractions", "6.0.0", False, (logging, f"{logging}.Abstractions"), None),
        ("Newtonsoft.Json", "12.0.3", True, ("Newtonsoft.Json",), None),
        ("Serilog", "2.10.0", True, ("Serilog",), None),
        ("Serilog.Sinks.Console", "4.0.1", True, ("Serilog.Sinks.Console",), None),
        ("System.Text.Json", "7.0.0", True, ("System.Text.Json",), None),
    }
    newtonsoft = by_name(components, "Newtonsoft.Json")
    assert newtonsoft.purl == "pkg:nuget/Newtonsoft.Json@12.0.3"
    assert newtonsoft.hashes[0].startswith("sha512-")
    assert by_name(components, "Serilog.Sinks.Console").dependencies == ("Serilog",)
    assert all(c.ecosystem == NUGET for c in components)


def test_csproj_package_references_with_properties() -> None:
    components, problems = parse_fixture("dotnet/Shop.Api/Shop.Api.csproj")

    assert problems == []
    assert {(c.name, c.version, c.specifier, c.scope, c.line) for c in components} == {
        ("Newtonsoft.Json", "12.0.3", "12.0.3", None, 11),
        ("Serilog", "2.10.0", "2.10.0", None, 12),
        ("Swashbuckle.AspNetCore", None, "6.2.*", None, 13),
        ("Microsoft.EntityFrameworkCore.Design", "6.0.5", "6.0.5", "dev", 14),
    }
    assert all(c.direct and c.dependency_path == NO_PATH and c.ecosystem == NUGET for c in components)


def test_csproj_central_package_management() -> None:
    components, problems = parse_fixture("dotnet/cpm/src/Worker/Worker.csproj")

    assert problems == []
    assert {(c.name, c.version) for c in components} == {("Polly", "7.2.3"), ("Dapper", "2.0.78")}


def test_packages_config_and_unknown_lock_version() -> None:
    config = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<packages>\n'
        b'  <package id="jQuery" version="3.4.1" targetFramework="net48" />\n'
        b'  <package id="StyleCop.Analyzers" version="1.1.118" developmentDependency="true" />\n'
        b"</packages>\n"
    )
    components, problems = parse_manifest("Web/packages.config", config, no_siblings)
    assert problems == []
    assert {(c.name, c.version, c.scope, c.line) for c in components} == {
        ("jQuery", "3.4.1", None, 3),
        ("StyleCop.Analyzers", "1.1.118", "dev", 4),
    }

    lock = json.loads(fixture_bytes("dotnet/Shop.Api/packages.lock.json"))
    lock["version"] = 3
    components, problems = parse_fixture("dotnet/Shop.Api/packages.lock.json", data=json.dumps(lock).encode())
    assert [(p.path, p.line) for p in problems] == [("Shop.Api/packages.lock.json", 1)]
    assert len(components) == 8
