"""Server-side template injection, confirmed by two random products computed by the server."""

from __future__ import annotations

import secrets

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint, Parameter

# Jinja2/Twig/Nunjucks, JSP-EL/Freemarker/Thymeleaf, ERB/EJS, Ruby/Pug interpolation.
_SYNTAXES = ("{{{{{a}*{b}}}}}", "${{{a}*{b}}}", "<%= {a}*{b} %>", "#{{{a}*{b}}}")


def _factors() -> tuple[int, int]:
    return 1000 + secrets.randbelow(9000), 1000 + secrets.randbelow(9000)


def check_template_injection(context: CheckContext, endpoint: Endpoint, parameter: Parameter) -> list[Finding]:
    """A product that is in neither the payload nor the normal page was computed by a template engine."""
    baseline = context.baseline(endpoint)
    for syntax in _SYNTAXES:
        a, b = _factors()
        payload = syntax.format(a=a, b=b)
        probe = context.inject(endpoint, parameter, payload)
        product = str(a * b)
        if product not in probe.body or (baseline is not None and product in baseline.body):
            continue
        c, d = _factors()  # a second, different product rules out a coincidence
        second_payload = syntax.format(a=c, b=d)
        second = context.inject(endpoint, parameter, second_payload)
        if str(c * d) in second.body:
            return [build_finding(
                "template-injection", second,
                f"{endpoint.method} {endpoint.path}: parameter '{parameter.name}' is evaluated as a template",
                parameter=parameter.name, payload=second_payload, focus=str(c * d), path=endpoint.path,
                confirmation=f"the server computed {a}*{b}={product} and {c}*{d}={c * d}",
            )]  # fmt: skip
    return []
