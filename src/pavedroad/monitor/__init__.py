"""Production monitoring: log ingestion, detections, anomaly scoring, SIEM export and response."""
