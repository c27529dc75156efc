"""AWS CloudTrail records, one JSON object per line (files `{"Records": [...]}` are split by the reader)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from pavedroad.monitor.model import ACTION, OUTCOME, SOURCE_IP, USER, USER_AGENT, Event, Origin
from pavedroad.monitor.parsers.records import flatten
from pavedroad.monitor.parsers.timestamps import parse_any

CLOUD_REGION = "cloud.region"
CLOUD_ACCOUNT = "cloud.account.id"


def _user(identity: Any) -> str | None:
    """The name a responder would use: IAM user name, "root", or the last part of the ARN."""
    if not isinstance(identity, dict):
        return None
    if identity.get("type") == "Root":
        return "root"
    name = identity.get("userName")
    if isinstance(name, str):
        return name
    arn = identity.get("arn")
    if isinstance(arn, str):
        return arn.rsplit("/", 1)[-1]
    principal = identity.get("principalId")
    return principal if isinstance(principal, str) else None


def _is_address(value: Any) -> bool:
    # AWS services calling on a user's behalf appear as "ec2.amazonaws.com": not an address
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class CloudTrailParser:
    """CloudTrail records with their own (flattened) names, plus user, source IP, action and outcome."""

    name = "cloudtrail"

    def accepts(self, record: Mapping[str, Any]) -> bool:
        """A record with CloudTrail's `eventVersion` and `eventSource`."""
        return "eventVersion" in record and "eventSource" in record

    def from_record(self, record: Mapping[str, Any], line: str, origin: Origin) -> Event | None:
        """An Event of kind "cloudtrail"."""
        fields = flatten(record)
        user = _user(record.get("userIdentity"))
        if user is not None:
            fields[USER] = user
        address = record.get("sourceIPAddress")
        if isinstance(address, str) and _is_address(address):
            fields[SOURCE_IP] = address
        if "userAgent" in record:
            fields[USER_AGENT] = record["userAgent"]
        if "eventName" in record:
            fields[ACTION] = record["eventName"]
        failed = "errorCode" in record or fields.get("responseElements.ConsoleLogin") == "Failure"
        fields[OUTCOME] = "failure" if failed else "success"
        if "awsRegion" in record:
            fields[CLOUD_REGION] = record["awsRegion"]
        if "recipientAccountId" in record:
            fields[CLOUD_ACCOUNT] = record["recipientAccountId"]
        return Event(self.name, parse_any(record.get("eventTime")), fields, line, origin)
