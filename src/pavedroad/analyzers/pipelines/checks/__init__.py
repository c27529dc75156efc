"""Every built-in pipeline check."""

from __future__ import annotations

from pavedroad.analyzers.iac.check import Check
from pavedroad.analyzers.pipelines.checks.github_actions import CHECKS as GITHUB_ACTIONS
from pavedroad.analyzers.pipelines.checks.gitlab_ci import CHECKS as GITLAB_CI
from pavedroad.analyzers.pipelines.checks.jenkins import CHECKS as JENKINS

PIPELINE_CHECKS: tuple[Check, ...] = (*GITHUB_ACTIONS, *GITLAB_CI, *JENKINS)
