"""The store schema's newest Alembic revision, importable without SQLAlchemy (the fast `affected`
path checks it with Python's sqlite3 alone). Bump with every migration in store/migrations."""

HEAD_REVISION = "0004"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004")
