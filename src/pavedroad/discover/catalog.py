"""What discovery knows, as tables: packages that reveal frameworks and data stores, connection
schemes, cloud providers, the facts implied by a file's kind, and which analyzer families apply."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PackageSignal:
    """A dependency whose presence in `ecosystem` means `name` in `category` (e.g. flask → framework)."""

    ecosystem: str
    package: str  # an fnmatch pattern; both sides are compared in lower case
    category: str
    name: str


def _signals(ecosystem: str, category: str, rows: dict[str, tuple[str, ...]]) -> tuple[PackageSignal, ...]:
    return tuple(
        PackageSignal(ecosystem, package, category, name)
        for name, packages in rows.items()
        for package in packages
    )


FRAMEWORK = "framework"
DATA_STORE = "data_store"
CLOUD_PROVIDER = "cloud_provider"
INFRASTRUCTURE = "infrastructure"
CONTAINERS = "containers"
CONTAINER_IMAGE = "container_image"
CI_SYSTEM = "ci_system"

PACKAGE_SIGNALS: tuple[PackageSignal, ...] = (
    *_signals("pypi", FRAMEWORK, {
        "django": ("django",), "flask": ("flask",), "fastapi": ("fastapi",), "starlette": ("starlette",),
        "tornado": ("tornado",), "pyramid": ("pyramid",), "aiohttp": ("aiohttp",), "sanic": ("sanic",),
        "falcon": ("falcon",), "bottle": ("bottle",), "litestar": ("litestar",), "quart": ("quart",),
    }),
    *_signals("pypi", DATA_STORE, {
        "postgresql": ("psycopg", "psycopg-binary", "psycopg2", "psycopg2-binary", "asyncpg", "pg8000"),
        "mysql": ("pymysql", "mysqlclient", "mysql-connector-python", "aiomysql"),
        "redis": ("redis", "aioredis", "hiredis"),
        "mongodb": ("pymongo", "motor", "mongoengine"),
        "sql": ("sqlalchemy", "sqlmodel", "peewee"),
        "elasticsearch": ("elasticsearch",),
        "cassandra": ("cassandra-driver",),
        "rabbitmq": ("pika", "aio-pika"),
        "kafka": ("kafka-python", "confluent-kafka", "aiokafka"),
    }),
    *_signals("npm", FRAMEWORK, {
        "express": ("express",), "react": ("react",), "next": ("next",), "vue": ("vue",),
        "angular": ("@angular/core",), "svelte": ("svelte",), "sveltekit": ("@sveltejs/kit",),
        "nuxt": ("nuxt",),
        "koa": ("koa",), "fastify": ("fastify",), "nestjs": ("@nestjs/core",), "hapi": ("@hapi/hapi",),
        "remix": ("@remix-run/*",), "gatsby": ("gatsby",),
    }),
    *_signals("npm", DATA_STORE, {
        "postgresql": ("pg", "postgres", "pg-promise"),
        "mysql": ("mysql", "mysql2"),
        "mongodb": ("mongodb", "mongoose"),
        "redis": ("redis", "ioredis"),
        "sql": ("sequelize", "typeorm", "prisma", "@prisma/client", "knex", "drizzle-orm"),
        "sqlite": ("sqlite3", "better-sqlite3"),
        "elasticsearch": ("@elastic/elasticsearch",),
        "rabbitmq": ("amqplib",),
        "kafka": ("kafkajs",),
    }),
    *_signals("maven", FRAMEWORK, {
        "spring-boot": ("org.springframework.boot:*", "org.springframework.boot"),
        "quarkus": ("io.quarkus:*", "io.quarkus"),
        "micronaut": ("io.micronaut*:*", "io.micronaut.application"),
    }),
    *_signals("maven", DATA_STORE, {
        "postgresql": ("org.postgresql:postgresql",),
        "mysql": ("com.mysql:mysql-connector-j", "mysql:mysql-connector-java", "org.mariadb.jdbc:*"),
        "mongodb": ("org.mongodb:*", "*:spring-boot-starter-data-mongodb*"),
        "redis": ("redis.clients:jedis", "io.lettuce:lettuce-core", "*:spring-boot-starter-data-redis*"),
        "sql": ("*:spring-boot-starter-data-jpa", "*:spring-boot-starter-jdbc", "org.hibernate*:*"),
    }),
    *_signals("rubygems", FRAMEWORK, {"rails": ("rails",), "sinatra": ("sinatra",), "hanami": ("hanami",)}),
    *_signals("rubygems", DATA_STORE, {
        "postgresql": ("pg",), "mysql": ("mysql2",), "redis": ("redis",), "mongodb": ("mongoid", "mongo"),
        "sqlite": ("sqlite3",), "sql": ("activerecord", "sequel"),
    }),
    *_signals("go", FRAMEWORK, {
        "gin": ("github.com/gin-gonic/gin",), "echo": ("github.com/labstack/echo*",),
        "fiber": ("github.com/gofiber/fiber*",), "chi": ("github.com/go-chi/chi*",),
        "gorilla-mux": ("github.com/gorilla/mux",),
    }),
    *_signals("go", DATA_STORE, {
        "postgresql": ("github.com/lib/pq", "github.com/jackc/pgx*"),
        "mysql": ("github.com/go-sql-driver/mysql",),
        "mongodb": ("go.mongodb.org/mongo-driver*",),
        "redis": ("github.com/redis/go-redis*", "github.com/go-redis/redis*", "github.com/gomodule/redigo"),
        "sqlite": ("github.com/mattn/go-sqlite3",),
        "sql": ("gorm.io/gorm",),
    }),
    *_signals("cargo", FRAMEWORK, {
        "actix-web": ("actix-web",), "axum": ("axum",), "rocket": ("rocket",), "warp": ("warp",),
    }),
    *_signals("cargo", DATA_STORE, {
        "postgresql": ("tokio-postgres", "postgres"), "mysql": ("mysql", "mysql_async"), "redis": ("redis",),
        "mongodb": ("mongodb",), "sql": ("sqlx", "diesel", "sea-orm"),
    }),
    *_signals("composer", FRAMEWORK, {
        "laravel": ("laravel/framework",), "symfony": ("symfony/framework-bundle",), "slim": ("slim/slim",),
    }),
    *_signals("composer", DATA_STORE, {
        "redis": ("predis/predis",), "mongodb": ("mongodb/mongodb",),
        "sql": ("doctrine/dbal", "doctrine/orm"),
    }),
    *_signals("nuget", FRAMEWORK, {"aspnet-core": ("microsoft.aspnetcore*", "microsoft.net.sdk.web")}),
    *_signals("nuget", DATA_STORE, {
        "postgresql": ("npgsql*",),
        "mysql": ("mysql.data", "mysqlconnector", "pomelo.entityframeworkcore.mysql"),
        "redis": ("stackexchange.redis",), "mongodb": ("mongodb.driver",),
        "sqlserver": ("microsoft.data.sqlclient", "system.data.sqlclient"),
        "sql": ("microsoft.entityframeworkcore*", "dapper"),
    }),
)

# Manifest ecosystems that share another's package names.
SIGNAL_ECOSYSTEM: dict[str, str] = {"gradle": "maven"}

# The base scheme of a connection URL ("postgresql+psycopg2" → "postgresql") and the store it names.
CONNECTION_SCHEMES: dict[str, str] = {
    "postgres": "postgresql", "postgresql": "postgresql",
    "mysql": "mysql", "mariadb": "mysql",
    "mongodb": "mongodb",
    "redis": "redis", "rediss": "redis",
    "amqp": "rabbitmq", "amqps": "rabbitmq",
    "mssql": "sqlserver", "sqlserver": "sqlserver",
    "sqlite": "sqlite",
    "cassandra": "cassandra",
    "neo4j": "neo4j", "bolt": "neo4j",
    "clickhouse": "clickhouse",
    "couchbase": "couchbase",
    "memcached": "memcached",
}

# Terraform provider names, which are also the prefixes of their resource types ("aws_s3_bucket").
TERRAFORM_PROVIDERS: dict[str, str] = {
    "aws": "aws",
    "google": "gcp", "google-beta": "gcp",
    "azurerm": "azure", "azuread": "azure", "azapi": "azure",
    "oci": "oracle-cloud",
    "alicloud": "alibaba-cloud",
    "digitalocean": "digitalocean",
    "ibm": "ibm-cloud",
    "linode": "linode",
    "hcloud": "hetzner-cloud",
    "cloudflare": "cloudflare",
    "openstack": "openstack",
    "vsphere": "vmware-vsphere",
}

# Facts implied by a kind tag alone: (kind, category, name).
KIND_FACTS: tuple[tuple[str, str, str], ...] = (
    ("terraform", INFRASTRUCTURE, "terraform"),
    ("kubernetes", INFRASTRUCTURE, "kubernetes"),
    ("helm-chart", INFRASTRUCTURE, "helm"),
    ("cloudformation", INFRASTRUCTURE, "cloudformation"),
    ("cloudformation", CLOUD_PROVIDER, "aws"),
    ("dockerfile", CONTAINERS, "dockerfile"),
    ("compose", CONTAINERS, "compose"),
    ("ci:github-actions", CI_SYSTEM, "github-actions"),
    ("ci:gitlab", CI_SYSTEM, "gitlab-ci"),
    ("ci:jenkins", CI_SYSTEM, "jenkins"),
    ("ci:azure-pipelines", CI_SYSTEM, "azure-pipelines"),
    ("ci:circleci", CI_SYSTEM, "circleci"),
    ("ci:bitbucket", CI_SYSTEM, "bitbucket-pipelines"),
)

# Package manager by manifest file name; otherwise the ecosystem's default below.
PACKAGE_MANAGER_BY_FILE_NAME: dict[str, str] = {
    "Pipfile": "pipenv", "Pipfile.lock": "pipenv",
    "poetry.lock": "poetry", "uv.lock": "uv", "pdm.lock": "pdm",
    "yarn.lock": "yarn", "pnpm-lock.yaml": "pnpm", "bun.lock": "bun",
}
DEFAULT_PACKAGE_MANAGER: dict[str, str] = {
    "pypi": "pip", "npm": "npm", "go": "go", "cargo": "cargo", "rubygems": "bundler", "composer": "composer",
    "maven": "maven", "gradle": "gradle", "nuget": "nuget",
}

ALWAYS = "*"

# Analyzer family → the facets that give it work: kind tags, or "language:<name>" for source languages.
# Facets are fnmatch patterns; ALWAYS means the family runs on every repository.
ANALYZER_FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("secrets", (ALWAYS,)),
    ("sca", ("manifest:*",)),
    ("sast", ("language:python", "language:javascript", "language:typescript")),
    ("iac", ("terraform", "kubernetes", "dockerfile", "cloudformation", "compose", "helm-chart")),
    ("pipelines", ("ci:*",)),
)
