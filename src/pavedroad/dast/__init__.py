"""Dynamic application security testing: crawl a running web application, probe it, report evidence.

`scan.run_dast_scan` is the entry point; `pavedroad dast URL` wraps it in a RunResult so
findings go through the same triage, gate and reporters as every other scan.
"""
