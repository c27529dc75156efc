"""Read queries of the server (SQLAlchemy Core, bound parameters only). Candidates for the store."""
