#!/usr/bin/env bash
# `make demo`, part 2: record a few scans of examples/demo-repo in a throw-away store, fix
# something between them, record a deployment, and print the KPIs. Nothing outside build/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
PAVEDROAD=${PAVEDROAD:-.venv/bin/pavedroad}
demo=build/demo
rm -rf "$demo" && mkdir -p "$demo"
cp -r examples/demo-repo "$demo/repo"
export PAVEDROAD_DATABASE_URL="sqlite:///$PWD/$demo/store.sqlite3"
git_demo() { git -C "$demo/repo" -c user.name=demo -c user.email=demo@example.invalid "$@"; }
git_demo init -q -b main && git_demo add -A && git_demo commit -qm "demo: as shipped"

record() { "$PAVEDROAD" scan "$demo/repo" --record --project demo-repo --no-cache --format json -o /dev/null; }
echo "== scan 1: the repository as shipped" >&2
record
echo "== scan 2: the committed private key removed" >&2
git_demo rm -q deploy/orders-deploy.pem
git_demo commit -qm "demo: remove the deploy key"
record
"$PAVEDROAD" event deploy --project demo-repo --version 1.0.1 --commit "$(git_demo rev-parse HEAD)"
echo "== scan 3: nothing changed" >&2
record
echo >&2
"$PAVEDROAD" metrics --project demo-repo --weeks 4 --repository "$demo/repo"
