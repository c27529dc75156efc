"""Dependency scanning (SCA): manifests and lockfiles in, known vulnerabilities out."""
