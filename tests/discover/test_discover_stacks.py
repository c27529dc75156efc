"""Frameworks, data stores, clouds and images recognised across ecosystems and file formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from discover_repos import RepoFactory

from pavedroad.discover import Inventory, build_inventory
from pavedroad.discover.model import Detection, Manifest
from pavedroad.discover.walk import walk_repository


def inventory_of(root: Path) -> Inventory:
    return build_inventory(root, walk_repository(root).files)


def summary(detections: tuple[Detection, ...]) -> dict[str, list[tuple[str, int | None, str]]]:
    return {item.name: [(e.path, e.line, e.detail) for e in item.evidence] for item in detections}


PYPROJECT = """\
[project]
name = "svc"
dependencies = ["FastAPI>=0.110", "SQLAlchemy[asyncio]~=2.0", "asyncpg; python_version >= '3.11'"]

[project.optional-dependencies]
cache = ["redis>=5"]

[dependency-groups]
dev = ["pytest", {include-group = "lint"}]

[tool.poetry.dependencies]
python = "^3.11"
Django = "^5"
"""

POM = """\
<project>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.0</version>
  </parent>
  <dependencies>
    <dependency>
      <groupId>org.postgresql</groupId>
      <artifactId>postgresql</artifactId>
    </dependency>
  </dependencies>
</project>
"""

GO_MOD = """\
module github.com/acme/api

go 1.22

require github.com/lib/pq v1.10.9

require (
\tgithub.com/gin-gonic/gin v1.10.0
\tgithub.com/redis/go-redis/v9 v9.5.1 // indirect
)

