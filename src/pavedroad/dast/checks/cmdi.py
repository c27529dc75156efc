"""OS command injection: output (a token split by quotes that only a shell joins) and timing."""

from __future__ import annotations

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext, token
from pavedroad.dast.checks.timing import confirm_delay
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint, Exchange, Parameter

_SEPARATORS = (";{c}", "|{c}", "$({c})", "`{c}`", "&&{c}")


def check_command_injection(context: CheckContext, endpoint: Endpoint, parameter: Parameter) -> list[Finding]:
    """`echo ab''cd` prints `abcd`: the joined token in the response is the shell's work, not a reflection."""
    baseline = context.baseline(endpoint)
    if baseline is None:
        return []
    first, second = token(5), token(5)
    joined = first + second
    for separator in _SEPARATORS:
        payload = parameter.example + separator.format(c=f"echo {first}''{second}")
        probe = context.inject(endpoint, parameter, payload)
        if joined in probe.body and joined not in baseline.body:
            how = f"output: the shell joined '{first}''{second}' into '{joined}' in the response"
            return [_found(endpoint, parameter, probe, payload, how, joined)]
    for separator in _SEPARATORS[:3]:
        def send(seconds: float, separator: str = separator) -> Exchange:
            return context.inject(endpoint, parameter, parameter.example + separator.format(c=f"sleep {seconds:g}"))

        with context.timing:
            confirmed = confirm_delay(send, baseline.elapsed)
        if confirmed is not None:
            exchange, how = confirmed
            payload = parameter.example + separator.format(c="sleep N")
            return [_found(endpoint, parameter, exchange, payload, "timing: " + how, None)]
    return []


def _found(
    endpoint: Endpoint, parameter: Parameter, exchange: Exchange, payload: str, how: str, focus: str | None
) -> Finding:
    return build_finding(
        "command-injection", exchange,
        f"{endpoint.method} {endpoint.path}: parameter '{parameter.name}' reaches a shell",
        parameter=parameter.name, payload=payload, confirmation=how, focus=focus, path=endpoint.path,
    )  # fmt: skip
