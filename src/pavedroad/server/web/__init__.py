"""The web dashboard: server-rendered pages (Jinja2, autoescaped) and small static scripts."""
