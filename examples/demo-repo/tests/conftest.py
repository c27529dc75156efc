import json
from pathlib import Path

import pytest

from app import create_app
from app.config import TestConfig
from app.models import db

FIXTURES = Path(__file__).parent / "fixtures"

# The log-redaction tests need a token GitHub's own checksum accepts. This one was built
# from a seeded RNG for the tests; GitHub never issued it.
REDACTION_SAMPLE_TOKEN = "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"  # pavedroad: ignore[secrets/github-pat] synthetic token for the redaction tests, never issued by GitHub


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "test-only")
    monkeypatch.setenv("JWT_SIGNING_KEY", "test-only")
    application = create_app(TestConfig)
    with application.app_context():
        db.create_all()
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def customer_session():
    return json.loads((FIXTURES / "customer_session.json").read_text())
