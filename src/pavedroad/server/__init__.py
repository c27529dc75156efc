"""`pavedroad serve`: the findings store as a REST API and a web dashboard (FastAPI)."""
