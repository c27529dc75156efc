"""Log lines to Events: one module per log family, auto-detection, and the registry of format hints."""
