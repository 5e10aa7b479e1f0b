"""The HTTP service: REST API under /api/v1, health and readiness probes."""
