"""Rego policies over the findings document, evaluated offline with regopy.

A policy file declares `package pavedroad` and a `deny` set of messages; any message
fails the gate. Input is the public JSON report document.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pavedroad.core.errors import ConfigError

QUERY = "data.pavedroad.deny"


@contextmanager
def native_stdout_silenced() -> Iterator[None]:
    """regopy's native code prints syntax errors to file descriptor 1; keep them out of our stdout
    (which may be a JSON or SARIF document). The error still reaches us as an exception."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def evaluate_rego(policies: Sequence[Path], document: dict[str, Any]) -> list[str]:
    """Every deny message the policies produce for `document`, sorted."""
    if not policies:
        return []
    from regopy import Interpreter  # imported lazily: most scans have no Rego policy

    interpreter = Interpreter()
    for path in policies:
        try:
            with native_stdout_silenced():
                interpreter.add_module(path.stem, path.read_text(encoding="utf-8"))
        except Exception as error:  # regopy raises its own error types for syntax errors
            reasons = sorted(set(re.findall(r"errormsg \d+:([^)]*)\)", str(error)))) or [str(error)]
            raise ConfigError(str(path), f"invalid Rego policy: {'; '.join(reasons)}") from None
    interpreter.set_input(document)
    try:
        output = interpreter.query(QUERY)
    except Exception as error:
        raise ConfigError(str(policies[0]), f"Rego evaluation failed: {error}") from None
    parsed = json.loads(str(output))
    if "errors" in parsed or "error" in str(parsed)[:20]:
        raise ConfigError(str(policies[0]), f"Rego evaluation failed: {parsed}")
    messages: list[str] = []
    for expression in parsed.get("expressions", []):
        values = expression if isinstance(expression, list) else [expression]
        messages.extend(str(value) for value in values)
    return sorted(set(messages))
