"""DAST checks: passive ones read responses, active ones (one module per family) send payloads and confirm."""
