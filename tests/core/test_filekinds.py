"""File classification: the exact language and kind tags for real-world paths and file heads."""

from __future__ import annotations

import pytest

from pavedroad.core.filekinds import classify, is_test_path

K8S_DEPLOYMENT = b"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
K8S_LIST_WITH_SEPARATOR = b"# generated\n---\napiVersion: v1\nkind: Service\n"
K8S_JSON = b'{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "data": {}\n}\n'
CFN_YAML = b"AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
CFN_YAML_WITHOUT_VERSION = b"Resources:\n  Queue:\n    Type: 'AWS::SQS::Queue'\n"
CFN_JSON = b'{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}'
PLAIN_YAML = b"name: ci\non: push\nkind: of-a-key\n"
BACKSTAGE_LIKE_NO_KIND = b"apiVersion: v2\nname: web\nversion: 1.0.0\n"

CASES: list[tuple[str, bytes, str | None, set[str]]] = [
    # Source languages by extension, with their family tag.
    ("app/main.py", b"", "python", {"source"}),
    ("web/src/index.ts", b"", "typescript", {"source"}),
    ("web/src/App.tsx", b"", "typescript", {"source"}),
    ("web/server.mjs", b"", "javascript", {"source"}),
    ("cmd/api/main.go", b"", "go", {"source"}),
    ("src/lib.rs", b"", "rust", {"source"}),
    ("src/main/java/com/acme/App.java", b"", "java", {"source"}),
    ("app/build.gradle.kts", b"", "kotlin", {"source", "manifest:gradle"}),
    ("lib/tasks/db.rake", b"", "ruby", {"source"}),
    ("public/index.php", b"", "php", {"source"}),
    ("src/Program.cs", b"", "csharp", {"source"}),
    ("native/crc.c", b"", "c", {"source"}),
    ("native/engine.cpp", b"", "cpp", {"source"}),
    ("Sources/App/main.swift", b"", "swift", {"source"}),
    ("src/main/scala/Main.scala", b"", "scala", {"source"}),
    ("scripts/deploy.sh", b"", "shell", {"source"}),
    ("scripts/Install.PS1", b"", "powershell", {"source"}),
    ("db/migrations/001_init.sql", b"", "sql", {"source"}),
    # Shebangs decide when the name does not.
    ("bin/manage", b"#!/usr/bin/env python3\nimport sys\n", "python", {"source"}),
    ("bin/run", b"#!/usr/bin/env -S python3.12 -u\n", "python", {"source"}),
    ("bin/serve", b"#!/usr/bin/env node\n", "javascript", {"source"}),
    ("hooks/pre-commit", b"#!/bin/bash\nset -e\n", "shell", {"source"}),
    ("bin/unknown", b"#!/usr/bin/env tclsh\n", None, set()),
    ("bin/no-shebang", b"just text\n", None, set()),
    # The name wins over a shebang.
    ("tool.rb", b"#!/usr/bin/env python\n", "ruby", {"source"}),
    # Configuration formats.
    ("config/settings.yaml", PLAIN_YAML, "yaml", {"config"}),
    ("tsconfig.json", b"{}", "json", {"config"}),
    ("setup.cfg", b"", "ini", {"config", "manifest:pypi"}),
    ("src/main/resources/application.properties", b"", "properties", {"config"}),
    ("web.config", b"", "xml", {"config"}),
    ("README.md", b"", "markdown", set()),
    ("logo.png", b"", None, set()),
    ("LICENSE", b"", None, set()),
    # Python manifests and lockfiles.
    ("requirements.txt", b"", None, {"manifest:pypi"}),
    ("requirements-dev.txt", b"", None, {"manifest:pypi"}),
    ("requirements/base.txt", b"", None, {"manifest:pypi"}),
    ("services/api/requirements.in", b"", None, {"manifest:pypi"}),
    ("pyproject.toml", b"", "toml", {"config", "manifest:pypi"}),
    ("setup.py", b"", "python", {"source", "manifest:pypi"}),
    ("Pipfile", b"", "toml", {"config", "manifest:pypi"}),
    ("Pipfile.lock", b"", "json", {"config", "manifest:pypi", "lockfile"}),
    ("poetry.lock", b"", "toml", {"config", "manifest:pypi", "lockfile"}),
    ("uv.lock", b"", "toml", {"config", "manifest:pypi", "lockfile"}),
    ("pdm.lock", b"", "toml", {"config", "manifest:pypi", "lockfile"}),
    # Other ecosystems.
    ("package.json", b"{}", "json", {"config", "manifest:npm"}),
    ("web/package-lock.json", b"", "json", {"config", "manifest:npm", "lockfile"}),
    ("npm-shrinkwrap.json", b"", "json", {"config", "manifest:npm", "lockfile"}),
    ("yarn.lock", b"", None, {"manifest:npm", "lockfile"}),
    ("pnpm-lock.yaml", b"lockfileVersion: '9.0'\n", "yaml", {"config", "manifest:npm", "lockfile"}),
    ("go.mod", b"", None, {"manifest:go"}),
    ("go.sum", b"", None, {"manifest:go", "lockfile"}),
    ("Cargo.toml", b"", "toml", {"config", "manifest:cargo"}),
    ("Cargo.lock", b"", "toml", {"config", "manifest:cargo", "lockfile"}),
    ("Gemfile", b"", "ruby", {"source", "manifest:rubygems"}),
    ("Gemfile.lock", b"", None, {"manifest:rubygems", "lockfile"}),
    ("acme.gemspec", b"", "ruby", {"source", "manifest:rubygems"}),
    ("composer.json", b"{}", "json", {"config", "manifest:composer"}),
    ("composer.lock", b"", "json", {"config", "manifest:composer", "lockfile"}),
    ("pom.xml", b"", "xml", {"config", "manifest:maven"}),
    ("build.gradle", b"", "groovy", {"source", "manifest:gradle"}),
    ("gradle/libs.versions.toml", b"", "toml", {"config", "manifest:gradle"}),
    ("src/Api/Api.csproj", b"", "xml", {"config", "manifest:nuget"}),
    ("packages.lock.json", b"", "json", {"config", "manifest:nuget", "lockfile"}),
    # Containers.
    ("Dockerfile", b"FROM python:3.12\n", "dockerfile", {"dockerfile"}),
    ("dockerfile", b"", "dockerfile", {"dockerfile"}),
    ("build/Dockerfile.prod", b"", "dockerfile", {"dockerfile"}),
    ("images/api.dockerfile", b"", "dockerfile", {"dockerfile"}),
    ("Containerfile", b"", "dockerfile", {"dockerfile"}),
    ("Dockerfile.dockerignore", b"", None, set()),
    ("src/analyzers/dockerfile.py", b"", "python", {"source"}),  # a module about Dockerfiles
    ("docs/Dockerfile.md", b"", "markdown", set()),
    ("docker-compose.yml", b"services: {}\n", "yaml", {"config", "compose"}),
    ("deploy/docker-compose.prod.yaml", b"", "yaml", {"config", "compose"}),
    ("compose.yaml", b"", "yaml", {"config", "compose"}),
    # Infrastructure as code, some by content.
    ("infra/main.tf", b"", "terraform", {"config", "terraform"}),
    ("infra/prod.tfvars", b"", "terraform", {"config", "terraform"}),
    ("infra/main.tf.json", b"{}", "json", {"config", "terraform"}),
    ("deploy/k8s/deployment.yaml", K8S_DEPLOYMENT, "yaml", {"config", "kubernetes"}),
    ("deploy/all.yml", K8S_LIST_WITH_SEPARATOR, "yaml", {"config", "kubernetes"}),
    ("deploy/configmap.json", K8S_JSON, "json", {"config", "kubernetes"}),
    ("deploy/k8s/deployment.yaml", b"", "yaml", {"config"}),
    ("charts/web/Chart.yaml", BACKSTAGE_LIKE_NO_KIND, "yaml", {"config", "helm-chart"}),
    ("charts/web/values.yaml", PLAIN_YAML, "yaml", {"config"}),
    ("cfn/stack.yaml", CFN_YAML, "yaml", {"config", "cloudformation"}),
    ("cfn/queue.yml", CFN_YAML_WITHOUT_VERSION, "yaml", {"config", "cloudformation"}),
    ("cfn/topic.json", CFN_JSON, "json", {"config", "cloudformation"}),
    ("docs/snippet.md", K8S_DEPLOYMENT, "markdown", set()),
    # CI systems.
    (".github/workflows/ci.yml", PLAIN_YAML, "yaml", {"config", "ci:github-actions"}),
    (".github/workflows/release.yaml", b"", "yaml", {"config", "ci:github-actions"}),
    ("docs/.github/workflows/ci.yml", b"", "yaml", {"config"}),
    (".github/actions/setup/action.yml", b"", "yaml", {"config", "ci:github-actions"}),
    (".gitlab-ci.yml", b"", "yaml", {"config", "ci:gitlab"}),
    ("Jenkinsfile", b"", "groovy", {"source", "ci:jenkins"}),
    ("azure-pipelines.yml", b"", "yaml", {"config", "ci:azure-pipelines"}),
    (".circleci/config.yml", b"", "yaml", {"config", "ci:circleci"}),
    ("bitbucket-pipelines.yml", b"", "yaml", {"config", "ci:bitbucket"}),
    # Environment files, owners.
    (".env", b"", "dotenv", {"config", "dotenv"}),
    (".env.production", b"", "dotenv", {"config", "dotenv"}),
    ("config/staging.env", b"", "dotenv", {"config", "dotenv"}),
    (".envrc", b"", "shell", {"source"}),
    ("CODEOWNERS", b"", None, {"codeowners"}),
    (".github/CODEOWNERS", b"", None, {"codeowners"}),
    ("docs/CODEOWNERS", b"", None, {"codeowners"}),
    ("src/CODEOWNERS", b"", None, set()),
    # Tests, minified, vendored and generated code.
    ("tests/test_app.py", b"", "python", {"source", "test"}),
    ("app/test_models.py", b"", "python", {"source", "test"}),
    ("pkg/server/handler_test.go", b"", "go", {"source", "test"}),
    ("web/src/App.spec.ts", b"", "typescript", {"source", "test"}),
    ("web/src/__tests__/util.js", b"", "javascript", {"source", "test"}),
    ("spec/models/user_spec.rb", b"", "ruby", {"source", "test"}),
    ("src/test/java/com/acme/AppTest.java", b"", "java", {"source", "test"}),
    ("src/main/java/com/acme/Latest.java", b"", "java", {"source"}),
    ("internal/testdata/sample.json", b"{}", "json", {"config", "test"}),
    ("web/static/app.min.js", b"", "javascript", {"source", "minified"}),
    ("web/node_modules/left-pad/index.js", b"", "javascript", {"source", "vendored"}),
    ("vendor/github.com/pkg/errors/errors.go", b"", "go", {"source", "vendored"}),
    ("pip/_vendor/requests/api.py", b"", "python", {"source", "vendored"}),  # pip's and setuptools' copies
    ("api/v1/service_pb2.py", b"", "python", {"source", "generated"}),
    ("api/v1/service.pb.go", b"", "go", {"source", "generated"}),
]


@pytest.mark.parametrize(("relpath", "head", "language", "kinds"), CASES, ids=[case[0] for case in CASES])
def test_classify(relpath: str, head: bytes, language: str | None, kinds: set[str]) -> None:
    assert classify(relpath, head) == (language, frozenset(kinds))


def test_only_the_first_four_kilobytes_are_sniffed() -> None:
    late_signature = b"#" + b" padding" * 600 + b"\napiVersion: v1\nkind: Service\n"
    assert classify("deploy/service.yaml", late_signature) == ("yaml", frozenset({"config"}))


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        ("tests/test_config.py", True),
        ("pkg/store/store_test.go", True),
        ("web/src/api.test.ts", True),
        ("fixtures/secrets/bad.env", True),
        ("src/app/contest.py", False),
        ("src/app/config.py", False),
        ("docs/testing.md", False),
    ],
)
def test_is_test_path(relpath: str, expected: bool) -> None:
    assert is_test_path(relpath) is expected
