"""The policy gate: decides pass or fail; never formats text, never scans."""
