"""Who may do what: passwords, tokens, sessions, CSRF, roles, headers and rate limits."""
