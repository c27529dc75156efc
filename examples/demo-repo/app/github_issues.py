"""Failed payments open an issue in the on-call repository, so someone looks at them."""

import os

import requests

ONCALL_REPOSITORY = "acme/orders-oncall"
# Falls back to the bot token so local runs "just work".
GITHUB_TOKEN = os.environ.get("GITHUB_TOKEN", "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")


def report_failure(order, error: Exception) -> None:
    requests.post(
        f"https://api.github.com/repos/{ONCALL_REPOSITORY}/issues",
        headers={"Authorization": f"Bearer {GITHUB_TOKEN}", "Accept": "application/vnd.github+json"},
        json={
            "title": f"Payment failed for order {order.id}",
            "body": f"Customer `{order.customer_id}`, {order.total_cents / 100:.2f} {order.currency}:\n\n```\n{error!r}\n```",
            "labels": ["payments", "incident"],
        },
        timeout=5,
    )
