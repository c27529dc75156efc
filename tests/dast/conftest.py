"""One vulnerable-app process and one full active scan of it, shared by the DAST tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dast_servers import VULNERABLE_APP, vulnerable_app

from pavedroad.dast.http import ScanLimits
from pavedroad.dast.scan import DastOptions, DastOutcome, run_dast_scan

USERS = """
users:
  - name: alice
    headers: {Authorization: Bearer token-alice}
    ids: ["1"]
  - name: bob
    headers: {Authorization: Bearer token-bob}
    ids: ["2"]
"""


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    with vulnerable_app() as url:
        yield url


@pytest.fixture(scope="session")
def full_scan(app_url: str, tmp_path_factory: pytest.TempPathFactory) -> DastOutcome:
    """Every check on, including the opt-in ones (default credentials, IDOR with two users)."""
    auth = tmp_path_factory.mktemp("dast") / "users.yaml"
    auth.write_text(USERS, encoding="utf-8")
    options = DastOptions(
        target=app_url,
        openapi=str(VULNERABLE_APP / "openapi.yaml"),
        auth_config=Path(auth),
        try_default_credentials=True,
        check_idor=True,
        limits=ScanLimits(max_time=90, timeout=8),
    )
    return run_dast_scan(options)
