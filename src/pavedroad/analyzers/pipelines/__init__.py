"""CI/CD pipeline security: GitHub Actions, GitLab CI and Jenkins pipelines as code."""
