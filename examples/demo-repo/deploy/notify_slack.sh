#!/usr/bin/env bash
# Posts a deploy's outcome to #orders-deploys.
# Usage: deploy/notify_slack.sh <environment> <git-sha> <succeeded|failed>
set -euo pipefail

environment="$1"
sha="$2"
outcome="$3"

SLACK_WEBHOOK_URL="https://hooks.slack.com/services/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"

emoji=":white_check_mark:"
[ "$outcome" = "succeeded" ] || emoji=":rotating_light:"

payload=$(printf '{"text": "%s orders-api %s to *%s*: %s"}' "$emoji" "${sha:0:12}" "$environment" "$outcome")
curl -fsS -X POST -H 'Content-Type: application/json' --data "$payload" "$SLACK_WEBHOOK_URL"
