"""Real repositories for discovery tests: a small polyglot service and a writer for file trees."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

RepoFactory = Callable[[Mapping[str, str | bytes]], Path]

POLYGLOT_REPO: dict[str, str | bytes] = {
    ".gitignore": "node_modules/\n*.log\n",
    "requirements.txt": "flask==3.0.3\npsycopg2==2.9.9\ngunicorn==22.0.0  # production server\n",
    "app/__init__.py": "",
    "app/main.py": (
        "from flask import Flask\n"
        "\n"
        "from app.settings import DATABASE_URL\n"
        "\n"
        "app = Flask(__name__)\n"
        "\n"
        "\n"
        '@app.get("/health")\n'
        "def health() -> dict[str, str]:\n"
        '    return {"status": "ok", "db": DATABASE_URL.rsplit("/", 1)[-1]}\n'
    ),
    "app/settings.py": (
        "import os\n"
        "\n"
        'DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://user:pw@db/app")\n'
        "DEBUG = False\n"
    ),
    "package.json": (
        "{\n"
        '  "name": "web",\n'
        '  "private": true,\n'
        '  "dependencies": {\n'
        '    "express": "^4.19.2"\n'
        "  }\n"
        "}\n"
    ),
    "web/server.js": (
        'const express = require("express");\n'
        "\n"
        "const app = express();\n"
        'app.get("/health", (req, res) => res.json({ status: "ok" }));\n'
        "\n"
        "app.listen(3000);\n"
    ),
    "Dockerfile": (
        "FROM python:3.12-slim\n"
        "WORKDIR /srv\n"
        "COPY requirements.txt .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\n"
        "COPY app/ app/\n"
        'CMD ["gunicorn", "app.main:app"]\n'
    ),
    "infra/main.tf": (
        'provider "aws" {\n'
        '  region = "eu-west-1"\n'
        "}\n"
        "\n"
        'resource "aws_s3_bucket" "assets" {\n'
        '  bucket = "acme-assets"\n'
        "}\n"
    ),
    "k8s/deployment.yaml": (
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        "  name: web\n"
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      containers:\n"
        "        - name: web\n"
        "          image: ghcr.io/acme/web:1.4.2\n"
        "          env:\n"
        "            - name: CACHE_URL\n"
        "              value: redis://cache:6379/0\n"
    ),
    ".github/workflows/ci.yml": (
        "name: ci\n"
        "on: [push]\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: make test\n"
    ),
    ".gitlab-ci.yml": "test:\n  image: python:3.12\n  script:\n    - make test\n",
    "CODEOWNERS": (
        "# Default owners\n"
        "*       @acme/platform\n"
        "\n"
        "/infra/ @acme/sre ops@acme.example  # cloud changes need SRE\n"
        "/docs/\n"
    ),
    "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    # Ignored by .gitignore: never part of the inventory.
    "debug.log": "postgres://admin:hunter2@prod-db/app\n",
    "node_modules/left-pad/package.json": '{"name": "left-pad", "dependencies": {"react": "18"}}',
}


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Create `files` (relative path → content) under `root` and return `root`."""
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
