"""Compliance as code: rules and findings mapped to the controls of named frameworks.

Framework control lists and their mappings are data (frameworks/*.json); `evaluate`
turns a rule catalogue and a run's findings into a per-control posture.
"""

from __future__ import annotations

from pavedroad.compliance.frameworks import Control, Framework, available_frameworks, load_framework
from pavedroad.compliance.posture import ControlPosture, ControlState, Posture, evaluate

__all__ = [
    "Control",
    "ControlPosture",
    "ControlState",
    "Framework",
    "Posture",
    "available_frameworks",
    "evaluate",
    "load_framework",
]
