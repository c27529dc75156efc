"""`make demo`: start the deliberately vulnerable app on a free loopback port, DAST-scan it, stop it.

    python examples/vulnerable-app/run_demo.py [extra `pavedroad dast` options]

Runs in monitor mode, so the findings are shown and the exit code stays 0 unless the
scanner itself hit an error (2).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    app = subprocess.Popen([sys.executable, str(HERE / "app.py"), "--port", "0"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert app.stdout is not None
        url = app.stdout.readline().split()[-1] + "/"
        print(f"vulnerable-app (deliberately vulnerable) at {url}", file=sys.stderr)
        command = [sys.executable, "-m", "pavedroad", "dast", url, "--openapi", str(HERE / "openapi.yaml"),
                   "--default-credentials", "--mode", "monitor", "--max-time", "60", *sys.argv[1:]]
        return subprocess.run(command, check=False).returncode
    finally:
        app.terminate()
        app.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
