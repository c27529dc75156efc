"""The store's tables. Import from here; each module holds one concern's tables."""

from pavedroad.store.schema.access import ROLES, ApiToken, User
from pavedroad.store.schema.base import SCHEMA_VERSION_KEY, Base, JsonDocument, StoreInfo, UtcDateTime, utc_now
from pavedroad.store.schema.events import AlertRecord, AuditEvent, Deployment
from pavedroad.store.schema.findings import (
    DISMISSED_STATES,
    FIXED,
    OPEN,
    TRIAGE_STATES,
    FindingRecord,
    FindingSighting,
    SeverityChange,
)
from pavedroad.store.schema.inventory import (
    Component,
    Recheck,
    RecheckFinding,
    ScanComponent,
    join_dependency_path,
    split_dependency_path,
)
from pavedroad.store.schema.projects import DEFAULT_ORGANISATION, Organisation, Project, Scan

__all__ = [
    "DEFAULT_ORGANISATION",
    "DISMISSED_STATES",
    "FIXED",
    "OPEN",
    "ROLES",
    "SCHEMA_VERSION_KEY",
    "TRIAGE_STATES",
    "AlertRecord",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Component",
    "Deployment",
    "FindingRecord",
    "FindingSighting",
    "JsonDocument",
    "Organisation",
    "Project",
    "Recheck",
    "RecheckFinding",
    "Scan",
    "ScanComponent",
    "SeverityChange",
    "StoreInfo",
    "User",
    "UtcDateTime",
    "join_dependency_path",
    "split_dependency_path",
    "utc_now",
]
