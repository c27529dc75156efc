"""Anomaly scoring of per-entity traffic windows: a baseline model and an online mode."""
