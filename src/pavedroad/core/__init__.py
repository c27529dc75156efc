"""The scan spine: findings, workspace, pipeline, triage. Never imports analyzers."""
