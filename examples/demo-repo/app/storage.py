"""Receipts are kept as JSON in S3, one object per order."""

import json

import boto3
from flask import current_app


def _client():
    config = current_app.config
    return boto3.client(
        "s3",
        region_name=config["AWS_REGION"],
        aws_access_key_id=config["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=config["AWS_SECRET_ACCESS_KEY"],
    )


def store_receipt(order, receipt: dict) -> str:
    key = f"receipts/{order.customer_id}/{order.id}.json"
    _client().put_object(
        Bucket=current_app.config["RECEIPTS_BUCKET"],
        Key=key,
        Body=json.dumps({"order": order.to_dict(), "receipt": receipt}).encode(),
        ContentType="application/json",
    )
    return key
