from app.redact import redact
from tests.conftest import REDACTION_SAMPLE_TOKEN


def test_orders_need_a_bearer_token(client):
    assert client.get("/orders/").status_code == 401


def test_an_expired_session_is_refused(client, customer_session):
    response = client.get("/orders/", headers={"Authorization": f"Bearer {customer_session['access_token']}"})
    assert response.status_code == 401


def test_tokens_are_redacted_from_logs():
    line = f"calling GitHub with {REDACTION_SAMPLE_TOKEN}"
    assert REDACTION_SAMPLE_TOKEN not in redact(line)


def test_database_passwords_are_redacted():
    assert redact("connecting to postgresql://orders:hunter2@db:5432/orders") == (
        "connecting to postgresql://orders:***@db:5432/orders"
    )
