"""The inventory of real repositories on disk, asserted value by value."""

from __future__ import annotations

import json
from pathlib import Path

from discover_repos import RepoFactory

from pavedroad.core.errors import ScanError, Skip
from pavedroad.discover import Inventory, build_inventory, inventory_to_dict, render_inventory_text
from pavedroad.discover.model import Detection, Evidence, LanguageStats, Manifest, OwnershipRule
from pavedroad.discover.reading import MAX_FILE_BYTES
from pavedroad.discover.walk import walk_repository


def inventory_of(root: Path) -> Inventory:
    return build_inventory(root, walk_repository(root).files)


def names(detections: tuple[Detection, ...]) -> list[str]:
    return [detection.name for detection in detections]


def test_languages_count_files_and_non_blank_lines(polyglot_repo: Path) -> None:
    inventory = inventory_of(polyglot_repo)

    assert inventory.files == 14
    assert inventory.languages == (
        LanguageStats("yaml", 3, 25),
        LanguageStats("python", 3, 9),
        LanguageStats("json", 1, 7),
        LanguageStats("dockerfile", 1, 6),
        LanguageStats("terraform", 1, 6),
        LanguageStats("javascript", 1, 4),
    )


def test_manifests_package_managers_and_frameworks(polyglot_repo: Path) -> None:
    inventory = inventory_of(polyglot_repo)

    assert inventory.manifests == (
        Manifest("package.json", "npm", "npm", lockfile=False),
        Manifest("requirements.txt", "pypi", "pip", lockfile=False),
    )
    assert inventory.package_managers == ("npm", "pip")
    assert inventory.frameworks == (
        Detection("express", (Evidence("package.json", None, "express"),)),
        Detection("flask", (Evidence("requirements.txt", 1, "flask"),)),
    )


def test_data_stores_come_from_drivers_and_connection_urls_without_credentials(polyglot_repo: Path) -> None:
    inventory = inventory_of(polyglot_repo)

    assert inventory.data_stores == (
        Detection(
            "postgresql",
            (Evidence("app/settings.py", 3, "postgres://"), Evidence("requirements.txt", 2, "psycopg2")),
        ),
        Detection("redis", (Evidence("k8s/deployment.yaml", 13, "redis://"),)),
    )
    document = json.dumps(inventory_to_dict(inventory))
    text = render_inventory_text(inventory)
    for output in (document, text):
        assert "user:pw" not in output
        assert "pw@db" not in output
        assert "hunter2" not in output


def test_cloud_providers_infrastructure_and_containers(polyglot_repo: Path) -> None:
    inventory = inventory_of(polyglot_repo)

    assert inventory.cloud_providers == (
        Detection(
            "aws",
            (Evidence("infra/main.tf", 1, 'provider "aws"'), Evidence("infra/main.tf", 5, "aws_s3_bucket")),
        ),
    )
    assert inventory.infrastructure == (
        Detection("kubernetes", (Evidence("k8s/deployment.yaml"),)),
        Detection("terraform", (Evidence("infra/main.tf"),)),
    )
    assert inventory.containers == (Detection("dockerfile", (Evidence("Dockerfile"),)),)
    assert inventory.container_images == (
        Detection("python:3.12-slim", (Evidence("Dockerfile", 1, "FROM"),)),
    )


def test_ci_systems_and_their_files(polyglot_repo: Path) -> None:
    inventory = inventory_of(polyglot_repo)

    assert inventory.ci_systems == (
        Detection("github-actions", (Evidence(".github/workflows/ci.yml"),)),
        Detection("gitlab-ci", (Evidence(".gitlab-ci.yml"),)),
    )


def test_code_owners_rules(polyglot_repo: Path) -> None:
    inventory = inventory_of(polyglot_repo)

    assert inventory.ownership == (
        OwnershipRule("CODEOWNERS", 2, "*", ("@acme/platform",)),
        OwnershipRule("CODEOWNERS", 4, "/infra/", ("@acme/sre", "ops@acme.example")),
        OwnershipRule("CODEOWNERS", 5, "/docs/", ()),
    )


def test_applicable_analyzers_follow_what_the_repository_holds(
    polyglot_repo: Path, make_repo: RepoFactory
) -> None:
    assert inventory_of(polyglot_repo).applicable_analyzers == ("iac", "pipelines", "sast", "sca", "secrets")
    assert inventory_of(make_repo({"README.md": "# notes\n"})).applicable_analyzers == ("secrets",)
    go_service = make_repo({"go.mod": "module acme\n", "main.go": "package main\n"})
    assert inventory_of(go_service).applicable_analyzers == ("sca", "secrets")
    compose_only = make_repo({"compose.yaml": "services:\n  db:\n    image: postgres:16\n"})
    assert inventory_of(compose_only).applicable_analyzers == ("iac", "secrets")


