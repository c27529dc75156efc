"""SQL injection: error-based, boolean-based differential and time-based, each confirmed."""

from __future__ import annotations

import re

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext, same_page
from pavedroad.dast.checks.timing import confirm_delay
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint, Exchange, Parameter

SQL_ERROR = re.compile(
    r"You have an error in your SQL syntax|Warning.{1,40}mysql_|unterminated quoted string|syntax error at or near"
    r"|ORA-\d{5}|Unclosed quotation mark|quoted string not properly terminated|SQLITE_ERROR"
    r"|sqlite3\.OperationalError|unrecognized token:|near \"[^\"]{0,40}\": syntax error|SQLSTATE\[",
    re.IGNORECASE,
)

# (true condition, false condition) appended to the example value, for numeric and quoted contexts.
_BOOLEAN = ((" AND 1=1", " AND 1=2"), ("' AND '1'='1", "' AND '1'='2"), ('" AND "1"="1', '" AND "1"="2'))
# Sleep payloads, {d} the seconds: MySQL/SQLite-with-sleep numeric and quoted, PostgreSQL stacked.
_SLEEP = (" AND SLEEP({d})", "' AND SLEEP({d}) AND '1'='1", ";SELECT pg_sleep({d})--")


def check_sql_injection(context: CheckContext, endpoint: Endpoint, parameter: Parameter) -> list[Finding]:
    """Report a parameter once, with the first technique that confirms."""
    baseline = context.baseline(endpoint)
    if baseline is None or (baseline.status >= 500 and SQL_ERROR.search(baseline.body)):
        return []
    for technique in (_error_based, _boolean_based, _time_based):
        finding = technique(context, endpoint, parameter, baseline)
        if finding is not None:
            return [finding]
    return []


def _found(endpoint: Endpoint, parameter: Parameter, exchange: Exchange, payload: str, how: str) -> Finding:
    return build_finding(
        "sql-injection", exchange,
        f"{endpoint.method} {endpoint.path}: parameter '{parameter.name}' is injectable into SQL ({how.split(':')[0]})",
        parameter=parameter.name, payload=payload, confirmation=how, path=endpoint.path,
    )  # fmt: skip


def _error_based(
    context: CheckContext, endpoint: Endpoint, parameter: Parameter, baseline: Exchange
) -> Finding | None:
    for quote in ("'", '"'):
        payload = parameter.example + quote
        probe = context.inject(endpoint, parameter, payload)
        match = SQL_ERROR.search(probe.body)
        if match is None or SQL_ERROR.search(baseline.body):
            continue
        # A doubled quote is valid SQL again: the error must go away, or it is not our syntax.
        balanced = context.inject(endpoint, parameter, parameter.example + quote * 2)
        if SQL_ERROR.search(balanced.body):
            continue
        how = f"error-based: a lone {quote} produced the database error '{match.group(0)}', a doubled one did not"
        return _found(endpoint, parameter, probe, payload, how)
    return None


def _boolean_based(
    context: CheckContext, endpoint: Endpoint, parameter: Parameter, baseline: Exchange
) -> Finding | None:
    for true_suffix, false_suffix in _BOOLEAN:
        true_value, false_value = parameter.example + true_suffix, parameter.example + false_suffix
        true_probe = context.inject(endpoint, parameter, true_value)
        if not same_page(true_probe, baseline, true_value, parameter.example):
            continue
        false_probe = context.inject(endpoint, parameter, false_value)
        if same_page(false_probe, true_probe, false_value, true_value):
            continue
        # Repeat both so an unstable page (a rotating banner, a timestamp) is not read as a differential.
        again_true = context.inject(endpoint, parameter, true_value)
        again_false = context.inject(endpoint, parameter, false_value)
        if same_page(again_true, true_probe) and same_page(again_false, false_probe):
            how = (f"boolean-based: '{true_value}' returned the normal page and '{false_value}' a different one, "
                   "twice")  # fmt: skip
            return _found(endpoint, parameter, false_probe, false_value, how)
    return None


def _time_based(
    context: CheckContext, endpoint: Endpoint, parameter: Parameter, baseline: Exchange
) -> Finding | None:
    for template in _SLEEP:
        def send(seconds: float, template: str = template) -> Exchange:
            return context.inject(endpoint, parameter, parameter.example + template.format(d=f"{seconds:g}"))

        with context.timing:
            confirmed = confirm_delay(send, baseline.elapsed)
        if confirmed is not None:
            exchange, how = confirmed
            payload = parameter.example + template.format(d="N")
            return _found(endpoint, parameter, exchange, payload, "time-based: " + how)
    return None
