"""Inventory store test material: two small projects with overlapping packages, and the real
command line with the store/record/affected/recheck commands available."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from typing import Any

# Run the real entry point whether or not cli/main.py lists these commands yet.
RUN_CLI = (
    "import sys; from pavedroad.cli.main import COMMANDS, main; "
    "COMMANDS.setdefault('record', ('pavedroad.cli.inventory', 'record_command')); "
    "COMMANDS.setdefault('affected', ('pavedroad.cli.affected', 'affected_command')); "
    "COMMANDS.setdefault('recheck', ('pavedroad.cli.inventory', 'recheck_command')); "
    "COMMANDS.setdefault('db', ('pavedroad.cli.db', 'db_group')); "
    "sys.argv[0] = 'pavedroad'; main()"
)

Runner = Callable[..., subprocess.CompletedProcess[str]]


def package_lock(name: str, packages: dict[str, tuple[str, dict[str, str]]]) -> str:
    """A package-lock.json (lockfile v3): `packages` maps name → (version, its dependencies).

    The root depends on the packages that nothing else in `packages` depends on.
    """
    nested = {dependency for _, dependencies in packages.values() for dependency in dependencies}
    direct = {package: "*" for package in packages if package not in nested}
    entries: dict[str, Any] = {"": {"name": name, "version": "1.0.0", "dependencies": direct}}
    for package, (version, dependencies) in packages.items():
        entries[f"node_modules/{package}"] = {"version": version, "dependencies": dependencies}
    return json.dumps({"name": name, "version": "1.0.0", "lockfileVersion": 3, "packages": entries}, indent=2)


def go_mod(module: str, requirements: dict[str, str]) -> str:
    lines = "".join(f"\t{path} {version}\n" for path, version in requirements.items())
    return f"module {module}\n\ngo 1.22\n\nrequire (\n{lines})\n"


SHOP_FILES = {
    "requirements.txt": "Django==3.2.0\nrequests==2.25.0\n",
    "web/package-lock.json": package_lock(
        "shop-web",
        {"lodash": ("4.17.20", {}), "mkdirp": ("0.5.5", {"minimist": "^1.2.5"}), "minimist": ("1.2.5", {})},
    ),
    "api/go.mod": go_mod("example.com/shop/api", {"golang.org/x/net": "v0.7.0"}),
}
BILLING_FILES = {
    "requirements.txt": "django==4.2.1\nPyYAML==5.3\n",
    "ui/package-lock.json": package_lock("billing-ui", {"lodash": ("4.17.21", {})}),
    "go.mod": go_mod("example.com/billing", {"golang.org/x/net": "v0.17.0"}),
}


def affected_json(pavedroad: Runner, *args: str) -> list[dict[str, Any]]:
    completed = pavedroad("affected", *args, "--format", "json")
    assert completed.returncode == 0, completed.stderr
    results: list[dict[str, Any]] = json.loads(completed.stdout)["results"]
    return results