def test_clean_repository_has_no_problems_and_skips_the_binary(polyglot_repo: Path) -> None:
    inventory = inventory_of(polyglot_repo)

    assert inventory.problems == ()
    assert inventory.skipped == (Skip("logo.png", "binary file"),)


def test_malformed_package_json_is_a_problem_and_the_rest_completes(make_repo: RepoFactory) -> None:
    root = make_repo(
        {
            "package.json": '{\n  "name": "web",\n  "dependencies": {\n    "express": "^4"\n  \n',
            "requirements.txt": "django==5.0\n",
            "app.py": "import django\n",
        }
    )

    inventory = inventory_of(root)

    assert [(problem.path, problem.line) for problem in inventory.problems] == [("package.json", 6)]
    assert inventory.problems[0].message.startswith("invalid JSON: ")
    assert inventory.manifests == (
        Manifest("package.json", "npm", "npm", lockfile=False),
        Manifest("requirements.txt", "pypi", "pip", lockfile=False),
    )
    assert names(inventory.frameworks) == ["django"]
    assert inventory.languages == (LanguageStats("json", 1, 4), LanguageStats("python", 1, 1))
    assert "package.json:6: invalid JSON" in render_inventory_text(inventory)


def test_problems_from_other_formats_name_file_and_line(make_repo: RepoFactory) -> None:
    root = make_repo(
        {
            "pyproject.toml": '[project]\nname = "svc"\ndependencies = ["fastapi" "redis"]\n',
            "requirements-dev.txt": "pytest\n%% not a requirement, token=s3cr3t\nredis\n",
            "CODEOWNERS": "* @acme/web\n/api/ acme-team\n",
            "infra/stack.tf.json": '{"provider": {"aws": {}}, ',
            "main.py": "print('still counted')\n",
        }
    )

    inventory = inventory_of(root)

    assert [(problem.path, problem.line) for problem in inventory.problems] == [
        ("CODEOWNERS", 2),
        ("infra/stack.tf.json", 1),
        ("pyproject.toml", 3),
        ("requirements-dev.txt", 2),
    ]
    messages = {problem.path: problem.message for problem in inventory.problems}
    assert messages["CODEOWNERS"] == "owner 'acme-team' is not an @user, @org/team or email address"
    assert messages["requirements-dev.txt"] == "not a valid requirement"
    assert "s3cr3t" not in render_inventory_text(inventory)
    assert messages["pyproject.toml"].startswith("invalid TOML: ")
    # What came before the bad CODEOWNERS line is kept; the other files are inventoried.
    assert inventory.ownership == (OwnershipRule("CODEOWNERS", 1, "*", ("@acme/web",)),)
    assert inventory.languages[-1] == LanguageStats("python", 1, 1)


def test_oversized_and_binary_files_are_skipped_not_counted(make_repo: RepoFactory) -> None:
    root = make_repo({"small.py": "x = 1\n", "blob.py": b"x = 1\n\x00\x01", "big.js": ""})
    with (root / "big.js").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)

    inventory = inventory_of(root)

    assert inventory.files == 3
    assert inventory.skipped == (
        Skip("big.js", f"larger than 5 MB ({MAX_FILE_BYTES + 1} bytes)"),
        Skip("blob.py", "binary file"),
    )
    assert inventory.languages == (LanguageStats("python", 1, 1),)


def test_unreadable_path_is_a_problem(make_repo: RepoFactory) -> None:
    root = make_repo({"main.py": "x = 1\n"})

    inventory = build_inventory(root, ["main.py", "gone.py"])

    assert [(problem.path, problem.message) for problem in inventory.problems] == [
        ("gone.py", "cannot read: No such file or directory")
    ]
    assert inventory.languages == (LanguageStats("python", 1, 1),)


def test_walk_skips_and_problems_passed_in_are_kept(make_repo: RepoFactory) -> None:
    root = make_repo({"main.py": "x = 1\n"})

    inventory = build_inventory(
        root,
        ["main.py"],
        skipped=[Skip("link", "symbolic link, not followed")],
        problems=[ScanError(".gitignore", "invalid ignore pattern '!', left out", line=3)],
    )

    assert inventory.skipped == (Skip("link", "symbolic link, not followed"),)
    assert inventory.problems == (ScanError(".gitignore", "invalid ignore pattern '!', left out", line=3),)


def test_vendored_code_counts_as_code_but_not_as_the_projects_stack(make_repo: RepoFactory) -> None:
    root = make_repo(
        {
            "vendor/acme/lib/composer.json": '{"require": {"laravel/framework": "^11"}}',
            "vendor/acme/lib/db.php": "<?php $dsn = 'mysql://root@db/app';\n",
            "index.php": "<?php echo 'hi';\n",
        }
    )

    inventory = inventory_of(root)

    assert inventory.languages == (LanguageStats("php", 2, 2), LanguageStats("json", 1, 1))
    assert inventory.manifests == ()
    assert inventory.frameworks == ()
    assert inventory.data_stores == ()
