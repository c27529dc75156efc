"""Stateful detections Sigma cannot express: windows over many events per entity."""
