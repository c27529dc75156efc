"""The REST API, versioned under /api/v1: one router module per resource."""
