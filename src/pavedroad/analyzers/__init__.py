"""Analyzer families. Each is listed in registry.py; none registers itself on import."""
