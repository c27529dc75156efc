"""Alembic migrations of the store (run on open; see store/migrate.py)."""
