"""The posture as a JSON document (versioned separately from the scan report)."""

from __future__ import annotations

import json
from typing import Any

from pavedroad.compliance.posture import ControlState, Posture
from pavedroad.report.json_report import finding_to_dict

SCHEMA_VERSION = "1.0"


def render_json(posture: Posture) -> str:
    """The posture document as indented JSON ending with a newline."""
    return json.dumps(posture_to_dict(posture), indent=2, ensure_ascii=True) + "\n"


def posture_to_dict(posture: Posture) -> dict[str, Any]:
    """framework (name, version, source, scope), summary counts and one entry per control."""
    framework = posture.framework
    return {
        "schema_version": SCHEMA_VERSION,
        "framework": {
            "name": framework.name,
            "title": framework.title,
            "version": framework.version,
            "source": framework.source,
            "scope": framework.scope,
            "complete": framework.complete,
        },
        "summary": {state.value: posture.count(state) for state in ControlState},
        "controls": [
            {
                "id": item.control.id,
                "title": item.control.title,
                "state": item.state.value,
                "rules": list(item.rules),
                "findings": [finding_to_dict(finding) for finding in item.findings],
            }
            for item in posture.controls
        ],
    }
