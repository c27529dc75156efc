#!/usr/bin/env bash
# Rolls the orders API out to the cluster and tells Slack how it went.
# Usage: deploy/deploy.sh <environment>
set -euo pipefail

environment="$1"
sha="$(git rev-parse HEAD)"
image="registry.acme.internal/orders-api:${sha}"

docker build -t "$image" .
docker push "$image"

# The bastion still wants the old deploy key (see OPS-97); DB_PASSWORD lives in the CI secret store.
if ssh -i deploy/orders-deploy.pem "deploy@bastion.${environment}.acme.internal" \
    "kubectl -n orders set image deployment/orders-api api=${image} && kubectl -n orders rollout status deployment/orders-api"
then
    deploy/notify_slack.sh "$environment" "$sha" succeeded
else
    deploy/notify_slack.sh "$environment" "$sha" failed
    exit 1
fi