replace github.com/labstack/echo/v4 => ../echo
"""

ECOSYSTEM_CASES = [
    pytest.param(
        {"pyproject.toml": PYPROJECT},
        {"fastapi": [("pyproject.toml", None, "fastapi")], "django": [("pyproject.toml", None, "django")]},
        {
            "postgresql": [("pyproject.toml", None, "asyncpg")],
            "redis": [("pyproject.toml", None, "redis")],
            "sql": [("pyproject.toml", None, "sqlalchemy")],
        },
        id="pyproject",
    ),
    pytest.param(
        {"Pipfile": '[packages]\nflask = "*"\n\n[dev-packages]\npymongo = "*"\n'},
        {"flask": [("Pipfile", None, "flask")]},
        {"mongodb": [("Pipfile", None, "pymongo")]},
        id="pipfile",
    ),
    pytest.param(
        {"setup.cfg": "[metadata]\nname = svc\n\n[options]\ninstall_requires =\n    Flask>=3\n    PyMySQL\n"},
        {"flask": [("setup.cfg", None, "flask")]},
        {"mysql": [("setup.cfg", None, "pymysql")]},
        id="setup.cfg",
    ),
    pytest.param(
        {"setup.py": 'from setuptools import setup\n\nsetup(\n'
                     '    install_requires=["tornado>=6", "pymongo"],\n)\n'},
        {"tornado": [("setup.py", 4, "tornado")]},
        {"mongodb": [("setup.py", 4, "pymongo")]},
        id="setup.py",
    ),
    pytest.param(
        {"web/package.json": '{"dependencies": {"next": "14", "react": "18", "ioredis": "5"},'
                             ' "devDependencies": {"mongoose": "8"}}'},
        {"next": [("web/package.json", None, "next")], "react": [("web/package.json", None, "react")]},
        {
            "mongodb": [("web/package.json", None, "mongoose")],
            "redis": [("web/package.json", None, "ioredis")],
        },
        id="package.json",
    ),
    pytest.param(
        {"pom.xml": POM},
        {"spring-boot": [("pom.xml", 2, "org.springframework.boot:spring-boot-starter-parent")]},
        {"postgresql": [("pom.xml", 8, "org.postgresql:postgresql")]},
        id="pom.xml",
    ),
    pytest.param(
        {"build.gradle.kts": 'plugins {\n    id("org.springframework.boot") version "3.3.0"\n}\n'
                             'dependencies {\n    implementation("redis.clients:jedis:5.1.0")\n}\n'},
        {"spring-boot": [("build.gradle.kts", 2, "org.springframework.boot")]},
        {"redis": [("build.gradle.kts", 5, "redis.clients:jedis")]},
        id="gradle",
    ),
    pytest.param(
        {"go.mod": GO_MOD},
        {"gin": [("go.mod", 8, "github.com/gin-gonic/gin")]},
        {
            "postgresql": [("go.mod", 5, "github.com/lib/pq")],
            "redis": [("go.mod", 9, "github.com/redis/go-redis/v9")],
        },
        id="go.mod",
    ),
    pytest.param(
        {"Gemfile": "source 'https://rubygems.org'\n\ngem 'rails', '~> 7.1'\ngem \"pg\"\n"},
        {"rails": [("Gemfile", 3, "rails")]},
        {"postgresql": [("Gemfile", 4, "pg")]},
        id="Gemfile",
    ),
    pytest.param(
        {"Cargo.toml": '[package]\nname = "api"\n\n[dependencies]\naxum = "0.7"\n'
                       'sqlx = { version = "0.7" }\n'},
        {"axum": [("Cargo.toml", None, "axum")]},
        {"sql": [("Cargo.toml", None, "sqlx")]},
        id="Cargo.toml",
    ),
    pytest.param(
        {"composer.json": '{"require": {"php": "^8.2", "laravel/framework": "^11", "predis/predis": "^2"}}'},
        {"laravel": [("composer.json", None, "laravel/framework")]},
        {"redis": [("composer.json", None, "predis/predis")]},
        id="composer.json",
    ),
    pytest.param(
        {"src/Api/Api.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n'
                               '    <PackageReference Include="Npgsql" Version="8.0.3" />\n'
                               "  </ItemGroup>\n</Project>\n"},
        {"aspnet-core": [("src/Api/Api.csproj", 1, "Microsoft.NET.Sdk.Web")]},
        {"postgresql": [("src/Api/Api.csproj", 3, "Npgsql")]},
        id="csproj",
    ),
]


@pytest.mark.parametrize(("files", "frameworks", "data_stores"), ECOSYSTEM_CASES)
def test_frameworks_and_data_stores_per_ecosystem(
    make_repo: RepoFactory,
    files: dict[str, str],
    frameworks: dict[str, list[tuple[str, int | None, str]]],
    data_stores: dict[str, list[tuple[str, int | None, str]]],
) -> None:
    inventory = inventory_of(make_repo(files))

    assert inventory.problems == ()
    assert summary(inventory.frameworks) == frameworks
    assert summary(inventory.data_stores) == data_stores


def test_package_managers_come_from_lockfiles(make_repo: RepoFactory) -> None:
    root = make_repo(
        {
            "pyproject.toml": '[project]\nname = "svc"\n',
            "poetry.lock": "# generated\n",
            "web/package.json": "{}",
            "web/pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "go.sum": "",
        }
    )

    inventory = inventory_of(root)

    assert inventory.manifests == (
        Manifest("go.sum", "go", "go", lockfile=True),
        Manifest("poetry.lock", "pypi", "poetry", lockfile=True),
        Manifest("pyproject.toml", "pypi", "pip", lockfile=False),
        Manifest("web/package.json", "npm", "npm", lockfile=False),
        Manifest("web/pnpm-lock.yaml", "npm", "pnpm", lockfile=True),
    )
    assert inventory.package_managers == ("go", "npm", "pip", "pnpm", "poetry")


def test_connection_schemes_are_recorded_without_the_rest_of_the_url(make_repo: RepoFactory) -> None:
    root = make_repo(
        {
            ".env": "BROKER_URL=amqps://guest:guest@mq:5671/vhost\nDB=mysql://app:s3cret@db:3306/app\n",
            "src/db.ts": 'const uri = "mongodb+srv://svc:tok3n@cluster0.example.net/app";\n',
            "config/app.properties": "spring.datasource.url=jdbc:postgresql://db:5432/app\n",
            "alembic.ini": "sqlalchemy.url = postgresql+psycopg2://scott:tiger@localhost/test\n",
            "README.md": "Run against redis://localhost:6379 first.\n",
            "notes.txt": "http://example.com and https://example.org are not stores\n",
        }
    )

    inventory = inventory_of(root)

    assert summary(inventory.data_stores) == {
        "mongodb": [("src/db.ts", 1, "mongodb+srv://")],
        "mysql": [(".env", 2, "mysql://")],
        "postgresql": [
            ("alembic.ini", 1, "postgresql+psycopg2://"),
            ("config/app.properties", 1, "jdbc:postgresql://"),
        ],
        "rabbitmq": [(".env", 1, "amqps://")],
    }


def test_cloud_providers_from_terraform_and_cloudformation(make_repo: RepoFactory) -> None:
    root = make_repo(
        {
            "gcp/main.tf": 'resource "google_storage_bucket" "logs" {}\ndata "google_project" "this" {}\n',
            "azure/main.tf": 'provider "azurerm" {\n  features {}\n}\nresource "random_id" "suffix" {}\n',
            "aws/stack.tf.json": '{"provider": {"aws": {"region": "us-east-1"}},'
                                 ' "resource": {"aws_sqs_queue": {"jobs": {}}}}',
            "cfn/template.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n",
        }
    )

    inventory = inventory_of(root)

    assert summary(inventory.cloud_providers) == {
        "aws": [
            ("aws/stack.tf.json", None, "aws_sqs_queue"),
            ("aws/stack.tf.json", None, 'provider "aws"'),
            ("cfn/template.yaml", None, ""),
        ],
        "azure": [("azure/main.tf", 1, 'provider "azurerm"')],
        "gcp": [("gcp/main.tf", 1, "google_storage_bucket"), ("gcp/main.tf", 2, "google_project")],
    }
    assert [item.name for item in inventory.infrastructure] == ["cloudformation", "terraform"]


def test_container_images_skip_build_stages_and_include_compose_services(make_repo: RepoFactory) -> None:
    root = make_repo(
        {
            "Dockerfile": (
                "# syntax=docker/dockerfile:1\n"
                "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
                "RUN go build -o /out/api ./cmd/api\n"
                "FROM build AS test\n"
                "from gcr.io/distroless/static:nonroot\n"
                "COPY --from=build /out/api /api\n"
            ),
            "docker-compose.yml": (
                "services:\n"
                "  api:\n"
                "    build: .\n"
                "  db:\n"
                '    image: "postgres:16-alpine"\n'
                "  cache:\n"
                "    image: redis:7  # pinned major\n"
            ),
            "charts/api/Chart.yaml": "apiVersion: v2\nname: api\nversion: 0.1.0\n",
        }
    )

    inventory = inventory_of(root)

    assert summary(inventory.container_images) == {
        "gcr.io/distroless/static:nonroot": [("Dockerfile", 5, "FROM")],
        "golang:1.22": [("Dockerfile", 2, "FROM")],
        "postgres:16-alpine": [("docker-compose.yml", 5, "image")],
        "redis:7": [("docker-compose.yml", 7, "image")],
    }
    assert summary(inventory.containers) == {
        "compose": [("docker-compose.yml", None, "")],
        "dockerfile": [("Dockerfile", None, "")],
    }
    assert summary(inventory.infrastructure) == {"helm": [("charts/api/Chart.yaml", None, "")]}
    assert inventory.applicable_analyzers == ("iac", "secrets")


def test_ci_systems_of_every_kind(make_repo: RepoFactory) -> None:
    root = make_repo(
        {
            "Jenkinsfile": "pipeline { agent any }\n",
            "azure-pipelines.yml": "trigger: [main]\n",
            ".circleci/config.yml": "version: 2.1\n",
            "bitbucket-pipelines.yml": "pipelines: {}\n",
            ".github/workflows/release.yaml": "on: push\n",
        }
    )

    inventory = inventory_of(root)

    assert [item.name for item in inventory.ci_systems] == [
        "azure-pipelines",
        "bitbucket-pipelines",
        "circleci",
        "github-actions",
        "jenkins",
    ]
    assert "pipelines" in inventory.applicable_analyzers
